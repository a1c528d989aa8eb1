import type { Request } from 'express';
import type { Assurance } from '../../core/assurance.js';
import { keepSignedIn } from './stage-writes.js';

function regenerate(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((error) => (error ? reject(error) : resolve())));
}

export function saveSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.save((error) => (error ? reject(error) : resolve())));
}

/**
 * Privilege changes get a new session id (no fixation): regenerate, carry over only
 * Passport's login, keep the signed-in record (`core/sign-in.ts`), and save before answering
 * so the next page load sees the upgraded session.
 */
export async function upgradeSession(req: Request, record: Assurance): Promise<void> {
  const passportLogin = req.session.passport;
  await regenerate(req);
  if (passportLogin !== undefined) req.session.passport = passportLogin;
  keepSignedIn(req, record);
  await saveSession(req);
  skipUnchangedSave(req);
}

/** The session's content as express-session compares it (without the cookie, which it rewrites anyway). */
function contentOf(session: Request['session']): string {
  const { cookie: _cookie, ...content } = session as unknown as Record<string, unknown>;
  return JSON.stringify(content);
}

/**
 * After `regenerate()` express-session always saves again at the end of the response (the id
 * differs from the one it loaded), a second identical write. Our save above must stay — it is
 * what makes a failed write a 503 before the user is told they are in — so it is the end-of-
 * response save that is skipped, and only while the session is still what we wrote: anything
 * the app changes later in the same request is saved as usual.
 */
function skipUnchangedSave(req: Request): void {
  const session = req.session;
  const saved = contentOf(session);
  const save = session.save;
  Object.defineProperty(session, 'save', {
    configurable: true,
    enumerable: false,
    writable: true,
    value(this: Request['session'], callback?: (error?: unknown) => void) {
      if (contentOf(this) === saved) {
        callback?.();
        return this;
      }
      return save.call(this, callback);
    },
  });
}
