/**
 * An app whose login route ends in a handler the test chooses (a redirect to /dashboard, a
 * handler that reads `req.user`, one that sends a page), with GET /login, POST /logout and a
 * few pages, for the tests of leaving a half-finished sign-in and of where users land.
 */
import express, { type Request, type RequestHandler, type Response } from 'express';
import session from 'express-session';
import request from 'supertest';
import { createTwoStep, memoryStore, type TwoStep, type TwoStepOptions } from '../../src/index.js';
import { makeTestPassport, makeUsers, manualClock, TEST_SECRET, type TestUser } from './test-app.js';

export function makeLoginApp(afterLogin: RequestHandler, extra: Partial<TwoStepOptions<TestUser>> = {}) {
  const clock = manualClock();
  const users = makeUsers();
  const passport = makeTestPassport(users);
  const twoStep: TwoStep = createTwoStep<TestUser>({
    secret: TEST_SECRET,
    store: memoryStore(),
    now: clock.now,
    issuer: 'Clinic',
    users: { id: (u) => u.id, label: (u) => u.username },
    setupPrompt: false,
    ...extra,
  });
  const app = express();
  app.use(session({ secret: 'session-secret', resave: false, saveUninitialized: false }));
  app.use(passport.initialize());
  app.use(passport.session());
  app.use(twoStep);
  app.use(express.urlencoded({ extended: false }), express.json());
  app.get('/login', (req: Request, res: Response) => res.send(req.isAuthenticated() ? 'already signed in' : 'the sign-in page'));
  app.post('/login', passport.authenticate('local', { failureRedirect: '/login?failed=1' }), twoStep.challenge(), afterLogin);
  app.post('/logout', (req: Request, res: Response, next) => req.logout((error) => (error ? next(error) : res.redirect('/login'))));
  app.get('/whoami', (req: Request, res: Response) => res.json({ user: (req.user as TestUser | undefined)?.id ?? null, twoStep: req.session?.twoStep ?? null }));
  for (const path of ['/', '/dashboard', '/reports']) {
    app.get(path, (req: Request, res: Response) => (req.isAuthenticated() ? res.send(`${path} for ${(req.user as TestUser).username}`) : res.redirect('/login')));
  }
  return { app, twoStep, clock, users };
}

export type Agent = ReturnType<typeof request.agent>;

/** A browser: form posts and pages, no JSON. */
export function browserPost(agent: Agent, path: string, fields: Record<string, string> = {}) {
  return agent.post(path).type('form').set('Accept', 'text/html').send(new URLSearchParams(fields).toString());
}

export function browserGet(agent: Agent, path: string) {
  return agent.get(path).set('Accept', 'text/html');
}

export function signIn(agent: Agent, username: string, fields: Record<string, string> = {}) {
  return browserPost(agent, '/login', { username, password: makeUsers().get(username)!.password, ...fields });
}
