/**
 * Sign out everywhere on a real three-master Redis Cluster, across two app processes:
 * sharded pub/sub (SPUBLISH from the recording script, SSUBSCRIBE on the master that owns
 * the channel's slot), no command on a verified request, fallback and recovery.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { revocationKeys } from '../src/revocation/redis-feed.ts';
import { slotOf } from '../src/revocation/cluster-slot.ts';
import { startRedisCluster, type TestRedisCluster } from './support/redis-cluster.ts';
import { startAppProcess, type AppProcess } from './support/app-process.ts';
import request from 'supertest';
import { logIn, makeTestApp, type Agent } from './support/test-app.ts';
import { internalsOf } from '../src/testing/index.js';
import { revocationFeedContract } from './support/revocation-feed-contract.ts';
import { Cluster } from 'ioredis';
import { redisStore } from '../src/index.js';

const JSON_TYPE = 'application/json';
let cluster: TestRedisCluster;
let nodes: Redis[];
let a: AppProcess;
let b: AppProcess;
const me = (agent: Agent) => agent.get('/api/me').set('Accept', JSON_TYPE);

async function signedIn(app: AppProcess, username: string): Promise<Agent> {
  const agent = app.agent();
  const login = await logIn(agent, username);
  assert.equal(login.status, 200, JSON.stringify(login.body));
  return agent;
}

/** Commands on every master while `run` goes (INFO commandstats, the reads themselves left out). */
async function commandsDuring(run: () => Promise<void>): Promise<Record<string, number>> {
  await Promise.all(nodes.map((n) => n.config('RESETSTAT')));
  await run();
  const counts: Record<string, number> = {};
  for (const node of nodes) {
    for (const line of (await node.info('commandstats')).split('\r\n')) {
      const match = /^cmdstat_([^:]+):calls=(\d+)/.exec(line);
      // Not a request's: the test's own commands, and a connection being set up (ioredis names
      // each new connection; B's subscriber keeps trying while SSUBSCRIBE is refused, and on a
      // loaded machine one of its retries can land inside the window).
      if (match && !['info', 'config|resetstat', 'cluster|nodes', 'cluster|slots', 'cluster|shards', 'client|list', 'client|kill', 'acl|setuser', 'client|setname', 'ssubscribe'].includes(match[1]!)) {
        counts[match[1]!] = (counts[match[1]!] ?? 0) + Number(match[2]);
      }
    }
  }
  return counts;
}

/** The master whose CLIENT LIST shows the process's subscriber, and that line. */
async function subscriberOf(app: AppProcess): Promise<{ node: Redis; line: string }> {
  for (const node of nodes) {
    const line = ((await node.client('LIST')) as string).split('\n').find((l) => l.includes(` name=twostep-revocations-${app.pid} `));
    if (line) return { node, line };
  }
  throw new Error(`no subscriber connection of process ${app.pid}`);
}

let client: Cluster;
before(async () => {
  cluster = await startRedisCluster();
  nodes = cluster.nodes.map(({ host, port }) => new Redis({ host, port }));
  client = new Cluster(cluster.nodes);
  client.on('error', () => {});
});

revocationFeedContract('redis cluster', async () => {
  await cluster.flush();
  return redisStore(client).revocations!;
});

describe('revocation and settings changes on Redis Cluster (sharded pub/sub)', () => {
  before(async () => {
    const env = { REDIS_CLUSTER_NODES: JSON.stringify(cluster.nodes) };
    [a, b] = await Promise.all([startAppProcess(env), startAppProcess(env)]);
    await Promise.all([a.waitLive(true, 10_000), b.waitLive(true, 10_000)]);
  });
  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    for (const node of nodes ?? []) node.disconnect();
    client?.disconnect();
    await cluster?.stop();
  });

  it('subscribes with SSUBSCRIBE on the master owning the channel, and a revocation in A reaches B within 1 s with no command per request', async () => {
    const { channel } = revocationKeys('twostep:');
    const { node, line } = await subscriberOf(b);
    assert.match(line, / sub=0 psub=0 ssub=1 /, 'one sharded subscription, no classic one');
    const slots = (await node.cluster('SLOTS')) as [number, number, ...unknown[]][];
    const slot = slotOf(channel);
    assert.equal(Number(await node.cluster('KEYSLOT', channel)), slot, 'our CRC16 agrees with Redis');
    assert.ok(slots.some(([from, to, [, port]]: any) => from <= slot && slot <= to && port === node.options.port), 'on the owner of the slot');

    const aliceOnA = await signedIn(a, 'alice');
    const aliceOnB = await signedIn(b, 'alice');
    const carolOnB = await signedIn(b, 'carol');
    assert.deepEqual(await commandsDuring(async () => {
      for (let i = 0; i < 10; i += 1) assert.equal((await me(aliceOnB)).status, 200);
    }), {});

    const started = Date.now();
    assert.equal((await aliceOnA.post('/test/revoke').send({ userId: 'u-alice' })).status, 200);
    let res = await me(aliceOnB);
    while (res.status === 200 && Date.now() - started < 1000) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      res = await me(aliceOnB);
    }
    assert.deepEqual([res.status, res.body.error], [401, 'session_revoked'], `within 1 s (took ${Date.now() - started} ms)`);
    assert.equal((await me(carolOnB)).status, 200);
    assert.equal((await me(await signedIn(b, 'alice'))).status, 200);
  });

  it('after CLIENT KILL of B\'s subscriber: refused through the fallback, then live again on the owner', async (t) => {
    // Whatever happens below, the next test finds SSUBSCRIBE allowed again.
    t.after(() => Promise.all(nodes.map((n) => n.call('ACL', 'SETUSER', 'default', '+ssubscribe'))));
    const aliceOnB = await signedIn(b, 'alice');
    const { node, line } = await subscriberOf(b);
    // Keep B from subscribing again until told (SSUBSCRIBE refused with NOPERM on every master).
    await Promise.all(nodes.map((n) => n.call('ACL', 'SETUSER', 'default', '-ssubscribe')));
    await node.call('CLIENT', 'KILL', 'ID', /^id=(\d+)/.exec(line)![1]!);
    await b.waitLive(false);
    assert.deepEqual(await commandsDuring(async () => {
      for (let i = 0; i < 4; i += 1) assert.equal((await me(aliceOnB)).status, 200);
    }), { hget: 4 }, 'one HGET per verified request while the subscription is down');
    assert.equal((await a.agent().post('/test/revoke').send({ userId: 'u-alice' })).status, 200);
    assert.equal((await me(aliceOnB)).body.error, 'session_revoked', 'refused through the fallback');
    assert.equal((await b.revocation()).live, false);
    await Promise.all(nodes.map((n) => n.call('ACL', 'SETUSER', 'default', '+ssubscribe')));
    await b.waitLive(true);
    const again = await subscriberOf(b);
    assert.match(again.line, / ssub=1 /);
    assert.notEqual(again.line, line);
    const carolOnB = await signedIn(b, 'carol');
    assert.deepEqual(await commandsDuring(async () => {
      for (let i = 0; i < 10; i += 1) assert.equal((await me(carolOnB)).status, 200);
    }), {});
  });

  // Settings changes share the channel and the subscriber connection of the revocations.
  it('a change through one app reaches the other app\'s cache within 1 s (SPUBLISH routed to the channel\'s owner)', async () => {
    const clients = [new Cluster(cluster.nodes), new Cluster(cluster.nodes)];
    for (const c of clients) c.on('error', () => {});
    const memberships = (u: { username: string }) => (u.username === 'alice' ? [{ id: 'riverside' }] : []);
    const [one, two] = clients.map((c) => makeTestApp(redisStore(c), { now: Date.now }, {
      users: { id: (u) => u.id, label: (u) => u.username, organisations: memberships }, setupPrompt: false,
    }));
    try {
      const cacheOfTwo = internalsOf(two!.twoStep).settingsCache!;
      for (const app of [one!, two!]) {
        const deadline = Date.now() + 10_000;
        while (!internalsOf(app.twoStep).settingsCache!.live) {
          assert.ok(Date.now() < deadline, 'subscribed');
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }
      assert.equal((await logIn(request.agent(two!.app), 'alice')).status, 200);
      assert.equal(cacheOfTwo.size, 1, 'riverside (not configured) is cached in the second app');
      const started = Date.now();
      await one!.twoStep.organisations.update('riverside', { enforcement: 'all' }, { by: 'admin' });
      let status = (await logIn(request.agent(two!.app), 'alice')).status;
      while (status === 200 && Date.now() - started < 1000) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        status = (await logIn(request.agent(two!.app), 'alice')).status;
      }
      assert.equal(status, 401, `forced setup in the other app within 1 s (took ${Date.now() - started} ms)`);
    } finally {
      await Promise.all([one!.twoStep.close(), two!.twoStep.close()]);
      for (const c of clients) c.disconnect();
    }
  });
});
