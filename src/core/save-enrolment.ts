import type { Enrolment } from '../store/types.js';
import type { CoreContext } from './context.js';

/** Every enrolment write goes through here so `updatedAt` is always the clock's. */
export async function saveEnrolment(ctx: CoreContext, userId: string, enrolment: Enrolment): Promise<Enrolment> {
  const saved = { ...enrolment, updatedAt: ctx.options.now() };
  await ctx.store.putEnrolment(userId, saved);
  return saved;
}
