/*
 * test_scan_iso.c - ISO 20022 screening (src/lib/scan/iso.c): names with
 * typos in party, agent and remittance fields of a pacs.008 with AppHdr,
 * XML paths of hits, BICFI and Ctry rules, no hit on real samples, and
 * malformed XML / DOCTYPE refused with a position.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "embargo.h"
#include "support/fixture.h"
#include "support/scan_fixture.h"

/* the shared snapshot and scanner (support/scan_fixture.c) */
#define snap sfx_snap
#define sc sfx_scan

#define PACS008                                                                                    \
    "<?xml version=\"1.0\"?><Envelope><AppHdr "                                                    \
    "xmlns=\"urn:iso:std:iso:20022:tech:xsd:head.001.001.02\">"                                    \
    "<Fr><FIId><FinInstnId><BICFI>AAAAGB2L</BICFI></FinInstnId></FIId></Fr></AppHdr>"              \
    "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08\"><FIToFICstmrCdtTrf>"       \
    "<GrpHdr><MsgId>1</MsgId></GrpHdr><CdtTrfTxInf>"                                               \
    "<Dbtr><Nm>%s</Nm><PstlAdr><TwnNm>LONDON</TwnNm><Ctry>GB</Ctry></PstlAdr></Dbtr>"              \
    "<DbtrAgt><FinInstnId><BICFI>%s</BICFI></FinInstnId></DbtrAgt>"                                \
    "<Cdtr><Nm>%s</Nm><PstlAdr><AdrLine>%s</AdrLine><Ctry>%s</Ctry></PstlAdr></Cdtr>"              \
    "<RmtInf><Ustrd>%s</Ustrd></RmtInf></CdtTrfTxInf></FIToFICstmrCdtTrf></Document></Envelope>"

static char msg[4096];

static void fill(const char *dbtr, const char *bic, const char *cdtr, const char *adr,
                 const char *ctry, const char *ustrd)
{
    snprintf(msg, sizeof msg, PACS008, dbtr, bic, cdtr, adr, ctry, ustrd);
}

static void scan(emb_status want)
{
    emb_error err;
    assert_int_equal(emb_scan_run(sc, msg, strlen(msg), EMB_SCAN_AUTO, &err), want);
}

static void iso_names_found_in_party_and_remittance_fields(void **state)
{
    (void)state;
    static const struct {
        const char *name, *id;
    } names[] = {
        {"Korea Kwangson Bankin Corporation", "t-kkbc"},
        {"FORTISIMO MARITIME LOGISTICS", "t-fortis"},
        {"Vladislav Korobeinikof", "t-person"},
        {"Ocean Starligt", "t-vessel"},
    };
    char ustrd[200];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        fill(names[i].name, "DEUTDEFF", "ACME GMBH", "MAIN STREET 1", "DE", "INVOICE 7");
        scan(EMB_OK);
        assert_int_equal(emb_scan_last_format(sc), EMB_SCAN_ISO20022);
        assert_true(sfx_find(EMB_HIT_NAME, "CdtTrfTxInf/Dbtr/Nm", names[i].id) >= 0);
        fill("ACME GMBH", "DEUTDEFF", names[i].name, "MAIN STREET 1", "DE", "INVOICE 7");
        scan(EMB_OK);
        assert_true(sfx_find(EMB_HIT_NAME, "CdtTrfTxInf/Cdtr/Nm", names[i].id) >= 0);
        snprintf(ustrd, sizeof ustrd, "FREIGHT ON MV %s, B/L 12", names[i].name);
        fill("ACME GMBH", "DEUTDEFF", "JOHN SMITH", "MAIN STREET 1", "DE", ustrd);
        scan(EMB_OK);
        assert_true(sfx_find(EMB_HIT_NAME, "CdtTrfTxInf/RmtInf/Ustrd", names[i].id) >= 0);
    }
}

static void iso_bic_country_and_address_rules(void **state)
{
    (void)state;
    fill("ACME GMBH", "KKBCKPPYXXX", "JOHN SMITH", "12 HARBOUR ROAD, TARTOUS", "ir", "INVOICE 7");
    scan(EMB_OK);
    assert_true(sfx_find(EMB_HIT_BIC, "CdtTrfTxInf/DbtrAgt/FinInstnId/BICFI", "t-kkbc") >= 0);
    assert_true(sfx_find(EMB_HIT_COUNTRY, "CdtTrfTxInf/DbtrAgt/FinInstnId/BICFI", "KP") >= 0);
    assert_true(sfx_find(EMB_HIT_COUNTRY, "CdtTrfTxInf/Cdtr/PstlAdr/Ctry", "IR") >= 0);
    assert_true(sfx_find(EMB_HIT_COUNTRY, "CdtTrfTxInf/Cdtr/PstlAdr/AdrLine", "SY") >= 0);
    assert_int_equal(emb_scan_hit_count(sc), 4);
    fill("ACME GMBH", "DEUTDEFF", "JOHN SMITH", "MAIN STREET 1", "DE", "INVOICE 7");
    scan(EMB_OK);
    assert_int_equal(emb_scan_hit_count(sc), 0);
}

static void iso_real_samples_have_no_hit(void **state)
{
    (void)state;
    const char *files[] = {"scan/pacs008_sample.xml", "scan/pacs009_sample.xml"};
    for (size_t i = 0; i < 2; i++) {
        static char buf[65536];
        size_t n = sfx_slurp(files[i], buf, sizeof buf);
        assert_true(n != (size_t)-1);
        emb_error err;
        assert_int_equal(emb_scan_run(sc, buf, n, EMB_SCAN_AUTO, &err), EMB_OK);
        assert_int_equal(emb_scan_hit_count(sc), 0);
    }
}

static void iso_malformed_xml_names_position(void **state)
{
    (void)state;
    emb_error err;
    const char *bad = "<Document>\n<Cdtr><Nm>ACME</Cdtr>\n</Document>";
    assert_int_equal(emb_scan_run(sc, bad, strlen(bad), EMB_SCAN_ISO20022, &err), EMB_EPARSE);
    assert_true(err.line >= 2 && err.line <= 3); /* libxml2 reports where it noticed */
    assert_true(err.offset > 0);
    assert_non_null(strstr(err.message, "malformed XML"));
    const char *trunc = "<Document><Cdtr><Nm>ACME</Nm>";
    assert_int_equal(emb_scan_run(sc, trunc, strlen(trunc), EMB_SCAN_ISO20022, &err), EMB_EPARSE);
    const char *dtd = "<!DOCTYPE d [<!ENTITY x \"KOREA "
                      "KWANGSON\">]><Document><Cdtr><Nm>&x;</Nm></Cdtr></Document>";
    assert_int_equal(emb_scan_run(sc, dtd, strlen(dtd), EMB_SCAN_ISO20022, &err), EMB_EPARSE);
    assert_non_null(strstr(err.message, "DOCTYPE"));
    const char *utf = "<Document><Cdtr><Nm>\xff</Nm></Cdtr></Document>";
    assert_int_equal(emb_scan_run(sc, utf, strlen(utf), EMB_SCAN_ISO20022, &err), EMB_EUTF8);
    assert_int_equal(err.offset, 20);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(iso_names_found_in_party_and_remittance_fields),
        cmocka_unit_test(iso_bic_country_and_address_rules),
        cmocka_unit_test(iso_real_samples_have_no_hit),
        cmocka_unit_test(iso_malformed_xml_names_position),
    };
    return cmocka_run_group_tests(tests, sfx_setup, sfx_teardown);
}
