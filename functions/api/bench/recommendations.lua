-- wrk script: GET /recommendations for a random known shopper (user-0 .. user-<BENCH_USERS-1>), k=10;
-- prints one RESULT line with the figures load.sh reports.
local users = tonumber(os.getenv("BENCH_USERS") or "100000")

function setup(thread)
  thread:set("seed", math.random(1, 1000000))
end

function init(args)
  math.randomseed(seed or 42)
end

function request()
  return wrk.format("GET", "/recommendations?userId=user-" .. math.random(0, users - 1) .. "&k=10")
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d seconds=%.1f rps=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f errors=%d non2xx=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, e.connect + e.read + e.write + e.timeout + e.status, e.status))
end
