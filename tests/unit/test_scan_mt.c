/*
 * test_scan_mt.c - SWIFT MT screening (src/lib/scan/mt.c and the field
 * screens of scan.c): names with typos in each party and free-text field
 * of an MT103, list BICs in option-A fields and headers, country rules
 * from BICs, 50F numbered lines and addresses, no hit on real samples,
 * and every class of malformed input with its position.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "embargo.h"
#include "support/fixture.h"
#include "support/scan_fixture.h"

/* the shared snapshot and scanner (support/scan_fixture.c) */
#define snap sfx_snap
#define sc sfx_scan

static size_t run(const char *msg, emb_status want)
{
    emb_error err;
    emb_status st = emb_scan_run(sc, msg, strlen(msg), EMB_SCAN_AUTO, &err);
    assert_int_equal(st, want);
    return emb_scan_hit_count(sc);
}

#define MT103_TEMPLATE                                                                             \
    "{1:F01AAAAGB2LAXXX0000000000}{2:I103BBBBDEFFXXXXN}{3:{108:REF1}}{4:\n"                        \
    ":20:REF123\n:23B:CRED\n:32A:240101USD1000,\n"                                                 \
    ":50K:/12345678\n%s\n1 HIGH STREET\nLONDON GB\n"                                               \
    ":52A:CCCCGB2L\n:57A:DDDDDEFF\n"                                                               \
    ":59:/DE0012345678\n%s\nHAUPTSTRASSE 5\nBERLIN\n"                                              \
    ":70:%s\n:72:/INS/%s\n:71A:SHA\n-}{5:{CHK:0123456789AB}}"

static void mt_fill(char *buf, size_t cap, const char *k, const char *b, const char *r,
                    const char *i)
{
    snprintf(buf, cap, MT103_TEMPLATE, k, b, r, i);
}

static void mt_names_found_in_every_field_with_typos(void **state)
{
    (void)state;
    static const struct {
        const char *name, *id;
    } names[] = {
        {"KOREA KWANGSON BANKNG CORPORATION", "t-kkbc"},
        {"Fortissimo Maritme Logistics", "t-fortis"},
        {"VLADISLAV KOROBEINIKOV", "t-person"},
        {"Vladislv Korobeinikov", "t-person"},
        {"OCEAN STARLIGHT", "t-vessel"},
        {"ZARUBEZHNEFTEGAZSTROI HOLDING", "t-org"},
    };
    char msg[2048], text[256];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        mt_fill(msg, sizeof msg, names[i].name, "JOHN SMITH", "INVOICE 42", "PLEASE CREDIT");
        run(msg, EMB_OK);
        assert_true(sfx_find(EMB_HIT_NAME, ":50K:", names[i].id) >= 0);
        mt_fill(msg, sizeof msg, "JOHN SMITH", names[i].name, "INVOICE 42", "PLEASE CREDIT");
        run(msg, EMB_OK);
        assert_true(sfx_find(EMB_HIT_NAME, ":59:", names[i].id) >= 0);
        snprintf(text, sizeof text, "PAYMENT FOR GOODS SHIPPED\nVIA %s AS AGREED", names[i].name);
        mt_fill(msg, sizeof msg, "JOHN SMITH", "ACME GMBH", text, "PLEASE CREDIT");
        run(msg, EMB_OK);
        long h = sfx_find(EMB_HIT_NAME, ":70:", names[i].id);
        assert_true(h >= 0);
        emb_scan_hit hit;
        emb_scan_hit_get(sc, (size_t)h, &hit);
        /* the span covers the name inside the running text */
        assert_true(hit.start >= strlen("PAYMENT FOR GOODS SHIPPED\nVIA "));
        assert_true(hit.end <= hit.start + strlen(names[i].name) + 1);
        mt_fill(msg, sizeof msg, "JOHN SMITH", "ACME GMBH", "INVOICE 42", names[i].name);
        run(msg, EMB_OK);
        assert_true(sfx_find(EMB_HIT_NAME, ":72:", names[i].id) >= 0);
    }
}

static void mt_no_hit_on_clean_template(void **state)
{
    (void)state;
    char msg[2048];
    mt_fill(msg, sizeof msg, "JOHN SMITH", "ACME GMBH", "INVOICE 42 FOR SPARE PARTS",
            "PLEASE CREDIT");
    assert_int_equal(run(msg, EMB_OK), 0);
    assert_int_equal(emb_scan_message_count(sc), 1);
}

static void mt_real_samples_have_no_hit(void **state)
{
    (void)state;
    const char *files[] = {"scan/mt101_sample.fin", "scan/mt103_bulk_sample.rje"};
    for (size_t i = 0; i < 2; i++) {
        static char buf[65536];
        size_t n = sfx_slurp(files[i], buf, sizeof buf);
        assert_true(n != (size_t)-1);
        emb_error err;
        assert_int_equal(emb_scan_run(sc, buf, n, EMB_SCAN_MT, &err), EMB_OK);
        assert_int_equal(emb_scan_hit_count(sc), 0);
    }
    assert_int_equal(emb_scan_message_count(sc), 6); /* 3 messages, each with its ACK */
}

static void mt_bic_exact_and_branch_and_country(void **state)
{
    (void)state;
    char msg[2048];
    /* BIC8 of the list in an option-A field, written as BIC11 */
    snprintf(msg, sizeof msg,
             "{1:F01AAAAGB2LAXXX0000000000}{2:I103BBBBDEFFXXXXN}{4:\n:20:X\n"
             ":57A:/ACC1\nKKBCKPPYXXX\n:59:/1\nACME\n-}");
    run(msg, EMB_OK);
    long h = sfx_find(EMB_HIT_BIC, ":57A:", "t-kkbc");
    assert_true(h >= 0);
    emb_scan_hit hit;
    emb_scan_hit_get(sc, (size_t)h, &hit);
    assert_true(hit.score == 1.0);
    assert_int_equal(hit.end - hit.start, 11);
    /* the BIC's country KP is an embargo rule */
    assert_true(sfx_find(EMB_HIT_COUNTRY, ":57A:", "KP") >= 0);
    /* list BIC11 with the primary-office branch XXX: any branch of the
     * institution and its BIC8 match fully */
    snprintf(msg, sizeof msg, ":20:X\n:56A:TCUBALTR123\n:57A:TCUBALTR\n");
    run(msg, EMB_OK);
    h = sfx_find(EMB_HIT_BIC, ":56A:", "t-bank");
    assert_true(h >= 0);
    emb_scan_hit_get(sc, (size_t)h, &hit);
    assert_true(hit.score == 1.0);
    char ex[512];
    assert_int_equal(emb_scan_hit_explain(sc, (size_t)h, ex, sizeof ex, NULL), EMB_OK);
    assert_non_null(strstr(ex, "institution"));
    h = sfx_find(EMB_HIT_BIC, ":57A:", "t-bank");
    assert_true(h >= 0);
    emb_scan_hit_get(sc, (size_t)h, &hit);
    assert_true(hit.score == 1.0);
    /* a BIC that shares nothing: no hit; header BICs are screened */
    snprintf(msg, sizeof msg,
             "{1:F01KKBCKPPYAXXX0000000000}{2:I103BBBBDEFFXXXXN}{4:\n:20:X\n"
             ":57A:TCUBALTS\n-}");
    run(msg, EMB_OK);
    assert_int_equal(sfx_find(EMB_HIT_BIC, ":57A:", "t-bank"), -1);
    assert_true(sfx_find(EMB_HIT_BIC, "{1:}", "t-kkbc") >= 0);
    assert_true(sfx_find(EMB_HIT_COUNTRY, "{1:}", "KP") >= 0);
    /* Iranian, Cuban, Syrian BICs by country; a German one not */
    snprintf(msg, sizeof msg,
             ":20:X\n:52A:MELIIRTH\n:53A:BNCUCUHH\n:54A:CBSYSYDA\n:56A:DEUTDEFF\n");
    run(msg, EMB_OK);
    assert_true(sfx_find(EMB_HIT_COUNTRY, ":52A:", "IR") >= 0);
    assert_true(sfx_find(EMB_HIT_COUNTRY, ":53A:", "CU") >= 0);
    assert_true(sfx_find(EMB_HIT_COUNTRY, ":54A:", "SY") >= 0);
    assert_int_equal(emb_scan_hit_count(sc), 3);
}

static void mt_50f_lines_and_addresses(void **state)
{
    (void)state;
    const char *msg =
        ":20:X\n:50F:/12345\n1/VLADISLAV KOROBEINIKOV\n2/5 MAIN ROAD\n3/KP/PYONGYANG\n"
        ":59:/1\nACME TRADING\nPORT ROAD 1\nNAMPHO\n:70:GOODS LOADED AT BANDAR ABBAS\n";
    run(msg, EMB_OK);
    assert_true(sfx_find(EMB_HIT_NAME, ":50F:", "t-person") >= 0);
    assert_true(sfx_find(EMB_HIT_COUNTRY, ":50F:", "KP") >= 0);
    assert_true(sfx_find(EMB_HIT_COUNTRY, ":59:", "KP") >= 0);
    long h = sfx_find(EMB_HIT_COUNTRY, ":70:", "IR");
    assert_true(h >= 0);
    emb_scan_hit hit;
    emb_scan_hit_get(sc, (size_t)h, &hit);
    assert_int_equal(hit.end - hit.start, strlen("BANDAR ABBAS"));
    char ex[1024];
    size_t need;
    assert_int_equal(emb_scan_hit_explain(sc, (size_t)h, ex, sizeof ex, &need), EMB_OK);
    assert_non_null(strstr(ex, "31 CFR 560"));
}

static void expect_error(const char *msg, emb_status want, uint64_t line, const char *needle)
{
    emb_error err;
    memset(&err, 0, sizeof err);
    assert_int_equal(emb_scan_run(sc, msg, strlen(msg), EMB_SCAN_MT, &err), want);
    assert_int_equal(err.line, line);
    assert_true(err.column >= 1);
    if (needle && !strstr(err.message, needle)) {
        fprintf(stderr, "message: %s\n", err.message);
        fail();
    }
    assert_int_equal(emb_scan_hit_count(sc), 0);
}

static void mt_malformed_input_names_position(void **state)
{
    (void)state;
    expect_error("{1:F01AAAAGB2LAXXX0000000000}{2:I103BBBBDEFFXXXXN}", EMB_EPARSE, 1, "no block 4");
    expect_error("{1:F01AAAAGB2LAXXX0000000000}{4:\n:20:X\n:59:/1\nACME\n", EMB_EPARSE, 1,
                 "unterminated block 4");
    expect_error("{1:F01AAAAGB2LAXXX0000000000", EMB_EPARSE, 1, "truncated block");
    expect_error("{1:F01AAAAGB2LAXXX0000000000}{4:\n:20:X\n:5X9:ACME\n-}", EMB_EPARSE, 3,
                 "bad field tag");
    expect_error("{1:F01AAAAGB2LAXXX0000000000}{4:\n:20:X\n:59ACME\n-}", EMB_EPARSE, 3,
                 "bad field tag");
    expect_error("{1:F01AAAAGB2LAXXX0000000000}{4:\nREF\n:20:X\n-}", EMB_EPARSE, 2, "must start");
    expect_error("{1:F01AAAAGB2LAXXX0000000000}{3:{108:X}", EMB_EPARSE, 1, "truncated");
    expect_error("{1:F01AAAAGB2LAXXX0000000000}{4:\n:20:X\n:70:BAD \xC3\x28 BYTE\n-}", EMB_EUTF8, 3,
                 NULL);
    expect_error("junk{1:F01}", EMB_EPARSE, 1, "expected '{'");
}

static void mt_rules_file_errors_name_the_line(void **state)
{
    (void)state;
    char path[256];
    snprintf(path, sizeof path, "/tmp/emb_test_rules_%d.tsv", (int)getpid());
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("code\tkind\tnames\tapplies_to\tsource\nKP\tcountry\tNORTH "
          "KOREA\tbic\tUN\nIR\tplanet\tIRAN\tbic\tX\n",
          f);
    fclose(f);
    emb_scan *s2 = NULL;
    emb_error err;
    assert_int_equal(emb_scan_new(&s2, snap, path, &err), EMB_EPARSE);
    assert_int_equal(err.line, 3);
    assert_null(s2);
    f = fopen(path, "w");
    fputs("KP\tcountry\tNORTH KOREA\tbic,wire\tUN\n", f);
    fclose(f);
    assert_int_equal(emb_scan_new(&s2, snap, path, &err), EMB_EPARSE);
    assert_int_equal(err.line, 1);
    unlink(path);
    /* the shipped file loads and every rule cites a source */
    assert_true(emb_scan_rule_count(sc) >= 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(mt_names_found_in_every_field_with_typos),
        cmocka_unit_test(mt_no_hit_on_clean_template),
        cmocka_unit_test(mt_real_samples_have_no_hit),
        cmocka_unit_test(mt_bic_exact_and_branch_and_country),
        cmocka_unit_test(mt_50f_lines_and_addresses),
        cmocka_unit_test(mt_malformed_input_names_position),
        cmocka_unit_test(mt_rules_file_errors_name_the_line),
    };
    return cmocka_run_group_tests(tests, sfx_setup, sfx_teardown);
}
