/*
 * eval_stats.c - the quality metrics of the eval harness: confusion counts
 * with precision/recall/F1/accuracy, the best-F1 threshold sweep (sort by
 * score, move the threshold down one distinct score at a time), score
 * buckets, Spearman rank correlation (average ranks for ties, then
 * Pearson's r of the ranks) and pairwise ordering agreement.
 */
#include <math.h>
#include <stdlib.h>

#include "eval.h"

void ev_conf_add(ev_conf *c, int truth, int predicted)
{
    if (truth && predicted)
        c->tp++;
    else if (truth)
        c->fn++;
    else if (predicted)
        c->fp++;
    else
        c->tn++;
}

size_t ev_conf_total(const ev_conf *c)
{
    return c->tp + c->fp + c->tn + c->fn;
}

static double ratio(size_t num, size_t den)
{
    return den == 0 ? 0.0 : (double)num / (double)den;
}

double ev_conf_precision(const ev_conf *c)
{
    return ratio(c->tp, c->tp + c->fp);
}

double ev_conf_recall(const ev_conf *c)
{
    return ratio(c->tp, c->tp + c->fn);
}

double ev_conf_f1(const ev_conf *c)
{
    /* 2TP / (2TP + FP + FN): equal to 2PR/(P+R), and 0 when TP is 0. */
    return ratio(2 * c->tp, 2 * c->tp + c->fp + c->fn);
}

double ev_conf_accuracy(const ev_conf *c)
{
    return ratio(c->tp + c->tn, ev_conf_total(c));
}

ev_conf ev_conf_at(const double *score, const int *truth, size_t n, double threshold)
{
    ev_conf c = {0, 0, 0, 0};
    size_t i;
    for (i = 0; i < n; i++)
        ev_conf_add(&c, truth[i], score[i] >= threshold);
    return c;
}

/* qsort context-free comparison: indexes sorted by descending score. */
static const double *sort_keys;

static int cmp_desc(const void *a, const void *b)
{
    double x = sort_keys[*(const size_t *)a];
    double y = sort_keys[*(const size_t *)b];
    return (x < y) - (x > y);
}

static int cmp_asc(const void *a, const void *b)
{
    return -cmp_desc(a, b);
}

double ev_best_f1(const double *score, const int *truth, size_t n, double *threshold)
{
    size_t *idx, i, positives = 0, tp = 0, fp = 0;
    double best = 0.0, best_t = 1.0;
    *threshold = 1.0;
    if (n == 0)
        return 0.0;
    idx = malloc(n * sizeof *idx);
    if (idx == NULL)
        return -1.0;
    for (i = 0; i < n; i++) {
        idx[i] = i;
        positives += truth[i] ? 1u : 0u;
    }
    sort_keys = score;
    qsort(idx, n, sizeof *idx, cmp_desc);
    for (i = 0; i < n; i++) {
        double t = score[idx[i]], f1;
        if (truth[idx[i]])
            tp++;
        else
            fp++;
        /* Evaluate only once every pair scoring exactly t is predicted. */
        if (i + 1 < n && score[idx[i + 1]] == t)
            continue;
        f1 = ratio(2 * tp, tp + fp + positives);
        if (f1 > best) {
            best = f1;
            best_t = t;
        }
    }
    free(idx);
    *threshold = best_t;
    return best;
}

double ev_shown(double score)
{
    return floor(score * 1000.0) / 1000.0;
}

size_t ev_bucket(double score)
{
    double b;
    if (!(score > 0.0)) /* also catches NaN */
        return 0;
    b = floor(score * (double)EV_BUCKETS);
    if (b >= (double)(EV_BUCKETS - 1))
        return EV_BUCKETS - 1;
    return (size_t)b;
}

/* Average ranks (1-based) of v into rank; idx is scratch of n entries. */
static void ranks(const double *v, size_t n, size_t *idx, double *rank)
{
    size_t i = 0, j;
    for (j = 0; j < n; j++)
        idx[j] = j;
    sort_keys = v;
    qsort(idx, n, sizeof *idx, cmp_asc);
    while (i < n) {
        double avg;
        j = i;
        while (j + 1 < n && v[idx[j + 1]] == v[idx[i]])
            j++;
        avg = ((double)i + (double)j) / 2.0 + 1.0;
        for (; i <= j; i++)
            rank[idx[i]] = avg;
    }
}

double ev_spearman(const double *x, const double *y, size_t n, int *defined)
{
    size_t *idx = NULL, i;
    double *rx = NULL, *ry = NULL, mx = 0, my = 0, sxy = 0, sxx = 0, syy = 0;
    double rho = 0.0;
    *defined = 0;
    if (n < 2)
        return 0.0;
    idx = malloc(n * sizeof *idx);
    rx = malloc(n * sizeof *rx);
    ry = malloc(n * sizeof *ry);
    if (idx == NULL || rx == NULL || ry == NULL)
        goto out;
    ranks(x, n, idx, rx);
    ranks(y, n, idx, ry);
    for (i = 0; i < n; i++) {
        mx += rx[i];
        my += ry[i];
    }
    mx /= (double)n;
    my /= (double)n;
    for (i = 0; i < n; i++) {
        sxy += (rx[i] - mx) * (ry[i] - my);
        sxx += (rx[i] - mx) * (rx[i] - mx);
        syy += (ry[i] - my) * (ry[i] - my);
    }
    if (sxx > 0.0 && syy > 0.0) {
        rho = sxy / sqrt(sxx * syy);
        *defined = 1;
    }
out:
    free(idx);
    free(rx);
    free(ry);
    return rho;
}

void ev_order_agreement(const double *ours, const double *ref, size_t n, double *agree,
                        size_t *pairs)
{
    size_t i, j;
    for (i = 0; i < n; i++) {
        for (j = i + 1; j < n; j++) {
            double dr = ref[i] - ref[j], dours = ours[i] - ours[j];
            if (dr == 0.0)
                continue;
            (*pairs)++;
            if (dours == 0.0)
                *agree += 0.5;
            else if ((dr > 0.0) == (dours > 0.0))
                *agree += 1.0;
        }
    }
}
