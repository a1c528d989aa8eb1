/**
 * `twostep/testing`: for an app's own tests and for proving a store, never for production
 * code. Every name is listed in docs/api.md (test/public-face.test.ts keeps the two equal).
 */

// The contract suites a store passes (run with `node --test`).
export { storeContract } from './store-contract.js';
export type { StoreUnderTest } from './store-contract.js';
export { enrolmentStoreContract } from './enrolment-store-contract.js';
export type { EnrolmentStoreUnderTest } from './enrolment-store-contract.js';
export { organisationSettingsStoreContract } from './organisation-settings-contract.js';
export type { OrganisationSettingsStoreUnderTest } from './organisation-settings-contract.js';

// Answering the second step the way a user would.
export { generateTotp } from '../methods/totp.js';
export { parseRecoveryCode, RECOVERY_CODE_ENTROPY_BITS } from '../methods/code-format.js';

// Behind the public face.
export { internalsOf } from '../create-two-step.js';
export type { TwoStepInternals } from '../create-two-step.js';
