/** The one clock: epoch milliseconds. Injected so tests move time instead of waiting. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();
