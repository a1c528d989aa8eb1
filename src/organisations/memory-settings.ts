/**
 * Organisation settings in this process's memory: for development and tests. Each write
 * runs without an `await` between its read and its write, so on one event loop it is
 * serialised by construction. Every call copies in and out.
 */
import { settingsOf, type OrganisationSettingsChange, type OrganisationSettingsRecord } from './settings.js';
import { historyWindow, type OrganisationSettingsStore } from './types.js';

interface StoredOrganisation {
  record: OrganisationSettingsRecord;
  /** Index i holds the change that made version i + 1. */
  history: OrganisationSettingsChange[];
}

export function memoryOrganisationSettings(): OrganisationSettingsStore {
  const organisations = new Map<string, StoredOrganisation>();

  return {
    async read(orgId) {
      const stored = organisations.get(orgId);
      return stored ? structuredClone(stored.record) : null;
    },

    async readMany(orgIds) {
      const found = new Map<string, OrganisationSettingsRecord>();
      for (const orgId of orgIds) {
        const stored = organisations.get(orgId);
        if (stored) found.set(orgId, structuredClone(stored.record));
      }
      return found;
    },

    async write(orgId, settings, { by, at, expectedVersion }) {
      const stored = organisations.get(orgId);
      const version = stored?.record.version ?? 0;
      if (expectedVersion !== undefined && expectedVersion !== version) return null;
      const after = structuredClone(settingsOf(settings));
      const record: OrganisationSettingsRecord = { ...after, version: version + 1, updatedAt: at, updatedBy: by };
      const change: OrganisationSettingsChange = { version: version + 1, at, by, before: stored ? settingsOf(stored.record) : null, after };
      if (stored) {
        stored.record = record;
        stored.history.push(change);
      } else {
        organisations.set(orgId, { record, history: [change] });
      }
      return structuredClone(record);
    },

    async history(orgId, options) {
      const { limit, beforeVersion } = historyWindow(options);
      const all = organisations.get(orgId)?.history ?? [];
      const end = beforeVersion === null ? all.length : Math.min(all.length, beforeVersion - 1);
      return structuredClone(all.slice(Math.max(0, end - limit), end).reverse());
    },
  };
}
