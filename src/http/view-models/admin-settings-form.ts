/**
 * Organisation settings between the form and the data: what a stored record looks like in
 * the form, what a typed form asks to change (kept as typed, so a refused form is shown
 * again exactly as it was), and which form field each refusal belongs beside. The check of
 * the values themselves is `checkOrganisationSettings`, through `twoStep.organisations.update`.
 */
import type { SettingsFieldError } from '../../core/organisation-settings-check.js';
import type { OrganisationSettings } from '../../organisations/settings.js';
import type { PageTexts } from '../../pages/texts.js';
import type { AdminFieldError, AdminSettingsValues } from '../../pages/types.js';
import { TwoStepError } from '../../errors.js';
import { refusalText } from './settings-refusal-text.js';

const SETTING_FIELDS = ['enforcement', 'graceDays', 'allowedMethods', 'skipNetworks', 'trustedDeviceDays'] as const;

export function formValues(settings: OrganisationSettings): AdminSettingsValues {
  const { enforcement } = settings;
  return {
    enforcement: typeof enforcement === 'string' ? enforcement : 'roles',
    roles: typeof enforcement === 'string' ? '' : enforcement.roles.join('\n'),
    graceDays: String(settings.graceDays),
    allowedMethods: [...settings.allowedMethods],
    skipNetworks: settings.skipNetworks.join('\n'),
    trustedDeviceDays: String(settings.trustedDeviceDays),
  };
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const lines = (value: string): string[] => value.split(/\r?\n|,/).map((line) => line.trim()).filter((line) => line !== '');
/** "14" → 14; anything else stays as typed, for the check to name. */
const days = (value: string): number | string | undefined => (/^\s*\d{1,6}\s*$/.test(value) ? Number(value) : value.trim() === '' ? undefined : value);

/** A posted form: the values as typed, and the change they ask for. */
export function changesFromForm(body: Record<string, unknown>): { values: AdminSettingsValues; changes: Record<string, unknown> } {
  const chosen = text(body.enforcement);
  const methods = body.allowedMethods === undefined ? [] : ([] as unknown[]).concat(body.allowedMethods).map(text);
  const values: AdminSettingsValues = {
    enforcement: chosen === 'all' || chosen === 'roles' ? chosen : 'off',
    roles: text(body.roles),
    graceDays: text(body.graceDays),
    allowedMethods: methods,
    skipNetworks: text(body.skipNetworks),
    trustedDeviceDays: text(body.trustedDeviceDays),
  };
  const enforcement = chosen === 'roles' ? { roles: lines(values.roles) } : chosen === 'all' || chosen === 'off' ? chosen : chosen || undefined;
  return {
    values,
    changes: {
      enforcement,
      graceDays: days(values.graceDays),
      allowedMethods: methods,
      skipNetworks: values.skipNetworks.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== ''),
      trustedDeviceDays: days(values.trustedDeviceDays),
    },
  };
}

/** A JSON body: the settings fields given (any of them); `expectedVersion` and CSRF fields are not settings. */
export function changesFromJson(body: Record<string, unknown>, ignored: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([key]) => key !== 'expectedVersion' && !ignored.includes(key)));
}

/** `expectedVersion` from a form (text) or JSON (a number); absent: the change applies to the newest. */
export function expectedVersionOf(body: Record<string, unknown>): number | undefined {
  const value = body.expectedVersion;
  if (value === undefined || value === '') return undefined;
  const version = typeof value === 'string' && /^\d{1,12}$/.test(value) ? Number(value) : value;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    throw new TwoStepError('invalid_request', 'expectedVersion must be the version the change was made against (a whole number, as GET answered it).');
  }
  return version;
}

/**
 * Each refusal beside the form field it belongs to (`skipNetworks[2]` by the networks box, a
 * role by the groups box), in the page's language.
 */
export function formErrors(fields: readonly SettingsFieldError[], values: AdminSettingsValues, texts: PageTexts): AdminFieldError[] {
  return fields.map((refusal) => {
    const { field, reason } = refusal;
    const base = field.replace(/[.[].*$/, '');
    const formField = field.startsWith('enforcement.roles') || (base === 'enforcement' && values.enforcement === 'roles')
      ? 'roles'
      : (SETTING_FIELDS as readonly string[]).includes(base) ? base : '';
    return { field: formField, reason, message: refusalText(texts, refusal) };
  });
}
