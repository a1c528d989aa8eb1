/**
 * The contract every counters store (`TwoStepStore`) passes — `memoryStore()` and
 * `redisStore()` here, and any store an app writes. It registers `node:test` tests:
 *
 *   import { storeContract } from 'twostep/testing';
 *   storeContract('my store', async () => ({ store: myStore(), cleanup: () => myStore.flush() }));
 *
 * and run it with `node --test`. The parts live in `store-contract/`, one concern each; this
 * entry makes a fresh store before every test and runs them all.
 */
import { afterEach, beforeEach, describe } from 'node:test';
import type { TwoStepStore } from '../backends/types.js';
import { codesContract } from './store-contract/codes.js';
import { concurrencyContract } from './store-contract/concurrency.js';
import { setCurrentStore } from './store-contract/current-store.js';
import { lockoutContract } from './store-contract/lockout.js';
import { resetUserContract } from './store-contract/reset-user.js';
import { totpStepContract } from './store-contract/totp-steps.js';
import { trustedDevicesContract } from './store-contract/trusted-devices.js';
import { userIsolationContract } from './store-contract/user-isolation.js';
import { webAuthnChallengesContract } from './store-contract/webauthn-challenges.js';
import { windowsContract } from './store-contract/windows.js';
import { attemptWindowsContract } from './store-contract/attempt-windows.js';
import { signInsContract } from './store-contract/sign-ins.js';

export interface StoreUnderTest {
  store: TwoStepStore;
  /** Drops what the test wrote and closes what the store opened. */
  cleanup(): Promise<void>;
}

export function storeContract(name: string, makeStore: () => Promise<StoreUnderTest>): void {
  describe(`${name} store contract`, () => {
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      const made = await makeStore();
      setCurrentStore(made.store);
      cleanup = made.cleanup;
    });
    afterEach(async () => {
      await cleanup();
    });

    lockoutContract();
    totpStepContract();
    codesContract();
    trustedDevicesContract();
    resetUserContract();
    userIsolationContract();
    concurrencyContract();
    webAuthnChallengesContract();
    windowsContract();
    attemptWindowsContract();
    signInsContract();
  });
}
