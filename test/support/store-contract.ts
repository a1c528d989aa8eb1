/**
 * The one contract every `TwoStepStore` passes (memory and Redis alike), run by
 * test/store-*.test.ts. The parts live in `store-contract/`, one concern each; this entry
 * makes a fresh store before every test and runs them all.
 */
import { afterEach, beforeEach, describe } from 'node:test';
import type { TwoStepStore } from '../../src/backends/types.ts';
import { codesContract } from './store-contract/codes.ts';
import { concurrencyContract } from './store-contract/concurrency.ts';
import { setCurrentStore } from './store-contract/current-store.ts';
import { lockoutContract } from './store-contract/lockout.ts';
import { resetUserContract } from './store-contract/reset-user.ts';
import { totpSettleContract } from './store-contract/totp-settle.ts';
import { trustedDevicesContract } from './store-contract/trusted-devices.ts';
import { userIsolationContract } from './store-contract/user-isolation.ts';
import { webAuthnChallengesContract } from './store-contract/webauthn-challenges.ts';
import { windowsContract } from './store-contract/windows.ts';
import { attemptWindowsContract } from './store-contract/attempt-windows.ts';

export interface StoreUnderTest {
  store: TwoStepStore;
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
    totpSettleContract();
    codesContract();
    trustedDevicesContract();
    resetUserContract();
    userIsolationContract();
    concurrencyContract();
    webAuthnChallengesContract();
    windowsContract();
    attemptWindowsContract();
  });
}
