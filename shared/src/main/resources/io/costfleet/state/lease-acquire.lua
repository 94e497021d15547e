-- Takes the lease of one job if nobody holds it.
-- KEYS[1] lease key, KEYS[2] the job's fencing counter
-- ARGV[1] owner, ARGV[2] lease ttl (ms), ARGV[3] fencing counter ttl (ms)
-- Returns the new fencing token, or 0 if the lease is held.
-- A missing counter (new job, or Redis lost its data) starts at Redis TIME in microseconds, so tokens stay
-- strictly increasing per job even across a counter lost while its cursor survived.
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
local token = redis.call('INCR', KEYS[2])
if token == 1 then
  local t = redis.call('TIME')
  token = tonumber(t[1]) * 1000000 + tonumber(t[2])
  redis.call('SET', KEYS[2], string.format('%d', token))
end
redis.call('PEXPIRE', KEYS[2], ARGV[3])
redis.call('SET', KEYS[1], string.format('%d', token) .. ':' .. ARGV[1], 'PX', ARGV[2])
return token
