/**
 * The backends as metrics see them, on real parts: enrolments in PostgreSQL and counters in
 * Redis. Their calls fill the latency histograms; a Redis that stops answering and a
 * PostgreSQL that stalls are each counted as the 503s they cause, by cause; a full
 * per-address window is counted by window.
 */
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { Registry } from 'prom-client';
import request from 'supertest';
import { postgresEnrolments, postgresOrganisationSettings, redisStore, type TwoStepOptions } from '../src/index.ts';
import { prometheusMetrics } from '../src/metrics/index.ts';
import { generateTotp } from '../src/testing/index.ts';
import { promCounter, promObservations } from './support/metric-readers.ts';
import { usePostgres } from './support/postgres-fixture.ts';
import { useTestRedis } from './support/redis-fixture.ts';
import { startStallingProxy } from './support/stalling-proxy.ts';
import { enrolTotp, logIn, makeTestApp, manualClock, wrongCode, type TestUser } from './support/test-app.ts';

const redis = useTestRedis();
const postgres = usePostgres();
const JSON_TYPE = 'application/json';

beforeEach(async () => {
  await postgresEnrolments(postgres.pool).createSchema();
  await postgres.truncate();
});

function durableApp(registry: Registry, extra: Partial<TwoStepOptions<TestUser>> = {}, pool = postgres.pool) {
  const clock = manualClock();
  const made = makeTestApp(redisStore(redis.client, { timeoutSeconds: 0.5 }), clock, {
    enrolments: postgresEnrolments(pool, { timeoutSeconds: 0.5 }),
    metrics: prometheusMetrics({ registry }),
    ...extra,
  });
  return { ...made, clock };
}

/** Bob enrolled with an authenticator app, then a new browser at his challenge. */
async function pendingBob(env: ReturnType<typeof durableApp>) {
  const first = request.agent(env.app);
  await logIn(first, 'bob');
  const { secret } = await enrolTotp(first, env.clock);
  env.clock.advanceSeconds(60);
  const agent = request.agent(env.app);
  await logIn(agent, 'bob');
  return { agent, secret };
}

/** The sum of a histogram's observations (seconds), over the series whose labels include `wanted`. */
async function observedSeconds(registry: Registry, name: string, wanted: Record<string, string>): Promise<number> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name)!;
  return metric.values
    .filter((v) => (v as { metricName?: string }).metricName === `${name}_sum` && Object.entries(wanted).every(([k, value]) => v.labels[k] === value))
    .reduce((sum, v) => sum + v.value, 0);
}

describe('metrics of the backends', () => {
  it('PostgreSQL and Redis calls fill the latency histograms, by operation, with real durations', async () => {
    const registry = new Registry();
    const env = durableApp(registry);
    const { agent, secret } = await pendingBob(env);
    const scriptsBefore = await promObservations(registry, 'twostep_store_duration_seconds', { operation: 'consumeTotpStep' });
    assert.equal((await agent.post('/2fa/verify').set('Accept', JSON_TYPE).send({ code: generateTotp({ secret, nowMs: env.clock.now() }) })).status, 200);

    for (const operation of ['read', 'write', 'replaceRecoveryCodes', 'advanceTotpStep']) {
      assert.ok(await promObservations(registry, 'twostep_database_duration_seconds', { operation }) >= 1, `database ${operation} observed`);
    }
    const readSeconds = await observedSeconds(registry, 'twostep_database_duration_seconds', { operation: 'read' });
    assert.ok(readSeconds > 0 && readSeconds < 5, `a PostgreSQL read takes real time: ${readSeconds} s`);
    assert.equal(await promObservations(registry, 'twostep_store_duration_seconds', { operation: 'consumeTotpStep' }), scriptsBefore + 1, 'a correct code: one Redis script');
    assert.ok(await observedSeconds(registry, 'twostep_store_duration_seconds', { operation: 'consumeTotpStep' }) > 0);
    assert.equal(await promObservations(registry, 'twostep_store_duration_seconds', { operation: 'read' }), 0, 'enrolment calls are not counted as the store');
    assert.equal(await promCounter(registry, 'twostep_unavailable_total'), 0);
    await env.twoStep.close();
  });

  it('Redis stops answering: the 503 is counted as unavailable{cause="store"}, once per answer', async () => {
    const registry = new Registry();
    const env = durableApp(registry);
    const { agent, secret } = await pendingBob(env);
    const quiet = console.error;
    console.error = () => {};
    redis.server.pause();
    let answer: request.Response;
    try {
      answer = await agent.post('/2fa/verify').set('Accept', JSON_TYPE).send({ code: generateTotp({ secret, nowMs: env.clock.now() }) });
    } finally {
      redis.server.resume();
      console.error = quiet;
    }
    assert.equal(answer.status, 503);
    assert.equal(await promCounter(registry, 'twostep_unavailable_total', { cause: 'store' }), 1);
    assert.equal(await promCounter(registry, 'twostep_unavailable_total', { cause: 'database' }), 0);
    assert.ok(await observedSeconds(registry, 'twostep_store_duration_seconds', { operation: 'consumeTotpStep' }) >= 0.4, 'the timed-out call is observed at its deadline');
    // Redis is back: so is the sign-in (with the next code: the stopped Redis ran the first
    // script when it woke), and nothing more is counted as unavailable.
    env.clock.advanceSeconds(30);
    assert.equal((await agent.post('/2fa/verify').set('Accept', JSON_TYPE).send({ code: generateTotp({ secret, nowMs: env.clock.now() }) })).status, 200);
    assert.equal(await promCounter(registry, 'twostep_unavailable_total'), 1);
    await env.twoStep.close();
  });

  it('PostgreSQL stalls: the 503s are counted as unavailable{cause="database"}', async () => {
    const url = new URL(postgres.url);
    const proxy = await startStallingProxy({ host: url.hostname, port: Number(url.port) });
    const pool = postgres.makePool({ port: proxy.port });
    const registry = new Registry();
    const env = durableApp(registry, {}, pool);
    const { agent, secret } = await pendingBob(env);
    const quiet = console.error;
    console.error = () => {};
    proxy.stall();
    try {
      const answer = await agent.post('/2fa/verify').set('Accept', JSON_TYPE).send({ code: generateTotp({ secret, nowMs: env.clock.now() }) });
      assert.equal(answer.status, 503);
      assert.equal((await logIn(request.agent(env.app), 'bob')).status, 503, 'a new sign-in cannot read the enrolment');
    } finally {
      console.error = quiet;
      await proxy.close();
      await pool.end().catch(() => {});
    }
    assert.equal(await promCounter(registry, 'twostep_unavailable_total', { cause: 'database' }), 2);
    assert.equal(await promCounter(registry, 'twostep_unavailable_total', { cause: 'store' }), 0);
    await env.twoStep.close();
  });

  it('organisation settings in PostgreSQL are timed as the database, as settings.*', async () => {
    const settings = postgresOrganisationSettings(postgres.pool);
    await settings.createSchema();
    const registry = new Registry();
    const env = durableApp(registry, { organisationSettings: settings });
    await env.twoStep.organisations.update('hillside', { enforcement: 'all' }, { by: 'manager' });
    assert.equal((await env.twoStep.organisations.get('hillside')).enforcement, 'all');
    assert.equal((await env.twoStep.organisations.history('hillside')).length, 1);
    for (const operation of ['settings.read', 'settings.write', 'settings.history']) {
      assert.ok(await promObservations(registry, 'twostep_database_duration_seconds', { operation }) >= 1, `${operation} observed`);
    }
    await env.twoStep.close();
  });

  it('a full per-address window is counted by window', async () => {
    const registry = new Registry();
    const env = durableApp(registry, { addressLimit: { wrongAnswers: 2 } });
    const { agent, secret } = await pendingBob(env);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await agent.post('/2fa/verify').set('Accept', JSON_TYPE).send({ code: wrongCode(secret, env.clock.now()) })).status);
    assert.deepEqual(statuses, [401, 401, 429]);
    assert.equal(await promCounter(registry, 'twostep_address_limit_refusals_total', { window: 'answers' }), 1);
    assert.equal(await promCounter(registry, 'twostep_failures_total', { method: 'totp' }), 2, 'a refused answer is not a failure');
    assert.equal(await promObservations(registry, 'twostep_verify_duration_seconds', { method: 'totp', outcome: 'rate_limited' }), 1);
    await env.twoStep.close();
  });
});
