/**
 * One user's revocation, as it is stored, announced and kept in every process. Pure
 * functions only: the same rules decide in memory, in the Redis fallback and in the Lua
 * script (see `redis-feed.ts`), so a process never disagrees with another about a session.
 */
import { parseChannelObject } from './channel-message.js';

export interface RevocationRecord {
  userId: string;
  /** Every session of the user stamped at or before this instant (epoch ms) is revoked… */
  revokedAt: number;
  /** …except the one whose id has this keyed hash ("sign out the other sessions")… */
  exceptSession?: string;
  /**
   * …which is still revoked if stamped at or before this earlier instant: an earlier
   * revocation without that exception, folded into this record by `mergeRecords`.
   */
  floorAt?: number;
}

/**
 * Folds a newer announcement into what is known. The later instant wins; an exception
 * survives only while every revocation it is folded with spared the same session, so a
 * "sign out other sessions" can never resurrect a session an admin reset had ended.
 */
export function mergeRecords(known: RevocationRecord | undefined, next: RevocationRecord): RevocationRecord {
  if (!known) return next;
  const [earlier, later] = known.revokedAt <= next.revokedAt ? [known, next] : [next, known];
  if (later.exceptSession === undefined) return { userId: later.userId, revokedAt: later.revokedAt };
  const sameException = earlier.exceptSession === later.exceptSession;
  const earlierFloor = sameException ? (earlier.floorAt ?? -Infinity) : earlier.revokedAt;
  const floorAt = Math.max(later.floorAt ?? -Infinity, earlierFloor);
  return {
    userId: later.userId,
    revokedAt: later.revokedAt,
    exceptSession: later.exceptSession,
    ...(floorAt === -Infinity ? {} : { floorAt }),
  };
}

export type Judgement = 'ok' | 'revoked' | 'excepted';

/**
 * Whether a session stamped `stampMs` survives the record. `sessionKey` is computed only
 * when an exception has to be checked (a keyed hash costs a few microseconds).
 */
export function judge(record: RevocationRecord | undefined, stampMs: number, sessionKey: () => string): Judgement {
  if (!record || stampMs > record.revokedAt) return 'ok';
  if (record.exceptSession === undefined) return 'revoked';
  if (record.floorAt !== undefined && stampMs <= record.floorAt) return 'revoked';
  return sessionKey() === record.exceptSession ? 'excepted' : 'revoked';
}

/** The wire and storage form: short keys, one JSON object. */
export function encodeRecord(record: RevocationRecord): string {
  return JSON.stringify({
    u: record.userId,
    t: record.revokedAt,
    ...(record.exceptSession === undefined ? {} : { x: record.exceptSession }),
    ...(record.floorAt === undefined ? {} : { f: record.floorAt }),
  });
}

/** Null for anything malformed: a garbled message is ignored, never trusted. */
export function decodeRecord(text: string): RevocationRecord | null {
  const value = parseChannelObject(text);
  if (value === null) return null;
  const { u, t, x, f } = value;
  if (typeof u !== 'string' || typeof t !== 'number' || !Number.isFinite(t)) return null;
  if (x !== undefined && typeof x !== 'string') return null;
  if (f !== undefined && (typeof f !== 'number' || !Number.isFinite(f))) return null;
  return { userId: u, revokedAt: t, ...(x === undefined ? {} : { exceptSession: x }), ...(f === undefined ? {} : { floorAt: f }) };
}
