/**
 * The settings form an administrator typed when the save asked them to confirm it is them
 * first (step-up): kept in their session so the re-verification page brings them back to
 * their own words, not to the stored settings. One draft a session, for one organisation,
 * at most 15 minutes and 32 KiB (a bigger one is not kept: the session store is not a
 * document store); shown once, then gone. Only this file reads or writes it.
 */
import type { Request } from 'express';
import type { AdminSettingsValues } from '../../pages/types.js';

export const DRAFT_MAX_AGE_MS = 15 * 60_000;
export const DRAFT_MAX_BYTES = 32 * 1024;

export interface SettingsDraft {
  orgId: string;
  values: AdminSettingsValues;
  /** The version the form was made from, so saving the draft still refuses to overwrite a newer one. */
  expectedVersion?: number;
  /** Epoch ms. */
  at: number;
}

declare module 'express-session' {
  interface SessionData {
    twoStepSettingsDraft?: SettingsDraft;
  }
}

/** Keeps the typed form for after the re-verification; false when it is too big to keep. */
export function keepSettingsDraft(req: Request, draft: SettingsDraft): boolean {
  if (Buffer.byteLength(JSON.stringify(draft)) > DRAFT_MAX_BYTES) {
    delete req.session.twoStepSettingsDraft;
    return false;
  }
  req.session.twoStepSettingsDraft = draft;
  return true;
}

/** The draft for this organisation, if one is fresh; taken out of the session either way it is read. */
export function takeSettingsDraft(req: Request, orgId: string, nowMs: number): SettingsDraft | undefined {
  const draft = req.session?.twoStepSettingsDraft;
  if (draft === undefined || draft.orgId !== orgId) return undefined;
  delete req.session.twoStepSettingsDraft;
  return nowMs - draft.at <= DRAFT_MAX_AGE_MS && nowMs >= draft.at ? draft : undefined;
}
