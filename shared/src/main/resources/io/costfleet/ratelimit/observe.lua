-- The provider said how many calls remain before its quota resets: hold the fleet to that.
-- KEYS[1] bucket hash; ARGV[1] calls remaining, ARGV[2] reset in (µs), ARGV[3] permits per second,
-- ARGV[4] burst
-- Until the reset the bucket refills at no more than remaining / resetIn and holds no more than
-- `remaining` tokens; nothing remaining pauses the bucket until the reset.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local remaining = tonumber(ARGV[1])
local reset_us = tonumber(ARGV[2])
local rate = tonumber(ARGV[3])
local burst = tonumber(ARGV[4])
local h = redis.call('HMGET', KEYS[1], 'tokens', 'ts', 'paused_until', 'cap_rate', 'cap_until')
local tokens = tonumber(h[1])
local ts = tonumber(h[2])
if tokens == nil or ts == nil then
  tokens = burst
  ts = now
end
local paused_until = tonumber(h[3]) or 0
local cap_until = tonumber(h[5]) or 0
local current_rate = rate
if now < cap_until then
  current_rate = math.min(rate, tonumber(h[4]) or rate)
end
if now > ts then
  tokens = math.min(burst, tokens + (now - ts) * current_rate / 1000000)
  ts = now
end
if remaining <= 0 then
  if now + reset_us > paused_until then
    paused_until = now + reset_us
  end
  tokens = 0
  ts = math.max(ts, paused_until)
else
  tokens = math.min(tokens, remaining)
  redis.call('HSET', KEYS[1], 'cap_rate', tostring(remaining * 1000000 / reset_us),
    'cap_until', string.format('%d', now + reset_us))
  cap_until = now + reset_us
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', string.format('%d', ts),
  'paused_until', string.format('%d', paused_until))
local idle_us = math.max(paused_until - now, cap_until - now, 0) + burst * 1000000 / rate
redis.call('PEXPIRE', KEYS[1], math.ceil(idle_us / 1000) + 1000)
return 1
