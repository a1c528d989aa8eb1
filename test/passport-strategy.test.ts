/**
 * The `twostep` Passport strategy ends in success, fail or error only, like passport-local;
 * `twoStep.completeLogin()` records the verification after Passport's login, so `verified`
 * and "remember this device" happen only once the login succeeded, with or without a
 * session login, with or without a custom callback.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import express, { type NextFunction, type Request, type Response } from 'express';
import session from 'express-session';
import request from 'supertest';
import { createTwoStep, memoryStore, type TwoStepEvents } from '../src/index.js';
import { generateTotp } from '../src/testing/index.js';
import { enrolTotp, makeTestPassport, makeUsers, manualClock, TEST_SECRET, wrongCode, type TestUser } from './support/test-app.js';

const JSON_ACCEPT = 'application/json';

/** An app whose second-step routes use the strategy in the ways an app may. */
async function strategyApp() {
  const clock = manualClock();
  const store = memoryStore();
  const users = makeUsers();
  const passport = makeTestPassport(users);
  const twoStep = createTwoStep<TestUser>({ secret: TEST_SECRET, store, now: clock.now, users: { id: (u) => u.id } });
  passport.use(twoStep.strategy);
  const verified: TwoStepEvents['verified'][] = [];
  twoStep.on('verified', (event) => void verified.push(event));

  const app = express();
  app.use(express.json());
  app.use(session({ secret: 'session-secret', resave: false, saveUninitialized: false }));
  app.use(passport.initialize());
  app.use(passport.session());
  app.use(twoStep);
  // Counts every replacement of req.logIn / req.login during the request.
  const loggedIn: string[] = [];
  const watchLogIn = (req: Request, res: Response, next: NextFunction) => {
    res.locals.logInSets = 0;
    for (const name of ['logIn', 'login'] as const) {
      let value = req[name];
      Object.defineProperty(req, name, {
        configurable: true,
        get: () => value,
        set: (replacement) => {
          // Passport itself re-assigns the same function on each authenticate: only a swap counts.
          if (replacement !== value) res.locals.logInSets += 1;
          value = replacement;
        },
      });
    }
    next();
  };
  const done = (req: Request, res: Response) => {
    loggedIn.push(`set ${res.locals.logInSets} times`);
    res.json({ user: (req.user as TestUser).id, twoStep: req.session.twoStep, redirect: res.locals.twoStepRedirect });
  };
  app.post('/login', passport.authenticate('local'), twoStep.challenge(), (_req, res) => res.json({ loggedIn: true }));
  app.post('/2fa/passport', watchLogIn, passport.authenticate('twostep'), twoStep.completeLogin(), done);
  app.post('/2fa/passport-no-session', passport.authenticate('twostep', { session: false }), twoStep.completeLogin(), done);
  app.post('/2fa/passport-redirect', passport.authenticate('twostep', { successRedirect: '/' }));
  // A custom callback where the app turns the user away after a right code.
  app.post('/2fa/passport-refuse', (req: Request, res: Response, next: NextFunction) =>
    passport.authenticate('twostep', (error: unknown, user: unknown) => {
      if (error) return next(error);
      res.status(403).json({ refused: Boolean(user) });
    })(req, res, next));
  // A custom callback that logs in itself and then completes.
  app.post('/2fa/passport-custom', (req: Request, res: Response, next: NextFunction) =>
    passport.authenticate('twostep', (error: unknown, user: Express.User | false, info: unknown) => {
      if (error) return next(error);
      if (!user) return res.status(401).json(info);
      req.logIn(user, (loginError) => (loginError ? next(loginError) : twoStep.completeLogin()(req, res, next)));
    })(req, res, next), done);
  app.post('/2fa/complete-only', twoStep.completeLogin(), done);
  app.get('/api/me', (req: Request, res: Response) => {
    if (!req.isAuthenticated()) return res.status(401).json({ error: 'unauthenticated' });
    res.json({ id: (req.user as TestUser).id, session: req.session.twoStep });
  });

  const first = request.agent(app);
  await first.post('/login').set('Accept', JSON_ACCEPT).send({ username: 'alice', password: 'alice-pass' });
  const { secret } = await enrolTotp(first, clock);
  clock.advanceSeconds(60);
  const pending = async () => {
    const agent = request.agent(app);
    const login = await agent.post('/login').set('Accept', JSON_ACCEPT).send({ username: 'alice', password: 'alice-pass' });
    assert.equal(login.status, 401);
    verified.length = 0;
    return agent;
  };
  const code = () => generateTotp({ secret, nowMs: clock.now() });
  return { app, clock, store, secret, pending, code, verified, loggedIn };
}

function sessionCookie(res: request.Response): string | undefined {
  const cookies = res.headers['set-cookie'] as unknown as string[] | undefined;
  return cookies?.find((c) => c.startsWith('connect.sid='))?.split(';')[0];
}

describe('the twostep Passport strategy and completeLogin()', () => {
  it('verifies, regenerates the session, then records the marker and fires verified once — without touching req.logIn', async () => {
    const { pending, code, verified, loggedIn } = await strategyApp();
    const agent = await pending();
    const ok = await agent.post('/2fa/passport').set('Accept', JSON_ACCEPT).send({ code: code() });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.user, 'u-alice');
    assert.deepEqual(ok.body.twoStep.amr, ['pwd', 'totp']);
    assert.equal(ok.body.redirect, '/');
    assert.ok(sessionCookie(ok), 'a new session id');
    assert.deepEqual(loggedIn, ['set 0 times'], 'req.logIn was not replaced for the request');
    assert.equal(verified.length, 1);
    assert.deepEqual(verified[0]!.amr, ['pwd', 'totp']);
    const me = await agent.get('/api/me');
    assert.equal(me.status, 200);
    assert.deepEqual(me.body.session.amr, ['pwd', 'totp']);
  });

  it('fails a malformed answer with 400, as POST /2fa/verify does, counting nothing', async () => {
    const { pending, store, clock } = await strategyApp();
    const agent = await pending();
    for (const body of [{ code: 12345 }, { code: '12345' }, { code: '١٢٣٤٥٦' }, { code: '123456', recoveryCode: 'AAAAA-AAAAA-AAAAA' }, { code: '123456', remember: 'maybe' }]) {
      const res = await agent.post('/2fa/passport').set('Accept', JSON_ACCEPT).send(body);
      assert.equal(res.status, 400, JSON.stringify(body));
    }
    assert.equal((await store.getLockState('u-alice', clock.now())).failures, 0);
  });

  it('fails a wrong code with 401 and a locked account with 429; the custom callback gets the reason', async () => {
    const { pending, secret, clock } = await strategyApp();
    const agent = await pending();
    const wrong = await agent.post('/2fa/passport').set('Accept', JSON_ACCEPT).send({ code: wrongCode(secret, clock.now()) });
    assert.equal(wrong.status, 401);
    const custom = await agent.post('/2fa/passport-custom').set('Accept', JSON_ACCEPT).send({ code: wrongCode(secret, clock.now()) });
    assert.equal(custom.status, 401);
    assert.equal(custom.body.code, 'invalid_code');
    assert.equal(custom.body.attemptsLeft, 3);
    for (let i = 0; i < 3; i += 1) await agent.post('/2fa/passport').send({ code: wrongCode(secret, clock.now()) });
    const locked = await agent.post('/2fa/passport').set('Accept', JSON_ACCEPT).send({ code: generateTotp({ secret, nowMs: clock.now() }) });
    assert.equal(locked.status, 429);
  });

  it('fires no verified event and remembers no device when the app turns the user away after a right code', async () => {
    const { pending, code, verified, store, clock } = await strategyApp();
    const agent = await pending();
    const refused = await agent.post('/2fa/passport-refuse').set('Accept', JSON_ACCEPT).send({ code: code(), remember: true });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.refused, true);
    assert.equal(verified.length, 0);
    assert.deepEqual(await store.listDevices('u-alice', clock.now()), []);
    assert.equal((refused.headers['set-cookie'] as unknown as string[] | undefined)?.some((c) => c.startsWith('twostep_device')) ?? false, false);
    assert.equal((await agent.get('/api/me').set('Accept', JSON_ACCEPT)).status, 401, 'still not signed in');
  });

  it('completes a custom-callback login, and a session: false one (regenerating the session itself)', async () => {
    const { pending, code, verified, clock } = await strategyApp();
    const custom = await pending();
    const viaCallback = await custom.post('/2fa/passport-custom').set('Accept', JSON_ACCEPT).send({ code: code(), remember: true });
    assert.equal(viaCallback.status, 200);
    assert.deepEqual(viaCallback.body.twoStep.amr, ['pwd', 'totp']);
    assert.equal(verified.length, 1);
    assert.equal((await custom.get('/api/me')).status, 200);

    clock.advanceSeconds(30);
    const noSession = await pending();
    const res = await noSession.post('/2fa/passport-no-session').set('Accept', JSON_ACCEPT).send({ code: code() });
    assert.equal(res.status, 200);
    assert.ok(sessionCookie(res), 'a new session id even without a Passport session login');
    assert.equal(verified.length, 1);
    const me = await noSession.get('/api/me');
    assert.equal(me.status, 200);
    assert.deepEqual(me.body.session.amr, ['pwd', 'totp']);
  });

  it('refuses successRedirect (it would skip completeLogin) before any code is checked, and completeLogin without the strategy', async () => {
    const { pending, code, store, clock } = await strategyApp();
    const agent = await pending();
    const quiet = console.error;
    console.error = () => {};
    try {
      const redirect = await agent.post('/2fa/passport-redirect').set('Accept', JSON_ACCEPT).send({ code: code() });
      assert.equal(redirect.status, 500);
      const alone = await agent.post('/2fa/complete-only').set('Accept', JSON_ACCEPT).send({ code: code() });
      assert.equal(alone.status, 503);
    } finally {
      console.error = quiet;
    }
    assert.equal((await agent.get('/api/me').set('Accept', JSON_ACCEPT)).status, 401);
    assert.equal((await store.getLockState('u-alice', clock.now())).failures, 0);
    assert.equal((await agent.post('/2fa/passport').set('Accept', JSON_ACCEPT).send({ code: code() })).status, 200, 'the code was not spent');
  });
});
