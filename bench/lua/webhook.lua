-- Signed payment webhooks, each sent once: a file of three lines per event
-- (path, Stripe-Signature, JSON body), made just before the run; thread `id`
-- of `threads` sends every threads-th event. Should the events run out, the
-- last one is sent again and counted as `exhausted` (the bench then fails).
-- init's arguments: the file and the number of threads.
local events, sent = {}, 0
exhausted = 0  -- global: done() reads it with thread:get

function init(args)
  local threads = tonumber(args[2])
  local lines = {}
  for line in io.lines(args[1]) do table.insert(lines, line) end
  for index = 1, #lines, 3 do
    if ((index - 1) / 3) % threads == id then
      table.insert(events, {lines[index], lines[index + 1], lines[index + 2]})
    end
  end
end

request = function()
  sent = sent + 1
  if sent > #events then exhausted = exhausted + 1 end
  local event = events[math.min(sent, #events)]
  local headers = {}
  for name, value in pairs(wrk.headers) do headers[name] = value end
  headers["Content-Type"] = "application/json"
  headers["Stripe-Signature"] = event[2]
  return wrk.format("POST", event[1], headers, event[3])
end
