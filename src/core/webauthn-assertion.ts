/**
 * Signing in (or re-verifying, or stepping up) with a passkey or security key: request
 * options with a challenge bound to the user and the session, then the assertion checked
 * under the same lockout as codes. Everything that is not a clean success — no challenge
 * (replayed, expired, another session's or user's), a credential not on this account, a wrong
 * origin or rpID, a bad signature, a counter that went back — counts one failure.
 */
import { generateAuthenticationOptions, verifyAuthenticationResponse, type AuthenticationResponseJSON, type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { TwoStepError } from '../errors.js';
import type { Enrolment, EnrolledMethod, WebAuthnCredentialRecord } from '../enrolments/records.js';
import type { PasskeyFacts } from './assurance.js';
import type { Actor, CoreContext } from './context.js';
import { readSnapshot } from './enrolment-snapshot.js';
import { reserveAttempt, type ReservedAttempt } from './reserve-attempt.js';
import { issueChallenge, takeChallenge, WEBAUTHN_CHALLENGE_TTL_SECONDS } from './webauthn-challenge.js';
import { CounterWentBack, recordAssertion, webAuthnMethods } from './webauthn-credentials.js';
import { webAuthnOf } from './webauthn-registration.js';

export const AUTHENTICATE_PURPOSE = 'authenticate';

export async function requestOptions(ctx: CoreContext, actor: Actor, sessionHash: string, enrolment: Enrolment): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const webauthn = webAuthnOf(ctx);
  const credentials = webAuthnMethods(enrolment);
  if (credentials.length === 0) throw new TwoStepError('method_not_found', 'There is no passkey or security key on this account.');
  const challenge = await issueChallenge(ctx, { userId: actor.userId, sessionHash, purpose: AUTHENTICATE_PURPOSE });
  return generateAuthenticationOptions({
    rpID: webauthn.rpID,
    challenge: Buffer.from(challenge, 'base64url'),
    timeout: WEBAUTHN_CHALLENGE_TTL_SECONDS * 1000,
    userVerification: webauthn.userVerification,
    allowCredentials: credentials.map((m) => ({ id: m.webauthn.credentialId, transports: m.webauthn.transports })),
  });
}

/** The key that answered, and what its answer told (for the session's record). */
export interface CheckedAssertion {
  method: EnrolledMethod & { webauthn: WebAuthnCredentialRecord };
  passkey: PasskeyFacts;
}

/** A synced passkey is one that may be backed up (BE), whether or not it is yet (BS). */
export function passkeyFactsOf(record: WebAuthnCredentialRecord, userVerified: boolean): PasskeyFacts {
  return { synced: record.deviceType === 'multiDevice', userVerified };
}

export interface CheckOptions {
  /** Passkey sign-in replaces the password, so the authenticator must have verified the person. */
  requireUserVerification: boolean;
}

/**
 * Checks one assertion for a known user, with the challenge of `slot`. As for recovery codes,
 * the attempt is reserved first (`reserve-attempt.ts`), so however many requests race, no
 * more than the lockout's attempts are compared. A locked user's answer is neither compared
 * nor counted, and spends no challenge.
 */
export async function checkAssertion(
  ctx: CoreContext,
  actor: Actor,
  slot: { sessionHash: string; purpose: string; challengeUserId: string | null },
  response: AuthenticationResponseJSON,
  options: CheckOptions,
): Promise<CheckedAssertion> {
  const webauthn = webAuthnOf(ctx);
  const nowMs = ctx.options.now();
  const attempt = await reserveAttempt(ctx, actor);
  const refuse = (reason: string): never => refused(attempt, reason);

  const challenge = await takeChallenge(ctx, { userId: slot.challengeUserId, sessionHash: slot.sessionHash, purpose: slot.purpose });
  if (challenge === null) return refuse('This passkey request has expired or was already used. Try again.');
  // Read fresh, not from the sign-in snapshot: a passkey removed since must not work.
  const { enrolment } = await readSnapshot(ctx, actor.userId);
  const method = webAuthnMethods(enrolment).find((m) => m.webauthn.credentialId === response.id);
  if (!method) return refuse('That passkey or security key is not on this account.');
  let verified;
  try {
    verified = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: [...webauthn.origins],
      expectedRPID: webauthn.rpID,
      credential: credentialOf(method.webauthn),
      requireUserVerification: options.requireUserVerification || webauthn.userVerification === 'required',
    });
  } catch {
    return refuse('The passkey’s answer could not be verified. Try again.');
  }
  if (!verified.verified) return refuse('The passkey’s answer could not be verified. Try again.');
  try {
    await recordAssertion(ctx, actor.userId, method.id, {
      newCounter: verified.authenticationInfo.newCounter,
      backedUp: verified.authenticationInfo.credentialBackedUp,
      nowMs,
    });
  } catch (error) {
    if (!(error instanceof CounterWentBack)) throw error;
    return refuse('This passkey’s answer was already used. If you did not just sign in elsewhere, remove this key and add it again.');
  }
  await attempt.release('a passkey was used');
  return { method, passkey: passkeyFactsOf(method.webauthn, verified.authenticationInfo.userVerified) };
}

export function credentialOf(record: WebAuthnCredentialRecord) {
  return {
    id: record.credentialId,
    publicKey: new Uint8Array(Buffer.from(record.publicKey, 'base64url')),
    counter: record.counter,
    transports: record.transports as ('usb' | 'nfc' | 'ble' | 'internal' | 'hybrid' | 'cable' | 'smart-card')[],
  };
}

/** The reserved attempt stays counted: `invalid_code` with the attempts left (or the lock it set), and why. */
export function refused(attempt: ReservedAttempt, reason: string): never {
  attempt.refuse({ factor: 'webauthn' }, reason);
  throw new Error('twostep: a refused passkey answer came back accepted');
}
