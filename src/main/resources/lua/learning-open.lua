-- Opens a play session. One atomic step: load the (teacher, video) state from the values
-- read from PostgreSQL if Redis has none, make this session the teacher's only current one
-- (any older session is superseded), and answer the resume position.
--
-- KEYS: 1 current session of the teacher, 2 session hash, 3 state hash, 4 segment bitmap,
--       5 version counter, 6 dirty sessions
-- ARGV: 1 session id, 2 teacher, 3 video, 4 selection, 5 duration ms, 6 segment count,
--       7 segment ms, 8 max rate per mille, 9 now ms, 10 session ttl ms, 11 state ttl ms,
--       12 segments needed for completion, 13 stored in PostgreSQL (0/1), 14 position ms,
--       15 watched seconds, 16 segments watched, 17 completed (0/1), 18 version,
--       19 bitmap as hex, 20 session key prefix ("<prefix>lses:")
local function fromHex(hex)
  return (hex:gsub('..', function(pair) return string.char(tonumber(pair, 16)) end))
end

if redis.call('EXISTS', KEYS[3]) == 0 then
  if ARGV[13] == '1' then
    local version = tonumber(ARGV[18])
    redis.call('HSET', KEYS[3], 'sel', ARGV[4], 'pos', ARGV[14], 'w', ARGV[15], 'n', ARGV[16],
      'done', ARGV[17], 'ver', version, 'at', ARGV[9])
    redis.call('DEL', KEYS[4])
    if #ARGV[19] > 0 then
      redis.call('SET', KEYS[4], fromHex(ARGV[19]))
    end
    -- Versions only grow: after a Redis loss the counter restarts, so lift it above what
    -- PostgreSQL already holds or the flusher would refuse the newer states as older.
    if tonumber(redis.call('GET', KEYS[5]) or '0') < version then
      redis.call('SET', KEYS[5], version)
    end
  else
    redis.call('HSET', KEYS[3], 'sel', ARGV[4], 'pos', 0, 'w', 0, 'n', 0, 'done', 0, 'ver', 0,
      'at', ARGV[9])
  end
end

local state = redis.call('HMGET', KEYS[3], 'pos', 'w', 'n', 'done')
local resume = tonumber(state[1])
if resume >= tonumber(ARGV[5]) then
  resume = 0
end
redis.call('HSET', KEYS[3], 'sel', ARGV[4])
redis.call('PEXPIRE', KEYS[3], ARGV[11])
redis.call('PEXPIRE', KEYS[4], ARGV[11])

-- The older session learns here that it is superseded, so a heartbeat needs to read only
-- its own session hash (it used to read the current-session key as well).
local older = redis.call('GET', KEYS[1])
if older and older ~= ARGV[1] and redis.call('EXISTS', ARGV[20] .. older) == 1 then
  redis.call('HSET', ARGV[20] .. older, 'gone', 1)
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[10])
-- The session carries a copy of the state's watched seconds, segment count and completion:
-- only the current session's heartbeats change the state, so the copy stays exact and a
-- heartbeat need not read the state hash.
redis.call('HSET', KEYS[2], 'teacher', ARGV[2], 'video', ARGV[3], 'sel', ARGV[4], 'seq', 0,
  'pos', resume, 'run', resume, 'at', ARGV[9], 'opened', ARGV[9], 'credited', 0,
  'dur', ARGV[5], 'nseg', ARGV[6], 'seg', ARGV[7], 'rate', ARGV[8], 'need', ARGV[12],
  'w', state[2], 'n', state[3], 'done', state[4])
redis.call('PEXPIRE', KEYS[2], ARGV[10])
redis.call('ZADD', KEYS[6], redis.call('INCR', KEYS[5]), ARGV[1])

return {resume, tonumber(state[2]), tonumber(state[3]), tonumber(state[4])}
