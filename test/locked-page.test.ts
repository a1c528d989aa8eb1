/**
 * The locked page names what the user can do, on a real redis-server with real Express and
 * supertest agents: sign in on a remembered device (and that really works while the second step
 * is locked), use a recovery code once the lock ends (with the time), and whom to ask only when
 * the app says there is someone (option `support`, checked once at start-up).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import { createTwoStep, defaultPages, defaultTexts, memoryStore, redisStore, TwoStepConfigError, type TwoStepOptions } from '../src/index.js';
import { BUILT_IN_PACKS } from '../src/language-packs.js';
import { generateTotp } from '../src/testing/index.js';
import { useTestRedis } from './support/redis-fixture.js';
import { enrolTotp, logIn, makeTestApp, manualClock, TEST_SECRET, wrongCode, type Agent, type TestUser } from './support/test-app.js';

const redis = useTestRedis();
const HTML = 'text/html';
const LOCK_SECONDS = 1800;

const json = (agent: Agent, path: string, body: object) => agent.post(path).set('Accept', 'application/json').send(body);
const page = (agent: Agent, path: string) => agent.get(path).set('Accept', HTML);

/** alice with the authenticator app; `remembered` signed in with "Remember this device" ticked, then signed out. */
async function aliceWithRememberedDevice(extra: Partial<TwoStepOptions<TestUser>> = {}) {
  const clock = manualClock();
  const env = makeTestApp(redisStore(redis.client, { timeoutSeconds: 2 }), clock, { notifications: false, ...extra });
  const first = request.agent(env.app);
  await logIn(first, 'alice');
  const { secret } = await enrolTotp(first, clock);
  clock.advanceSeconds(60);
  const remembered = request.agent(env.app);
  assert.equal((await logIn(remembered, 'alice')).status, 401);
  const verified = await json(remembered, '/2fa/verify', { code: generateTotp({ secret, nowMs: clock.now() }), remember: true });
  assert.equal(verified.status, 200, JSON.stringify(verified.body));
  assert.equal((await json(remembered, '/logout', {})).status, 200);
  return { ...env, clock, secret, remembered };
}

/** A fresh browser gives the password, then wrong codes until the second step locks. */
async function lockFromAnotherBrowser(app: Parameters<typeof request.agent>[0], secret: string, nowMs: number): Promise<{ agent: Agent; lockedUntil: string }> {
  const agent = request.agent(app);
  assert.equal((await logIn(agent, 'alice')).status, 401);
  let last;
  for (let i = 0; i < 5; i += 1) last = await json(agent, '/2fa/verify', { code: wrongCode(secret, nowMs) });
  assert.equal(last!.status, 401);
  assert.ok(last!.body.lockedUntil, 'the fifth wrong code set the lock');
  return { agent, lockedUntil: last!.body.lockedUntil as string };
}

/** After the lock: a fresh browser that has given the password (the locked one's sign-in has expired). */
async function pendingAfterLock(app: Parameters<typeof request.agent>[0], clock: { advanceSeconds(s: number): void }): Promise<Agent> {
  clock.advanceSeconds(LOCK_SECONDS + 1);
  const agent = request.agent(app);
  assert.equal((await logIn(agent, 'alice')).status, 401);
  return agent;
}

/** The "What you can do" list items, as text. */
function whatYouCanDo(html: string): string[] {
  const list = /<h2>[^<]+<\/h2>\n<ul class="what-you-can-do">\n([\s\S]*?)\n<\/ul>/.exec(html);
  assert.ok(list, `a "What you can do" list:\n${html}`);
  return [...list[1]!.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => m[1]!);
}

describe('the locked page (Redis)', () => {
  it('names a remembered device and a recovery code after the lock, with the time; nobody to ask without `support`', async () => {
    const { app, clock, secret } = await aliceWithRememberedDevice();
    const { agent, lockedUntil } = await lockFromAnotherBrowser(app, secret, clock.now());
    const locked = await page(agent, '/2fa/verify');
    assert.equal(locked.status, 429);
    assert.match(locked.text, /<h1>Too many failed attempts<\/h1>/);
    const until = new Date(clock.now() + LOCK_SECONDS * 1000).toISOString();
    assert.equal(lockedUntil, until);
    const time = `<time datetime="${until}" data-local>${until.slice(0, 16).replace('T', ' ')} UTC</time>`;
    assert.ok(locked.text.includes(`<p role="alert">For your security, verification is locked until ${time}.</p>`));
    assert.deepEqual(whatYouCanDo(locked.text), [
      defaultTexts.lockedRememberedDevice,
      `After ${time}, sign in with a code or with one of your recovery codes.`,
    ]);
    assert.match(locked.text, /<h2>What you can do<\/h2>/);
    assert.doesNotMatch(locked.text, /administrator|Need help|\bAsk\b/, 'no one to ask: the app named nobody');
    // The recovery-code form names nobody either.
    const form = await page(await pendingAfterLock(app, clock), '/2fa/verify?use=recovery');
    assert.equal(form.status, 200);
    assert.match(form.text, /name="recoveryCode"/);
    assert.doesNotMatch(form.text, /administrator|\bAsk\b/);
  });

  it('a remembered device still signs in while the second step is locked (the lock is on answering, which it skips)', async () => {
    const { app, clock, secret, remembered } = await aliceWithRememberedDevice();
    const { agent } = await lockFromAnotherBrowser(app, secret, clock.now());
    // Locked: the other browser cannot answer, not even with the right code.
    const right = await json(agent, '/2fa/verify', { code: generateTotp({ secret, nowMs: clock.now() }) });
    assert.equal(right.status, 429);
    assert.equal(right.body.error, 'locked');
    // The remembered browser: the password alone signs in, and the app lets it in.
    const login = await logIn(remembered, 'alice');
    assert.equal(login.status, 200, JSON.stringify(login.body));
    const me = await remembered.get('/api/me').set('Accept', 'application/json');
    assert.equal(me.status, 200);
    assert.deepEqual(me.body.session.amr, ['pwd', 'device']);
    // Still locked for everyone else: the remembered device did not lift the lock.
    assert.equal((await page(agent, '/2fa/verify')).status, 429);
    const fresh = request.agent(app);
    assert.equal((await logIn(fresh, 'alice')).status, 401);
    assert.equal((await json(fresh, '/2fa/verify', { code: generateTotp({ secret, nowMs: clock.now() }) })).status, 429);
  });

  it('with `support`, names whom to ask, linked when there is a url; on the recovery form too', async () => {
    const support = { contact: 'the front desk (555-0100)', url: 'https://clinic.example/help?from=2fa' };
    const { app, clock, secret } = await aliceWithRememberedDevice({ support });
    const { agent } = await lockFromAnotherBrowser(app, secret, clock.now());
    const locked = await page(agent, '/2fa/verify');
    const items = whatYouCanDo(locked.text);
    assert.equal(items.length, 3);
    assert.equal(items[2], 'Need help now? Ask <a href="https://clinic.example/help?from=2fa">the front desk (555-0100)</a>.');
    const form = await page(await pendingAfterLock(app, clock), '/2fa/verify?use=recovery');
    assert.match(form.text, /<p class="muted">No code and no recovery code\? Ask the front desk \(555-0100\) to reset your two-step verification\.<\/p>/);
  });

  it('`support` without a url names the contact as text; a path is a link on this site', async () => {
    for (const [support, shown] of [
      [{ contact: 'Dr. Rivera\'s office' }, 'Need help now? Ask Dr. Rivera&#39;s office.'],
      [{ contact: 'the front desk', url: '/help' }, 'Need help now? Ask <a href="/help">the front desk</a>.'],
    ] as const) {
      await redis.server.flush();
      const { app, clock, secret } = await aliceWithRememberedDevice({ support });
      const { agent } = await lockFromAnotherBrowser(app, secret, clock.now());
      assert.equal(whatYouCanDo((await page(agent, '/2fa/verify')).text)[2], shown);
    }
  });

  it('where the site offers no remembered devices (0 days), the page does not promise one', () => {
    const html = defaultPages.verify({
      mountPath: '/2fa', csrfToken: 'x'.repeat(43), texts: defaultTexts, lang: 'en', assets: { stylesheet: '/2fa/s.css', script: '/2fa/s.js' },
      methods: [], codeTtlSeconds: 600, lockedUntil: Date.UTC(2026, 10, 23, 12, 30), rememberDays: 0,
    });
    const items = whatYouCanDo(html);
    assert.equal(items.length, 1);
    assert.match(items[0]!, /^After <time datetime="2026-11-23T12:30:00\.000Z" data-local>2026-11-23 12:30 UTC<\/time>, sign in with a code or with one of your recovery codes\.$/);
    assert.doesNotMatch(html, /remember/i);
  });

  it('in Spanish and Finnish', async () => {
    for (const lang of ['es', 'fi'] as const) {
      await redis.server.flush();
      const { app, clock, secret } = await aliceWithRememberedDevice({ lang, support: { contact: 'Recepción' } });
      const { agent } = await lockFromAnotherBrowser(app, secret, clock.now());
      const locked = await page(agent, '/2fa/verify');
      const pages = BUILT_IN_PACKS[lang].pages;
      assert.ok(locked.text.includes(`<h2>${pages.lockedWhatYouCanDo}</h2>`), `${lang}: the heading`);
      const items = whatYouCanDo(locked.text);
      assert.equal(items[0], pages.lockedRememberedDevice);
      assert.match(items[1]!, /<time datetime=/);
      assert.ok(items[2]!.includes('Recepción'));
      assert.doesNotMatch(locked.text, /What you can do|remember/);
    }
  });
});

describe('the `support` option', () => {
  const base = { secret: TEST_SECRET, store: memoryStore(), users: { id: (u: { id: string }) => u.id } };
  const refused = (support: unknown) => {
    try {
      createTwoStep({ ...base, support } as never);
    } catch (error) {
      assert.ok(error instanceof TwoStepConfigError, String(error));
      return error.message;
    }
    return assert.fail(`support ${JSON.stringify(support)} was accepted`);
  };

  it('refuses what is not whom to ask, or a link that is not https or this site, with a message that says the fix', () => {
    assert.match(refused('the front desk'), /`support` must be an object like \{ contact: "the front desk", url: "https:\/\/example\.com\/help" \}/);
    assert.match(refused({}), /`support\.contact` must say whom to ask/);
    assert.match(refused({ contact: '   ' }), /`support\.contact` must say whom to ask/);
    assert.match(refused({ contact: 'x'.repeat(201) }), /at most 200 characters/);
    assert.match(refused({ contact: 'desk', phone: '555' }), /unknown option "support\.phone"\. Known: contact, url\./);
    for (const url of ['http://clinic.example/help', 'javascript:alert(1)', '//evil.example/help', 'help', 'https://', 'https://user:pw@clinic.example/', '/help me', 42]) {
      assert.match(refused({ contact: 'desk', url }), /`support\.url` must be an https:\/\/ address .* or a path on this site starting with a single "\/"/, String(url));
    }
  });

  it('takes an https address or a path on this site', () => {
    for (const url of ['https://clinic.example/help', '/help', '/help?topic=2fa']) {
      assert.doesNotThrow(() => createTwoStep({ ...base, support: { contact: 'the front desk', url } } as never));
    }
    assert.doesNotThrow(() => createTwoStep({ ...base, support: { contact: 'the front desk' } } as never));
  });
});
