/**
 * What the settings of a user's organisations (`users.organisations(user)`) say about that
 * user, combined so the strictest answer wins: required in one organisation → required;
 * the methods every organisation allows (the intersection); a network skips only if every
 * organisation that requires 2FA of the user lists it; the fewest remembered-browser days.
 * An organisation nobody configured has no say. Settings that cannot be read, or a
 * membership callback that throws, refuse the sign-in (503): never "not enforced".
 */
import { TwoStepError } from '../errors.js';
import type { Enrolment, MethodType } from '../enrolments/records.js';
import type { OrganisationSettingsRecord } from '../organisations/settings.js';
import type { CoreContext } from './context.js';
import type { OrganisationMembership } from './core-options.js';

export interface OrganisationRules {
  /** Some organisation of the user requires 2FA of them. */
  required: boolean;
  /** The shortest grace period (days) of the organisations that require the user; 0 when none. */
  graceDays: number;
  /** The methods every configured organisation of the user allows; null when none has a say. */
  allowedMethods: readonly MethodType[] | null;
  /**
   * The lists of the organisations that decide about networks (those requiring 2FA of the
   * user, or all configured ones when none does); the request must be in every one. Null
   * when none has a say.
   */
  networkLists: readonly (readonly string[])[] | null;
  /** The fewest remembered-browser days of the user's configured organisations; null when none has a say. */
  trustedDeviceDays: number | null;
}

export const NO_ORGANISATION_RULES: OrganisationRules = Object.freeze({
  required: false, graceDays: 0, allowedMethods: null, networkLists: null, trustedDeviceDays: null,
});

function requires(record: OrganisationSettingsRecord, membership: OrganisationMembership): boolean {
  const { enforcement } = record;
  if (enforcement === 'all') return true;
  if (enforcement === 'off') return false;
  const roles = membership.roles ?? [];
  return enforcement.roles.some((role) => roles.includes(role));
}

/** Pure: the memberships with the settings found for them. */
export function combineOrganisationRules(
  memberships: readonly OrganisationMembership[],
  records: ReadonlyMap<string, OrganisationSettingsRecord>,
): OrganisationRules {
  const configured = memberships.flatMap((m) => {
    const record = records.get(String(m.id));
    return record ? [{ membership: m, record }] : [];
  });
  if (configured.length === 0) return NO_ORGANISATION_RULES;
  const requiring = configured.filter(({ membership, record }) => requires(record, membership));
  const deciders = requiring.length > 0 ? requiring : configured;
  let allowed = configured[0]!.record.allowedMethods;
  for (const { record } of configured) allowed = allowed.filter((type) => record.allowedMethods.includes(type));
  return {
    required: requiring.length > 0,
    graceDays: requiring.length > 0 ? Math.min(...requiring.map(({ record }) => record.graceDays)) : 0,
    allowedMethods: allowed,
    networkLists: deciders.map(({ record }) => record.skipNetworks),
    trustedDeviceDays: Math.min(...configured.map(({ record }) => record.trustedDeviceDays)),
  };
}

function unavailable(reason: string, cause?: unknown): TwoStepError {
  return new TwoStepError('unavailable', 'Sign-in is temporarily unavailable. Please try again in a moment.', { cause: cause ?? new Error(reason) });
}

/** The user's memberships as the app answers them, checked: anything malformed refuses rather than dropping an organisation. */
export async function membershipsOf(ctx: CoreContext, user: unknown): Promise<readonly OrganisationMembership[]> {
  let answer: unknown;
  try {
    answer = await ctx.options.users.organisations!(user);
  } catch (error) {
    console.warn('twostep: users.organisations threw; refusing the sign-in rather than skipping its organisations\' settings', error);
    throw unavailable('users.organisations threw', error);
  }
  const wellFormed = Array.isArray(answer) && answer.every((m) =>
    typeof m === 'object' && m !== null && (typeof m.id === 'string' || typeof m.id === 'number') && String(m.id) !== '' &&
    (m.roles === undefined || (Array.isArray(m.roles) && m.roles.every((r: unknown) => typeof r === 'string'))));
  if (!wellFormed) {
    console.warn(`twostep: users.organisations must answer [{ id, roles? }]; refusing the sign-in`);
    throw unavailable('users.organisations answered something other than [{ id, roles? }]');
  }
  return answer as OrganisationMembership[];
}

/**
 * The rules for this user now: one membership call, and the settings from this process's
 * cache — a store read (`readMany`, one for all the user's organisations) only for those not
 * cached, or for all while the cache is not live.
 */
export async function organisationRulesFor(ctx: CoreContext, user: unknown): Promise<OrganisationRules> {
  const settings = ctx.organisationSettings;
  if (!settings || !ctx.options.users.organisations) return NO_ORGANISATION_RULES;
  const memberships = await membershipsOf(ctx, user);
  if (memberships.length === 0) return NO_ORGANISATION_RULES;
  const ids = [...new Set(memberships.map((m) => String(m.id)))];
  // StoreUnavailableError (503) propagates: unread settings are never read as "off".
  return combineOrganisationRules(memberships, await settings.readMany(ids));
}

/**
 * The end of a newly required user's grace period, while it lasts; null when there is none
 * (no organisation requires the user, the code's policy already does, the user can already
 * answer a challenge, an administrator asked for setup, or the period is over). It counts
 * from `requiredSince` — the first sign-in at which an organisation required the user,
 * kept in the enrolment (now, when not kept yet).
 */
export function graceDeadline(rules: OrganisationRules, codeLevel: string, enrolment: Enrolment, nowMs: number): number | null {
  if (!rules.required || rules.graceDays <= 0 || codeLevel === 'required' || codeLevel === 'error') return null;
  if (enrolment.setupRequired === true || enrolment.methods.some((m) => m.confirmed)) return null;
  const deadline = (enrolment.requiredSince ?? nowMs) + rules.graceDays * 86_400_000;
  return nowMs < deadline ? deadline : null;
}
