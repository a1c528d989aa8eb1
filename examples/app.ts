/**
 * The demo: a clinic app with a password login, and twostep added in three lines.
 * `createDemoApp()` builds it without listening, so `npm start` (server.ts) and the browser
 * tests run the very same app; a test passes its own clock to move time instead of waiting.
 */
import { once } from 'node:events';
import { RedisStore } from 'connect-redis';
import express from 'express';
import session from 'express-session';
import { Redis } from 'ioredis';
import { Passport } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import pg from 'pg';
import { createTwoStep, memoryStore, postgresEnrolments, postgresOrganisationSettings, redisStore, type OutgoingMessage, type TwoStep, type TwoStepStore } from '../src/index.js';
import { appointmentsPage, homePage, loginPage, outboxPage, prescriptionsPage } from './pages.js';
import { seedOrganisations } from './organisations.js';
import { findById, findByUsername, listUsers, organisationsOf, practicesAdministeredBy, type DemoUser } from './users.js';

/** Only paths on this site: never `//evil.example`. */
function localPath(value: unknown): string | undefined {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : undefined;
}

function returnToQuery(value: unknown): string {
  const path = localPath(value);
  return path ? `&returnTo=${encodeURIComponent(path)}` : '';
}

export const DEMO_SECRET = 'demo-only-secret-change-me-0123456789abcdef';

export interface DemoAppOptions {
  /** Signs twostep's data and the session cookie. @default DEMO_SECRET */
  secret?: string;
  /** The clock, in epoch milliseconds; tests pass their own. @default Date.now */
  now?: () => number;
  /** twostep's store; wins over `redisUrl` for twostep (sessions still follow `redisUrl`). */
  store?: TwoStepStore;
  /** Keep twostep's counters and the sessions in this Redis. @default in memory */
  redisUrl?: string;
  /** The origin people open the demo at; passkeys are bound to its host. @default 'http://localhost:3000' */
  origin?: string;
  /**
   * Keep enrolments (who has 2FA, methods, recovery codes) and the practices' settings in
   * this PostgreSQL; the tables are created at start-up if missing. @default with the store
   * (memory, or Redis)
   */
  databaseUrl?: string;
}

export type OutboxMessage = OutgoingMessage & { at: Date };

export interface DemoApp {
  app: express.Express;
  twoStep: TwoStep;
  /** Every email and text message the demo would have sent, newest first. */
  outbox: OutboxMessage[];
  storeName: 'Redis' | 'memory';
  /** Where enrolments and the practices' settings live. */
  enrolmentsName: 'PostgreSQL' | 'Redis' | 'memory';
  /**
   * Resolves once the stores are fit for use (the tables exist) and each practice has
   * settings (the seed, for one never configured); rejects with the fix otherwise.
   */
  ready: Promise<void>;
  /** Disconnects Redis and PostgreSQL when the demo opened them. */
  close(): Promise<void>;
}

export function createDemoApp(options: DemoAppOptions = {}): DemoApp {
  const secret = options.secret ?? DEMO_SECRET;
  const now = options.now ?? Date.now;
  const origin = options.origin ?? 'http://localhost:3000';
  // Fail fast when Redis is away, so twostep answers 503 at once instead of queueing.
  const redis = options.redisUrl
    ? new Redis(options.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000 })
    : undefined;
  // Enrolments outlive any Redis: in production they belong in the app's own database.
  const pool = options.databaseUrl
    ? new pg.Pool({ connectionString: options.databaseUrl, connectionTimeoutMillis: 2000, query_timeout: 2000 })
    : undefined;
  pool?.on('error', (error) => console.warn('twostep demo: PostgreSQL connection error', error.message));
  const enrolments = pool ? postgresEnrolments(pool) : undefined;
  // Each practice's settings (who must verify, methods, office network) are data its
  // administrators change; without PostgreSQL they live in the store (memory, or Redis).
  const organisationSettings = pool ? postgresOrganisationSettings(pool) : undefined;

  // The demo sends nothing for real: every email and text message lands in this outbox,
  // shown at /outbox, so anyone can try email and SMS codes without accounts.
  const outbox: OutboxMessage[] = [];
  const deliverToOutbox = async (message: OutgoingMessage) => {
    outbox.unshift({ ...message, at: new Date(now()) });
    outbox.length = Math.min(outbox.length, 50);
  };

  const twoStep = createTwoStep<DemoUser>({
    secret,
    now,
    store: options.store ?? (redis ? redisStore(redis) : memoryStore()),
    ...(enrolments ? { enrolments } : {}),
    ...(organisationSettings ? { organisationSettings } : {}),
    issuer: 'Riverside Clinic',
    // "Back to Riverside Clinic" on every twostep page.
    appName: 'Riverside Clinic',
    // twostep's pages, emails and texts in the browser's language: English, Spanish or Finnish.
    lang: 'auto',
    users: {
      id: (user) => user.id,
      label: (user) => user.username,
      verifyPassword: (user, password) => user.password === password,
      email: (user) => user.email,
      phone: (user) => user.phone,
      load: (id) => findById(id),
      // Read at every sign-in: the practice's settings decide who must verify (staff and
      // managers, as seeded), by which methods, and from which office network nobody does.
      organisations: (user) => organisationsOf(user),
      // The admin pages' list of a practice's people, searched by name and paged.
      list: listUsers,
    },
    delivery: { email: deliverToOutbox, sms: deliverToOutbox },
    defaultPhoneCountry: 'GB',
    // Passkeys and security keys: the site's domain and the origins its pages are served from.
    webauthn: { rpID: new URL(origin).hostname, rpName: 'Riverside Clinic', origins: [origin] },
  });

  // A Passport of its own, so two demo apps in one process (tests) never share strategies.
  const passport = new Passport();
  passport.use(new LocalStrategy((username, password, done) => {
    const user = findByUsername(username);
    done(null, user && user.password === password ? user : false);
  }));
  passport.use(twoStep.strategy);
  passport.serializeUser((user, done) => done(null, (user as DemoUser).id));
  passport.deserializeUser((id: string, done) => done(null, findById(id) ?? false));

  const app = express();
  // Before twostep's gate: someone halfway through signing in must be able to read the code.
  app.get('/outbox', (_req, res) => res.type('html').send(outboxPage(outbox)));
  app.use(session({
    secret,
    resave: false,
    saveUninitialized: false,
    cookie: { httpOnly: true, sameSite: 'lax' },
    ...(redis ? { store: new RedisStore({ client: redis, prefix: 'demo-sess:' }) } : {}),
  }));
  app.use(passport.initialize());
  app.use(passport.session());
  app.use(twoStep);
  app.use(express.urlencoded({ extended: false }));

  // twostep lets /login and /logout (its `loginPath` and `logoutPath`) through for someone
  // halfway through signing in, so they can sign out, or sign in as someone else.
  app.get('/login', (req, res) => res.type('html').send(loginPage(req.query.failed ? 'That username and password do not match.' : undefined, localPath(req.query.returnTo), twoStep.scriptUrl)));
  // A passkey alone signs in (it proves both factors): the button on the login page posts here.
  app.use('/login/passkey', twoStep.passkeyLogin());
  // The app's own forms get the same CSRF check as twostep's: a cross-site post is refused.
  app.post('/login',
    twoStep.csrfProtection,
    (req, res, next) => passport.authenticate('local', { failureRedirect: `/login?failed=1${returnToQuery(req.body?.returnTo)}` })(req, res, next),
    twoStep.challenge(),
    // Users who must verify first land here too, once verified: twostep keeps this redirect.
    (req, res) => res.redirect(localPath(req.body?.returnTo) ?? '/'));
  app.post('/logout', twoStep.csrfProtection, (req, res, next) => req.logout((error) => (error ? next(error) : res.redirect('/login'))));
  app.get('/', (req, res) => {
    if (!req.isAuthenticated()) return res.redirect('/login');
    res.type('html').send(homePage(req.user as DemoUser, req.session.twoStep?.amr ?? ['pwd'], twoStep.csrfToken(req)));
  });
  // A page people bookmark: signing in from here comes back here, second step or not.
  app.get('/appointments', (req, res) => {
    if (!req.isAuthenticated()) return res.redirect(`/login?returnTo=${encodeURIComponent('/appointments')}`);
    res.type('html').send(appointmentsPage(req.user as DemoUser));
  });
  // The practices' administration: each practice manager changes their own practice's
  // settings (who must verify, methods, office network) and helps its people (reset,
  // unlock, sign out everywhere). Every change needs a code from the last 5 minutes.
  app.use('/admin/2fa', twoStep.adminRouter({ authorize: (req) => practicesAdministeredBy(req.user as DemoUser | undefined) }));
  // Prescribing is the sensitive part: only a passkey used in the last 5 minutes will do.
  app.get('/prescriptions', twoStep.require({ maxAgeSeconds: 300, phishingResistant: true }), (req, res) => {
    res.type('html').send(prescriptionsPage(req.user as DemoUser));
  });

  return {
    app,
    twoStep,
    outbox,
    storeName: redis ? 'Redis' : 'memory',
    enrolmentsName: pool ? 'PostgreSQL' : redis ? 'Redis' : 'memory',
    ready: (async () => {
      // The client queues nothing while it connects (enableOfflineQueue: false, so an outage
      // answers 503 at once): the first sign-in must not come before the connection does.
      if (redis && redis.status !== 'ready') await once(redis, 'ready');
      await enrolments?.createSchema();
      await organisationSettings?.createSchema();
      await twoStep.ready();
      await seedOrganisations(twoStep);
    })(),
    close: async () => {
      if (redis) await redis.quit().catch(() => redis.disconnect());
      await pool?.end();
    },
  };
}
