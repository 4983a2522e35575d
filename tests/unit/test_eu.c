/*
 * test_eu.c - the EU FSF JSON-lines reader (lists/eu.c): every field kind on
 * a small fixture, golden counts on the shipped file, malformed input,
 * strict mode and allocation failures.
 *
 * Golden numbers were computed independently with a Python one-off over
 * `xz -dc eu_fsf_entities.jsonl.xz` (json.loads per line, applying the
 * caption rule and whitespace folding described in eu.c) and agree with
 * /work/shared/data/SOURCES.md (5,860 entities: person 4,341, enterprise
 * 1,519; 29,826 name_aliases; PRK 255).
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
    return fx_read(fx, emb__read_eu, "eu/mem.jsonl", text, strlen(text), flags);
}

/* A minimal valid record with reference ref and one name. */
#define REC(ref, name)                                                                             \
    "{\"eu_reference_number\":\"" ref "\",\"subject_type\":{\"code\":\"person\"},"                 \
    "\"name_aliases\":[{\"whole_name\":\"" name "\",\"strong\":true}]}"

/* ---- the fixture ---- */

static void eu_person_fields_from_every_part(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(fx_read_file(&fx, emb__read_eu, fx_data("eu/sample.jsonl"), 0), EMB_OK);
    assert_int_equal(fx_ds(&fx)->records_read, 4);
    assert_int_equal(fx_ds(&fx)->records_skipped, 0);
    const emb__ent *e = fx_ent(&fx, "eu-EU.9001.11");
    assert_non_null(e);
    assert_int_equal(e->schema, EMB_SCHEMA_PERSON);
    /* the English alias is the caption although a Russian one comes first */
    assert_string_equal(fx_caption(e), "Ivan Petrovich TESTOV");
    assert_int_equal(fx_count(e, EMB_P_NAME), 1);
    assert_true(fx_has(e, EMB_P_ALIAS, "Иван Петрович ТЕСТОВ"));
    assert_int_equal(fx_count(e, EMB_P_ALIAS),
                     1); /* the spaced copy of the caption is not an alias */
    assert_true(fx_has(e, EMB_P_WEAK_ALIAS, "Ivan Testoff"));
    assert_true(fx_has(e, EMB_P_FIRST_NAME, "Ivan"));
    assert_true(fx_has(e, EMB_P_FIRST_NAME, "Иван"));
    assert_true(fx_has(e, EMB_P_MIDDLE_NAME, "Petrovich"));
    assert_true(fx_has(e, EMB_P_LAST_NAME, "TESTOV"));
    assert_false(fx_has(e, EMB_P_LAST_NAME, "Testoff")); /* no parts from weak aliases */
    assert_true(fx_has(e, EMB_P_GENDER, "male"));
    assert_true(fx_has(e, EMB_P_POSITION, "Member of the Test Council"));
    assert_true(fx_has(e, EMB_P_TITLE, "General"));
    assert_true(fx_has(e, EMB_P_BIRTH_DATE, "1960-02-29"));
    assert_true(fx_has(e, EMB_P_BIRTH_DATE, "1961"));
    assert_true(fx_has(e, EMB_P_NOTES, "Birth date circa 1961"));
    assert_true(fx_has(e, EMB_P_BIRTH_PLACE, "Tula, Tula Oblast, RUSSIAN FEDERATION"));
    assert_true(fx_has(e, EMB_P_BIRTH_COUNTRY, "ru"));
    assert_int_equal(fx_count(e, EMB_P_BIRTH_PLACE), 1); /* "UNKNOWN" is no place */
    assert_true(fx_has(e, EMB_P_NATIONALITY, "ru"));
    assert_int_equal(fx_count(e, EMB_P_NATIONALITY), 1); /* "00" is no country */
    assert_true(fx_has(e, EMB_P_NOTES, "Citizenship region: Tula Oblast"));
    assert_true(fx_has(e, EMB_P_TAX_NUMBER, "7701234567"));
    assert_true(fx_has(e, EMB_P_INN_CODE, "7701234567"));
    assert_true(fx_has(e, EMB_P_PASSPORT_NUMBER, "AB1234567"));
    assert_true(fx_has(e, EMB_P_ID_NUMBER, "X-42"));
    assert_int_equal(fx_warnings_with(&fx, "unknown identification type 'gizmo'"), 1);
    assert_true(fx_has(e, EMB_P_ADDRESS, "1 Test Street, Moscow, 101000, RUSSIAN FEDERATION"));
    assert_int_equal(fx_count(e, EMB_P_ADDRESS), 1); /* a country alone is no address */
    assert_true(fx_has(e, EMB_P_COUNTRY, "ru"));
    assert_true(fx_has(e, EMB_P_COUNTRY, "by"));
    assert_true(fx_has(e, EMB_P_PROGRAM, "UKR"));
    assert_true(fx_has(e, EMB_P_SOURCE_URL, "https://eur-lex.europa.eu/test/2022-260"));
    assert_true(fx_has(e, EMB_P_NOTES, "Regulation 2022/260 (OJ L42I)"));
    /* earliest and latest publication over the regulation and summaries */
    assert_true(fx_has(e, EMB_P_LISTING_DATE, "2014-03-17"));
    assert_int_equal(fx_count(e, EMB_P_LISTING_DATE), 1);
    assert_true(fx_has(e, EMB_P_MODIFIED_AT, "2022-02-23"));
    assert_true(fx_has(e, EMB_P_NOTES, "Date of listing: 17.3.2014."));
    assert_true(fx_has(e, EMB_P_NOTES, "EU designation 17/03/2014"));
    assert_true(fx_has(e, EMB_P_UNSC_ID, "XXi.001"));
    assert_true(fx_has(e, EMB_P_TOPICS, "sanction"));
    /* an unknown key is reported once, naming the line */
    assert_int_equal(fx_warnings_with(&fx, "unknown key 'record.favourite_colour'"), 1);
    int found = 0;
    for (size_t i = 0; i < fx.warnings.n; i++)
        if (strstr(fx.warnings.items[i].reason, "favourite_colour"))
            found = fx.warnings.items[i].line == 1;
    assert_true(found);
    assert_true(!fx_ds(&fx)->list_date || !fx_ds(&fx)->list_date[0]);
    fx_free(&fx);
}

static void eu_enterprise_identifiers_and_latin_caption(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(fx_read_file(&fx, emb__read_eu, fx_data("eu/sample.jsonl"), 0), EMB_OK);
    const emb__ent *e = fx_ent(&fx, "eu-EU.9002.22");
    assert_non_null(e);
    assert_int_equal(e->schema, EMB_SCHEMA_ORGANIZATION);
    /* no English alias: the first Latin-script one */
    assert_string_equal(fx_caption(e), "Test Shipping LLC");
    assert_true(fx_has(e, EMB_P_ALIAS, "Тест Судоходство"));
    assert_true(fx_has(e, EMB_P_ALIAS, "Test Shipping Limited"));
    /* an enterprise's function describes it */
    assert_true(fx_has(e, EMB_P_NOTES, "a shipping company"));
    assert_int_equal(fx_count(e, EMB_P_POSITION), 0);
    assert_true(fx_has(e, EMB_P_REGISTRATION_NUMBER, "1027700000000"));
    assert_true(fx_has(e, EMB_P_OGRN_CODE, "1027700000000"));
    assert_true(fx_has(e, EMB_P_IMO_NUMBER, "9123456"));
    assert_true(fx_has(e, EMB_P_SWIFT_BIC, "TESTRUMM"));
    assert_true(fx_has(e, EMB_P_ID_NUMBER, "771401001"));
    assert_int_equal(fx_count(e, EMB_P_INN_CODE), 0);
    assert_true(fx_has(e, EMB_P_COUNTRY, "kp"));
    assert_true(fx_has(e, EMB_P_PROGRAM, "PRK"));
    assert_true(fx_has(e, EMB_P_LISTING_DATE, "2017-08-05"));
    fx_free(&fx);
}

static void eu_islamic_year_gives_the_gregorian_years_it_overlaps(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(fx_read_file(&fx, emb__read_eu, fx_data("eu/sample.jsonl"), 0), EMB_OK);
    const emb__ent *e = fx_ent(&fx, "eu-EU.9003.33");
    assert_non_null(e);
    /* 1343 AH ran from August 1924 to July 1925 */
    assert_true(fx_has(e, EMB_P_BIRTH_DATE, "1924"));
    assert_true(fx_has(e, EMB_P_BIRTH_DATE, "1925"));
    assert_int_equal(fx_count(e, EMB_P_BIRTH_DATE), 2);
    assert_true(fx_has(e, EMB_P_NOTES, "Birth year 1343 (Islamic calendar)"));
    assert_true(fx_has(e, EMB_P_BIRTH_PLACE, "Farsan, IRAN (ISLAMIC REPUBLIC OF)"));
    assert_true(fx_has(e, EMB_P_GENDER, "female"));
    fx_free(&fx);
}

static void eu_logical_id_is_the_fallback_and_parts_make_a_name(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(fx_read_file(&fx, emb__read_eu, fx_data("eu/sample.jsonl"), 0), EMB_OK);
    const emb__ent *e = fx_ent(&fx, "eu-9004");
    assert_non_null(e);
    assert_string_equal(fx_caption(e), "Logical Only Corp");
    assert_int_equal(fx_count(e, EMB_P_LISTING_DATE), 0);
    fx_free(&fx);
}

static void eu_duplicate_reference_is_merged_with_a_warning(void **state)
{
    (void)state;
    fx_list fx;
    const char *text = REC("EU.1.1", "First Name") "\n" REC("EU.1.1", "Second Name") "\n";
    assert_int_equal(read_mem(&fx, text, 0), EMB_OK);
    assert_int_equal(fx.store.nents, 1);
    const emb__ent *e = fx_ent(&fx, "eu-EU.1.1");
    assert_string_equal(fx_caption(e), "First Name");
    assert_true(fx_has(e, EMB_P_NAME, "Second Name"));
    assert_int_equal(fx_warnings_with(&fx, "duplicate identifier 'eu-EU.1.1'"), 1);
    assert_int_equal(fx_ds(&fx)->records_read, 2);
    fx_free(&fx);
}

static void eu_blank_lines_crlf_and_bom_are_accepted(void **state)
{
    (void)state;
    fx_list fx;
    const char *text =
        "\xEF\xBB\xBF" REC("EU.1.1", "A B") "\r\n\r\n   \n" REC("EU.2.2", "C D") "\r\n";
    assert_int_equal(read_mem(&fx, text, 0), EMB_OK);
    assert_int_equal(fx.store.nents, 2);
    assert_int_equal(fx_ds(&fx)->records_read, 2);
    assert_int_equal(fx.warnings.total, 0);
    fx_free(&fx);
}

/* ---- golden counts on the shipped file ---- */

static void eu_golden_counts_on_the_shipped_file(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(
        fx_read_file(&fx, emb__read_eu, fx_repo_data("lists/eu_fsf/eu_fsf_entities.jsonl.xz"), 0),
        EMB_OK);
    assert_int_equal(fx_ds(&fx)->records_read, 5860);
    assert_int_equal(fx_ds(&fx)->records_skipped, 0);
    assert_int_equal(fx.store.nents, 5860);
    assert_int_equal(fx_total_schema(&fx, EMB_SCHEMA_PERSON), 4341);
    assert_int_equal(fx_total_schema(&fx, EMB_SCHEMA_ORGANIZATION), 1519);
    assert_int_equal(fx_total(&fx, EMB_P_NAME), 5860);
    assert_int_equal(fx_total(&fx, EMB_P_ALIAS), 23634);
    assert_int_equal(fx_total(&fx, EMB_P_WEAK_ALIAS), 0);
    assert_int_equal(fx_total_with(&fx, EMB_P_IMO_NUMBER), 25);
    assert_int_equal(fx_total(&fx, EMB_P_PASSPORT_NUMBER), 603);
    assert_int_equal(fx_total(&fx, EMB_P_INN_CODE), 222);
    assert_int_equal(fx_total(&fx, EMB_P_OGRN_CODE), 258);
    assert_int_equal(fx_total_with(&fx, EMB_P_UNSC_ID), 88);
    assert_int_equal(fx_total_with(&fx, EMB_P_NATIONALITY), 2530);
    assert_int_equal(fx_total_with(&fx, EMB_P_BIRTH_DATE), 3668);
    assert_int_equal(fx_total_with(&fx, EMB_P_LISTING_DATE), 5860);
    assert_int_equal(fx_total_value(&fx, EMB_P_PROGRAM, "PRK"), 255);
    assert_int_equal(fx_total_value(&fx, EMB_P_PROGRAM, "IRN"), 732);
    assert_int_equal(fx_total_value(&fx, EMB_P_TOPICS, "sanction"), 5860);
    /* every key of the file is known */
    assert_int_equal(fx_warnings_with(&fx, "unknown key"), 0);
    const emb__ent *e = fx_ent(&fx, "eu-EU.1001.60");
    assert_non_null(e);
    assert_string_equal(fx_caption(e), "Yasin Mahmud Mochtar");
    assert_true(fx_has(e, EMB_P_PROGRAM, "TAQA"));
    assert_true(fx_has(e, EMB_P_LISTING_DATE, "2003-09-13"));
    assert_true(fx_has(e, EMB_P_MODIFIED_AT, "2019-04-08"));
    assert_true(!fx_ds(&fx)->list_date || !fx_ds(&fx)->list_date[0]);
    fx_free(&fx);
}

/* ---- malformed input ---- */

static void eu_truncated_last_line_is_a_parse_error_naming_the_line(void **state)
{
    (void)state;
    fx_list fx;
    const char *text = REC("EU.1.1", "A B") "\n" REC(
        "EU.2.2", "C D") "\n"
                         "{\"eu_reference_number\":\"EU.3.3\",\"name_ali";
    assert_int_equal(read_mem(&fx, text, 0), EMB_EPARSE);
    assert_int_equal(fx.err.line, 3);
    assert_true(fx.err.column > 0);
    assert_true(fx.err.offset >= strlen(REC("EU.1.1", "A B")) * 2 + 2);
    assert_non_null(strstr(fx.err.message, "line 3"));
    fx_free(&fx);
}

static void eu_non_json_line_is_a_parse_error_with_line_and_column(void **state)
{
    (void)state;
    fx_list fx;
    const char *text = REC("EU.1.1", "A B") "\n{\"eu_reference_number\": EU.2.2}\n";
    assert_int_equal(read_mem(&fx, text, 0), EMB_EPARSE);
    assert_int_equal(fx.err.line, 2);
    /* the error lies on the bad token EU.2.2 (columns 25-30) */
    assert_in_range(fx.err.column, 25, 30);
    assert_int_equal(fx.err.offset, strlen(REC("EU.1.1", "A B")) + 1 + fx.err.column - 1);
    fx_free(&fx);
}

static void eu_invalid_utf8_in_a_value_is_an_error_naming_the_line(void **state)
{
    (void)state;
    fx_list fx;
    const char *text = REC("EU.1.1", "A B") "\n" REC("EU.2.2", "Bad \xff name") "\n";
    emb_status st = read_mem(&fx, text, 0);
    assert_true(st == EMB_EUTF8 || st == EMB_EPARSE);
    assert_int_equal(fx.err.line, 2);
    fx_free(&fx);
}

static void eu_array_or_scalar_line_is_a_skipped_record(void **state)
{
    (void)state;
    fx_list fx;
    const char *text = REC("EU.1.1", "A B") "\n[1, 2]\n\"text\"\n" REC("EU.2.2", "C D") "\n";
    assert_int_equal(read_mem(&fx, text, 0), EMB_OK);
    assert_int_equal(fx.store.nents, 2);
    assert_int_equal(fx_ds(&fx)->records_skipped, 2);
    assert_int_equal(fx_warnings_with(&fx, "is an array, not a JSON object"), 1);
    assert_int_equal(fx_warnings_with(&fx, "is a string, not a JSON object"), 1);
    assert_int_equal(fx.warnings.items[0].line, 2);
    fx_free(&fx);
}

static void eu_record_without_id_or_name_is_skipped(void **state)
{
    (void)state;
    fx_list fx;
    const char *text = "{\"subject_type\":{\"code\":\"person\"},\"name_aliases\":"
                       "[{\"whole_name\":\"No Id\",\"strong\":true}]}\n"
                       "{\"eu_reference_number\":\"EU.5.5\",\"name_aliases\":[]}\n"
                       "{\"eu_reference_number\":\"EU.6.6\",\"name_aliases\":"
                       "[{\"whole_name\":\"  \",\"first_name\":\"\"}]}\n"
                       "{\"eu_reference_number\":\"EU.7.7\",\"name_aliases\":{\"x\":1}}\n";
    assert_int_equal(read_mem(&fx, text, 0), EMB_OK);
    assert_int_equal(fx.store.nents, 0);
    assert_int_equal(fx_ds(&fx)->records_read, 4);
    assert_int_equal(fx_ds(&fx)->records_skipped, 4);
    assert_int_equal(fx_warnings_with(&fx, "no eu_reference_number or logical_id"), 1);
    assert_int_equal(fx_warnings_with(&fx, "has no name"), 3);
    assert_int_equal(fx_warnings_with(&fx, "'name_aliases' is not a list"), 1);
    fx_free(&fx);
}

static void eu_wrong_types_inside_a_record_are_warned(void **state)
{
    (void)state;
    fx_list fx;
    const char *text = "{\"eu_reference_number\":\"EU.8.8\",\"subject_type\":{\"code\":\"robot\"},"
                       "\"name_aliases\":[{\"whole_name\":\"Odd One\",\"title\":[1]}, 7],"
                       "\"birthdates\":\"1970\",\"remark\":{\"a\":1},\"united_nation_id\":42}\n";
    assert_int_equal(read_mem(&fx, text, 0), EMB_OK);
    const emb__ent *e = fx_ent(&fx, "eu-EU.8.8");
    assert_non_null(e);
    assert_int_equal(e->schema, EMB_SCHEMA_LEGAL_ENTITY);
    assert_true(fx_has(e, EMB_P_UNSC_ID, "42"));
    assert_int_equal(fx_warnings_with(&fx, "unknown subject type 'robot'"), 1);
    assert_int_equal(fx_warnings_with(&fx, "'title' is not text"), 1);
    assert_int_equal(fx_warnings_with(&fx, "an item of 'name_aliases' is not an object"), 1);
    assert_int_equal(fx_warnings_with(&fx, "'birthdates' is not a list"), 1);
    assert_int_equal(fx_warnings_with(&fx, "'remark' is not text"), 1);
    fx_free(&fx);
}

static void eu_strict_mode_rejects_a_skipped_record(void **state)
{
    (void)state;
    fx_list fx;
    const char *text = REC("EU.1.1", "A B") "\n[]\n";
    assert_int_equal(read_mem(&fx, text, EMB_BUILD_STRICT), EMB_ESTRICT);
    assert_int_equal(fx.err.line, 2);
    fx_free(&fx);
    assert_int_equal(fx_read_file(&fx, emb__read_eu, fx_data("eu/sample.jsonl"), EMB_BUILD_STRICT),
                     EMB_OK);
    fx_free(&fx);
}

/* ---- allocation failures ---- */

static void eu_allocation_failures_return_errors_without_leaks(void **state)
{
    (void)state;
    assert_true(fx_alloc_walk(emb__read_eu, fx_data("eu/sample.jsonl")) > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(eu_person_fields_from_every_part),
        cmocka_unit_test(eu_enterprise_identifiers_and_latin_caption),
        cmocka_unit_test(eu_islamic_year_gives_the_gregorian_years_it_overlaps),
        cmocka_unit_test(eu_logical_id_is_the_fallback_and_parts_make_a_name),
        cmocka_unit_test(eu_duplicate_reference_is_merged_with_a_warning),
        cmocka_unit_test(eu_blank_lines_crlf_and_bom_are_accepted),
        cmocka_unit_test(eu_golden_counts_on_the_shipped_file),
        cmocka_unit_test(eu_truncated_last_line_is_a_parse_error_naming_the_line),
        cmocka_unit_test(eu_non_json_line_is_a_parse_error_with_line_and_column),
        cmocka_unit_test(eu_invalid_utf8_in_a_value_is_an_error_naming_the_line),
        cmocka_unit_test(eu_array_or_scalar_line_is_a_skipped_record),
        cmocka_unit_test(eu_record_without_id_or_name_is_skipped),
        cmocka_unit_test(eu_wrong_types_inside_a_record_are_warned),
        cmocka_unit_test(eu_strict_mode_rejects_a_skipped_record),
        cmocka_unit_test(eu_allocation_failures_return_errors_without_leaks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
