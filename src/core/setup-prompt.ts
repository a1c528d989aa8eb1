import type { Enrolment } from '../enrolments/records.js';
import type { Actor, CoreContext } from './context.js';
import { updateEnrolment } from './update-enrolment.js';
import { readSnapshot } from './enrolment-snapshot.js';
import { graceDeadline, type OrganisationRules } from './organisation-rules.js';

/**
 * "Do Not Show This Again" on the setup prompt (seed 000): remembered in the enrolment, so
 * it holds across browsers and sessions. Writing it again is harmless, so a second click
 * costs a read and no write.
 */
export async function dismissSetupPrompt(ctx: CoreContext, actor: Actor): Promise<Enrolment> {
  const { enrolment } = await updateEnrolment(ctx, actor.userId, (current) =>
    current.promptDismissed === true ? null : { ...current, promptDismissed: true });
  return enrolment;
}

/** A newly required user's grace period counts from the first sign-in at which they were required: kept once. */
export async function noteRequiredSince(ctx: CoreContext, userId: string): Promise<void> {
  const nowMs = ctx.options.now();
  await updateEnrolment(ctx, userId, (current) => (current.requiredSince !== undefined ? null : { ...current, requiredSince: nowMs }));
}

/** For the prompt and its Skip: the end of the user's grace period while it lasts (see `graceDeadline`). */
export async function setupDeadlineOf(ctx: CoreContext, rules: OrganisationRules, codeLevel: string, userId: string): Promise<number | null> {
  if (!rules.required) return null;
  const { enrolment } = await readSnapshot(ctx, userId);
  return graceDeadline(rules, codeLevel, enrolment, ctx.options.now());
}
