/**
 * The `webauthn` option: who we are to authenticators (rpID, rpName) and which page origins
 * may answer. Validated once, at `createTwoStep()`, because a wrong rpID does not fail loudly
 * later: every browser simply refuses to create or use a passkey, and users see a vague error.
 */
import { domainToASCII } from 'node:url';
import { fail, knownKeys, show } from '../option-checks.js';
import { classifyRpId, isLocalhost, registrableDomainOf } from './registrable-domain.js';

export type UserVerification = 'required' | 'preferred' | 'discouraged';

export interface WebAuthnOptions {
  /**
   * The relying party id: your registrable domain or a parent of the page's host, without
   * scheme or port ("example.com" for https://login.example.com). Passkeys are bound to it.
   */
  rpID: string;
  /** The name authenticators show ("Example Clinic"). */
  rpName: string;
  /** Page origins that may answer ("https://login.example.com"); http only for localhost. */
  origins: string[];
  /**
   * Whether the authenticator must check who holds it (PIN, fingerprint) for a second factor.
   * Passkey sign-in (`passkeyLogin()`) always requires it, since it replaces the password.
   * @default 'preferred'
   */
  userVerification?: UserVerification;
}

export interface ResolvedWebAuthnOptions {
  readonly rpID: string;
  readonly rpName: string;
  readonly origins: readonly string[];
  readonly userVerification: UserVerification;
}

const USER_VERIFICATION: readonly UserVerification[] = ['required', 'preferred', 'discouraged'];

/** A host name (not an IP literal) in lower-case ASCII, or null. */
function domainOf(value: string): string | null {
  const ascii = domainToASCII(value);
  if (!ascii || ascii.length > 253 || ascii.endsWith('.')) return null;
  if (/^[0-9.]+$/.test(ascii) || ascii.includes(':')) return null;
  return /^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(ascii) ? ascii : null;
}

function checkOrigin(value: unknown, rpID: string): string {
  if (typeof value !== 'string') fail(`webauthn.origins must hold origins like "https://example.com", got ${show(value)}.`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    fail(`webauthn.origins: ${show(value)} is not an origin; write it like "https://login.example.com" (scheme, host, optional port).`);
  }
  if (url.origin !== value) {
    fail(`webauthn.origins: ${show(value)} must be an origin only, exactly as the browser reports it: ${show(url.origin)}.`);
  }
  const host = url.hostname;
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLocalhost(host))) {
    fail(`webauthn.origins: ${show(value)} is not https; browsers offer WebAuthn only on https pages (and http://localhost for development).`);
  }
  // The rule browsers apply: the rpID is the page's host or a registrable suffix of it.
  if (host !== rpID && !host.endsWith(`.${rpID}`)) {
    fail(`webauthn.rpID ${show(rpID)} is not the host of ${show(value)} nor a parent domain of it, so browsers would refuse every passkey there. ` +
      `Set rpID to ${show(host)} or to a parent domain both share (like "example.com"), or remove that origin.`);
  }
  return value;
}

/**
 * The refusal of a public suffix names a domain to use instead: the registrable domain of
 * an origin under it when the origins show one, else an example under the suffix.
 */
function publicSuffixMessage(rpID: string, origins: unknown): string {
  const hosts = Array.isArray(origins) ? origins.flatMap((origin) => {
    try {
      return typeof origin === 'string' ? [new URL(origin).hostname] : [];
    } catch {
      return [];
    }
  }) : [];
  const own = hosts.filter((host) => host.endsWith(`.${rpID}`)).map(registrableDomainOf).find((domain) => domain !== null);
  return `webauthn.rpID ${show(rpID)} is a public suffix (anyone can register a name under it), so browsers refuse it as a relying party. ` +
    `Use your own domain under it, such as ${show(own ?? `clinic.${rpID}`)}.`;
}

export function resolveWebAuthnOptions(value: unknown): ResolvedWebAuthnOptions | null {
  if (value === undefined) return null;
  const options = knownKeys('webauthn', value, ['rpID', 'rpName', 'origins', 'userVerification']);
  const rawId = options.rpID;
  if (typeof rawId === 'string' && classifyRpId(rawId.replace(/^\[|\]$/g, '')).kind === 'ip') {
    fail(`webauthn.rpID cannot be an IP address (got ${show(rawId)}): browsers offer passkeys only on domain names. ` +
      'Serve the pages from a domain and use it (like "example.com"), or "localhost" with http://localhost:<port> for development.');
  }
  const rpID = typeof rawId === 'string' ? domainOf(rawId) : null;
  if (rpID === null || rpID !== rawId) {
    fail(`webauthn.rpID must be a domain name in lower case, without scheme, port or path (like "example.com"), got ${show(rawId)}.` +
      (typeof rawId === 'string' && rawId.includes('://') ? ` Try ${show(new URL(rawId).hostname)}.` : ''));
  }
  if (!rpID.includes('.') && !isLocalhost(rpID)) {
    fail(`webauthn.rpID ${show(rpID)} is a top-level name; browsers need a registrable domain like "example.com" (or "localhost" for development).`);
  }
  const suffix = classifyRpId(rpID);
  if (suffix.kind === 'public-suffix') fail(publicSuffixMessage(rpID, options.origins));
  const rpName = options.rpName;
  if (typeof rpName !== 'string' || rpName.trim() === '' || rpName.length > 64) {
    fail(`webauthn.rpName must be the site's name as users know it (1–64 characters), like "Example Clinic", got ${show(rpName)}.`);
  }
  const origins = options.origins;
  if (!Array.isArray(origins) || origins.length === 0) {
    fail(`webauthn.origins must list the page origins that use passkeys, like ["https://${rpID}"], got ${show(origins)}.`);
  }
  const userVerification = options.userVerification ?? 'preferred';
  if (!USER_VERIFICATION.includes(userVerification as UserVerification)) {
    fail(`webauthn.userVerification must be "required", "preferred" or "discouraged", got ${show(userVerification)}.`);
  }
  return Object.freeze({
    rpID,
    rpName,
    origins: Object.freeze(origins.map((origin) => checkOrigin(origin, rpID))),
    userVerification: userVerification as UserVerification,
  });
}
