/**
 * Fills the enrolment table with users who have a confirmed TOTP method, straight through SQL
 * (a thousand rows per statement), as `POST /2fa/methods` + confirm would have left them: the
 * secret is a real one sealed with the bench app's key and the method's AAD. For the scale
 * bench: a verify must not get slower when the table holds 100,000 users.
 */
import type pg from 'pg';
import { deriveKeys } from '../../src/crypto/keys.ts';
import { sealSecret } from '../../src/crypto/secret-box.ts';
import { totpSecretAad } from '../../src/core/totp-secret.ts';
import type { Enrolment } from '../../src/enrolments/records.ts';

const BATCH = 1000;

export async function seedEnrolments(pool: pg.Pool, table: string, prefix: string, count: number, appSecret: string): Promise<number> {
  const { sealKey } = deriveKeys(appSecret);
  const now = Date.now();
  let seeded = 0;
  for (let from = 0; from < count; from += BATCH) {
    const ids: string[] = [];
    const records: string[] = [];
    for (let i = from; i < Math.min(count, from + BATCH); i += 1) {
      const userId = `${prefix}${i}`;
      const methodId = `m${i.toString(36)}`;
      const secret = `SEEDSECRET${base32Of(i).padStart(22, 'A')}`;
      const enrolment: Enrolment = {
        enabled: true,
        methods: [{ id: methodId, type: 'totp', label: 'Authenticator app', primary: true, confirmed: true, createdAt: now, sealedSecret: sealSecret(sealKey, Buffer.from(secret, 'utf8'), totpSecretAad(userId, methodId)) }],
        updatedAt: now,
      };
      ids.push(userId);
      records.push(JSON.stringify(enrolment));
    }
    const result = await pool.query(
      `INSERT INTO ${table} (user_id, version, record) SELECT unnest($1::text[]), 1, unnest($2::jsonb[]) ON CONFLICT (user_id) DO NOTHING`,
      [ids, records],
    );
    seeded += result.rowCount ?? 0;
  }
  return seeded;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** Distinct base32 secrets (what `POST /2fa/methods` stores is base32 too). */
function base32Of(n: number): string {
  let text = '';
  do {
    text = ALPHABET[n % 32] + text;
    n = Math.floor(n / 32);
  } while (n > 0);
  return text;
}
