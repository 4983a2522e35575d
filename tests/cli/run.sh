#!/bin/sh
# run.sh - black-box tests of the `embargo` command-line program.
#
# Usage: EMB=path/to/embargo SNAP=path/to/default.emb sh tests/cli/run.sh
# (`make cli-tests` does this).  Drives the real binary: every command's
# success path on the default snapshot, exit codes 0/1/2, usage errors, a
# missing, truncated and bit-flipped snapshot, malformed and strict list
# builds, invalid UTF-8 input and the FtM export -> build -> export round
# trip.  Prints "ok - ..." / "not ok - ..." per check and "N passed, M
# failed"; exits 1 when a check failed.  Scratch files live in a mktemp -d
# directory that is removed on exit.  See docs/cli.md for the behaviour
# checked here.
set -u

: "${EMB:?set EMB to the embargo binary}"
: "${SNAP:?set SNAP to the default snapshot}"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DATA=$ROOT/tests/cli/data
T=$(mktemp -d "${TMPDIR:-/tmp}/embargo-cli.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
trap 'exit 2' INT TERM

pass=0
fail=0
rc=0

ok() {
    pass=$((pass + 1))
    echo "ok - $1"
}

notok() {
    fail=$((fail + 1))
    echo "not ok - $1"
    echo "#   exit status $rc"
    if [ -s "$T/err" ]; then head -n 5 "$T/err" | sed 's/^/#   stderr: /'; fi
    if [ -s "$T/out" ]; then head -n 5 "$T/out" | cut -c1-200 | sed 's/^/#   stdout: /'; fi
}

# check DESCRIPTION COMMAND...: ok when COMMAND succeeds.
check() {
    d=$1
    shift
    if "$@"; then ok "$d"; else notok "$d"; fi
}

# run ARGS...: runs the CLI; stdout in $T/out, stderr in $T/err, status in $rc.
run() {
    "$EMB" "$@" >"$T/out" 2>"$T/err"
    rc=$?
}

# runs ARGS... against the default snapshot.
runs() {
    run --db "$SNAP" "$@"
}

rc_is() { [ "$rc" -eq "$1" ]; }
out_has() { grep -q -e "$1" "$T/out"; }
err_has() { grep -q -e "$1" "$T/err"; }
out_empty() { [ ! -s "$T/out" ]; }
# usage_error: exit 2, a message on stderr, nothing on stdout.
usage_error() { rc_is 2 && err_has '^embargo: ' && out_empty; }
both() { "$1" "$2" && "$3" "$4"; }
out_is() { cmp -s "$T/out" "$1"; }
# rc_and N COMMAND...: exit status was N and COMMAND succeeds
rc_and() {
    want=$1
    shift
    rc_is "$want" && "$@"
}
# the ids of the results of a one-line JSON answer, in order
result_ids() { grep -o '"id":"[^"]*"' "$1" | sed 's/"id":"\(.*\)"/\1/'; }
# lines_are FILE N: FILE has N lines
lines_are() { [ "$(wc -l <"$1" | tr -d ' ')" = "$2" ]; }
# all_out REGEX...: stdout matches every REGEX
all_out() {
    for re in "$@"; do out_has "$re" || return 1; done
}
absent_or_empty() { [ ! -s "$1" ]; }
# a file exists and is not empty
nonempty() { [ -s "$1" ]; }
absent() { [ ! -e "$1" ]; }

have_python=0
if command -v python3 >/dev/null 2>&1; then have_python=1; fi
# json_lines FILE: every line of FILE is a JSON value (skipped without python3)
json_lines() {
    [ "$have_python" -eq 0 ] && return 0
    python3 -c 'import json,sys
for line in open(sys.argv[1], encoding="utf-8"):
    json.loads(line)' "$1" 2>/dev/null
}
json_doc() {
    [ "$have_python" -eq 0 ] && return 0
    python3 -c 'import json,sys; json.load(open(sys.argv[1], encoding="utf-8"))' "$1" 2>/dev/null
}

# ---------------------------------------------------------------- basics
run --version
check "--version prints the version" both rc_is 0 out_has '^embargo [0-9][0-9.]*$'
run --help
check "--help prints usage to stdout and exits 0" both rc_is 0 out_has '^Usage: embargo'
for c in build info screen match compare entity export; do
    run "$c" --help
    check "$c --help prints usage and exits 0" both rc_is 0 out_has "^Usage: embargo.* $c"
done
run help match
check "help COMMAND prints that command's usage" both rc_is 0 out_has 'match \[--in FILE\]'

# ---------------------------------------------------------------- usage errors
run
check "no command is a usage error" both rc_is 2 out_empty ''
run frobnicate
check "unknown command is a usage error" both usage_error '' err_has 'unknown command'
run --bogus info
check "unknown global option is a usage error" both usage_error '' err_has "unknown option '--bogus'"
runs screen Kim --bogus
check "unknown command option is a usage error" both usage_error '' err_has "unknown option '--bogus'"
runs info --json=yes
check "a value given to a flag is a usage error" both usage_error '' err_has 'takes no value'
run --db
check "--db without a file is a usage error" usage_error
runs screen
check "screen without a name is a usage error" both usage_error '' err_has 'missing NAME'
runs screen Kim --limit
check "option missing its value is a usage error" both usage_error '' err_has 'needs a value'
runs entity
check "entity without an id is a usage error" both usage_error '' err_has 'missing ID'
run compare "Kim Song Chol"
check "compare with one name is a usage error" both usage_error '' err_has 'two names'
run compare a b c
check "compare with three names is a usage error" usage_error
run build --list "un:$DATA/un_small.xml"
check "build without -o is a usage error" both usage_error '' err_has 'no output file'
run build -o "$T/none.emb"
check "build without lists is a usage error" both usage_error '' err_has 'no lists'
run build --list "nosuchformat:$DATA/un_small.xml" -o "$T/none.emb"
check "build with an unknown list format is a usage error" both usage_error '' err_has 'unknown list format'
runs screen Kim --schema Spaceship
check "unknown schema is a usage error" both usage_error '' err_has 'unknown schema'
runs screen Kim --birth-date 1970-13-01
check "impossible birth date is a usage error" usage_error
runs screen --imo 12345
check "short IMO number is a usage error" usage_error
# a name in a script nothing romanises (Tibetan) is refused, not "no results"
runs screen "བཀྲ་ཤིས་བདེ་ལེགས"
check "an unreadable name is an error, not an empty answer" \
    both usage_error '' err_has 'leaves nothing to screen'
runs screen "བཀྲ་ཤིས་བདེ་ལེགསབཀྲ་ཤིས་བདེ་ལེགསབཀྲ་ཤིས་བདེ་ལེགས"
check "a long unreadable name is shown cut between characters" \
    both usage_error '' err_has 'ལེགསབཀྲ་\.\.\.'
runs screen "?!"
check "a name of punctuation only is an error" both usage_error '' err_has 'leaves nothing to screen'
runs export --format csv
check "unknown export format is a usage error" usage_error
runs match stray-argument
check "match positional argument is a usage error" usage_error
for bad in abc 0 1001 -1 5x '' ' 5' 1e2 99999999999999999999999; do
    runs screen Kim --limit "$bad"
    check "screen --limit '$bad' is rejected" both usage_error '' err_has 'from 1 to 1000'
done
for bad in 1.5 -0.1 nan inf abc . 0.5.5 '' 1e-1 0x1; do
    runs screen Kim --threshold "$bad"
    check "screen --threshold '$bad' is rejected" both usage_error '' err_has 'from 0 to 1'
done
runs match --limit 0 --in /dev/null
check "match --limit 0 is rejected" usage_error
runs match --threshold 2 --in /dev/null
check "match --threshold 2 is rejected" usage_error
run build --default -o "$T/x.emb" --warnings many
check "build --warnings with a word other than all is rejected" usage_error

# ---------------------------------------------------------------- info
runs info
check "info succeeds on the default snapshot" both rc_is 0 out_has '^hash  *[0-9a-f]\{16\}$'
check "info shows format version, build time and builder" both out_has '^format  *[0-9]*\.[0-9]*$' \
    out_has '^built  *[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]T[0-9:]*Z$'
check "info shows the section table" both out_has '^sections' out_has '^  [A-Z]'
cp "$T/out" "$T/info.txt"

# One line per dataset: format|entities...|records...|list date
awk '
/^dataset / { if (fmt != "") print fmt "|" ent "|" rec "|" date; fmt = ""; ent = ""; rec = ""; date = "" }
/^  format / { fmt = $2 }
/^  entities / { sub(/^  entities +/, ""); ent = $0 }
/^  records / { sub(/^  records +/, ""); rec = $0 }
/^  list date / { date = $3 }
/^sections/ { if (fmt != "") print fmt "|" ent "|" rec "|" date; fmt = "" }
' "$T/info.txt" >"$T/datasets.txt"
nlists=$(grep -v '^#' "$ROOT/data/default-lists.txt" | grep -c ':')
ndatasets=$(wc -l <"$T/datasets.txt" | tr -d ' ')
check "info lists one dataset per default list ($nlists)" [ "$nlists" -eq "$ndatasets" ]
for f in $(grep -v '^#' "$ROOT/data/default-lists.txt" | sed -n 's/^\([^:]*\):.*/\1/p'); do
    check "info shows the $f dataset" grep -q "^$f|" "$T/datasets.txt"
done
# ds_has FORMAT REGEX: the dataset read with FORMAT matches REGEX
ds_has() { grep "^$1|" "$T/datasets.txt" | grep -q -e "$2"; }
check "UN: 730 Person and 273 Organization entities" ds_has un '^un|1003 (.*Person 730.*Organization 273'
check "UN: list date 2026-02-27" ds_has un '|2026-02-27$'
check "UN: 1003 records read, none skipped" ds_has un '|1003 read, 0 skipped|'
check "OFAC SDN: 14,965 entities (6,854 Person, 851 Vessel, 376 Airplane)" \
    ds_has ofac '^ofac|14965 (.*Person 6854.*Vessel 851.*Airplane 376'
check "OFAC non-SDN: 442 records read" ds_has ofac-cons '|442 read'
check "CSL: 14,160 rows read" ds_has csl '|14160 read'
check "EU FSF: 5,860 entities, 4,341 Person" ds_has eu '^eu|5860 (.*Person 4341'
check "UK FCDO: 6,349 entities, 666 Vessel" ds_has uk '^uk|6349 (.*Vessel 666'
check "Canada SEMA: 1,369 records read" ds_has sema '|1369 read'
check "BIS DPL: 665 records read" ds_has bis-dpl '|665 read'
check "OFSI: 2,114 entities (one per Group ID)" ds_has ofsi '^ofsi|2114 '

runs info --json
check "info --json prints one JSON document" both rc_is 0 json_doc "$T/out"
check "info --json has datasets, sources and sections" all_out '"datasets"' '"sha256"' '"sections"' '"list_date"'
entities=$(sed -n 's/^  "entity_count": \([0-9]*\),*$/\1/p' "$T/out")
runs info --verify
check "info --verify passes on the default snapshot" both rc_is 0 out_has '^verified  *ok'

# ---------------------------------------------------------------- screen
KOMID="Korea Mining Development Trading Corporation"
runs screen "$KOMID" --json --limit 3
result_ids "$T/out" >"$T/ids"
check "screen --json prints one JSON line" both rc_is 0 json_lines "$T/out"
# the seven KOMID listings tie; the one written as the query is comes
# first (the CSL's own, in mixed case), then the others
komid_csl_first() { [ "$(head -n 1 "$T/ids")" = "csl-50723cae952f93ac4fa9a86dfadd78135fd95459" ]; }
check "screen KOMID puts the listing written like the query first" komid_csl_first
runs screen "KOREA MINING DEVELOPMENT TRADING CORPORATION" --json --limit 3
result_ids "$T/out" >"$T/ids"
komid_first() { [ "$(head -n 2 "$T/ids" | sort | tr '\n' ' ')" = "ofac-9345 un-KPe.001 " ]; }
check "screen KOMID in capitals puts the UN and OFAC KOMID records first" komid_first
runs screen "$KOMID" --json --limit 3
check "screen --json results carry score, match and explanations" \
    all_out '"score":' '"name_score":' '"match":true' '"explanations":{' '"caption":' '"datasets":\['
runs screen "$KOMID"
check "screen prints a table with a MATCH marker" both rc_is 0 out_has 'MATCH.*KOREA MINING DEVELOPMENT'
check "screen table has a header row" out_has '#.*score.*match.*caption.*schema.*datasets.*id.*matched name'
runs screen "$KOMID" --fail-on-match
check "screen --fail-on-match exits 1 on a match" rc_is 1
# a name of no schema is read as an organisation's too: a title word is a
# word of it there (ADMIRAL GROUP), dropped only in its person reading
runs screen "Admiral Group" --json --limit 1
check "screen of no schema keeps a title word of an organisation's name" \
    out_has '"id":"eu-EU.13396.31".*"score":1'
runs screen "Maria Schmidt" --schema Person --fail-on-match
check "screen --fail-on-match exits 0 for a clean name" rc_is 0
# a listed word misspelt as another listed word (AMI for AMMI) is found
# only by a thorough query, at the same score
runs screen "Ami Salim" --json
no_ammi() { rc_is 0 && ! out_has 'eu-EU.5142.6'; }
check "screen leaves a listed word misspelt as another" no_ammi
runs screen "Ami Salim" --json --thorough
check "screen --thorough finds a listed word misspelt as another" \
    both rc_is 0 out_has '"id":"eu-EU.5142.6".*"match":true'
printf '{"id":"t1","properties":{"name":["Ami Salim"]}}\n' >"$T/thorough.jsonl"
runs match --thorough --in "$T/thorough.jsonl"
check "match --thorough finds a listed word misspelt as another" \
    both rc_is 0 out_has '"id":"eu-EU.5142.6"'

runs screen Kim Song Chol --birth-date 1968-03-26 --nationality kp --schema Person --limit 2 --explain
check "screen joins words, takes details and explains" both rc_is 0 out_has 'name_match'
runs screen "$KOMID" --dataset un_sc_sanctions --json
only_un() { rc_is 0 && out_has 'un-KPe.001' && ! out_has '"datasets":\["us_ofac_sdn"\]'; }
check "screen --dataset keeps one dataset" only_un
runs screen "$KOMID" --dataset no_such_dataset
check "screen --dataset with an unknown name fails" both rc_is 2 err_has '^embargo: '
runs screen --schema Vessel --imo "IMO 8132835" --json
check "screen by IMO number finds the vessel" both rc_is 0 out_has '"schema":"Vessel"'
# a misspelt given name that is itself listed once (HOSSENI) must not
# bring every common HOSSEINI ahead of the rare surname it stands beside
runs screen "Hosseni SHAMKHANI" --schema Person --limit 1
check "screen: a rarely listed misspelling does not hide the rare surname" \
    both rc_is 0 out_has 'MATCH.*SHAMKHANI'
runs screen "$(printf 'Kim\377Song')"
check "screen with invalid UTF-8 fails cleanly" both rc_is 2 err_has 'UTF-8'
runs screen "Kim" --country "$(printf '\300\200')"
check "screen with an invalid UTF-8 option value fails cleanly" both rc_is 2 err_has 'UTF-8'

# ---------------------------------------------------------------- match
Q=$ROOT/examples/queries.jsonl
nq=$(grep -c . "$Q")
runs match --in "$Q"
check "match answers examples/queries.jsonl" both rc_is 0 json_lines "$T/out"
check "match writes one line per query ($nq)" lines_are "$T/out" "$nq"
grep -o '^{"id":"[^"]*"' "$Q" >"$T/qids"
grep -o '^{"id":"[^"]*"' "$T/out" >"$T/oids"
check "match keeps input order" cmp -s "$T/qids" "$T/oids"
komid_matches() { grep '^{"id":"komid"' "$T/out" | grep -q '"match":true'; }
clean_clean() { ! grep '^{"id":"clean-' "$T/out" | grep -q '"match":true'; }
check "match finds KOMID" komid_matches
check "clean names in the examples do not match" clean_clean
runs match --in "$Q" --fail-on-match
check "match --fail-on-match exits 1 when a query matches" rc_is 1
# match writes its lines itself (src/server/jout.h); screen --json dumps
# a jansson tree of the same results: both must be the same bytes, for
# names whose results hold quotes, other scripts, low and exact scores
same_as_screen() { # SCHEMA NAME
    "$EMB" --db "$SNAP" screen --json --limit 20 --threshold 0.3 --schema "$1" "$2" \
        >"$T/screen.json" 2>/dev/null || return 1
    printf '{"schema":"%s","properties":{"name":["%s"]}}\n' "$1" "$2" |
        "$EMB" --db "$SNAP" match --limit 20 --threshold 0.3 >"$T/match.json" 2>/dev/null &&
        cmp -s "$T/screen.json" "$T/match.json"
}
for q in "Person|Kim Jong Un" "Person|김정은" "Person|Владимир Путин" "Organization|Bank Melli Iran" \
    "Organization|Korea Mining Development" "Person|Ali Khamenei" "Vessel|SAM MA 2" \
    "Person|John Smith" "Organization|Nordic Timber AS"; do
    check "match writes the same bytes as screen --json (${q#*|})" same_as_screen "${q%%|*}" "${q#*|}"
done
grep '"clean-' "$Q" >"$T/clean.jsonl"
runs match --fail-on-match --in "$T/clean.jsonl"
check "match --fail-on-match exits 0 when nothing matches" rc_is 0
"$EMB" --db "$SNAP" match --limit 2 <"$Q" >"$T/out" 2>"$T/err"
rc=$?
check "match reads standard input" both rc_is 0 out_has '"id":"komid"'
runs match --in "$Q"
cp "$T/out" "$T/mapped.jsonl"
run --load --db "$SNAP" match --in "$Q"
check "--load: match answers as with the mapped snapshot" both rc_is 0 out_is "$T/mapped.jsonl"
runs match --in "$Q" --load --limit 1
check "--load is accepted after the command" rc_and 0 lines_are "$T/out" "$nq"
runs match --in "$Q" --out "$T/answers.jsonl" --threshold 0.9 --limit 1
check "match --out writes the answers to a file" rc_and 0 lines_are "$T/answers.jsonl" "$nq"
runs match --in "$Q" --table
check "match --table prints a table per query" both rc_is 0 out_has '^query komid'

{
    echo '{"id":"good1","schema":"Organization","properties":{"name":["Korea Mining Development Trading Corporation"]}}'
    echo 'this is not json'
    echo '["an","array"]'
    echo '{"id":"noprops"}'
    echo '{"id":"nonstring","properties":{"name":[42]}}'
    printf '{"id":"badutf8","properties":{"name":["Kim \377"]}}\n'
    echo ''
    echo '{"id":"badschema","schema":"Spaceship","properties":{"name":["x"]}}'
    echo '{"id":"good2","properties":{"name":["Maria Schmidt"]}}'
} >"$T/bad.jsonl"
runs match --in "$T/bad.jsonl"
check "match with bad lines exits 2" rc_is 2
bad_order() {
    lines_are "$T/out" 8 && head -n 1 "$T/out" | grep -q '^{"id":"good1","results"' &&
        tail -n 1 "$T/out" | grep -q '^{"id":"good2","results"'
}
check "match answers every non-blank line, in order" bad_order
check "match error lines are JSON" json_lines "$T/out"
check "match reports invalid JSON with its line number" both err_has 'bad.jsonl:2: invalid JSON' \
    out_has '"error":"line 2: invalid JSON'
check "match reports a non-object line" err_has 'bad.jsonl:3: .*JSON object'
check "match reports missing properties" both err_has 'bad.jsonl:4: missing "properties"' \
    out_has '{"id":"noprops","error":'
check "match reports a non-string value" both err_has 'bad.jsonl:5: .*not a string' \
    out_has '{"id":"nonstring","error":'
check "match reports invalid UTF-8" both err_has 'bad.jsonl:6: invalid UTF-8' out_has '"error":"line 6: invalid UTF-8'
check "match reports an unknown schema" err_has 'bad.jsonl:8: unknown schema'

# ---------------------------------------------------------------- compare
run --db "$SNAP" compare "Kim Song Chol" "KIM, Song-chol" --schema Person
check "compare prints a score" both rc_is 0 out_has '^score  *[01]\.[0-9]*'
run --db "$SNAP" compare "Qasem Soleimani" "Касем Сулеймани" --json
check "compare --json prints name1, name2, score and explanation" \
    rc_and 0 all_out '"name1":' '"name2":' '"score":' '"explanation":'
check "compare --json output is JSON" json_doc "$T/out"
run compare "$(printf '\377')" "x"
check "compare with invalid UTF-8 fails cleanly" both rc_is 2 err_has 'UTF-8'

# ---------------------------------------------------------------- entity
runs entity un-KPe.001
check "entity prints the UN KOMID record" both rc_is 0 out_has '"id": "un-KPe.001"'
check "entity output is one JSON document" json_doc "$T/out"
check "entity has aliases, programme, address and datasets" all_out '"alias": \[' \
    '"program": \[' '"address": \[' '"datasets": \[' 'CHANGGWANG SINYONG CORPORATION' \
    '"schema": "Organization"' '"caption": "KOREA MINING DEVELOPMENT TRADING CORPORATION"'
runs entity ofac-9345 --compact
check "entity --compact prints one line" rc_and 0 lines_are "$T/out" 1
runs entity no-such-entity
check "entity with an unknown id exits 2" both rc_is 2 err_has 'no entity'

# ---------------------------------------------------------------- export and round trip
runs export --format ftm --out "$T/export1.jsonl"
check "export writes every entity (${entities:-?})" rc_and 0 lines_are "$T/export1.jsonl" "${entities:-x}"
check "export writes JSON lines" json_lines "$T/export1.jsonl"
check "export leaves no temporary file" absent "$T/export1.jsonl.tmp"
run build --list "ftm:$T/export1.jsonl" -o "$T/roundtrip.emb" --quiet
check "build reads an export back" both rc_is 0 nonempty "$T/roundtrip.emb"
"$EMB" --db "$T/roundtrip.emb" export >"$T/export2.jsonl" 2>"$T/err"
rc=$?
sort "$T/export1.jsonl" >"$T/export1.sorted"
sort "$T/export2.jsonl" >"$T/export2.sorted"
check "export -> build -> export gives the same entities" rc_and 0 cmp -s "$T/export1.sorted" "$T/export2.sorted"

# ---------------------------------------------------------------- build
run build --list "un:$DATA/un_small.xml" -o "$T/small.emb"
check "build a small UN list" both rc_is 0 nonempty "$T/small.emb"
check "build prints a per-dataset summary" both err_has 'wrote .*small.emb: 2 entities' err_has 'un_sc_sanctions  *un  *2 '
run --db "$T/small.emb" info
check "info on the small snapshot" both rc_is 0 out_has 'entities   2 (Person 1, Organization 1)'
run build --list "$DATA/un_small.xml" -o "$T/detect.emb" --quiet
check "build detects the format of a bare path" both rc_is 0 out_empty ''
check "build --quiet prints nothing" absent_or_empty "$T/err"
sed '8s|</SECOND_NAME>|</SECOND_NAM>|' "$DATA/un_small.xml" >"$T/malformed.xml"
run build --list "un:$T/malformed.xml" -o "$T/malformed.emb"
check "build of a malformed list names file and line and exits 2" both rc_is 2 err_has '^embargo: .*malformed.xml:8'
check "build of a malformed list writes no file" absent "$T/malformed.emb"
printf '%s\n' '{"id":"a","schema":"Person","properties":{"name":["A B"]}}' '{"id":"b",' >"$T/broken.jsonl"
run build --list "ftm:$T/broken.jsonl" -o "$T/broken.emb"
check "build of a broken FtM file names line 2" both rc_is 2 err_has '^embargo: .*broken.jsonl:2'
check "build of a broken FtM file writes no file" absent "$T/broken.emb"
sed '/<REFERENCE_NUMBER>CDi.001/d' "$DATA/un_small.xml" >"$T/badrecord.xml"
run build --list "un:$T/badrecord.xml" -o "$T/lenient.emb"
check "build keeps going past a bad record with a warning" both rc_is 0 err_has 'badrecord.xml:[0-9]*: '
run build --strict --list "un:$T/badrecord.xml" -o "$T/strict.emb"
check "build --strict fails on a bad record" both rc_is 2 err_has '^embargo: .*badrecord.xml:[0-9]'
check "build --strict writes no file" absent "$T/strict.emb"
run build --list "un:$T/no-such-file.xml" -o "$T/missing.emb"
check "build of a missing list file exits 2" both rc_is 2 err_has '^embargo: '
mkdir -p "$T/d/data"
echo "un:data/small.xml" >"$T/d/data/default-lists.txt"
cp "$DATA/un_small.xml" "$T/d/data/small.xml"
run build --default --data-dir "$T/d/data" -o "$T/default.emb" --quiet
check "build --default --data-dir reads default-lists.txt" both rc_is 0 nonempty "$T/default.emb"
echo "bogus:data/small.xml" >"$T/d/data/default-lists.txt"
run build --default --data-dir "$T/d/data" -o "$T/default2.emb"
check "a bad default-lists.txt line is reported with its line number" both rc_is 2 \
    err_has 'default-lists.txt:1: unknown list format'

# ---------------------------------------------------------------- damaged snapshots
run --db "$T/does-not-exist.emb" info
check "a missing snapshot exits 2 with a message" both usage_error '' err_has 'does-not-exist.emb'
EMBARGO_DB="$T/does-not-exist.emb" "$EMB" screen Kim >"$T/out" 2>"$T/err"
rc=$?
check "EMBARGO_DB selects the snapshot" both rc_is 2 err_has 'does-not-exist.emb'
size=$(wc -c <"$SNAP" | tr -d ' ')
head -c $((size / 2)) "$SNAP" >"$T/truncated.emb"
for cmd in info "info --verify" "screen Kim" "entity un-KPe.001" "export"; do
    # shellcheck disable=SC2086
    run --db "$T/truncated.emb" $cmd
    check "truncated snapshot: $cmd exits 2 cleanly" both rc_is 2 err_has '^embargo: '
done
run --load --db "$T/truncated.emb" screen Kim
check "truncated snapshot with --load: exits 2 naming the file" \
    both rc_is 2 err_has 'truncated.emb'
run --load --db "$T/does-not-exist.emb" screen Kim
check "missing snapshot with --load: exits 2 naming the file" \
    both rc_is 2 err_has 'does-not-exist.emb'
: >"$T/empty.emb"
run --db "$T/empty.emb" info
check "empty snapshot file exits 2" both rc_is 2 err_has '^embargo: '
run --db "$ROOT/data/default-lists.txt" info
check "a file that is not a snapshot exits 2" both rc_is 2 err_has '^embargo: '
# flip one byte in the header and one in the middle of the data
flip() { # flip FILE OFFSET
    b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
    printf "\\$(printf '%03o' $(((b + 1) % 256)))" |
        dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}
cp "$SNAP" "$T/flip-header.emb"
flip "$T/flip-header.emb" 8
run --db "$T/flip-header.emb" info
check "a bit-flipped header is refused" both rc_is 2 err_has '^embargo: '
cp "$SNAP" "$T/flip-data.emb"
flip "$T/flip-data.emb" $((size / 2))
run --db "$T/flip-data.emb" info --verify
check "a bit-flipped data byte fails info --verify" both rc_is 2 err_has '^embargo: '
for cmd in info "screen Kim" "entity un-KPe.001"; do
    # shellcheck disable=SC2086
    run --db "$T/flip-data.emb" $cmd
    check "bit-flipped snapshot: $cmd does not crash" [ "$rc" -le 2 ]
done
run --db "$T/flip-data.emb" export
check "bit-flipped snapshot: export does not crash" [ "$rc" -le 2 ]

# match --threads N keeps output and order identical to one thread
. "$ROOT/tests/cli/threads.sh"

# scan: payment messages and free text
. "$ROOT/tests/cli/scan.sh"

# every list name, screened as written, finds itself
. "$ROOT/tests/cli/self_retrieval.sh"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
