/**
 * The browser and system a `User-Agent` names, in words a person recognises ("Firefox on
 * Windows"), for the new-sign-in email. Our own small table rather than a parsing library:
 * the email needs the dozen names people know, not versions or devices, and an unrecognised
 * string must say "an unknown browser" rather than guess. Order matters: browsers built on
 * Chrome carry "Chrome/" and "Safari/" too, and iPhones say "like Mac OS X".
 */
import { fill } from '../pages/texts.js';
import { enEmailTexts, type EmailTexts } from './packs/en.js';

export interface UserAgentNames {
  browser?: string;
  os?: string;
}

/** First match wins. */
const BROWSERS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bEdg(?:e|A|iOS)?\/\d/, 'Edge'],
  [/\bOPR\/\d|\bOpera\b/, 'Opera'],
  [/\bSamsungBrowser\/\d/, 'Samsung Internet'],
  [/\bVivaldi\/\d/, 'Vivaldi'],
  [/\b(?:Firefox|FxiOS)\/\d/, 'Firefox'],
  [/\bMSIE \d|\bTrident\/\d/, 'Internet Explorer'],
  [/\b(?:Chrome|CriOS|HeadlessChrome)\/\d/, 'Chrome'],
  [/\bVersion\/\d[\d.]* (?:Mobile\/\w+ )?Safari\/\d/, 'Safari'],
];

const SYSTEMS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\biPhone\b/, 'iPhone'],
  [/\biPad\b/, 'iPad'],
  [/\biPod\b/, 'iPod'],
  [/\bAndroid\b/, 'Android'],
  [/\bWindows\b/, 'Windows'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bLinux\b|\bX11\b/, 'Linux'],
];

function firstMatch(table: ReadonlyArray<readonly [RegExp, string]>, text: string): string | undefined {
  return table.find(([pattern]) => pattern.test(text))?.[1];
}

/** The names a user agent gives; either may be missing. */
export function describeUserAgent(userAgent: string | undefined): UserAgentNames {
  if (typeof userAgent !== 'string' || userAgent === '') return {};
  const text = userAgent.slice(0, 512);
  const browser = firstMatch(BROWSERS, text);
  const os = firstMatch(SYSTEMS, text);
  return { ...(browser ? { browser } : {}), ...(os ? { os } : {}) };
}

/** "Firefox on Windows", "Chrome", "an unknown browser on Linux", "an unknown browser": in the texts' language (English by default). */
export function userAgentInWords(userAgent: string | undefined, texts: Readonly<EmailTexts> = enEmailTexts): string {
  const { browser, os } = describeUserAgent(userAgent);
  if (browser && os) return fill(texts.emailDeviceBrowserOn, { browser, os });
  if (browser) return browser;
  return os ? fill(texts.emailDeviceUnknownOn, { os }) : texts.emailDeviceUnknown;
}
