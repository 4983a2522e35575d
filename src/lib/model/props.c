/*
 * props.c - name and kind tables for the known properties (props.h).
 */
#include "props.h"

#include <string.h>

static const char *const prop_names[] = {
#define EMB__PROP_NAME(id, name, kind) name,
    EMB_PROP_LIST(EMB__PROP_NAME)
#undef EMB__PROP_NAME
};

static const emb__kind prop_kinds[] = {
#define EMB__PROP_KIND(id, name, kind) kind,
    EMB_PROP_LIST(EMB__PROP_KIND)
#undef EMB__PROP_KIND
};

const char *emb__prop_name(emb_prop p)
{
    return (unsigned)p < EMB_P__COUNT ? prop_names[p] : "";
}

emb__kind emb__prop_kind(emb_prop p)
{
    return (unsigned)p < EMB_P__COUNT ? prop_kinds[p] : EMB_KIND_TEXT;
}

emb_prop emb__prop_lookup(const char *name, size_t len)
{
    for (unsigned i = 0; i < EMB_P__COUNT; i++)
        if (strlen(prop_names[i]) == len && memcmp(prop_names[i], name, len) == 0)
            return (emb_prop)i;
    return EMB_P__COUNT;
}
