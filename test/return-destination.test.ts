import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import express, { type Request, type RequestHandler, type Response } from 'express';
import request from 'supertest';
import { generateTotp } from '../src/testing/index.js';
import { safeReturnPath, sameOriginPath } from '../src/http/request/return-destination.js';
import { enrolTotp, type TestUser } from './support/test-app.js';
import { browserGet, browserPost, makeLoginApp, signIn } from './support/login-app.js';

/** alice has an authenticator app; returns a fresh browser at her challenge and her code. */
async function challengeWith(afterLogin: RequestHandler, fields: Record<string, string> = {}) {
  const env = makeLoginApp(afterLogin);
  const first = request.agent(env.app);
  await signIn(first, 'alice');
  const { secret } = await enrolTotp(first, env.clock);
  env.clock.advanceSeconds(60);
  const agent = request.agent(env.app);
  const started = await signIn(agent, 'alice', fields);
  assert.equal(started.status, 303);
  assert.equal(started.headers.location, '/2fa/verify');
  const verify = () => browserPost(agent, '/2fa/verify', { code: generateTotp({ secret, nowMs: env.clock.now() }) });
  return { ...env, agent, verify };
}

describe('back to where the user was going', () => {
  it("after the challenge: where the app's login handler redirects, as for users who skip it", async () => {
    const handler = (_req: Request, res: Response) => res.redirect('/dashboard');
    const { verify, app } = await challengeWith(handler);
    assert.equal((await verify()).headers.location, '/dashboard');
    // bob has no 2FA: the same handler sends him to the same place.
    assert.equal((await signIn(request.agent(app), 'bob')).headers.location, '/dashboard');
  });

  it("the handler's answer never reaches a pending user, and it runs without req.user", async () => {
    let sawUser: unknown = 'not run';
    const handler = (req: Request, res: Response) => {
      sawUser = req.user;
      res.cookie('app-session-flag', 'signed-in').redirect(302, '/dashboard?tab=today');
    };
    const { agent, verify } = await challengeWith(handler, {});
    assert.equal(sawUser, undefined, 'the handler saw an anonymous visitor');
    assert.equal((await verify()).headers.location, '/dashboard?tab=today');
    assert.equal((await browserGet(agent, '/dashboard')).text, '/dashboard for alice');
  });

  it('a handler that reads req.user, or sends a page, leaves the user at the challenge with successRedirect as the fallback', async () => {
    const crashes = (req: Request, res: Response) => res.redirect((req.user as TestUser).role === 'staff' ? '/staff' : '/');
    const crashed = await challengeWith(crashes);
    assert.equal((await crashed.verify()).headers.location, '/');
    const sendsPage = (_req: Request, res: Response) => res.send('<h1>Welcome</h1>');
    const page = await challengeWith(sendsPage);
    assert.equal((await page.verify()).headers.location, '/');
    // No handler at all after the challenge (Express answers 404): still the challenge.
    const none = await challengeWith((_req, _res, next) => next());
    assert.equal((await none.verify()).headers.location, '/');
  });

  it('the login form\'s returnTo (the page that bounced them to sign in) when the handler names nothing', async () => {
    const sendsPage = (_req: Request, res: Response) => res.send('<h1>Welcome</h1>');
    const { verify } = await challengeWith(sendsPage, { returnTo: '/reports' });
    assert.equal((await verify()).headers.location, '/reports');
  });

  it('only same-origin paths: a redirect to another site is dropped for successRedirect', async () => {
    const offsite = await challengeWith((_req: Request, res: Response) => res.redirect('https://evil.example/steal'));
    assert.equal((await offsite.verify()).headers.location, '/');
    const slashes = await challengeWith((_req: Request, res: Response) => res.redirect('//evil.example/steal'));
    assert.equal((await slashes.verify()).headers.location, '/');
    const badForm = await challengeWith((_req: Request, res: Response) => res.send('ok'), { returnTo: '/\\evil.example' });
    assert.equal((await badForm.verify()).headers.location, '/');
    // A browser drops tabs and newlines from a URL: `/<TAB>/evil.example` is `//evil.example`.
    for (const control of ['\t', '\n', '\r']) {
      const hidden = await challengeWith((_req: Request, res: Response) => res.send('ok'), { returnTo: `/${control}/evil.example` });
      assert.equal((await hidden.verify()).headers.location, '/', JSON.stringify(control));
    }
    const sameHost = await challengeWith((req: Request, res: Response) => res.redirect(`${req.protocol}://${req.get('host')}/dashboard`));
    assert.equal((await sameHost.verify()).headers.location, '/dashboard');
  });

  it('after forced setup: the recovery codes page continues to where the login route was going', async () => {
    const env = makeLoginApp((_req: Request, res: Response) => res.redirect('/dashboard'), { policy: () => 'required' });
    const agent = request.agent(env.app);
    assert.equal((await signIn(agent, 'bob')).headers.location, '/2fa/setup');
    const started = await browserPost(agent, '/2fa/methods', { type: 'totp' });
    const methodPath = started.headers.location!;
    const setupPage = await browserGet(agent, methodPath);
    const key = /data-copy-text="([A-Z2-7]+)"/.exec(setupPage.text)![1]!;
    const codes = await browserPost(agent, `${methodPath}/confirm`, { code: generateTotp({ secret: key, nowMs: env.clock.now() }) });
    assert.equal(codes.status, 200);
    assert.match(codes.text, /<form method="get" action="\/dashboard">/);
    assert.doesNotMatch(codes.text, /earlier recovery codes no longer work/, 'the first codes replace nothing');
    assert.equal((await browserGet(agent, '/dashboard')).text, '/dashboard for bob');
  });

  it('after forced setup: the page the user opened while in setup, when the login route named none', async () => {
    const env = makeLoginApp((_req: Request, res: Response) => res.send('welcome'), { policy: () => 'required' });
    const agent = request.agent(env.app);
    await signIn(agent, 'bob');
    assert.equal((await browserGet(agent, '/reports')).headers.location, '/2fa/setup');
    const started = await browserPost(agent, '/2fa/methods', { type: 'totp' });
    const key = /data-copy-text="([A-Z2-7]+)"/.exec((await browserGet(agent, started.headers.location!)).text)![1]!;
    const codes = await browserPost(agent, `${started.headers.location}/confirm`, { code: generateTotp({ secret: key, nowMs: env.clock.now() }) });
    assert.match(codes.text, /<form method="get" action="\/reports">/);
  });

  it("after the prompt's setup: back to the page the user was opening; from settings, back to settings", async () => {
    const env = makeLoginApp((_req: Request, res: Response) => res.redirect('/'), { setupPrompt: true });
    const agent = request.agent(env.app);
    await signIn(agent, 'bob');
    const prompt = await browserGet(agent, '/reports');
    assert.equal(prompt.headers.location, '/2fa/prompt?returnTo=%2Freports');
    const promptPage = await browserGet(agent, prompt.headers.location!);
    assert.match(promptPage.text, /<form method="get" action="\/2fa\/setup"><input type="hidden" name="returnTo" value="\/reports">/);
    // Continue, then an authenticator app.
    assert.equal((await browserGet(agent, '/2fa/setup?returnTo=%2Freports')).status, 200);
    const started = await browserPost(agent, '/2fa/methods', { type: 'totp' });
    const key = /data-copy-text="([A-Z2-7]+)"/.exec((await browserGet(agent, started.headers.location!)).text)![1]!;
    const codes = await browserPost(agent, `${started.headers.location}/confirm`, { code: generateTotp({ secret: key, nowMs: env.clock.now() }) });
    assert.match(codes.text, /<form method="get" action="\/reports">/);

    // Regenerated codes say the old ones stopped working.
    const settings = makeLoginApp((_req: Request, res: Response) => res.redirect('/'));
    const other = request.agent(settings.app);
    await signIn(other, 'carol');
    const fromSettings = await browserPost(other, '/2fa/methods', { type: 'totp' });
    const key2 = /data-copy-text="([A-Z2-7]+)"/.exec((await browserGet(other, fromSettings.headers.location!)).text)![1]!;
    const first = await browserPost(other, `${fromSettings.headers.location}/confirm`, { code: generateTotp({ secret: key2, nowMs: settings.clock.now() }) });
    assert.match(first.text, /<form method="get" action="\/2fa">/);
    const again = await browserPost(other, '/2fa/recovery-codes');
    assert.match(again.text, /Your earlier recovery codes no longer work\./);
  });
});

describe('sameOriginPath', () => {
  const app = express();
  app.set('trust proxy', false);
  app.use((req, res) => res.json(['/a?b=1#c', 'next', 'http://h.test/x', 'https://h.test/x', 'http://other.test/x', '//h.test/x', 'javascript:alert(1)', '/\\x', ''].map((t) => sameOriginPath(req, t) ?? null)));
  it('keeps paths and same-origin URLs as paths, drops everything else', async () => {
    const answer = await request(app).get('/login/form').set('Host', 'h.test');
    // `//h.test/x` is this very host (scheme-relative): kept as its path.
    assert.deepEqual(answer.body, ['/a?b=1#c', '/login/next', '/x', null, null, '/x', null, null, null]);
  });
});

describe('safeReturnPath', () => {
  it('refuses every C0 control character, wherever it is; ordinary paths are kept', () => {
    for (let code = 0; code <= 0x1f; code++) {
      const control = String.fromCharCode(code);
      for (const value of [`/${control}/evil.example`, `/reports${control}`, `${control}//evil.example`, `/a?b=${control}`]) {
        assert.equal(safeReturnPath(value), undefined, `U+${code.toString(16).padStart(4, '0')} in ${JSON.stringify(value)}`);
      }
    }
    assert.equal(safeReturnPath('/reports?tab=today#top'), '/reports?tab=today#top');
    assert.equal(safeReturnPath('/a b'), '/a b', 'a space is not a control character (the browser encodes it)');
  });
});
