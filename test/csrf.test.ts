import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import express from 'express';
import request from 'supertest';
import { memoryStore } from '../src/index.js';
import { generateTotp } from '../src/testing/index.js';
import { enrolUser, logIn, makeTestApp, manualClock, type Agent } from './support/test-app.js';

const HTML = 'text/html';
/** A browser on our own origin (supertest's Host is 127.0.0.1:port, so both are set). */
const SAME_ORIGIN = { Host: 'clinic.example', Origin: 'http://clinic.example' };

/** Alice has an authenticator app and a fresh browser waiting at the challenge. */
async function pendingAlice() {
  const clock = manualClock();
  const store = memoryStore();
  const { app, twoStep } = makeTestApp(store, clock);
  const { secret } = await enrolUser(app, clock, 'alice');
  const agent = request.agent(app);
  assert.equal((await logIn(agent, 'alice')).status, 401);
  return { app, twoStep, store, clock, secret, agent, code: () => generateTotp({ secret, nowMs: clock.now() }) };
}

/** The token a page of ours put in its forms. */
async function tokenFrom(agent: Agent, path: string): Promise<string> {
  const page = await agent.get(path).set('Accept', HTML);
  const token = /name="_twostep_csrf" value="([\w-]+)"/.exec(page.text)?.[1];
  assert.ok(token, `a _twostep_csrf field on ${path}`);
  return token;
}

function formPost(agent: Agent, path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return agent.post(path).type('form').set('Accept', HTML).set(headers).send(new URLSearchParams(fields).toString());
}

async function state(agent: Agent): Promise<string> {
  return (await agent.get('/2fa/status').set('Accept', 'application/json')).body.state;
}

describe('CSRF protection of the 2FA forms', () => {
  it('refuses a form posted from another site, before any code is compared', async () => {
    const { agent, store, code } = await pendingAlice();
    const crossSite = { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' };
    const refused = await formPost(agent, '/2fa/verify', { code: code() }, crossSite);
    assert.equal(refused.status, 403);
    assert.match(refused.text, /This form has expired or was sent from another site/);
    assert.equal(await state(agent), 'pending', 'not upgraded');
    assert.equal((await store.getLockState('u-alice', Date.now())).failures, 0, 'no attempt counted');
    const ok = await formPost(agent, '/2fa/verify', { code: code(), _twostep_csrf: await tokenFrom(agent, '/2fa/verify') }, { ...SAME_ORIGIN, 'Sec-Fetch-Site': 'same-origin' });
    assert.equal(ok.status, 303, 'the same code still works from our own page');
  });

  it('what the browser says about the origin wins over a valid token', async () => {
    const { agent, code } = await pendingAlice();
    const token = await tokenFrom(agent, '/2fa/verify');
    const foreign: Record<string, string>[] = [
      { 'Sec-Fetch-Site': 'cross-site' },
      { 'Sec-Fetch-Site': 'same-site' },
      { Origin: 'https://evil.example' },
      { Origin: 'null' },
      { Origin: 'not a url' },
    ];
    for (const headers of foreign) {
      const answer = await formPost(agent, '/2fa/verify', { code: code(), _twostep_csrf: token }, headers);
      assert.equal(answer.status, 403, JSON.stringify(headers));
    }
    assert.equal(await state(agent), 'pending');
  });

  it('a browser must send the page token or prove it is on our origin', async () => {
    const { agent, code } = await pendingAlice();
    const wrong = await formPost(agent, '/2fa/verify', { code: code(), _twostep_csrf: 'x'.repeat(43) }, SAME_ORIGIN);
    assert.equal(wrong.status, 403, 'a wrong token');
    const array = await agent.post('/2fa/verify').type('form').send(`code=${code()}&_twostep_csrf=a&_twostep_csrf=b`);
    assert.equal(array.status, 403, 'a repeated field is not a token');
    const host = await formPost(agent, '/2fa/verify', { code: code() }, { Origin: 'http://elsewhere.example', Host: 'clinic.example' });
    assert.equal(host.status, 403);
    assert.equal(await state(agent), 'pending');
  });

  it("`_csrf` and X-CSRF-Token belong to the app's own CSRF middleware: twostep reads neither", async () => {
    const { agent, code } = await pendingAlice();
    const token = await tokenFrom(agent, '/2fa/verify');
    const ownTokenUnderAppName = await formPost(agent, '/2fa/verify', { code: code(), _csrf: token }, { Origin: 'http://elsewhere.example', Host: 'clinic.example' });
    assert.equal(ownTokenUnderAppName.status, 403, 'our token under the common name does not count as ours');
    const appsToken = await formPost(agent, '/2fa/verify', { code: code(), _csrf: 'the-apps-own-token' }, SAME_ORIGIN);
    assert.equal(appsToken.status, 303, "a token of the app's under `_csrf` is not compared with ours");
  });

  it('the X-CSRF-Token header is not read either', async () => {
    const { agent, code } = await pendingAlice();
    const answer = await agent.post('/2fa/verify').set({ 'X-CSRF-Token': 'the-apps-own-token', ...SAME_ORIGIN }).send({ code: code() });
    assert.equal(answer.status, 200);
  });

  it('a token belongs to one session and changes when the session is upgraded', async () => {
    const { app, agent, code } = await pendingAlice();
    const other = request.agent(app);
    await logIn(other, 'alice');
    const othersToken = await tokenFrom(other, '/2fa/verify');
    const stolen = await formPost(agent, '/2fa/verify', { code: code(), _twostep_csrf: othersToken }, SAME_ORIGIN);
    assert.equal(stolen.status, 403, "another session's token is refused");

    const before = await tokenFrom(agent, '/2fa/verify');
    assert.equal((await formPost(agent, '/2fa/verify', { code: code(), _twostep_csrf: before })).status, 303);
    const after = await tokenFrom(agent, '/2fa');
    assert.notEqual(after, before, 'sign-in regenerated the session id, so the token changed');
    const old = await formPost(agent, '/2fa/devices/delete', { _twostep_csrf: before }, SAME_ORIGIN);
    assert.equal(old.status, 403);
    const fresh = await formPost(agent, '/2fa/devices/delete', { _twostep_csrf: after }, SAME_ORIGIN);
    assert.equal(fresh.status, 303);
  });

  it("the app's own script: same-origin fetches and the X-TwoStep-CSRF header", async () => {
    const { agent, code } = await pendingAlice();
    const sameOrigin = await agent.post('/2fa/verify').set({ 'Sec-Fetch-Site': 'same-origin', ...SAME_ORIGIN }).send({ code: '000000' });
    assert.notEqual(sameOrigin.status, 403, 'same-origin JSON without a token is the app itself');
    const token = await tokenFrom(agent, '/2fa/verify');
    const withHeader = await agent.post('/2fa/verify').set({ 'X-TwoStep-CSRF': token, Origin: 'https://evil.example' }).send({ code: code() });
    assert.equal(withHeader.status, 403, 'a foreign Origin loses even with the header');
    const ok = await agent.post('/2fa/verify').set({ 'X-TwoStep-CSRF': token }).send({ code: code() });
    assert.equal(ok.status, 200);
  });

  it('clients that are not browsers (no Origin, no Sec-Fetch-Site, no cookies by accident) need no token', async () => {
    const { agent, code } = await pendingAlice();
    const answer = await agent.post('/2fa/verify').set('Accept', 'application/json').send({ code: code() });
    assert.equal(answer.status, 200);
  });

  it('DELETE routes are covered too', async () => {
    const clock = manualClock();
    const { app } = makeTestApp(memoryStore(), clock);
    const agent = request.agent(app);
    await logIn(agent, 'bob');
    const answer = await agent.delete('/2fa/devices').set({ Origin: 'https://evil.example', Accept: 'application/json' });
    assert.equal(answer.status, 403);
    assert.equal(answer.body.error, 'csrf_failed');
  });

  it("twoStep.csrfToken and twoStep.csrfProtection guard the app's own forms", async () => {
    const clock = manualClock();
    const { app, twoStep } = makeTestApp(memoryStore(), clock);
    const guarded = express.Router();
    guarded.get('/form', (req, res) => { res.send(`<input name="_twostep_csrf" value="${twoStep.csrfToken(req)}">`); });
    guarded.post('/transfer', express.urlencoded({ extended: false }), twoStep.csrfProtection, (_req, res) => { res.send('done'); });
    app.use('/app', guarded);
    const agent = request.agent(app);
    await logIn(agent, 'bob');
    const token = /value="([\w-]+)"/.exec((await agent.get('/app/form')).text)?.[1];
    assert.ok(token);
    assert.equal((await formPost(agent, '/app/transfer', {}, { Origin: 'https://evil.example' })).status, 403);
    assert.equal((await formPost(agent, '/app/transfer', { _twostep_csrf: 'nope' }, SAME_ORIGIN)).status, 403);
    const ok = await formPost(agent, '/app/transfer', { _twostep_csrf: token }, SAME_ORIGIN);
    assert.equal(ok.status, 200);
    assert.equal(ok.text, 'done');
  });
});
