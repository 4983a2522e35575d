/*
 * builder.c - emb_builder: the format registry (name, dataset, detector,
 * reader), format auto-detection, and the hand-off of the filled store to
 * the snapshot writer.  A fatal reader error poisons the builder so that no
 * snapshot can be written from a half-read list.
 */
#include <string.h>
#include <strings.h>

#include "../base/alloc.h"
#include "../base/buf.h"
#include "../base/error.h"
#include "../snapshot/writer.h"
#include "ingest_internal.h"

typedef struct fmt_def {
    const char *name;
    const char *dataset;
    const char *title;
    emb_status (*read)(emb__ingest *, const emb__file *);
    /* 1 when the file looks like this format (head = first bytes, NUL-ended) */
    int (*detect)(const char *base, const char *head);
} fmt_def;

static int has(const char *head, const char *needle)
{
    return strstr(head, needle) != NULL;
}

static int starts(const char *head, const char *prefix)
{
    return strncmp(head, prefix, strlen(prefix)) == 0;
}

static int det_un(const char *b, const char *h)
{
    (void)b;
    return has(h, "<CONSOLIDATED_LIST");
}
static int det_sema(const char *b, const char *h)
{
    (void)b;
    return has(h, "<data-set") && has(h, "<record>");
}
static int det_ofac(const char *b, const char *h)
{
    (void)h;
    return strncasecmp(b, "sdn.csv", 7) == 0;
}
static int det_ofac_cons(const char *b, const char *h)
{
    (void)h;
    return strncasecmp(b, "cons_prim.csv", 13) == 0;
}
static int det_csl(const char *b, const char *h)
{
    (void)b;
    return starts(h, "_id,source,entity_number");
}
static int det_dpl(const char *b, const char *h)
{
    (void)b;
    return starts(h, "\"Name\"\t\"Street_Address\"") || starts(h, "Name\tStreet_Address");
}
static int det_eu(const char *b, const char *h)
{
    (void)b;
    return h[0] == '{' && has(h, "\"eu_reference_number\"");
}
static int det_uk(const char *b, const char *h)
{
    (void)b;
    return h[0] == '{' && has(h, "\"unique_id\"") && has(h, "\"names\"");
}
static int det_ofsi(const char *b, const char *h)
{
    (void)b;
    return starts(h, "Last Updated,") || has(h, "Name 6,Name 1,Name 2");
}
static int det_ftm(const char *b, const char *h)
{
    (void)b;
    return h[0] == '{' && has(h, "\"schema\"") && has(h, "\"properties\"");
}

static const fmt_def formats[] = {
    {"un", "un_sc_sanctions", "UN Security Council Consolidated List", emb__read_un, det_un},
    {"ofac", "us_ofac_sdn", "OFAC Specially Designated Nationals (SDN) List", emb__read_ofac,
     det_ofac},
    {"ofac-cons", "us_ofac_cons", "OFAC Consolidated (non-SDN) Sanctions List", emb__read_ofac_cons,
     det_ofac_cons},
    {"csl", "us_trade_csl", "US Consolidated Screening List (trade.gov)", emb__read_csl, det_csl},
    {"bis-dpl", "us_bis_denied", "US BIS Denied Persons List", emb__read_bis_dpl, det_dpl},
    {"eu", "eu_fsf", "EU Financial Sanctions Files (FSF)", emb__read_eu, det_eu},
    {"uk", "gb_fcdo_sanctions", "UK Sanctions List (FCDO)", emb__read_uk, det_uk},
    {"ofsi", "gb_hmt_sanctions", "UK HM Treasury OFSI Consolidated List", emb__read_ofsi, det_ofsi},
    {"sema", "ca_dfatd_sema_sanctions", "Canada Special Economic Measures Act sanctions",
     emb__read_sema, det_sema},
    {"ftm", NULL, "FollowTheMoney entities", emb__read_ftm, det_ftm},
};
#define NFORMATS (sizeof formats / sizeof formats[0])

const char *const *emb_list_formats(void)
{
    static const char *names[NFORMATS + 1];
    for (size_t i = 0; i < NFORMATS; i++)
        names[i] = formats[i].name;
    names[NFORMATS] = NULL;
    return names;
}

struct emb_builder {
    emb__store store;
    emb__warnings warnings;
    unsigned flags;
    int poisoned;
    emb_warning view;
};

emb_status emb_builder_new(emb_builder **out, unsigned flags, emb_error *err)
{
    if (!out)
        return emb__errf(err, EMB_EARG, "out is NULL");
    emb_builder *b = emb__calloc(1, sizeof *b);
    if (!b)
        return emb__errf(err, EMB_ENOMEM, "out of memory");
    emb__store_init(&b->store);
    b->flags = flags;
    *out = b;
    return EMB_OK;
}

void emb_builder_free(emb_builder *b)
{
    if (!b)
        return;
    emb__store_destroy(&b->store);
    emb__free(b->warnings.items);
    emb__free(b);
}

static const char *basename_of(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

static const fmt_def *detect(const char *path, const emb__file *f, int *ambiguous)
{
    char head[4097];
    size_t n = f->len < 4096 ? f->len : 4096;
    memcpy(head, f->data, n);
    head[n] = '\0';
    const char *h = head;
    if ((unsigned char)h[0] == 0xEF && (unsigned char)h[1] == 0xBB && (unsigned char)h[2] == 0xBF)
        h += 3;
    const fmt_def *found = NULL;
    *ambiguous = 0;
    for (size_t i = 0; i < NFORMATS; i++) {
        if (formats[i].detect(basename_of(path), h)) {
            /* a specific JSON-lines format wins over generic FtM */
            if (found && strcmp(formats[i].name, "ftm") == 0)
                continue;
            if (found)
                *ambiguous = 1;
            found = &formats[i];
        }
    }
    return found;
}

static emb_status run_reader(emb_builder *b, const fmt_def *fd, const char *path,
                             const emb__file *f, emb_error *err)
{
    uint16_t ds;
    const char *dsname = fd->dataset;
    char stem[128];
    if (!dsname) { /* FtM: the file stem, until the entities name their own */
        const char *base = basename_of(path);
        size_t n = strcspn(base, ".");
        if (n == 0 || n >= sizeof stem)
            n = n == 0 ? 0 : sizeof stem - 1;
        memcpy(stem, base, n);
        stem[n] = '\0';
        dsname = n ? stem : "custom";
    }
    emb_status st =
        emb__store_dataset(&b->store, dsname, fd->dataset ? fd->title : dsname, fd->name, &ds);
    if (st)
        return emb__errf(err, st, "%s: %s", path, emb_strerror(st));
    emb__dataset *d = &b->store.datasets[ds];
    void *p = d->sources;
    if ((st = emb__grow(&p, &d->asources, d->nsources + 1, sizeof *d->sources)) != EMB_OK) {
        d->sources = p;
        return emb__errf(err, st, "out of memory");
    }
    d->sources = p;
    /* the file name, not the builder's directories: snapshots are shared */
    const char *fname = basename_of(path);
    d->sources[d->nsources].path = emb__store_strdup(&b->store, fname, strlen(fname));
    memcpy(d->sources[d->nsources].sha256, f->sha256, 65);
    d->nsources++;

    emb__ingest ing;
    memset(&ing, 0, sizeof ing);
    ing.store = &b->store;
    ing.warnings = &b->warnings;
    ing.dataset = ing.first_dataset = ds;
    ing.flags = b->flags;
    ing.main_path = path;
    ing.err = err;
    emb__ing_file(&ing, path);
    st = fd->read(&ing, f);
    if (st && err && err->status != st) /* reader returned without detail */
        emb__err(err, st, ing.path, ing.line, 0, 0, "%s", emb_strerror(st));
    return st;
}

emb_status emb_builder_add_list(emb_builder *b, const char *format, const char *path,
                                emb_error *err)
{
    if (!b || !path)
        return emb__errf(err, EMB_EARG, "builder and path are required");
    if (b->poisoned)
        return emb__errf(err, EMB_EMISUSE, "an earlier list failed; start a new builder");
    if (err)
        memset(err, 0, sizeof *err);
    const fmt_def *fd = NULL;
    if (format && *format) {
        for (size_t i = 0; i < NFORMATS; i++)
            if (strcmp(formats[i].name, format) == 0)
                fd = &formats[i];
        if (!fd)
            return emb__err(err, EMB_EFORMAT, path, 0, 0, 0, "unknown list format '%s'", format);
    }
    emb__file f;
    emb_status st = emb__file_load(&f, path, err);
    if (st)
        return st;
    if (!fd) {
        int amb;
        fd = detect(path, &f, &amb);
        if (!fd || amb) {
            emb__file_destroy(&f);
            return emb__err(err, EMB_EFORMAT, path, 0, 0, 0,
                            amb ? "list format is ambiguous; name it as FORMAT:PATH"
                                : "cannot tell the list format; name it as FORMAT:PATH");
        }
    }
    st = run_reader(b, fd, path, &f, err);
    emb__file_destroy(&f);
    if (st)
        b->poisoned = 1;
    return st;
}

emb_status emb_builder_write(emb_builder *b, const char *path, emb_error *err)
{
    if (!b || !path)
        return emb__errf(err, EMB_EARG, "builder and path are required");
    if (b->poisoned)
        return emb__errf(err, EMB_EMISUSE, "a list failed to load; no snapshot written");
    return emb__snapshot_write(&b->store, path, err);
}

size_t emb_builder_warning_count(const emb_builder *b)
{
    return b ? b->warnings.total : 0;
}

const emb_warning *emb_builder_warning(const emb_builder *b, size_t i)
{
    if (!b || i >= b->warnings.n)
        return NULL;
    emb_builder *mb = (emb_builder *)(uintptr_t)b;
    const emb__warn_rec *r = &b->warnings.items[i];
    mb->view.dataset = b->store.datasets[r->dataset].name;
    mb->view.file = r->file ? r->file : "";
    mb->view.line = r->line;
    mb->view.reason = r->reason;
    mb->view.skipped = r->skipped;
    return &mb->view;
}

size_t emb_builder_entity_count(const emb_builder *b)
{
    return b ? b->store.nents : 0;
}

/* For tests and tools inside the library. */
const emb__store *emb__builder_store(const emb_builder *b);
const emb__store *emb__builder_store(const emb_builder *b)
{
    return &b->store;
}
