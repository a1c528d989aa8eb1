/**
 * The codes the peers compute (passport-totp's notp, better-auth): RFC 4226 over a raw key at
 * the 30-second step, and a code that stays wrong for a whole bench run.
 */
import { createHmac } from 'node:crypto';

/** RFC 4226 over a raw key: the codes passport-totp (notp) and better-auth compute. */
export function totpAt(key: Buffer, ms: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(ms / 30_000)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/** A code that is not valid at any step of the next 15 minutes: a wrong code must stay wrong all run. */
export function wrongFor(codeAt: (ms: number) => string, fromMs: number): string {
  const valid = new Set<string>();
  for (let t = fromMs - 60_000; t < fromMs + 15 * 60_000; t += 30_000) valid.add(codeAt(t));
  for (let n = 0; ; n += 1) if (!valid.has(String(n).padStart(6, '0'))) return String(n).padStart(6, '0');
}

/** passport-totp's key for a bench user (bench/peers/passport-totp-app.ts hands it over as a binary string). */
export const passportTotpKeyBytes = (userId: string) => Buffer.from(`passport-totp-key-${userId}-0123456789`, 'binary');
