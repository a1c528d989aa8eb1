/**
 * What the app passes as `store`: the counters (`CountersStore`, what expires) plus what the
 * same backend can offer beside them — a default enrolment store and a revocation feed. It
 * sits above `store/`, `enrolments/` and `revocation/` so that none of those imports another.
 */
import type { EnrolmentStore } from '../enrolments/types.js';
import type { OrganisationSettingsStore } from '../organisations/types.js';
import type { SettingsChangeFeed } from '../organisations/feed.js';
import type { RevocationFeed } from '../revocation/feed.js';
import type { CountersStore } from '../store/types.js';

export interface TwoStepStore extends CountersStore {
  /**
   * The enrolment store to use when the app passes none: the same backend (memory for
   * `memoryStore()`, the same client for `redisStore()`). Custom stores may leave it out;
   * then the `enrolments` option is required.
   */
  defaultEnrolments?(): EnrolmentStore;

  /**
   * The organisation settings store to use when the app passes none but tells twostep its
   * users' organisations: the same backend, like `defaultEnrolments`.
   */
  defaultOrganisationSettings?(): OrganisationSettingsStore;

  /**
   * Records and announces session revocations to every process ("sign out everywhere").
   * Without it, twostep keeps revocations in the one process that made them.
   */
  revocations?: RevocationFeed;

  /**
   * Announces organisation-settings changes to every process, so each one's settings cache
   * forgets them at once. Without it, each process serves cached settings for at most
   * `organisationSettingsCache.maxAgeSeconds` (1 s by default).
   */
  settingsChanges?: SettingsChangeFeed;
}
