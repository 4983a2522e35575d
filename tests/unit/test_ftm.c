/*
 * test_ftm.c - the FollowTheMoney JSON-lines reader (lists/ftm.c): entities
 * and every property kept, datasets, folding of Sanction / Address /
 * Passport / Identification entities, the round trip of an entity as
 * `embargo export` writes it, golden counts on OpenSanctions samples,
 * malformed lines, strict mode and allocation failures.
 *
 * t1_entities.ftm.json and zala_entities.ftm.json(.xz) are the yente test
 * vectors (/work/shared/data/testvectors/opensanctions-yente/ftm_entities).
 * Their numbers were computed independently with Python's json module and
 * agree with SOURCES.md: zala has 91 entities (Person 6, Company 11,
 * Sanction 41, Ownership 14, Address 11, Family 4, Directorship 3, Passport
 * 1); all 41 Sanctions and 11 Addresses point to / are pointed at by a
 * screened entity of the file, so 22 records are skipped (the 21 relations
 * and the Passport, which has no number); 16 entities name more than one
 * dataset.  t1 has 7 (Person 4, Organization 2, and an Address no entity
 * points to).
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

static size_t total(const fx_list *fx, int skipped)
{
    size_t n = 0;
    for (size_t i = 0; i < fx->store.ndatasets; i++)
        n += skipped ? fx->store.datasets[i].records_skipped : fx->store.datasets[i].records_read;
    return n;
}

static const char *dataset_of(const fx_list *fx, const emb__ent *e)
{
    return fx->store.datasets[e->dataset].name;
}

/* 1 if e has the value under the property named name (known or not). */
static int has_named(const fx_list *fx, const emb__ent *e, const char *name, const char *value)
{
    for (uint32_t i = 0; e && i < e->nprops; i++)
        if (strcmp(emb__store_key_name(&fx->store, e->props[i].key), name) == 0 &&
            strcmp(e->props[i].val, value) == 0)
            return 1;
    return 0;
}

static emb_status read_text(fx_list *fx, const char *text, unsigned flags)
{
    return fx_read(fx, emb__read_ftm, "mem/entities.ftm.json", text, strlen(text), flags);
}

#define ORG(id, name)                                                                              \
    "{\"id\":\"" id "\",\"schema\":\"Organization\",\"properties\":{\"name\":[\"" name             \
    "\"]},\"datasets\":[\"d\"]}\n"

/* ---- OpenSanctions samples ---- */

static void ftm_every_property_kept_and_caption_first(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(fx_read_file(&fx, emb__read_ftm, fx_data("ftm/t1_entities.ftm.json"), 0),
                     EMB_OK);
    const emb__ent *e = fx_ent(&fx, "NK-2GdmHtZTeNXjNVrBGEXZNj");
    assert_non_null(e);
    assert_int_equal(e->schema, EMB_SCHEMA_ORGANIZATION);
    /* the caption is the third "name" value in the file */
    assert_string_equal(emb__ent_first(e, EMB_P_NAME)->val, "RAB „Inter Tobacco“");
    assert_int_equal(fx_count(e, EMB_P_NAME), 12);
    assert_true(fx_has(e, EMB_P_NAME, "Общество с ограниченной ответственностью “Интер Тобако”"));
    assert_true(fx_has(e, EMB_P_COUNTRY, "by"));
    assert_true(fx_has(e, EMB_P_REGISTRATION_NUMBER, "808000714"));
    assert_true(fx_has(e, EMB_P_TOPICS, "sanction"));
    assert_true(fx_has(e, EMB_P_NOTES, "Belarus (Minsk Free Economic Zone)"));
    /* properties embargo has no key for are kept by name */
    assert_true(has_named(&fx, e, "createdAt", "2022-06-03"));
    assert_true(
        has_named(&fx, e, "addressEntity", "addr-125caec37c3486d3a71de8ae943eec47f420b38a"));
    assert_string_equal(dataset_of(&fx, e), "eu_fsf");
    const emb__ent *p = fx_ent(&fx, "NK-2Ka3UvopqbpZmVDFjWd4LA");
    assert_int_equal(p->schema, EMB_SCHEMA_PERSON);
    assert_string_equal(emb__ent_first(p, EMB_P_NAME)->val, "Vitaly Yurievich KUZMENKO");
    assert_true(fx_has(p, EMB_P_LAST_NAME, "КУЗЬМЕНКО"));
    assert_true(fx_has(p, EMB_P_BIRTH_DATE, "1971-01-22"));
    assert_true(fx_has(p, EMB_P_GENDER, "male"));
    assert_true(fx_has(p, EMB_P_TAX_NUMBER, "366510784303"));
    assert_true(fx_has(p, EMB_P_NATIONALITY, "ru"));
    fx_free(&fx);
}

static void ftm_golden_counts_on_samples(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(fx_read_file(&fx, emb__read_ftm, fx_data("ftm/t1_entities.ftm.json"), 0),
                     EMB_OK);
    assert_int_equal(fx_total_schema(&fx, EMB_SCHEMA_PERSON), 4);
    assert_int_equal(fx_total_schema(&fx, EMB_SCHEMA_ORGANIZATION), 2);
    assert_int_equal(total(&fx, 0), 7);
    assert_int_equal(total(&fx, 1), 1);
    assert_int_equal(fx_warnings_with(&fx, "Address 'NK-2MQE6AmhAk4tqhENJAMUG9'"), 1);
    fx_free(&fx);

    assert_int_equal(fx_read_file(&fx, emb__read_ftm, fx_data("ftm/zala_entities.ftm.json.xz"), 0),
                     EMB_OK);
    assert_int_equal(fx_total_schema(&fx, EMB_SCHEMA_PERSON), 6);
    assert_int_equal(fx_total_schema(&fx, EMB_SCHEMA_COMPANY), 11);
    assert_int_equal(fx.store.nents, 17);
    assert_int_equal(total(&fx, 0), 91);
    assert_int_equal(total(&fx, 1), 22);
    assert_int_equal(fx_warnings_with(&fx, "schema Ownership is not screened"), 14);
    assert_int_equal(fx_warnings_with(&fx, "schema Family is not screened"), 4);
    assert_int_equal(fx_warnings_with(&fx, "schema Directorship is not screened"), 3);
    assert_int_equal(fx_warnings_with(&fx, "has no number"), 1);
    assert_int_equal(fx_warnings_with(&fx, "16 entities name more than one dataset"), 1);
    /* a Person with its Sanctions and its Address folded in */
    const emb__ent *z = fx_ent(&fx, "NK-aU5ybkbRFJucf8YMwsJvDw");
    assert_non_null(z);
    assert_string_equal(emb__ent_first(z, EMB_P_NAME)->val, "Alexander Vyacheslavovich ZAKHAROV");
    assert_true(fx_has(z, EMB_P_BIRTH_DATE, "1965-09-21"));
    assert_true(fx_has(z, EMB_P_ADDRESS, "272 Pushkinskaya Street, Apt 41, Izhevsk, 426008"));
    assert_true(fx_has(z, EMB_P_PROGRAM, "RUSSIA-EO14024"));
    assert_true(fx_has(z, EMB_P_PROGRAM, "UKR"));
    assert_true(fx_has(z, EMB_P_LISTING_DATE, "2025-02-24"));
    assert_true(fx_has(z, EMB_P_LISTING_DATE, "2023-07-01")); /* startDate, no listingDate */
    assert_true(fx_has(z, EMB_P_TOPICS, "sanction"));
    assert_string_equal(dataset_of(&fx, z), "gb_coh_disqualified");
    fx_free(&fx);
}

/* ---- values, folding, datasets ---- */

static void ftm_values_of_each_kind(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(fx_read_file(&fx, emb__read_ftm, fx_data("ftm/fold.ftm.json"), 0), EMB_OK);
    const emb__ent *e = fx_ent(&fx, "x-person-1");
    assert_non_null(e);
    assert_string_equal(emb__ent_first(e, EMB_P_NAME)->val, "Ivan PETROV");
    assert_int_equal(fx_count(e, EMB_P_NAME), 2);
    /* codes and ISO dates as given; other text parsed */
    assert_true(fx_has(e, EMB_P_NATIONALITY, "ru"));
    assert_true(fx_has(e, EMB_P_NATIONALITY, "ua"));
    assert_true(fx_has(e, EMB_P_BIRTH_DATE, "1970-05-01"));
    assert_true(fx_has(e, EMB_P_BIRTH_DATE, "1971-01-12"));
    assert_true(has_named(&fx, e, "eyeColour", "blue"));
    /* a value that is not a string is reported */
    assert_true(has_named(&fx, e, "odd", "ok"));
    assert_int_equal(fx_warnings_with(&fx, "1 property values that are not strings"), 1);
    /* no name: the caption; a Vessel's own properties */
    const emb__ent *v = fx_ent(&fx, "x-vessel-1");
    assert_int_equal(v->schema, EMB_SCHEMA_VESSEL);
    assert_string_equal(emb__ent_first(v, EMB_P_NAME)->val, "SEA STAR");
    assert_true(fx_has(v, EMB_P_IMO_NUMBER, "IMO9123456"));
    assert_true(fx_has(v, EMB_P_FLAG, "pa"));
    fx_free(&fx);
}

static void ftm_sanction_address_and_documents_folded(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(fx_read_file(&fx, emb__read_ftm, fx_data("ftm/fold.ftm.json"), 0), EMB_OK);
    const emb__ent *e = fx_ent(&fx, "x-person-1");
    assert_true(fx_has(e, EMB_P_PROGRAM, "RUSSIA-EO14024"));
    assert_true(fx_has(e, EMB_P_PROGRAM_ID, "US-RUS"));
    assert_true(fx_has(e, EMB_P_AUTHORITY, "OFAC"));
    assert_true(fx_has(e, EMB_P_LISTING_DATE, "2022-03-11"));
    assert_true(fx_has(e, EMB_P_NOTES, "Member of the board"));
    assert_true(fx_has(e, EMB_P_SOURCE_URL, "https://example.org/s/1"));
    assert_true(fx_has(e, EMB_P_TOPICS, "sanction"));
    /* an Address without "full": its parts joined */
    assert_true(fx_has(e, EMB_P_ADDRESS, "Tverskaya 5, Moscow, 125009"));
    assert_int_equal(fx_count(e, EMB_P_ADDRESS), 1);
    assert_true(fx_has(e, EMB_P_PASSPORT_NUMBER, "753000001"));
    assert_true(fx_has(fx_ent(&fx, "x-org-1"), EMB_P_ID_NUMBER, "7701234567"));
    /* not screened themselves */
    assert_null(fx_ent(&fx, "x-sanction-1"));
    assert_null(fx_ent(&fx, "addr-1"));
    fx_free(&fx);
}

static void ftm_unfoldable_and_relation_entities_are_skipped(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(fx_read_file(&fx, emb__read_ftm, fx_data("ftm/fold.ftm.json"), 0), EMB_OK);
    assert_int_equal(total(&fx, 0), 12);
    assert_int_equal(total(&fx, 1), 4);
    assert_int_equal(fx_warnings_with(&fx, "schema Ownership is not screened"), 1);
    assert_int_equal(fx_warnings_with(&fx, "Sanction 'x-sanction-2' points to no screened"), 1);
    assert_int_equal(fx_warnings_with(&fx, "Address 'x-addr-1' is not the address"), 1);
    assert_int_equal(fx_warnings_with(&fx, "'x-nameless' has no name"), 1);
    /* skips name their line */
    for (size_t i = 0; i < fx.warnings.n; i++) {
        if (strstr(fx.warnings.items[i].reason, "x-sanction-2"))
            assert_int_equal(fx.warnings.items[i].line, 5);
        if (strstr(fx.warnings.items[i].reason, "x-addr-1"))
            assert_int_equal(fx.warnings.items[i].line, 2);
    }
    fx_free(&fx);
}

static void ftm_entities_land_in_their_first_dataset(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(fx_read_file(&fx, emb__read_ftm, fx_data("ftm/fold.ftm.json"), 0), EMB_OK);
    assert_string_equal(dataset_of(&fx, fx_ent(&fx, "x-person-1")), "ds_a");
    assert_string_equal(dataset_of(&fx, fx_ent(&fx, "x-org-1")), "ds_b");
    /* no "datasets": the file's own dataset, though it comes last */
    assert_string_equal(dataset_of(&fx, fx_ent(&fx, "x-local-1")), "test");
    assert_int_equal(fx_warnings_with(&fx, "1 entities name more than one dataset"), 1);
    fx_free(&fx);
}

static void ftm_exported_entity_reads_back_the_same(void **state)
{
    (void)state;
    /* the shape `embargo export` writes */
    const char *text =
        "{\"id\":\"un-KPi.033\",\"schema\":\"Person\",\"caption\":\"RI WON HO\","
        "\"properties\":{\"name\":[\"RI WON HO\",\"Ri Won-ho\"],\"firstName\":[\"RI\"],"
        "\"lastName\":[\"WON HO\"],\"birthDate\":[\"1964-07-17\",\"1964\"],"
        "\"nationality\":[\"kp\"],\"passportNumber\":[\"381310014\"],"
        "\"program\":[\"DPRK\"],\"topics\":[\"sanction\"],\"suhhCountry\":[\"suhh\"],"
        "\"notes\":[\"a \\\"quoted\\\" note\"]},\"datasets\":[\"un_sc_sanctions\"]}\n";
    static const char *const expect[][2] = {
        {"name", "RI WON HO"},  {"name", "Ri Won-ho"},           {"firstName", "RI"},
        {"lastName", "WON HO"}, {"birthDate", "1964-07-17"},     {"birthDate", "1964"},
        {"nationality", "kp"},  {"passportNumber", "381310014"}, {"program", "DPRK"},
        {"topics", "sanction"}, {"suhhCountry", "suhh"},         {"notes", "a \"quoted\" note"}};
    fx_list fx;
    assert_int_equal(read_text(&fx, text, EMB_BUILD_STRICT), EMB_OK);
    const emb__ent *e = fx_ent(&fx, "un-KPi.033");
    assert_non_null(e);
    assert_int_equal(e->schema, EMB_SCHEMA_PERSON);
    assert_string_equal(dataset_of(&fx, e), "un_sc_sanctions");
    assert_int_equal(e->nprops, sizeof expect / sizeof expect[0]);
    for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++) {
        assert_string_equal(emb__store_key_name(&fx.store, e->props[i].key), expect[i][0]);
        assert_string_equal(e->props[i].val, expect[i][1]);
    }
    assert_int_equal(fx.warnings.total, 0);
    fx_free(&fx);
}

/* ---- malformed input ---- */

static void ftm_truncated_last_line_fails_naming_it(void **state)
{
    (void)state;
    fx_list fx;
    const char *text = ORG("a", "Acme") "\n" ORG("b", "Beta") "{\"id\":\"c\",\"schema\":\"Pers";
    assert_int_equal(read_text(&fx, text, 0), EMB_EPARSE);
    assert_int_equal(fx.err.line, 4);
    assert_true(fx.err.offset >= strlen(ORG("a", "Acme") "\n" ORG("b", "Beta")));
    assert_true(fx.err.offset <= strlen(text));
    assert_non_null(strstr(fx.err.file, "entities.ftm.json"));
    assert_non_null(strstr(fx.err.message, "malformed JSON"));
    fx_free(&fx);
}

static void ftm_broken_json_fails_with_line_and_column(void **state)
{
    (void)state;
    fx_list fx;
    const char *text = ORG("a", "Acme") "{\"id\":\"b\" \"schema\":\"Person\"}\n" ORG("c", "C");
    assert_int_equal(read_text(&fx, text, 0), EMB_EPARSE);
    assert_int_equal(fx.err.line, 2);
    /* jansson names the column where it gave up: at or after the bad token */
    assert_true(fx.err.column >= 11 && fx.err.column <= 18);
    assert_int_equal(fx.err.offset, strlen(ORG("a", "Acme")) + fx.err.column);
    fx_free(&fx);
}

static void ftm_invalid_utf8_in_a_value_fails_with_eutf8(void **state)
{
    (void)state;
    fx_list fx;
    const char *text = ORG("a", "Acme") ORG("b", "Bad \xC3\x28 name");
    assert_int_equal(read_text(&fx, text, 0), EMB_EUTF8);
    assert_int_equal(fx.err.line, 2);
    fx_free(&fx);
}

static void ftm_line_that_is_not_an_object_fails(void **state)
{
    (void)state;
    fx_list fx;
    const char *text = ORG("a", "Acme") "[" ORG("b", "Beta") "]\n";
    assert_int_equal(read_text(&fx, "[{\"id\":\"a\"}]\n", 0), EMB_EPARSE);
    assert_int_equal(fx.err.line, 1);
    assert_non_null(strstr(fx.err.message, "one JSON object"));
    fx_free(&fx);
    assert_int_equal(read_text(&fx, text, 0), EMB_EPARSE);
    assert_int_equal(fx.err.line, 2);
    fx_free(&fx);
}

static void ftm_entity_without_id_schema_or_name_is_skipped(void **state)
{
    (void)state;
    fx_list fx;
    const char *text = "\xEF\xBB\xBF" ORG(
        "a", "Acme") "\r\n"
                     "{\"schema\":\"Person\",\"properties\":{\"name\":[\"No Id\"]}}\n"
                     "{\"id\":\"x\",\"properties\":{\"name\":[\"No Schema\"]}}\n"
                     "{\"id\":\"y\",\"schema\":\"Person\",\"properties\":{}}\n"
                     "{\"id\":\"z\",\"schema\":\"Person\",\"properties\":[\"Nope\"]}\n";
    assert_int_equal(read_text(&fx, text, 0), EMB_OK);
    assert_int_equal(fx.store.nents, 1);
    assert_non_null(fx_ent(&fx, "a"));
    assert_int_equal(total(&fx, 0), 5);
    assert_int_equal(total(&fx, 1), 4);
    assert_int_equal(fx_warnings_with(&fx, "without an \"id\""), 1);
    assert_int_equal(fx_warnings_with(&fx, "'x' without a \"schema\""), 1);
    assert_int_equal(fx_warnings_with(&fx, "'y' has no name"), 1);
    assert_int_equal(fx_warnings_with(&fx, "\"properties\" is not an object"), 1);
    for (size_t i = 0; i < fx.warnings.n; i++)
        if (strstr(fx.warnings.items[i].reason, "'y' has no name"))
            assert_int_equal(fx.warnings.items[i].line, 5);
    fx_free(&fx);
}

static void ftm_strict_mode_turns_a_skip_into_estrict(void **state)
{
    (void)state;
    fx_list fx;
    const char *text =
        ORG("a", "Acme") "{\"id\":\"o\",\"schema\":\"Ownership\",\"properties\":{}}\n";
    assert_int_equal(read_text(&fx, text, EMB_BUILD_STRICT), EMB_ESTRICT);
    assert_int_equal(fx.err.line, 2);
    fx_free(&fx);
}

/* ---- allocation failures ---- */

static void ftm_allocation_failures_return_errors_without_leaks(void **state)
{
    (void)state;
    assert_true(fx_alloc_walk(emb__read_ftm, fx_data("ftm/fold.ftm.json")) > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ftm_every_property_kept_and_caption_first),
        cmocka_unit_test(ftm_golden_counts_on_samples),
        cmocka_unit_test(ftm_values_of_each_kind),
        cmocka_unit_test(ftm_sanction_address_and_documents_folded),
        cmocka_unit_test(ftm_unfoldable_and_relation_entities_are_skipped),
        cmocka_unit_test(ftm_entities_land_in_their_first_dataset),
        cmocka_unit_test(ftm_exported_entity_reads_back_the_same),
        cmocka_unit_test(ftm_truncated_last_line_fails_naming_it),
        cmocka_unit_test(ftm_broken_json_fails_with_line_and_column),
        cmocka_unit_test(ftm_invalid_utf8_in_a_value_fails_with_eutf8),
        cmocka_unit_test(ftm_line_that_is_not_an_object_fails),
        cmocka_unit_test(ftm_entity_without_id_schema_or_name_is_skipped),
        cmocka_unit_test(ftm_strict_mode_turns_a_skip_into_estrict),
        cmocka_unit_test(ftm_allocation_failures_return_errors_without_leaks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
