/**
 * The order both stores list trusted devices in: oldest first, then by id, so that the
 * memory and Redis stores answer `listDevices` identically.
 */
import type { TrustedDeviceRecord } from './types.js';

export function byCreation(a: TrustedDeviceRecord, b: TrustedDeviceRecord): number {
  return a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
