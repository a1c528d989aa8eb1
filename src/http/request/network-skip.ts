import type { Request } from 'express';
import { compileNetworks, type NetworkMatcher } from '../../core/network-ranges.js';
import type { ResolvedOptions } from '../../options-types.js';

/** Only the options: the resolver is built before the HTTP context it becomes part of. */
type WithOptions = { readonly options: Pick<ResolvedOptions, 'skipNetworks'> };
import { assertPlausibleTrustProxy } from './trust-proxy-check.js';

/**
 * Refuses a permissive `trust proxy` when networks are trusted (see `trust-proxy-check.ts`).
 * Express only exposes the setting on a request (`req.app`), so this runs on the first
 * request through the gate and again before every network check; it throws, so the
 * request fails closed.
 */
export function assertSafeTrustProxy(ctx: WithOptions, req: Request): void {
  if (ctx.options.skipNetworks === null) return;
  assertPlausibleTrustProxy(req);
}

const CACHE_LIMIT = 256;

/** Per-organisation lists, compiled once per distinct list (organisations share few lists). */
export function createNetworkResolver(ctx: WithOptions) {
  const cache = new Map<string, NetworkMatcher | null>();
  function compileCached(list: readonly string[]): NetworkMatcher | null {
    const key = list.join('\n');
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    let compiled: NetworkMatcher | null;
    try {
      compiled = compileNetworks(list);
    } catch (error) {
      // A bad entry from the app's function: trust nothing from this list (fail closed).
      console.warn(`twostep: skipNetworks returned an invalid range, so no network is trusted for this user: ${(error as Error).message}`);
      compiled = null;
    }
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(key, compiled);
    return compiled;
  }

  /** What the app's `skipNetworks` option says: null when it is not set. */
  async function byCode(user: unknown, req: Request): Promise<boolean | null> {
    const setting = ctx.options.skipNetworks;
    if (setting === null) return null;
    if (typeof setting !== 'function') return setting.matches(req.ip);
    let list: readonly string[];
    try {
      list = await setting(user, req);
    } catch (error) {
      console.warn('twostep: skipNetworks threw, so no network is trusted for this sign-in', error);
      return false;
    }
    if (!Array.isArray(list)) return false;
    if (list.length === 0) return false;
    return compileCached(list)?.matches(req.ip) ?? false;
  }

  /**
   * Whether this request comes from a network trusted for this user. `organisationLists`
   * are the lists of the user's organisations that decide (see `core/organisation-rules.ts`):
   * the address must be in every one. With both the option and the organisations having a
   * say, both must agree (the strictest wins). Throws only on a permissive trust proxy.
   */
  return async function fromTrustedNetwork(user: unknown, req: Request, organisationLists: readonly (readonly string[])[] | null = null): Promise<boolean> {
    if (ctx.options.skipNetworks === null && organisationLists === null) return false;
    assertPlausibleTrustProxy(req);
    const code = await byCode(user, req);
    if (code === false) return false;
    const data = organisationLists === null ? null : organisationLists.every((list) => list.length > 0 && (compileCached(list)?.matches(req.ip) ?? false));
    return (code ?? true) && (data ?? true);
  };
}
