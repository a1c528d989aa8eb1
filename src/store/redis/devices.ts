/**
 * Trusted devices on Redis: one hash of JSON records per user. Expiry is checked against
 * the caller's `nowMs` on every read, so an injected clock decides what is still trusted.
 */
import { byCreation } from '../device-order.js';
import type { CountersStore, TrustedDeviceRecord } from '../types.js';
import type { RedisStoreContext } from './context.js';
import { int } from './replies.js';
import { runScript, scripts } from './scripts.js';

type DeviceMethods = Pick<
  CountersStore,
  'putDevice' | 'getDevice' | 'rotateDevice' | 'listDevices' | 'deleteDevice' | 'deleteAllDevices'
>;

function parseDevice(json: string): TrustedDeviceRecord {
  return JSON.parse(json) as TrustedDeviceRecord;
}

export function redisDevices({ redis, keysOf, call }: RedisStoreContext): DeviceMethods {
  return {
    putDevice: (userId, record) =>
      call(async () => {
        await runScript(redis, scripts.putDevice, [keysOf(userId).devices], [record.id, JSON.stringify(record), record.lastUsedAt]);
      }),

    getDevice: (userId, deviceId, nowMs) =>
      call(async () => {
        const json = await redis.hget(keysOf(userId).devices, deviceId);
        if (json === null) return null;
        const record = parseDevice(json);
        return nowMs < record.expiresAt ? record : null;
      }),

    rotateDevice: (userId, deviceId, change) =>
      call(async () => {
        const reply = await runScript(
          redis,
          scripts.rotateDevice,
          [keysOf(userId).devices],
          [deviceId, change.expectedTokenHash, change.newTokenHash, change.lastUsedAt, change.expiresAt],
        );
        return int(reply) === 1;
      }),

    listDevices: (userId, nowMs) =>
      call(async () => {
        const all = await redis.hgetall(keysOf(userId).devices);
        return Object.values(all)
          .map(parseDevice)
          .filter((record) => nowMs < record.expiresAt)
          .sort(byCreation);
      }),

    deleteDevice: (userId, deviceId) => call(async () => (await redis.hdel(keysOf(userId).devices, deviceId)) === 1),

    deleteAllDevices: (userId) =>
      call(async () => int(await runScript(redis, scripts.deleteAllDevices, [keysOf(userId).devices], []))),
  };
}
