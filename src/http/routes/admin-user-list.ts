/**
 * `users.list`, asked for one page and its answer checked: the app names its users, twostep
 * adds what it knows of each. An answer of another shape refuses the page (503), never shows
 * a half list as if it were whole.
 */
import type { UserListPage, UserListQuery } from '../../core/core-options.js';
import { TwoStepError } from '../../errors.js';
import type { HttpContext } from '../http-context.js';

const MAX_LABEL_LENGTH = 500;
const MAX_CURSOR_LENGTH = 500;

export interface ListedUser {
  id: string;
  label: string;
}

function unavailable(reason: string, cause?: unknown): TwoStepError {
  return new TwoStepError('unavailable', 'The list of users is temporarily unavailable. Please try again in a moment.', { cause: cause ?? new Error(reason) });
}

export function checkCursor(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (value.length > MAX_CURSOR_LENGTH) throw new TwoStepError('invalid_request', 'That page link is not valid: go back to the first page.');
  return value;
}

export async function listUsers(ctx: HttpContext, query: UserListQuery): Promise<{ users: ListedUser[]; next: string | null }> {
  let answer: UserListPage;
  try {
    answer = await ctx.options.users.list!(query);
  } catch (error) {
    console.warn('twostep: users.list threw; the admin user list is refused', error);
    throw unavailable('users.list threw', error);
  }
  const users = (answer as { users?: unknown } | null)?.users;
  const next = (answer as { next?: unknown } | null)?.next ?? null;
  const wellFormed = Array.isArray(users) && users.length <= query.limit && users.every((u) =>
    typeof u === 'object' && u !== null &&
    ((typeof u.id === 'string' && u.id !== '') || (typeof u.id === 'number' && Number.isFinite(u.id))) &&
    typeof u.label === 'string');
  if (!wellFormed || (next !== null && (typeof next !== 'string' || next === '' || next.length > MAX_CURSOR_LENGTH))) {
    console.warn(`twostep: users.list must answer { users: [{ id, label }] (at most ${query.limit}), next: string | null }; the admin user list is refused`);
    throw unavailable('users.list answered another shape');
  }
  return {
    users: (users as { id: string | number; label: string }[]).map((u) => ({ id: String(u.id), label: u.label.slice(0, MAX_LABEL_LENGTH) })),
    next: next as string | null,
  };
}
