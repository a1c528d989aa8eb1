/**
 * Sliding windows in memory, with the rules of `TAKE_WINDOW_SLOT` in `redis-scripts.ts`:
 * hits at or before now - window have left; a full window says when its oldest hit leaves.
 * No `await` between the read and the write, so atomic on one event loop. Windows nobody
 * touches again are dropped by a sweep once there are many (one per client address).
 */
import type { CountersStore, WindowResult, WindowSlot } from '../types.js';

type WindowMethods = Pick<CountersStore, 'takeWindowSlot' | 'releaseWindowSlot'>;

/** Past this many windows, a take first drops the empty ones. */
const SWEEP_ABOVE = 1000;

export interface WindowTable extends WindowMethods {
  /** Whether the window is full at `nowMs` (then when its oldest hit leaves), pruning it. */
  fullUntil(slot: WindowSlot, nowMs: number): number | null;
  /** Takes a hit without checking (the caller just checked, with no `await` since). */
  take(slot: WindowSlot, nowMs: number): void;
}

export function memoryWindows(): WindowTable {
  // Per window: member → hit time (ms). A Map keeps insertion order, which is time order
  // for one clock moving forward; the oldest is searched, not assumed, for a clock moved back.
  const windows = new Map<string, { hits: Map<string, number>; windowMs: number }>();

  /** The window's live hits, pruned; a read of an unknown window creates nothing (many addresses only ever answer right). */
  function liveHits(key: string, windowMs: number, nowMs: number): Map<string, number> | undefined {
    const window = windows.get(key);
    if (!window) return undefined;
    window.windowMs = windowMs;
    for (const [member, at] of window.hits) if (at <= nowMs - windowMs) window.hits.delete(member);
    return window.hits;
  }

  function fullUntil(slot: WindowSlot, nowMs: number): number | null {
    const windowMs = slot.windowSeconds * 1000;
    const hits = liveHits(slot.key, windowMs, nowMs);
    if (!hits || hits.size < slot.max) return null;
    return Math.min(...hits.values()) + windowMs;
  }

  function take(slot: WindowSlot, nowMs: number): void {
    if (windows.size > SWEEP_ABOVE) {
      for (const [key, window] of windows) {
        for (const [member, at] of window.hits) if (at <= nowMs - window.windowMs) window.hits.delete(member);
        if (window.hits.size === 0) windows.delete(key);
      }
    }
    const windowMs = slot.windowSeconds * 1000;
    const hits = liveHits(slot.key, windowMs, nowMs);
    if (hits) hits.set(slot.member, nowMs);
    else windows.set(slot.key, { hits: new Map([[slot.member, nowMs]]), windowMs });
  }

  return {
    fullUntil,
    take,
    takeWindowSlot: async (input): Promise<WindowResult> => {
      const retryAt = fullUntil(input, input.nowMs);
      if (retryAt !== null) return { outcome: 'full', retryAt };
      take(input, input.nowMs);
      return { outcome: 'taken' };
    },
    releaseWindowSlot: async ({ key, member }) => {
      windows.get(key)?.hits.delete(member);
    },
  };
}
