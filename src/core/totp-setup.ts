import { sealSecret } from '../crypto/secret-box.js';
import { randomId } from '../crypto/random.js';
import { TwoStepError } from '../errors.js';
import { createTotpSecret, formatSetupKey, totpQrSvg, totpUri } from '../methods/totp.js';
import { recordedTotpSettings, totpSettingsOf, type TotpSettings } from '../methods/totp-settings.js';
import type { EnrolledMethod } from '../enrolments/records.js';
import type { Actor, CoreContext } from './context.js';
import { readSnapshot } from './enrolment-snapshot.js';
import { activateMethod, type ConfirmResult } from './manage-methods.js';
import { updateEnrolment } from './update-enrolment.js';
import { checkTotp } from './verify-second-factor.js';
import { assertCodeLength } from './code-length.js';
import { openTotpSecret, totpSecretAad } from './totp-secret.js';
import { ownedSetup, ownerField, type SetupOwner } from './setup-owner.js';

/** How long a started setup waits for its first code. */
export const SETUP_TTL_SECONDS = 600;

export interface TotpSetup {
  method: EnrolledMethod;
  /** Base32 secret: shown once, now, and never again. */
  secret: string;
  /** The same secret in groups of four, for typing. */
  setupKey: string;
  otpauthUrl: string;
  qrSvg: string;
  expiresAt: number;
  /** How the app is to make its codes (the otpauth URI says the same). */
  settings: TotpSettings;
}

/** The otpauth URI of a method's setup, with the method's own settings: the QR code tells the app how to make codes. */
export function setupUri(ctx: CoreContext, method: EnrolledMethod, accountName: string, secret: string): string {
  return totpUri({ issuer: ctx.options.issuer, accountName, secret, ...totpSettingsOf(method) });
}

/**
 * Starts an authenticator app setup. The method stays unconfirmed (and unusable) until a
 * code from the app is confirmed; an earlier unconfirmed TOTP setup is replaced.
 */
export async function startTotpSetup(ctx: CoreContext, actor: Actor, owner: SetupOwner, accountName: string): Promise<TotpSetup> {
  const nowMs = ctx.options.now();
  const id = randomId(9);
  const secret = createTotpSecret();
  const expiresAt = nowMs + SETUP_TTL_SECONDS * 1000;
  const method: EnrolledMethod = {
    id,
    type: 'totp',
    label: 'Authenticator app',
    primary: false,
    confirmed: false,
    createdAt: nowMs,
    pendingUntil: expiresAt,
    ...ownerField(owner),
    sealedSecret: sealSecret(ctx.keys.sealKey, Buffer.from(secret, 'utf8'), totpSecretAad(actor.userId, id)),
    // Kept with the method: a later change of the option leaves this app as it was set up.
    ...recordedTotpSettings(ctx.options.totp),
  };
  await updateEnrolment(ctx, actor.userId, (current) => {
    const methods = current.methods.filter((m) => m.confirmed || m.type !== 'totp');
    return { ...current, methods: [...methods, method] };
  });
  const otpauthUrl = setupUri(ctx, method, accountName, secret);
  return { method, secret, setupKey: formatSetupKey(secret), otpauthUrl, qrSvg: await totpQrSvg(otpauthUrl), expiresAt, settings: totpSettingsOf(method) };
}

/** For pages that show the setup again after a wrong code: the user is mid-setup, the secret is not yet in force. */
export function revealPendingSecret(ctx: CoreContext, userId: string, method: EnrolledMethod): string | null {
  if (method.confirmed || !method.sealedSecret) return null;
  return openTotpSecret(ctx.keys.sealKey, userId, method.id, method.sealedSecret);
}

/**
 * Confirms a method with its first code. The accepted TOTP step is recorded, so the same
 * code cannot then be replayed at sign-in. The first confirmed method becomes primary and
 * turns 2FA on (as Procare's "once a method is added, 2-Step Verification is enabled").
 */
export async function confirmTotpMethod(ctx: CoreContext, actor: Actor, owner: SetupOwner, methodId: string, code: string): Promise<ConfirmResult> {
  for (let round = 0; round < 2; round += 1) {
    const snapshot = await readSnapshot(ctx, actor.userId);
    // Another session's setup is a 404 before its code is looked at or counted.
    const method = ownedSetup(snapshot.enrolment, methodId, owner);
    if (method.type !== 'totp') throw new TwoStepError('invalid_request', 'This method is not an authenticator app.');
    assertCodeLength(method, code);
    if ((await checkTotp(ctx, actor, snapshot, method, code)) === 'stale') continue;

    return activateMethod(ctx, actor, owner, method);
  }
  throw new TwoStepError('unavailable', 'Your verification methods changed during setup. Please try again.');
}
