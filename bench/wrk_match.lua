-- wrk_match.lua - the request mix of bench/wrk_match.sh: POST /match/default
-- with one single-name query per request, rotating through persons and
-- companies, some of them on the lists (spelled as a screener would type
-- them) and some clean names.  Each wrk thread starts at a different
-- offset so the connections do not send the same body in lock-step.
--
-- Bodies are built once at start-up (wrk.format), so the script costs the
-- client almost nothing per request.  There is deliberately no response()
-- hook: it would make wrk hand every body to Lua, which on a 2-core
-- machine shared with the server would measure the client.  Statuses are
-- counted by the server instead (/metrics, read by wrk_match.sh); done()
-- prints key=value lines (latency percentiles, errors) for the script.

local names = {
    {"Person", "Kim Jong Un"},
    {"Company", "Korea Mining Development Trading Corp"},
    {"Person", "Vladimir Putin"},
    {"Person", "John Smith"},
    {"Company", "Rosneft"},
    {"Person", "Maria Garcia"},
    {"Person", "Ramzan Kadyrov"},
    {"Company", "Acme Widgets Ltd"},
    {"Person", "Bashar al-Assad"},
    {"Company", "Islamic Revolutionary Guard Corps"},
    {"Person", "Anna Schmidt"},
    {"Person", "Igor Sechin"},
    {"Company", "Blue River Bakery GmbH"},
    {"Company", "Sberbank"},
    {"Person", "Yevgeny Prigozhin"},
    {"Person", "Li Wei"},
    {"Company", "Bank Melli Iran"},
    {"Person", "Ali Khamenei"},
    {"Company", "Nordic Timber AS"},
    {"Person", "Oleg Deripaska"},
    {"Company", "Sovcomflot"},
    {"Person", "Pedro Alvarez Romero"},
    {"Company", "Wagner Group"},
    {"Person", "Sophie Martin"},
}

local requests = {}
local counter = 0
local nthreads = 0

function setup(thread)
    thread:set("offset", nthreads * 7)
    nthreads = nthreads + 1
end

function init(args)
    for i, n in ipairs(names) do
        local body = string.format(
            '{"queries":{"q1":{"schema":"%s","properties":{"name":["%s"]}}}}', n[1], n[2])
        requests[i] = wrk.format("POST", "/match/default",
            {["Content-Type"] = "application/json"}, body)
    end
    counter = offset or 0
end

function request()
    counter = counter + 1
    return requests[(counter % #requests) + 1]
end

function done(summary, latency, _)
    local e = summary.errors
    io.write(string.format("wrk_requests=%d\nwrk_duration_us=%d\n", summary.requests,
        summary.duration))
    io.write(string.format("p50_us=%d\np90_us=%d\np99_us=%d\nmax_us=%d\n",
        latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
    io.write(string.format("err_connect=%d\nerr_read=%d\nerr_write=%d\nerr_status=%d\n" ..
        "err_timeout=%d\n", e.connect, e.read, e.write, e.status, e.timeout))
end
