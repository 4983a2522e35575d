#!/bin/sh
# scan.sh - black-box test of `embargo scan`: real samples give no hit,
# an injected list name and an embargoed BIC country are reported (table,
# JSON, --fail-on-match exit 1), malformed input exits 2 naming the
# position.  Sourced by tests/cli/run.sh (uses runs, check, rc_is, $T);
# on its own: EMB=build/embargo SNAP=build/default.emb sh tests/cli/scan.sh
if ! command -v runs >/dev/null 2>&1; then
    set -u
    : "${EMB:?set EMB to the embargo binary}"
    : "${SNAP:?set SNAP to the default snapshot}"
    T=$(mktemp -d "${TMPDIR:-/tmp}/embargo-scan.XXXXXX") || exit 2
    trap 'rm -rf "$T"' EXIT
    pass=0; fail=0; rc=0
    ok() { pass=$((pass + 1)); echo "ok - $1"; }
    notok() { fail=$((fail + 1)); echo "not ok - $1"; echo "#   exit status $rc"; }
    check() { d=$1; shift; if "$@"; then ok "$d"; else notok "$d"; fi; }
    runs() { "$EMB" --db "$SNAP" "$@" >"$T/out" 2>"$T/err"; rc=$?; }
    rc_is() { [ "$rc" -eq "$1" ]; }
    scan_standalone=1
fi
SD=tests/data/scan

runs scan --fail-on-match $SD/mt101_sample.fin $SD/mt103_bulk_sample.rje $SD/pacs008_sample.xml $SD/pacs009_sample.xml
check "scan: unmodified samples give no hit" rc_is 0

printf '{1:F01AAAAGB2LAXXX0000000000}{4:\n:20:X\n:57A:KKBCKPPY\n:59:/1\nKOREA KWANGSON BANKNG CORPORATION\nPYONGYANG\n:70:FREIGHT FOR\nKOREA KWANGSON BANKING CORP\n-}' >"$T/hit.fin"
runs scan --json --fail-on-match "$T/hit.fin"
check "scan: injected name, BIC country and city found" rc_is 1
check "scan: name hit in :59: and :70:" sh -c "grep -q '\"field\":\":59:\".*\"kind\":\"name\"' '$T/out' && grep -q '\"field\":\":70:\".*\"kind\":\"name\"' '$T/out'"
check "scan: KP rule from the BIC" grep -q '"field":":57A:".*"rule":"KP"' "$T/out"

# more hits in one message than are kept: exit 2 and a message that the
# list is incomplete, never a silent cut
awk 'BEGIN { for (i = 0; i < 4200; i++) printf "Nampo. "; print "" }' >"$T/many.txt"
runs scan --format text "$T/many.txt"
check "scan: hits past the per-message cap exit 2" rc_is 2
check "scan: hits past the cap are reported" grep -q 'hits not kept.*incomplete' "$T/err"

printf '{1:F01AAAAGB2LAXXX0000000000}{4:\n:20:X\n:5X9:ACME\n-}' >"$T/bad.fin"
runs scan "$T/bad.fin"
check "scan: bad tag exits 2" rc_is 2
check "scan: error names line 3" grep -q 'bad.fin:3:1: MT: bad field tag' "$T/err"

# a party-name field is screened whole at the threshold less 0.05; a
# window of running text is too when its words are exactly a list name's,
# each a spelling of one of its words, at most one weakly: a name with a
# typo in every word (SAID ARIF, 0.77) is found in :59: and in :70:, but
# two common words that align weakly with a name (WHEN YOU / SHEN Yueyue,
# 0.75) only in the party field, not in the running text of :72:
printf '{1:F01AAAAGB2LAXXX0000000000}{4:\n:20:X\n:59:/1\nSaisd AIRF\n:70:PAYMENT TO SAISD AIRF FOR GOODS\n:72:/REC/PAY WHEN YOU SHIP\n-}' >"$T/field.fin"
runs scan --json "$T/field.fin"
check "scan: a name with a typo in every word, in :59: and in :70:" \
    sh -c "grep -q '\"field\":\":59:\".*\"text\":\"Saisd AIRF\".*\"kind\":\"name\"' '$T/out' && grep -q '\"field\":\":70:\".*\"text\":\"SAISD AIRF\".*\"kind\":\"name\"' '$T/out'"
check "scan: weakly aligned words of running text are held to 0.80" \
    sh -c "! grep -q '\"field\":\":72:\".*\"kind\":\"name\"' '$T/out'"
printf '{1:F01AAAAGB2LAXXX0000000000}{4:\n:20:X\n:59:/1\nWHEN YOU\n-}' >"$T/weak.fin"
runs scan --json "$T/weak.fin"
check "scan: the same words as a whole party field are held to 0.75" \
    grep -q '"field":":59:".*"text":"WHEN YOU".*"kind":"name"' "$T/out"
# a party-name field is screened thoroughly: a listed word may be a typo
# of another (AMMI SALIM as "Ami Salim", AMI being listed too), but not a
# window of running text, where words one letter from a listed one
# abound ("Adrian Bunk" is no ARIAN BANK)
printf '{1:F01AAAAGB2LAXXX0000000000}{4:\n:20:X\n:59:/1\nAmi Salim\n:70:/RFB/Adrian Bunk\n-}' >"$T/thorough.fin"
runs scan --json "$T/thorough.fin"
check "scan: a party field meets a listed word misspelt as another" \
    grep -q '"field":":59:".*"text":"Ami Salim".*"kind":"name"' "$T/out"
check "scan: running text does not take listed words for typos" \
    sh -c "! grep -q '\"field\":\":70:\".*\"kind\":\"name\"' '$T/out'"
# scan_text FORMAT: screens the text printf writes from FORMAT as free
# text (--json; the answer in $T/out)
scan_text() {
    # shellcheck disable=SC2059
    printf "$1" >"$T/free.txt"
    runs scan --json --format text "$T/free.txt"
}
# hits TEXT CAPTION [TEXT CAPTION ...]: each TEXT (a regular expression)
# was hit as the list entry CAPTION
hits() {
    while [ $# -ge 2 ]; do
        grep -q "\"text\":\"$1\".*\"caption\":\"$2\"" "$T/out" || return 1
        shift 2
    done
    [ $# -eq 0 ]
}
# no_name_hit: the scan succeeded and raised no name
no_name_hit() { [ "$rc" = 0 ] && [ "$(grep -c '"kind":"name"' "$T/out")" = 0 ]; }
# a three-letter word misspelt counts among the words of such a window
# (IVAN KOMAROV as "Iva Komraov"; a three-letter word spelt right, as in
# "the bash" for The Base, does not count)
scan_text 'Payment to Iva Komraov for services.\n'
check "scan: a short misspelt word in a window of running text" \
    grep -q '"text":"Iva Komraov".*"kind":"name"' "$T/out"
# a window of running text is queried as its words: a colon in it is no
# label ("License: MIT" is not the Mujahidin Indonesia Timur, MIT), and an
# abbreviation is no name's initials (U.S.C., D. R)
scan_text 'Released under the License: MIT terms, see 17 U.S.C. \302\247 101.\nSigned D. R Smith.\n'
check "scan: labels and abbreviations in running text raise nothing" \
    no_name_hit
# a rare word lays out the names it belongs to even when the text has
# their other words only misspelt ("dem" is no word of any list)
scan_text 'Payment to dem YILMAZ for services.\n'
check "scan: a name whose other word is misspelt beyond the dictionary" \
    hits 'dem YILMAZ' 'ADEM YILMAZ'
# a Roman numeral in running text meets the digits the list name is
# indexed with (BICENTENARIO IV)
scan_text 'Charter of the BICENTENARIO IV as agreed.\n'
check "scan: a vessel numbered in Roman numerals is found in running text" \
    hits 'BICENTENARIO IV' 'BICENTENARIO IV'
# ... also when the numeral is a word the lists hold too ("II" in persons'
# names) and the name's only other word is short (the ship HAI II)
scan_text 'Goods shipped to HAI II, Port of Rotterdam.\n'
check "scan: a short name with a Roman numeral that is also a listed word" \
    hits 'HAI II' 'HAI II'
# a list name of one word beside its legal form (KONTRAKT OOO) is not
# raised by an English word and joining words at the one-word standard's
# expense ("the contract" scores 0.86 by sound), but is with the form
scan_text 'Chapter II of the contract, as agreed.\n'
check "scan: a one-word list name is not raised by a word of running text" \
    sh -c "[ $rc = 0 ] && ! grep -q 'KONTRAKT' '$T/out'"
scan_text 'Goods shipped to Kontrakt OOO, Moscow.\n'
check "scan: a one-word list name with its legal form is raised in running text" \
    hits 'Kontrakt OOO' 'KONTRAKT OOO'
# an anchor in up to 96 names also lays out the names whose other words
# the text has one edit away (MOJTABA, in 36 names, for "Mojtaba FDA")
scan_text 'Paid to Mojtaba FDA on 3 May.\n'
check "scan: a common anchor beside a misspelt short word in running text" \
    hits 'Mojtaba FDA' 'Mojtaba FADA'
scan_text 'Goods shipped to MEAG GEAS PTY LTD, Fremantle.\n'
check "scan: two misspelt words beside the name's legal forms in running text" \
    hits 'MEAG GEAS PTY[ LTD]*' 'MEGA GEMS PTY LTD'
scan_text 'Paid to LUI LOPEZ on 3 May.\n'
check "scan: an anchor in 151 names beside a word a letter short" \
    hits 'LUI LOPEZ' 'LUIS LOPEZ'
# a list name of one short word and legal forms is raised in running text
# when its legal forms stand beside the word (MGI PTE LTD; "LIA COMPAJY",
# a legal form misspelt), not by the short word alone (U.S.C., "the LIA")
scan_text 'Paid to MGI PTE LTD and to LIA COMPAJY; the LIA said so.\n'
check "scan: a short name with its legal forms in running text" \
    sh -c "grep -q '\"text\":\"MGI PTE LTD\".*\"caption\":\"MGI PTE LTD\"' '$T/out' && grep -q '\"text\":\"LIA COMPAJY\".*\"caption\":\"LIA COMPANY\"' '$T/out' && [ \$(grep -c '\"kind\":\"name\"' '$T/out') = \$(grep -c '\"text\":\"\(MGI PTE LTD\|LIA COMPAJY\)\"' '$T/out') ]"
# a word of three letters written as a name stands for the four-letter
# list words it is one letter short of (TIL for TILE); in lower case it is
# a word of the language or of code ("1 may", "has", "sio.inc" are no
# MAIA-1, SG-DEVELOPMENT or SIG)
scan_text 'Goods shipped to PARS TIL COMPANY, Bandar Abbas.\n'
check "scan: a listed four-letter word one letter short, written as a name" \
    hits 'PARS TIL COMPANY' 'PARS TILE COMPANY'
scan_text 'Version 1 may be used; sio.inc has incorporated it.\n'
check "scan: three-letter words in lower case stand only for themselves" \
    no_name_hit
# a window laid out because its words are each one edit from a list
# name's is queried thoroughly, so that a listed word (NIKA, AEZA, NADER)
# may be a typo of the name's; with a word of four letters or more there
# as written (not "the word" for the alias THE LORD)
scan_text 'Goods shipped to Aria Nika, Rotterdam; paid to MOHAMMAY AEZA MOHAMMADI.\n'
check "scan: listed words one edit from a list name's in running text" \
    hits 'Aria Nika' 'Aria Nikan' \
        'MOHAMMAY AEZA MOHAMMADI' 'MOHAMMAD REZA MOHAMMADI'
scan_text 'In clause 4 replace the word "shall" with "may".\n'
check "scan: a common word one edit from a listed one is not thorough" \
    no_name_hit
# two letters swapped are tried before other one-edit words ("zoin": ZION,
# JOIN, COIN ...); two words split elsewhere are joined
scan_text 'Consignee: ZOIN TRADE LIIMTED FZE, Jebel Ali; agent ART AWAVE SDN BHD.\n'
check "scan: swapped letters and words split elsewhere in running text" \
    sh -c "grep -q '\"caption\":\"ZION TRADE LIMITED FZE\"' '$T/out' &&
           grep -q '\"text\":\"ART AWAVE SDN BHD\".*\"caption\":\"ARTA WAVE SDN BHD\"' '$T/out'"
# a one-word name beside its particle (AL KAWTHAR), the word misspelt, is
# held to the window's threshold, not the one-word 0.88
scan_text 'Goods shipped to AL KAWTAR, Dubai; paid to Colonel Rombom.\n'
check "scan: a particle or title written as listed beside a misspelt one-word name" \
    hits 'AL KAWTAR' 'AL KAWTHAR' \
        'Colonel Rombom' 'Colonel Rombot'
# an unknown word one edit from a listed word is a plain typo: the window
# is queried thoroughly although no word of four letters is written as
# listed (KU BONG RYONG: "ong" is a listed word, "ryog" none)
scan_text 'Goods shipped to KU ONG RYOG, Port of Rotterdam.\n'
check "scan: an unknown word one edit off makes a window thorough" \
    hits 'KU ONG RYOG' 'KU BONG RYONG'
# words of the language are no names by sound or by joining ("local" is
# not LUKOIL, "is a" not ISA, "St, Fifth" not S5-SAD), but a short name
# written as listed is one (LLC SMZ), and a long word two edits off too
scan_text 'It is a local law; see St, Fifth Avenue.\n'
check "scan: running text's words do not find names by sound or by joining" \
    no_name_hit
scan_text 'Goods shipped to LLC SMZ and to AKTSIONERNOE OBSHCHESTVO BASHVVZRYVTEKHNOLOGII.\n'
check "scan: a short name and a long word two edits off in running text" \
    sh -c "grep -q '\"text\":\"LLC SMZ\".*\"caption\":\"LLC SMZ\"' '$T/out' &&
           grep -q '\"text\":\"AKTSIONERNOE OBSHCHESTVO BASHVVZRYVTEKHNOLOGII\"' '$T/out'"
# a known word beside a legal form stands for the list words one edit
# from it (JSC VISTAN for "JSC Vista": VISTA is in 7 names), and the window
# is queried thoroughly; one that finds nothing so is queried plainly too
# ("sAsa Company Ltd": the thorough query misses ASSA COMPANY LTD)
scan_text 'Goods shipped to JSC Vista and to Major LLP; paid to sAsa Company Ltd.\n'
check "scan: a known word beside a legal form may be a typo in running text" \
    hits 'JSC Vista' 'JSC Vistan' \
        'Major LLP' 'MAJORY LLP' \
        'sAsa Company Ltd' 'Assa Company Ltd'
# a listing found whole after a part of it was found as well is reported on
# the whole span, not pruned as inside another listing's hit there (CSL's
# AKTSIONERNOE OBSHCHESTVO TEKHNODINAMIKA scores 1.0 on both)
scan_text 'Goods shipped to AKTSIONERNOE OBSHCHESTVO TEKHNODINAMIKA, Moscow.\n'
check "scan: every listing found whole on a name's whole span" \
    sh -c "grep -q '\"id\":\"csl-18774\"' '$T/out' && grep -q '\"id\":\"ofac-18774\"' '$T/out'"
# three capital letters or more one space apart are one word, as the
# analyser writes them in a name other than a person's
scan_text 'Goods shipped to T N K FABRICS LIMITED, Port of Rotterdam.\n'
check "scan: capital letters one space apart are one word in running text" \
    hits 'T N K FABRICS LIMITED' 'T N K FABRICS LIMITED'
# a name listed by many authorities: every listing at the top score is
# reported (AL NASER AIRLINES: fourteen listings, the window kept ten)
scan_text 'Payment to ALNASER AIRLINES for tickets.\n'
check "scan: every listing of a name in running text (more than ten)" \
    sh -c "[ \$(grep -c '\"kind\":\"name\"' '$T/out') -gt 10 ] && grep -q 'csl-9ad70d9ec598b9bf00d174a0ca378c2f545a0135' '$T/out'"
# a number written in words meets the digits a list name other than a
# person's is indexed with (SEVENTH SENSE COMPANY LIMITED is "7 sense"),
# as does "7th"; "at least one" is not the ship EAST 1
scan_text 'Invoice from SEVENTH SENSE COMPANY LIMITED dated 3 May.\n'
check "scan: a number word in a list name is found in running text" \
    hits 'SEVENTH SENSE COMPANY LIMITED' 'SEVENTH SENSE COMPANY LIMITED'
scan_text 'Paid to 7th Sense Co Ltd in full.\n'
check "scan: a number with an ordinal suffix in running text" \
    hits '7th Sense Co Ltd' 'SEVENTH SENSE COMPANY LIMITED'
scan_text 'Provide at least one copy of the notice.\n'
check "scan: 'one' in running text is no number of a list name" \
    no_name_hit
# single letters the analyser joins (S A, the legal form SA) are one word
# of the name: the window takes them all
scan_text 'Goods shipped to UCONSTRUCTORA ROFI S A, Port of Rotterdam.\n'
check "scan: a window ending in single letters takes them all" \
    hits 'UCONSTRUCTORA ROFI S A' 'CONSTRUCTORA ROFI S A'
# three words in a row, each one letter from a list name's, in its order,
# are held to the party-field threshold (0.766 here)
scan_text 'Goods shipped to BAMES KOCNG NHUOL, Port of Rotterdam.\n'
check "scan: three misspelt words in a row of running text" \
    grep -q '"text":"BAMES KOCNG NHUOL".*"kind":"name"' "$T/out"
# one misspelt word beside the list name's legal form written as it is
# (JSC TGLK for JSC GTLK, 0.75) is held to the party-field threshold
scan_text 'Goods shipped to JSC TGLK, Port of Rotterdam.\n'
check "scan: a misspelt word beside its legal form in running text" \
    grep -q '"text":"JSC TGLK".*"kind":"name"' "$T/out"

# recall on real list names in every field kind (issue 7 bar 99%), on the
# seeded 200-name sample (SCAN_RECALL_N, SCAN_RECALL_SEED for others;
# SCAN_RECALL=0 skips it)
if [ "${SCAN_RECALL:-1}" = 1 ]; then
    . tests/cli/scan_recall.sh
fi

if [ "${scan_standalone:-0}" = 1 ]; then
    echo "# scan: $pass passed, $fail failed"
    [ "$fail" -eq 0 ]
fi
