/*
 * test_names.c - names within names (score/names.c) and the scoring rules
 * of score/compare.c that need no snapshot: each rule has a pair that it
 * must make match and, where it guards precision, a pair it must keep
 * apart.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "embargo.h"
#include "score/names.h"

static int has_variant_as(const char *name, emb_schema schema, const char *want)
{
    emb__span v[EMB_NAME_MAX_VARIANTS];
    size_t n = emb__name_variants(name, strlen(name), schema, v, EMB_NAME_MAX_VARIANTS);
    for (size_t i = 0; i < n; i++)
        if (v[i].n == strlen(want) && memcmp(v[i].s, want, v[i].n) == 0)
            return 1;
    return 0;
}

static int has_variant(const char *name, const char *want)
{
    return has_variant_as(name, EMB_SCHEMA_THING, want);
}

static size_t count(const char *name)
{
    emb__span v[EMB_NAME_MAX_VARIANTS];
    return emb__name_variants(name, strlen(name), EMB_SCHEMA_THING, v, EMB_NAME_MAX_VARIANTS);
}

static void names_split_former_and_other_names(void **state)
{
    (void)state;
    assert_true(has_variant("BARKA NOGAT 12 (ex WARTA 7)", "BARKA NOGAT 12"));
    assert_true(has_variant("BARKA NOGAT 12 (ex WARTA 7)", "WARTA 7"));
    assert_true(has_variant("ARBEL EXPRESS (ex-SARONIC EXPRESS)", "SARONIC EXPRESS"));
    assert_true(has_variant("ACME LLC f/k/a ACME TRADING LLC", "ACME TRADING LLC"));
    assert_true(
        has_variant("Kenari Foods (formerly known as Kenari Frozen Foods)", "Kenari Frozen Foods"));
    assert_true(has_variant("Theodosia K (ex-Lindos Harrier until 2019)", "Lindos Harrier"));
    assert_true(
        has_variant("MV Karachi Crescent (ex Mandvi Bay, ex Wanshan Pearl)", "Wanshan Pearl"));
    assert_true(has_variant("MV Karachi Crescent (ex Mandvi Bay, ex Wanshan Pearl)", "Mandvi Bay"));
}

static void names_split_labels_agents_and_places(void **state)
{
    (void)state;
    assert_true(has_variant("ORDERING CUSTOMER: KALLIOSAARI TRADING OY", "KALLIOSAARI TRADING OY"));
    assert_true(
        has_variant("Rancho Vercel SA de CV c/o Aduanas Pedraza", "Rancho Vercel SA de CV"));
    assert_true(has_variant("MT GOLDEN KINNAREE, Laem Chabang", "MT GOLDEN KINNAREE"));
    assert_true(has_variant("Tidewell Process Equipment Inc, 12250 Brevard Ln, Pasadena TX",
                            "Tidewell Process Equipment Inc"));
    assert_true(has_variant("Atomic Energy Organization of Iran (AEOI)", "AEOI"));
}

static void names_keep_what_is_one_name(void **state)
{
    (void)state;
    /* "SURNAME, Given" stays whole, also when the surnames are three
     * words: a person's name is never a name and a place */
    assert_int_equal(count("PUTIN, Vladimir Vladimirovich"), 1);
    assert_false(has_variant_as("DE LOS REYES, Feliciano", EMB_SCHEMA_PERSON, "DE LOS REYES"));
    assert_true(has_variant_as("MT GOLDEN KINNAREE, Laem Chabang", EMB_SCHEMA_VESSEL,
                               "MT GOLDEN KINNAREE"));
    /* a sub-unit after a comma is not a place */
    assert_false(has_variant("Academy of Military Medical Sciences, Institute of Medical Equipment",
                             "Academy of Military Medical Sciences"));
    /* a country in parentheses is not an abbreviation of the name */
    assert_false(has_variant("Lundqvist Hydraulics (UK) Ltd.", "UK"));
    /* "ex" inside a word is not a marker */
    assert_int_equal(count("EXPRESS LINE TEXAS"), 1);
    assert_int_equal(count("KIM JONG UN"), 1);
    assert_int_equal(count(""), 0);
}

static double cmp(const char *a, const char *b, emb_schema s)
{
    double score = -1;
    assert_int_equal(emb_compare_names(NULL, a, EMB_NUL, b, EMB_NUL, s, &score, NULL, 0, NULL),
                     EMB_OK);
    return score;
}

/* The second reading of a Ukrainian or Belarusian name (names.h): the
 * letters read the other way, the rest as written; none for a Russian
 * name, and none when it does not fit. */
static void cyrillic_names_read_the_other_way(void **state)
{
    (void)state;
    char buf[64];
    size_t n = 0;
    /* Євген Гнатюк: г as h, и (none here), є as ye at a word's start */
    const char *ukr = "\u0404\u0432\u0433\u0435\u043D \u0413\u043D\u0430\u0442\u044E\u043A";
    assert_int_equal(emb__name_cyrillic_reading(ukr, strlen(ukr), buf, sizeof buf, &n), 1);
    assert_string_equal(buf, "ye\u0432h\u0435\u043D h\u043D\u0430\u0442\u044E\u043A");
    assert_int_equal(n, strlen(buf));
    /* a Russian name is read once: Сергей */
    const char *rus = "\u0421\u0435\u0440\u0433\u0435\u0439";
    assert_int_equal(emb__name_cyrillic_reading(rus, strlen(rus), buf, sizeof buf, &n), 0);
    /* too small a buffer: refused, not cut */
    assert_int_equal(emb__name_cyrillic_reading(ukr, strlen(ukr), buf, 6, &n), 0);
}

static void compare_rules_that_make_names_match(void **state)
{
    (void)state;
    assert_true(cmp("Mohammad Hosseini", "Muhammad Husseini", EMB_SCHEMA_PERSON) >= 0.8);
    assert_true(cmp("Ri Jong Chol", "Lee Jong Chol", EMB_SCHEMA_PERSON) >= 0.9);
    assert_true(cmp("JSCARGUMENT", "JSC ARGUMENT", EMB_SCHEMA_COMPANY) >= 0.8);
    assert_true(cmp("EtsKoffietFreres", "Ets Koffi et Freres", EMB_SCHEMA_COMPANY) >= 0.8);
    assert_true(cmp("PLA", "People's Liberation Army", EMB_SCHEMA_ORGANIZATION) >= 0.7);
    assert_true(cmp("Brigade Forty-Four", "Brigade 44", EMB_SCHEMA_ORGANIZATION) >= 0.99);
    assert_true(cmp("THONG NAWA NO. 3", "Thong Nawa 3", EMB_SCHEMA_VESSEL) >= 0.99);
    assert_true(cmp("Delancourt Bros. Mfg. Co.", "Delancourt Brothers Manufacturing Co.",
                    EMB_SCHEMA_COMPANY) >= 0.9);
    assert_true(cmp("Ig0r Sech1n", "Igor Sechin", EMB_SCHEMA_PERSON) >= 0.99);
    assert_true(cmp("Ben Netanyahu", "Benjamin Netanyahu", EMB_SCHEMA_PERSON) >= 0.7);
    assert_true(cmp("Hsi Chin-ping", "Xi Jinping", EMB_SCHEMA_PERSON) >= 0.7);
    assert_true(cmp("محمد علي", "Mohamed Ali", EMB_SCHEMA_PERSON) >= 0.8);
    /* two words split elsewhere, every letter the same: joined before
     * either word is taken for a typo of the other's, and no exact name */
    double split = cmp("ART AWAVE SDN BHD", "ARTA WAVE SDN BHD", EMB_SCHEMA_COMPANY);
    assert_true(split >= 0.9 && split < 0.99);
    assert_true(cmp("Myongc Hin Kim", "Myong Chin Kim", EMB_SCHEMA_PERSON) >= 0.9);
}

static void compare_rules_that_keep_names_apart(void **state)
{
    (void)state;
    /* numbers differ, or stand on one side only */
    assert_true(cmp("SAM MA NO 8", "SAM MA NO 6", EMB_SCHEMA_VESSEL) <= 0.5);
    assert_true(cmp("Wattle Star II", "Wattle Star III", EMB_SCHEMA_VESSEL) <= 0.5);
    assert_true(cmp("Mandvi Bay", "Mandvi Bay II", EMB_SCHEMA_VESSEL) < 0.8);
    /* a name replaced by another */
    assert_true(cmp("Kim Jong Il", "Kim Jong Un", EMB_SCHEMA_PERSON) < 0.7);
    assert_true(cmp("Octavian Scholz", "Olaf Scholz", EMB_SCHEMA_PERSON) < 0.7);
    /* patronymic chains in the other order */
    assert_true(
        cmp("SALMAN BIN MUHAMMAD AL-RAWI", "MUHAMMAD BIN SALMAN AL-RAWI", EMB_SCHEMA_PERSON) < 0.7);
    /* different remarks in parentheses: sister companies */
    assert_true(cmp("Bank of China (Hong Kong) Limited", "Bank of China (Singapore) Limited",
                    EMB_SCHEMA_COMPANY) < 0.7);
    /* short syllables do not match by a changed first letter */
    assert_true(cmp("Song Jin", "Rong Jin", EMB_SCHEMA_PERSON) < 0.7);
    /* two names written in Hangul or Han: their syllables must agree */
    assert_true(cmp("\xea\xb9\x80\xec\xa2\x85\xec\x9d\x80", "\xea\xb9\x80\xec\xa0\x95\xec\x9d\x80",
                    EMB_SCHEMA_PERSON) < 0.7);
    /* while Hangul against a romanisation still matches */
    assert_true(cmp("\xea\xb9\x80\xec\xa0\x95\xec\x9d\x80", "Kim Jong Un", EMB_SCHEMA_PERSON) >=
                0.7);
    /* legal forms of different kinds lower the score */
    assert_true(cmp("Deutsche Bank AG", "Deutsche Bank GmbH", EMB_SCHEMA_COMPANY) <
                cmp("Deutsche Bank AG", "Deutsche Bank AG", EMB_SCHEMA_COMPANY));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(names_split_former_and_other_names),
        cmocka_unit_test(names_split_labels_agents_and_places),
        cmocka_unit_test(names_keep_what_is_one_name),
        cmocka_unit_test(cyrillic_names_read_the_other_way),
        cmocka_unit_test(compare_rules_that_make_names_match),
        cmocka_unit_test(compare_rules_that_keep_names_apart),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
