-- A new visitor on every donate click: each request comes from its own
-- address, as the trusted proxy reports it in X-Forwarded-For (10.0.0.0/8,
-- from an offset the bench picks per run), with one of a few common browsers
-- (visitors are told apart by address and user agent; a made-up build per
-- request would defeat the user-agent parsers' cache as real traffic does not).
-- init's arguments: the offset and the number of threads.
local offset, step, n = 0, 1, 0
local browsers = {
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
  "Mozilla/5.0 (iPad; CPU OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
  "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
}

function init(args)
  offset = tonumber(args[1])
  step = tonumber(args[2])
end

request = function()
  local address = (offset + n * step + id) % 16777216
  n = n + 1
  local headers = {}
  for name, value in pairs(wrk.headers) do headers[name] = value end
  headers["X-Forwarded-For"] = string.format("10.%d.%d.%d",
    math.floor(address / 65536) % 256, math.floor(address / 256) % 256,
    address % 256)
  headers["User-Agent"] = browsers[n % #browsers + 1]
  return wrk.format(nil, nil, headers)
end
