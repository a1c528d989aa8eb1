/**
 * Adding a passkey or security key: a pending method and creation options (with a challenge
 * bound to the user, the session and this method), then the browser's answer verified and
 * the credential stored in the enrolment. Attestation `none`: we accept any authenticator and
 * do not ask for (or keep) its make and model certificate.
 */
import { nextMethodNumber } from './method-names.js';
import { generateRegistrationOptions, verifyRegistrationResponse, type PublicKeyCredentialCreationOptionsJSON, type RegistrationResponseJSON } from '@simplewebauthn/server';
import { randomId } from '../crypto/random.js';
import { TwoStepError } from '../errors.js';
import type { ResolvedWebAuthnOptions } from '../methods/webauthn-options.js';
import type { EnrolledMethod } from '../enrolments/records.js';
import type { Actor, CoreContext } from './context.js';
import { confirmedMethods, readSnapshot } from './enrolment-snapshot.js';
import type { ConfirmResult } from './manage-methods.js';
import { SETUP_TTL_SECONDS } from './totp-setup.js';
import { issueChallenge, takeChallenge, WEBAUTHN_CHALLENGE_TTL_SECONDS } from './webauthn-challenge.js';
import { changeEnrolment, webAuthnMethods } from './webauthn-credentials.js';
import { userHandleFor } from './webauthn-user-handle.js';
import { ownedSetup, ownerField, ownsSetup, type SetupOwner } from './setup-owner.js';

/** ES256 first (every authenticator), then EdDSA and RS256 (Windows Hello). */
const ALGORITHMS = [-7, -8, -257];

export function webAuthnOf(ctx: CoreContext): ResolvedWebAuthnOptions {
  if (!ctx.options.webauthn) throw new TwoStepError('method_not_allowed', 'Passkeys are not set up on this site.');
  return ctx.options.webauthn;
}

export interface WebAuthnSetup {
  method: EnrolledMethod;
  options: PublicKeyCredentialCreationOptionsJSON;
  expiresAt: number;
}

/** Starts adding a passkey; an earlier unfinished one is replaced. */
export async function startWebAuthnSetup(ctx: CoreContext, actor: Actor, owner: SetupOwner, sessionHash: string, accountName: string): Promise<WebAuthnSetup> {
  webAuthnOf(ctx);
  const nowMs = ctx.options.now();
  const method: EnrolledMethod = {
    id: randomId(9),
    type: 'webauthn',
    label: 'Passkey',
    primary: false,
    confirmed: false,
    createdAt: nowMs,
    pendingUntil: nowMs + SETUP_TTL_SECONDS * 1000,
    ...ownerField(owner),
  };
  await changeEnrolment(ctx, actor.userId, (enrolment) => ({
    ...enrolment,
    methods: [...enrolment.methods.filter((m) => m.confirmed || m.type !== 'webauthn'), method],
  }));
  return { method, options: await creationOptions(ctx, actor, owner, sessionHash, method.id, accountName), expiresAt: method.pendingUntil! };
}

/** Fresh creation options for a pending passkey (a page that waited, a second try). */
export async function creationOptions(
  ctx: CoreContext,
  actor: Actor,
  owner: SetupOwner,
  sessionHash: string,
  methodId: string,
  accountName: string,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const webauthn = webAuthnOf(ctx);
  const { enrolment } = await readSnapshot(ctx, actor.userId);
  const pending = enrolment.methods.find((m) => m.id === methodId && m.type === 'webauthn' && !m.confirmed);
  // Another session's setup: the same 404 as none at all, and no challenge is issued for it.
  if (!pending || !ownsSetup(pending, owner)) throw new TwoStepError('method_not_found', 'That passkey setup has expired or does not exist. Start again from the settings page.');
  const challenge = await issueChallenge(ctx, { userId: actor.userId, sessionHash, purpose: `register:${methodId}` });
  return generateRegistrationOptions({
    rpName: webauthn.rpName,
    rpID: webauthn.rpID,
    userName: accountName,
    userDisplayName: accountName,
    userID: userHandleFor(ctx.keys, actor.userId),
    challenge: Buffer.from(challenge, 'base64url'),
    timeout: WEBAUTHN_CHALLENGE_TTL_SECONDS * 1000,
    attestationType: 'none',
    // The same key twice would be one factor counted as two.
    excludeCredentials: webAuthnMethods(enrolment).map((m) => ({ id: m.webauthn.credentialId, transports: m.webauthn.transports })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: webauthn.userVerification },
    supportedAlgorithmIDs: ALGORITHMS,
  });
}

/**
 * Verifies the browser's answer and stores the credential under the name the user gave. A
 * new passkey becomes the primary method: it is the strongest one the user has. A bad answer
 * is a 400 and not counted as a failed sign-in attempt: only a signed-in, re-verified user
 * gets here, and nothing is guessed by registering.
 */
export async function confirmWebAuthnMethod(
  ctx: CoreContext,
  actor: Actor,
  owner: SetupOwner,
  sessionHash: string,
  methodId: string,
  response: RegistrationResponseJSON,
  name: string | undefined,
): Promise<ConfirmResult> {
  const webauthn = webAuthnOf(ctx);
  // Whose setup first: another session's is a 404 and spends nothing.
  const { enrolment: before } = await readSnapshot(ctx, actor.userId);
  if (ownedSetup(before, methodId, owner).type !== 'webauthn') throw new TwoStepError('invalid_request', 'This method is not a passkey.');
  const challenge = await takeChallenge(ctx, { userId: actor.userId, sessionHash, purpose: `register:${methodId}` });
  if (challenge === null) {
    throw new TwoStepError('invalid_request', 'This passkey request has expired or was already used. Try again.');
  }
  let verified;
  try {
    verified = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: [...webauthn.origins],
      expectedRPID: webauthn.rpID,
      requireUserVerification: webauthn.userVerification === 'required',
      supportedAlgorithmIDs: ALGORITHMS,
    });
  } catch (error) {
    throw new TwoStepError('invalid_request', 'The passkey’s answer could not be verified. Try again, or use another passkey or security key.', { cause: error });
  }
  if (!verified.verified) throw new TwoStepError('invalid_request', 'The passkey’s answer could not be verified. Try again.');
  const info = verified.registrationInfo;
  const nowMs = ctx.options.now();
  let result: ConfirmResult | undefined;
  await changeEnrolment(ctx, actor.userId, (enrolment) => {
    const pending = ownedSetup(enrolment, methodId, owner);
    if (pending.type !== 'webauthn') throw new TwoStepError('method_not_found', 'That passkey setup has expired. Start again from the settings page.');
    if (webAuthnMethods(enrolment).some((m) => m.webauthn.credentialId === info.credential.id)) {
      throw new TwoStepError('invalid_request', 'This passkey or security key is already on your account.');
    }
    const firstMethod = confirmedMethods(enrolment).length === 0;
    const method: EnrolledMethod = {
      id: pending.id,
      type: 'webauthn',
      label: name ?? (info.credentialDeviceType === 'multiDevice' ? 'Passkey' : 'Security key'),
      primary: true,
      confirmed: true,
      number: nextMethodNumber(enrolment, 'webauthn'),
      createdAt: nowMs,
      webauthn: {
        credentialId: info.credential.id,
        publicKey: Buffer.from(info.credential.publicKey).toString('base64url'),
        counter: info.credential.counter,
        transports: info.credential.transports ?? response.response.transports ?? [],
        deviceType: info.credentialDeviceType,
        backedUp: info.credentialBackedUp,
        aaguid: info.aaguid,
      },
    };
    const next = {
      ...enrolment,
      enabled: firstMethod ? true : enrolment.enabled,
      setupRequired: false,
      methods: enrolment.methods.map((m) => (m.id === methodId ? method : { ...m, primary: false })),
    };
    result = { method, enrolment: next, firstMethod };
    return next;
  });
  ctx.events.emit('method.added', { userId: actor.userId, ip: actor.ip, ...(actor.lang ? { lang: actor.lang } : {}), at: nowMs, method: 'webauthn', outcome: 'success', methodId });
  return result!;
}
