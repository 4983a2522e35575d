/*
 * bench_scan.c - payment-message screening throughput for `make bench`
 * (issue 7: >= 5,000 MT103 or pacs.008 messages a second on one thread).
 *
 * Builds a seeded set of distinct messages from an MT103 template and a
 * pacs.008 template (with business application header): the ordering
 * customer is a synthetic person and the beneficiary a synthetic company
 * from bench_names.c, with a street address, a town, BICs of fictitious
 * banks and a remittance sentence, so every field kind the scanner knows
 * (party lines, BICs, country codes, towns, free text) is exercised.  One
 * emb_scan screens the messages one at a time in a loop on the calling
 * thread; the figure is messages per second of wall-clock time.
 */
#include <stdlib.h>
#include <string.h>

#include "bench.h"

#define SCAN_MESSAGES 1000 /* distinct messages of each format */
#define SCAN_MSG_MAX 4096

static const char *const streets[] = {"HIGH STREET", "MAIN ROAD", "STATION ROAD",  "KINGS AVENUE",
                                      "PARK LANE",   "MILL LANE", "CHURCH STREET", "HARBOUR ROAD"};
static const char *const towns[] = {"LONDON", "BERLIN", "MADRID", "NEW YORK", "PARIS",
                                    "MILAN",  "LAGOS",  "SYDNEY", "TORONTO",  "ZURICH"};
static const char *const countries[] = {"GB", "DE", "ES", "US", "FR", "IT", "NG", "AU", "CA", "CH"};
static const char *const remits[] = {"PAYMENT FOR GOODS DELIVERED INVOICE", "SALARY FOR MARCH REF",
                                     "RENT FOR FLAT", "MACHINE PARTS AND SERVICE ORDER",
                                     "CONSULTING FEES QUARTER"};

/* A clean synthetic name of the wanted schema, in ASCII upper case when
 * ascii is set (SWIFT MT character set). */
static void party(bench_rng *r, emb_schema want, int ascii, char *out, size_t cap)
{
    for (;;) {
        emb_schema sch;
        bench_clean_name(r, out, cap, &sch);
        if (sch != want)
            continue;
        int ok = 1;
        for (char *p = out; *p && ok; p++) {
            if (*p == '&' || *p == '<' || *p == '>' || (ascii && (unsigned char)*p >= 0x80))
                ok = 0;
            else if (ascii && *p >= 'a' && *p <= 'z')
                *p = (char)(*p - 'a' + 'A');
        }
        if (ok)
            return;
    }
}

static size_t mt103(bench_rng *r, char *b, size_t cap)
{
    char dbtr[BENCH_NAME_MAX], cdtr[BENCH_NAME_MAX], rem[128];
    party(r, EMB_SCHEMA_PERSON, 1, dbtr, sizeof dbtr);
    party(r, EMB_SCHEMA_COMPANY, 1, cdtr, sizeof cdtr);
    unsigned ref = (unsigned)bench_rng_below(r, 1000000);
    snprintf(rem, sizeof rem, "%s %u", remits[bench_rng_below(r, 5)], ref);
    size_t t1 = bench_rng_below(r, 10), t2 = bench_rng_below(r, 10);
    int n =
        snprintf(b, cap,
                 "{1:F01AAAAGB2LAXXX0000000000}{2:I103BBBBDEFFXXXXN}{3:{108:MSG%u}}{4:\n"
                 ":20:REF%u\n:23B:CRED\n:32A:240425EUR%u,00\n:33B:EUR%u,\n"
                 ":50K:/%s%010u\n%s\n%u %s\n%s\n"
                 ":52A:CCCCGB2L\n:57A:DDDDFRPP\n"
                 ":59:/%s%010u\n%s\n%u %s\n%s %s\n"
                 ":70:%s\n:71A:SHA\n-}{5:{CHK:123456789ABC}}",
                 ref, ref, (unsigned)bench_rng_below(r, 99999), (unsigned)bench_rng_below(r, 99999),
                 countries[t1], (unsigned)bench_rng_below(r, 1000000000), dbtr,
                 (unsigned)bench_rng_below(r, 200) + 1, streets[bench_rng_below(r, 8)], towns[t1],
                 countries[t2], (unsigned)bench_rng_below(r, 1000000000), cdtr,
                 (unsigned)bench_rng_below(r, 200) + 1, streets[bench_rng_below(r, 8)], towns[t2],
                 countries[t2], rem);
    return n > 0 && (size_t)n < cap ? (size_t)n : 0;
}

static size_t pacs008(bench_rng *r, char *b, size_t cap)
{
    char dbtr[BENCH_NAME_MAX], cdtr[BENCH_NAME_MAX], rem[128];
    party(r, EMB_SCHEMA_PERSON, 0, dbtr, sizeof dbtr);
    party(r, EMB_SCHEMA_COMPANY, 0, cdtr, sizeof cdtr);
    unsigned ref = (unsigned)bench_rng_below(r, 1000000);
    snprintf(rem, sizeof rem, "%s %u", remits[bench_rng_below(r, 5)], ref);
    size_t t1 = bench_rng_below(r, 10), t2 = bench_rng_below(r, 10);
    int n = snprintf(
        b, cap,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Envelope>"
        "<AppHdr xmlns=\"urn:iso:std:iso:20022:tech:xsd:head.001.001.02\">"
        "<Fr><FIId><FinInstnId><BICFI>CCCCGB2LXXX</BICFI></FinInstnId></FIId></Fr>"
        "<To><FIId><FinInstnId><BICFI>DDDDFRPPXXX</BICFI></FinInstnId></FIId></To>"
        "<BizMsgIdr>B%u</BizMsgIdr><MsgDefIdr>pacs.008.001.08</MsgDefIdr>"
        "<CreDt>2024-04-25T10:00:00Z</CreDt></AppHdr>"
        "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08\"><FIToFICstmrCdtTrf>"
        "<GrpHdr><MsgId>M%u</MsgId><CreDtTm>2024-04-25T10:00:00</CreDtTm><NbOfTxs>1</NbOfTxs>"
        "<SttlmInf><SttlmMtd>INDA</SttlmMtd></SttlmInf></GrpHdr>"
        "<CdtTrfTxInf><PmtId><InstrId>I%u</InstrId><EndToEndId>E%u</EndToEndId></PmtId>"
        "<IntrBkSttlmAmt Ccy=\"EUR\">%u.00</IntrBkSttlmAmt><ChrgBr>SHAR</ChrgBr>"
        "<InstgAgt><FinInstnId><BICFI>CCCCGB2LXXX</BICFI></FinInstnId></InstgAgt>"
        "<InstdAgt><FinInstnId><BICFI>DDDDFRPPXXX</BICFI></FinInstnId></InstdAgt>"
        "<Dbtr><Nm>%s</Nm><PstlAdr><StrtNm>%s</StrtNm><BldgNb>%u</BldgNb><TwnNm>%s</TwnNm>"
        "<Ctry>%s</Ctry></PstlAdr></Dbtr>"
        "<DbtrAcct><Id><IBAN>%s%010u</IBAN></Id></DbtrAcct>"
        "<DbtrAgt><FinInstnId><BICFI>CCCCGB2L</BICFI></FinInstnId></DbtrAgt>"
        "<CdtrAgt><FinInstnId><BICFI>DDDDFRPP</BICFI></FinInstnId></CdtrAgt>"
        "<Cdtr><Nm>%s</Nm><PstlAdr><StrtNm>%s</StrtNm><TwnNm>%s</TwnNm><Ctry>%s</Ctry>"
        "</PstlAdr></Cdtr>"
        "<CdtrAcct><Id><IBAN>%s%010u</IBAN></Id></CdtrAcct>"
        "<RmtInf><Ustrd>%s</Ustrd></RmtInf></CdtTrfTxInf></FIToFICstmrCdtTrf></Document>"
        "</Envelope>\n",
        ref, ref, ref, ref, (unsigned)bench_rng_below(r, 99999), dbtr,
        streets[bench_rng_below(r, 8)], (unsigned)bench_rng_below(r, 200) + 1, towns[t1],
        countries[t1], countries[t1], (unsigned)bench_rng_below(r, 1000000000), cdtr,
        streets[bench_rng_below(r, 8)], towns[t2], countries[t2], countries[t2],
        (unsigned)bench_rng_below(r, 1000000000), rem);
    return n > 0 && (size_t)n < cap ? (size_t)n : 0;
}

/* Messages per second of one format; -1 on an error (msg says which). */
static double run_format(emb_scan *sc, char *const *m, const size_t *ml, size_t n, size_t *hits,
                         char *msg, size_t cap)
{
    emb_error err;
    for (size_t i = 0; i < 200; i++) /* warm-up: caches, scratch buffers */
        if (emb_scan_run(sc, m[i % SCAN_MESSAGES], ml[i % SCAN_MESSAGES], EMB_SCAN_AUTO, &err)) {
            snprintf(msg, cap, "scan: %s", err.message);
            return -1;
        }
    double t0 = bench_now();
    for (size_t i = 0; i < n; i++) {
        if (emb_scan_run(sc, m[i % SCAN_MESSAGES], ml[i % SCAN_MESSAGES], EMB_SCAN_AUTO, &err)) {
            snprintf(msg, cap, "scan: %s", err.message);
            return -1;
        }
        *hits += emb_scan_hit_count(sc);
    }
    double dt = bench_now() - t0;
    return dt > 0 ? (double)n / dt : 0;
}

int bench_scan_measure(const emb_snapshot *s, const char *rules, uint64_t seed, size_t n,
                       bench_scan_stats *st, char *msg, size_t cap)
{
    memset(st, 0, sizeof *st);
    emb_scan *sc = NULL;
    emb_error err;
    if (emb_scan_new(&sc, s, rules, &err) != EMB_OK) {
        snprintf(msg, cap, "scan: %s", err.message);
        return -1;
    }
    char *buf = malloc((size_t)2 * SCAN_MESSAGES * SCAN_MSG_MAX);
    char *mt[SCAN_MESSAGES], *iso[SCAN_MESSAGES];
    size_t mtl[SCAN_MESSAGES], isol[SCAN_MESSAGES];
    int rc = -1;
    if (!buf) {
        snprintf(msg, cap, "out of memory");
        goto done;
    }
    bench_rng r = {seed ^ 0x5ca9u};
    for (size_t i = 0; i < SCAN_MESSAGES; i++) {
        mt[i] = buf + (2 * i) * SCAN_MSG_MAX;
        iso[i] = buf + (2 * i + 1) * SCAN_MSG_MAX;
        mtl[i] = mt103(&r, mt[i], SCAN_MSG_MAX);
        isol[i] = pacs008(&r, iso[i], SCAN_MSG_MAX);
    }
    st->messages = n;
    if ((st->mt103_mps = run_format(sc, mt, mtl, n, &st->mt103_hits, msg, cap)) < 0 ||
        (st->pacs008_mps = run_format(sc, iso, isol, n, &st->pacs008_hits, msg, cap)) < 0)
        goto done;
    rc = 0;
done:
    free(buf);
    emb_scan_free(sc);
    return rc;
}
