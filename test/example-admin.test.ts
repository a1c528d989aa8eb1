/**
 * The example clinic's Administration is `twoStep.adminRouter` at /admin/2fa, on real Redis
 * (counters, sessions) and PostgreSQL (enrolments, settings), driven over HTTP by supertest
 * agents that keep cookies: olga, Riverside's practice manager, changes Riverside's settings
 * through the router and the very next sign-in follows them; hugo, Hillside's, can neither
 * see nor change Riverside's (403, nothing changed), and his office-network sign-in is not
 * enough to change Hillside's either; 20 parallel saves leave one consistent record and a
 * complete history.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import request from 'supertest';
import { createDemoApp, type DemoApp } from '../examples/app.js';
import { findByUsername } from '../examples/users.js';
import { enrolTotp, manualClock, type Agent } from './support/test-app.js';
import { usePostgres } from './support/postgres-fixture.ts';
import { useTestRedis } from './support/redis-fixture.ts';

const redis = useTestRedis();
const postgres = usePostgres();
const JSON_TYPE = 'application/json';
const RIVERSIDE = '/admin/2fa/organisations/riverside/settings';
const HILLSIDE = '/admin/2fa/organisations/hillside/settings';

function databaseUrl(): string {
  const url = new URL(postgres.url);
  url.searchParams.set('options', `-c search_path=${postgres.schema}`);
  return url.toString();
}

const opened: DemoApp[] = [];
beforeEach(() => postgres.truncate());
afterEach(async () => {
  for (const demo of opened.splice(0)) await demo.close();
});

async function startDemo() {
  const clock = manualClock(Date.now());
  const demo = createDemoApp({ now: clock.now, redisUrl: redis.server.url, databaseUrl: databaseUrl() });
  opened.push(demo);
  await demo.ready;
  return { demo, clock };
}

async function signIn(demo: DemoApp, username: string): Promise<{ agent: Agent; next: string }> {
  const agent = request.agent(demo.app);
  const res = await agent.post('/login').type('form').send({ username, password: findByUsername(username)!.password });
  assert.ok(res.status === 302 || res.status === 303, `${res.status} ${res.text}`);
  return { agent, next: res.headers.location ?? assert.fail('a login answer without a destination') };
}

/** olga signs in (Riverside requires managers), sets up her authenticator app: a real code, just now. */
async function olgaWithCode(demo: DemoApp, clock: ReturnType<typeof manualClock>): Promise<Agent> {
  const { agent, next } = await signIn(demo, 'olga');
  assert.equal(next, '/2fa/setup');
  await enrolTotp(agent, clock, { password: findByUsername('olga')!.password });
  return agent;
}

describe('example app: the practices\' Administration is the admin router', () => {
  it('olga turns Riverside\'s enforcement to everybody over HTTP: paul (a parent) must set up at his very next sign-in', async () => {
    const { demo, clock } = await startDemo();
    assert.equal((await signIn(demo, 'paul')).next, '/', 'as seeded, parents may skip');
    const olga = await olgaWithCode(demo, clock);

    const home = await olga.get('/').set('Accept', 'text/html');
    assert.match(home.text, /href="\/admin\/2fa\/organisations\/riverside\/settings">Administration/);
    const shown = await olga.get(RIVERSIDE).set('Accept', JSON_TYPE);
    assert.equal(shown.status, 200);
    assert.deepEqual(shown.body.enforcement, { roles: ['staff', 'admin'] });

    const saved = await olga.put(RIVERSIDE).set('Accept', JSON_TYPE).send({ enforcement: 'all', expectedVersion: shown.body.version });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.equal(saved.body.updatedBy, '3');
    assert.equal((await signIn(demo, 'paul')).next, '/2fa/setup', 'the next sign-in did not follow the change');

    const people = await olga.get('/admin/2fa/users?org=riverside').set('Accept', JSON_TYPE);
    assert.equal(people.status, 200);
    assert.deepEqual(people.body.users.map((u: { id: string; label: string }) => u.label), ['Nora Vet', 'Paul Parent', 'Olga Office']);
    assert.equal((await olga.get('/admin/2fa/users/4').set('Accept', JSON_TYPE)).status, 403, 'hana is at Hillside');
  });

  it('hugo (Hillside) gets 403 for Riverside, nothing changed; his office-network sign-in cannot change Hillside either', async () => {
    const { demo, clock } = await startDemo();
    const enrolling = await signIn(demo, 'hugo');
    assert.equal(enrolling.next, '/2fa/setup');
    await enrolTotp(enrolling.agent, clock, { password: findByUsername('hugo')!.password });
    clock.advanceSeconds(60);
    // From this machine (loopback, on Hillside's office network) he signs in without a code.
    const { agent: hugo, next } = await signIn(demo, 'hugo');
    assert.equal(next, '/');

    const before = await demo.twoStep.organisations.get('riverside');
    assert.equal((await hugo.get(RIVERSIDE).set('Accept', JSON_TYPE)).status, 403);
    const put = await hugo.put(RIVERSIDE).set('Accept', JSON_TYPE).send({ enforcement: 'off' });
    assert.equal(put.status, 403);
    assert.equal(put.body.error, 'not_authorised');
    assert.equal((await hugo.get('/admin/2fa/users?org=riverside').set('Accept', JSON_TYPE)).status, 403);
    assert.equal((await hugo.post('/admin/2fa/users/1/reset').set('Accept', JSON_TYPE).send({})).status, 403);
    assert.equal((await demo.twoStep.organisations.get('riverside')).version, before.version, 'Riverside changed');

    assert.equal((await hugo.get(HILLSIDE).set('Accept', JSON_TYPE)).status, 200, 'his own practice he may read');
    const change = await hugo.put(HILLSIDE).set('Accept', JSON_TYPE).send({ skipNetworks: [] });
    assert.equal(change.status, 403);
    assert.equal(change.body.error, 'reverify_required', 'an office-network skip is not a second factor');
    assert.deepEqual((await demo.twoStep.organisations.get('hillside')).skipNetworks, ['192.168.40.0/24', '127.0.0.0/8', '::1/128']);

    // paul, no manager at all: 403 everywhere.
    const { agent: paul } = await signIn(demo, 'paul');
    assert.equal((await paul.get(RIVERSIDE).set('Accept', JSON_TYPE)).status, 403);
  });

  it('20 parallel saves through the router: one consistent record, a complete history', async () => {
    const { demo, clock } = await startDemo();
    const olga = await olgaWithCode(demo, clock);
    const seeded = await demo.twoStep.organisations.get('riverside');

    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      olga.put(RIVERSIDE).set('Accept', JSON_TYPE).send({ graceDays: i + 1, trustedDeviceDays: (i % 30) + 1 })));
    assert.deepEqual(answers.map((a) => a.status), Array(20).fill(200), JSON.stringify(answers.find((a) => a.status !== 200)?.body));
    const versions = answers.map((a) => a.body.version as number).sort((a, b) => a - b);
    assert.deepEqual(versions, Array.from({ length: 20 }, (_, i) => seeded.version + i + 1), 'each save its own version');

    const record = await demo.twoStep.organisations.get('riverside');
    assert.equal(record.version, seeded.version + 20);
    const history = await olga.get('/admin/2fa/organisations/riverside/history').set('Accept', JSON_TYPE);
    assert.equal(history.status, 200);
    assert.deepEqual(history.body.map((e: { version: number }) => e.version), Array.from({ length: 21 }, (_, i) => seeded.version + 20 - i));
    assert.equal(history.body[0].after.graceDays, record.graceDays, 'the newest entry is the record');
    for (let i = 0; i + 1 < history.body.length; i += 1) {
      assert.deepEqual(history.body[i].before, history.body[i + 1].after, `entry ${history.body[i].version} starts where the one before ended`);
    }

    // With expectedVersion, the same race lets exactly one through.
    const raced = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      olga.put(RIVERSIDE).set('Accept', JSON_TYPE).send({ graceDays: 100 + i, expectedVersion: record.version })));
    assert.deepEqual(raced.map((a) => a.status).sort(), [...Array(19).fill(409), 200].sort());
    assert.equal((await demo.twoStep.organisations.get('riverside')).version, record.version + 1);
  });
});
