import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { TwoStepConfigError } from '../src/errors.ts';
import { storeContract } from '../src/testing/index.ts';
import { memoryStore } from '../src/backends/memory-store.ts';

storeContract('memory', async () => {
  const store = memoryStore();
  return { store, cleanup: async () => store.close?.() };
});

describe('memoryStore', () => {
  function withNodeEnv<T>(value: string | undefined, run: () => T): T {
    const saved = process.env.NODE_ENV;
    if (value === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = value;
    try {
      return run();
    } finally {
      if (saved === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = saved;
    }
  }

  it('is refused in production, with the reason and the fix', () => {
    assert.throws(
      () => withNodeEnv('production', () => memoryStore()),
      (error: unknown) =>
        error instanceof TwoStepConfigError && /production/.test(error.message) && /redisStore/.test(error.message),
    );
  });

  it('is allowed in production only when asked for by name', async () => {
    const store = withNodeEnv('production', () => memoryStore({ dangerouslyAllowInProduction: true }));
    await store.close?.();
  });

  it('rejects a nonsensical sweep interval', () => {
    assert.throws(() => memoryStore({ sweepIntervalSeconds: 0 }), TwoStepConfigError);
  });

  it('sweeps expired entries so memory stays bounded (100,000 users)', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const heap = () => {
      gc();
      return process.memoryUsage().heapUsed;
    };
    const T0 = 1_700_000_000_000;
    const lockout = { maxAttempts: 5, lockSeconds: 60 };
    const store = memoryStore({ sweepIntervalSeconds: 0.05 });
    const before = heap();
    for (let i = 0; i < 100_000; i++) {
      const userId = `user-${i}`;
      await store.issueCode({ userId, purpose: 'login', codeHash: `hash-${i}-`.padEnd(64, 'x'), nowMs: T0, ttlSeconds: 600, cooldownSeconds: 30, maxSendsPerHour: 10 });
      await store.recordFailure({ userId, nowMs: T0, lockout });
    }
    const filled = heap() - before;
    assert.ok(filled > 20_000_000, `100,000 users should take real memory, took ${filled} bytes`);
    // One call two hours later moves the sweep's clock; the sweep does the rest.
    await store.getLockState('someone-else', T0 + 2 * 3_600_000);
    await sleep(200);
    const left = heap() - before;
    assert.ok(left < filled / 20, `after the sweep ${left} bytes are left of ${filled}`);
    await store.close?.();
  });
});
