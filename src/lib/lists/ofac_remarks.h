/*
 * ofac_remarks.h - turns the Remarks column of the OFAC legacy CSV files
 * ("DOB 08 Jan 1984; POB Pyongyang, Korea, North; Passport 563120630
 * (Korea, North); a.k.a. 'SHORT'.") into entity properties.  Used by the
 * SDN and non-SDN readers in ofac.c.
 */
#ifndef EMB_LISTS_OFAC_REMARKS_H
#define EMB_LISTS_OFAC_REMARKS_H

#include <stddef.h>
#include <stdint.h>

#include "ingest.h"

/* Splits s[0..n) into items at ";" (OFAC writes "; "), maps every item
 * it recognises to a property of ent (dates through emb__ing_date,
 * countries through emb__ing_country) and adds every other item to notes
 * verbatim, so nothing is lost.  Identifier items that carry more than the
 * number (issuing country, issue or expiry date) keep the number in the
 * identifier property and the whole item in notes.  schema picks between
 * flag and country for "Nationality of Registration".  Returns EMB_OK,
 * EMB_ENOMEM or another ingest error. */
emb_status emb__ofac_remarks_parse(emb__ingest *ing, uint32_t ent, emb_schema schema, const char *s,
                                   size_t n);

#endif
