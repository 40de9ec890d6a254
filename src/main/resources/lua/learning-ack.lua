-- Removes flushed entries from a dirty set, but only those not changed since they were
-- read: a heartbeat that arrived during the flush raised the score and keeps its entry.
-- KEYS: 1 dirty set; ARGV: member, version, member, version, ...
local removed = 0
for i = 1, #ARGV, 2 do
  local score = redis.call('ZSCORE', KEYS[1], ARGV[i])
  if score and tonumber(score) <= tonumber(ARGV[i + 1]) then
    removed = removed + redis.call('ZREM', KEYS[1], ARGV[i])
  end
end
return removed
