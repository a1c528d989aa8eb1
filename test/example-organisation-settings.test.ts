/**
 * The example clinic app decides who must verify from its practices' settings, as data, on
 * real Redis (counters, sessions) and PostgreSQL (enrolments, settings): the seeded settings
 * are what the demo promises, a change made by an administrator governs the very next
 * sign-in of the same running app, and a restart keeps the change instead of seeding again.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import request from 'supertest';
import { createDemoApp, type DemoApp } from '../examples/app.js';
import { SEED_AUTHOR } from '../examples/organisations.js';
import { findByUsername } from '../examples/users.js';
import { enrolTotp, manualClock, type Agent } from './support/test-app.js';
import { usePostgres } from './support/postgres-fixture.ts';
import { useTestRedis } from './support/redis-fixture.ts';

const redis = useTestRedis();
const postgres = usePostgres();

/** The fixture's schema, through the connection string: the demo opens its own pool. */
function databaseUrl(): string {
  const url = new URL(postgres.url);
  url.searchParams.set('options', `-c search_path=${postgres.schema}`);
  return url.toString();
}

const opened: DemoApp[] = [];
async function startDemo(clock: ReturnType<typeof manualClock>): Promise<DemoApp> {
  const demo = createDemoApp({ now: clock.now, redisUrl: redis.server.url, databaseUrl: databaseUrl() });
  opened.push(demo);
  await demo.ready;
  return demo;
}

beforeEach(() => postgres.truncate());
afterEach(async () => {
  for (const demo of opened.splice(0)) await demo.close();
});

/** A fresh browser posts the demo's login form; answers where the demo sends it next. */
async function signIn(demo: DemoApp, username: string): Promise<{ agent: Agent; next: string }> {
  const agent = request.agent(demo.app);
  const res = await agent.post('/login').type('form').send({ username, password: findByUsername(username)!.password });
  assert.ok(res.status === 302 || res.status === 303, `${res.status} ${res.text}`);
  return { agent, next: res.headers.location ?? assert.fail('a login answer without a destination') };
}

/** How the demo's home page says the session was verified ("pwd + ip"). */
async function verifiedBy(agent: Agent): Promise<string> {
  const home = await agent.get('/');
  assert.equal(home.status, 200, `home: ${home.status} → ${home.headers.location}`);
  return /You are signed in \(([^)]+)\)/.exec(home.text)?.[1] ?? assert.fail('home page without how the session was verified');
}

describe('example app: who must verify is each practice\'s data', () => {
  it('seeds Riverside and Hillside once, by "seed"; a restart keeps an administrator\'s change', async () => {
    const clock = manualClock(Date.now());
    const first = await startDemo(clock);
    const riverside = await first.twoStep.organisations.get('riverside');
    assert.deepEqual(riverside.enforcement, { roles: ['staff', 'admin'] });
    assert.equal(riverside.updatedBy, SEED_AUTHOR);
    assert.deepEqual((await first.twoStep.organisations.get('hillside')).skipNetworks, ['192.168.40.0/24', '127.0.0.0/8', '::1/128']);

    await first.twoStep.organisations.update('riverside', { enforcement: 'off' }, { by: '3' });
    await first.close();
    opened.splice(0);

    const second = await startDemo(clock);
    const kept = await second.twoStep.organisations.get('riverside');
    assert.equal(kept.enforcement, 'off', 'the restart seeded over the change');
    assert.equal(kept.updatedBy, '3');
    assert.deepEqual((await second.twoStep.organisations.history('riverside')).map((c) => c.by), ['3', SEED_AUTHOR]);
    assert.equal((await signIn(second, 'nora')).next, '/', 'nora was held back by enforcement that was turned off');
  });

  it('Riverside enforcement off: nora (staff, no method) signs in with her password at once; back on: forced setup at once', async () => {
    const clock = manualClock(Date.now());
    const demo = await startDemo(clock);
    assert.equal((await signIn(demo, 'nora')).next, '/2fa/setup', 'the seed requires staff');

    await demo.twoStep.organisations.update('riverside', { enforcement: 'off' }, { by: '3' });
    const free = await signIn(demo, 'nora');
    assert.equal(free.next, '/');
    // Optional now, and without 2FA: offered setup, not forced into it.
    const offered = await free.agent.get('/').set('Accept', 'text/html');
    assert.equal(new URL(offered.headers.location ?? '', 'http://demo').pathname, '/2fa/prompt');

    await demo.twoStep.organisations.update('riverside', { enforcement: { roles: ['staff'] } }, { by: '3' });
    assert.equal((await signIn(demo, 'nora')).next, '/2fa/setup');
    // paul is a parent at Riverside: staff-only enforcement never held him back.
    assert.equal((await signIn(demo, 'paul')).next, '/');
  });

  it("Hillside's office network: hana skips the code only while the settings list this address", async () => {
    const clock = manualClock(Date.now());
    const demo = await startDemo(clock);
    const enrolling = await signIn(demo, 'hana');
    assert.equal(enrolling.next, '/2fa/setup');
    await enrolTotp(enrolling.agent, clock, { password: findByUsername('hana')!.password });
    clock.advanceSeconds(60);

    // The seed lists loopback, where supertest connects from.
    const skipped = await signIn(demo, 'hana');
    assert.equal(skipped.next, '/');
    assert.equal(await verifiedBy(skipped.agent), 'pwd + ip');

    await demo.twoStep.organisations.update('hillside', { skipNetworks: ['192.168.40.0/24'] }, { by: '3' });
    assert.equal((await signIn(demo, 'hana')).next, '/2fa/verify', 'a network taken off the list still skipped');

    await demo.twoStep.organisations.update('hillside', { skipNetworks: ['192.168.40.0/24', '127.0.0.1/32', '::1/128'] }, { by: '3' });
    const back = await signIn(demo, 'hana');
    assert.equal(back.next, '/');
    assert.equal(await verifiedBy(back.agent), 'pwd + ip');
  });
});
