-- Counts one enrollment (delta 1) or one withdrawn by rejection (delta -1) in the live
-- enrollment counters: the city hash and the hash of the teacher's district.
-- KEYS[1] city hash, KEYS[2] district hash
-- ARGV[1] delta, ARGV[2] ttl seconds, ARGV[3] district id, ARGV[4] stage code or '',
-- ARGV[5] project id, ARGV[6] school (organisation) id
local delta = tonumber(ARGV[1])
local function bump(key, field)
  redis.call('HINCRBY', key, field, delta)
end
bump(KEYS[1], 'total')
bump(KEYS[1], 'd:' .. ARGV[3])
bump(KEYS[1], 'p:' .. ARGV[5])
bump(KEYS[2], 'total')
bump(KEYS[2], 'p:' .. ARGV[5])
bump(KEYS[2], 'sc:' .. ARGV[6])
if ARGV[4] ~= '' then
  bump(KEYS[1], 's:' .. ARGV[4])
  bump(KEYS[2], 's:' .. ARGV[4])
end
redis.call('EXPIRE', KEYS[1], ARGV[2])
redis.call('EXPIRE', KEYS[2], ARGV[2])
return 1
