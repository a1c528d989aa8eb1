/**
 * The admin settings form for a practice manager who is not a developer, on a real Express +
 * express-session + Passport app driven by supertest agents: every refusal has a stable
 * reason code, and the form says it in the page's language (English, Spanish, Finnish) beside
 * its field while the JSON API keeps the code and the English message; and a form typed by
 * someone whose last code is too old is kept in their session across the re-verification
 * (once, for that organisation, for 15 minutes, up to 32 KiB), so they are brought back to
 * their own words rather than to the stored settings.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkOrganisationSettings, memoryStore, type SettingsRefusal, type TwoStepOptions } from '../src/index.ts';
import { BUILT_IN_PACKS } from '../src/language-packs.ts';
import { refusalText } from '../src/http/view-models/settings-refusal-text.ts';
import { generateTotp } from '../src/testing/index.ts';
import { makeAdminApp } from './support/admin-app.ts';
import { signedInWithApp, type Agent, type TestUser } from './support/test-app.ts';

const SETTINGS = '/admin/2fa/organisations/riverside/settings';
const DEFAULTS = { enforcement: 'off', graceDays: 0, allowedMethods: ['totp'], skipNetworks: [], trustedDeviceDays: 0 };

/** One input for each refusal there is, and the field it must name. */
const EACH_REFUSAL: [SettingsRefusal, unknown, string][] = [
  ['not_an_object', 'all', ''],
  ['unknown_setting', { ...DEFAULTS, colour: 'blue' }, 'colour'],
  ['enforcement_choice', { ...DEFAULTS, enforcement: 'some' }, 'enforcement'],
  ['enforcement_no_groups', { ...DEFAULTS, enforcement: { roles: [] } }, 'enforcement'],
  ['enforcement_too_many_groups', { ...DEFAULTS, enforcement: { roles: Array.from({ length: 101 }, (_, i) => `g${i}`) } }, 'enforcement'],
  ['group_name', { ...DEFAULTS, enforcement: { roles: ['Vets', 'x'.repeat(101)] } }, 'enforcement.roles[1]'],
  ['grace_days_range', { ...DEFAULTS, graceDays: 366 }, 'graceDays'],
  ['device_days_range', { ...DEFAULTS, trustedDeviceDays: 31 }, 'trustedDeviceDays'],
  ['methods_not_a_list', { ...DEFAULTS, allowedMethods: 'totp' }, 'allowedMethods'],
  ['methods_unknown', { ...DEFAULTS, allowedMethods: ['totp', 'pigeon'] }, 'allowedMethods'],
  ['methods_none', { ...DEFAULTS, allowedMethods: [] }, 'allowedMethods'],
  ['networks_not_a_list', { ...DEFAULTS, skipNetworks: '10.0.0.0/8' }, 'skipNetworks'],
  ['networks_too_many', { ...DEFAULTS, skipNetworks: Array.from({ length: 1001 }, (_, i) => `10.${i >> 8}.${i & 255}.0/24`) }, 'skipNetworks'],
  ['network_not_cidr', { ...DEFAULTS, skipNetworks: ['10.0.0.0/8', 'office wifi'] }, 'skipNetworks[1]'],
  ['network_prefix_too_long', { ...DEFAULTS, skipNetworks: ['2001:db8::/129'] }, 'skipNetworks[0]'],
];

describe('settings refusals: stable reason codes, in every language', () => {
  it('each refusal has its code, its field and its values; the English message stays for the API', () => {
    for (const [reason, input, field] of EACH_REFUSAL) {
      const check = checkOrganisationSettings(input);
      assert.equal(check.ok, false, reason);
      if (check.ok) continue;
      assert.deepEqual(check.errors.map((e) => [e.reason, e.field]), [[reason, field]], reason);
      assert.ok(check.errors[0]!.message.length > 10, reason);
    }
    const prefix = checkOrganisationSettings({ ...DEFAULTS, skipNetworks: ['10.0.0.0/33'] });
    assert.ok(!prefix.ok);
    assert.deepEqual(prefix.errors[0]!.values, { entry: 1, value: '10.0.0.0/33', max: 32 });
  });

  it('each code reads as a whole sentence in English, Spanish and Finnish, with every value filled in', () => {
    for (const [reason, input] of EACH_REFUSAL) {
      const check = checkOrganisationSettings(input);
      assert.ok(!check.ok);
      const said = Object.entries(BUILT_IN_PACKS).map(([tag, pack]) => [tag, refusalText(pack.pages, check.errors[0]!)] as const);
      for (const [tag, words] of said) assert.doesNotMatch(words, /[{}]/, `${reason} in ${tag}: ${words}`);
      assert.equal(new Set(said.map(([, words]) => words)).size, said.length, `${reason} is not translated: ${said.map(([, w]) => w).join(' | ')}`);
    }
  });

  it('an unknown code (a custom settings store\'s own) keeps its own message', () => {
    assert.equal(refusalText(BUILT_IN_PACKS.es.pages, { reason: 'too_cold' as SettingsRefusal, values: {}, message: 'Too cold.' }), 'Too cold.');
  });

  it('the form answers in the browser\'s language, beside the field; JSON keeps the code and the English words', async () => {
    const env = makeAdminApp(memoryStore(), { extra: { lang: 'auto' } });
    const { agent } = await signedInWithApp(env.app, env.clock, 'alice');
    const typed = { enforcement: 'roles', roles: 'Vets', graceDays: '400', allowedMethods: ['email'], skipNetworks: '192.168.1.0/24\n10.0.0.0/33', trustedDeviceDays: '0', expectedVersion: '0' };

    const spanish = await agent.post(SETTINGS).set('Accept-Language', 'es-MX,es;q=0.9').type('form').send(typed);
    assert.equal(spanish.status, 400);
    assert.match(spanish.text, /<html lang="es"/);
    assert.match(spanish.text, /id="graceDays-error">.*Días para configurarla: escriba un número entero de 0 a 365\./);
    assert.match(spanish.text, /id="skipNetworks-error">.*Línea 2 \(“10\.0\.0\.0\/33”\): el número después de “\/” llega como máximo a 32\./);
    assert.match(spanish.text, /<a href="#skipNetworks">Línea 2/, 'the summary links to the field, in Spanish');
    assert.doesNotMatch(spanish.text, /prefix|whole number/, 'no English left over');

    const finnish = await agent.post(SETTINGS).set('Accept-Language', 'fi').type('form').send(typed);
    assert.equal(finnish.status, 400);
    assert.match(finnish.text, /Päivät käyttöönottoon: kirjoita kokonaisluku 0–365\./);
    assert.match(finnish.text, /Rivi 2 \(“10\.0\.0\.0\/33”\): kauttaviivan jälkeinen luku on enintään 32\./);

    const json = await agent.put(SETTINGS).set('Accept', 'application/json').set('Accept-Language', 'es').send({ graceDays: 400, skipNetworks: ['office'] });
    assert.equal(json.status, 400);
    assert.equal(json.body.error, 'invalid_settings');
    assert.deepEqual(json.body.fields.map((f: { field: string; reason: string }) => [f.field, f.reason]), [['graceDays', 'grace_days_range'], ['skipNetworks[0]', 'network_not_cidr']]);
    assert.match(json.body.fields[1].message, /^Entry 1: "office" is not a dotted-decimal IPv4 range/);
    assert.deepEqual(json.body.fields[1].values, { entry: 1, value: 'office' });
    assert.equal((await env.twoStep.organisations.get('riverside')).version, 0, 'nothing saved');
  });
});

describe('a typed settings form survives the step-up', () => {
  /** alice, signed in with her authenticator app more than 5 minutes ago: any change asks her to confirm first. */
  async function staleAdmin(extra: Partial<TwoStepOptions<TestUser>> = {}) {
    const env = makeAdminApp(memoryStore(), { extra });
    const { agent, secret } = await signedInWithApp(env.app, env.clock, 'alice');
    env.clock.advanceSeconds(301);
    const reverify = async (who: Agent = agent) => {
      const res = await who.post('/2fa/reverify').set('Accept', 'application/json').send({ code: generateTotp({ secret, nowMs: env.clock.now() }) });
      assert.equal(res.status, 200, JSON.stringify(res.body));
    };
    return { env, agent, reverify };
  }
  const typed = { enforcement: 'all', roles: '', graceDays: '7', allowedMethods: ['email', 'sms'], skipNetworks: '192.168.40.0/24', trustedDeviceDays: '14', expectedVersion: '0' };

  it('the form as typed comes back after the code, with a note that it is not saved yet; saving it then saves it', async () => {
    const { env, agent, reverify } = await staleAdmin();
    const asked = await agent.post(SETTINGS).type('form').send(typed);
    assert.equal(asked.status, 303);
    assert.equal(asked.headers.location, `/2fa/reverify?secondFactor=1&returnTo=${encodeURIComponent(SETTINGS)}`);
    assert.equal((await env.twoStep.organisations.get('riverside')).version, 0, 'nothing saved before the code');
    await reverify();

    const back = await agent.get(SETTINGS).set('Accept', 'text/html');
    assert.equal(back.status, 200);
    assert.match(back.text, /role="status">What you typed before confirming it is you is below, not saved yet\./);
    assert.match(back.text, /id="enforcement-all" name="enforcement" value="all" checked/);
    assert.match(back.text, /id="graceDays" name="graceDays"[^>]*value="7"/);
    assert.match(back.text, /<textarea id="skipNetworks"[^>]*>192\.168\.40\.0\/24<\/textarea>/);
    assert.match(back.text, /value="sms" checked/);
    assert.doesNotMatch(back.text, /value="totp" checked/);
    assert.match(back.text, /name="expectedVersion" value="0"/);
    assert.equal((await env.twoStep.organisations.get('riverside')).version, 0, 'showing the draft saves nothing');

    const again = await agent.get(SETTINGS).set('Accept', 'text/html');
    assert.doesNotMatch(again.text, /not saved yet/, 'the draft is shown once');
    assert.match(again.text, /id="enforcement-off" name="enforcement" value="off" checked/);

    const saved = await agent.post(SETTINGS).type('form').send(typed);
    assert.equal(saved.status, 303);
    const record = await env.twoStep.organisations.get('riverside');
    assert.deepEqual([record.enforcement, record.graceDays, record.allowedMethods, record.skipNetworks, record.trustedDeviceDays], ['all', 7, ['email', 'sms'], ['192.168.40.0/24'], 14]);
  });

  it('kept 15 minutes at most, for that organisation only, and never in another person\'s session', async () => {
    const { env, agent, reverify } = await staleAdmin();
    await agent.post(SETTINGS).type('form').send(typed);
    env.clock.advanceSeconds(15 * 60 + 1);
    await reverify();
    assert.doesNotMatch((await agent.get(SETTINGS).set('Accept', 'text/html')).text, /not saved yet/, 'an old draft is not shown');

    env.clock.advanceSeconds(301);
    await agent.post(SETTINGS).type('form').send(typed);
    const other = await agent.get('/admin/2fa/organisations/hillside/settings').set('Accept', 'text/html');
    assert.equal(other.status, 403, 'alice does not administer Hillside');
    const bob = await signedInWithApp(env.app, env.clock, 'bob');
    assert.doesNotMatch((await bob.agent.get('/2fa').set('Accept', 'text/html')).text, /not saved yet/);
    await reverify();
    assert.match((await agent.get(SETTINGS).set('Accept', 'text/html')).text, /not saved yet/, 'still hers');
  });

  it('a form too big to keep (over 32 KiB, with bodyLimitBytes raised) is not kept: the stored settings are shown, nothing is saved', async () => {
    const { env, agent, reverify } = await staleAdmin({ bodyLimitBytes: 256 * 1024 });
    const hex = (i: number) => i.toString(16).padStart(4, '0');
    const huge = { ...typed, skipNetworks: Array.from({ length: 1000 }, (_, i) => `2001:0db8:${hex(i)}:${hex(i)}:0000:0000:0000:0000/64`).join('\n') };
    assert.ok(huge.skipNetworks.length > 32 * 1024);
    assert.equal((await agent.post(SETTINGS).type('form').send(huge)).status, 303);
    await reverify();
    const back = await agent.get(SETTINGS).set('Accept', 'text/html');
    assert.doesNotMatch(back.text, /not saved yet/);
    assert.equal((await env.twoStep.organisations.get('riverside')).version, 0);
  });
});
