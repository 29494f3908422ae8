/**
 * Token buckets in Redis, with the same semantics as auth's MemoryRateLimitStore (capacity = burst, continuous
 * refill, a changed capacity or rate followed at once, a cost above capacity capped to it, adjust clamped to
 * ±capacity) but one bucket set shared by every replica. Each script runs atomically in Redis, on Redis' own clock
 * (TIME), so replicas with skewed clocks agree. A bucket key expires once it would be full again: absent = full.
 * Numbers come back as strings (Redis would truncate a Lua number to an integer).
 */

/** KEYS: the buckets. ARGV: capacity, refill per second, cost — three per key. Returns "0" (taken from all) or the seconds to wait (nothing taken). */
export const TAKE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = {}
local wait = 0
for i = 1, #KEYS do
  local cap = tonumber(ARGV[(i - 1) * 3 + 1])
  local rate = tonumber(ARGV[(i - 1) * 3 + 2])
  local cost = tonumber(ARGV[(i - 1) * 3 + 3])
  if cost < 0 then cost = 0 end
  if cost > cap then cost = cap end
  local v = redis.call('HMGET', KEYS[i], 'tokens', 'ts')
  local tokens = tonumber(v[1])
  local ts = tonumber(v[2])
  if tokens == nil or ts == nil then tokens = cap ts = now end
  local elapsed = now - ts
  if elapsed < 0 then elapsed = 0 end
  tokens = math.min(cap, tokens + elapsed / 1000 * rate)
  state[i] = { tokens, cap, rate, cost }
  if tokens < cost then
    local w = (cost - tokens) / rate
    if w > wait then wait = w end
  end
end
if wait > 0 then return tostring(wait) end
for i = 1, #KEYS do
  local s = state[i]
  local left = s[1] - s[4]
  redis.call('HSET', KEYS[i], 'tokens', tostring(left), 'ts', tostring(now))
  redis.call('PEXPIRE', KEYS[i], math.ceil((s[2] - left) / s[3] * 1000) + 1000)
end
return '0'
`;

/** KEYS[1]: the bucket. ARGV: capacity, refill per second, delta (positive gives back, negative takes). Returns the tokens left. */
export const ADJUST_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local cap = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local delta = tonumber(ARGV[3])
local v = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(v[1])
local ts = tonumber(v[2])
if tokens == nil or ts == nil then tokens = cap ts = now end
local elapsed = now - ts
if elapsed < 0 then elapsed = 0 end
tokens = math.min(cap, tokens + elapsed / 1000 * rate)
tokens = math.max(-cap, math.min(cap, tokens + delta))
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((cap - tokens) / rate * 1000) + 1000)
return tostring(tokens)
`;
