/** The emails twostep sends the user about their account's security. */
import { isMethodType, unitOf } from '../methods/method-units.js';

export const NOTIFICATION_KINDS = ['methodAdded', 'methodRemoved', 'locked', 'recoveryUsed', 'adminReset'] as const;
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
}


/** A dual-stack server sees IPv4 clients as `::ffff:192.0.2.7`; people know them as `192.0.2.7`. */
export function readableIp(ip: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  return mapped ? mapped[1]! : ip;
}

function when(data: NotificationData): string {
  return `${new Date(data.at).toUTCString()}${data.ip ? ` from IP address ${readableIp(data.ip)}` : ''}`;
}

/** The method, at the start of a sentence. */
function methodSubject(data: NotificationData): string {
  const name = isMethodType(data.method) ? unitOf(data.method).notificationName : 'a verification method';
  return `${name[0]!.toUpperCase()}${name.slice(1)}`;
}

const NOT_YOU = 'If this was not you, change your password now and contact your administrator.';

export const defaultTemplates: Record<NotificationKind, NotificationTemplate> = {
  // Procare's exact subject: users and help desks recognise it.
  methodAdded: (data) => ({
    subject: 'A two-factor authentication device has been added',
    text: `${methodSubject(data)} was added to your account for two-step verification on ${when(data)}.\n\n${NOT_YOU}`,
  }),
  methodRemoved: (data) => ({
    subject: 'A two-factor authentication device has been removed',
    text: `${methodSubject(data)} was removed from your account's two-step verification on ${when(data)}.\n\n${NOT_YOU}`,
  }),
  locked: (data) => ({
    subject: 'Two-step verification locked after failed attempts',
    text: `Too many wrong verification codes were entered for your account (last on ${when(data)}). Verification is locked until ${new Date(data.lockedUntil ?? data.at).toUTCString()}.\n\n${NOT_YOU}`,
  }),
  recoveryUsed: (data) => ({
    subject: data.remaining === 0 ? 'You have no recovery codes left' : `Only ${data.remaining} recovery codes left`,
    text: `A recovery code was used to sign in to your account on ${when(data)}. ${data.remaining === 0 ? 'None are left' : `Only ${data.remaining} are left`}: generate new recovery codes in your two-step verification settings.\n\n${NOT_YOU}`,
  }),
  adminReset: (data) => ({
    subject: 'Your two-step verification was reset',
    text: `An administrator reset two-step verification for your account on ${new Date(data.at).toUTCString()}. Set up a verification method at your next sign-in.\n\nIf you did not ask for this, contact your administrator.`,
  }),
};
