#!/bin/sh
# scan_recall.sh - recall of `embargo scan` on real list names injected
# into every field kind (issue 7 bar: >= 99% per field kind).
#
# A sample (seed SCAN_RECALL_SEED, default 20240425) of SCAN_RECALL_N
# (default 200) Person, Organization,
# Company, LegalEntity and Vessel names is taken from the default
# snapshot's FtM export (ASCII letters, 2-5 words).  Each token of four
# or more letters gets, with probability 1/2, one typo (substitution,
# deletion, insertion or transposition of neighbours); shorter tokens are
# left alone (a typo turns them into other words).  Each name is put into
# seven field kinds: MT103 :50K: and :59: (wrapped at 35 characters like
# SWIFT lines), :70: (a remittance sentence wrapped over lines), ISO 20022
# Dbtr/Nm, Cdtr/Nm and RmtInf/Ustrd, and a free-text invoice sentence.
# A name counts as found when a name hit in that field of that message
# carries its entity id, or a caption or matched list name (the
# explanation's name_match.candidate) with the same words as the name
# (the same name listed by several authorities: the query keeps the
# best EMB_SCAN_QCACHE_RES results of a window).  Prints the
# recall per field kind and checks each is >= SCAN_RECALL_BAR (99).
#
# Sourced by tests/cli/scan.sh (uses check, $T, $EMB, $SNAP).
SR=$T/recall
mkdir -p "$SR/iso" "$SR/txt"
SR_N=${SCAN_RECALL_N:-200}
SR_BAR=${SCAN_RECALL_BAR:-99}
SR_SEED=${SCAN_RECALL_SEED:-20240425}

"$EMB" --db "$SNAP" export --format ftm >"$SR/ftm.jsonl" 2>"$SR/export.err"

# candidates: id TAB schema TAB name
awk '
function field(s, key,   m) {
    if (match(s, "\"" key "\":\"[^\"]*\"")) {
        m = substr(s, RSTART + length(key) + 4, RLENGTH - length(key) - 5)
        return m
    }
    return ""
}
{
    sch = field($0, "schema")
    if (sch != "Person" && sch != "Organization" && sch != "Company" && sch != "LegalEntity" && sch != "Vessel")
        next
    id = field($0, "id")
    if (!match($0, /"name":\[[^]]*\]/))
        next
    list = substr($0, RSTART + 9, RLENGTH - 10)
    n = split(list, parts, /","/)
    for (i = 1; i <= n; i++) {
        nm = parts[i]
        gsub(/^"|"$/, "", nm)
        if (nm !~ /^[A-Za-z][A-Za-z .-]*[A-Za-z.]$/)
            continue
        w = split(nm, ws, / +/)
        if (w < 2 || w > 5)
            continue
        print id "\t" sch "\t" nm
        break
    }
}' "$SR/ftm.jsonl" >"$SR/cand.tsv"

# seeded sample (reservoir), then the typos
awk -F '\t' -v n="$SR_N" -v seed="$SR_SEED" '
BEGIN { srand(seed) }
{
    if (NR <= n) keep[NR] = $0
    else { j = int(rand() * NR) + 1; if (j <= n) keep[j] = $0 }
}
END {
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    for (k = 1; k <= n && k <= NR; k++) {
        split(keep[k], f, "\t")
        w = split(f[3], ws, / +/)
        out = ""
        for (i = 1; i <= w; i++) {
            t = ws[i]
            L = length(t)
            if (L >= 4 && t ~ /^[A-Za-z]+$/ && rand() < 0.5) {
                op = int(rand() * 4)
                p = int(rand() * L) + 1
                c = substr(letters, int(rand() * 26) + 1, 1)
                if (t ~ /^[a-z]/ || substr(t, 2) ~ /[a-z]/) c = tolower(c)
                if (op == 0) t = substr(t, 1, p - 1) c substr(t, p + 1)
                else if (op == 1) t = substr(t, 1, p - 1) substr(t, p + 1)
                else if (op == 2) t = substr(t, 1, p - 1) c substr(t, p)
                else if (p < L) t = substr(t, 1, p - 1) substr(t, p + 1, 1) substr(t, p, 1) substr(t, p + 2)
                else t = substr(t, 1, p - 2) substr(t, p, 1) substr(t, p - 1, 1)
            }
            out = out (i > 1 ? " " : "") t
        }
        print f[1] "\t" f[2] "\t" f[3] "\t" out
    }
}' "$SR/cand.tsv" >"$SR/sample.tsv"

# the messages: one MT file per MT field kind (message k = name k), one
# XML file per name and ISO field kind, one text file per name
awk -F '\t' -v dir="$SR" '
function wrap(s, width,   out, line, n, i, w) {
    n = split(s, w, " ")
    out = ""; line = ""
    for (i = 1; i <= n; i++) {
        if (line != "" && length(line) + 1 + length(w[i]) > width) {
            out = out line "\n"; line = w[i]
        } else
            line = (line == "" ? w[i] : line " " w[i])
    }
    return out line
}
function xml(s) { gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); return s }
function mt(kind, nm, k,   o, ben, ord, rem) {
    ord = "ANNA KOWALSKA"
    ben = "WIDGET SUPPLIES LTD"
    rem = "/INV/" (4700 + k) " SPARE PARTS"
    if (kind == "50K") ord = wrap(nm, 35)
    else if (kind == "59") ben = wrap(nm, 35)
    else rem = wrap("/INV/" (4700 + k) " PAYMENT TO " nm " FOR GOODS DELIVERED", 35)
    o = "{1:F01AAAAGB2LAXXX0000000000}{2:I103BBBBDEFFXXXXN}{4:\n:20:REF" k "\n:23B:CRED\n"
    o = o ":32A:240425EUR1000,00\n:50K:/DE0000000" k "\n" ord "\n12 MILL LANE\nLEEDS\n"
    o = o ":52A:CCCCGB2L\n:59:/FR0000000" k "\n" ben "\n4 RUE DU PORT\nLYON\n"
    o = o ":70:" rem "\n:71A:SHA\n-}$"
    return o
}
function iso(kind, nm, k,   d, c, u) {
    d = "Anna Kowalska"; c = "Widget Supplies Ltd"; u = "Invoice " (4700 + k) " spare parts"
    if (kind == "dbtr") d = xml(nm)
    else if (kind == "cdtr") c = xml(nm)
    else u = "Payment to " xml(nm) " for invoice " (4700 + k)
    return "<?xml version=\"1.0\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08\"><FIToFICstmrCdtTrf>" \
        "<GrpHdr><MsgId>M" k "</MsgId><NbOfTxs>1</NbOfTxs></GrpHdr><CdtTrfTxInf>" \
        "<PmtId><EndToEndId>E" k "</EndToEndId></PmtId><IntrBkSttlmAmt Ccy=\"EUR\">1000</IntrBkSttlmAmt>" \
        "<Dbtr><Nm>" d "</Nm><PstlAdr><TwnNm>Leeds</TwnNm><Ctry>GB</Ctry></PstlAdr></Dbtr>" \
        "<DbtrAgt><FinInstnId><BICFI>CCCCGB2L</BICFI></FinInstnId></DbtrAgt>" \
        "<CdtrAgt><FinInstnId><BICFI>DDDDFRPP</BICFI></FinInstnId></CdtrAgt>" \
        "<Cdtr><Nm>" c "</Nm><PstlAdr><TwnNm>Lyon</TwnNm><Ctry>FR</Ctry></PstlAdr></Cdtr>" \
        "<RmtInf><Ustrd>" u "</Ustrd></RmtInf></CdtTrfTxInf></FIToFICstmrCdtTrf></Document>\n"
}
{
    k = NR - 1
    up = toupper($4)
    printf "%s", mt("50K", up, k) > (dir "/mt50k.fin")
    printf "%s", mt("59", up, k) > (dir "/mt59.fin")
    printf "%s", mt("70", up, k) > (dir "/mt70.fin")
    printf "%s", iso("dbtr", $4, k) > (dir "/iso/dbtr-" k ".xml"); close(dir "/iso/dbtr-" k ".xml")
    printf "%s", iso("cdtr", $4, k) > (dir "/iso/cdtr-" k ".xml"); close(dir "/iso/cdtr-" k ".xml")
    printf "%s", iso("ustrd", $4, k) > (dir "/iso/ustrd-" k ".xml"); close(dir "/iso/ustrd-" k ".xml")
    f = dir "/txt/text-" k ".txt"
    printf "Invoice no. %d, 14 May 2024.\nGoods shipped to %s,\nPort of Rotterdam; payment due within 30 days.\n", 4700 + k, $4 > f
    close(f)
}' "$SR/sample.tsv"

sr_total=$(wc -l <"$SR/sample.tsv" | tr -d ' ')
"$EMB" --db "$SNAP" scan --json --format mt "$SR/mt50k.fin" "$SR/mt59.fin" "$SR/mt70.fin" >"$SR/mt.json" 2>"$SR/mt.err"
(cd "$SR/iso" && "$EMB" --db "$SNAP" scan --json --format iso20022 *.xml) >"$SR/iso.json" 2>"$SR/iso.err"
(cd "$SR/txt" && "$EMB" --db "$SNAP" scan --json --format text *.txt) >"$SR/txt.json" 2>"$SR/txt.err"

# a name's words, upper case, sorted: the same name however ordered
SR_WORDS='function words(s,   n, w, i, j, t, out) {
    s = toupper(s)
    gsub(/[^A-Z0-9]+/, " ", s)
    n = split(s, w, " ")
    for (i = 2; i <= n; i++)
        for (j = i; j > 1 && w[j - 1] > w[j]; j--) { t = w[j]; w[j] = w[j - 1]; w[j - 1] = t }
    out = ""
    for (i = 1; i <= n; i++) out = out (i > 1 ? " " : "") w[i]
    return out
}
'

# hits -> "kind k id caption"; then the recall per kind
cat "$SR/mt.json" "$SR/iso.json" "$SR/txt.json" | awk "$SR_WORDS"'
function str(s, key) {
    if (match(s, "\"" key "\":\"([^\"\\\\]|\\\\.)*\""))
        return substr(s, RSTART + length(key) + 4, RLENGTH - length(key) - 5)
    return ""
}
function num(s, key) {
    if (match(s, "\"" key "\":[0-9]+"))
        return substr(s, RSTART + length(key) + 3, RLENGTH - length(key) - 3)
    return ""
}
/"kind":"name"/ {
    file = str($0, "file"); fld = str($0, "field"); msg = num($0, "message")
    kind = ""
    if (file ~ /mt50k\.fin$/ && fld == ":50K:") { kind = "mt:50K:"; k = msg }
    else if (file ~ /mt59\.fin$/ && fld == ":59:") { kind = "mt:59:"; k = msg }
    else if (file ~ /mt70\.fin$/ && fld == ":70:") { kind = "mt:70:"; k = msg }
    else if (file ~ /^dbtr-/ && fld ~ /Dbtr\/Nm$/) { kind = "iso:Dbtr/Nm"; k = file }
    else if (file ~ /^cdtr-/ && fld ~ /Cdtr\/Nm$/) { kind = "iso:Cdtr/Nm"; k = file }
    else if (file ~ /^ustrd-/ && fld ~ /RmtInf\/Ustrd$/) { kind = "iso:RmtInf/Ustrd"; k = file }
    else if (file ~ /^text-/) { kind = "text"; k = file }
    if (kind == "") next
    gsub(/[^0-9]/, "", k)
    cand = ""
    if (match($0, /"name_match":\{[^{}]*"candidate":"[^"]*"/)) {
        cand = substr($0, RSTART, RLENGTH)
        sub(/.*"candidate":"/, "", cand)
        sub(/"$/, "", cand)
    }
    print kind "\t" k "\t" str($0, "id") "\t" words(str($0, "caption")) "\t" words(cand)
}' >"$SR/hits.tsv"

awk -F '\t' -v bar="$SR_BAR" -v total="$sr_total" -v miss="$SR/missed.tsv" "$SR_WORDS"'
NR == FNR {
    got[$1 SUBSEP $2 SUBSEP $3] = 1
    gotc[$1 SUBSEP $2 SUBSEP $4] = 1
    gotc[$1 SUBSEP $2 SUBSEP $5] = 1
    next
}
{
    k = FNR - 1
    $3 = words($3)
    n = split("mt:50K: mt:59: mt:70: iso:Dbtr/Nm iso:Cdtr/Nm iso:RmtInf/Ustrd text", kinds, " ")
    for (i = 1; i <= n; i++) {
        if (got[kinds[i] SUBSEP k SUBSEP $1] || gotc[kinds[i] SUBSEP k SUBSEP $3])
            found[kinds[i]]++
        else
            print kinds[i] "\t" k "\t" $1 "\t" $3 "\t" $4 > miss
    }
}
END {
    bad = 0
    for (i = 1; i <= n; i++) {
        r = total ? 100 * found[kinds[i]] / total : 0
        printf "# scan recall %-18s %5.1f%% (%d of %d)\n", kinds[i], r, found[kinds[i]], total
        if (r < bar) bad = 1
    }
    exit bad
}' "$SR/hits.tsv" "$SR/sample.tsv" >"$SR/recall.txt"
sr_rc=$?
cat "$SR/recall.txt"
if [ -s "$SR/missed.tsv" ]; then
    echo "# missed (field, message, id, name, injected):"
    head -n 20 "$SR/missed.tsv" | sed 's/^/#   /'
fi
check "scan: $sr_total real list names with typos found in every field kind (>= $SR_BAR%)" \
    test "$sr_rc" -eq 0 -a "$sr_total" -ge 100
