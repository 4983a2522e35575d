/*
 * eval.h - shared declarations of the `make eval` harness (bench/eval*.c):
 * a small in-place CSV table reader, the quality metrics, and the report
 * that every labelled set appends its rows to.  This is a benchmark
 * program, not part of the library: it may print and allocate with malloc,
 * and it uses only include/embargo.h and libc.  See docs/eval.md.
 */
#ifndef EMB_BENCH_EVAL_H
#define EMB_BENCH_EVAL_H

#include <stddef.h>

#include "embargo.h"

/* ------------------------------------------------------------------ */
/* CSV tables (eval_csv.c)                                             */
/* ------------------------------------------------------------------ */

/* A whole CSV file parsed in place (RFC 4180: quoted fields, "" escapes,
 * separators and line breaks inside quotes, LF or CRLF line ends, optional
 * UTF-8 BOM).  Every cell is a NUL-terminated string inside `data`, so any
 * cell pointer stays valid until ev_table_free.  Blank lines are skipped. */
typedef struct ev_table {
    char *data; /* the file's bytes, rewritten in place */
    size_t len;
    char **header; /* ncols names (NULL with EV_CSV_NO_HEADER) */
    char **cells;  /* nrows * ncols, row-major; "" for missing */
    size_t nrows, ncols;
    size_t short_rows; /* rows with fewer fields than ncols (padded) */
    size_t long_rows;  /* rows with more fields (extra fields dropped) */
} ev_table;

enum {
    EV_CSV_COMMENTS = 1u << 0, /* skip lines whose first byte is '#' */
    EV_CSV_NO_HEADER = 1u << 1 /* ncols = the widest row; no header */
};

/* Reads and parses a file.  Returns 0, or -1 with a message in msg. */
int ev_table_load(ev_table *t, const char *path, unsigned flags, char *msg, size_t msgcap);
/* Parses a malloc'd buffer of len bytes plus one spare byte (so
 * data[len] is writable); takes ownership of data even on failure. */
int ev_table_parse(ev_table *t, char *data, size_t len, unsigned flags, char *msg, size_t msgcap);
void ev_table_free(ev_table *t);
/* Index of the header column `name` (exact), or -1. */
long ev_table_col(const ev_table *t, const char *name);
/* Cell text; "" when col < 0.  row must be < nrows. */
const char *ev_cell(const ev_table *t, size_t row, long col);

/* ------------------------------------------------------------------ */
/* Metrics (eval_stats.c)                                              */
/* ------------------------------------------------------------------ */

typedef struct ev_conf {
    size_t tp, fp, tn, fn;
} ev_conf;

void ev_conf_add(ev_conf *c, int truth, int predicted);
size_t ev_conf_total(const ev_conf *c);
/* Each is 0 when its denominator is 0. */
double ev_conf_precision(const ev_conf *c);
double ev_conf_recall(const ev_conf *c);
double ev_conf_f1(const ev_conf *c);
double ev_conf_accuracy(const ev_conf *c);
/* Confusion of "score >= threshold" against truth over n pairs. */
ev_conf ev_conf_at(const double *score, const int *truth, size_t n, double threshold);
/* The threshold (one of the scores) at which "score >= t" has the best F1;
 * ties go to the higher threshold.  Returns the F1; *threshold receives t
 * (1.0 when n == 0).  Returns -1 if out of memory. */
double ev_best_f1(const double *score, const int *truth, size_t n, double *threshold);

/* A score cut (not rounded) to 3 decimals for listings, so a pair just
 * under the threshold never prints as if it reached it. */
double ev_shown(double score);

#define EV_BUCKETS 10
/* Bucket of a score in [0,1]: floor(10 s), 1.0 in the top bucket;
 * out-of-range values are clamped. */
size_t ev_bucket(double score);

/* Spearman rank correlation (average ranks for ties, then Pearson).
 * *defined is 0 (and 0 is returned) when n < 2, either side is constant,
 * or memory runs out. */
double ev_spearman(const double *x, const double *y, size_t n, int *defined);
/* Pairwise ordering agreement: over every pair i<j with ref[i] != ref[j],
 * 1 when ours orders them the same way, 1/2 when ours ties them, else 0.
 * Adds to *agree and *pairs so callers can pool several groups. */
void ev_order_agreement(const double *ours, const double *ref, size_t n, double *agree,
                        size_t *pairs);

/* ------------------------------------------------------------------ */
/* Options and report (eval.c)                                         */
/* ------------------------------------------------------------------ */

enum {
    EV_SET_NOMENKLATURA = 1u << 0,
    EV_SET_CASCADE = 1u << 1,
    EV_SET_CROSS_SCRIPT = 1u << 2,
    EV_SET_OFAC = 1u << 3,
    EV_SET_YENTE = 1u << 4,
    EV_SET_NEGATIVES = 1u << 5,
    EV_SET_ALL = (1u << 6) - 1u
};

typedef struct ev_opts {
    const char *db;         /* snapshot path, or NULL */
    const char *data;       /* test vector directory */
    const char *un_dataset; /* dataset of the yente UN positives */
    double threshold;
    size_t errors; /* error examples listed per set */
    size_t sample; /* negatives: rows per file, 0 = all */
    unsigned sets; /* EV_SET_* */
    int fail_on_bars;
    int pairs_without_db; /* score name pairs with a NULL snapshot */
} ev_opts;

#define EV_TEXT 64
#define EV_OTHER 56
#define EV_ROWS_MAX 64
#define EV_HISTS_MAX 24
#define EV_BARS_MAX 24

/* Which of P, R, F1 and accuracy a row carries. */
enum { EV_HAS_P = 1, EV_HAS_R = 2, EV_HAS_F1 = 4, EV_HAS_ACC = 8 };

/* One line of the results table.  `n` of 0 prints "-". */
typedef struct ev_row {
    char set[EV_TEXT];
    char system[EV_TEXT];
    size_t n;
    unsigned has;
    double p, r, f1, acc;
    char other[EV_OTHER];
} ev_row;

typedef struct ev_hist {
    char set[EV_TEXT];
    char label[EV_TEXT];
    size_t count[EV_BUCKETS];
} ev_hist;

typedef struct ev_bar {
    char what[EV_TEXT];
    char ours[EV_OTHER];
    char bar[EV_OTHER];
    int state; /* 1 pass, 0 fail, -1 not measured */
} ev_bar;

/* Everything printed after the sets have run.  Error listings are
 * printed as each set runs into `errors` (a growing text buffer) so the
 * set can free its data. */
typedef struct ev_report {
    ev_row rows[EV_ROWS_MAX];
    size_t nrows;
    ev_hist hists[EV_HISTS_MAX];
    size_t nhists;
    ev_bar bars[EV_BARS_MAX];
    size_t nbars;
    char *errors;
    size_t errors_len, errors_cap;
    int oom;
} ev_report;

/* Appends a row / histogram / bar; returns NULL when the fixed table is
 * full (the item is dropped and a note printed at the end). */
ev_row *ev_report_row(ev_report *r, const char *set, const char *system);
void ev_row_conf(ev_row *row, const ev_conf *c);
/* printf into row->other (cut to fit). */
void ev_row_other(ev_row *row, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
ev_hist *ev_report_hist(ev_report *r, const char *set, const char *label);
void ev_report_bar(ev_report *r, const char *what, const char *ours, const char *bar, int state);
/* printf into the error listing. */
void ev_report_errf(ev_report *r, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Joins dir and rel into out; returns 0, or -1 when it does not fit. */
int ev_path(char *out, size_t cap, const char *dir, const char *rel);

/* ------------------------------------------------------------------ */
/* The sets (eval_pairs.c, eval_screen.c)                              */
/* ------------------------------------------------------------------ */

/* Each returns 0 when it ran (even with poor figures), -1 when its files
 * could not be read (a message has been printed to stderr). */
/* The pair sets score with emb_compare_names; snap may be NULL (then no
 * list-derived token weights are used). */
int ev_run_nomenklatura(const ev_opts *o, const emb_snapshot *snap, ev_report *r);
int ev_run_cascade(const ev_opts *o, const emb_snapshot *snap, ev_report *r);
int ev_run_cross_script(const ev_opts *o, const emb_snapshot *snap, ev_report *r);
int ev_run_ofac(const ev_opts *o, const emb_snapshot *snap, ev_report *r);
int ev_run_yente(const ev_opts *o, const emb_snapshot *s, ev_report *r);
int ev_run_negatives(const ev_opts *o, const emb_snapshot *s, ev_report *r);

/* Score of one name pair (snap may be NULL); *score is 0 and the status
 * returned on error. */
emb_status ev_compare(const emb_snapshot *snap, const char *a, const char *b, emb_schema schema,
                      double *score);

#endif /* EMB_BENCH_EVAL_H */
