import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import { memoryStore, type TwoStep, type TwoStepEventName } from '../src/index.js';
import { generateTotp, parseRecoveryCode } from '../src/testing/index.js';
import { enrolTotp, logIn, makeTestApp, manualClock, wrongCode } from './support/test-app.js';

const JSON_TYPE = 'application/json';
const EVENT_NAMES: TwoStepEventName[] = [
  'challenge.issued', 'verified', 'reverified', 'failed', 'locked', 'unlocked', 'method.added', 'method.removed',
  'enabled', 'disabled', 'recovery.used', 'recovery.regenerated', 'device.trusted', 'device.revoked', 'admin.reset',
];

function record(twoStep: TwoStep) {
  const all: Array<{ name: TwoStepEventName; event: Record<string, unknown> }> = [];
  let seen = 0;
  for (const name of EVENT_NAMES) twoStep.on(name, (event) => void all.push({ name, event: event as unknown as Record<string, unknown> }));
  return {
    all,
    /** The names fired since the last call, in order. */
    take(): string[] {
      const names = all.slice(seen).map((e) => e.name);
      seen = all.length;
      return names;
    },
  };
}

describe('events', () => {
  it('fire exactly once per action, with who, when, where and how, and never a code or secret', async () => {
    const clock = manualClock();
    const { app, twoStep } = makeTestApp(memoryStore(), clock);
    const events = record(twoStep);
    const used: string[] = [];

    const first = request.agent(app);
    await logIn(first, 'alice');
    assert.deepEqual(events.take(), [], 'no 2FA yet: nothing to challenge');
    const { secret, methodId, recoveryCodes } = await enrolTotp(first, clock);
    used.push(secret, ...recoveryCodes, ...recoveryCodes.map(parseRecoveryCode));
    assert.deepEqual(events.take(), ['method.added', 'recovery.regenerated']);

    clock.advanceSeconds(60);
    const agent = request.agent(app);
    await logIn(agent, 'alice');
    assert.deepEqual(events.take(), ['challenge.issued']);
    const wrong = wrongCode(secret, clock.now());
    used.push(wrong);
    await agent.post('/2fa/verify').set('Accept', JSON_TYPE).send({ code: wrong });
    assert.deepEqual(events.take(), ['failed']);
    const right = generateTotp({ secret, nowMs: clock.now() });
    used.push(right);
    assert.equal((await agent.post('/2fa/verify').set('Accept', JSON_TYPE).send({ code: right })).status, 200);
    assert.deepEqual(events.take(), ['verified']);

    const viaRecovery = request.agent(app);
    await logIn(viaRecovery, 'alice');
    assert.equal((await viaRecovery.post('/2fa/verify').set('Accept', JSON_TYPE).send({ recoveryCode: recoveryCodes[0] })).status, 200);
    assert.deepEqual(events.take(), ['challenge.issued', 'recovery.used', 'verified']);

    const regenerated = await viaRecovery.post('/2fa/recovery-codes').set('Accept', JSON_TYPE);
    used.push(...regenerated.body.codes, ...regenerated.body.codes.map(parseRecoveryCode));
    assert.deepEqual(events.take(), ['recovery.regenerated']);

    clock.advanceSeconds(301);
    const reverifyCode = generateTotp({ secret, nowMs: clock.now() });
    used.push(reverifyCode);
    assert.equal((await agent.post('/2fa/reverify').set('Accept', JSON_TYPE).send({ code: reverifyCode })).status, 200);
    assert.deepEqual(events.take(), ['reverified']);
    assert.equal((await agent.post('/2fa/disable').set('Accept', JSON_TYPE)).status, 200);
    assert.deepEqual(events.take(), ['disabled']);
    assert.equal((await agent.post('/2fa/enable').set('Accept', JSON_TYPE)).status, 200);
    assert.deepEqual(events.take(), ['enabled']);

    const locking = request.agent(app);
    await logIn(locking, 'alice');
    for (let i = 0; i < 5; i += 1) await locking.post('/2fa/verify').set('Accept', JSON_TYPE).send({ code: wrong });
    await locking.post('/2fa/verify').set('Accept', JSON_TYPE).send({ code: wrong });
    assert.deepEqual(events.take(), ['challenge.issued', 'failed', 'failed', 'failed', 'failed', 'failed', 'locked'],
      'an attempt during the lock is not compared and fires nothing');
    await twoStep.admin.unlock('u-alice');
    assert.deepEqual(events.take(), ['unlocked']);
    await twoStep.admin.revokeDevices('u-alice');
    assert.deepEqual(events.take(), ['device.revoked']);

    assert.equal((await agent.delete(`/2fa/methods/${methodId}`).set('Accept', JSON_TYPE)).status, 200);
    assert.deepEqual(events.take(), ['method.removed']);
    await twoStep.admin.reset('u-alice');
    assert.deepEqual(events.take(), ['admin.reset']);

    for (const { name, event } of events.all) {
      assert.equal(event.userId, 'u-alice', name);
      assert.equal(typeof event.at, 'number', name);
      assert.ok(['success', 'failure', 'info'].includes(event.outcome as string), name);
      if (!name.startsWith('admin') && name !== 'unlocked' && name !== 'device.revoked') assert.equal(typeof event.ip, 'string', `${name} has the ip`);
      assert.ok(Object.isFrozen(event), `${name} is frozen for listeners`);
    }
    const verified = events.all.filter((e) => e.name === 'verified').map((e) => e.event);
    assert.deepEqual(verified.map((e) => [e.method, e.amr]), [['totp', ['pwd', 'totp']], ['recovery', ['pwd', 'recovery']]]);
    assert.equal(events.all.find((e) => e.name === 'recovery.used')!.event.remaining, 9);
    assert.deepEqual(events.all.filter((e) => e.name === 'failed').map((e) => e.event.attemptsLeft), [4, 4, 3, 2, 1, 0]);

    const text = JSON.stringify(events.all).toLowerCase();
    for (const value of used) assert.equal(text.includes(value.toLowerCase()), false, 'no code or secret in any event');
  });

  it('a throwing or rejecting listener never breaks a sign-in', async () => {
    const clock = manualClock();
    const { app, twoStep } = makeTestApp(memoryStore(), clock);
    const reported: unknown[] = [];
    const originalError = console.error;
    console.error = (...args: unknown[]) => void reported.push(args[1]);
    try {
      for (const name of EVENT_NAMES) {
        twoStep.on(name, () => {
          throw new Error(`listener for ${name} threw`);
        });
        twoStep.on(name, async () => {
          throw new Error(`listener for ${name} rejected`);
        });
      }
      const first = request.agent(app);
      await logIn(first, 'alice');
      const { secret, recoveryCodes } = await enrolTotp(first, clock);
      clock.advanceSeconds(60);
      const agent = request.agent(app);
      assert.equal((await logIn(agent, 'alice')).status, 401);
      assert.equal((await agent.post('/2fa/verify').set('Accept', JSON_TYPE).send({ code: wrongCode(secret, clock.now()) })).status, 401);
      assert.equal((await agent.post('/2fa/verify').set('Accept', JSON_TYPE).send({ code: generateTotp({ secret, nowMs: clock.now() }) })).status, 200);
      assert.equal((await agent.get('/api/me')).status, 200);
      const other = request.agent(app);
      await logIn(other, 'alice');
      assert.equal((await other.post('/2fa/verify').set('Accept', JSON_TYPE).send({ recoveryCode: recoveryCodes[0] })).status, 200);
      await new Promise((resolve) => setImmediate(resolve));
      assert.ok(reported.some((e) => /threw/.test(String(e))));
      assert.ok(reported.some((e) => /rejected/.test(String(e))), 'rejections are caught and reported, not unhandled');
    } finally {
      console.error = originalError;
    }
  });
});
