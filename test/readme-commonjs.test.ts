/**
 * The README's CommonJS quick start, run as written: the block is copied out of README.md
 * into a .cjs file inside this package (so `require('twostep')` is the built package, as
 * `npm install twostep` gives it) and started with plain `node`, on a users table holding a
 * scrypt hash, the test PostgreSQL and redis-server. A browser-like client signs in with the
 * password, turns on an authenticator app (confirmed with the password: verifyPassword's real
 * lookup), signs out, and signs in again with a code.
 */
import assert from 'node:assert/strict';
import { randomBytes, scryptSync } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import request from 'supertest';
import { appCode } from './support/authenticator-app.js';
import { createAppDatabase, type AppDatabase } from './support/app-database.js';
import { startNodeApp, type NodeAppProcess } from './support/node-app-process.js';
import { useTestRedis } from './support/redis-fixture.js';

const README = fileURLToPath(new URL('../README.md', import.meta.url));
const WORK_DIR = fileURLToPath(new URL('../test-output/readme-commonjs/', import.meta.url));
const EMAIL = 'nora@riverside.example';
const PASSWORD = 'nora-correct-horse';

/** The first ```js block under the "In CommonJS" heading. */
function commonJsQuickStart(): string {
  const readme = readFileSync(README, 'utf8');
  const section = readme.indexOf('### In CommonJS');
  assert.ok(section >= 0, 'the README has a CommonJS quick start');
  const open = readme.indexOf('```js\n', section);
  const close = readme.indexOf('\n```\n', open);
  assert.ok(open > section && close > open, 'the CommonJS quick start has a ```js block');
  return readme.slice(open + '```js\n'.length, close + 1);
}

/** The password, an authenticator app confirmed with the password, then a sign-in with a code. */
async function signInThroughEveryStep(url: string): Promise<void> {
  const login = (agent: ReturnType<typeof request.agent>, password = PASSWORD) =>
    agent.post('/login').type('form').send(new URLSearchParams({ username: EMAIL, password }).toString());
  const json = 'application/json';

  const first = request.agent(url);
  assert.equal((await login(first, 'not-the-password')).status, 401, 'a wrong password is refused by the scrypt compare');
  const signedIn = await login(first);
  assert.equal(signedIn.status, 302);
  assert.equal(signedIn.headers.location, '/');
  assert.equal((await first.get('/2fa/status').set('Accept', json)).body.state, 'verified');

  const started = await first.post('/2fa/methods').set('Accept', json).send({ type: 'totp' });
  assert.equal(started.status, 201, JSON.stringify(started.body));
  const code = appCode(started.body.secret, Date.now());
  const wrongPassword = await first.post(`/2fa/methods/${started.body.id}/confirm`).set('Accept', json).send({ code, password: 'guess' });
  assert.equal(wrongPassword.status, 401);
  assert.equal(wrongPassword.body.error, 'invalid_password', 'verifyPassword looked the hash up and said false');
  const confirmed = await first.post(`/2fa/methods/${started.body.id}/confirm`).set('Accept', json).send({ code, password: PASSWORD });
  assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
  assert.equal(confirmed.body.recoveryCodes.length, 10);
  assert.equal((await first.post('/logout')).headers.location, '/login');

  const second = request.agent(url);
  const pending = await login(second);
  assert.equal(pending.status, 303);
  assert.equal(pending.headers.location, '/2fa/verify');
  assert.equal((await second.get('/2fa/status').set('Accept', json)).body.state, 'pending');
  // The phone's next code: the one used at setup is never accepted twice.
  const verified = await second.post('/2fa/verify').set('Accept', json).send({ code: appCode(started.body.secret, Date.now() + 30_000) });
  assert.equal(verified.status, 200, JSON.stringify(verified.body));
  assert.deepEqual(verified.body, { verified: true, redirect: '/' });
  assert.equal((await second.get('/2fa/status').set('Accept', json)).body.state, 'verified');
}

describe('the README CommonJS quick start', () => {
  const redis = useTestRedis();
  let database: AppDatabase;
  let app: NodeAppProcess;

  before(async () => {
    database = await createAppDatabase('readme_commonjs');
    // The app's own users table, as the quick start's queries expect it.
    await database.client.query('CREATE TABLE users (id SERIAL PRIMARY KEY, email TEXT UNIQUE NOT NULL, password_hash BYTEA NOT NULL, password_salt BYTEA NOT NULL)');
    const salt = randomBytes(16);
    await database.client.query('INSERT INTO users (email, password_hash, password_salt) VALUES ($1, $2, $3)', [EMAIL, scryptSync(PASSWORD, salt, 64), salt]);
    mkdirSync(WORK_DIR, { recursive: true });
    const entry = `${WORK_DIR}app.cjs`;
    writeFileSync(entry, commonJsQuickStart());
    app = await startNodeApp(entry, {
      DATABASE_URL: database.url,
      REDIS_URL: redis.server.url,
      TWOSTEP_SECRET: randomBytes(48).toString('base64'),
      SESSION_SECRET: randomBytes(24).toString('base64'),
    });
  });
  after(async () => {
    await app?.stop();
    await database?.drop();
  });

  it('runs from plain node, and a sign-in goes through the password, an authenticator app and a code', async () => {
    try {
      await signInThroughEveryStep(app.url);
    } catch (error) {
      if (error instanceof Error) error.message += `\n--- the quick start printed:\n${app.output()}`;
      throw error;
    }
  });
});
