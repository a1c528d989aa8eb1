/**
 * The Lua scripts behind every atomic operation of `redisStore`. One script per operation:
 * Redis runs a script without interleaving any other command, so the check (lock, cooldown,
 * cap, token hash) and the write that depends on it cannot be raced by parallel requests
 * from any number of processes.
 *
 * Rules every script follows:
 * - It touches only keys passed in KEYS, all of one user (same hash tag), so it runs on one
 *   Cluster shard.
 * - Time is `ARGV` `now` (epoch ms) from the injected clock, never `TIME`: expiry is
 *   decided on stored timestamps, and PEXPIRE (relative durations) only lets Redis forget
 *   what has expired.
 * - Replies are flat arrays `{outcome, n1, n2, n3}`; -1 stands for "none".
 */

/**
 * Shared by the window scripts: a sliding window is a sorted set of hits scored by their
 * time; hits at or before now - window have left it. Full: the reply says when the oldest
 * hit leaves (a hit may be made then).
 */
const WINDOW_HELPERS = `
local function window_full(key, now, window_ms, max)
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window_ms)
  if redis.call('ZCARD', key) < max then return nil end
  local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
  if oldest[2] then return tonumber(oldest[2]) + window_ms end
  return now + window_ms
end

local function window_take(key, now, window_ms, member)
  redis.call('ZADD', key, now, member)
  redis.call('PEXPIRE', key, window_ms)
end
`;

/**
 * Shared by the attempt scripts. KEYS[1] is always the user's lock hash:
 * `f` failures, `fx` when those failures are forgotten, `lu` locked until.
 *
 * The client address's window of wrong answers (`AttemptInput.window`), on a single Redis, is
 * decided in the same script: its key follows the script's own KEYS, and window ms, max and
 * member follow its own ARGV (\`use_window\`). Checked after the lock, before anything else; a
 * counted failure takes its place in it. (On a Cluster the window is on another shard: the
 * store reserves it in a call of its own and passes none here.)
 */
const ATTEMPT_HELPERS = `${WINDOW_HELPERS}
local window = nil
local function use_window(own_keys, own_args)
  if #KEYS > own_keys then
    window = { key = KEYS[own_keys + 1], ms = tonumber(ARGV[own_args + 1]), max = tonumber(ARGV[own_args + 2]), member = ARGV[own_args + 3] }
  end
end

local function window_refusal(now)
  if not window then return nil end
  local retry_at = window_full(window.key, now, window.ms, window.max)
  if retry_at then return {'limited', retry_at} end
  return nil
end

local function locked_until(lock_key, now)
  local lu = tonumber(redis.call('HGET', lock_key, 'lu'))
  if lu and now < lu then return lu end
  return nil
end

-- Counts one failure. The failure that reaches max_attempts sets the lock and resets the
-- count, so a lock that expires gives a fresh set of attempts rather than locking again
-- on the next mistake.
local function count_failure(lock_key, now, max_attempts, lock_ms)
  local state = redis.call('HMGET', lock_key, 'f', 'fx')
  local failures = 0
  local forget_at = tonumber(state[2])
  if forget_at and now < forget_at then failures = tonumber(state[1]) or 0 end
  failures = failures + 1
  if window then window_take(window.key, now, window.ms, window.member) end
  redis.call('DEL', lock_key)
  if failures >= max_attempts then
    local until_ms = now + lock_ms
    redis.call('HSET', lock_key, 'lu', until_ms)
    redis.call('PEXPIRE', lock_key, lock_ms)
    return {'rejected', failures, 0, until_ms}
  end
  redis.call('HSET', lock_key, 'f', failures, 'fx', now + lock_ms)
  redis.call('PEXPIRE', lock_key, lock_ms)
  return {'rejected', failures, max_attempts - failures, -1}
end
`;

/**
 * Shared by scripts that keep timestamped fields in one hash: drops fields that expired
 * (so the hash stays small) and sets the key's TTL to the latest expiry left, so Redis
 * forgets the whole hash once nothing in it is alive. `expiry_of` reads a field's expiry.
 */
const HASH_HELPERS = `
local function prune_and_expire(key, now, expiry_of)
  local entries = redis.call('HGETALL', key)
  local latest = now
  for i = 1, #entries, 2 do
    local expires_at = expiry_of(entries[i + 1])
    if expires_at <= now then redis.call('HDEL', key, entries[i])
    elseif expires_at > latest then latest = expires_at end
  end
  if latest > now then redis.call('PEXPIRE', key, latest - now) else redis.call('DEL', key) end
end
`;

/** KEYS: lock [, window]. ARGV: now, maxAttempts, lockMs [, windowMs, max, member]. */
export const RECORD_FAILURE = `${ATTEMPT_HELPERS}
local now = tonumber(ARGV[1])
local lu = locked_until(KEYS[1], now)
if lu then return {'locked', lu} end
use_window(1, 3)
local limited = window_refusal(now)
if limited then return limited end
return count_failure(KEYS[1], now, tonumber(ARGV[2]), tonumber(ARGV[3]))
`;

/**
 * KEYS: lock. ARGV: now. A success compared outside the store forgets the failures, but a
 * lock that parallel attempts set meanwhile stays: a success must not lift someone else's lock.
 */
export const CLEAR_FAILURES = `
local lu = tonumber(redis.call('HGET', KEYS[1], 'lu'))
if lu and tonumber(ARGV[1]) < lu then
  redis.call('HDEL', KEYS[1], 'f', 'fx')
  return 0
end
redis.call('DEL', KEYS[1])
return 1
`;

/**
 * KEYS: lock, enrolmentVersion, totp [, window]. ARGV: now, maxAttempts, lockMs, version,
 * matchedStep ('' when none matched), stepRetentionMs, methodId [, windowMs, max, member].
 * The version check comes before anything is counted: a caller holding an old enrolment
 * snapshot (say, a secret that was just replaced) must reload, not be punished. The key is
 * only a mirror of the durable version: when Redis has lost it, nothing is called stale
 * here and the enrolment store's own check at success decides.
 * A step at or below the last one accepted for the same method is a replay and counts as a
 * failure; another method's steps do not matter (a new secret starts with none used).
 * The totp hash has one field per method, `<forget at>.<step>`; fields of other shapes
 * (an older version's `s`/`x`) read as expired and are pruned.
 */
export const CONSUME_TOTP_STEP = `${ATTEMPT_HELPERS}${HASH_HELPERS}
local function forget_at_of(entry)
  local dot = string.find(entry, '.', 1, true)
  return dot and tonumber(string.sub(entry, 1, dot - 1)) or 0
end
local now = tonumber(ARGV[1])
local lu = locked_until(KEYS[1], now)
if lu then return {'locked', lu} end
use_window(3, 7)
local limited = window_refusal(now)
if limited then return limited end
local mirrored = tonumber(redis.call('GET', KEYS[2]))
if mirrored and mirrored > tonumber(ARGV[4]) then return {'stale'} end
local step = tonumber(ARGV[5])
if step then
  local entry = redis.call('HGET', KEYS[3], ARGV[7])
  local last_step = nil
  if entry and now < forget_at_of(entry) then
    last_step = tonumber(string.sub(entry, string.find(entry, '.', 1, true) + 1))
  end
  if last_step == nil or step > last_step then
    redis.call('HSET', KEYS[3], ARGV[7], (now + tonumber(ARGV[6])) .. '.' .. ARGV[5])
    prune_and_expire(KEYS[3], now, forget_at_of)
    redis.call('DEL', KEYS[1])
    return {'accepted', -1}
  end
end
return count_failure(KEYS[1], now, tonumber(ARGV[2]), tonumber(ARGV[3]))
`;

/**
 * KEYS: lock, codes. ARGV: now, maxAttempts, lockMs, field of the submitted code,
 * field prefix of its purpose.
 * A success deletes every code of the purpose (a resend leaves earlier codes valid, so
 * all of them must die together) and no code of another purpose.
 */
export const CONSUME_CODE = `${ATTEMPT_HELPERS}
local now = tonumber(ARGV[1])
local lu = locked_until(KEYS[1], now)
if lu then return {'locked', lu} end
use_window(2, 5)
local limited = window_refusal(now)
if limited then return limited end
local expires_at = tonumber(redis.call('HGET', KEYS[2], ARGV[4]))
if expires_at and now < expires_at then
  local prefix = ARGV[5]
  for _, field in ipairs(redis.call('HKEYS', KEYS[2])) do
    if string.sub(field, 1, #prefix) == prefix then redis.call('HDEL', KEYS[2], field) end
  end
  redis.call('DEL', KEYS[1])
  return {'accepted', -1}
end
return count_failure(KEYS[1], now, tonumber(ARGV[2]), tonumber(ARGV[3]))
`;


/**
 * KEYS: codes, cooldowns, sends. ARGV: now, code field, purpose, ttlMs, cooldownMs,
 * maxSendsPerHour, send member.
 * The hourly cap is a sliding window: a sorted set of send times, trimmed to the last
 * hour on every issue. Cooldown is checked first because its retry time is the sooner,
 * more useful answer. Nothing is written unless the code is issued.
 */
export const ISSUE_CODE = `${HASH_HELPERS}
local now = tonumber(ARGV[1])
local resend_at = tonumber(redis.call('HGET', KEYS[2], ARGV[3]))
if resend_at and now < resend_at then return {'too_soon', resend_at} end
local hour_ms = 3600000
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - hour_ms)
if redis.call('ZCARD', KEYS[3]) >= tonumber(ARGV[6]) then
  local oldest = redis.call('ZRANGE', KEYS[3], 0, 0, 'WITHSCORES')
  local retry_at = now + hour_ms
  if oldest[2] then retry_at = tonumber(oldest[2]) + hour_ms end
  return {'limit_reached', retry_at}
end
local expires_at = now + tonumber(ARGV[4])
local next_resend_at = now + tonumber(ARGV[5])
redis.call('HSET', KEYS[1], ARGV[2], expires_at)
prune_and_expire(KEYS[1], now, tonumber)
redis.call('HSET', KEYS[2], ARGV[3], next_resend_at)
prune_and_expire(KEYS[2], now, tonumber)
-- The member names the code so withdrawCode can find it; the same code issued twice in
-- an hour must still count twice.
if redis.call('ZADD', KEYS[3], 'NX', now, ARGV[7]) == 0 then
  redis.call('ZADD', KEYS[3], now, ARGV[7] .. '@' .. ARGV[1])
end
redis.call('PEXPIRE', KEYS[3], hour_ms)
return {'issued', expires_at, next_resend_at}
`;

/** KEYS: codes, cooldowns, sends. ARGV: code field, purpose, send member. */
export const WITHDRAW_CODE = `
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[2])
redis.call('ZREM', KEYS[3], ARGV[3])
return 1
`;

/** KEYS: window. ARGV: now, windowMs, max, member. */
export const TAKE_WINDOW_SLOT = `${WINDOW_HELPERS}
local now = tonumber(ARGV[1])
local window_ms = tonumber(ARGV[2])
local retry_at = window_full(KEYS[1], now, window_ms, tonumber(ARGV[3]))
if retry_at then return {'full', retry_at} end
window_take(KEYS[1], now, window_ms, ARGV[4])
return {'taken', -1}
`;

/** KEYS: enrolmentVersion. ARGV: version. Only moves forward, so writes that finish out of order cannot move it back. */
export const NOTE_VERSION = `
local current = tonumber(redis.call('GET', KEYS[1]))
if current == nil or tonumber(ARGV[1]) > current then redis.call('SET', KEYS[1], ARGV[1]) end
return 1
`;

/** KEYS: every expiring key of the user. */
export const RESET_USER = `
for i = 1, #KEYS do redis.call('DEL', KEYS[i]) end
return #KEYS
`;

/**
 * KEYS: devices. ARGV: device id, record JSON, now (the record's lastUsedAt: putDevice
 * is given no clock, and a device is put when it is used).
 */
export const PUT_DEVICE = `${HASH_HELPERS}
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
prune_and_expire(KEYS[1], tonumber(ARGV[3]), function (json) return cjson.decode(json).expiresAt end)
return 1
`;

/**
 * KEYS: devices. ARGV: device id, expected token hash, new token hash, lastUsedAt,
 * expiresAt. The compare-and-swap makes a stolen-then-used cookie and the real one race
 * to exactly one winner. cjson keeps 14 significant digits: exact for epoch-ms integers
 * until the year 5138.
 */
export const ROTATE_DEVICE = `${HASH_HELPERS}
local json = redis.call('HGET', KEYS[1], ARGV[1])
if not json then return 0 end
local record = cjson.decode(json)
local now = tonumber(ARGV[4])
if record.tokenHash ~= ARGV[2] or record.expiresAt <= now then return 0 end
record.tokenHash = ARGV[3]
record.lastUsedAt = now
record.expiresAt = tonumber(ARGV[5])
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(record))
prune_and_expire(KEYS[1], now, function (value) return cjson.decode(value).expiresAt end)
return 1
`;

/** KEYS: devices. Count and delete in one step so the count is what was revoked. */
export const DELETE_ALL_DEVICES = `
local count = redis.call('HLEN', KEYS[1])
redis.call('DEL', KEYS[1])
return count
`;

/**
 * KEYS: sign-ins. ARGV: network key, now, memory ms, user memory ms, min interval ms, max
 * networks, new device (1/0). Replies {'noted', first ever, network seen, alert allowed} (1/0).
 * The check and the alert's time are one step, so of parallel sign-ins only one alerts. The
 * network just seen sorts first, so the cap never drops it.
 */
export const NOTE_SIGN_IN = `
local key = KEYS[1]
local field = 'n.' .. ARGV[1]
local now = tonumber(ARGV[2])
local memory_ms = tonumber(ARGV[3])
local interval_ms = tonumber(ARGV[5])
local max_networks = tonumber(ARGV[6])
local user_memory_ms = tonumber(ARGV[4])
-- Past its PEXPIRE by the caller's clock (an injected one runs ahead of Redis's): gone.
local last = tonumber(redis.call('HGET', key, 'last'))
if last and now - last >= user_memory_ms then redis.call('DEL', key) end
local first_ever = redis.call('HEXISTS', key, 'first') == 0
local seen_at = tonumber(redis.call('HGET', key, field))
local network_seen = seen_at ~= nil and now - seen_at < memory_ms
local allowed = 0
if ARGV[7] == '1' and not first_ever and not network_seen then
  local last = tonumber(redis.call('HGET', key, 'alert'))
  if last == nil or now - last >= interval_ms then
    allowed = 1
    redis.call('HSET', key, 'alert', now)
  end
end
if first_ever then redis.call('HSET', key, 'first', now) end
redis.call('HSET', key, field, now, 'last', now)
local entries = redis.call('HGETALL', key)
local networks = {}
for i = 1, #entries, 2 do
  local name = entries[i]
  if string.sub(name, 1, 2) == 'n.' then
    local at = tonumber(entries[i + 1])
    if name == field then table.insert(networks, {name, math.huge})
    elseif now - at >= memory_ms then redis.call('HDEL', key, name)
    else table.insert(networks, {name, at}) end
  end
end
if #networks > max_networks then
  table.sort(networks, function (a, b) return a[2] > b[2] end)
  for i = max_networks + 1, #networks do redis.call('HDEL', key, networks[i][1]) end
end
redis.call('PEXPIRE', key, user_memory_ms)
return {'noted', first_ever and 1 or 0, network_seen and 1 or 0, allowed}
`;
