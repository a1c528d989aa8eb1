/**
 * A real Express 5 app with express-session and Passport (passport-local for the first
 * factor), with twostep added the way the README tells users to. Driven by supertest
 * agents that keep cookies.
 */
import express, { type Request, type Response } from 'express';
import session from 'express-session';
import { Passport } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import request from 'supertest';
import { createTwoStep, type TwoStep, type TwoStepOptions, type TwoStepStore } from '../../src/index.js';
import { generateTotp } from '../../src/testing/index.js';

export interface TestUser {
  id: string;
  username: string;
  password: string;
  role: string;
}

export const TEST_SECRET = 'test-secret-that-is-long-enough-for-twostep-0123456789';

export function makeUsers(): Map<string, TestUser> {
  return new Map([
    ['alice', { id: 'u-alice', username: 'alice', password: 'alice-pass', role: 'staff' }],
    ['bob', { id: 'u-bob', username: 'bob', password: 'bob-pass', role: 'parent' }],
    ['carol', { id: 'u-carol', username: 'carol', password: 'carol-pass', role: 'parent' }],
  ]);
}

/** A clock the test moves by hand. */
export function manualClock(start = Date.UTC(2026, 10, 23, 12, 0, 0)) {
  let nowMs = start;
  return {
    now: () => nowMs,
    advanceSeconds(seconds: number) {
      nowMs += seconds * 1000;
    },
    set(value: number) {
      nowMs = value;
    },
  };
}

/** A Passport of its own with the test users' passwords (passport-local), serialised by id. */
export function makeTestPassport(users: Map<string, TestUser>): InstanceType<typeof Passport> {
  const byId = new Map([...users.values()].map((u) => [u.id, u]));
  const passport = new Passport();
  passport.use(new LocalStrategy((username, password, done) => {
    const user = users.get(username);
    done(null, user && user.password === password ? user : false);
  }));
  passport.serializeUser((user, done) => done(null, (user as TestUser).id));
  passport.deserializeUser((id: string, done) => done(null, byId.get(id) ?? false));
  return passport;
}

export interface TestApp {
  app: express.Express;
  twoStep: TwoStep;
  users: Map<string, TestUser>;
}

/** `sessionStore`: express-session's store (its MemoryStore when absent). */
export function makeTestApp(store: TwoStepStore, clock: { now: () => number }, extra: Partial<TwoStepOptions<TestUser>> = {}, sessionStore?: session.Store): TestApp {
  const users = makeUsers();
  const passport = makeTestPassport(users);

  const twoStep = createTwoStep<TestUser>({
    secret: TEST_SECRET,
    store,
    now: clock.now,
    issuer: 'Clinic',
    users: { id: (u) => u.id, label: (u) => u.username },
    ...extra,
  });
  passport.use(twoStep.strategy);

  const app = express();
  app.use(session({ secret: 'session-secret', resave: false, saveUninitialized: false, ...(sessionStore ? { store: sessionStore } : {}) }));
  app.use(passport.initialize());
  app.use(passport.session());
  app.use(twoStep);

  const loginBody = [express.json(), express.urlencoded({ extended: false })];
  const afterLogin = (req: Request, res: Response) => (req.accepts(['html', 'json']) === 'json' ? res.json({ loggedIn: true }) : res.redirect('/'));
  app.post('/login', loginBody, passport.authenticate('local'), twoStep.challenge(), afterLogin);
  // A login route whose author forgot the challenge line: the gate must still hold it back.
  app.post('/login-without-challenge', loginBody, passport.authenticate('local'), afterLogin);
  // Verifying through Passport instead of POST /2fa/verify.
  // The strategy's route sits under the mount path: the gate lets pending sessions reach only those.
  app.post('/2fa/passport', loginBody, passport.authenticate('twostep'), twoStep.completeLogin(), (req: Request, res: Response) => {
    res.json({ user: (req.user as TestUser).id, twoStep: req.session.twoStep });
  });
  app.post('/logout', (req: Request, res: Response, next) => req.logout((error) => (error ? next(error) : res.json({ loggedOut: true }))));

  app.get('/', (req: Request, res: Response) => {
    if (!req.isAuthenticated()) return res.redirect('/login');
    res.send(`Welcome ${(req.user as TestUser).username}`);
  });
  app.get('/api/me', (req: Request, res: Response) => {
    if (!req.isAuthenticated()) return res.status(401).json({ error: 'unauthenticated' });
    res.json({ id: (req.user as TestUser).id, session: req.session.twoStep });
  });
  app.get('/public', (_req: Request, res: Response) => res.send('public page'));
  return { app, twoStep, users };
}

export type Agent = ReturnType<typeof request.agent>;

export async function logIn(agent: Agent, username: string, path = '/login'): Promise<request.Response> {
  const user = makeUsers().get(username)!;
  return agent.post(path).set('Accept', 'application/json').send({ username, password: user.password });
}

/**
 * Sets up an authenticator app from a verified session; returns the secret, as the user's
 * phone would hold it, and the recovery codes when this was the first method.
 */
export async function enrolTotp(agent: Agent, clock: { now: () => number }, body: Record<string, unknown> = {}): Promise<{ secret: string; methodId: string; recoveryCodes: string[] }> {
  const started = await agent.post('/2fa/methods').set('Accept', 'application/json').send({ type: 'totp' });
  if (started.status !== 201) throw new Error(`setup failed: ${started.status} ${JSON.stringify(started.body)}`);
  const { secret, id } = started.body as { secret: string; id: string };
  const confirmed = await agent.post(`/2fa/methods/${id}/confirm`).set('Accept', 'application/json')
    .send({ code: generateTotp({ secret, nowMs: clock.now() }), ...body });
  if (confirmed.status !== 200) throw new Error(`confirm failed: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
  return { secret, methodId: id, recoveryCodes: (confirmed.body as { recoveryCodes?: string[] }).recoveryCodes ?? [] };
}

/** A well-formed code that is not the right one at this instant (nor its neighbours). */
export function wrongCode(secret: string, nowMs: number): string {
  const near = new Set([-30_000, 0, 30_000].map((d) => generateTotp({ secret, nowMs: nowMs + d })));
  for (let n = 0; ; n += 1) {
    const candidate = String(n).padStart(6, '0');
    if (!near.has(candidate)) return candidate;
  }
}

/** Enrols `username` from a fresh browser and moves the clock past that code's step; `body` as for `enrolTotp`. */
export async function enrolUser(app: express.Express, clock: { now: () => number; advanceSeconds(s: number): void }, username: string, body: Record<string, unknown> = {}): Promise<{ secret: string; methodId: string }> {
  const agent = request.agent(app);
  await logIn(agent, username);
  const enrolled = await enrolTotp(agent, clock, body);
  clock.advanceSeconds(60);
  return enrolled;
}

/** `username` enrolled (see `enrolUser`), then signed in from another browser with password and code. */
export async function signedInWithApp(app: express.Express, clock: { now: () => number; advanceSeconds(s: number): void }, username: string, enrolBody: Record<string, unknown> = {}): Promise<{ agent: Agent; secret: string }> {
  const { secret } = await enrolUser(app, clock, username, enrolBody);
  const agent = request.agent(app);
  await logIn(agent, username);
  const verified = await agent.post('/2fa/verify').set('Accept', 'application/json').send({ code: generateTotp({ secret, nowMs: clock.now() }) });
  if (verified.status !== 200) throw new Error(`sign-in with the app failed: ${verified.status} ${JSON.stringify(verified.body)}`);
  return { agent, secret };
}
