-- Settles a claimed budget breach.
-- KEYS[1] budget-breach:<id>; ARGV[1] our pending value, ARGV[2] new value ('' releases), ARGV[3] ttl (ms)
-- Confirming ('published') also records a claim that lapsed while its event was published, unless another
-- replica holds the breach now. Releasing deletes only our own claim. Returns 1 if settled, else 0.
local current = redis.call('GET', KEYS[1])
if ARGV[2] == '' then
  if current == ARGV[1] then
    redis.call('DEL', KEYS[1])
    return 1
  end
  return 0
end
if current == ARGV[1] or current == false then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  return 1
end
return 0
