-- Rotates a refresh token atomically.
-- KEYS[1] the old token's record, KEYS[2] the new token's record.
-- ARGV: family key prefix, now (s), grace (s), ttl (s), the new pair (JSON), reuse window (s).
-- Answers {'ok'} for the first caller; {'again', pair} for a concurrent caller within the
-- grace window (same new pair, so parallel tabs are not logged out); {'reused'} when an old
-- token comes back later (the whole family is revoked); {'missing'} or {'revoked'}.
local raw = redis.call('GET', KEYS[1])
if not raw then return {'missing'} end
local rec = cjson.decode(raw)
local familyKey = ARGV[1] .. rec.family
if redis.call('EXISTS', familyKey) == 1 then return {'revoked'} end
local now = tonumber(ARGV[2])
if rec.rotatedAt then
  if now - rec.rotatedAt <= tonumber(ARGV[3]) then return {'again', rec.next} end
  redis.call('SET', familyKey, '1', 'EX', ARGV[4])
  return {'reused'}
end
rec.rotatedAt = now
rec.next = ARGV[5]
redis.call('SET', KEYS[1], cjson.encode(rec), 'EX', ARGV[6])
-- 'since' is when the family began (a login): a sign-out everywhere refuses older families.
redis.call('SET', KEYS[2], cjson.encode({userId = rec.userId, family = rec.family,
  since = rec.since}), 'EX', ARGV[4])
return {'ok'}
