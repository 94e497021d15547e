-- Commits a job's progress in one step, only for the current lease holder.
-- KEYS[1] cursor hash, KEYS[2] lease key
-- ARGV[1] lease value ("<token>:<owner>"), ARGV[2] fencing token,
-- ARGV[3] '1' if there is a next-page token, ARGV[4] the token, ARGV[5] nextPage, ARGV[6] pages,
-- ARGV[7] rows, ARGV[8] quarantined, ARGV[9] status
-- Returns 'OK', 'LEASE_LOST' (lease expired or taken) or 'FENCED' (the cursor holds a newer token).
if redis.call('GET', KEYS[2]) ~= ARGV[1] then
  return 'LEASE_LOST'
end
local stored = tonumber(redis.call('HGET', KEYS[1], 'fencing') or '0')
if stored > tonumber(ARGV[2]) then
  return 'FENCED'
end
local t = redis.call('TIME')
local now_ms = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('HSET', KEYS[1], 'nextPage', ARGV[5], 'pages', ARGV[6], 'rows', ARGV[7], 'quarantined', ARGV[8],
  'status', ARGV[9], 'fencing', ARGV[2], 'updatedAt', string.format('%d', now_ms))
if ARGV[3] == '1' then
  redis.call('HSET', KEYS[1], 'token', ARGV[4])
else
  redis.call('HDEL', KEYS[1], 'token')
end
return 'OK'
