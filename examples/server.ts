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
import { createTwoStep, memoryStore, redisStore, type OutgoingMessage } from '../src/index.js';
import { homePage, loginPage, outboxPage } from './pages.js';
import { findById, findByUsername, type DemoUser } from './users.js';

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

app.listen(port, () => {
  console.log(`twostep demo on http://localhost:${port} (store: ${redis ? 'Redis' : 'memory'})`);
  console.log(`Codes sent by email or text message appear at http://localhost:${port}/outbox`);
  console.log('Sign in as nora / nora-password (staff) or paul / paul-password (parent).');
});
