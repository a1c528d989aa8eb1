/**
 * The backends as twostep calls them when `metrics` is set: every call timed into its
 * histogram, a rejection marked with its cause (for the 503 count), and a full address
 * window counted as it is decided — in the store's answer, the one place every refusal of
 * `addressLimit` passes. Without `metrics` the backends are used as given: nothing is wrapped.
 */
import type { HistogramName } from '../metrics/definitions.js';
import type { TwoStepMetrics } from '../metrics/types.js';
import type { CountersStore, WindowSlot } from '../store/types.js';
import type { EnrolmentStore } from '../enrolments/types.js';
import type { OrganisationSettingsStore } from '../organisations/types.js';
import type { RevocationFeed } from '../revocation/feed.js';
import { markCause, type UnavailableCause } from './unavailable-cause.js';

const COUNTER_OPERATIONS = [
  'noteEnrolmentVersion', 'getLockState', 'clearLock', 'clearFailures', 'recordFailure', 'consumeTotpStep', 'consumeCode',
  'issueCode', 'withdrawCode', 'putDevice', 'getDevice', 'rotateDevice', 'listDevices', 'deleteDevice', 'deleteAllDevices',
  'putWebAuthnChallenge', 'takeWebAuthnChallenge', 'takeWindowSlot', 'releaseWindowSlot', 'resetUser', 'noteSignIn',
] as const satisfies readonly (keyof CountersStore)[];
const ENROLMENT_OPERATIONS = ['read', 'write', 'replaceRecoveryCodes', 'consumeRecoveryCode', 'advanceTotpStep', 'recordMethodUse'] as const satisfies readonly (keyof EnrolmentStore)[];
const SETTINGS_OPERATIONS = ['read', 'readMany', 'write', 'history'] as const satisfies readonly (keyof OrganisationSettingsStore)[];

type Inspect = (operation: string, args: unknown[], result: unknown) => void;

interface Timing {
  histogram: HistogramName;
  cause: UnavailableCause;
  /** Put before the method's name in the `operation` label. */
  prefix?: string;
  inspect?: Inspect;
}

/**
 * `target` with each named method timed. The other properties (`prepare`, feeds) are
 * reached through the prototype; each method still runs with `target` as `this`.
 */
function timedMethods<T extends object>(target: T, operations: readonly string[], metrics: TwoStepMetrics, timing: Timing): T {
  const timed = Object.create(target) as Record<string, unknown>;
  for (const operation of operations) {
    const original = (target as Record<string, unknown>)[operation];
    if (typeof original !== 'function') continue;
    const labels = { operation: `${timing.prefix ?? ''}${operation}` };
    timed[operation] = async (...args: unknown[]) => {
      const started = performance.now();
      try {
        const result: unknown = await original.apply(target, args);
        metrics.observe(timing.histogram, (performance.now() - started) / 1000, labels);
        timing.inspect?.(operation, args, result);
        return result;
      } catch (error) {
        metrics.observe(timing.histogram, (performance.now() - started) / 1000, labels);
        markCause(error, timing.cause);
        throw error;
      }
    };
  }
  return timed as T;
}

/** The window's kind: its key is `<kind>.<keyed hash>` (`core/address-limit.ts`). */
function windowOf(slot: Pick<WindowSlot, 'key'> | undefined): string | undefined {
  return slot?.key.slice(0, slot.key.indexOf('.'));
}

/** A full window, however the store said it: `full` for a slot alone, `limited` for an attempt that carried one. */
function countRefusals(metrics: TwoStepMetrics): Inspect {
  return (operation, args, result) => {
    const outcome = (result as { outcome?: string } | null | undefined)?.outcome;
    if (outcome !== 'full' && outcome !== 'limited') return;
    const input = args[0] as (WindowSlot & { window?: WindowSlot }) | undefined;
    const window = operation === 'takeWindowSlot' ? windowOf(input) : windowOf(input?.window);
    metrics.count('twostep_address_limit_refusals_total', { window });
  };
}

export function timedCountersStore(store: CountersStore, metrics: TwoStepMetrics): CountersStore {
  return timedMethods(store, COUNTER_OPERATIONS, metrics, { histogram: 'twostep_store_duration_seconds', cause: 'store', inspect: countRefusals(metrics) });
}

export function timedEnrolments(enrolments: EnrolmentStore, metrics: TwoStepMetrics): EnrolmentStore {
  return timedMethods(enrolments, ENROLMENT_OPERATIONS, metrics, { histogram: 'twostep_database_duration_seconds', cause: 'database' });
}

export function timedSettings(settings: OrganisationSettingsStore, metrics: TwoStepMetrics): OrganisationSettingsStore {
  return timedMethods(settings, SETTINGS_OPERATIONS, metrics, { histogram: 'twostep_database_duration_seconds', cause: 'database', prefix: 'settings.' });
}

/**
 * The revocation feed (in the counters store) with its failures marked, for the 503 count,
 * and nothing timed: its `read` is the one store command a verified request makes, and only
 * while the subscription is down — metrics add no timer to a verified request, even then.
 */
export function markedRevocationFeed(feed: RevocationFeed): RevocationFeed {
  const marked = Object.create(feed) as Record<string, unknown>;
  for (const operation of ['read', 'readSince', 'publish'] as const) {
    const original = feed[operation] as (...args: unknown[]) => Promise<unknown>;
    marked[operation] = (...args: unknown[]) => original.apply(feed, args).catch((error: unknown) => {
      markCause(error, 'store');
      throw error;
    });
  }
  return marked as unknown as RevocationFeed;
}
