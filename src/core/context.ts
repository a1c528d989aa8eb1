import type { DerivedKeys } from '../crypto/keys.js';
import type { EventBus } from '../events.js';
import type { CoreOptions } from './core-options.js';
import type { EnrolmentStore } from '../enrolments/types.js';
import type { RevocationList } from '../revocation/revocation-list.js';
import type { CountersStore } from '../store/types.js';
import type { OrganisationSettingsCache } from '../organisations/settings-cache.js';
import type { TwoStepMetrics } from '../metrics/types.js';

/** What every core function works with: no request, no response, only values. */
export interface CoreContext<User = any> {
  readonly options: CoreOptions<User>;
  /** What expires (Redis in production). */
  readonly store: CountersStore;
  /** What lasts (the app's database in production). */
  readonly enrolments: EnrolmentStore;
  readonly keys: DerivedKeys;
  readonly events: EventBus;
  /** This process's view of "sign out everywhere" (see `revocation/`). */
  readonly revocations: RevocationList;
  /**
   * What organisations' administrators decided, as sign-ins read it: this process's cache of
   * the settings store (see `organisation-rules.ts`, `organisations/settings-cache.ts`); null
   * when the app keeps none.
   */
  readonly organisationSettings?: OrganisationSettingsCache | null;
  /**
   * The `metrics` adapter, guarded (a throw is logged, never a failed sign-in); undefined when
   * none is set. Most counters are fed from the events and the backend wrappers; the core
   * itself only times an answer (`answer-challenge.ts`).
   */
  readonly metrics?: TwoStepMetrics;
}

/** Who is acting, for events and notifications. */
export interface Actor {
  userId: string;
  ip?: string;
  /** The request's language when `lang: 'auto'` chose one; messages about this act are written in it (after the user's own). */
  lang?: string;
  /** The request's `User-Agent`, cut to a bounded length: a new-sign-in alert names the browser by it. */
  userAgent?: string;
  /**
   * The trusted-device cookie the request presented, if any: a new-sign-in alert asks whether
   * it is a device the user already has. A bearer token: never put in an event, a log or a store.
   */
  deviceCookie?: string;
}
