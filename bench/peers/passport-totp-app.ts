/**
 * passport-totp 0.0.2 as its README sets it up: after the password, the session's user posts a
 * code to a route guarded by `passport.authenticate('totp')`; on success the app marks the session
 * (`req.session.secondFactor = 'totp'`) and its protected routes check that mark. Same Express +
 * express-session (connect-redis 8.1.0 on ioredis 6) + Passport stack as the twostep arm
 * (bench/support/bench-app.ts); secrets are held in memory, as its `setup(user, done)` callback
 * typically hands them over.
 *
 * Change for a fair run: `window: 1` (the default 6 checks 13 steps per code; twostep and
 * better-auth check 3).
 */
import { createRequire } from 'node:module';
import type { Express, Request, RequestHandler, Response } from 'express';
import { buildBenchApp, type BenchAppConfig } from '../support/bench-app.ts';

const require = createRequire(import.meta.url);
const { Strategy: TotpStrategy } = require('passport-totp') as { Strategy: new (options: object, setup: (user: any, done: (e: unknown, key?: string, period?: number) => void) => void) => any };

/** Raw key bytes per user (notp takes the key as a binary string). */
export const passportTotpKey = (userId: string) => `passport-totp-key-${userId}-0123456789`;

export function buildPassportTotpApp(config: BenchAppConfig): Express {
  return buildBenchApp({ ...config, twoStep: false }, (app, passport, json: RequestHandler) => {
    passport.use('totp', new TotpStrategy({ window: 1 }, (user: { id: string }, done) => done(null, passportTotpKey(user.id), 30)));
    app.post('/peer/verify', json, passport.authenticate('totp', { session: false }), (req: Request, res: Response) => {
      (req.session as any).secondFactor = 'totp';
      res.json({ verified: true });
    });
    app.get('/peer/me', (req: Request, res: Response) => {
      if (!req.isAuthenticated() || (req.session as any).secondFactor !== 'totp') return res.status(401).json({ error: 'unauthenticated' });
      res.json({ id: (req.user as { id: string }).id });
    });
  });
}
