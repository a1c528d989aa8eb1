import { matchLanguage } from '../languages.js';
import type { Actor, CoreContext } from './context.js';
import type { MessageLanguage } from './core-options.js';

/**
 * The language an email or text message to a user is written in: the user's own
 * (`users.language`, asked of the user at hand or of `users.load(id)`), else the language of
 * the request that caused it, else `lang`. A tag twostep has no pack for decides nothing.
 * The one place this is decided, for codes and for notifications alike.
 */
export async function messageLanguage(ctx: CoreContext, actor: Pick<Actor, 'userId' | 'lang'>, user?: unknown): Promise<MessageLanguage> {
  const { users, languages } = ctx.options;
  if (users.language) {
    const known = user !== undefined ? user : users.load ? await users.load(actor.userId) : undefined;
    const tag = known === undefined || known === null ? undefined : users.language(known);
    const pack = typeof tag === 'string' ? offeredPack(ctx, tag) : undefined;
    if (pack) return pack;
  }
  return (actor.lang === undefined ? undefined : offeredPack(ctx, actor.lang)) ?? languages.fallback;
}

function offeredPack(ctx: CoreContext, tag: string): MessageLanguage | undefined {
  const { offered } = ctx.options.languages;
  const key = matchLanguage(tag, offered);
  return key === undefined ? undefined : offered.get(key);
}
