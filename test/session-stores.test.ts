/**
 * The app keeps its own session store: twostep asks of it only what express-session does
 * (`get`, `set`, `destroy`; `touch` where the store has it, called by express-session), never
 * `all`, `length` or `clear`. The same flows on three stores of different shapes:
 * connect-pg-simple on the real PostgreSQL, memorystore, and a bare store with only the three
 * required methods answering synchronously (`test/support/session-stores.ts`). Real Express,
 * express-session and Passport driven by supertest agents.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import type session from 'express-session';
import request from 'supertest';
import { generateTotp } from '../src/testing/index.js';
import { countingStore } from './support/counting-store.ts';
import { usePostgres } from './support/postgres-fixture.ts';
import {
  BareSessionStore, memorystoreSessionStore, pgSessionStore, recordStoreCalls, requestLikeABrowser, sessionIdSetBy, slowWrites, storedSession,
  type StoreCall, type StoreMethod,
} from './support/session-stores.ts';
import { enrolTotp, logIn, makeTestApp, manualClock, type Agent } from './support/test-app.ts';

const JSON_TYPE = 'application/json';
const postgres = usePostgres();

interface Shape {
  name: string;
  make(): session.Store;
}

const closers: Array<() => unknown> = [];
after(async () => {
  for (const close of closers) await close();
});

const SHAPES: Shape[] = [
  {
    name: 'connect-pg-simple 10 on PostgreSQL',
    make() {
      const store = pgSessionStore(postgres.pool);
      closers.push(() => store.close());
      return store;
    },
  },
  {
    name: 'memorystore',
    make() {
      const store = memorystoreSessionStore();
      closers.push(() => store.stopInterval());
      return store;
    },
  },
  { name: 'a bare get/set/destroy store answering synchronously', make: () => new BareSessionStore() },
];

/** What the store was asked, method names only, in order. */
const methods = (calls: StoreCall[]): StoreMethod[] => calls.map((call) => call.method);

function assertNeverEnumerated(calls: StoreCall[]): void {
  const enumerating = calls.filter((call) => call.method === 'all' || call.method === 'length' || call.method === 'clear');
  assert.deepEqual(enumerating, [], 'twostep never lists or empties the session store');
}

function setUp(shape: Shape) {
  const clock = manualClock();
  const sessions = shape.make();
  const counters = countingStore();
  const env = makeTestApp(counters.store, clock, {}, sessions);
  // The session id as the app sees it, to find the session in the store.
  env.app.get('/sid', (req, res) => res.json({ sid: req.sessionID }));
  const calls = recordStoreCalls(sessions);
  return { ...env, clock, sessions, counters, calls };
}

type Env = ReturnType<typeof setUp>;

async function sidOf(agent: Agent): Promise<string> {
  const answer = await agent.get('/sid').set('Accept', JSON_TYPE);
  assert.equal(answer.status, 200, `a verified session: ${JSON.stringify(answer.body)}`);
  return answer.body.sid as string;
}

/** `username` sets up an authenticator app from a first browser, still signed in there. */
async function enrolled(env: Pick<Env, 'app' | 'clock'>, username: string): Promise<{ agent: Agent; secret: string }> {
  const agent = request.agent(env.app);
  assert.equal((await logIn(agent, username)).status, 200);
  const { secret } = await enrolTotp(agent, env.clock);
  env.clock.advanceSeconds(60);
  return { agent, secret };
}

async function verifyWithCode(agent: Agent, env: Env, secret: string) {
  const answer = await agent.post('/2fa/verify').set('Accept', JSON_TYPE).send({ code: generateTotp({ secret, nowMs: env.clock.now() }) });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return answer;
}

/** A fresh browser with the password only: returns it and the pending session's id. */
async function pending(env: Env, username: string): Promise<{ agent: Agent; sid: string }> {
  const agent = request.agent(env.app);
  const login = await logIn(agent, username);
  assert.deepEqual([login.status, login.body.error], [401, 'second_factor_required']);
  const sid = sessionIdSetBy(login);
  assert.ok(sid, 'the password step sets a session cookie');
  return { agent, sid };
}

for (const shape of SHAPES) {
  describe(`the app's own session store: ${shape.name}`, () => {
    it('signs in with a second factor: the pending session is replaced by a new one that holds the record', async () => {
      const env = setUp(shape);
      const { secret } = await enrolled(env, 'alice');
      const { agent, sid: pendingSid } = await pending(env, 'alice');
      assert.equal((await storedSession(env.sessions, pendingSid))?.twoStepPending?.userId, 'u-alice');

      const verified = await verifyWithCode(agent, env, secret);
      const verifiedSid = sessionIdSetBy(verified);
      assert.ok(verifiedSid && verifiedSid !== pendingSid, 'a new session id after the second factor (no fixation)');
      assert.equal(await storedSession(env.sessions, pendingSid), null, 'the pending session is gone from the store');
      const stored = await storedSession(env.sessions, verifiedSid);
      assert.equal(stored?.twoStep?.userId, 'u-alice');
      assert.deepEqual(stored?.twoStep?.amr, ['pwd', 'totp']);
      assert.equal(stored?.twoStepPending, undefined);

      const me = await agent.get('/api/me').set('Accept', JSON_TYPE);
      assert.deepEqual([me.status, me.body.id], [200, 'u-alice']);
      assertNeverEnumerated(env.calls);
    });

    it('the verified fast path: one read per request (and express-session\'s touch), no write, no twostep store call', async () => {
      const env = setUp(shape);
      const { secret } = await enrolled(env, 'alice');
      const { agent } = await pending(env, 'alice');
      await verifyWithCode(agent, env, secret);
      env.calls.length = 0;
      env.counters.reset();
      for (let n = 0; n < 5; n += 1) {
        const me = await agent.get('/api/me').set('Accept', JSON_TYPE);
        assert.deepEqual([me.status, me.body.id], [200, 'u-alice']);
      }
      const perRequest: StoreMethod[] = typeof (env.sessions as { touch?: unknown }).touch === 'function' ? ['get', 'touch'] : ['get'];
      assert.deepEqual(methods(env.calls), Array.from({ length: 5 }, () => perRequest).flat());
      assert.equal(env.counters.calls(), 0, 'no call to twostep\'s own store');
    });

    it('sign out everywhere: the other sessions stay in the store until their next request, which is refused and destroys them', async () => {
      const env = setUp(shape);
      const { agent: first, secret } = await enrolled(env, 'alice');
      const { agent: second } = await pending(env, 'alice');
      await verifyWithCode(second, env, secret);
      const [firstSid, secondSid] = [await sidOf(first), await sidOf(second)];

      env.calls.length = 0;
      const out = await first.post('/2fa/sessions/revoke-others').set('Accept', JSON_TYPE).send({});
      assert.deepEqual([out.status, out.body.revoked], [200, true]);
      assert.deepEqual(env.calls.filter((call) => call.sid === secondSid), [], 'revoking reads and deletes nothing in the session store');
      assert.notEqual(await storedSession(env.sessions, secondSid), null, 'still stored: revocation is decided by twostep, not by the store');

      const refused = await second.get('/api/me').set('Accept', JSON_TYPE);
      assert.deepEqual([refused.status, refused.body.error], [401, 'session_revoked']);
      assert.ok(env.calls.some((call) => call.method === 'destroy' && call.sid === secondSid), 'destroyed on its next request');
      assert.equal(await storedSession(env.sessions, secondSid), null);
      assert.equal((await first.get('/api/me').set('Accept', JSON_TYPE)).status, 200, 'the session that asked is kept');
      assert.notEqual(await storedSession(env.sessions, firstSid), null);

      // Every session of the user (an admin's reset): the first one ends too.
      await env.twoStep.revokeSessions('u-alice', { reason: 'admin.reset' });
      const alsoRefused = await first.get('/api/me').set('Accept', JSON_TYPE);
      assert.deepEqual([alsoRefused.status, alsoRefused.body.error], [401, 'session_revoked']);
      assert.equal(await storedSession(env.sessions, firstSid), null);

      // A sign-in after the revocation works.
      env.clock.advanceSeconds(60);
      const again = await pending(env, 'alice');
      await verifyWithCode(again.agent, env, secret);
      assert.equal((await again.agent.get('/api/me').set('Accept', JSON_TYPE)).status, 200);
      assertNeverEnumerated(env.calls);
    });

    it('switching user halfway: the login regenerates the session, the first user\'s pending session is gone', async () => {
      const env = setUp(shape);
      await enrolled(env, 'alice');
      const { secret: bobSecret } = await enrolled(env, 'bob');
      const { agent, sid: aliceSid } = await pending(env, 'alice');

      const asBob = await logIn(agent, 'bob');
      assert.deepEqual([asBob.status, asBob.body.error], [401, 'second_factor_required']);
      const bobSid = sessionIdSetBy(asBob);
      assert.ok(bobSid && bobSid !== aliceSid, 'Passport\'s login gave a new session id');
      assert.equal(await storedSession(env.sessions, aliceSid), null, 'alice\'s half sign-in is gone from the store');
      assert.equal((await storedSession(env.sessions, bobSid))?.twoStepPending?.userId, 'u-bob');

      await verifyWithCode(agent, env, bobSecret);
      const me = await agent.get('/api/me').set('Accept', JSON_TYPE);
      assert.deepEqual([me.status, me.body.id], [200, 'u-bob']);
      assertNeverEnumerated(env.calls);
    });

    it('signing out from the challenge destroys the session in the store', async () => {
      const env = setUp(shape);
      await enrolled(env, 'alice');
      const { agent, sid } = await pending(env, 'alice');
      const out = await agent.post('/2fa/cancel').set('Accept', JSON_TYPE);
      assert.deepEqual(out.body, { signedOut: true, redirect: '/login' });
      assert.equal(await storedSession(env.sessions, sid), null);
      assert.equal((await agent.get('/api/me').set('Accept', JSON_TYPE)).status, 401);
    });
  });
}

/**
 * express-session sends a redirect's status and headers before its end-of-response save has
 * finished, and a browser follows the redirect at once: with a store whose writes take time,
 * every redirect of twostep's that follows a change to the session must wait for the save, or
 * the next page loads the session as it was. connect-pg-simple with each write 150 ms late
 * (a database across a network); the client follows each redirect as soon as its headers arrive.
 */
describe('a session store whose writes take 150 ms, and a browser that follows redirects at once', () => {
  async function listening(extra: Parameters<typeof makeTestApp>[2] = {}) {
    const clock = manualClock();
    const sessions = slowWrites(pgSessionStore(postgres.pool), 150);
    closers.push(() => (sessions as ReturnType<typeof pgSessionStore>).close());
    const env = makeTestApp(countingStore().store, clock, extra, sessions);
    const server = createServer(env.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => server.close(resolve)));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { ...env, clock, base };
  }

  /** Password only, through the login route that ends in the app's handler (JSON, so no page is involved). */
  async function passwordStep(base: string, username: string): Promise<Map<string, string>> {
    const cookies = new Map<string, string>();
    const agent = request.agent(base);
    const login = await logIn(agent, username, '/login-without-challenge');
    assert.equal(login.status, 200, JSON.stringify(login.body));
    const sid = login.headers['set-cookie']?.[0]?.split(';')[0];
    assert.ok(sid);
    cookies.set('connect.sid', sid.slice('connect.sid='.length));
    return cookies;
  }

  it('a held-back page: the challenge that follows still knows where the user was going', async () => {
    const env = await listening();
    const { secret } = await enrolled(env, 'alice');
    const cookies = await passwordStep(env.base, 'alice');
    const held = await requestLikeABrowser(env.base, cookies, 'GET', '/public');
    assert.deepEqual([held.status, held.location], [303, '/2fa/verify']);
    const challenge = await requestLikeABrowser(env.base, cookies, 'GET', held.location!);
    assert.equal(challenge.status, 200, 'the challenge page');
    await new Promise((resolve) => setTimeout(resolve, 400)); // every write has landed
    const verified = await request(env.base).post('/2fa/verify').set('Cookie', `connect.sid=${cookies.get('connect.sid')}`).set('Accept', JSON_TYPE).send({ code: generateTotp({ secret, nowMs: env.clock.now() }) });
    assert.deepEqual(verified.body, { verified: true, redirect: '/public' });
  });

  it('starting an authenticator app: the setup page the browser is sent to finds the setup', async () => {
    const env = await listening({ setupPrompt: false });
    const cookies = await passwordStep(env.base, 'bob');
    const started = await requestLikeABrowser(env.base, cookies, 'POST', '/2fa/methods', { type: 'totp' });
    assert.equal(started.status, 303);
    assert.match(started.location ?? '', /^\/2fa\/methods\/[\w-]+$/);
    const page = await requestLikeABrowser(env.base, cookies, 'GET', started.location!);
    assert.equal(page.status, 200, 'the setup page, not "that setup does not exist"');
  });

  it('"Skip" on the setup offer: the page the browser opens next is not the offer again', async () => {
    const env = await listening();
    const cookies = await passwordStep(env.base, 'bob');
    const skipped = await requestLikeABrowser(env.base, cookies, 'POST', '/2fa/skip', { returnTo: '/' });
    assert.deepEqual([skipped.status, skipped.location], [303, '/']);
    const home = await requestLikeABrowser(env.base, cookies, 'GET', '/');
    assert.equal(home.status, 200, `the app's page, not ${home.location}`);
  });
});
