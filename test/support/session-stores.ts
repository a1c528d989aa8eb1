/**
 * express-session stores of different shapes, for the tests that twostep works with the
 * app's own session store, and a recorder of what is asked of a store.
 *
 * - connect-pg-simple (SQL on the real PostgreSQL, asynchronous, has `touch`);
 * - memorystore (an LRU in memory, deferred callbacks, has `touch` and `all`);
 * - `BareSessionStore` below: only the three methods express-session requires (`get`, `set`,
 *   `destroy`), answering synchronously, with no `touch`, `all`, `length` or `clear` — so a
 *   call to any of those would throw.
 */
import { request as httpRequest } from 'node:http';
import session from 'express-session';
import connectPgSimple from 'connect-pg-simple';
import createMemoryStore from 'memorystore';
import type pg from 'pg';

/** Everything a store may offer express-session (required: get, set, destroy). */
export const STORE_METHODS = ['get', 'set', 'destroy', 'touch', 'all', 'length', 'clear'] as const;
export type StoreMethod = (typeof STORE_METHODS)[number];

/** The least express-session asks of a store, answering in the same tick. */
export class BareSessionStore extends session.Store {
  readonly #sessions = new Map<string, string>();

  override get(sid: string, callback: (err: unknown, data?: session.SessionData | null) => void): void {
    const raw = this.#sessions.get(sid);
    callback(null, raw === undefined ? null : (JSON.parse(raw) as session.SessionData));
  }

  override set(sid: string, data: session.SessionData, callback?: (err?: unknown) => void): void {
    this.#sessions.set(sid, JSON.stringify(data));
    callback?.();
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    this.#sessions.delete(sid);
    callback?.();
  }
}

export function pgSessionStore(pool: pg.Pool): session.Store & { close(): Promise<void> } {
  const PgStore = connectPgSimple(session);
  // Its own table (`session`, in the test file's schema through search_path), no pruning timer.
  return new PgStore({ pool, createTableIfMissing: true, pruneSessionInterval: false });
}

export function memorystoreSessionStore(): session.Store & { stopInterval(): void } {
  const MemoryStore = createMemoryStore(session);
  return new MemoryStore({ checkPeriod: 60_000 });
}

export interface StoreCall {
  method: StoreMethod;
  sid?: string;
}

/**
 * Wraps each method the store has, on the instance, so every call is logged — including
 * the ones express-session's own `Store.regenerate` makes through `this.destroy`.
 */
export function recordStoreCalls(store: session.Store): StoreCall[] {
  const calls: StoreCall[] = [];
  const methods = store as unknown as Record<string, unknown>;
  for (const method of STORE_METHODS) {
    const original = methods[method];
    if (typeof original !== 'function') continue;
    methods[method] = function (this: unknown, ...args: unknown[]) {
      calls.push({ method, ...(typeof args[0] === 'string' ? { sid: args[0] } : {}) });
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    };
  }
  return calls;
}

/** The session as the store holds it (null when it holds none). */
export function storedSession(store: session.Store, sid: string): Promise<session.SessionData | null> {
  return new Promise((resolve, reject) => store.get(sid, (error, data) => (error ? reject(error) : resolve(data ?? null))));
}

/** The session id of the `connect.sid` cookie a response sets (express-session's `s:<id>.<signature>`). */
export function sessionIdSetBy(response: { headers: Record<string, unknown> }): string | undefined {
  const cookies = (response.headers['set-cookie'] as string[] | undefined) ?? [];
  for (const cookie of cookies) {
    const match = /^connect\.sid=([^;]+)/.exec(cookie);
    if (!match) continue;
    const value = decodeURIComponent(match[1]!);
    if (value.startsWith('s:')) return value.slice(2, value.lastIndexOf('.'));
  }
  return undefined;
}

/**
 * A store far away: each write lands `ms` later (what it writes is taken when asked), as
 * with a database across a network. Reads are as fast as before.
 */
export function slowWrites<T extends session.Store>(store: T, ms: number): T {
  const set = store.set.bind(store);
  store.set = (sid, data, callback) => {
    const copy = JSON.parse(JSON.stringify(data)) as session.SessionData;
    setTimeout(() => set(sid, copy, callback), ms);
  };
  return store;
}

export interface EarlyResponse {
  status: number;
  location: string | undefined;
}

/**
 * What a browser does with a redirect: the request is sent and answered as soon as the status
 * and headers arrive, without waiting for the body (which is drained in the background).
 * `cookies` is the browser's jar: updated from each answer's Set-Cookie.
 */
export function requestLikeABrowser(base: string, cookies: Map<string, string>, method: 'GET' | 'POST', path: string, form?: Record<string, string>): Promise<EarlyResponse> {
  const body = form === undefined ? undefined : new URLSearchParams(form).toString();
  return new Promise((resolve, reject) => {
    const sent = httpRequest(new URL(path, base), {
      method,
      headers: {
        accept: 'text/html',
        cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) }),
      },
    }, (answer) => {
      for (const cookie of answer.headers['set-cookie'] ?? []) {
        const [pair] = cookie.split(';');
        const at = pair!.indexOf('=');
        cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
      }
      answer.resume();
      resolve({ status: answer.statusCode!, location: answer.headers.location });
    });
    sent.on('error', reject);
    sent.end(body);
  });
}
