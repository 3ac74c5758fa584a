-- Appended to every bench script: one machine-readable line with the run's
-- figures (latencies in microseconds), read by bench/wrk.py.
local bench_threads = {}

function setup(thread)
  thread:set("id", #bench_threads)
  table.insert(bench_threads, thread)
end

done = function(summary, latency, requests)
  local e = summary.errors
  local exhausted = 0
  for _, thread in ipairs(bench_threads) do
    exhausted = exhausted + (thread:get("exhausted") or 0)
  end
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "p50_us": %.0f, ' ..
    '"p99_us": %.0f, "connect": %d, "read": %d, "write": %d, "status": %d, ' ..
    '"timeout": %d, "exhausted": %d}\n',
    summary.requests, summary.duration, latency:percentile(50),
    latency:percentile(99), e.connect, e.read, e.write, e.status, e.timeout,
    exhausted))
end
