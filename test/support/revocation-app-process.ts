/**
 * One app process of the cross-process revocation tests (forked by them): the test app on
 * `redisStore` with the real clock and express-session's own in-process store, so any
 * Redis command seen while it serves a signed-in request is twostep's. Reports its port
 * and pid over IPC. Test-only routes: POST /test/revoke {userId}, GET /test/revocation.
 */
import type { AddressInfo } from 'node:net';
import express, { type Request, type Response } from 'express';
import { Cluster, Redis } from 'ioredis';
import { redisStore } from '../../src/index.js';
import { makeTestApp } from './test-app.ts';

const url = process.env.REDIS_URL;
const clusterNodes = process.env.REDIS_CLUSTER_NODES;
const clientOptions = { enableOfflineQueue: false, maxRetriesPerRequest: 1 } as const;
const redis = clusterNodes
  ? new Cluster(JSON.parse(clusterNodes) as { host: string; port: number }[], { enableOfflineQueue: false, redisOptions: clientOptions })
  : new Redis(url!, clientOptions);
redis.on('error', () => {});

const { app, twoStep } = makeTestApp(redisStore(redis, { timeoutSeconds: 0.5 }), { now: Date.now });
app.post('/test/revoke', express.json(), async (req: Request, res: Response) => {
  const { revokedAt } = await twoStep.revokeSessions(req.body.userId, { reason: 'test' });
  res.json({ revokedAt });
});
app.get('/test/revocation', (_req: Request, res: Response) => res.json(twoStep.revocationStatus()));

const server = app.listen(0, '127.0.0.1', () => {
  process.send!({ port: (server.address() as AddressInfo).port, pid: process.pid });
});
process.on('disconnect', () => {
  server.close();
  redis.disconnect();
});
