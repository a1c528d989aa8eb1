/**
 * The test app with the admin router mounted at /admin/2fa, the way docs/administration.md
 * tells apps to: users in organisations (`users.organisations`), found by id (`users.load`)
 * and listed by name (`users.list`, paged by an offset cursor), and `authorize` naming the
 * organisations each test user administers.
 */
import type { Request } from 'express';
import request from 'supertest';
import type { TwoStepEventName, TwoStepEvents, TwoStepOptions, TwoStepStore } from '../../src/index.ts';
import { makeTestApp, makeUsers, manualClock, type TestUser } from './test-app.ts';

/** Who is in which organisation: alice and bob at Riverside, carol only at Hillside. */
export const MEMBERSHIPS: Record<string, { id: string; roles?: string[] }[]> = {
  'u-alice': [{ id: 'riverside', roles: ['Practice manager'] }],
  'u-bob': [{ id: 'riverside', roles: ['Vets'] }],
  'u-carol': [{ id: 'hillside', roles: ['Front desk'] }],
};

/** alice administers Riverside; nobody else administers anything (unless a test says so). */
export type Authorize = (req: Request) => boolean | string[] | Promise<boolean | string[]>;
export const riversideAdmin: Authorize = (req) => ((req.user as TestUser | undefined)?.username === 'alice' ? ['riverside'] : false);

const NAMES: Record<string, string> = { 'u-alice': 'Alice Archer', 'u-bob': 'Bob Baker', 'u-carol': 'Carol Clark' };

export function makeAdminApp(store: TwoStepStore, options: { authorize?: Authorize; extra?: Partial<TwoStepOptions<TestUser>>; clock?: ReturnType<typeof manualClock>; list?: (query: unknown) => unknown; verifyPassword?: boolean } = {}) {
  const clock = options.clock ?? manualClock();
  const byId = new Map([...makeUsers().values()].map((u) => [u.id, u]));
  const listCalls: unknown[] = [];
  const env = makeTestApp(store, clock, {
    users: {
      id: (u) => u.id,
      label: (u) => NAMES[u.id] ?? u.username,
      organisations: (u) => MEMBERSHIPS[u.id] ?? [],
      load: (id) => byId.get(id) ?? null,
      ...(options.verifyPassword ? { verifyPassword: (u: TestUser, password: string) => u.password === password } : {}),
      list: ({ organisation, query, cursor, limit }) => {
        if (options.list) return options.list({ organisation, query, cursor, limit }) as never;
        listCalls.push({ organisation, query, cursor, limit });
        const matching = [...byId.values()]
          .filter((u) => organisation === undefined || (MEMBERSHIPS[u.id] ?? []).some((m) => m.id === organisation))
          .filter((u) => NAMES[u.id]!.toLowerCase().includes(query.toLowerCase()));
        const start = cursor === undefined ? 0 : Number(cursor);
        const page = matching.slice(start, start + limit);
        return { users: page.map((u) => ({ id: u.id, label: NAMES[u.id]! })), next: start + limit < matching.length ? String(start + limit) : null };
      },
    },
    ...options.extra,
  });
  env.app.use('/admin/2fa', env.twoStep.adminRouter({ authorize: options.authorize ?? riversideAdmin }));
  const events: { name: TwoStepEventName; event: Record<string, unknown> }[] = [];
  for (const name of ['settings.changed', 'admin.reset', 'unlocked', 'sessions.revoked', 'device.revoked'] as const) {
    env.twoStep.on(name, (event: TwoStepEvents[typeof name]) => void events.push({ name, event: { ...event } }));
  }
  return { ...env, clock, events, listCalls, request: () => request.agent(env.app) };
}
