/**
 * Adding passkeys through the real routes (Express, express-session, Passport, supertest
 * agents) with a software authenticator that signs for real: the first method, beside an app,
 * forced setup, refused answers, renaming; and the pages that offer them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import { memoryStore } from '../src/index.js';
import { SoftAuthenticator } from './support/soft-authenticator.ts';
import { enrolTotp, logIn, makeTestApp, manualClock } from './support/test-app.js';
import { pendingSession } from './support/enrolled-user.js';
import { addPasskey, aliceWithPasskey, json, ORIGIN, RP_ID, setup, WEBAUTHN } from './support/passkey-app.ts';

describe('passkeys: adding one', () => {
  it('the first passkey turns 2FA on, shows recovery codes, becomes primary and names itself', async () => {
    const { body, first } = await aliceWithPasskey();
    assert.equal(body.method.type, 'webauthn');
    assert.equal(body.method.label, 'YubiKey 5');
    assert.equal(body.method.primary, true);
    assert.equal(body.recoveryCodes.length, 10);
    const me = await first.get('/api/me').set('Accept', 'application/json');
    assert.deepEqual(me.body.session.amr, ['pwd', 'hwk']);
    const status = await first.get('/2fa/status').set('Accept', 'application/json');
    assert.equal(status.body.enabled, true);
  });

  it('a passkey added beside an authenticator app becomes the primary method', async () => {
    const env = setup();
    const agent = request.agent(env.app);
    await logIn(agent, 'alice');
    await enrolTotp(agent, env.clock);
    const added = await addPasskey(agent, new SoftAuthenticator({ origin: ORIGIN, rpID: RP_ID }));
    assert.equal(added.body.recoveryCodes, undefined);
    const status = await agent.get('/2fa/status').set('Accept', 'application/json');
    const primary = status.body.methods.find((m: { primary: boolean }) => m.primary);
    assert.equal(primary.type, 'webauthn');
  });

  it('refuses an answer from another origin or for another rpID, and the challenge is spent', async () => {
    const env = setup();
    const agent = request.agent(env.app);
    await logIn(agent, 'alice');
    const key = new SoftAuthenticator({ origin: ORIGIN, rpID: RP_ID });
    for (const overrides of [{ origin: 'https://clinic.example.evil' }, { rpID: 'evil.example' }]) {
      const started = await json(agent, '/2fa/methods', { type: 'webauthn' });
      const refused = await json(agent, `/2fa/methods/${started.body.id}/confirm`, { credential: key.register(started.body.options, overrides) });
      assert.equal(refused.status, 400);
      const again = await json(agent, `/2fa/methods/${started.body.id}/confirm`, { credential: key.register(started.body.options) });
      assert.equal(again.status, 400, 'the challenge went with the first answer');
    }
  });

  it('a user the policy requires to set up 2FA can make a passkey their first method', async () => {
    const clock = manualClock();
    const { app } = makeTestApp(memoryStore(), clock, { webauthn: WEBAUTHN, policy: () => 'required' });
    const agent = request.agent(app);
    const login = await logIn(agent, 'alice');
    assert.equal(login.status, 401);
    assert.equal((await agent.get('/api/me').set('Accept', 'application/json')).status, 401, 'held back until a method is set up');
    const added = await addPasskey(agent, new SoftAuthenticator({ origin: ORIGIN, rpID: RP_ID }));
    assert.equal(added.body.recoveryCodes.length, 10);
    const me = await agent.get('/api/me').set('Accept', 'application/json');
    assert.equal(me.status, 200);
    assert.deepEqual(me.body.session.amr, ['pwd', 'hwk']);
  });

  it('renames a passkey; a bad name is a 400', async () => {
    const { first, methodId } = await aliceWithPasskey();
    const renamed = await first.patch(`/2fa/methods/${methodId}`).set('Accept', 'application/json').send({ name: '  This   iPhone ' });
    assert.equal(renamed.status, 200);
    assert.equal(renamed.body.method.name, 'This iPhone');
    for (const name of ['', 'x'.repeat(65), 'a\u0000b', 42]) {
      const bad = await first.patch(`/2fa/methods/${methodId}`).set('Accept', 'application/json').send({ name });
      assert.equal(bad.status, 400, JSON.stringify(name));
    }
  });

  it('without the webauthn option there is no passkey method', async () => {
    const clock = manualClock();
    const { app } = makeTestApp(memoryStore(), clock);
    const agent = request.agent(app);
    await logIn(agent, 'alice');
    const refused = await json(agent, '/2fa/methods', { type: 'webauthn' });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error, 'method_not_allowed');
  });
});

describe('passkeys: pages', () => {
  it('the challenge page offers the passkey first (hidden until the script finds WebAuthn), says why without script, and keeps the other methods', async () => {
    const env = setup();
    const first = request.agent(env.app);
    await logIn(first, 'alice');
    await enrolTotp(first, env.clock);
    await addPasskey(first, new SoftAuthenticator({ origin: ORIGIN, rpID: RP_ID }), 'YubiKey <5>');
    const agent = await pendingSession(env.app);
    const page = await agent.get('/2fa/verify').set('Accept', 'text/html');
    assert.equal(page.status, 200);
    assert.match(page.text, /<button type="button" data-webauthn="get" data-options="\/2fa\/webauthn\/options"[^>]* hidden>Use your passkey or security key<\/button>/);
    assert.match(page.text, /<noscript><p class="muted">Passkeys and security keys need JavaScript/);
    assert.match(page.text, /data-webauthn-unsupported hidden>This browser cannot use passkeys/);
    assert.match(page.text, /name="code"/, 'the app code stays on the page');
    assert.ok(page.text.indexOf('data-webauthn="get"') < page.text.indexOf('name="code"'), 'the passkey comes first');
    assert.doesNotMatch(page.text, /value="[^"]*" checked> Passkey/, 'a passkey is not among the code methods');
    const settings = await first.get('/2fa').set('Accept', 'text/html');
    assert.match(settings.text, /Passkey: YubiKey &lt;5&gt;/);
    assert.match(settings.text, /action="\/2fa\/methods\/[^"]+\/rename"/);
  });

  it('says beside each passkey whether it is synced or on this device only, on the settings page and in /2fa/status', async () => {
    const env = setup();
    const agent = request.agent(env.app);
    await logIn(agent, 'alice');
    await enrolTotp(agent, env.clock);
    const phone = new SoftAuthenticator({ origin: ORIGIN, rpID: RP_ID, synced: true });
    await addPasskey(agent, phone, 'This iPhone');
    await addPasskey(agent, new SoftAuthenticator({ origin: ORIGIN, rpID: RP_ID }), 'YubiKey 5');
    const status = await agent.get('/2fa/status').set('Accept', 'application/json');
    const byLabel = Object.fromEntries(status.body.methods.map((m: { label: string }) => [m.label, m]));
    assert.equal(byLabel['This iPhone'].synced, true);
    assert.equal(byLabel['YubiKey 5'].synced, false);
    assert.equal('synced' in byLabel['Authenticator app'], false, 'only passkeys say it');
    const settings = await agent.get('/2fa').set('Accept', 'text/html');
    assert.match(settings.text, /<strong>Passkey: This iPhone<\/strong> <span class="muted">Synced passkey<\/span>/);
    assert.match(settings.text, /<strong>Passkey: YubiKey 5<\/strong> <span class="muted">This device only<\/span>/);
    assert.match(settings.text, /<strong>Authenticator app<\/strong>(?! <span class="muted">)/);
  });

  it('a browser adding a passkey gets the setup page; a refused answer shows it again with the reason', async () => {
    const env = setup();
    const agent = request.agent(env.app);
    await logIn(agent, 'alice');
    const started = await agent.post('/2fa/methods').type('form').send({ type: 'webauthn' });
    assert.equal(started.status, 303);
    const page = await agent.get(started.headers.location!).set('Accept', 'text/html');
    assert.match(page.text, /<h1>Add a passkey or security key<\/h1>/);
    assert.match(page.text, /data-webauthn="create" data-options="\/2fa\/methods\/[^/]+\/options"/);
    const methodId = started.headers.location!.split('/').pop();
    const refused = await agent.post(`/2fa/methods/${methodId}/confirm`).type('form').send({ credential: JSON.stringify(new SoftAuthenticator({ origin: ORIGIN, rpID: RP_ID }).register({ challenge: 'AAAA' })) });
    assert.equal(refused.status, 400);
    assert.match(refused.text, /<h1>Add a passkey or security key<\/h1>/);
    assert.match(refused.text, /role="alert"/);
  });

  it('step-up asking for a passkey shows only the passkey', async () => {
    const { first } = await aliceWithPasskey();
    const page = await first.get('/2fa/reverify?passkey=1').set('Accept', 'text/html');
    assert.match(page.text, /This page needs your passkey or security key/);
    assert.doesNotMatch(page.text, /name="code"/);
    assert.match(page.text, /name="passkey" value="1"/);
  });
});
