/**
 * Metrics, read back through each library's own API: a real app on a real Redis signs users
 * in, gets codes wrong until a lock, is unlocked, reset and signed out everywhere; the
 * counters and histograms say so in prom-client's registry and in the OpenTelemetry SDK's
 * collection. No label ever holds a user id or an address, and a verified request does no
 * metric work at all.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Registry } from 'prom-client';
import request from 'supertest';
import { redisStore, type TwoStep } from '../src/index.ts';
import { openTelemetryMetrics, prometheusMetrics, METRIC_DEFINITIONS, type TwoStepMetrics } from '../src/metrics/index.ts';
import { generateTotp } from '../src/testing/index.ts';
import { otelCollector, promCounter, promLabelValues, promObservations } from './support/metric-readers.ts';
import { useTestRedis } from './support/redis-fixture.ts';
import { addPasskey, json, optionsFor, ORIGIN, RP_ID, WEBAUTHN } from './support/passkey-app.ts';
import { pendingSession } from './support/enrolled-user.ts';
import { SoftAuthenticator } from './support/soft-authenticator.ts';
import { enrolTotp, logIn, makeTestApp, manualClock, wrongCode, type Agent } from './support/test-app.ts';

const redis = useTestRedis();
const JSON_TYPE = 'application/json';

/** How many times each event fired: the counters must agree with the audit log. */
function countEvents(twoStep: TwoStep) {
  const counts: Record<string, number> = {};
  for (const name of ['challenge.issued', 'verified', 'failed', 'locked', 'unlocked', 'admin.reset', 'sessions.revoked', 'device.revoked'] as const) {
    twoStep.on(name, () => void (counts[name] = (counts[name] ?? 0) + 1));
  }
  return counts;
}

/**
 * The same story for either adapter: alice enrols, signs in with a wrong then a right code,
 * with a recovery code, then gets locked out; an administrator unlocks, revokes her devices,
 * signs her out everywhere and resets her.
 */
async function story(metrics: TwoStepMetrics) {
  const clock = manualClock();
  const { app, twoStep } = makeTestApp(redisStore(redis.client), clock, { metrics });
  const events = countEvents(twoStep);
  const first = request.agent(app);
  await logIn(first, 'alice');
  const { secret, recoveryCodes } = await enrolTotp(first, clock);

  clock.advanceSeconds(60);
  const agent = request.agent(app);
  await logIn(agent, 'alice');
  await agent.post('/2fa/verify').set('Accept', JSON_TYPE).send({ code: wrongCode(secret, clock.now()) });
  assert.equal((await agent.post('/2fa/verify').set('Accept', JSON_TYPE).send({ code: generateTotp({ secret, nowMs: clock.now() }) })).status, 200);

  const viaRecovery = request.agent(app);
  await logIn(viaRecovery, 'alice');
  assert.equal((await viaRecovery.post('/2fa/verify').set('Accept', JSON_TYPE).send({ recoveryCode: recoveryCodes[0] })).status, 200);

  const locking = request.agent(app);
  await logIn(locking, 'alice');
  for (let i = 0; i < 5; i += 1) await locking.post('/2fa/verify').set('Accept', JSON_TYPE).send({ code: wrongCode(secret, clock.now()) });
  // The locked session is answered from what it knows, before any check; another browser's
  // answer reaches the store, which refuses it uncompared.
  const duringLock = await locking.post('/2fa/verify').set('Accept', JSON_TYPE).send({ code: wrongCode(secret, clock.now()) });
  assert.equal(duringLock.body.error, 'locked');
  const elsewhere = request.agent(app);
  await logIn(elsewhere, 'alice');
  const elsewhereLocked = await elsewhere.post('/2fa/verify').set('Accept', JSON_TYPE).send({ code: wrongCode(secret, clock.now()) });
  assert.equal(elsewhereLocked.body.error, 'locked');

  await twoStep.admin.unlock('u-alice');
  await twoStep.admin.revokeDevices('u-alice');
  await twoStep.revokeSessions('u-alice', { reason: 'signed-out-others' });
  await twoStep.admin.reset('u-alice');
  await twoStep.close();
  return { events, agent, app };
}

/** What the story must have counted, whichever library holds it. */
function expectations(events: Record<string, number>): Array<[string, Record<string, string>, number]> {
  assert.ok(events['challenge.issued']! >= 4, 'four sign-ins reached the challenge');
  return [
    ['twostep_challenges_issued_total', {}, events['challenge.issued']!],
    ['twostep_verified_total', { method: 'totp', via: 'code' }, 1],
    ['twostep_verified_total', { method: 'recovery', via: 'code' }, 1],
    ['twostep_failures_total', { method: 'totp' }, 6],
    ['twostep_locks_total', {}, 1],
    ['twostep_unlocks_total', {}, 1],
    ['twostep_resets_total', {}, 1],
    ['twostep_revocations_total', { kind: 'devices' }, events['device.revoked']!],
    // One asked for, one by the reset.
    ['twostep_revocations_total', { kind: 'sessions' }, 2],
    ['twostep_verify_duration_seconds', { method: 'totp', outcome: 'success' }, 1],
    ['twostep_verify_duration_seconds', { method: 'recovery', outcome: 'success' }, 1],
    ['twostep_verify_duration_seconds', { method: 'totp', outcome: 'failure' }, 6],
    ['twostep_verify_duration_seconds', { method: 'totp', outcome: 'locked' }, 1],
  ];
}

describe('metrics', () => {
  it('prom-client: every counter and histogram read back from the registry agrees with the story and the audit events', async () => {
    const registry = new Registry();
    const { events } = await story(prometheusMetrics({ registry }));
    for (const [name, labels, expected] of expectations(events)) {
      const read = name.endsWith('_seconds') ? await promObservations(registry, name, labels) : await promCounter(registry, name, labels);
      assert.equal(read, expected, `${name} ${JSON.stringify(labels)}`);
    }
    // The counters are the events, one for one.
    assert.equal(await promCounter(registry, 'twostep_challenges_issued_total'), events['challenge.issued']);
    assert.equal(await promCounter(registry, 'twostep_verified_total'), events.verified);
    assert.equal(await promCounter(registry, 'twostep_failures_total'), events.failed);
    assert.equal(await promCounter(registry, 'twostep_revocations_total'), events['sessions.revoked']! + events['device.revoked']!);
    // Every wrong answer was one Redis script, timed.
    assert.ok(await promObservations(registry, 'twostep_store_duration_seconds', { operation: 'consumeTotpStep' }) >= 8);
    assert.ok(await promObservations(registry, 'twostep_database_duration_seconds', { operation: 'read' }) >= 1, 'the enrolment store (Redis here) is timed as the database');
    // Nothing refused or unavailable: the counters exist at zero.
    assert.equal(await promCounter(registry, 'twostep_unavailable_total'), 0);
    assert.equal(await promCounter(registry, 'twostep_address_limit_refusals_total'), 0);

    const text = await registry.metrics();
    for (const definition of METRIC_DEFINITIONS) assert.match(text, new RegExp(`# HELP ${definition.name} `), `${definition.name} is exposed`);
    for (const value of await promLabelValues(registry)) {
      assert.doesNotMatch(value, /alice|u-|127\.0|::|@/, `no user id or address as a label value: ${value}`);
    }
  });

  it('OpenTelemetry: the same numbers through the SDK\'s MeterProvider and a metric reader\'s collect()', async () => {
    const otel = otelCollector();
    const { events } = await story(openTelemetryMetrics({ meter: otel.provider.getMeter('twostep') }));
    for (const [name, labels, expected] of expectations(events)) {
      assert.equal(await otel.value(name, labels), expected, `${name} ${JSON.stringify(labels)}`);
    }
    assert.ok(await otel.value('twostep_store_duration_seconds', { operation: 'consumeTotpStep' }) >= 8);
    for (const value of await otel.attributeValues()) assert.doesNotMatch(value, /alice|u-|127\.0|::|@/, value);
    await otel.provider.shutdown();
  });

  it('a trusted network and a remembered browser count as verified, via network and via device, with no factor', async () => {
    const registry = new Registry();
    const clock = manualClock();
    const metrics = prometheusMetrics({ registry });
    const enrolling = makeTestApp(redisStore(redis.client), clock, { metrics });
    const first = request.agent(enrolling.app);
    await logIn(first, 'alice');
    const { secret } = await enrolTotp(first, clock);
    clock.advanceSeconds(60);
    const remembering = request.agent(enrolling.app);
    await logIn(remembering, 'alice');
    const answer = await remembering.post('/2fa/verify').set('Accept', JSON_TYPE).send({ code: generateTotp({ secret, nowMs: clock.now() }), remember: true });
    assert.equal(answer.status, 200);
    await remembering.post('/logout').set('Accept', JSON_TYPE);
    await logIn(remembering, 'alice');
    assert.equal((await remembering.get('/api/me').set('Accept', JSON_TYPE)).status, 200, 'the remembered browser skipped the code');
    assert.equal(await promCounter(registry, 'twostep_verified_total', { method: 'none', via: 'device' }), 1);

    // The same registry, another app (another process's worth): its series are the same ones.
    const office = makeTestApp(redisStore(redis.client), clock, { metrics: prometheusMetrics({ registry }), skipNetworks: ['127.0.0.1/32'] });
    await logIn(request.agent(office.app), 'alice');
    assert.equal(await promCounter(registry, 'twostep_verified_total', { method: 'none', via: 'network' }), 1);
    assert.equal(await promCounter(registry, 'twostep_verified_total', { method: 'totp', via: 'code' }), 1);
    await Promise.all([enrolling.twoStep.close(), office.twoStep.close()]);
  });

  it('a passkey counts as verified via passkey, and a replayed assertion as a webauthn failure', async () => {
    const registry = new Registry();
    const clock = manualClock();
    const { app, twoStep } = makeTestApp(redisStore(redis.client), clock, { webauthn: WEBAUTHN, metrics: prometheusMetrics({ registry }) });
    const key = new SoftAuthenticator({ origin: ORIGIN, rpID: RP_ID });
    const first = request.agent(app);
    await logIn(first, 'alice');
    await addPasskey(first, key, 'YubiKey 5');
    const agent = await pendingSession(app);
    const assertion = key.assert(await optionsFor(agent));
    assert.equal((await json(agent, '/2fa/verify', { credential: assertion })).status, 200);
    const other = await pendingSession(app);
    await optionsFor(other);
    assert.equal((await json(other, '/2fa/verify', { credential: assertion })).status, 401);
    assert.equal(await promCounter(registry, 'twostep_verified_total', { method: 'webauthn', via: 'passkey' }), 1);
    assert.equal(await promCounter(registry, 'twostep_verified_total'), 1);
    assert.equal(await promCounter(registry, 'twostep_failures_total', { method: 'webauthn' }), 1);
    assert.equal(await promObservations(registry, 'twostep_verify_duration_seconds', { method: 'webauthn', outcome: 'success' }), 1);
    assert.equal(await promObservations(registry, 'twostep_verify_duration_seconds', { method: 'webauthn', outcome: 'failure' }), 1);
    await twoStep.close();
  });

  it('labels take values only from their fixed sets: anything else, and anything missing, is "other"', async () => {
    const registry = new Registry();
    const prom = prometheusMetrics({ registry, prefix: 'clinic_' });
    const otel = otelCollector();
    const open = openTelemetryMetrics({ meter: otel.provider.getMeter('twostep') });
    for (const metrics of [prom, open]) {
      metrics.count('twostep_failures_total', { method: 'u-alice@example.com' });
      metrics.count('twostep_verified_total', { method: 'totp', via: '203.0.113.7' });
      metrics.count('twostep_unavailable_total');
      metrics.observe('twostep_store_duration_seconds', 0.002, { operation: 'FLUSHALL; user 42' });
      metrics.count('twostep_failures_total', { method: 'totp', via: 'code' } as never);
    }
    assert.equal(await promCounter(registry, 'clinic_twostep_failures_total', { method: 'other' }), 1);
    assert.equal(await promCounter(registry, 'clinic_twostep_failures_total', { method: 'totp' }), 1);
    assert.equal(await promCounter(registry, 'clinic_twostep_verified_total', { method: 'totp', via: 'other' }), 1);
    assert.equal(await promCounter(registry, 'clinic_twostep_unavailable_total', { cause: 'other' }), 1);
    assert.equal(await promObservations(registry, 'clinic_twostep_store_duration_seconds', { operation: 'other' }), 1);
    const promJson = JSON.stringify(await registry.getMetricsAsJSON());
    assert.doesNotMatch(promJson, /alice|203\.0|FLUSHALL/);
    assert.doesNotMatch(promJson, /"via":"code"/, 'a label the metric does not have is dropped');

    assert.equal(await otel.value('twostep_failures_total', { method: 'other' }), 1);
    assert.equal(await otel.value('twostep_verified_total', { method: 'totp', via: 'other' }), 1);
    assert.equal(await otel.value('twostep_unavailable_total', { cause: 'other' }), 1);
    assert.equal(await otel.value('twostep_store_duration_seconds', { operation: 'other' }), 1);
    assert.ok((await otel.attributeValues()).every((value) => !/alice|203\.0|FLUSHALL/.test(value)));
    await otel.provider.shutdown();
  });

  it('a verified request does no metric work: not one count or observation', async () => {
    const calls: string[] = [];
    const counting: TwoStepMetrics = {
      count: (name) => void calls.push(name),
      observe: (name) => void calls.push(name),
    };
    const clock = manualClock();
    const { app, twoStep } = makeTestApp(redisStore(redis.client), clock, { metrics: counting });
    const first = request.agent(app);
    await logIn(first, 'alice');
    const { secret } = await enrolTotp(first, clock);
    clock.advanceSeconds(60);
    const agent: Agent = request.agent(app);
    await logIn(agent, 'alice');
    assert.equal((await agent.post('/2fa/verify').set('Accept', JSON_TYPE).send({ code: generateTotp({ secret, nowMs: clock.now() }) })).status, 200);
    assert.ok(calls.includes('twostep_verified_total'), 'the adapter is wired');
    const before = calls.length;
    for (let i = 0; i < 20; i += 1) assert.equal((await agent.get('/api/me').set('Accept', JSON_TYPE)).status, 200);
    assert.equal(twoStep.revocationStatus().live, true, 'revocations are live: no store command per request either');
    assert.deepEqual(calls.slice(before), [], 'twenty verified requests, no metric call');
    await twoStep.close();
  });

  it('an adapter that throws is logged once and never breaks a sign-in', async () => {
    const reported: unknown[] = [];
    const originalError = console.error;
    console.error = (...args: unknown[]) => void reported.push(args[0]);
    try {
      const broken: TwoStepMetrics = {
        count: () => { throw new Error('exporter down'); },
        observe: () => { throw new Error('exporter down'); },
      };
      const clock = manualClock();
      const { app, twoStep } = makeTestApp(redisStore(redis.client), clock, { metrics: broken });
      const first = request.agent(app);
      await logIn(first, 'alice');
      const { secret } = await enrolTotp(first, clock);
      clock.advanceSeconds(60);
      const agent = request.agent(app);
      await logIn(agent, 'alice');
      assert.equal((await agent.post('/2fa/verify').set('Accept', JSON_TYPE).send({ code: generateTotp({ secret, nowMs: clock.now() }) })).status, 200);
      assert.equal((await agent.get('/api/me').set('Accept', JSON_TYPE)).status, 200);
      await twoStep.close();
    } finally {
      console.error = originalError;
    }
    assert.equal(reported.filter((line) => String(line).includes('`metrics` adapter threw')).length, 1);
  });
});
