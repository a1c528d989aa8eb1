import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import type { TwoStepEvents, TwoStepStore } from '../src/index.js';
import { generateTotp, internalsOf } from '../src/testing/index.js';
import { enrolledUser, pendingSession } from './support/enrolled-user.js';
import { enrolTotp, logIn, wrongCode } from './support/test-app.js';
import { enrolmentOf } from './support/enrolment-reads.ts';

const JSON_TYPE = 'application/json';
const DAY_MS = 86_400_000;

async function addDevice(store: TwoStepStore, id: string, nowMs: number) {
  await store.putDevice('u-alice', { id, tokenHash: `hash-${id}`, label: 'Firefox on Linux', createdAt: nowMs, lastUsedAt: nowMs, expiresAt: nowMs + 30 * DAY_MS });
}

describe('twoStep.admin', () => {
  it('reads a user\'s status without any secret or token hash', async () => {
    const { twoStep, store, clock, app, secret } = await enrolledUser();
    await addDevice(store, 'd1', clock.now());
    const agent = await pendingSession(app);
    await agent.post('/2fa/verify').set('Accept', JSON_TYPE).send({ code: wrongCode(secret, clock.now()) });
    const status = await twoStep.admin.status('u-alice');
    assert.equal(status.enabled, true);
    assert.equal(status.setupRequired, false);
    assert.equal(status.methods.length, 1);
    assert.equal(status.methods[0]!.type, 'totp');
    assert.equal(status.recoveryCodesLeft, 10);
    assert.equal(status.failures, 1);
    assert.equal(status.lockedUntil, null);
    assert.deepEqual(status.devices.map((d) => d.id), ['d1']);
    const text = JSON.stringify(status);
    assert.equal(text.includes('hash-d1'), false);
    assert.equal(/sealed|secret/i.test(text), false);
    await assert.rejects(twoStep.admin.status(42 as never), /userId must be a non-empty string/);
  });

  it('reset removes everything end to end: nothing old works, setup is required, and the user can set up again', async () => {
    const { twoStep, store, clock, app, secret, recoveryCodes } = await enrolledUser();
    await addDevice(store, 'd1', clock.now());
    const events: Array<TwoStepEvents['admin.reset']> = [];
    twoStep.on('admin.reset', (event) => void events.push(event));
    // A session that passed the password before the reset holds the old enrolment.
    const heldOver = await pendingSession(app);
    // Lock the account too: reset lifts it.
    for (let i = 0; i < 5; i += 1) await heldOver.post('/2fa/verify').set('Accept', JSON_TYPE).send({ code: wrongCode(secret, clock.now()) });
    assert.ok((await twoStep.admin.status('u-alice')).lockedUntil);

    await twoStep.admin.reset('u-alice', { requireSetup: true, ip: '10.0.0.9' });
    assert.equal(events.length, 1);
    assert.deepEqual(events[0], { userId: 'u-alice', ip: '10.0.0.9', at: clock.now(), outcome: 'info', requireSetup: true });
    const status = await twoStep.admin.status('u-alice');
    assert.deepEqual({ ...status, devices: status.devices.length }, {
      enabled: false, setupRequired: true, methods: [], recoveryCodesLeft: 0, lockedUntil: null, failures: 0, lastVerifiedAt: null, devices: 0,
    });
    assert.equal((await enrolmentOf(store, 'u-alice'))?.setupRequired, true, 'persisted for the policy layer');

    clock.advanceSeconds(30);
    const oldCode = await heldOver.post('/2fa/verify').set('Accept', JSON_TYPE).send({ code: generateTotp({ secret, nowMs: clock.now() }) });
    assert.notEqual(oldCode.status, 200, 'the old secret no longer verifies: the stale snapshot is reloaded');
    assert.ok(oldCode.status < 500);
    const oldRecovery = await heldOver.post('/2fa/verify').set('Accept', JSON_TYPE).send({ recoveryCode: recoveryCodes[0] });
    assert.equal(oldRecovery.status, 401);
    assert.equal((await heldOver.get('/api/me').set('Accept', JSON_TYPE)).status, 401, 'the held-over session is still not signed in');

    // Signing in again: no 2FA any more, the requested setup is forced (the policy layer reads
    // `setupRequired`), and a fresh setup works with new codes.
    const again = request.agent(app);
    const forced = await logIn(again, 'alice');
    assert.equal(forced.status, 401);
    assert.equal(forced.body.setupUrl, '/2fa/setup');
    assert.equal((await again.get('/api/me').set('Accept', JSON_TYPE)).status, 401, 'nothing else until set up');
    const fresh = await enrolTotp(again, clock);
    assert.notEqual(fresh.secret, secret);
    assert.equal(fresh.recoveryCodes.length, 10);
    assert.equal(fresh.recoveryCodes.some((code) => recoveryCodes.includes(code)), false);
    assert.equal((await enrolmentOf(store, 'u-alice'))?.setupRequired, false, 'setting up clears the flag');

    clock.advanceSeconds(60);
    const later = await pendingSession(app);
    const stale = await later.post('/2fa/verify').set('Accept', JSON_TYPE).send({ code: generateTotp({ secret, nowMs: clock.now() }) });
    assert.equal(stale.status, 401, 'a code from the old secret fails against the new method');
    const oldRecoveryAgain = await later.post('/2fa/verify').set('Accept', JSON_TYPE).send({ recoveryCode: recoveryCodes[1] });
    assert.equal(oldRecoveryAgain.status, 401);
    const ok = await later.post('/2fa/verify').set('Accept', JSON_TYPE).send({ code: generateTotp({ secret: fresh.secret, nowMs: clock.now() }) });
    assert.equal(ok.status, 200);
  });

  it('reset without requireSetup leaves an empty record at a newer version (never deleted, so an old snapshot cannot match)', async () => {
    const { twoStep, store } = await enrolledUser();
    const before = await internalsOf(twoStep).enrolments.read('u-alice');
    await twoStep.admin.reset('u-alice');
    const after = await internalsOf(twoStep).enrolments.read('u-alice');
    assert.ok(before && after && after.version > before.version);
    assert.deepEqual({ ...after.enrolment, updatedAt: 0 }, { enabled: false, methods: [], updatedAt: 0 });
    assert.equal(after.recoveryCodesLeft, 0);
    assert.deepEqual(await twoStep.admin.status('u-alice').then((s) => [s.enabled, s.methods.length, s.recoveryCodesLeft]), [false, 0, 0]);
    assert.ok(store);
  });

  it('unlock lifts a lock and forgets failures', async () => {
    const { twoStep, clock, app, secret } = await enrolledUser();
    const unlocked: Array<TwoStepEvents['unlocked']> = [];
    twoStep.on('unlocked', (event) => void unlocked.push(event));
    const agent = await pendingSession(app);
    for (let i = 0; i < 5; i += 1) await agent.post('/2fa/verify').set('Accept', JSON_TYPE).send({ code: wrongCode(secret, clock.now()) });
    assert.equal((await agent.post('/2fa/verify').set('Accept', JSON_TYPE).send({ code: generateTotp({ secret, nowMs: clock.now() }) })).status, 429);
    await twoStep.admin.unlock('u-alice');
    assert.equal(unlocked.length, 1);
    assert.equal((await twoStep.admin.status('u-alice')).failures, 0);
    // The session that was told "locked" keeps refusing until the lock's instant (it refuses by
    // itself, without asking the store); a new sign-in is let through at once.
    assert.equal((await agent.post('/2fa/verify').set('Accept', JSON_TYPE).send({ code: generateTotp({ secret, nowMs: clock.now() }) })).status, 429);
    const fresh = await pendingSession(app);
    assert.equal((await fresh.post('/2fa/verify').set('Accept', JSON_TYPE).send({ code: generateTotp({ secret, nowMs: clock.now() }) })).status, 200);
  });

  it('revokeDevices revokes every trusted device and says how many', async () => {
    const { twoStep, store, clock } = await enrolledUser();
    const revoked: Array<TwoStepEvents['device.revoked']> = [];
    twoStep.on('device.revoked', (event) => void revoked.push(event));
    await addDevice(store, 'd1', clock.now());
    await addDevice(store, 'd2', clock.now());
    assert.equal(await twoStep.admin.revokeDevices('u-alice'), 2);
    assert.deepEqual(await store.listDevices('u-alice', clock.now()), []);
    assert.equal(revoked.length, 1);
    assert.equal(revoked[0]!.count, 2);
  });
});
