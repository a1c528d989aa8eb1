import type { CoreContext } from '../core/context.js';
import { confirmedMethods } from '../core/enrolment-snapshot.js';
import type { TwoStepEventBase } from '../events.js';
import { unitOf } from '../methods/method-units.js';
import { defaultTemplates, type NotificationData, type NotificationKind, type NotificationOptions } from './templates.js';

/** Warn about recovery codes only when the user is about to run out. */
const RECOVERY_WARN_AT = 2;

/**
 * Emails the user about security changes, driven by the event bus so every path that
 * adds a method or locks an account (routes, admin API, another feature) is covered.
 * Runs after the request's answer is decided: a mail failure never breaks a sign-in.
 */
export function subscribeNotifications(ctx: CoreContext, settings: false | Readonly<NotificationOptions>): void {
  const send = ctx.options.delivery.email;
  if (settings === false || !send) return;

  const notify = async (kind: NotificationKind, event: TwoStepEventBase, extra: Partial<NotificationData> = {}) => {
    const template = settings.templates?.[kind] ?? defaultTemplates[kind];
    if (template === false) return;
    const to = await recipientOf(ctx, event.userId);
    if (!to) return;
    const data: NotificationData = { userId: event.userId, at: event.at, ...(event.ip ? { ip: event.ip } : {}), ...(event.method ? { method: event.method } : {}), ...extra };
    const email = template(data);
    await send({ to, subject: email.subject, text: email.text, ...(email.html ? { html: email.html } : {}), purpose: `notification:${kind}`, userId: event.userId });
  };

  ctx.events.on('method.added', (event) => notify('methodAdded', event));
  ctx.events.on('method.removed', (event) => notify('methodRemoved', event));
  ctx.events.on('locked', (event) => notify('locked', event, { lockedUntil: event.lockedUntil }));
  ctx.events.on('recovery.used', async (event) => {
    if (event.remaining <= RECOVERY_WARN_AT) await notify('recoveryUsed', event, { remaining: event.remaining });
  });
  ctx.events.on('admin.reset', (event) => notify('adminReset', event));
}

/** The app's address for the user first (it survives a reset); else a verified email method. */
async function recipientOf(ctx: CoreContext, userId: string): Promise<string | undefined> {
  const { load, email } = ctx.options.users;
  if (load && email) {
    const user = await load(userId);
    const address = user ? email(user) : undefined;
    if (address) return address;
  }
  const record = await ctx.enrolments.read(userId);
  return record ? confirmedMethods(record.enrolment).find((m) => unitOf(m.type).contact?.channel === 'email')?.address : undefined;
}
