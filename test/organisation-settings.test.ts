/**
 * Organisation settings as an administrator changes them: the one validator (field-level
 * messages, the bad network entry named, nothing saved), the change applied on the version it
 * was computed from (20 parallel conflicting changes on real PostgreSQL and real Redis keep a
 * consistent record and a complete history), the shipped schema, and an unreachable store
 * failing closed.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import pg from 'pg';
import {
  StoreUnavailableError, TwoStepConfigError, TwoStepError, checkOrganisationSettings,
  memoryOrganisationSettings, postgresOrganisationSettings, redisOrganisationSettings, type OrganisationSettingsStore,
} from '../src/index.ts';
import { organisationSettingsApi } from '../src/core/organisation-settings.ts';
import { defaultOrganisationSettings } from '../src/organisations/settings.ts';
import { usePostgres } from './support/postgres-fixture.ts';
import { useTestRedis } from './support/redis-fixture.ts';
import { startStallingProxy } from './support/stalling-proxy.ts';

const redis = useTestRedis();
const postgres = usePostgres();
const T0 = 1_800_000_000_000;

function fieldsOf(error: unknown): Record<string, string> {
  assert.ok(error instanceof TwoStepError, `a TwoStepError, got ${String(error)}`);
  assert.equal(error.code, 'invalid_settings');
  assert.equal(error.status, 400);
  return Object.fromEntries(error.details.fields!.map((f) => [f.field, f.message]));
}

describe('checkOrganisationSettings: one validator, messages a practice manager can act on', () => {
  it('accepts every documented shape and normalises lists', () => {
    const check = checkOrganisationSettings({
      enforcement: { roles: [' Front desk ', 'Vets', 'Vets'] }, graceDays: 14, allowedMethods: ['webauthn', 'email', 'email'],
      skipNetworks: [' 203.0.113.0/24', '2001:db8::/32', '198.51.100.7', '203.0.113.0/24'], trustedDeviceDays: 0,
    });
    assert.deepEqual(check, { ok: true, settings: {
      enforcement: { roles: ['Front desk', 'Vets'] }, graceDays: 14, allowedMethods: ['email', 'webauthn'],
      skipNetworks: ['203.0.113.0/24', '2001:db8::/32', '198.51.100.7'], trustedDeviceDays: 0,
    } });
    assert.equal(checkOrganisationSettings(defaultOrganisationSettings()).ok, true);
    assert.equal(checkOrganisationSettings({ ...defaultOrganisationSettings(), enforcement: 'all', trustedDeviceDays: 30 }).ok, true);
  });

  it('names every bad field at once, the bad network entry by position and text', () => {
    const check = checkOrganisationSettings({
      enforcement: 'everyone', graceDays: -1, allowedMethods: ['email', 'carrier-pigeon'],
      skipNetworks: ['10.0.0.0/8', '10.0.0.0/33', '192.168.001.0/24', 'office'], trustedDeviceDays: 31, colour: 'blue',
    });
    assert.equal(check.ok, false);
    const fields = Object.fromEntries((check as { errors: { field: string; message: string }[] }).errors.map((e) => [e.field, e.message]));
    assert.deepEqual(Object.keys(fields).sort(), ['allowedMethods', 'colour', 'enforcement', 'graceDays', 'skipNetworks[1]', 'skipNetworks[2]', 'skipNetworks[3]', 'trustedDeviceDays']);
    assert.match(fields.enforcement!, /"off" \(nobody\), "all" \(every user\)/);
    assert.match(fields.graceDays!, /whole number of days from 0 to 365, not -1/);
    assert.match(fields.allowedMethods!, /"carrier-pigeon" is not a method; choose from "totp" \(an authenticator app\), "email" \(email codes\)/);
    assert.match(fields['skipNetworks[1]']!, /^Entry 2: "10\.0\.0\.0\/33" has prefix \/33; IPv4 prefixes go from \/0 to \/32/);
    assert.match(fields['skipNetworks[2]']!, /"192\.168\.001\.0\/24" is not a dotted-decimal IPv4 range .*without leading zeros/);
    assert.match(fields['skipNetworks[3]']!, /"office"/);
    assert.match(fields.trustedDeviceDays!, /0 to 30, not 31/);
    assert.match(fields.colour!, /"colour" is not a setting/);
  });

  it('refuses an empty method list, an empty or malformed group list, non-lists and non-objects', () => {
    const base = defaultOrganisationSettings();
    const only = (input: unknown) => (checkOrganisationSettings(input) as { errors: { field: string }[] }).errors.map((e) => e.field);
    assert.deepEqual(only({ ...base, allowedMethods: [] }), ['allowedMethods']);
    assert.deepEqual(only({ ...base, enforcement: { roles: [] } }), ['enforcement']);
    assert.deepEqual(only({ ...base, enforcement: { roles: ['ok', '', 7] } }), ['enforcement.roles[1]', 'enforcement.roles[2]']);
    assert.deepEqual(only({ ...base, enforcement: { roles: ['a'], all: true } }), ['enforcement']);
    assert.deepEqual(only({ ...base, skipNetworks: '10.0.0.0/8' }), ['skipNetworks']);
    assert.deepEqual(only({ ...base, graceDays: 1.5 }), ['graceDays']);
    assert.deepEqual(only(null), ['']);
    assert.deepEqual(only([]), ['']);
  });
});

const backends: [string, () => Promise<OrganisationSettingsStore>][] = [
  ['memory', async () => memoryOrganisationSettings()],
  ['redis', async () => redisOrganisationSettings(redis.client, { checkPersistence: false })],
  ['postgres', async () => {
    await postgres.truncate();
    const store = postgresOrganisationSettings(postgres.pool);
    await store.createSchema();
    return store;
  }],
];

for (const [name, make] of backends) {
  describe(`organisation settings API on ${name}`, () => {
    it('an unconfigured organisation reads as the defaults at version 0; a change keeps the other fields, who and when', async () => {
      let now = T0;
      const api = organisationSettingsApi(await make(), () => now);
      assert.deepEqual(await api.get('clinic'), { ...defaultOrganisationSettings(), version: 0, updatedAt: 0, updatedBy: '' });
      await api.update('clinic', { enforcement: 'all', graceDays: 7 }, { by: 'manager-1' });
      now += 60_000;
      const record = await api.update('clinic', { allowedMethods: ['email'] }, { by: 'manager-2' });
      assert.deepEqual(record, { ...defaultOrganisationSettings(), enforcement: 'all', graceDays: 7, allowedMethods: ['email'], version: 2, updatedAt: T0 + 60_000, updatedBy: 'manager-2' });
      assert.deepEqual(await api.get('clinic'), record);
      const history = await api.history('clinic');
      assert.deepEqual(history.map((c) => [c.version, c.by, c.at]), [[2, 'manager-2', T0 + 60_000], [1, 'manager-1', T0]]);
      assert.deepEqual(history[0]!.before, { ...defaultOrganisationSettings(), enforcement: 'all', graceDays: 7 });
    });

    it('a bad network entry is named and nothing is saved: not the record, not the history', async () => {
      const api = organisationSettingsApi(await make(), () => T0);
      await api.update('clinic', { skipNetworks: ['203.0.113.0/24'] }, { by: 'manager' });
      const error = await api.update('clinic', { enforcement: 'all', skipNetworks: ['203.0.113.0/24', '10.1.2.0/240'] }, { by: 'manager' }).catch((e: unknown) => e);
      assert.deepEqual(Object.keys(fieldsOf(error)), ['skipNetworks[1]']);
      assert.match((error as Error).message, /^The settings were not saved: Entry 2: "10\.1\.2\.0\/240" has prefix \/240/);
      assert.deepEqual(await api.get('clinic'), { ...defaultOrganisationSettings(), skipNetworks: ['203.0.113.0/24'], version: 1, updatedAt: T0, updatedBy: 'manager' });
      assert.equal((await api.history('clinic')).length, 1);
    });

    it('a change made against a version that moved on is refused with edit_conflict and saves nothing', async () => {
      const api = organisationSettingsApi(await make(), () => T0);
      await api.update('clinic', { graceDays: 3 }, { by: 'a', expectedVersion: 0 });
      await api.update('clinic', { graceDays: 4 }, { by: 'b', expectedVersion: 1 });
      const error = await api.update('clinic', { enforcement: 'all' }, { by: 'c', expectedVersion: 1 }).catch((e: unknown) => e);
      assert.ok(error instanceof TwoStepError && error.code === 'edit_conflict' && error.status === 409, String(error));
      assert.deepEqual([(await api.get('clinic')).enforcement, (await api.get('clinic')).version], ['off', 2]);
    });

    it('refuses a change without an administrator, or for a malformed organisation id, with invalid_request', async () => {
      const api = organisationSettingsApi(await make(), () => T0);
      for (const attempt of [
        () => api.update('clinic', { graceDays: 1 }, { by: '' }),
        () => api.update('clinic', { graceDays: 1 }, undefined as never),
        () => api.update('', { graceDays: 1 }, { by: 'a' }),
        () => api.get('x'.repeat(201)),
      ]) {
        const error = await attempt().catch((e: unknown) => e);
        assert.ok(error instanceof TwoStepError && error.code === 'invalid_request', String(error));
      }
      assert.equal((await api.history('clinic')).length, 0);
    });

    it('20 parallel conflicting changes: every one applied on the newest, a consistent record and a complete history', async () => {
      let tick = T0;
      const api = organisationSettingsApi(await make(), () => (tick += 1));
      await api.update('clinic', { enforcement: 'all' }, { by: 'first' });
      // Half change one field, half another: a change applied over a version it never saw would undo another's field.
      const patches = new Map(Array.from({ length: 20 }, (_, i) => [`admin-${i + 1}`, i % 2 === 0 ? { graceDays: i + 1 } : { trustedDeviceDays: i + 1 }]));
      const results = await Promise.all([...patches].map(([by, patch]) => api.update('clinic', patch, { by })));
      assert.deepEqual(results.map((r) => r.version).sort((a, b) => a - b), Array.from({ length: 20 }, (_, i) => i + 2));
      const record = await api.get('clinic');
      const history = await api.history('clinic', { limit: 100 });
      assert.equal(history.length, 21, 'one entry per change');
      assert.equal(record.version, 21);
      // Replay the history in order, applying each administrator's own change: every entry is exactly that.
      let model = { ...defaultOrganisationSettings(), enforcement: 'all' as const };
      [...history].reverse().forEach((change, i, oldestFirst) => {
        assert.equal(change.version, i + 1);
        if (i === 0) return assert.deepEqual(change.after, model);
        assert.deepEqual(change.before, oldestFirst[i - 1]!.after, `entry ${i + 1} starts where entry ${i} ended`);
        model = { ...model, ...patches.get(change.by) };
        assert.deepEqual(change.after, model, `entry ${i + 1} is ${change.by}'s change on the newest settings`);
      });
      assert.deepEqual(record, { ...model, version: 21, updatedAt: history[0]!.at, updatedBy: history[0]!.by }, 'the record is the end of the history');
      assert.deepEqual(history.slice(0, 20).map((c) => c.by).sort(), [...patches.keys()].sort());
    });
  });
}

describe('organisation settings on PostgreSQL: schema and failures', () => {
  it('the shipped sql/enrolments.sql creates the settings tables, and matches organisationSettingsSchemaSql()', async () => {
    const shipped = readFileSync(new URL('../sql/enrolments.sql', import.meta.url), 'utf8');
    const { organisationSettingsSchemaSql } = await import('../src/index.ts');
    const statements = (text: string) => text.split('\n').filter((line) => !line.startsWith('--')).join('\n');
    assert.ok(statements(shipped).includes(organisationSettingsSchemaSql().trim()), 'the file holds the DDL the code makes');
    const schema = `${postgres.schema}_shipped`;
    const admin = new pg.Client({ connectionString: postgres.url });
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA ${schema}; SET search_path = ${schema}; ${shipped}`);
    } finally {
      await admin.end();
    }
    const pool = postgres.makePool({ options: `-c search_path=${schema}` });
    try {
      const store = postgresOrganisationSettings(pool);
      await store.prepare!();
      assert.equal((await store.write('clinic', defaultOrganisationSettings(), { by: 'a', at: T0 }))?.version, 1);
    } finally {
      await pool.query(`DROP SCHEMA ${schema} CASCADE`);
      await pool.end();
    }
  });

  it('prepare() names the fix when the tables are missing; bad table names are refused at construction', async () => {
    const pool = postgres.makePool({ options: '-c search_path=nowhere_at_all' });
    try {
      await assert.rejects(postgresOrganisationSettings(pool).prepare!(), /organisation settings tables cannot be read .*createSchema\(\), or run node_modules\/twostep\/sql\/enrolments\.sql/);
    } finally {
      await pool.end();
    }
    assert.throws(() => postgresOrganisationSettings(postgres.pool, { tables: { settings: 'x; DROP TABLE y' } }), (e: unknown) =>
      e instanceof TwoStepConfigError && /option "tables\.settings" must be a table name or schema\.table/.test(e.message));
    assert.throws(() => postgresOrganisationSettings({ query: async () => ({ rows: [], rowCount: 0 }) } as never), TwoStepConfigError);
  });

  it('an unreachable or stalled database rejects with StoreUnavailableError within the deadline, never "no settings"', async () => {
    const dead = postgres.makePool({ port: 1, connectionTimeoutMillis: 300 });
    const closed = postgresOrganisationSettings(dead);
    await assert.rejects(closed.read('clinic'), StoreUnavailableError);
    await assert.rejects(closed.readMany(['clinic']), StoreUnavailableError);
    await assert.rejects(closed.write('clinic', defaultOrganisationSettings(), { by: 'a', at: T0 }), StoreUnavailableError);
    await dead.end();

    const url = new URL(postgres.url);
    const proxy = await startStallingProxy({ host: url.hostname, port: Number(url.port) });
    const pool = postgres.makePool({ port: proxy.port });
    const stalled = postgresOrganisationSettings(pool, { timeoutSeconds: 0.3 });
    await stalled.createSchema();
    proxy.stall();
    const started = Date.now();
    await assert.rejects(stalled.read('clinic'), StoreUnavailableError);
    assert.ok(Date.now() - started < 1000, 'answered within the deadline');
    await proxy.close();
    await pool.end().catch(() => {});
  });

  it('Redis away: StoreUnavailableError, never "no settings"', async () => {
    const { Redis } = await import('ioredis');
    const client = new Redis({ port: 1, lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => {});
    const store = redisOrganisationSettings(client, { checkPersistence: false, timeoutSeconds: 0.5 });
    await assert.rejects(store.read('clinic'), StoreUnavailableError);
    await assert.rejects(store.write('clinic', defaultOrganisationSettings(), { by: 'a', at: T0 }), StoreUnavailableError);
    client.disconnect();
  });
});
