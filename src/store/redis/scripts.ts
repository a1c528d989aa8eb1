/**
 * Running the Lua scripts of `redis-scripts.ts`, and the slice of ioredis the store uses.
 */
import { createHash } from 'node:crypto';
import * as lua from '../redis-scripts.js';

export type ScriptArg = string | number;

/**
 * The slice of ioredis used here, so `Redis` and `Cluster` (whose overloads TypeScript
 * cannot call through a union) share one signature.
 */
export interface RedisCommands {
  evalsha(sha: string, numkeys: number, ...args: ScriptArg[]): Promise<unknown>;
  eval(script: string, numkeys: number, ...args: ScriptArg[]): Promise<unknown>;
  get(key: string): Promise<string | null>;
  hget(key: string, field: string): Promise<string | null>;
  hgetall(key: string): Promise<Record<string, string>>;
  hmget(key: string, ...fields: string[]): Promise<(string | null)[]>;
  hdel(key: string, ...fields: string[]): Promise<number>;
  zrem(key: string, ...members: string[]): Promise<number>;
  scard(key: string): Promise<number>;
}

export interface Script {
  lua: string;
  sha: string;
}

export function script(source: string): Script {
  return { lua: source, sha: createHash('sha1').update(source).digest('hex') };
}

export const scripts = {
  recordFailure: script(lua.RECORD_FAILURE),
  clearFailures: script(lua.CLEAR_FAILURES),
  consumeTotpStep: script(lua.CONSUME_TOTP_STEP),
  consumeCode: script(lua.CONSUME_CODE),
  issueCode: script(lua.ISSUE_CODE),
  withdrawCode: script(lua.WITHDRAW_CODE),
  noteVersion: script(lua.NOTE_VERSION),
  resetUser: script(lua.RESET_USER),
  putDevice: script(lua.PUT_DEVICE),
  rotateDevice: script(lua.ROTATE_DEVICE),
  deleteAllDevices: script(lua.DELETE_ALL_DEVICES),
  takeWindowSlot: script(lua.TAKE_WINDOW_SLOT),
  noteSignIn: script(lua.NOTE_SIGN_IN),
} as const;

/** EVALSHA first (the script body is not resent each time); EVAL once a node reports it has not seen it. */
export async function runScript(client: RedisCommands, s: Script, keys: string[], args: ScriptArg[]): Promise<unknown> {
  try {
    return await client.evalsha(s.sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('NOSCRIPT')) {
      return client.eval(s.lua, keys.length, ...keys, ...args);
    }
    throw error;
  }
}
