-- Counts a failed login for an account and for a client address; locks either one when it
-- reaches its limit. KEYS: account counter, address counter, account lock, address lock.
-- ARGV: window (s), account limit, address limit, lock (s). Answers 1 when now locked.
local a = redis.call('INCR', KEYS[1])
if a == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
local b = redis.call('INCR', KEYS[2])
if b == 1 then redis.call('EXPIRE', KEYS[2], ARGV[1]) end
local locked = 0
if a >= tonumber(ARGV[2]) then
  redis.call('SET', KEYS[3], '1', 'EX', ARGV[4])
  redis.call('DEL', KEYS[1])
  locked = 1
end
if b >= tonumber(ARGV[3]) then
  redis.call('SET', KEYS[4], '1', 'EX', ARGV[4])
  redis.call('DEL', KEYS[2])
  locked = 1
end
return locked
