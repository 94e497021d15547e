-- Records the outcome of an admitted call.
-- KEYS[1] circuit hash, KEYS[2] probe key
-- ARGV[1] 'S' success or 'F' counted failure, ARGV[2] probe id ('' if the call was not the probe),
-- ARGV[3] consecutive failures that open the circuit, ARGV[4] failure rate in % that opens it
-- (0: off), ARGV[5] fewest calls in the window before the rate counts, ARGV[6] window (ms),
-- ARGV[7] open duration (ms), ARGV[8] circuit key ttl (ms)
-- Returns {from, to}.
-- The failure-rate window is tumbling: counts restart when it is over.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local h = redis.call('HMGET', KEYS[1], 'state', 'consecutive', 'win_start', 'win_calls', 'win_failures')
local state = h[1] or 'CLOSED'
local failed = ARGV[1] == 'F'
local function reset(to, open_until)
  redis.call('HSET', KEYS[1], 'state', to, 'open_until', string.format('%d', open_until), 'consecutive', '0',
    'win_start', string.format('%d', now), 'win_calls', '0', 'win_failures', '0')
  redis.call('PEXPIRE', KEYS[1], ARGV[8])
end
if ARGV[2] ~= '' then
  if redis.call('GET', KEYS[2]) == ARGV[2] then
    redis.call('DEL', KEYS[2])
  end
  if state ~= 'HALF_OPEN' then
    return {state, state}
  end
  if failed then
    reset('OPEN', now + tonumber(ARGV[7]))
    return {'HALF_OPEN', 'OPEN'}
  end
  reset('CLOSED', 0)
  return {'HALF_OPEN', 'CLOSED'}
end
if state ~= 'CLOSED' then
  -- admitted while closed, finished after another worker opened the circuit
  return {state, state}
end
local consecutive = tonumber(h[2]) or 0
local win_start = tonumber(h[3]) or now
local calls = tonumber(h[4]) or 0
local failures = tonumber(h[5]) or 0
if now - win_start >= tonumber(ARGV[6]) then
  win_start = now
  calls = 0
  failures = 0
end
calls = calls + 1
if failed then
  failures = failures + 1
  consecutive = consecutive + 1
else
  consecutive = 0
end
local rate = tonumber(ARGV[4])
if failed and (consecutive >= tonumber(ARGV[3])
    or (rate > 0 and calls >= tonumber(ARGV[5]) and failures * 100 >= rate * calls)) then
  reset('OPEN', now + tonumber(ARGV[7]))
  return {'CLOSED', 'OPEN'}
end
redis.call('HSET', KEYS[1], 'state', 'CLOSED', 'consecutive', tostring(consecutive),
  'win_start', string.format('%d', win_start), 'win_calls', tostring(calls), 'win_failures', tostring(failures))
redis.call('PEXPIRE', KEYS[1], ARGV[8])
return {'CLOSED', 'CLOSED'}
