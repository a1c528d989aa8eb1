import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Request, Response } from 'express';
import request from 'supertest';
import { memoryStore, TwoStepConfigError, type TwoStepOptions } from '../src/index.js';
import { generateTotp } from '../src/testing/index.js';
import { enrolUser, logIn, makeTestApp, manualClock, type TestUser } from './support/test-app.js';

async function setup(extra: Partial<TwoStepOptions<TestUser>> = {}) {
  const clock = manualClock();
  const env = makeTestApp(memoryStore(), clock, extra);
  env.app.get('/payroll', env.twoStep.require({ maxAgeSeconds: 300 }), (_req: Request, res: Response) => res.json({ payroll: true }));
  const { secret } = await enrolUser(env.app, clock, 'alice');
  return { ...env, clock, secret };
}

describe('step-up with twoStep.require({ maxAgeSeconds })', () => {
  it('passes a recent real factor and refuses it once it is too old', async () => {
    const env = await setup();
    const agent = request.agent(env.app);
    await logIn(agent, 'alice');
    await agent.post('/2fa/verify').set('Accept', 'application/json').send({ code: generateTotp({ secret: env.secret, nowMs: env.clock.now() }) });
    assert.equal((await agent.get('/payroll').set('Accept', 'application/json')).status, 200);
    env.clock.advanceSeconds(301);
    const stale = await agent.get('/payroll').set('Accept', 'application/json');
    assert.equal(stale.status, 403);
    assert.equal(stale.body.error, 'reverify_required');

    // A browser is sent to the re-verification page and comes back to the page it asked for.
    const page = await agent.get('/payroll?month=11').set('Accept', 'text/html');
    assert.equal(page.status, 303);
    assert.equal(page.headers.location, '/2fa/reverify?secondFactor=1&returnTo=%2Fpayroll%3Fmonth%3D11');
    assert.equal(stale.body.reverifyUrl, '/2fa/reverify?secondFactor=1');
    assert.equal((await agent.get(page.headers.location).set('Accept', 'text/html')).status, 200);
    const again = await agent.post('/2fa/reverify').type('form').send({ code: generateTotp({ secret: env.secret, nowMs: env.clock.now() }), returnTo: '/payroll?month=11' });
    assert.equal(again.status, 303);
    assert.equal(again.headers.location, '/payroll?month=11');
    assert.equal((await agent.get('/payroll').set('Accept', 'application/json')).status, 200);
  });

  it('the re-verification page it sends a browser to offers no password (a password would not pass it)', async () => {
    const clock = manualClock();
    const made = makeTestApp(memoryStore(), clock, { users: { id: (u: TestUser) => u.id, label: (u: TestUser) => u.username, verifyPassword: (u: TestUser, password: string) => u.password === password } });
    made.app.get('/payroll', made.twoStep.require({ maxAgeSeconds: 300 }), (_req: Request, res: Response) => res.json({ payroll: true }));
    const env = { ...made, clock, secret: (await enrolUser(made.app, clock, 'alice', { password: 'alice-pass' })).secret };
    const agent = request.agent(env.app);
    await logIn(agent, 'alice');
    await agent.post('/2fa/verify').set('Accept', 'application/json').send({ code: generateTotp({ secret: env.secret, nowMs: env.clock.now() }) });
    env.clock.advanceSeconds(301);
    const sent = await agent.get('/payroll').set('Accept', 'text/html');
    const reverify = await agent.get(sent.headers.location!).set('Accept', 'text/html');
    assert.equal(reverify.status, 200);
    assert.doesNotMatch(reverify.text, /name="password"/);
    assert.match(reverify.text, /name="code"/);
    assert.match((await agent.get('/2fa/reverify').set('Accept', 'text/html')).text, /name="password"/, 'elsewhere the password is offered');
  });

  it('refuses sessions upgraded by a trusted network or device until a real factor is verified', async () => {
    const env = await setup({ skipNetworks: ['127.0.0.0/8'] });
    const agent = request.agent(env.app);
    assert.equal((await logIn(agent, 'alice')).status, 200);
    assert.deepEqual((await agent.get('/api/me')).body.session.amr, ['pwd', 'ip']);
    assert.equal((await agent.get('/payroll').set('Accept', 'application/json')).status, 403);
    env.clock.advanceSeconds(30);
    const wrong = await agent.post('/2fa/reverify').set('Accept', 'application/json').send({ code: '000000' === generateTotp({ secret: env.secret, nowMs: env.clock.now() }) ? '111111' : '000000' });
    assert.equal(wrong.status, 401, 'a wrong re-verification code is refused');
    assert.equal((await agent.get('/payroll').set('Accept', 'application/json')).status, 403);
    await agent.post('/2fa/reverify').set('Accept', 'application/json').send({ code: generateTotp({ secret: env.secret, nowMs: env.clock.now() }) });
    assert.equal((await agent.get('/payroll').set('Accept', 'application/json')).status, 200);

    const device = await setup();
    const first = request.agent(device.app);
    await logIn(first, 'alice');
    const verified = await first.post('/2fa/verify').set('Accept', 'application/json').send({ code: generateTotp({ secret: device.secret, nowMs: device.clock.now() }), remember: true });
    const cookie = ([] as string[]).concat(verified.headers['set-cookie'] ?? []).find((c) => c.startsWith('twostep_device='))!.split(';')[0]!;
    const second = request.agent(device.app);
    const login = await second.post('/login').set('Accept', 'application/json').set('Cookie', cookie).send({ username: 'alice', password: 'alice-pass' });
    assert.equal(login.status, 200);
    assert.equal((await second.get('/payroll').set('Accept', 'application/json')).status, 403);
  });

  it('refuses a user with no second factor and anonymous visitors', async () => {
    const env = await setup();
    const bob = request.agent(env.app);
    await logIn(bob, 'bob');
    assert.equal((await bob.get('/payroll').set('Accept', 'application/json')).status, 403);
    assert.equal((await request(env.app).get('/payroll').set('Accept', 'application/json')).status, 401);
  });

  it('validates maxAgeSeconds', async () => {
    const env = await setup();
    for (const bad of [0, -1, 1.5, '300', undefined]) {
      assert.throws(() => env.twoStep.require({ maxAgeSeconds: bad as number }), TwoStepConfigError);
    }
  });
});
