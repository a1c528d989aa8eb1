import { openSecret, sealSecret } from '../crypto/secret-box.js';
import { randomId } from '../crypto/random.js';
import { createTotpSecret, formatSetupKey, totpQrSvg, totpUri } from '../methods/totp.js';
import type { EnrolledMethod } from '../enrolments/records.js';
import type { Actor, CoreContext } from './context.js';
import { updateEnrolment } from './update-enrolment.js';
import { totpSecretAad } from './totp-secret.js';
import { ownerField, type SetupOwner } from './setup-owner.js';

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
  };
  await updateEnrolment(ctx, actor.userId, (current) => {
    const methods = current.methods.filter((m) => m.confirmed || m.type !== 'totp');
    return { ...current, methods: [...methods, method] };
  });
  const otpauthUrl = totpUri({ issuer: ctx.options.issuer, accountName, secret });
  return { method, secret, setupKey: formatSetupKey(secret), otpauthUrl, qrSvg: await totpQrSvg(otpauthUrl), expiresAt };
}

/** For pages that show the setup again after a wrong code: the user is mid-setup, the secret is not yet in force. */
export function revealPendingSecret(ctx: CoreContext, userId: string, method: EnrolledMethod): string | null {
  if (method.confirmed || !method.sealedSecret) return null;
  return openSecret(ctx.keys.sealKey, method.sealedSecret, totpSecretAad(userId, method.id)).toString('utf8');
}
