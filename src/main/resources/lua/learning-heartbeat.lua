-- Applies one heartbeat: the only Redis step on the hottest path.
--
-- Credit rule: the advance since the previous accepted heartbeat counts only when it is
-- positive and at most (wall-clock ms since that heartbeat) x (max rate); anything else
-- moves the position and starts a new run. A segment is credited only when it lies wholly
-- inside one run of counted advances, so a session's credit never exceeds its wall-clock
-- time x rate, and a segment's bit is set once, so nothing is credited twice.
--
-- KEYS: 1 current session of the teacher, 2 session hash, 3 state hash, 4 segment bitmap,
--       5 version counter, 6 dirty states, 7 dirty sessions
-- ARGV: 1 session id, 2 teacher, 3 seq, 4 position ms, 5 playing (0/1), 6 now ms,
--       7 session ttl ms, 8 state ttl ms, 9 state member ("teacher:video")
-- Answer: {status, watched seconds, completed, duration ms, segments watched, segments}
--   status 0 applied, 1 duplicate or out of order (state unchanged), -1 superseded/stale
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return {-1}
end
local s = redis.call('HMGET', KEYS[2], 'teacher', 'seq', 'pos', 'at', 'run', 'credited',
  'dur', 'nseg', 'seg', 'rate', 'need', 'renewed')
if s[1] ~= ARGV[2] then
  return {-1}
end
local dur, nseg, segMs = tonumber(s[7]), tonumber(s[8]), tonumber(s[9])

local seq = tonumber(ARGV[3])
if seq <= tonumber(s[2]) then
  local st = redis.call('HMGET', KEYS[3], 'w', 'done', 'n')
  return {1, tonumber(st[1]) or 0, tonumber(st[2]) or 0, dur, tonumber(st[3]) or 0, nseg}
end

local now = tonumber(ARGV[6])
local last, lastAt, run = tonumber(s[3]), tonumber(s[4]), tonumber(s[5])
local pos = tonumber(ARGV[4])
if pos > dur then
  pos = dur
end
local elapsed = now - lastAt
if elapsed < 0 then
  elapsed = 0
end
local advance = pos - last

local creditedMs, newSegments = 0, 0
if advance > 0 and advance * 1000 <= elapsed * tonumber(s[10]) then
  local first = math.ceil(run / segMs)
  local from = math.floor(last / segMs)
  if from < first then
    from = first
  end
  local to = math.floor(pos / segMs) - 1
  if pos >= dur then
    to = nseg - 1
  end
  for i = from, to do
    if redis.call('SETBIT', KEYS[4], i, 1) == 0 then
      local length = segMs
      if i == nseg - 1 then
        length = dur - i * segMs
      end
      creditedMs = creditedMs + length
      newSegments = newSegments + 1
    end
  end
elseif advance ~= 0 then
  run = pos
end

local version = redis.call('INCR', KEYS[5])
local creditedSeconds = math.floor(creditedMs / 1000)
-- Expiries are half an hour or longer and a beat comes every few seconds: renewing them
-- once a quarter of the session's expiry has passed (and whenever a key may just have been
-- created) keeps every key expiring while sparing the hottest path four commands on most
-- beats. Time-based, so it holds whatever seq numbers a client sends.
local renew = now - (tonumber(s[12]) or 0) >= tonumber(ARGV[7]) / 4
local renewedAt = s[12] or 0
if renew then
  renewedAt = now
end
redis.call('HSET', KEYS[2], 'seq', seq, 'pos', pos, 'at', now, 'run', run,
  'credited', tonumber(s[6]) + creditedSeconds, 'playing', ARGV[5], 'renewed', renewedAt)
if renew then
  redis.call('PEXPIRE', KEYS[2], ARGV[7])
  redis.call('PEXPIRE', KEYS[1], ARGV[7])
end
redis.call('ZADD', KEYS[7], version, ARGV[1])

local st = redis.call('HMGET', KEYS[3], 'w', 'done', 'n')
local watched, done, count = tonumber(st[1]) or 0, tonumber(st[2]) or 0, tonumber(st[3]) or 0
if advance ~= 0 or creditedMs > 0 then
  watched = watched + creditedSeconds
  count = count + newSegments
  if count >= tonumber(s[11]) then
    done = 1
  end
  redis.call('HSET', KEYS[3], 'w', watched, 'n', count, 'pos', pos, 'done', done,
    'ver', version, 'at', now)
  if renew or not st[1] or newSegments > 0 and count == newSegments then
    redis.call('PEXPIRE', KEYS[3], ARGV[8])
    redis.call('PEXPIRE', KEYS[4], ARGV[8])
  end
  redis.call('ZADD', KEYS[6], version, ARGV[9])
end
return {0, watched, done, dur, count, nseg}
