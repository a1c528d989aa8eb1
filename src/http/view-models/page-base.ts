import type { Request } from 'express';
import { pageScript, pageStylesheet } from '../../pages/assets/served-assets.js';
import type { PageBase } from '../../pages/types.js';
import { appCsrfToken } from '../request/app-csrf-token.js';
import { pageLanguage } from '../request/page-language.js';
import { csrfToken } from '../request/csrf-token.js';
import type { HttpContext } from '../http-context.js';
import { currentStage } from '../session/stage.js';

/**
 * What every page is rendered with. Built at render time, after any session regeneration,
 * so the CSRF token matches the session the browser will post back with (ours, and the app's
 * CSRF middleware's when it offers one: see request/app-csrf-token.ts).
 */
export function pageBase(ctx: HttpContext, req: Request): PageBase {
  const { mountPath, homePath, appName } = ctx.options;
  const stage = stageKind(ctx, req);
  // Halfway through signing in, the app is out of reach: the way back is signing out.
  const halfway = stage === 'pending' || stage === 'setup';
  const appToken = appCsrfToken(req);
  const language = pageLanguage(ctx, req);
  return {
    ...(halfway ? { signOut: true } : stage === 'unknown' ? {} : { home: { href: homePath, ...(appName === undefined ? {} : { appName }) } }),
    mountPath,
    csrfToken: csrfToken(ctx, req),
    ...(appToken === undefined ? {} : { appCsrf: { token: appToken, ...ctx.options.appCsrf } }),
    texts: language.pages,
    lang: language.tag,
    assets: {
      stylesheet: `${mountPath}/assets/${pageStylesheet.name}`,
      script: `${mountPath}/assets/${pageScript.name}`,
    },
  };
}

/** An error page must render even when the app's `users.id` throws: then no way back is offered but the page's own link. */
function stageKind(ctx: HttpContext, req: Request): string {
  try {
    return currentStage(ctx, req).kind;
  } catch {
    return 'unknown';
  }
}
