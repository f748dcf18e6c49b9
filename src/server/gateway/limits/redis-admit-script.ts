/**
 * Checks and counts one request against every subject in a single step, so no other instance can
 * admit in between. Per subject, KEYS holds its request set then its token set (sorted sets scored
 * by time; a token member starts with its count); ARGV holds now, the window, the request member,
 * then each subject's rpm and tpm limit (-1: none). Returns {0} when admitted, else
 * {subject number (1-based), 1 for rpm | 2 for tpm, ms until room}.
 */
export const admitScript = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local member = ARGV[3]
local subjects = #KEYS / 2

local function msUntilRoom(key)
  local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
  if oldest[2] == nil then return 0 end
  return tonumber(oldest[2]) + window - now
end

for i = 1, subjects do
  local requests, tokens = KEYS[2 * i - 1], KEYS[2 * i]
  local rpm, tpm = tonumber(ARGV[2 + 2 * i]), tonumber(ARGV[3 + 2 * i])
  redis.call('ZREMRANGEBYSCORE', requests, '-inf', now - window)
  redis.call('ZREMRANGEBYSCORE', tokens, '-inf', now - window)
  if rpm >= 0 and redis.call('ZCARD', requests) >= rpm then
    return {i, 1, msUntilRoom(requests)}
  end
  if tpm >= 0 then
    local used = 0
    for _, record in ipairs(redis.call('ZRANGE', tokens, 0, -1)) do
      used = used + tonumber(string.match(record, '^%d+'))
    end
    if used >= tpm then return {i, 2, msUntilRoom(tokens)} end
  end
end

for i = 1, subjects do
  if tonumber(ARGV[2 + 2 * i]) >= 0 then
    redis.call('ZADD', KEYS[2 * i - 1], now, member)
    redis.call('PEXPIRE', KEYS[2 * i - 1], window)
  end
end
return {0}
`;
