/*
 * honorific.c - titles and honorifics in person names.
 *
 * A sorted phrase table (so multi-token titles such as "lt gen",
 * "his excellency" or "hujjat al islam" match whole, longest first) gives
 * each title a kind and where it counts:
 *   HON_DROP  a title that is never part of a listed name: civil (mr, dr,
 *             prof, sir, herr, senor), military (gen, col, maj, capt, lt,
 *             adm, sgt ...), clerical (rev, fr, bishop), office (minister,
 *             ambassador, president, his excellency), professional (eng,
 *             engr, ing, dipl ing) and degree suffixes (phd, esq);
 *             the Greek military ranks as translit.c writes them
 *             (Στρατηγός stratigos, Συνταγματάρχης sydagmatarkhis ...), which
 *             the EU lists put before Greek forms of names.
 *   HON_OPT   a word that the lists keep as part of some names and not of
 *             others: sheikh/shaykh, haji/hajji/alhaj, mullah, maulana,
 *             maulvi/mawlawi, mufti, imam, ayatollah, hojatoleslam,
 *             sayyid/seyed/syed, mirza, emir/amir, sultan, hafiz, and the
 *             generational suffixes jr, sr, ii, iii, iv.
 *   POS_LEAD  counts only in the leading run of titles; POS_END only in the
 *             trailing run; POS_ANY anywhere.
 * "sr" is both "senor" (leading) and "senior" (trailing) and so is optional.
 * Sheikh and its spellings are titles only in the leading run: after a
 * given name they are a family name (Nadia Sheikh, Al-Sheikh), which
 * weighs as any other.
 * Words that are common given names or surnames as well as titles are left
 * out or kept optional ("he", a Chinese surname; "md", short for Mohammad;
 * "sharif"; "hafiz", "amir" are optional).
 */
#include "honorific.h"

#define HON_DROP 1
#define HON_OPT 2
#define POS_LEAD 0x01
#define POS_END 0x02
#define POS_ANY 0x04

static const emb__phrase hon_table[] = {
    {"adinavarkhos", HON_DROP, POS_LEAD},
    {"adistratigos", HON_DROP, POS_LEAD},
    {"adisydagmatarkhis", HON_DROP, POS_LEAD},
    {"adm", HON_DROP, POS_LEAD},
    {"admiral", HON_DROP, POS_LEAD},
    {"al haj", HON_OPT, POS_ANY},
    {"al haji", HON_OPT, POS_ANY},
    {"alhaj", HON_OPT, POS_ANY},
    {"alhaji", HON_OPT, POS_ANY},
    {"ambassador", HON_DROP, POS_LEAD},
    {"amir", HON_OPT, POS_LEAD},
    {"arch", HON_DROP, POS_LEAD},
    {"archbishop", HON_DROP, POS_LEAD},
    {"architect", HON_DROP, POS_LEAD},
    {"ayatollah", HON_OPT, POS_ANY},
    {"ayatullah", HON_OPT, POS_ANY},
    {"bishop", HON_DROP, POS_LEAD},
    {"brig", HON_DROP, POS_LEAD},
    {"brig gen", HON_DROP, POS_LEAD},
    {"brigadier", HON_DROP, POS_LEAD},
    {"brigadier general", HON_DROP, POS_LEAD},
    {"capt", HON_DROP, POS_LEAD},
    {"captain", HON_DROP, POS_LEAD},
    {"cdr", HON_DROP, POS_LEAD},
    {"cheikh", HON_OPT, POS_LEAD},
    {"cmdr", HON_DROP, POS_LEAD},
    {"cmdre", HON_DROP, POS_LEAD},
    {"col", HON_DROP, POS_LEAD},
    {"colonel", HON_DROP, POS_LEAD},
    {"commander", HON_DROP, POS_LEAD},
    {"commodore", HON_DROP, POS_LEAD},
    {"corporal", HON_DROP, POS_LEAD},
    {"cpl", HON_DROP, POS_LEAD},
    {"cpt", HON_DROP, POS_LEAD},
    {"dame", HON_DROP, POS_LEAD},
    {"deputy minister", HON_DROP, POS_LEAD},
    {"dipl ing", HON_DROP, POS_LEAD},
    {"doctor", HON_DROP, POS_LEAD},
    {"dona", HON_DROP, POS_LEAD},
    {"dr", HON_DROP, POS_LEAD},
    {"emir", HON_OPT, POS_LEAD},
    {"eng", HON_DROP, POS_LEAD},
    {"engineer", HON_DROP, POS_LEAD},
    {"engr", HON_DROP, POS_LEAD},
    {"esq", HON_DROP, POS_END},
    {"excellency", HON_DROP, POS_LEAD},
    {"father", HON_DROP, POS_LEAD},
    {"field marshal", HON_DROP, POS_LEAD},
    {"fr", HON_DROP, POS_LEAD},
    {"frau", HON_DROP, POS_LEAD},
    {"gen", HON_DROP, POS_LEAD},
    {"general", HON_DROP, POS_LEAD},
    {"governor", HON_DROP, POS_LEAD},
    {"grand ayatollah", HON_OPT, POS_ANY},
    {"h e", HON_DROP, POS_LEAD},
    {"hadji", HON_OPT, POS_ANY},
    {"hafiz", HON_OPT, POS_LEAD},
    {"haj", HON_OPT, POS_ANY},
    {"haji", HON_OPT, POS_ANY},
    {"hajj", HON_OPT, POS_ANY},
    {"hajja", HON_OPT, POS_ANY},
    {"hajjah", HON_OPT, POS_ANY},
    {"hajji", HON_OPT, POS_ANY},
    {"her excellency", HON_DROP, POS_LEAD},
    {"herr", HON_DROP, POS_LEAD},
    {"his excellency", HON_DROP, POS_LEAD},
    {"hojatoleslam", HON_OPT, POS_ANY},
    {"hojjatoleslam", HON_OPT, POS_ANY},
    {"hon", HON_DROP, POS_LEAD},
    {"honorable", HON_DROP, POS_LEAD},
    {"honourable", HON_DROP, POS_LEAD},
    {"hujjat al islam", HON_OPT, POS_ANY},
    {"ii", HON_OPT, POS_END},
    {"iii", HON_OPT, POS_END},
    {"imam", HON_OPT, POS_ANY},
    {"ing", HON_DROP, POS_LEAD},
    {"iv", HON_OPT, POS_END},
    {"jr", HON_OPT, POS_END},
    {"judge", HON_DROP, POS_LEAD},
    {"junior", HON_OPT, POS_END},
    {"justice", HON_DROP, POS_LEAD},
    {"lady", HON_DROP, POS_LEAD},
    {"lieutenant", HON_DROP, POS_LEAD},
    {"lieutenant colonel", HON_DROP, POS_LEAD},
    {"lieutenant general", HON_DROP, POS_LEAD},
    {"lokhagos", HON_DROP, POS_LEAD},
    {"lord", HON_DROP, POS_LEAD},
    {"lt", HON_DROP, POS_LEAD},
    {"lt col", HON_DROP, POS_LEAD},
    {"lt gen", HON_DROP, POS_LEAD},
    {"madam", HON_DROP, POS_LEAD},
    {"madame", HON_DROP, POS_LEAD},
    {"mag", HON_DROP, POS_LEAD},
    {"maj", HON_DROP, POS_LEAD},
    {"maj gen", HON_DROP, POS_LEAD},
    {"major", HON_DROP, POS_LEAD},
    {"major general", HON_DROP, POS_LEAD},
    {"marshal", HON_DROP, POS_LEAD},
    {"maulana", HON_OPT, POS_ANY},
    {"maulavi", HON_OPT, POS_ANY},
    {"maulvi", HON_OPT, POS_ANY},
    {"mawlana", HON_OPT, POS_ANY},
    {"mawlavi", HON_OPT, POS_ANY},
    {"mawlawi", HON_OPT, POS_ANY},
    {"mayor", HON_DROP, POS_LEAD},
    {"metropolitan", HON_DROP, POS_LEAD},
    {"minister", HON_DROP, POS_LEAD},
    {"mirza", HON_OPT, POS_ANY},
    {"miss", HON_DROP, POS_LEAD},
    {"mister", HON_DROP, POS_LEAD},
    {"mlle", HON_DROP, POS_LEAD},
    {"mme", HON_DROP, POS_LEAD},
    {"molla", HON_OPT, POS_ANY},
    {"molvi", HON_OPT, POS_ANY},
    {"monsieur", HON_DROP, POS_LEAD},
    {"moulana", HON_OPT, POS_ANY},
    {"mr", HON_DROP, POS_LEAD},
    {"mrs", HON_DROP, POS_LEAD},
    {"ms", HON_DROP, POS_LEAD},
    {"mufti", HON_OPT, POS_ANY},
    {"mulla", HON_OPT, POS_ANY},
    {"mullah", HON_OPT, POS_ANY},
    {"mullo", HON_OPT, POS_ANY},
    {"mx", HON_DROP, POS_LEAD},
    {"navarkhos", HON_DROP, POS_LEAD},
    {"pastor", HON_DROP, POS_LEAD},
    {"patriarch", HON_DROP, POS_LEAD},
    {"phd", HON_DROP, POS_END},
    {"president", HON_DROP, POS_LEAD},
    {"prince", HON_OPT, POS_LEAD},
    {"princess", HON_OPT, POS_LEAD},
    {"prof", HON_DROP, POS_LEAD},
    {"professor", HON_DROP, POS_LEAD},
    {"qari", HON_OPT, POS_ANY},
    {"rear admiral", HON_DROP, POS_LEAD},
    {"rev", HON_DROP, POS_LEAD},
    {"reverend", HON_DROP, POS_LEAD},
    {"sayed", HON_OPT, POS_ANY},
    {"sayid", HON_OPT, POS_ANY},
    {"sayyed", HON_OPT, POS_ANY},
    {"sayyid", HON_OPT, POS_ANY},
    {"senator", HON_DROP, POS_LEAD},
    {"senior", HON_OPT, POS_END},
    {"senor", HON_DROP, POS_LEAD},
    {"senora", HON_DROP, POS_LEAD},
    {"sergeant", HON_DROP, POS_LEAD},
    {"seyed", HON_OPT, POS_ANY},
    {"seyyed", HON_OPT, POS_ANY},
    {"seyyid", HON_OPT, POS_ANY},
    {"sgt", HON_DROP, POS_LEAD},
    {"shaikh", HON_OPT, POS_LEAD},
    {"shaykh", HON_OPT, POS_LEAD},
    {"shaykha", HON_OPT, POS_LEAD},
    {"sheik", HON_OPT, POS_LEAD},
    {"sheikh", HON_OPT, POS_LEAD},
    {"sheikha", HON_OPT, POS_LEAD},
    {"sheikhah", HON_OPT, POS_LEAD},
    {"shekh", HON_OPT, POS_LEAD},
    {"sheykh", HON_OPT, POS_ANY},
    {"shri", HON_DROP, POS_LEAD},
    {"sir", HON_DROP, POS_LEAD},
    {"smt", HON_DROP, POS_LEAD},
    {"sr", HON_OPT, POS_LEAD | POS_END},
    {"sra", HON_DROP, POS_LEAD},
    {"sri", HON_DROP, POS_LEAD},
    {"srta", HON_DROP, POS_LEAD},
    {"stratigos", HON_DROP, POS_LEAD},
    {"sultan", HON_OPT, POS_LEAD},
    {"sydagmatarkhis", HON_DROP, POS_LEAD},
    {"syed", HON_OPT, POS_ANY},
    {"tagmatarkhis", HON_DROP, POS_LEAD},
    {"taxiarkhos", HON_DROP, POS_LEAD},
    {"ustad", HON_OPT, POS_ANY},
    {"ustadh", HON_OPT, POS_ANY},
    {"ustaz", HON_OPT, POS_ANY},
    {"vice admiral", HON_DROP, POS_LEAD},
    {"ypolokhagos", HON_DROP, POS_LEAD},
    {"yponavarkhos", HON_DROP, POS_LEAD},
    {"ypostratigos", HON_DROP, POS_LEAD},
};

#define NHON (sizeof hon_table / sizeof hon_table[0])

/* The same titles in a name written in Arabic script, as translit.c
 * romanises them (no short vowels): Persian and Arabic دکتر, مهندس, حاجی,
 * ملا, مولوی, قاری, شیخ, سید, سردار, آیت الله, حجت الاسلام.  Kept apart:
 * in a name in Latin letters "syd" or "mla" is a name. */
static const emb__phrase hon_arabic_table[] = {
    {"ayt allh", HON_OPT, POS_ANY},     {"aytallh", HON_OPT, POS_ANY},
    {"dktr", HON_DROP, POS_LEAD},       {"hajy", HON_OPT, POS_ANY},
    {"hjt al aslam", HON_OPT, POS_ANY}, {"hjt alaslam", HON_OPT, POS_ANY},
    {"mhnds", HON_DROP, POS_LEAD},      {"mla", HON_OPT, POS_ANY},
    {"mwlana", HON_OPT, POS_ANY},       {"mwlwy", HON_OPT, POS_ANY},
    {"qary", HON_OPT, POS_ANY},         {"shykh", HON_OPT, POS_LEAD},
    {"srdar", HON_OPT, POS_LEAD},       {"syd", HON_OPT, POS_LEAD},
};

#define NHON_ARABIC (sizeof hon_arabic_table / sizeof hon_arabic_table[0])

const emb__phrase *emb__honorific_table(size_t *n)
{
    *n = NHON;
    return hon_table;
}

const emb__phrase *emb__honorific_arabic_table(size_t *n)
{
    *n = NHON_ARABIC;
    return hon_arabic_table;
}

static size_t scan(const emb__phrase *table, size_t nt, const emb__tok *toks, size_t n,
                   uint8_t *flags)
{
    if (!toks || !flags || n == 0)
        return 0;
    if (n > EMB__TOK_MAX)
        n = EMB__TOK_MAX;
    const emb__phrase *m[EMB__TOK_MAX];
    uint8_t len[EMB__TOK_MAX];
    /* Matches, left to right, longest first. */
    for (size_t i = 0; i < n; i++) {
        m[i] = NULL;
        len[i] = 0;
    }
    for (size_t i = 0; i < n;) {
        size_t l = 0;
        const emb__phrase *p = emb__phrase_longest(table, nt, toks, n, i, &l);
        if (!p) {
            i++;
            continue;
        }
        m[i] = p;
        len[i] = (uint8_t)l;
        i += l;
    }
    /* The leading run: consecutive matches from token 0 that may lead. */
    size_t lead = 0;
    while (lead < n && m[lead] && (m[lead]->attr & (POS_LEAD | POS_ANY)))
        lead += len[lead];
    if (lead >= n)
        lead = 0; /* every token a title: keep the name whole */
    uint8_t f[EMB__TOK_MAX] = {0};
    size_t dropped = 0;
    for (size_t i = 0; i < lead; i += len[i]) {
        uint8_t bit = m[i]->code == HON_DROP ? EMB__TF_HON_DROP : EMB__TF_HON_OPT;
        for (size_t j = 0; j < len[i]; j++)
            f[i + j] = bit;
        if (bit == EMB__TF_HON_DROP)
            dropped += len[i];
    }
    /* Anywhere-optional words after the leading run. */
    for (size_t i = lead; i < n; i++)
        if (m[i] && (m[i]->attr & POS_ANY) && m[i]->code == HON_OPT)
            for (size_t j = 0; j < len[i]; j++)
                f[i + j] = EMB__TF_HON_OPT;
    /* The trailing run: the matches that reach the end of the name with no
     * plain token in between (a plain token empties the list). */
    size_t start[EMB__TOK_MAX], ns = 0;
    for (size_t i = lead; i < n;) {
        if (m[i]) {
            start[ns++] = i;
            i += len[i];
        } else {
            ns = 0;
            i++;
        }
    }
    for (size_t k = 0; k < ns; k++) {
        size_t i = start[k];
        if (!(m[i]->attr & (POS_END | POS_ANY)))
            continue;
        uint8_t bit = m[i]->code == HON_DROP ? EMB__TF_HON_DROP : EMB__TF_HON_OPT;
        if (bit == EMB__TF_HON_DROP && dropped + len[i] >= n)
            continue; /* never drop the whole name */
        for (size_t j = 0; j < len[i]; j++)
            f[i + j] = bit;
        if (bit == EMB__TF_HON_DROP)
            dropped += len[i];
    }
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        flags[i] |= f[i];
        count += f[i] != 0;
    }
    return count;
}

size_t emb__honorific_scan(const emb__tok *toks, size_t n, uint8_t *flags)
{
    return scan(hon_table, NHON, toks, n, flags);
}

size_t emb__honorific_scan_arabic(const emb__tok *toks, size_t n, uint8_t *flags)
{
    return scan(hon_arabic_table, NHON_ARABIC, toks, n, flags);
}
