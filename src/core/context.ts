import type { DerivedKeys } from '../crypto/keys.js';
import type { EventBus } from '../events.js';
import type { CoreOptions } from './core-options.js';
import type { EnrolmentStore } from '../enrolments/types.js';
import type { RevocationList } from '../revocation/revocation-list.js';
import type { CountersStore } from '../store/types.js';
import type { OrganisationSettingsStore } from '../organisations/types.js';

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
  /** What organisations' administrators decided (see `organisation-rules.ts`); null when the app keeps none. */
  readonly organisationSettings?: OrganisationSettingsStore | null;
}

/** Who is acting, for events and notifications. */
export interface Actor {
  userId: string;
  ip?: string;
  /** The request's language when `lang: 'auto'` chose one; messages about this act are written in it (after the user's own). */
  lang?: string;
}
