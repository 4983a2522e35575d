/*
 * schema.c - FtM schema names (emb_schema_name / emb_schema_parse).
 */
#include <strings.h>
#include <string.h>

#include "embargo.h"

static const char *const schema_names[] = {
#define EMB__SCHEMA_NAME(id, str) str,
    EMB_SCHEMA_LIST(EMB__SCHEMA_NAME)
#undef EMB__SCHEMA_NAME
};

const char *emb_schema_name(emb_schema s)
{
    return (unsigned)s < EMB_SCHEMA__COUNT ? schema_names[s] : NULL;
}

emb_status emb_schema_parse(const char *s, size_t len, emb_schema *out)
{
    if (!s || !out)
        return EMB_EARG;
    if (len == EMB_NUL)
        len = strlen(s);
    for (unsigned i = 0; i < EMB_SCHEMA__COUNT; i++) {
        if (strlen(schema_names[i]) == len && strncasecmp(schema_names[i], s, len) == 0) {
            *out = (emb_schema)i;
            return EMB_OK;
        }
    }
    /* Common synonyms used by list files and callers. */
    static const struct {
        const char *n;
        emb_schema s;
    } syn[] = {{"individual", EMB_SCHEMA_PERSON},
               {"entity", EMB_SCHEMA_LEGAL_ENTITY},
               {"aircraft", EMB_SCHEMA_AIRPLANE},
               {"ship", EMB_SCHEMA_VESSEL},
               {"organisation", EMB_SCHEMA_ORGANIZATION}};
    for (size_t i = 0; i < sizeof syn / sizeof syn[0]; i++)
        if (strlen(syn[i].n) == len && strncasecmp(syn[i].n, s, len) == 0) {
            *out = syn[i].s;
            return EMB_OK;
        }
    return EMB_ENOTFOUND;
}
