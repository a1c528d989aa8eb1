/**
 * The demo: a clinic app with a password login, and twostep added in three lines.
 * `npm start` runs it on http://localhost:3000 with the embedded memory store;
 * with REDIS_URL set, twostep and the sessions live in Redis.
 */
import { RedisStore } from 'connect-redis';
import express from 'express';
import session from 'express-session';
import { Redis } from 'ioredis';
import passport from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import { createTwoStep, memoryStore, redisStore, strictestPolicy, type OutgoingMessage } from '../src/index.js';
import { adminPage, homePage, loginPage, outboxPage } from './pages.js';
import { demoUsers, findById, findByUsername, officeNetworks, type DemoUser } from './users.js';

const port = Number(process.env.PORT ?? 3000);
const secret = process.env.TWOSTEP_SECRET ?? 'demo-only-secret-change-me-0123456789abcdef';
if (!process.env.TWOSTEP_SECRET) console.warn('twostep demo: TWOSTEP_SECRET is not set; using a demo secret.');

// Fail fast when Redis is away, so twostep answers 503 at once instead of queueing.
const redis = process.env.REDIS_URL
  ? new Redis(process.env.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000 })
  : undefined;

// The demo sends nothing for real: every email and text message lands in this outbox,
// shown at /outbox, so anyone can try email and SMS codes without accounts.
const outbox: (OutgoingMessage & { at: Date })[] = [];
const deliverToOutbox = async (message: OutgoingMessage) => {
  outbox.unshift({ ...message, at: new Date() });
  outbox.length = Math.min(outbox.length, 50);
};

const twoStep = createTwoStep<DemoUser>({
  secret,
  store: redis ? redisStore(redis) : memoryStore(),
  issuer: 'Riverside Clinic',
  users: {
    id: (user) => user.id,
    label: (user) => user.username,
    verifyPassword: (user, password) => user.password === password,
    email: (user) => user.email,
    phone: (user) => user.phone,
    load: (id) => findById(id),
  },
  delivery: { email: deliverToOutbox, sms: deliverToOutbox },
  defaultPhoneCountry: 'GB',
  // Staff must verify, parents may; someone who is both is staff. Admins must too.
  policy: strictestPolicy<DemoUser>({
    levelsByRole: { staff: 'required', admin: 'required', parent: 'optional' },
    rolesOf: (user) => user.roles,
  }),
  // Each practice's office network skips the second factor.
  skipNetworks: (user) => officeNetworks[user.organisation],
});

passport.use(new LocalStrategy((username, password, done) => {
  const user = findByUsername(username);
  done(null, user && user.password === password ? user : false);
}));
passport.use(twoStep.strategy);
passport.serializeUser((user, done) => done(null, (user as DemoUser).id));
passport.deserializeUser((id: string, done) => done(null, findById(id) ?? false));

const app = express();
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

app.get('/login', (req, res) => res.type('html').send(loginPage(req.query.failed ? 'That username and password do not match.' : undefined)));
app.post('/login',
  passport.authenticate('local', { failureRedirect: '/login?failed=1' }),
  twoStep.challenge(),
  (_req, res) => res.redirect('/'));
app.post('/logout', (req, res, next) => req.logout((error) => (error ? next(error) : res.redirect('/login'))));
app.get('/', (req, res) => {
  if (!req.isAuthenticated()) return res.redirect('/login');
  res.type('html').send(homePage(req.user as DemoUser, req.session.twoStep?.amr ?? ['pwd']));
});

app.get('/outbox', (_req, res) => res.type('html').send(outboxPage(outbox)));

// The clinic's admin page: only admins, and only with a real second factor in the last 15 minutes.
const adminOnly: express.RequestHandler = (req, res, next) => {
  if (!req.isAuthenticated()) return res.redirect('/login');
  if (!(req.user as DemoUser).roles.includes('admin')) return res.status(403).send('Administrators only.');
  next();
};
const recentSecondFactor = twoStep.require({ maxAgeSeconds: 900 });
async function renderAdmin(res: express.Response, message?: string) {
  const rows = await Promise.all(demoUsers.map(async (user) => {
    const status = await twoStep.admin.status(user.id);
    return { user, enabled: status.enabled, methods: status.methods.map((m) => m.label), lockedUntil: status.lockedUntil, recoveryCodesLeft: status.recoveryCodesLeft };
  }));
  res.type('html').send(adminPage(rows, message));
}
app.get('/admin', adminOnly, recentSecondFactor, (_req, res) => renderAdmin(res));
app.post('/admin/:id/unlock', adminOnly, recentSecondFactor, async (req, res) => {
  const user = findById(String(req.params.id));
  if (!user) return res.status(404).send('No such user.');
  await twoStep.admin.unlock(user.id, { ip: req.ip });
  await renderAdmin(res, `${user.name} is unlocked.`);
});
app.post('/admin/:id/reset', adminOnly, recentSecondFactor, async (req, res) => {
  const user = findById(String(req.params.id));
  if (!user) return res.status(404).send('No such user.');
  await twoStep.admin.reset(user.id, { requireSetup: req.body?.requireSetup === '1', ip: req.ip });
  await renderAdmin(res, `${user.name}'s two-step verification was reset; they have been emailed.`);
});

app.listen(port, () => {
  console.log(`twostep demo on http://localhost:${port} (store: ${redis ? 'Redis' : 'memory'})`);
  console.log(`Codes sent by email or text message appear at http://localhost:${port}/outbox`);
  for (const user of demoUsers) console.log(`  ${user.username} / ${user.password}  (${user.roles.join(' + ')}, ${user.organisation})`);
});
