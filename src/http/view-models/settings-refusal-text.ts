/**
 * A refused setting in the reader's language: each stable refusal code (from
 * `checkOrganisationSettings`) has one text key, filled with the refusal's own values, so
 * a Spanish practice manager reads Spanish beside the field. The check's English `message`
 * stays what the JSON API answers.
 */
import type { SettingsFieldError, SettingsRefusal } from '../../core/organisation-settings-check.js';
import { fill } from '../../languages.js';
import type { PageTexts, TextKey } from '../../pages/texts.js';

const REFUSAL_TEXTS: { readonly [Reason in SettingsRefusal]: TextKey } = {
  not_an_object: 'adminRefusalNotAnObject',
  unknown_setting: 'adminRefusalUnknownSetting',
  enforcement_choice: 'adminRefusalEnforcementChoice',
  enforcement_no_groups: 'adminRefusalEnforcementNoGroups',
  enforcement_too_many_groups: 'adminRefusalEnforcementTooManyGroups',
  group_name: 'adminRefusalGroupName',
  grace_days_range: 'adminRefusalGraceDays',
  device_days_range: 'adminRefusalDeviceDays',
  methods_not_a_list: 'adminRefusalMethodsNotAList',
  methods_unknown: 'adminRefusalMethodsUnknown',
  methods_none: 'adminRefusalMethodsNone',
  networks_not_a_list: 'adminRefusalNetworksNotAList',
  networks_too_many: 'adminRefusalNetworksTooMany',
  network_not_cidr: 'adminRefusalNetworkNotCidr',
  network_prefix_too_long: 'adminRefusalNetworkPrefix',
};

/** The words for one refusal; an unknown code (a custom settings store's) keeps its own message. */
export function refusalText(texts: PageTexts, refusal: Pick<SettingsFieldError, 'reason' | 'values' | 'message'>): string {
  const key = REFUSAL_TEXTS[refusal.reason];
  return key === undefined ? refusal.message : fill(texts[key], refusal.values);
}
