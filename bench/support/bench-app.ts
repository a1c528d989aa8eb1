/**
 * The app every HTTP bench measures, run in its own process (see `server-process.ts`) so the
 * load generator does not share its event loop: Express 5 + express-session on connect-redis
 * (ioredis) + Passport with passport-local, and — when `twoStep` is on — twostep on the same
 * Redis, added exactly as the README says. Users are `user-0 … user-(n-1)`, password `pw`.
 */
import express, { type Request, type Response } from 'express';
import session from 'express-session';
import { RedisStore } from 'connect-redis';
import { Redis } from 'ioredis';
import { Passport } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import pg from 'pg';
import { createTwoStep, postgresEnrolments, postgresOrganisationSettings, redisStore, type TwoStepOptions } from '../../src/index.js';
import { Registry } from 'prom-client';
import { prometheusMetrics } from '../../src/metrics/index.js';
import { mountReferenceTotp } from './reference-totp.ts';
import { seedEnrolments } from './seed-enrolments.ts';

export interface BenchAppConfig {
  redisUrl: string;
  twoStep: boolean;
  userCount: number;
  /** Bench only: lets one user take many wrong codes before the lock (the script's cost is the same). */
  maxAttempts?: number;
  /** Also mount the passport-totp-style yardstick (see `reference-totp.ts`), before twostep. */
  referenceVerify?: boolean;
  /** Keep enrolments in this PostgreSQL (as the README recommends); SQL statements are counted at GET /bench/sql. */
  databaseUrl?: string;
  /** Enrolment table names (two apps on one PostgreSQL keep separate enrolments). */
  enrolmentTables?: { enrolments: string; recoveryCodes: string };
  /**
   * Users belong to organisations (`user-n` to `clinic-(n % 4)`, role 'staff') whose settings
   * live in this PostgreSQL; those statements are counted apart, as `settingsStatements`.
   */
  organisationsDatabaseUrl?: string;
  /** Feed twostep's metrics into a prom-client registry (`prometheusMetrics`), served at GET /bench/metrics. */
  metrics?: boolean;
}

export interface BenchUser {
  id: string;
  username: string;
}

export const BENCH_PASSWORD = 'pw';
export const BENCH_SECRET = 'bench-secret-that-is-long-enough-for-twostep-0123456789';

/** `now()` for twostep, moved forward by the parent (so a fresh TOTP step is never a replay of enrolment's). */
export const shiftableClock = { shiftMs: 0, now: () => Date.now() + shiftableClock.shiftMs };

/** Mounts a peer's routes (bench/peers) on the same session stack, before twostep. */
export type MountPeer = (app: express.Express, passport: InstanceType<typeof Passport>, json: express.RequestHandler) => void;

/** Organisation settings on PostgreSQL through a pool whose every statement is counted. */
function countedSettings(databaseUrl: string, sql: { settingsStatements: number }) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  const counted = {
    query: (text: string, values?: unknown[]) => { sql.settingsStatements += 1; return pool.query(text, values); },
    connect: async () => {
      const client = await pool.connect();
      return {
        query: (text: string, values?: unknown[]) => { sql.settingsStatements += 1; return client.query(text, values); },
        release: (error?: Error | boolean) => client.release(error),
      };
    },
  };
  const settings = postgresOrganisationSettings(counted);
  const options: Partial<TwoStepOptions<BenchUser>> = {
    organisationSettings: settings,
    users: { id: (u) => u.id, label: (u) => u.username, organisations: (u) => [{ id: `clinic-${Number(u.id.split('-')[1]) % 4}`, roles: ['staff'] }] },
  };
  return { options, ready: settings.createSchema() };
}

export function buildBenchApp(config: BenchAppConfig, mountPeer?: MountPeer): express.Express {
  const redis = new Redis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, autoResendUnfulfilledCommands: false });
  redis.on('error', () => {});
  const byId = new Map<string, BenchUser>();
  for (let i = 0; i < config.userCount; i += 1) byId.set(`user-${i}`, { id: `user-${i}`, username: `user-${i}` });

  const passport = new Passport();
  passport.use(new LocalStrategy((username, password, done) => {
    const user = byId.get(username);
    done(null, user && password === BENCH_PASSWORD ? user : false);
  }));
  passport.serializeUser((user, done) => done(null, (user as BenchUser).id));
  passport.deserializeUser((id: string, done) => done(null, byId.get(id) ?? false));

  const app = express();
  // The hello-world baseline: plain Express, before any middleware.
  app.get('/hello', (_req: Request, res: Response) => res.send('hello world'));
  app.use(session({
    store: new RedisStore({ client: redis, prefix: `sess-${config.twoStep ? 'with' : 'without'}:` }),
    secret: 'bench-session-secret',
    resave: false,
    saveUninitialized: false,
  }));
  app.use(passport.initialize());
  app.use(passport.session());

  const json = express.json();
  if (config.referenceVerify) mountReferenceTotp(app, passport, byId.keys(), json);
  mountPeer?.(app, passport, json);
  if (config.twoStep) {
    // Every statement twostep sends is counted, so the bench can print SQL per request.
    const sql = { statements: 0, settingsStatements: 0 };
    const pool = config.databaseUrl ? new pg.Pool({ connectionString: config.databaseUrl, max: 10 }) : undefined;
    const enrolments = pool
      ? postgresEnrolments({ query: (text: string, values?: unknown[]) => { sql.statements += 1; return pool.query(text, values); } }, config.enrolmentTables ? { tables: config.enrolmentTables } : {})
      : undefined;
    const schemaReady = enrolments?.createSchema();
    if (pool) {
      // Users enrolled straight into the enrolment table (real sealed secrets), for the scale bench.
      app.post('/bench/seed-enrolments', json, async (req: Request, res: Response) => {
        await schemaReady;
        res.json({ seeded: await seedEnrolments(pool, config.enrolmentTables?.enrolments ?? 'twostep_enrolments', req.body.prefix, req.body.count, BENCH_SECRET) });
      });
    }
    app.get('/bench/sql', (_req: Request, res: Response) => res.json(sql));
    const organisations = config.organisationsDatabaseUrl ? countedSettings(config.organisationsDatabaseUrl, sql) : undefined;
    const registry = new Registry();
    if (config.metrics) app.get('/bench/metrics', async (_req: Request, res: Response) => void res.type('text/plain').send(await registry.metrics()));
    const twoStep = createTwoStep<BenchUser>({
      ...(config.metrics ? { metrics: prometheusMetrics({ registry }) } : {}),
      secret: BENCH_SECRET,
      store: redisStore(redis),
      ...(enrolments ? { enrolments } : {}),
      now: shiftableClock.now,
      users: { id: (u) => u.id, label: (u) => u.username },
      ...(config.maxAttempts === undefined ? {} : { lockout: { maxAttempts: config.maxAttempts } }),
      // One load generator on one address: the per-address windows are still taken, in the
      // same script as in production, but a one-second window that holds a million never refuses.
      addressLimit: { windowSeconds: 1, wrongAnswers: 1_000_000, sends: 1_000_000, passkeyOptions: 1_000_000, passkeyFailuresPerHandle: 1_000_000 },
      ...(organisations ? organisations.options : {}),
    });
    if (organisations) {
      app.post('/bench/settings', json, async (req: Request, res: Response) => {
        await organisations.ready;
        res.json(await twoStep.organisations.update(req.body.orgId, req.body.changes, { by: 'bench' }));
      });
    }
    passport.use(twoStep.strategy);
    app.use(twoStep);
    app.post('/login', json, passport.authenticate('local'), twoStep.challenge(), (_req: Request, res: Response) => res.json({ loggedIn: true }));
    // For the revocation bench: sign a user out everywhere, and whether this process hears revocations live.
    app.post('/bench/revoke', json, async (req: Request, res: Response) => res.json(await twoStep.revokeSessions(req.body.userId, { reason: 'bench' })));
    app.get('/bench/revocation', (_req: Request, res: Response) => res.json(twoStep.revocationStatus()));
  } else {
    app.post('/login', json, passport.authenticate('local'), (_req: Request, res: Response) => res.json({ loggedIn: true }));
  }
  app.get('/api/me', (req: Request, res: Response) => {
    if (!req.isAuthenticated()) return res.status(401).json({ error: 'unauthenticated' });
    res.json({ id: (req.user as BenchUser).id });
  });
  return app;
}
