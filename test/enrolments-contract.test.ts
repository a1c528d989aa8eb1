/**
 * One contract (exported as `twostep/testing`) run against every enrolment store we ship:
 * memory, Redis (for Redis-only deployments) and PostgreSQL.
 */
import { memoryEnrolments, postgresEnrolments, redisEnrolments } from '../src/index.ts';
import { enrolmentStoreContract } from '../src/testing/index.ts';
import { usePostgres } from './support/postgres-fixture.ts';
import { useTestRedis } from './support/redis-fixture.ts';

const redis = useTestRedis();
const postgres = usePostgres();

enrolmentStoreContract('memory', async () => ({ store: memoryEnrolments() }));

enrolmentStoreContract('redis', async () => {
  await redis.server.flush();
  return { store: redisEnrolments(redis.client, { checkPersistence: false }) };
});

enrolmentStoreContract('postgres', async () => {
  const store = postgresEnrolments(postgres.pool);
  await store.createSchema();
  return { store, cleanup: () => postgres.truncate() };
});

enrolmentStoreContract('postgres, schema-qualified table names', async () => {
  const store = postgresEnrolments(postgres.pool, { tables: { enrolments: `${postgres.schema}.Enrolments2`, recoveryCodes: `${postgres.schema}.codes2` } });
  await store.createSchema();
  return { store, cleanup: () => postgres.truncate() };
});
