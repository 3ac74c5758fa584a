-- A new visitor on every donate click: each request comes from its own
-- address, as the trusted proxy reports it in X-Forwarded-For (10.0.0.0/8,
-- from an offset the bench picks per run), with its own browser build.
-- init's arguments: the offset and the number of threads.
local offset, step, n = 0, 1, 0

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
  headers["User-Agent"] = string.format(
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) " ..
    "Chrome/131.0.%d.%d Safari/537.36", n % 7000, id)
  return wrk.format(nil, nil, headers)
end
