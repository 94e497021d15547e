-- Keeps a spend snapshot unless a newer one of the same account and period is stored.
-- KEYS[1] lastgood:<provider>:<account> (hash: <period> -> JSON, <period>:asof -> epoch ms)
-- KEYS[2] the index of accounts with snapshots (set of <provider>:<account>)
-- KEYS[3] the version counter readers compare to know whether anything changed
-- ARGV[1] period, ARGV[2] asOf (epoch ms), ARGV[3] JSON, ARGV[4] <provider>:<account>, ARGV[5] key ttl (ms)
-- Returns 1 if stored, 0 if a newer snapshot was kept.
local current = tonumber(redis.call('HGET', KEYS[1], ARGV[1] .. ':asof') or '-1')
if current > tonumber(ARGV[2]) then
  return 0
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3], ARGV[1] .. ':asof', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
redis.call('SADD', KEYS[2], ARGV[4])
redis.call('PEXPIRE', KEYS[2], ARGV[5])
redis.call('INCR', KEYS[3])
return 1
