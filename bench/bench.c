/*
 * bench.c - `make bench`: the performance figures of docs/performance.md.
 *
 *   bench run --db SNAP [--root DIR] [--out DIR] [--queries N] [--seed S]
 *             [--brute N] [--no-pg] [--no-grow] [--doc FILE]
 *   bench measure --db SNAP --work FILE [--full]     (one child per size)
 *
 * `run` times a build of the default lists through emb_builder_*, makes
 * the seeded workload from the default snapshot (bench_work.c), grows
 * snapshots of 4x and 16x the default size with synthetic entities, runs
 * `measure` in a fresh child process per size (so each peak RSS is its
 * own), the brute-force Jaro-Winkler baseline on a prefix of the workload,
 * and bench/pg_trgm.sh (PostgreSQL 15 + pg_trgm on the same names and
 * queries), checks the machine's core and memory speed at the start and
 * the end (a shared VM's speed changes), then prints one table with each bar of issue 4 marked PASS
 * or FAIL and, with --doc, puts it between the bench markers of that file. Uses only
 * include/embargo.h, libc and pthreads.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

#define MAX_SIZES 3
static const size_t size_factor[MAX_SIZES] = {1, 4, 16};

typedef struct size_result {
    int ok;
    size_t factor, entities, names;
    uint64_t bytes;
    double build_s;
    bench_stats st;
} size_result;

typedef struct run_cfg {
    const char *db, *root, *out, *doc, *self;
    size_t queries, brute;
    uint64_t seed;
    int pg, grow;
    double cpu_ms[2]; /* cpu_check() at the start and at the end */
    double mem_ns[2]; /* mem_check() at the start and at the end */
} run_cfg;

typedef struct pg_result {
    int ok;
    double qps, recall, threshold, load_s;
    size_t queries, variants, found;
    char note[256];
} pg_result;

/* Prints "bench: msg[: arg]" and exits 2. */
static void die(const char *msg, const char *arg)
{
    fprintf(stderr, "bench: %s%s%s\n", msg, arg ? ": " : "", arg ? arg : "");
    exit(2);
}

static char *path_join(const char *dir, const char *name)
{
    size_t a = strlen(dir), b = strlen(name);
    char *p = malloc(a + b + 2);
    if (!p)
        die("out of memory", NULL);
    memcpy(p, dir, a);
    p[a] = '/';
    memcpy(p + a + 1, name, b + 1);
    return p;
}

/* ---- building ---- */

/* Builds root/data/default-lists.txt (+ extra FtM file) into out; returns
 * seconds, or < 0 on failure. */
static double build_snapshot(const char *root, const char *extra, const char *out)
{
    char *lists = path_join(root, "data/default-lists.txt");
    FILE *f = fopen(lists, "r");
    emb_builder *b = NULL;
    emb_error err;
    char line[4096];
    double t0 = bench_now(), rc = -1;
    if (!f) {
        fprintf(stderr, "bench: %s: %s\n", lists, strerror(errno));
        free(lists);
        return -1;
    }
    if (emb_builder_new(&b, 0, &err) != EMB_OK)
        goto done;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *colon = strchr(line, ':');
        if (line[0] == '#' || !colon)
            continue;
        *colon = '\0';
        char *path = path_join(root, colon + 1);
        emb_status st = emb_builder_add_list(b, line, path, &err);
        free(path);
        if (st != EMB_OK) {
            fprintf(stderr, "bench: %s: %s\n", colon + 1, err.message);
            goto done;
        }
    }
    if (extra && emb_builder_add_list(b, "ftm", extra, &err) != EMB_OK) {
        fprintf(stderr, "bench: %s: %s\n", extra, err.message);
        goto done;
    }
    if (emb_builder_write(b, out, &err) != EMB_OK) {
        fprintf(stderr, "bench: %s: %s\n", out, err.message);
        goto done;
    }
    rc = bench_now() - t0;
done:
    emb_builder_free(b);
    fclose(f);
    free(lists);
    return rc;
}

/* ---- the measure child ---- */

static void print_stats(const bench_stats *s)
{
    printf("p50_us=%.3f\np99_us=%.3f\nmax_us=%.3f\nmean_us=%.3f\nqps=%.1f\n", s->p50_us, s->p99_us,
           s->max_us, s->mean_us, s->qps);
    printf("expl_p50_us=%.3f\nexpl_p99_us=%.3f\nexpl_qps=%.1f\n", s->expl_p50_us, s->expl_p99_us,
           s->expl_qps);
    printf("load_p50_us=%.3f\nload_p99_us=%.3f\nload_qps=%.1f\n", s->load_p50_us, s->load_p99_us,
           s->load_qps);
    printf("batch1=%.1f\nbatch2=%.1f\n", s->batch_qps[0], s->batch_qps[1]);
    printf("variants=%zu\nmatched_variants=%zu\nclean=%zu\nalerts=%zu\nrefused=%zu\n", s->variants,
           s->matched_variants, s->clean, s->alerts, s->refused);
    for (int k = 0; k < BK__COUNT; k++)
        printf("found_%d=%zu\ntotal_%d=%zu\n", k, s->found[k], k, s->total[k]);
    printf("open_ms=%.4f\nrss_kb=%ld\n", s->open_ms, s->rss_kb);
}

static int cmd_measure(int argc, char **argv)
{
    const char *db = NULL, *work = NULL;
    int full = 0;
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
            db = argv[++i];
        else if (strcmp(argv[i], "--work") == 0 && i + 1 < argc)
            work = argv[++i];
        else if (strcmp(argv[i], "--full") == 0)
            full = 1;
        else
            die("measure: bad argument", argv[i]);
    }
    if (!db || !work)
        die("measure: --db and --work are required", NULL);
    bench_workload w;
    if (bench_workload_load(&w, work) != 0 || w.n == 0)
        die("measure: cannot read", work);
    bench_stats st;
    char msg[512] = "";
    int rc = bench_measure(db, &w, full, &st, msg, sizeof msg);
    bench_workload_free(&w);
    if (rc != 0)
        die("measure", msg);
    print_stats(&st);
    return 0;
}

/* Runs argv in a child with stdout into buf (NUL-terminated); returns the
 * exit status, or -1. */
static int spawn(char *const argv[], char *buf, size_t cap)
{
    int fd[2];
    if (pipe(fd) != 0)
        return -1;
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        close(fd[0]);
        close(fd[1]);
        return -1;
    }
    if (pid == 0) {
        dup2(fd[1], STDOUT_FILENO);
        close(fd[0]);
        close(fd[1]);
        execvp(argv[0], argv);
        _exit(127);
    }
    close(fd[1]);
    size_t n = 0;
    for (;;) {
        ssize_t got = read(fd[0], buf + n, cap - 1 - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        n += (size_t)got;
        if (n + 1 >= cap)
            break;
    }
    buf[n] = '\0';
    close(fd[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Value of key in "key=value" lines, or def. */
static double kv(const char *text, const char *key, double def)
{
    size_t kl = strlen(key);
    for (const char *p = text; p && *p;) {
        if (strncmp(p, key, kl) == 0 && p[kl] == '=')
            return strtod(p + kl + 1, NULL);
        p = strchr(p, '\n');
        if (p)
            p++;
    }
    return def;
}

static size_t kvz(const char *text, const char *key)
{
    double v = kv(text, key, 0);
    return v > 0 ? (size_t)v : 0;
}

static int measure_child(const run_cfg *c, const char *db, const char *work, int full,
                         bench_stats *st)
{
    static char buf[1 << 16];
    char *argv[] = {(char *)c->self,        "measure", "--db", (char *)db, "--work", (char *)work,
                    full ? "--full" : NULL, NULL};
    if (spawn(argv, buf, sizeof buf) != 0)
        return -1;
    memset(st, 0, sizeof *st);
    st->p50_us = kv(buf, "p50_us", 0);
    st->p99_us = kv(buf, "p99_us", 0);
    st->max_us = kv(buf, "max_us", 0);
    st->mean_us = kv(buf, "mean_us", 0);
    st->qps = kv(buf, "qps", 0);
    st->expl_p50_us = kv(buf, "expl_p50_us", 0);
    st->expl_p99_us = kv(buf, "expl_p99_us", 0);
    st->expl_qps = kv(buf, "expl_qps", 0);
    st->load_p50_us = kv(buf, "load_p50_us", 0);
    st->load_p99_us = kv(buf, "load_p99_us", 0);
    st->load_qps = kv(buf, "load_qps", 0);
    st->batch_qps[0] = kv(buf, "batch1", 0);
    st->batch_qps[1] = kv(buf, "batch2", 0);
    st->variants = kvz(buf, "variants");
    st->matched_variants = kvz(buf, "matched_variants");
    st->clean = kvz(buf, "clean");
    st->alerts = kvz(buf, "alerts");
    st->refused = kvz(buf, "refused");
    for (int k = 0; k < BK__COUNT; k++) {
        char key[32];
        snprintf(key, sizeof key, "found_%d", k);
        st->found[k] = kvz(buf, key);
        snprintf(key, sizeof key, "total_%d", k);
        st->total[k] = kvz(buf, key);
    }
    st->open_ms = kv(buf, "open_ms", 0);
    st->rss_kb = (long)kv(buf, "rss_kb", 0);
    return st->qps > 0 ? 0 : -1;
}

/* ---- PostgreSQL ---- */

static void run_pg(const run_cfg *c, pg_result *pg)
{
    static char buf[1 << 16];
    char *script = path_join(c->root, "bench/pg_trgm.sh");
    char *argv[] = {"sh", script, (char *)c->out, NULL};
    memset(pg, 0, sizeof *pg);
    fprintf(stderr, "bench: PostgreSQL pg_trgm (bench/pg_trgm.sh, progress on stderr)\n");
    int rc = spawn(argv, buf, sizeof buf);
    free(script);
    pg->qps = kv(buf, "qps", 0);
    pg->recall = kv(buf, "recall", 0);
    pg->threshold = kv(buf, "threshold", 0);
    pg->load_s = kv(buf, "load_s", 0);
    pg->queries = kvz(buf, "queries");
    pg->variants = kvz(buf, "variants");
    pg->found = kvz(buf, "found");
    pg->ok = rc == 0 && pg->qps > 0;
    if (!pg->ok)
        snprintf(pg->note, sizeof pg->note, "pg_trgm.sh failed (exit %d); see its stderr", rc);
}

/* ---- report ---- */

typedef struct report {
    FILE *f[2];
} report;

static void out(report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void out(report *r, const char *fmt, ...)
{
    for (int i = 0; i < 2; i++) {
        if (!r->f[i])
            continue;
        va_list ap;
        va_start(ap, fmt);
        vfprintf(r->f[i], fmt, ap);
        va_end(ap);
    }
}

static const char *pass(int ok)
{
    return ok ? "PASS" : "**FAIL**";
}

static double pctf(size_t a, size_t b)
{
    return b ? 100.0 * (double)a / (double)b : 0;
}

static void machine(char *buf, size_t cap)
{
    char model[256] = "unknown CPU";
    FILE *f = fopen("/proc/cpuinfo", "r");
    char line[512];
    while (f && fgets(line, sizeof line, f)) {
        if (strncmp(line, "model name", 10) == 0) {
            char *v = strchr(line, ':');
            if (v) {
                v++;
                while (*v == ' ')
                    v++;
                v[strcspn(v, "\n")] = '\0';
                snprintf(model, sizeof model, "%s", v);
            }
            break;
        }
    }
    if (f)
        fclose(f);
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    double ram = (double)sysconf(_SC_PHYS_PAGES) * (double)sysconf(_SC_PAGESIZE) / 1073741824.0;
    char date[64];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", &tm);
    snprintf(buf, cap, "%s, %ld cores, %.1f GiB RAM; %s", model, cores, ram, date);
}

/* Milliseconds of a fixed CPU-bound loop (10^8 dependent multiply-adds,
 * no memory traffic): printed beside the figures so that a run on a
 * machine its host slows down (a shared VM whose speed changes from minute
 * to minute) shows as one. */
static double cpu_check(void)
{
    uint64_t x = 1;
    double t0 = bench_now();
    for (uint32_t i = 0; i < 100000000u; i++)
        x = x * 6364136223846793005u + 1442695040888963407u;
    double t = bench_now() - t0;
    __asm__ volatile("" : : "r"(x));
    return t * 1000.0;
}

/* Nanoseconds per load of a chain of dependent loads through 64 MiB in
 * one random cycle: the memory latency the matcher's index lookups wait
 * on (the host's other tenants change it from minute to minute). */
static double mem_check(void)
{
    size_t n = (size_t)16 << 20;
    uint32_t *a = malloc(n * sizeof *a);
    if (!a)
        return 0;
    for (size_t i = 0; i < n; i++)
        a[i] = (uint32_t)i;
    uint64_t s = 0x9E3779B97F4A7C15u;
    for (size_t i = n - 1; i > 0; i--) { /* Sattolo: a single cycle */
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        size_t j = (size_t)(s % i);
        uint32_t t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
    uint32_t p = 0;
    double t0 = bench_now();
    for (uint32_t i = 0; i < 2000000u; i++)
        p = a[p];
    double t = bench_now() - t0;
    __asm__ volatile("" : : "r"(p));
    free(a);
    return t / 2e6 * 1e9;
}

static void print_report(report *r, const run_cfg *c, const size_result *sz, size_t nsz,
                         double build1, const pg_result *pg, double bqps, size_t bfound,
                         size_t bvar, size_t bq, size_t nnames, const bench_scan_stats *scan)
{
    const bench_stats *s = &sz[0].st;
    char mach[512];
    machine(mach, sizeof mach);
    size_t vfound = 0;
    for (int k = 0; k < BK__COUNT; k++)
        if (k != BK_CLEAN)
            vfound += s->found[k];
    double recall = pctf(vfound, s->variants);
    double ratio2 = s->batch_qps[0] > 0 ? s->batch_qps[1] / s->batch_qps[0] : 0;
    out(r, "Machine: %s\n\n", mach);
    out(r,
        "Machine check, at the start of the run and at its end: 10^8 dependent multiply-adds "
        "%.0f / %.0f ms; a dependent load through 64 MiB %.0f / %.0f ns.\n\n",
        c->cpu_ms[0], c->cpu_ms[1], c->mem_ns[0], c->mem_ns[1]);
    out(r,
        "Workload: %zu queries (seed %llu): %zu variants of list names, %zu synthetic clean "
        "names from %zu countries; default snapshot %zu entities, %zu names.\n\n",
        s->variants + s->clean, (unsigned long long)c->seed, s->variants, s->clean,
        bench_clean_countries(), sz[0].entities, nnames);
    out(r, "| measure | embargo | bar | result |\n|---|---:|---|---|\n");
    out(r, "| single-thread latency p50 | %.1f µs | ≤ 50 µs | %s |\n", s->p50_us,
        pass(s->p50_us <= 50));
    out(r, "| single-thread latency p99 | %.1f µs | ≤ 500 µs | %s |\n", s->p99_us,
        pass(s->p99_us <= 500));
    out(r, "| single-thread latency max | %.1f µs | | |\n", s->max_us);
    out(r, "| single-thread queries/s (screen-style, one at a time) | %.0f | ≥ 20,000 | %s |\n",
        s->qps, pass(s->qps >= 20000));
    out(r,
        "| with every result explained: p50 / p99 / queries/s | %.1f µs / %.1f µs / %.0f | | |\n",
        s->expl_p50_us, s->expl_p99_us, s->expl_qps);
    out(r,
        "| snapshot read into memory (`EMB_OPEN_LOAD`, as `serve`): p50 / p99 / queries/s | "
        "%.1f µs / %.1f µs / %.0f (%.2fx) | | |\n",
        s->load_p50_us, s->load_p99_us, s->load_qps, s->qps > 0 ? s->load_qps / s->qps : 0);
    out(r, "| match batch, 1 thread | %.0f q/s | | |\n", s->batch_qps[0]);
    out(r, "| match batch, 2 threads | %.0f q/s (%.2fx) | ≥ 1.7x | %s |\n", s->batch_qps[1], ratio2,
        pass(ratio2 >= 1.7));
    out(r, "| recall on variants (source entity in top 5) | %.1f%% | | |\n", recall);
    for (int k = 0; k < BK__COUNT; k++)
        if (k != BK_CLEAN)
            out(r, "| &nbsp;&nbsp;%s | %.1f%% of %zu | | |\n", bench_kind_name((bench_kind)k),
                pctf(s->found[k], s->total[k]), s->total[k]);
    out(r, "| variants found with match=true | %.1f%% | | |\n",
        pctf(s->matched_variants, s->variants));
    out(r, "| alert rate on clean names | %.2f%% | | |\n", pctf(s->alerts, s->clean));
    if (s->refused)
        out(r, "| names refused (a script embargo cannot romanise) | %zu | | |\n", s->refused);
    out(r, "| snapshot build (all default lists) | %.2f s | ≤ 10 s | %s |\n", build1,
        pass(build1 > 0 && build1 <= 10));
    out(r, "| snapshot open (median of 21) | %.3f ms | ≤ 10 ms | %s |\n", s->open_ms,
        pass(s->open_ms <= 10));
    out(r, "| snapshot size | %.1f MB | | |\n", (double)sz[0].bytes / 1e6);
    out(r, "| peak RSS while screening (1x) | %.1f MB | ≤ 300 MB | %s |\n",
        (double)s->rss_kb / 1024.0, pass(s->rss_kb > 0 && s->rss_kb <= 300 * 1024));
    if (scan->messages) {
        out(r, "| scan: MT103 messages/s (one thread) | %.0f | ≥ 5,000 | %s |\n", scan->mt103_mps,
            pass(scan->mt103_mps >= 5000));
        out(r, "| scan: pacs.008 messages/s (one thread) | %.0f | ≥ 5,000 | %s |\n",
            scan->pacs008_mps, pass(scan->pacs008_mps >= 5000));
    }
    if (pg->ok) {
        double pr = pg->variants ? 100.0 * (double)pg->found / (double)pg->variants : 0;
        out(r,
            "| PostgreSQL 15 pg_trgm: queries/s, recall | %.1f q/s, %.1f%% (%zu queries, "
            "threshold %.2f) | | |\n",
            pg->qps, pr, pg->queries, pg->threshold);
        out(r, "| embargo / pg_trgm throughput | %.0fx | ≥ 100x, recall ≥ pg_trgm | %s |\n",
            s->qps / pg->qps, pass(s->qps / pg->qps >= 100 && recall >= pr));
    } else {
        out(r, "| PostgreSQL 15 pg_trgm | not run: %s | ≥ 100x | n/a |\n",
            pg->note[0] ? pg->note : "--no-pg");
    }
    if (bqps > 0)
        out(r,
            "| brute-force Jaro-Winkler (no index): queries/s, recall | %.1f q/s, %.1f%% (%zu "
            "queries) | | |\n| embargo / brute force | %.0fx | | |\n",
            bqps, pctf(bfound, bvar), bq, s->qps / bqps);
    if (nsz > 1) {
        out(r, "\nCost vs list size (synthetic entities from real name parts added):\n\n");
        out(r, "| size | entities | names | snapshot | build | open | queries/s | p50 | p99 | "
               "peak RSS | recall |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (size_t i = 0; i < nsz; i++) {
            const size_result *z = &sz[i];
            if (!z->ok) {
                out(r, "| %zux | failed | | | | | | | | | |\n", z->factor);
                continue;
            }
            size_t f = 0;
            for (int k = 0; k < BK__COUNT; k++)
                if (k != BK_CLEAN)
                    f += z->st.found[k];
            out(r,
                "| %zux | %zu | %zu | %.0f MB | %.1f s | %.2f ms | %.0f | %.1f µs | %.1f µs | "
                "%.0f MB | %.1f%% |\n",
                z->factor, z->entities, z->names, (double)z->bytes / 1e6, z->build_s, z->st.open_ms,
                z->st.qps, z->st.p50_us, z->st.p99_us, (double)z->st.rss_kb / 1024.0,
                pctf(f, z->st.variants));
        }
        const size_result *last = &sz[nsz - 1];
        if (last->ok && last->factor == 16)
            out(r,
                "\n| measure | embargo | bar | result |\n|---|---:|---|---|\n"
                "| queries/s at 16x / at 1x | %.2f | ≥ 0.25 | %s |\n",
                last->st.qps / s->qps, pass(last->st.qps / s->qps >= 0.25));
    }
}

/* Replaces the text between the bench markers of doc with table. */
static int update_doc(const char *doc, const char *table_path)
{
    static const char begin[] = "<!-- bench:begin -->", end[] = "<!-- bench:end -->";
    FILE *f = fopen(doc, "r"), *t = fopen(table_path, "r");
    char *text = NULL, *tab = NULL;
    size_t tl = 0, bl = 0;
    int rc = -1;
    if (!f || !t)
        goto done;
    text = malloc(1 << 20);
    tab = malloc(1 << 20);
    if (!text || !tab)
        goto done;
    tl = fread(text, 1, (1 << 20) - 1, f);
    text[tl] = '\0';
    bl = fread(tab, 1, (1 << 20) - 1, t);
    tab[bl] = '\0';
    char *b = strstr(text, begin), *e = b ? strstr(b, end) : NULL;
    if (!b || !e) {
        fprintf(stderr, "bench: %s has no %s ... %s markers; not updated\n", doc, begin, end);
        goto done;
    }
    fclose(f);
    f = NULL;
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", doc);
    FILE *o = fopen(tmp, "w");
    if (!o)
        goto done;
    fwrite(text, 1, (size_t)(b - text) + strlen(begin), o);
    fputc('\n', o);
    fwrite(tab, 1, bl, o);
    fputs(e, o);
    if (fclose(o) != 0 || rename(tmp, doc) != 0)
        goto done;
    fprintf(stderr, "bench: updated %s\n", doc);
    rc = 0;
done:
    if (f)
        fclose(f);
    if (t)
        fclose(t);
    free(text);
    free(tab);
    return rc;
}

static int cmd_run(int argc, char **argv)
{
    run_cfg c = {NULL, ".", "build/bench", NULL,  argv[0], 20000, 200, 20260401,
                 1,    1,   {0, 0},        {0, 0}};
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--db") == 0 && v)
            c.db = argv[++i];
        else if (strcmp(a, "--root") == 0 && v)
            c.root = argv[++i];
        else if (strcmp(a, "--out") == 0 && v)
            c.out = argv[++i];
        else if (strcmp(a, "--doc") == 0 && v)
            c.doc = argv[++i];
        else if (strcmp(a, "--queries") == 0 && v)
            c.queries = (size_t)strtoull(argv[++i], NULL, 10);
        else if (strcmp(a, "--brute") == 0 && v)
            c.brute = (size_t)strtoull(argv[++i], NULL, 10);
        else if (strcmp(a, "--seed") == 0 && v)
            c.seed = strtoull(argv[++i], NULL, 10);
        else if (strcmp(a, "--no-pg") == 0)
            c.pg = 0;
        else if (strcmp(a, "--no-grow") == 0)
            c.grow = 0;
        else
            die("run: bad argument", a);
    }
    if (!c.db)
        die("run: --db SNAPSHOT is required", NULL);
    if (c.queries < 2)
        die("run: --queries must be at least 2", NULL);
    mkdir(c.out, 0777);

    emb_snapshot *s = NULL;
    emb_error err;
    if (emb_snapshot_open(&s, c.db, &err) != EMB_OK)
        die("run", err.message);
    emb_snapshot_info info;
    emb_snapshot_get_info(s, &info);

    c.cpu_ms[0] = cpu_check();
    c.mem_ns[0] = mem_check();
    fprintf(stderr, "bench: building the default lists through emb_builder_* ...\n");
    char *bench_snap = path_join(c.out, "default-bench.emb");
    double build1 = build_snapshot(c.root, NULL, bench_snap);
    unlink(bench_snap);
    free(bench_snap);

    fprintf(stderr, "bench: workload of %zu queries ...\n", c.queries);
    bench_workload w;
    char *work = path_join(c.out, "workload.tsv"), *names = path_join(c.out, "names.tsv");
    size_t nnames = 0;
    if (bench_workload_make(s, c.seed, c.queries, &w) != 0 || bench_workload_save(&w, work) != 0 ||
        bench_export_names(s, names, &nnames) != 0)
        die("run: cannot write the workload in", c.out);

    size_result sz[MAX_SIZES];
    size_t nsz = c.grow ? MAX_SIZES : 1;
    memset(sz, 0, sizeof sz);
    for (size_t i = 0; i < nsz; i++) {
        size_result *z = &sz[i];
        char name[64];
        z->factor = size_factor[i];
        char *snap = NULL, *synth = NULL;
        if (z->factor == 1) {
            snap = strdup(c.db);
            z->build_s = build1;
        } else {
            snprintf(name, sizeof name, "synth-%zux.jsonl", z->factor);
            synth = path_join(c.out, name);
            snprintf(name, sizeof name, "snap-%zux.emb", z->factor);
            snap = path_join(c.out, name);
            fprintf(stderr, "bench: growing to %zux (%zu synthetic entities) ...\n", z->factor,
                    (z->factor - 1) * info.entity_count);
            double npe =
                info.entity_count ? (double)info.name_count / (double)info.entity_count : 1;
            if (bench_grow_write(s, c.seed + z->factor, (z->factor - 1) * info.entity_count, npe,
                                 synth) != 0 ||
                (z->build_s = build_snapshot(c.root, synth, snap)) < 0) {
                fprintf(stderr, "bench: cannot build the %zux snapshot\n", z->factor);
                free(synth);
                free(snap);
                continue;
            }
            unlink(synth);
        }
        emb_snapshot *gs = NULL;
        if (emb_snapshot_open(&gs, snap, &err) == EMB_OK) {
            emb_snapshot_info gi;
            emb_snapshot_get_info(gs, &gi);
            z->entities = gi.entity_count;
            z->names = gi.name_count;
            z->bytes = gi.file_size;
            emb_snapshot_close(gs);
        }
        fprintf(stderr, "bench: measuring %zux ...\n", z->factor);
        z->ok = measure_child(&c, snap, work, z->factor == 1, &z->st) == 0;
        if (!z->ok)
            fprintf(stderr, "bench: measuring %zux failed\n", z->factor);
        if (z->factor != 1)
            unlink(snap);
        free(synth);
        free(snap);
    }
    if (!sz[0].ok)
        die("run: the 1x measurement failed", NULL);

    double bqps = 0;
    size_t bfound = 0, bvar = 0, bq = c.brute < w.n ? c.brute : w.n;
    if (bq) {
        fprintf(stderr, "bench: brute-force Jaro-Winkler on %zu queries ...\n", bq);
        if (bench_brute(s, &w, bq, &bqps, &bfound, &bvar) != 0)
            fprintf(stderr, "bench: brute force failed\n");
    }
    fprintf(stderr, "bench: scanning MT103 and pacs.008 messages ...\n");
    bench_scan_stats scan;
    char *rules = path_join(c.root, "data/rules/embargoed.tsv"), smsg[256];
    if (bench_scan_measure(s, rules, c.seed, 20000, &scan, smsg, sizeof smsg) != 0)
        fprintf(stderr, "bench: %s\n", smsg);
    free(rules);
    pg_result pg;
    memset(&pg, 0, sizeof pg);
    if (c.pg)
        run_pg(&c, &pg);

    c.cpu_ms[1] = cpu_check();
    c.mem_ns[1] = mem_check();
    char *table = path_join(c.out, "performance-table.md");
    report r = {{stdout, fopen(table, "w")}};
    fputc('\n', stdout);
    print_report(&r, &c, sz, nsz, build1, &pg, bqps, bfound, bvar, bq, sz[0].names, &scan);
    if (r.f[1])
        fclose(r.f[1]);
    if (c.doc)
        update_doc(c.doc, table);
    free(table);
    free(work);
    free(names);
    bench_workload_free(&w);
    emb_snapshot_close(s);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "measure") == 0)
        return cmd_measure(argc, argv);
    if (argc >= 2 && strcmp(argv[1], "run") == 0)
        return cmd_run(argc, argv);
    fprintf(stderr, "usage: bench run --db SNAPSHOT [--root DIR] [--out DIR] [--queries N]\n"
                    "                 [--seed S] [--brute N] [--no-pg] [--no-grow] [--doc FILE]\n"
                    "       bench measure --db SNAPSHOT --work FILE [--full]\n");
    return 2;
}
