-- Installs live enrollment counters recomputed from PostgreSQL, unless another node did it
-- first (the marker exists). The marker expires before the hashes, so the counters are
-- recomputed periodically and drift (a lost increment) does not last.
-- KEYS[1] marker, KEYS[2..n] every counter hash (replaced as a whole)
-- ARGV[1] marker ttl seconds, ARGV[2] hash ttl seconds, ARGV[3] JSON {key: {field: count}}
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
for i = 2, #KEYS do
  redis.call('DEL', KEYS[i])
end
local data = cjson.decode(ARGV[3])
for key, fields in pairs(data) do
  for field, count in pairs(fields) do
    redis.call('HSET', key, field, count)
  end
  redis.call('EXPIRE', key, ARGV[2])
end
redis.call('SET', KEYS[1], '1', 'EX', ARGV[1])
return 1
