/*
 * test_uk.c - the UK FCDO sanctions list JSON-lines reader (lists/uk.c):
 * every field kind on a small fixture, golden counts on the shipped file,
 * facts taken from free text, malformed input, strict mode and allocation
 * failures.
 *
 * Golden numbers were computed independently with a Python one-off over
 * `xz -dc uk_sanctions_list_entities.jsonl.xz` (json.loads per line; names
 * joined name1..name6 and compared with whitespace folded; IMO numbers by a
 * regular expression with the check digit verified for ships) and agree with
 * /work/shared/data/SOURCES.md (6,349 records: Individual 4,036, Entity
 * 1,647, Ship 666; 19,626 names; dpr 261).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "support/fixture.h"

static emb_status read_mem(fx_list *fx, const char *text, unsigned flags)
{
    return fx_read(fx, emb__read_uk, "uk/mem.jsonl", text, strlen(text), flags);
}

static emb_status read_sample(fx_list *fx, unsigned flags)
{
    return fx_read_file(fx, emb__read_uk, fx_data("uk/sample.jsonl"), flags);
}

static size_t count_with(const fx_list *fx, emb_schema s, emb_prop p)
{
    size_t n = 0;
    for (size_t i = 0; i < fx->store.nents; i++)
        n += fx->store.ents[i].schema == (uint8_t)s && fx_count(&fx->store.ents[i], p) > 0;
    return n;
}

/* A minimal valid record with unique_id uid and one primary name. */
#define REC(uid, name)                                                                             \
    "{\"unique_id\":\"" uid "\",\"individual_entity_ship\":\"Entity\","                            \
    "\"names\":{\"names\":[{\"name6\":\"" name "\",\"name_type\":\"Primary Name\"}]}}"

/* ---- the fixture ---- */

static void uk_person_fields_from_every_part(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(read_sample(&fx, 0), EMB_OK);
    assert_int_equal(fx_ds(&fx)->records_read, 4);
    assert_int_equal(fx_ds(&fx)->records_skipped, 0);
    const emb__ent *e = fx_ent(&fx, "gb-fcdo-TST0001");
    assert_non_null(e);
    assert_int_equal(e->schema, EMB_SCHEMA_PERSON);
    assert_string_equal(fx_caption(e), "John Quincy TESTER");
    assert_int_equal(fx_count(e, EMB_P_NAME), 1);
    assert_true(fx_has(e, EMB_P_ALIAS, "Jon Tester"));
    assert_true(fx_has(e, EMB_P_ALIAS, "Ioann Q. TESTEROV"));
    assert_true(fx_has(e, EMB_P_ALIAS, "Джон ТЕСТЕР"));
    assert_int_equal(fx_count(e, EMB_P_ALIAS), 3); /* the spaced copy of the caption is not one */
    assert_true(fx_has(e, EMB_P_WEAK_ALIAS, "Johnny T"));
    assert_true(fx_has(e, EMB_P_FIRST_NAME, "John"));
    assert_true(fx_has(e, EMB_P_FIRST_NAME, "Ioann"));
    assert_true(fx_has(e, EMB_P_SECOND_NAME, "Quincy"));
    assert_true(fx_has(e, EMB_P_MIDDLE_NAME, "Q."));
    assert_true(fx_has(e, EMB_P_LAST_NAME, "TESTER"));
    assert_true(fx_has(e, EMB_P_LAST_NAME, "TESTEROV"));
    assert_false(fx_has(e, EMB_P_LAST_NAME, "Johnny T")); /* no parts from weak aliases */
    assert_true(fx_has(e, EMB_P_PROGRAM, "The Testland (Sanctions) (EU Exit) Regulations 2019"));
    assert_true(fx_has(e, EMB_P_PROGRAM_ID, "TST"));
    assert_true(fx_has(e, EMB_P_UNSC_ID, "TTi.001"));
    assert_true(fx_has(e, EMB_P_LISTING_DATE, "2019-12-31"));
    assert_true(fx_has(e, EMB_P_MODIFIED_AT, "2022-03-15"));
    assert_true(fx_has(e, EMB_P_ADDRESS, "1 Test Road, London, SW1A 1AA, United Kingdom"));
    assert_int_equal(fx_count(e, EMB_P_ADDRESS), 1); /* a country alone is no address */
    assert_true(fx_has(e, EMB_P_COUNTRY, "gb"));
    assert_true(fx_has(e, EMB_P_COUNTRY, "fr"));
    assert_true(fx_has(e, EMB_P_NOTES, "John TESTER is an involved person."));
    assert_true(fx_has(e, EMB_P_NOTES, "Sanctions imposed: Asset freeze|Travel Ban"));
    assert_true(fx_has(e, EMB_P_NOTES, "Designation source: UK|UN"));
    assert_true(fx_has(e, EMB_P_NOTES, "OFSI group ID: 99001"));
    assert_int_equal(fx_count(e, EMB_P_NOTES), 5);
    assert_true(fx_has(e, EMB_P_TOPICS, "sanction"));
    /* facts from other_information */
    assert_true(fx_has(e, EMB_P_GENDER, "male"));
    assert_true(fx_has(e, EMB_P_BIRTH_DATE, "1979"));
    assert_int_equal(fx_count(e, EMB_P_BIRTH_DATE), 1); /* "10/10/yyyy" has no year */
    assert_true(fx_has(e, EMB_P_PASSPORT_NUMBER, "836110034"));
    assert_true(fx_has(e, EMB_P_PHONE, "+44 20 7946 0000"));
    assert_true(fx_has(e, EMB_P_EMAIL, "john@tester.example.org"));
    assert_int_equal(fx_warnings_with(&fx, "unknown key 'record.favourite_colour'"), 1);
    assert_true(!fx_ds(&fx)->list_date || !fx_ds(&fx)->list_date[0]);
    fx_free(&fx);
}

static void uk_entity_numbers_from_other_information(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(read_sample(&fx, 0), EMB_OK);
    const emb__ent *e = fx_ent(&fx, "gb-fcdo-DPR0999");
    assert_non_null(e);
    assert_int_equal(e->schema, EMB_SCHEMA_ORGANIZATION);
    assert_string_equal(fx_caption(e), "TEST SHIPPING COMPANY");
    assert_true(fx_has(e, EMB_P_ALIAS, "Test Shpg Co"));
    /* the company number, not the ship named in the statement of reasons */
    assert_true(fx_has(e, EMB_P_IMO_NUMBER, "5342883"));
    assert_int_equal(fx_count(e, EMB_P_IMO_NUMBER), 1);
    assert_true(fx_has(e, EMB_P_INN_CODE, "7713269230"));
    assert_true(fx_has(e, EMB_P_OGRN_CODE, "1027739824683"));
    assert_true(fx_has(e, EMB_P_PHONE, "+850-2-18111-8208"));
    assert_true(fx_has(e, EMB_P_WEBSITE, "http://test.example/shipping"));
    assert_true(fx_has(e, EMB_P_ADDRESS, "Sungri Street, Pyongyang, North Korea"));
    assert_true(fx_has(e, EMB_P_COUNTRY, "kp"));
    assert_true(fx_has(e, EMB_P_PROGRAM_ID, "DPR"));
    assert_true(fx_has(e, EMB_P_UNSC_ID, "KPe.999"));
    assert_int_equal(fx_count(e, EMB_P_GENDER), 0);
    fx_free(&fx);
}

static void uk_ship_imo_from_names_and_statement_with_check_digit(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(read_sample(&fx, 0), EMB_OK);
    const emb__ent *e = fx_ent(&fx, "gb-fcdo-RUS9001");
    assert_non_null(e);
    assert_int_equal(e->schema, EMB_SCHEMA_VESSEL);
    assert_string_equal(fx_caption(e), "IMO 9058713 (\"TESTVESSEL\")");
    assert_true(fx_has(e, EMB_P_ALIAS, "Old Tester"));
    assert_true(fx_has(e, EMB_P_IMO_NUMBER, "9058713"));
    assert_int_equal(fx_count(e, EMB_P_IMO_NUMBER), 1);
    assert_int_equal(fx_warnings_with(&fx, "IMO number '9058714' fails its check digit"), 1);
    assert_true(fx_has(e, EMB_P_PROGRAM_ID, "RUS"));
    fx_free(&fx);
}

static void uk_empty_primary_name_and_several_primaries(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(read_sample(&fx, 0), EMB_OK);
    const emb__ent *e = fx_ent(&fx, "gb-fcdo-SYR9001");
    assert_non_null(e);
    assert_string_equal(fx_caption(e), "Second Primary Org");
    assert_true(fx_has(e, EMB_P_NAME, "Third Primary Org"));
    assert_true(fx_has(e, EMB_P_ALIAS, "Weird Type Name"));
    assert_int_equal(fx_warnings_with(&fx, "unknown name type 'Nickname'"), 1);
    fx_free(&fx);
}

static void uk_no_primary_name_uses_the_first_with_a_warning(void **state)
{
    (void)state;
    fx_list fx;
    const char *text = "{\"unique_id\":\"AAA0001\",\"individual_entity_ship\":\"Individual\","
                       "\"names\":{\"names\":[{\"name1\":\"Only\",\"name6\":\"Alias\","
                       "\"name_type\":\"Alias\"}]},"
                       "\"non_latin_names\":{\"names\":[{\"name_non_latin_script\":\"Тест\"}]}}\n"
                       "{\"unique_id\":\"AAA0002\",\"individual_entity_ship\":\"Entity\","
                       "\"names\":{\"names\":[]},"
                       "\"non_latin_names\":{\"names\":[{\"name_non_latin_script\":\"Тест\"}]}}\n";
    assert_int_equal(read_mem(&fx, text, 0), EMB_OK);
    assert_string_equal(fx_caption(fx_ent(&fx, "gb-fcdo-AAA0001")), "Only Alias");
    assert_string_equal(fx_caption(fx_ent(&fx, "gb-fcdo-AAA0002")), "Тест");
    assert_int_equal(fx_warnings_with(&fx, "has no primary name"), 2);
    fx_free(&fx);
}

static void uk_duplicate_unique_id_is_merged_with_a_warning(void **state)
{
    (void)state;
    fx_list fx;
    const char *text = REC("XYZ0001", "First Org") "\n" REC("XYZ0001", "Second Org") "\n";
    assert_int_equal(read_mem(&fx, text, 0), EMB_OK);
    assert_int_equal(fx.store.nents, 1);
    const emb__ent *e = fx_ent(&fx, "gb-fcdo-XYZ0001");
    assert_string_equal(fx_caption(e), "First Org");
    assert_true(fx_has(e, EMB_P_NAME, "Second Org"));
    assert_int_equal(fx_warnings_with(&fx, "duplicate unique_id 'gb-fcdo-XYZ0001'"), 1);
    fx_free(&fx);
}

/* ---- golden counts on the shipped file ---- */

static void uk_golden_counts_on_the_shipped_file(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(fx_read_file(&fx, emb__read_uk,
                                  fx_repo_data("lists/uk_fcdo/uk_sanctions_list_entities.jsonl.xz"),
                                  0),
                     EMB_OK);
    assert_int_equal(fx_ds(&fx)->records_read, 6349);
    assert_int_equal(fx_ds(&fx)->records_skipped, 0);
    assert_int_equal(fx.store.nents, 6349); /* no unique_id repeats */
    assert_int_equal(fx_total_schema(&fx, EMB_SCHEMA_PERSON), 4036);
    assert_int_equal(fx_total_schema(&fx, EMB_SCHEMA_ORGANIZATION), 1647);
    assert_int_equal(fx_total_schema(&fx, EMB_SCHEMA_VESSEL), 666);
    assert_int_equal(fx_total(&fx, EMB_P_NAME), 6353);
    assert_int_equal(fx_total(&fx, EMB_P_ALIAS), 12583);
    assert_int_equal(fx_total(&fx, EMB_P_WEAK_ALIAS), 619);
    assert_int_equal(count_with(&fx, EMB_SCHEMA_VESSEL, EMB_P_IMO_NUMBER), 629);
    assert_int_equal(count_with(&fx, EMB_SCHEMA_ORGANIZATION, EMB_P_IMO_NUMBER), 15);
    assert_int_equal(count_with(&fx, EMB_SCHEMA_PERSON, EMB_P_IMO_NUMBER), 0);
    assert_int_equal(fx_total_value(&fx, EMB_P_PROGRAM_ID, "DPR"), 261);
    assert_int_equal(fx_total_value(&fx, EMB_P_PROGRAM_ID, "RUS"), 3474);
    assert_int_equal(count_with(&fx, EMB_SCHEMA_PERSON, EMB_P_UNSC_ID) +
                         count_with(&fx, EMB_SCHEMA_ORGANIZATION, EMB_P_UNSC_ID) +
                         count_with(&fx, EMB_SCHEMA_VESSEL, EMB_P_UNSC_ID),
                     1005);
    assert_int_equal(fx_total_value(&fx, EMB_P_TOPICS, "sanction"), 6349);
    assert_int_equal(fx_warnings_with(&fx, "unknown key"), 0);
    const emb__ent *e = fx_ent(&fx, "gb-fcdo-AFG0001");
    assert_non_null(e);
    assert_string_equal(fx_caption(e), "HAJI KHAIRULLAH HAJI SATTAR MONEY EXCHANGE");
    assert_true(fx_has(e, EMB_P_UNSC_ID, "TAe.010"));
    assert_true(fx_has(e, EMB_P_LISTING_DATE, "2012-06-29"));
    assert_true(fx_has(e, EMB_P_COUNTRY, "af"));
    assert_true(!fx_ds(&fx)->list_date || !fx_ds(&fx)->list_date[0]);
    fx_free(&fx);
}

/* ---- malformed input ---- */

static void uk_truncated_last_line_is_a_parse_error_naming_the_line(void **state)
{
    (void)state;
    fx_list fx;
    const char *text =
        REC("AAA0001", "A") "\n" REC("AAA0002", "B") "\n{\"unique_id\":\"AAA0003\",\"na";
    assert_int_equal(read_mem(&fx, text, 0), EMB_EPARSE);
    assert_int_equal(fx.err.line, 3);
    assert_true(fx.err.column > 0);
    assert_true(fx.err.offset >= 2 * strlen(REC("AAA0001", "A")) + 2);
    assert_non_null(strstr(fx.err.message, "line 3"));
    fx_free(&fx);
}

static void uk_non_json_line_is_a_parse_error_with_line_and_column(void **state)
{
    (void)state;
    fx_list fx;
    const char *text = REC("AAA0001", "A") "\nunique_id: AAA0002\n";
    assert_int_equal(read_mem(&fx, text, 0), EMB_EPARSE);
    assert_int_equal(fx.err.line, 2);
    /* the error lies on the bad token "unique_id" (columns 1-9) */
    assert_in_range(fx.err.column, 1, 9);
    assert_int_equal(fx.err.offset, strlen(REC("AAA0001", "A")) + 1 + fx.err.column - 1);
    fx_free(&fx);
}

static void uk_invalid_utf8_in_a_value_is_an_error_naming_the_line(void **state)
{
    (void)state;
    fx_list fx;
    const char *text = REC("AAA0001", "A") "\n" REC("AAA0002", "B\xc3(") "\n";
    emb_status st = read_mem(&fx, text, 0);
    assert_true(st == EMB_EUTF8 || st == EMB_EPARSE);
    assert_int_equal(fx.err.line, 2);
    fx_free(&fx);
}

static void uk_array_line_is_a_skipped_record(void **state)
{
    (void)state;
    fx_list fx;
    const char *text = "[" REC("AAA0001", "A") "]\n" REC("AAA0002", "B") "\n";
    assert_int_equal(read_mem(&fx, text, 0), EMB_OK);
    assert_int_equal(fx.store.nents, 1);
    assert_int_equal(fx_ds(&fx)->records_skipped, 1);
    assert_int_equal(fx_warnings_with(&fx, "is an array, not a JSON object"), 1);
    assert_int_equal(fx.warnings.items[0].line, 1);
    fx_free(&fx);
}

static void uk_record_without_id_or_name_is_skipped(void **state)
{
    (void)state;
    fx_list fx;
    const char *text =
        "{\"individual_entity_ship\":\"Entity\",\"names\":{\"names\":"
        "[{\"name6\":\"No Id\",\"name_type\":\"Primary Name\"}]}}\n"
        "{\"unique_id\":\"  \",\"names\":{\"names\":[{\"name6\":\"Blank Id\"}]}}\n"
        "{\"unique_id\":\"AAA0003\",\"names\":{\"names\":[{\"name_type\":\"Primary Name\"}]}}\n"
        "{\"unique_id\":\"AAA0004\",\"names\":\"AAA\"}\n";
    assert_int_equal(read_mem(&fx, text, 0), EMB_OK);
    assert_int_equal(fx.store.nents, 0);
    assert_int_equal(fx_ds(&fx)->records_read, 4);
    assert_int_equal(fx_ds(&fx)->records_skipped, 4);
    assert_int_equal(fx_warnings_with(&fx, "record has no unique_id"), 2);
    assert_int_equal(fx_warnings_with(&fx, "has no name"), 2);
    assert_int_equal(fx_warnings_with(&fx, "'names' is not a list"), 1);
    fx_free(&fx);
}

static void uk_wrong_types_inside_a_record_are_warned(void **state)
{
    (void)state;
    fx_list fx;
    const char *text =
        "{\"unique_id\":\"AAA0005\",\"individual_entity_ship\":\"Aircraft\","
        "\"names\":{\"names\":[{\"name6\":\"Odd\",\"name_type\":\"Primary Name\"}, 3],"
        "\"extra\":1},\"regime_name\":[\"x\"],\"addresses\":{\"addresses\":{}}}\n";
    assert_int_equal(read_mem(&fx, text, 0), EMB_OK);
    const emb__ent *e = fx_ent(&fx, "gb-fcdo-AAA0005");
    assert_non_null(e);
    assert_int_equal(e->schema, EMB_SCHEMA_LEGAL_ENTITY);
    assert_int_equal(fx_warnings_with(&fx, "unknown individual_entity_ship 'Aircraft'"), 1);
    assert_int_equal(fx_warnings_with(&fx, "an item of 'names' is not an object"), 1);
    assert_int_equal(fx_warnings_with(&fx, "unknown key 'names.extra'"), 1);
    assert_int_equal(fx_warnings_with(&fx, "'regime_name' is not text"), 1);
    assert_int_equal(fx_warnings_with(&fx, "'addresses' is not a list"), 1);
    fx_free(&fx);
}

static void uk_strict_mode_rejects_a_skipped_record(void **state)
{
    (void)state;
    fx_list fx;
    const char *text = REC("AAA0001", "A") "\n" REC("AAA0002", "B") "\n{\"names\":[]}\n";
    assert_int_equal(read_mem(&fx, text, EMB_BUILD_STRICT), EMB_ESTRICT);
    assert_int_equal(fx.err.line, 3);
    fx_free(&fx);
    assert_int_equal(read_sample(&fx, EMB_BUILD_STRICT), EMB_OK);
    fx_free(&fx);
}

/* ---- allocation failures ---- */

static void uk_allocation_failures_return_errors_without_leaks(void **state)
{
    (void)state;
    assert_true(fx_alloc_walk(emb__read_uk, fx_data("uk/sample.jsonl")) > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(uk_person_fields_from_every_part),
        cmocka_unit_test(uk_entity_numbers_from_other_information),
        cmocka_unit_test(uk_ship_imo_from_names_and_statement_with_check_digit),
        cmocka_unit_test(uk_empty_primary_name_and_several_primaries),
        cmocka_unit_test(uk_no_primary_name_uses_the_first_with_a_warning),
        cmocka_unit_test(uk_duplicate_unique_id_is_merged_with_a_warning),
        cmocka_unit_test(uk_golden_counts_on_the_shipped_file),
        cmocka_unit_test(uk_truncated_last_line_is_a_parse_error_naming_the_line),
        cmocka_unit_test(uk_non_json_line_is_a_parse_error_with_line_and_column),
        cmocka_unit_test(uk_invalid_utf8_in_a_value_is_an_error_naming_the_line),
        cmocka_unit_test(uk_array_line_is_a_skipped_record),
        cmocka_unit_test(uk_record_without_id_or_name_is_skipped),
        cmocka_unit_test(uk_wrong_types_inside_a_record_are_warned),
        cmocka_unit_test(uk_strict_mode_rejects_a_skipped_record),
        cmocka_unit_test(uk_allocation_failures_return_errors_without_leaks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
