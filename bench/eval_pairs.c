/*
 * eval_pairs.c - the name-pair sets of the eval harness: the nomenklatura
 * name benchmark (beside the frozen logic-v2 scores), the moov-watchman
 * Cascade pairs (beside their reference `score` column), the cross-script
 * pairs and the OFAC-tool ranking fixtures.  Every pair is scored with
 * emb_compare_names; no snapshot is needed.  The error listing groups
 * false negatives and false positives by category and spreads the
 * examples over the categories round-robin, worst first.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"

#define NOMEN_DIR "opensanctions-nomenklatura/"
#define WATCHMAN_DIR "moov-watchman/"
#define LOGICV2_THRESHOLD 0.70

/* One labelled pair.  Strings point into the set's ev_table. */
typedef struct pair {
    const char *group; /* category shown in the error listing */
    const char *schema;
    const char *name1, *name2;
    int truth;
    int has_peer;
    double score; /* ours */
    double peer;  /* the reference system's score */
    size_t file;  /* index of the file it came from */
} pair;

typedef struct pairset {
    pair *p;
    size_t n, cap;
    size_t failures; /* emb_compare_names errors (scored 0) */
    emb_status first_failure;
    size_t bad_rows; /* rows skipped: unreadable label or score */
} pairset;

emb_status ev_compare(const emb_snapshot *snap, const char *a, const char *b, emb_schema schema,
                      double *score)
{
    emb_status st;
    *score = 0.0;
    st = emb_compare_names(snap, a, strlen(a), b, strlen(b), schema, score, NULL, 0, NULL);
    if (st != EMB_OK)
        *score = 0.0;
    return st;
}

static int parse_bool(const char *s, int *out)
{
    if (strcmp(s, "true") == 0 || strcmp(s, "True") == 0 || strcmp(s, "TRUE") == 0 ||
        strcmp(s, "1") == 0) {
        *out = 1;
        return 0;
    }
    if (strcmp(s, "false") == 0 || strcmp(s, "False") == 0 || strcmp(s, "FALSE") == 0 ||
        strcmp(s, "0") == 0) {
        *out = 0;
        return 0;
    }
    return -1;
}

static int parse_score(const char *s, double *out)
{
    char *end;
    double v;
    if (*s == '\0')
        return -1;
    v = strtod(s, &end);
    if (end == s || *end != '\0' || v != v)
        return -1;
    *out = v;
    return 0;
}

static emb_schema schema_of(const char *name)
{
    emb_schema s;
    if (name != NULL && emb_schema_parse(name, strlen(name), &s) == EMB_OK)
        return s;
    return EMB_SCHEMA_LEGAL_ENTITY;
}

static pair *pairset_add(pairset *ps)
{
    if (ps->n == ps->cap) {
        size_t cap = ps->cap ? ps->cap * 2 : 256;
        pair *p = realloc(ps->p, cap * sizeof *p);
        if (p == NULL)
            return NULL;
        ps->p = p;
        ps->cap = cap;
    }
    memset(&ps->p[ps->n], 0, sizeof ps->p[ps->n]);
    return &ps->p[ps->n++];
}

static void pairset_free(pairset *ps)
{
    free(ps->p);
    memset(ps, 0, sizeof *ps);
}

static int load_table(ev_table *t, const ev_opts *o, const char *rel, unsigned flags)
{
    char path[4096], msg[512];
    if (ev_path(path, sizeof path, o->data, rel) != 0) {
        fprintf(stderr, "eval: path too long: %s/%s\n", o->data, rel);
        return -1;
    }
    if (ev_table_load(t, path, flags, msg, sizeof msg) != 0) {
        fprintf(stderr, "eval: %s\n", msg);
        return -1;
    }
    return 0;
}

static int need_cols(const ev_table *t, const char *rel, const char *const *names, long *cols,
                     size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        cols[i] = ev_table_col(t, names[i]);
        if (cols[i] < 0) {
            fprintf(stderr, "eval: %s: no column %s\n", rel, names[i]);
            return -1;
        }
    }
    return 0;
}

/* Reads the labelled pairs of a case_group,schema,name1,name2,is_match,...
 * file.  group_col names the column used as the error category (falling
 * back to case_group when empty); peer_col, when not NULL, the reference
 * score column. */
static int add_pairs(pairset *ps, const ev_table *t, const char *rel, const char *group_col,
                     const char *peer_col, size_t file)
{
    static const char *const names[] = {"case_group", "schema", "name1", "name2", "is_match"};
    long c[5], gcol, pcol = -1;
    size_t i;
    if (need_cols(t, rel, names, c, 5) != 0)
        return -1;
    gcol = ev_table_col(t, group_col);
    if (peer_col != NULL && (pcol = ev_table_col(t, peer_col)) < 0) {
        fprintf(stderr, "eval: %s: no column %s\n", rel, peer_col);
        return -1;
    }
    for (i = 0; i < t->nrows; i++) {
        pair *p;
        int truth;
        if (parse_bool(ev_cell(t, i, c[4]), &truth) != 0) {
            ps->bad_rows++;
            continue;
        }
        if ((p = pairset_add(ps)) == NULL) {
            fprintf(stderr, "eval: out of memory\n");
            return -1;
        }
        p->group = ev_cell(t, i, gcol);
        if (*p->group == '\0')
            p->group = ev_cell(t, i, c[0]);
        p->schema = ev_cell(t, i, c[1]);
        p->name1 = ev_cell(t, i, c[2]);
        p->name2 = ev_cell(t, i, c[3]);
        p->truth = truth;
        p->file = file;
        if (pcol >= 0 && parse_score(ev_cell(t, i, pcol), &p->peer) == 0)
            p->has_peer = 1;
    }
    return 0;
}

static void score_pairs(const emb_snapshot *snap, pairset *ps)
{
    size_t i;
    for (i = 0; i < ps->n; i++) {
        pair *p = &ps->p[i];
        emb_status st = ev_compare(snap, p->name1, p->name2, schema_of(p->schema), &p->score);
        if (st != EMB_OK) {
            if (ps->failures++ == 0)
                ps->first_failure = st;
        }
    }
}

/* Scores and truths of the pairs selected by file (SIZE_MAX: all) into
 * freshly allocated arrays; peer picks the reference score (pairs
 * without one are left out). */
static size_t collect(const pairset *ps, size_t file, int peer, double **sc, int **tr)
{
    size_t i, n = 0;
    *sc = malloc((ps->n + 1) * sizeof **sc);
    *tr = malloc((ps->n + 1) * sizeof **tr);
    if (*sc == NULL || *tr == NULL) {
        free(*sc);
        free(*tr);
        *sc = NULL;
        *tr = NULL;
        return 0;
    }
    for (i = 0; i < ps->n; i++) {
        const pair *p = &ps->p[i];
        if (file != (size_t)-1 && p->file != file)
            continue;
        if (peer && !p->has_peer)
            continue;
        (*sc)[n] = peer ? p->peer : p->score;
        (*tr)[n] = p->truth;
        n++;
    }
    return n;
}

enum { ROW_AT = 1, ROW_BEST = 2 };

/* Adds the rows of "system": at threshold t (ROW_AT) and at its own best
 * threshold (ROW_BEST).  Returns the confusion at t. */
static ev_conf add_rows(ev_report *r, const char *set, const char *system, const pairset *ps,
                        size_t file, int peer, double t, unsigned which)
{
    double *sc, f1, bestt;
    int *tr;
    size_t n = collect(ps, file, peer, &sc, &tr);
    ev_conf c = ev_conf_at(sc, tr, n, t);
    ev_row *row;
    char label[EV_TEXT];
    if ((which & ROW_AT) && (row = ev_report_row(r, set, system)) != NULL) {
        ev_row_conf(row, &c);
        if (!peer && ps->failures > 0)
            ev_row_other(row, "%zu compare errors (%s)", ps->failures,
                         emb_status_name(ps->first_failure));
    }
    if ((which & ROW_BEST) && n > 0) {
        f1 = ev_best_f1(sc, tr, n, &bestt);
        if (f1 >= 0.0) {
            ev_conf cb = ev_conf_at(sc, tr, n, bestt);
            snprintf(label, sizeof label, "%s @best t=%.3f", system, bestt);
            if ((row = ev_report_row(r, set, label)) != NULL)
                ev_row_conf(row, &cb);
        }
    }
    free(sc);
    free(tr);
    return c;
}

static void add_hist(ev_report *r, const char *set, const pairset *ps)
{
    ev_hist *h[2] = {NULL, NULL};
    size_t i, nfalse = 0;
    for (i = 0; i < ps->n; i++)
        nfalse += !ps->p[i].truth;
    h[1] = ev_report_hist(r, set, "true pairs");
    if (nfalse > 0)
        h[0] = ev_report_hist(r, set, "false pairs");
    for (i = 0; i < ps->n; i++)
        if (h[ps->p[i].truth] != NULL)
            h[ps->p[i].truth]->count[ev_bucket(ps->p[i].score)]++;
}

/* ---- error listing ------------------------------------------------- */

#define NOT_SHOWN_NAMED 12

typedef struct group {
    const char *name;
    size_t count, shown;
} group;

/* One error: the pair and the rank of its group (largest group first). */
typedef struct err_item {
    const pair *p;
    size_t g;
    int pick;
} err_item;

static int sort_fn; /* 1: false negatives, lowest score first */

static size_t group_index(const group *g, size_t ng, const char *name)
{
    size_t i;
    for (i = 0; i < ng; i++)
        if (strcmp(g[i].name, name) == 0)
            return i;
    return ng;
}

static int cmp_groups(const void *a, const void *b)
{
    const group *x = a, *y = b;
    if (x->count != y->count)
        return x->count < y->count ? 1 : -1;
    return strcmp(x->name, y->name);
}

static int cmp_errors(const void *a, const void *b)
{
    const err_item *x = a, *y = b;
    if (x->g != y->g)
        return x->g < y->g ? -1 : 1;
    if (x->p->score != y->p->score)
        return (x->p->score < y->p->score) == sort_fn ? -1 : 1;
    return 0;
}

static void print_pair(ev_report *r, const pair *p)
{
    if (p->has_peer)
        ev_report_errf(r, "      %.3f (ref %.3f)  %s  |  %s  [%s]\n", ev_shown(p->score),
                       ev_shown(p->peer), p->name1, p->name2, p->schema);
    else
        ev_report_errf(r, "      %.3f  %s  |  %s  [%s]\n", ev_shown(p->score), p->name1, p->name2,
                       p->schema);
}

static int is_error(const pair *p, double t, int fn)
{
    return fn ? p->truth && p->score < t : !p->truth && p->score >= t;
}

/* Lists up to quota errors of one kind (fn: true pairs scored below t;
 * else false pairs scored at or above t): examples are taken round-robin
 * from the groups, largest group first, worst pair first; groups left
 * without an example are named with their counts. */
static void list_kind(ev_report *r, const pairset *ps, double t, int fn, size_t quota)
{
    size_t n = 0, ng = 0, i, k, shown = 0, round, start;
    err_item *e = malloc((ps->n + 1) * sizeof *e);
    group *g = malloc((ps->n + 1) * sizeof *g);
    size_t rest_groups = 0, rest_pairs = 0;
    int first_rest = 1;

    if (e == NULL || g == NULL) {
        r->oom = 1;
        goto out;
    }
    for (i = 0; i < ps->n; i++) {
        const pair *p = &ps->p[i];
        if (!is_error(p, t, fn))
            continue;
        k = group_index(g, ng, p->group);
        if (k == ng) {
            g[ng].name = p->group;
            g[ng].count = 0;
            g[ng].shown = 0;
            ng++;
        }
        g[k].count++;
        e[n].p = p;
        e[n].pick = 0;
        n++;
    }
    if (n == 0)
        goto out;
    qsort(g, ng, sizeof *g, cmp_groups);
    for (i = 0; i < n; i++)
        e[i].g = group_index(g, ng, e[i].p->group);
    sort_fn = fn;
    qsort(e, n, sizeof *e, cmp_errors);
    for (round = 0; shown < quota; round++) {
        int any = 0;
        start = 0;
        for (i = 0; i < ng && shown < quota; i++) {
            if (round < g[i].count) {
                e[start + round].pick = 1;
                g[i].shown++;
                shown++;
                any = 1;
            }
            start += g[i].count;
        }
        if (!any)
            break;
    }
    ev_report_errf(r, "  %s (%zu):\n",
                   fn ? "false negatives, true pairs scored below threshold"
                      : "false positives, false pairs scored at or above "
                        "threshold",
                   n);
    start = 0;
    for (i = 0; i < ng; i++) {
        if (g[i].shown > 0) {
            ev_report_errf(r, "    %s (%zu)\n", g[i].name, g[i].count);
            for (k = 0; k < g[i].count; k++)
                if (e[start + k].pick)
                    print_pair(r, e[start + k].p);
        }
        start += g[i].count;
    }
    /* Name the first NOT_SHOWN_NAMED groups left without an example, then
     * sum up the rest. */
    k = 0;
    for (i = 0; i < ng; i++) {
        if (g[i].shown > 0)
            continue;
        if (k++ < NOT_SHOWN_NAMED) {
            ev_report_errf(r, "%s%s %zu", first_rest ? "    not shown: " : ", ", g[i].name,
                           g[i].count);
            first_rest = 0;
        } else {
            rest_groups++;
            rest_pairs += g[i].count;
        }
    }
    if (rest_groups > 0)
        ev_report_errf(r, ", and %zu more categories (%zu pairs)", rest_groups, rest_pairs);
    if (!first_rest)
        ev_report_errf(r, "\n");
out:
    free(e);
    free(g);
}

static void list_errors(ev_report *r, const char *set, const pairset *ps, double t, size_t quota,
                        const char *ref_legend)
{
    size_t i, nfn = 0, nfp = 0, qfn, qfp;
    for (i = 0; i < ps->n; i++) {
        if (ps->p[i].truth && ps->p[i].score < t)
            nfn++;
        else if (!ps->p[i].truth && ps->p[i].score >= t)
            nfp++;
    }
    ev_report_errf(r,
                   "\n%s: %zu false negatives, %zu false positives at "
                   "%.2f (our score first; ref = %s)\n",
                   set, nfn, nfp, t, ref_legend);
    /* Split the quota in proportion, at least one each when there are
     * errors of both kinds. */
    qfn = nfn + nfp == 0 ? 0 : (quota * nfn + (nfn + nfp) / 2) / (nfn + nfp);
    if (qfn > nfn)
        qfn = nfn;
    if (nfp > 0 && qfn == quota && quota > 1)
        qfn--;
    if (nfn > 0 && qfn == 0 && quota > 1)
        qfn = 1;
    qfp = quota - qfn;
    if (nfn > 0)
        list_kind(r, ps, t, 1, qfn);
    if (nfp > 0)
        list_kind(r, ps, t, 0, qfp);
}

/* ---- nomenklatura ---------------------------------------------------- */

static const pair *find_case(const pairset *ps, const char *grp, const char *schema, const char *n1,
                             const char *n2)
{
    size_t i;
    for (i = 0; i < ps->n; i++) {
        const pair *p = &ps->p[i];
        if (strcmp(p->name1, n1) == 0 && strcmp(p->name2, n2) == 0 &&
            strcmp(p->schema, schema) == 0 && strcmp(p->group, grp) == 0)
            return p;
    }
    return NULL;
}

static void fmt_bar_f1(ev_report *r, const char *what, double ours, double target)
{
    char a[EV_OTHER], b[EV_OTHER];
    snprintf(a, sizeof a, "F1 %.3f", ours);
    snprintf(b, sizeof b, ">= %.3f", target);
    ev_report_bar(r, what, a, b, ours >= target);
}

int ev_run_nomenklatura(const ev_opts *o, const emb_snapshot *snap, ev_report *r)
{
    static const char *const set = "nomenklatura name_bench";
    static const char *const cases_rel = NOMEN_DIR "name_bench_cases.csv";
    static const char *const frozen_rel = NOMEN_DIR "name_bench_logicv2_frozen_scores.csv";
    ev_table cases, frozen;
    pairset ps = {0}, lv = {0};
    ev_conf ours, same_ours = {0, 0, 0, 0}, same_peer = {0, 0, 0, 0};
    ev_row *row;
    size_t i;
    int rc = -1;

    if (load_table(&cases, o, cases_rel, 0) != 0)
        return -1;
    if (load_table(&frozen, o, frozen_rel, 0) != 0) {
        ev_table_free(&cases);
        return -1;
    }
    /* The frozen run keeps case_group in its own column, so the grouping
     * key is case_group in both files. */
    if (add_pairs(&ps, &cases, cases_rel, "case_group", NULL, 0) != 0 ||
        add_pairs(&lv, &frozen, frozen_rel, "case_group", "score", 1) != 0)
        goto out;
    score_pairs(snap, &ps);

    ours = add_rows(r, set, "embargo", &ps, (size_t)-1, 0, o->threshold, ROW_AT | ROW_BEST);
    /* Like for like: both systems on the cases the frozen run covers. */
    for (i = 0; i < lv.n; i++) {
        pair *lp = &lv.p[i];
        pair *p = (pair *)find_case(&ps, lp->group, lp->schema, lp->name1, lp->name2);
        if (p == NULL || !lp->has_peer)
            continue;
        p->peer = lp->peer;
        p->has_peer = 1;
        ev_conf_add(&same_ours, p->truth, p->score >= o->threshold);
        ev_conf_add(&same_peer, p->truth, lp->peer >= LOGICV2_THRESHOLD);
    }
    if ((row = ev_report_row(r, set, "embargo, logic-v2's cases")) != NULL)
        ev_row_conf(row, &same_ours);
    add_rows(r, set, "logic-v2 frozen @0.70", &lv, (size_t)-1, 1, LOGICV2_THRESHOLD, ROW_AT);
    if ((row = ev_report_row(r, set, "logic-v2 frozen, same cases")) != NULL)
        ev_row_conf(row, &same_peer);
    if ((row = ev_report_row(r, set, "logic-v2 published")) != NULL) {
        row->has = EV_HAS_P | EV_HAS_R | EV_HAS_F1;
        row->p = 0.76;
        row->r = 0.82;
        row->f1 = 0.79;
        ev_row_other(row, "nomenklatura's figure");
    }
    if (ps.bad_rows > 0 && (row = ev_report_row(r, set, "(skipped rows)")))
        ev_row_other(row, "%zu unlabelled rows", ps.bad_rows);
    add_hist(r, set, &ps);
    list_errors(r, set, &ps, o->threshold, o->errors, "logic-v2 frozen score");
    fmt_bar_f1(r, "nomenklatura F1 (issue bar)", ev_conf_f1(&ours), 0.85);
    fmt_bar_f1(r, "nomenklatura F1 >= logic-v2 published (peer)", ev_conf_f1(&ours), 0.79);
    rc = 0;
out:
    pairset_free(&ps);
    pairset_free(&lv);
    ev_table_free(&cases);
    ev_table_free(&frozen);
    return rc;
}

/* ---- moov-watchman cascade --------------------------------------------- */

int ev_run_cascade(const ev_opts *o, const emb_snapshot *snap, ev_report *r)
{
    static const char *const set = "watchman cascade (both files)";
    static const char *const files[2] = {WATCHMAN_DIR "cascade-name-pairs.csv",
                                         WATCHMAN_DIR "cascade-name-pairs-2.csv"};
    ev_table t[2];
    pairset ps = {0};
    ev_conf ours, ref;
    size_t f, loaded = 0;
    int rc = -1;

    for (f = 0; f < 2; f++) {
        if (load_table(&t[f], o, files[f], 0) != 0)
            goto out;
        loaded++;
        if (add_pairs(&ps, &t[f], files[f], "category", "score", f) != 0)
            goto out;
    }
    score_pairs(snap, &ps);
    ours = add_rows(r, set, "embargo", &ps, (size_t)-1, 0, o->threshold, ROW_AT | ROW_BEST);
    ref = add_rows(r, set, "reference score @0.70", &ps, (size_t)-1, 1, 0.70, ROW_AT);
    add_rows(r, set, "reference score", &ps, (size_t)-1, 1, 0.70, ROW_BEST);
    ev_conf per_file[2];
    for (f = 0; f < 2; f++) {
        const char *base = strrchr(files[f], '/') + 1;
        char sub[EV_TEXT];
        snprintf(sub, sizeof sub, "  %s", base);
        per_file[f] = add_rows(r, sub, "embargo", &ps, f, 0, o->threshold, ROW_AT);
        add_rows(r, sub, "reference score @0.70", &ps, f, 1, 0.70, ROW_AT);
    }
    add_hist(r, set, &ps);
    list_errors(r, "watchman cascade", &ps, o->threshold, o->errors, "the file's reference score");
    /* the bar is on both files; each file's figure is shown too */
    fmt_bar_f1(r, "cascade both files F1 (issue bar)", ev_conf_f1(&ours), 0.80);
    fmt_bar_f1(r, "cascade-name-pairs.csv F1 (issue bar)", ev_conf_f1(&per_file[0]), 0.80);
    fmt_bar_f1(r, "cascade-name-pairs-2.csv F1 (issue bar)", ev_conf_f1(&per_file[1]), 0.80);
    fmt_bar_f1(r, "cascade F1 >= reference score @0.70 (peer)", ev_conf_f1(&ours),
               ev_conf_f1(&ref));
    rc = 0;
out:
    pairset_free(&ps);
    for (f = 0; f < loaded; f++)
        ev_table_free(&t[f]);
    return rc;
}

/* ---- cross-script -------------------------------------------------------- */

/* Script of the first letter of s, from its Unicode block. */
static const char *script_of(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned long cp;
    if (u[0] < 0x80)
        return "Latin";
    if ((u[0] & 0xE0) == 0xC0 && u[1])
        cp = ((unsigned long)(u[0] & 0x1F) << 6) | (u[1] & 0x3Fu);
    else if ((u[0] & 0xF0) == 0xE0 && u[1] && u[2])
        cp = ((unsigned long)(u[0] & 0x0F) << 12) | ((unsigned long)(u[1] & 0x3F) << 6) |
             (u[2] & 0x3Fu);
    else
        return "other";
    if (cp >= 0x0370 && cp <= 0x03FF)
        return "Greek";
    if (cp >= 0x0400 && cp <= 0x04FF)
        return "Cyrillic";
    if (cp >= 0x0590 && cp <= 0x05FF)
        return "Hebrew";
    if (cp >= 0x0600 && cp <= 0x06FF)
        return "Arabic";
    if (cp >= 0x0E00 && cp <= 0x0E7F)
        return "Thai";
    if (cp >= 0x3040 && cp <= 0x30FF)
        return "Kana";
    if (cp >= 0x4E00 && cp <= 0x9FFF)
        return "Han";
    if (cp >= 0xAC00 && cp <= 0xD7AF)
        return "Hangul";
    return "other";
}

int ev_run_cross_script(const ev_opts *o, const emb_snapshot *snap, ev_report *r)
{
    static const char *const set = "watchman cross_script_pairs";
    static const char *const rel = WATCHMAN_DIR "cross_script_pairs.csv";
    ev_table t;
    pairset ps = {0};
    size_t i, at_t = 0, at_min = 0;
    ev_row *row;
    char a[EV_OTHER], b[EV_OTHER];

    if (load_table(&t, o, rel, EV_CSV_COMMENTS | EV_CSV_NO_HEADER) != 0)
        return -1;
    if (t.ncols < 3) {
        fprintf(stderr, "eval: %s: expected query,match,min score,...\n", rel);
        ev_table_free(&t);
        return -1;
    }
    for (i = 0; i < t.nrows; i++) {
        pair *p;
        double min;
        if (parse_score(ev_cell(&t, i, 2), &min) != 0) {
            ps.bad_rows++;
            continue;
        }
        if ((p = pairset_add(&ps)) == NULL) {
            fprintf(stderr, "eval: out of memory\n");
            pairset_free(&ps);
            ev_table_free(&t);
            return -1;
        }
        p->name1 = ev_cell(&t, i, 0);
        p->name2 = ev_cell(&t, i, 1);
        p->schema = "Person";
        p->group = script_of(p->name1);
        p->truth = 1;
        p->peer = min; /* the file's own minimum score for the pair */
        p->has_peer = 1;
    }
    score_pairs(snap, &ps);
    for (i = 0; i < ps.n; i++) {
        at_t += ps.p[i].score >= o->threshold;
        at_min += ps.p[i].score >= ps.p[i].peer;
    }
    if ((row = ev_report_row(r, set, "embargo")) != NULL) {
        row->n = ps.n;
        row->has = EV_HAS_R;
        row->r = ps.n ? (double)at_t / (double)ps.n : 0.0;
        ev_row_other(row, "%zu/%zu >= %.2f", at_t, ps.n, o->threshold);
    }
    if ((row = ev_report_row(r, set, "embargo vs per-pair min score"))) {
        row->n = ps.n;
        row->has = EV_HAS_R;
        row->r = ps.n ? (double)at_min / (double)ps.n : 0.0;
        ev_row_other(row, "%zu/%zu >= min", at_min, ps.n);
    }
    if (ps.failures > 0 && (row = ev_report_row(r, set, "(errors)")))
        ev_row_other(row, "%zu compare errors (%s)", ps.failures,
                     emb_status_name(ps.first_failure));
    add_hist(r, set, &ps);
    /* All pairs are true: only false negatives can be listed. */
    list_errors(r, set, &ps, o->threshold, o->errors, "the file's minimum score for the pair");
    snprintf(a, sizeof a, "%zu of %zu", at_t, ps.n);
    snprintf(b, sizeof b, ">= 18 of 22");
    ev_report_bar(r, "cross-script pairs scoring >= threshold", a, b, ps.n == 22 ? at_t >= 18 : -1);
    pairset_free(&ps);
    ev_table_free(&t);
    return 0;
}

/* ---- OFAC tool fixtures ------------------------------------------------ */

static int constant(const double *v, size_t n)
{
    size_t i;
    for (i = 1; i < n; i++)
        if (v[i] != v[0])
            return 0;
    return 1;
}

typedef struct ofac_query {
    const char *query;
    double rho;
    int defined;
    size_t n;
} ofac_query;

static int cmp_rho(const void *a, const void *b)
{
    const ofac_query *x = a, *y = b;
    if (x->defined != y->defined)
        return x->defined ? -1 : 1;
    return (x->rho > y->rho) - (x->rho < y->rho);
}

int ev_run_ofac(const ev_opts *o, const emb_snapshot *snap, ev_report *r)
{
    static const char *const set = "nomenklatura ofac_tool fixtures";
    static const char *const rel = NOMEN_DIR "ofac_tool_score_fixtures.csv";
    static const char *const names[] = {"query_name", "result_name", "ofac_score"};
    ev_table t;
    long c[3];
    double *ours = NULL, *ref = NULL, *qo = NULL, *qr = NULL;
    double agree = 0.0, rho_sum = 0.0;
    size_t npairs = 0, nq = 0, ndefined = 0, i, j, failures = 0;
    unsigned char *done = NULL;
    ofac_query *qs = NULL;
    ev_row *row;
    int rc = -1;

    if (load_table(&t, o, rel, 0) != 0)
        return -1;
    if (need_cols(&t, rel, names, c, 3) != 0)
        goto out;
    ours = malloc((t.nrows + 1) * sizeof *ours);
    ref = malloc((t.nrows + 1) * sizeof *ref);
    qo = malloc((t.nrows + 1) * sizeof *qo);
    qr = malloc((t.nrows + 1) * sizeof *qr);
    done = calloc(t.nrows + 1, 1);
    qs = malloc((t.nrows + 1) * sizeof *qs);
    if (!ours || !ref || !qo || !qr || !done || !qs) {
        fprintf(stderr, "eval: out of memory\n");
        goto out;
    }
    for (i = 0; i < t.nrows; i++) {
        if (parse_score(ev_cell(&t, i, c[2]), &ref[i]) != 0) {
            done[i] = 1; /* unreadable row: left out */
            continue;
        }
        if (ev_compare(snap, ev_cell(&t, i, c[0]), ev_cell(&t, i, c[1]), EMB_SCHEMA_LEGAL_ENTITY,
                       &ours[i]) != EMB_OK)
            failures++;
    }
    /* Group the rows by query text, in order of first appearance. */
    for (i = 0; i < t.nrows; i++) {
        const char *q = ev_cell(&t, i, c[0]);
        size_t n = 0;
        if (done[i])
            continue;
        for (j = i; j < t.nrows; j++) {
            if (done[j] || strcmp(ev_cell(&t, j, c[0]), q) != 0)
                continue;
            done[j] = 1;
            qo[n] = ours[j];
            qr[n] = ref[j];
            n++;
        }
        qs[nq].query = q;
        qs[nq].n = n;
        qs[nq].rho = ev_spearman(qo, qr, n, &qs[nq].defined);
        /* Tying every result the tool ranks apart carries no order: count
         * it as rho 0 rather than leaving the query out. */
        if (!qs[nq].defined && n >= 2 && !constant(qr, n) && constant(qo, n))
            qs[nq].defined = 1;
        if (qs[nq].defined) {
            rho_sum += qs[nq].rho;
            ndefined++;
        }
        ev_order_agreement(qo, qr, n, &agree, &npairs);
        nq++;
    }
    if ((row = ev_report_row(r, set, "embargo: mean Spearman rho"))) {
        row->n = t.nrows;
        ev_row_other(row, "rho %.3f over %zu queries", ndefined ? rho_sum / (double)ndefined : 0.0,
                     ndefined);
    }
    if ((row = ev_report_row(r, set, "embargo: pairwise order"))) {
        row->n = npairs;
        ev_row_other(row, "%.1f%% of %zu pairs agree",
                     npairs ? 100.0 * agree / (double)npairs : 0.0, npairs);
    }
    if (failures > 0 && (row = ev_report_row(r, set, "(errors)")))
        ev_row_other(row, "%zu compare errors", failures);
    /* The queries we rank least like the OFAC tool. */
    qsort(qs, nq, sizeof *qs, cmp_rho);
    ev_report_errf(r,
                   "\n%s: queries ranked least like the OFAC tool "
                   "(Spearman rho; %zu queries whose results the tool "
                   "scores alike have none)\n",
                   set, nq - ndefined);
    for (i = 0; i < nq && i < o->errors; i++) {
        if (!qs[i].defined)
            break;
        ev_report_errf(r, "      rho %+.3f  %s (%zu results)\n", qs[i].rho, qs[i].query, qs[i].n);
    }
    rc = 0;
out:
    free(ours);
    free(ref);
    free(qo);
    free(qr);
    free(done);
    free(qs);
    ev_table_free(&t);
    return rc;
}
