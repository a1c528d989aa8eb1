/**
 * Lua scripts of `redisEnrolments`. The record is one hash per user (`v` version, `e`
 * enrolment JSON, `s:<method id>` the last TOTP step accepted from that method, `l:<method id>`
 * and `l:recovery` the epoch ms of the last successful use) beside a set
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
local kept = {['l:recovery'] = true}
for _, method in ipairs(cjson.decode(ARGV[2]).methods or {}) do
  kept['s:' .. tostring(method.id)] = true
  kept['l:' .. tostring(method.id)] = true
end
for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do
  local kind = string.sub(field, 1, 2)
  if (field == 's' or kind == 's:' or kind == 'l:') and not kept[field] then redis.call('HDEL', KEYS[1], field) end
end
return v + 1
`);

/** KEYS: recovery. ARGV: the new hashes. Old and new never coexist. */
export const replaceRecoveryCodes = script(`
redis.call('DEL', KEYS[1])
for i = 1, #ARGV do redis.call('SADD', KEYS[1], ARGV[i]) end
return #ARGV
`);

/**
 * KEYS: recovery, enrolment. ARGV: hash, at (epoch ms, or '' for none). SREM is the
 * compare-and-swap; a consumed code moves `l:recovery` forward. Reply: {consumed 0|1, remaining}.
 */
export const consumeRecoveryCode = script(`
local consumed = redis.call('SREM', KEYS[1], ARGV[1])
if consumed == 1 and ARGV[2] ~= '' and redis.call('HEXISTS', KEYS[2], 'e') == 1 then
  local last = tonumber(redis.call('HGET', KEYS[2], 'l:recovery'))
  if not last or last < tonumber(ARGV[2]) then redis.call('HSET', KEYS[2], 'l:recovery', ARGV[2]) end
end
return {consumed, redis.call('SCARD', KEYS[1])}
`);

/** KEYS: enrolment. ARGV: method id, at. `l:<id>` forward only; nothing for a user without a record. */
export const recordMethodUse = script(`
if redis.call('HEXISTS', KEYS[1], 'e') == 0 then return 0 end
local field = 'l:' .. ARGV[1]
local last = tonumber(redis.call('HGET', KEYS[1], field))
if last and last >= tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[1], field, ARGV[2])
return 1
`);

/**
 * KEYS: enrolment. ARGV: version, method id, step, at (epoch ms, or '' for none). Reply 1 when
 * the method's step moved forward; then `l:<method id>` moves forward to `at` too.
 */
export const advanceTotpStep = script(`
local field = 's:' .. ARGV[2]
local r = redis.call('HMGET', KEYS[1], 'v', field)
if tonumber(r[1]) ~= tonumber(ARGV[1]) then return 0 end
local last = tonumber(r[2])
local step = tonumber(ARGV[3])
if last and step <= last then return 0 end
redis.call('HSET', KEYS[1], field, ARGV[3])
if ARGV[4] ~= '' then
  local used = 'l:' .. ARGV[2]
  local before = tonumber(redis.call('HGET', KEYS[1], used))
  if not before or before < tonumber(ARGV[4]) then redis.call('HSET', KEYS[1], used, ARGV[4]) end
end
return 1
`);
