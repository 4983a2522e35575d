/*
 * test_phonetic.c - romanisation-tolerant keys (text/phonetic.c) and the
 * name-variant groups (text/variants.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "text/phonetic.h"
#include "text/sector.h"

static void key_of(const char *s, char *out)
{
    emb__phon_key(s, strlen(s), out, EMB__PHON_KEY_MAX + 1);
}

/* Every word of the space-separated list must share one key. */
static void same(const char *list)
{
    char first[EMB__PHON_KEY_MAX + 1] = "", k[EMB__PHON_KEY_MAX + 1];
    char w[64], firstw[64] = "";
    const char *p = list;
    while (*p) {
        size_t n = strcspn(p, " ");
        memcpy(w, p, n);
        w[n] = '\0';
        key_of(w, k);
        if (!firstw[0]) {
            memcpy(firstw, w, n + 1);
            memcpy(first, k, sizeof k);
        } else if (strcmp(first, k) != 0) {
            fail_msg("\"%s\" (%s) and \"%s\" (%s) should share a key", firstw, first, w, k);
        }
        p += n;
        while (*p == ' ')
            p++;
    }
}

static void differ(const char *a, const char *b)
{
    char ka[EMB__PHON_KEY_MAX + 1], kb[EMB__PHON_KEY_MAX + 1];
    key_of(a, ka);
    key_of(b, kb);
    if (strcmp(ka, kb) == 0)
        fail_msg("\"%s\" and \"%s\" should differ (both %s)", a, b, ka);
}

static void phon_korean_mr_and_rr_share_keys(void **state)
{
    (void)state;
    same("kim gim");
    same("jong jeong chong chung jung");
    same("choe choi choy");
    same("pak bak");
    same("kang gang");
    same("cho jo");
    same("sin shin");
    same("yun yoon");
    same("o oh");
    same("kyung gyeong kyong");
    same("kwon gwon");
    same("pyon byon");
}

static void phon_arabic_persian_variation_shares_keys(void **state)
{
    (void)state;
    same("mohammad muhammad mohamed mohammed muhammed mohamad");
    same("hussein hossein husain hussain husein");
    same("hassan hasan");
    same("ahmad ahmed");
    same("abdullah abdulla abdallah");
    same("osman usman uthman");
    same("qasim kasim");
    same("khalid khaled");
    same("zadeh zade");
    same("faisal feisal faysal");
    same("yusuf yousef youssef yosef");
    same("mariam maryam");
}

static void phon_russian_variation_shares_keys(void **state)
{
    (void)state;
    same("sergei sergey serguei");
    same("ivanov ivanoff ivanow");
    same("yuri yury iouri");
    same("dmitri dmitry");
    same("aleksandr alexander");
    same("aliyev aliev");
    same("sergeyev sergeev");
    same("tsvetkov zwetkow");
    same("shcherbakov sherbakov");
}

static void phon_chinese_and_european_variation_shares_keys(void **state)
{
    (void)state;
    same("xi hsi");
    same("zhang chang");
    same("philip filip");
    same("schwarz schwartz");
    same("mueller muller");
}

static void phon_different_names_get_different_keys(void **state)
{
    (void)state;
    differ("kim", "kin");
    differ("park", "paek");
    differ("jong", "jang");
    differ("hassan", "hussein");
    differ("mohammad", "mahmoud");
    differ("ali", "ala");
    differ("omar", "amir");
    differ("karim", "kamal");
    differ("ivan", "ivanov");
    differ("li", "lin");
    differ("nam", "nan");
}

static void phon_skeleton_drops_vowels(void **state)
{
    (void)state;
    char a[EMB__PHON_KEY_MAX + 1], b[EMB__PHON_KEY_MAX + 1];
    emb__phon_skeleton("mhmd", 4, a, sizeof a);
    emb__phon_skeleton("mohammad", 8, b, sizeof b);
    assert_string_equal(a, b);
    emb__phon_skeleton("hsyn", 4, a, sizeof a);
    emb__phon_skeleton("hussein", 7, b, sizeof b);
    assert_string_equal(a, b);
}

static void phon_key_edges(void **state)
{
    (void)state;
    char k[EMB__PHON_KEY_MAX + 1];
    assert_int_equal(emb__phon_key("", 0, k, sizeof k), 0);
    assert_string_equal(k, "");
    assert_int_equal(emb__phon_key(NULL, 3, k, sizeof k), 0);
    /* digits are kept */
    assert_true(emb__phon_key("1718", 4, k, sizeof k) == 4);
    assert_string_equal(k, "1718");
    /* too small a buffer: 0 and an empty string */
    char tiny[3];
    assert_int_equal(emb__phon_key("mohammad", 8, tiny, sizeof tiny), 0);
    assert_string_equal(tiny, "");
    /* the documented maximum always fits, even for 'x' (two classes) */
    char xs[200];
    memset(xs, 'x', sizeof xs);
    xs[0] = 'a';
    for (size_t i = 1; i < sizeof xs; i += 2)
        xs[i] = 'e';
    assert_true(emb__phon_key(xs, sizeof xs, k, sizeof k) > 0);
    assert_true(strlen(k) <= EMB__PHON_KEY_MAX);
}

static void variant_groups_map_to_canonical(void **state)
{
    (void)state;
    static const char *const pairs[][2] = {
        {"mohammed", "muhammad"},
        {"mohd", "muhammad"},
        {"abdel", "abd"},
        {"hossein", "husayn"},
        {"lee", "ri"},
        {"rhee", "ri"},
        {"yi", "ri"},
        {"pak", "park"},
        {"bak", "park"},
        {"choi", "choe"},
        {"chung", "jong"},
        {"gim", "kim"},
        {"yoo", "ryu"},
        {"shin", "sin"},
        {"oh", "o"},
        {"yoon", "yun"},
        {"gang", "kang"},
        {"jo", "cho"},
        {"yousef", "yusuf"},
        {"alexander", "aleksandr"},
        {"sergey", "sergei"},
        {"iouri", "yuri"},
        {"dmitry", "dmitri"},
        {"el", "al"},
        {"ibn", "bin"},
        {"tsai", "cai"},
        {"hsu", "xu"},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        const char *v = emb__name_variant(pairs[i][0], strlen(pairs[i][0]));
        if (!v || strcmp(v, pairs[i][1]) != 0)
            fail_msg("variant of \"%s\": got %s, want %s", pairs[i][0], v ? v : "NULL",
                     pairs[i][1]);
    }
    /* canonical spellings map to themselves */
    assert_string_equal(emb__name_variant("muhammad", 8), "muhammad");
    /* kept apart on purpose */
    assert_null(emb__name_variant("mehmet", 6));
    assert_null(emb__name_variant("josef", 5));
    assert_null(emb__name_variant("smith", 5));
    assert_null(emb__name_variant("", 0));
    assert_null(emb__name_variant(NULL, 3));
    /* a prefix of a listed spelling is not a match */
    assert_null(emb__name_variant("moham", 5));
    assert_string_not_equal(emb__name_variant("hassan", 6), emb__name_variant("hussein", 7));
    assert_string_not_equal(emb__name_variant("mahmoud", 7), emb__name_variant("mohammad", 8));
}

static void variant_table_has_no_spelling_in_two_groups(void **state)
{
    (void)state;
    assert_int_equal(emb__name_variant_dups(), 0);
    assert_true(emb__name_variant_count() > 300);
}

/* Every native word of the trade-word table romanises, no spelling
 * belongs to two concepts, and lookups find words and phrases. */
static void sector_table_is_whole_and_finds_words(void **state)
{
    (void)state;
    assert_int_equal(emb__sector_failed(), 0);
    assert_int_equal(emb__sector_dups(), 0);
    assert_true(emb__sector_count() > 800);
    assert_string_equal(emb__sector_word("trade", 5), "trading");
    assert_string_equal(emb__sector_word("industrial", 10), "industries");
    assert_null(emb__sector_word("smith", 5));
    /* native words as emb__name_norm writes them: one token or syllables */
    assert_string_equal(emb__sector_native("torgovyy", 8), "trading");
    assert_string_equal(emb__sector_native("mu yeok", 7), "trading");
    assert_string_equal(emb__sector_native("jo seon", 7), "korea");
    assert_string_equal(emb__sector_native("jo seon so", 10), "shipyard");
    /* an English word is not a native one, nor a part of a phrase */
    assert_null(emb__sector_native("trading", 7));
    assert_null(emb__sector_native("mu", 2));
}

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static void phon_speed_report(void **state)
{
    (void)state;
    static const char *const w[] = {"mohammed", "shcherbakov", "jeong", "abdulrahman", "smith"};
    char k[EMB__PHON_KEY_MAX + 1];
    size_t sink = 0;
    int iters = 200000;
    double t0 = now_ns();
    for (int i = 0; i < iters; i++) {
        const char *s = w[i % 5];
        sink += emb__phon_key(s, strlen(s), k, sizeof k);
    }
    double t1 = now_ns();
    for (int i = 0; i < iters; i++) {
        const char *s = w[i % 5];
        sink += emb__name_variant(s, strlen(s)) != NULL;
    }
    double t2 = now_ns();
    print_message("  phon_key %.1f ns, name_variant %.1f ns (%zu)\n", (t1 - t0) / iters,
                  (t2 - t1) / iters, sink % 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(phon_korean_mr_and_rr_share_keys),
        cmocka_unit_test(phon_arabic_persian_variation_shares_keys),
        cmocka_unit_test(phon_russian_variation_shares_keys),
        cmocka_unit_test(phon_chinese_and_european_variation_shares_keys),
        cmocka_unit_test(phon_different_names_get_different_keys),
        cmocka_unit_test(phon_skeleton_drops_vowels),
        cmocka_unit_test(phon_key_edges),
        cmocka_unit_test(variant_groups_map_to_canonical),
        cmocka_unit_test(variant_table_has_no_spelling_in_two_groups),
        cmocka_unit_test(sector_table_is_whole_and_finds_words),
        cmocka_unit_test(phon_speed_report),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
