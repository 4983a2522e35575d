/*
 * test_ofac.c - the OFAC SDN and non-SDN legacy CSV readers (lists/ofac.c)
 * and the Remarks parser (lists/ofac_remarks.c): every field kind on small
 * fixtures, golden counts on the shipped and the 2021 files, malformed
 * input, strict mode and allocation failures.
 *
 * Golden numbers were computed independently with Python's csv module
 * (joining companion rows by ent_num, joining sdn_comments.csv rows to the
 * remarks, collecting quoted a.k.a./f.k.a./n.k.a. remarks) and agree with
 * /work/shared/data/SOURCES.md where it gives them.
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

static emb_status read_sdn(fx_list *fx, const char *name, unsigned flags)
{
    return fx_read_file(fx, emb__read_ofac, fx_data(name), flags);
}

static emb_status read_mem(fx_list *fx, const char *text, unsigned flags)
{
    /* no companion files exist beside this path */
    return fx_read(fx, emb__read_ofac, fx_data("ofac/none/sdn.csv"), text, strlen(text), flags);
}

/* 1 if a kept warning contains needle and names file (suffix) and line. */
static int warned_at(const fx_list *fx, const char *needle, const char *file, uint64_t line)
{
    size_t fl = strlen(file);
    for (size_t i = 0; i < fx->warnings.n; i++) {
        const emb__warn_rec *w = &fx->warnings.items[i];
        size_t wl = w->file ? strlen(w->file) : 0;
        if (strstr(w->reason, needle) && w->line == line && wl >= fl &&
            strcmp(w->file + wl - fl, file) == 0)
            return 1;
    }
    return 0;
}

/* Distinct ent_nums named by kept warnings containing needle. */
static size_t distinct_ent_nums(const fx_list *fx, const char *needle)
{
    size_t n = 0, cap = 0;
    unsigned long *seen = NULL;
    for (size_t i = 0; i < fx->warnings.n; i++) {
        const char *r = fx->warnings.items[i].reason;
        const char *p = strstr(r, "ent_num ");
        if (!strstr(r, needle) || !p)
            continue;
        unsigned long v = strtoul(p + 8, NULL, 10);
        size_t k = 0;
        while (k < n && seen[k] != v)
            k++;
        if (k < n)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            unsigned long *q = realloc(seen, cap * sizeof *seen);
            assert_non_null(q);
            seen = q;
        }
        seen[n++] = v;
    }
    free(seen);
    return n;
}

/* ---- the small fixture: every field kind ---- */

static void ofac_person_fields_from_columns_and_remarks(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(read_sdn(&fx, "ofac/small/sdn.csv", 0), EMB_OK);
    const emb__ent *e = fx_ent(&fx, "ofac-100");
    assert_non_null(e);
    assert_int_equal(e->schema, EMB_SCHEMA_PERSON);
    const emb__sprop *name = emb__ent_first(e, EMB_P_NAME);
    assert_non_null(name);
    assert_string_equal(name->val, "KIM, Chol Su");
    assert_true(fx_has(e, EMB_P_LAST_NAME, "KIM"));
    assert_true(fx_has(e, EMB_P_FIRST_NAME, "Chol Su"));
    assert_true(fx_has(e, EMB_P_PROGRAM, "DPRK3"));
    assert_true(fx_has(e, EMB_P_PROGRAM, "NPWMD"));
    assert_int_equal(fx_count(e, EMB_P_PROGRAM), 2);
    assert_true(fx_has(e, EMB_P_TOPICS, "sanction"));
    assert_true(fx_has(e, EMB_P_TITLE, "Director, Example Bureau"));
    assert_true(fx_has(e, EMB_P_BIRTH_DATE, "1984-01-08"));
    assert_true(fx_has(e, EMB_P_BIRTH_DATE, "1960"));
    assert_true(fx_has(e, EMB_P_BIRTH_DATE, "1961"));
    assert_true(fx_has(e, EMB_P_BIRTH_DATE, "1962"));
    assert_true(fx_has(e, EMB_P_BIRTH_PLACE, "Pyongyang, Korea, North"));
    assert_true(fx_has(e, EMB_P_BIRTH_COUNTRY, "kp"));
    assert_true(fx_has(e, EMB_P_NATIONALITY, "kp"));
    assert_true(fx_has(e, EMB_P_CITIZENSHIP, "ir"));
    assert_true(fx_has(e, EMB_P_GENDER, "male"));
    assert_true(fx_has(e, EMB_P_PASSPORT_NUMBER, "563120630"));
    assert_true(fx_has(e, EMB_P_NOTES, "Passport 563120630 (Korea, North) expires 20 Mar 2022"));
    assert_true(fx_has(e, EMB_P_ID_NUMBER, "123456"));
    assert_true(fx_has(e, EMB_P_WEAK_ALIAS, "KIMMY"));
    assert_true(fx_has(e, EMB_P_PREVIOUS_NAME, "OLD KIM"));
    assert_true(fx_has(e, EMB_P_PREVIOUS_NAME, "PAK, Chol"));
    assert_true(fx_has(e, EMB_P_ALIAS, "KIM, Cholsu"));
    /* the last item keeps its closing period in notes, as written */
    assert_true(fx_has(e, EMB_P_NOTES, "Linked To: EXAMPLE TRADING CORPORATION."));
    assert_true(fx_has(e, EMB_P_ADDRESS, "Street 1, Pyongyang, Korea, North"));
    assert_true(fx_has(e, EMB_P_COUNTRY, "kp"));
    fx_free(&fx);
}

static void ofac_entity_identifiers_from_remarks(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(read_sdn(&fx, "ofac/small/sdn.csv", 0), EMB_OK);
    const emb__ent *e = fx_ent(&fx, "ofac-200");
    assert_non_null(e);
    assert_int_equal(e->schema, EMB_SCHEMA_ORGANIZATION);
    assert_int_equal(fx_count(e, EMB_P_LAST_NAME), 0);
    assert_true(fx_has(e, EMB_P_PROGRAM, "RUSSIA-EO14024"));
    assert_true(fx_has(e, EMB_P_INCORPORATION_DATE, "1990-03-12"));
    assert_true(fx_has(e, EMB_P_TAX_NUMBER, "7744001497"));
    assert_true(fx_has(e, EMB_P_INN_CODE, "7744001497"));
    assert_true(fx_has(e, EMB_P_REGISTRATION_NUMBER, "1027700167110"));
    assert_true(fx_has(e, EMB_P_OGRN_CODE, "1027700167110"));
    assert_true(fx_has(e, EMB_P_LEI_CODE, "253400WSS48YWMBUA688"));
    assert_true(fx_has(e, EMB_P_SWIFT_BIC, "EXBKRUMM"));
    assert_true(fx_has(e, EMB_P_WEBSITE, "www.example-bank.ru"));
    assert_true(fx_has(e, EMB_P_EMAIL, "info@example-bank.ru"));
    assert_true(fx_has(e, EMB_P_PHONE, "74951234567"));
    assert_true(
        fx_has(e, EMB_P_NOTES, "Secondary sanctions risk: section 11 of Executive Order 14024"));
    assert_true(fx_has(e, EMB_P_NOTES, "Target Type Financial Institution."));
    /* an FtM identifier without a props.h entry is kept under its name */
    uint32_t key;
    assert_int_equal(emb__store_key(&fx.store, "dunsCode", 8, &key), EMB_OK);
    int duns = 0;
    for (uint32_t i = 0; i < e->nprops; i++)
        duns |= e->props[i].key == key && strcmp(e->props[i].val, "123456789") == 0;
    assert_true(duns);
    /* aliases: aka -> alias, nka -> alias, alt_remarks -> notes */
    assert_true(fx_has(e, EMB_P_ALIAS, "EXBANK"));
    assert_true(fx_has(e, EMB_P_ALIAS, "EXAMPLE BANK PJSC"));
    assert_true(fx_has(e, EMB_P_NOTES, "name used since 2019"));
    /* addresses: one line each, country as a code, add_remarks to notes;
     * a row with only a country adds the country and no address */
    assert_true(fx_has(e, EMB_P_ADDRESS, "Ul. Primera 1, Moscow 101000, Russia"));
    assert_int_equal(fx_count(e, EMB_P_ADDRESS), 1);
    assert_true(fx_has(e, EMB_P_COUNTRY, "ru"));
    assert_true(fx_has(e, EMB_P_COUNTRY, "cy"));
    assert_true(fx_has(e, EMB_P_NOTES, "Head office"));
    fx_free(&fx);
}

static void ofac_vessel_and_aircraft_fields(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(read_sdn(&fx, "ofac/small/sdn.csv", 0), EMB_OK);
    const emb__ent *v = fx_ent(&fx, "ofac-300");
    assert_non_null(v);
    assert_int_equal(v->schema, EMB_SCHEMA_VESSEL);
    assert_true(fx_has(v, EMB_P_NAME, "SEA EXAMPLE"));
    assert_true(fx_has(v, EMB_P_CALL_SIGN, "9HXY7"));
    assert_true(fx_has(v, EMB_P_TYPE, "Crude Oil Tanker"));
    assert_true(fx_has(v, EMB_P_TONNAGE, "150,000"));
    assert_true(fx_has(v, EMB_P_GROSS_TONNAGE, "81,479"));
    assert_true(fx_has(v, EMB_P_FLAG, "pa"));
    assert_true(fx_has(v, EMB_P_OWNER, "NATIONAL EXAMPLE TANKER COMPANY"));
    assert_true(fx_has(v, EMB_P_IMO_NUMBER, "IMO 9226853"));
    assert_true(fx_has(v, EMB_P_MMSI, "123456789"));
    assert_true(fx_has(v, EMB_P_BUILD_DATE, "1998"));
    assert_true(fx_has(v, EMB_P_PAST_FLAGS, "mt"));
    assert_true(fx_has(v, EMB_P_PROGRAM, "IRAN"));
    assert_true(fx_has(v, EMB_P_PROGRAM, "SDGT"));

    const emb__ent *a = fx_ent(&fx, "ofac-400");
    assert_non_null(a);
    assert_int_equal(a->schema, EMB_SCHEMA_AIRPLANE);
    assert_true(fx_has(a, EMB_P_NAME, "EP-ABC"));
    assert_true(fx_has(a, EMB_P_SERIAL_NUMBER, "696"));
    assert_true(fx_has(a, EMB_P_SERIAL_NUMBER, "8401"));
    assert_true(fx_has(a, EMB_P_BUILD_DATE, "1993-01-01"));
    assert_true(fx_has(a, EMB_P_MODEL, "A300B4-605R"));
    assert_true(fx_has(a, EMB_P_REGISTRATION_NUMBER, "EP-ABC"));
    assert_true(fx_has(a, EMB_P_COUNTRY, "ir"));
    assert_true(fx_has(a, EMB_P_NOTES, "Aircraft Operator EXAMPLE AIR."));
    fx_free(&fx);
}

static void ofac_remarks_continuation_joined_at_the_cut(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(read_sdn(&fx, "ofac/small/sdn.csv", 0), EMB_OK);
    const emb__ent *e = fx_ent(&fx, "ofac-500");
    assert_non_null(e);
    /* the item cut at character 1000 is whole again */
    assert_true(fx_has(e, EMB_P_EMAIL, "person023@example.org"));
    assert_int_equal(fx_count(e, EMB_P_EMAIL), 40);
    assert_true(fx_has(e, EMB_P_WEAK_ALIAS, "LONG REMARKS NAME"));
    assert_int_equal(fx_count(e, EMB_P_NOTES), 0);
    fx_free(&fx);
}

static void ofac_remarks_continuation_of_uncut_remarks_warns(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(read_sdn(&fx, "ofac/small/sdn.csv", 0), EMB_OK);
    const emb__ent *e = fx_ent(&fx, "ofac-600");
    assert_non_null(e);
    assert_true(fx_has(e, EMB_P_REGISTRATION_NUMBER, "HRB 1234"));
    assert_true(fx_has(e, EMB_P_REGISTRATION_NUMBER, "42"));
    assert_int_equal(fx_warnings_with(&fx, "which are not cut at 1000 characters"), 1);
    fx_free(&fx);
}

static void ofac_orphan_companion_rows_are_counted_warnings(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(read_sdn(&fx, "ofac/small/sdn.csv", 0), EMB_OK);
    /* never entities */
    assert_null(fx_ent(&fx, "ofac-999"));
    assert_null(fx_ent(&fx, "ofac-998"));
    assert_null(fx_ent(&fx, "ofac-997"));
    assert_int_equal(fx.store.nents, 6);
    assert_int_equal(fx_warnings_with(&fx, "orphan alt.csv row"), 2);
    assert_int_equal(fx_warnings_with(&fx, "orphan add.csv row"), 1);
    assert_int_equal(fx_warnings_with(&fx, "orphan sdn_comments.csv row"), 1);
    /* each names its file and line */
    assert_true(warned_at(&fx, "ent_num 999 is not in sdn.csv", "small/alt.csv", 5));
    assert_true(warned_at(&fx, "ent_num 998 is not in sdn.csv", "small/alt.csv", 6));
    assert_true(warned_at(&fx, "ent_num 999 is not in sdn.csv", "small/add.csv", 4));
    assert_true(warned_at(&fx, "ent_num 997 is not in sdn.csv", "small/sdn_comments.csv", 3));
    assert_int_equal(fx_ds(&fx)->records_read, 6);
    assert_int_equal(fx_ds(&fx)->records_skipped, 0);
    fx_free(&fx);
}

static void ofac_cons_uses_its_own_files_and_prefix(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(fx_read_file(&fx, emb__read_ofac_cons, fx_data("ofac/cons/cons_prim.csv"), 0),
                     EMB_OK);
    const emb__ent *p = fx_ent(&fx, "ofac-cons-9639");
    assert_non_null(p);
    assert_null(fx_ent(&fx, "ofac-9639"));
    assert_int_equal(p->schema, EMB_SCHEMA_PERSON);
    assert_true(fx_has(p, EMB_P_LAST_NAME, "PERSON"));
    assert_true(fx_has(p, EMB_P_FIRST_NAME, "Example"));
    assert_true(fx_has(p, EMB_P_BIRTH_DATE, "1955"));
    assert_true(fx_has(p, EMB_P_GENDER, "female"));
    assert_true(fx_has(p, EMB_P_PROGRAM, "NS-PLC"));
    const emb__ent *o = fx_ent(&fx, "ofac-cons-17016");
    assert_non_null(o);
    assert_true(fx_has(o, EMB_P_PREVIOUS_NAME, "OIL EXAMPLE OJSC"));
    assert_true(fx_has(o, EMB_P_PROGRAM, "UKRAINE-EO13662"));
    assert_true(fx_has(o, EMB_P_PROGRAM, "RUSSIA-EO14024"));
    assert_true(fx_has(o, EMB_P_REGISTRATION_NUMBER, "1027700070518"));
    assert_true(fx_has(o, EMB_P_NOTES,
                       "Executive Order 13662 Directive Determination - Subject to Directive 2"));
    /* absent companions: one warning each */
    assert_int_equal(fx_warnings_with(&fx, "cons_add.csv not found"), 1);
    assert_int_equal(fx_warnings_with(&fx, "cons_comments.csv not found"), 1);
    assert_int_equal(fx_warnings_with(&fx, "cons_alt.csv not found"), 0);
    assert_true(warned_at(&fx, "cons_add.csv not found", "cons/cons_prim.csv", 0));
    fx_free(&fx);
}

static void ofac_missing_companions_warn_once_each(void **state)
{
    (void)state;
    fx_list fx;
    const char *csv = "1,\"ONE CO\",-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n"
                      "2,\"TWO CO\",-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n\x1a";
    assert_int_equal(read_mem(&fx, csv, 0), EMB_OK);
    assert_int_equal(fx.store.nents, 2);
    assert_int_equal(fx_warnings_with(&fx, "alt.csv not found beside sdn.csv: aliases"), 1);
    assert_int_equal(fx_warnings_with(&fx, "add.csv not found beside sdn.csv: addresses"), 1);
    assert_int_equal(fx_warnings_with(&fx, "sdn_comments.csv not found"), 1);
    assert_int_equal(fx.warnings.total, 3);
    fx_free(&fx);
}

static void ofac_remarks_items_split_at_semicolons_unknown_kept_verbatim(void **state)
{
    (void)state;
    fx_list fx;
    const char *csv =
        "7,\"SEVEN SHIPPING\",-0- ,\"IRAN\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"DOB circa "
        "1960;alt. DOB Mar 1945; nationality possibly Elbonian; Additional Sanctions Information "
        "- Subject to Secondary Sanctions; Gender Unknown; Vessel Registration Identification RS "
        "150443 (Russia); Company Number IMO 5055293; International Maritime Organization No. "
        "(5777731); n.k.a. 'SEVEN NEW'; Digital Currency Address - XBT 1AbC.\"\r\n";
    assert_int_equal(read_mem(&fx, csv, 0), EMB_OK);
    const emb__ent *e = fx_ent(&fx, "ofac-7");
    assert_non_null(e);
    assert_true(fx_has(e, EMB_P_BIRTH_DATE, "1960"));
    assert_true(fx_has(e, EMB_P_BIRTH_DATE, "1945-03"));
    assert_true(fx_has(e, EMB_P_NATIONALITY, "possibly Elbonian"));
    assert_true(warned_at(&fx, "unrecognised country 'possibly Elbonian'", "sdn.csv", 1));
    assert_true(fx_has(e, EMB_P_NOTES,
                       "Additional Sanctions Information - Subject to Secondary Sanctions"));
    assert_true(fx_has(e, EMB_P_NOTES, "Gender Unknown"));
    assert_int_equal(fx_count(e, EMB_P_GENDER), 0);
    assert_true(fx_has(e, EMB_P_REGISTRATION_NUMBER, "RS 150443"));
    assert_true(fx_has(e, EMB_P_NOTES, "Vessel Registration Identification RS 150443 (Russia)"));
    assert_true(fx_has(e, EMB_P_IMO_NUMBER, "IMO 5055293"));
    assert_true(fx_has(e, EMB_P_IMO_NUMBER, "5777731"));
    assert_true(fx_has(e, EMB_P_WEAK_ALIAS, "SEVEN NEW"));
    assert_true(fx_has(e, EMB_P_NOTES, "Digital Currency Address - XBT 1AbC."));
    assert_int_equal(fx_count(e, EMB_P_NOTES), 4);
    fx_free(&fx);
}

/* ---- golden counts on real files ---- */

static void ofac_golden_default_sdn_set(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(
        fx_read_file(&fx, emb__read_ofac, fx_repo_data("lists/ofac_sdn/sdn.csv.xz"), 0), EMB_OK);
    assert_int_equal(fx_ds(&fx)->records_read, 14965);
    assert_int_equal(fx_ds(&fx)->records_skipped, 0);
    assert_int_equal(fx.store.nents, 14965);
    assert_int_equal(fx_total_schema(&fx, EMB_SCHEMA_PERSON), 6854);
    assert_int_equal(fx_total_schema(&fx, EMB_SCHEMA_ORGANIZATION), 6884);
    assert_int_equal(fx_total_schema(&fx, EMB_SCHEMA_VESSEL), 851);
    assert_int_equal(fx_total_schema(&fx, EMB_SCHEMA_AIRPLANE), 376);
    assert_int_equal(fx_total(&fx, EMB_P_NAME), 14965);
    /* alt.csv rows joined to the 2024 sdn.csv (aka + nka / fka), plus the
     * quoted a.k.a. / f.k.a. items of the remarks */
    assert_int_equal(fx_total(&fx, EMB_P_ALIAS), 17114);
    assert_int_equal(fx_total(&fx, EMB_P_PREVIOUS_NAME), 620);
    assert_int_equal(fx_total(&fx, EMB_P_WEAK_ALIAS), 3609);
    /* alt.csv: 20,107 rows over 8,653 ent_nums, 1,567 of which (2,460
     * rows) are not in sdn.csv; add.csv: 4,893 orphan rows; comments: 6 */
    assert_int_equal(fx_warnings_with(&fx, "orphan alt.csv row"), 2460);
    assert_int_equal(distinct_ent_nums(&fx, "orphan alt.csv row"), 1567);
    assert_int_equal(fx_warnings_with(&fx, "orphan add.csv row"), 4893);
    assert_int_equal(fx_warnings_with(&fx, "orphan sdn_comments.csv row"), 6);
    const emb__ent *e = fx_ent(&fx, "ofac-306");
    assert_non_null(e);
    assert_true(fx_has(e, EMB_P_NAME, "BANCO NACIONAL DE CUBA"));
    assert_true(fx_has(e, EMB_P_ALIAS, "NATIONAL BANK OF CUBA"));
    assert_true(fx_has(e, EMB_P_WEAK_ALIAS, "BNC"));
    assert_true(fx_has(e, EMB_P_PROGRAM, "CUBA"));
    fx_free(&fx);
}

static void ofac_golden_default_cons_set(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(
        fx_read_file(&fx, emb__read_ofac_cons, fx_repo_data("lists/ofac_cons/cons_prim.csv.xz"), 0),
        EMB_OK);
    assert_int_equal(fx_ds(&fx)->records_read, 442);
    assert_int_equal(fx_ds(&fx)->records_skipped, 0);
    assert_int_equal(fx_total_schema(&fx, EMB_SCHEMA_PERSON), 79);
    assert_int_equal(fx_total_schema(&fx, EMB_SCHEMA_ORGANIZATION), 363);
    assert_int_equal(fx_total(&fx, EMB_P_ALIAS), 932);
    assert_int_equal(fx_total(&fx, EMB_P_PREVIOUS_NAME), 144);
    assert_int_equal(fx_total(&fx, EMB_P_WEAK_ALIAS), 69);
    assert_int_equal(fx_warnings_with(&fx, "orphan"), 0);
    assert_int_equal(fx_warnings_with(&fx, "not found"), 0);
    fx_free(&fx);
}

static void ofac_golden_2021_consistent_set(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(read_sdn(&fx, "ofac/2021/sdn.csv.xz", 0), EMB_OK);
    assert_int_equal(fx_ds(&fx)->records_read, 8976);
    assert_int_equal(fx_ds(&fx)->records_skipped, 0);
    assert_int_equal(fx_total_schema(&fx, EMB_SCHEMA_PERSON), 4620);
    assert_int_equal(fx_total_schema(&fx, EMB_SCHEMA_ORGANIZATION), 3673);
    assert_int_equal(fx_total_schema(&fx, EMB_SCHEMA_VESSEL), 406);
    assert_int_equal(fx_total_schema(&fx, EMB_SCHEMA_AIRPLANE), 277);
    assert_int_equal(fx_total(&fx, EMB_P_ALIAS), 11539);
    assert_int_equal(fx_total(&fx, EMB_P_PREVIOUS_NAME), 393);
    assert_int_equal(fx_total(&fx, EMB_P_WEAK_ALIAS), 2417);
    /* every companion row joins; every continuation extends cut remarks */
    assert_int_equal(fx_warnings_with(&fx, "orphan"), 0);
    assert_int_equal(fx_warnings_with(&fx, "not found"), 0);
    assert_int_equal(fx_warnings_with(&fx, "not cut"), 0);
    /* 28263: the weak alias cut at character 1000 is whole again */
    const emb__ent *e = fx_ent(&fx, "ofac-28263");
    assert_non_null(e);
    assert_true(fx_has(e, EMB_P_NOTES, "Linked To: LAZARUS GROUP."));
    fx_free(&fx);
}

/* ---- malformed input ---- */

static void ofac_truncated_file_is_a_parse_error_naming_the_line(void **state)
{
    (void)state;
    fx_list fx;
    const char *csv = "1,\"ONE CO\",-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n"
                      "2,\"TWO CO\",-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"DOB 19";
    assert_int_equal(read_mem(&fx, csv, 0), EMB_EPARSE);
    assert_int_equal(fx.err.line, 2);
    assert_true(fx.err.offset > 0);
    assert_non_null(strstr(fx.err.message, "unterminated"));
    assert_non_null(strstr(fx.err.file, "sdn.csv"));
    fx_free(&fx);
}

static void ofac_broken_quoting_is_a_parse_error_naming_the_line(void **state)
{
    (void)state;
    fx_list fx;
    const char *csv =
        "1,\"ONE CO\",-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n"
        "2,\"TWO CO\",-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n"
        "3,\"THREE \"CO\" X\",-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n";
    assert_int_equal(read_mem(&fx, csv, 0), EMB_EPARSE);
    assert_int_equal(fx.err.line, 3);
    assert_true(fx.err.column > 1);
    fx_free(&fx);
}

static void ofac_broken_companion_file_names_its_file_and_line(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(read_sdn(&fx, "ofac/badalt/sdn.csv", 0), EMB_EPARSE);
    assert_int_equal(fx.err.line, 2);
    assert_non_null(strstr(fx.err.file, "badalt/alt.csv"));
    fx_free(&fx);
}

static void ofac_invalid_utf8_in_a_value_is_dropped_with_a_warning(void **state)
{
    (void)state;
    fx_list fx;
    const char *csv = "1,\"ONE CO\",-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"
                      "\"Website www.ok.com; Linked To: BAD \xC3\x28 NAME.\"\r\n"
                      "2,\"TWO \xFF CO\",-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n"
                      "3,\"THREE CO\",-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n";
    assert_int_equal(read_mem(&fx, csv, 0), EMB_OK);
    const emb__ent *e = fx_ent(&fx, "ofac-1");
    assert_non_null(e);
    assert_true(fx_has(e, EMB_P_WEBSITE, "www.ok.com"));
    assert_int_equal(fx_count(e, EMB_P_NOTES), 0);
    assert_int_equal(fx_warnings_with(&fx, "invalid UTF-8"), 2);
    assert_true(warned_at(&fx, "invalid UTF-8", "sdn.csv", 1));
    /* a name that is not UTF-8 leaves the record without a name: skipped */
    assert_null(fx_ent(&fx, "ofac-2"));
    assert_true(warned_at(&fx, "ent_num 2: invalid UTF-8", "sdn.csv", 2));
    assert_non_null(fx_ent(&fx, "ofac-3"));
    assert_int_equal(fx_ds(&fx)->records_read, 3);
    assert_int_equal(fx_ds(&fx)->records_skipped, 1);
    fx_free(&fx);
}

static void ofac_record_without_name_or_id_is_skipped(void **state)
{
    (void)state;
    fx_list fx;
    const char *csv = "1,\"ONE CO\",-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n"
                      "2,-0- ,-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n"
                      "X7,\"SEVEN CO\",-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n"
                      ",\"EMPTY ID CO\",-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n"
                      "5,\"FIVE CO\",-0- ,\"SDGT\"\r\n"
                      "6,\"SIX CO\",-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n";
    assert_int_equal(read_mem(&fx, csv, 0), EMB_OK);
    assert_int_equal(fx.store.nents, 2);
    assert_non_null(fx_ent(&fx, "ofac-1"));
    assert_non_null(fx_ent(&fx, "ofac-6"));
    assert_int_equal(fx_ds(&fx)->records_read, 6);
    assert_int_equal(fx_ds(&fx)->records_skipped, 4);
    assert_true(warned_at(&fx, "ent_num 2 has no name", "sdn.csv", 2));
    assert_true(warned_at(&fx, "without a valid ent_num", "sdn.csv", 3));
    assert_true(warned_at(&fx, "without a valid ent_num", "sdn.csv", 4));
    assert_true(warned_at(&fx, "record has 4 fields, expected 12", "sdn.csv", 5));
    fx_free(&fx);
}

static void ofac_wrong_structure_is_a_parse_error(void **state)
{
    (void)state;
    fx_list fx;
    /* another list's CSV given as sdn.csv */
    const char *csv = "_id,source,entity_number,type\r\n1,x,2,y\r\n";
    assert_int_equal(read_mem(&fx, csv, 0), EMB_EPARSE);
    assert_int_equal(fx.err.line, 1);
    assert_non_null(strstr(fx.err.message, "expected 12"));
    fx_free(&fx);
    /* an empty file (what a failed download leaves) */
    assert_int_equal(read_mem(&fx, "\x1a", 0), EMB_EPARSE);
    assert_non_null(strstr(fx.err.message, "no records"));
    fx_free(&fx);
}

static void ofac_header_line_is_tolerated(void **state)
{
    (void)state;
    fx_list fx;
    const char *csv = "ent_num,SDN_Name,SDN_Type,Program,Title,Call_Sign,Vess_type,Tonnage,GRT,"
                      "Vess_flag,Vess_owner,Remarks\r\n"
                      "1,\"ONE CO\",-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n";
    assert_int_equal(read_mem(&fx, csv, 0), EMB_OK);
    assert_int_equal(fx.store.nents, 1);
    assert_int_equal(fx_ds(&fx)->records_read, 1);
    fx_free(&fx);
}

static void ofac_strict_mode_rejects_a_skipped_record(void **state)
{
    (void)state;
    fx_list fx;
    const char *csv = "1,\"ONE CO\",-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n"
                      "2,-0- ,-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n";
    assert_int_equal(read_mem(&fx, csv, EMB_BUILD_STRICT), EMB_ESTRICT);
    assert_int_equal(fx.err.line, 2);
    assert_non_null(strstr(fx.err.message, "no name"));
    fx_free(&fx);
    /* the same file without problems passes in strict mode */
    assert_int_equal(read_sdn(&fx, "ofac/small/sdn.csv", EMB_BUILD_STRICT), EMB_OK);
    fx_free(&fx);
}

/* ---- allocation failures ---- */

static void ofac_allocation_failures_return_errors_without_leaks(void **state)
{
    (void)state;
    assert_true(fx_alloc_walk(emb__read_ofac, fx_data("ofac/small/sdn.csv")) > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ofac_person_fields_from_columns_and_remarks),
        cmocka_unit_test(ofac_entity_identifiers_from_remarks),
        cmocka_unit_test(ofac_vessel_and_aircraft_fields),
        cmocka_unit_test(ofac_remarks_continuation_joined_at_the_cut),
        cmocka_unit_test(ofac_remarks_continuation_of_uncut_remarks_warns),
        cmocka_unit_test(ofac_orphan_companion_rows_are_counted_warnings),
        cmocka_unit_test(ofac_cons_uses_its_own_files_and_prefix),
        cmocka_unit_test(ofac_missing_companions_warn_once_each),
        cmocka_unit_test(ofac_remarks_items_split_at_semicolons_unknown_kept_verbatim),
        cmocka_unit_test(ofac_golden_default_sdn_set),
        cmocka_unit_test(ofac_golden_default_cons_set),
        cmocka_unit_test(ofac_golden_2021_consistent_set),
        cmocka_unit_test(ofac_truncated_file_is_a_parse_error_naming_the_line),
        cmocka_unit_test(ofac_broken_quoting_is_a_parse_error_naming_the_line),
        cmocka_unit_test(ofac_broken_companion_file_names_its_file_and_line),
        cmocka_unit_test(ofac_invalid_utf8_in_a_value_is_dropped_with_a_warning),
        cmocka_unit_test(ofac_record_without_name_or_id_is_skipped),
        cmocka_unit_test(ofac_wrong_structure_is_a_parse_error),
        cmocka_unit_test(ofac_header_line_is_tolerated),
        cmocka_unit_test(ofac_strict_mode_rejects_a_skipped_record),
        cmocka_unit_test(ofac_allocation_failures_return_errors_without_leaks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
