import { keyedHash, timingSafeEqualStrings } from '../crypto/keyed-hash.js';
import { randomId, randomToken } from '../crypto/random.js';
import type { TrustedDeviceRecord } from '../store/types.js';
import type { Actor, CoreContext } from './context.js';
import { organisationRulesFor } from './organisation-rules.js';

/** What the browser keeps: `<deviceId>.<token>`, opaque, meaningless without the server record. */
const COOKIE_VALUE = /^([A-Za-z0-9_-]{8,64})\.([A-Za-z0-9_-]{20,128})$/;

export interface DeviceCookie {
  value: string;
  expiresAt: number;
}

/** Bound to the user and the device: a token is worthless under another account's records. */
function tokenHash(ctx: CoreContext, userId: string, deviceId: string, token: string): string {
  return keyedHash(ctx.keys.hashKey, 'device', `${userId}\u0000${deviceId}\u0000${token}`);
}

/**
 * How long "remember this browser" lasts for this user, in seconds: the option, shortened by
 * the user's organisations' `trustedDeviceDays` (the fewest wins; 0 turns it off). What the
 * challenge page offers and what the cookie gets are both this one answer.
 */
export async function rememberSecondsFor(ctx: CoreContext, user: unknown): Promise<number> {
  const days = (await organisationRulesFor(ctx, user)).trustedDeviceDays;
  return Math.min(ctx.options.trustedDevices.maxAgeSeconds, days === null ? Infinity : days * 86_400);
}

/** "Remember this device": a server record with a TTL and a fresh cookie value. */
export async function trustDevice(ctx: CoreContext, actor: Actor, label: string, maxAgeSeconds = ctx.options.trustedDevices.maxAgeSeconds): Promise<DeviceCookie> {
  const nowMs = ctx.options.now();
  const id = randomId();
  const token = randomToken();
  const expiresAt = nowMs + maxAgeSeconds * 1000;
  await ctx.store.putDevice(actor.userId, {
    id, tokenHash: tokenHash(ctx, actor.userId, id, token), label: label.slice(0, 120), createdAt: nowMs, lastUsedAt: nowMs, expiresAt,
  });
  ctx.events.emit('device.trusted', { userId: actor.userId, ip: actor.ip, at: nowMs, method: 'device', outcome: 'info', deviceId: id });
  return { value: `${id}.${token}`, expiresAt };
}

/**
 * Checks a device cookie for this user and rotates it (compare-and-swap, so a copied
 * cookie works at most once before the real browser or the thief loses it). The expiry
 * does not slide: remembering lasts `maxAgeSeconds` from the verification. Null when the
 * cookie is absent, malformed, foreign, expired, revoked or already rotated, or — with
 * `maxAgeMs` (an organisation's shorter `trustedDeviceDays`) — remembered longer ago than that.
 */
export async function useTrustedDevice(ctx: CoreContext, userId: string, cookieValue: string | undefined, maxAgeMs?: number): Promise<(DeviceCookie & { deviceId: string }) | null> {
  const nowMs = ctx.options.now();
  const presented = await presentedDevice(ctx, userId, cookieValue, nowMs, maxAgeMs);
  if (!presented) return null;
  const { deviceId, tokenHash: presentedHash, record } = presented;
  const next = randomToken();
  const rotated = await ctx.store.rotateDevice(userId, deviceId, {
    expectedTokenHash: presentedHash,
    newTokenHash: tokenHash(ctx, userId, deviceId, next),
    lastUsedAt: nowMs,
    expiresAt: record.expiresAt,
  });
  return rotated ? { deviceId, value: `${deviceId}.${next}`, expiresAt: record.expiresAt } : null;
}

/**
 * Whether the cookie is one of the user's remembered browsers, still in force (whatever an
 * organisation's shorter `trustedDeviceDays` says: the device is known even when it is asked
 * again). Reads only: nothing is rotated, so it can run beside the sign-in that presented it.
 */
export async function isKnownDevice(ctx: CoreContext, userId: string, cookieValue: string | undefined): Promise<boolean> {
  return (await presentedDevice(ctx, userId, cookieValue, ctx.options.now())) !== null;
}

/**
 * The one check of a presented cookie, for using it and for recognising it: well-formed, a
 * record of this user's in force (and, with `maxAgeMs`, remembered no longer ago than that),
 * and its token the record's, compared in constant time. Null otherwise.
 */
async function presentedDevice(ctx: CoreContext, userId: string, cookieValue: string | undefined, nowMs: number, maxAgeMs?: number) {
  const match = cookieValue === undefined ? null : COOKIE_VALUE.exec(cookieValue);
  if (!match) return null;
  const [, deviceId, token] = match as unknown as [string, string, string];
  const record = await ctx.store.getDevice(userId, deviceId, nowMs);
  if (!record || record.expiresAt <= nowMs) return null;
  if (maxAgeMs !== undefined && record.createdAt + maxAgeMs <= nowMs) return null;
  const presented = tokenHash(ctx, userId, deviceId, token);
  return timingSafeEqualStrings(presented, record.tokenHash) ? { deviceId, tokenHash: presented, record } : null;
}

export async function revokeAllDevices(ctx: CoreContext, actor: Actor): Promise<number> {
  const count = await ctx.store.deleteAllDevices(actor.userId);
  if (count > 0) ctx.events.emit('device.revoked', { userId: actor.userId, ip: actor.ip, at: ctx.options.now(), method: 'device', outcome: 'info', count });
  return count;
}

export async function revokeDevice(ctx: CoreContext, actor: Actor, deviceId: string): Promise<boolean> {
  const deleted = await ctx.store.deleteDevice(actor.userId, deviceId);
  if (deleted) ctx.events.emit('device.revoked', { userId: actor.userId, ip: actor.ip, at: ctx.options.now(), method: 'device', outcome: 'info', deviceId, count: 1 });
  return deleted;
}

/** The user's remembered browsers still in force, without their token hashes. */
export async function listTrustedDevices(ctx: CoreContext, userId: string): Promise<Omit<TrustedDeviceRecord, 'tokenHash'>[]> {
  const devices = await ctx.store.listDevices(userId, ctx.options.now());
  return devices.map(({ id, label, createdAt, lastUsedAt, expiresAt }) => ({ id, label, createdAt, lastUsedAt, expiresAt }));
}
