export { enrolmentStoreContract } from './enrolment-store-contract.js';
export type { EnrolmentStoreUnderTest } from './enrolment-store-contract.js';
