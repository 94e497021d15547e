-- Fleet-wide token bucket: refill from Redis TIME, then take n permits if they are there.
-- KEYS[1] bucket hash; ARGV[1] permits per second, ARGV[2] burst, ARGV[3] n
-- Hash fields: tokens, ts (µs of the last refill), paused_until (µs, set by back-off),
--   cap_rate / cap_until (a lower rate the provider's remaining quota imposes until cap_until).
-- Returns 0 if the permits were taken, else how many µs to wait before trying again (nothing taken).
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local n = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local h = redis.call('HMGET', KEYS[1], 'tokens', 'ts', 'paused_until', 'cap_rate', 'cap_until')
local tokens = tonumber(h[1])
local ts = tonumber(h[2])
if tokens == nil or ts == nil then
  tokens = burst
  ts = now
end
local paused_until = tonumber(h[3]) or 0
local cap_until = tonumber(h[5]) or 0
if now < cap_until then
  rate = math.min(rate, tonumber(h[4]) or rate)
end
if now > ts then
  tokens = math.min(burst, tokens + (now - ts) * rate / 1000000)
  ts = now
end
local wait = 0
if now < paused_until then
  wait = paused_until - now
elseif tokens >= n then
  tokens = tokens - n
else
  wait = math.ceil((n - tokens) * 1000000 / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', string.format('%d', ts))
-- An idle bucket expires once it would be full again and no pause or cap is pending.
local idle_us = math.max(paused_until - now, cap_until - now, 0) + (burst - tokens) * 1000000 / rate
redis.call('PEXPIRE', KEYS[1], math.ceil(idle_us / 1000) + 1000)
return wait
