-- Extends a lease still held by its owner.
-- KEYS[1] lease key; ARGV[1] lease value ("<token>:<owner>"), ARGV[2] ttl (ms)
-- Returns 1 if extended, 0 if the lease is gone or held by someone else.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
