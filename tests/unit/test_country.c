/*
 * test_country.c - country names, adjectives and codes to alpha-2
 * (src/lib/text/country.c and the generated country_table.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "support/fixture.h"
#include "text/country.h"
#include "text/country_table.h"

/* Code for s, or "" when it does not map. */
static const char *code_of(const char *s)
{
    static char out[3];
    if (!emb__country_code(s, strlen(s), out))
        return "";
    return out;
}

static void country_maps_alpha2_and_alpha3_codes(void **state)
{
    (void)state;
    assert_string_equal(code_of("RU"), "ru");
    assert_string_equal(code_of("ru"), "ru");
    assert_string_equal(code_of("RUS"), "ru");
    assert_string_equal(code_of("prk"), "kp");
    assert_string_equal(code_of("IRN"), "ir");
    assert_string_equal(code_of("XK"), "xk");
}

static void country_folds_case_accents_punctuation_and_the(void **state)
{
    (void)state;
    assert_string_equal(code_of("CÔTE D\xE2\x80\x99IVOIRE"), "ci");
    assert_string_equal(code_of("cote d'ivoire"), "ci");
    assert_string_equal(code_of("T\xC3\xBCrkiye"), "tr");
    assert_string_equal(code_of("  The   Netherlands "), "nl");
    assert_string_equal(code_of("KOREA  (NORTH)"), "kp");
    assert_string_equal(code_of("Korea-North"), "kp");
    assert_string_equal(code_of("R\xC3\xA9publique arabe syrienne"), "sy");
    assert_string_equal(code_of("\xC3\x85land Islands"), "ax");
}

static void country_maps_sanctioned_state_synonyms(void **state)
{
    (void)state;
    static const char *const kp[] = {"North Korea",
                                     "Korea, North",
                                     "DPRK",
                                     "D.P.R.K.",
                                     "Democratic People's Republic of Korea",
                                     "Korea, Democratic People's Republic of"};
    for (size_t i = 0; i < sizeof kp / sizeof kp[0]; i++)
        assert_string_equal(code_of(kp[i]), "kp");
    assert_string_equal(code_of("South Korea"), "kr");
    assert_string_equal(code_of("Republic of Korea"), "kr");
    assert_string_equal(code_of("Iran, Islamic Republic of"), "ir");
    assert_string_equal(code_of("Islamic Republic of Iran"), "ir");
    assert_string_equal(code_of("Burma"), "mm");
    assert_string_equal(code_of("Myanmar"), "mm");
    assert_string_equal(code_of("Viet Nam"), "vn");
    assert_string_equal(code_of("Laos"), "la");
    assert_string_equal(code_of("Turkey"), "tr");
    assert_string_equal(code_of("Ivory Coast"), "ci");
    assert_string_equal(code_of("Democratic Republic of the Congo"), "cd");
    assert_string_equal(code_of("Congo"), "cg");
    assert_string_equal(code_of("United States of America"), "us");
    assert_string_equal(code_of("USA"), "us");
    assert_string_equal(code_of("UK"), "gb");
    assert_string_equal(code_of("Great Britain"), "gb");
    assert_string_equal(code_of("Palestinian Territories"), "ps");
    assert_string_equal(code_of("Kosovo"), "xk");
}

static void country_maps_nationality_adjectives(void **state)
{
    (void)state;
    assert_string_equal(code_of("Iranian"), "ir");
    assert_string_equal(code_of("North Korean"), "kp");
    assert_string_equal(code_of("Syrian"), "sy");
    assert_string_equal(code_of("Russian"), "ru");
    assert_string_equal(code_of("Chinese"), "cn");
    assert_string_equal(code_of("Iraqi"), "iq");
    assert_string_equal(code_of("Afghan"), "af");
    assert_string_equal(code_of("Pakistani"), "pk");
    assert_string_equal(code_of("Lebanese"), "lb");
    assert_string_equal(code_of("BELARUSIAN"), "by");
}

static void country_regions_map_to_their_country(void **state)
{
    (void)state;
    assert_string_equal(code_of("Crimea"), "ua");
    assert_string_equal(code_of("Gaza Strip"), "ps");
}

static void country_historic_states_use_reserved_codes(void **state)
{
    (void)state;
    assert_string_equal(code_of("USSR"), "su");
    assert_string_equal(code_of("Soviet Union"), "su");
    assert_string_equal(code_of("Yugoslavia"), "yu");
    assert_string_equal(code_of("Serbia and Montenegro"), "cs");
    assert_string_equal(code_of("Netherlands Antilles"), "an");
    assert_string_equal(emb__country_name("su"), "Soviet Union");
    assert_string_equal(emb__country_name("yu"), "Yugoslavia");
}

static void country_bilingual_slash_tries_each_side(void **state)
{
    (void)state;
    assert_string_equal(code_of("Burma / Birmanie"), "mm");
    assert_string_equal(code_of("Allemagne / Germany"), "de");
    /* two different countries are a list, not a bilingual name */
    assert_string_equal(code_of("Iran / Iraq"), "");
}

static void country_decorations_fall_back_in_order(void **state)
{
    (void)state;
    /* a parenthesised comment is dropped ... */
    assert_string_equal(code_of("Iraq (previous)"), "iq");
    /* ... but a form that is itself a key wins over the shorter name */
    assert_string_equal(code_of("Congo (Democratic Republic)"), "cd");
    assert_string_equal(code_of("Moldova, Republic of"), "md");
    assert_string_equal(code_of("Tunisi (Tunisia)"), "tn");
    assert_string_equal(code_of("Isfahan, Iran"), "ir");
    assert_string_equal(code_of("Syrian, Turkish"), "");
}

static void country_rejects_unknown_ambiguous_and_bad_input(void **state)
{
    (void)state;
    char out[3] = "zz";
    assert_string_equal(code_of(""), "");
    assert_string_equal(code_of("   "), "");
    assert_string_equal(code_of("Korea"), "");
    assert_string_equal(code_of("Korean"), "");
    assert_string_equal(code_of("Atlantis"), "");
    assert_string_equal(code_of("UNKNOWN"), "");
    assert_string_equal(code_of("00"), "");
    assert_string_equal(code_of("Ir\xC3"), ""); /* truncated UTF-8 */
    assert_int_equal(emb__country_code(NULL, 3, out), 0);
    assert_int_equal(emb__country_code("Iran", 4, NULL), 0);
    char big[1000];
    memset(big, 'a', sizeof big);
    assert_int_equal(emb__country_code(big, sizeof big, out), 0);
    /* length is honoured: "Iranian" cut to "Iran" */
    assert_int_equal(emb__country_code("Iranian", 4, out), 1);
    assert_string_equal(out, "ir");
}

static void country_name_for_code(void **state)
{
    (void)state;
    assert_string_equal(emb__country_name("ir"), "Iran");
    assert_string_equal(emb__country_name("KP"), "North Korea");
    assert_string_equal(emb__country_name("xk"), "Kosovo");
    assert_null(emb__country_name("zz"));
    assert_null(emb__country_name("i"));
    assert_null(emb__country_name("irn"));
    assert_null(emb__country_name(NULL));
}

/* The generator folds keys in Python; every key must come back to its own
 * code through the C fold, and the table must be strictly sorted. */
static void country_table_keys_round_trip_through_c_fold(void **state)
{
    (void)state;
    assert_true(emb__country_names_n > 1000);
    for (size_t i = 0; i < emb__country_names_n; i++) {
        const emb__country_pair *p = &emb__country_names[i];
        char out[3];
        if (i > 0) {
            const emb__country_pair *q = &emb__country_names[i - 1];
            size_t m = q->len < p->len ? q->len : p->len;
            int c = memcmp(q->name, p->name, m);
            assert_true(c < 0 || (c == 0 && q->len < p->len));
        }
        if (!emb__country_code(p->name, p->len, out) || memcmp(out, p->code, 3) != 0)
            fail_msg("key \"%.*s\" does not map back to %s", (int)p->len, p->name, p->code);
        assert_non_null(emb__country_name(p->code));
    }
}

/* tests/data/text/country_forms.tsv: strings cut from data/lists. */
static void country_maps_forms_found_in_the_lists(void **state)
{
    (void)state;
    FILE *f = fopen(fx_data("text/country_forms.tsv"), "r");
    assert_non_null(f);
    char line[512];
    int n = 0, bad = 0;
    while (fgets(line, sizeof line, f)) {
        size_t len = strcspn(line, "\r\n");
        line[len] = '\0';
        if (len == 0 || line[0] == '#')
            continue;
        char *tab = strchr(line, '\t');
        assert_non_null(tab);
        *tab = '\0';
        const char *want = strcmp(tab + 1, "-") == 0 ? "" : tab + 1;
        const char *got = code_of(line);
        if (strcmp(got, want) != 0) {
            print_message("country \"%s\": got \"%s\", want \"%s\"\n", line, got, want);
            bad++;
        }
        n++;
    }
    fclose(f);
    assert_true(n > 40);
    assert_int_equal(bad, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(country_maps_alpha2_and_alpha3_codes),
        cmocka_unit_test(country_folds_case_accents_punctuation_and_the),
        cmocka_unit_test(country_maps_sanctioned_state_synonyms),
        cmocka_unit_test(country_maps_nationality_adjectives),
        cmocka_unit_test(country_regions_map_to_their_country),
        cmocka_unit_test(country_historic_states_use_reserved_codes),
        cmocka_unit_test(country_bilingual_slash_tries_each_side),
        cmocka_unit_test(country_decorations_fall_back_in_order),
        cmocka_unit_test(country_rejects_unknown_ambiguous_and_bad_input),
        cmocka_unit_test(country_name_for_code),
        cmocka_unit_test(country_table_keys_round_trip_through_c_fold),
        cmocka_unit_test(country_maps_forms_found_in_the_lists),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
