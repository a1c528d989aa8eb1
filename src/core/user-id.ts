import type { CoreContext } from './context.js';

const MAX_ID_LENGTH = 256;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return typeof (value as { then?: unknown }).then === 'function' ? 'a promise' : 'an object';
  return typeof value;
}

/**
 * The app's id for a user. Only a string or a finite number is an id: a promise (an async
 * `users.id`) or an object would turn into one string shared by every user, who would then
 * share one lockout and one enrolment.
 */
export function userIdOf(ctx: CoreContext, user: unknown): string {
  const id: unknown = ctx.options.users.id(user);
  // A rejected promise from an async users.id must not end the process as an unhandled rejection.
  if (typeof (id as Promise<unknown> | null)?.then === 'function') (id as Promise<unknown>).then(undefined, () => {});
  if (typeof id === 'string' && id.length > 0 && id.length <= MAX_ID_LENGTH) return id;
  if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  throw new Error(`twostep: users.id must return a non-empty string (at most ${MAX_ID_LENGTH} characters) or a number, synchronously; it returned ${describe(id)}`);
}
