/*
 * eval_screen.c - the screening sets of the eval harness, run through
 * emb_query_* against a snapshot:
 *  - yente candidate generation: each UN positive is screened twice, as
 *    written ("untreated") and with typos and reshuffled names
 *    ("treated"), restricted to the UN dataset; the two top-1 entities
 *    must agree.  No threshold is applied (query threshold 0) so this
 *    measures retrieval and ranking; the table also says how many of the
 *    agreeing treated queries would alert at the threshold.
 *  - yente synthetic negatives: 2 x 50,000 invented people screened
 *    against the whole snapshot; any result with match=1 is an alert.
 * Both run name-only and with birth date and nationality added.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "eval.h"

#define YENTE_DIR "opensanctions-yente/candidate_generation/"

enum { MODE_NAME, MODE_FIELDS, MODE_COUNT };
static const char *const mode_label[MODE_COUNT] = {"name only", "name+dob+nationality"};

typedef struct person_cols {
    long name, dob, nat;
} person_cols;

typedef struct outcome {
    int has_top;
    emb_result top;
    int alert;      /* some result had match=1 */
    size_t refused; /* optional fields the query refused */
} outcome;

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int person_columns(const ev_table *t, const char *rel, person_cols *c)
{
    c->name = ev_table_col(t, "full_name");
    c->dob = ev_table_col(t, "date_of_birth");
    c->nat = ev_table_col(t, "nationality");
    if (c->name < 0) {
        fprintf(stderr, "eval: %s: no column full_name\n", rel);
        return -1;
    }
    return 0;
}

static int load(ev_table *t, const ev_opts *o, const char *rel)
{
    char path[4096], msg[512];
    if (ev_path(path, sizeof path, o->data, rel) != 0) {
        fprintf(stderr, "eval: path too long: %s/%s\n", o->data, rel);
        return -1;
    }
    if (ev_table_load(t, path, 0, msg, sizeof msg) != 0) {
        fprintf(stderr, "eval: %s\n", msg);
        return -1;
    }
    return 0;
}

/* Screens one person.  threshold < 0 leaves the query's default; dataset
 * NULL searches everything.  Optional fields the library refuses (for
 * example a date it cannot read) are dropped and counted. */
static emb_status screen(emb_query *q, const char *dataset, double threshold, const char *name,
                         const char *dob, const char *nat, int mode, outcome *out)
{
    emb_status st;
    size_t i, n;
    memset(out, 0, sizeof *out);
    emb_query_reset(q);
    if ((st = emb_query_set_schema(q, EMB_SCHEMA_PERSON)) != EMB_OK)
        return st;
    if ((st = emb_query_add(q, "name", 4, name, strlen(name), NULL)) != EMB_OK)
        return st;
    if (mode == MODE_FIELDS) {
        if (*dob && emb_query_add(q, "birthDate", 9, dob, strlen(dob), NULL) != EMB_OK)
            out->refused++;
        if (*nat && emb_query_add(q, "nationality", 11, nat, strlen(nat), NULL) != EMB_OK)
            out->refused++;
    }
    if (dataset != NULL &&
        (st = emb_query_set_dataset(q, dataset, strlen(dataset), NULL)) != EMB_OK)
        return st;
    if (threshold >= 0.0 && (st = emb_query_set_threshold(q, threshold)) != EMB_OK)
        return st;
    if ((st = emb_query_run(q, NULL)) != EMB_OK)
        return st;
    n = emb_result_count(q);
    for (i = 0; i < n; i++) {
        emb_result res;
        if (emb_result_get(q, i, &res) != EMB_OK)
            continue;
        if (!out->has_top || res.score > out->top.score) {
            out->top = res;
            out->has_top = 1;
        }
        if (res.match)
            out->alert = 1;
    }
    return EMB_OK;
}

/* "Caption [id]" of an entity, cut to fit. */
static void describe(const emb_snapshot *s, uint32_t e, char *buf, size_t cap)
{
    emb_str cap_s = {"?", 1}, id = {"?", 1};
    emb_entity_caption(s, e, &cap_s);
    emb_entity_id(s, e, &id);
    snprintf(buf, cap, "%.*s [%.*s]", (int)(cap_s.len > 80 ? 80 : cap_s.len), cap_s.ptr,
             (int)(id.len > 40 ? 40 : id.len), id.ptr);
}

static void status_note(char *buf, size_t cap, size_t errors, emb_status first)
{
    if (errors > 0)
        snprintf(buf, cap, "; %zu errors (%s)", errors, emb_status_name(first));
    else if (cap > 0)
        buf[0] = '\0';
}

/* ---- yente UN positives ------------------------------------------------ */

int ev_run_yente(const ev_opts *o, const emb_snapshot *s, ev_report *r)
{
    static const char *const set = "yente UN positives (treated)";
    static const char *const rel_t = YENTE_DIR "positives_un_treated.csv";
    static const char *const rel_u = YENTE_DIR "positives_un_untreated.csv";
    ev_table tt, tu;
    person_cols ct, cu;
    emb_query *q = NULL;
    double yente_threshold = 0.0;
    int mode, rc = -1;

    if (load(&tt, o, rel_t) != 0)
        return -1;
    if (load(&tu, o, rel_u) != 0) {
        ev_table_free(&tt);
        return -1;
    }
    if (person_columns(&tt, rel_t, &ct) != 0 || person_columns(&tu, rel_u, &cu) != 0)
        goto out;
    if (tt.nrows != tu.nrows)
        fprintf(stderr,
                "eval: %s has %zu rows, %s %zu: comparing the "
                "first %zu\n",
                rel_t, tt.nrows, rel_u, tu.nrows, tt.nrows < tu.nrows ? tt.nrows : tu.nrows);
    if (emb_query_new(&q, s, NULL) != EMB_OK) {
        fprintf(stderr, "eval: cannot create a query\n");
        goto out;
    }
    /* Probe the dataset name and whether a zero threshold is accepted. */
    {
        outcome probe;
        emb_status st =
            screen(q, o->un_dataset, yente_threshold, "probe", "", "", MODE_NAME, &probe);
        if (st == EMB_EARG) {
            yente_threshold = -1.0;
            st = screen(q, o->un_dataset, yente_threshold, "probe", "", "", MODE_NAME, &probe);
        }
        if (st != EMB_OK) {
            ev_row *row = ev_report_row(r, set, "embargo");
            if (row != NULL)
                ev_row_other(row, "cannot screen %s: %s", o->un_dataset, emb_status_name(st));
            for (mode = 0; mode < MODE_COUNT; mode++) {
                char what[EV_TEXT];
                snprintf(what, sizeof what, "yente UN top-1 agreement, %s", mode_label[mode]);
                ev_report_bar(r, what, "-", ">= 99%", -1);
            }
            rc = 0;
            goto out;
        }
    }

    ev_report_errf(r,
                   "\n%s: rows whose treated top-1 differs from the "
                   "untreated top-1\n",
                   set);
    for (mode = 0; mode < MODE_COUNT; mode++) {
        size_t n = tt.nrows < tu.nrows ? tt.nrows : tu.nrows, i;
        size_t agree = 0, agree_alert = 0, empty_u = 0, empty_t = 0;
        size_t errors = 0, refused = 0, listed = 0;
        size_t quota = mode == MODE_NAME ? (o->errors + 1) / 2 : o->errors / 2;
        emb_status first = EMB_OK;
        double t0 = now_seconds(), dt, pct;
        char label[EV_TEXT], what[EV_TEXT], a[EV_OTHER], note[EV_OTHER];
        ev_row *row;

        ev_report_errf(r, "  %s:\n", mode_label[mode]);
        for (i = 0; i < n; i++) {
            outcome ou, ot;
            emb_status su, stt;
            su = screen(q, o->un_dataset, yente_threshold, ev_cell(&tu, i, cu.name),
                        ev_cell(&tu, i, cu.dob), ev_cell(&tu, i, cu.nat), mode, &ou);
            stt = screen(q, o->un_dataset, yente_threshold, ev_cell(&tt, i, ct.name),
                         ev_cell(&tt, i, ct.dob), ev_cell(&tt, i, ct.nat), mode, &ot);
            refused += ou.refused + ot.refused;
            if (su != EMB_OK || stt != EMB_OK) {
                if (errors++ == 0)
                    first = su != EMB_OK ? su : stt;
                continue;
            }
            empty_u += !ou.has_top;
            empty_t += !ot.has_top;
            if (ou.has_top && ot.has_top && ou.top.entity == ot.top.entity) {
                agree++;
                agree_alert += ot.top.score >= o->threshold;
                continue;
            }
            if (listed < quota) {
                char eu[160] = "no result", et[160] = "no result";
                if (ou.has_top)
                    describe(s, ou.top.entity, eu, sizeof eu);
                if (ot.has_top)
                    describe(s, ot.top.entity, et, sizeof et);
                ev_report_errf(r,
                               "      row %zu: %s -> %s (%.3f)\n"
                               "          untreated %s -> %s (%.3f)\n",
                               i + 2, ev_cell(&tt, i, ct.name), et,
                               ev_shown(ot.has_top ? ot.top.score : 0.0), ev_cell(&tu, i, cu.name),
                               eu, ev_shown(ou.has_top ? ou.top.score : 0.0));
                listed++;
            }
        }
        dt = now_seconds() - t0;
        pct = n ? 100.0 * (double)agree / (double)n : 0.0;
        snprintf(label, sizeof label, "embargo, %s", mode_label[mode]);
        status_note(note, sizeof note, errors, first);
        if ((row = ev_report_row(r, set, label)) != NULL) {
            row->n = n;
            ev_row_other(row, "top-1 agree %.1f%% (%zu)%s", pct, agree, note);
        }
        if ((row = ev_report_row(r, set, "")) != NULL)
            ev_row_other(row, "%zu of them >= %.2f; %.0f q/s", agree_alert, o->threshold,
                         dt > 0 ? 2.0 * (double)n / dt : 0.0);
        if ((empty_u || empty_t) && (row = ev_report_row(r, set, "")) != NULL)
            ev_row_other(row, "no result: %zu untreated, %zu treated", empty_u, empty_t);
        if (refused > 0 && (row = ev_report_row(r, set, "")) != NULL)
            ev_row_other(row, "%zu dob/nationality values refused", refused);
        snprintf(what, sizeof what, "yente UN top-1 agreement, %s", mode_label[mode]);
        snprintf(a, sizeof a, "%.1f%%", pct);
        ev_report_bar(r, what, a, ">= 99%", pct >= 99.0);
    }
    rc = 0;
out:
    emb_query_free(q);
    ev_table_free(&tt);
    ev_table_free(&tu);
    return rc;
}

/* ---- yente synthetic negatives ------------------------------------------- */

typedef struct alert_item {
    size_t row;
    emb_result top;
} alert_item;

static int cmp_alert(const void *a, const void *b)
{
    const alert_item *x = a, *y = b;
    return (x->top.score < y->top.score) - (x->top.score > y->top.score);
}

static int run_negative_file(const ev_opts *o, const emb_snapshot *s, emb_query *q, ev_report *r,
                             const char *rel, const char *set)
{
    ev_table t;
    person_cols c;
    alert_item *alerts = NULL;
    size_t step = 1, want, mode_quota[MODE_COUNT];
    int mode;

    if (load(&t, o, rel) != 0)
        return -1;
    if (person_columns(&t, rel, &c) != 0) {
        ev_table_free(&t);
        return -1;
    }
    want = t.nrows;
    if (o->sample > 0 && o->sample < t.nrows) {
        step = (t.nrows + o->sample - 1) / o->sample;
        want = o->sample;
    }
    alerts = malloc((want + 1) * sizeof *alerts);
    if (alerts == NULL) {
        fprintf(stderr, "eval: out of memory\n");
        ev_table_free(&t);
        return -1;
    }
    mode_quota[MODE_NAME] = (o->errors + 1) / 2;
    mode_quota[MODE_FIELDS] = o->errors / 2;
    ev_report_errf(r, "\n%s: alerts with the highest scores\n", set);

    for (mode = 0; mode < MODE_COUNT; mode++) {
        size_t i, done = 0, nalert = 0, errors = 0, refused = 0;
        emb_status first = EMB_OK;
        double t0, dt, rate;
        char label[EV_TEXT], what[EV_TEXT], a[EV_OTHER], b[EV_OTHER];
        char note[EV_OTHER];
        ev_hist *h;
        ev_row *row;

        snprintf(label, sizeof label, "top score, %s", mode_label[mode]);
        h = ev_report_hist(r, set, label);
        t0 = now_seconds();
        for (i = 0; i < t.nrows && done < want; i += step) {
            outcome out;
            emb_status st = screen(q, NULL, o->threshold, ev_cell(&t, i, c.name),
                                   ev_cell(&t, i, c.dob), ev_cell(&t, i, c.nat), mode, &out);
            done++;
            refused += out.refused;
            if (st != EMB_OK) {
                if (errors++ == 0)
                    first = st;
                continue;
            }
            if (h != NULL)
                h->count[ev_bucket(out.has_top ? out.top.score : 0.0)]++;
            if (out.alert) {
                alerts[nalert].row = i;
                alerts[nalert].top = out.top;
                nalert++;
            }
        }
        dt = now_seconds() - t0;
        rate = done > errors ? 100.0 * (double)nalert / (double)(done - errors) : 0.0;
        status_note(note, sizeof note, errors, first);
        snprintf(label, sizeof label, "embargo, %s", mode_label[mode]);
        if ((row = ev_report_row(r, set, label)) != NULL) {
            row->n = done;
            ev_row_other(row, "alerts %.2f%% (%zu); %.0f q/s%s", rate, nalert,
                         dt > 0 ? (double)done / dt : 0.0, note);
        }
        if (refused > 0 && (row = ev_report_row(r, set, "")) != NULL)
            ev_row_other(row, "%zu dob/nationality values refused", refused);
        snprintf(what, sizeof what, "%s alert rate, %s", set, mode_label[mode]);
        snprintf(a, sizeof a, "%.2f%%", rate);
        snprintf(b, sizeof b, "<= %d%%", mode == MODE_NAME ? 3 : 1);
        ev_report_bar(r, what, a, b, done > errors ? rate <= (mode == MODE_NAME ? 3.0 : 1.0) : -1);

        qsort(alerts, nalert, sizeof *alerts, cmp_alert);
        ev_report_errf(r, "  %s (%zu alerts):\n", mode_label[mode], nalert);
        for (i = 0; i < nalert && i < mode_quota[mode]; i++) {
            char ent[160];
            size_t row_i = alerts[i].row;
            describe(s, alerts[i].top.entity, ent, sizeof ent);
            if (mode == MODE_FIELDS)
                ev_report_errf(r, "      %.3f  %s (%s, %s) -> %s\n", ev_shown(alerts[i].top.score),
                               ev_cell(&t, row_i, c.name), ev_cell(&t, row_i, c.dob),
                               ev_cell(&t, row_i, c.nat), ent);
            else
                ev_report_errf(r, "      %.3f  %s -> %s\n", ev_shown(alerts[i].top.score),
                               ev_cell(&t, row_i, c.name), ent);
        }
    }
    free(alerts);
    ev_table_free(&t);
    return 0;
}

int ev_run_negatives(const ev_opts *o, const emb_snapshot *s, ev_report *r)
{
    emb_query *q = NULL;
    int rc = 0;
    if (emb_query_new(&q, s, NULL) != EMB_OK) {
        fprintf(stderr, "eval: cannot create a query\n");
        return -1;
    }
    if (run_negative_file(o, s, q, r, YENTE_DIR "negatives_global.csv", "yente negatives_global") !=
        0)
        rc = -1;
    if (run_negative_file(o, s, q, r, YENTE_DIR "negatives_us.csv", "yente negatives_us") != 0)
        rc = -1;
    emb_query_free(q);
    return rc;
}
