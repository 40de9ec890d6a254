-- Reads the live enrollment counters in one step: whether they are built (the marker),
-- then each hash as a flat field/value list.
-- KEYS[1] marker, KEYS[2..n] counter hashes
local out = { redis.call('EXISTS', KEYS[1]) }
for i = 2, #KEYS do
  out[i] = redis.call('HGETALL', KEYS[i])
end
return out
