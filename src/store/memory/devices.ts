/**
 * Trusted devices in memory. Records go in and come out as copies, so a caller can never
 * change what is stored by mutating what it was given.
 */
import { byCreation } from '../device-order.js';
import type { CountersStore } from '../types.js';
import type { UserTable } from './user-table.js';

type DeviceMethods = Pick<
  CountersStore,
  'putDevice' | 'getDevice' | 'rotateDevice' | 'listDevices' | 'deleteDevice' | 'deleteAllDevices'
>;

export function memoryDevices(users: UserTable): DeviceMethods {
  return {
    putDevice: async (userId, record) => {
      // As in Redis, the record's lastUsedAt stands in for "now": putDevice is given no clock.
      const user = users.writable(userId, record.lastUsedAt);
      user.devices.set(record.id, structuredClone(record));
    },

    getDevice: async (userId, deviceId, nowMs) => {
      const record = users.live(userId, nowMs)?.devices.get(deviceId);
      return record ? structuredClone(record) : null;
    },

    rotateDevice: async (userId, deviceId, change) => {
      const record = users.live(userId, change.lastUsedAt)?.devices.get(deviceId);
      if (!record || record.tokenHash !== change.expectedTokenHash) return false;
      record.tokenHash = change.newTokenHash;
      record.lastUsedAt = change.lastUsedAt;
      record.expiresAt = change.expiresAt;
      return true;
    },

    listDevices: async (userId, nowMs) =>
      [...(users.live(userId, nowMs)?.devices.values() ?? [])].sort(byCreation).map((record) => structuredClone(record)),

    deleteDevice: async (userId, deviceId) => users.peek(userId)?.devices.delete(deviceId) ?? false,

    deleteAllDevices: async (userId) => {
      const user = users.peek(userId);
      const count = user?.devices.size ?? 0;
      user?.devices.clear();
      return count;
    },
  };
}
