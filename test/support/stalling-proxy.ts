/**
 * A loopback TCP proxy in front of a server, to make it stop answering on demand: `stall()`
 * keeps every connection open but forwards nothing (a database stuck behind a dead
 * network), `resume()` forwards again. A client cannot tell it from a hung server.
 */
import { once } from 'node:events';
import { createConnection, createServer, type Socket } from 'node:net';

export interface StallingProxy {
  port: number;
  stall(): void;
  resume(): void;
  close(): Promise<void>;
}

export async function startStallingProxy(target: { host: string; port: number }): Promise<StallingProxy> {
  let stalled = false;
  const sockets = new Set<Socket>();
  const pairs = new Set<[Socket, Socket]>();
  const server = createServer((client) => {
    const upstream = createConnection(target);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {});
    }
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    client.on('data', (chunk) => { if (!stalled) upstream.write(chunk); });
    upstream.on('data', (chunk) => { if (!stalled) client.write(chunk); });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP port');
  return {
    port: address.port,
    stall: () => void (stalled = true),
    resume: () => void (stalled = false),
    async close() {
      for (const s of sockets) s.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}
