/**
 * Organisation settings store: the durable home of what administrators decide (see
 * `./settings.ts`). It decides who must verify, so it is kept like enrolments — in the app's
 * database (`postgresOrganisationSettings(pool)`), or in a Redis that never evicts, or in
 * memory for development.
 *
 * An adapter on another database implements these methods and proves itself with
 * `organisationSettingsStoreContract` from `twostep/testing`. Rules every adapter keeps:
 * - `write` is serialised per organisation: the stored record and the history entry it adds
 *   are written together, and `before` of the entry is exactly what the write replaced. So
 *   however many writes race, the record is one of them whole, and the history has one entry
 *   per applied write, each `before` equal to the previous `after`.
 * - With `expectedVersion`, a write is compare-and-set: refused (answer `null`), changing
 *   nothing, unless the stored version is still that one (0: no record yet).
 * - The history is append-only: nothing rewrites or drops an entry.
 * - Any failure to get an answer rejects with `StoreUnavailableError`; `read` answers null
 *   only for an organisation never written. A sign-in that cannot read settings answers 503.
 * Settings are stored as given: `write` is only ever called with settings that passed
 * `checkOrganisationSettings`.
 */
import type { OrganisationSettings, OrganisationSettingsChange, OrganisationSettingsRecord } from './settings.js';

export interface SettingsWriteOptions {
  /** Who makes the change (an administrator's id). */
  by: string;
  /** Epoch ms of the change. */
  at: number;
  /** Apply only if the stored version is still this one (0: none stored yet). */
  expectedVersion?: number;
}

export interface SettingsHistoryOptions {
  /** At most this many entries, newest first. @default 50 */
  limit?: number;
  /** Only entries older than this version (the next page: the last version seen). */
  beforeVersion?: number;
}

export interface OrganisationSettingsStore {
  /** The organisation's settings, or null when none were ever written. */
  read(orgId: string): Promise<OrganisationSettingsRecord | null>;
  /** Several organisations at once (a user's, at sign-in), in one round trip where the backend can; absent ids are left out. */
  readMany(orgIds: readonly string[]): Promise<Map<string, OrganisationSettingsRecord>>;
  /** Replaces the settings and appends the change to the history; answers the new record, or null when `expectedVersion` no longer holds. */
  write(orgId: string, settings: OrganisationSettings, options: SettingsWriteOptions): Promise<OrganisationSettingsRecord | null>;
  /** The changes, newest first. */
  history(orgId: string, options?: SettingsHistoryOptions): Promise<OrganisationSettingsChange[]>;
  /** Checks the backend is fit for use (tables present); called by `twoStep.ready()`. */
  prepare?(): Promise<void>;
  /** Releases what the store owns (never the caller's pool or client). */
  close?(): Promise<void>;
}

/** The history page size when none is asked for, and the most one call answers. */
export const DEFAULT_HISTORY_LIMIT = 50;
export const MAX_HISTORY_LIMIT = 1000;

/** A history page request made safe: a whole number of entries between 1 and the maximum. */
export function historyWindow(options: SettingsHistoryOptions = {}): { limit: number; beforeVersion: number | null } {
  const limit = Number.isInteger(options.limit) && options.limit! > 0 ? Math.min(options.limit!, MAX_HISTORY_LIMIT) : DEFAULT_HISTORY_LIMIT;
  const beforeVersion = Number.isInteger(options.beforeVersion) && options.beforeVersion! > 0 ? options.beforeVersion! : null;
  return { limit, beforeVersion };
}
