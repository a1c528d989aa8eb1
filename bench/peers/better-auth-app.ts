/**
 * better-auth 1.7.25 with its twoFactor plugin, as its docs set it up for Express: the memory
 * adapter for the database, @better-auth/redis-storage (ioredis 6) as secondary storage (its
 * sessions, verification values and rate-limit counters live in Redis), `toNodeHandler` on
 * `/api/auth/*`. better-auth keeps its own session (a signed cookie and a Redis record), so this
 * arm does not run behind express-session: that is how the package is used.
 *
 * Changes for a fair run (also listed in the README's Performance section):
 * - rate limiting forced on (it is on only when NODE_ENV=production) with the two-factor and
 *   sign-in rules raised to 1e9 requests per 10 s: counted in Redis on every request, never binding;
 * - account lockout left on with `maxFailedAttempts` 1e9 (the counter is still written on every
 *   failure); the per-challenge limit of 5 tries (hard-coded) is left as it is: the bench uses each
 *   challenge at most 4 times;
 * - password hashing replaced by a plain comparison, so preparing thousands of sign-ins does not
 *   cost scrypt time (no measured request hashes a password).
 * Bench-only routes: /bench/users (emails and TOTP secrets), /bench/challenges (fresh pending
 * sign-ins), /bench/lock (an account locked as ten failures would lock it).
 */
import express from 'express';
import { Redis } from 'ioredis';
import { betterAuth } from 'better-auth';
import { memoryAdapter } from 'better-auth/adapters/memory';
import { twoFactor } from 'better-auth/plugins';
import { toNodeHandler, fromNodeHeaders } from 'better-auth/node';
import { redisStorage } from '@better-auth/redis-storage';
import { createOTP } from '@better-auth/utils/otp';
import { base32 } from '@better-auth/utils/base32';

export const PASSWORD = 'password-for-the-bench';

export async function buildBetterAuthApp(config: { redisUrl: string; userCount: number }) {
  const redis = new Redis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  redis.on('error', () => {});
  await new Promise((resolve) => redis.once('ready', resolve));
  const db: Record<string, any[]> = { user: [], session: [], account: [], verification: [], twoFactor: [] };
  const auth = betterAuth({
    baseURL: 'http://127.0.0.1',
    secret: 'bench-better-auth-secret-0123456789abcdef0123456789',
    database: memoryAdapter(db),
    secondaryStorage: redisStorage({ client: redis as any, keyPrefix: 'better-auth:' }),
    emailAndPassword: {
      enabled: true,
      password: { hash: async (p: string) => p, verify: async ({ hash, password }: { hash: string; password: string }) => hash === password },
    },
    rateLimit: {
      enabled: true,
      storage: 'secondary-storage',
      customRules: { '/two-factor/*': { window: 10, max: 1e9 }, '/sign-in/*': { window: 10, max: 1e9 } },
    },
    advanced: { ipAddress: { ipAddressHeaders: ['x-bench-ip'] } },
    plugins: [twoFactor({ issuer: 'bench', accountLockout: { enabled: true, maxFailedAttempts: 1e9 } })],
    logger: { level: 'error' },
  } as any);
  const api = auth.api as any;

  const users: { email: string; secret: string }[] = [];
  for (let i = 0; i < config.userCount; i += 1) {
    const email = `user-${i}@bench.test`;
    const signUp = await api.signUpEmail({ body: { email, password: PASSWORD, name: `user ${i}` }, asResponse: true });
    const headers = new Headers({ cookie: cookiesOf(signUp) });
    const enabled = await api.enableTwoFactor({ body: { password: PASSWORD }, headers });
    // The URI carries the secret in base32; createOTP takes the raw secret.
    const secret = new TextDecoder().decode(base32.decode(new URL(enabled.totpURI).searchParams.get('secret')!));
    const code = await createOTP(secret, { period: 30, digits: 6 }).totp();
    await api.verifyTOTP({ body: { code }, headers });
    users.push({ email, secret });
  }

  const app = express();
  app.get('/hello', (_req, res) => res.send('hello world'));
  app.get('/bench/users', (_req, res) => res.json(users));
  app.post('/bench/challenges', express.json(), async (req, res) => {
    const { emails } = req.body as { emails: string[] };
    const cookies: string[] = [];
    for (const email of emails) {
      const response: Response = await api.signInEmail({ body: { email, password: PASSWORD }, asResponse: true });
      cookies.push(cookiesOf(response));
    }
    res.json(cookies);
  });
  app.post('/bench/lock', express.json(), (req, res) => {
    const user = db.user.find((u) => u.email === req.body.email);
    const row = db.twoFactor.find((t) => t.userId === user?.id);
    if (!row) return res.status(404).end();
    row.failedVerificationCount = 10;
    row.lockedUntil = new Date(Date.now() + 3600_000);
    res.json({ locked: true });
  });
  app.all('/api/auth/*splat', toNodeHandler(auth));
  app.get('/api/me', async (req, res) => {
    const session = await api.getSession({ headers: fromNodeHeaders(req.headers) });
    if (!session) return res.status(401).json({ error: 'unauthenticated' });
    res.json({ id: session.user.id });
  });
  return app;
}

function cookiesOf(response: Response): string {
  return response.headers.getSetCookie().map((c) => c.split(';')[0]!).filter((c) => !c.endsWith('=')).join('; ');
}
