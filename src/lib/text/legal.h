/*
 * legal.h - legal forms of organisations ("llc", "gmbh", "ooo",
 * "sp z o o", "kabushiki kaisha" ...) and generic organisation words
 * ("trading", "international", "group" ...) among the tokens of a
 * normalised name.
 */
#ifndef EMB_TEXT_LEGAL_H
#define EMB_TEXT_LEGAL_H

#include <stddef.h>
#include <stdint.h>

#include "tokens.h"

/* Kinds of legal form, for judging whether two differing forms still fit
 * one organisation (an "llc" and a "ltd" are both LIMITED). */
typedef enum emb__legal_family {
    EMB__LEGAL_FAM_NONE,
    EMB__LEGAL_FAM_LIMITED, /* private limited liability */
    EMB__LEGAL_FAM_STOCK,   /* joint-stock, public, corporation */
    EMB__LEGAL_FAM_PARTNERSHIP,
    EMB__LEGAL_FAM_GENERIC, /* "company", "co", "sharikat" */
    EMB__LEGAL_FAM_STATE,   /* state unitary enterprises */
    EMB__LEGAL_FAM_NONPROFIT,
    EMB__LEGAL_FAM_SOLE /* sole proprietor */
} emb__legal_family;

/* X(code, canonical name, family): every canonical legal form.  All
 * spellings, abbreviations and transliterations of one form share a code
 * ("ooo", "o o o" and "obshchestvo s ogranichennoy otvetstvennostyu" are
 * EMB__LEGAL_OOO). */
#define EMB__LEGAL_LIST(X)                                                                         \
    X(NONE, "", NONE)                                                                              \
    X(LLC, "llc", LIMITED)                                                                         \
    X(OOO, "ooo", LIMITED)                                                                         \
    X(TOV, "tov", LIMITED)                                                                         \
    X(LTD, "ltd", LIMITED)                                                                         \
    X(YK, "yk", LIMITED)                                                                           \
    X(PLC, "plc", STOCK)                                                                           \
    X(CORP, "corp", STOCK)                                                                         \
    X(INC, "inc", STOCK)                                                                           \
    X(CO, "co", GENERIC)                                                                           \
    X(GMBH, "gmbh", LIMITED)                                                                       \
    X(UG, "ug", LIMITED)                                                                           \
    X(AG, "ag", STOCK)                                                                             \
    X(KG, "kg", PARTNERSHIP)                                                                       \
    X(KGAA, "kgaa", STOCK)                                                                         \
    X(OHG, "ohg", PARTNERSHIP)                                                                     \
    X(GBR, "gbr", PARTNERSHIP)                                                                     \
    X(EV, "ev", NONPROFIT)                                                                         \
    X(SARL, "sarl", LIMITED)                                                                       \
    X(SA, "sa", STOCK)                                                                             \
    X(SAS, "sas", STOCK)                                                                           \
    X(SNC, "snc", PARTNERSHIP)                                                                     \
    X(SCA, "sca", PARTNERSHIP)                                                                     \
    X(GIE, "gie", PARTNERSHIP)                                                                     \
    X(SADECV, "sa de cv", STOCK)                                                                   \
    X(SDERL, "s de rl", LIMITED)                                                                   \
    X(SL, "sl", LIMITED)                                                                           \
    X(SPA, "spa", STOCK)                                                                           \
    X(SRL, "srl", LIMITED)                                                                         \
    X(BV, "bv", LIMITED)                                                                           \
    X(NV, "nv", STOCK)                                                                             \
    X(VOF, "vof", PARTNERSHIP)                                                                     \
    X(CV, "cv", PARTNERSHIP)                                                                       \
    X(OY, "oy", LIMITED)                                                                           \
    X(OYJ, "oyj", STOCK)                                                                           \
    X(AB, "ab", STOCK)                                                                             \
    X(AS, "as", STOCK)                                                                             \
    X(ASA, "asa", STOCK)                                                                           \
    X(APS, "aps", LIMITED)                                                                         \
    X(HF, "hf", LIMITED)                                                                           \
    X(UAB, "uab", LIMITED)                                                                         \
    X(SIA, "sia", LIMITED)                                                                         \
    X(OU, "ou", LIMITED)                                                                           \
    X(SPZOO, "sp zoo", LIMITED)                                                                    \
    X(SPJ, "sp j", PARTNERSHIP)                                                                    \
    X(SRO, "sro", LIMITED)                                                                         \
    X(DOO, "doo", LIMITED)                                                                         \
    X(AD, "ad", STOCK)                                                                             \
    X(OOD, "ood", LIMITED)                                                                         \
    X(KFT, "kft", LIMITED)                                                                         \
    X(ZRT, "zrt", STOCK)                                                                           \
    X(DD, "dd", STOCK)                                                                             \
    X(ZAO, "zao", STOCK)                                                                           \
    X(OAO, "oao", STOCK)                                                                           \
    X(PAO, "pao", STOCK)                                                                           \
    X(AO, "ao", STOCK)                                                                             \
    X(PAT, "pat", STOCK)                                                                           \
    X(PRAT, "prat", STOCK)                                                                         \
    X(VAT, "vat", STOCK)                                                                           \
    X(JSC, "jsc", STOCK)                                                                           \
    X(CJSC, "cjsc", STOCK)                                                                         \
    X(PRJSC, "prjsc", STOCK)                                                                       \
    X(OJSC, "ojsc", STOCK)                                                                         \
    X(PJSC, "pjsc", STOCK)                                                                         \
    X(KK, "kk", STOCK)                                                                             \
    X(GK, "gk", LIMITED)                                                                           \
    X(FZE, "fze", LIMITED)                                                                         \
    X(FZCO, "fzco", LIMITED)                                                                       \
    X(FZLLC, "fz llc", LIMITED)                                                                    \
    X(DMCC, "dmcc", LIMITED)                                                                       \
    X(WLL, "wll", LIMITED)                                                                         \
    X(LLP, "llp", PARTNERSHIP)                                                                     \
    X(LP, "lp", PARTNERSHIP)                                                                       \
    X(BHD, "bhd", STOCK)                                                                           \
    X(TBK, "tbk", STOCK)                                                                           \
    X(PT, "pt", LIMITED)                                                                           \
    X(GUP, "gup", STATE)                                                                           \
    X(FGUP, "fgup", STATE)                                                                         \
    X(RUP, "rup", STATE)                                                                           \
    X(CHUP, "chup", LIMITED)                                                                       \
    X(ODO, "odo", LIMITED)                                                                         \
    X(ANO, "ano", NONPROFIT)                                                                       \
    X(IP, "ip", SOLE)

typedef enum emb__legal_code {
#define EMB__LEGAL_ENUM(c, name, fam) EMB__LEGAL_##c,
    EMB__LEGAL_LIST(EMB__LEGAL_ENUM)
#undef EMB__LEGAL_ENUM
        EMB__LEGAL_COUNT
} emb__legal_code;

/* Canonical name ("llc", "sp zoo") of a code; "" for NONE or unknown. */
const char *emb__legal_name(unsigned code);
/* Family of a code (EMB__LEGAL_FAM_NONE for NONE or unknown). */
emb__legal_family emb__legal_family_of(unsigned code);

/* One legal form found: tokens [start, start + len) and its code. */
typedef struct emb__legal_hit {
    uint8_t start, len;
    uint8_t code;
} emb__legal_hit;

/* Finds the legal forms among toks[0..n) (n <= EMB__TOK_MAX): longest
 * match first, scanning left to right, anywhere in the name.  Forms that
 * are also ordinary words or name syllables ("sa", "as", "co", "ag", "ao",
 * "limited", "gong si" ...) count only at the end of the name or next to
 * another accepted form ("pt" also as the first token, as Indonesian
 * names write it).  Sets EMB__TF_LEGAL on their tokens and EMB__TF_ORGWORD
 * on generic organisation words in flags[0..n) (OR-ed in; the caller
 * clears flags), and stores the first maxhits hits in order.  Returns the
 * number of hits (which may exceed maxhits).  Allocation-free and
 * thread-safe. */
size_t emb__legal_scan(const emb__tok *toks, size_t n, uint8_t *flags, emb__legal_hit *hits,
                       size_t maxhits);

/* 1 when the token is a generic organisation word. */
int emb__legal_is_orgword(const char *tok, size_t n);

/* The tables, for tests: sorted phrase tables of forms and org words. */
const emb__phrase *emb__legal_forms(size_t *n);
const emb__phrase *emb__legal_orgwords(size_t *n);

#endif
