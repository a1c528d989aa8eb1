/**
 * Who may do what in the admin router: the app's `authorize(req)` names the organisations the
 * person administers (`true`: all of them), asked once per request; a user is theirs to see
 * and act on only when `users.organisations(user)` names one of those. Anything else is
 * `403 not_authorised` before anything is read or changed. An `authorize` that throws or
 * answers something else refuses too (503): never "allowed".
 */
import type { Request } from 'express';
import { membershipsOf } from '../../core/organisation-rules.js';
import { TwoStepError } from '../../errors.js';
import type { HttpContext } from '../http-context.js';
import { requireVerified } from '../session/stage.js';

/** `authorize(req)`: false, true (every organisation) or the ids of the organisations this person administers. */
export type AdminAuthorize = (req: Request) => boolean | readonly (string | number)[] | Promise<boolean | readonly (string | number)[]>;

export interface AdminScope {
  /** The administrator's own id (`users.id(req.user)`), for `by` in every event. */
  adminId: string;
  /** Administers every organisation. */
  all: boolean;
  /** The organisations administered (empty when `all`). */
  orgIds: readonly string[];
}

export interface ScopedUser {
  userId: string;
  user: unknown;
  label: string;
}

const MAX_ID_LENGTH = 200;

function notAuthorised(): TwoStepError {
  return new TwoStepError('not_authorised', 'You are not an administrator of this organisation or user. Ask an administrator of the organisation for access.');
}

function unavailable(reason: string, cause?: unknown): TwoStepError {
  return new TwoStepError('unavailable', 'The administration pages are temporarily unavailable. Please try again in a moment.', { cause: cause ?? new Error(reason) });
}

/** The id in a path (`:orgId`, `:userId`): a text of 1 to 200 characters, or a 400. */
export function pathParam(req: Request, name: string, what: string): string {
  const value = req.params[name];
  if (typeof value !== 'string' || value === '' || value.length > MAX_ID_LENGTH) {
    throw new TwoStepError('invalid_request', `That is not a valid ${what}.`);
  }
  return value;
}

export async function adminScopeOf(ctx: HttpContext, authorize: AdminAuthorize, req: Request): Promise<AdminScope> {
  const stage = requireVerified(ctx, req);
  let answer: unknown;
  try {
    answer = await authorize(req);
  } catch (error) {
    console.warn('twostep: adminRouter authorize threw; refusing the request', error);
    throw unavailable('authorize threw', error);
  }
  if (answer === false) throw notAuthorised();
  if (answer === true) return { adminId: stage.userId, all: true, orgIds: [] };
  const wellFormed = Array.isArray(answer) && answer.every((id) => (typeof id === 'string' && id !== '') || (typeof id === 'number' && Number.isFinite(id)));
  if (!wellFormed) {
    console.warn('twostep: adminRouter authorize must answer false, true or an array of organisation ids; refusing the request');
    throw unavailable('authorize answered something other than false, true or organisation ids');
  }
  const ids = answer as readonly (string | number)[];
  if (ids.length === 0) throw notAuthorised();
  return { adminId: stage.userId, all: false, orgIds: [...new Set(ids.map(String))] };
}

export function requireOrganisation(scope: AdminScope, orgId: string): void {
  if (!scope.all && !scope.orgIds.includes(orgId)) throw notAuthorised();
}

/**
 * The user behind `userId`, when this administrator may see them: one of the user's
 * organisations is the administrator's. An unknown user is, for an administrator of some
 * organisations, simply not one of theirs (403: no way to learn who exists elsewhere).
 */
export async function requireUserInScope(ctx: HttpContext, scope: AdminScope, userId: string): Promise<ScopedUser> {
  const { load, label } = ctx.options.users;
  let user: unknown;
  try {
    user = await load!(userId);
  } catch (error) {
    console.warn('twostep: users.load threw in the admin router; refusing the request', error);
    throw unavailable('users.load threw', error);
  }
  if (user === null || user === undefined) {
    if (scope.all) throw new TwoStepError('not_found', 'No user has this id.');
    throw notAuthorised();
  }
  if (!scope.all) {
    const memberships = await membershipsOf(ctx, user);
    if (!memberships.some((m) => scope.orgIds.includes(String(m.id)))) throw notAuthorised();
  }
  let name: string;
  try {
    name = String(label(user));
  } catch {
    name = userId;
  }
  return { userId, user, label: name };
}
