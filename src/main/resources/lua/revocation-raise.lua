-- Records the moment before which an account's tokens are refused, only ever raising it:
-- two revocations arriving out of order must leave the later moment in place.
-- KEYS[1] the account's revocation key; ARGV[1] the moment (ms); ARGV[2] its lifetime (s).
local kept = tonumber(redis.call('GET', KEYS[1]) or '0')
local moment = tonumber(ARGV[1])
if moment > kept then kept = moment end
redis.call('SET', KEYS[1], string.format('%d', kept), 'EX', ARGV[2])
return kept
