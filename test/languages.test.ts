/**
 * Choosing a language: `lang` fixed or 'auto' (per request, from Accept-Language), the app's
 * `texts` and `languages` over the shipped packs, and emails and text messages in the user's
 * language (`users.language`), else the request's, else `lang`. Real Express, real sessions.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import { createTwoStep, memoryStore, TwoStepConfigError, type TwoStepOptions } from '../src/index.js';
import { enrolTotp, logIn, makeTestApp, makeUsers, manualClock, TEST_SECRET, wrongCode, type Agent, type TestUser } from './support/test-app.js';
import { outbox } from './support/outbox.js';

const HTML = 'text/html';

function setup(extra: Partial<TwoStepOptions<TestUser>> = {}) {
  const clock = manualClock();
  const mail = outbox();
  const env = makeTestApp(memoryStore(), clock, { delivery: { email: mail.deliver }, notifications: false, ...extra });
  return { ...env, clock, mail };
}

function page(agent: Agent, path: string, acceptLanguage?: string) {
  const req = agent.get(path).set('Accept', HTML);
  return acceptLanguage === undefined ? req : req.set('Accept-Language', acceptLanguage);
}

/** Alice with an authenticator app, halfway through signing in again. */
async function pendingWithApp(extra: Partial<TwoStepOptions<TestUser>> = {}) {
  const env = setup(extra);
  const first = request.agent(env.app);
  await logIn(first, 'alice');
  const { secret } = await enrolTotp(first, env.clock);
  env.clock.advanceSeconds(60);
  const agent = request.agent(env.app);
  assert.equal((await logIn(agent, 'alice')).status, 401);
  return { ...env, agent, secret };
}

const htmlLang = (html: string) => /^<!doctype html>\n<html lang="([^"]+)">/.exec(html)?.[1];
const title = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1];

const byId = new Map([...makeUsers().values()].map((u) => [u.id, u]));

describe('languages', () => {
  it('lang: "es" and "fi" serve the whole page in that language, errors too, and say so in <html lang>', async () => {
    for (const [lang, heading, failed] of [['es', 'Confirme que es usted', 'Código incorrecto. Cada código sirve una vez'], ['fi', 'Vahvista henkilöllisyytesi', 'Väärä koodi. Koodi toimii kerran']] as const) {
      const { agent, secret, clock } = await pendingWithApp({ lang });
      const challenge = await page(agent, '/2fa/verify');
      assert.equal(htmlLang(challenge.text), lang);
      assert.equal(title(challenge.text), heading);
      assert.doesNotMatch(challenge.text, /Verification code|Remember this device/, `${lang}: no English left on the challenge`);
      assert.equal(challenge.headers.vary, undefined, 'a fixed language does not vary by request');
      const wrong = await agent.post('/2fa/verify').type('form').set('Accept', HTML).send(`code=${wrongCode(secret, clock.now())}`);
      assert.equal(wrong.status, 401);
      assert.ok(wrong.text.includes(failed), `${lang}: the refusal is translated`);
    }
  });

  it('a region is served by its language: lang "es-MX" shows Spanish with <html lang="es-MX">', async () => {
    const { agent } = await pendingWithApp({ lang: 'es-MX' });
    const challenge = await page(agent, '/2fa/verify');
    assert.equal(htmlLang(challenge.text), 'es-MX');
    assert.equal(title(challenge.text), 'Confirme que es usted');
  });

  it('lang: "auto" chooses per request from Accept-Language by q-value, falls back to English, and says Vary', async () => {
    const { agent } = await pendingWithApp({ lang: 'auto' });
    const cases: [string | undefined, string][] = [
      ['es-MX,es;q=0.9,en;q=0.8', 'es'],
      ['en;q=0.4, fi;q=0.8', 'fi'],
      ['fi-FI', 'fi'],
      ['de-DE, de;q=0.9', 'en'],
      ['fi;q=0, es;q=0.1', 'es'],
      ['*', 'en'],
      [undefined, 'en'],
      ['ES', 'es'],
    ];
    for (const [header, expected] of cases) {
      const challenge = await page(agent, '/2fa/verify', header);
      assert.equal(challenge.status, 200);
      assert.equal(htmlLang(challenge.text), expected, `Accept-Language: ${header}`);
      assert.match(String(challenge.headers.vary), /Accept-Language/, 'the page depends on Accept-Language, and says so');
    }
    const spanish = await page(agent, '/2fa/verify', 'es');
    assert.equal(title(spanish.text), 'Confirme que es usted');
    const json = await agent.post('/2fa/verify').set('Accept', 'application/json').set('Accept-Language', 'es').send({ code: 'abc' });
    assert.equal(json.status, 400);
    assert.equal(typeof json.body.error, 'string');
    assert.doesNotMatch(json.text, /Confirme|código|no es/, 'JSON answers are never translated: their codes are the contract');
  });

  it('the gate does not look at Accept-Language on a verified request: only pages do', async () => {
    const env = setup({ lang: 'auto' });
    const agent = request.agent(env.app);
    await logIn(agent, 'alice');
    await enrolTotp(agent, env.clock);
    const app = await agent.get('/api/me').set('Accept-Language', 'es');
    assert.equal(app.status, 200);
    assert.equal(app.headers.vary, undefined, 'no pack was chosen for an app request');
    assert.match(String((await page(agent, '/2fa', 'es')).headers.vary), /Accept-Language/);
  });

  it('texts change words of the chosen pack; the rest stays in that language', async () => {
    const { agent } = await pendingWithApp({ lang: 'es', texts: { verifyTitle: 'Verifique su identidad' } });
    const challenge = await page(agent, '/2fa/verify');
    assert.equal(title(challenge.text), 'Verifique su identidad');
    assert.ok(challenge.text.includes('Código de verificación'), 'untouched texts stay Spanish');
  });

  it('an app language of its own: chosen by auto, its missing texts in English; and changes to a shipped one', async () => {
    const { agent } = await pendingWithApp({
      lang: 'auto',
      languages: { sv: { verifyTitle: 'Bekräfta att det är du' }, es: { verifySubmit: 'Continuar' } },
    });
    const swedish = await page(agent, '/2fa/verify', 'sv-SE,sv;q=0.9');
    assert.equal(htmlLang(swedish.text), 'sv');
    assert.equal(title(swedish.text), 'Bekräfta att det är du');
    assert.ok(swedish.text.includes('Verification code'), 'what the app did not translate falls back to English');
    const spanish = await page(agent, '/2fa/verify', 'es');
    assert.match(spanish.text, /<button type="submit">Continuar<\/button>/);
    assert.equal(title(spanish.text), 'Confirme que es usted');
  });

  it('the old way keeps working: lang "de" with texts is the app\'s own pack over English', async () => {
    const { agent } = await pendingWithApp({ lang: 'de', texts: { verifyTitle: 'Bestätigen Sie, dass Sie es sind' } });
    const challenge = await page(agent, '/2fa/verify');
    assert.equal(htmlLang(challenge.text), 'de');
    assert.equal(title(challenge.text), 'Bestätigen Sie, dass Sie es sind');
    assert.ok(challenge.text.includes('Verification code'));
  });

  it('is validated once, with messages that say the fix', () => {
    const base = { secret: TEST_SECRET, users: { id: (u: TestUser) => u.id } };
    const refuses = (extra: object, message: RegExp) => assert.throws(() => createTwoStep({ ...base, ...extra }), (error: unknown) => error instanceof TwoStepConfigError && message.test(error.message));
    refuses({ lang: 'de' }, /`lang: "de"`: twostep has no texts in that language\. Use "en", "es", "fi" or "auto", or give your translation: `languages: \{ "de": /);
    refuses({ lang: 'auto', texts: { verifyTitle: 'x' } }, /with `lang: "auto"` the texts differ per language: give them per language/);
    refuses({ lang: 42 }, /`lang` must be a language tag/);
    refuses({ languages: ['sv'] }, /`languages` must be an object of texts by language tag/);
    refuses({ languages: { 'not a tag': {} } }, /`languages\.not a tag`: the keys of `languages` are language tags/);
    refuses({ languages: { sv: { verifyTitel: 'x' } } }, /unknown text "languages\.sv\.verifyTitel"/);
    refuses({ languages: { sv: { verifyRemember: '{dagar} dagar' } } }, /`languages\.sv\.verifyRemember` uses \{dagar\}, which this text never fills\. Its placeholders: \{days\}/);
    refuses({ languages: { sv: {}, SV: {} } }, /names "SV" twice/);
    refuses({ texts: { codeMessageSignIn: '{code} {secret}' } }, /uses \{secret\}, which this text never fills/);
    refuses({ users: { id: (u: TestUser) => u.id, language: 'es' } }, /users\.language/);
    assert.doesNotThrow(() => createTwoStep({ ...base, lang: 'sv', languages: { sv: { verifyTitle: 'Bekräfta' } } }));
    assert.doesNotThrow(() => createTwoStep({ ...base, texts: { emailLockedSubject: 'Locked', codeEmailSubject: 'Your code' } }), 'emails and code messages are texts too');
  });
});

describe('languages of emails and text messages', () => {
  /** Alice with an email method, halfway through signing in again; `agent` sends `acceptLanguage`. */
  async function pendingWithEmail(extra: Partial<TwoStepOptions<TestUser>>, acceptLanguage?: string) {
    const env = setup(extra);
    const first = request.agent(env.app);
    await logIn(first, 'alice');
    const started = await first.post('/2fa/methods').set('Accept', 'application/json').send({ type: 'email', address: 'alice@clinic.example' });
    assert.equal(started.status, 201);
    await first.post(`/2fa/methods/${started.body.id}/confirm`).set('Accept', 'application/json').send({ code: env.mail.lastCode() });
    env.clock.advanceSeconds(60);
    const agent = request.agent(env.app);
    const login = agent.post('/login').set('Accept', 'application/json');
    assert.equal((await (acceptLanguage ? login.set('Accept-Language', acceptLanguage) : login).send({ username: 'alice', password: 'alice-pass' })).status, 401);
    return { ...env, agent };
  }

  it('a code sent from an auto request is written in the language that request asked for', async () => {
    const { mail } = await pendingWithEmail({ lang: 'auto' }, 'es-MX,es;q=0.9');
    const login = mail.sent.at(-1)!;
    assert.equal(login.purpose, 'login');
    assert.equal(login.subject, 'Su código de verificación de Clinic');
    assert.match(login.text, /^\d{6} es su código para iniciar sesión en Clinic\. Vence en 10 minutos\./);

    const finnish = await pendingWithEmail({ lang: 'auto' }, 'fi');
    assert.match(finnish.mail.sent.at(-1)!.text, /^\d{6} on kirjautumiskoodisi palveluun Clinic\. Se vanhenee 10 minuutissa\./);
    const english = await pendingWithEmail({ lang: 'auto' });
    assert.match(english.mail.sent.at(-1)!.text, /^\d{6} is your Clinic sign-in code\./);
  });

  it('users.language(user) comes first: a Finnish user gets Finnish codes whatever the browser or lang says', async () => {
    const users = { id: (u: TestUser) => u.id, label: (u: TestUser) => u.username, language: (u: TestUser) => (u.username === 'alice' ? 'fi-FI' : undefined) };
    const auto = await pendingWithEmail({ lang: 'auto', users }, 'es');
    assert.equal(auto.mail.sent.at(-1)!.subject, 'Clinic: vahvistuskoodisi');
    const fixed = await pendingWithEmail({ lang: 'es', users });
    assert.equal(fixed.mail.sent.at(-1)!.subject, 'Clinic: vahvistuskoodisi');
    // A language twostep has no pack for decides nothing: the request's, then lang.
    const unknown = await pendingWithEmail({ lang: 'es', users: { ...users, language: () => 'de' } });
    assert.equal(unknown.mail.sent.at(-1)!.subject, 'Su código de verificación de Clinic');
  });

  it('a security email is written in the user\'s language (via users.load), else the request\'s, with its dates', async () => {
    const mail = outbox();
    const clock = manualClock();
    const users = {
      id: (u: TestUser) => u.id, label: (u: TestUser) => u.username, email: () => 'alice@clinic.example',
      load: (id: string) => byId.get(id) ?? null, language: (u: TestUser) => (u.username === 'bob' ? 'fi' : undefined),
    };
    const { app } = makeTestApp(memoryStore(), clock, { delivery: { email: mail.deliver }, lang: 'auto', users });
    const alice = request.agent(app);
    await logIn(alice, 'alice');
    const started = await alice.post('/2fa/methods').set('Accept', 'application/json').set('Accept-Language', 'es').send({ type: 'totp' });
    const { generateTotp } = await import('../src/testing/index.js');
    await alice.post(`/2fa/methods/${started.body.id}/confirm`).set('Accept', 'application/json').set('Accept-Language', 'es')
      .send({ code: generateTotp({ secret: started.body.secret, nowMs: clock.now() }) });
    await new Promise((resolve) => setImmediate(resolve));
    const added = mail.sent.find((m) => m.purpose === 'notification:methodAdded');
    assert.ok(added, 'the method-added email was sent');
    assert.equal(added.subject, 'Se agregó un método de verificación en dos pasos');
    assert.match(added.text, /^Una aplicación de autenticación se agregó a la verificación en dos pasos de su cuenta el 23 de noviembre de 2026 a las 12:00 UTC desde la dirección IP 127\.0\.0\.1\./);
    assert.match(added.text, /Si no fue usted, cambie su contraseña/);

    const bob = request.agent(app);
    await logIn(bob, 'bob');
    const bobStarted = await bob.post('/2fa/methods').set('Accept', 'application/json').set('Accept-Language', 'es').send({ type: 'totp' });
    await bob.post(`/2fa/methods/${bobStarted.body.id}/confirm`).set('Accept', 'application/json').set('Accept-Language', 'es')
      .send({ code: generateTotp({ secret: bobStarted.body.secret, nowMs: clock.now() }) });
    await new Promise((resolve) => setImmediate(resolve));
    const bobAdded = mail.sent.filter((m) => m.purpose === 'notification:methodAdded').at(-1)!;
    assert.equal(bobAdded.userId, 'u-bob');
    assert.equal(bobAdded.subject, 'Kaksivaiheiseen tunnistautumiseen lisättiin tapa', 'the user\'s own language beats the browser\'s');
    assert.match(bobAdded.text, /^Todennussovellus lisättiin tilisi kaksivaiheiseen tunnistautumiseen 23\. marraskuuta 2026 klo 12\.00 UTC/);
  });
});
