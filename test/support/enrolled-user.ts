/**
 * The starting point most flow tests share: a user who has set up an authenticator app
 * from one browser, and (for `enrolledAndPending`) a second browser that has given only
 * the password and now waits for the second factor.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { memoryStore, type TwoStepOptions, type TwoStepStore } from '../../src/index.js';
import { enrolTotp, logIn, makeTestApp, manualClock, type Agent, type TestUser } from './test-app.js';

export interface EnrolledUserOptions {
  /** @default memoryStore() */
  store?: TwoStepStore;
  /** @default 'alice' */
  username?: string;
  /** How far the clock moves after setup, so the next code is a new time step. @default 60 */
  advanceSeconds?: number;
  /** Options for `createTwoStep`, on top of the test app's. */
  extra?: Partial<TwoStepOptions<TestUser>>;
}

/** Sets up an authenticator app for the user from a first browser (`first`, still signed in). */
export async function enrolledUser(options: EnrolledUserOptions = {}) {
  const clock = manualClock();
  const store = options.store ?? memoryStore();
  const { app, twoStep, users } = makeTestApp(store, clock, options.extra);
  const first = request.agent(app);
  await logIn(first, options.username ?? 'alice');
  const enrolled = await enrolTotp(first, clock);
  clock.advanceSeconds(options.advanceSeconds ?? 60);
  return { clock, store, app, twoStep, users, first, ...enrolled };
}

/** A fresh browser that signs in with the password only: the session must wait for the second factor. */
export async function pendingSession(app: Parameters<typeof request.agent>[0], username = 'alice'): Promise<Agent> {
  const agent = request.agent(app);
  const login = await logIn(agent, username);
  assert.equal(login.status, 401);
  assert.equal(login.body.error, 'second_factor_required');
  return agent;
}

/** `enrolledUser`, then the same user comes back from a fresh browser (`agent`) with only the password. */
export async function enrolledAndPending(options: EnrolledUserOptions = {}) {
  const env = await enrolledUser(options);
  const agent = await pendingSession(env.app, options.username);
  return { ...env, agent };
}
