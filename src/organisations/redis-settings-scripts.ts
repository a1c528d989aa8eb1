/**
 * The Lua script of `redisOrganisationSettings`. One hash per organisation (`v` version,
 * `s` settings JSON, `at`, `by`) beside a list of history entries, both under the
 * organisation's hash tag, so the write runs on one Cluster shard and — one script — is
 * serialised against every other write: `before` is read where the new record is written.
 */
import { script } from '../store/redis/scripts.js';

/**
 * KEYS: settings, history. ARGV: expected version ('' for any), settings JSON, at (ms), by.
 * Reply: the new version, or false when the expected version no longer holds. A history
 * entry is the JSON array [version, at, by, before JSON or '', after JSON].
 */
export const writeSettings = script(`
local r = redis.call('HMGET', KEYS[1], 'v', 's')
local v = tonumber(r[1]) or 0
if ARGV[1] ~= '' and tonumber(ARGV[1]) ~= v then return false end
local nv = v + 1
redis.call('HSET', KEYS[1], 'v', nv, 's', ARGV[2], 'at', ARGV[3], 'by', ARGV[4])
redis.call('RPUSH', KEYS[2], cjson.encode({nv, ARGV[3], ARGV[4], r[2] or '', ARGV[2]}))
return nv
`);
