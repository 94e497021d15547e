-- May a call go to the endpoint? One circuit per provider endpoint, shared by the fleet.
-- KEYS[1] circuit hash (state, open_until, consecutive, win_start, win_calls, win_failures)
-- KEYS[2] probe key: held by the one caller probing a half-open circuit
-- ARGV[1] probe id, ARGV[2] probe timeout (ms), ARGV[3] circuit key ttl (ms)
-- Returns {decision, from, to, wait_ms}: decision ALLOW (closed), PROBE (this caller is the one
-- half-open probe) or DENY (open, or the probe is taken); from/to differ when this call moved the
-- circuit from OPEN to HALF_OPEN; wait_ms is how long a denied caller should wait.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local h = redis.call('HMGET', KEYS[1], 'state', 'open_until')
local state = h[1] or 'CLOSED'
if state == 'CLOSED' then
  return {'ALLOW', 'CLOSED', 'CLOSED', 0}
end
local from = state
if state == 'OPEN' then
  local open_until = tonumber(h[2]) or 0
  if now < open_until then
    return {'DENY', 'OPEN', 'OPEN', open_until - now}
  end
  state = 'HALF_OPEN'
  redis.call('HSET', KEYS[1], 'state', state)
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
end
if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return {'PROBE', from, state, 0}
end
return {'DENY', from, state, math.max(redis.call('PTTL', KEYS[2]), 1)}
