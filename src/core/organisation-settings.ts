/**
 * Reading and changing an organisation's settings, for the programmatic API (and the admin
 * pages later): every change is checked whole by `checkOrganisationSettings` before the store
 * sees it — a refused change saves nothing — and is applied on the version it was computed
 * from, so two administrators editing at once are applied one after the other, never one
 * over the other.
 */
import type { Clock } from '../clock.js';
import { TwoStepError } from '../errors.js';
import { defaultOrganisationSettings, settingsOf, type OrganisationSettings, type OrganisationSettingsChange, type OrganisationSettingsRecord } from '../organisations/settings.js';
import type { OrganisationSettingsStore, SettingsHistoryOptions } from '../organisations/types.js';
import { checkOrganisationSettings } from './organisation-settings-check.js';

export interface SettingsUpdateOptions {
  /** The administrator making the change: kept in the record and its history. */
  by: string;
  /**
   * The version the change was made against (what `get` answered, what a form showed). When
   * the settings moved on since, nothing is saved and `edit_conflict` (409) is thrown, so
   * nobody overwrites a change they never saw. Without it the change applies to the newest.
   */
  expectedVersion?: number;
}

export interface OrganisationSettingsApi {
  /** The settings (defaults, at version 0, for an organisation nobody configured). */
  get(orgId: string): Promise<OrganisationSettingsRecord>;
  /** Changes the given fields; throws `invalid_settings` (400) naming each bad field, saving nothing. */
  update(orgId: string, changes: Partial<OrganisationSettings>, options: SettingsUpdateOptions): Promise<OrganisationSettingsRecord>;
  /** The changes, newest first (`limit`, `beforeVersion` to page). */
  history(orgId: string, options?: SettingsHistoryOptions): Promise<OrganisationSettingsChange[]>;
}

/** How many times a change computed on a version another write overtook is computed again. */
const MAX_TRIES = 40;
const MAX_ID_LENGTH = 200;

function checkId(what: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ID_LENGTH) {
    throw new TwoStepError('invalid_request', `The ${what} must be a text of 1 to ${MAX_ID_LENGTH} characters.`);
  }
  return value;
}

export function unconfiguredRecord(): OrganisationSettingsRecord {
  return { ...defaultOrganisationSettings(), version: 0, updatedAt: 0, updatedBy: '' };
}

export function organisationSettingsApi(
  store: OrganisationSettingsStore,
  clock: Clock,
  /** Awaited before `update` answers: when it does, every process has been told (see `settings-cache.ts`). */
  changed: (orgId: string, before: OrganisationSettingsRecord, after: OrganisationSettingsRecord) => void | Promise<void> = () => {},
): OrganisationSettingsApi {
  const get = async (orgId: string) => (await store.read(checkId('organisation id', orgId))) ?? unconfiguredRecord();

  return {
    get,

    async update(orgId, changes, options) {
      checkId('organisation id', orgId);
      const by = checkId('administrator id (by)', options?.by);
      if (typeof changes !== 'object' || changes === null || Array.isArray(changes)) {
        throw new TwoStepError('invalid_settings', 'The change is an object of settings to change.', { details: { fields: [{ field: '', reason: 'not_an_object', values: {}, message: 'Send the settings to change as an object.' }] } });
      }
      const expected = options.expectedVersion;
      if (expected !== undefined && (!Number.isInteger(expected) || expected < 0)) {
        throw new TwoStepError('invalid_request', 'expectedVersion must be the version the change was made against (a whole number, 0 for none).');
      }
      for (let tries = 0; tries < MAX_TRIES; tries += 1) {
        const current = await get(orgId);
        if (expected !== undefined && current.version !== expected) break;
        const check = checkOrganisationSettings({ ...settingsOf(current), ...changes });
        if (!check.ok) {
          throw new TwoStepError('invalid_settings', `The settings were not saved: ${check.errors.map((e) => e.message).join(' ')}`, { details: { fields: check.errors } });
        }
        const written = await store.write(orgId, check.settings, { by, at: clock(), expectedVersion: current.version });
        if (written) {
          await changed(orgId, current, written);
          return written;
        }
      }
      throw new TwoStepError('edit_conflict', 'Someone else changed these settings meanwhile. Reload them, check the change is still wanted and save again.');
    },

    history: (orgId, options) => store.history(checkId('organisation id', orgId), options),
  };
}
