#!/bin/sh
# wrk_match.sh - the HTTP load test of `make bench` (issue 5): `embargo
# serve` under wrk, POST /match/default with one single-name query per
# request (bench/wrk_match.lua rotates persons and companies, listed and
# clean names).
#
# Usage: sh bench/wrk_match.sh [--doc FILE]
#   EMB (default build/embargo) and SNAP (default build/default.emb) name
#   the binary and snapshot; WRK_DURATION (15 s), WRK_CONNECTIONS (64) and
#   WRK_OVERLOAD (512 connections) change the runs.  With --doc, the
#   "## HTTP service" section of FILE is replaced by the results (appended
#   when missing); nothing else in FILE is touched.  Exits 1 when a bar is
#   missed, 2 when the test cannot run.
#
# Installs Debian's wrk with apt-get when it is missing (saying so).  Starts
# the server on a free port of 127.0.0.1 only, with the default snapshot,
# its access log in a temporary directory, --max-per-ip 0 (every wrk
# connection comes from one address; the default per-address cap of 256
# would refuse the overload run's connections at accept) and --timeout-ms
# 100; warms it for 3 s, then runs, each bounded in time:
#   1. load: wrk -t2 -cWRK_CONNECTIONS -dWRK_DURATION --latency: requests/s
#      and p50/p99 (bar: >= 10,000/s with p99 <= 5 ms at 64 connections),
#      and the server's CPU time per request;
#   2. overload: WRK_OVERLOAD connections for 10 s (plain wrk has no
#      offered rate: 8x the connections stands in for 4x the load): the
#      server must stay up, answer every request or refuse it with 503,
#      and keep its RSS (sampled from /proc/PID/status every 0.5 s) within
#      64 MiB of what it was before;
#   3. reload: WRK_CONNECTIONS connections for 10 s with SIGHUP sent 3
#      times: no socket error, no status but 200 (or 503), and 3 reloads
#      counted by /metrics.
# Statuses are counted by the server (/metrics, before and after each run),
# so wrk does not read response bodies in Lua.  The server is stopped and
# the directory removed by a trap, also on failure.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
EMB=${EMB:-$ROOT/build/embargo}
SNAP=${SNAP:-$ROOT/build/default.emb}
DUR=${WRK_DURATION:-15}
CONNS=${WRK_CONNECTIONS:-64}
OVER=${WRK_OVERLOAD:-512}
LUA=$ROOT/bench/wrk_match.lua
DOC=""
if [ "${1:-}" = "--doc" ]; then
    DOC=${2:?usage: wrk_match.sh [--doc FILE]}
fi

say() { echo "wrk_match.sh: $*" >&2; }

[ -x "$EMB" ] || { say "no $EMB (run make first)"; exit 2; }
[ -s "$SNAP" ] || { say "no $SNAP (run make $SNAP first)"; exit 2; }
command -v curl >/dev/null 2>&1 || { say "curl is needed"; exit 2; }
if ! command -v wrk >/dev/null 2>&1; then
    say "wrk is not installed; running: apt-get install -y wrk"
    DEBIAN_FRONTEND=noninteractive apt-get install -y wrk >&2
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/embargo-wrk.XXXXXX")
SPID=""
WPID=""
SAMPLER=""
cleanup() {
    for p in $SAMPLER $WPID; do
        kill "$p" 2>/dev/null || true
    done
    if [ -n "$SPID" ]; then
        kill "$SPID" 2>/dev/null || true
        wait "$SPID" 2>/dev/null || true
    fi
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 2' INT TERM HUP

# ---- server ----
PORT=""
for try in 1 2 3 4 5 6 7 8; do
    p=$((20000 + ($$ * 7 + try * 997) % 30000))
    "$EMB" --quiet --db "$SNAP" serve --listen "127.0.0.1:$p" --log "$TMP/access.log" \
        --max-per-ip 0 --timeout-ms 100 >"$TMP/server.out" 2>"$TMP/server.err" &
    SPID=$!
    n=0
    while [ $n -lt 150 ] && kill -0 "$SPID" 2>/dev/null; do
        c=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$p/readyz" || true)
        if [ "$c" = 200 ]; then
            PORT=$p
            break
        fi
        sleep 0.1
        n=$((n + 1))
    done
    [ -z "$PORT" ] || break
    kill "$SPID" 2>/dev/null || true
    wait "$SPID" 2>/dev/null || true
    SPID=""
done
[ -n "$PORT" ] || { say "cannot start the server"; cat "$TMP/server.err" >&2; exit 2; }
URL="http://127.0.0.1:$PORT"
say "server pid $SPID on $URL"

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$SPID/status"; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$SPID/stat"; }
TICK=$(getconf CLK_TCK)

# statuses FILE: "STATUS COUNT" of /match/{dataset} requests so far.
statuses() {
    curl -s --max-time 5 "$URL/metrics" |
        sed -n 's/^embargo_http_requests_total{route="\/match\/{dataset}",status="\([0-9]*\)"} \([0-9]*\).*/\1 \2/p' \
            >"$1"
}
# delta BEFORE AFTER: per-status counts of the run, "200=N 503=M".
delta() {
    awk 'FNR == NR { b[$1] = $2; next } { d = $2 - b[$1]; if (d) printf "%s%s=%d", (n++ ? " " : ""), $1, d }' \
        "$1" "$2"
    echo
}
reloads_ok() {
    curl -s --max-time 5 "$URL/metrics" |
        sed -n 's/^embargo_snapshot_reloads_total{result="ok"} \([0-9]*\).*/\1/p'
}
# val FILE KEY: a key=value line of wrk_match.lua's done().
val() {
    v=$(sed -n "s/^$2=//p" "$1")
    echo "${v:-0}"
}
rps() { sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$1"; }
ms() { awk -v u="$1" 'BEGIN { printf "%.2f ms", u / 1000 }'; }
sockerr() {
    echo $(($(val "$1" err_connect) + $(val "$1" err_read) + $(val "$1" err_write) + $(val "$1" err_timeout)))
}

LOAD0=$(cut -d' ' -f1 /proc/loadavg)
say "warming up (3 s)"
wrk -t2 -c"$CONNS" -d3s -s "$LUA" "$URL" >/dev/null 2>&1

# ---- 1. load ----
say "load: $CONNS connections, ${DUR} s"
statuses "$TMP/s0"
sleep 0.1 # the access log's lines of the warm-up are written (every 20 ms)
LOG0=$(wc -l <"$TMP/access.log")
t0=$(cpu_ticks)
wrk -t2 -c"$CONNS" -d"${DUR}s" --latency -s "$LUA" "$URL" >"$TMP/load.out" 2>&1 || true
t1=$(cpu_ticks)
statuses "$TMP/s1"
sleep 0.1
LOG1=$(wc -l <"$TMP/access.log")
L_RPS=$(rps "$TMP/load.out")
L_P50=$(val "$TMP/load.out" p50_us)
L_P99=$(val "$TMP/load.out" p99_us)
L_MAX=$(val "$TMP/load.out" max_us)
L_N=$(val "$TMP/load.out" wrk_requests)
L_ERR=$(sockerr "$TMP/load.out")
L_ST=$(delta "$TMP/s0" "$TMP/s1")
L_CPU=$(awk -v t=$((t1 - t0)) -v hz="$TICK" -v n="$L_N" 'BEGIN { printf "%.0f", n ? t / hz * 1e6 / n : 0 }')
# The server's throughput in each 100 ms of the run (access-log times,
# the first and last windows left out): "min-max/s (median M)".  The host
# changes speed within seconds, and the p99 follows the slowest windows.
L_WIN=$(sed -n "$((LOG0 + 1)),${LOG1}p" "$TMP/access.log" | grep '"route":"/match/' |
    sed -n 's/.*"ts":"[0-9-]*T\([0-9]*\):\([0-9]*\):\([0-9]*\)\.\([0-9]\).*/\1 \2 \3 \4/p' |
    awk '{ if (!n) h0 = $1; w = (($1 * 60 + $2) * 60 + $3) * 10 + $4 + ($1 < h0 ? 864000 : 0); c[w]++; if (!n++ || w < lo) lo = w; if (w > hi) hi = w }
        END {
            m = 0
            for (w = lo + 1; w < hi; w++) v[m++] = c[w] * 10
            if (m < 3) { print "-"; exit }
            for (i = 1; i < m; i++) { x = v[i]; for (j = i - 1; j >= 0 && v[j] > x; j--) v[j + 1] = v[j]; v[j + 1] = x }
            printf "%d-%d/s (median %d)", v[0], v[m - 1], v[int(m / 2)]
        }')
L_OK=FAIL
if awk -v r="$L_RPS" -v p="$L_P99" 'BEGIN { exit !(r >= 10000 && p <= 5000) }' &&
    [ "$L_ERR" = 0 ]; then
    L_OK=PASS
fi
say "load: $L_RPS requests/s, p50 $(ms "$L_P50"), p99 $(ms "$L_P99"); statuses $L_ST"

# ---- 2. overload ----
say "overload: $OVER connections, 10 s"
RSS0=$(rss_kb)
echo "$RSS0" >"$TMP/rss"
(
    while kill -0 "$SPID" 2>/dev/null; do
        rss_kb >>"$TMP/rss" 2>/dev/null || true
        sleep 0.5
    done
) &
SAMPLER=$!
statuses "$TMP/s2"
wrk -t2 -c"$OVER" -d10s --latency --timeout 5s -s "$LUA" "$URL" >"$TMP/over.out" 2>&1 || true
kill "$SAMPLER" 2>/dev/null || true
wait "$SAMPLER" 2>/dev/null || true
SAMPLER=""
ALIVE=no
if kill -0 "$SPID" 2>/dev/null &&
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$URL/readyz")" = 200 ]; then
    ALIVE=yes
fi
statuses "$TMP/s3"
RSS1=$(rss_kb || echo 0)
RSSMAX=$(sort -n "$TMP/rss" | tail -n 1)
O_RPS=$(rps "$TMP/over.out")
O_P50=$(val "$TMP/over.out" p50_us)
O_P99=$(val "$TMP/over.out" p99_us)
O_MAX=$(val "$TMP/over.out" max_us)
O_ERR=$(sockerr "$TMP/over.out")
O_ST=$(delta "$TMP/s2" "$TMP/s3")
O_BAD=$(awk 'FNR == NR { b[$1] = $2; next } $1 != 200 && $1 != 503 { n += $2 - b[$1] } END { print n + 0 }' \
    "$TMP/s2" "$TMP/s3")
O_OK=FAIL
if [ "$ALIVE" = yes ] && [ "$O_ERR" = 0 ] && [ "$O_BAD" = 0 ] &&
    [ $((RSSMAX - RSS0)) -le 65536 ]; then
    O_OK=PASS
fi
say "overload: $O_RPS requests/s, p99 $(ms "$O_P99"); statuses $O_ST; RSS ${RSS0} -> max ${RSSMAX} kB"

# ---- 3. reload under load ----
say "reload: $CONNS connections, 10 s, SIGHUP x3"
statuses "$TMP/s4"
R0=$(reloads_ok)
wrk -t2 -c"$CONNS" -d10s --latency -s "$LUA" "$URL" >"$TMP/reload.out" 2>&1 &
WPID=$!
for at in 2 2 2; do
    sleep "$at"
    kill -HUP "$SPID"
done
wait "$WPID" || true
WPID=""
sleep 0.5
R1=$(reloads_ok)
statuses "$TMP/s5"
R_RPS=$(rps "$TMP/reload.out")
R_P99=$(val "$TMP/reload.out" p99_us)
R_MAX=$(val "$TMP/reload.out" max_us)
R_ERR=$(sockerr "$TMP/reload.out")
R_ST=$(delta "$TMP/s4" "$TMP/s5")
R_BAD=$(awk 'FNR == NR { b[$1] = $2; next } $1 != 200 && $1 != 503 { n += $2 - b[$1] } END { print n + 0 }' \
    "$TMP/s4" "$TMP/s5")
R_N=$((R1 - R0))
R_OK=FAIL
if [ "$R_ERR" = 0 ] && [ "$R_BAD" = 0 ] && [ "$R_N" = 3 ]; then
    R_OK=PASS
fi
say "reload: $R_N reloads, $R_RPS requests/s, socket errors $R_ERR; statuses $R_ST"

# ---- table ----
CPU=$(sed -n 's/^model name[^:]*: *//p' /proc/cpuinfo | head -n 1)
{
    echo "Machine: $CPU, $(nproc) cores, wrk $(wrk -v 2>&1 | head -n 1 | awk '{ print $2 }') on the same cores;" \
        "load average before the runs $LOAD0; $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "| run | connections | requests/s | p50 | p99 | max | statuses | socket errors | other | result |"
    echo "|---|---:|---:|---:|---:|---:|---|---:|---|---|"
    echo "| load, ${DUR} s | $CONNS | $L_RPS | $(ms "$L_P50") | $(ms "$L_P99") | $(ms "$L_MAX") | $L_ST | $L_ERR | server CPU $L_CPU µs/request; per 100 ms $L_WIN | $L_OK (bar: ≥ 10,000/s, p99 ≤ 5 ms) |"
    echo "| overload, 10 s | $OVER | $O_RPS | $(ms "$O_P50") | $(ms "$O_P99") | $(ms "$O_MAX") | $O_ST | $O_ERR | alive: $ALIVE; RSS $((RSS0 / 1024)) MiB before, max $((RSSMAX / 1024)) MiB, $((RSS1 / 1024)) MiB after | $O_OK (bar: only 200/503, bounded memory) |"
    echo "| reload, 10 s | $CONNS | $R_RPS | | $(ms "$R_P99") | $(ms "$R_MAX") | $R_ST | $R_ERR | $R_N SIGHUP reloads | $R_OK (bar: no request dropped) |"
} >"$TMP/table.md"
cat "$TMP/table.md"

if [ -n "$DOC" ]; then
    {
        echo "## HTTP service"
        echo
        echo "\`make bench-http\` (also run by \`make bench\`) is \`bench/wrk_match.sh\`: \`embargo"
        echo "serve\` on the default snapshot under Debian's \`wrk -t2\` on the same 2"
        echo "cores, POST /match/default with one single-name query per request"
        echo "(\`bench/wrk_match.lua\` rotates 24 persons and companies, listed and"
        echo "clean; 5 results with full entities and explanations, about 5.6 KB per"
        echo "answer), access log on; flags \`--max-per-ip 0 --timeout-ms 100\`. Statuses"
        echo "come from the server's /metrics. Plain wrk has no offered rate, so the"
        echo "overload run uses 8x the connections; RSS is sampled every 0.5 s. With"
        echo "64 connections and no think time a p99 of 5 ms needs well over 12,800"
        echo "requests/s (Little's law), so the latency bar is the harder one; other"
        echo "load on the machine shows first in p99. \"per 100 ms\" is the server's"
        echo "throughput in each 100 ms of the load run (from its access log): on"
        echo "this shared host the matcher's memory-bound work runs up to twice as"
        echo "fast in some windows as in others (a loop of queries alone on one"
        echo "core: 2,616-5,183 per 100 ms, while a loop without memory traffic varies"
        echo "by 4%), and the p99 is set by the slowest windows."
        echo
        cat "$TMP/table.md"
        echo
    } >"$TMP/section.md"
    [ -f "$DOC" ] || : >"$DOC"
    awk -v sec="$TMP/section.md" '
        function put() { while ((getline l < sec) > 0) print l; done = 1 }
        /^## HTTP service[[:space:]]*$/ { put(); skip = 1; next }
        skip && /^## / { skip = 0 }
        !skip { print }
        END { if (!done) { print ""; put() } }' "$DOC" >"$TMP/doc.md"
    cat "$TMP/doc.md" >"$DOC"
    say "updated $DOC"
fi

[ "$L_OK" = PASS ] && [ "$O_OK" = PASS ] && [ "$R_OK" = PASS ] || exit 1
exit 0
