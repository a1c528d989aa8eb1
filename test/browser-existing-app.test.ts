/**
 * The existing-app fixture (examples/existing-app/: Express 4, Passport, passport-local with
 * scrypt hashes, csurf before twostep, sessions in PostgreSQL through connect-pg-simple,
 * `GET /login` + `POST /login/password` with `successReturnToOrRedirect`) walked in Debian's
 * Chromium, run by plain `node` on Express 4.21.2 + Passport 0.6.0 and on Express 5 + Passport
 * 0.7, in every run of the suite: sign up, an authenticator app turned on, sign out, sign in
 * with a code, wrong codes until locked, a recovery code, signing in as someone else halfway.
 * Real time (the app is its own process): codes come from the setup key and the clock.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { appCode, readSetupKey } from './support/authenticator-app.js';
import { createAppDatabase, type AppDatabase } from './support/app-database.js';
import { SCREENSHOT_DIR } from './support/browser-demo.js';
import { wrongCode } from './support/browser-flows.js';
import { chromiumMissing, sharedBrowser } from './support/chromium.js';
import { startExistingApp, type ExistingApp, type ExpressLine } from './support/existing-app.js';
import { checkPageAccessibility } from './support/page-checks.js';
import { useTestRedis } from './support/redis-fixture.js';

const PASSWORD = 'correct-horse-battery';

/** One browser on the app: every page it lands on gets a screenshot and the accessibility check. */
interface Visit {
  page: Page;
  snap(step: string): Promise<void>;
  go(path: string, step: string): Promise<void>;
  submit(target: Locator, step: string): Promise<void>;
  heading(): Promise<string>;
  path(): string;
}

async function visit(context: BrowserContext, flow: string, problems: string[]): Promise<Visit> {
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
  let shots = 0;
  const snap = async (step: string) => {
    await page.waitForLoadState('load');
    shots += 1;
    await page.screenshot({ path: `${SCREENSHOT_DIR}${flow}-${String(shots).padStart(2, '0')}-${step}.png`, fullPage: true });
    await checkPageAccessibility(page);
  };
  return {
    page,
    snap,
    async go(path, step) {
      await page.goto(path);
      await snap(step);
    },
    async submit(target, step) {
      // Every target here navigates. Waiting for 'load' alone could resolve on the page being
      // left, and the next click would then land on a page still arriving.
      const navigated = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame() });
      await target.click();
      await navigated;
      await page.waitForLoadState('load');
      await snap(step);
    },
    async heading() {
      return (await page.getByRole('heading', { level: 1 }).textContent())?.trim() ?? '';
    },
    path: () => new URL(page.url()).pathname,
  };
}

/**
 * Signs up through the app's own form; twostep then offers setup once (the setup prompt):
 * `answer` is the button pressed there.
 */
async function signUp(v: Visit, username: string, answer: 'Continue' | 'Skip' | "Don't show this again"): Promise<void> {
  await v.go('/signup', 'sign-up');
  await v.page.getByLabel('Username').fill(username);
  await v.page.getByLabel('Password').fill(PASSWORD);
  await v.submit(v.page.getByRole('button', { name: 'Sign up' }), 'setup-prompt');
  assert.equal(v.path(), '/2fa/prompt');
  assert.equal(await v.heading(), 'Protect your account with two-step verification');
  await v.submit(v.page.getByRole('button', { name: answer, exact: true }), `prompt-${answer === 'Continue' ? 'continue' : 'declined'}`);
  if (answer !== 'Continue') await assertTodos(v, username);
}

async function signIn(v: Visit, username: string, step: string): Promise<void> {
  await v.go('/login', `${step}-sign-in`);
  assert.equal(await v.heading(), 'Sign in');
  await v.page.getByLabel('Username').fill(username);
  await v.page.getByLabel('Password').fill(PASSWORD);
  await v.submit(v.page.getByRole('button', { name: 'Sign in' }), `${step}-after-password`);
}

async function signOut(v: Visit): Promise<void> {
  await v.go('/', 'todos-before-sign-out');
  await v.submit(v.page.getByRole('button', { name: 'Sign out' }), 'signed-out');
  assert.equal(await v.heading(), 'todos');
  await v.page.getByRole('link', { name: 'Sign in' }).waitFor();
}

/** The app's own todo page, signed in as `username`. */
async function assertTodos(v: Visit, username: string): Promise<void> {
  assert.equal(v.path(), '/');
  await v.page.getByText(`Signed in as ${username}.`).waitFor();
}

/**
 * On the method picker (from the setup prompt) or the settings page: an authenticator app
 * turned on from the setup key, as a person types it into the phone, and its recovery codes kept.
 */
async function turnOnAuthenticatorApp(v: Visit): Promise<{ key: string; recoveryCodes: string[] }> {
  await v.submit(v.page.getByRole('button', { name: 'Use an authenticator app' }), 'authenticator-setup');
  const key = await readSetupKey(v.page);
  await v.page.getByLabel('Current password').fill(PASSWORD);
  await v.page.getByLabel('Code from the app').fill(appCode(key, Date.now()));
  await v.submit(v.page.getByRole('button', { name: 'Turn on' }), 'recovery-codes');
  assert.equal(await v.heading(), 'Save your recovery codes');
  const recoveryCodes = (await v.page.locator('#recovery-codes li').allTextContents()).map((c) => c.trim());
  assert.equal(recoveryCodes.length, 10);
  await v.page.getByLabel('I have saved these codes').check();
  await v.submit(v.page.getByRole('button', { name: 'Continue' }), 'after-recovery-codes');
  return { key, recoveryCodes };
}

async function addTodo(v: Visit, title: string): Promise<void> {
  await v.page.getByLabel('What needs to be done?').fill(title);
  await v.submit(v.page.getByRole('button', { name: 'Add' }), 'todo-added');
  await v.page.getByText(title).waitFor();
}

/**
 * A new user who signs up, turns on an authenticator app — from the setup prompt's Continue,
 * or later from twostep's settings page — adds a todo and signs out.
 */
async function enrolledUser(v: Visit, username: string, from: 'prompt' | 'settings' = 'prompt'): Promise<{ key: string; recoveryCodes: string[] }> {
  let enrolled;
  if (from === 'prompt') {
    await signUp(v, username, 'Continue');
    assert.equal(v.path(), '/2fa/setup');
    enrolled = await turnOnAuthenticatorApp(v);
    await assertTodos(v, username);
    await addTodo(v, `water the plants (${username})`);
  } else {
    await signUp(v, username, 'Skip');
    await addTodo(v, `water the plants (${username})`);
    await v.go('/2fa', 'settings');
    assert.equal(await v.heading(), 'Two-step verification');
    enrolled = await turnOnAuthenticatorApp(v);
  }
  await signOut(v);
  return enrolled;
}

async function enterCode(v: Visit, code: string, step: string): Promise<void> {
  await v.page.getByLabel('Verification code').fill(code);
  await v.submit(v.page.getByRole('button', { name: 'Verify', exact: true }), step);
}

for (const line of ['4', '5'] as ExpressLine[]) {
  describe(`browser: an existing Express ${line} app with csurf and connect-pg-simple (examples/existing-app)`, () => {
    const redis = useTestRedis();
    let database: AppDatabase;
    let app: ExistingApp;
    let users = 0;
    /** A username no other flow of this run uses. */
    const newUser = (name: string) => `${name}${(users += 1)}`;

    before(async () => {
      if (chromiumMissing) return;
      database = await createAppDatabase(`existing_app_e${line}`);
      app = await startExistingApp({
        line,
        env: {
          DATABASE_URL: database.url,
          REDIS_URL: redis.server.url,
          TWOSTEP_SECRET: randomBytes(48).toString('base64'),
          SESSION_SECRET: randomBytes(24).toString('base64'),
        },
      });
      assert.deepEqual(app.versions, line === '4' ? { express: '4.21.2', passport: '0.6.0' } : { express: '5.3.0', passport: '0.7.0' });
    });
    after(async () => {
      await app?.remove();
      await database?.drop();
    });

    /** One flow in a fresh browser context; what the app printed is added to a failure. */
    function flow(name: string, slug: string, fn: (v: Visit) => Promise<void>): void {
      it(name, { skip: chromiumMissing, timeout: 90_000 }, async () => {
        const id = `existing-app-e${line}-${slug}`;
        mkdirSync(SCREENSHOT_DIR, { recursive: true });
        for (const old of readdirSync(SCREENSHOT_DIR)) if (old.startsWith(`${id}-`)) rmSync(`${SCREENSHOT_DIR}${old}`);
        const context = await (await sharedBrowser()).newContext({ baseURL: app.url });
        const problems: string[] = [];
        const v = await visit(context, id, problems);
        try {
          await fn(v);
          assert.deepEqual(problems, [], 'the pages raised script errors');
        } catch (error) {
          await v.page.screenshot({ path: `${SCREENSHOT_DIR}${id}-FAILED.png`, fullPage: true }).catch(() => {});
          if (error instanceof Error) error.message += `\n--- the app printed:\n${app.output()}`;
          throw error;
        } finally {
          await context.close();
        }
      });
    }

    flow('signs up, turns on an authenticator app from the settings, signs out, and signs in with a code', 'authenticator', async (v) => {
      const username = newUser('ada');
      const { key } = await enrolledUser(v, username, 'settings');
      await signIn(v, username, 'again');
      assert.equal(v.path(), '/2fa/verify');
      assert.equal(await v.heading(), "Verify it's you");
      // The app's own page is held back until the code is in.
      await v.go('/', 'todos-held-back');
      assert.equal(v.path(), '/2fa/verify');
      // The phone's next code: the one used at setup is never accepted twice.
      await enterCode(v, appCode(key, Date.now() + 30_000), 'verified');
      await assertTodos(v, username);
      await v.page.getByText(`water the plants (${username})`).waitFor();
      // The app's own forms still work (csurf's token on them): the todo is marked done.
      await v.submit(v.page.getByRole('button', { name: `Mark as done: water the plants (${username})` }), 'todo-done');
      await v.page.getByText('0 items left').waitFor();
    });

    flow('wrong codes count down, then lock the account', 'lockout', async (v) => {
      const username = newUser('bea');
      const { key } = await enrolledUser(v, username);
      await signIn(v, username, 'pending');
      for (const left of ['4 attempts left', '3 attempts left', '2 attempts left', '1 attempt left']) {
        await enterCode(v, wrongCode(key, Date.now()), `wrong-code-${left.split(' ')[0]}-left`);
        assert.match(await v.page.getByRole('alert').textContent() ?? '', /Wrong code\. Each code works once/);
        assert.match(await v.page.locator('#attempts-left').textContent() ?? '', new RegExp(left));
      }
      await enterCode(v, wrongCode(key, Date.now()), 'fifth-wrong-code');
      await v.go('/2fa/verify', 'locked');
      assert.equal(await v.heading(), 'Too many failed attempts');
      // Locked means locked: the app's own page still sends the half-signed-in browser back here.
      await v.go('/', 'todos-refused');
      assert.equal(await v.heading(), 'Too many failed attempts');
    });

    flow('a recovery code signs in once', 'recovery-code', async (v) => {
      const username = newUser('cid');
      const { recoveryCodes } = await enrolledUser(v, username);
      await signIn(v, username, 'pending');
      await v.submit(v.page.getByRole('link', { name: 'Use a recovery code' }), 'recovery-form');
      await v.page.getByLabel('Recovery code').fill(recoveryCodes[2]!);
      await v.submit(v.page.getByRole('button', { name: 'Use recovery code' }), 'signed-in-with-recovery-code');
      await assertTodos(v, username);
      await signOut(v);

      await signIn(v, username, 'again');
      await v.submit(v.page.getByRole('link', { name: 'Use a recovery code' }), 'recovery-form-again');
      await v.page.getByLabel('Recovery code').fill(recoveryCodes[2]!);
      await v.submit(v.page.getByRole('button', { name: 'Use recovery code' }), 'used-code-refused');
      assert.match(await v.page.getByRole('alert').textContent() ?? '', /That recovery code is not right, or it was already used\./);
    });

    flow('halfway through signing in, the login page opens and signs in someone else', 'switch-user', async (v) => {
      const other = newUser('eve');
      await signUp(v, other, "Don't show this again");
      await signOut(v);
      const username = newUser('dee');
      await enrolledUser(v, username);
      await signIn(v, username, 'pending');
      assert.equal(v.path(), '/2fa/verify');

      await v.go('/login', 'login-page-while-pending');
      assert.equal(await v.heading(), 'Sign in');
      await v.page.getByLabel('Username').fill(other);
      await v.page.getByLabel('Password').fill(PASSWORD);
      await v.submit(v.page.getByRole('button', { name: 'Sign in' }), 'signed-in-as-someone-else');
      await assertTodos(v, other);
      assert.equal(await v.page.getByText(`water the plants (${username})`).count(), 0, 'none of the first user\'s todos');
      // Nothing of the first user's half sign-in is left.
      await v.go('/2fa/verify', 'no-challenge-left');
      assert.notEqual(await v.heading(), "Verify it's you");
    });
  });
}
