import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import { memoryStore, strictestPolicy } from '../src/index.js';
import { generateTotp } from '../src/testing/index.js';
import { enrolTotp, enrolUser, logIn, makeTestApp, manualClock, type TestUser } from './support/test-app.js';

const byRole = (user: TestUser): 'required' | 'optional' => (user.role === 'staff' ? 'required' : 'optional');

function setup(policy: (user: TestUser) => any = byRole) {
  const clock = manualClock();
  const store = memoryStore();
  const { app, twoStep } = makeTestApp(store, clock, { policy });
  return { clock, store, app, twoStep };
}

describe('strictestPolicy', () => {
  const roles: Record<string, string[]> = {
    both: ['parent', 'staff'],
    parent: ['parent'],
    tenants: ['practice-1:parent', 'practice-2:staff'],
    sso: ['sso'],
    typo: ['stafff'],
    none: [],
  };
  const policy = strictestPolicy<string>({
    levelsByRole: { staff: 'required', parent: 'optional', sso: 'exempt', 'practice-1:parent': 'optional', 'practice-2:staff': 'required' },
    rolesOf: async (name) => roles[name] ?? [],
  });

  it('takes the strictest role, across organisations', async () => {
    assert.equal(await policy('both'), 'required');
    assert.equal(await policy('parent'), 'optional');
    assert.equal(await policy('tenants'), 'required', 'required in one practice means required in all');
    assert.equal(await policy('sso'), 'exempt');
  });

  it('treats an unknown role, or no role, as required unless told otherwise', async () => {
    assert.equal(await policy('typo'), 'required');
    assert.equal(await policy('none'), 'required');
    const lenient = strictestPolicy<string>({ levelsByRole: { staff: 'required' }, rolesOf: (n) => roles[n] ?? [], unknownRole: 'optional' });
    assert.equal(await lenient('typo'), 'optional');
  });

  it('refuses a bad level at construction', () => {
    assert.throws(() => strictestPolicy({ levelsByRole: { staff: 'mandatory' as never }, rolesOf: () => [] }), /levelsByRole\.staff/);
  });
});

describe('forced setup for a required user without a method', () => {
  it('cannot be bypassed by browsing pages, APIs or other 2FA routes', async () => {
    const { app } = setup();
    const agent = request.agent(app);
    const login = await logIn(agent, 'alice');
    assert.equal(login.status, 401);
    assert.equal(login.body.error, 'second_factor_required');
    assert.equal(login.body.setupUrl, '/2fa/setup');

    const page = await agent.get('/reports/1').set('Accept', 'text/html');
    assert.equal(page.status, 303);
    assert.equal(page.headers.location, '/2fa/setup');
    assert.equal((await agent.get('/').set('Accept', 'text/html')).headers.location, '/2fa/setup');
    const api = await agent.get('/api/me').set('Accept', 'application/json');
    assert.equal(api.status, 401);
    assert.equal(api.body.error, 'second_factor_required');
    for (const [method, path] of [['post', '/2fa/disable'], ['post', '/2fa/skip'], ['get', '/2fa/devices'], ['delete', '/2fa/devices'], ['post', '/2fa/verify'], ['post', '/2fa/passport']] as const) {
      const res = await agent[method](path).set('Accept', 'application/json').send({ code: '123456' });
      assert.ok(res.status >= 400 && res.status < 500, `${method} ${path} → ${res.status}`);
      assert.notEqual(res.body.verified, true);
    }
    assert.equal((await agent.get('/2fa/verify')).headers.location, '/2fa/setup');
    const status = await agent.get('/2fa/status');
    assert.equal(status.body.state, 'setup');
    assert.equal(status.body.required, true);
    assert.equal((await agent.get('/2fa/setup').set('Accept', 'text/html')).status, 200);
  });

  it('upgrades the session once a method is confirmed', async () => {
    const { app, clock } = setup();
    const agent = request.agent(app);
    await logIn(agent, 'alice');
    await enrolTotp(agent, clock);
    const me = await agent.get('/api/me');
    assert.equal(me.status, 200);
    assert.deepEqual(me.body.session.amr, ['pwd', 'totp']);
  });

  it('lets an optional user without 2FA straight in, and an exempt one too', async () => {
    const { app } = setup((u) => (u.username === 'carol' ? 'exempt' : byRole(u)));
    for (const name of ['bob', 'carol']) {
      const agent = request.agent(app);
      assert.equal((await logIn(agent, name)).status, 200);
      assert.deepEqual((await agent.get('/api/me')).body.session.amr, ['pwd']);
    }
  });

  it('exempts an enrolled user when the policy says so (SSO sign-in)', async () => {
    const env = setup((u) => (u.username === 'bob' && ssoNow ? 'exempt' : byRole(u)));
    let ssoNow = false;
    await enrolUser(env.app, env.clock, 'bob');
    ssoNow = true;
    const agent = request.agent(env.app);
    assert.equal((await logIn(agent, 'bob')).status, 200);
  });
});

describe('a required user cannot switch 2FA off', () => {
  it('refuses disable with 403 and removing the last method with 409', async () => {
    const { app, clock } = setup();
    const agent = request.agent(app);
    await logIn(agent, 'alice');
    const { methodId } = await enrolTotp(agent, clock);
    const disabled = await agent.post('/2fa/disable').set('Accept', 'application/json');
    assert.equal(disabled.status, 403);
    assert.equal(disabled.body.error, 'required_by_policy');
    const removed = await agent.delete(`/2fa/methods/${methodId}`).set('Accept', 'application/json');
    assert.equal(removed.status, 409);
    assert.equal(removed.body.error, 'method_required');
    assert.equal((await agent.get('/2fa/status')).body.enabled, true);
  });
});

describe('a policy that fails skips nothing', () => {
  it('challenges a user who has a method', async () => {
    let broken = false;
    const env = setup((u) => {
      if (broken) throw new Error('directory down');
      return byRole(u);
    });
    const { secret } = await enrolUser(env.app, env.clock, 'bob');
    broken = true;
    const agent = request.agent(env.app);
    const login = await logIn(agent, 'bob');
    assert.equal(login.status, 401);
    assert.equal(login.body.error, 'second_factor_required');
    const ok = await agent.post('/2fa/verify').set('Accept', 'application/json').send({ code: generateTotp({ secret, nowMs: env.clock.now() }) });
    assert.equal(ok.status, 200);
  });

  it('answers 503 to a user with no method, and lets nobody in', async () => {
    const { app } = setup(async () => {
      throw new Error('directory down');
    });
    const agent = request.agent(app);
    const login = await logIn(agent, 'bob');
    assert.equal(login.status, 503);
    assert.equal(login.body.error, 'unavailable');
    assert.equal((await agent.get('/api/me').set('Accept', 'application/json')).status, 503);
  });

  it('treats a nonsense answer as a failure', async () => {
    const { app } = setup(() => 'sometimes');
    assert.equal((await logIn(request.agent(app), 'bob')).status, 503);
  });
});
