/**
 * `twoStep.adminRouter({ authorize })` on a real Express + express-session + Passport app,
 * driven by supertest agents that keep cookies: the JSON contract of SPEC section 3 (settings,
 * history, users, the four actions), authorisation across organisations (an administrator of
 * Riverside can neither see nor change anything of Hillside's: 403, nothing changed, for every
 * route), step-up and CSRF before every change, the events with the administrator's id, the
 * pages' forms, and a callback that throws answered on both Express lines. Memory stores, and
 * Redis + PostgreSQL for the same flows.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import {
  TwoStepConfigError, createTwoStep, memoryStore, postgresEnrolments, postgresOrganisationSettings, redisStore, type TwoStepStore,
} from '../src/index.ts';
import { generateTotp } from '../src/testing/index.ts';
import { makeAdminApp, type Authorize } from './support/admin-app.ts';
import { ADMIN_BODY_LIMIT_BYTES } from '../src/http/admin-router.ts';
import { MAX_SKIP_NETWORKS } from '../src/core/organisation-settings-check.ts';
import { usePostgres } from './support/postgres-fixture.ts';
import { useTestRedis } from './support/redis-fixture.ts';
import { enrolUser, logIn, signedInWithApp, TEST_SECRET, wrongCode, type Agent } from './support/test-app.ts';

const redis = useTestRedis();
const postgres = usePostgres();
const JSON_TYPE = 'application/json';

type AdminEnv = ReturnType<typeof makeAdminApp>;

/** alice (Riverside's administrator) signed in with her authenticator app just now. */
async function adminAgent(env: AdminEnv): Promise<{ agent: Agent; secret: string }> {
  return signedInWithApp(env.app, env.clock, 'alice');
}

/** A user with an authenticator app, signed in on their own browser that they asked to remember; then locked by five wrong codes elsewhere. */
async function enrolledLockedUser(env: AdminEnv, username: string): Promise<{ agent: Agent; secret: string }> {
  const { secret } = await enrolUser(env.app, env.clock, username);
  const agent = request.agent(env.app);
  await logIn(agent, username);
  const verified = await agent.post('/2fa/verify').set('Accept', JSON_TYPE).send({ code: generateTotp({ secret, nowMs: env.clock.now() }), remember: true });
  assert.equal(verified.status, 200, JSON.stringify(verified.body));
  const thief = request.agent(env.app);
  await logIn(thief, username);
  for (let i = 0; i < 5; i += 1) await thief.post('/2fa/verify').set('Accept', JSON_TYPE).send({ code: wrongCode(secret, env.clock.now()) });
  return { agent, secret };
}

async function statusOf(env: AdminEnv, userId: string) {
  return env.twoStep.admin.status(userId);
}

const backends: Record<string, () => Promise<{ store: TwoStepStore; extra: NonNullable<Parameters<typeof makeAdminApp>[1]>['extra'] }>> = {
  memory: async () => ({ store: memoryStore(), extra: {} }),
  'Redis + PostgreSQL': async () => {
    await postgres.truncate().catch(() => {});
    const enrolments = postgresEnrolments(postgres.pool);
    await enrolments.createSchema();
    const organisationSettings = postgresOrganisationSettings(postgres.pool);
    await organisationSettings.createSchema();
    await postgres.truncate();
    return { store: redisStore(redis.client), extra: { enrolments, organisationSettings } };
  },
};

for (const [backend, make] of Object.entries(backends)) {
  const setup = async (authorize?: Authorize) => {
    const { store, extra } = await make();
    return makeAdminApp(store, { extra, ...(authorize ? { authorize } : {}) });
  };

  describe(`admin router JSON API (${backend})`, () => {
    it('reads and changes an organisation\'s settings, keeps the history, and announces the change with the administrator\'s id', async () => {
      const env = await setup();
      const { agent } = await adminAgent(env);
      const fresh = await agent.get('/admin/2fa/organisations/riverside/settings').set('Accept', JSON_TYPE);
      assert.equal(fresh.status, 200);
      assert.deepEqual(fresh.body, {
        enforcement: 'off', graceDays: 0, allowedMethods: ['totp', 'email', 'sms', 'webauthn'], skipNetworks: [], trustedDeviceDays: 30,
        version: 0, updatedAt: null, updatedBy: null,
      });
      const saved = await agent.put('/admin/2fa/organisations/riverside/settings').send({ enforcement: { roles: ['Vets'] }, skipNetworks: ['203.0.113.0/24'], graceDays: 7 });
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      assert.deepEqual(saved.body.enforcement, { roles: ['Vets'] });
      assert.equal(saved.body.version, 1);
      assert.equal(saved.body.updatedBy, 'u-alice');
      assert.equal(saved.body.updatedAt, new Date(env.clock.now()).toISOString());
      assert.deepEqual((await env.twoStep.organisations.get('riverside')).skipNetworks, ['203.0.113.0/24']);
      const changed = env.events.filter((e) => e.name === 'settings.changed');
      assert.equal(changed.length, 1);
      assert.equal(changed[0]!.event.userId, 'u-alice');
      assert.equal(changed[0]!.event.orgId, 'riverside');

      const history = await agent.get('/admin/2fa/organisations/riverside/history').set('Accept', JSON_TYPE);
      assert.equal(history.status, 200);
      assert.equal(history.body.length, 1);
      assert.equal(history.body[0].by, 'u-alice');
      assert.equal(history.body[0].before, null);
      assert.deepEqual(history.body[0].after.enforcement, { roles: ['Vets'] });
      assert.equal(history.body[0].at, new Date(env.clock.now()).toISOString());

      // expectedVersion: a save made against what was shown, after someone else saved, is refused.
      const stale = await agent.put('/admin/2fa/organisations/riverside/settings').send({ graceDays: 3, expectedVersion: 0 });
      assert.equal(stale.status, 409);
      assert.equal(stale.body.error, 'edit_conflict');
      assert.equal((await env.twoStep.organisations.get('riverside')).graceDays, 7);
    });

    it('refuses invalid settings with 400 invalid_settings naming the field, and saves nothing', async () => {
      const env = await setup();
      const { agent } = await adminAgent(env);
      await agent.put('/admin/2fa/organisations/riverside/settings').send({ enforcement: 'all' });
      for (const [body, field] of [
        [{ skipNetworks: ['10.0.0.0/8', '10.0.0.0/33'] }, 'skipNetworks[1]'],
        [{ graceDays: -1 }, 'graceDays'],
        [{ allowedMethods: [] }, 'allowedMethods'],
        [{ trustedDeviceDays: 31 }, 'trustedDeviceDays'],
        [{ enforcement: { roles: [] } }, 'enforcement'],
        [{ colour: 'blue' }, 'colour'],
      ] as const) {
        const refused = await agent.put('/admin/2fa/organisations/riverside/settings').send(body);
        assert.equal(refused.status, 400, JSON.stringify(body));
        assert.equal(refused.body.error, 'invalid_settings');
        assert.equal(refused.body.field, field);
        assert.equal(refused.body.fields[0].field, field);
        assert.match(refused.body.fields[0].message, /\w{3,}.*\./, 'a sentence a person can act on');
      }
      const after = await env.twoStep.organisations.get('riverside');
      assert.equal(after.version, 1, 'nothing saved');
      assert.equal(after.enforcement, 'all');
      assert.equal((await env.twoStep.organisations.history('riverside')).length, 1, 'no history entry either');
      assert.equal(env.events.filter((e) => e.name === 'settings.changed').length, 1);
    });

    it('lists the users of an organisation, masked, paged by the app\'s cursor, searched by name', async () => {
      const env = await setup();
      const { agent } = await adminAgent(env);
      await enrolledLockedUser(env, 'bob');
      const all = await agent.get('/admin/2fa/users?org=riverside').set('Accept', JSON_TYPE);
      assert.equal(all.status, 200, JSON.stringify(all.body));
      assert.deepEqual(all.body.users.map((u: { id: string }) => u.id), ['u-alice', 'u-bob']);
      assert.equal(all.body.next, null);
      const bob = all.body.users[1];
      assert.equal(bob.label, 'Bob Baker');
      assert.equal(bob.enabled, true);
      assert.deepEqual(bob.methods.map((m: { type: string }) => m.type), ['totp']);
      assert.ok(new Date(bob.lockedUntil).getTime() > env.clock.now(), 'locked');
      assert.ok(new Date(bob.lastVerifiedAt).getTime() <= env.clock.now() && new Date(bob.lastVerifiedAt).getTime() > env.clock.now() - 120_000, 'last verified: the sign-in a minute ago');

      // Pages of one, following `next` until the end.
      const seen: string[] = [];
      let url: string | null = '/admin/2fa/users?org=riverside&limit=1';
      while (url) {
        const page: request.Response = await agent.get(url).set('Accept', JSON_TYPE);
        assert.equal(page.status, 200);
        assert.ok(page.body.users.length <= 1);
        seen.push(...page.body.users.map((u: { id: string }) => u.id));
        url = page.body.next === null ? null : `/admin/2fa/users?org=riverside&limit=1&cursor=${encodeURIComponent(page.body.next)}`;
      }
      assert.deepEqual(seen, ['u-alice', 'u-bob']);
      const searched = await agent.get('/admin/2fa/users?org=riverside&q=bak').set('Accept', JSON_TYPE);
      assert.deepEqual(searched.body.users.map((u: { id: string }) => u.id), ['u-bob']);
      // With one organisation, `org` may be left out.
      assert.equal((await agent.get('/admin/2fa/users').set('Accept', JSON_TYPE)).body.users.length, 2);
      assert.equal((await agent.get('/admin/2fa/users?org=riverside&limit=0').set('Accept', JSON_TYPE)).status, 400);
      assert.equal((await agent.get(`/admin/2fa/users?org=riverside&q=${'x'.repeat(101)}`).set('Accept', JSON_TYPE)).status, 400);
    });

    it('each action does what it says and fires its event with the administrator\'s id', async () => {
      const env = await setup();
      const admin = await adminAgent(env);
      const { agent } = admin;
      const bob = await enrolledLockedUser(env, 'bob');
      const shown = await agent.get('/admin/2fa/users/u-bob').set('Accept', JSON_TYPE);
      assert.equal(shown.status, 200);
      assert.equal(shown.body.label, 'Bob Baker');
      assert.equal(shown.body.devices.length, 1);
      assert.ok(shown.body.lockedUntil);

      assert.deepEqual((await agent.post('/admin/2fa/users/u-bob/unlock').set('Accept', JSON_TYPE).send({})).body, { done: true });
      assert.equal((await statusOf(env, 'u-bob')).lockedUntil, null);
      assert.deepEqual((await agent.post('/admin/2fa/users/u-bob/revoke-devices').set('Accept', JSON_TYPE).send({})).body, { done: true });
      assert.equal((await statusOf(env, 'u-bob')).devices.length, 0);
      assert.equal((await bob.agent.get('/api/me')).status, 200, 'still signed in before "sign out everywhere"');
      assert.deepEqual((await agent.post('/admin/2fa/users/u-bob/revoke-sessions').set('Accept', JSON_TYPE).send({})).body, { done: true });
      assert.equal((await bob.agent.get('/api/me').set('Accept', JSON_TYPE)).status, 401, 'signed out everywhere');
      assert.deepEqual((await agent.post('/admin/2fa/users/u-bob/reset').set('Accept', JSON_TYPE).send({ requireSetup: true })).body, { done: true });
      const reset = await statusOf(env, 'u-bob');
      assert.equal(reset.enabled, false);
      assert.deepEqual(reset.methods, []);
      assert.equal(reset.setupRequired, true);

      const byAction = Object.fromEntries(env.events.filter((e) => e.name !== 'settings.changed').map((e) => [e.name, e.event]));
      for (const name of ['unlocked', 'device.revoked', 'sessions.revoked', 'admin.reset']) {
        assert.equal(byAction[name]?.by, 'u-alice', `${name} names the administrator`);
        assert.equal(byAction[name]?.userId, 'u-bob', `${name} names the user`);
      }
      assert.equal(byAction['admin.reset']!.requireSetup, true);
      assert.equal((await agent.post('/admin/2fa/users/u-bob/delete').set('Accept', JSON_TYPE).send({})).status, 404);

      // Signing oneself out everywhere ends one's other sessions and keeps this one.
      const otherBrowser = request.agent(env.app);
      await logIn(otherBrowser, 'alice');
      await otherBrowser.post('/2fa/verify').set('Accept', JSON_TYPE).send({ code: generateTotp({ secret: admin.secret, nowMs: env.clock.now() + 30_000 }) });
      env.clock.advanceSeconds(30);
      assert.equal((await otherBrowser.get('/api/me').set('Accept', JSON_TYPE)).status, 200);
      assert.deepEqual((await agent.post('/admin/2fa/users/u-alice/revoke-sessions').set('Accept', JSON_TYPE).send({})).body, { done: true });
      assert.equal((await otherBrowser.get('/api/me').set('Accept', JSON_TYPE)).status, 401);
      assert.equal((await agent.get('/api/me').set('Accept', JSON_TYPE)).status, 200);
    });

    it('an administrator of Riverside can neither see nor act on anything only Hillside\'s: 403 and nothing changed, on every route', async () => {
      const env = await setup();
      const { agent } = await adminAgent(env);
      const carol = await enrolledLockedUser(env, 'carol');
      await env.twoStep.organisations.update('hillside', { enforcement: 'all' }, { by: 'hillside-manager' });
      env.events.length = 0;
      const before = await statusOf(env, 'u-carol');
      assert.ok(before.lockedUntil && before.devices.length === 1 && before.enabled);

      const refusals: [string, string, Record<string, unknown>?][] = [
        ['get', '/admin/2fa/organisations/hillside/settings'],
        ['put', '/admin/2fa/organisations/hillside/settings', { enforcement: 'off' }],
        ['post', '/admin/2fa/organisations/hillside/settings', { enforcement: 'off' }],
        ['get', '/admin/2fa/organisations/hillside/history'],
        ['get', '/admin/2fa/users?org=hillside'],
        ['get', '/admin/2fa/users/u-carol'],
        ['get', '/admin/2fa/users/u-nobody'],
        ...(['reset', 'unlock', 'revoke-sessions', 'revoke-devices'].map((action) => ['post', `/admin/2fa/users/u-carol/${action}`, { requireSetup: true }] as [string, string, Record<string, unknown>])),
      ];
      for (const [verb, path, body] of refusals) {
        const call = (agent as unknown as Record<string, (p: string) => request.Test>)[verb]!(path).set('Accept', JSON_TYPE);
        const res = await (body ? call.send(body) : call);
        assert.equal(res.status, 403, `${verb} ${path}: ${JSON.stringify(res.body)}`);
        assert.equal(res.body.error, 'not_authorised');
      }
      const hillside = await env.twoStep.organisations.get('hillside');
      assert.equal(hillside.version, 1);
      assert.equal(hillside.enforcement, 'all');
      const after = await statusOf(env, 'u-carol');
      assert.deepEqual({ ...after, devices: after.devices.length }, { ...before, devices: before.devices.length });
      assert.equal((await carol.agent.get('/api/me')).status, 200, 'carol is still signed in');
      assert.deepEqual(env.events, [], 'no event: nothing was done');

      // The pages say so too, and the other people are refused everywhere.
      const page = await agent.get('/admin/2fa/users/u-carol').set('Accept', 'text/html');
      assert.equal(page.status, 403);
      assert.match(page.text, /not an administrator/);
      assert.match(page.text, /<a href="\/">Back<\/a>/, 'the way back is the app, not the challenge');
      const bob = request.agent(env.app);
      await logIn(bob, 'bob');
      assert.equal((await bob.get('/admin/2fa/').set('Accept', JSON_TYPE)).status, 403);
      assert.equal((await bob.get('/admin/2fa/organisations/riverside/settings').set('Accept', JSON_TYPE)).status, 403);
      assert.equal((await request(env.app).get('/admin/2fa/organisations/riverside/settings').set('Accept', JSON_TYPE)).status, 401, 'anonymous');
    });

    it('every change needs a recent second factor: 403 reverify_required, nothing changed, until re-verified', async () => {
      const env = await setup();
      const { agent, secret } = await adminAgent(env);
      await enrolledLockedUser(env, 'bob');
      env.clock.advanceSeconds(301);
      const refused = await agent.put('/admin/2fa/organisations/riverside/settings').send({ enforcement: 'all' });
      assert.equal(refused.status, 403);
      assert.equal(refused.body.error, 'reverify_required');
      assert.equal(refused.body.reverifyUrl, '/2fa/reverify?secondFactor=1');
      for (const action of ['reset', 'unlock', 'revoke-sessions', 'revoke-devices']) {
        assert.equal((await agent.post(`/admin/2fa/users/u-bob/${action}`).set('Accept', JSON_TYPE).send({})).body.error, 'reverify_required');
      }
      assert.equal((await env.twoStep.organisations.get('riverside')).version, 0);
      const bob = await statusOf(env, 'u-bob');
      assert.ok(bob.enabled && bob.lockedUntil && bob.devices.length === 1);
      assert.deepEqual(env.events, []);
      // Reading needs no step-up.
      assert.equal((await agent.get('/admin/2fa/users/u-bob').set('Accept', JSON_TYPE)).status, 200);

      // A browser is sent to re-verify and brought back to the form.
      const form = await agent.post('/admin/2fa/organisations/riverside/settings').type('form').send({ enforcement: 'all' });
      assert.equal(form.status, 303);
      assert.equal(form.headers.location, `/2fa/reverify?secondFactor=1&returnTo=${encodeURIComponent('/admin/2fa/organisations/riverside/settings')}`);
      const again = await agent.post('/2fa/reverify').set('Accept', JSON_TYPE).send({ code: generateTotp({ secret, nowMs: env.clock.now() }) });
      assert.equal(again.status, 200);
      assert.equal((await agent.put('/admin/2fa/organisations/riverside/settings').send({ enforcement: 'all' })).status, 200);
    });
  });
}

describe('admin router: CSRF, pages, options, failures', () => {
  const setup = (authorize?: Authorize) => makeAdminApp(memoryStore(), authorize ? { authorize } : {});

  it('refuses a change sent from another site, or with a wrong token: 403 csrf_failed, nothing changed', async () => {
    const env = setup();
    const { agent } = await adminAgent(env);
    await enrolledLockedUser(env, 'bob');
    const page = await agent.get('/admin/2fa/organisations/riverside/settings').set('Accept', 'text/html');
    const token = /name="_twostep_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    const attempts = [
      () => agent.post('/admin/2fa/organisations/riverside/settings').type('form').set('Origin', 'https://evil.example').send({ enforcement: 'all', _twostep_csrf: token }),
      () => agent.post('/admin/2fa/organisations/riverside/settings').type('form').set('Sec-Fetch-Site', 'cross-site').send({ enforcement: 'all' }),
      () => agent.post('/admin/2fa/organisations/riverside/settings').type('form').send({ enforcement: 'all', _twostep_csrf: 'forged' }),
      () => agent.put('/admin/2fa/organisations/riverside/settings').set('Origin', 'https://evil.example').send({ enforcement: 'all' }),
      () => agent.post('/admin/2fa/users/u-bob/unlock').type('form').set('Origin', 'null').send({ confirmed: '1' }),
      () => agent.post('/admin/2fa/users/u-bob/reset').set('X-TwoStep-CSRF', 'forged').send({}),
    ];
    for (const attempt of attempts) {
      const res = await attempt().set('Accept', JSON_TYPE);
      assert.equal(res.status, 403, JSON.stringify(res.body));
      assert.equal(res.body.error, 'csrf_failed');
    }
    assert.equal((await env.twoStep.organisations.get('riverside')).version, 0);
    assert.ok((await statusOf(env, 'u-bob')).lockedUntil);
    assert.deepEqual(env.events, []);
    // The page's own form, with its token, from this site: saved.
    const saved = await agent.post('/admin/2fa/organisations/riverside/settings').type('form')
      .send(`_twostep_csrf=${encodeURIComponent(token)}&enforcement=all&roles=&graceDays=0&allowedMethods=totp&allowedMethods=email&skipNetworks=&trustedDeviceDays=30&expectedVersion=0`);
    assert.equal(saved.status, 303, saved.text);
  });

  it('the settings form shows each refusal beside its field, keeps what was typed, and saves nothing', async () => {
    const env = setup();
    const { agent } = await adminAgent(env);
    const page = await agent.get('/admin/2fa/organisations/riverside/settings').set('Accept', 'text/html');
    assert.equal(page.status, 200);
    assert.match(page.text, /<legend>Who must use two-step verification\?<\/legend>/);
    const token = /name="_twostep_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    const typed = `_twostep_csrf=${encodeURIComponent(token)}&enforcement=roles&roles=Vets%0AFront+desk&graceDays=ten&allowedMethods=email&skipNetworks=192.168.1.0%2F24%0A10.0.0.0%2F33&trustedDeviceDays=14&expectedVersion=0`;
    const refused = await agent.post('/admin/2fa/organisations/riverside/settings').type('form').send(typed);
    assert.equal(refused.status, 400);
    assert.match(refused.text, /class="error-summary"[^>]*autofocus/);
    assert.match(refused.text, /<a href="#skipNetworks">Line 2 \(“10\.0\.0\.0\/33”\): the number after “\/” goes up to 32/);
    assert.match(refused.text, /<a href="#graceDays">/);
    assert.match(refused.text, /id="skipNetworks-error"/);
    assert.match(refused.text, /<textarea id="skipNetworks"[^>]*aria-describedby="skipNetworks-hint skipNetworks-error" aria-invalid="true">192\.168\.1\.0\/24\n10\.0\.0\.0\/33<\/textarea>/);
    assert.match(refused.text, /id="graceDays" name="graceDays"[^>]*value="ten"/);
    assert.match(refused.text, /<textarea id="roles"[^>]*>Vets\nFront desk<\/textarea>/);
    assert.match(refused.text, /id="enforcement-roles" name="enforcement" value="roles" checked/);
    assert.match(refused.text, /value="email" checked/);
    assert.doesNotMatch(refused.text, /value="totp" checked/);
    assert.equal((await env.twoStep.organisations.get('riverside')).version, 0, 'nothing saved');

    const fixed = typed.replace('graceDays=ten', 'graceDays=10').replace('%0A10.0.0.0%2F33', '');
    const saved = await agent.post('/admin/2fa/organisations/riverside/settings').type('form').send(fixed);
    assert.equal(saved.status, 303);
    assert.equal(saved.headers.location, '/admin/2fa/organisations/riverside/settings?saved=1');
    const record = await env.twoStep.organisations.get('riverside');
    assert.deepEqual([record.enforcement, record.graceDays, record.allowedMethods, record.skipNetworks, record.trustedDeviceDays],
      [{ roles: ['Vets', 'Front desk'] }, 10, ['email'], ['192.168.1.0/24'], 14]);
    const shown = await agent.get(saved.headers.location).set('Accept', 'text/html');
    assert.match(shown.text, /Your changes are saved/);
    const history = await agent.get('/admin/2fa/organisations/riverside/history').set('Accept', 'text/html');
    assert.match(history.text, /Alice Archer set up two-step verification settings/);
    assert.match(history.text, /Who must use it: the groups Vets, Front desk/);
  });

  it('takes the most networks a setting may list, typed in the form or sent as JSON; one more is refused by name, not as too large', async () => {
    const env = setup();
    const { agent } = await adminAgent(env);
    // The longest network there is, a thousand times: about 65 KB as a form, nearly four times bodyLimitBytes.
    const networks = Array.from({ length: MAX_SKIP_NETWORKS }, (_, i) => `ffff:ffff:ffff:ffff:ffff:ffff:ffff:${i.toString(16).padStart(4, '0')}/128`);
    const page = await agent.get('/admin/2fa/organisations/riverside/settings').set('Accept', 'text/html');
    const token = /name="_twostep_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    const typed = `_twostep_csrf=${encodeURIComponent(token)}&enforcement=off&graceDays=0&allowedMethods=totp&skipNetworks=${encodeURIComponent(networks.join('\r\n'))}&trustedDeviceDays=30&expectedVersion=0`;
    assert.ok(typed.length > 3 * 16_384 && typed.length < ADMIN_BODY_LIMIT_BYTES, `a ${typed.length}-byte form`);
    const saved = await agent.post('/admin/2fa/organisations/riverside/settings').type('form').send(typed);
    assert.equal(saved.status, 303, saved.text.slice(0, 300));
    assert.deepEqual((await env.twoStep.organisations.get('riverside')).skipNetworks, networks);

    const sent = await agent.put('/admin/2fa/organisations/riverside/settings').send({ skipNetworks: [...networks].reverse() });
    assert.equal(sent.status, 200, JSON.stringify(sent.body).slice(0, 300));
    const oneMore = await agent.put('/admin/2fa/organisations/riverside/settings').send({ skipNetworks: [...networks, '10.0.0.0/8'] });
    assert.equal(oneMore.status, 400);
    assert.equal(oneMore.body.error, 'invalid_settings');
    assert.equal(oneMore.body.field, 'skipNetworks');
    assert.match(oneMore.body.fields[0].message, /At most 1000 networks/);
    // Past what any valid change needs, the body is refused before it is read.
    const huge = await agent.put('/admin/2fa/organisations/riverside/settings').send({ skipNetworks: networks, note: 'x'.repeat(ADMIN_BODY_LIMIT_BYTES) });
    assert.equal(huge.status, 413);
    assert.equal(huge.body.error, 'payload_too_large');
    assert.equal((await env.twoStep.organisations.get('riverside')).version, 2, 'the two valid saves, nothing else');
  });

  it('an action on a page asks once more, then does it and says so', async () => {
    const env = setup();
    const { agent } = await adminAgent(env);
    await enrolledLockedUser(env, 'bob');
    const page = await agent.get('/admin/2fa/users/u-bob?org=riverside').set('Accept', 'text/html');
    assert.match(page.text, /Two-step verification for Bob Baker/);
    assert.match(page.text, /Require setup at next sign-in/);
    const token = /name="_twostep_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    const asked = await agent.post('/admin/2fa/users/u-bob/reset').type('form').send({ _twostep_csrf: token, org: 'riverside', requireSetup: '1' });
    assert.equal(asked.status, 200);
    assert.match(asked.text, /Reset two-step verification for Bob Baker\?/);
    assert.match(asked.text, /name="confirmed" value="1"/);
    assert.ok((await statusOf(env, 'u-bob')).enabled, 'nothing done yet');
    const done = await agent.post('/admin/2fa/users/u-bob/reset').type('form').send({ _twostep_csrf: token, org: 'riverside', requireSetup: '1', confirmed: '1' });
    assert.equal(done.status, 303);
    assert.equal(done.headers.location, '/admin/2fa/users/u-bob?org=riverside&done=reset');
    assert.equal((await statusOf(env, 'u-bob')).setupRequired, true);
    assert.match((await agent.get(done.headers.location).set('Accept', 'text/html')).text, /Two-step verification was reset/);
    const list = await agent.get('/admin/2fa/users?org=riverside').set('Accept', 'text/html');
    assert.match(list.text, /<th scope="row"><a href="\/admin\/2fa\/users\/u-bob\?org=riverside">Bob Baker<\/a><\/th>/);
    // Paged: "Next page" carries the app's cursor and the search; the second page links back to the first.
    const first = await agent.get('/admin/2fa/users?org=riverside&limit=1').set('Accept', 'text/html');
    const next = /<a href="([^"]+)" rel="next">Next page<\/a>/.exec(first.text)![1]!.replaceAll('&amp;', '&');
    assert.equal(next, '/admin/2fa/users?org=riverside&cursor=1');
    const second = await agent.get(`${next}&limit=1`).set('Accept', 'text/html');
    assert.match(second.text, /Bob Baker/);
    assert.doesNotMatch(second.text, /Alice Archer<\/a>/);
    assert.match(second.text, /<a href="\/admin\/2fa\/users\?org=riverside">First page<\/a>/);
    const home = await agent.get('/admin/2fa/').set('Accept', 'text/html');
    assert.match(home.text, /<a href="\/admin\/2fa\/organisations\/riverside\/settings">Settings<\/a>/);
  });

  it('checks its options once, with messages that say the fix', () => {
    const env = setup();
    assert.throws(() => env.twoStep.adminRouter(undefined as never), (e: Error) => e instanceof TwoStepConfigError && /needs `authorize`/.test(e.message));
    assert.throws(() => env.twoStep.adminRouter({ authorize: () => true, path: '/x' } as never), /unknown option "path"/);
    const bare = createTwoStep({ secret: TEST_SECRET, store: memoryStore(), users: { id: (u: { id: string }) => u.id, organisations: () => [] } });
    assert.throws(() => bare.adminRouter({ authorize: () => true }), (e: Error) => e instanceof TwoStepConfigError && /users\.load\(id\)/.test(e.message) && /users\.list\(/.test(e.message));
  });

  it('an authorize or users.list that throws, rejects or answers nonsense is answered 503 and the app keeps serving', async () => {
    const warn = console.warn;
    console.warn = () => {};
    try {
      for (const authorize of [
        () => { throw new Error('directory down'); },
        () => Promise.reject(new Error('directory down')),
        () => 'riverside' as unknown as string[],
        () => [{}] as unknown as string[],
      ] as Authorize[]) {
        const env = setup(authorize);
        const { agent } = await adminAgent(env);
        const res = await agent.get('/admin/2fa/organisations/riverside/settings').set('Accept', JSON_TYPE);
        assert.equal(res.status, 503);
        assert.equal(res.body.error, 'unavailable');
        assert.equal((await agent.get('/api/me')).status, 200, 'still serving');
      }
      for (const list of [
        () => Promise.reject(new Error('database down')),
        () => ({ users: 'everybody' }),
        () => ({ users: [{ id: 'u-bob' }], next: null }),
        () => ({ users: [{ id: 'u-bob', label: 'Bob' }], next: 42 }),
      ]) {
        const env = makeAdminApp(memoryStore(), { list });
        const { agent } = await adminAgent(env);
        const res = await agent.get('/admin/2fa/users?org=riverside').set('Accept', JSON_TYPE);
        assert.equal(res.status, 503, JSON.stringify(res.body));
        assert.equal((await agent.get('/admin/2fa/users?org=riverside').set('Accept', 'text/html')).status, 503);
        assert.equal((await agent.get('/api/me')).status, 200, 'still serving');
      }
    } finally {
      console.warn = warn;
    }
  });

  it('re-verifying for an admin change offers codes, not the password, which would not be enough', async () => {
    const env = makeAdminApp(memoryStore(), { verifyPassword: true });
    const { agent } = await signedInWithApp(env.app, env.clock, 'alice', { password: 'alice-pass' });
    env.clock.advanceSeconds(301);
    const sent = await agent.post('/admin/2fa/users/u-alice/unlock').type('form').send({});
    assert.equal(sent.status, 303);
    const page = await agent.get(sent.headers.location!).set('Accept', 'text/html');
    assert.equal(page.status, 200);
    assert.match(page.text, /name="code"/);
    assert.doesNotMatch(page.text, /name="password"/);
    assert.match((await agent.get('/2fa/reverify').set('Accept', 'text/html')).text, /name="password"/, 'elsewhere the password is offered');
    // And the password, sent anyway, re-verifies the session but does not unlock admin changes.
    assert.equal((await agent.post('/2fa/reverify').set('Accept', JSON_TYPE).send({ password: 'alice-pass' })).status, 200);
    assert.equal((await agent.post('/admin/2fa/users/u-alice/unlock').set('Accept', JSON_TYPE).send({})).body.error, 'reverify_required');
  });

  it('an administrator of every organisation names one, or lists everybody', async () => {
    const env = setup((req) => (req.user as { username?: string } | undefined)?.username === 'alice');
    const { agent } = await adminAgent(env);
    const everybody = await agent.get('/admin/2fa/users').set('Accept', JSON_TYPE);
    assert.deepEqual(everybody.body.users.map((u: { id: string }) => u.id), ['u-alice', 'u-bob', 'u-carol']);
    assert.equal((await agent.get('/admin/2fa/users/u-carol').set('Accept', JSON_TYPE)).status, 200);
    assert.equal((await agent.get('/admin/2fa/users/u-nobody').set('Accept', JSON_TYPE)).status, 404);
    assert.equal((await agent.get('/admin/2fa/organisations/hillside/settings').set('Accept', JSON_TYPE)).status, 200);
    assert.match((await agent.get('/admin/2fa/').set('Accept', 'text/html')).text, /Organisation id/);
  });
});
