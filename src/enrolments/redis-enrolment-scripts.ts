/**
 * Lua scripts of `redisEnrolments`. The record is one hash per user (`v` version, `e`
 * enrolment JSON, `s` last accepted TOTP step) beside a set of recovery-code hashes, both
 * under the user's hash tag, so every script runs on one Cluster shard.
 */
import { script } from '../store/redis/scripts.js';

/** KEYS: enrolment, recovery. Reply: {version|false, json|false, step|false, recovery count}. */
export const readRecord = script(`
local r = redis.call('HMGET', KEYS[1], 'v', 'e', 's')
return {r[1], r[2], r[3], redis.call('SCARD', KEYS[2])}
`);

/** KEYS: enrolment. ARGV: expected version, JSON. Reply: the new version, or -1 when another write came first. */
export const writeRecord = script(`
local v = tonumber(redis.call('HGET', KEYS[1], 'v')) or 0
if v ~= tonumber(ARGV[1]) then return -1 end
redis.call('HSET', KEYS[1], 'v', v + 1, 'e', ARGV[2])
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

/** KEYS: enrolment. ARGV: version, step. Reply 1 when the step moved forward. */
export const advanceTotpStep = script(`
local r = redis.call('HMGET', KEYS[1], 'v', 's')
if tonumber(r[1]) ~= tonumber(ARGV[1]) then return 0 end
local last = tonumber(r[2])
local step = tonumber(ARGV[2])
if last and step <= last then return 0 end
redis.call('HSET', KEYS[1], 's', ARGV[2])
return 1
`);
