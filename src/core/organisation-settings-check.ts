/**
 * The one check of what an administrator submits as organisation settings, before anything
 * is stored. Pure: it answers every problem at once, each with the field it belongs to and a
 * message a practice manager can act on (what is wrong and what to type instead), so a form
 * can show them beside the fields and keep what was typed. Nothing is saved unless `ok`.
 *
 * Networks are parsed by the same code that matches them at sign-in (`network-ranges.ts`),
 * so a range that passes here is exactly a range that works there.
 */
import type { MethodType } from '../enrolments/records.js';
import type { Enforcement, OrganisationSettings } from '../organisations/settings.js';
import { METHOD_TYPES, unitOf } from '../methods/method-units.js';
import { parseRange, RangeProblem } from './network-ranges.js';
import type { SettingsFieldError, SettingsRefusal } from '../errors.js';

export type { SettingsFieldError, SettingsRefusal };

export type SettingsCheck = { ok: true; settings: OrganisationSettings } | { ok: false; errors: SettingsFieldError[] };

const FIELDS = ['enforcement', 'graceDays', 'allowedMethods', 'skipNetworks', 'trustedDeviceDays'] as const;
// Every method type there is, named as its unit names it (not only those this app configured:
// settings outlive a configuration, and a type not offered is simply never offered).
const METHODS: readonly MethodType[] = METHOD_TYPES;
export const MAX_GRACE_DAYS = 365;
export const MAX_TRUSTED_DEVICE_DAYS = 30;
export const MAX_ROLES = 100;
export const MAX_SKIP_NETWORKS = 1000;
const MAX_ROLE_LENGTH = 100;

const shown = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value) ?? String(value));

function wholeDays(field: string, reason: SettingsRefusal, value: unknown, max: number, meaning: string, errors: SettingsFieldError[]): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max) return value;
  errors.push({ field, reason, values: { max, value: value === undefined ? '' : shown(value) }, message: `${meaning} must be a whole number of days from 0 to ${max}${value === undefined ? '' : `, not ${JSON.stringify(value) ?? String(value)}`}.` });
  return 0;
}

function checkEnforcement(value: unknown, errors: SettingsFieldError[]): Enforcement {
  if (value === 'off' || value === 'all') return value;
  const roles = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as { roles?: unknown }).roles : undefined;
  const extra = typeof value === 'object' && value !== null ? Object.keys(value).filter((key) => key !== 'roles') : [];
  if (!Array.isArray(roles) || extra.length > 0) {
    errors.push({ field: 'enforcement', reason: 'enforcement_choice', values: {}, message: 'Choose who must use two-step verification: "off" (nobody), "all" (every user) or { roles: [...] } (the users in those groups).' });
    return 'off';
  }
  if (roles.length === 0) {
    errors.push({ field: 'enforcement', reason: 'enforcement_no_groups', values: {}, message: 'Name at least one user group that must use two-step verification, or choose "off" or "all".' });
    return 'off';
  }
  if (roles.length > MAX_ROLES) {
    errors.push({ field: 'enforcement', reason: 'enforcement_too_many_groups', values: { max: MAX_ROLES }, message: `At most ${MAX_ROLES} user groups can be named; choose "all" to require everybody.` });
    return 'off';
  }
  const seen = new Set<string>();
  for (const [i, role] of roles.entries()) {
    const name = typeof role === 'string' ? role.trim() : '';
    if (name === '' || name.length > MAX_ROLE_LENGTH) {
      errors.push({ field: `enforcement.roles[${i}]`, reason: 'group_name', values: { entry: i + 1, value: shown(role), max: MAX_ROLE_LENGTH }, message: `Each user group is a name of 1 to ${MAX_ROLE_LENGTH} characters; entry ${i + 1} (${JSON.stringify(role) ?? String(role)}) is not.` });
    } else {
      seen.add(name);
    }
  }
  return { roles: [...seen] };
}

function checkMethods(value: unknown, errors: SettingsFieldError[]): MethodType[] {
  const known = METHODS.map((m) => `"${m}" (${unitOf(m).allowedName})`).join(', ');
  if (!Array.isArray(value)) {
    errors.push({ field: 'allowedMethods', reason: 'methods_not_a_list', values: {}, message: `List the methods your users may use: any of ${known}.` });
    return [];
  }
  const unknown = value.filter((m) => !METHODS.includes(m as MethodType));
  if (unknown.length > 0) {
    errors.push({ field: 'allowedMethods', reason: 'methods_unknown', values: { methods: unknown.map(shown).join(', ') }, message: `${unknown.map((m) => JSON.stringify(m) ?? String(m)).join(', ')} ${unknown.length === 1 ? 'is not a method' : 'are not methods'}; choose from ${known}.` });
    return [];
  }
  if (value.length === 0) {
    errors.push({ field: 'allowedMethods', reason: 'methods_none', values: {}, message: 'Allow at least one method, or nobody could set up two-step verification. Email codes work for everybody with an email address.' });
    return [];
  }
  // Kept in the one canonical order, without repeats: two lists that allow the same compare equal.
  return METHODS.filter((m) => value.includes(m));
}

function checkNetworks(value: unknown, errors: SettingsFieldError[]): string[] {
  if (!Array.isArray(value)) {
    errors.push({ field: 'skipNetworks', reason: 'networks_not_a_list', values: {}, message: 'List the office networks as IP ranges in CIDR notation, like "203.0.113.0/24", or leave the list empty.' });
    return [];
  }
  if (value.length > MAX_SKIP_NETWORKS) {
    errors.push({ field: 'skipNetworks', reason: 'networks_too_many', values: { max: MAX_SKIP_NETWORKS }, message: `At most ${MAX_SKIP_NETWORKS} networks can be listed; merge neighbouring ranges into wider ones.` });
    return [];
  }
  const ranges: string[] = [];
  for (const [i, entry] of value.entries()) {
    try {
      parseRange(entry);
      const trimmed = (entry as string).trim();
      if (!ranges.includes(trimmed)) ranges.push(trimmed);
    } catch (error) {
      const maxPrefix = error instanceof RangeProblem ? error.maxPrefix : undefined;
      errors.push({
        field: `skipNetworks[${i}]`,
        reason: maxPrefix === undefined ? 'network_not_cidr' : 'network_prefix_too_long',
        values: { entry: i + 1, value: shown(entry), ...(maxPrefix === undefined ? {} : { max: maxPrefix }) },
        message: `Entry ${i + 1}: ${(error as Error).message}. Nothing was saved; correct it or remove it.`,
      });
    }
  }
  return ranges;
}

/** Checks a whole set of settings (every field present). Fields it does not know are refused, not ignored. */
export function checkOrganisationSettings(input: unknown): SettingsCheck {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: [{ field: '', reason: 'not_an_object', values: {}, message: `Settings are an object with ${FIELDS.join(', ')}.` }] };
  }
  const given = input as Record<string, unknown>;
  const errors: SettingsFieldError[] = Object.keys(given)
    .filter((key) => !(FIELDS as readonly string[]).includes(key))
    .map((key) => ({ field: key, reason: 'unknown_setting' as const, values: { setting: key }, message: `"${key}" is not a setting; the settings are ${FIELDS.join(', ')}.` }));
  const settings: OrganisationSettings = {
    enforcement: checkEnforcement(given.enforcement, errors),
    graceDays: wholeDays('graceDays', 'grace_days_range', given.graceDays, MAX_GRACE_DAYS, 'The grace period (how long a newly required user may put off setting up)', errors),
    allowedMethods: checkMethods(given.allowedMethods, errors),
    skipNetworks: checkNetworks(given.skipNetworks, errors),
    trustedDeviceDays: wholeDays('trustedDeviceDays', 'device_days_range', given.trustedDeviceDays, MAX_TRUSTED_DEVICE_DAYS, 'How long a browser is remembered (0 turns remembering off)', errors),
  };
  return errors.length > 0 ? { ok: false, errors } : { ok: true, settings };
}
