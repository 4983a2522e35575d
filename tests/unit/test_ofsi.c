/*
 * test_ofsi.c - the HM Treasury / OFSI consolidated list reader (ofsi.c):
 * excerpts of the 2020 and 2016 files (Windows-1252), a 36-column UTF-8
 * layout, group merging and name roles, enumerated free text, golden
 * counts on the real files, malformed input, strict mode and allocation
 * failures.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "base/utf8.h"
#include "lists/ingest.h"
#include "support/fixture.h"

static const char HDR29[] =
    "Name 6,Name 1,Name 2,Name 3,Name 4,Name 5,Title,DOB,Town of Birth,Country of Birth,"
    "Nationality,Passport Details,NI Number,Position,Address 1,Address 2,Address 3,"
    "Address 4,Address 5,Address 6,Post/Zip Code,Country,Other Information,Group Type,"
    "Alias Type,Regime,Listed On,Last Updated,Group ID\r\n";

/* A 29-column row with the columns a test varies; the others empty. */
static void row(fx_text *t, const char *name6, const char *name1, const char *nationality,
                const char *passport, const char *ni, const char *country, const char *gtype,
                const char *atype, const char *gid)
{
    fx_text_add(t,
                "%s,%s,,,,,,01/02/1970,,,\"%s\",\"%s\",\"%s\",,,,,,,,,\"%s\",,%s,%s,"
                "Regime X,01/01/2015,02/01/2015,%s\r\n",
                name6, name1, nationality, passport, ni, country, gtype, atype, gid);
}

static emb_status read_text(fx_list *fx, const char *text, unsigned flags)
{
    return fx_read(fx, emb__read_ofsi, "ConList.csv", text, strlen(text), flags);
}

/* Every stored value is valid UTF-8 (nothing raw from Windows-1252). */
static void assert_all_utf8(const fx_list *fx)
{
    for (size_t i = 0; i < fx->store.nents; i++) {
        const emb__ent *e = &fx->store.ents[i];
        for (uint32_t k = 0; k < e->nprops; k++)
            assert_int_equal(emb__utf8_check(e->props[k].val, e->props[k].len), e->props[k].len);
    }
}

/* ---- excerpts ---- */

static void ofsi_2020_excerpt_person_is_mapped(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(fx_read_file(&fx, emb__read_ofsi, fx_data("ofsi/conlist_2020_excerpt.csv"), 0),
                     EMB_OK);
    assert_string_equal(fx_ds(&fx)->list_date, "2020-04-27");
    assert_int_equal(fx_ds(&fx)->records_read, 25);
    assert_int_equal(fx.store.nents, 5);
    assert_int_equal(fx_warnings_with(&fx, ""), 0);
    /* 16 rows: 8 names x 2 dates of birth */
    const emb__ent *e = fx_ent(&fx, "gb-hmt-13349");
    assert_non_null(e);
    assert_int_equal(e->schema, EMB_SCHEMA_PERSON);
    assert_string_equal(fx_first(e, EMB_P_NAME), "Nayef Salam Muhammad Ujaym AL-HABABI");
    assert_int_equal(fx_count(e, EMB_P_NAME), 1);
    assert_true(fx_has(e, EMB_P_FIRST_NAME, "Nayef"));
    assert_true(fx_has(e, EMB_P_SECOND_NAME, "Salam"));
    assert_true(fx_has(e, EMB_P_MIDDLE_NAME, "Muhammad"));
    assert_true(fx_has(e, EMB_P_MIDDLE_NAME, "Ujaym"));
    assert_true(fx_has(e, EMB_P_LAST_NAME, "AL-HABABI"));
    assert_int_equal(fx_count(e, EMB_P_FIRST_NAME), 1); /* parts only from the prime row */
    assert_int_equal(fx_count(e, EMB_P_ALIAS), 7);
    assert_true(fx_has(e, EMB_P_ALIAS, "Sheikh Farooq AL-QAHTANI"));
    assert_true(fx_has(e, EMB_P_BIRTH_DATE, "1980"));
    assert_true(fx_has(e, EMB_P_BIRTH_DATE, "1981"));
    assert_true(fx_has(e, EMB_P_BIRTH_PLACE, "Saudi Arabia"));
    assert_true(fx_has(e, EMB_P_BIRTH_COUNTRY, "sa"));
    assert_true(fx_has(e, EMB_P_NATIONALITY, "sa"));
    assert_true(fx_has(e, EMB_P_NATIONALITY, "qa"));
    assert_true(fx_has(e, EMB_P_PASSPORT_NUMBER, "592667"));
    assert_true(fx_has(e, EMB_P_NOTES,
                       "Passport details: Passport No: 592667 (Qatari passport "
                       "issued on 3 May 2007)."));
    assert_true(fx_has(e, EMB_P_ADDRESS, "Afghanistan (since 2009)"));
    assert_true(fx_has(e, EMB_P_COUNTRY, "af"));
    assert_true(fx_has(e, EMB_P_PROGRAM, "The ISIL (Da'esh) and Al-Qaida organisations"));
    assert_true(fx_has(e, EMB_P_LISTING_DATE, "2016-04-01"));
    assert_true(fx_has(e, EMB_P_MODIFIED_AT, "2016-04-01"));
    assert_true(fx_has(e, EMB_P_TOPICS, "sanction"));
    assert_non_null(fx_first(e, EMB_P_AUTHORITY));
    fx_free(&fx);
}

static void ofsi_windows_1252_text_becomes_utf8(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(fx_read_file(&fx, emb__read_ofsi, fx_data("ofsi/conlist_2020_excerpt.csv"), 0),
                     EMB_OK);
    assert_all_utf8(&fx);
    const emb__ent *e = fx_ent(&fx, "gb-hmt-13799");
    assert_non_null(e);
    /* 0x92 is U+2019 */
    assert_true(fx_has(e, EMB_P_POSITION,
                       "President of the Humanitarian Commission of the "
                       "Bureau Regional d\xE2\x80\x99"
                       "Administration et "
                       "Gestion de Kidal"));
    /* a national number with spaces is kept whole */
    assert_true(fx_has(e, EMB_P_ID_NUMBER, "1 63 08 4 01 001 005E"));
    assert_true(fx_has(e, EMB_P_BIRTH_DATE, "1963-12-31"));
    assert_true(fx_has(e, EMB_P_BIRTH_PLACE, "Tin-Essako, Kidal region, Mali"));
    assert_true(fx_has(e, EMB_P_ALIAS, "Intahmadou AG ALBACHAR"));
    const emb__ent *g = fx_ent(&fx, "gb-hmt-13222");
    int found = 0;
    for (uint32_t k = 0; k < g->nprops; k++)
        found |= g->props[k].key == EMB_P_NOTES &&
                 strstr(g->props[k].val, "People\xC2\xB4s Republic") != NULL; /* 0xB4 */
    assert_true(found);
    fx_free(&fx);
}

static void ofsi_fka_rows_become_previous_names(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(fx_read_file(&fx, emb__read_ofsi, fx_data("ofsi/conlist_2020_excerpt.csv"), 0),
                     EMB_OK);
    const emb__ent *b = fx_ent(&fx, "gb-hmt-10894");
    assert_non_null(b);
    assert_int_equal(b->schema, EMB_SCHEMA_ORGANIZATION);
    assert_string_equal(fx_first(b, EMB_P_NAME), "TANCHON COMMERCIAL BANK");
    assert_true(fx_has(b, EMB_P_PREVIOUS_NAME, "CHANGGWANG CREDIT BANK"));
    assert_true(fx_has(b, EMB_P_PREVIOUS_NAME, "KOREA CHANGGWANG CREDIT BANK"));
    assert_true(fx_has(b, EMB_P_COUNTRY, "kp"));
    assert_int_equal(fx_count(b, EMB_P_LAST_NAME), 0); /* no name parts for entities */
    const emb__ent *p = fx_ent(&fx, "gb-hmt-12941");
    assert_string_equal(fx_first(p, EMB_P_NAME), "Elena Borisovna MIZULINA");
    assert_true(fx_has(p, EMB_P_PREVIOUS_NAME, "Elena Borisovna DMITRIYEVA"));
    fx_free(&fx);
}

static void ofsi_2016_excerpt_is_read(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(fx_read_file(&fx, emb__read_ofsi, fx_data("ofsi/conlist_2016_excerpt.csv"), 0),
                     EMB_OK);
    assert_string_equal(fx_ds(&fx)->list_date, "2016-03-23");
    assert_int_equal(fx_ds(&fx)->records_read, 19);
    assert_int_equal(fx.store.nents, 4);
    assert_all_utf8(&fx);
    const emb__ent *e = fx_ent(&fx, "gb-hmt-12953");
    assert_non_null(e);
    assert_string_equal(fx_first(e, EMB_P_NAME), "Sergei Ivanovich MENYAILO");
    /* "North-Ossetian Autonomous SSR, RSFSR" names no country we know */
    assert_true(fx_has(e, EMB_P_BIRTH_PLACE, "Alagir, North-Ossetian Autonomous SSR, RSFSR"));
    const emb__ent *o = fx_ent(&fx, "gb-hmt-13188");
    assert_non_null(o);
    assert_int_equal(o->schema, EMB_SCHEMA_ORGANIZATION);
    assert_non_null(fx_first(o, EMB_P_NAME));
    fx_free(&fx);
}

static void ofsi_36_column_utf8_layout_is_read(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(fx_read_file(&fx, emb__read_ofsi, fx_data("ofsi/conlist_36col_utf8.csv"), 0),
                     EMB_OK);
    assert_string_equal(fx_ds(&fx)->list_date, "2022-03-16");
    assert_int_equal(fx_warnings_with(&fx, "unknown column"), 0);
    const emb__ent *e = fx_ent(&fx, "gb-hmt-90001");
    assert_non_null(e);
    assert_string_equal(fx_first(e, EMB_P_NAME), "Ivan Sergeyevich PETROV");
    assert_true(fx_has(e, EMB_P_TITLE, "Mr"));
    assert_true(fx_has(e, EMB_P_ALIAS,
                       "\xD0\x98\xD0\xB2\xD0\xB0\xD0\xBD \xD0\xA1\xD0\xB5\xD1\x80"
                       "\xD0\xB3\xD0\xB5\xD0\xB5\xD0\xB2\xD0\xB8\xD1\x87 \xD0\x9F"
                       "\xD0\x95\xD0\xA2\xD0\xA0\xD0\x9E\xD0\x92"));
    assert_true(fx_has(e, EMB_P_NOTES, "Non-Latin Script Type: Cyrillic"));
    assert_true(fx_has(e, EMB_P_NOTES, "Non-Latin Script Language: Russian"));
    assert_true(fx_has(e, EMB_P_WEAK_ALIAS, "Vanya PETROFF"));
    assert_true(fx_has(e, EMB_P_ALIAS, "Johann PETROV"));
    /* bare number columns are used; the prose is kept as notes only */
    assert_true(fx_has(e, EMB_P_PASSPORT_NUMBER, "AB1234567"));
    assert_int_equal(fx_count(e, EMB_P_PASSPORT_NUMBER), 1);
    assert_true(fx_has(e, EMB_P_NOTES, "Passport details: Issued 2015 in Moscow"));
    assert_true(fx_has(e, EMB_P_ID_NUMBER, "771234567890"));
    assert_int_equal(fx_count(e, EMB_P_ID_NUMBER), 1);
    assert_true(
        fx_has(e, EMB_P_NOTES, "National identification details: Russian tax number (INN)"));
    assert_true(fx_has(e, EMB_P_NATIONALITY, "ru"));
    assert_true(fx_has(e, EMB_P_NATIONALITY, "cy"));
    assert_true(fx_has(e, EMB_P_BIRTH_DATE, "1970-03-15"));
    assert_true(fx_has(e, EMB_P_ADDRESS, "1 Example Street, Limassol, 3035, Cyprus"));
    assert_true(fx_has(e, EMB_P_NOTES, "UK Sanctions List date designated: 15/03/2022"));
    assert_true(fx_has(e, EMB_P_POSITION, "Director of Example Bank"));
    const emb__ent *v = fx_ent(&fx, "gb-hmt-90002");
    assert_non_null(v);
    assert_int_equal(v->schema, EMB_SCHEMA_VESSEL);
    assert_true(fx_has(v, EMB_P_NOTES, "IMO: 9123456. Current flag: Russia"));
    fx_free(&fx);
}

static void ofsi_group_without_prime_row_takes_its_first_alias(void **state)
{
    (void)state;
    fx_list fx;
    assert_int_equal(fx_read_file(&fx, emb__read_ofsi, fx_data("ofsi/conlist_36col_utf8.csv"), 0),
                     EMB_OK);
    const emb__ent *e = fx_ent(&fx, "gb-hmt-90003");
    assert_non_null(e);
    assert_string_equal(fx_first(e, EMB_P_NAME), "EXAMPLE TRADING LLC");
    assert_int_equal(fx_count(e, EMB_P_NAME), 1);
    assert_int_equal(fx_count(e, EMB_P_ALIAS), 2);
    assert_int_equal(fx_warnings_with(&fx, "no Prime Alias row"), 1);
    assert_int_equal(fx.warnings.items[0].line, 7); /* the group's first row */
    fx_free(&fx);
}

static void ofsi_enumerated_countries_and_qualifiers(void **state)
{
    (void)state;
    fx_text t;
    fx_text_set(&t, HDR29);
    row(&t, "A", "B", "(1) Afghan (2) Pakistani", "", "", "Iran (as at 2014)", "Individual",
        "Prime Alias", "1");
    row(&t, "C", "D", "Kuwaiti citizenship", "", "", "Ukrainian SSR (now Ukraine)", "Individual",
        "Prime Alias", "2");
    row(&t, "E", "F", "a) French, b) Tunisian", "", "", "In Syria as at June 2013", "Individual",
        "Prime Alias", "3");
    row(&t, "G", "H", "Martian", "", "", "", "Individual", "Prime Alias", "4");
    fx_list fx;
    assert_int_equal(read_text(&fx, t.buf, 0), EMB_OK);
    const emb__ent *a = fx_ent(&fx, "gb-hmt-1");
    assert_true(fx_has(a, EMB_P_NATIONALITY, "af"));
    assert_true(fx_has(a, EMB_P_NATIONALITY, "pk"));
    assert_int_equal(fx_count(a, EMB_P_NATIONALITY), 2);
    assert_true(fx_has(a, EMB_P_COUNTRY, "ir"));
    assert_true(fx_has(a, EMB_P_ADDRESS, "Iran (as at 2014)"));
    const emb__ent *c = fx_ent(&fx, "gb-hmt-2");
    assert_true(fx_has(c, EMB_P_NATIONALITY, "kw"));
    assert_true(fx_has(c, EMB_P_NOTES, "Nationality: Kuwaiti citizenship"));
    assert_true(fx_has(c, EMB_P_COUNTRY, "ua"));
    const emb__ent *e = fx_ent(&fx, "gb-hmt-3");
    assert_true(fx_has(e, EMB_P_NATIONALITY, "fr"));
    assert_true(fx_has(e, EMB_P_NATIONALITY, "tn"));
    assert_true(fx_has(e, EMB_P_COUNTRY, "sy"));
    assert_int_equal(fx_count(e, EMB_P_COUNTRY), 1);
    /* no country at all: kept as written, with a warning */
    const emb__ent *g = fx_ent(&fx, "gb-hmt-4");
    assert_true(fx_has(g, EMB_P_NATIONALITY, "Martian"));
    assert_int_equal(fx_warnings_with(&fx, "'Martian'"), 1);
    fx_free(&fx);
}

static void ofsi_identifiers_are_taken_from_prose(void **state)
{
    (void)state;
    fx_text t;
    fx_text_set(&t, HDR29);
    row(&t, "A", "B", "",
        "(1) A-333602 (Indian) issued on 4 June 1985 in Bombay (2) M110522 (Indian) "
        "(12)H-123259. Issued in July 2001",
        "Chad national identity card no. 103-00653129-22, issued on 21 April 2009", "",
        "Individual", "Prime Alias", "1");
    row(&t, "C", "D", "", "Uganda Passport.", "05093588", "", "Individual", "Prime Alias", "2");
    fx_list fx;
    assert_int_equal(read_text(&fx, t.buf, 0), EMB_OK);
    const emb__ent *a = fx_ent(&fx, "gb-hmt-1");
    assert_true(fx_has(a, EMB_P_PASSPORT_NUMBER, "A-333602"));
    assert_true(fx_has(a, EMB_P_PASSPORT_NUMBER, "M110522"));
    assert_true(fx_has(a, EMB_P_PASSPORT_NUMBER, "H-123259"));
    assert_int_equal(fx_count(a, EMB_P_PASSPORT_NUMBER), 3);
    assert_true(fx_has(a, EMB_P_ID_NUMBER, "103-00653129-22"));
    assert_int_equal(fx_count(a, EMB_P_ID_NUMBER), 1);
    assert_int_equal(fx_count(a, EMB_P_NOTES), 2); /* both prose texts */
    const emb__ent *c = fx_ent(&fx, "gb-hmt-2");
    assert_int_equal(fx_count(c, EMB_P_PASSPORT_NUMBER), 0);
    assert_true(fx_has(c, EMB_P_NOTES, "Passport details: Uganda Passport."));
    assert_true(fx_has(c, EMB_P_ID_NUMBER, "05093588"));
    assert_int_equal(fx_count(c, EMB_P_NOTES), 1); /* a bare number needs no note */
    fx_free(&fx);
}

/* ---- the real files ---- */

static void ofsi_golden_counts_on_the_repository_file(void **state)
{
    (void)state;
    fx_list fx;
    emb_status st = fx_read_file(&fx, emb__read_ofsi,
                                 fx_repo_data("lists/uk_ofsi/ConList_2020-04-27.csv.xz"), 0);
    assert_int_equal(st, EMB_OK);
    /* Counted with Python (cp1252, csv): 9,492 rows, 2,114 Group IDs
     * (Individual 1,523, Entity 591), each with one distinct prime name;
     * 3,653 distinct AKA and 14 distinct FKA names per group. */
    assert_string_equal(fx_ds(&fx)->list_date, "2020-04-27");
    assert_int_equal(fx_ds(&fx)->records_read, 9492);
    assert_int_equal(fx_ds(&fx)->records_skipped, 0);
    assert_int_equal(fx.store.nents, 2114);
    assert_int_equal(fx_total_schema(&fx, EMB_SCHEMA_PERSON), 1523);
    assert_int_equal(fx_total_schema(&fx, EMB_SCHEMA_ORGANIZATION), 591);
    assert_int_equal(fx_total(&fx, EMB_P_NAME), 2114);
    assert_int_equal(fx_total(&fx, EMB_P_ALIAS), 3653);
    assert_int_equal(fx_total(&fx, EMB_P_PREVIOUS_NAME), 14);
    assert_int_equal(fx_warnings_with(&fx, "no Prime Alias"), 0);
    assert_int_equal(fx_warnings_with(&fx, "invalid UTF-8"), 0);
    assert_int_equal(fx_warnings_with(&fx, "Windows-1252"), 0);
    assert_all_utf8(&fx);
    fx_free(&fx);
}

static void ofsi_golden_counts_on_the_2016_file(void **state)
{
    (void)state;
    const char *path = "/work/shared/data/lists/uk_ofsi/ConList_2016-03-23.csv";
    FILE *fp = fopen(path, "rb");
    if (!fp)
        skip(); /* only on machines with the shared data set */
    fclose(fp);
    fx_list fx;
    assert_int_equal(fx_read_file(&fx, emb__read_ofsi, path, 0), EMB_OK);
    /* Python: 8,746 rows, 1,924 groups (1,269 / 655), 3,038 AKA, 12 FKA. */
    assert_string_equal(fx_ds(&fx)->list_date, "2016-03-23");
    assert_int_equal(fx_ds(&fx)->records_read, 8746);
    assert_int_equal(fx.store.nents, 1924);
    assert_int_equal(fx_total_schema(&fx, EMB_SCHEMA_PERSON), 1269);
    assert_int_equal(fx_total_schema(&fx, EMB_SCHEMA_ORGANIZATION), 655);
    assert_int_equal(fx_total(&fx, EMB_P_NAME), 1924);
    assert_int_equal(fx_total(&fx, EMB_P_ALIAS), 3038);
    assert_int_equal(fx_total(&fx, EMB_P_PREVIOUS_NAME), 12);
    assert_all_utf8(&fx);
    fx_free(&fx);
}

/* ---- malformed input ---- */

static void ofsi_truncated_file_fails_naming_the_line(void **state)
{
    (void)state;
    fx_text t;
    fx_text_set(&t, "Last Updated,27/04/2020\r\n");
    fx_text_add(&t, "%s", HDR29);
    row(&t, "A", "B", "", "", "", "", "Individual", "Prime Alias", "1");
    const char *cut = "C,D,,,,,,,,,\"Saudi";
    fx_text_add(&t, "%s", cut);
    fx_list fx;
    assert_int_equal(read_text(&fx, t.buf, 0), EMB_EPARSE);
    assert_int_equal(fx.err.line, 4);
    assert_int_equal(t.buf[fx.err.offset], '"');
    fx_free(&fx);
}

static void ofsi_broken_quoting_fails_with_offset(void **state)
{
    (void)state;
    fx_text t;
    fx_text_set(&t, HDR29);
    row(&t, "\"A\"B", "C", "", "", "", "", "Individual", "Prime Alias", "1");
    fx_list fx;
    assert_int_equal(read_text(&fx, t.buf, 0), EMB_EPARSE);
    assert_int_equal(fx.err.line, 2);
    assert_int_equal(fx.err.column, 4);
    assert_int_equal(t.buf[fx.err.offset], 'B');
    fx_free(&fx);
}

static void ofsi_bad_bytes_are_reported_never_passed_on(void **state)
{
    (void)state;
    fx_text t;
    fx_text_set(&t, HDR29);
    /* Windows-1252: 0x81 is undefined, 0xE9 is e-acute */
    row(&t, "CAF\xC9", "X\x81Y", "", "", "", "", "Entity", "Prime Alias", "1");
    fx_list fx;
    assert_int_equal(read_text(&fx, t.buf, 0), EMB_OK);
    const emb__ent *e = fx_ent(&fx, "gb-hmt-1");
    assert_string_equal(fx_first(e, EMB_P_NAME), "X\xEF\xBF\xBDY CAF\xC3\x89");
    assert_int_equal(fx_warnings_with(&fx, "undefined in Windows-1252"), 1);
    assert_int_equal(fx.warnings.items[0].line, 2);
    fx_free(&fx);
    /* UTF-8 (BOM): an invalid sequence in a value drops that value */
    fx_text_set(&t, "\xEF\xBB\xBF");
    fx_text_add(&t, "%s", HDR29);
    row(&t, "CAF\xC3\x89", "", "", "", "", "Fr\xC3\xA0nce\xC3", "Entity", "Prime Alias", "1");
    assert_int_equal(read_text(&fx, t.buf, 0), EMB_OK);
    e = fx_ent(&fx, "gb-hmt-1");
    assert_string_equal(fx_first(e, EMB_P_NAME), "CAF\xC3\x89");
    assert_int_equal(fx_count(e, EMB_P_ADDRESS), 0);
    assert_int_equal(fx_count(e, EMB_P_COUNTRY), 0);
    assert_int_equal(fx_warnings_with(&fx, "invalid UTF-8"), 2); /* address, country */
    assert_int_equal(fx.warnings.items[0].line, 2);
    assert_all_utf8(&fx);
    fx_free(&fx);
}

static void ofsi_record_without_name_or_group_is_skipped(void **state)
{
    (void)state;
    fx_text t;
    fx_text_set(&t, HDR29);
    row(&t, "", "", "", "", "", "", "Individual", "Prime Alias", "1");
    row(&t, "A", "B", "", "", "", "", "Individual", "Prime Alias", "");
    row(&t, "C", "D", "", "", "", "", "Individual", "Prime Alias", "3");
    fx_text_add(&t, "E,F,G\r\n");
    fx_list fx;
    assert_int_equal(read_text(&fx, t.buf, 0), EMB_OK);
    assert_int_equal(fx_ds(&fx)->records_read, 4);
    assert_int_equal(fx_ds(&fx)->records_skipped, 3);
    assert_int_equal(fx.store.nents, 1);
    assert_int_equal(fx_warnings_with(&fx, "has no name"), 1);
    assert_int_equal(fx_warnings_with(&fx, "without a Group ID"), 1);
    assert_int_equal(fx_warnings_with(&fx, "has 3 fields, the header has 29"), 1);
    assert_int_equal(fx.warnings.items[0].line, 2);
    assert_int_equal(fx.warnings.items[1].line, 3);
    assert_int_equal(fx.warnings.items[2].line, 5);
    fx_free(&fx);
}

static void ofsi_wrong_structure_fails(void **state)
{
    (void)state;
    fx_list fx;
    /* the CSL header is not an OFSI header */
    assert_int_equal(read_text(&fx, "Last Updated,27/04/2020\r\n_id,source,name\r\n1,2,3\r\n", 0),
                     EMB_EPARSE);
    assert_int_equal(fx.err.line, 2);
    assert_non_null(strstr(fx.err.message, "'Name 6'"));
    fx_free(&fx);
    assert_int_equal(read_text(&fx, "Last Updated,27/04/2020\r\n", 0), EMB_EPARSE);
    assert_non_null(strstr(fx.err.message, "header"));
    fx_free(&fx);
    assert_int_equal(read_text(&fx, "", 0), EMB_EPARSE);
    fx_free(&fx);
    /* an unreadable list date is reported, the list still read */
    fx_text t;
    fx_text_set(&t, "Last Updated,sometime\r\n");
    fx_text_add(&t, "%s", HDR29);
    row(&t, "A", "B", "", "", "", "", "Individual", "Prime Alias", "1");
    assert_int_equal(read_text(&fx, t.buf, 0), EMB_OK);
    assert_int_equal(fx_warnings_with(&fx, "unreadable list date 'sometime'"), 1);
    assert_string_equal(fx_ds(&fx)->list_date, "");
    assert_int_equal(fx.store.nents, 1);
    fx_free(&fx);
}

static void ofsi_strict_mode_turns_a_skip_into_an_error(void **state)
{
    (void)state;
    fx_text t;
    fx_text_set(&t, HDR29);
    row(&t, "A", "B", "", "", "", "", "Individual", "Prime Alias", "1");
    row(&t, "C", "D", "", "", "", "", "Individual", "Prime Alias", "");
    fx_list fx;
    assert_int_equal(read_text(&fx, t.buf, EMB_BUILD_STRICT), EMB_ESTRICT);
    assert_int_equal(fx.err.line, 3);
    fx_free(&fx);
}

static void ofsi_allocation_failures_are_reported_and_leak_nothing(void **state)
{
    (void)state;
    assert_true(fx_alloc_walk(emb__read_ofsi, fx_data("ofsi/conlist_2020_excerpt.csv")) > 10);
    assert_true(fx_alloc_walk(emb__read_ofsi, fx_data("ofsi/conlist_36col_utf8.csv")) > 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ofsi_2020_excerpt_person_is_mapped),
        cmocka_unit_test(ofsi_windows_1252_text_becomes_utf8),
        cmocka_unit_test(ofsi_fka_rows_become_previous_names),
        cmocka_unit_test(ofsi_2016_excerpt_is_read),
        cmocka_unit_test(ofsi_36_column_utf8_layout_is_read),
        cmocka_unit_test(ofsi_group_without_prime_row_takes_its_first_alias),
        cmocka_unit_test(ofsi_enumerated_countries_and_qualifiers),
        cmocka_unit_test(ofsi_identifiers_are_taken_from_prose),
        cmocka_unit_test(ofsi_golden_counts_on_the_repository_file),
        cmocka_unit_test(ofsi_golden_counts_on_the_2016_file),
        cmocka_unit_test(ofsi_truncated_file_fails_naming_the_line),
        cmocka_unit_test(ofsi_broken_quoting_fails_with_offset),
        cmocka_unit_test(ofsi_bad_bytes_are_reported_never_passed_on),
        cmocka_unit_test(ofsi_record_without_name_or_group_is_skipped),
        cmocka_unit_test(ofsi_wrong_structure_fails),
        cmocka_unit_test(ofsi_strict_mode_turns_a_skip_into_an_error),
        cmocka_unit_test(ofsi_allocation_failures_are_reported_and_leak_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
