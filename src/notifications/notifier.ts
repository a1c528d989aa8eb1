import type { CoreContext } from '../core/context.js';
import { confirmedMethods } from '../core/enrolment-snapshot.js';
import type { TwoStepEventBase } from '../events.js';
import { unitOf } from '../methods/method-units.js';
import { messageLanguage } from '../core/message-language.js';
import { emailTemplates, type NotificationData, type NotificationKind, type NotificationTemplate, type ResolvedNotifications } from './templates.js';
import type { EmailTexts } from './packs/en.js';
import type { Languages, MessageLanguage } from '../core/core-options.js';

/** The languages on offer, with their email texts. */
export type EmailLanguages = Languages<MessageLanguage & { readonly emails: Readonly<EmailTexts> }>;

/** Warn about recovery codes only when the user is about to run out. */
const RECOVERY_WARN_AT = 2;

/**
 * Emails the user about security changes, driven by the event bus so every path that
 * adds a method or locks an account (routes, admin API, another feature) is covered.
 * Runs after the request's answer is decided: a mail failure never breaks a sign-in.
 */
export function subscribeNotifications(ctx: CoreContext, settings: false | Readonly<ResolvedNotifications>, languages: EmailLanguages): void {
  const send = ctx.options.delivery.email;
  if (settings === false || !send) return;

  const written = new WeakMap<object, Record<NotificationKind, NotificationTemplate>>();
  const notify = async (kind: NotificationKind, event: TwoStepEventBase, extra: Partial<NotificationData> = {}) => {
    const own = settings.templates[kind];
    if (own === false) return;
    const user = await loadUser(ctx, event.userId);
    const to = await recipientOf(ctx, event.userId, user);
    if (!to) return;
    const { tag } = await messageLanguage(ctx, { userId: event.userId, ...(event.lang ? { lang: event.lang } : {}) }, user);
    const language = languages.offered.get(tag.toLowerCase()) ?? languages.fallback;
    let templates = written.get(language);
    if (!templates) written.set(language, templates = emailTemplates(language.emails, language.tag));
    const data: NotificationData = {
      userId: event.userId, at: event.at, ...(event.ip ? { ip: event.ip } : {}), ...(event.method ? { method: event.method } : {}), ...extra, lang: language.tag,
    };
    const email = (own ?? templates[kind])(data);
    await send({ to, subject: email.subject, text: email.text, ...(email.html ? { html: email.html } : {}), purpose: `notification:${kind}`, userId: event.userId });
  };

  ctx.events.on('method.added', (event) => notify('methodAdded', event));
  ctx.events.on('method.removed', (event) => notify('methodRemoved', event));
  ctx.events.on('locked', (event) => notify('locked', event, { lockedUntil: event.lockedUntil }));
  ctx.events.on('recovery.used', async (event) => {
    if (event.remaining <= RECOVERY_WARN_AT) await notify('recoveryUsed', event, { remaining: event.remaining });
  });
  ctx.events.on('admin.reset', (event) => notify('adminReset', event));
  const links = settings.newSignInLinks;
  // `signin.new` fires only with `notifications.newSignIn` on (core/new-sign-in.ts), after the sign-in was answered.
  if (links) ctx.events.on('signin.new', (event) => notify('newSignIn', event, { links, ...(event.userAgent ? { userAgent: event.userAgent } : {}) }));
}

/** The user, when the app can load one by id (for its address and its language); undefined when it cannot. */
async function loadUser(ctx: CoreContext, userId: string): Promise<unknown> {
  const { load, email, language } = ctx.options.users;
  return load && (email || language) ? (await load(userId)) ?? null : undefined;
}

/** The app's address for the user first (it survives a reset); else a verified email method. */
async function recipientOf(ctx: CoreContext, userId: string, user: unknown): Promise<string | undefined> {
  const { email } = ctx.options.users;
  if (email && user !== undefined && user !== null) {
    const address = email(user);
    if (address) return address;
  }
  const record = await ctx.enrolments.read(userId);
  return record ? confirmedMethods(record.enrolment).find((m) => unitOf(m.type).contact?.channel === 'email')?.address : undefined;
}
