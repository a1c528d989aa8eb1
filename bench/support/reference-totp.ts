/**
 * The yardstick SPEC 6 quotes ("the classic passport-totp strategy reaches 0.35"), written
 * here rather than installed: a Passport strategy that reads the signed-in user from the
 * session, takes `code` from the JSON body and compares it with otplib against the user's
 * secret, and fails with Passport's plain 401. No lockout, no replay guard, no sealed secret,
 * no store call: everything twostep adds is absent, the session stack (express-session on
 * connect-redis, Passport) is the same one twostep's verify runs behind.
 *
 * It compares over the same ±1 step window with the same Node HMAC as twostep, so the
 * difference between the two is lockout, replay guard, secret sealing and twostep's routing.
 */
import type { Express, Request, RequestHandler, Response } from 'express';
import type { Passport } from 'passport';
import { Strategy as CustomStrategy } from 'passport-custom';
import { generateSecret, ScureBase32Plugin, verifySync } from 'otplib';
import { NodeCryptoPlugin } from '@otplib/plugin-crypto-node';

export const REFERENCE_VERIFY_PATH = '/reference/verify';

const crypto = new NodeCryptoPlugin();
const base32 = new ScureBase32Plugin();

/** Mount after `passport.session()` and before twostep, so the pending session's user is still on `req.user`. */
export function mountReferenceTotp(app: Express, passport: InstanceType<typeof Passport>, userIds: Iterable<string>, json: RequestHandler): void {
  // Plain secrets in memory, as passport-totp's `setup(user, done)` callback typically hands them over.
  const secrets = new Map<string, string>();
  for (const id of userIds) secrets.set(id, generateSecret({ crypto, base32 }));

  passport.use('reference-totp', new CustomStrategy((req, done) => {
    const user = req.user as { id: string } | undefined;
    const secret = user ? secrets.get(user.id) : undefined;
    const code = (req.body as { code?: unknown } | undefined)?.code;
    if (!user || !secret || typeof code !== 'string') return done(null, false);
    const { valid } = verifySync({ secret, token: code, epochTolerance: 30, crypto, base32 });
    done(null, valid ? user : false);
  }));
  app.post(REFERENCE_VERIFY_PATH, json, passport.authenticate('reference-totp', { session: false }), (_req: Request, res: Response) => {
    res.json({ verified: true });
  });
}
