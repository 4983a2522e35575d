/*
 * rank.c - an entity's score from its best name score and the query's
 * other evidence (docs/matching.md has the table):
 *
 *   birth date   same day +0.08; same year where one side gives only the
 *                year +0.04; same year, other day -0.05; one year apart
 *                -0.10; further apart -0.30 (a clear mismatch)
 *   country      a shared nationality/citizenship/country +0.03; both
 *                given and none shared -0.15 (persons) / -0.05 (others)
 *   gender       both given and different -0.15
 *   identifier   an exact identifier match lifts the score to at least
 *                0.95 whatever the name says
 *   weak alias   a match on a weak alias alone is capped just below the
 *                threshold unless a birth date, country or identifier
 *                agrees
 * The result is clamped to [0, 1].
 */
#include <stdlib.h>
#include <string.h>

#include "query_internal.h"

static int year_of(const char *d)
{
    int y = 0;
    for (int i = 0; i < 4; i++) {
        if (d[i] < '0' || d[i] > '9')
            return -1;
        y = y * 10 + (d[i] - '0');
    }
    return y;
}

/* Date comparison: 1 exact, 2 year-compatible, 3 same year differing,
 * 4 one year apart, 5 further apart. */
static int date_rel(const char *a, const char *b)
{
    int ya = year_of(a), yb = year_of(b);
    if (ya < 0 || yb < 0)
        return 0;
    size_t la = strlen(a), lb = strlen(b);
    if (ya == yb) {
        size_t m = la < lb ? la : lb;
        if (memcmp(a, b, m) == 0)
            return (la == 10 && lb == 10) ? 1 : 2;
        return 3;
    }
    return abs(ya - yb) == 1 ? 4 : 5;
}

static void dob_feature(emb_query *q, emb__res *r)
{
    const emb_snapshot *s = q->snap;
    const emb__fmt_entity *e = &s->ents[r->entity];
    int best = 0;
    for (uint32_t j = 0; j < e->prop_count && q->ndates; j++) {
        const emb__fmt_prop *p = &s->props[e->prop_start + j];
        if (emb__snap_prop(s, p->key) != EMB_P_BIRTH_DATE)
            continue;
        emb_str v = emb__snap_str(s, p->val);
        if (v.len < 4 || v.len > 10)
            continue;
        char cd[11];
        memcpy(cd, v.ptr, v.len);
        cd[v.len] = '\0';
        for (size_t i = 0; i < q->ndates; i++) {
            int rel = date_rel(q->dates[i], cd);
            if (rel && (best == 0 || rel < best)) {
                best = rel;
                memcpy(r->dob_q, q->dates[i], 11);
                memcpy(r->dob_c, cd, 11);
            }
        }
    }
    static const double delta[] = {0, 0.08, 0.04, -0.05, -0.10, -0.30};
    r->dob_state = best == 0 ? 0 : best <= 2 ? best : best == 3 ? 3 : 4;
    r->dob_delta = delta[best];
    if (best == 4)
        r->dob_state = 3;
    if (best == 5)
        r->dob_state = 4;
}

static void country_feature(emb_query *q, emb__res *r)
{
    const emb_snapshot *s = q->snap;
    const emb__fmt_entity *e = &s->ents[r->entity];
    int any = 0, match = 0;
    for (uint32_t j = 0; j < e->prop_count && q->ncountries; j++) {
        const emb__fmt_prop *p = &s->props[e->prop_start + j];
        emb_prop k = emb__snap_prop(s, p->key);
        if (k != EMB_P_NATIONALITY && k != EMB_P_CITIZENSHIP && k != EMB_P_COUNTRY &&
            k != EMB_P_JURISDICTION && k != EMB_P_BIRTH_COUNTRY && k != EMB_P_FLAG)
            continue;
        emb_str v = emb__snap_str(s, p->val);
        if (v.len != 2)
            continue;
        any = 1;
        if (!r->country_c[0])
            memcpy(r->country_c, v.ptr, 2);
        for (size_t i = 0; i < q->ncountries; i++)
            if (memcmp(q->countries[i], v.ptr, 2) == 0) {
                match = 1;
                memcpy(r->country_q, q->countries[i], 3);
                memcpy(r->country_c, v.ptr, 2);
                r->country_c[2] = '\0';
            }
    }
    if (!any) {
        r->country_state = 0;
        r->country_delta = 0;
        return;
    }
    if (match) {
        r->country_state = 1;
        r->country_delta = 0.03;
    } else {
        r->country_state = 2;
        memcpy(r->country_q, q->countries[0], 3);
        r->country_delta = e->schema == EMB_SCHEMA_PERSON ? -0.15 : -0.05;
    }
}

static void gender_feature(emb_query *q, emb__res *r)
{
    const emb_snapshot *s = q->snap;
    const emb__fmt_entity *e = &s->ents[r->entity];
    r->gender_state = 0;
    r->gender_delta = 0;
    if (!q->gender)
        return;
    for (uint32_t j = 0; j < e->prop_count; j++) {
        const emb__fmt_prop *p = &s->props[e->prop_start + j];
        if (emb__snap_prop(s, p->key) != EMB_P_GENDER)
            continue;
        emb_str v = emb__snap_str(s, p->val);
        if (!v.len)
            continue;
        char g = (char)(v.ptr[0] | 0x20);
        if (g == q->gender) {
            r->gender_state = 1;
            r->gender_delta = 0;
            return;
        }
        r->gender_state = 2;
        r->gender_delta = -0.15;
    }
}

void emb__q_entity_score(emb_query *q, emb__res *r)
{
    dob_feature(q, r);
    country_feature(q, r);
    gender_feature(q, r);
    double s = r->name == UINT32_MAX ? 0.0 : r->name_score;
    s += r->dob_delta + r->country_delta + r->gender_delta;
    int support =
        r->dob_state == 1 || r->dob_state == 2 || r->country_state == 1 || r->id_prop != UINT32_MAX;
    r->capped_weak = 0;
    if (r->weak && !support && s >= q->threshold) {
        s = q->threshold - 0.01;
        r->capped_weak = 1;
    }
    if (r->id_prop != UINT32_MAX && s < 0.95)
        s = 0.95;
    if (s < 0)
        s = 0;
    if (s > 1)
        s = 1;
    r->score = s;
}
