/*
 * compare.h - the score of one analysed name against another: a one-to-one
 * token alignment with a similarity per pair, then a weighted coverage
 * score.  Used by screening (query side vs list name) and by compare.
 */
#ifndef EMB_SCORE_COMPARE_H
#define EMB_SCORE_COMPARE_H

#include <stddef.h>
#include <stdint.h>

#include "analyze.h"
#include "embargo.h"

/* One side of a comparison: tokens and their weights. */
typedef struct emb__side {
    emb__atok tok[EMB_AN_MAX_TOKENS];
    float w[EMB_AN_MAX_TOKENS];
    size_t ntok;
    float floor_w;    /* least cost of a query token left unmatched (0: none) */
    uint8_t legal;    /* legal-form families (emb__an.legal) */
    uint8_t syllabic; /* the name was written in Han, Hangul or Kana */
    uint8_t hebrew;   /* the name holds Hebrew letters (emb__an.hebrew) */
    uint8_t burmese;  /* the name holds Myanmar letters (emb__an.burmese) */
    uint8_t arabic;   /* the name holds Arabic-script letters (emb__an.arabic) */
    uint32_t rare;    /* (query side, thorough) token i is listed in few names:
                       * compared like an unknown token, as a possible typo */
} emb__side;

enum {
    EMB_RULE_NONE,
    EMB_RULE_EXACT,
    EMB_RULE_VARIANT,
    EMB_RULE_PHONETIC,
    EMB_RULE_INITIAL,
    EMB_RULE_EDIT,
    EMB_RULE_JOINED,
    EMB_RULE_PREFIX,
    EMB_RULE_ACRONYM
};

typedef struct emb__align {
    int8_t q, q2; /* query token, or run q..q2 when joined (else q2 = -1) */
    int8_t c, c2; /* candidate token, or run c..c2 when joined (else -1) */
    uint8_t rule;
    uint8_t dist; /* edit distance for EMB_RULE_EDIT */
    float sim;
} emb__align;

typedef struct emb__cmp {
    double score;
    emb__align al[EMB_AN_MAX_TOKENS];
    size_t nal;
    uint32_t q_used, c_used; /* bit masks */
    int number_conflict;
    int legal_conflict; /* legal forms of different kinds */
    int patronym_swap;  /* "A bin B" against "B bin A" */
    int syllable_order; /* KIM Kwang Su against KIM Su Kwang */
    double q_weight, c_weight, matched;
} emb__cmp;

/* Optimal-string-alignment edit distance, stopping early past max
 * (returns max + 1 then). */
unsigned emb__osa(const char *a, size_t an, const char *b, size_t bn, unsigned max);

/* Edits allowed between two tokens whose shorter one has len letters. */
unsigned emb__max_edits(size_t len);

/* Compares query side q with candidate side c for the given schema. */
double emb__compare(const emb__side *q, const emb__side *c, emb_schema schema, emb__cmp *out);

/* 1 when cmp (from emb__compare(q, c)) aligned every weighted token of
 * both sides. */
int emb__cmp_all_used(const emb__side *q, const emb__side *c, const emb__cmp *cmp);

/* emb__cmp_all_used, one to one (no joined runs), each pair at min or
 * more. */
int emb__cmp_one_to_one(const emb__side *q, const emb__side *c, const emb__cmp *cmp, float min);

/* 1 when result i of a run query (emb_result_get) is a name whose every
 * token that weighs anything aligned with the query's, and the query's
 * every such token with the name's (nothing left over on either side),
 * each pair a spelling of the other (same, variant, phonetic, edit or
 * joined; no initial, shortened name or acronym), at most one pair under
 * 0.8, and two query words among them of four letters or more, or of
 * three misspelt. */
int emb__result_aligned_all(const emb_query *q, size_t i);

/* 1 when result i of a run query aligned a word of the query with the
 * initials of list words, or the other way round ("usc" / United
 * Shipbuilding Corporation). */
int emb__result_by_acronym(const emb_query *q, size_t i);

/* The words of the list name result i matched that are neither legal
 * forms, titles, particles nor joining words (1 for "KONTRAKT OOO"), and
 * those of the query name that found it that are neither titles,
 * particles nor joining words (1 for "the contract", 2 for "Kontrakr
 * OOO"). */
size_t emb__result_list_words(const emb_query *q, size_t i);
size_t emb__result_query_words(const emb_query *q, size_t i);

/* 1 when result i of a run query aligned a particle or title of the query
 * (two letters or more) with the same one of the list name (AL KAWTHAR
 * for "AL KAWTAR", Colonel ROMBOT for "Colonel Rombom"). */
int emb__result_particle_written(const emb_query *q, size_t i);

/* The words (or runs of words joined) of the query name that found
 * result i each aligned with a list word (or run) written the same or
 * within the matcher's edits of it (emb__max_edits, at least one), legal
 * forms too; *longer gets those of four letters or more.  "local"
 * (LUKOIL, a phonetic pair) and "is a" (ISA, joined with a word of one
 * letter) have none. */
size_t emb__result_close_words(const emb_query *q, size_t i, size_t *longer);

/* Sets the weights of an analysed name from flags only (no frequencies):
 * used when no snapshot is available. */
void emb__side_plain(emb__side *side, const emb__an *an);

#endif
