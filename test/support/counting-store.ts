import { memoryStore, type TwoStepStore } from '../../src/index.js';

/** The real memory store, counting every call made through it (a test of "no store call"). */
export function countingStore(): { store: TwoStepStore; calls: () => number; reset: () => void } {
  const real = memoryStore();
  let calls = 0;
  const store = new Proxy(real, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? (...args: unknown[]) => { calls += 1; return value.apply(target, args); } : value;
    },
  });
  return { store, calls: () => calls, reset: () => { calls = 0; } };
}
