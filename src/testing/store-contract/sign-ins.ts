/**
 * Noted sign-ins (new-sign-in alerts): the first one never alerts, a seen network never does,
 * a known device never takes the alert, the interval holds (also in parallel), networks are
 * forgotten after `memoryMs` and beyond `maxNetworks`, and `resetUser` forgets them all.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SignInSighting } from '../../store/types.js';
import { store } from './current-store.js';
import { HOUR_MS, T0 } from './fixtures.js';

const DAY_MS = 86_400_000;

const sighting = (networkKey: string, overrides: Partial<SignInSighting> = {}): SignInSighting => ({
  userId: 'u',
  networkKey,
  nowMs: T0,
  memoryMs: 90 * DAY_MS,
  userMemoryMs: 400 * DAY_MS,
  minIntervalMs: HOUR_MS,
  maxNetworks: 50,
  newDevice: true,
  ...overrides,
});

export function signInsContract(): void {
  describe('noted sign-ins', () => {
    it('the first sign-in is noted, not alerted; the same network again is seen', async () => {
      assert.deepEqual(await store.noteSignIn(sighting('net-a')), { firstEver: true, networkSeen: false, alertAllowed: false });
      assert.deepEqual(await store.noteSignIn(sighting('net-a', { nowMs: T0 + 1000 })), { firstEver: false, networkSeen: true, alertAllowed: false });
    });

    it('a new network from a new device alerts once per interval; a known device never takes the alert', async () => {
      await store.noteSignIn(sighting('net-a'));
      assert.deepEqual(await store.noteSignIn(sighting('net-b', { nowMs: T0 + 1000, newDevice: false })), { firstEver: false, networkSeen: false, alertAllowed: false });
      assert.deepEqual(await store.noteSignIn(sighting('net-c', { nowMs: T0 + 2000 })), { firstEver: false, networkSeen: false, alertAllowed: true });
      assert.deepEqual(await store.noteSignIn(sighting('net-d', { nowMs: T0 + 3000 })), { firstEver: false, networkSeen: false, alertAllowed: false }, 'within the interval');
      assert.equal((await store.noteSignIn(sighting('net-e', { nowMs: T0 + 2000 + HOUR_MS - 1 }))).alertAllowed, false);
      assert.equal((await store.noteSignIn(sighting('net-f', { nowMs: T0 + 2000 + HOUR_MS }))).alertAllowed, true, 'the interval has passed');
    });

    it('of parallel sign-ins from new networks, exactly one alerts', async () => {
      await store.noteSignIn(sighting('net-a'));
      const notes = await Promise.all(Array.from({ length: 10 }, (_, i) => store.noteSignIn(sighting(`net-${i + 1}`, { nowMs: T0 + 1000 }))));
      assert.equal(notes.filter((note) => note.alertAllowed).length, 1);
    });

    it('a network not seen for memoryMs is new again; the user stays known for userMemoryMs', async () => {
      await store.noteSignIn(sighting('net-a'));
      await store.noteSignIn(sighting('net-b', { nowMs: T0 + 1000 }));
      const later = T0 + 1000 + 90 * DAY_MS;
      assert.deepEqual(await store.noteSignIn(sighting('net-b', { nowMs: later - 1 })), { firstEver: false, networkSeen: true, alertAllowed: false });
      assert.deepEqual(await store.noteSignIn(sighting('net-a', { nowMs: later })), { firstEver: false, networkSeen: false, alertAllowed: true });
      assert.deepEqual(await store.noteSignIn(sighting('net-c', { nowMs: later + 400 * DAY_MS })), { firstEver: true, networkSeen: false, alertAllowed: false }, 'forgotten after userMemoryMs');
    });

    it('keeps at most maxNetworks, dropping the least recently seen', async () => {
      for (let i = 0; i < 5; i++) await store.noteSignIn(sighting(`net-${i}`, { nowMs: T0 + i, maxNetworks: 3, newDevice: false }));
      // net-0 and net-1 were dropped; net-2..4 are kept.
      assert.equal((await store.noteSignIn(sighting('net-4', { nowMs: T0 + 10, maxNetworks: 3, newDevice: false }))).networkSeen, true);
      assert.equal((await store.noteSignIn(sighting('net-2', { nowMs: T0 + 11, maxNetworks: 3, newDevice: false }))).networkSeen, true);
      assert.equal((await store.noteSignIn(sighting('net-0', { nowMs: T0 + 12, maxNetworks: 3, newDevice: false }))).networkSeen, false);
      // Noting net-0 dropped net-3, the least recently seen; net-2 (seen again) stays.
      assert.equal((await store.noteSignIn(sighting('net-2', { nowMs: T0 + 13, maxNetworks: 3, newDevice: false }))).networkSeen, true);
      assert.equal((await store.noteSignIn(sighting('net-3', { nowMs: T0 + 14, maxNetworks: 3, newDevice: false }))).networkSeen, false);
    });

    it('belongs to one user, and resetUser forgets it', async () => {
      await store.noteSignIn(sighting('net-a'));
      assert.equal((await store.noteSignIn(sighting('net-a', { userId: 'u:{other}' }))).firstEver, true);
      await store.resetUser('u');
      assert.deepEqual(await store.noteSignIn(sighting('net-a', { nowMs: T0 + 1000 })), { firstEver: true, networkSeen: false, alertAllowed: false });
    });
  });
}
