/*
 * query_script.c - retrieval keys of query names written in Hebrew and
 * Arabic script (query.c's retrieve): the skeletons of the spellings a
 * vowel-less Hebrew token stands for, the readings of an Arabic-script
 * token's letters (skeleton.h), and the runs of Arabic-script tokens that
 * Latin spellings join (Najibullah, Shamsuddin).  Reference:
 * docs/matching.md, "Keys".
 */
#include <string.h>

#include "../text/phonetic.h"
#include "query_internal.h"
#include "skeleton.h"

/* A vowel-less token of a Hebrew name: the skeletons of the spellings it
 * stands for (analyze.h: emb__hebrew_skels). */
void emb__q_hebrew_keys(emb_query *q, const emb__atok *a, uint8_t qi, float w)
{
    uint32_t k[EMB_Q_HEBREW_KEYS];
    size_t nk = emb__hebrew_skels(a->s, a->len, k, EMB_Q_HEBREW_KEYS);
    for (size_t i = 0; i < nk; i++)
        if (k[i] != a->skel)
            emb__q_add_key(q, k[i], a, qi, w, 0);
}

/* A token of an Arabic-script name: the skeletons of its w read as a
 * consonant or a long vowel (skeleton.h: emb__arabic_skels). */
void emb__q_arabic_keys(emb_query *q, const emb__atok *a, uint8_t qi, float w, int cap)
{
    uint32_t k[2u << EMB_SKEL_W_MAX];
    size_t nk = emb__arabic_skels(a->s, a->len, k, sizeof k / sizeof k[0]);
    for (size_t i = 0; i < nk; i++)
        if (k[i] != a->skel)
            emb__q_add_key(q, k[i], a, qi, w, cap);
}

/* Walks the names of the list tokens whose skeleton, in any reading
 * (emb__arabic_skels), is that of cat[0..n), crediting them to query
 * tokens i..end-1 (arabic_joined_keys). */
static void joined_run_keys(emb_query *q, const emb__an *an, const emb__side *side, size_t i,
                            size_t end, const char *cat, size_t n)
{
    uint32_t k[1u + (2u << EMB_SKEL_W_MAX)];
    k[0] = emb__skel_hash(cat, n);
    size_t nk = 1 + emb__arabic_skels(cat, n, k + 1, sizeof k / sizeof k[0] - 1);
    for (size_t t = i; t < end; t++) {
        /* (not the article between: a name's credit is kept once per
         * query token by the last token that reached it, and the
         * article, when walked at all, is walked between these two) */
        if ((an->tok[t].flags & (EMB_TOK_LEGAL | EMB_TOK_HONORIFIC)) || (t > i && t + 1 < end))
            continue;
        /* (the walked list is for one token's keys) */
        q->nwalked = 0;
        for (size_t j = 0; j < nk; j++)
            if (k[j] && (j == 0 || k[j] != k[0]))
                emb__q_add_key(q, k[j], &an->tok[i], (uint8_t)(t + 1),
                               emb__q_walk_weight(q, side, t), 0);
    }
}

/* Tokens of an Arabic-script name written apart that Latin spellings
 * join: a name and Allah, a name, the article and its word (نجیب الله is
 * Najibullah, شمس الدين Shamsuddin, the article's l often assimilated in
 * Latin).  The list tokens whose skeleton is that of token i's run with
 * a closing word after it, or with the article and the token after it
 * (with or without the article), are credited to every token of the run:
 * a name holding HIDAYATULLAH holds both of هدايت الله. */
void emb__q_arabic_joined_keys(emb_query *q, const emb__an *an, const emb__side *side, size_t i)
{
    /* the words that close such a name: Allah; Persian and Pashto -jan,
     * -zadeh, -pour, -vand, -nia, -khel (کاکا زاده, Kakazada; زارع پور,
     * Zarepour); any other pair joined meets long Latin words by chance
     * (عمر العلي, "mr ally", is not MARIAL) */
    static const char *const closing[] = {"allh", "jan", "zadh", "pwr", "wnd", "nya", "khyl"};
    if (i + 1 >= an->ntok)
        return;
    const emb__atok *nx = &an->tok[i + 1];
    size_t end = i + 2;
    int article = end < an->ntok && nx->len == 2 && memcmp(nx->s, "al", 2) == 0;
    if (article) {
        end++;
    } else {
        size_t c = 0;
        while (c < sizeof closing / sizeof closing[0] &&
               (strlen(closing[c]) != nx->len || memcmp(closing[c], nx->s, nx->len) != 0))
            c++;
        if (c == sizeof closing / sizeof closing[0])
            return;
    }
    char cat[EMB__PHON_TOKEN_MAX] = {0}; /* (zeroed for the compiler: the run is never empty) */
    size_t n = 0;
    for (size_t t = i; t < end; t++) {
        if (n + an->tok[t].len > sizeof cat)
            return;
        memcpy(cat + n, an->tok[t].s, an->tok[t].len);
        n += an->tok[t].len;
    }
    joined_run_keys(q, an, side, i, end, cat, n);
    if (article) { /* shms dyn: Shamsuddin */
        size_t a = an->tok[i].len;
        memmove(cat + a, cat + a + 2, n - a - 2);
        joined_run_keys(q, an, side, i, end, cat, n - 2);
    }
}
