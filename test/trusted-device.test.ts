import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import { memoryStore, type TwoStepOptions } from '../src/index.js';
import { generateTotp } from '../src/testing/index.js';
import { enrolUser, makeTestApp, manualClock, type TestUser } from './support/test-app.js';

function deviceCookieOf(res: request.Response): { value: string; header: string } | undefined {
  const header = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('twostep_device='));
  if (!header) return undefined;
  return { header, value: header.slice('twostep_device='.length, header.indexOf(';')) };
}

async function setup(extra: Partial<TwoStepOptions<TestUser>> = {}) {
  const clock = manualClock();
  const store = memoryStore();
  const env = makeTestApp(store, clock, extra);
  const alice = await enrolUser(env.app, clock, 'alice');
  const bob = await enrolUser(env.app, clock, 'bob');
  return { ...env, clock, store, secrets: { alice: alice.secret, bob: bob.secret } };
}

type Env = Awaited<ReturnType<typeof setup>>;

/** Signs in with password (and a device cookie if given); returns the status and any new device cookie. */
async function signIn(env: Env, username: 'alice' | 'bob', cookie?: string, remember = false) {
  const agent = request.agent(env.app);
  const login = agent.post('/login').set('Accept', 'application/json');
  if (cookie) login.set('Cookie', `twostep_device=${cookie}`);
  const res = await login.send({ username, password: `${username}-pass` });
  if (res.status !== 401 || !remember) return { agent, res, device: deviceCookieOf(res) };
  env.clock.advanceSeconds(30);
  const verified = await agent.post('/2fa/verify').set('Accept', 'application/json')
    .send({ code: generateTotp({ secret: env.secrets[username], nowMs: env.clock.now() }), remember: true });
  assert.equal(verified.status, 200);
  return { agent, res: verified, device: deviceCookieOf(verified) };
}

describe('trusted devices', () => {
  it('remembers a browser with an opaque HttpOnly, SameSite=Lax cookie and skips the code next time', async () => {
    const env = await setup();
    const first = await signIn(env, 'alice', undefined, true);
    assert.ok(first.device);
    assert.match(first.device.header, /HttpOnly/);
    assert.match(first.device.header, /SameSite=Lax/);
    assert.match(first.device.header, /Path=\//);
    assert.match(first.device.header, /Max-Age=2592000/);
    assert.doesNotMatch(first.device.header, /Secure/, 'plain HTTP here; Secure is set when req.secure');
    assert.doesNotMatch(first.device.value, /alice/);

    const again = await signIn(env, 'alice', first.device.value);
    assert.equal(again.res.status, 200);
    assert.deepEqual((await again.agent.get('/api/me')).body.session.amr, ['pwd', 'device']);
    const devices = await again.agent.get('/2fa/devices').set('Accept', 'application/json');
    assert.equal(devices.body.devices.length, 1);
  });

  it('rotates the cookie on every use: the old value stops working', async () => {
    const env = await setup();
    const first = await signIn(env, 'alice', undefined, true);
    const second = await signIn(env, 'alice', first.device!.value);
    assert.equal(second.res.status, 200);
    assert.ok(second.device);
    assert.notEqual(second.device.value, first.device!.value);
    assert.equal((await signIn(env, 'alice', first.device!.value)).res.status, 401, 'a copied, already-rotated cookie');
    assert.equal((await signIn(env, 'alice', second.device.value)).res.status, 200);
  });

  it('ignores a tampered cookie and challenges', async () => {
    const env = await setup();
    const { value } = (await signIn(env, 'alice', undefined, true)).device!;
    const [id, token] = value.split('.') as [string, string];
    const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    for (const bad of [`${id}.${flipped}`, `${id}x.${token}`, token, `${id}.${token}.x`, `${id}.`, '%00', 'a'.repeat(5000)]) {
      const res = (await signIn(env, 'alice', bad)).res;
      assert.equal(res.status, 401, bad.slice(0, 40));
    }
    assert.equal((await signIn(env, 'alice', value)).res.status, 200, 'failures did not revoke the real device');
  });

  it('binds the cookie to one user', async () => {
    const env = await setup();
    const { value } = (await signIn(env, 'alice', undefined, true)).device!;
    const res = (await signIn(env, 'bob', value)).res;
    assert.equal(res.status, 401);
    assert.equal(res.body.error, 'second_factor_required');
  });

  it('expires after maxAgeSeconds, counted from the verification (rotation does not extend it)', async () => {
    const env = await setup({ trustedDevices: { maxAgeSeconds: 3600 } });
    const first = await signIn(env, 'alice', undefined, true);
    env.clock.advanceSeconds(3000);
    const second = await signIn(env, 'alice', first.device!.value);
    assert.equal(second.res.status, 200);
    env.clock.advanceSeconds(700);
    assert.equal((await signIn(env, 'alice', second.device!.value)).res.status, 401);
  });

  it('forgets every device on passwordChanged, disable and revoke', async () => {
    const env = await setup();
    const a = (await signIn(env, 'alice', undefined, true)).device!.value;
    assert.equal(await env.twoStep.passwordChanged('u-alice'), 1);
    assert.equal((await signIn(env, 'alice', a)).res.status, 401);

    const b = await signIn(env, 'alice', undefined, true);
    const list = await b.agent.get('/2fa/devices').set('Accept', 'application/json');
    const revoked = await b.agent.delete(`/2fa/devices/${list.body.devices[0].id}`).set('Accept', 'application/json');
    assert.deepEqual(revoked.body, { revoked: 1 });
    assert.equal((await signIn(env, 'alice', b.device!.value)).res.status, 401);

    const c = await signIn(env, 'alice', undefined, true);
    assert.deepEqual((await c.agent.delete('/2fa/devices').set('Accept', 'application/json')).body, { revoked: 1 });
    assert.equal((await signIn(env, 'alice', c.device!.value)).res.status, 401);

    const d = await signIn(env, 'bob', undefined, true);
    assert.equal((await d.agent.post('/2fa/disable').set('Accept', 'application/json')).status, 200);
    assert.equal((await env.store.listDevices('u-bob', env.clock.now())).length, 0);
  });

  it('challenges when the device record cannot be read', async () => {
    const env = await setup();
    const { value } = (await signIn(env, 'alice', undefined, true)).device!;
    const original = env.store.getDevice;
    env.store.getDevice = async () => {
      throw new Error('redis down');
    };
    const warn = console.warn;
    console.warn = () => {};
    try {
      assert.equal((await signIn(env, 'alice', value)).res.status, 401);
    } finally {
      console.warn = warn;
      env.store.getDevice = original;
    }
  });

  it('remembers automatically when the organisation says so, and refuses a malformed flag', async () => {
    const env = await setup({ trustedDevices: { automatic: (u) => u.role === 'staff' } });
    const auto = await signIn(env, 'alice', undefined, false);
    assert.equal(auto.res.status, 401);
    env.clock.advanceSeconds(30);
    const verified = await auto.agent.post('/2fa/verify').set('Accept', 'application/json')
      .send({ code: generateTotp({ secret: env.secrets.alice, nowMs: env.clock.now() }) });
    assert.ok(deviceCookieOf(verified));

    const bob = await signIn(env, 'bob');
    const bad = await bob.agent.post('/2fa/verify').set('Accept', 'application/json').send({ code: '123456', remember: 'yes please' });
    assert.equal(bad.status, 400);
    assert.equal((await env.store.getLockState('u-bob', env.clock.now())).failures, 0, 'a 400 counts no attempt');
  });
});
