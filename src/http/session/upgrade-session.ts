import type { Request } from 'express';
import type { Assurance } from '../../core/assurance.js';
import { skipUnchangedSave } from '../../hot-path.js';
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
  // The end-of-response save of this same content is skipped: see hot-path.ts.
  skipUnchangedSave(req.session);
}
