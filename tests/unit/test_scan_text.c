/*
 * test_scan_text.c - names inside running text (src/lib/scan/text.c):
 * found across line breaks and punctuation with one typo per token, the
 * reported span, no hit on ordinary invoice text, place rules in text.
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

static long find_entity(const char *id, emb_scan_hit *out)
{
    for (size_t i = 0; i < emb_scan_hit_count(sc); i++) {
        emb_scan_hit h;
        emb_scan_hit_get(sc, i, &h);
        if (h.kind != EMB_HIT_NAME)
            continue;
        emb_str eid;
        emb_entity_id(snap, h.entity, &eid);
        if (eid.len == strlen(id) && memcmp(eid.ptr, id, eid.len) == 0) {
            *out = h;
            return (long)i;
        }
    }
    return -1;
}

/* Scans t as free text; the hit of entity id, or a failed test. */
static emb_scan_hit text_hit(const char *t, const char *id)
{
    emb_error err;
    assert_int_equal(emb_scan_run(sc, t, strlen(t), EMB_SCAN_TEXT, &err), EMB_OK);
    emb_scan_hit h;
    assert_true(find_entity(id, &h) >= 0);
    return h;
}

static void text_name_across_line_break_with_typos(void **state)
{
    (void)state;
    const char *t = "COMMERCIAL INVOICE No. 881\nConsignee: Korea Kwangson\nBanking Corp., "
                    "Pyongyang.\nGoods: spare parts, 12 cases.";
    emb_error err;
    assert_int_equal(emb_scan_run(sc, t, strlen(t), EMB_SCAN_AUTO, &err), EMB_OK);
    assert_int_equal(emb_scan_last_format(sc), EMB_SCAN_TEXT);
    emb_scan_hit h;
    assert_true(find_entity("t-kkbc", &h) >= 0);
    const char *at = strstr(t, "Korea");
    assert_int_equal(h.start, (size_t)(at - t));
    assert_true(h.end >= (size_t)(strstr(t, "Banking") - t) + 7);
    assert_string_equal(h.field.ptr, "text");
    const char *t2 = "shipment via vessel OCEAN STARLIGTH; notify FORTISSIMO MARITIM LOGISTICS; "
                     "agent Vladislav Korobienikov.";
    assert_int_equal(emb_scan_run(sc, t2, strlen(t2), EMB_SCAN_TEXT, &err), EMB_OK);
    assert_true(find_entity("t-vessel", &h) >= 0);
    assert_true(find_entity("t-fortis", &h) >= 0);
    assert_true(find_entity("t-person", &h) >= 0);
}

static void text_dotted_legal_form(void **state)
{
    (void)state;
    /* "S.A.S." in the text is one token, as in the list name, so the
     * name lines up whatever follows it */
    const char *t = "Goods shipped to QUIMERZAL ANDINA S.A.S.,\nPort of Rotterdam.";
    emb_scan_hit h = text_hit(t, "t-sas");
    assert_int_equal(h.start, (size_t)(strstr(t, "QUIMERZAL") - t));
    assert_int_equal(h.end, (size_t)(strstr(t, ",") - t) - 1);
}

static void text_rare_listed_word_as_a_typo(void **state)
{
    (void)state;
    /* ZELKOWA is listed (Zelkowa Holdings) but here misspells ZELKOVA:
     * a word the lists hold rarely also stands for its neighbours */
    (void)text_hit("Freight paid to ZELKOWA SHIPPING for the voyage.", "t-zelkova");
}

static void text_no_hit_on_plain_invoice(void **state)
{
    (void)state;
    const char *t = "INVOICE 2024-117\nTo: Maria Gonzalez, 5 Calle Mayor, Madrid\n"
                    "For: 40 bearings, 2 pumps. Payment within 30 days to our bank in Berlin.";
    emb_error err;
    assert_int_equal(emb_scan_run(sc, t, strlen(t), EMB_SCAN_TEXT, &err), EMB_OK);
    assert_int_equal(emb_scan_hit_count(sc), 0);
}

static void text_places_of_rules(void **state)
{
    (void)state;
    const char *t =
        "Port of loading: Nampo; discharge: P'yongyang via Bandar-e Abbas. Not Koreatown.";
    emb_error err;
    assert_int_equal(emb_scan_run(sc, t, strlen(t), EMB_SCAN_TEXT, &err), EMB_OK);
    size_t kp = 0, ir = 0;
    for (size_t i = 0; i < emb_scan_hit_count(sc); i++) {
        emb_scan_hit h;
        emb_scan_hit_get(sc, i, &h);
        assert_int_equal(h.kind, EMB_HIT_COUNTRY);
        kp += h.rule.len == 2 && memcmp(h.rule.ptr, "KP", 2) == 0;
        ir += h.rule.len == 2 && memcmp(h.rule.ptr, "IR", 2) == 0;
    }
    assert_int_equal(kp, 2);
    assert_int_equal(ir, 1);
}

/* Hits past EMB_SCAN_MAX_MESSAGE_HITS in one message are not kept but
 * counted, never lost silently; the cap is per message, not per run. */
static void hits_past_the_cap_are_counted(void **state)
{
    (void)state;
    size_t n = EMB_SCAN_MAX_MESSAGE_HITS + 104;
    char *t = malloc(n * 7 + 1);
    assert_non_null(t);
    for (size_t i = 0; i < n; i++)
        memcpy(t + 7 * i, "Nampo. ", 7);
    t[7 * n] = '\0';
    emb_error err;
    assert_int_equal(emb_scan_run(sc, t, 7 * n, EMB_SCAN_TEXT, &err), EMB_OK);
    assert_int_equal(emb_scan_hit_count(sc), EMB_SCAN_MAX_MESSAGE_HITS);
    assert_int_equal(emb_scan_hits_dropped(sc), 104);
    /* a clean run starts again from none */
    const char *clean = "Invoice 12, goods delivered.";
    assert_int_equal(emb_scan_run(sc, clean, strlen(clean), EMB_SCAN_TEXT, &err), EMB_OK);
    assert_int_equal(emb_scan_hits_dropped(sc), 0);
    free(t);
}

static void scan_names_of_formats_and_kinds(void **state)
{
    (void)state;
    const char *fmts[] = {"auto", "text", "mt", "iso20022"};
    for (int i = 0; i < 4; i++) {
        emb_scan_format f;
        assert_int_equal(emb_scan_format_parse(fmts[i], strlen(fmts[i]), &f), EMB_OK);
        assert_string_equal(emb_scan_format_name(f), fmts[i]);
    }
    emb_scan_format f;
    assert_int_equal(emb_scan_format_parse("swift", 5, &f), EMB_ENOTFOUND);
    assert_null(emb_scan_format_name((emb_scan_format)9));
    assert_string_equal(emb_scan_kind_name(EMB_HIT_NAME), "name");
    assert_string_equal(emb_scan_kind_name(EMB_HIT_BIC), "bic");
    assert_string_equal(emb_scan_kind_name(EMB_HIT_COUNTRY), "country");
    assert_null(emb_scan_kind_name((emb_scan_kind)7));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(text_name_across_line_break_with_typos),
        cmocka_unit_test(text_dotted_legal_form),
        cmocka_unit_test(text_rare_listed_word_as_a_typo),
        cmocka_unit_test(text_no_hit_on_plain_invoice),
        cmocka_unit_test(text_places_of_rules),
        cmocka_unit_test(hits_past_the_cap_are_counted),
        cmocka_unit_test(scan_names_of_formats_and_kinds),
    };
    return cmocka_run_group_tests(tests, sfx_setup, sfx_teardown);
}
