package io.costfleet.dispatcher.redis;

import io.costfleet.redis.LuaScript;

/**
 * The Lua scripts of {@link RedisPeriodStore}: each state change of a job or period is one atomic script, so
 * replicas never see (or make) a half-done change. Keys built inside a script from the prefix assume a single
 * Redis (not a cluster).
 */
final class PeriodScripts {
  private PeriodScripts() {}

  /** Moves a job between states and keeps its period's counters (current jobs only). */
  private static final String MOVE = """
      local function move(P, jk, jobId, from, to)
        if from == to then return end
        redis.call('HSET', jk, 'state', to)
        local period = redis.call('HGET', jk, 'period')
        local slot = redis.call('HGET', jk, 'slot')
        if not period or not slot then return end
        local pk = P .. 'period:' .. period
        if redis.call('HGET', pk .. ':slots', slot) == jobId then
          if from then redis.call('HINCRBY', pk, 'n_' .. from, -1) end
          redis.call('HINCRBY', pk, 'n_' .. to, 1)
          redis.call('HSET', pk, 'updatedAt', redis.call('HGET', jk, 'updatedAt'))
        end
      end
      local function setpairs(key, first)
        local f = {}
        for i = first, #ARGV do f[#f + 1] = ARGV[i] end
        if #f > 0 then redis.call('HSET', key, unpack(f)) end
      end
      """;

  /**
   * KEYS: period, slots, new job, expected job (or the new job again), periods set, unpublished zset.
   * ARGV: slot, expected id, expected state, expected requestedAt, new id, arming, now, period,
   * retention ms, then field/value pairs of the new job.
   */
  static final LuaScript RESERVE = new LuaScript("reserve", MOVE + """
      local cur = redis.call('HGET', KEYS[2], ARGV[1]) or ''
      if cur ~= ARGV[2] then return 0 end
      if cur ~= '' then
        local st = redis.call('HGET', KEYS[4], 'state') or ''
        local rq = redis.call('HGET', KEYS[4], 'requestedAt') or ''
        if st ~= ARGV[3] or rq ~= ARGV[4] then return 0 end
        if st ~= '' then redis.call('HINCRBY', KEYS[1], 'n_' .. st, -1) end
        if cur ~= ARGV[5] then
          redis.call('PEXPIRE', KEYS[4], ARGV[9])
          redis.call('ZREM', KEYS[6], cur)
        end
      end
      redis.call('HDEL', KEYS[3], 'worker', 'rows', 'quarantined', 'error')
      setpairs(KEYS[3], 10)
      redis.call('HSET', KEYS[3], 'state', 'unpublished', 'updatedAt', ARGV[7])
      redis.call('PERSIST', KEYS[3])
      redis.call('HSET', KEYS[2], ARGV[1], ARGV[5])
      redis.call('HINCRBY', KEYS[1], 'n_unpublished', 1)
      redis.call('ZADD', KEYS[6], ARGV[7], ARGV[5])
      redis.call('SADD', KEYS[5], ARGV[8])
      local status = redis.call('HGET', KEYS[1], 'status')
      if ARGV[6] == 'arm' or (ARGV[6] == 'rearm' and (status == 'closed' or status == 'failed')) then
        redis.call('HSET', KEYS[1], 'status', 'closing')
        redis.call('HINCRBY', KEYS[1], 'closeEpoch', 1)
        redis.call('HDEL', KEYS[1], 'closeError')
      elseif not status then
        redis.call('HSET', KEYS[1], 'status', 'open')
      end
      redis.call('HSET', KEYS[1], 'updatedAt', ARGV[7])
      return 1
      """);

  /** KEYS: job, unpublished zset. ARGV: prefix, id, now. */
  static final LuaScript PUBLISHED = new LuaScript("published", MOVE + """
      redis.call('ZREM', KEYS[2], ARGV[2])
      if redis.call('HGET', KEYS[1], 'state') ~= 'unpublished' then return 0 end
      redis.call('HSET', KEYS[1], 'updatedAt', ARGV[3])
      redis.call('HDEL', KEYS[1], 'error')
      move(ARGV[1], KEYS[1], ARGV[2], 'unpublished', 'pending')
      return 1
      """);

  /** KEYS: job. ARGV: reason, now. */
  static final LuaScript PUBLISH_FAILED = new LuaScript("publish-failed", """
      if redis.call('HGET', KEYS[1], 'state') ~= 'unpublished' then return 0 end
      redis.call('HSET', KEYS[1], 'error', ARGV[1], 'updatedAt', ARGV[2])
      return 1
      """);

  /**
   * KEYS: job, unpublished zset. ARGV: prefix, id, new state, event requestedAt ('' if unknown), now,
   * payload, slot, period ('' when the event carried no job), then field/value pairs.
   * Returns {result, period}.
   */
  static final LuaScript APPLY = new LuaScript("apply", MOVE + """
      local P = ARGV[1]
      local jk = KEYS[1]
      local new = ARGV[3]
      if redis.call('EXISTS', jk) == 0 then
        if ARGV[6] == '' then return {'unknown', ''} end
        redis.call('HSET', jk, 'payload', ARGV[6], 'slot', ARGV[7], 'period', ARGV[8], 'trigger', 'event',
          'requestedAt', ARGV[4], 'updatedAt', ARGV[5])
        setpairs(jk, 9)
        local pk = P .. 'period:' .. ARGV[8]
        if not redis.call('HGET', pk .. ':slots', ARGV[7]) then
          redis.call('HSET', pk .. ':slots', ARGV[7], ARGV[2])
          redis.call('SADD', P .. 'periods', ARGV[8])
          if not redis.call('HGET', pk, 'status') then redis.call('HSET', pk, 'status', 'open') end
        end
        move(P, jk, ARGV[2], nil, new)
        return {'adopted', ARGV[8]}
      end
      local period = redis.call('HGET', jk, 'period') or ''
      local rq = tonumber(redis.call('HGET', jk, 'requestedAt') or '0')
      if ARGV[4] ~= '' and tonumber(ARGV[4]) < rq then return {'stale', period} end
      local old = redis.call('HGET', jk, 'state')
      if old == 'done' and new ~= 'done' then return {'ignored', period} end
      redis.call('HSET', jk, 'updatedAt', ARGV[5])
      setpairs(jk, 9)
      if new == 'done' then redis.call('HDEL', jk, 'error') end
      if old == 'unpublished' then redis.call('ZREM', KEYS[2], ARGV[2]) end
      move(P, jk, ARGV[2], old, new)
      return {'applied', period}
      """);

  /** KEYS: job. ARGV: prefix, id, now. */
  static final LuaScript REPLAYED = new LuaScript("replayed", MOVE + """
      if redis.call('HGET', KEYS[1], 'state') ~= 'failed' then return 0 end
      redis.call('HSET', KEYS[1], 'updatedAt', ARGV[3])
      redis.call('HDEL', KEYS[1], 'error')
      move(ARGV[1], KEYS[1], ARGV[2], 'failed', 'pending')
      return 1
      """);

  /** KEYS: period. ARGV: now. */
  static final LuaScript ARM = new LuaScript("arm", """
      if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
      redis.call('HSET', KEYS[1], 'status', 'closing', 'updatedAt', ARGV[1])
      redis.call('HINCRBY', KEYS[1], 'closeEpoch', 1)
      redis.call('HDEL', KEYS[1], 'closeError')
      return 1
      """);

  /** KEYS: period. ARGV: owner, now, timeout ms. Returns the claimed epoch, or -1. */
  static final LuaScript CLAIM = new LuaScript("claim", """
      local h = {}
      local raw = redis.call('HGETALL', KEYS[1])
      for i = 1, #raw, 2 do h[raw[i]] = raw[i + 1] end
      if h['status'] ~= 'closing' then return -1 end
      local function n(s) return tonumber(h['n_' .. s] or '0') end
      if n('unpublished') + n('pending') + n('running') + n('failed') > 0 or n('done') == 0 then return -1 end
      if h['closeOwner'] and tonumber(ARGV[2]) - tonumber(h['closeStartedAt'] or '0') < tonumber(ARGV[3]) then
        return -1
      end
      redis.call('HSET', KEYS[1], 'closeOwner', ARGV[1], 'closeStartedAt', ARGV[2])
      return tonumber(h['closeEpoch'] or '0')
      """);

  /** KEYS: period. ARGV: owner, epoch, outcome (closed|failed), detail, now. */
  static final LuaScript FINISH = new LuaScript("finish", """
      if redis.call('HGET', KEYS[1], 'closeOwner') ~= ARGV[1] then return 0 end
      redis.call('HDEL', KEYS[1], 'closeOwner', 'closeStartedAt')
      if (redis.call('HGET', KEYS[1], 'closeEpoch') or '0') ~= ARGV[2] then return 0 end
      if redis.call('HGET', KEYS[1], 'status') ~= 'closing' then return 0 end
      redis.call('HSET', KEYS[1], 'status', ARGV[3], 'updatedAt', ARGV[5])
      if ARGV[3] == 'closed' then
        redis.call('HSET', KEYS[1], 'closedAt', ARGV[5], 'closeSummary', ARGV[4])
        redis.call('HDEL', KEYS[1], 'closeError')
      else
        redis.call('HSET', KEYS[1], 'closeError', ARGV[4])
      end
      return 1
      """);

  /** KEYS: slots. ARGV: prefix. Returns the flattened HGETALL of every current job (one round trip). */
  static final LuaScript JOBS_OF_PERIOD = new LuaScript("jobs-of-period", """
      local out = {}
      local slots = redis.call('HVALS', KEYS[1])
      for _, id in ipairs(slots) do
        out[#out + 1] = redis.call('HGETALL', ARGV[1] .. 'job:' .. id)
      end
      return out
      """);
}
