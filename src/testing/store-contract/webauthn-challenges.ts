/** WebAuthn challenges: one per owner, session and purpose; taken once; expiry by the caller's clock. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { store } from './current-store.js';
import { T0 } from './fixtures.js';

const slot = (overrides: { userId?: string | null; sessionHash?: string; purpose?: string } = {}) => ({
  userId: overrides.userId === undefined ? 'u' : overrides.userId,
  sessionHash: overrides.sessionHash ?? 's1',
  purpose: overrides.purpose ?? 'authenticate',
});
const put = (challenge: string, overrides: Parameters<typeof slot>[0] & { nowMs?: number; ttlSeconds?: number } = {}) =>
  store.putWebAuthnChallenge({ ...slot(overrides), challenge, nowMs: overrides.nowMs ?? T0, ttlSeconds: overrides.ttlSeconds ?? 300 });
const take = (overrides: Parameters<typeof slot>[0] & { nowMs?: number } = {}) =>
  store.takeWebAuthnChallenge({ ...slot(overrides), nowMs: overrides.nowMs ?? T0 + 1000 });

export function webAuthnChallengesContract(): void {
  describe('WebAuthn challenges', () => {
    it('gives a challenge back once', async () => {
      await put('c-1');
      assert.equal(await take(), 'c-1');
      assert.equal(await take(), null);
    });

    it('a newer challenge replaces the slot’s earlier one', async () => {
      await put('old');
      await put('new', { nowMs: T0 + 10 });
      assert.equal(await take(), 'new');
      assert.equal(await take(), null);
    });

    it('is bound to the user, the session and the purpose', async () => {
      await put('mine');
      assert.equal(await take({ userId: 'v' }), null);
      assert.equal(await take({ sessionHash: 's2' }), null);
      assert.equal(await take({ purpose: 'register:m1' }), null);
      assert.equal(await take({ userId: null }), null);
      assert.equal(await take(), 'mine');
    });

    it('a passkey sign-in challenge (no user) belongs to its session only', async () => {
      await put('anon', { userId: null, purpose: 'passkey-login' });
      assert.equal(await take({ userId: null, purpose: 'passkey-login', sessionHash: 's2' }), null);
      assert.equal(await take({ userId: 'u', purpose: 'passkey-login' }), null);
      assert.equal(await take({ userId: null, purpose: 'passkey-login' }), 'anon');
    });

    it('expires at nowMs + ttl by the caller’s clock, and an expired one is gone', async () => {
      await put('short', { ttlSeconds: 60 });
      assert.equal(await take({ nowMs: T0 + 60_000 }), null);
      await put('short2', { ttlSeconds: 60 });
      assert.equal(await take({ nowMs: T0 + 59_999 }), 'short2');
    });

    it('of many concurrent takes of one challenge, exactly one gets it', async () => {
      await put('race');
      const results = await Promise.all(Array.from({ length: 20 }, () => take()));
      assert.deepEqual(results.filter((r) => r !== null), ['race']);
    });

    it('many sessions of one user keep their own challenges', async () => {
      for (let i = 0; i < 30; i++) await put(`c${i}`, { sessionHash: `s${i}`, nowMs: T0 + i });
      for (let i = 0; i < 30; i++) assert.equal(await take({ sessionHash: `s${i}`, nowMs: T0 + 100 }), `c${i}`);
    });
  });
}
