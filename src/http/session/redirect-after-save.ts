import type { Request, Response } from 'express';
import { saveSession } from './upgrade-session.js';

/**
 * A redirect that follows a change to the session, sent once the session is saved.
 * express-session saves a changed session at the end of the response, but sends the status
 * and headers before that save has finished, and a browser follows a 303 on the headers
 * alone: with a store slower than memory (SQL, Redis across a network) the next request could
 * load the session as it was before the change — a setup just started "does not exist", a
 * sign-in just held back is not pending, a setup offer just answered is shown again. Every
 * redirect of twostep's that follows a change to the session goes through here; express-session
 * then finds the session saved and does not write it again.
 */
export async function redirectAfterSave(req: Request, res: Response, location: string): Promise<void> {
  await saveSession(req);
  res.redirect(303, location);
}
