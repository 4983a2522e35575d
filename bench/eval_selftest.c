/*
 * eval_selftest.c - `make eval-selftest`: checks of the eval harness's own
 * CSV reader and metrics, so a figure printed by `make eval` can be
 * trusted independently of the library.  Links only eval_csv.c and
 * eval_stats.c (no libembargo, no cmocka); each check is a function named
 * for the behaviour it checks.  Exit status 0 when every check passes.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"

static int failures;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "  %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);             \
            failures++;                                                                            \
        }                                                                                          \
    } while (0)

#define CHECK_STR(a, b) CHECK(strcmp((a), (b)) == 0)
#define CHECK_NEAR(a, b) CHECK(fabs((a) - (b)) < 1e-9)

/* Parses text (copied into a malloc'd buffer with the spare byte). */
static int parse(ev_table *t, const char *text, unsigned flags)
{
    size_t len = strlen(text);
    char *d = malloc(len + 1);
    char msg[128];
    if (d == NULL)
        return -1;
    memcpy(d, text, len);
    return ev_table_parse(t, d, len, flags, msg, sizeof msg);
}

static void csv_header_names_columns(void)
{
    ev_table t;
    CHECK(parse(&t, "a,b,c\n1,2,3\n", 0) == 0);
    CHECK(t.ncols == 3 && t.nrows == 1);
    CHECK(ev_table_col(&t, "b") == 1);
    CHECK(ev_table_col(&t, "zz") == -1);
    CHECK_STR(ev_cell(&t, 0, ev_table_col(&t, "c")), "3");
    CHECK_STR(ev_cell(&t, 0, -1), "");
    ev_table_free(&t);
}

static void csv_quoted_fields_keep_commas_quotes_and_newlines(void)
{
    ev_table t;
    CHECK(parse(&t,
                "q,r,s\n"
                "\"PUTIN, Vladimir\",\"say \"\"hi\"\"\",\"two\nlines\"\n"
                "\"\",x,\"\"\"\"\n",
                0) == 0);
    CHECK(t.nrows == 2);
    CHECK_STR(ev_cell(&t, 0, 0), "PUTIN, Vladimir");
    CHECK_STR(ev_cell(&t, 0, 1), "say \"hi\"");
    CHECK_STR(ev_cell(&t, 0, 2), "two\nlines");
    CHECK_STR(ev_cell(&t, 1, 0), "");
    CHECK_STR(ev_cell(&t, 1, 2), "\"");
    ev_table_free(&t);
}

static void csv_crlf_and_bom_are_stripped(void)
{
    ev_table t;
    CHECK(parse(&t, "\xEF\xBB\xBFname,v\r\nx,\"1\"\r\ny,\r\n", 0) == 0);
    CHECK(t.nrows == 2);
    CHECK(ev_table_col(&t, "name") == 0);
    CHECK_STR(ev_cell(&t, 0, 1), "1");
    CHECK_STR(ev_cell(&t, 1, 0), "y");
    CHECK_STR(ev_cell(&t, 1, 1), "");
    ev_table_free(&t);
}

static void csv_last_field_without_newline_is_read(void)
{
    ev_table t;
    CHECK(parse(&t, "a,b\n1,22", 0) == 0);
    CHECK(t.nrows == 1);
    CHECK_STR(ev_cell(&t, 0, 1), "22");
    ev_table_free(&t);
    CHECK(parse(&t, "a,b\n1,\"q\"", 0) == 0);
    CHECK_STR(ev_cell(&t, 0, 1), "q");
    ev_table_free(&t);
}

static void csv_comments_and_blank_lines_are_skipped(void)
{
    ev_table t;
    CHECK(parse(&t,
                "# Format: a,b,c\n\n"
                "x,y,0.9,d\n"
                "\r\n# Cyrillic\n"
                "p,q,0.5\n",
                EV_CSV_COMMENTS | EV_CSV_NO_HEADER) == 0);
    CHECK(t.nrows == 2);
    CHECK(t.ncols == 4);
    CHECK(t.header == NULL);
    CHECK_STR(ev_cell(&t, 0, 2), "0.9");
    CHECK_STR(ev_cell(&t, 1, 3), "");
    ev_table_free(&t);
}

static void csv_hash_is_data_without_comment_flag(void)
{
    ev_table t;
    CHECK(parse(&t, "a\n#1\n", 0) == 0);
    CHECK(t.nrows == 1);
    CHECK_STR(ev_cell(&t, 0, 0), "#1");
    ev_table_free(&t);
}

static void csv_ragged_rows_are_padded_and_counted(void)
{
    ev_table t;
    CHECK(parse(&t, "a,b,c\n1\n1,2,3,4\n", 0) == 0);
    CHECK(t.nrows == 2);
    CHECK(t.short_rows == 1 && t.long_rows == 1);
    CHECK_STR(ev_cell(&t, 0, 2), "");
    CHECK_STR(ev_cell(&t, 1, 2), "3");
    ev_table_free(&t);
}

static void csv_unterminated_quote_is_an_error(void)
{
    ev_table t;
    char *d = malloc(16);
    char msg[128] = "";
    if (d == NULL) {
        failures++;
        return;
    }
    memcpy(d, "a\n\"open,x\n", 10);
    CHECK(ev_table_parse(&t, d, 10, 0, msg, sizeof msg) == -1);
    CHECK(strstr(msg, "line 2") != NULL);
    CHECK(t.data == NULL && t.cells == NULL); /* freed on failure */
}

static void csv_missing_file_is_reported(void)
{
    ev_table t;
    char msg[256] = "";
    CHECK(ev_table_load(&t, "/nonexistent/eval-selftest.csv", 0, msg, sizeof msg) == -1);
    CHECK(strstr(msg, "eval-selftest.csv") != NULL);
}

static void conf_metrics_match_hand_counts(void)
{
    ev_conf c = {0, 0, 0, 0};
    int i;
    for (i = 0; i < 6; i++)
        ev_conf_add(&c, 1, 1); /* tp 6 */
    for (i = 0; i < 2; i++)
        ev_conf_add(&c, 0, 1); /* fp 2 */
    for (i = 0; i < 3; i++)
        ev_conf_add(&c, 1, 0); /* fn 3 */
    for (i = 0; i < 9; i++)
        ev_conf_add(&c, 0, 0); /* tn 9 */
    CHECK(ev_conf_total(&c) == 20);
    CHECK_NEAR(ev_conf_precision(&c), 6.0 / 8.0);
    CHECK_NEAR(ev_conf_recall(&c), 6.0 / 9.0);
    CHECK_NEAR(ev_conf_f1(&c), 2.0 * 0.75 * (6.0 / 9.0) / (0.75 + 6.0 / 9.0));
    CHECK_NEAR(ev_conf_accuracy(&c), 15.0 / 20.0);
}

static void conf_empty_denominators_give_zero(void)
{
    ev_conf c = {0, 0, 5, 0};
    CHECK_NEAR(ev_conf_precision(&c), 0.0);
    CHECK_NEAR(ev_conf_recall(&c), 0.0);
    CHECK_NEAR(ev_conf_f1(&c), 0.0);
    CHECK_NEAR(ev_conf_accuracy(&c), 1.0);
}

static void conf_threshold_is_inclusive(void)
{
    const double s[] = {0.70, 0.6999, 0.9};
    const int tr[] = {1, 1, 0};
    ev_conf c = ev_conf_at(s, tr, 3, 0.70);
    CHECK(c.tp == 1 && c.fn == 1 && c.fp == 1 && c.tn == 0);
}

static void best_f1_finds_the_separating_threshold(void)
{
    const double s[] = {0.95, 0.9, 0.8, 0.6, 0.5, 0.4, 0.85};
    const int tr[] = {1, 1, 1, 0, 0, 0, 0};
    double t = 0, f1 = ev_best_f1(s, tr, 7, &t);
    /* At t=0.8: tp 3, fp 1 (0.85) -> F1 6/7; no threshold does better. */
    CHECK_NEAR(t, 0.8);
    CHECK_NEAR(f1, 6.0 / 7.0);
}

static void best_f1_treats_tied_scores_together(void)
{
    const double s[] = {0.7, 0.7, 0.7, 0.2};
    const int tr[] = {1, 0, 0, 1};
    double t = 0, f1 = ev_best_f1(s, tr, 4, &t);
    /* t=0.7 predicts all three tied pairs: tp 1, fp 2, fn 1 -> 2/5;
     * t=0.2: tp 2, fp 2 -> 4/6, the best. */
    CHECK_NEAR(t, 0.2);
    CHECK_NEAR(f1, 4.0 / 6.0);
}

static void best_f1_of_nothing_is_zero(void)
{
    double t = 0;
    CHECK_NEAR(ev_best_f1(NULL, NULL, 0, &t), 0.0);
    CHECK_NEAR(t, 1.0);
}

static void buckets_cover_edges(void)
{
    CHECK(ev_bucket(0.0) == 0);
    CHECK(ev_bucket(-0.5) == 0);
    CHECK(ev_bucket(0.0999) == 0);
    CHECK(ev_bucket(0.1) == 1);
    CHECK(ev_bucket(0.75) == 7);
    CHECK(ev_bucket(0.99) == 9);
    CHECK(ev_bucket(1.0) == 9);
    CHECK(ev_bucket(1.5) == 9);
    CHECK(ev_bucket(NAN) == 0);
}

static void shown_scores_never_round_up_to_the_threshold(void)
{
    CHECK_NEAR(ev_shown(0.6999), 0.699);
    CHECK_NEAR(ev_shown(0.70), 0.70);
    CHECK_NEAR(ev_shown(1.0), 1.0);
    CHECK_NEAR(ev_shown(0.12345), 0.123);
}

static void spearman_of_monotone_orders_is_one(void)
{
    const double x[] = {1, 2, 3, 4, 5};
    const double up[] = {10, 20, 25, 90, 100};
    const double down[] = {5, 4, 3, 2, 1};
    int d = 0;
    CHECK_NEAR(ev_spearman(x, up, 5, &d), 1.0);
    CHECK(d);
    CHECK_NEAR(ev_spearman(x, down, 5, &d), -1.0);
    CHECK(d);
}

static void spearman_uses_average_ranks_for_ties(void)
{
    /* x ranks 1, 2.5, 2.5, 4; y ranks 1..4: Pearson of the ranks is
     * 4.5 / sqrt(4.5 * 5) = sqrt(0.9). */
    const double x[] = {0.1, 0.5, 0.5, 0.9};
    const double y[] = {1, 2, 3, 4};
    int d = 0;
    CHECK_NEAR(ev_spearman(x, y, 4, &d), sqrt(0.9));
    CHECK(d);
}

static void spearman_is_undefined_for_constant_or_tiny_input(void)
{
    const double x[] = {1, 1, 1};
    const double y[] = {1, 2, 3};
    int d = 1;
    CHECK_NEAR(ev_spearman(x, y, 3, &d), 0.0);
    CHECK(!d);
    d = 1;
    ev_spearman(y, y, 1, &d);
    CHECK(!d);
}

static void order_agreement_counts_ties_as_half(void)
{
    const double ref[] = {100, 90, 90, 80};
    const double ours[] = {0.9, 0.5, 0.7, 0.5};
    double agree = 0;
    size_t pairs = 0;
    /* Pairs with distinct ref: (0,1) agree, (0,2) agree, (0,3) agree,
     * (1,3) ours tie -> 1/2, (2,3) agree; (1,2) skipped. */
    ev_order_agreement(ours, ref, 4, &agree, &pairs);
    CHECK(pairs == 5);
    CHECK_NEAR(agree, 4.5);
}

int main(void)
{
    static const struct {
        const char *name;
        void (*fn)(void);
    } checks[] = {
#define C(f) {#f, f}
        C(csv_header_names_columns),
        C(csv_quoted_fields_keep_commas_quotes_and_newlines),
        C(csv_crlf_and_bom_are_stripped),
        C(csv_last_field_without_newline_is_read),
        C(csv_comments_and_blank_lines_are_skipped),
        C(csv_hash_is_data_without_comment_flag),
        C(csv_ragged_rows_are_padded_and_counted),
        C(csv_unterminated_quote_is_an_error),
        C(csv_missing_file_is_reported),
        C(conf_metrics_match_hand_counts),
        C(conf_empty_denominators_give_zero),
        C(conf_threshold_is_inclusive),
        C(best_f1_finds_the_separating_threshold),
        C(best_f1_treats_tied_scores_together),
        C(best_f1_of_nothing_is_zero),
        C(buckets_cover_edges),
        C(shown_scores_never_round_up_to_the_threshold),
        C(spearman_of_monotone_orders_is_one),
        C(spearman_uses_average_ranks_for_ties),
        C(spearman_is_undefined_for_constant_or_tiny_input),
        C(order_agreement_counts_ties_as_half),
#undef C
    };
    size_t i;
    for (i = 0; i < sizeof checks / sizeof checks[0]; i++) {
        int before = failures;
        checks[i].fn();
        printf("%s %s\n", failures == before ? "ok  " : "FAIL", checks[i].name);
    }
    printf("%zu checks, %d failed assertions\n", sizeof checks / sizeof checks[0], failures);
    return failures ? 1 : 0;
}
