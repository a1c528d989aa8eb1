/**
 * One throwaway redis-server per test file, with a client configured as the README
 * recommends (fail fast while Redis is away, reconnect by itself), flushed before each test.
 */
import { once } from 'node:events';
import { after, before, beforeEach } from 'node:test';
import { Redis } from 'ioredis';
import { startRedisServer, type TestRedisServer } from './redis-server.js';

export interface RedisFixture {
  readonly server: TestRedisServer;
  readonly client: Redis;
}

export function useTestRedis(): RedisFixture {
  let server: TestRedisServer | undefined;
  let client: Redis | undefined;
  before(async () => {
    server = await startRedisServer();
    client = new Redis(server.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, autoResendUnfulfilledCommands: false });
    client.on('error', () => {});
    await once(client, 'ready');
  });
  after(async () => {
    client?.disconnect();
    await server?.stop();
  });
  beforeEach(() => server!.flush());
  return {
    get server() {
      return server!;
    },
    get client() {
      return client!;
    },
  };
}
