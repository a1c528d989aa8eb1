/**
 * `notifications.newSignIn`: off unless asked for; `true` takes the defaults. Validated once,
 * here; what the core decides with (`NewSignInSettings`) and what the email links to
 * (`AccountLinks`) come out of it together.
 */
import type { NewSignInSettings } from '../core/core-options.js';
import { fail, knownKeys, positiveInteger, show } from '../option-checks.js';

export interface NewSignInOptions {
  /** At most one new-sign-in email per user within this long. @default 3600 (1 hour) */
  minIntervalSeconds?: number;
  /** A network (/24, or /48 for IPv6) not seen for the user for this many days is new again. @default 90 */
  networkMemoryDays?: number;
  /**
   * Where the email's links point: the app's address as users reach it, with the path prefix
   * the app is served under, if any (`'https://clinic.example'`, `'https://example.com/clinic'`).
   * @default the first of `webauthn.origins`, when passkeys are on; otherwise required
   */
  linkBase?: string;
}

/** The pages a new-sign-in email sends the user to. */
export interface AccountLinks {
  /** The settings page's "Sign out all other sessions" (`POST {mountPath}/sessions/revoke-others` is its button). */
  signOutEverywhere: string;
  /** The two-step verification settings page (`GET {mountPath}`). */
  securitySettings: string;
}

/** Where on the settings page the "Sign out all other sessions" button is (`pages/settings-page.ts`). */
export const SESSIONS_ANCHOR = 'sessions';

export function resolveNewSignIn(value: unknown, mountPath: string, webauthnOrigin: string | undefined): { settings: Readonly<NewSignInSettings>; links: Readonly<AccountLinks> } | null {
  if (value === undefined || value === false) return null;
  if (value !== true && (typeof value !== 'object' || value === null || Array.isArray(value))) {
    fail(`notifications.newSignIn must be true or an object like { linkBase: 'https://clinic.example' }, got ${show(value)}.`);
  }
  const given = value === true ? {} : knownKeys('notifications.newSignIn', value, ['minIntervalSeconds', 'networkMemoryDays', 'linkBase']);
  const base = linkBaseOf(given.linkBase ?? webauthnOrigin);
  const settings = Object.freeze({
    minIntervalSeconds: positiveInteger('notifications.newSignIn.minIntervalSeconds', given.minIntervalSeconds, 3600, 86_400 * 30),
    networkMemoryDays: positiveInteger('notifications.newSignIn.networkMemoryDays', given.networkMemoryDays, 90, 400),
  });
  const settingsPage = `${base}${mountPath}`;
  return { settings, links: Object.freeze({ signOutEverywhere: `${settingsPage}#${SESSIONS_ANCHOR}`, securitySettings: settingsPage }) };
}

/** An absolute http(s) address without query or fragment; http only for localhost. No trailing "/". */
function linkBaseOf(value: unknown): string {
  if (value === undefined) {
    fail("notifications.newSignIn needs an absolute address for the email's links: set `notifications.newSignIn.linkBase` to your app's address, like 'https://clinic.example'.");
  }
  let url: URL | undefined;
  try {
    if (typeof value === 'string') url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    fail(`notifications.newSignIn.linkBase must be your app's absolute address, like 'https://clinic.example', got ${show(value)}.`);
  }
  const local = url.hostname === 'localhost' || url.hostname.endsWith('.localhost') || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
  if (url.protocol === 'http:' && !local) {
    fail(`notifications.newSignIn.linkBase ${show(value)} is not https: links in an email must not send the user to a page others can read or change. Use 'https://${url.host}${url.pathname.replace(/\/$/, '')}'.`);
  }
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    fail(`notifications.newSignIn.linkBase ${show(value)} must be only the address (scheme, host, optional path), without "?", "#" or a user name: ${show(`${url.origin}${url.pathname.replace(/\/$/, '')}`)}.`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
