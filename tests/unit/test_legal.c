/*
 * test_legal.c - token slices (text/tokens.c), legal forms and
 * organisation words (text/legal.c) and honorifics (text/honorific.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "text/honorific.h"
#include "text/legal.h"
#include "text/tokens.h"

typedef struct parsed {
    emb__tok t[EMB__TOK_MAX];
    uint8_t f[EMB__TOK_MAX];
    size_t n;
} parsed;

static void split(parsed *p, const char *s)
{
    memset(p, 0, sizeof *p);
    assert_int_equal(emb__tok_split(s, strlen(s), p->t, EMB__TOK_MAX, &p->n), EMB_OK);
}

/* The flags of each token as a string: L legal, O orgword, D drop,
 * o optional, . none. */
static const char *marks(const parsed *p)
{
    static char buf[EMB__TOK_MAX + 1];
    for (size_t i = 0; i < p->n; i++) {
        uint8_t f = p->f[i];
        buf[i] = (f & EMB__TF_LEGAL)      ? 'L'
                 : (f & EMB__TF_ORGWORD)  ? 'O'
                 : (f & EMB__TF_HON_DROP) ? 'D'
                 : (f & EMB__TF_HON_OPT)  ? 'o'
                                          : '.';
    }
    buf[p->n] = '\0';
    return buf;
}

static const char *legal(const char *s, unsigned *code)
{
    static parsed p;
    emb__legal_hit hits[8];
    split(&p, s);
    size_t nh = emb__legal_scan(p.t, p.n, p.f, hits, 8);
    if (code)
        *code = nh ? hits[nh - 1].code : EMB__LEGAL_NONE;
    return marks(&p);
}

static const char *hon(const char *s)
{
    static parsed p;
    split(&p, s);
    emb__honorific_scan(p.t, p.n, p.f);
    return marks(&p);
}

static void tokens_split_on_spaces_with_cap(void **state)
{
    (void)state;
    emb__tok t[4];
    size_t n;
    assert_int_equal(emb__tok_split("  ab c  def ", 12, t, 4, &n), EMB_OK);
    assert_int_equal(n, 3);
    assert_int_equal(t[0].n, 2);
    assert_memory_equal(t[2].s, "def", 3);
    assert_int_equal(emb__tok_split("", 0, t, 4, &n), EMB_OK);
    assert_int_equal(n, 0);
    assert_int_equal(emb__tok_split("a b c d e", 9, t, 4, &n), EMB_ECAP);
    assert_int_equal(n, 4);
    assert_int_equal(emb__tok_split("a", 1, t, 4, NULL), EMB_EARG);
}

static void phrase_tables_are_sorted(void **state)
{
    (void)state;
    size_t n;
    const emb__phrase *tabs[4];
    size_t ns[4];
    tabs[0] = emb__legal_forms(&ns[0]);
    tabs[1] = emb__legal_orgwords(&ns[1]);
    tabs[2] = emb__honorific_table(&ns[2]);
    tabs[3] = emb__honorific_arabic_table(&ns[3]);
    for (int k = 0; k < 4; k++) {
        n = ns[k];
        assert_true(n > 10);
        for (size_t i = 1; i < n; i++)
            if (strcmp(tabs[k][i - 1].text, tabs[k][i].text) >= 0)
                fail_msg("table %d not sorted at \"%s\"", k, tabs[k][i].text);
    }
}

static void legal_finds_forms_at_the_end(void **state)
{
    (void)state;
    unsigned c;
    assert_string_equal(legal("acme llc", &c), ".L");
    assert_int_equal(c, EMB__LEGAL_LLC);
    assert_string_equal(legal("acme l l c", &c), ".LLL");
    assert_int_equal(c, EMB__LEGAL_LLC);
    assert_string_equal(legal("rosneft pjsc", &c), ".L");
    assert_int_equal(c, EMB__LEGAL_PJSC);
    assert_string_equal(legal("siemens ag", &c), ".L");
    assert_int_equal(c, EMB__LEGAL_AG);
    assert_string_equal(legal("x sp z o o", &c), ".LLLL");
    assert_int_equal(c, EMB__LEGAL_SPZOO);
    assert_string_equal(legal("x sa de cv", &c), ".LLL");
    assert_int_equal(c, EMB__LEGAL_SADECV);
    assert_string_equal(legal("x gmbh co kg", &c), ".LLL");
    assert_int_equal(c, EMB__LEGAL_KG);
}

static void legal_longest_match_and_transliterated_forms(void **state)
{
    (void)state;
    unsigned c;
    /* ООО after transliteration */
    assert_string_equal(legal("ooo romashka", &c), "L.");
    assert_int_equal(c, EMB__LEGAL_OOO);
    assert_string_equal(legal("obshchestvo s ogranichennoy otvetstvennostyu vega", &c), "LLLL.");
    assert_int_equal(c, EMB__LEGAL_OOO);
    assert_string_equal(legal("zakrytoye aktsionernoye obshchestvo x", &c), "LLL.");
    assert_int_equal(c, EMB__LEGAL_ZAO);
    /* 有限公司 one token per character */
    assert_string_equal(legal("hua wei you xian gong si", &c), "..LLLL");
    assert_int_equal(c, EMB__LEGAL_LTD);
    /* 株式会社 through the Han route, and in Japanese reading */
    assert_string_equal(legal("zhu shi hui she toyota", &c), "LLLL.");
    assert_int_equal(c, EMB__LEGAL_KK);
    assert_string_equal(legal("toyota kabushiki kaisha", &c), ".LL");
    /* Arabic / Persian "company", leading */
    assert_string_equal(legal("sherkat sahami khass x", &c), "LLL.");
    assert_string_equal(legal("shrkt x", &c), "L.");
    /* Greek, as translit.c says it: Ανώνυμη εταιρεία, Εταιρεία περιορισμένης
     * ευθύνης, Ανοικτή συμμετοχική εταιρεία, Κρατική επιχείρηση */
    assert_string_equal(legal("anonymi eteria stroygazmontazh", &c), "LL.");
    assert_int_equal(c, EMB__LEGAL_SA);
    assert_string_equal(legal("eteria periorismenis efthynis okb tsp", &c), "LLL..");
    assert_int_equal(c, EMB__LEGAL_LLC);
    assert_string_equal(legal("anikti symmetokhiki eteria belkommunmash", &c), "LLL.");
    assert_int_equal(c, EMB__LEGAL_OJSC);
    assert_string_equal(legal("belaeronavigatsia kratiki epikhirisi", &c), ".LL");
    assert_int_equal(c, EMB__LEGAL_GUP);
    /* "co ltd" is one LTD form */
    assert_string_equal(legal("dandong trading co ltd", &c), ".OLL");
    assert_int_equal(c, EMB__LEGAL_LTD);
    assert_int_equal(emb__legal_family_of(EMB__LEGAL_OOO), emb__legal_family_of(EMB__LEGAL_LLC));
    assert_int_equal(emb__legal_family_of(EMB__LEGAL_JSC), EMB__LEGAL_FAM_STOCK);
    assert_string_equal(emb__legal_name(EMB__LEGAL_SPZOO), "sp zoo");
    assert_string_equal(emb__legal_name(9999), "");
}

static void legal_weak_forms_only_at_the_end_or_chained(void **state)
{
    (void)state;
    unsigned c;
    /* "sa", "as", "co" as name words */
    assert_string_equal(legal("sa ding shipping", &c), "..O");
    assert_int_equal(c, EMB__LEGAL_NONE);
    assert_string_equal(legal("as salam bank", &c), "...");
    assert_string_equal(legal("banco x sa", &c), "..L");
    assert_int_equal(c, EMB__LEGAL_SA);
    /* a weak form touching an accepted one */
    assert_string_equal(legal("x co kg", &c), ".LL");
    /* "pt" leads Indonesian names */
    assert_string_equal(legal("pt bank x tbk", &c), "L..L");
    /* a strong form anywhere */
    assert_string_equal(legal("x llc branch office", &c), ".L.O");
}

static void legal_marks_organisation_words(void **state)
{
    (void)state;
    assert_string_equal(legal("golden star trading international group", NULL), "..OOO");
    assert_string_equal(legal("tejarat sanaye x", NULL), "OO.");
    assert_true(emb__legal_is_orgword("holdings", 8));
    assert_false(emb__legal_is_orgword("sepah", 5));
}

static void honorific_drops_leading_titles(void **state)
{
    (void)state;
    assert_string_equal(hon("mr john smith"), "D..");
    assert_string_equal(hon("lt gen dr ali x"), "DDD..");
    assert_string_equal(hon("general x y"), "D..");
    /* not leading: kept */
    assert_string_equal(hon("x general y"), "...");
    /* the whole name is never dropped */
    assert_string_equal(hon("general"), ".");
    assert_string_equal(hon("john smith phd"), "..D");
    /* Greek ranks as translit.c writes them: Υποστράτηγος Mupenzi,
     * Συνταγματάρχης Mutebutsi */
    assert_string_equal(hon("ypostratigos mupenzi"), "D.");
    assert_string_equal(hon("sydagmatarkhis mutebutsi"), "D.");
}

static void honorific_marks_optional_religious_titles(void **state)
{
    (void)state;
    assert_string_equal(hon("sheikh mohammed x"), "o..");
    assert_string_equal(hon("haji khairullah haji sattar"), "o.o.");
    assert_string_equal(hon("mullah omar"), "o.");
    assert_string_equal(hon("x sayyid y"), ".o.");
    assert_string_equal(hon("hujjat al islam x"), "ooo.");
    assert_string_equal(hon("john smith jr"), "..o");
    assert_string_equal(hon("dr sheikh x"), "Do.");
    /* after a given name, Sheikh is a family name */
    assert_string_equal(hon("nadia sheikh"), "..");
    assert_string_equal(hon("abd al rahman al shaykh"), ".....");
    /* names that are not titles */
    assert_string_equal(hon("he jiankui"), "..");
    assert_string_equal(hon("md rahman"), "..");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tokens_split_on_spaces_with_cap),
        cmocka_unit_test(phrase_tables_are_sorted),
        cmocka_unit_test(legal_finds_forms_at_the_end),
        cmocka_unit_test(legal_longest_match_and_transliterated_forms),
        cmocka_unit_test(legal_weak_forms_only_at_the_end_or_chained),
        cmocka_unit_test(legal_marks_organisation_words),
        cmocka_unit_test(honorific_drops_leading_titles),
        cmocka_unit_test(honorific_marks_optional_religious_titles),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
