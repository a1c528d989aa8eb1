import type { Request } from 'express';
import type { ResolvedLanguage } from '../../language-packs.js';
import { matchLanguage } from '../../languages.js';
import type { HttpContext } from '../http-context.js';

const chosen = new WeakMap<Request, ResolvedLanguage>();

/**
 * The language a page is rendered in: `lang`, or with `lang: 'auto'` the best of the offered
 * languages the browser's `Accept-Language` asks for (by q-value; "es-MX" is served by "es"),
 * else English. Asked only when a page (or a message) is written, never on the gate's fast
 * path; under 'auto' the answer says `Vary: Accept-Language`, since it depends on it.
 */
export function pageLanguage(ctx: HttpContext, req: Request): ResolvedLanguage {
  const { languages } = ctx.options;
  if (!languages.auto) return languages.fallback;
  let language = chosen.get(req);
  if (language === undefined) {
    language = negotiate(req.get('accept-language'), languages.offered) ?? languages.fallback;
    chosen.set(req, language);
    req.res?.vary('Accept-Language');
  }
  return language;
}

/**
 * The request's language for messages it causes (codes, security emails): only under 'auto',
 * where the request chose one; otherwise `lang` applies anyway and nothing is worked out.
 */
export function requestLanguage(ctx: HttpContext, req: Request): { lang?: string } {
  return ctx.options.languages.auto ? { lang: pageLanguage(ctx, req).tag } : {};
}

/** Longest header looked at: a browser's is under 100 characters; a hostile one is not parsed whole. */
const MAX_HEADER = 512;

/** RFC 9110 §12.5.4: `es-MX, es;q=0.9, en;q=0.5`; `q=0` means "not this"; "*" adds nothing to the fallback. */
function negotiate(header: string | undefined, offered: ReadonlyMap<string, ResolvedLanguage>): ResolvedLanguage | undefined {
  if (!header) return undefined;
  const ranges = header.slice(0, MAX_HEADER).split(',').map((part, index) => {
    const [range = '', ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/i.exec(p)).find((m) => m !== null);
    return { range: range.trim(), q: q ? Number(q[1]) : 1, index };
  });
  ranges.sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { range, q } of ranges) {
    if (q <= 0 || range === '' || range === '*') continue;
    const tag = matchLanguage(range, offered);
    if (tag !== undefined) return offered.get(tag);
  }
  return undefined;
}
