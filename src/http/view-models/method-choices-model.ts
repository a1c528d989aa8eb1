import { allowedMethodTypes } from '../../core/allowed-methods.js';
import type { MethodType } from '../../enrolments/records.js';
import { unitOf } from '../../methods/method-units.js';
import type { HttpContext } from '../http-context.js';

/**
 * Which methods this user may add (allowed for them, and deliverable on this site), with the
 * addresses the app already knows as prefills for the email and phone fields.
 */
export async function readMethodChoices(ctx: HttpContext, user: unknown): Promise<{ canAdd: MethodType[]; email?: string; phone?: string }> {
  const { users, delivery } = ctx.options;
  const allowed = await allowedMethodTypes(ctx, user);
  const email = users.email?.(user) ?? undefined;
  const phone = users.phone?.(user) ?? undefined;
  return {
    // A method codes are sent to needs its channel's sender on this site.
    canAdd: allowed.filter((type) => {
      const channel = unitOf(type).contact?.channel;
      return channel === undefined || delivery[channel] !== undefined;
    }),
    ...(email === undefined ? {} : { email }),
    ...(phone === undefined ? {} : { phone }),
  };
}
