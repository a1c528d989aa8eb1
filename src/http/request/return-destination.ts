import type { NextFunction, Request, Response } from 'express';

/**
 * A redirect target as a same-origin path, or undefined. Login handlers redirect with
 * `/dashboard`, `dashboard` or `https://this-host/dashboard`; only the ones that stay on this
 * site are kept, as a path (never `//evil.example`, another host or another scheme).
 */
export function sameOriginPath(req: Request, target: unknown): string | undefined {
  if (typeof target !== 'string' || target === '' || target.length > 2048) return undefined;
  const host = req.get('host');
  if (!host) return safeReturnPath(target);
  const origin = `${req.protocol}://${host}`;
  let url: URL;
  try {
    url = new URL(target, `${origin}${req.originalUrl}`);
  } catch {
    return undefined;
  }
  if (url.origin !== origin) return undefined;
  return safeReturnPath(`${url.pathname}${url.search}${url.hash}`);
}

/** Only same-site paths: never `//evil.example` or `/\evil.example`. */
export function safeReturnPath(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 2048) return undefined;
  if (!value.startsWith('/') || value.startsWith('//') || value.includes('\\') || /[\u0000-\u001f]/.test(value)) return undefined;
  return value;
}

const ANSWERS = ['redirect', 'send', 'json', 'jsonp', 'render', 'sendFile', 'end'] as const;

/**
 * Runs the rest of the login route (the app's own handler) for a user who still has to pass
 * the second step, to learn where it would send them — the destination users who skip the
 * challenge reach — while keeping its answer from the browser. `req.user` stays unset: the
 * handler sees an anonymous visitor. Whatever it answers (a redirect, a page, an error from
 * a handler that expected `req.user`), `done` is called once with the redirect target, if
 * any, and answers in its place.
 */
export function learnAppRedirect(req: Request, res: Response, next: NextFunction, done: (target: string | undefined) => void): void {
  let finished = false;
  const patched = res as unknown as Record<string, unknown>;
  const finish = (target: unknown) => {
    if (finished) return res;
    finished = true;
    for (const name of ANSWERS) delete patched[name];
    done(sameOriginPath(req, target));
    return res;
  };
  patched.redirect = (first: unknown, second: unknown) => finish(typeof first === 'number' ? second : first);
  for (const name of ANSWERS) {
    // `res.location(url).status(302).end()` is a redirect too.
    if (name !== 'redirect') patched[name] = () => finish(res.statusCode >= 300 && res.statusCode < 400 ? res.get('Location') : undefined);
  }
  next();
}
