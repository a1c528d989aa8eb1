import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import { createTwoStep, defaultTexts, memoryStore, TwoStepConfigError, type TwoStepOptions } from '../src/index.js';
import { generateTotp } from '../src/testing/index.js';
import { enrolTotp, logIn, makeTestApp, manualClock, TEST_SECRET, wrongCode, type Agent, type TestUser } from './support/test-app.js';
import { outbox } from './support/outbox.js';

const HTML = 'text/html';

function setup(extra: Partial<TwoStepOptions<TestUser>> = {}) {
  const clock = manualClock();
  const store = memoryStore();
  const mail = outbox();
  const env = makeTestApp(store, clock, { delivery: { email: mail.deliver }, notifications: false, ...extra });
  return { ...env, clock, store, mail };
}

function page(agent: Agent, path: string) {
  return agent.get(path).set('Accept', HTML);
}

function form(agent: Agent, path: string, fields: Record<string, string>) {
  return agent.post(path).type('form').set('Accept', HTML).send(new URLSearchParams(fields).toString());
}

/** What every page of ours must hold to: CSP without inline code, and protected, labelled forms. */
function assertWellFormedPage(response: request.Response, what: string): void {
  const csp = String(response.headers['content-security-policy']);
  assert.match(csp, /script-src 'self'/, `${what}: CSP`);
  assert.match(csp, /style-src 'self'/, `${what}: CSP`);
  assert.match(csp, /frame-ancestors 'none'/, `${what}: CSP`);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, `${what}: CSP`);
  assert.equal(response.headers['cache-control'], 'no-store', `${what}: no-store`);
  const html = response.text;
  assert.match(html, /^<!doctype html>\n<html lang="\w+">/, `${what}: doctype and lang`);
  assert.equal(html.match(/<h1>/g)?.length, 1, `${what}: one h1`);
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, `${what}: no inline script`);
  assert.doesNotMatch(html, /<style|\sstyle=|\son[a-z]+=/i, `${what}: no inline style or handler`);
  for (const formHtml of html.match(/<form method="post"[\s\S]*?<\/form>/g) ?? []) {
    assert.match(formHtml, /<input type="hidden" name="_twostep_csrf" value="[\w-]{43}">/, `${what}: a CSRF field in ${formHtml.slice(0, 80)}`);
  }
  const ids = new Set([...html.matchAll(/<label[^>]* for="([^"]+)"/g)].map((m) => m[1]));
  for (const input of html.match(/<(input|select|textarea)\b[^>]*>/g) ?? []) {
    if (/type="hidden"/.test(input)) continue;
    const id = /\sid="([^"]+)"/.exec(input)?.[1];
    assert.ok(id && ids.has(id), `${what}: ${input} has a <label for>`);
  }
}

async function enrolledAndPending() {
  const env = setup();
  const first = request.agent(env.app);
  await logIn(first, 'alice');
  const enrolled = await enrolTotp(first, env.clock);
  env.clock.advanceSeconds(60);
  const agent = request.agent(env.app);
  assert.equal((await logIn(agent, 'alice')).status, 401);
  return { ...env, first, agent, ...enrolled };
}

describe('the built-in pages', () => {
  it('challenge: code field, wrong codes say how many attempts are left, then a locked page says until when', async () => {
    const { agent, secret, clock } = await enrolledAndPending();
    const challenge = await page(agent, '/2fa/verify');
    assert.equal(challenge.status, 200);
    assertWellFormedPage(challenge, 'challenge');
    assert.match(challenge.text, /<label for="code">Verification code<\/label>/);
    assert.match(challenge.text, /autocomplete="one-time-code"/);
    assert.match(challenge.text, /inputmode="numeric"/);
    assert.match(challenge.text, /Remember this device for 30 days/);
    assert.match(challenge.text, /href="\/2fa\/verify\?use=recovery">Use a recovery code/);
    assertWellFormedPage(await page(agent, '/2fa/verify?use=recovery'), 'recovery form');

    for (let left = 4; left >= 1; left -= 1) {
      const wrong = await form(agent, '/2fa/verify', { code: wrongCode(secret, clock.now()) });
      assert.equal(wrong.status, 401);
      assertWellFormedPage(wrong, 'wrong code');
      assert.match(wrong.text, /<div class="error" role="alert" id="error"><span class="visually-hidden">Error: <\/span>Wrong code\. Each code works once/);
      assert.match(wrong.text, left === 1 ? /<p class="attempts-left" id="attempts-left">1 attempt left before/ : new RegExp(`<p class="attempts-left" id="attempts-left">${left} attempts left before`));
      assert.match(wrong.text, /aria-describedby="code-hint error attempts-left" aria-invalid="true"/, 'the field points at the error and the attempts left');
    }
    const locked = await form(agent, '/2fa/verify', { code: wrongCode(secret, clock.now()) });
    assert.equal(locked.status, 401, 'the fifth wrong code was compared, and locked the account');
    assertWellFormedPage(locked, 'locked');
    assert.match(locked.text, /<h1>Too many failed attempts<\/h1>/);
    const until = new Date(clock.now() + 1800_000).toISOString();
    assert.match(locked.text, new RegExp(`locked until <time datetime="${until}" data-local>${until.slice(0, 16).replace('T', ' ')} UTC</time>`));
    const again = await page(agent, '/2fa/verify');
    assert.equal(again.status, 429, 'the challenge page stays locked');
    const during = await form(agent, '/2fa/verify', { code: generateTotp({ secret, nowMs: clock.now() }) });
    assert.equal(during.status, 429, 'even the right code is refused during the lock');
    assert.match(during.text, /Too many failed attempts/);
    assert.match(again.text, /Too many failed attempts/);
  });

  it('several methods: a radio group to choose, "Send a code" with its cooldown, reload-safe', async () => {
    const env = setup();
    const first = request.agent(env.app);
    await logIn(first, 'alice');
    await enrolTotp(first, env.clock);
    const started = await first.post('/2fa/methods').set('Accept', 'application/json').send({ type: 'email', address: 'alice@clinic.example' });
    await first.post(`/2fa/methods/${started.body.id}/confirm`).set('Accept', 'application/json').send({ code: env.mail.lastCode() });
    env.clock.advanceSeconds(60);
    const agent = request.agent(env.app);
    await logIn(agent, 'alice');

    const challenge = await page(agent, '/2fa/verify');
    assert.match(challenge.text, /<legend>How do you want to verify\?<\/legend>/);
    assert.match(challenge.text, /type="radio" id="method-0" name="method" value="[\w-]+" checked> Authenticator app/);
    assert.match(challenge.text, /type="radio" id="method-1" name="method" value="[\w-]+"> Email to a•••@clinic\.example/);
    assert.match(challenge.text, /<button type="submit" class="secondary" aria-describedby="resend-hint">Send a code to a•••@clinic\.example/);

    const sent = await form(agent, '/2fa/send', { method: started.body.id });
    assert.equal(sent.status, 303, 'post/redirect/get: a reload does not send again');
    assert.equal(sent.headers.location, '/2fa/verify');
    assert.equal(env.mail.sent.length, 2);
    const after = await page(agent, '/2fa/verify');
    assertWellFormedPage(after, 'after sending');
    assert.match(after.text, /We sent a code to a•••@clinic\.example\. It is valid for 10 minutes\./);
    assert.match(after.text, new RegExp(`value="${started.body.id}" checked> Email`), 'the method the code went to is chosen');
    assert.match(after.text, /data-wait-seconds="30"/);
    assert.match(after.text, /You can ask for a new code in 30 seconds\./);

    const tooSoon = await form(agent, '/2fa/send', { method: started.body.id });
    assert.equal(tooSoon.status, 429);
    assert.equal(tooSoon.headers['retry-after'], '30');
    assert.match(tooSoon.text, /role="alert"[^>]*>.*A code was sent moments ago\. You can ask for a new one in 30 seconds/);
    assert.equal(env.mail.sent.length, 2);

    env.clock.advanceSeconds(31);
    assert.doesNotMatch((await page(agent, '/2fa/verify')).text, /data-wait-seconds/, 'cooldown over');
    const ok = await form(agent, '/2fa/verify', { method: started.body.id, code: env.mail.lastCode() });
    assert.equal(ok.status, 303);
  });

  it('setup: method picker, the authenticator page reloads with the same key, a wrong code keeps it, then recovery codes', async () => {
    const env = setup({ users: { id: (u) => u.id, label: (u) => u.username, verifyPassword: (u, p) => u.password === p } });
    const agent = request.agent(env.app);
    await logIn(agent, 'bob');
    const picker = await page(agent, '/2fa/setup');
    assertWellFormedPage(picker, 'picker');
    assert.match(picker.text, /Use an authenticator app/);
    assert.match(picker.text, /<label for="address">Email address<\/label>/);

    const badEmail = await form(agent, '/2fa/methods', { type: 'email', address: 'not-an-address' });
    assert.equal(badEmail.status, 400);
    assertWellFormedPage(badEmail, 'picker with an error');
    assert.match(badEmail.text, /role="alert"/);

    const started = await form(agent, '/2fa/methods', { type: 'totp' });
    assert.equal(started.status, 303);
    const setupPath = started.headers.location as string;
    assert.match(setupPath, /^\/2fa\/methods\/[\w-]+$/);
    const setupPage = await page(agent, setupPath);
    assertWellFormedPage(setupPage, 'authenticator setup');
    // Each group of four is a span that never wraps inside: the key breaks only between groups.
    const setupKeyOf = (html: string) => /<code class="key" id="setup-key"[^>]*>((?:<span class="group">[A-Z2-7]{1,4}<\/span> ?)+)<\/code>/.exec(html)?.[1]?.replace(/<\/?span[^>]*>/g, '');
    const key = setupKeyOf(setupPage.text);
    assert.ok(key, 'the setup key is on the page');
    assert.match(key, /^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/, 'in groups of four');
    assert.match(setupPage.text, new RegExp(`data-copy-text="${key.replace(/ /g, '')}"`), 'copied without spaces');
    assert.match(setupPage.text, /<button type="button" class="secondary" data-copy="setup-key"[^>]*hidden>Copy setup key<\/button>/, 'the copy button waits for the script');
    assert.match(setupPage.text, /<svg/);
    // On a phone the QR code cannot be scanned: a link opens the app with the same Key URI.
    const openLink = /<a class="button" href="([^"]+)" aria-describedby="open-app-hint">Open in authenticator app<\/a>/.exec(setupPage.text)?.[1];
    assert.ok(openLink, 'an "Open in authenticator app" link');
    const uri = new URL(openLink.replace(/&amp;/g, '&'));
    assert.equal(`${uri.protocol}//${uri.host}`, 'otpauth://totp');
    assert.equal(uri.searchParams.get('secret'), key.replace(/ /g, ''), 'the key the page shows');
    assert.equal(uri.searchParams.get('digits'), '6');
    assert.ok(setupPage.text.indexOf('Open in authenticator app') < setupPage.text.indexOf('<svg'), 'the link comes before the QR code in the page');
    assert.equal(setupKeyOf((await page(agent, setupPath)).text), key, 'a reload shows the same key');

    const secret = key.replace(/ /g, '');
    const wrong = await form(agent, `${setupPath}/confirm`, { password: 'bob-pass', code: wrongCode(secret, env.clock.now()) });
    assert.equal(wrong.status, 401);
    assert.match(wrong.text, /role="alert"/);
    assert.equal(setupKeyOf(wrong.text), key, 'the same key, to try again');
    const badPassword = await form(agent, `${setupPath}/confirm`, { password: 'nope', code: generateTotp({ secret, nowMs: env.clock.now() }) });
    assert.equal(badPassword.status, 401);
    assert.match(badPassword.text, /That password is not right\./);

    const done = await form(agent, `${setupPath}/confirm`, { password: 'bob-pass', code: generateTotp({ secret, nowMs: env.clock.now() }) });
    assert.equal(done.status, 200);
    assertWellFormedPage(done, 'recovery codes');
    assert.match(done.text, /<h1>Save your recovery codes<\/h1>/);
    assert.match(done.text, /data-copy="recovery-codes"/);
    assert.match(done.text, /download="recovery-codes.txt">Download as a text file/);
    assert.match(done.text, /<form method="get" action="\/2fa">/);
    assert.match(done.text, /required> I have saved these codes/);
    assert.equal((await page(agent, setupPath)).status, 400, 'a finished setup has no setup page');
  });

  it('settings: methods with make primary and remove, recovery codes left, remembered devices; devices page', async () => {
    const env = setup();
    const agent = request.agent(env.app);
    await logIn(agent, 'bob');
    const { secret: bobSecret } = await enrolTotp(agent, env.clock);
    const settings = await page(agent, '/2fa');
    assertWellFormedPage(settings, 'settings');
    assert.match(settings.text, /Two-step verification is on\./);
    assert.match(settings.text, /<strong>Authenticator app<\/strong> \(primary\)/);
    assert.match(settings.text, /aria-label="Remove Authenticator app">Remove<\/button>/);
    assert.match(settings.text, /10 recovery codes left\./);
    assert.match(settings.text, /Make new recovery codes/);
    assert.match(settings.text, /No device is remembered\./);
    assert.match(settings.text, /Turn off two-step verification/);
    assertWellFormedPage(await page(agent, '/2fa/devices'), 'devices');

    // bob signs in again from Firefox on Windows and asks to be remembered there.
    env.clock.advanceSeconds(60);
    const firefox = request.agent(env.app);
    const ua = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0';
    await firefox.post('/login').set({ 'User-Agent': ua, Accept: 'application/json' }).send({ username: 'bob', password: 'bob-pass' });
    const remembered = await firefox.post('/2fa/verify').type('form').set({ 'User-Agent': ua, Accept: HTML })
      .send(new URLSearchParams({ code: generateTotp({ secret: bobSecret, nowMs: env.clock.now() }), remember: '1' }).toString());
    assert.equal(remembered.status, 303);
    const list = await firefox.get('/2fa').set({ 'User-Agent': ua, Accept: HTML });
    assert.match(list.text, /<li><strong>Firefox on Windows<\/strong> \(this device\)\n<span class="muted">last used <time datetime="[^"]+">\d{4}-\d{2}-\d{2}<\/time><\/span>/);
    assert.match(list.text, /aria-label="Forget Firefox on Windows">Forget<\/button>/);
    assert.match(list.text, />Forget all devices<\/button>/);
    const elsewhere = await page(agent, '/2fa');
    assert.match(elsewhere.text, /<strong>Firefox on Windows<\/strong>\n/, 'another browser sees it too, not marked as itself');
    assertWellFormedPage(await page(agent, '/2fa/prompt'), 'prompt');
    env.clock.advanceSeconds(600);
    const reverify = await page(agent, '/2fa/reverify?returnTo=%2F2fa');
    assertWellFormedPage(reverify, 'reverify');
    assert.match(reverify.text, /<h1>Confirm it&#39;s you<\/h1>/);
  });

  it('the stylesheet and script are served under the mount path to anyone, cached for good', async () => {
    const { agent, app } = await enrolledAndPending();
    const challenge = await page(agent, '/2fa/verify');
    const css = /<link rel="stylesheet" href="(\/2fa\/assets\/twostep\.\w+\.css)">/.exec(challenge.text)?.[1];
    const js = /<script src="(\/2fa\/assets\/twostep\.\w+\.js)" defer><\/script>/.exec(challenge.text)?.[1];
    assert.ok(css && js);
    for (const [path, type] of [[css, /text\/css/], [js, /text\/javascript/]] as const) {
      const asset = await agent.get(path);
      assert.equal(asset.status, 200, path);
      assert.match(String(asset.headers['content-type']), type);
      assert.equal(asset.headers['cache-control'], 'public, max-age=31536000, immutable');
      assert.equal(asset.headers['x-content-type-options'], 'nosniff');
    }
    assert.equal((await request(app).get(js)).status, 200, 'without a session too');
    assert.equal((await agent.get('/2fa/assets/other.js')).status, 404);
    assert.equal((await agent.get('/2fa/assets/..%2Fpackage.json')).status, 404);
  });

  it('texts and lang replace the words on every page (translation)', async () => {
    const env = setup({
      lang: 'de',
      texts: { verifyTitle: 'Bestätigen Sie, dass Sie es sind', verifySubmit: 'Bestätigen', verifyRemember: 'Dieses Gerät {days} Tage lang merken' },
    });
    const first = request.agent(env.app);
    await logIn(first, 'alice');
    await enrolTotp(first, env.clock);
    const agent = request.agent(env.app);
    await logIn(agent, 'alice');
    const challenge = await page(agent, '/2fa/verify');
    assert.match(challenge.text, /<html lang="de">/);
    assert.match(challenge.text, /<title>Bestätigen Sie, dass Sie es sind<\/title>/);
    assert.match(challenge.text, /<button type="submit">Bestätigen<\/button>/);
    assert.match(challenge.text, /Dieses Gerät 30 Tage lang merken/);
    assert.match(challenge.text, new RegExp(defaultTexts.codeLabel), 'texts not replaced stay English');
  });

  it('texts and lang are validated once, with messages that say the fix', () => {
    const base = { secret: TEST_SECRET, users: { id: (u: TestUser) => u.id } };
    const refuses = (extra: object, message: RegExp) => assert.throws(() => createTwoStep({ ...base, ...extra }), (error: unknown) => error instanceof TwoStepConfigError && message.test(error.message));
    refuses({ texts: { verifyTitel: 'x' } }, /unknown text "texts\.verifyTitel"/);
    refuses({ texts: { verifyTitle: '' } }, /texts\.verifyTitle` must be a non-empty string/);
    refuses({ texts: { verifyRemember: 'Merken für {tage} Tage' } }, /uses \{tage\}, which this text never fills\. Its placeholders: \{days\}/);
    refuses({ texts: 'de' }, /`texts` must be an object/);
    refuses({ lang: 'deutsch!' }, /`lang` must be a language tag/);
    assert.doesNotThrow(() => createTwoStep({ ...base, lang: 'de-CH', texts: { verifyRemember: 'Merken' } }), 'a placeholder may be dropped');
  });
});
