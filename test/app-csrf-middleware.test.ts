/**
 * The app's own CSRF middleware (csurf, csrf-csrf, lusca), mounted before or after
 * `app.use(twoStep)`, with no change to the app: the password sign-in, the challenge page,
 * the code form and the JSON routes all work, and twostep's own check still refuses what it
 * refused before. Before this, csurf in front of twostep answered `403 invalid csrf token` to
 * every twostep form: both read `_csrf`, and each found the other's token there.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type express from 'express';
import request from 'supertest';
import { generateTotp } from '../src/testing/index.js';
import { CSRF_LIBRARIES, makeCsrfApp, type AppCsrfNames, type CsrfLibrary, type CsrfOrder } from './support/csrf-app.js';
import { makeUsers, type Agent } from './support/test-app.js';

const HTML = 'text/html';
const TWOSTEP_REFUSAL = /This form has expired or was sent from another site/;
/** Where csurf, lusca and csrf-csrf (as the test app sets it up) read their token. */
const DEFAULT_NAMES: AppCsrfNames = { field: '_csrf', header: 'X-CSRF-Token' };

function field(html: string, name: string): string | undefined {
  return new RegExp(`<input type="hidden" name="${name}" value="([^"]+)"`).exec(html)?.[1];
}

interface Tokens {
  /** twostep's, from `_twostep_csrf`. */
  own: string;
  /** The app's middleware's, from its field (only where that middleware ran before twostep). */
  app?: string;
  /** Where the app's middleware reads it. */
  names: AppCsrfNames;
}

/** The tokens a twostep page put in its forms. */
async function pageTokens(agent: Agent, path: string, names = DEFAULT_NAMES): Promise<Tokens> {
  const page = await agent.get(path).set('Accept', HTML);
  assert.equal(page.status, 200, `GET ${path}: ${page.text.slice(0, 200)}`);
  const own = field(page.text, '_twostep_csrf');
  assert.ok(own, `twostep's token on ${path}`);
  const app = field(page.text, names.field);
  if (app !== undefined) assert.match(page.text, new RegExp(`name="${names.field}" value="[^"]+" data-csrf-header="${names.header}"`), 'the page script is told the header');
  return app === undefined ? { own, names } : { own, app, names };
}

function formPost(agent: Agent, path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return agent.post(path).type('form').set('Accept', HTML).set(headers).send(new URLSearchParams(fields).toString());
}

/** What the app's own front-end script would send: its token where its middleware reads it, ours where we do. */
function jsonPost(agent: Agent, path: string, body: object, tokens: Tokens, headers: Record<string, string> = {}) {
  return agent.post(path).set('Accept', 'application/json')
    .set({ 'X-TwoStep-CSRF': tokens.own, ...(tokens.app ? { [tokens.names.header]: tokens.app } : {}), ...headers }).send(body);
}

/** The app's own sign-in page and its form, with the app's token in `_csrf`. */
async function passwordSignIn(agent: Agent, username: string, names = DEFAULT_NAMES) {
  const loginPage = await agent.get('/login');
  const appToken = field(loginPage.text, names.field);
  assert.ok(appToken, "the app's sign-in page carries its own token");
  const answer = await formPost(agent, '/login/password', { username, password: makeUsers().get(username)!.password, [names.field]: appToken });
  assert.ok([302, 303].includes(answer.status), `sign-in: ${answer.status} ${answer.text.slice(0, 200)}`);
  return answer;
}

/** alice signs in with her password and sets up an authenticator app through twostep's JSON routes. */
async function enrolAlice(app: express.Express, clock: { now(): number; advanceSeconds(s: number): void }, names = DEFAULT_NAMES): Promise<string> {
  const agent = request.agent(app);
  await passwordSignIn(agent, 'alice', names);
  const started = await jsonPost(agent, '/2fa/methods', { type: 'totp' }, await pageTokens(agent, '/2fa', names));
  assert.equal(started.status, 201, JSON.stringify(started.body));
  const { secret, id } = started.body as { secret: string; id: string };
  const confirmed = await jsonPost(agent, `/2fa/methods/${id}/confirm`, { code: generateTotp({ secret, nowMs: clock.now() }) }, await pageTokens(agent, '/2fa', names));
  assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
  clock.advanceSeconds(60);
  return secret;
}

async function state(agent: Agent): Promise<string> {
  return (await agent.get('/2fa/status').set('Accept', 'application/json')).body.state;
}

async function pendingAlice(library: CsrfLibrary, order: CsrfOrder) {
  const { app, clock } = makeCsrfApp({ library, order });
  const secret = await enrolAlice(app, clock);
  const agent = request.agent(app);
  const signedIn = await passwordSignIn(agent, 'alice');
  assert.equal(signedIn.headers.location, '/2fa/verify', 'the password alone leads to the challenge');
  return { app, clock, agent, code: () => generateTotp({ secret, nowMs: clock.now() }) };
}

for (const library of CSRF_LIBRARIES) {
  for (const order of ['before', 'after'] as const) {
    describe(`the app's ${library}, mounted ${order} twostep`, () => {
      it('password, challenge page and code form: signed in, with no change to the app', async () => {
        const { agent, code } = await pendingAlice(library, order);
        const tokens = await pageTokens(agent, '/2fa/verify');
        // In front of twostep the app's middleware checks our forms too, so they carry its token.
        assert.equal(tokens.app !== undefined, order === 'before', `the app's token on the challenge page only when ${library} runs first`);
        const verified = await formPost(agent, '/2fa/verify', { code: code(), _twostep_csrf: tokens.own, ...(tokens.app ? { _csrf: tokens.app } : {}) });
        assert.equal(verified.status, 303, verified.text.slice(0, 300));
        assert.equal(verified.headers.location, '/');
        assert.match((await agent.get('/')).text, /<p>Welcome alice<\/p>/);
        assert.equal(await state(agent), 'verified');
      });

      it("JSON routes: the challenge answered with the app's header and ours", async () => {
        const { agent, code, clock } = await pendingAlice(library, order);
        const wrong = await jsonPost(agent, '/2fa/verify', { code: '000000' }, await pageTokens(agent, '/2fa/verify'));
        assert.equal(wrong.status, 401, `a wrong code reaches twostep: ${JSON.stringify(wrong.body)}`);
        assert.equal(wrong.body.error, 'invalid_code');
        clock.advanceSeconds(1);
        const verified = await jsonPost(agent, '/2fa/verify', { code: code() }, await pageTokens(agent, '/2fa/verify'));
        assert.equal(verified.status, 200, JSON.stringify(verified.body));
        assert.match((await agent.get('/')).text, /<p>Welcome alice<\/p>/);
      });

      it("twostep's own check still refuses a missing or wrong token of its own, whatever the app's token", async () => {
        const { agent, code } = await pendingAlice(library, order);
        const tokens = await pageTokens(agent, '/2fa/verify');
        const appField: Record<string, string> = tokens.app ? { _csrf: tokens.app } : {};
        const crossSite = { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' };

        const missing = await formPost(agent, '/2fa/verify', { code: code(), ...appField }, crossSite);
        assert.equal(missing.status, 403, 'cross-site, no token of ours');
        assert.match(missing.text, TWOSTEP_REFUSAL, "refused by twostep's check, not only the app's");
        const wrong = await formPost(agent, '/2fa/verify', { code: code(), _twostep_csrf: 'x'.repeat(43), ...appField });
        assert.equal(wrong.status, 403, 'a wrong token of ours');
        assert.match(wrong.text, TWOSTEP_REFUSAL);
        const appsTokenAsOurs = await formPost(agent, '/2fa/verify', { code: code(), _twostep_csrf: tokens.app ?? 'none', ...appField });
        assert.equal(appsTokenAsOurs.status, 403, "the app's token does not stand in for ours");
        const json = await jsonPost(agent, '/2fa/verify', { code: code() }, { ...tokens, own: '' }, { Origin: 'https://evil.example' });
        assert.equal(json.status, 403);
        assert.equal(json.body.error, 'csrf_failed');
        assert.equal(await state(agent), 'pending', 'nothing got through');
      });
    });
  }
}

describe('an app that renamed where its CSRF middleware reads the token (lusca `key` and `header`)', () => {
  const renamed: AppCsrfNames = { field: 'authenticity_token', header: 'X-XSRF-Token' };

  it("without appCsrf, lusca refuses twostep's forms: the token is not where it looks", async () => {
    const { app } = makeCsrfApp({ library: 'lusca', order: 'before', renamed });
    const agent = request.agent(app);
    await passwordSignIn(agent, 'alice', renamed);
    const tokens = await pageTokens(agent, '/2fa');
    assert.ok(tokens.app, 'the token went into _csrf, which this app does not read');
    assert.equal((await pageTokens(agent, '/2fa', renamed)).app, undefined);
    const answer = await formPost(agent, '/2fa/methods', { type: 'totp', _twostep_csrf: tokens.own, _csrf: tokens.app });
    assert.equal(answer.status, 403);
    assert.doesNotMatch(answer.text, TWOSTEP_REFUSAL, "lusca's refusal, not twostep's");
  });

  it('with appCsrf naming them, the code form and the JSON verify get through', async () => {
    const { app, clock } = makeCsrfApp({ library: 'lusca', order: 'before', renamed, extra: { appCsrf: renamed } });
    const secret = await enrolAlice(app, clock, renamed);
    const agent = request.agent(app);
    await passwordSignIn(agent, 'alice', renamed);
    const tokens = await pageTokens(agent, '/2fa/verify', renamed);
    assert.ok(tokens.app, `the app's token in ${renamed.field}`);
    const wrong = await formPost(agent, '/2fa/verify', { code: '000000', _twostep_csrf: tokens.own, [renamed.field]: tokens.app });
    assert.equal(wrong.status, 401, 'the form reached twostep');
    clock.advanceSeconds(1);
    const verified = await jsonPost(agent, '/2fa/verify', { code: generateTotp({ secret, nowMs: clock.now() }) }, await pageTokens(agent, '/2fa/verify', renamed));
    assert.equal(verified.status, 200, JSON.stringify(verified.body));
    assert.match((await agent.get('/')).text, /<p>Welcome alice<\/p>/);
  });
});
