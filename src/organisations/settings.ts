/**
 * What an organisation's administrator decides about two-step verification, as data: the
 * records kept by the organisation settings store (`./types.ts`). Checked before every
 * write by `core/organisation-settings-check.ts`; the store keeps them as given.
 */
import type { MethodType } from '../enrolments/records.js';

/** Who in the organisation must use a second factor: nobody, everybody, or the users holding one of these roles. */
export type Enforcement = 'off' | 'all' | { roles: string[] };

export interface OrganisationSettings {
  enforcement: Enforcement;
  /** Days a newly required user may still skip setting up (0: setup is forced at once). */
  graceDays: number;
  /** The methods its users may set up and receive codes by (never empty). */
  allowedMethods: MethodType[];
  /** CIDR ranges (or single addresses) from which its users skip the second step. */
  skipNetworks: string[];
  /** How long "remember this browser" lasts, in days; 0 turns it off. */
  trustedDeviceDays: number;
}

/** The stored settings with who changed them last. `version` moves by one on every write; the first is 1. */
export interface OrganisationSettingsRecord extends OrganisationSettings {
  version: number;
  /** Epoch ms of the last change. */
  updatedAt: number;
  /** The administrator (or process) that made the last change. */
  updatedBy: string;
}

/** One entry of the append-only history: the change that made `version`. */
export interface OrganisationSettingsChange {
  version: number;
  /** Epoch ms. */
  at: number;
  by: string;
  /** The settings before the change; null for the first write. */
  before: OrganisationSettings | null;
  after: OrganisationSettings;
}

/** An organisation nobody configured: nothing enforced, every method, no skipped network. */
export function defaultOrganisationSettings(): OrganisationSettings {
  return { enforcement: 'off', graceDays: 0, allowedMethods: ['totp', 'email', 'sms', 'webauthn'], skipNetworks: [], trustedDeviceDays: 30 };
}

/** The five decided fields of a record, without its bookkeeping (what the history keeps). */
export function settingsOf(record: OrganisationSettings): OrganisationSettings {
  return {
    enforcement: record.enforcement,
    graceDays: record.graceDays,
    allowedMethods: record.allowedMethods,
    skipNetworks: record.skipNetworks,
    trustedDeviceDays: record.trustedDeviceDays,
  };
}
