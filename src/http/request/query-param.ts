import type { Request } from 'express';

/**
 * One query parameter as the browser sent it (the first, when repeated), read from the URL
 * itself. `req.query` depends on the app's `query parser` setting and differs between
 * Express 4 (`qs`: `?returnTo[a]=b` is an object) and 5 (simple): twostep's own few
 * parameters must not.
 */
export function queryParam(req: Request, name: string): string | undefined {
  const url = req.originalUrl ?? req.url;
  const start = url.indexOf('?');
  if (start === -1) return undefined;
  return new URLSearchParams(url.slice(start + 1)).get(name) ?? undefined;
}
