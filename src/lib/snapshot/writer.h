/*
 * writer.h - compiles a filled entity store into a snapshot file.
 */
#ifndef EMB_SNAPSHOT_WRITER_H
#define EMB_SNAPSHOT_WRITER_H

#include "../model/store.h"
#include "embargo.h"

emb_status emb__snapshot_write(const emb__store *s, const char *path, emb_error *err);

#endif
