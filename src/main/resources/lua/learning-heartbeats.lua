-- Applies a batch of heartbeats in arrival order: the only Redis step on the hottest path.
-- The server gathers the beats that reach one event loop while its previous call is in
-- flight (group commit), so one round trip and one script run serve many beats; each beat
-- is answered only after this script has applied it.
--
-- Credit rule: the advance since the previous accepted heartbeat counts only when it is
-- positive and at most (wall-clock ms since that heartbeat) x (max rate); anything else
-- moves the position and starts a new run. A segment is credited only when it lies wholly
-- inside one run of counted advances, so a session's credit never exceeds its wall-clock
-- time x rate, and a segment's bit is set once, so nothing is credited twice.
--
-- KEYS: 1 version counter, 2 dirty states, 3 dirty sessions, then per beat i (base 3+4(i-1)):
--       current session of the teacher, session hash, state hash, segment bitmap
-- ARGV: 1 now ms, 2 session ttl ms, 3 state ttl ms, then per beat i (base 3+6(i-1)):
--       session id, teacher, seq, position ms, playing (0/1), state member "teacher:video"
-- Answer: 4 integers per beat: status, watched seconds, completed, duration ms
--   status 0 applied, 1 duplicate or out of order (state unchanged), -1 superseded or
--   stale, -2 this beat failed (logged; the other beats of the batch are unaffected)
local now, sessionTtl, stateTtl = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local version = nil

local function apply(cur, ses, stKey, bitsKey, sessionId, teacher, seqText, posText, playing,
    member)
  -- One read: a superseded session is marked 'gone' by the open that replaced it, an
  -- expired or unknown one has no fields, and w/n/done are the session's exact copy of the
  -- state (see learning-open.lua).
  local s = redis.call('HMGET', ses, 'teacher', 'seq', 'pos', 'at', 'run', 'credited',
    'dur', 'nseg', 'seg', 'rate', 'need', 'renewed', 'gone', 'w', 'n', 'done')
  if s[1] ~= teacher or s[13] then
    return -1, 0, 0, 0
  end
  local dur, nseg, segMs = tonumber(s[7]), tonumber(s[8]), tonumber(s[9])
  local watched, count, done = tonumber(s[14]), tonumber(s[15]), tonumber(s[16])
  if not watched then
    -- A session opened before sessions carried the copy (a rolling upgrade): check and read
    -- the way this script used to.
    if redis.call('GET', cur) ~= sessionId then
      return -1, 0, 0, 0
    end
    local st = redis.call('HMGET', stKey, 'w', 'n', 'done')
    watched, count, done = tonumber(st[1]) or 0, tonumber(st[2]) or 0, tonumber(st[3]) or 0
  end

  local seq = tonumber(seqText)
  if seq <= tonumber(s[2]) then
    return 1, watched, done, dur
  end

  local last, lastAt, lastRun = tonumber(s[3]), tonumber(s[4]), tonumber(s[5])
  local run = lastRun
  local pos = tonumber(posText)
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
    -- One BITFIELD sets the covered segments' bits and tells which were unset before: one
    -- command where a SETBIT per segment would be three or more on a usual beat. Chunks of
    -- 500 segments keep unpack() far below Lua's stack limit after a long offline stretch.
    for chunk = from, to, 500 do
      local upto = math.min(to, chunk + 499)
      local ops = {}
      for i = chunk, upto do
        ops[#ops + 1] = 'SET'
        ops[#ops + 1] = 'u1'
        ops[#ops + 1] = i
        ops[#ops + 1] = 1
      end
      local before = redis.call('BITFIELD', bitsKey, unpack(ops))
      for i = chunk, upto do
        if before[i - chunk + 1] == 0 then
          local length = segMs
          if i == nseg - 1 then
            length = dur - i * segMs
          end
          creditedMs = creditedMs + length
          newSegments = newSegments + 1
        end
      end
    end
  elseif advance ~= 0 then
    run = pos
  end

  -- One version for the whole batch: the flusher compares versions only after a whole
  -- script has run, so beats of one batch never need telling apart.
  if not version then
    version = tostring(redis.call('INCR', KEYS[1]))
  end
  -- Expiries are half an hour or longer and a beat comes every few seconds: renewing them
  -- once a quarter of the session's expiry has passed (and whenever a key may just have
  -- been created) keeps every key expiring while sparing the hottest path four commands on
  -- most beats. Time-based, so it holds whatever seq numbers a client sends.
  local renew = now - (tonumber(s[12]) or 0) >= sessionTtl / 4
  if newSegments > 0 then
    watched = watched + math.floor(creditedMs / 1000)
    count = count + newSegments
    if count >= tonumber(s[11]) then
      done = 1
    end
  end

  -- Only fields that changed are written, and unchanged values go back as the strings they
  -- came in: every Lua number handed to redis.call is formatted anew, which at this rate
  -- was a fifth of the script's time.
  local posOut = posText
  if pos ~= tonumber(posText) then
    posOut = pos
  end
  local fields = {'seq', seqText, 'pos', posOut, 'at', ARGV[1], 'playing', playing}
  if run ~= lastRun then
    fields[#fields + 1], fields[#fields + 2] = 'run', run
  end
  if newSegments > 0 then
    fields[#fields + 1], fields[#fields + 2] = 'credited',
      tonumber(s[6]) + math.floor(creditedMs / 1000)
    fields[#fields + 1], fields[#fields + 2] = 'w', watched
    fields[#fields + 1], fields[#fields + 2] = 'n', count
    fields[#fields + 1], fields[#fields + 2] = 'done', done
  end
  if renew then
    fields[#fields + 1], fields[#fields + 2] = 'renewed', ARGV[1]
  end
  redis.call('HSET', ses, unpack(fields))
  if renew then
    redis.call('PEXPIRE', ses, sessionTtl)
    redis.call('PEXPIRE', cur, sessionTtl)
  end
  redis.call('ZADD', KEYS[3], version, sessionId)

  if advance ~= 0 or newSegments > 0 then
    if newSegments > 0 then
      redis.call('HSET', stKey, 'pos', posOut, 'at', ARGV[1], 'ver', version,
        'w', watched, 'n', count, 'done', done)
    else
      redis.call('HSET', stKey, 'pos', posOut, 'at', ARGV[1], 'ver', version)
    end
    -- A first credited segment may just have created the bitmap, which has no expiry yet.
    if renew or newSegments > 0 and count == newSegments then
      redis.call('PEXPIRE', stKey, stateTtl)
      redis.call('PEXPIRE', bitsKey, stateTtl)
    end
    redis.call('ZADD', KEYS[2], version, member)
  end
  return 0, watched, done, dur
end

local answer = {}
local beats = (#ARGV - 3) / 6
for i = 1, beats do
  local k, a = 3 + 4 * (i - 1), 3 + 6 * (i - 1)
  local ok, status, watched, done, dur = pcall(apply, KEYS[k + 1], KEYS[k + 2], KEYS[k + 3],
    KEYS[k + 4], ARGV[a + 1], ARGV[a + 2], ARGV[a + 3], ARGV[a + 4], ARGV[a + 5], ARGV[a + 6])
  if not ok then
    redis.log(redis.LOG_WARNING, 'jijiao heartbeat failed: ' .. tostring(status))
    status, watched, done, dur = -2, 0, 0, 0
  end
  local n = #answer
  answer[n + 1], answer[n + 2], answer[n + 3], answer[n + 4] = status, watched, done, dur
end
return answer
