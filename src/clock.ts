/** The one clock: epoch milliseconds. Injected so tests move time instead of waiting. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

let lastInstantMs = Number.NaN;
let lastInstantIso = '';

/**
 * An instant as ISO 8601. Remembers the last one: a locked account's refusals all name the
 * same instant, twice each (message and body), for every request of a flood.
 */
export function isoInstant(ms: number): string {
  if (ms !== lastInstantMs) {
    lastInstantIso = new Date(ms).toISOString();
    lastInstantMs = ms;
  }
  return lastInstantIso;
}
