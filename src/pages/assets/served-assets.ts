import { createHash } from 'node:crypto';
import { browserScript } from './browser-script.js';
import { stylesheet } from './stylesheet.js';

export interface ServedAsset {
  /** File name with a content hash, so browsers may cache it for a year. */
  readonly name: string;
  readonly contentType: string;
  readonly body: string;
}

function asset(base: string, extension: string, contentType: string, body: string): ServedAsset {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 10);
  return Object.freeze({ name: `${base}.${hash}.${extension}`, contentType, body });
}

export const pageStylesheet = asset('twostep', 'css', 'text/css; charset=utf-8', stylesheet);
export const pageScript = asset('twostep', 'js', 'text/javascript; charset=utf-8', browserScript);

export const servedAssets: ReadonlyMap<string, ServedAsset> = new Map(
  [pageStylesheet, pageScript].map((served) => [served.name, served]),
);
