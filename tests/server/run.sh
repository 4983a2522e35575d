#!/bin/sh
# run.sh - black-box tests of `embargo serve`, the HTTP screening service.
#
# Usage: EMB=path/to/embargo SNAP=path/to/default.emb sh tests/server/run.sh
# (`make server-tests` does this).  Starts the real binary on a free
# loopback port (127.0.0.1 only) with an API-key file, waits for /readyz,
# then drives every endpoint over HTTP with curl: success paths, each error
# status (400 naming the field, 401, 403, 404, 405, 413, 503), malformed
# input (invalid JSON and UTF-8, deep nesting, huge numbers, huge bodies),
# a slow client, a burst of concurrent requests, hot reload (good and bad
# snapshot, over HTTP and by SIGHUP, also during a burst).  More servers
# check the per-request time limit and --log-queries, --max-per-ip and
# --max-connections, IPv6 (when the machine has ::1), and load shedding
# (--max-queue-ms).
# Prints "ok - ..." / "not ok - ..." per check and "N passed, M failed";
# exits 1 when a check failed.  Every wait is bounded; the servers are killed on exit.
# Reference: docs/http.md.
set -u

: "${EMB:?set EMB to the embargo binary}"
: "${SNAP:?set SNAP to the default snapshot}"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/embargo-srv.XXXXXX") || exit 2
WRAP="" # a command start_server runs the server under (strace)
PID=""
PID2=""
cleanup() {
    [ -n "$PID" ] && kill "$PID" 2>/dev/null
    [ -n "$PID2" ] && kill "$PID2" 2>/dev/null
    [ -n "$PID" ] && wait "$PID" 2>/dev/null
    [ -n "$PID2" ] && wait "$PID2" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 2' INT TERM

pass=0
fail=0
code=""

ok() {
    pass=$((pass + 1))
    echo "ok - $1"
}

notok() {
    fail=$((fail + 1))
    echo "not ok - $1"
    echo "#   last status $code"
    if [ -s "$T/body" ]; then head -c 300 "$T/body" | sed 's/^/#   body: /'; echo; fi
}

check() {
    d=$1
    shift
    if "$@"; then ok "$d"; else notok "$d"; fi
}

KEY=embargo-test-key-1
USERKEY=embargo-test-key-2
hash_of() { printf %s "$1" | sha256sum | cut -d' ' -f1; }
{
    echo "# test keys"
    echo "sha256:$(hash_of "$KEY") ci admin"
    echo "sha256:$(hash_of "$USERKEY") reader"
} >"$T/keys"

# The served file is a copy that tests replace by rename (never in place:
# the server maps it).
cp "$SNAP" "$T/good.emb" || exit 2
cp "$SNAP" "$T/live.emb" || exit 2
if ! "$EMB" build --quiet --list "un:$ROOT/tests/cli/data/un_small.xml" -o "$T/small.emb" \
    >"$T/build.out" 2>&1; then
    echo "not ok - build the small snapshot"
    cat "$T/build.out"
    exit 1
fi
head -c 4096 "$SNAP" >"$T/bad.emb"

# http METHOD PATH [curl args]: status in $code, body in $T/body, headers in
# $T/hdr.  Sends the admin key unless NOKEY=1.
http() {
    m=$1
    p=$2
    shift 2
    if [ "${NOKEY:-0}" = 1 ]; then
        code=$(curl -s -o "$T/body" -D "$T/hdr" -w '%{http_code}' --max-time 30 -X "$m" "$@" \
            "$BASE$p")
    else
        code=$(curl -s -o "$T/body" -D "$T/hdr" -w '%{http_code}' --max-time 30 -X "$m" \
            -H "Authorization: Bearer $KEY" "$@" "$BASE$p")
    fi
}
match() {
    http POST "/match/$1" -H 'Content-Type: application/json' --data-binary "$2"
}
# eventually CMD...: CMD succeeds within about a second (access-log lines
# wait in the server's memory for up to 20 ms before they are written).
eventually() {
    n=0
    until "$@"; do
        n=$((n + 1))
        [ $n -lt 20 ] || return 1
        sleep 0.05
    done
}
status_is() { [ "$code" = "$1" ]; }
body_has() { grep -q -e "$1" "$T/body"; }
hdr_has() { grep -qi -e "$1" "$T/hdr"; }
err_is() { status_is "$1" && body_has "\"status\":$1" && body_has "\"detail\":\".*$2"; }
snap_hash() { http GET /readyz && sed -n 's/^X-Embargo-Snapshot: *\([0-9a-f]*\).*/\1/ip' "$T/hdr"; }

# start PORTVAR PIDVAR ARGS...: starts a server on a free loopback port.
start_server() {
    tries=0
    secs=$(date +%S | sed "s/^0//")
    port=$((20000 + ($$ * 7 + secs) % 30000))
    while [ $tries -lt 20 ]; do
        # a port another server (this script's) answers on would pass the
        # readiness check below for a server that failed to bind it
        if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 \
            "http://127.0.0.1:$port/readyz")" != 000 ]; then
            tries=$((tries + 1))
            port=$((port + 17))
            continue
        fi
        $WRAP "$EMB" --db "$T/live.emb" serve --listen "127.0.0.1:$port" --threads 4 "$@" \
            >>"$T/server.out" 2>>"$T/server.err" &
        spid=$!
        n=0
        while [ $n -lt 150 ]; do
            if ! kill -0 "$spid" 2>/dev/null; then break; fi
            c=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/readyz")
            if [ "$c" = 200 ]; then
                SPORT=$port
                SPID=$spid
                return 0
            fi
            sleep 0.1
            n=$((n + 1))
        done
        kill "$spid" 2>/dev/null
        wait "$spid" 2>/dev/null
        tries=$((tries + 1))
        port=$((port + 17))
    done
    return 1
}

if ! start_server --api-keys "$T/keys"; then
    echo "not ok - server starts"
    tail -n 5 "$T/server.err"
    echo "0 passed, 1 failed"
    exit 1
fi
PID=$SPID
BASE="http://127.0.0.1:$SPORT"
ok "server starts on 127.0.0.1:$SPORT and /readyz answers 200"
http GET /metrics
check "a query context per worker thread (4) is made before the first request" \
    sh -c "[ $code = 200 ] && grep -q '^embargo_query_contexts 4\$' '$T/body'"

Q1='{"queries":{"q1":{"schema":"Person","properties":{"name":["Kim Jong Un"],"birthDate":["1984-01-08"],"nationality":["kp"]}},"q2":{"schema":"Company","properties":{"name":["Korea Mining Development Trading Corp"],"country":["kp"]}}}}'

# ---- refusals that need no snapshot knowledge ----
"$EMB" --db "$T/live.emb" serve --listen 0.0.0.0:1 >"$T/out" 2>"$T/err"
rc=$?
check "non-loopback listen without --api-keys is refused" \
    sh -c "[ $rc -eq 2 ] && grep -q 'api-keys' '$T/err'"

# ---- success paths ----
NOKEY=1 http GET /healthz
check "/healthz 200 without a key" sh -c "[ $code = 200 ] && grep -q '\"status\":\"ok\"' '$T/body'"
http GET /readyz
check "/readyz names the snapshot" body_has '"hash":"[0-9a-f]\{16\}"'
check "every response has X-Embargo-Snapshot and X-Request-Id" \
    sh -c "grep -qi '^X-Embargo-Snapshot: [0-9a-f]' '$T/hdr' && grep -qi '^X-Request-Id: ' '$T/hdr'"
HASH0=$(snap_hash)

match default "$Q1"
check "/match yente shape: responses, results, total, query, limit" \
    sh -c "[ $code = 200 ] && grep -q '\"responses\":{\"q1\":{\"status\":200,\"results\":\[' '$T/body' \
        && grep -q '\"total\":{\"value\":[0-9]*,\"relation\":\"eq\"}' '$T/body' \
        && grep -q '\"query\":{' '$T/body' && grep -q '\"limit\":5' '$T/body'"
check "/match results carry id, caption, schema, properties, datasets, target, score, match, explanations" \
    sh -c "grep -q '\"caption\":\"KIM, Jong Un\"' '$T/body' && grep -q '\"target\":true' '$T/body' \
        && grep -q '\"score\":' '$T/body' && grep -q '\"match\":true' '$T/body' \
        && grep -q '\"explanations\":{\"name_match\":{' '$T/body' && grep -q '\"datasets\":\[\"' '$T/body' \
        && grep -q '\"properties\":{\"name\":' '$T/body'"
check "/match names the snapshot in the body" body_has '"snapshot":{"hash":"'
cp "$T/body" "$T/match1.body"
match default "$Q1"
check "/match again: the same body (entities from the generation's cache)" \
    cmp -s "$T/body" "$T/match1.body"
match "default?limit=1&threshold=0.9&algorithm=best" "$Q1"
check "/match limit, threshold, algorithm parameters" \
    sh -c "[ $code = 200 ] && grep -q '\"limit\":1' '$T/body' && grep -q '\"threshold\":0.9' '$T/body'"
ID1=$(sed -n 's/.*"q1":{"status":200,"results":\[{"id":"\([^"]*\)".*/\1/p' "$T/body")
DS1=$(grep -o '"datasets":\["[^"]*"' "$T/body" | head -n 1 | sed 's/.*\["//; s/"$//')
check "/match top result has an id and dataset" sh -c "[ -n '$ID1' ] && [ -n '$DS1' ]"
match "default?exclude_entity_ids=$ID1" "$Q1"
check "/match exclude_entity_ids drops that entity" sh -c "[ $code = 200 ] && ! grep -q '\"id\":\"$ID1\"' '$T/body'"
match "default?exclude_dataset=$DS1" "$Q1"
check "/match exclude_dataset drops that dataset" \
    sh -c "[ $code = 200 ] && ! grep -q '\"datasets\":\[\"$DS1\"\]' '$T/body'"
match "default?include_dataset=$DS1" "$Q1"
check "/match include_dataset keeps only that dataset" \
    sh -c "[ $code = 200 ] && grep -q '\"datasets\":\[\"$DS1\"\]' '$T/body' \
        && [ \$(grep -o '\"datasets\":\[\"[^\"]*\"\]' '$T/body' | grep -vc '$DS1') = 0 ]"
match "default?topics=sanction" "$Q1"
check "/match topics filter" sh -c "[ $code = 200 ] && grep -q '\"topics\":\[\"sanction\"' '$T/body'"
match "$DS1" "$Q1"
check "/match/{dataset} restricts to one list" \
    sh -c "[ $code = 200 ] && [ \$(grep -o '\"datasets\":\[\"[^\"]*\"\]' '$T/body' | grep -vc '$DS1') = 0 ]"

http GET "/search/default?q=kim%20jong%20un&limit=3"
check "/search results, total, facets by dataset and schema" \
    sh -c "[ $code = 200 ] && grep -q '\"results\":\[{' '$T/body' && grep -q '\"facets\":{\"datasets\":{' '$T/body' \
        && grep -q '\"schema\":{\"label\"' '$T/body' && grep -q '\"total\":{\"value\":' '$T/body'"
http GET "/search/default?q=kim%20jong%20un&limit=2&offset=1&schema=Person&countries=kp"
check "/search offset, schema, countries" sh -c "[ $code = 200 ] && grep -q '\"offset\":1' '$T/body'"
http GET "/entities/$ID1"
check "/entities/{id} returns the FtM entity" \
    sh -c "[ $code = 200 ] && grep -q '\"id\":\"$ID1\"' '$T/body' && grep -q '\"properties\":{' '$T/body'"
http GET /catalog
check "/catalog lists datasets with list date, counts, sources and sha256" \
    sh -c "[ $code = 200 ] && grep -q '\"name\":\"$DS1\"' '$T/body' && grep -q '\"entity_count\":' '$T/body' \
        && grep -q '\"sha256\":\"[0-9a-f]\{64\}\"' '$T/body' && grep -q '\"schemata\":{' '$T/body' \
        && grep -q '\"list_date\":' '$T/body'"
http GET /algorithms
check "/algorithms names the default" sh -c "[ $code = 200 ] && grep -q '\"default\":\"embargo-v1\"' '$T/body'"
http GET /reconcile/default
check "/reconcile manifest (versions, identifierSpace, defaultTypes, view, suggest, extend)" \
    sh -c "[ $code = 200 ] && grep -q '\"versions\":\[\"0.1\",\"0.2\"\]' '$T/body' \
        && grep -q '\"identifierSpace\":' '$T/body' && grep -q '\"defaultTypes\":\[{\"id\":\"Thing\"' '$T/body' \
        && grep -q '\"view\":{\"url\":' '$T/body' && grep -q '\"suggest\":{\"entity\"' '$T/body' \
        && grep -q '\"propose_properties\":' '$T/body'"
http POST /reconcile/default --data-urlencode 'queries={"q0":{"query":"Kim Jong Un","type":"Person","properties":[{"pid":"birthDate","v":"1984-01-08"}]}}'
check "/reconcile form-encoded queries" \
    sh -c "[ $code = 200 ] && grep -q '\"q0\":{\"result\":\[{\"id\":' '$T/body' \
        && grep -q '\"type\":\[{\"id\":\"Person\",\"name\":\"Person\"}\]' '$T/body' && grep -q '\"score\":' '$T/body'"
http POST /reconcile/default -H 'Content-Type: application/json' \
    --data-binary '{"queries":{"a":{"query":"Korea Mining Development","limit":2}}}'
check "/reconcile JSON body queries" sh -c "[ $code = 200 ] && grep -q '\"a\":{\"result\":\[' '$T/body'"
http GET "/reconcile/default?queries=%7B%22q0%22%3A%7B%22query%22%3A%22KOMID%22%7D%7D"
check "/reconcile queries in the query string" sh -c "[ $code = 200 ] && grep -q '\"q0\":{\"result\"' '$T/body'"
http GET "/reconcile/default/suggest/entity?prefix=kim%20jong"
check "/reconcile suggest/entity" sh -c "[ $code = 200 ] && grep -q '\"result\":\[{\"id\":' '$T/body'"
http GET "/reconcile/default/extend/propose?type=Person"
check "/reconcile extend/propose" \
    sh -c "[ $code = 200 ] && grep -q '\"type\":\"Person\"' '$T/body' && grep -q '\"id\":\"birthDate\"' '$T/body'"
http POST /reconcile/default --data-urlencode "extend={\"ids\":[\"$ID1\"],\"properties\":[{\"id\":\"name\"}]}"
check "/reconcile extend returns property values" \
    sh -c "[ $code = 200 ] && grep -q '\"meta\":\[{\"id\":\"name\"' '$T/body' && grep -q '\"rows\":{\"$ID1\":{\"name\":\[{\"str\":' '$T/body'"
http GET /metrics
check "/metrics Prometheus text: requests, latency histogram, queries, matches, snapshot" \
    sh -c "[ $code = 200 ] && grep -q '^embargo_http_requests_total{route=\"/match/{dataset}\",status=\"200\"} [0-9]' '$T/body' \
        && grep -q '^embargo_http_request_duration_seconds_bucket{route=\"/match/{dataset}\",le=\"0.001\"}' '$T/body' \
        && grep -q '^embargo_queries_screened_total [1-9]' '$T/body' && grep -q '^embargo_matches_total [1-9]' '$T/body' \
        && grep -q '^embargo_snapshot_age_seconds ' '$T/body' && grep -q '^embargo_snapshot_info{hash=\"$HASH0\"' '$T/body'"

# ---- errors ----
NOKEY=1 http GET /catalog
check "401 without a key" sh -c "[ $code = 401 ] && grep -qi '^WWW-Authenticate: Bearer' '$T/hdr'"
NOKEY=1 http GET /catalog -H 'Authorization: Bearer wrong-key'
check "401 with an unknown key" err_is 401 "unknown API key"
NOKEY=1 http POST /admin/reload -H "Authorization: Bearer $USERKEY"
check "403 reload with a non-admin key" err_is 403 "admin"
NOKEY=1 http GET /catalog -H "Authorization: Bearer $USERKEY"
check "a non-admin key may screen" status_is 200
http GET /no/such/thing
check "404 unknown route" err_is 404 "no such endpoint"
match nosuchdataset "$Q1"
check "404 unknown dataset" err_is 404 "dataset"
http GET /entities/no-such-entity-id
check "404 unknown entity" err_is 404 "no-such-entity-id"
http GET /match/default
check "405 GET on /match, with Allow" sh -c "[ $code = 405 ] && grep -qi '^Allow: POST' '$T/hdr'"
http DELETE /catalog
check "405 DELETE on /catalog" err_is 405 "not allowed"
match default '{"queries":{"q1":{"schema":"Person","properties":{"name":[42]}}}}'
check "400 names the field: queries.q1.properties.name[0]" err_is 400 "queries.q1.properties.name\[0\]"
match default '{"queries":{"q1":{"schema":"Person","properties":{"name":{"a":1}}}}}'
check "400 property value not a list" err_is 400 "queries.q1.properties.name: must be a list"
match default '{"queries":{"q1":{"schema":"Spaceship","properties":{"name":["x"]}}}}'
check "400 unknown schema names queries.q1.schema" err_is 400 "queries.q1.schema"
match default '{"queries":{"q1":{"schema":"Person"}}}'
check "400 missing properties" err_is 400 "queries.q1.properties"
match default '{"queries":{"q1":{"schema":"Person","properties":{"name":["བཀྲ་ཤིས་བདེ་ལེགས"]}}}}'
check "400 a name nothing can romanise is refused, not answered empty" \
    err_is 400 "queries.q1.*leaves nothing to screen"
match default '{"queries":[1,2]}'
check "400 queries not an object" err_is 400 "queries"
match default '{"queries":{"q1":{"properties":{"name":["Kim"],"birthDate":["not a date"]}}}}'
check "400 value the engine refuses names its field" err_is 400 "queries.q1.properties.birthDate\[0\]"
match "default?limit=abc" "$Q1"
check "400 bad limit names the parameter" err_is 400 "limit"
match "default?threshold=7" "$Q1"
check "400 bad threshold" err_is 400 "threshold"
match "default?algorithm=nonsense" "$Q1"
check "400 unknown algorithm" err_is 400 "algorithm"
http GET "/search/default"
check "400 search without q" err_is 400 "q: required"
http POST /reconcile/default --data-urlencode 'queries={"q0":{"type":"Person"}}'
check "400 reconcile query without text" err_is 400 "queries.q0.query"

# batch N [QUERY]: a /match body with N queries, each QUERY (a printf
# format taking the query's number twice: its key and its name) or a
# short person name
batch() {
    fmt=${2:-'"q%d":{"schema":"Person","properties":{"name":["Person %d Ivanov"]}}'}
    printf '{"queries":{'
    i=0
    while [ $i -lt "$1" ]; do
        [ $i -gt 0 ] && printf ','
        # shellcheck disable=SC2059
        printf "$fmt" $i $i
        i=$((i + 1))
    done
    printf '}}'
}
batch 101 >"$T/q101.json"
batch 100 >"$T/q100.json"
http POST /match/default -H 'Content-Type: application/json' --data-binary "@$T/q101.json"
check "413 for 101 queries" err_is 413 "at most 100"

http POST /match/default -H 'Content-Type: application/json' --data-binary "@$T/q100.json"
check "100 queries are screened" sh -c "[ $code = 200 ] && grep -q '\"q99\":{\"status\":200' '$T/body'"

# ---- malformed input ----
match default '{"queries": {"q1": '
check "400 truncated JSON" err_is 400 "invalid JSON"
printf '{"queries":{"q1":{"properties":{"name":["\377\376"]}}}}' >"$T/badutf8.json"
http POST /match/default -H 'Content-Type: application/json' --data-binary "@$T/badutf8.json"
check "400 invalid UTF-8 body" err_is 400 "UTF-8"
http GET "/search/default?q=%FF%FEabc"
check "400 invalid UTF-8 in a parameter" sh -c "[ $code = 400 ] && grep -q '\"detail\":\"q:' '$T/body'"
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "["; }' >"$T/deep.json"
http POST /match/default -H 'Content-Type: application/json' --data-binary "@$T/deep.json"
check "400 deeply nested JSON" err_is 400 "invalid JSON"
match default '{"queries":{"q1":{"properties":{"name":["Kim"]}}},"limit":1e999999}'
check "400 huge number" err_is 400 "invalid JSON"
match default '{"queries":{"q1":{"properties":{"name":["Kim"]}}},"x":123456789012345678901234567890}'
check "400 huge integer" err_is 400 "invalid JSON"
head -c 2000000 /dev/zero | tr '\0' 'a' >"$T/huge.bin"
http POST /match/default -H 'Content-Type: application/json' --data-binary "@$T/huge.bin"
check "413 body over 1 MiB (Content-Length)" err_is 413 "body"
http POST /match/default -H 'Content-Type: application/json' -H 'Transfer-Encoding: chunked' \
    --data-binary "@$T/huge.bin"
check "413 chunked body over 1 MiB" err_is 413 "body"
match default ''
check "400 empty body" err_is 400 "body"
BIGH=$(head -c 8192 /dev/zero | tr '\0' 'h')
http POST /match/default -H 'Content-Type: application/json' -H "X-Padding: $BIGH" \
    --data-binary '{"queries":{"q1":{"properties":{"name":["Kim Jong Un"]}}}}'
check "8 KiB of request headers are read" status_is 200
BIGH=$BIGH$BIGH$BIGH
http POST /match/default -H 'Content-Type: application/json' -H "X-Padding: $BIGH" \
    --data-binary '{"queries":{"q1":{"properties":{"name":["Kim Jong Un"]}}}}'
check "24 KiB of request headers: 431 (libmicrohttpd's connection memory)" status_is 431
NOKEY=1 http GET /healthz
check "still healthy after malformed input" status_is 200

# slow client: a body trickling in at 2 KB/s must not stall others
head -c 6000 /dev/zero | tr '\0' ' ' >"$T/slow.json"
printf '%s' "$Q1" >>"$T/slow.json"
curl -s -o "$T/slow.out" -w '%{http_code}' --max-time 30 --limit-rate 2k -X POST \
    -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
    --data-binary "@$T/slow.json" "$BASE/match/default" >"$T/slow.code" &
SLOW=$!
sleep 0.3
t0=$(date +%s)
i=0
good=0
while [ $i -lt 20 ]; do
    c=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$BASE/healthz")
    [ "$c" = 200 ] && good=$((good + 1))
    i=$((i + 1))
done
t1=$(date +%s)
check "others are served while a slow client uploads" sh -c "[ $good = 20 ] && [ $((t1 - t0)) -le 2 ]"
wait $SLOW
check "the slow client is answered" sh -c "[ \"\$(cat '$T/slow.code')\" = 200 ]"

# ---- concurrency ----
printf '%s' "$Q1" >"$T/q1.json"
burst() {
    seq 1 200 | xargs -P 8 -I{} curl -s -o /dev/null -w '%{http_code}\n' --max-time 30 -X POST \
        -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
        --data-binary "@$T/q1.json" "$BASE/match/default" >"$1"
}
burst "$T/codes"
check "200 concurrent /match requests, all 200" \
    sh -c "[ \$(grep -c '^200\$' '$T/codes') = 200 ]"

# ---- hot reload ----
mv_live() { cp "$1" "$T/next.emb" && mv "$T/next.emb" "$T/live.emb"; }
mv_live "$T/small.emb"
http POST /admin/reload
check "POST /admin/reload with a new snapshot: 200, changed" \
    sh -c "[ $code = 200 ] && grep -q '\"status\":\"reloaded\"' '$T/body' && grep -q '\"changed\":true' '$T/body'"
HASH1=$(snap_hash)
check "the snapshot hash changed after reload" sh -c "[ -n '$HASH1' ] && [ '$HASH1' != '$HASH0' ]"
match default "$Q1"
check "/match serves from the new snapshot" \
    sh -c "[ $code = 200 ] && grep -qi '^X-Embargo-Snapshot: $HASH1' '$T/hdr'"
mv_live "$T/bad.emb"
http POST /admin/reload
check "a bad snapshot is refused with 409" err_is 409 "refused"
h=$(snap_hash)
check "the old snapshot keeps serving" sh -c "[ '$h' = '$HASH1' ]"
match default "$Q1"
check "/match still answers after a refused reload" status_is 200

mv_live "$T/good.emb"
kill -HUP "$PID"
n=0
h=""
while [ $n -lt 100 ]; do
    h=$(snap_hash)
    [ "$h" = "$HASH0" ] && break
    sleep 0.1
    n=$((n + 1))
done
check "SIGHUP reloads the snapshot" sh -c "[ '$h' = '$HASH0' ]"

burst "$T/codes2" &
BURST=$!
sleep 0.2
r1=$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 -X POST -H "Authorization: Bearer $KEY" "$BASE/admin/reload")
mv_live "$T/small.emb"
kill -HUP "$PID"
sleep 0.2
mv_live "$T/good.emb"
r2=$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 -X POST -H "Authorization: Bearer $KEY" "$BASE/admin/reload")
wait $BURST
check "reloads during a burst drop no request" \
    sh -c "[ $r1 = 200 ] && [ $r2 = 200 ] && [ \$(grep -c '^200\$' '$T/codes2') = 200 ]"
http GET /metrics
check "/metrics counts reloads" \
    sh -c "grep -q '^embargo_snapshot_reloads_total{result=\"ok\"} [1-9]' '$T/body' \
        && grep -q '^embargo_snapshot_reloads_total{result=\"failed\"} [1-9]' '$T/body'"
check "a reloaded snapshot serves with its 4 query contexts made before it" \
    grep -q '^embargo_query_contexts 4$' "$T/body"

# ---- POST /scan (after the reloads: scanners are made per generation) ----
scan() { http POST /scan -H 'Content-Type: application/json' --data-binary "$1"; }
scan '{"text":"Payment to Korea Mining Development Trading Corporation for parts"}'
check "/scan finds a list name in free text: kind name, span, id, caption, explanation" \
    sh -c "[ $code = 200 ] && grep -q '\"format\":\"text\"' '$T/body' \
        && grep -q '\"span\":\[11,55\],\"text\":\"Korea Mining Development Trading Corporation\",\"kind\":\"name\",\"id\":\"' '$T/body' \
        && grep -q '\"caption\":\"' '$T/body' && grep -q '\"explanation\":{\"name_match\":{' '$T/body' \
        && grep -q '\"snapshot\":\"$HASH0\"' '$T/body'"
scan '{"text":"Goods for Pyongyang","format":"text","threshold":0.95}'
check "/scan country rule hit with rule code" \
    sh -c "[ $code = 200 ] && grep -q '\"kind\":\"country\"' '$T/body' && grep -q '\"rule\":\"KP\"' '$T/body'"
scan '{"text":"{1:F01BANKBEBBAXXX0000000000}{4:\nbad line\n:20:REF\n-}","format":"mt"}'
check "/scan malformed MT: 400 naming line, column and offset" \
    err_is 400 "text: MT: .*line 2, column 1, offset 33"
scan '{"format":"text"}'
check "/scan without text: 400 naming text" err_is 400 "text: missing"
scan '{"text":"x","format":"pdf"}'
check "/scan bad format: 400 naming format" err_is 400 "format:"
scan '{"text":"x","threshold":1.5}'
check "/scan bad threshold: 400 naming threshold" err_is 400 "threshold:"
http GET /scan
check "GET /scan: 405" status_is 405
http POST /admin/reload
scan '{"text":"Payment to Korea Mining Development Trading Corporation for parts","format":"auto"}'
check "/scan after a reload (new scanners for the new generation)" \
    sh -c "[ $code = 200 ] && grep -q '\"kind\":\"name\"' '$T/body'"

# ---- access log ----
check "access log: JSON lines with request id, route, status, duration, snapshot" \
    eventually grep -q '"request_id":"[^"]*","method":"POST","route":"/match/{dataset}","dataset":"default","status":200,"duration_ms":[0-9.]*,"queries":2,"snapshot":"[0-9a-f]' "$T/server.err"
check "access log holds no query content" sh -c "! grep -q 'Kim Jong Un' '$T/server.err'"

# ---- a keyless server with a 1 ms time limit ----
# (100 company names that each reach many listings and return five
# results: several milliseconds of work however fast the machine; the
# short person names of q100.json can finish within 1 ms on a warmed
# server, and did)
batch 100 '"q%d":{"schema":"Company","properties":{"name":["Korea Mining Development Trading Corporation %d"]}}' \
    >"$T/q100heavy.json"
if start_server --timeout-ms 1 --log "$T/access2.log" --log-queries; then
    PID2=$SPID
    B2="http://127.0.0.1:$SPORT"
    c=$(curl -s -o "$T/body" -w '%{http_code}' --max-time 30 -X POST -H 'Content-Type: application/json' \
        --data-binary "@$T/q100heavy.json" "$B2/match/default")
    code=$c
    check "503 when the request time limit passes" err_is 503 "time limit"
    c=$(curl -s -o "$T/body" -w '%{http_code}' --max-time 10 -X POST "$B2/admin/reload")
    code=$c
    check "403 /admin/reload without --api-keys" err_is 403 "api-keys"
    c=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$B2/catalog")
    check "no key needed on loopback without --api-keys" sh -c "[ $c = 200 ]"
    check "--log writes the access log to a file while the server runs" \
        eventually grep -q '"route":"/catalog"' "$T/access2.log"
    check "--log-queries logs the request body" eventually grep -q '"body":"{\\"queries\\":{\\"q0\\"' "$T/access2.log"
    kill "$PID2"
    wait "$PID2" 2>/dev/null
    PID2=""
else
    notok "second server starts"
fi

# ---- connection limits: two slow uploads hold two connections ----
# limit_check OPTION: with the server limited to two connections by
# OPTION, a third client is refused at once while two uploads trickle in,
# and served again once they end (the counts go down on close).
head -c 2500 /dev/zero | tr '\0' ' ' >"$T/slow2.json"
printf '%s' "$Q1" >>"$T/slow2.json"
limit_check() {
    if ! start_server "$@"; then
        notok "server with $* starts"
        return
    fi
    PID2=$SPID
    B2="http://127.0.0.1:$SPORT"
    holds=""
    for i in 1 2; do
        curl -s -o /dev/null -w '%{http_code}' --max-time 30 --limit-rate 1k -X POST \
            -H 'Content-Type: application/json' --data-binary "@$T/slow2.json" \
            "$B2/match/default" >"$T/hold$i.code" &
        holds="$holds $!"
    done
    sleep 0.7
    c3=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$B2/healthz")
    for p in $holds; do wait "$p"; done
    sleep 0.3
    c4=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$B2/healthz")
    h1=$(cat "$T/hold1.code")
    h2=$(cat "$T/hold2.code")
    check "$*: a third connection is refused while two are open" sh -c "[ '$c3' = 000 ]"
    check "$*: the two held connections are answered" sh -c "[ '$h1' = 200 ] && [ '$h2' = 200 ]"
    check "$*: served again once they close" sh -c "[ '$c4' = 200 ]"
    kill "$PID2"
    wait "$PID2" 2>/dev/null
    PID2=""
}
limit_check --max-per-ip 2
limit_check --max-connections 2 --max-per-ip 0

# ---- an HTTP reload does not hold up its worker ----
# One worker thread, and the snapshot to reload is a FIFO: opening it
# waits for a writer, so the reload lasts until this script opens it.
# Meanwhile the worker answers its other connections (it ran the reload
# itself before, and answered nothing until the reload ended).  A FIFO is
# then refused (409) and the old snapshot keeps serving.
# fifo_live: the live snapshot replaced by a FIFO (by rename, as mv_live).
fifo_live() { rm -f "$T/fifo" && mkfifo "$T/fifo" && mv "$T/fifo" "$T/live.emb"; }
# writer: opens the FIFO for writing and closes it, which ends a reload
# waiting to open it (at most 10 s: nothing waits when the reload never came).
writer() { timeout 10 sh -c ': >"$1"' sh "$T/live.emb"; }
reload_bg() {
    curl -s -o "$T/rl.body" -w '%{http_code}' --max-time 30 -X POST \
        -H "Authorization: Bearer $KEY" "$B2/admin/reload" >"$T/rl.code"
}
if start_server --threads 1 --api-keys "$T/keys"; then
    PID2=$SPID
    B2="http://127.0.0.1:$SPORT"
    fifo_live
    reload_bg &
    RL=$!
    sleep 0.5
    c1=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$B2/healthz")
    c2=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -X POST -H "Authorization: Bearer $KEY" \
        -H 'Content-Type: application/json' --data-binary "$Q1" "$B2/match/default")
    pending=no
    kill -0 "$RL" 2>/dev/null && pending=yes
    writer
    wait "$RL"
    check "the worker answers its other connections while an HTTP reload runs" \
        sh -c "[ '$c1' = 200 ] && [ '$c2' = 200 ] && [ $pending = yes ]"
    check "the reload answers when it ends: a FIFO is refused (409, not a regular file)" \
        sh -c "[ \$(cat '$T/rl.code') = 409 ] && grep -q 'regular' '$T/rl.body'"
    c3=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -X POST -H "Authorization: Bearer $KEY" \
        -H 'Content-Type: application/json' --data-binary "$Q1" "$B2/match/default")
    check "the old snapshot serves after the refused reload" sh -c "[ '$c3' = 200 ]"
    # SIGTERM while a reload runs in its own thread: the server waits for
    # it and stops cleanly (libmicrohttpd aborts the process when stopped
    # with a connection suspended)
    reload_bg &
    RL=$!
    sleep 0.5
    kill "$PID2"
    sleep 0.3
    alive=no
    kill -0 "$PID2" 2>/dev/null && alive=yes
    writer
    wait "$RL"
    wait "$PID2"
    rc2=$?
    PID2=""
    check "SIGTERM during an HTTP reload: the server waits for it, then exits 0" \
        sh -c "[ $alive = yes ] && [ $rc2 = 0 ]"
    mv_live "$T/good.emb"
else
    notok "server with one thread starts"
fi

# ---- IPv6: --listen [::1]:PORT (when the machine has IPv6 loopback) ----
if [ -e /proc/net/if_inet6 ] && grep -q '^0\{31\}1 ' /proc/net/if_inet6; then
    p6=$((SPORT + 101))
    c6=000
    for try in 1 2 3 4 5; do
        "$EMB" --db "$T/live.emb" serve --listen "[::1]:$p6" >>"$T/server.out" 2>>"$T/server.err" &
        PID2=$!
        n=0
        while [ $n -lt 100 ] && [ "$c6" != 200 ] && kill -0 "$PID2" 2>/dev/null; do
            sleep 0.1
            c6=$(curl -s -g -o /dev/null -w '%{http_code}' --max-time 2 "http://[::1]:$p6/readyz")
            n=$((n + 1))
        done
        kill "$PID2" 2>/dev/null
        wait "$PID2" 2>/dev/null
        PID2=""
        [ "$c6" = 200 ] && break
        p6=$((p6 + 17)) # that port was taken: another
    done
    check "--listen [::1]:PORT serves over IPv6" sh -c "[ '$c6' = 200 ]"
fi

# ---- answers held for the next round reach their own requests ----
# (server.c: a round's answers are sent together in the daemon's next rounds)
if start_server --threads 1; then
    B2="http://127.0.0.1:$SPORT"
    urls=""
    for i in $(seq 1 40); do
        printf '{"queries":{"k%d":{"properties":{"name":["Kim Jong Un %d"]}}}}' "$i" "$i" \
            >"$T/own$i.json"
        [ -n "$urls" ] && urls="$urls --next"
        urls="$urls -X POST -H Content-Type:application/json --max-time 60"
        urls="$urls -o $T/own$i.body --data-binary @$T/own$i.json $B2/match/default"
    done
    # shellcheck disable=SC2086
    curl -s -Z --parallel-immediate --parallel-max 40 $urls >/dev/null 2>&1
    bad=0
    for i in $(seq 1 40); do
        grep -q "\"responses\":{\"k$i\":{\"status\":200" "$T/own$i.body" 2>/dev/null &&
            grep -q "\"name\":\[\"Kim Jong Un $i\"\]" "$T/own$i.body" || bad=$((bad + 1))
    done
    check "40 requests at once on one thread: each answer is its own ($bad wrong)" \
        sh -c "[ $bad = 0 ]"
    kill "$SPID"
    wait "$SPID" 2>/dev/null
else
    notok "server with --threads 1 starts"
fi

# ---- the snapshot read into memory (default) or mapped (--mmap) ----
check "the startup line says the snapshot is read into memory" \
    grep -q 'serving .*entities, read into memory) on' "$T/server.err"
# held_by PID: "map" if the process maps live.emb, else "memory"
held_by() {
    if grep -q 'live\.emb' "/proc/$1/maps" 2>/dev/null; then echo map; else echo memory; fi
}
if [ -r "/proc/$$/maps" ]; then
    if start_server --threads 1; then
        P_LOAD=$SPID
        U_LOAD="http://127.0.0.1:$SPORT"
        if start_server --threads 1 --mmap; then
            P_MAP=$SPID
            U_MAP="http://127.0.0.1:$SPORT"
            check "without --mmap the snapshot file is not mapped ($(held_by "$P_LOAD"))" \
                sh -c "[ '$(held_by "$P_LOAD")' = memory ]"
            check "--mmap maps the snapshot file ($(held_by "$P_MAP"))" \
                sh -c "[ '$(held_by "$P_MAP")' = map ]"
            check "--mmap: the startup line says mapped" \
                grep -q 'serving .*entities, mapped) on' "$T/server.err"
            for u in "$U_LOAD" "$U_MAP"; do
                curl -s -o "$T/held.$(echo "$u" | tr -dc 0-9)" --max-time 30 -X POST \
                    -H 'Content-Type: application/json' --data "$Q1" "$u/match/default"
            done
            check "--mmap answers /match as the server that read the snapshot does" \
                sh -c "grep -q '\"score\"' '$T/held.$(echo "$U_LOAD" | tr -dc 0-9)' &&
                    cmp -s '$T/held.$(echo "$U_LOAD" | tr -dc 0-9)' '$T/held.$(echo "$U_MAP" | tr -dc 0-9)'"
            kill "$P_MAP"
            wait "$P_MAP" 2>/dev/null
        else
            notok "server with --mmap starts"
        fi
        kill "$P_LOAD"
        wait "$P_LOAD" 2>/dev/null
    else
        notok "a second server starts"
    fi
else
    ok "# SKIP --mmap: no /proc/PID/maps here"
fi

# refused OPTION VALUE RANGE: `serve OPTION VALUE` exits 2 naming the range
refused() {
    "$EMB" --db "$T/live.emb" serve "$1" "$2" >/dev/null 2>"$T/opt.err"
    check "$1 $2 is refused (exit 2, says the range)" \
        sh -c "[ $? = 2 ] && grep -q -- '${1#--}: $3' '$T/opt.err'"
}

# ---- --slice-us: the workers' scheduler slice (Linux 6.12+ shows se.slice) ----
# slices PID: the se.slice of the process's libmicrohttpd worker threads
slices() {
    for t in /proc/"$1"/task/*; do
        [ "$(cat "$t/comm" 2>/dev/null)" = MHD-single ] &&
            sed -n 's/^se\.slice *: *//p' "$t/sched" 2>/dev/null
    done
}
if grep -q '^se\.slice' /proc/self/sched 2>/dev/null && [ "$(uname -s)" = Linux ]; then
    for sl in 250 0; do
        if start_server --threads 1 --slice-us "$sl"; then
            curl -s -o /dev/null --max-time 10 "http://127.0.0.1:$SPORT/healthz"
            got=$(slices "$SPID" | head -n 1)
            mine=$(sed -n 's/^se\.slice *: *//p' /proc/self/sched)
            if [ "$sl" = 0 ]; then
                check "--slice-us 0: the worker keeps the kernel's slice ($got ns)" \
                    sh -c "[ '$got' = '$mine' ]"
            else
                check "--slice-us $sl: the worker's slice is ${sl} us ($got ns)" \
                    sh -c "[ '$got' = '${sl}000' ]"
            fi
            kill "$SPID"
            wait "$SPID" 2>/dev/null
        else
            notok "server with --slice-us $sl starts"
        fi
    done
else
    ok "# SKIP --slice-us: this kernel shows no se.slice"
fi
refused --slice-us 50 "0, or 100 to 100000"

# ---- --yield-us: a worker yields its core (sched_yield, seen by strace) ----
# Only the calls made by the server's own code count (strace -k gives each
# call's stack): a sanitizer's runtime yields too, in its spin locks.
# worker_yields [WHERE]: those calls in $T/yield.trace (made by
# srv_worker_pause, or by its caller where it is inlined), or of those the
# ones made from WHERE (function names, an awk regular expression).
worker_yields() {
    awk -v where="${1:-}" '
        function count() { if (own && (where == "" || hit)) n++; own = hit = 0 }
        /sched_yield\(/ { count(); frame = 0; next }
        /^ > / {
            frame++
            if (frame == 2 && $0 ~ /\((srv_worker_pause|on_request|srv_h_match|srv_h_reconcile|run_queries)\+/)
                own = 1
            if (frame <= 3 && where != "" && $0 ~ ("\\((" where ")\\+"))
                hit = 1
        }
        END { count(); print n + 0 }' "$T/yield.trace"
}
if command -v strace >/dev/null 2>&1 && command -v pgrep >/dev/null 2>&1 &&
    strace -f -qq -k -e trace=sched_yield -o /dev/null true 2>/dev/null; then
    for y in 10 0; do
        : >"$T/yield.trace"
        WRAP="strace -f -qq -k -e trace=sched_yield -o $T/yield.trace"
        if start_server --threads 1 --yield-us "$y"; then
            WRAP=""
            c=$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 -X POST \
                -H 'Content-Type: application/json' --data "$Q1" \
                "http://127.0.0.1:$SPORT/match/default")
            c=$c,$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 -X POST \
                -H 'Content-Type: application/json' \
                --data '{"queries":{"a":{"query":"Kim Jong Un"},"b":{"query":"KOMID"},"c":{"query":"Sberbank"}}}' \
                "http://127.0.0.1:$SPORT/reconcile/default")
            kill $(pgrep -P "$SPID") 2>/dev/null
            wait "$SPID" 2>/dev/null
            n=$(worker_yields)
            nm=$(worker_yields srv_h_match)
            nr=$(worker_yields 'srv_h_reconcile|run_queries')
            if [ "$y" = 0 ]; then
                check "--yield-us 0: no sched_yield while screening ($c, $n calls)" \
                    sh -c "[ '$c' = 200,200 ] && [ '$n' = 0 ]"
            else
                check "--yield-us $y: the worker yields after requests and between the queries of /match and /reconcile batches ($c; $n calls, $nm in /match, $nr in /reconcile)" \
                    sh -c "[ '$c' = 200,200 ] && [ '$n' -ge 3 ] && [ '$nm' -ge 1 ] && [ '$nr' -ge 1 ]"
            fi
        else
            WRAP=""
            notok "server with --yield-us $y starts under strace"
        fi
    done
else
    ok "# SKIP --yield-us: strace cannot trace here (or give stacks: -k)"
fi
refused --yield-us 5 "0, or 10 to 100000"

# ---- load shedding: 200 batches of 100 queries at once on one thread ----
batch 100 '"q%d":{"properties":{"name":["Korea %d Mining Trading Company Limited"]}}' >"$T/heavy.json"
# SHED_BODY: the batch sent (curl sends its headers, then the body after
# the server's "100 Continue")
SHED_BODY=$T/heavy.json
# shed_run OPTION...: prints the statuses of the 200 answers, one a line,
# (with the Retry-After header's value after a 503), then "after STATUS"
# for one more request once they are done; bodies are left in
# $T/shedN.body.
shed_run() {
    rm -f "$T"/shed*.body
    if ! start_server --threads 1 "$@"; then
        echo "no-server"
        return
    fi
    B2="http://127.0.0.1:$SPORT"
    urls=""
    for i in $(seq 1 200); do urls="$urls -o $T/shed$i.body $B2/match/default?r=$i"; done
    # shellcheck disable=SC2086
    curl -s -Z --parallel-immediate --parallel-max 200 -w '%{http_code}%header{retry-after}\n' \
        --max-time 60 \
        -X POST -H 'Content-Type: application/json' --data-binary "@$SHED_BODY" $urls 2>/dev/null
    c=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -X POST \
        -H 'Content-Type: application/json' --data-binary "@$SHED_BODY" "$B2/match/default")
    echo "after $c"
    kill "$SPID"
    wait "$SPID" 2>/dev/null
}
shed_run --max-queue-ms 1 >"$T/shed.codes"
n200=$(grep -c '^200$' "$T/shed.codes")
n503=$(grep -c '^503' "$T/shed.codes")
n_after=$(grep '^after' "$T/shed.codes")
check "--max-queue-ms 1: a long queue is cut with 503s ($n503 of 200, $n200 answered, $n_after)" \
    sh -c "[ $n503 -ge 1 ] && [ $((n200 + n503)) = 200 ] && grep -q '^after 200$' '$T/shed.codes'"
f=$(grep -l '"status":503' "$T"/shed*.body 2>/dev/null | head -n 1)
check "a shed request says why and carries Retry-After" \
    sh -c "[ -n '$f' ] && grep -q 'overloaded: the request waited [0-9]* ms' '$f' \
        && [ \$(grep -c '^503' '$T/shed.codes') = \$(grep -c '^5031$' '$T/shed.codes') ]"
shed_run --max-queue-ms 0 >"$T/shed.codes"
check "--max-queue-ms 0: nothing is shed" sh -c "[ \$(grep -c '^200$' '$T/shed.codes') = 200 ]"
# Batches of 100 company names that each return five results (8 ms of
# work each here): their bodies come in the round after their headers, and
# wait in their sockets while the batches before them are screened.  The
# wait is read when the request is complete; read with the headers, it
# was none, and all 200 were answered, one after another, for 2 s.
SHED_BODY=$T/q100heavy.json
shed_run --max-queue-ms 1 >"$T/shed.codes"
n200=$(grep -c '^200$' "$T/shed.codes")
n503=$(grep -c '^503' "$T/shed.codes")
check "--max-queue-ms 1: batches whose bodies wait after their headers are shed too ($n503 of 200)" \
    sh -c "[ $n503 -ge 100 ] && [ $((n200 + n503)) = 200 ] && grep -q '^after 200$' '$T/shed.codes'"

kill "$PID"
wait "$PID" 2>/dev/null
PID=""
check "clean shutdown on SIGTERM" grep -q 'shutting down' "$T/server.err"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
