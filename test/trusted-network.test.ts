import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import { memoryStore, type TwoStepOptions } from '../src/index.js';
import { enrolUser, logIn, makeTestApp, manualClock, type TestUser } from './support/test-app.js';

async function setup(extra: Partial<TwoStepOptions<TestUser>>, trustProxy?: unknown) {
  const clock = manualClock();
  const env = makeTestApp(memoryStore(), clock, extra);
  if (trustProxy !== undefined) env.app.set('trust proxy', trustProxy);
  await enrolUser(env.app, clock, 'alice');
  return { ...env, clock };
}

async function signIn(app: Parameters<typeof request.agent>[0], forwardedFor?: string) {
  const agent = request.agent(app);
  const login = agent.post('/login').set('Accept', 'application/json');
  if (forwardedFor) login.set('X-Forwarded-For', forwardedFor);
  const res = await login.send({ username: 'alice', password: 'alice-pass' });
  return { agent, res };
}

describe('trusted networks', () => {
  it('skips the second factor from a trusted range and records amr pwd+ip', async () => {
    // supertest connects over loopback: req.ip is 127.0.0.1 or ::ffff:127.0.0.1.
    const { app } = await setup({ skipNetworks: ['127.0.0.0/8'] });
    const { agent, res } = await signIn(app);
    assert.equal(res.status, 200);
    const me = await agent.get('/api/me');
    assert.deepEqual(me.body.session.amr, ['pwd', 'ip']);
  });

  it('ignores a spoofed X-Forwarded-For when no proxy is trusted', async () => {
    const { app } = await setup({ skipNetworks: ['10.0.0.0/8'] });
    const { res } = await signIn(app, '10.1.2.3');
    assert.equal(res.status, 401);
    assert.equal(res.body.error, 'second_factor_required');
  });

  it('uses the address one trusted proxy reports, and only that one', async () => {
    for (const setting of [1, 'loopback']) {
      const { app } = await setup({ skipNetworks: ['10.0.0.0/8'] }, setting);
      assert.equal((await signIn(app, '10.1.2.3')).res.status, 200, `trust proxy ${setting}`);
      // The client wrote the left entry itself; the proxy appended the real one.
      assert.equal((await signIn(app, '10.1.2.3, 203.0.113.9')).res.status, 401, `trust proxy ${setting}`);
    }
  });

  it('refuses trust proxy = true with a message that says how to fix it', async () => {
    const { app } = await setup({ skipNetworks: ['10.0.0.0/8'] });
    app.set('trust proxy', true);
    const { res } = await signIn(app, '10.1.2.3');
    assert.equal(res.status, 503);
    assert.match(res.body.message, /temporarily unavailable/);

    // Set before the first request: the app refuses to serve at all until it is fixed.
    const fresh = makeTestApp(memoryStore(), manualClock(), { skipNetworks: ['10.0.0.0/8'] }).app;
    fresh.set('trust proxy', true);
    const errors: unknown[] = [];
    const error = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      const page = await request(fresh).get('/public').set('Accept', 'application/json');
      assert.equal(page.status, 503);
    } finally {
      console.error = error;
    }
    assert.match(String((errors[0] as unknown[])[1]), /number of proxies/);
  });

  it('takes per-organisation lists from a function, and trusts nothing from a bad one', async () => {
    const warn = console.warn;
    const warnings: string[] = [];
    console.warn = (message: string) => warnings.push(String(message));
    try {
      let list: string[] = ['127.0.0.0/8'];
      const { app } = await setup({ skipNetworks: async () => list });
      assert.equal((await signIn(app)).res.status, 200);
      list = ['127.0.0.0/8', '010.0.0.0/8'];
      assert.equal((await signIn(app)).res.status, 401);
      assert.ok(warnings.some((w) => w.includes('"010.0.0.0/8"')));
      list = [];
      assert.equal((await signIn(app)).res.status, 401);
    } finally {
      console.warn = warn;
    }
  });

  it('still forces setup on a required user without a method, even on a trusted network', async () => {
    const clock = manualClock();
    const { app } = makeTestApp(memoryStore(), clock, { skipNetworks: ['127.0.0.0/8'], policy: () => 'required' });
    const { res } = await signIn(app);
    assert.equal(res.status, 401);
    assert.equal(res.body.setupUrl, '/2fa/setup');
  });
});
