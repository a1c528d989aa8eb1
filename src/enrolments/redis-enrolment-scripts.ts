/**
 * Lua scripts of `redisEnrolments`. The record is one hash per user (`v` version, `e`
 * enrolment JSON, `s:<method id>` the last TOTP step accepted from that method) beside a set
 * of recovery-code hashes, both under the user's hash tag, so every script runs on one
 * Cluster shard.
 */
import { script } from '../store/redis/scripts.js';

/** KEYS: enrolment, recovery. Reply: {flat HGETALL of the record, recovery count}. */
export const readRecord = script(`
return {redis.call('HGETALL', KEYS[1]), redis.call('SCARD', KEYS[2])}
`);

/**
 * KEYS: enrolment. ARGV: expected version, JSON. Reply: the new version, or -1 when another
 * write came first. The used steps of methods the new enrolment no longer has are dropped
 * (and an older version's single `s` field with them).
 */
export const writeRecord = script(`
local v = tonumber(redis.call('HGET', KEYS[1], 'v')) or 0
if v ~= tonumber(ARGV[1]) then return -1 end
redis.call('HSET', KEYS[1], 'v', v + 1, 'e', ARGV[2])
local kept = {}
for _, method in ipairs(cjson.decode(ARGV[2]).methods or {}) do kept['s:' .. tostring(method.id)] = true end
for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do
  if (field == 's' or string.sub(field, 1, 2) == 's:') and not kept[field] then redis.call('HDEL', KEYS[1], field) end
end
return v + 1
`);

/** KEYS: recovery. ARGV: the new hashes. Old and new never coexist. */
export const replaceRecoveryCodes = script(`
redis.call('DEL', KEYS[1])
for i = 1, #ARGV do redis.call('SADD', KEYS[1], ARGV[i]) end
return #ARGV
`);

/** KEYS: recovery. ARGV: hash. SREM is the compare-and-swap. Reply: {consumed 0|1, remaining}. */
export const consumeRecoveryCode = script(`
local consumed = redis.call('SREM', KEYS[1], ARGV[1])
return {consumed, redis.call('SCARD', KEYS[1])}
`);

/** KEYS: enrolment. ARGV: version, method id, step. Reply 1 when the method's step moved forward. */
export const advanceTotpStep = script(`
local field = 's:' .. ARGV[2]
local r = redis.call('HMGET', KEYS[1], 'v', field)
if tonumber(r[1]) ~= tonumber(ARGV[1]) then return 0 end
local last = tonumber(r[2])
local step = tonumber(ARGV[3])
if last and step <= last then return 0 end
redis.call('HSET', KEYS[1], field, ARGV[3])
return 1
`);
