-- Reads up to ARGV[1] dirty states and dirty sessions with their versions, each as one
-- consistent snapshot. Nothing is removed here: the flusher acknowledges after PostgreSQL
-- committed (learning-ack.lua), so a crash between the two only repeats a harmless write.
-- Keys of the entries are derived from the prefixes given (standalone Redis; a Redis
-- Cluster deployment would need hash tags).
--
-- KEYS: 1 dirty states, 2 dirty sessions
-- ARGV: 1 limit, 2 state key prefix, 3 bitmap key prefix, 4 session key prefix
-- Answer: {states, sessions}; a state is {member, version, sel, pos, w, done, at, bitmap},
--   a session is {id, version, teacher, video, sel, opened, at, credited}; fields are
--   false when the entry has expired (the flusher then only acknowledges it).
local limit = tonumber(ARGV[1])
local states = {}
local dirty = redis.call('ZRANGE', KEYS[1], 0, limit - 1, 'WITHSCORES')
for i = 1, #dirty, 2 do
  local member = dirty[i]
  local f = redis.call('HMGET', ARGV[2] .. member, 'sel', 'pos', 'w', 'done', 'at')
  local bits = redis.call('GET', ARGV[3] .. member)
  states[#states + 1] = {member, dirty[i + 1], f[1], f[2], f[3], f[4], f[5], bits}
end
local sessions = {}
dirty = redis.call('ZRANGE', KEYS[2], 0, limit - 1, 'WITHSCORES')
for i = 1, #dirty, 2 do
  local id = dirty[i]
  local f = redis.call('HMGET', ARGV[4] .. id, 'teacher', 'video', 'sel', 'opened', 'at',
    'credited')
  sessions[#sessions + 1] = {id, dirty[i + 1], f[1], f[2], f[3], f[4], f[5], f[6]}
end
return {states, sessions}
