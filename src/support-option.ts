/**
 * `support`: whom a user can ask for help signing in, checked once at start-up. The pages name
 * nobody without it ("ask an administrator" in an app that has none sends people nowhere).
 */
import { fail, knownKeys, show } from './option-checks.js';
import type { SupportContact } from './pages/types.js';

const MAX_CONTACT_CHARS = 200;

export function resolveSupport(value: unknown): Readonly<SupportContact> | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(`\`support\` must be an object like { contact: "the front desk", url: "https://example.com/help" }, or left out to name nobody, got ${show(value)}.`);
  }
  const { contact, url } = knownKeys('support', value, ['contact', 'url']);
  if (typeof contact !== 'string' || contact.trim() === '' || contact.length > MAX_CONTACT_CHARS) {
    fail(`\`support.contact\` must say whom to ask, as it reads after "Ask": a name, a desk or an address of at most ${MAX_CONTACT_CHARS} characters, like "the front desk (555-0100)", got ${show(contact)}.`);
  }
  if (url !== undefined && !isSupportUrl(url)) {
    fail(`\`support.url\` must be an https:// address (like "https://example.com/help") or a path on this site starting with a single "/" (like "/help"), got ${show(url)}. Leave it out to show the contact without a link.`);
  }
  return Object.freeze({ contact: contact.trim(), ...(url === undefined ? {} : { url: url as string }) });
}

/** https only (no `javascript:`, no plain http that a network could rewrite), or this site's own path. */
function isSupportUrl(url: unknown): boolean {
  if (typeof url !== 'string' || url.length === 0 || /[\s\\]/.test(url)) return false;
  if (url.startsWith('/')) return !url.startsWith('//');
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && parsed.hostname !== '' && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}
