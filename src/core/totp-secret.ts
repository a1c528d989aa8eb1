/**
 * Associated data for a sealed TOTP secret: a sealed blob copied onto another user or
 * method does not open.
 */
export function totpSecretAad(userId: string, methodId: string): string {
  return `twostep:totp:${userId}:${methodId}`;
}
