/**
 * The Lua side of the Redis revocation feed. Both keys and the Cluster channel share the
 * hash tag `{revocations}`: on a Cluster the script, the sorted set and the sharded channel
 * all live on one shard, so recording and announcing are one atomic step.
 */

/**
 * KEYS[1] hash userId → record JSON; KEYS[2] sorted set of userIds by revokedAt.
 * ARGV: userId, revokedAt, exceptSession ('' for none), forgetBefore (ms), channel,
 * 'PUBLISH' or 'SPUBLISH'. Merges exactly as `mergeRecords` (record.ts) does.
 * Returns the merged record's JSON, as announced.
 */
export const PUBLISH_REVOCATION = `
local user = ARGV[1]
local t = tonumber(ARGV[2])
local x = ARGV[3]
if x == '' then x = nil end
local f = nil
local known = redis.call('HGET', KEYS[1], user)
if known then
  local k = cjson.decode(known)
  local et, ex, ef = tonumber(k.t), k.x, tonumber(k.f)
  if et > t then
    et, ex, ef, t, x, f = t, x, f, et, ex, ef
  end
  if x == nil then
    f = nil
  else
    local earlier_floor = et
    if ex == x then earlier_floor = ef end
    if earlier_floor ~= nil and (f == nil or earlier_floor > f) then f = earlier_floor end
  end
end
local record = {u = user, t = t}
if x ~= nil then record.x = x end
if f ~= nil then record.f = f end
local text = cjson.encode(record)
redis.call('HSET', KEYS[1], user, text)
redis.call('ZADD', KEYS[2], t, user)
local old = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[4], 'LIMIT', 0, 100)
for _, id in ipairs(old) do
  redis.call('HDEL', KEYS[1], id)
  redis.call('ZREM', KEYS[2], id)
end
redis.call(ARGV[6], ARGV[5], text)
return text
`;

/** KEYS as above; ARGV[1] since (ms). Every record at or after it, oldest first. */
export const READ_REVOCATIONS_SINCE = `
local ids = redis.call('ZRANGEBYSCORE', KEYS[2], ARGV[1], '+inf')
local out = {}
for i, id in ipairs(ids) do
  local text = redis.call('HGET', KEYS[1], id)
  if text then out[#out + 1] = text end
end
return out
`;
