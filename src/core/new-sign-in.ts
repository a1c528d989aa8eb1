/**
 * New-sign-in alerts (`notifications.newSignIn`): the one place that decides whether a
 * verified sign-in is "new". New means both a new device (no valid trusted-device cookie was
 * presented) and a new network (the client's /24, or /48 for IPv6, not seen for this user in
 * `networkMemoryDays`). The first sign-in noted for a user (after enrolment, a reset, a long
 * absence) only notes the network: there is nothing yet to compare with. Then `signin.new`
 * fires; the notifier emails the user from it, and the app may listen too.
 *
 * It runs beside the sign-in, never in its way: the answer does not wait for it, and a store
 * that fails here loses an alert, not a sign-in.
 */
import { keyedHash } from '../crypto/keyed-hash.js';
import type { MethodType } from '../enrolments/records.js';
import type { Actor, CoreContext } from './context.js';
import { parseAddress } from './network-ranges.js';
import { isKnownDevice } from './trusted-device.js';

/** The most networks remembered per user: a commuter's handful, bounded against a roaming attacker. */
export const MAX_NETWORKS_PER_USER = 50;
/** How long a user stays "known" (their next sign-in can alert) after the last one: past the longest remembered device. */
export const USER_MEMORY_DAYS = 400;
const DAY_MS = 86_400_000;

/** How the user got past the second step, as far as newness is concerned. */
export type SignInRoad = 'factor' | 'trusted-device' | 'trusted-network';

/**
 * The network an address belongs to: its /24 (IPv4, IPv4-mapped IPv6 included) or /48
 * (IPv6, a site's usual allocation); null when there is no address to read.
 */
export function networkOf(ip: string | undefined): string | null {
  const parsed = parseAddress(ip);
  if (parsed === null) return null;
  return parsed.family === 4 ? `4:${(parsed.value >>> 8).toString(16)}` : `6:${(parsed.value >> 80n).toString(16)}`;
}

/**
 * Bound to the user, so one network's hash differs between users and the store cannot tell
 * that two users share an office. Keyed, so it cannot be reversed by walking the 2^24 /24s.
 */
function networkKey(ctx: CoreContext, userId: string, network: string): string {
  return keyedHash(ctx.keys.hashKey, 'sign-in-network', `${userId}\u0000${network}`);
}

/**
 * Notes a verified sign-in and, when it is new, fires `signin.new`. Returns at once; the
 * work runs on its own and its failures are only logged. `at` is the sign-in's instant.
 */
export function watchForNewSignIn(ctx: CoreContext, actor: Actor, road: SignInRoad, method: MethodType | 'recovery' | 'ip' | 'device', at: number): void {
  const settings = ctx.options.newSignIn;
  if (settings === null) return;
  const network = networkOf(actor.ip);
  // No address (a sign-in through the library's API, not a request): nothing to compare.
  if (network === null) return;
  void noteSignIn(ctx, actor, road, network, settings).then((isNew) => {
    if (!isNew) return;
    ctx.events.emit('signin.new', {
      userId: actor.userId, at, method, outcome: 'info',
      ...(actor.ip ? { ip: actor.ip } : {}), ...(actor.lang ? { lang: actor.lang } : {}), ...(actor.userAgent ? { userAgent: actor.userAgent } : {}),
    });
  }, (error: unknown) => {
    console.warn('twostep: could not note the sign-in for new-sign-in alerts; no alert for it', error);
  });
}

async function noteSignIn(ctx: CoreContext, actor: Actor, road: SignInRoad, network: string, settings: NonNullable<CoreContext['options']['newSignIn']>): Promise<boolean> {
  // A remembered browser is a known device by definition; a trusted network (`skipNetworks`)
  // is the operator's own: neither alerts, both keep the network fresh.
  const newDevice = road === 'factor' && !(await isKnownDevice(ctx, actor.userId, actor.deviceCookie));
  const note = await ctx.store.noteSignIn({
    userId: actor.userId,
    networkKey: networkKey(ctx, actor.userId, network),
    nowMs: ctx.options.now(),
    memoryMs: settings.networkMemoryDays * DAY_MS,
    userMemoryMs: Math.max(USER_MEMORY_DAYS, settings.networkMemoryDays) * DAY_MS,
    minIntervalMs: settings.minIntervalSeconds * 1000,
    maxNetworks: MAX_NETWORKS_PER_USER,
    newDevice,
  });
  return note.alertAllowed;
}
