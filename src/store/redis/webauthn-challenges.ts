/**
 * WebAuthn challenges on Redis: one hash per owner, one field per session and purpose, each
 * put and take one Lua script. Expiry is decided on the stored instant (the injected clock);
 * the key's PEXPIRE only lets Redis forget it.
 */
import { createHash } from 'node:crypto';
import { challengeField, challengeOwner } from '../webauthn-challenge-slot.js';
import type { CountersStore } from '../types.js';
import type { RedisStoreContext } from './context.js';
import { runScript, type Script } from './scripts.js';

type ChallengeMethods = Pick<CountersStore, 'putWebAuthnChallenge' | 'takeWebAuthnChallenge'>;

function script(lua: string): Script {
  return { lua, sha: createHash('sha1').update(lua).digest('hex') };
}

/**
 * KEYS: webauthn hash. ARGV: field, value (`<expiresAt>.<challenge>`), ttlMs, now.
 * Expired fields are dropped when the hash grows, so many open sign-in pages stay bounded.
 */
const PUT = script(`
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
if redis.call('HLEN', KEYS[1]) > 20 then
  local all = redis.call('HGETALL', KEYS[1])
  for i = 1, #all, 2 do
    local expires = tonumber(string.match(all[i + 1], '^(%d+)%.'))
    if expires and expires <= tonumber(ARGV[4]) then redis.call('HDEL', KEYS[1], all[i]) end
  end
end
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[3]) then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
return 1
`);

/** KEYS: webauthn hash. ARGV: field, now. Reply: the challenge, or false. */
const TAKE = script(`
local value = redis.call('HGET', KEYS[1], ARGV[1])
if not value then return false end
redis.call('HDEL', KEYS[1], ARGV[1])
local expires, challenge = string.match(value, '^(%d+)%.(.*)$')
if not expires or tonumber(ARGV[2]) >= tonumber(expires) then return false end
return challenge
`);

export function redisWebAuthnChallenges({ redis, keysOf, call }: RedisStoreContext): ChallengeMethods {
  return {
    putWebAuthnChallenge: (input) =>
      call(async () => {
        const ttlMs = input.ttlSeconds * 1000;
        const value = `${input.nowMs + ttlMs}.${input.challenge}`;
        await runScript(redis, PUT, [keysOf(challengeOwner(input)).webauthn], [challengeField(input), value, ttlMs, input.nowMs]);
      }),
    takeWebAuthnChallenge: (input) =>
      call(async () => {
        const reply = await runScript(redis, TAKE, [keysOf(challengeOwner(input)).webauthn], [challengeField(input), input.nowMs]);
        return typeof reply === 'string' ? reply : reply instanceof Buffer ? reply.toString('utf8') : null;
      }),
  };
}
