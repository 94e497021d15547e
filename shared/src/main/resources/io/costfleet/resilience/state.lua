-- The circuit's state as a caller would find it now: OPEN past its open period reads HALF_OPEN.
-- KEYS[1] circuit hash. Returns CLOSED, OPEN or HALF_OPEN. Read-only.
local h = redis.call('HMGET', KEYS[1], 'state', 'open_until')
local state = h[1] or 'CLOSED'
if state == 'OPEN' then
  local t = redis.call('TIME')
  local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  if now >= (tonumber(h[2]) or 0) then
    return 'HALF_OPEN'
  end
end
return state
