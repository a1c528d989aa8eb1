/**
 * Redis-only deployments keep enrolments in Redis. That is safe only on a Redis that never
 * evicts them and keeps them across a restart, so in production we ask the server before
 * trusting it: an `allkeys-*` eviction policy is refused (an evicted record switches a
 * user's 2FA off), no persistence is a warning (a restart loses every enrolment).
 */
import type { Cluster, Redis } from 'ioredis';
import { TwoStepConfigError } from '../errors.js';

type ConfigReply = string[];

async function configOf(node: Redis, name: string): Promise<string> {
  const reply = (await node.call('CONFIG', 'GET', name)) as ConfigReply | Record<string, string>;
  // RESP2 answers [name, value]; RESP3 a map.
  if (Array.isArray(reply)) return String(reply[1] ?? '');
  return String(reply[name] ?? '');
}

export async function checkRedisKeepsEnrolments(client: Redis | Cluster, warn: (message: string) => void): Promise<void> {
  const nodes: Redis[] = 'nodes' in client && typeof client.nodes === 'function' && (client as Cluster).isCluster
    ? (client as Cluster).nodes('master')
    : [client as Redis];
  for (const node of nodes) {
    let policy: string;
    let save: string;
    let appendonly: string;
    try {
      [policy, save, appendonly] = await Promise.all([
        configOf(node, 'maxmemory-policy'),
        configOf(node, 'save'),
        configOf(node, 'appendonly'),
      ]);
    } catch (error) {
      warn(
        `twostep: could not read the Redis configuration (CONFIG GET was refused: ${(error as Error).message}). ` +
          'Enrolments are kept in Redis: make sure its maxmemory-policy is noeviction or volatile-*, and that it persists ' +
          '(appendonly yes), or pass enrolments: postgresEnrolments(pool).',
      );
      continue;
    }
    if (policy.startsWith('allkeys-')) {
      throw new TwoStepConfigError(
        `Redis evicts any key (maxmemory-policy ${policy}), and enrolments are kept in Redis: an evicted record would ` +
          'switch a user\'s two-step verification off. Set maxmemory-policy to noeviction (or volatile-lru), or keep ' +
          'enrolments in your database with createTwoStep({ enrolments: postgresEnrolments(pool) }).',
      );
    }
    if (save.trim() === '' && appendonly !== 'yes') {
      warn(
        'twostep: Redis keeps nothing on disk (no save points, appendonly no), and enrolments are kept in Redis: a restart ' +
          'forgets who has two-step verification. Turn on appendonly yes, or pass enrolments: postgresEnrolments(pool).',
      );
    }
  }
}
