/*
 * query_internal.h - the query context shared by query.c (set-up and
 * retrieval), rank.c (entity scoring) and explain.c.
 */
#ifndef EMB_SCORE_QUERY_INTERNAL_H
#define EMB_SCORE_QUERY_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "../base/arena.h"
#include "../base/limits.h"
#include "../index/index.h"
#include "../snapshot/snapshot.h"
#include "analyze.h"
#include "compare.h"
#include "embargo.h"

#define EMB_Q_MAX_NAMES 8
#define EMB_Q_NO_TWIN 0xFF
#define EMB_Q_MAX_ANALYSED 16 /* names after splitting (names.h) */
#define EMB_Q_MAX_DATES 8
#define EMB_Q_MAX_COUNTRIES 8
#define EMB_Q_MAX_IDS 8
#define EMB_Q_CANDIDATES 32 /* names kept per query name by weight */
#define EMB_Q_CORE 12       /* of those, scored in full for a Latin name */
/* A thorough query (emb_query_set_thorough) looks up by their typos the
 * listed words of at most EMB_Q_THOROUGH_LETTERS letters in at most
 * EMB_Q_THOROUGH_POSTINGS names: "sala", "ami", "jun" and "eats" (in 1 to
 * 18); a typo seldom makes a longer word another listed one, and all
 * listed words cost 40% of the speed */
#define EMB_Q_THOROUGH_POSTINGS 32
#define EMB_Q_THOROUGH_LETTERS 5
#define EMB_Q_PREFETCH 32        /* postings read ahead of the one added */
#define EMB_Q_MAX_RESULTS 256    /* entities kept before the limit */
#define EMB_Q_POSTINGS_CAP 40000 /* longer postings are not walked */
#define EMB_Q_COMMON_POSTINGS                                                                      \
    2000 /* a token in more names than this is                                                     \
          * skipped when another is EMB_Q_SKIP_RATIO                                               \
          * times rarer */
#define EMB_Q_SKIP_RATIO 8
#define EMB_Q_WALKED 64      /* dictionary tokens remembered as walked per query token */
#define EMB_Q_HEBREW_KEYS 16 /* spellings looked up per vowel-less Hebrew token */
#define EMB_Q_TOKEN_BUDGET                                                                         \
    60000 /* postings walked per query token, all                                                  \
           * its spellings together (exact first) */

/* Accumulated evidence for one list name during retrieval. */
typedef struct emb__acc {
    float w;       /* summed weight of the query tokens that reached it */
    uint8_t lastq; /* last query token that did (1-based; 0 = untouched) */
    /* Set in emb_query_new, never reset: what the candidate loop needs of
     * the name beside its weight, in the same cache line, so the name's
     * record (a cache miss on large lists) is read only for a name that
     * enters the heap. */
    uint8_t ntok;        /* the name's tokens */
    uint16_t sig : 13;   /* EMB_Q_SIG_BIT of each common token of the name:
                          * which names may hold a skipped token */
    uint16_t schema : 3; /* the name's schema */
} emb__acc;

/* Signature bit (of 13) of a common token (post_count >
 * EMB_Q_COMMON_POSTINGS). */
#define EMB_Q_SIG_BIT(id) ((uint16_t)(1u << ((((uint32_t)(id)*0x9E3779B1u) >> 16) % 13u)))

typedef struct emb__qstr {
    const char *s;
    size_t n;
} emb__qstr;

/* One scored entity with the evidence behind its score. */
typedef struct emb__res {
    uint32_t entity;
    uint32_t name;       /* NAMS index of the best name, UINT32_MAX if none */
    uint8_t qname;       /* which query name */
    uint8_t weak;        /* best name is a weak alias */
    uint8_t capped_weak; /* score was capped: weak alias alone */
    double name_score;
    double score;
    double dob_delta, country_delta, gender_delta;
    int dob_state; /* 0 none, 1 exact, 2 year, 3 near, 4 mismatch */
    char dob_q[11], dob_c[11];
    int country_state; /* 0 none, 1 match, 2 mismatch */
    char country_q[3], country_c[3];
    int gender_state; /* 0 none, 1 match, 2 mismatch */
    uint32_t id_prop; /* PROP index of the matching identifier, or UINT32_MAX */
    emb__cmp cmp;
} emb__res;

/* A list name scored by this run (score_name): another name of the same
 * tokens, script and legal forms (one person as several lists give her)
 * scores the same against the same query name, so it is not compared
 * again. */
typedef struct emb__memo {
    uint32_t name;  /* NAMS index of the name compared */
    uint32_t first; /* its first packed token (NTOK), a quick filter */
    uint8_t qn;     /* the analysed query name it was compared with */
    uint8_t schema; /* the schema it was compared under */
    uint8_t kept;   /* 0: refused (a Korean reading not one to one) */
    double s;
    emb__cmp cmp;
} emb__memo;

struct emb_query {
    const emb_snapshot *snap;
    const emb__index *ix;
    emb__analyzer *an;
    emb__arena arena;
    /* query */
    emb_schema schema;
    size_t limit;
    double threshold;
    int dataset;  /* -1: all */
    int thorough; /* emb_query_set_thorough */
    emb__qstr names[EMB_Q_MAX_NAMES];
    size_t nnames;
    char dates[EMB_Q_MAX_DATES][11];
    size_t ndates;
    char countries[EMB_Q_MAX_COUNTRIES][3];
    size_t ncountries;
    char gender;                  /* 0, 'm', 'f' */
    emb__qstr ids[EMB_Q_MAX_IDS]; /* folded */
    size_t nids;
    emb__qstr parts[4]; /* firstName, middleName, lastName, fatherName */
    /* analysed query names */
    emb__an qan[EMB_Q_MAX_ANALYSED];
    emb__side qside[EMB_Q_MAX_ANALYSED];
    uint8_t qsrc[EMB_Q_MAX_ANALYSED];     /* query name each analysed name came from */
    uint8_t qreading[EMB_Q_MAX_ANALYSED]; /* 1: a Korean reading of Han characters */
    /* A query of no schema is analysed like an organisation's name
     * (number words folded, legal forms); when reading it as a person's
     * name differs ("TEN, Sergey" keeps "ten"), that reading is kept too,
     * as a twin that is not used for retrieval but scores the person
     * names retrieval finds: qtwin[i] = its slot, or EMB_Q_NO_TWIN. */
    uint8_t qtwin[EMB_Q_MAX_ANALYSED];
    uint8_t qistwin[EMB_Q_MAX_ANALYSED];
    size_t nq;
    /* retrieval scratch, sized to the snapshot at emb_query_new */
    emb__acc *acc;
    uint32_t *touched;
    size_t ntouched;
    /* common tokens retrieval skipped (EMB_Q_COMMON_POSTINGS): credited
     * afterwards to the names found through the rarer ones that hold them */
    uint32_t skip_tok[EMB_AN_MAX_TOKENS];
    float skip_w[EMB_AN_MAX_TOKENS];
    size_t nskip;
    uint16_t skip_sig; /* EMB_Q_SIG_BIT of each skipped token */
    /* a token the query name repeats ("Abdullah ABDULLAH"): retrieved
     * once, and credited again to the names that hold it as often */
    uint32_t rep_tok[EMB_AN_MAX_TOKENS];
    float rep_w[EMB_AN_MAX_TOKENS];
    uint8_t rep_n[EMB_AN_MAX_TOKENS]; /* times the query holds it */
    size_t nrep;
    uint32_t budget; /* postings left for the current query token */
    /* 0 while the current query token cannot bring a name it reaches
     * first past the floor (retrieve: the tokens after it weigh too
     * little): it then credits only names already reached */
    int reach_new;
    /* dictionary tokens whose postings the current query token has walked
     * (its first EMB_Q_WALKED): another of its keys reaching one again
     * would credit no name (acc.lastq), so it is not walked twice */
    uint32_t walked[EMB_Q_WALKED];
    size_t nwalked;
    /* results */
    emb__res res[EMB_Q_MAX_RESULTS];
    uint16_t order[EMB_Q_MAX_RESULTS]; /* res ranked best first */
    size_t nres;
    size_t nout;                      /* results reported (<= limit) */
    emb__side cside;                  /* scratch */
    emb__memo memo[EMB_Q_CANDIDATES]; /* names compared by this run */
    size_t nmemo;
    char reading[EMB_CAP_QUERY_VALUE + 1]; /* a name read as Korean (names.h) */
};

/* Weights of an analysed name from the snapshot's token frequencies; a
 * query side gets negative weights for words the lists do not know. */
void emb__side_weights(const emb_snapshot *s, const emb__an *an, emb__side *side, int query);
/* Fills a side from a list name (NAMS index). */
void emb__q_side_of_name(const emb_query *q, uint32_t name, emb__side *out);
/* Scores entity features and finalises res->score. */
void emb__q_entity_score(emb_query *q, emb__res *r);

/* Retrieval (query.c): walks the list tokens under key hash for query
 * token qi (1-based) with weight w; flags: 1 verify the edit distance
 * against a, 2 cap the weight at the list token's own. */
void emb__q_add_key(emb_query *q, uint32_t hash, const emb__atok *a, uint8_t qi, float w,
                    int flags);
/* The weight query token i walks with (query.c). */
float emb__q_walk_weight(const emb_query *q, const emb__side *side, size_t i);

/* Keys of names written in other scripts (query_script.c): a vowel-less
 * Hebrew token's spellings; an Arabic-script token's readings; an
 * Arabic-script token's run with the words Latin joins to it. */
void emb__q_hebrew_keys(emb_query *q, const emb__atok *a, uint8_t qi, float w);
void emb__q_arabic_keys(emb_query *q, const emb__atok *a, uint8_t qi, float w, int cap);
void emb__q_arabic_joined_keys(emb_query *q, const emb__an *an, const emb__side *side, size_t i);
int emb__schema_compatible(emb_schema query, emb_schema cand);

#endif
