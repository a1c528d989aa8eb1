/**
 * Password-less passkey sign-in (`twoStep.passkeyLogin()`), decided without a session and
 * without letting anyone who lacks the key touch the user's lockout.
 *
 * - The options create no server state beyond the challenge: the challenge's slot is named
 *   by the challenge itself (a keyed hash of it) and lives exactly as long as it; nothing goes
 *   into the visitor's session. They are limited per client address.
 * - A user handle is not a secret (authenticators hand it to any page of the site), so an
 *   answer is charged to the user's lockout only when it is cryptographically the user's:
 *   a live challenge, this site's origin and rpID, and a signature that verifies with a
 *   public key registered to that user — refused then for what the key holder got wrong (no
 *   user verification, a sign counter that went back). Everything else (unknown credential,
 *   bad signature, no or spent challenge, a random or deleted user's handle) counts in the
 *   client address's window of wrong answers and the handle's own window, never the user's.
 * - Those answers get one answer, the same status and body for a live, deleted or made-up
 *   handle, after the same work: the enrolment is read and a signature verified (against a
 *   throwaway key when there is no credential to check), so timing does not tell them apart.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { generateAuthenticationOptions, verifyAuthenticationResponse, type AuthenticationResponseJSON, type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { keyedHash } from '../crypto/keyed-hash.js';
import { TwoStepError } from '../errors.js';
import type { EnrolledMethod } from '../enrolments/records.js';
import { addressSlot, handleSlot, releaseSlot, takeSlot } from './address-limit.js';
import { allowedMethodTypes } from './allowed-methods.js';
import type { PasskeyFacts } from './assurance.js';
import type { CoreContext } from './context.js';
import { readSnapshot } from './enrolment-snapshot.js';
import { reserveAttempt } from './reserve-attempt.js';
import { wrongAnswerOf } from './wrong-answer.js';
import { credentialOf, passkeyFactsOf, refused } from './webauthn-assertion.js';
import { takeChallenge, WEBAUTHN_CHALLENGE_TTL_SECONDS } from './webauthn-challenge.js';
import { CounterWentBack, recordAssertion, webAuthnMethods } from './webauthn-credentials.js';
import { webAuthnOf } from './webauthn-registration.js';
import { userIdFromHandle } from './webauthn-user-handle.js';

const PURPOSE = 'passkey-login';

/**
 * Read in place of a user when the handle names nobody: the same one enrolment read as for a
 * real user. (No NUL in it: PostgreSQL text refuses one.) Should an app ever have a user of
 * this id, nothing changes: what is read here is never used.
 */
const NOBODY = 'twostep.passkey-login.nobody';

/** The one answer for every sign-in the key did not prove. */
export const NOT_SIGNED_IN = 'That passkey could not sign you in here. Try again, use another passkey, or sign in with your password.';

/** The slot of a passkey sign-in challenge: named by the challenge, so no session or visitor key is needed. */
function slotOf(ctx: CoreContext, challenge: string) {
  return { userId: null, sessionHash: keyedHash(ctx.keys.hashKey, 'passkey-login-challenge', challenge), purpose: PURPOSE };
}

export async function passkeySignInOptions(ctx: CoreContext, ip: string | undefined): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const webauthn = webAuthnOf(ctx);
  await takeSlot(ctx, addressSlot(ctx, 'passkey-options', ip));
  const challenge = randomBytes(32).toString('base64url');
  await ctx.store.putWebAuthnChallenge({ ...slotOf(ctx, challenge), challenge, nowMs: ctx.options.now(), ttlSeconds: WEBAUTHN_CHALLENGE_TTL_SECONDS });
  return generateAuthenticationOptions({
    rpID: webauthn.rpID,
    challenge: Buffer.from(challenge, 'base64url'),
    timeout: WEBAUTHN_CHALLENGE_TTL_SECONDS * 1000,
    // Without a password, the authenticator's own check of the person is the second factor.
    userVerification: 'required',
  });
}

/** The challenge the browser says it signed, or null for clientDataJSON we cannot read. */
function claimedChallenge(response: AuthenticationResponseJSON): string | null {
  try {
    const data = JSON.parse(Buffer.from(response.response.clientDataJSON, 'base64url').toString('utf8')) as { challenge?: unknown };
    return typeof data.challenge === 'string' && /^[A-Za-z0-9_-]{1,128}$/.test(data.challenge) ? data.challenge : null;
  } catch {
    return null;
  }
}

let throwawayKey: Uint8Array<ArrayBuffer> | undefined;

/** A P-256 public key nobody holds the private half of (it is dropped at once), COSE-encoded. */
function throwawayPublicKey(): Uint8Array<ArrayBuffer> {
  if (throwawayKey) return throwawayKey;
  const jwk = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' });
  const coordinate = (value: string | undefined) => Buffer.from(value ?? '', 'base64url');
  // CBOR map(5): kty 2 (EC2), alg -7 (ES256), crv 1 (P-256), x and y as 32-byte strings.
  throwawayKey = new Uint8Array(Buffer.concat([
    Buffer.from([0xa5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21, 0x58, 0x20]), coordinate(jwk.x),
    Buffer.from([0x22, 0x58, 0x20]), coordinate(jwk.y),
  ]));
  return throwawayKey;
}

export interface PasskeySignInResult<User> {
  userId: string;
  user: User;
  method: EnrolledMethod;
  /** What the key told, for the session's record. */
  passkey: PasskeyFacts;
}

/**
 * Checks a password-less passkey answer; returns who signed in, or throws: `invalid_code`
 * (`NOT_SIGNED_IN` for every answer the key did not prove, with attempts left for the key
 * holder's own mistakes), `locked`, or `rate_limited` (the address's or the handle's window).
 */
export async function checkPasskeySignIn<User>(
  ctx: CoreContext,
  ip: string | undefined,
  response: AuthenticationResponseJSON,
  load: (id: string) => User | null | undefined | Promise<User | null | undefined>,
): Promise<PasskeySignInResult<User>> {
  const webauthn = webAuthnOf(ctx);
  // Reserved before anything is looked at, kept unless the answer proves the key.
  const addressHit = await takeSlot(ctx, addressSlot(ctx, 'answers', ip));
  const handle = response.response.userHandle;
  const userId = handle === undefined ? null : userIdFromHandle(ctx.keys, handle);
  const user = userId === null ? null : (await load(userId)) ?? null;
  const challengeText = claimedChallenge(response);
  const challenge = challengeText === null ? null : await takeChallenge(ctx, slotOf(ctx, challengeText));
  // One enrolment read whoever the handle names (or nobody), so the work does not tell.
  const { enrolment } = await readSnapshot(ctx, user === null ? NOBODY : userId!);
  const allowed = user === null ? false : (await allowedMethodTypes(ctx, user)).includes('webauthn');
  const method = allowed ? webAuthnMethods(enrolment).find((m) => m.webauthn.credentialId === response.id) : undefined;

  let verified: Awaited<ReturnType<typeof verifyAuthenticationResponse>> | undefined;
  try {
    verified = await verifyAuthenticationResponse({
      response,
      // The challenge was found by the one the browser signed (or not at all): checked below,
      // after the signature, so a missing challenge costs the same work as a present one.
      expectedChallenge: () => true,
      expectedOrigin: [...webauthn.origins],
      expectedRPID: webauthn.rpID,
      // Counter 0 here: a counter that went back is judged after the signature (recordAssertion).
      credential: method ? { ...credentialOf(method.webauthn), counter: 0 } : { id: response.id, publicKey: throwawayPublicKey(), counter: 0 },
      // Likewise user verification: a missing UV is the key holder's mistake, judged below.
      requireUserVerification: false,
    });
  } catch {
    verified = undefined;
  }
  if (challenge === null || method === undefined || user === null || verified?.verified !== true) {
    return notProved(ctx, handle);
  }

  // Cryptographically this user's key: from here on it is the user's own attempt.
  const actor = { userId: userId!, ip };
  let attempt;
  try {
    attempt = await reserveAttempt(ctx, actor, { countsForAddress: false });
  } catch (error) {
    // Locked: the key holder is told; not a wrong answer for the address.
    await releaseSlot(ctx, addressHit);
    throw error;
  }
  if (!verified.authenticationInfo.userVerified) {
    return refused(attempt, 'This passkey did not check that it is you (PIN, fingerprint or face). Sign-in without a password needs that.');
  }
  try {
    await recordAssertion(ctx, actor.userId, method.id, {
      newCounter: verified.authenticationInfo.newCounter,
      backedUp: verified.authenticationInfo.credentialBackedUp,
      nowMs: ctx.options.now(),
    });
  } catch (error) {
    if (!(error instanceof CounterWentBack)) throw error;
    return refused(attempt, 'This passkey’s answer was already used. If you did not just sign in elsewhere, remove this key and add it again.');
  }
  await attempt.release('a passkey sign-in');
  await releaseSlot(ctx, addressHit);
  return { userId: actor.userId, user: user as User, method, passkey: passkeyFactsOf(method.webauthn, verified.authenticationInfo.userVerified) };
}

/** Counted for the handle (any handle, ours or not), then the one answer. */
async function notProved(ctx: CoreContext, handle: string | undefined): Promise<never> {
  if (handle !== undefined) await takeSlot(ctx, handleSlot(ctx, handle));
  throw new TwoStepError('invalid_code', NOT_SIGNED_IN, { details: { answer: wrongAnswerOf({ factor: 'webauthn' }) ?? 'passkey' } });
}
