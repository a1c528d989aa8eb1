/** The emails twostep sends the user about their account's security, written in the user's language. */
import type { MethodType } from '../enrolments/records.js';
import { fill } from '../pages/texts.js';
import type { AccountLinks, NewSignInOptions } from './new-sign-in-options.js';
import { enEmailTexts, type EmailTextKey, type EmailTexts } from './packs/en.js';
import { userAgentInWords } from './user-agent.js';

export const NOTIFICATION_KINDS = ['methodAdded', 'methodRemoved', 'locked', 'recoveryUsed', 'adminReset', 'newSignIn'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** What a template gets: no code, no secret — only what the user should know. */
export interface NotificationData {
  userId: string;
  /** Epoch milliseconds. */
  at: number;
  ip?: string;
  /** 'totp' | 'email' | 'sms' | 'webauthn' for method events. */
  method?: string;
  lockedUntil?: number;
  /** Recovery codes left. */
  remaining?: number;
  /** New sign-in: the browser's `User-Agent`, as it sent it (`describeUserAgent` names it). */
  userAgent?: string;
  /** New sign-in: where the user signs out everywhere and finds their security settings. */
  links?: AccountLinks;
  /** The language the email is written in: the user's (`users.language`), else the request's, else `lang`. */
  lang?: string;
}

export interface NotificationEmail {
  subject: string;
  text: string;
  html?: string;
}

export type NotificationTemplate = (data: NotificationData) => NotificationEmail;

export interface NotificationOptions {
  /** Replace a template, or turn one notification off with `false`. */
  templates?: Partial<Record<NotificationKind, NotificationTemplate | false>>;
  /**
   * Email the user after a verified sign-in from a new device and a new network (see
   * docs/new-sign-in-alerts.md). `true` takes the defaults. @default false (off)
   */
  newSignIn?: boolean | NewSignInOptions;
}

/** `notifications` resolved: the templates, and the new-sign-in email's links when that email is on. */
export interface ResolvedNotifications {
  templates: Readonly<Partial<Record<NotificationKind, NotificationTemplate | false>>>;
  newSignInLinks: Readonly<AccountLinks> | null;
}

/** A dual-stack server sees IPv4 clients as `::ffff:192.0.2.7`; people know them as `192.0.2.7`. */
export function readableIp(ip: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  return mapped ? mapped[1]! : ip;
}

/** Each method's name in an email. The type is only a key here: what a method does is its unit's. */
const METHOD_NAMES: { readonly [Factor in MethodType | 'recovery']: EmailTextKey } = {
  totp: 'emailMethodTotp',
  email: 'emailMethodEmail',
  sms: 'emailMethodSms',
  webauthn: 'emailMethodWebAuthn',
  recovery: 'emailMethodRecovery',
};

function namesFactor(method: string | undefined): method is MethodType | 'recovery' {
  return method !== undefined && Object.hasOwn(METHOD_NAMES, method);
}

/**
 * A moment as the language writes it, in UTC (an email has no time zone of its reader). English
 * keeps the RFC 7231 form its emails always had; other languages get their own long date.
 */
export function emailTime(ms: number, lang: string): string {
  if (lang === 'en') return new Date(ms).toUTCString();
  try {
    return `${new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(ms)} UTC`;
  } catch {
    return new Date(ms).toUTCString();
  }
}

/** The security emails in one language: its texts, its dates. */
export function emailTemplates(texts: Readonly<EmailTexts>, lang: string): Record<NotificationKind, NotificationTemplate> {
  const time = (ms: number) => emailTime(ms, lang);
  const when = (data: NotificationData) => (data.ip
    ? fill(texts.emailWhenFrom, { time: time(data.at), ip: readableIp(data.ip) })
    : fill(texts.emailWhen, { time: time(data.at) }));
  const method = (data: NotificationData) => texts[namesFactor(data.method) ? METHOD_NAMES[data.method] : 'emailMethodUnknown'];
  const warned = (body: string) => `${body}\n\n${texts.emailNotYou}`;
  return {
    methodAdded: (data) => ({
      subject: texts.emailMethodAddedSubject,
      text: warned(fill(texts.emailMethodAddedBody, { method: method(data), when: when(data) })),
    }),
    methodRemoved: (data) => ({
      subject: texts.emailMethodRemovedSubject,
      text: warned(fill(texts.emailMethodRemovedBody, { method: method(data), when: when(data) })),
    }),
    locked: (data) => ({
      subject: texts.emailLockedSubject,
      text: warned(fill(texts.emailLockedBody, { when: when(data), until: time(data.lockedUntil ?? data.at) })),
    }),
    recoveryUsed: (data) => {
      const count = data.remaining ?? 0;
      const [subject, body] = count === 0
        ? [texts.emailRecoveryNoneSubject, texts.emailRecoveryNoneBody]
        : count === 1 ? [texts.emailRecoveryOneSubject, texts.emailRecoveryOneBody] : [texts.emailRecoveryFewSubject, texts.emailRecoveryFewBody];
      return { subject: fill(subject, { count }), text: warned(fill(body, { when: when(data), count })) };
    },
    adminReset: (data) => ({
      subject: texts.emailAdminResetSubject,
      text: `${fill(texts.emailAdminResetBody, { when: fill(texts.emailWhen, { time: time(data.at) }) })}\n\n${texts.emailAdminResetNotYou}`,
    }),
    newSignIn: (data) => ({
      subject: texts.emailNewSignInSubject,
      text: [
        fill(texts.emailNewSignInBody, { when: when(data), device: userAgentInWords(data.userAgent, texts) }),
        texts.emailNewSignInIfYou,
        ...(data.links ? [fill(texts.emailNewSignInSignOut, { link: data.links.signOutEverywhere }), fill(texts.emailNewSignInSettings, { link: data.links.securitySettings })] : []),
      ].join('\n\n'),
    }),
  };
}

/** The English emails, as an app replacing one template may want to start from. */
export const defaultTemplates: Record<NotificationKind, NotificationTemplate> = emailTemplates(enEmailTexts, 'en');
