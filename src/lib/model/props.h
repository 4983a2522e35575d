/*
 * props.h - the FollowTheMoney properties embargo knows, with the kind of
 * value each holds.  Properties not in this table (from FtM input) are kept
 * under their own name with kind TEXT, so FtM round-trips are lossless.
 *
 * Value conventions (docs/model.md): dates are ISO 8601 prefixes
 * ("1984", "1984-01", "1984-01-08"); countries are lower-case ISO 3166-1
 * alpha-2 codes ("kp"), or the list's own text when it names no country
 * we know; identifiers are kept as written.
 */
#ifndef EMB_MODEL_PROPS_H
#define EMB_MODEL_PROPS_H

#include <stddef.h>

#include "embargo.h"

typedef enum emb__kind {
    EMB_KIND_TEXT,
    EMB_KIND_NAME,     /* a full name that is screened */
    EMB_KIND_NAMEPART, /* firstName, lastName, ... */
    EMB_KIND_DATE,
    EMB_KIND_COUNTRY,
    EMB_KIND_IDENT, /* identifiers: compared exactly after folding */
    EMB_KIND_ADDRESS,
    EMB_KIND_GENDER,
    EMB_KIND_URL
} emb__kind;

/* X(enum suffix, FtM name, kind) */
#define EMB_PROP_LIST(X)                                                                           \
    X(NAME, "name", EMB_KIND_NAME)                                                                 \
    X(ALIAS, "alias", EMB_KIND_NAME)                                                               \
    X(WEAK_ALIAS, "weakAlias", EMB_KIND_NAME)                                                      \
    X(PREVIOUS_NAME, "previousName", EMB_KIND_NAME)                                                \
    X(FIRST_NAME, "firstName", EMB_KIND_NAMEPART)                                                  \
    X(SECOND_NAME, "secondName", EMB_KIND_NAMEPART)                                                \
    X(MIDDLE_NAME, "middleName", EMB_KIND_NAMEPART)                                                \
    X(LAST_NAME, "lastName", EMB_KIND_NAMEPART)                                                    \
    X(FATHER_NAME, "fatherName", EMB_KIND_NAMEPART)                                                \
    X(MOTHER_NAME, "motherName", EMB_KIND_NAMEPART)                                                \
    X(TITLE, "title", EMB_KIND_TEXT)                                                               \
    X(GENDER, "gender", EMB_KIND_GENDER)                                                           \
    X(BIRTH_DATE, "birthDate", EMB_KIND_DATE)                                                      \
    X(BIRTH_PLACE, "birthPlace", EMB_KIND_TEXT)                                                    \
    X(BIRTH_COUNTRY, "birthCountry", EMB_KIND_COUNTRY)                                             \
    X(DEATH_DATE, "deathDate", EMB_KIND_DATE)                                                      \
    X(NATIONALITY, "nationality", EMB_KIND_COUNTRY)                                                \
    X(CITIZENSHIP, "citizenship", EMB_KIND_COUNTRY)                                                \
    X(COUNTRY, "country", EMB_KIND_COUNTRY)                                                        \
    X(JURISDICTION, "jurisdiction", EMB_KIND_COUNTRY)                                              \
    X(ADDRESS, "address", EMB_KIND_ADDRESS)                                                        \
    X(POSITION, "position", EMB_KIND_TEXT)                                                         \
    X(PASSPORT_NUMBER, "passportNumber", EMB_KIND_IDENT)                                           \
    X(ID_NUMBER, "idNumber", EMB_KIND_IDENT)                                                       \
    X(REGISTRATION_NUMBER, "registrationNumber", EMB_KIND_IDENT)                                   \
    X(TAX_NUMBER, "taxNumber", EMB_KIND_IDENT)                                                     \
    X(INN_CODE, "innCode", EMB_KIND_IDENT)                                                         \
    X(OGRN_CODE, "ogrnCode", EMB_KIND_IDENT)                                                       \
    X(LEI_CODE, "leiCode", EMB_KIND_IDENT)                                                         \
    X(SWIFT_BIC, "swiftBic", EMB_KIND_IDENT)                                                       \
    X(IMO_NUMBER, "imoNumber", EMB_KIND_IDENT)                                                     \
    X(MMSI, "mmsi", EMB_KIND_IDENT)                                                                \
    X(CALL_SIGN, "callSign", EMB_KIND_IDENT)                                                       \
    X(SERIAL_NUMBER, "serialNumber", EMB_KIND_IDENT)                                               \
    X(UNSC_ID, "unscId", EMB_KIND_IDENT)                                                           \
    X(FLAG, "flag", EMB_KIND_COUNTRY)                                                              \
    X(PAST_FLAGS, "pastFlags", EMB_KIND_COUNTRY)                                                   \
    X(TYPE, "type", EMB_KIND_TEXT)                                                                 \
    X(TONNAGE, "tonnage", EMB_KIND_TEXT)                                                           \
    X(GROSS_TONNAGE, "grossRegisteredTonnage", EMB_KIND_TEXT)                                      \
    X(OWNER, "owner", EMB_KIND_TEXT)                                                               \
    X(MODEL, "model", EMB_KIND_TEXT)                                                               \
    X(BUILD_DATE, "buildDate", EMB_KIND_DATE)                                                      \
    X(INCORPORATION_DATE, "incorporationDate", EMB_KIND_DATE)                                      \
    X(PROGRAM, "program", EMB_KIND_TEXT)                                                           \
    X(PROGRAM_ID, "programId", EMB_KIND_TEXT)                                                      \
    X(AUTHORITY, "authority", EMB_KIND_TEXT)                                                       \
    X(LISTING_DATE, "listingDate", EMB_KIND_DATE)                                                  \
    X(MODIFIED_AT, "modifiedAt", EMB_KIND_DATE)                                                    \
    X(NOTES, "notes", EMB_KIND_TEXT)                                                               \
    X(SOURCE_URL, "sourceUrl", EMB_KIND_URL)                                                       \
    X(WEBSITE, "website", EMB_KIND_URL)                                                            \
    X(EMAIL, "email", EMB_KIND_TEXT)                                                               \
    X(PHONE, "phone", EMB_KIND_TEXT)                                                               \
    X(TOPICS, "topics", EMB_KIND_TEXT)

typedef enum emb_prop {
#define EMB__PROP_ENUM(id, name, kind) EMB_P_##id,
    EMB_PROP_LIST(EMB__PROP_ENUM)
#undef EMB__PROP_ENUM
        EMB_P__COUNT
} emb_prop;

const char *emb__prop_name(emb_prop p);
emb__kind emb__prop_kind(emb_prop p);
/* Looks a property up by FtM name (exact); returns EMB_P__COUNT if unknown. */
emb_prop emb__prop_lookup(const char *name, size_t len);

#endif
