export { enrolmentStoreContract } from './enrolment-store-contract.js';
export type { EnrolmentStoreUnderTest } from './enrolment-store-contract.js';
export { organisationSettingsStoreContract } from './organisation-settings-contract.js';
export type { OrganisationSettingsStoreUnderTest } from './organisation-settings-contract.js';
