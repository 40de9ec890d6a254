-- Takes or renews a lease: succeeds when the lock is free or already ours.
-- KEYS: 1 lock; ARGV: 1 holder id, 2 lease ms. Answer 1 held, 0 held by another.
local holder = redis.call('GET', KEYS[1])
if holder == false then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
