-- Releases a lease still held by its owner.
-- KEYS[1] lease key; ARGV[1] lease value ("<token>:<owner>")
-- Returns 1 if released, 0 if it was gone or held by someone else.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
