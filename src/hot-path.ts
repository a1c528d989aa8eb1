/**
 * The measures taken for speed alone, in one file, each with the bench that shows what it
 * buys (numbers in docs/performance.md). Nothing here decides anything: each one only makes
 * an answer that the plain code would give cheaper. Remove one and its bench says what it cost.
 * No import: every layer may use it, and nothing here knows of Express.
 */

// ---- bench/peers.bench.ts (a flood of wrong codes): refusals without a stack ----

/**
 * A client refusal (4xx) is an answer, not a fault: nobody reads its stack, and capturing one
 * for every wrong code of a brute-force flood was a fifth of twostep's own time on that path.
 * `stacklessInstance` makes an instance of an Error subclass without running Error's
 * constructor, which is where V8 captures the stack — so nothing process-wide
 * (`Error.stackTraceLimit`) is touched, even for a moment, and frozen intrinsics do not matter.
 * The instance is `instanceof` the class and `Error`; `message` and `cause` are own,
 * non-enumerable properties as Error makes them. Its `stack` is the header alone
 * ("TwoStepError: message"), from an accessor that `withStacklessHeader` puts on the class's
 * prototype once: an error made by Error's constructor has its own `stack`, which hides it.
 * Measured 20 frames deep (node 20, this machine): about 0.55 µs per refusal, against 0.8 µs
 * with the limit set to 0 around `super()` as before, and 8–12 µs with a stack.
 */
export function stacklessInstance<T extends Error>(type: abstract new (...args: never[]) => T, message: string, cause?: unknown): T {
  const instance = Object.create(type.prototype) as T;
  Object.defineProperty(instance, 'message', { value: message, writable: true, enumerable: false, configurable: true });
  if (cause !== undefined) Object.defineProperty(instance, 'cause', { value: cause, writable: true, enumerable: false, configurable: true });
  return instance;
}

/** The `stack` of the instances `stacklessInstance` makes: read as "Name: message", set as any property. */
export function withStacklessHeader(prototype: Error): void {
  Object.defineProperty(prototype, 'stack', {
    enumerable: false,
    configurable: true,
    get(this: Error) {
      return Error.prototype.toString.call(this);
    },
    set(this: Error, value: unknown) {
      Object.defineProperty(this, 'stack', { value, writable: true, enumerable: false, configurable: true });
    },
  });
}

// ---- bench/peers.bench.ts (a flood of wrong codes): the pending snapshot packed ----

/**
 * express-session hashes the whole session two or three times per request through a JSON
 * replacer called for every key, and a session store parses it; the pending session's
 * challenge snapshot (about twenty keys with the sealed secret) is kept as one string
 * instead, parsed only when an answer needs it, and then once per request.
 */
export function pack(value: unknown): string {
  return JSON.stringify(value);
}

const unpacked = new WeakMap<object, unknown>();

/** The value `pack` made, parsed once per `holder` (the session state object of this request). */
export function unpackOnce<T>(holder: object, packed: string): T {
  let value = unpacked.get(holder) as T | undefined;
  if (value === undefined) {
    value = JSON.parse(packed) as T;
    unpacked.set(holder, value);
  }
  return value;
}

// ---- bench/peers.bench.ts (a flood of wrong codes): answers kept per secret ----

/**
 * A bounded memo per key of the instance (its hash key, its sealing key): what a flood asks
 * again and again — the hash of one client address, the opened secret of one account — is
 * computed once. Per key, so two instances with different secrets never share an answer; at
 * `size` entries the oldest goes first, so a spray of new inputs costs memory never above it.
 * `compute` that throws keeps nothing.
 */
export function memoPerKey(size: number): (key: object, input: string, compute: () => string) => string {
  const byKey = new WeakMap<object, Map<string, string>>();
  return (key, input, compute) => {
    let memo = byKey.get(key);
    if (memo === undefined) byKey.set(key, memo = new Map());
    let answer = memo.get(input);
    if (answer === undefined) {
      answer = compute();
      if (memo.size >= size) memo.delete(memo.keys().next().value!);
      memo.set(input, answer);
    }
    return answer;
  };
}

// ---- bench/verify.bench.ts (round trips per correct code): one session write ----

/** The part of express-session's `Session` used here. */
interface SavableSession {
  save(callback?: (error?: unknown) => void): unknown;
}

/** The session's content as express-session compares it (without the cookie, which it rewrites anyway). */
function contentOf(session: SavableSession): string {
  const { cookie: _cookie, ...content } = session as unknown as Record<string, unknown>;
  return JSON.stringify(content);
}

/**
 * After `regenerate()` express-session always saves again at the end of the response (the id
 * differs from the one it loaded), a second identical write. The explicit save before it must
 * stay — it is what makes a failed write a 503 before the user is told they are in — so it is
 * the end-of-response save that is skipped, and only while the session is still what was
 * written: anything the app changes later in the same request is saved as usual.
 */
export function skipUnchangedSave(session: SavableSession): void {
  const saved = contentOf(session);
  const save = session.save;
  Object.defineProperty(session, 'save', {
    configurable: true,
    enumerable: false,
    writable: true,
    value(this: SavableSession, callback?: (error?: unknown) => void) {
      if (contentOf(this) === saved) {
        callback?.();
        return this;
      }
      return save.call(this, callback);
    },
  });
}
