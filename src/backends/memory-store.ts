/**
 * `TwoStepStore` in process memory: the embedded default for development and tests, with
 * exactly the semantics of `redisStore`. Each method runs to completion without an
 * `await` between its read and its write, so on one event loop it is atomic by
 * construction. It is refused in production: its counters and locks live in one process,
 * so a second process (or a restart) would give an attacker a fresh set of attempts.
 *
 * The methods live in `memory/`, one file per concern; this file validates the options and
 * puts the parts together.
 */
import { TwoStepConfigError } from '../errors.js';
import { positiveSecondsToMs } from '../option-checks.js';
import { memoryCodes } from '../store/memory/codes.js';
import { memoryDevices } from '../store/memory/devices.js';
import { memoryEnrolmentVersion } from '../store/memory/enrolment-version.js';
import { memoryLockout } from '../store/memory/lockout.js';
import { memorySignIns } from '../store/memory/sign-ins.js';
import { userTable } from '../store/memory/user-table.js';
import { memoryWebAuthnChallenges } from '../store/memory/webauthn-challenges.js';
import { memoryWindows } from '../store/memory/windows.js';
import { memoryEnrolments } from '../enrolments/memory-enrolments.js';
import type { EnrolmentStore } from '../enrolments/types.js';
import { memoryOrganisationSettings } from '../organisations/memory-settings.js';
import type { OrganisationSettingsStore } from '../organisations/types.js';
import type { TwoStepStore } from './types.js';
import { memoryRevocationFeed } from '../revocation/memory-feed.js';
import { memorySettingsChangeFeed } from '../organisations/memory-settings-feed.js';

export interface MemoryStoreOptions {
  /** Allow use while `NODE_ENV` is `production` (single process only). @default false */
  dangerouslyAllowInProduction?: boolean;
  /** How often expired entries are swept. @default 60 */
  sweepIntervalSeconds?: number;
}

function resolveOptions(options: MemoryStoreOptions): { sweepMs: number } {
  if (process.env.NODE_ENV === 'production' && options.dangerouslyAllowInProduction !== true) {
    throw new TwoStepConfigError(
      'memoryStore() is refused when NODE_ENV is "production": its lockout counters, codes and trusted devices ' +
        'live in one process, are lost on restart and are not shared between processes, so limits can be bypassed. ' +
        'Use redisStore(new Redis(process.env.REDIS_URL)) instead, or pass { dangerouslyAllowInProduction: true } ' +
        'if this really is a single long-lived process.',
    );
  }
  return { sweepMs: positiveSecondsToMs('memoryStore', 'sweepIntervalSeconds', options.sweepIntervalSeconds, 60) };
}

export function memoryStore(options: MemoryStoreOptions = {}): TwoStepStore {
  const { sweepMs } = resolveOptions(options);
  const users = userTable(sweepMs);
  const windows = memoryWindows();
  let enrolments: EnrolmentStore | undefined;
  let organisations: OrganisationSettingsStore | undefined;
  return {
    ...memoryEnrolmentVersion(users),
    ...memoryLockout(users, windows),
    ...memoryCodes(users, windows),
    ...memoryDevices(users),
    ...memorySignIns(users),
    ...memoryWebAuthnChallenges(),
    takeWindowSlot: windows.takeWindowSlot,
    releaseWindowSlot: windows.releaseWindowSlot,
    // Records in memory die with the process, exactly like these counters: no new way to lose them.
    defaultEnrolments: () => (enrolments ??= memoryEnrolments()),
    defaultOrganisationSettings: () => (organisations ??= memoryOrganisationSettings()),
    revocations: memoryRevocationFeed(),
    settingsChanges: memorySettingsChangeFeed(),
    close: async () => {
      users.close();
    },
  };
}
