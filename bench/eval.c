/*
 * eval.c - `make eval`: the matching-quality harness.  Runs every labelled
 * set under data/testvectors against the library (name pairs through
 * emb_compare_names, screening sets through emb_query_* on a snapshot),
 * then prints one results table beside the peer figures, the score
 * distributions, the errors by category and a PASS/FAIL block for the
 * quality bars.  The sets themselves live in eval_pairs.c and
 * eval_screen.c; the output format is described in docs/eval.md.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"

static const struct {
    const char *name;
    unsigned bit;
} set_names[] = {
    {"nomenklatura", EV_SET_NOMENKLATURA},
    {"cascade", EV_SET_CASCADE},
    {"cross-script", EV_SET_CROSS_SCRIPT},
    {"ofac", EV_SET_OFAC},
    {"yente", EV_SET_YENTE},
    {"negatives", EV_SET_NEGATIVES},
};

static void usage(FILE *fp)
{
    fputs("usage: eval [--db SNAPSHOT] [--data DIR] [options]\n"
          "  --db PATH          snapshot for the screening sets (yente, "
          "negatives);\n"
          "                     without it those sets are skipped\n"
          "  --data DIR         test vectors (default data/testvectors)\n"
          "  --threshold T      match threshold (default "
          "EMB_DEFAULT_THRESHOLD)\n"
          "  --errors N         error examples listed per set (default 15)\n"
          "  --sample N         negatives: screen N rows of each file, every "
          "k-th row\n"
          "                     (default: all rows)\n"
          "  --sets LIST        comma-separated subset of: nomenklatura, "
          "cascade,\n"
          "                     cross-script, ofac, yente, negatives "
          "(default: all)\n"
          "  --un-dataset NAME  dataset of the UN positives (default "
          "un_sc_sanctions)\n"
          "  --pairs-without-db score name pairs without the snapshot's "
          "token weights\n"
          "  --fail-on-bars     exit 1 when a quality bar fails\n",
          fp);
}

static int parse_double(const char *s, double lo, double hi, double *out)
{
    char *end;
    double v;
    errno = 0;
    v = strtod(s, &end);
    if (errno != 0 || end == s || *end != '\0' || !(v >= lo && v <= hi))
        return -1;
    *out = v;
    return 0;
}

static int parse_size(const char *s, size_t *out)
{
    char *end;
    unsigned long long v;
    if (*s < '0' || *s > '9')
        return -1;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno != 0 || *end != '\0' || v > (unsigned long long)((size_t)-1))
        return -1;
    *out = (size_t)v;
    return 0;
}

static int parse_sets(const char *s, unsigned *out)
{
    unsigned mask = 0;
    while (*s) {
        size_t len = strcspn(s, ","), i;
        int found = 0;
        for (i = 0; i < sizeof set_names / sizeof set_names[0]; i++) {
            if (strlen(set_names[i].name) == len && strncmp(set_names[i].name, s, len) == 0) {
                mask |= set_names[i].bit;
                found = 1;
            }
        }
        if (!found && len > 0)
            return -1;
        s += len;
        if (*s == ',')
            s++;
    }
    if (mask == 0)
        return -1;
    *out = mask;
    return 0;
}

int ev_path(char *out, size_t cap, const char *dir, const char *rel)
{
    int n = snprintf(out, cap, "%s/%s", dir, rel);
    return n < 0 || (size_t)n >= cap ? -1 : 0;
}

static void copy_text(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src ? src : "");
}

ev_row *ev_report_row(ev_report *r, const char *set, const char *system)
{
    ev_row *row;
    if (r->nrows >= EV_ROWS_MAX) {
        r->oom = 1;
        return NULL;
    }
    row = &r->rows[r->nrows++];
    memset(row, 0, sizeof *row);
    copy_text(row->set, sizeof row->set, set);
    copy_text(row->system, sizeof row->system, system);
    return row;
}

void ev_row_conf(ev_row *row, const ev_conf *c)
{
    row->n = ev_conf_total(c);
    row->has = EV_HAS_P | EV_HAS_R | EV_HAS_F1 | EV_HAS_ACC;
    row->p = ev_conf_precision(c);
    row->r = ev_conf_recall(c);
    row->f1 = ev_conf_f1(c);
    row->acc = ev_conf_accuracy(c);
}

void ev_row_other(ev_row *row, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(row->other, sizeof row->other, fmt, ap);
    va_end(ap);
}

ev_hist *ev_report_hist(ev_report *r, const char *set, const char *label)
{
    ev_hist *h;
    if (r->nhists >= EV_HISTS_MAX) {
        r->oom = 1;
        return NULL;
    }
    h = &r->hists[r->nhists++];
    memset(h, 0, sizeof *h);
    copy_text(h->set, sizeof h->set, set);
    copy_text(h->label, sizeof h->label, label);
    return h;
}

void ev_report_bar(ev_report *r, const char *what, const char *ours, const char *bar, int state)
{
    ev_bar *b;
    if (r->nbars >= EV_BARS_MAX) {
        r->oom = 1;
        return;
    }
    b = &r->bars[r->nbars++];
    copy_text(b->what, sizeof b->what, what);
    copy_text(b->ours, sizeof b->ours, ours);
    copy_text(b->bar, sizeof b->bar, bar);
    b->state = state;
}

void ev_report_errf(ev_report *r, const char *fmt, ...)
{
    va_list ap;
    int n;
    size_t need;
    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    need = r->errors_len + (size_t)n + 1;
    if (need > r->errors_cap) {
        size_t cap = r->errors_cap ? r->errors_cap : 4096;
        char *p;
        while (cap < need)
            cap *= 2;
        p = realloc(r->errors, cap);
        if (p == NULL) {
            r->oom = 1;
            return;
        }
        r->errors = p;
        r->errors_cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(r->errors + r->errors_len, r->errors_cap - r->errors_len, fmt, ap);
    va_end(ap);
    r->errors_len += (size_t)n;
}

static void print_metric(unsigned has, unsigned bit, double v)
{
    if (has & bit)
        printf("  %5.3f", v);
    else
        printf("  %5s", "-");
}

static void print_table(const ev_report *r)
{
    size_t i;
    const char *prev = "";
    printf("%-32s %-32s %6s  %5s  %5s  %5s  %5s  %s\n", "set", "system", "n", "P", "R", "F1", "acc",
           "other");
    printf("%-32s %-32s %6s  %5s  %5s  %5s  %5s  %s\n", "--------------------------------",
           "--------------------------------", "------", "-----", "-----", "-----", "-----",
           "-----");
    for (i = 0; i < r->nrows; i++) {
        const ev_row *row = &r->rows[i];
        /* The set name is printed once for its block of rows. */
        printf("%-32s %-32s ", strcmp(row->set, prev) ? row->set : "", row->system);
        if (row->n > 0)
            printf("%6zu", row->n);
        else
            printf("%6s", "-");
        print_metric(row->has, EV_HAS_P, row->p);
        print_metric(row->has, EV_HAS_R, row->r);
        print_metric(row->has, EV_HAS_F1, row->f1);
        print_metric(row->has, EV_HAS_ACC, row->acc);
        printf("  %s\n", row->other);
        prev = row->set;
    }
}

static void print_hists(const ev_report *r)
{
    size_t i, b;
    const char *prev = "";
    if (r->nhists == 0)
        return;
    printf("\nScore distributions (count of scores per bucket; bucket 0.7 "
           "holds [0.7,0.8), 0.9 holds [0.9,1.0])\n");
    printf("%-32s %-32s", "set", "scores of");
    for (b = 0; b < EV_BUCKETS; b++)
        printf(" %5.1f", (double)b / (double)EV_BUCKETS);
    printf("\n");
    for (i = 0; i < r->nhists; i++) {
        const ev_hist *h = &r->hists[i];
        printf("%-32s %-32s", strcmp(h->set, prev) ? h->set : "", h->label);
        for (b = 0; b < EV_BUCKETS; b++)
            printf(" %5zu", h->count[b]);
        printf("\n");
        prev = h->set;
    }
}

static int print_bars(const ev_report *r)
{
    size_t i;
    int failed = 0;
    if (r->nbars == 0)
        return 0;
    printf("\nBars\n");
    printf("%-60s %-12s %-14s %s\n", "bar", "ours", "target", "result");
    for (i = 0; i < r->nbars; i++) {
        const ev_bar *b = &r->bars[i];
        const char *res = b->state > 0 ? "PASS" : b->state == 0 ? "FAIL" : "not measured";
        if (b->state == 0)
            failed = 1;
        printf("%-60s %-12s %-14s %s\n", b->what, b->ours, b->bar, res);
    }
    return failed;
}

int main(int argc, char **argv)
{
    ev_opts o;
    ev_report *rep;
    emb_snapshot *snap = NULL;
    const emb_snapshot *pair_snap;
    int i, failed, rc = 0;

    memset(&o, 0, sizeof o);
    o.data = "data/testvectors";
    o.un_dataset = "un_sc_sanctions";
    o.threshold = EMB_DEFAULT_THRESHOLD;
    o.errors = 15;
    o.sets = EV_SET_ALL;

    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        int bad = 0;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return 0;
        }
        if (strcmp(a, "--fail-on-bars") == 0) {
            o.fail_on_bars = 1;
            continue;
        }
        if (strcmp(a, "--pairs-without-db") == 0) {
            o.pairs_without_db = 1;
            continue;
        }
        if (v == NULL) {
            fprintf(stderr, "eval: %s needs a value (or is unknown)\n", a);
            usage(stderr);
            return 2;
        }
        if (strcmp(a, "--db") == 0)
            o.db = v;
        else if (strcmp(a, "--data") == 0)
            o.data = v;
        else if (strcmp(a, "--un-dataset") == 0)
            o.un_dataset = v;
        else if (strcmp(a, "--threshold") == 0)
            bad = parse_double(v, 0.0, 1.0, &o.threshold);
        else if (strcmp(a, "--errors") == 0)
            bad = parse_size(v, &o.errors);
        else if (strcmp(a, "--sample") == 0)
            bad = parse_size(v, &o.sample);
        else if (strcmp(a, "--sets") == 0)
            bad = parse_sets(v, &o.sets);
        else {
            fprintf(stderr, "eval: unknown option %s\n", a);
            usage(stderr);
            return 2;
        }
        if (bad) {
            fprintf(stderr, "eval: bad value for %s: %s\n", a, v);
            return 2;
        }
        i++;
    }

    rep = calloc(1, sizeof *rep);
    if (rep == NULL) {
        fprintf(stderr, "eval: out of memory\n");
        return 2;
    }

    printf("embargo eval - matching quality on labelled test vectors "
           "(docs/eval.md)\n");
    printf("library %s, threshold %.2f, data %s\n", EMB_VERSION_STRING, o.threshold, o.data);
    if (o.db != NULL) {
        emb_error err;
        emb_snapshot_info info;
        emb_status st = emb_snapshot_open(&snap, o.db, &err);
        if (st != EMB_OK) {
            char buf[EMB_ERROR_MSG_MAX + EMB_ERROR_PATH_MAX + 64];
            fprintf(stderr, "eval: %s: %s\n", o.db, emb_error_format(&err, buf, sizeof buf));
            free(rep);
            return 2;
        }
        emb_snapshot_get_info(snap, &info);
        printf("snapshot %s: hash %s, %zu entities, %zu names, %zu "
               "datasets\n",
               o.db, info.hash, info.entity_count, info.name_count, info.dataset_count);
    } else if (o.sets & (EV_SET_YENTE | EV_SET_NEGATIVES)) {
        printf("no --db: the screening sets (yente, negatives) are "
               "skipped\n");
    }
    pair_snap = o.pairs_without_db ? NULL : snap;
    printf("name pairs scored %s\n\n", pair_snap ? "with the snapshot's token weights"
                                                 : "without a snapshot (no list token weights)");
    fflush(stdout);

    /* Each set reports its own problems on stderr and carries on. */
    if ((o.sets & EV_SET_NOMENKLATURA) && ev_run_nomenklatura(&o, pair_snap, rep) != 0)
        rc = 2;
    if ((o.sets & EV_SET_CASCADE) && ev_run_cascade(&o, pair_snap, rep) != 0)
        rc = 2;
    if ((o.sets & EV_SET_CROSS_SCRIPT) && ev_run_cross_script(&o, pair_snap, rep) != 0)
        rc = 2;
    if ((o.sets & EV_SET_OFAC) && ev_run_ofac(&o, pair_snap, rep) != 0)
        rc = 2;
    if (snap != NULL && (o.sets & EV_SET_YENTE) && ev_run_yente(&o, snap, rep) != 0)
        rc = 2;
    if (snap != NULL && (o.sets & EV_SET_NEGATIVES) && ev_run_negatives(&o, snap, rep) != 0)
        rc = 2;

    print_table(rep);
    print_hists(rep);
    if (rep->errors_len > 0)
        printf("\nErrors by category (up to %zu examples per set)\n%s", o.errors, rep->errors);
    failed = print_bars(rep);
    if (rep->oom)
        printf("\nnote: some rows were dropped (a table was full or memory "
               "ran out)\n");

    emb_snapshot_close(snap);
    free(rep->errors);
    free(rep);
    if (rc == 0 && failed && o.fail_on_bars)
        rc = 1;
    return rc;
}
