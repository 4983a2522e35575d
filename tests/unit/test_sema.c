/*
 * test_sema.c - the Canada SEMA consolidated list reader (lists/sema.c):
 * names, aliases and ids on a small fixture cut from the shipped file (plus
 * a few written records), golden counts on the shipped list, malformed XML,
 * entity declarations, strict mode and allocation failures.
 *
 * Golden numbers were computed independently with Python's xml.etree over
 * data/lists/ca_sema/sema-lmes.xml.xz and agree with
 * /work/shared/data/SOURCES.md (1,369 records: 985 individuals, 384
 * entities; 99 with Aliases).  137 entities have an alias: the 99 with
 * Aliases plus 38 whose Entity is a bilingual "English/French" pair.
 * 1,299 records are under a country's regulations (the other 70 under
 * JVCFOR, which names no country).
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

static emb_status read_sample(fx_list *fx, unsigned flags)
{
    return fx_read_file(fx, emb__read_sema, fx_data("sema/sample.xml"), flags);
}

/* Runs the reader over text with stderr captured; fails if it printed. */
static emb_status read_text(fx_list *fx, const char *text, unsigned flags)
{
    long printed;
    emb_status st =
        fx_read_quiet(fx, emb__read_sema, "mem/sema.xml", text, strlen(text), flags, &printed);
    if (printed != 0)
        fail_msg("the reader printed %ld bytes to stderr", printed);
    return st;
}

#define HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<data-set>\n"
#define TAIL "</data-set>\n"
#define REC(item, name)                                                                            \
    "<record><Country>Iran</Country><Entity>" name "</Entity><Schedule>1</Schedule><Item>" item    \
    "</Item></record>\n"

/* ---- the small fixture ---- */

static void sema_entity_aliases_and_regime(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(read_sample(&fx, 0), EMB_OK);
    const emb__ent *e = fx_ent(&fx, "ca-sema-burma-1-1");
    assert_non_null(e);
    assert_int_equal(e->schema, EMB_SCHEMA_ORGANIZATION);
    assert_string_equal(emb__ent_first(e, EMB_P_NAME)->val, "Air Bagan");
    assert_true(fx_has(e, EMB_P_ALIAS, "Air Bagan Holdings Pte. Ltd."));
    assert_true(fx_has(e, EMB_P_ALIAS, "Air Bagan Limited"));
    assert_int_equal(fx_count(e, EMB_P_ALIAS), 2);
    /* "Burma / Birmanie": the English part is the program and the country */
    assert_true(fx_has(e, EMB_P_PROGRAM, "Burma"));
    assert_true(fx_has(e, EMB_P_COUNTRY, "mm"));
    assert_true(fx_has(e, EMB_P_PROGRAM_ID, "Schedule 1, Item 1"));
    assert_true(fx_has(e, EMB_P_TOPICS, "sanction"));
    assert_int_equal(fx_count(e, EMB_P_SOURCE_URL), 1);
    fx_free(&fx);
}

static void sema_bilingual_name_and_long_alias_list(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(read_sample(&fx, 0), EMB_OK);
    const emb__ent *e = fx_ent(&fx, "ca-sema-iran-1-136");
    assert_non_null(e);
    assert_string_equal(emb__ent_first(e, EMB_P_NAME)->val, "Islamic Revolutionary Guard Corps");
    assert_true(fx_has(e, EMB_P_ALIAS, "Corps des Gardiens de la Révolution islamique"));
    assert_true(fx_has(e, EMB_P_ALIAS, "IRGC"));
    assert_true(fx_has(e, EMB_P_ALIAS, "Army of the Guardians of the Islamic Revolution"));
    /* "Eslami/GRI": both halves; the French "X et Y" ending the list: both */
    assert_true(fx_has(e, EMB_P_ALIAS, "Sepah-e Pasdaran-e Enghelab-e Eslami"));
    assert_true(fx_has(e, EMB_P_ALIAS, "GRI"));
    assert_true(fx_has(e, EMB_P_ALIAS, "Pasdaran"));
    assert_true(fx_has(e, EMB_P_ALIAS, "l'Armée des Gardiens de la Révolution islamique"));
    assert_int_equal(fx_count(e, EMB_P_ALIAS), 11);
    fx_free(&fx);
}

static void sema_alias_commas_before_legal_forms_and_short_slashes_kept(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(read_sample(&fx, 0), EMB_OK);
    const emb__ent *e = fx_ent(&fx, "ca-sema-russia-3-2");
    assert_non_null(e);
    assert_true(fx_has(e, EMB_P_ALIAS, "Foo Holding, JSC"));
    assert_true(fx_has(e, EMB_P_ALIAS, "Bar Group"));
    assert_true(fx_has(e, EMB_P_ALIAS, "Maersk Foo A/S"));
    assert_int_equal(fx_count(e, EMB_P_ALIAS), 3);
    /* a comma in an entity name is kept; "(Rosselkhozbank)" loses its
     * parentheses */
    const emb__ent *t = fx_ent(&fx, "ca-sema-russia-1-part-2-52");
    assert_string_equal(emb__ent_first(t, EMB_P_NAME)->val, "Technodinamica Holding, JSC");
    assert_true(fx_has(fx_ent(&fx, "ca-sema-russia-2-5"), EMB_P_ALIAS, "Rosselkhozbank"));
    fx_free(&fx);
}

static void sema_person_names_title_and_dates(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(read_sample(&fx, 0), EMB_OK);
    const emb__ent *e = fx_ent(&fx, "ca-sema-russia-1-94");
    assert_non_null(e);
    assert_int_equal(e->schema, EMB_SCHEMA_PERSON);
    assert_string_equal(emb__ent_first(e, EMB_P_NAME)->val, "Andrey Igorevich AKIMOV");
    assert_true(fx_has(e, EMB_P_FIRST_NAME, "Andrey Igorevich"));
    assert_true(fx_has(e, EMB_P_LAST_NAME, "AKIMOV"));
    assert_true(fx_has(e, EMB_P_BIRTH_DATE, "1953-09-22"));
    /* no-break spaces around the parts are trimmed */
    const emb__ent *t = fx_ent(&fx, "ca-sema-syria-2-60");
    assert_string_equal(emb__ent_first(t, EMB_P_NAME)->val, "Jumah Al-Ahmad");
    assert_true(fx_has(t, EMB_P_TITLE, "Major General/major-général"));
    /* "1972-08-10 or 1972-08-11" */
    const emb__ent *d = fx_ent(&fx, "ca-sema-jvcfor-1-54");
    assert_true(fx_has(d, EMB_P_BIRTH_DATE, "1972-08-10"));
    assert_true(fx_has(d, EMB_P_BIRTH_DATE, "1972-08-11"));
    fx_free(&fx);
}

static void sema_name_part_variants_are_completed(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(read_sample(&fx, 0), EMB_OK);
    assert_true(fx_has(fx_ent(&fx, "ca-sema-russia-1-94"), EMB_P_ALIAS, "Andrei Igorevich AKIMOV"));
    /* "Alexei, Aleksei": the second is close to the first variant */
    const emb__ent *d = fx_ent(&fx, "ca-sema-russia-1-96");
    assert_true(fx_has(d, EMB_P_ALIAS, "Alexei Gennadyevich DYUMIN"));
    assert_true(fx_has(d, EMB_P_ALIAS, "Aleksei Gennadyevich DYUMIN"));
    assert_int_equal(fx_count(d, EMB_P_WEAK_ALIAS), 0);
    /* surname variants */
    const emb__ent *b = fx_ent(&fx, "ca-sema-ukraine-1-181");
    assert_true(fx_has(b, EMB_P_ALIAS, "Vladimir Anatolyevich BIDEVKA"));
    assert_true(fx_has(b, EMB_P_ALIAS, "Vladimir Anatolyevich BIDIOVKA"));
    /* a full other name is kept as written */
    assert_true(
        fx_has(fx_ent(&fx, "ca-sema-zimbabwe-n-a-161"), EMB_P_ALIAS, "Louise Sehulle Nhema"));
    fx_free(&fx);
}

static void sema_one_word_nicknames_are_weak_aliases(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(read_sample(&fx, 0), EMB_OK);
    const emb__ent *e = fx_ent(&fx, "ca-sema-ukraine-1-80");
    assert_true(fx_has(e, EMB_P_WEAK_ALIAS, "Fritz"));
    assert_true(fx_has(e, EMB_P_WEAK_ALIAS, "Serbian"));
    assert_int_equal(fx_count(e, EMB_P_ALIAS), 0);
    fx_free(&fx);
}

static void sema_ids_from_regime_schedule_and_item(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(read_sample(&fx, 0), EMB_OK);
    /* no Schedule; "N/A"; "1, Part 2"; a regime named by its acronym */
    assert_non_null(fx_ent(&fx, "ca-sema-venezuela-55"));
    assert_true(fx_has(fx_ent(&fx, "ca-sema-venezuela-55"), EMB_P_PROGRAM_ID, "Item 55"));
    assert_non_null(fx_ent(&fx, "ca-sema-zimbabwe-n-a-161"));
    assert_true(fx_has(fx_ent(&fx, "ca-sema-zimbabwe-n-a-161"), EMB_P_PROGRAM_ID, "Item 161"));
    assert_non_null(fx_ent(&fx, "ca-sema-russia-1-part-2-52"));
    const emb__ent *j = fx_ent(&fx, "ca-sema-jvcfor-1-1");
    assert_non_null(j);
    /* JVCFOR names no country: program only, and no warning */
    assert_int_equal(fx_count(j, EMB_P_COUNTRY), 0);
    assert_true(fx_has(j, EMB_P_PROGRAM,
                       "Justice for Victims of Corrupt Foreign Officials Regulations (JVCFOR)"));
    assert_int_equal(fx_warnings_with(&fx, "country"), 0);
    fx_free(&fx);
}

static void sema_repeated_key_gets_a_numbered_id_and_a_warning(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(read_sample(&fx, 0), EMB_OK);
    const emb__ent *a = fx_ent(&fx, "ca-sema-russia-3-1");
    const emb__ent *b = fx_ent(&fx, "ca-sema-russia-3-1-2");
    assert_non_null(a);
    assert_non_null(b);
    assert_string_equal(emb__ent_first(b, EMB_P_NAME)->val, "Duplicate Key Test Ltd.");
    assert_int_equal(fx_warnings_with(&fx, "repeats an earlier record"), 1);
    fx_free(&fx);
}

static void sema_later_edition_ship_fields_and_unknown_elements(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(read_sample(&fx, 0), EMB_OK);
    const emb__ent *v = fx_ent(&fx, "ca-sema-russia-3-1");
    assert_int_equal(v->schema, EMB_SCHEMA_VESSEL);
    assert_string_equal(emb__ent_first(v, EMB_P_NAME)->val, "Sparta");
    assert_true(fx_has(v, EMB_P_IMO_NUMBER, "IMO 9999999"));
    assert_true(fx_has(v, EMB_P_BUILD_DATE, "2001"));
    assert_true(fx_has(v, EMB_P_LISTING_DATE, "2023-02-24"));
    assert_true(fx_has(v, EMB_P_NOTES, "Remarks: A test vessel"));
    assert_int_equal(fx_warnings_with(&fx, "unknown element <Remarks>"), 1);
    assert_int_equal(fx.store.datasets[0].records_read, 16);
    assert_int_equal(fx.store.datasets[0].records_skipped, 0);
    fx_free(&fx);
}

/* ---- golden counts on the shipped list ---- */

static void sema_golden_counts_on_shipped_list(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(
        fx_read_file(&fx, emb__read_sema, fx_repo_data("lists/ca_sema/sema-lmes.xml.xz"), 0),
        EMB_OK);
    assert_int_equal(fx_total_schema(&fx, EMB_SCHEMA_PERSON), 985);
    assert_int_equal(fx_total_schema(&fx, EMB_SCHEMA_ORGANIZATION), 384);
    assert_int_equal(fx.store.nents, 1369); /* every key unique */
    assert_int_equal(fx.store.datasets[0].records_read, 1369);
    assert_int_equal(fx.store.datasets[0].records_skipped, 0);
    assert_int_equal(fx.warnings.total, 0);
    assert_string_equal(fx.store.datasets[0].list_date, "");
    size_t with_alias = 0, with_country = 0;
    for (size_t i = 0; i < fx.store.nents; i++) {
        const emb__ent *e = &fx.store.ents[i];
        with_alias += fx_count(e, EMB_P_ALIAS) + fx_count(e, EMB_P_WEAK_ALIAS) > 0;
        with_country += fx_count(e, EMB_P_COUNTRY) > 0;
    }
    assert_int_equal(with_alias, 137);
    assert_int_equal(with_country, 1299);
    fx_free(&fx);
}

/* ---- malformed input ---- */

static void sema_truncated_file_fails_naming_the_line(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(read_text(&fx, HEAD REC("1", "Acme") "<record><Country>Ir", 0), EMB_EPARSE);
    assert_int_equal(fx.err.line, 4);
    assert_non_null(strstr(fx.err.file, "sema.xml"));
    fx_free(&fx);
}

static void sema_mismatched_tag_fails_with_line_and_column(void **state)
{
    (void)state;
    fx_list fx;
    const char *text = HEAD REC("1", "Acme") "<record><Entity>X</Item></record>\n" TAIL;
    assert_int_equal(read_text(&fx, text, 0), EMB_EPARSE);
    assert_int_equal(fx.err.line, 4);
    assert_true(fx.err.column > 0);
    assert_true(fx.err.offset > strlen(HEAD REC("1", "Acme")));
    fx_free(&fx);
}

static void sema_invalid_utf8_in_a_value_fails_with_eutf8(void **state)
{
    (void)state;
    fx_list fx;
    const char *text = HEAD REC("1", "Acme") "\n\n" REC("2", "Bad \xFF byte") TAIL;
    assert_int_equal(read_text(&fx, text, 0), EMB_EUTF8);
    assert_int_equal(fx.err.line, 6);
    fx_free(&fx);
}

static void sema_wrong_root_element_fails(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(read_text(&fx, "<?xml version=\"1.0\"?>\n<CONSOLIDATED_LIST/>\n", 0),
                     EMB_EPARSE);
    assert_int_equal(fx.err.line, 2);
    assert_non_null(strstr(fx.err.message, "data-set"));
    fx_free(&fx);
}

static void sema_record_without_name_or_item_is_skipped(void **state)
{
    (void)state;
    fx_list fx;
    const char *text = HEAD REC(
        "1",
        "Acme") "<record><Country>Iran</Country><Schedule>1</Schedule><Item>2</Item></record>\n"
                "<record><Country>Iran</Country><Entity>NoItem Co</Entity></record>\n"
                "<other/>\n" TAIL;
    assert_int_equal(read_text(&fx, text, 0), EMB_OK);
    assert_int_equal(fx.store.nents, 1);
    assert_int_equal(fx.store.datasets[0].records_read, 3);
    assert_int_equal(fx.store.datasets[0].records_skipped, 2);
    assert_int_equal(fx_warnings_with(&fx, "has no name"), 1);
    assert_int_equal(fx_warnings_with(&fx, "without Item"), 1);
    assert_int_equal(fx_warnings_with(&fx, "unexpected element <other>"), 1);
    for (size_t i = 0; i < fx.warnings.n; i++)
        if (strstr(fx.warnings.items[i].reason, "has no name"))
            assert_int_equal(fx.warnings.items[i].line, 4);
    fx_free(&fx);
}

static void sema_strict_mode_turns_a_skip_into_estrict(void **state)
{
    (void)state;
    fx_list fx;
    const char *text =
        HEAD REC("1", "Acme") "<record><Country>Iran</Country><Item>2</Item></record>\n" TAIL;
    assert_int_equal(read_text(&fx, text, EMB_BUILD_STRICT), EMB_ESTRICT);
    assert_int_equal(fx.err.line, 4);
    fx_free(&fx);
}

static void sema_entities_are_neither_fetched_nor_expanded(void **state)
{
    (void)state;
    const char *text = "<?xml version=\"1.0\"?>\n"
                       "<!DOCTYPE data-set [\n"
                       "  <!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n"
                       "  <!ENTITY a \"AAAAAAAA\">\n"
                       "]>\n"
                       "<data-set>" REC("1", "Acme &xxe;&a;") TAIL;
    fx_list fx;
    assert_int_equal(read_text(&fx, text, 0), EMB_OK);
    const emb__ent *e = fx_ent(&fx, "ca-sema-iran-1-1");
    assert_non_null(e);
    assert_string_equal(emb__ent_first(e, EMB_P_NAME)->val, "Acme");
    for (uint32_t i = 0; i < e->nprops; i++) {
        assert_null(strstr(e->props[i].val, "root:"));
        assert_null(strstr(e->props[i].val, "AAAA"));
    }
    assert_int_equal(fx_warnings_with(&fx, "not expanded"), 1);
    fx_free(&fx);
}

/* ---- allocation failures ---- */

static void sema_allocation_failures_return_errors_without_leaks(void **state)
{
    (void)state;
    assert_true(fx_alloc_walk(emb__read_sema, fx_data("sema/sample.xml")) > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sema_entity_aliases_and_regime),
        cmocka_unit_test(sema_bilingual_name_and_long_alias_list),
        cmocka_unit_test(sema_alias_commas_before_legal_forms_and_short_slashes_kept),
        cmocka_unit_test(sema_person_names_title_and_dates),
        cmocka_unit_test(sema_name_part_variants_are_completed),
        cmocka_unit_test(sema_one_word_nicknames_are_weak_aliases),
        cmocka_unit_test(sema_ids_from_regime_schedule_and_item),
        cmocka_unit_test(sema_repeated_key_gets_a_numbered_id_and_a_warning),
        cmocka_unit_test(sema_later_edition_ship_fields_and_unknown_elements),
        cmocka_unit_test(sema_golden_counts_on_shipped_list),
        cmocka_unit_test(sema_truncated_file_fails_naming_the_line),
        cmocka_unit_test(sema_mismatched_tag_fails_with_line_and_column),
        cmocka_unit_test(sema_invalid_utf8_in_a_value_fails_with_eutf8),
        cmocka_unit_test(sema_wrong_root_element_fails),
        cmocka_unit_test(sema_record_without_name_or_item_is_skipped),
        cmocka_unit_test(sema_strict_mode_turns_a_skip_into_estrict),
        cmocka_unit_test(sema_entities_are_neither_fetched_nor_expanded),
        cmocka_unit_test(sema_allocation_failures_return_errors_without_leaks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
