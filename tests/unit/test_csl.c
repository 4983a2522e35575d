/*
 * test_csl.c - the trade.gov Consolidated Screening List reader (csl.c):
 * field mapping on a small fixture, merging of one party listed on several
 * source lists, golden counts on data/lists/us_csl, malformed input, strict
 * mode and allocation failures.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "support/fixture.h"
#include "lists/ingest.h"

static const char HDR[] =
    "_id,source,entity_number,type,programs,name,title,addresses,federal_register_notice,"
    "start_date,end_date,standard_order,license_requirement,license_policy,call_sign,"
    "vessel_type,gross_tonnage,gross_registered_tonnage,vessel_flag,vessel_owner,remarks,"
    "source_list_url,alt_names,citizenships,dates_of_birth,nationalities,places_of_birth,"
    "source_information_url,ids\n";

/* A row with the given _id, type, name and ids; other columns empty. */
static void row(fx_text *t, const char *id, const char *type, const char *name, const char *ids)
{
    fx_text_add(t,
                "%s,Specially Designated Nationals (SDN) - Treasury Department,%s,%s,"
                "SDGT,%s,,,,,,,,,,,,,,,,,,,,,,,%s\n",
                id, id, type, name, ids);
}

static emb_status read_text(fx_list *fx, const char *text, unsigned flags)
{
    return fx_read(fx, emb__read_csl, "mem.csv", text, strlen(text), flags);
}

/* ---- the fixture ---- */

static void csl_person_fields_are_mapped(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(fx_read_file(&fx, emb__read_csl, fx_data("csl/small.csv"), 0), EMB_OK);
    const emb__ent *e = fx_ent(&fx, "csl-9935");
    assert_non_null(e);
    assert_int_equal(e->schema, EMB_SCHEMA_PERSON);
    assert_string_equal(fx_first(e, EMB_P_NAME), "'ABD AL-RAZZIQ, Abu Sufian");
    assert_true(fx_has(e, EMB_P_LAST_NAME, "'ABD AL-RAZZIQ"));
    assert_true(fx_has(e, EMB_P_FIRST_NAME, "Abu Sufian"));
    assert_true(fx_has(e, EMB_P_ALIAS, "ABDELRAZIK, Sofian"));
    assert_true(fx_has(e, EMB_P_ALIAS, "ABU SUFIAN"));
    assert_int_equal(fx_count(e, EMB_P_ALIAS), 2);
    assert_true(fx_has(e, EMB_P_POSITION, "Financier"));
    assert_true(fx_has(e, EMB_P_PROGRAM, "SDGT"));
    assert_true(fx_has(e, EMB_P_PROGRAM, "IRGC"));
    assert_true(fx_has(e, EMB_P_PROGRAM, "SDN"));
    assert_true(
        fx_has(e, EMB_P_AUTHORITY, "Specially Designated Nationals (SDN) - Treasury Department"));
    assert_true(fx_has(e, EMB_P_TOPICS, "sanction"));
    assert_true(fx_has(e, EMB_P_ADDRESS, "Basrah, IQ"));
    assert_true(fx_has(e, EMB_P_ADDRESS, "12 Main Street, Khartoum, Sudan"));
    assert_true(fx_has(e, EMB_P_COUNTRY, "iq"));
    assert_true(fx_has(e, EMB_P_COUNTRY, "sd"));
    assert_true(fx_has(e, EMB_P_BIRTH_DATE, "1962-08-06"));
    assert_true(fx_has(e, EMB_P_BIRTH_DATE, "1960"));
    assert_true(fx_has(e, EMB_P_BIRTH_DATE, "1967"));
    assert_true(fx_has(e, EMB_P_BIRTH_PLACE, "Al-Bawgah, Sudan"));
    assert_true(fx_has(e, EMB_P_NATIONALITY, "ca"));
    assert_true(fx_has(e, EMB_P_NATIONALITY, "sd"));
    assert_true(fx_has(e, EMB_P_CITIZENSHIP, "sd"));
    assert_true(fx_has(e, EMB_P_NOTES, "(Linked To: SOME GROUP)"));
    assert_true(fx_has(e, EMB_P_SOURCE_URL, "http://bit.ly/1MLgpye"));
    assert_true(fx_has(e, EMB_P_SOURCE_URL, "http://bit.ly/1I7ipyR"));
    /* ids: country and document dates go to a note beside the number */
    assert_true(fx_has(e, EMB_P_PASSPORT_NUMBER, "BC166787"));
    assert_true(fx_has(e, EMB_P_PASSPORT_NUMBER, "4117921"));
    assert_true(fx_has(e, EMB_P_NOTES, "Passport: BC166787 (CA)"));
    assert_true(fx_has(e, EMB_P_NOTES, "Passport: 4117921 (PK; 2013-09-09, 2008-09-09)"));
    assert_true(fx_has(e, EMB_P_GENDER, "male"));
    assert_true(fx_has(e, EMB_P_ID_NUMBER, "0384284094"));
    assert_true(fx_has(e, EMB_P_TAX_NUMBER, "5030056754"));
    assert_true(fx_has(e, EMB_P_EMAIL, "abc@example.com"));
    assert_true(fx_has(e, EMB_P_NOTES,
                       "Additional Sanctions Information - Subject to Secondary Sanctions"));
    assert_true(fx_has(e, EMB_P_NOTES, "Strange Document Kind: B4111940"));
    /* entity_number equal to _id is not repeated */
    assert_int_equal(fx_warnings_with(&fx, ""), 0);
    fx_free(&fx);
}

static void csl_vessel_aircraft_and_company_fields_are_mapped(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(fx_read_file(&fx, emb__read_csl, fx_data("csl/small.csv"), 0), EMB_OK);
    const emb__ent *v = fx_ent(&fx, "csl-15036");
    assert_non_null(v);
    assert_int_equal(v->schema, EMB_SCHEMA_VESSEL);
    assert_true(fx_has(v, EMB_P_CALL_SIGN, "9HDS9"));
    assert_true(fx_has(v, EMB_P_TYPE, "Crude Oil Tanker"));
    assert_true(fx_has(v, EMB_P_TONNAGE, "318000"));
    assert_true(fx_has(v, EMB_P_GROSS_TONNAGE, "163660"));
    assert_true(fx_has(v, EMB_P_FLAG, "ir"));
    assert_true(fx_has(v, EMB_P_OWNER, "NITC"));
    assert_true(fx_has(v, EMB_P_IMO_NUMBER, "IMO 9357406"));
    assert_true(fx_has(v, EMB_P_MMSI, "677049700"));
    assert_true(fx_has(v, EMB_P_PAST_FLAGS, "pa"));

    const emb__ent *a = fx_ent(&fx, "csl-30000");
    assert_non_null(a);
    assert_int_equal(a->schema, EMB_SCHEMA_AIRPLANE);
    assert_true(fx_has(a, EMB_P_MODEL, "A300B4-605R"));
    assert_true(fx_has(a, EMB_P_SERIAL_NUMBER, "530"));
    assert_true(fx_has(a, EMB_P_BUILD_DATE, "1988-05-17"));
    assert_true(fx_has(a, EMB_P_REGISTRATION_NUMBER, "EP-ABC"));
    uint32_t opkey;
    assert_int_equal(emb__store_key((emb__store *)&fx.store, "operator", 8, &opkey), EMB_OK);
    const emb__sprop *op = emb__ent_first(a, opkey);
    assert_non_null(op);
    assert_string_equal(op->val, "MAHAN AIR");

    const emb__ent *o = fx_ent(&fx, "csl-18725");
    assert_non_null(o);
    assert_int_equal(o->schema, EMB_SCHEMA_ORGANIZATION);
    assert_true(fx_has(o, EMB_P_WEBSITE, "www.example.ao"));
    assert_true(fx_has(o, EMB_P_SWIFT_BIC, "EXAMPLOLU"));
    assert_true(fx_has(o, EMB_P_LEI_CODE, "253400V1H6ART1UQ0N98"));
    assert_true(fx_has(o, EMB_P_REGISTRATION_NUMBER, "852496527"));
    assert_true(fx_has(o, EMB_P_NOTES, "Issuer Name: Aerospace Holdings Co., Ltd."));
    assert_true(fx_has(o, EMB_P_INCORPORATION_DATE, "2017-01-16"));
    assert_true(fx_has(o, EMB_P_COUNTRY, "ao"));
    fx_free(&fx);
}

static void csl_bis_and_state_rows_get_export_control_and_debarment_topics(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(fx_read_file(&fx, emb__read_csl, fx_data("csl/small.csv"), 0), EMB_OK);
    const emb__ent *el = fx_ent(&fx, "csl-abc123el");
    assert_non_null(el);
    assert_int_equal(el->schema, EMB_SCHEMA_LEGAL_ENTITY);
    assert_true(fx_has(el, EMB_P_TOPICS, "export.control"));
    assert_int_equal(fx_count(el, EMB_P_TOPICS), 1);
    assert_true(fx_has(el, EMB_P_PROGRAM, "EL"));
    assert_true(fx_has(el, EMB_P_LISTING_DATE, "2022-04-07"));
    assert_true(fx_has(el, EMB_P_NOTES, "Federal Register notice: 87 FR 20299"));
    assert_true(fx_has(el, EMB_P_NOTES, "Standard order: N"));
    assert_true(fx_has(el, EMB_P_NOTES, "License requirement: For all items subject to the EAR."));
    assert_true(fx_has(el, EMB_P_NOTES, "License policy: Presumption of denial."));
    assert_true(fx_has(el, EMB_P_COUNTRY, "cn"));
    assert_true(fx_has(el, EMB_P_ALIAS, "EEC"));

    const emb__ent *dpl = fx_ent(&fx, "csl-def456dpl");
    assert_non_null(dpl);
    assert_string_equal(fx_first(dpl, EMB_P_NAME), "JOHN EXAMPLE");
    assert_true(fx_has(dpl, EMB_P_TOPICS, "debarment"));
    assert_int_equal(fx_count(dpl, EMB_P_TOPICS), 1);
    assert_true(fx_has(dpl, EMB_P_NOTES, "End date: 2026-01-14"));
    assert_true(fx_has(dpl, EMB_P_COUNTRY, "us"));

    const emb__ent *dtc = fx_ent(&fx, "csl-ghi789dtc");
    assert_non_null(dtc);
    assert_true(fx_has(dtc, EMB_P_TOPICS, "debarment"));
    assert_true(fx_has(dtc, EMB_P_TOPICS, "export.control"));
    fx_free(&fx);
}

static void csl_rows_with_one_id_merge_across_source_lists(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(fx_read_file(&fx, emb__read_csl, fx_data("csl/small.csv"), 0), EMB_OK);
    assert_int_equal(fx_ds(&fx)->records_read, 8);
    assert_int_equal(fx.store.nents, 7);
    const emb__ent *o = fx_ent(&fx, "csl-18725");
    assert_int_equal(fx_count(o, EMB_P_NAME), 1);
    assert_true(fx_has(o, EMB_P_PROGRAM, "SDN"));
    assert_true(fx_has(o, EMB_P_PROGRAM, "SSI"));
    assert_true(fx_has(o, EMB_P_PROGRAM, "RUSSIA-EO14024"));
    assert_int_equal(fx_count(o, EMB_P_AUTHORITY), 2);
    assert_int_equal(fx_count(o, EMB_P_TOPICS), 1);
    assert_int_equal(fx_count(o, EMB_P_ALIAS), 2); /* EXAMPLE AFRICA, BEX */
    assert_true(fx_has(o, EMB_P_REGISTRATION_NUMBER, "1027700256297"));
    fx_free(&fx);
}

static void csl_unknown_column_is_kept_in_notes_with_a_warning(void **state)
{
    (void)state;
    const char *text = "_id,source,type,name,nickname\n"
                       "1,Specially Designated Nationals (SDN) - Treasury Department,"
                       "Entity,ACME,Roadrunner\n";
    fx_list fx;
    assert_int_equal(read_text(&fx, text, 0), EMB_OK);
    assert_true(fx_has(fx_ent(&fx, "csl-1"), EMB_P_NOTES, "nickname: Roadrunner"));
    assert_int_equal(fx_warnings_with(&fx, "unknown column 'nickname'"), 1);
    fx_free(&fx);
}

/* ---- the real file ---- */

static void csl_golden_counts_on_the_repository_file(void **state)
{
    (void)state;
    fx_list fx;
    emb_status st =
        fx_read_file(&fx, emb__read_csl, fx_repo_data("lists/us_csl/consolidated.csv.gz"), 0);
    assert_int_equal(st, EMB_OK);
    /* Counted independently with Python csv: 14,160 rows, 14,048 distinct
     * _id (parties on several lists share one), 20,011 alt_names of which
     * 19,451 are distinct per party. */
    assert_int_equal(fx_ds(&fx)->records_read, 14160);
    assert_int_equal(fx_ds(&fx)->records_skipped, 0);
    assert_int_equal(fx.store.nents, 14048);
    assert_int_equal(fx_total_schema(&fx, EMB_SCHEMA_PERSON), 5284);
    assert_int_equal(fx_total_schema(&fx, EMB_SCHEMA_ORGANIZATION), 4423);
    assert_int_equal(fx_total_schema(&fx, EMB_SCHEMA_LEGAL_ENTITY), 3625);
    assert_int_equal(fx_total_schema(&fx, EMB_SCHEMA_VESSEL), 433);
    assert_int_equal(fx_total_schema(&fx, EMB_SCHEMA_AIRPLANE), 283);
    assert_int_equal(fx_total(&fx, EMB_P_ALIAS), 19451);
    assert_int_equal(fx_total(&fx, EMB_P_NAME), 14048);
    assert_int_equal(fx_total(&fx, EMB_P_IMO_NUMBER), 440);
    assert_int_equal(fx_total(&fx, EMB_P_SWIFT_BIC), 135);
    size_t male = 0, female = 0;
    for (size_t i = 0; i < fx.store.nents; i++) {
        male += (size_t)fx_has(&fx.store.ents[i], EMB_P_GENDER, "male");
        female += (size_t)fx_has(&fx.store.ents[i], EMB_P_GENDER, "female");
    }
    assert_int_equal(male, 2143);
    assert_int_equal(female, 261);
    assert_string_equal(fx_ds(&fx)->list_date, ""); /* the file carries no date */
    /* every entity has a topic */
    for (size_t i = 0; i < fx.store.nents; i++)
        assert_true(fx_count(&fx.store.ents[i], EMB_P_TOPICS) >= 1);
    fx_free(&fx);
}

/* ---- malformed input ---- */

static void csl_truncated_file_fails_naming_the_line(void **state)
{
    (void)state;
    fx_text t;
    fx_text_set(&t, HDR);
    row(&t, "1", "Entity", "ACME", "");
    /* cut inside a quoted field of the third line */
    const char *cut = "2,Specially Designated Nationals (SDN) - Treasury Department,2,Entity,"
                      "SDGT,\"ROAD RUNNER";
    fx_text_add(&t, "%s", cut);
    fx_list fx;
    assert_int_equal(read_text(&fx, t.buf, 0), EMB_EPARSE);
    assert_int_equal(fx.err.status, EMB_EPARSE);
    assert_int_equal(fx.err.line, 3);
    assert_true(fx.err.offset > strlen(HDR));
    assert_non_null(strstr(fx.err.message, "unterminated"));
    fx_free(&fx);
}

static void csl_text_after_closing_quote_fails_with_offset(void **state)
{
    (void)state;
    fx_text t;
    fx_text_set(&t, HDR);
    row(&t, "1", "Entity", "\"ACME\"X", "");
    fx_list fx;
    assert_int_equal(read_text(&fx, t.buf, 0), EMB_EPARSE);
    assert_int_equal(fx.err.line, 2);
    assert_true(fx.err.column > 1);
    assert_int_equal(t.buf[fx.err.offset], 'X');
    fx_free(&fx);
}

static void csl_invalid_utf8_value_is_dropped_with_a_warning(void **state)
{
    (void)state;
    fx_text t;
    fx_text_set(&t, HDR);
    row(&t, "1", "Entity", "ACME", "\"AB\xC3(12, Tax ID No.\"");
    row(&t, "2", "Entity", "BAD \xFF NAME", "");
    fx_list fx;
    assert_int_equal(read_text(&fx, t.buf, 0), EMB_OK);
    const emb__ent *e = fx_ent(&fx, "csl-1");
    assert_non_null(e);
    assert_int_equal(fx_count(e, EMB_P_TAX_NUMBER), 0);
    assert_int_equal(fx_warnings_with(&fx, "invalid UTF-8"), 1);
    assert_int_equal(fx.warnings.items[0].line, 2);
    /* a name that is not UTF-8 makes the record unusable */
    assert_null(fx_ent(&fx, "csl-2"));
    assert_int_equal(fx_ds(&fx)->records_skipped, 1);
    assert_int_equal(fx_warnings_with(&fx, "name is not valid UTF-8"), 1);
    fx_free(&fx);
}

static void csl_record_without_name_or_id_is_skipped(void **state)
{
    (void)state;
    fx_text t;
    fx_text_set(&t, HDR);
    row(&t, "1", "Entity", "", "");
    row(&t, "", "Entity", "NO ID CORP", "");
    row(&t, "3", "Entity", "GOOD CORP", "");
    fx_list fx;
    assert_int_equal(read_text(&fx, t.buf, 0), EMB_OK);
    assert_int_equal(fx_ds(&fx)->records_read, 3);
    assert_int_equal(fx_ds(&fx)->records_skipped, 2);
    assert_int_equal(fx.store.nents, 1);
    assert_non_null(fx_ent(&fx, "csl-3"));
    assert_int_equal(fx_warnings_with(&fx, "has no name"), 1);
    assert_int_equal(fx_warnings_with(&fx, "without an _id"), 1);
    assert_int_equal(fx.warnings.items[0].line, 2);
    assert_int_equal(fx.warnings.items[1].line, 3);
    fx_free(&fx);
}

static void csl_missing_required_column_fails(void **state)
{
    (void)state;
    fx_list fx;
    const char *text = "_id,source,type,full_name\n1,x,Entity,ACME\n";
    assert_int_equal(read_text(&fx, text, 0), EMB_EPARSE);
    assert_int_equal(fx.err.line, 1);
    assert_non_null(strstr(fx.err.message, "'name'"));
    fx_free(&fx);
    /* not a CSV at all */
    assert_int_equal(read_text(&fx, "{\"results\": []}\n", 0), EMB_EPARSE);
    assert_int_equal(fx.err.line, 1);
    fx_free(&fx);
    assert_int_equal(read_text(&fx, "", 0), EMB_EPARSE);
    fx_free(&fx);
}

static void csl_record_with_wrong_field_count_is_skipped(void **state)
{
    (void)state;
    fx_text t;
    fx_text_set(&t, HDR);
    const char *bad = "7,Specially Designated Nationals (SDN) - Treasury Department,7,Entity\n";
    fx_text_add(&t, "%s", bad);
    row(&t, "8", "Entity", "GOOD CORP", "");
    fx_list fx;
    assert_int_equal(read_text(&fx, t.buf, 0), EMB_OK);
    assert_int_equal(fx_ds(&fx)->records_skipped, 1);
    assert_int_equal(fx_warnings_with(&fx, "has 4 fields, the header has 29"), 1);
    assert_int_equal(fx.warnings.items[0].line, 2);
    assert_null(fx_ent(&fx, "csl-7"));
    assert_non_null(fx_ent(&fx, "csl-8"));
    fx_free(&fx);
}

static void csl_strict_mode_turns_a_skip_into_an_error(void **state)
{
    (void)state;
    fx_text t;
    fx_text_set(&t, HDR);
    row(&t, "1", "Entity", "GOOD CORP", "");
    row(&t, "2", "Entity", "", "");
    fx_list fx;
    assert_int_equal(read_text(&fx, t.buf, EMB_BUILD_STRICT), EMB_ESTRICT);
    assert_int_equal(fx.err.status, EMB_ESTRICT);
    assert_int_equal(fx.err.line, 3);
    fx_free(&fx);
    assert_int_equal(read_text(&fx, t.buf, 0), EMB_OK);
    fx_free(&fx);
}

static void csl_allocation_failures_are_reported_and_leak_nothing(void **state)
{
    (void)state;
    assert_true(fx_alloc_walk(emb__read_csl, fx_data("csl/small.csv")) > 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(csl_person_fields_are_mapped),
        cmocka_unit_test(csl_vessel_aircraft_and_company_fields_are_mapped),
        cmocka_unit_test(csl_bis_and_state_rows_get_export_control_and_debarment_topics),
        cmocka_unit_test(csl_rows_with_one_id_merge_across_source_lists),
        cmocka_unit_test(csl_unknown_column_is_kept_in_notes_with_a_warning),
        cmocka_unit_test(csl_golden_counts_on_the_repository_file),
        cmocka_unit_test(csl_truncated_file_fails_naming_the_line),
        cmocka_unit_test(csl_text_after_closing_quote_fails_with_offset),
        cmocka_unit_test(csl_invalid_utf8_value_is_dropped_with_a_warning),
        cmocka_unit_test(csl_record_without_name_or_id_is_skipped),
        cmocka_unit_test(csl_missing_required_column_fails),
        cmocka_unit_test(csl_record_with_wrong_field_count_is_skipped),
        cmocka_unit_test(csl_strict_mode_turns_a_skip_into_an_error),
        cmocka_unit_test(csl_allocation_failures_are_reported_and_leak_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
