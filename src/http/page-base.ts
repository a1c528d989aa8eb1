import type { Request } from 'express';
import { pageScript, pageStylesheet } from '../pages/assets/served-assets.js';
import type { PageBase } from '../pages/types.js';
import { csrfToken } from './csrf.js';
import type { HttpContext } from './http-context.js';
import { currentStage } from './stage.js';

/**
 * What every page is rendered with. Built at render time, after any session regeneration,
 * so the CSRF token matches the session the browser will post back with.
 */
export function pageBase(ctx: HttpContext, req: Request): PageBase {
  const { mountPath, homePath, appName } = ctx.options;
  const stage = currentStage(ctx, req).kind;
  // Halfway through signing in, the app is out of reach: the way back is signing out.
  const halfway = stage === 'pending' || stage === 'setup';
  return {
    ...(halfway ? { signOut: true } : { home: { href: homePath, ...(appName === undefined ? {} : { appName }) } }),
    mountPath,
    csrfToken: csrfToken(ctx, req),
    texts: ctx.texts,
    lang: ctx.options.lang,
    assets: {
      stylesheet: `${mountPath}/assets/${pageStylesheet.name}`,
      script: `${mountPath}/assets/${pageScript.name}`,
    },
  };
}
