/**
 * WebAuthn challenges in memory. A map of its own (not the per-user state) because a passkey
 * sign-in's challenge has no user; no `await` between the read and the delete, so taking a
 * challenge is atomic on one event loop.
 */
import { challengeField, challengeOwner } from '../webauthn-challenge-slot.js';
import type { CountersStore } from '../types.js';

type ChallengeMethods = Pick<CountersStore, 'putWebAuthnChallenge' | 'takeWebAuthnChallenge'>;

/** Past this many slots, a put first drops the expired ones (anonymous sign-in pages can make many). */
const SWEEP_ABOVE = 1000;

export function memoryWebAuthnChallenges(): ChallengeMethods {
  const slots = new Map<string, { challenge: string; expiresAt: number }>();
  const keyOf = (input: Parameters<ChallengeMethods['takeWebAuthnChallenge']>[0]) => `${challengeOwner(input)}\u0000${challengeField(input)}`;
  return {
    putWebAuthnChallenge: async (input) => {
      if (slots.size > SWEEP_ABOVE) {
        for (const [key, slot] of slots) if (slot.expiresAt <= input.nowMs) slots.delete(key);
      }
      slots.set(keyOf(input), { challenge: input.challenge, expiresAt: input.nowMs + input.ttlSeconds * 1000 });
    },
    takeWebAuthnChallenge: async (input) => {
      const key = keyOf(input);
      const slot = slots.get(key);
      slots.delete(key);
      return slot && input.nowMs < slot.expiresAt ? slot.challenge : null;
    },
  };
}
