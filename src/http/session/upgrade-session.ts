import type { Request } from 'express';
import type { VerifiedMarker } from './session-state.js';

function regenerate(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((error) => (error ? reject(error) : resolve())));
}

export function saveSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.save((error) => (error ? reject(error) : resolve())));
}

/**
 * Privilege changes get a new session id (no fixation): regenerate, carry over only
 * Passport's login, record how the user was verified, and save before answering so the
 * next page load sees the upgraded session.
 */
export async function upgradeSession(req: Request, marker: VerifiedMarker): Promise<void> {
  const passportLogin = req.session.passport;
  await regenerate(req);
  if (passportLogin !== undefined) req.session.passport = passportLogin;
  req.session.twoStep = marker;
  await saveSession(req);
}
