/**
 * Whether an rpID is a domain someone can own, by the Public Suffix List (PSL). Browsers
 * refuse a relying party id that is a public suffix (`co.uk`, `github.io`, `herokuapp.com`):
 * anyone can register a name under it, so a passkey bound to it would be shared by every site
 * there. They use the whole list, the private section included, so this does too. The list
 * changes every week; `tldts` ships it, kept current by its maintainers, where a copy of our
 * own would go stale unseen.
 */
import { parse } from 'tldts';

export type RpIdKind =
  | { kind: 'registrable' }
  | { kind: 'ip' }
  | { kind: 'public-suffix'; suffix: string };

/** `localhost` and `*.localhost` are the development names every browser allows. */
export function isLocalhost(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost');
}

export function classifyRpId(host: string): RpIdKind {
  if (isLocalhost(host)) return { kind: 'registrable' };
  const parsed = parse(host, { allowPrivateDomains: true });
  if (parsed.isIp) return { kind: 'ip' };
  // No registrable domain: the whole name is a public suffix (a wildcard rule's too).
  if (parsed.domain === null) return { kind: 'public-suffix', suffix: parsed.publicSuffix ?? host };
  return { kind: 'registrable' };
}

/** The registrable domain of a host ("myclinic.co.uk" for "login.myclinic.co.uk"), or null. */
export function registrableDomainOf(host: string): string | null {
  return parse(host, { allowPrivateDomains: true }).domain;
}
