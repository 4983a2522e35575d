#!/bin/sh
# threads.sh - black-box test of `embargo match --threads N`: the output of
# a few hundred queries (persons, organisations, typos, other scripts,
# blank and malformed lines) must be byte for byte the same with 1, 2 and 7
# threads, in JSON and --table form, errors on stderr too, and stay in
# input order.  Meant to be sourced by tests/cli/run.sh (uses its run/runs,
# check, rc_is and $T); run on its own it defines minimal versions:
#   EMB=build/embargo SNAP=build/default.emb sh tests/cli/threads.sh
# See docs/cli.md and docs/performance.md.

if ! command -v runs >/dev/null 2>&1; then
    set -u
    : "${EMB:?set EMB to the embargo binary}"
    : "${SNAP:?set SNAP to the default snapshot}"
    T=$(mktemp -d "${TMPDIR:-/tmp}/embargo-threads.XXXXXX") || exit 2
    trap 'rm -rf "$T"' EXIT
    trap 'exit 2' INT TERM
    pass=0
    fail=0
    rc=0
    ok() { pass=$((pass + 1)); echo "ok - $1"; }
    notok() { fail=$((fail + 1)); echo "not ok - $1"; echo "#   exit status $rc"; }
    check() { d=$1; shift; if "$@"; then ok "$d"; else notok "$d"; fi; }
    runs() { "$EMB" --db "$SNAP" "$@" >"$T/out" 2>"$T/err"; rc=$?; }
    rc_is() { [ "$rc" -eq "$1" ]; }
    threads_standalone=1
fi

# 360 queries: every pair of 20 given names x 6 surnames, as persons, plus
# organisation names and other scripts, with one blank and one bad line in
# every 50; each id is its line's query number.
awk 'BEGIN {
    split("Kim Maria Ali Mohammad Viktor Olena Juan Li Ahmed Hassan Ivan Anna Pedro Fatima Yusuf Sergei Chen Omar Lucia Dmitri", g, " ");
    split("Jong Un|Schmidt|Hussein|Petrov|Garcia|Wang", s, "|");
    split("Korea Mining Development Trading|Ryonbong General|Sea Star Shipping|Islamic Revolutionary Guard|Tornado Cash|Global Trade", o, "|");
    split("Ким Чен Ын|Владимир Путин|محمد علي|金正恩|Αλέξης Παπαδόπουλος", x, "|");
    n = 0;
    for (i = 1; i <= 20; i++) for (j = 1; j <= 6; j++) {
        n++;
        printf "{\"id\":\"p%d\",\"schema\":\"Person\",\"properties\":{\"name\":[\"%s %s\"]}}\n", n, g[i], s[j];
        k = (i + j) % 6 + 1;
        n++;
        printf "{\"id\":\"o%d\",\"schema\":\"Organization\",\"properties\":{\"name\":[\"%s %s\"]}}\n", n, o[k], (i % 2 ? "Corp" : "LLC");
        n++;
        printf "{\"id\":\"x%d\",\"properties\":{\"name\":[\"%s\"],\"country\":[\"kp\"]}}\n", n, x[(i + j) % 5 + 1];
        if (n % 50 < 3) { print ""; print "{\"id\": \"bad" n "\", \"properties\": 7}"; }
    }
}' >"$T/threads-in.jsonl"

runs match --in "$T/threads-in.jsonl" --threads 1
cp "$T/out" "$T/threads-1.out"
cp "$T/err" "$T/threads-1.err"
check "match --threads 1 answers every line (bad lines exit 2)" rc_is 2
for n in 2 7; do
    runs match --in "$T/threads-in.jsonl" --threads "$n"
    check "match --threads $n output equals --threads 1 byte for byte" \
        cmp -s "$T/out" "$T/threads-1.out"
    check "match --threads $n stderr equals --threads 1" cmp -s "$T/err" "$T/threads-1.err"
done
# in_order FILE: the query numbers of the ids in FILE rise line by line,
# and every line has one.
in_order() {
    sed -n 's/^{"id":"[a-z]*\([0-9][0-9]*\)".*/\1/p' "$1" >"$T/threads-ids"
    [ "$(wc -l <"$T/threads-ids")" -eq "$(wc -l <"$1")" ] && [ -s "$T/threads-ids" ] &&
        sort -n -c "$T/threads-ids" 2>/dev/null
}
check "match --threads keeps input order" in_order "$T/threads-1.out"
check "match --threads output has one line per query" \
    [ "$(wc -l <"$T/threads-1.out")" -eq "$(grep -c . "$T/threads-in.jsonl")" ]
runs match --in "$T/threads-in.jsonl" --table --threads 1
cp "$T/out" "$T/threads-t1.out"
runs match --in "$T/threads-in.jsonl" --table --threads 2
check "match --table --threads 2 equals --threads 1" cmp -s "$T/out" "$T/threads-t1.out"
runs match --threads 0 --in /dev/null
check "match --threads 0 is rejected" rc_is 2
runs match --threads 65 --in /dev/null
check "match --threads 65 is rejected" rc_is 2

if [ "${threads_standalone:-0}" = 1 ]; then
    echo "$pass passed, $fail failed"
    [ "$fail" -eq 0 ]
fi
