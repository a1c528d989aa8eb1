import { TwoStepError } from '../errors.js';
import type { Enrolment } from '../enrolments/records.js';
import type { CoreContext } from './context.js';
import { readSnapshot, type EnrolmentSnapshot } from './enrolment-snapshot.js';

/**
 * Rounds of read → change → compare-and-set before giving up. Each round that loses means
 * another edit of the same user won, so this is only reached under a burst of edits.
 */
const MAX_ROUNDS = 40;

/**
 * Every enrolment write goes through here: read the record, apply `change`, and store the
 * result only if nobody wrote in between (compare-and-set on the version); otherwise read
 * again and re-apply, so two simultaneous edits by one user never lose one. `change` may
 * throw to refuse (its checks run against the latest record each round) or return null
 * when nothing needs writing. `updatedAt` is always the clock's.
 */
export async function updateEnrolment(
  ctx: CoreContext,
  userId: string,
  change: (current: Enrolment, snapshot: EnrolmentSnapshot) => Enrolment | null,
): Promise<{ enrolment: Enrolment; version: number }> {
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const snapshot = await readSnapshot(ctx, userId);
    const next = change(snapshot.enrolment, snapshot);
    if (next === null) return { enrolment: snapshot.enrolment, version: snapshot.version };
    const saved = { ...next, updatedAt: ctx.options.now() };
    const version = await ctx.enrolments.write(userId, snapshot.version, saved);
    if (version !== null) {
      await mirrorVersion(ctx, userId, version);
      return { enrolment: saved, version };
    }
    // Lost the race: let the winner's transaction settle before reading again.
    await new Promise((resolve) => setTimeout(resolve, Math.random() * (2 + round)));
  }
  throw new TwoStepError('edit_conflict', 'Your two-step settings are being changed somewhere else at the same time. Reload and try again.');
}

/**
 * Tells the counters store the new version so pending sessions holding an older snapshot
 * are answered `stale`. The write is already durable: if Redis cannot take the note, the
 * enrolment store's own version check at success still refuses an outdated secret.
 */
async function mirrorVersion(ctx: CoreContext, userId: string, version: number): Promise<void> {
  try {
    await ctx.store.noteEnrolmentVersion(userId, version);
  } catch (error) {
    console.warn('twostep: could not mirror the enrolment version to the counters store; the enrolment store still checks it', error);
  }
}
