/**
 * The listeners of an in-process feed (`memoryStore`'s revocations and settings changes): one
 * process, so the subscription is up as soon as the listener is added, and never goes down.
 */
export interface LocalListeners<Listener extends { up(): void }> {
  /** Calls `tell` for every listener now listening. */
  each(tell: (listener: Listener) => void): void;
  listen(listener: Listener): { close(): Promise<void> };
}

export function localListeners<Listener extends { up(): void }>(): LocalListeners<Listener> {
  const listeners = new Set<Listener>();
  return {
    each(tell) {
      for (const listener of listeners) tell(listener);
    },
    listen(listener) {
      listeners.add(listener);
      // Up on the next microtask, as a subscriber's confirmation comes after `listen` returns.
      queueMicrotask(() => listeners.has(listener) && listener.up());
      return {
        async close() {
          listeners.delete(listener);
        },
      };
    },
  };
}
