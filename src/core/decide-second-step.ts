import type { PolicyLevel } from './policy.js';

/** Everything the decision needs, gathered by the HTTP side as plain values. */
export interface SecondStepInputs {
  /** The policy's answer, or 'error' when the policy threw: then nothing is skipped. */
  policy: PolicyLevel | 'error';
  /** 2FA is on and at least one confirmed method can answer a challenge. */
  hasActiveFactor: boolean;
  /** Confirmed methods exist (even if the user turned 2FA off). */
  hasConfirmedMethod: boolean;
  /** An administrator reset the user and asked for setup at the next sign-in. */
  setupRequired: boolean;
  /** The request comes from a network trusted for this user. */
  fromTrustedNetwork: boolean;
  /** The user chose "Don't show again" on the setup prompt. */
  promptDismissed: boolean;
}

export type SecondStepDecision =
  /** No second factor; `offerSetup` when an optional user should be offered setup (once per sign-in). */
  | { kind: 'none'; offerSetup: boolean }
  | { kind: 'skip'; by: 'ip' }
  /** Try the trusted-device cookie; if it does not hold, challenge. */
  | { kind: 'device-or-challenge' }
  | { kind: 'challenge' }
  | { kind: 'setup' }
  /** The policy failed and there is no method to challenge with: refuse (503). */
  | { kind: 'unavailable' };

/**
 * Who must verify. No HTTP here: the policy level, the enrolment and the network check come
 * in as values. Order matters: a failed policy skips nothing; exempt (SSO) needs nothing;
 * a required user without a method must set one up even on a trusted network (owning a
 * method is the point of "required"); only a user who can answer a challenge is skipped.
 */
export function decideSecondStep(input: SecondStepInputs): SecondStepDecision {
  if (input.policy === 'error') {
    return input.hasConfirmedMethod ? { kind: 'challenge' } : { kind: 'unavailable' };
  }
  if (input.policy === 'exempt') return { kind: 'none', offerSetup: false };
  const mustVerify = input.hasActiveFactor || (input.policy === 'required' && input.hasConfirmedMethod);
  if (!mustVerify) {
    if (input.policy === 'required' || input.setupRequired) return { kind: 'setup' };
    // An offer, not a requirement (seed 000): asked again each sign-in until dismissed.
    return { kind: 'none', offerSetup: !input.promptDismissed };
  }
  if (input.fromTrustedNetwork) return { kind: 'skip', by: 'ip' };
  return { kind: 'device-or-challenge' };
}
