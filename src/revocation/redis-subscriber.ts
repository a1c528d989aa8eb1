/**
 * The subscriber connection of one process: a `duplicate()` of the caller's client (on a
 * Cluster, of the caller's connection to the master that owns the channel's slot), so it
 * inherits host, password and TLS. The channel is the store's announcement channel: it
 * carries revocations and organisation-settings changes alike, each listener picking the
 * messages it understands — so one connection, one notion of "live", serves both. It reconnects by itself, forever, with a backoff of
 * 0.1 s doubling to 2 s, and tells the listener exactly when announcements may be missed
 * (`down`) and when they will all arrive again (`up`, after the subscribe is confirmed).
 *
 * Standalone Redis: SUBSCRIBE. Cluster: SSUBSCRIBE (sharded pub/sub, Redis 7), to the node
 * that runs the publishing script — see the README's "Sign out everywhere" for why.
 */
import type { Cluster, Redis } from 'ioredis';
import { slotOf } from './cluster-slot.js';

/** What a subscriber hears: every message of the channel, as sent, and when it may miss some. */
export interface ChannelListener {
  message(text: string): void;
  /** The subscription is live: every message from now on will arrive. */
  up(): void;
  /** The subscription is lost: messages may be missed until the next `up()`. */
  down(): void;
}

const FIRST_RETRY_MS = 100;
const LAST_RETRY_MS = 2000;
/**
 * A connection that dies without a FIN (a cable pulled, a hung server) looks subscribed
 * forever: a PING every 5 s that gets no answer within 2 s counts as lost, so announcements
 * can be missed silently for at most ~7 s before the process falls back.
 */
const HEARTBEAT_MS = 5000;
const HEARTBEAT_TIMEOUT_MS = 2000;

/** Connection names carry the pid, so an operator (or a test) can find one process's subscriber in CLIENT LIST. */
export function subscriberName(pid = process.pid): string {
  return `twostep-revocations-${pid}`;
}

/**
 * One subscriber connection per client and channel, however many `createTwoStep()` (or
 * stores) share the client: each listener joins it, and the last to leave closes it.
 */
const hubs = new WeakMap<Redis | Cluster, Map<string, Hub>>();

interface Hub {
  listeners: Set<ChannelListener>;
  isUp: boolean;
  stop(): void;
}

export function subscribeToChannel(client: Redis | Cluster, channel: string, listener: ChannelListener): { close(): Promise<void> } {
  let byChannel = hubs.get(client);
  if (!byChannel) hubs.set(client, (byChannel = new Map()));
  let hub = byChannel.get(channel);
  if (!hub) {
    hub = startHub(client, channel, () => byChannel!.delete(channel));
    byChannel.set(channel, hub);
  }
  const joined = hub;
  joined.listeners.add(listener);
  // Joining a live subscription: the newcomer still has to reload before trusting what it keeps.
  if (joined.isUp) queueMicrotask(() => joined.listeners.has(listener) && listener.up());
  return {
    async close() {
      if (!joined.listeners.delete(listener)) return;
      if (joined.listeners.size === 0) joined.stop();
    },
  };
}

function startHub(client: Redis | Cluster, channel: string, forget: () => void): Hub {
  const sharded = client.isCluster;
  const listeners = new Set<ChannelListener>();
  let closed = false;
  let current: Redis | null = null;
  let retryMs = FIRST_RETRY_MS;
  let timer: NodeJS.Timeout | null = null;
  const heartbeat = setInterval(() => {
    const sub = current;
    if (!sub || !hub.isUp) return;
    let answered = false;
    const deadline = setTimeout(() => answered || lost(sub), HEARTBEAT_TIMEOUT_MS);
    deadline.unref();
    sub.ping().then(() => { answered = true; clearTimeout(deadline); }, () => lost(sub));
  }, HEARTBEAT_MS);
  heartbeat.unref();
  const hub: Hub = { listeners, isUp: false, stop };

  function lost(which: Redis | null): void {
    if (which !== current) return;
    current = null;
    which?.disconnect();
    hub.isUp = false;
    for (const l of listeners) l.down();
    if (closed) return;
    // The slot may have moved or its master failed over: ask the Cluster where it is now.
    if (sharded) (client as Cluster).refreshSlotsCache();
    timer = setTimeout(connect, retryMs);
    timer.unref();
    retryMs = Math.min(retryMs * 2, LAST_RETRY_MS);
  }

  async function connect(): Promise<void> {
    timer = null;
    if (closed) return;
    if (client.status === 'end') return stop();
    let sub: Redis | null = null;
    try {
      sub = duplicateFor(client, channel);
      current = sub;
      const mine = sub;
      sub.on('error', () => {});
      sub.on(sharded ? 'smessage' : 'message', (from: string, text: string) => {
        if (from !== channel) return;
        for (const l of listeners) l.message(text);
      });
      sub.once('close', () => lost(mine));
      // An unsolicited SUNSUBSCRIBE: the channel's slot moved to another shard.
      sub.on('moved', () => lost(mine));
      await sub.connect();
      if (sharded) await sub.ssubscribe(channel);
      else await sub.subscribe(channel);
      if (current !== mine || closed) return;
      retryMs = FIRST_RETRY_MS;
      hub.isUp = true;
      for (const l of listeners) l.up();
    } catch {
      lost(sub);
    }
  }

  function stop(): void {
    if (closed) return;
    closed = true;
    forget();
    client.off('end', stop);
    clearInterval(heartbeat);
    if (timer) clearTimeout(timer);
    const sub = current;
    current = null;
    hub.isUp = false;
    sub?.disconnect();
  }

  // The subscriber lives as long as the caller's client: quitting it ends ours too.
  client.once('end', stop);
  void connect();
  return hub;
}

function duplicateFor(client: Redis | Cluster, channel: string): Redis {
  const options = {
    lazyConnect: true,
    // Resubscribing is ours to do (and to announce as `up`), and so is reconnecting.
    autoResubscribe: false,
    retryStrategy: () => null,
    enableOfflineQueue: true,
    connectionName: subscriberName(),
  };
  if (!client.isCluster) return (client as Redis).duplicate(options);
  const cluster = client as Cluster;
  const owner = cluster.slots[slotOf(channel)]?.[0];
  const node = cluster.nodes('master').find((n) => `${n.options.host}:${n.options.port}` === owner);
  if (!node) throw new Error(`no known master owns the slot of ${channel}`);
  return node.duplicate(options);
}
