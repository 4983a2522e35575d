/*
 * test_un.c - the UN Security Council Consolidated List reader (lists/un.c):
 * every element kind on a small fixture, golden counts on the shipped list,
 * malformed XML (named by line and column, never printed), entity
 * declarations that must be neither fetched nor expanded, strict mode and
 * allocation failures.
 *
 * Golden numbers were computed independently with Python's xml.etree over
 * data/lists/un/consolidated.xml.xz (aliases by QUALITY, Low -> weakAlias,
 * f.k.a. or a "previously/formerly listed as" note -> previousName,
 * NAME_ORIGINAL_SCRIPT -> alias, whitespace folded, distinct per entity)
 * and agree with /work/shared/data/SOURCES.md (730 + 273 records, list
 * date 2026-02-27).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "support/fixture.h"

/* ---- helpers ---- */

/* Runs the reader over text with stderr sent to a temporary file, and
 * fails the test if anything was printed. */
static emb_status read_text(fx_list *fx, const char *text, unsigned flags)
{
    long printed;
    emb_status st =
        fx_read_quiet(fx, emb__read_un, "mem/un.xml", text, strlen(text), flags, &printed);
    if (printed != 0)
        fail_msg("the reader printed %ld bytes to stderr", printed);
    return st;
}

#define HEAD                                                                                       \
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                                                 \
    "<CONSOLIDATED_LIST dateGenerated=\"2026-01-02T00:00:00Z\">\n"                                 \
    "<INDIVIDUALS>\n"
#define TAIL "</INDIVIDUALS>\n<ENTITIES/>\n</CONSOLIDATED_LIST>\n"
#define PERSON(ref, name)                                                                          \
    "<INDIVIDUAL><FIRST_NAME>" name "</FIRST_NAME><UN_LIST_TYPE>DPRK</UN_LIST_TYPE>"               \
    "<REFERENCE_NUMBER>" ref "</REFERENCE_NUMBER></INDIVIDUAL>\n"

/* ---- the small fixture: every element kind ---- */

static void un_person_names_and_parts(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(fx_read_file(&fx, emb__read_un, fx_data("un/sample.xml"), 0), EMB_OK);
    const emb__ent *e = fx_ent(&fx, "un-KPi.033");
    assert_non_null(e);
    assert_int_equal(e->schema, EMB_SCHEMA_PERSON);
    assert_string_equal(emb__ent_first(e, EMB_P_NAME)->val, "RI WON HO KIM");
    assert_true(fx_has(e, EMB_P_FIRST_NAME, "RI"));
    assert_true(fx_has(e, EMB_P_SECOND_NAME, "WON"));
    assert_true(fx_has(e, EMB_P_MIDDLE_NAME, "HO"));
    assert_true(fx_has(e, EMB_P_LAST_NAME, "KIM"));
    assert_true(fx_has(e, EMB_P_ALIAS, "리원호")); /* NAME_ORIGINAL_SCRIPT */
    const emb__ent *mono = fx_ent(&fx, "un-TAi.999");
    assert_non_null(mono);
    assert_true(fx_has(mono, EMB_P_FIRST_NAME, "ABDUL"));
    assert_int_equal(fx_count(mono, EMB_P_LAST_NAME), 0);
    assert_true(fx_has(mono, EMB_P_GENDER, "female"));
    fx_free(&fx);
}

static void un_person_aliases_by_quality_and_note(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(fx_read_file(&fx, emb__read_un, fx_data("un/sample.xml"), 0), EMB_OK);
    const emb__ent *e = fx_ent(&fx, "un-KPi.033");
    assert_true(fx_has(e, EMB_P_ALIAS, "RI WONHO"));
    assert_true(fx_has(e, EMB_P_WEAK_ALIAS, "Comrade Ri"));
    assert_true(fx_has(e, EMB_P_NOTES, "alias Comrade Ri: nom de guerre"));
    assert_true(fx_has(e, EMB_P_ALIAS, "Ri Won-ho")); /* empty QUALITY */
    assert_true(fx_has(e, EMB_P_PREVIOUS_NAME, "Ri Won Hoo"));
    assert_false(fx_has(e, EMB_P_ALIAS, "Ri Won Hoo"));
    /* the alias's own birth data */
    assert_true(fx_has(e, EMB_P_BIRTH_DATE, "1965-03-01"));
    assert_true(fx_has(e, EMB_P_BIRTH_PLACE, "Kaesong, Democratic People's Republic of Korea"));
    fx_free(&fx);
}

static void un_person_dates_places_and_documents(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(fx_read_file(&fx, emb__read_un, fx_data("un/sample.xml"), 0), EMB_OK);
    const emb__ent *e = fx_ent(&fx, "un-KPi.033");
    /* EXACT DATE, YEAR, BETWEEN (each year), a date in a NOTE */
    assert_true(fx_has(e, EMB_P_BIRTH_DATE, "1964-07-17"));
    assert_true(fx_has(e, EMB_P_BIRTH_DATE, "1963"));
    assert_true(fx_has(e, EMB_P_BIRTH_DATE, "1960"));
    assert_true(fx_has(e, EMB_P_BIRTH_DATE, "1961"));
    assert_true(fx_has(e, EMB_P_BIRTH_DATE, "1962"));
    assert_true(fx_has(e, EMB_P_BIRTH_DATE, "1958-11"));
    assert_true(fx_has(e, EMB_P_NOTES, "date of birth (BETWEEN) 1960 to 1962: Approximately"));
    /* a Hijri date is not read as a Gregorian one */
    assert_false(fx_has(e, EMB_P_BIRTH_DATE, "1402-06-24"));
    assert_true(fx_has(e, EMB_P_NOTES, "date of birth (EXACT): 24/06/1402 (Hijri Calendar)"));
    assert_true(fx_has(e, EMB_P_BIRTH_PLACE,
                       "Kaesong, North Hwanghae, Democratic People's Republic of Korea"));
    assert_true(fx_has(e, EMB_P_BIRTH_COUNTRY, "kp"));
    assert_true(fx_has(e, EMB_P_PASSPORT_NUMBER, "381310014"));
    assert_true(fx_has(e, EMB_P_PASSPORT_NUMBER, "9600133195")); /* TYPE2 national passport */
    assert_true(fx_has(e, EMB_P_ID_NUMBER, "1-78-09-44621-80"));
    assert_true(fx_has(e, EMB_P_NOTES,
                       "National Identification Number (national passport) 9600133195; "
                       "issuing country: Russian Federation; date of issue: 2003-06-01; city of "
                       "issue: Grozny; expired"));
    fx_free(&fx);
}

static void un_person_addresses_nationality_and_listing(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(fx_read_file(&fx, emb__read_un, fx_data("un/sample.xml"), 0), EMB_OK);
    const emb__ent *e = fx_ent(&fx, "un-KPi.033");
    assert_true(fx_has(e, EMB_P_ADDRESS,
                       "Kim Il Sung Square 1, Pyongyang, Central District, "
                       "00001, Democratic People's Republic of Korea"));
    assert_true(fx_has(e, EMB_P_COUNTRY, "kp"));
    assert_true(fx_has(e, EMB_P_NOTES, "address: Believed location - Syria"));
    assert_int_equal(fx_count(e, EMB_P_ADDRESS), 1);
    /* "na" is "not available", not Namibia */
    assert_true(fx_has(e, EMB_P_NATIONALITY, "kp"));
    assert_int_equal(fx_count(e, EMB_P_NATIONALITY), 1);
    assert_true(fx_has(e, EMB_P_GENDER, "male"));
    assert_true(fx_has(e, EMB_P_TITLE, "Colonel"));
    assert_true(fx_has(e, EMB_P_POSITION, "Official"));
    assert_true(fx_has(e, EMB_P_POSITION, "Agent & courier"));
    assert_true(fx_has(e, EMB_P_PROGRAM, "DPRK"));
    assert_true(fx_has(e, EMB_P_UNSC_ID, "KPi.033"));
    assert_true(fx_has(e, EMB_P_LISTING_DATE, "2016-11-30"));
    assert_true(fx_has(e, EMB_P_MODIFIED_AT, "2019-05-21")); /* the latest */
    assert_int_equal(fx_count(e, EMB_P_MODIFIED_AT), 1);
    assert_true(fx_has(e, EMB_P_TOPICS, "sanction"));
    assert_int_equal(fx_count(e, EMB_P_SOURCE_URL), 1);
    assert_true(fx_has(e, EMB_P_NOTES, "Ministry of State Security official stationed in Syria."));
    assert_string_equal(fx.store.datasets[0].list_date, "2026-02-27");
    fx_free(&fx);
}

static void un_entity_aliases_and_address(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(fx_read_file(&fx, emb__read_un, fx_data("un/sample.xml"), 0), EMB_OK);
    const emb__ent *e = fx_ent(&fx, "un-KPe.001");
    assert_non_null(e);
    assert_int_equal(e->schema, EMB_SCHEMA_ORGANIZATION);
    assert_string_equal(emb__ent_first(e, EMB_P_NAME)->val,
                        "KOREA MINING DEVELOPMENT TRADING CORPORATION");
    assert_true(fx_has(e, EMB_P_ALIAS, "CHANGGWANG SINYONG CORPORATION"));
    assert_true(fx_has(e, EMB_P_PREVIOUS_NAME, "KOMID TRADING"));
    assert_true(fx_has(e, EMB_P_ALIAS, "KOMID")); /* CDATA, unknown quality */
    assert_true(fx_has(e, EMB_P_ALIAS, "조선광업개발무역회사"));
    assert_true(fx_has(e, EMB_P_ADDRESS, "Pyongyang, Democratic People's Republic of Korea"));
    assert_int_equal(fx_count(e, EMB_P_FIRST_NAME), 0);
    fx_free(&fx);
}

static void un_unknown_elements_kept_in_notes_with_a_warning(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(fx_read_file(&fx, emb__read_un, fx_data("un/sample.xml"), 0), EMB_OK);
    assert_true(fx_has(fx_ent(&fx, "un-KPi.033"), EMB_P_NOTES, "EYE_COLOUR: brown"));
    assert_int_equal(fx_warnings_with(&fx, "unknown element <EYE_COLOUR>"), 1);
    assert_int_equal(fx_warnings_with(&fx, "unknown alias QUALITY 'Excellent'"), 1);
    assert_int_equal(fx.store.datasets[0].records_read, 3);
    assert_int_equal(fx.store.datasets[0].records_skipped, 0);
    /* warnings name the line of the element */
    for (size_t i = 0; i < fx.warnings.n; i++)
        if (strstr(fx.warnings.items[i].reason, "EYE_COLOUR"))
            assert_int_equal(fx.warnings.items[i].line, 118);
    fx_free(&fx);
}

/* ---- golden counts on the shipped list ---- */

static void un_golden_counts_on_shipped_list(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(
        fx_read_file(&fx, emb__read_un, fx_repo_data("lists/un/consolidated.xml.xz"), 0), EMB_OK);
    assert_int_equal(fx_total_schema(&fx, EMB_SCHEMA_PERSON), 730);
    assert_int_equal(fx_total_schema(&fx, EMB_SCHEMA_ORGANIZATION), 273);
    assert_int_equal(fx.store.nents, 1003);
    assert_int_equal(fx.store.datasets[0].records_read, 1003);
    assert_int_equal(fx.store.datasets[0].records_skipped, 0);
    assert_string_equal(fx.store.datasets[0].list_date, "2026-02-27");
    assert_int_equal(fx_total(&fx, EMB_P_ALIAS), 2451);
    assert_int_equal(fx_total(&fx, EMB_P_WEAK_ALIAS), 613);
    assert_int_equal(fx_total(&fx, EMB_P_PREVIOUS_NAME), 56);
    assert_int_equal(fx_total(&fx, EMB_P_NAME), 1003);
    assert_int_equal(fx_total(&fx, EMB_P_UNSC_ID), 1003);
    /* programs as written: 155 DPRK and 121 Iran records */
    size_t dprk = 0, iran = 0;
    for (size_t i = 0; i < fx.store.nents; i++) {
        dprk += (size_t)fx_has(&fx.store.ents[i], EMB_P_PROGRAM, "DPRK");
        iran += (size_t)fx_has(&fx.store.ents[i], EMB_P_PROGRAM, "Iran");
    }
    assert_int_equal(dprk, 155);
    assert_int_equal(iran, 121);
    const emb__ent *e = fx_ent(&fx, "un-KPi.033");
    assert_non_null(e);
    assert_string_equal(emb__ent_first(e, EMB_P_NAME)->val, "RI WON HO");
    assert_true(fx_has(e, EMB_P_PASSPORT_NUMBER, "381310014"));
    assert_true(fx_has(e, EMB_P_BIRTH_DATE, "1964-07-17"));
    assert_true(fx_has(e, EMB_P_NATIONALITY, "kp"));
    fx_free(&fx);
}

/* ---- malformed input ---- */

static void un_truncated_file_fails_naming_the_line(void **state)
{
    (void)state;
    fx_list fx;
    const char *text = HEAD PERSON("KPi.001", "KIM") "<INDIVIDUAL><FIRST_NAME>RI</FIRST_NA";
    assert_int_equal(read_text(&fx, text, 0), EMB_EPARSE);
    assert_int_equal(fx.err.line, 5);
    assert_non_null(strstr(fx.err.file, "un.xml"));
    assert_non_null(strstr(fx.err.message, "malformed XML"));
    fx_free(&fx);
}

static void un_mismatched_tag_fails_with_line_and_column(void **state)
{
    (void)state;
    fx_list fx;
    const char *text = HEAD PERSON(
        "KPi.001", "KIM") "<INDIVIDUAL><FIRST_NAME>RI</SECOND_NAME></INDIVIDUAL>\n" TAIL;
    assert_int_equal(read_text(&fx, text, 0), EMB_EPARSE);
    assert_int_equal(fx.err.line, 5);
    assert_true(fx.err.column > 0);
    assert_true(fx.err.offset > strlen(HEAD PERSON("KPi.001", "KIM")));
    assert_true(fx.err.offset < strlen(text));
    fx_free(&fx);
}

static void un_invalid_utf8_in_a_value_fails_with_eutf8(void **state)
{
    (void)state;
    fx_list fx;
    const char *text = HEAD PERSON("KPi.001", "KIM") "\n" PERSON("KPi.002", "R\xC3\x28I") TAIL;
    assert_int_equal(read_text(&fx, text, 0), EMB_EUTF8);
    assert_int_equal(fx.err.line, 6);
    fx_free(&fx);
}

static void un_wrong_root_element_fails(void **state)
{
    (void)state;
    fx_list fx;
    const char *text = "<?xml version=\"1.0\"?>\n\n<data-set><record/></data-set>\n";
    assert_int_equal(read_text(&fx, text, 0), EMB_EPARSE);
    assert_int_equal(fx.err.line, 3);
    assert_non_null(strstr(fx.err.message, "CONSOLIDATED_LIST"));
    fx_free(&fx);
    assert_int_equal(read_text(&fx, "", 0), EMB_EPARSE);
    fx_free(&fx);
    assert_int_equal(read_text(&fx, "not xml at all", 0), EMB_EPARSE);
    assert_int_equal(fx.err.line, 1);
    fx_free(&fx);
}

static void un_record_without_reference_or_name_is_skipped(void **state)
{
    (void)state;
    fx_list fx;
    const char *text = HEAD PERSON(
        "KPi.001",
        "KIM") "<INDIVIDUAL><DATAID>77</DATAID><FIRST_NAME>NOREF</FIRST_NAME></INDIVIDUAL>\n"
               "<INDIVIDUAL><FIRST_NAME/><REFERENCE_NUMBER>KPi.003</REFERENCE_NUMBER></"
               "INDIVIDUAL>\n"
               "<OTHER/>\n" TAIL;
    assert_int_equal(read_text(&fx, text, 0), EMB_OK);
    assert_int_equal(fx.store.nents, 1);
    assert_non_null(fx_ent(&fx, "un-KPi.001"));
    assert_int_equal(fx.store.datasets[0].records_read, 3);
    assert_int_equal(fx.store.datasets[0].records_skipped, 2);
    assert_int_equal(fx_warnings_with(&fx, "without REFERENCE_NUMBER (DATAID '77')"), 1);
    assert_int_equal(fx_warnings_with(&fx, "KPi.003 has no name"), 1);
    assert_int_equal(fx_warnings_with(&fx, "unexpected element <OTHER>"), 1);
    for (size_t i = 0; i < fx.warnings.n; i++)
        if (strstr(fx.warnings.items[i].reason, "KPi.003"))
            assert_int_equal(fx.warnings.items[i].line, 6);
    fx_free(&fx);
}

static void un_strict_mode_turns_a_skip_into_estrict(void **state)
{
    (void)state;
    fx_list fx;
    const char *text = HEAD PERSON(
        "KPi.001", "KIM") "<INDIVIDUAL><FIRST_NAME>NOREF</FIRST_NAME></INDIVIDUAL>\n" TAIL;
    assert_int_equal(read_text(&fx, text, EMB_BUILD_STRICT), EMB_ESTRICT);
    assert_int_equal(fx.err.line, 5);
    fx_free(&fx);
    assert_int_equal(read_text(&fx, HEAD PERSON("KPi.001", "KIM") TAIL, EMB_BUILD_STRICT), EMB_OK);
    fx_free(&fx);
}

/* ---- entity declarations ---- */

static void un_external_entity_is_neither_fetched_nor_expanded(void **state)
{
    (void)state;
    char path[] = "/tmp/emb-un-secret-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char secret[] = "TOPSECRET-MARKER";
    assert_int_equal(write(fd, secret, sizeof secret - 1), (ssize_t)(sizeof secret - 1));
    close(fd);
    char text[2048];
    snprintf(text, sizeof text,
             "<?xml version=\"1.0\"?>\n"
             "<!DOCTYPE CONSOLIDATED_LIST [\n"
             "  <!ENTITY xxe SYSTEM \"file://%s\">\n"
             "  <!ENTITY net SYSTEM \"http://127.0.0.1:9/x\">\n"
             "  <!ENTITY a \"AAAAAAAAAA\">\n"
             "  <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
             "]>\n"
             "<CONSOLIDATED_LIST><INDIVIDUALS>\n"
             "<INDIVIDUAL><FIRST_NAME>X &xxe; &net; &b;</FIRST_NAME>"
             "<REFERENCE_NUMBER>KPi.001</REFERENCE_NUMBER>"
             "<COMMENTS1>&xxe;</COMMENTS1></INDIVIDUAL>\n"
             "</INDIVIDUALS></CONSOLIDATED_LIST>\n",
             path);
    fx_list fx;
    emb_status st = read_text(&fx, text, 0);
    unlink(path);
    assert_int_equal(st, EMB_OK);
    const emb__ent *e = fx_ent(&fx, "un-KPi.001");
    assert_non_null(e);
    for (uint32_t i = 0; i < e->nprops; i++) {
        assert_null(strstr(e->props[i].val, "TOPSECRET"));
        assert_null(strstr(e->props[i].val, "AAAA"));
    }
    assert_string_equal(emb__ent_first(e, EMB_P_NAME)->val, "X");
    assert_true(fx_warnings_with(&fx, "entity reference in <FIRST_NAME> not expanded") >= 1);
    fx_free(&fx);
}

static void un_external_dtd_is_not_loaded(void **state)
{
    (void)state;
    const char *text = "<?xml version=\"1.0\"?>\n"
                       "<!DOCTYPE CONSOLIDATED_LIST SYSTEM \"http://127.0.0.1:9/un.dtd\">\n"
                       "<CONSOLIDATED_LIST><INDIVIDUALS>\n" PERSON("KPi.001", "KIM") TAIL;
    fx_list fx;
    assert_int_equal(read_text(&fx, text, 0), EMB_OK);
    assert_non_null(fx_ent(&fx, "un-KPi.001"));
    fx_free(&fx);
}

/* ---- allocation failures ---- */

static void un_allocation_failures_return_errors_without_leaks(void **state)
{
    (void)state;
    assert_true(fx_alloc_walk(emb__read_un, fx_data("un/sample.xml")) > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(un_person_names_and_parts),
        cmocka_unit_test(un_person_aliases_by_quality_and_note),
        cmocka_unit_test(un_person_dates_places_and_documents),
        cmocka_unit_test(un_person_addresses_nationality_and_listing),
        cmocka_unit_test(un_entity_aliases_and_address),
        cmocka_unit_test(un_unknown_elements_kept_in_notes_with_a_warning),
        cmocka_unit_test(un_golden_counts_on_shipped_list),
        cmocka_unit_test(un_truncated_file_fails_naming_the_line),
        cmocka_unit_test(un_mismatched_tag_fails_with_line_and_column),
        cmocka_unit_test(un_invalid_utf8_in_a_value_fails_with_eutf8),
        cmocka_unit_test(un_wrong_root_element_fails),
        cmocka_unit_test(un_record_without_reference_or_name_is_skipped),
        cmocka_unit_test(un_strict_mode_turns_a_skip_into_estrict),
        cmocka_unit_test(un_external_entity_is_neither_fetched_nor_expanded),
        cmocka_unit_test(un_external_dtd_is_not_loaded),
        cmocka_unit_test(un_allocation_failures_return_errors_without_leaks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
