import type { Enrolment } from '../enrolments/records.js';
import type { Actor, CoreContext } from './context.js';
import { updateEnrolment } from './update-enrolment.js';

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
