import type { Request } from 'express';
import { TwoStepConfigError } from '../../errors.js';

/**
 * More proxies than this in front of one app is not a real deployment (a CDN, a load
 * balancer and an ingress make three); a larger hop count is a setting that trusts clients.
 */
export const MAX_PROXY_HOPS = 4;

/** Hop positions at or beyond the plausible chain where nothing public may be trusted. */
const FAR_HOPS = [MAX_PROXY_HOPS, MAX_PROXY_HOPS + 1, 8, 16, 64, 1000];

/**
 * Public addresses spread over the address space, by family. A setting that trusts most of
 * one family at a far hop trusts arbitrary clients to write `X-Forwarded-For`. (A list of a
 * CDN's own ranges trusts few of them, and is fine.)
 */
const PUBLIC_SAMPLES: readonly (readonly string[])[] = [
  ['1.1.1.1', '8.8.8.8', '23.45.67.89', '45.33.32.156', '64.233.160.1', '81.2.69.142', '99.84.1.1', '128.101.101.101',
    '142.250.1.1', '151.101.1.1', '185.199.108.1', '193.0.14.129', '200.160.2.3', '212.58.244.1', '223.5.5.5', '77.88.8.8'],
  ['::ffff:1.1.1.1', '::ffff:8.8.8.8', '::ffff:81.2.69.142', '::ffff:142.250.1.1', '::ffff:193.0.14.129', '::ffff:223.5.5.5'],
  ['2001:4860:4860::8888', '2606:4700:4700::1111', '2a00:1450:4001::1', '2400:cb00::1', '2c0f:fb50::1', '2620:fe::fe',
    '2a02:6b8::feed', '2001:500:2f::f'],
];

type TrustFn = (address: string, hop: number) => boolean;

function trustsArbitraryClients(trust: TrustFn): boolean {
  for (const hop of FAR_HOPS) {
    for (const family of PUBLIC_SAMPLES) {
      let trusted = 0;
      for (const address of family) if (trust(address, hop)) trusted += 1;
      if (trusted * 2 >= family.length) return true;
    }
  }
  return false;
}

function describeSetting(setting: unknown): string {
  if (typeof setting === 'function') return 'a function';
  return JSON.stringify(setting) ?? String(setting);
}

function permissiveMessage(setting: unknown): string {
  return `Express \`trust proxy\` is ${describeSetting(setting)}, which trusts arbitrary public addresses (or more than ${MAX_PROXY_HOPS} proxies) to report the client's address, so \`req.ip\` comes from an X-Forwarded-For entry any client can write, and trusted networks would let anyone skip the second factor. Set it to the number of proxies in front of the app (\`app.set('trust proxy', 1)\` for one load balancer, at most ${MAX_PROXY_HOPS}) or to their addresses (\`app.set('trust proxy', ['loopback', '10.0.0.0/8'])\`).`;
}

/** Verdicts per compiled function: Express compiles a new one whenever the setting changes. */
const verdicts = new WeakMap<TrustFn, boolean>();

/**
 * Throws when the app's `trust proxy` lets clients choose `req.ip`: Express's compiled
 * `trust proxy fn` is asked about public addresses at hop positions no real proxy chain
 * reaches. Run on a request because Express keeps the setting on the app.
 */
export function assertPlausibleTrustProxy(req: Request): void {
  const app = req.app;
  if (!app) return;
  const setting: unknown = app.get('trust proxy');
  if (setting === true) throw new TwoStepConfigError(permissiveMessage(setting));
  const trust = app.get('trust proxy fn') as TrustFn | undefined;
  if (typeof trust !== 'function') return;
  let permissive = verdicts.get(trust);
  if (permissive === undefined) {
    try {
      permissive = trustsArbitraryClients(trust);
    } catch {
      // A custom function that throws on an address cannot be vetted: refuse it.
      permissive = true;
    }
    verdicts.set(trust, permissive);
  }
  if (permissive) throw new TwoStepConfigError(permissiveMessage(setting));
}
