/**
 * The part of connect-pg-simple 10.0.0 the tests use (the package ships no types, and
 * @types/connect-pg-simple describes version 7).
 */
declare module 'connect-pg-simple' {
  import type session from 'express-session';
  import type pg from 'pg';

  interface PgStoreOptions {
    pool?: pg.Pool;
    tableName?: string;
    schemaName?: string;
    createTableIfMissing?: boolean;
    /** Seconds between deletes of expired rows; false for none. */
    pruneSessionInterval?: false | number;
    disableTouch?: boolean;
  }

  class PgStore extends session.Store {
    constructor(options?: PgStoreOptions);
    get(sid: string, callback: (err: unknown, data?: session.SessionData | null) => void): void;
    set(sid: string, data: session.SessionData, callback?: (err?: unknown) => void): void;
    destroy(sid: string, callback?: (err?: unknown) => void): void;
    touch(sid: string, data: session.SessionData, callback?: (err?: unknown) => void): void;
    close(): Promise<void>;
  }

  function connectPgSimple(expressSession: typeof session): typeof PgStore;
  export = connectPgSimple;
}
