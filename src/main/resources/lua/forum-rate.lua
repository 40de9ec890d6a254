-- Fixed-window flood control for forum writes.
-- KEYS[1] the writer's counter; ARGV[1] writes allowed per window; ARGV[2] window seconds.
-- Returns 0 when the write may go ahead, otherwise the seconds until it may be retried.
local count = redis.call('INCR', KEYS[1])
if count == 1 then
  redis.call('EXPIRE', KEYS[1], tonumber(ARGV[2]))
end
if count > tonumber(ARGV[1]) then
  local ttl = redis.call('TTL', KEYS[1])
  if ttl < 1 then
    -- A counter without expiry would block the writer for ever; give it one.
    redis.call('EXPIRE', KEYS[1], tonumber(ARGV[2]))
    ttl = tonumber(ARGV[2])
  end
  return ttl
end
return 0
