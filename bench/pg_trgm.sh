#!/bin/sh
# pg_trgm.sh - the PostgreSQL 15 + pg_trgm comparison of `make bench`.
#
# Usage: sh bench/pg_trgm.sh OUTDIR
#   OUTDIR holds names.tsv (entity id TAB name, every screened name of the
#   default snapshot) and workload.tsv (kind TAB schema TAB expected id TAB
#   name), both written by the bench program.  Prints key=value lines on
#   stdout (qps, recall, found, variants, queries, threshold, load_s);
#   progress goes to stderr.
#
# Installs Debian's postgresql-15 with apt-get when
# /usr/lib/postgresql/15/bin/postgres is missing (saying so), runs initdb in
# a temporary directory, starts postgres on a free port of 127.0.0.1 only
# (socket directory in the temp dir too; as the `postgres` user when run by
# root), loads the names, builds a GIN trigram index and runs the workload
# over one connection (psql) with one prepared statement: the names with
# `name % $q` ordered by similarity(), best 50 names, best 5 entities.  The
# server is stopped and the directory removed by a trap, also on failure.
#
# Bounded: 200 queries calibrate the rate, then at most PG_QUERIES (default
# all) queries of the workload's prefix (half variants, half clean names)
# are run, fewer when they would take more than PG_BUDGET seconds (default
# 150).  PG_TRGM_THRESHOLD (default 0.3, pg_trgm's own default) sets
# pg_trgm.similarity_threshold; see docs/performance.md.
set -eu

OUT=${1:?usage: pg_trgm.sh OUTDIR}
OUT=$(cd "$OUT" && pwd)
PGBIN=/usr/lib/postgresql/15/bin
THRESHOLD=${PG_TRGM_THRESHOLD:-0.3}
BUDGET=${PG_BUDGET:-150}
MAXQ=${PG_QUERIES:-0}

say() { echo "pg_trgm.sh: $*" >&2; }

[ -s "$OUT/names.tsv" ] && [ -s "$OUT/workload.tsv" ] || {
    say "missing $OUT/names.tsv or $OUT/workload.tsv (run the bench first)"
    exit 2
}

if [ ! -x "$PGBIN/postgres" ]; then
    say "postgresql-15 is not installed; running: apt-get install -y postgresql-15"
    DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql-15 >&2
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/embargo-pg.XXXXXX")
started=0
AS=""
if [ "$(id -u)" = 0 ]; then
    # postgres refuses to run as root
    AS="runuser -u postgres --"
    chown postgres "$TMP"
fi

cleanup() {
    if [ "$started" = 1 ]; then
        $AS "$PGBIN/pg_ctl" -D "$TMP/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 2' INT TERM HUP

say "initdb in $TMP"
$AS "$PGBIN/initdb" -D "$TMP/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
    >"$TMP/initdb.log" 2>&1 || { cat "$TMP/initdb.log" >&2; exit 2; }
mkdir "$TMP/sock"
[ -z "$AS" ] || chown postgres "$TMP/sock"

PORT=""
for try in 1 2 3 4 5 6 7 8; do
    p=$((40000 + ($$ * 7 + try * 997) % 20000))
    if $AS "$PGBIN/pg_ctl" -D "$TMP/data" -l "$TMP/server.log" -w -t 30 \
        -o "-c listen_addresses=127.0.0.1 -p $p -k $TMP/sock -c shared_buffers=256MB -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c jit=off -c max_parallel_workers_per_gather=0" \
        start >/dev/null 2>&1; then
        PORT=$p
        started=1
        break
    fi
done
[ -n "$PORT" ] || { say "cannot start postgres"; cat "$TMP/server.log" >&2; exit 2; }
say "postgres on 127.0.0.1:$PORT"

psql_run() {
    $AS psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U postgres -d postgres "$@"
}

cp "$OUT/names.tsv" "$TMP/names.tsv"
[ -z "$AS" ] || chown postgres "$TMP/names.tsv"
t0=$(date +%s.%N)
psql_run >&2 <<SQL
CREATE EXTENSION pg_trgm;
CREATE TABLE names (eid text NOT NULL, name text NOT NULL);
\copy names FROM '$TMP/names.tsv'
CREATE INDEX names_trgm ON names USING gin (name gin_trgm_ops);
VACUUM ANALYZE names;
SQL
t1=$(date +%s.%N)
LOAD=$(echo "$t1 - $t0" | bc -l)
say "loaded $(wc -l <"$OUT/names.tsv") names and built the GIN index in ${LOAD}s"

# queries.sql FROM TO: the prepared statement and EXECUTE lines for
# workload lines FROM..TO (SQL string literals: quotes doubled).
make_sql() {
    {
        echo "SET pg_trgm.similarity_threshold = $THRESHOLD;"
        echo "PREPARE q(int, text) AS SELECT \$1, eid FROM (SELECT eid, max(s) AS s FROM"
        echo "  (SELECT eid, similarity(name, \$2) AS s FROM names WHERE name % \$2"
        echo "   ORDER BY s DESC LIMIT 50) c GROUP BY eid ORDER BY s DESC LIMIT 5) t;"
        awk -F'\t' -v from="$1" -v to="$2" 'NR >= from && NR <= to {
            n = $4; gsub(/\047/, "\047\047", n);
            printf "EXECUTE q(%d, \047%s\047);\n", NR, n }' "$OUT/workload.tsv"
    } >"$TMP/q.sql"
    [ -z "$AS" ] || chown postgres "$TMP/q.sql"
}

# timed FROM TO: runs the queries, rows into $TMP/rows, seconds on stdout.
timed() {
    make_sql "$1" "$2"
    a=$(date +%s.%N)
    psql_run -A -t -F '	' -f "$TMP/q.sql" >"$TMP/rows"
    b=$(date +%s.%N)
    echo "$b - $a" | bc -l
}

TOTAL=$(wc -l <"$OUT/workload.tsv")
CAL=200
[ "$CAL" -le "$TOTAL" ] || CAL=$TOTAL
secs=$(timed 1 "$CAL")
N=$(echo "n = $BUDGET * $CAL / ($secs + 0.000001); if (n > $TOTAL) n = $TOTAL; scale=0; n / 1" | bc -l)
[ "$MAXQ" = 0 ] || [ "$N" -le "$MAXQ" ] || N=$MAXQ
[ "$N" -ge "$CAL" ] || N=$CAL
N=$((N - N % 2))
say "calibration: $CAL queries in ${secs}s; running $N queries"
secs=$(timed 1 "$N")

awk -F'\t' -v n="$N" -v secs="$secs" -v th="$THRESHOLD" -v load="$LOAD" '
    FNR == NR { if (FNR <= n) { kind[FNR] = $1; want[FNR] = $3 } next }
    { if (want[$1] != "" && $2 == want[$1]) hit[$1] = 1 }
    END {
        v = 0; f = 0;
        for (i = 1; i <= n; i++) if (kind[i] != "clean") { v++; if (hit[i]) f++ }
        printf "queries=%d\nvariants=%d\nfound=%d\nrecall=%.4f\nqps=%.3f\nthreshold=%s\nload_s=%.2f\n",
            n, v, f, v ? f / v : 0, n / secs, th, load
    }' "$OUT/workload.tsv" "$TMP/rows"
say "done"
