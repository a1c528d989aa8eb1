/**
 * Redis-only deployments keep enrolments in Redis. In production the server is asked
 * first: an evicting Redis is refused with the fix named, one that keeps nothing on disk
 * is warned about, and a Redis that refuses CONFIG is reported, never silently trusted.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { redisEnrolments, redisStore, TwoStepConfigError } from '../src/index.ts';
import { useTestRedis } from './support/redis-fixture.ts';
import { logIn, makeTestApp, manualClock } from './support/test-app.ts';
import request from 'supertest';

const redis = useTestRedis();

function captureWarnings(): { messages: string[]; restore(): void } {
  const messages: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => void messages.push(args.map(String).join(' '));
  return { messages, restore: () => void (console.warn = original) };
}

describe('enrolments kept in Redis (no database)', () => {
  afterEach(async () => {
    await redis.client.config('SET', 'maxmemory-policy', 'noeviction');
    await redis.client.config('SET', 'appendonly', 'no');
  });

  it('refuses allkeys-* eviction in production, at ready() and on every sign-in (503), with the fix named', async () => {
    await redis.client.config('SET', 'maxmemory-policy', 'allkeys-lru');
    const enrolments = redisEnrolments(redis.client, { checkPersistence: true });
    await assert.rejects(enrolments.prepare!(), (error: unknown) =>
      error instanceof TwoStepConfigError && /allkeys-lru/.test(error.message) && /noeviction/.test(error.message) && /postgresEnrolments/.test(error.message));
    const { app, twoStep } = makeTestApp(redisStore(redis.client), manualClock(), { enrolments });
    await assert.rejects(twoStep.ready(), TwoStepConfigError);
    const agent = request.agent(app);
    const warnings = captureWarnings();
    try {
      assert.equal((await logIn(agent, 'bob')).status, 503, 'no sign-in reads an enrolment Redis may have evicted');
    } finally {
      warnings.restore();
    }
  });

  it('NODE_ENV=production turns the check on by default; noeviction with persistence passes quietly', async () => {
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await redis.client.config('SET', 'maxmemory-policy', 'volatile-lru');
      await redis.client.config('SET', 'appendonly', 'yes');
      const warnings = captureWarnings();
      try {
        await redisStore(redis.client).defaultEnrolments!().prepare!();
      } finally {
        warnings.restore();
      }
      assert.deepEqual(warnings.messages, []);
      await redis.client.config('SET', 'maxmemory-policy', 'allkeys-random');
      await assert.rejects(redisStore(redis.client).defaultEnrolments!().prepare!(), /allkeys-random/);
    } finally {
      process.env.NODE_ENV = previous;
    }
  });

  it('warns when Redis keeps nothing on disk', async () => {
    await redis.client.config('SET', 'appendonly', 'no');
    await redis.client.config('SET', 'save', '');
    const warnings = captureWarnings();
    try {
      await redisEnrolments(redis.client, { checkPersistence: true }).prepare!();
    } finally {
      warnings.restore();
    }
    assert.equal(warnings.messages.length, 1);
    assert.match(warnings.messages[0]!, /keeps nothing on disk.*appendonly yes/);
  });

  it('says so when the server refuses CONFIG (managed Redis), and goes on', async () => {
    await redis.client.call('ACL', 'SETUSER', 'noconfig', 'on', 'nopass', '~*', '&*', '+@all', '-config');
    const { Redis } = await import('ioredis');
    const limited = new Redis(redis.server.url, { username: 'noconfig', password: 'x', lazyConnect: true, maxRetriesPerRequest: 1 });
    limited.on('error', () => {});
    await limited.connect();
    const warnings = captureWarnings();
    try {
      await redisEnrolments(limited, { checkPersistence: true }).prepare!();
    } finally {
      warnings.restore();
      limited.disconnect();
      await redis.client.call('ACL', 'DELUSER', 'noconfig');
    }
    assert.equal(warnings.messages.length, 1);
    assert.match(warnings.messages[0]!, /CONFIG GET was refused/);
  });
});
