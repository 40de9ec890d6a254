-- Counts one event in a fixed window and answers the count so far.
-- KEYS[1] window counter; ARGV[1] window length in ms.
local n = redis.call('incr', KEYS[1])
if n == 1 then
  redis.call('pexpire', KEYS[1], ARGV[1])
end
return n
