/**
 * Who changed the settings, as the admin pages name them: the administrator's `users.label`
 * (found with `users.load`), not the id the history keeps ("Olga Office", not "3"). The id
 * stays when the user is gone or the callbacks fail: a page never breaks over a name.
 */
import type { HttpContext } from '../http-context.js';

/** Each distinct id once, looked up in parallel; the answer maps id → name. */
export async function authorNames(ctx: HttpContext, ids: readonly string[]): Promise<ReadonlyMap<string, string>> {
  const { load, label } = ctx.options.users;
  const unique = [...new Set(ids)];
  const names = await Promise.all(unique.map(async (id) => {
    try {
      const user = load ? await load(id) : null;
      return user === null || user === undefined ? id : String(label(user));
    } catch {
      return id;
    }
  }));
  return new Map(unique.map((id, i) => [id, names[i]!]));
}
