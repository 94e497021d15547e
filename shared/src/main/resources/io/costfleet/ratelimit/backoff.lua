-- The provider asked to back off: pause the bucket for the whole fleet.
-- KEYS[1] bucket hash; ARGV[1] pause (µs), ARGV[2] permits per second, ARGV[3] burst
-- No permit is handed out before now + pause; the bucket then refills from empty, so the fleet
-- resumes at its rate instead of in one burst. A shorter pause never shortens a longer one.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local until_us = now + tonumber(ARGV[1])
local paused_until = tonumber(redis.call('HGET', KEYS[1], 'paused_until')) or 0
if until_us > paused_until then
  paused_until = until_us
end
redis.call('HSET', KEYS[1], 'paused_until', string.format('%d', paused_until), 'tokens', '0',
  'ts', string.format('%d', paused_until))
local idle_us = (paused_until - now) + tonumber(ARGV[3]) * 1000000 / tonumber(ARGV[2])
redis.call('PEXPIRE', KEYS[1], math.ceil(idle_us / 1000) + 1000)
return paused_until - now
