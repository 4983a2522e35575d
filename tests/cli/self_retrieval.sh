#!/bin/sh
# self_retrieval.sh - every list name, screened as it is written, must
# find itself: a seeded sample of SELF_N (default 3000) names and aliases
# of the default snapshot (export, FtM), each screened once with its
# entity's schema and once with no schema; the top score must reach 0.95.
# A name the analysis reads differently as a query than as a list name
# (dotted abbreviations, number words, ordinals) fails here first.  At
# most SELF_MAX_MISS (default 0.2%) may miss: names of one repeated
# common token ("Abdullah Abdullah") and aliases that are only a legal
# form ("AB", "PSC") are known misses.  Sourced by tests/cli/run.sh
# (uses check, $T, $EMB, $SNAP).
SR_SELF=$T/self
mkdir -p "$SR_SELF"
"$EMB" --db "$SNAP" export --format ftm >"$SR_SELF/ftm.jsonl" 2>"$SR_SELF/export.err"
python3 - "$SR_SELF" "${SELF_N:-3000}" <<'PY'
import json, random, sys
d, n = sys.argv[1], int(sys.argv[2])
names = []
for line in open(d + "/ftm.jsonl", encoding="utf-8"):
    e = json.loads(line)
    p = e["properties"]
    for nm in p.get("name", []) + p.get("alias", []):
        names.append((e["id"], e["schema"], nm))
random.Random(20261129).shuffle(names)
with open(d + "/q.jsonl", "w", encoding="utf-8") as f:
    for i, (eid, sch, nm) in enumerate(names[:n]):
        f.write(json.dumps({"id": "s%d" % i, "schema": sch, "properties": {"name": [nm]}}) + "\n")
        f.write(json.dumps({"id": "t%d" % i, "properties": {"name": [nm]}}) + "\n")
PY
"$EMB" --db "$SNAP" match --in "$SR_SELF/q.jsonl" --out "$SR_SELF/r.jsonl" --limit 1 --quiet \
    2>"$SR_SELF/match.err"
python3 - "$SR_SELF" "${SELF_MAX_MISS:-0.2}" <<'PY' >"$SR_SELF/summary.txt"
import json, sys
d, bar = sys.argv[1], float(sys.argv[2])
q = {}
for line in open(d + "/q.jsonl", encoding="utf-8"):
    o = json.loads(line)
    q[o["id"]] = o["properties"]["name"][0]
total, miss = 0, []
for line in open(d + "/r.jsonl", encoding="utf-8"):
    o = json.loads(line)
    total += 1
    r = o.get("results") or []
    if "error" in o or not r or r[0]["score"] < 0.95:
        miss.append((o["id"], q.get(o["id"]), r[0]["score"] if r else 0))
rate = 100.0 * len(miss) / max(total, 1)
print("# self-retrieval: %d of %d queries under 0.95 (%.2f%%, bar %.2f%%)" % (len(miss), total, rate, bar))
for m in miss[:10]:
    print("#   %s %s %.3f" % m)
sys.exit(0 if total > 0 and rate <= bar else 1)
PY
sr_self_rc=$?
cat "$SR_SELF/summary.txt"
check "self-retrieval: list names screened as written find themselves" test "$sr_self_rc" -eq 0
