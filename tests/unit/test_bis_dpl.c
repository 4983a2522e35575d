/*
 * test_bis_dpl.c - the BIS Denied Persons List reader (bis_dpl.c): field
 * mapping, derived ids and the merging of one party's rows, golden counts
 * on data/lists/us_bis_dpl, typo'd dates, malformed input, strict mode and
 * allocation failures.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "lists/ingest.h"
#include "support/fixture.h"

static const char HDR[] = "\"Name\"\t\"Street_Address\"\t\"City\"\t\"State\"\t\"Country\"\t"
                          "\"Postal_Code\"\t\"Effective_Date\"\t\"Expiration_Date\"\t"
                          "\"Standard_Order\"\t\"Last_Update\"\t\"Action\"\t\"FR_Citation\"\n";

/* A row: name, effective date, last update; the rest fixed. */
static void row(fx_text *t, const char *name, const char *eff, const char *upd)
{
    fx_text_add(t,
                "\"%s\"\t\"1 MAIN ST\"\t\"EL PASO\"\t\"TX\"\t\"US\"\t\"79905\"\t\"%s\"\t"
                "\"01/14/2026\"\t\"Y\"\t\"%s\"\t\"F.R. NOTICE ADDED\"\t"
                "\"87 F.R. 52741 8/29/2022\"\n",
                name, eff, upd);
}

static emb_status read_text(fx_list *fx, const char *text, unsigned flags)
{
    return fx_read(fx, emb__read_bis_dpl, "dpl.txt", text, strlen(text), flags);
}

/* ---- the fixture ---- */

static void dpl_fields_are_mapped(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(fx_read_file(&fx, emb__read_bis_dpl, fx_data("bis_dpl/small.txt"), 0), EMB_OK);
    /* ids: SHA-256 of "NAME\x1fMM/DD/YYYY", computed with Python hashlib */
    const emb__ent *e = fx_ent(&fx, "bis-dpl-e3a59ce6b1f3");
    assert_non_null(e);
    assert_int_equal(e->schema, EMB_SCHEMA_LEGAL_ENTITY);
    assert_string_equal(fx_first(e, EMB_P_NAME), "FUYI SUN");
    assert_int_equal(fx_count(e, EMB_P_NAME), 1);
    assert_true(fx_has(e, EMB_P_ALIAS, "FRANK SUN"));
    assert_true(fx_has(e, EMB_P_ADDRESS,
                       "INMATE NUMBER: 77362-054, 555 GEO DRIVE, PHILIPSBURG, PA, 16866, US"));
    assert_true(fx_has(e, EMB_P_ADDRESS, "12 SECOND STREET, SHANGHAI, CN"));
    assert_true(fx_has(e, EMB_P_COUNTRY, "us"));
    assert_true(fx_has(e, EMB_P_COUNTRY, "cn"));
    assert_true(fx_has(e, EMB_P_LISTING_DATE, "2018-06-13"));
    assert_true(fx_has(e, EMB_P_MODIFIED_AT, "2018-06-25"));
    assert_true(fx_has(e, EMB_P_MODIFIED_AT, "2018-06-26"));
    assert_true(fx_has(e, EMB_P_NOTES, "Expiration date: 2027-08-31"));
    assert_true(fx_has(e, EMB_P_NOTES, "Standard order: Y"));
    assert_true(fx_has(e, EMB_P_NOTES, "Action: FR NOTICE ADDED"));
    assert_true(fx_has(e, EMB_P_NOTES, "Federal Register citation: 83 F.R. 29542 6/25/2018"));
    assert_true(fx_has(e, EMB_P_TOPICS, "debarment"));
    assert_true(fx_has(e, EMB_P_PROGRAM, "DPL"));
    assert_non_null(fx_first(e, EMB_P_AUTHORITY));

    const emb__ent *b = fx_ent(&fx, "bis-dpl-05c50e19fd93");
    assert_non_null(b);
    assert_string_equal(fx_first(b, EMB_P_NAME), "EXAMPLE AIRLINES");
    assert_true(fx_has(b, EMB_P_ALIAS, "EX7 AIR"));
    assert_true(fx_has(b, EMB_P_COUNTRY, "ve"));

    const emb__ent *f = fx_ent(&fx, "bis-dpl-ca845087e3a8");
    assert_non_null(f);
    assert_string_equal(fx_first(f, EMB_P_NAME), "NEW NAME LTD");
    assert_true(fx_has(f, EMB_P_PREVIOUS_NAME, "OLD NAME LTD"));
    fx_free(&fx);
}

static void dpl_rows_of_one_party_merge_despite_citation_typos(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(fx_read_file(&fx, emb__read_bis_dpl, fx_data("bis_dpl/small.txt"), 0), EMB_OK);
    assert_int_equal(fx_ds(&fx)->records_read, 6);
    /* FUYI SUN x2 merge; IHSAN has two orders (two dates): two entities */
    assert_int_equal(fx.store.nents, 5);
    const emb__ent *e = fx_ent(&fx, "bis-dpl-e3a59ce6b1f3");
    assert_int_equal(fx_count(e, EMB_P_ADDRESS), 2);
    assert_int_equal(fx_count(e, EMB_P_LISTING_DATE), 1);
    const emb__ent *i1 = fx_ent(&fx, "bis-dpl-6e19132db8f8");
    const emb__ent *i2 = fx_ent(&fx, "bis-dpl-685f44c35b09");
    assert_non_null(i1);
    assert_non_null(i2);
    assert_string_equal(fx_first(i1, EMB_P_NAME), "IHSAN MEDHAT \"SAMMY\" EXAMPLE");
    assert_true(fx_has(i2, EMB_P_LISTING_DATE, "2003-06-19"));
    assert_int_equal(fx_count(i2, EMB_P_ADDRESS), 0);
    fx_free(&fx);
}

static void dpl_typo_dates_are_reported_and_kept_in_notes(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(fx_read_file(&fx, emb__read_bis_dpl, fx_data("bis_dpl/small.txt"), 0), EMB_OK);
    const emb__ent *b = fx_ent(&fx, "bis-dpl-05c50e19fd93");
    assert_int_equal(fx_count(b, EMB_P_MODIFIED_AT), 0);
    assert_true(fx_has(b, EMB_P_NOTES, "Last update (as written): 3033-09-30"));
    const emb__ent *f = fx_ent(&fx, "bis-dpl-ca845087e3a8");
    assert_int_equal(fx_count(f, EMB_P_LISTING_DATE), 0);
    assert_true(fx_has(f, EMB_P_NOTES, "Effective date (as written): 13/45/2020"));
    assert_int_equal(fx_warnings_with(&fx, "implausible"), 2);
    assert_int_equal(fx_warnings_with(&fx, "'3033-09-30'"), 1);
    assert_int_equal(fx.warnings.items[0].line, 4);
    fx_free(&fx);
}

/* ---- the real file ---- */

static void dpl_golden_counts_on_the_repository_file(void **state)
{
    (void)state;
    fx_list fx;
    emb_status st =
        fx_read_file(&fx, emb__read_bis_dpl, fx_repo_data("lists/us_bis_dpl/dpl.txt.xz"), 0);
    assert_int_equal(st, EMB_OK);
    /* Counted with Python csv: 665 rows; 547 distinct (folded name,
     * Effective_Date) parties; two names carry A/K/A or D/B/A; three
     * Last_Update values are typos (1023-11-01 twice, 3033-09-30). */
    assert_int_equal(fx_ds(&fx)->records_read, 665);
    assert_int_equal(fx_ds(&fx)->records_skipped, 0);
    assert_int_equal(fx.store.nents, 547);
    for (size_t i = 0; i < fx.store.nents; i++) {
        assert_int_equal(fx.store.ents[i].schema, EMB_SCHEMA_LEGAL_ENTITY);
        assert_int_equal(fx_count(&fx.store.ents[i], EMB_P_NAME), 1);
        assert_int_equal(fx_count(&fx.store.ents[i], EMB_P_LISTING_DATE), 1);
    }
    assert_int_equal(fx_total(&fx, EMB_P_ALIAS), 2);
    assert_int_equal(fx_warnings_with(&fx, "implausible Last update"), 3);
    assert_int_equal(fx_warnings_with(&fx, "implausible Effective date"), 0);
    /* a party listed on four rows, in three countries */
    const emb__ent *e = fx_ent(&fx, "bis-dpl-a3022fef0d71");
    assert_non_null(e);
    assert_string_equal(fx_first(e, EMB_P_NAME), "AIR FREIGHT LTD");
    assert_int_equal(fx_count(e, EMB_P_ADDRESS), 4);
    assert_true(fx_has(e, EMB_P_COUNTRY, "iq"));
    assert_true(fx_has(e, EMB_P_COUNTRY, "ae"));
    assert_true(fx_has(e, EMB_P_COUNTRY, "jo"));
    assert_string_equal(fx_ds(&fx)->list_date, "");
    fx_free(&fx);
}

/* ---- malformed input ---- */

static void dpl_truncated_file_fails_naming_the_line(void **state)
{
    (void)state;
    fx_text t;
    fx_text_set(&t, HDR);
    row(&t, "JOHN EXAMPLE", "08/24/2022", "2022-08-29");
    const char *cut = "\"JANE EXAMPLE\"\t\"1 MAIN";
    fx_text_add(&t, "%s", cut);
    fx_list fx;
    assert_int_equal(read_text(&fx, t.buf, 0), EMB_EPARSE);
    assert_int_equal(fx.err.line, 3);
    assert_int_equal(t.buf[fx.err.offset], '"');
    assert_non_null(strstr(fx.err.message, "unterminated"));
    fx_free(&fx);
}

static void dpl_broken_quoting_fails_with_offset(void **state)
{
    (void)state;
    fx_text t;
    fx_text_set(&t, HDR);
    row(&t, "JOHN \"EX\"AMPLE", "08/24/2022", "2022-08-29");
    fx_list fx;
    assert_int_equal(read_text(&fx, t.buf, 0), EMB_EPARSE);
    assert_int_equal(fx.err.line, 2);
    assert_int_equal(fx.err.column, 8);
    assert_int_equal(t.buf[fx.err.offset], 'E');
    fx_free(&fx);
}

static void dpl_invalid_utf8_is_reported(void **state)
{
    (void)state;
    fx_text t;
    fx_text_set(&t, HDR);
    row(&t, "GOOD NAME", "08/24/2022", "2022-08-\xE9");
    row(&t, "BAD \xC0\xAF NAME", "08/24/2022", "2022-08-29");
    fx_list fx;
    assert_int_equal(read_text(&fx, t.buf, 0), EMB_OK);
    assert_int_equal(fx.store.nents, 1);
    /* a value: reported and kept as written in notes, never as a date */
    assert_int_equal(fx_total(&fx, EMB_P_MODIFIED_AT), 0);
    assert_int_equal(fx_warnings_with(&fx, "implausible Last update"), 1);
    assert_int_equal(fx_warnings_with(&fx, "invalid UTF-8"), 1);
    /* a name: the record cannot be used */
    assert_int_equal(fx_ds(&fx)->records_skipped, 1);
    assert_int_equal(fx_warnings_with(&fx, "name is not valid UTF-8"), 1);
    assert_int_equal(fx.warnings.items[fx.warnings.n - 1].line, 3);
    fx_free(&fx);
}

static void dpl_record_without_name_is_skipped(void **state)
{
    (void)state;
    fx_text t;
    fx_text_set(&t, HDR);
    row(&t, "  ", "08/24/2022", "2022-08-29");
    row(&t, "JOHN EXAMPLE", "08/24/2022", "2022-08-29");
    const char *short_row = "\"ONLY A NAME\"\t\"ST\"\n";
    fx_text_add(&t, "%s", short_row);
    fx_list fx;
    assert_int_equal(read_text(&fx, t.buf, 0), EMB_OK);
    assert_int_equal(fx_ds(&fx)->records_read, 3);
    assert_int_equal(fx_ds(&fx)->records_skipped, 2);
    assert_int_equal(fx.store.nents, 1);
    assert_int_equal(fx_warnings_with(&fx, "without a name"), 1);
    assert_int_equal(fx_warnings_with(&fx, "has 2 fields, the header has 12"), 1);
    assert_int_equal(fx.warnings.items[0].line, 2);
    assert_int_equal(fx.warnings.items[1].line, 4);
    fx_free(&fx);
}

static void dpl_wrong_structure_fails(void **state)
{
    (void)state;
    fx_list fx;
    /* comma-separated: the whole header is one field */
    assert_int_equal(read_text(&fx, "Name,Street_Address,Effective_Date\nA,B,C\n", 0), EMB_EPARSE);
    assert_int_equal(fx.err.line, 1);
    assert_non_null(strstr(fx.err.message, "'Name'"));
    fx_free(&fx);
    assert_int_equal(read_text(&fx, "\"Name\"\t\"City\"\n\"A\"\t\"B\"\n", 0), EMB_EPARSE);
    assert_non_null(strstr(fx.err.message, "'Effective_Date'"));
    fx_free(&fx);
    assert_int_equal(read_text(&fx, "\n\n", 0), EMB_EPARSE);
    fx_free(&fx);
}

static void dpl_strict_mode_turns_a_skip_into_an_error(void **state)
{
    (void)state;
    fx_text t;
    fx_text_set(&t, HDR);
    row(&t, "JOHN EXAMPLE", "08/24/2022", "2022-08-29");
    row(&t, "", "08/24/2022", "2022-08-29");
    fx_list fx;
    assert_int_equal(read_text(&fx, t.buf, EMB_BUILD_STRICT), EMB_ESTRICT);
    assert_int_equal(fx.err.line, 3);
    fx_free(&fx);
}

static void dpl_allocation_failures_are_reported_and_leak_nothing(void **state)
{
    (void)state;
    assert_true(fx_alloc_walk(emb__read_bis_dpl, fx_data("bis_dpl/small.txt")) > 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(dpl_fields_are_mapped),
        cmocka_unit_test(dpl_rows_of_one_party_merge_despite_citation_typos),
        cmocka_unit_test(dpl_typo_dates_are_reported_and_kept_in_notes),
        cmocka_unit_test(dpl_golden_counts_on_the_repository_file),
        cmocka_unit_test(dpl_truncated_file_fails_naming_the_line),
        cmocka_unit_test(dpl_broken_quoting_fails_with_offset),
        cmocka_unit_test(dpl_invalid_utf8_is_reported),
        cmocka_unit_test(dpl_record_without_name_is_skipped),
        cmocka_unit_test(dpl_wrong_structure_fails),
        cmocka_unit_test(dpl_strict_mode_turns_a_skip_into_an_error),
        cmocka_unit_test(dpl_allocation_failures_are_reported_and_leak_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
