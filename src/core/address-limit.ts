/**
 * The limit per client address (SPEC "One address cannot spray"): sliding windows in the
 * counters store, beside the per-account lockout and never instead of it. The lockout stops
 * guessing at one account; this stops one address from walking through many accounts'
 * attempts, sends and passkey sign-ins.
 *
 * The address is Express's `req.ip` (the app's `trust proxy` decides it, as for trusted
 * networks), grouped: an IPv4 address (IPv4-mapped IPv6 included) stands alone, an IPv6
 * address counts with its /56, the smallest block a home or office is usually given, so a
 * client cannot step through the 2^72 addresses it owns. The store sees only a keyed hash.
 */
import { isoInstant } from '../clock.js';
import { keyedHash } from '../crypto/keyed-hash.js';
import { memoPerKey } from '../hot-path.js';
import { randomId } from '../crypto/random.js';
import { TwoStepError } from '../errors.js';
import type { WindowSlot } from '../store/types.js';
import type { CoreContext } from './context.js';
import { parseAddress } from './network-ranges.js';

/** What a window counts. */
export type WindowKind = 'answers' | 'sends' | 'passkey-options' | 'passkey-handle';

/** The group an address counts in: `4:<address>`, `6:<its /56 prefix>`, or `?` when there is none to read. */
export function addressGroup(ip: string | undefined): string {
  const parsed = parseAddress(ip);
  if (parsed === null) return '?';
  return parsed.family === 4 ? `4:${parsed.value}` : `6:${(parsed.value >> 72n).toString(16)}`;
}

function maxOf(limit: NonNullable<CoreContext['options']['addressLimit']>, kind: WindowKind): number {
  switch (kind) {
    case 'answers':
      return limit.wrongAnswers;
    case 'sends':
      return limit.sends;
    case 'passkey-options':
      return limit.passkeyOptions;
    case 'passkey-handle':
      return limit.passkeyFailuresPerHandle;
  }
}

/** A fresh hit in the `kind` window of `subject` (already a keyed hash or other opaque value); undefined when the limit is off. */
function slotFor(ctx: CoreContext, kind: WindowKind, subject: string): WindowSlot | undefined {
  const limit = ctx.options.addressLimit;
  if (limit === null) return undefined;
  return { key: `${kind}.${subject}`, windowSeconds: limit.windowSeconds, max: maxOf(limit, kind), member: nextMember() };
}

/**
 * A window entry only needs to be unique (it is released by name), not unguessable: nobody
 * but the store sees it. A random prefix per process and a counter make it unique across
 * processes at a fraction of a random id's cost (0.5 µs against 9–20 µs per hit).
 */
const MEMBER_PREFIX = randomId(9);
let memberCount = 0;
function nextMember(): string {
  memberCount = (memberCount + 1) % Number.MAX_SAFE_INTEGER;
  return `${MEMBER_PREFIX}.${memberCount.toString(36)}`;
}

/**
 * The keyed hash of recent address groups, per process and per secret: a client sends many
 * requests from one address, and the hash (an HMAC, 7–15 µs) is the same each time. Bounded:
 * at 10,000 groups the oldest goes first, so a spray of addresses costs memory never above it.
 */
export const ADDRESS_HASH_CACHE_SIZE = 10_000;
const addressHashes = memoPerKey(ADDRESS_HASH_CACHE_SIZE);
function addressHash(hashKey: Buffer, group: string): string {
  return addressHashes(hashKey, group, () => keyedHash(hashKey, 'client-address', group));
}

/**
 * A hit in the client address's `kind` window. No address, no window: a request always has
 * one (`req.ip`); a call of the library's own API (`verifyCode`) may not, and one shared
 * window for all of those would let anyone stop everyone.
 */
export function addressSlot(ctx: CoreContext, kind: Exclude<WindowKind, 'passkey-handle'>, ip: string | undefined): WindowSlot | undefined {
  if (ip === undefined) return undefined;
  return slotFor(ctx, kind, addressHash(ctx.keys.hashKey, addressGroup(ip)));
}

/** A hit in a passkey user handle's window of failed sign-ins (any handle, ours or not). */
export function handleSlot(ctx: CoreContext, handle: string): WindowSlot | undefined {
  return slotFor(ctx, 'passkey-handle', keyedHash(ctx.keys.hashKey, 'passkey-handle', handle));
}

export function rateLimitedError(retryAt: number, nowMs: number): TwoStepError {
  const retryAfterSeconds = Math.max(1, Math.ceil((retryAt - nowMs) / 1000));
  return new TwoStepError('rate_limited', `Too many attempts came from your network. Try again after ${isoInstant(retryAt)}.`, {
    details: { retryAfterSeconds },
  });
}

/** Takes a hit, or throws `429 rate_limited` (with `Retry-After`) when the window is full. Returns the hit, to release it. */
export async function takeSlot(ctx: CoreContext, slot: WindowSlot | undefined): Promise<WindowSlot | undefined> {
  if (slot === undefined) return undefined;
  const nowMs = ctx.options.now();
  const result = await ctx.store.takeWindowSlot({ ...slot, nowMs });
  if (result.outcome === 'full') throw rateLimitedError(result.retryAt, nowMs);
  return slot;
}

/** Gives a hit back; a failure is logged, not thrown: the hit then leaves with its window. */
export async function releaseSlot(ctx: CoreContext, slot: WindowSlot | undefined): Promise<void> {
  if (slot === undefined) return;
  try {
    await ctx.store.releaseWindowSlot({ key: slot.key, member: slot.member });
  } catch (error) {
    console.warn('twostep: could not give back a hit of the limit per client address; it leaves with its window', error);
  }
}
