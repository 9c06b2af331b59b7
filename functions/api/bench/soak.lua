-- wrk script of the ingest soak (dev.aisle.api.ingest.Soak): POST /events batches with unique,
-- traceable eventIds ("<run>-t<thread>-<request>-<k>"), and one line per request and per answer
-- in <dir>/thread-<n>.log ("Q <request>", "R <request> <status> <retry-after or ->"), so the soak
-- can tell which events were accepted. Run with one connection per thread (-c = -t): a thread's
-- answers then come in the order of its requests.
--   wrk -t2 -c2 -d600s -s soak.lua URL/events -- <run> <events per request> <dir>
local next_thread = 0

function setup(thread)
  thread:set("thread_number", next_thread)
  next_thread = next_thread + 1
end

function init(args)
  run, per, dir = args[1], tonumber(args[2]), args[3]
  log = assert(io.open(dir .. "/thread-" .. thread_number .. ".log", "w"))
  sent, pending = 0, nil
end

function request()
  sent = sent + 1
  pending = sent
  local events = {}
  for k = 0, per - 1 do
    local n = sent * per + k
    events[#events + 1] = string.format(
      '{"eventId":"%s-t%d-%d-%d","userId":"soak-user-%d","itemId":"soak-item-%d","type":"view"}',
      run, thread_number, sent, k, (n * 7919 + thread_number) % 5000, (n * 104729) % 2000)
  end
  log:write("Q ", sent, "\n")
  log:flush()
  return wrk.format("POST", "/events", { ["Content-Type"] = "application/json" },
    '{"events":[' .. table.concat(events, ",") .. "]}")
end

function response(status, headers, body)
  local retry = headers["Retry-After"] or headers["retry-after"] or "-"
  log:write("R ", pending or 0, " ", status, " ", retry, "\n")
  log:flush()
  pending = nil
end
