/**
 * Organisation settings deciding real sign-ins (Express + express-session + Passport, driven
 * by supertest): the app says who belongs where (`users.organisations`), administrators
 * change settings through `twoStep.organisations`, and the next sign-in follows — forced
 * setup for enforcement 'all' and for roles, the strictest organisation winning, email
 * only, the office network, a grace period by moving the injected clock, the strictest of
 * code and data, and unreadable settings refusing with 503 (memory, real PostgreSQL, a
 * Redis that is not there).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Redis } from 'ioredis';
import request from 'supertest';
import {
  TwoStepError, memoryOrganisationSettings, memoryStore, postgresOrganisationSettings, redisOrganisationSettings,
  type OrganisationSettingsStore, type TwoStepEvents, type TwoStepOptions,
} from '../src/index.js';
import { enrolTotp, logIn, makeTestApp, manualClock, type Agent, type TestUser } from './support/test-app.js';
import { enrolmentOf } from './support/enrolment-reads.ts';
import { usePostgres } from './support/postgres-fixture.ts';
import { generateTotp, internalsOf } from '../src/testing/index.ts';
import { outbox } from './support/outbox.ts';
import { countingStore } from './support/counting-store.ts';

const postgres = usePostgres();
const DAY = 86_400_000;

type Memberships = Record<string, { id: string; roles?: string[] }[]>;

function setup(memberships: Memberships, extra: Partial<TwoStepOptions<TestUser>> = {}) {
  const clock = manualClock();
  const store = memoryStore();
  const env = makeTestApp(store, clock, {
    users: { id: (u) => u.id, label: (u) => u.username, organisations: (u) => memberships[u.username] ?? [] },
    ...extra,
  });
  const changes: TwoStepEvents['settings.changed'][] = [];
  env.twoStep.on('settings.changed', (event) => void changes.push(event));
  return { ...env, clock, store, memberships, changes };
}

/** A fresh browser's password step: 200 signed in, or 401 with what the second step needs. */
async function signIn(app: Parameters<typeof request.agent>[0], username: string): Promise<{ agent: Agent; res: request.Response }> {
  const agent = request.agent(app);
  return { agent, res: await logIn(agent, username) };
}

function assertForcedSetup(res: request.Response): void {
  assert.equal(res.status, 401, JSON.stringify(res.body));
  assert.equal(res.body.error, 'second_factor_required');
  assert.equal(res.body.setupUrl, '/2fa/setup');
}

describe('organisation settings decide the next sign-in', () => {
  it("enforcement 'all' forces setup of that organisation's users at their next sign-in, and announces the change", async () => {
    const env = setup({ alice: [{ id: 'riverside' }], carol: [{ id: 'hillside' }] });
    assert.equal((await signIn(env.app, 'alice')).res.status, 200, 'nothing enforced yet');
    const record = await env.twoStep.organisations.update('riverside', { enforcement: 'all' }, { by: 'manager-1' });
    assert.equal(record.version, 1);
    assertForcedSetup((await signIn(env.app, 'alice')).res);
    assert.equal((await signIn(env.app, 'carol')).res.status, 200, 'another organisation is not affected');
    assert.equal((await signIn(env.app, 'bob')).res.status, 200, 'nor a user in none');
    assert.equal(env.changes.length, 1);
    assert.deepEqual({ ...env.changes[0], after: undefined }, {
      userId: 'manager-1', at: env.clock.now(), outcome: 'success', orgId: 'riverside', version: 1, before: null, after: undefined,
    });
    assert.equal(env.changes[0]!.after.enforcement, 'all');

    await env.twoStep.organisations.update('riverside', { enforcement: 'off' }, { by: 'manager-2' });
    assert.equal((await signIn(env.app, 'alice')).res.status, 200, 'turned off again: the next sign-in follows');
    assert.equal(env.changes[1]!.before?.enforcement, 'all');
    assert.deepEqual((await env.twoStep.organisations.history('riverside')).map((c) => c.by), ['manager-2', 'manager-1']);
  });

  it('a refused change saves nothing, fires nothing and leaves the next sign-in as it was', async () => {
    const env = setup({ alice: [{ id: 'riverside' }] });
    const error = await env.twoStep.organisations.update('riverside', { enforcement: 'all', skipNetworks: ['10.0.0.0/8', 'the office'] }, { by: 'm' }).catch((e: unknown) => e);
    assert.ok(error instanceof TwoStepError && error.code === 'invalid_settings', String(error));
    assert.deepEqual(error.details.fields?.map((f) => f.field), ['skipNetworks[1]']);
    assert.equal((await signIn(env.app, 'alice')).res.status, 200);
    assert.deepEqual(env.changes, []);
    assert.equal((await env.twoStep.organisations.get('riverside')).version, 0);
  });

  it('enforcement by roles: only the users holding a named role in that organisation', async () => {
    const env = setup({ alice: [{ id: 'riverside', roles: ['vet'] }], bob: [{ id: 'riverside', roles: ['reception'] }], carol: [{ id: 'riverside' }] });
    await env.twoStep.organisations.update('riverside', { enforcement: { roles: ['vet', 'nurse'] } }, { by: 'm' });
    assertForcedSetup((await signIn(env.app, 'alice')).res);
    assert.equal((await signIn(env.app, 'bob')).res.status, 200);
    assert.equal((await signIn(env.app, 'carol')).res.status, 200);
  });

  it('the strictest organisation wins: required in one practice is required in all; unconfigured ones have no say', async () => {
    const env = setup({ bob: [{ id: 'a' }, { id: 'b', roles: ['parent'] }, { id: 'never-configured' }] });
    await env.twoStep.organisations.update('a', { enforcement: 'off' }, { by: 'm' });
    assert.equal((await signIn(env.app, 'bob')).res.status, 200);
    await env.twoStep.organisations.update('b', { enforcement: { roles: ['parent'] } }, { by: 'm' });
    assertForcedSetup((await signIn(env.app, 'bob')).res);
  });

  it('the strictest of code and data: an exempt policy does not waive an organisation that requires, a required policy stays', async () => {
    const exempt = setup({ alice: [{ id: 'riverside' }] }, { policy: () => 'exempt' });
    assert.equal((await signIn(exempt.app, 'alice')).res.status, 200);
    await exempt.twoStep.organisations.update('riverside', { enforcement: 'all' }, { by: 'm' });
    assertForcedSetup((await signIn(exempt.app, 'alice')).res);

    const required = setup({ alice: [{ id: 'riverside' }] }, { policy: (u) => (u.role === 'staff' ? 'required' : 'optional') });
    await required.twoStep.organisations.update('riverside', { enforcement: 'off', graceDays: 30 }, { by: 'm' });
    assertForcedSetup((await signIn(required.app, 'alice')).res);
  });

  it('email only: other methods are refused with 403, and the code\'s list is narrowed, never widened', async () => {
    const mail = outbox();
    const env = setup({ alice: [{ id: 'riverside' }, { id: 'hillside' }] }, {
      allowedMethods: () => ['totp', 'email'], delivery: { email: mail.deliver, sms: mail.deliver }, notifications: false,
    });
    await env.twoStep.organisations.update('riverside', { enforcement: 'all', allowedMethods: ['email', 'sms'] }, { by: 'm' });
    const { agent, res } = await signIn(env.app, 'alice');
    assertForcedSetup(res);
    for (const type of ['totp', 'sms']) {
      const refused = await agent.post('/2fa/methods').set('Accept', 'application/json').send({ type, address: '+447700900123' });
      assert.equal(refused.status, 403, `${type}: ${JSON.stringify(refused.body)}`);
      assert.equal(refused.body.error, 'method_not_allowed');
      assert.match(refused.body.message, /Your organisation does not allow .* Use email codes instead\./);
    }
    const email = await agent.post('/2fa/methods').set('Accept', 'application/json').send({ type: 'email', address: 'alice@example.com' });
    assert.equal(email.status, 201, JSON.stringify(email.body));
    // A second organisation allowing only authenticator apps leaves nothing in common: email is refused too.
    await env.twoStep.organisations.update('hillside', { allowedMethods: ['totp'] }, { by: 'm' });
    const none = await agent.post('/2fa/methods').set('Accept', 'application/json').send({ type: 'email', address: 'alice@example.com' });
    assert.equal(none.status, 403);
  });

  it('the office network skips the second step only when every organisation requiring the user lists it', async () => {
    const env = setup({ alice: [{ id: 'riverside' }] });
    await env.twoStep.organisations.update('riverside', { enforcement: 'all' }, { by: 'm' });
    const first = await signIn(env.app, 'alice');
    const { secret } = await enrolTotp(first.agent, env.clock);
    env.clock.advanceSeconds(60);
    assert.equal((await signIn(env.app, 'alice')).res.status, 401, 'enrolled: challenged');

    await env.twoStep.organisations.update('riverside', { skipNetworks: ['127.0.0.0/8', '::1/128'] }, { by: 'm' });
    const skipped = await signIn(env.app, 'alice');
    assert.equal(skipped.res.status, 200, JSON.stringify(skipped.res.body));
    assert.deepEqual((await skipped.agent.get('/api/me')).body.session.amr, ['pwd', 'ip']);

    env.memberships.alice!.push({ id: 'hillside' });
    await env.twoStep.organisations.update('hillside', { enforcement: 'all', skipNetworks: ['192.0.2.0/24'] }, { by: 'm' });
    const challenged = await signIn(env.app, 'alice');
    assert.equal(challenged.res.status, 401, 'hillside requires alice and does not list this network');
    const verified = await challenged.agent.post('/2fa/verify').set('Accept', 'application/json').send({ code: generateTotp({ secret, nowMs: env.clock.now() }) });
    assert.equal(verified.status, 200);

    await env.twoStep.organisations.update('hillside', { skipNetworks: ['192.0.2.0/24', '127.0.0.1', '::1'] }, { by: 'm' });
    assert.equal((await signIn(env.app, 'alice')).res.status, 200, 'now both list it');
  });

  it('the office network and the skipNetworks option: both must agree', async () => {
    const env = setup({ alice: [{ id: 'riverside' }] }, { skipNetworks: ['127.0.0.0/8', '::1/128', '::ffff:127.0.0.0/104'] });
    await env.twoStep.organisations.update('riverside', { enforcement: 'all' }, { by: 'm' });
    const first = await signIn(env.app, 'alice');
    await enrolTotp(first.agent, env.clock);
    env.clock.advanceSeconds(60);
    assert.equal((await signIn(env.app, 'alice')).res.status, 401, 'the option lists it, the organisation (which has a say) does not');
    await env.twoStep.organisations.update('riverside', { skipNetworks: ['127.0.0.0/8', '::1/128'] }, { by: 'm' });
    assert.equal((await signIn(env.app, 'alice')).res.status, 200);
  });

  it('a grace period: the prompt shows the deadline and setup may be put off until it passes, then setup is forced', async () => {
    const env = setup({ alice: [{ id: 'riverside' }] });
    await env.twoStep.organisations.update('riverside', { enforcement: 'all', graceDays: 7 }, { by: 'm' });
    const start = env.clock.now();
    const { agent, res } = await signIn(env.app, 'alice');
    assert.equal(res.status, 200, 'within the grace period: signed in');
    assert.equal((await enrolmentOf(env.store, 'u-alice'))?.requiredSince, start, 'the period starts at the first required sign-in');
    const first = await agent.get('/').set('Accept', 'text/html');
    assert.equal(first.headers.location, '/2fa/prompt?returnTo=%2F');
    const prompt = await agent.get(first.headers.location!).set('Accept', 'text/html');
    assert.match(prompt.text, new RegExp(`You can put it off until <time datetime="${new Date(start + 7 * DAY).toISOString()}" data-local>`));
    assert.doesNotMatch(prompt.text, /Don&#39;t show this again/, 'a deadline cannot be silenced');
    assert.equal((await agent.post('/2fa/skip').set('Accept', 'application/json').send({})).status, 200, 'Skip puts it off');

    env.clock.set(start + 7 * DAY - 60_000);
    const later = await signIn(env.app, 'alice');
    assert.equal(later.res.status, 200, 'a minute before the deadline: still signed in');
    assert.equal((await later.agent.get('/').set('Accept', 'text/html')).headers.location, '/2fa/prompt?returnTo=%2F', 'and asked again every sign-in');

    env.clock.set(start + 7 * DAY);
    assertForcedSetup((await signIn(env.app, 'alice')).res);
    assert.equal((await later.agent.post('/2fa/skip').set('Accept', 'application/json').send({})).status, 403, 'past the deadline Skip is refused');
  });

  it('a user the grace period was dismissed for once still sees the prompt; an administrator\'s shorter grace applies at once', async () => {
    const env = setup({ alice: [{ id: 'riverside' }] });
    const start = env.clock.now();
    await env.twoStep.organisations.update('riverside', { enforcement: 'all', graceDays: 10 }, { by: 'm' });
    const { agent } = await signIn(env.app, 'alice');
    await agent.post('/2fa/skip').set('Accept', 'application/json').send({ dontShowAgain: true });
    env.clock.set(start + 3 * DAY);
    const again = await signIn(env.app, 'alice');
    assert.equal(again.res.status, 200);
    assert.equal((await again.agent.get('/').set('Accept', 'text/html')).headers.location, '/2fa/prompt?returnTo=%2F');
    await env.twoStep.organisations.update('riverside', { graceDays: 2 }, { by: 'm' });
    assertForcedSetup((await signIn(env.app, 'alice')).res);
  });

  it('trustedDeviceDays: 0 turns remembering off, a shorter period asks a remembered browser again sooner', async () => {
    const env = setup({ alice: [{ id: 'riverside' }] });
    await env.twoStep.organisations.update('riverside', { enforcement: 'all', trustedDeviceDays: 2 }, { by: 'm' });
    const first = await signIn(env.app, 'alice');
    const { secret } = await enrolTotp(first.agent, env.clock);
    env.clock.advanceSeconds(60);
    const browser = request.agent(env.app);
    assert.equal((await logIn(browser, 'alice')).status, 401);
    const page = await browser.get('/2fa/verify').set('Accept', 'text/html');
    assert.match(page.text, /Remember this device for 2 days/, 'the challenge page offers the organisation\'s 2 days, not the option\'s 30');
    const verified = await browser.post('/2fa/verify').set('Accept', 'application/json').send({ code: generateTotp({ secret, nowMs: env.clock.now() }), remember: true });
    assert.equal(verified.status, 200);
    const cookie = ([] as string[]).concat(verified.headers['set-cookie'] ?? []).find((c) => c.startsWith('twostep_device='));
    assert.ok(cookie, 'remembered');
    assert.match(cookie, /Max-Age=172800;/, 'for the organisation\'s 2 days, not the option\'s 30');
    await browser.post('/logout');
    env.clock.advanceSeconds(86_400);
    assert.equal((await logIn(browser, 'alice')).status, 200, 'a day later: the browser is remembered');
    await browser.post('/logout');

    await env.twoStep.organisations.update('riverside', { trustedDeviceDays: 0 }, { by: 'm' });
    assert.equal((await logIn(browser, 'alice')).status, 401, 'remembering turned off: the cookie no longer skips');
    const off = await browser.get('/2fa/verify').set('Accept', 'text/html');
    assert.equal(off.status, 200);
    assert.doesNotMatch(off.text, /Remember this device/, 'and the challenge page no longer offers it');
  });
});

describe('what reading settings costs', () => {
  function countedSetup(extra: Partial<TwoStepOptions<TestUser>> = {}) {
    const counted = countingStore();
    const settingsCalls: string[] = [];
    const real = memoryOrganisationSettings();
    /** While set, what readMany read is handed over only once `release` is called (it reads at once). */
    const held: { on: boolean; waiting: Array<() => void>; release(): void } = {
      on: false,
      waiting: [],
      release() { for (const go of this.waiting.splice(0)) go(); },
    };
    const settings = new Proxy(real, {
      get: (target, key) => {
        const value = Reflect.get(target, key);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          settingsCalls.push(String(key));
          const result = value.apply(target, args);
          if (key !== 'readMany' || !held.on) return result;
          return Promise.resolve(result).then((read) => new Promise((resolve) => held.waiting.push(() => resolve(read))));
        };
      },
    });
    const memberships: Memberships = { alice: [{ id: 'riverside', roles: ['vet'] }, { id: 'hillside' }] };
    const clock = manualClock();
    const env = makeTestApp(counted.store, clock, {
      users: { id: (u) => u.id, label: (u) => u.username, organisations: (u) => memberships[u.username] ?? [] },
      organisationSettings: settings, setupPrompt: false, ...extra,
    });
    const reads = () => settingsCalls.splice(0);
    return { ...env, counted, clock, reads, held };
  }

  it('a sign-in reads the settings once (readMany), later ones none; a verified request reads no settings and makes no store call', async () => {
    const { app, twoStep, counted, reads } = countedSetup();
    await twoStep.organisations.update('riverside', { enforcement: { roles: ['nurse'] }, skipNetworks: ['127.0.0.0/8', '::1/128'] }, { by: 'm' });
    reads();
    const agent = request.agent(app);
    assert.equal((await logIn(agent, 'alice')).status, 200);
    assert.deepEqual(reads(), ['readMany'], 'one settings read for both organisations (the unconfigured one is remembered too)');
    for (let i = 0; i < 3; i += 1) assert.equal((await logIn(request.agent(app), 'alice')).status, 200);
    assert.deepEqual(reads(), [], 'the cache is warm: later sign-ins read no settings');
    counted.reset();
    for (let i = 0; i < 5; i += 1) assert.equal((await agent.get('/api/me')).status, 200);
    assert.deepEqual(reads(), [], 'verified requests read no settings');
    assert.equal(counted.calls(), 0, 'and make no store call');
  });

  it('answers to a challenge (a wrong code, the right one) read no settings once warm; a change is read again once, at the next sign-in', async () => {
    const { app, twoStep, clock, reads } = countedSetup();
    await twoStep.organisations.update('riverside', { enforcement: 'all' }, { by: 'm' });
    const first = request.agent(app);
    assert.equal((await logIn(first, 'alice')).status, 401);
    const { secret } = await enrolTotp(first, clock);
    clock.advanceSeconds(60);
    const browser = request.agent(app);
    assert.equal((await logIn(browser, 'alice')).status, 401);
    reads();
    for (let i = 0; i < 3; i += 1) {
      const wrong = await browser.post('/2fa/verify').set('Accept', 'application/json').send({ code: '000000' });
      assert.equal(wrong.status, 401, JSON.stringify(wrong.body));
    }
    assert.equal((await browser.post('/2fa/verify').set('Accept', 'application/json').send({ code: generateTotp({ secret, nowMs: clock.now() }) })).status, 200);
    assert.deepEqual(reads(), [], 'no settings read by any answer');

    await twoStep.organisations.update('riverside', { enforcement: 'off' }, { by: 'm' });
    reads();
    assert.equal((await logIn(request.agent(app), 'alice')).status, 401, 'enrolled users are still asked');
    assert.deepEqual(reads(), ['readMany'], 'the changed organisation is read again, once');
  });

  it('sign-ins at once on a cold cache share one read; one that starts after a change does not share a read from before it', async () => {
    const { app, twoStep, reads, held } = countedSetup();
    const cache = internalsOf(twoStep).settingsCache!;
    const readsMade = () => reads().filter((name) => name === 'readMany').length;
    held.on = true;
    const crowd = Array.from({ length: 20 }, () => logIn(request.agent(app), 'alice'));
    // Every sign-in of the crowd has reached the settings (each would have read by now).
    await new Promise((resolve) => setTimeout(resolve, 200));
    held.release();
    held.on = false;
    for (const res of await Promise.all(crowd)) assert.equal(res.status, 200);
    assert.equal(readsMade(), 1, 'twenty sign-ins, one read of their two organisations');
    assert.equal(cache.size, 2);

    // A read in flight (the settings as they were: not enforced), then a change, then a sign-in.
    await twoStep.organisations.update('riverside', { trustedDeviceDays: 7 }, { by: 'm' });
    held.on = true;
    const before = logIn(request.agent(app), 'alice');
    for (const giveUpAt = Date.now() + 1000; held.waiting.length === 0 && Date.now() < giveUpAt;) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.equal(held.waiting.length, 1, 'the first sign-in is reading');
    await twoStep.organisations.update('riverside', { enforcement: 'all' }, { by: 'm' });
    const after = logIn(request.agent(app), 'alice');
    // Its own read is the second one held (given a second to start: a shared read never would).
    for (const giveUpAt = Date.now() + 1000; held.waiting.length < 2 && Date.now() < giveUpAt;) await new Promise((resolve) => setTimeout(resolve, 5));
    held.release();
    held.on = false;
    assert.equal((await before).status, 200, 'read before the change: answered as it was');
    const forced = await after;
    assertForcedSetup(forced);
    reads();
    assert.equal((await logIn(request.agent(app), 'alice')).status, 401, 'and what is kept is the new settings');
    assert.equal(readsMade(), 0);
  });

  it('no entry is served older than organisationSettingsCache.maxAgeSeconds, and the cache holds at most maxEntries organisations', async () => {
    const { app, twoStep, clock, reads } = countedSetup({ organisationSettingsCache: { maxAgeSeconds: 5, maxEntries: 1 } });
    const cache = internalsOf(twoStep).settingsCache!;
    await logIn(request.agent(app), 'alice');
    reads();
    assert.equal(cache.size, 1, 'alice\'s two organisations, one kept');
    await logIn(request.agent(app), 'alice');
    assert.deepEqual(reads(), ['readMany'], 'the one dropped is read again');
    await logIn(request.agent(app), 'carol');
    assert.deepEqual(reads(), [], 'a user in no organisation reads nothing');
    clock.advanceSeconds(5);
    await logIn(request.agent(app), 'alice');
    assert.deepEqual(reads(), ['readMany'], 'expired after 5 s');
  });
});

describe('settings that cannot be read refuse the sign-in (503), never "not enforced"', () => {
  it('on real PostgreSQL: read at sign-in, and a closed port answers 503', async () => {
    const settings = postgresOrganisationSettings(postgres.pool);
    await settings.createSchema();
    const env = setup({ alice: [{ id: 'riverside' }] }, { organisationSettings: settings });
    await env.twoStep.ready();
    await env.twoStep.organisations.update('riverside', { enforcement: 'all' }, { by: 'manager' });
    assertForcedSetup((await signIn(env.app, 'alice')).res);
    const { rows } = await postgres.pool.query('SELECT version, updated_by FROM twostep_organisation_settings WHERE org_id = $1', ['riverside']);
    assert.deepEqual(rows, [{ version: '1', updated_by: 'manager' }]);

    const dead = postgres.makePool({ port: 1, connectionTimeoutMillis: 300 });
    const down = setup({ alice: [{ id: 'riverside' }] }, { organisationSettings: postgresOrganisationSettings(dead) });
    const refused = (await signIn(down.app, 'alice')).res;
    assert.equal(refused.status, 503);
    assert.equal(refused.body.error, 'unavailable');
    assert.equal((await signIn(down.app, 'bob')).res.status, 200, 'a user in no organisation needs no settings');
    await dead.end();
  });

  it('Redis away, a throwing or malformed users.organisations: 503', async () => {
    const client = new Redis({ port: 1, lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => {});
    const redisDown = setup({ alice: [{ id: 'riverside' }] }, { organisationSettings: redisOrganisationSettings(client, { checkPersistence: false, timeoutSeconds: 0.5 }) });
    assert.equal((await signIn(redisDown.app, 'alice')).res.status, 503);
    client.disconnect();

    for (const organisations of [() => { throw new Error('directory down'); }, () => [{ name: 'no id' }], () => 'riverside']) {
      const env = setup({}, { users: { id: (u) => u.id, organisations: organisations as never } });
      const res = (await signIn(env.app, 'alice')).res;
      assert.equal(res.status, 503, JSON.stringify(res.body));
    }
  });

  it('an organisation settings store is required with users.organisations when the store has none', () => {
    const bare = { ...memoryStore(), defaultOrganisationSettings: undefined };
    assert.throws(() => makeTestApp(bare, manualClock(), { users: { id: (u) => u.id, organisations: () => [] } }), /`users.organisations` is set, but this store keeps no organisation settings/);
    const partial = { read: async () => null } as unknown as OrganisationSettingsStore;
    assert.throws(() => makeTestApp(memoryStore(), manualClock(), { organisationSettings: partial }), /`organisationSettings` is missing readMany, write, history/);
  });
});
