/**
 * One contract (exported as `twostep/testing`) run against every organisation settings store
 * we ship: memory, Redis (on a real redis-server) and PostgreSQL (on a real server, this
 * file's own schema), with default and schema-qualified table names.
 */
import { memoryOrganisationSettings, postgresOrganisationSettings, redisOrganisationSettings } from '../src/index.ts';
import { organisationSettingsStoreContract } from '../src/testing/index.ts';
import { usePostgres } from './support/postgres-fixture.ts';
import { useTestRedis } from './support/redis-fixture.ts';

const redis = useTestRedis();
const postgres = usePostgres();

organisationSettingsStoreContract('memory', async () => ({ store: memoryOrganisationSettings() }));

organisationSettingsStoreContract('redis', async () => {
  await redis.server.flush();
  return { store: redisOrganisationSettings(redis.client, { checkPersistence: false }) };
});

organisationSettingsStoreContract('postgres', async () => {
  const store = postgresOrganisationSettings(postgres.pool);
  await store.createSchema();
  return { store, cleanup: () => postgres.truncate() };
});

organisationSettingsStoreContract('postgres, schema-qualified table names', async () => {
  const store = postgresOrganisationSettings(postgres.pool, { tables: { settings: `${postgres.schema}.OrgSettings2`, history: `${postgres.schema}.org_history2` } });
  await store.createSchema();
  return { store, cleanup: () => postgres.truncate() };
});
