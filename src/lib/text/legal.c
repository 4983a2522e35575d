/*
 * legal.c - legal-form and organisation-word classification of name tokens.
 *
 * The tables below list each legal form in the spellings the lists and
 * transliteration produce: abbreviations with and without dots (the
 * normaliser turns "S.A." into "s a", "Sp. z o.o." into "sp z o o"), full
 * forms in English, transliterated Russian/Ukrainian (BGN, as translit.c
 * romanises Cyrillic: ООО -> "ooo"), pinyin (有限公司 -> "you xian gong
 * si", one token per character), Japanese (株式会社 -> "kabushiki kaisha",
 * or "zhu shi hui she" when it came through the Han transliterator), Korean
 * RR syllables, Burmese as burmese.c writes it (ကုမ္ပဏီလီမိတက် -> "kon pa
 * ni li mi tet"), Arabic and Persian ("sharikat", "sherkat", and "shrkt",
 * the vowel-less form of شركة/شرکت), Hebrew (בע"מ -> "bm", B.M.), Greek
 * as translit.c says it (Ανώνυμη εταιρεία -> "anonymi eteria", Εταιρεία
 * περιορισμένης ευθύνης -> "eteria periorismenis efthynis").  Each spelling maps to one
 * canonical code, each code to a family (legal.h).
 *
 * Matching (emb__legal_scan): at each token the longest phrase wins
 * (emb__phrase_longest over the sorted table), so "gmbh co kg" is one form
 * and "co ltd" one LTD.  Forms marked weak are ordinary words or name
 * syllables as well ("sa", "as", "ag", "co", "limited", "gong si"), so they
 * are kept only at the end of the name or next to an accepted form,
 * decided right to left so chains such as "co kg" hold together; "pt"
 * also counts as the first token.  Generic organisation words are weak
 * evidence, classified here and weighted by the matcher.
 *
 * Both tables are kept sorted by strcmp (checked by test_legal.c).
 */
#include "legal.h"

#include <string.h>

#define ATTR_WEAK 0x01
#define ATTR_LEAD 0x02

static const emb__phrase legal_forms[] = {
    {"a d", EMB__LEGAL_AD, ATTR_WEAK},
    {"a g", EMB__LEGAL_AG, ATTR_WEAK},
    {"a o", EMB__LEGAL_AO, ATTR_WEAK},
    {"a p s", EMB__LEGAL_APS, 0},
    {"a s", EMB__LEGAL_AS, ATTR_WEAK},
    {"ab", EMB__LEGAL_AB, ATTR_WEAK},
    {"ad", EMB__LEGAL_AD, ATTR_WEAK},
    {"ag", EMB__LEGAL_AG, ATTR_WEAK},
    {"aktiengesellschaft", EMB__LEGAL_AG, 0},
    {"aktsionernoe obshchestvo", EMB__LEGAL_AO, 0},
    {"aktsionernoye obshchestvo", EMB__LEGAL_AO, 0},
    {"anikti symmetokhiki eteria", EMB__LEGAL_OJSC, 0},
    {"ano", EMB__LEGAL_ANO, 0},
    {"anonim sirketi", EMB__LEGAL_JSC, 0},
    {"anonymi eteria", EMB__LEGAL_SA, 0},
    {"ao", EMB__LEGAL_AO, ATTR_WEAK},
    {"aps", EMB__LEGAL_APS, 0},
    {"as", EMB__LEGAL_AS, ATTR_WEAK},
    {"asa", EMB__LEGAL_ASA, ATTR_WEAK},
    {"b m", EMB__LEGAL_LTD, ATTR_WEAK},
    {"b v", EMB__LEGAL_BV, 0},
    {"beeravon mugbal", EMB__LEGAL_LTD, 0},
    {"berhad", EMB__LEGAL_BHD, 0},
    {"besloten vennootschap", EMB__LEGAL_BV, 0},
    {"bhd", EMB__LEGAL_BHD, 0},
    {"bm", EMB__LEGAL_LTD, ATTR_WEAK},
    {"bsc", EMB__LEGAL_PJSC, ATTR_WEAK},
    {"bv", EMB__LEGAL_BV, 0},
    {"c j s c", EMB__LEGAL_CJSC, 0},
    {"chup", EMB__LEGAL_CHUP, 0},
    {"chusik hoesa", EMB__LEGAL_JSC, 0},
    {"cie", EMB__LEGAL_CO, ATTR_WEAK},
    {"cjsc", EMB__LEGAL_CJSC, 0},
    {"closed joint stock company", EMB__LEGAL_CJSC, 0},
    {"closed jsc", EMB__LEGAL_CJSC, 0},
    {"co", EMB__LEGAL_CO, ATTR_WEAK},
    {"co limited", EMB__LEGAL_LTD, 0},
    {"co ltd", EMB__LEGAL_LTD, 0},
    {"commanditaire vennootschap", EMB__LEGAL_CV, 0},
    {"compagnie", EMB__LEGAL_CO, ATTR_WEAK},
    {"compania", EMB__LEGAL_CO, ATTR_WEAK},
    {"company", EMB__LEGAL_CO, ATTR_WEAK},
    {"company limited", EMB__LEGAL_LTD, 0},
    {"corp", EMB__LEGAL_CORP, 0},
    {"corporation", EMB__LEGAL_CORP, 0},
    {"cv", EMB__LEGAL_CV, ATTR_WEAK},
    {"d d", EMB__LEGAL_DD, ATTR_WEAK},
    {"d o o", EMB__LEGAL_DOO, 0},
    {"dd", EMB__LEGAL_DD, ATTR_WEAK},
    {"dmcc", EMB__LEGAL_DMCC, 0},
    {"doo", EMB__LEGAL_DOO, 0},
    {"e v", EMB__LEGAL_EV, ATTR_WEAK},
    {"ehf", EMB__LEGAL_HF, 0},
    {"eood", EMB__LEGAL_OOD, 0},
    {"eteria", EMB__LEGAL_CO, 0},
    {"eteria periorismenis efthynis", EMB__LEGAL_LLC, 0},
    {"eurl", EMB__LEGAL_SARL, 0},
    {"ev", EMB__LEGAL_EV, ATTR_WEAK},
    {"federalnoye gosudarstvennoye unitarnoye predpriyatiye", EMB__LEGAL_FGUP, 0},
    {"fgup", EMB__LEGAL_FGUP, 0},
    {"fz llc", EMB__LEGAL_FZLLC, 0},
    {"fzc", EMB__LEGAL_FZCO, 0},
    {"fzco", EMB__LEGAL_FZCO, 0},
    {"fze", EMB__LEGAL_FZE, 0},
    {"fzllc", EMB__LEGAL_FZLLC, 0},
    {"g m b h", EMB__LEGAL_GMBH, 0},
    {"gbr", EMB__LEGAL_GBR, ATTR_WEAK},
    {"gesellschaft mbh", EMB__LEGAL_GMBH, 0},
    {"gesellschaft mit beschrankter haftung", EMB__LEGAL_GMBH, 0},
    {"gesmbh", EMB__LEGAL_GMBH, 0},
    {"gie", EMB__LEGAL_GIE, ATTR_WEAK},
    {"gmbh", EMB__LEGAL_GMBH, 0},
    {"gmbh co kg", EMB__LEGAL_KG, 0},
    {"godo gaisha", EMB__LEGAL_GK, 0},
    {"godo kaisha", EMB__LEGAL_GK, 0},
    {"gong si", EMB__LEGAL_CO, ATTR_WEAK},
    {"gongsi", EMB__LEGAL_CO, ATTR_WEAK},
    {"gosudarstvennoye unitarnoye predpriyatiye", EMB__LEGAL_GUP, 0},
    {"gu fen you xian gong si", EMB__LEGAL_JSC, 0},
    {"gufen youxian gongsi", EMB__LEGAL_JSC, 0},
    {"gup", EMB__LEGAL_GUP, 0},
    {"hf", EMB__LEGAL_HF, ATTR_WEAK},
    {"hoe sa", EMB__LEGAL_CO, ATTR_WEAK}, /* 회사, company */
    {"hui she", EMB__LEGAL_CO, ATTR_WEAK},
    {"inc", EMB__LEGAL_INC, 0},
    {"incorporated", EMB__LEGAL_INC, 0},
    {"ip", EMB__LEGAL_IP, ATTR_WEAK},
    {"j s c", EMB__LEGAL_JSC, 0},
    {"joint stock co", EMB__LEGAL_JSC, 0},
    {"joint stock company", EMB__LEGAL_JSC, 0},
    {"jsc", EMB__LEGAL_JSC, 0},
    {"jsco", EMB__LEGAL_JSC, 0},
    {"ju sik hoe sa", EMB__LEGAL_JSC, 0},
    {"jusik hoesa", EMB__LEGAL_JSC, 0},
    {"k k", EMB__LEGAL_KK, 0},
    {"kabushiki gaisha", EMB__LEGAL_KK, 0},
    {"kabushiki kaisha", EMB__LEGAL_KK, 0},
    {"kft", EMB__LEGAL_KFT, 0},
    {"kg", EMB__LEGAL_KG, ATTR_WEAK},
    {"kgaa", EMB__LEGAL_KGAA, 0},
    {"kk", EMB__LEGAL_KK, ATTR_WEAK},
    {"klisti symmetokhiki eteria", EMB__LEGAL_CJSC, 0},
    {"kommanditgesellschaft", EMB__LEGAL_KG, 0},
    {"kon pa ni", EMB__LEGAL_CO, ATTR_WEAK},
    {"kon pa ni li mi tet", EMB__LEGAL_LTD, 0},
    {"kratiki epikhirisi", EMB__LEGAL_GUP, 0},
    {"ksc", EMB__LEGAL_PJSC, 0},
    {"kscc", EMB__LEGAL_CJSC, 0},
    {"kscp", EMB__LEGAL_PJSC, 0},
    {"l l c", EMB__LEGAL_LLC, 0},
    {"l l p", EMB__LEGAL_LLP, 0},
    {"l p", EMB__LEGAL_LP, ATTR_WEAK},
    {"l t d", EMB__LEGAL_LTD, 0},
    {"lda", EMB__LEGAL_LTD, ATTR_WEAK},
    {"li mi tet", EMB__LEGAL_LTD, 0},
    {"limited", EMB__LEGAL_LTD, ATTR_WEAK},
    {"limited liability co", EMB__LEGAL_LLC, 0},
    {"limited liability company", EMB__LEGAL_LLC, 0},
    {"limited liability partnership", EMB__LEGAL_LLP, 0},
    {"limited partnership", EMB__LEGAL_LP, 0},
    {"limited sirketi", EMB__LEGAL_LTD, 0},
    {"llc", EMB__LEGAL_LLC, 0},
    {"llp", EMB__LEGAL_LLP, 0},
    {"lp", EMB__LEGAL_LP, ATTR_WEAK},
    {"ltd", EMB__LEGAL_LTD, 0},
    {"ltd sti", EMB__LEGAL_LTD, 0},
    {"ltda", EMB__LEGAL_LTD, 0},
    {"mbh", EMB__LEGAL_GMBH, 0},
    {"mup", EMB__LEGAL_GUP, 0},
    {"n v", EMB__LEGAL_NV, ATTR_WEAK},
    {"naamloze vennootschap", EMB__LEGAL_NV, 0},
    {"nv", EMB__LEGAL_NV, ATTR_WEAK},
    {"nyrt", EMB__LEGAL_ZRT, 0},
    {"o a o", EMB__LEGAL_OAO, 0},
    {"o j s c", EMB__LEGAL_OJSC, 0},
    {"o o o", EMB__LEGAL_OOO, 0},
    {"oao", EMB__LEGAL_OAO, 0},
    {"obshchestvo s ogranichennoi otvetstvennostiu", EMB__LEGAL_OOO, 0},
    {"obshchestvo s ogranichennoy otvetstvennostyu", EMB__LEGAL_OOO, 0},
    {"obshestvo s ogranichennoy otvetstvennostyu", EMB__LEGAL_OOO, 0},
    {"odo", EMB__LEGAL_ODO, 0},
    {"ohg", EMB__LEGAL_OHG, 0},
    {"ojsc", EMB__LEGAL_OJSC, 0},
    {"ood", EMB__LEGAL_OOD, 0},
    {"ooo", EMB__LEGAL_OOO, 0},
    {"open joint stock company", EMB__LEGAL_OJSC, 0},
    {"open jsc", EMB__LEGAL_OJSC, 0},
    {"otkrytoe aktsionernoe obshchestvo", EMB__LEGAL_OAO, 0},
    {"otkrytoye aktsionernoye obshchestvo", EMB__LEGAL_OAO, 0},
    {"ou", EMB__LEGAL_OU, ATTR_WEAK},
    {"oy", EMB__LEGAL_OY, ATTR_WEAK},
    {"oyj", EMB__LEGAL_OYJ, 0},
    {"p a o", EMB__LEGAL_PAO, 0},
    {"p j s c", EMB__LEGAL_PJSC, 0},
    {"p l c", EMB__LEGAL_PLC, 0},
    {"p t", EMB__LEGAL_PT, ATTR_WEAK | ATTR_LEAD},
    {"pao", EMB__LEGAL_PAO, 0},
    {"pat", EMB__LEGAL_PAT, ATTR_WEAK},
    {"pjsc", EMB__LEGAL_PJSC, 0},
    {"plc", EMB__LEGAL_PLC, 0},
    {"prat", EMB__LEGAL_PRAT, 0},
    {"private joint stock company", EMB__LEGAL_PRJSC, 0},
    {"private jsc", EMB__LEGAL_PRJSC, 0},
    {"private limited", EMB__LEGAL_LTD, 0},
    {"private limited company", EMB__LEGAL_LTD, 0},
    {"prjsc", EMB__LEGAL_PRJSC, 0},
    {"psc", EMB__LEGAL_PJSC, ATTR_WEAK},
    {"pt", EMB__LEGAL_PT, ATTR_WEAK | ATTR_LEAD},
    {"pte", EMB__LEGAL_LTD, ATTR_WEAK},
    {"pte ltd", EMB__LEGAL_LTD, 0},
    {"pty", EMB__LEGAL_LTD, ATTR_WEAK},
    {"pty ltd", EMB__LEGAL_LTD, 0},
    {"publ", EMB__LEGAL_AB, ATTR_WEAK},
    {"public joint stock company", EMB__LEGAL_PJSC, 0},
    {"public jsc", EMB__LEGAL_PJSC, 0},
    {"public limited company", EMB__LEGAL_PLC, 0},
    {"publichnoe aktsionernoe obshchestvo", EMB__LEGAL_PAO, 0},
    {"publichnoye aktsionernoye obshchestvo", EMB__LEGAL_PAO, 0},
    {"pvt", EMB__LEGAL_LTD, ATTR_WEAK},
    {"pvt ltd", EMB__LEGAL_LTD, 0},
    {"qpsc", EMB__LEGAL_PJSC, 0},
    {"qsc", EMB__LEGAL_PJSC, 0},
    {"rup", EMB__LEGAL_RUP, 0},
    {"s a", EMB__LEGAL_SA, ATTR_WEAK},
    {"s a de c v", EMB__LEGAL_SADECV, 0},
    {"s a r l", EMB__LEGAL_SARL, 0},
    {"s a s", EMB__LEGAL_SAS, ATTR_WEAK},
    {"s de r l", EMB__LEGAL_SDERL, 0},
    {"s de r l de c v", EMB__LEGAL_SDERL, 0},
    {"s de rl", EMB__LEGAL_SDERL, 0},
    {"s de rl de cv", EMB__LEGAL_SDERL, 0},
    {"s l", EMB__LEGAL_SL, ATTR_WEAK},
    {"s n c", EMB__LEGAL_SNC, 0},
    {"s p a", EMB__LEGAL_SPA, 0},
    {"s r l", EMB__LEGAL_SRL, 0},
    {"s r o", EMB__LEGAL_SRO, 0},
    {"sa", EMB__LEGAL_SA, ATTR_WEAK},
    {"sa de cv", EMB__LEGAL_SADECV, 0},
    {"sac", EMB__LEGAL_SA, ATTR_WEAK},
    {"sahami aam", EMB__LEGAL_PJSC, 0},
    {"sahami khas", EMB__LEGAL_CJSC, 0},
    {"sahami khass", EMB__LEGAL_CJSC, 0},
    {"sahami ye aam", EMB__LEGAL_PJSC, 0},
    {"sahami ye khas", EMB__LEGAL_CJSC, 0},
    {"sahami ye khass", EMB__LEGAL_CJSC, 0},
    {"sal", EMB__LEGAL_SA, ATTR_WEAK},
    {"saoc", EMB__LEGAL_CJSC, 0},
    {"saog", EMB__LEGAL_PJSC, 0},
    {"sapa", EMB__LEGAL_SPA, ATTR_WEAK},
    {"sapi de cv", EMB__LEGAL_SADECV, 0},
    {"sarl", EMB__LEGAL_SARL, 0},
    {"sas", EMB__LEGAL_SAS, ATTR_WEAK},
    {"sasu", EMB__LEGAL_SAS, 0},
    {"sca", EMB__LEGAL_SCA, ATTR_WEAK},
    {"sdn bhd", EMB__LEGAL_LTD, 0},
    {"sharika", EMB__LEGAL_CO, 0},
    {"sharikah", EMB__LEGAL_CO, 0},
    {"sharikat", EMB__LEGAL_CO, 0},
    {"sherkat", EMB__LEGAL_CO, 0},
    {"shirkah", EMB__LEGAL_CO, 0},
    {"shirkat", EMB__LEGAL_CO, 0},
    {"shrkt", EMB__LEGAL_CO, 0},
    {"sia", EMB__LEGAL_SIA, ATTR_WEAK},
    {"sirketi", EMB__LEGAL_CO, ATTR_WEAK},
    {"sl", EMB__LEGAL_SL, ATTR_WEAK},
    {"slu", EMB__LEGAL_SL, 0},
    {"snc", EMB__LEGAL_SNC, ATTR_WEAK},
    {"sociedad anonima", EMB__LEGAL_SA, 0},
    {"sociedad anonima cerrada", EMB__LEGAL_SA, 0},
    {"sociedad limitada", EMB__LEGAL_SL, 0},
    {"societa in nome collettivo", EMB__LEGAL_SNC, 0},
    {"societatea cu raspundere limitata", EMB__LEGAL_SRL, 0},
    {"societe a responsabilite limitee", EMB__LEGAL_SARL, 0},
    {"societe anonyme", EMB__LEGAL_SA, 0},
    {"sp j", EMB__LEGAL_SPJ, 0},
    {"sp z o o", EMB__LEGAL_SPZOO, 0},
    {"sp z oo", EMB__LEGAL_SPZOO, 0},
    {"sp zoo", EMB__LEGAL_SPZOO, 0},
    {"spa", EMB__LEGAL_SPA, ATTR_WEAK},
    {"spol s r o", EMB__LEGAL_SRO, 0},
    {"spolka z ograniczona odpowiedzialnoscia", EMB__LEGAL_SPZOO, 0},
    {"spzoo", EMB__LEGAL_SPZOO, 0},
    {"srl", EMB__LEGAL_SRL, 0},
    {"sro", EMB__LEGAL_SRO, 0},
    {"sti", EMB__LEGAL_LTD, ATTR_WEAK},
    {"stock company", EMB__LEGAL_JSC, 0},
    {"symmetokhiki eteria", EMB__LEGAL_JSC, 0},
    {"tbk", EMB__LEGAL_TBK, 0},
    {"tov", EMB__LEGAL_TOV, 0},
    {"tovarystvo z obmezhenoiu vidpovidalnistiu", EMB__LEGAL_TOV, 0},
    {"tovarystvo z obmezhenoyu vidpovidalnistyu", EMB__LEGAL_TOV, 0},
    {"uab", EMB__LEGAL_UAB, 0},
    {"ug", EMB__LEGAL_UG, ATTR_WEAK},
    {"vat", EMB__LEGAL_VAT, ATTR_WEAK},
    {"vof", EMB__LEGAL_VOF, 0},
    {"w l l", EMB__LEGAL_WLL, 0},
    {"wll", EMB__LEGAL_WLL, 0},
    {"yk", EMB__LEGAL_YK, ATTR_WEAK},
    {"you xian gong si", EMB__LEGAL_LTD, 0},
    {"you xian hui she", EMB__LEGAL_YK, 0},
    {"you xian ze ren gong si", EMB__LEGAL_LLC, 0},
    {"youxian gongsi", EMB__LEGAL_LTD, 0},
    {"youxian zeren gongsi", EMB__LEGAL_LLC, 0},
    {"yugen gaisha", EMB__LEGAL_YK, 0},
    {"yugen kaisha", EMB__LEGAL_YK, 0},
    {"z a o", EMB__LEGAL_ZAO, 0},
    {"zakrytoe aktsionernoe obshchestvo", EMB__LEGAL_ZAO, 0},
    {"zakrytoye aktsionernoye obshchestvo", EMB__LEGAL_ZAO, 0},
    {"zao", EMB__LEGAL_ZAO, 0},
    {"zhu shi hui she", EMB__LEGAL_KK, 0},
    {"zrt", EMB__LEGAL_ZRT, 0},
};
static const emb__phrase org_words[] = {
    {"agencies", 0, 0},
    {"agency", 0, 0},
    {"association", 0, 0},
    {"bureau", 0, 0},
    {"capital", 0, 0},
    {"center", 0, 0},
    {"centre", 0, 0},
    {"chemical", 0, 0},
    {"chemicals", 0, 0},
    {"commercial", 0, 0},
    {"communications", 0, 0},
    {"construction", 0, 0},
    {"consultancy", 0, 0},
    {"consulting", 0, 0},
    {"cooperative", 0, 0},
    {"cooperatives", 0, 0},
    {"development", 0, 0},
    {"developments", 0, 0},
    {"dom", 0, 0},
    {"electronic", 0, 0},
    {"electronics", 0, 0},
    {"energy", 0, 0},
    {"engineering", 0, 0},
    {"enterprise", 0, 0},
    {"enterprises", 0, 0},
    {"equipment", 0, 0},
    {"est", 0, 0},
    {"establishment", 0, 0},
    {"exp", 0, 0},
    {"export", 0, 0},
    {"exports", 0, 0},
    {"factory", 0, 0},
    {"fazhan", 0, 0},
    {"finance", 0, 0},
    {"financial", 0, 0},
    {"firm", 0, 0},
    {"firma", 0, 0},
    {"foundation", 0, 0},
    {"fund", 0, 0},
    {"gas", 0, 0},
    {"general", 0, 0},
    {"global", 0, 0},
    {"gongye", 0, 0},
    {"group", 0, 0},
    {"groups", 0, 0},
    {"guoji", 0, 0},
    {"handel", 0, 0},
    {"handelsgesellschaft", 0, 0},
    {"holding", 0, 0},
    {"holdings", 0, 0},
    {"imp", 0, 0},
    {"import", 0, 0},
    {"importexport", 0, 0},
    {"imports", 0, 0},
    {"industrial", 0, 0},
    {"industrie", 0, 0},
    {"industries", 0, 0},
    {"industry", 0, 0},
    {"institute", 0, 0},
    {"inter", 0, 0},
    {"international", 0, 0},
    {"intl", 0, 0},
    {"invest", 0, 0},
    {"investment", 0, 0},
    {"investments", 0, 0},
    {"jinchukou", 0, 0},
    {"jituan", 0, 0},
    {"keji", 0, 0},
    {"kombinat", 0, 0},
    {"kompania", 0, 0},
    {"kompaniya", 0, 0},
    {"logistics", 0, 0},
    {"machinery", 0, 0},
    {"management", 0, 0},
    {"manufacturing", 0, 0},
    {"maoyi", 0, 0},
    {"marine", 0, 0},
    {"maritime", 0, 0},
    {"media", 0, 0},
    {"national", 0, 0},
    {"navigation", 0, 0},
    {"network", 0, 0},
    {"obyedineniye", 0, 0},
    {"office", 0, 0},
    {"oil", 0, 0},
    {"organisation", 0, 0},
    {"organization", 0, 0},
    {"overseas", 0, 0},
    {"partners", 0, 0},
    {"petroleum", 0, 0},
    {"predpriyatie", 0, 0},
    {"predpriyatiye", 0, 0},
    {"producing", 0, 0},
    {"product", 0, 0},
    {"production", 0, 0},
    {"products", 0, 0},
    {"project", 0, 0},
    {"projects", 0, 0},
    {"resources", 0, 0},
    {"sanat", 0, 0},
    {"sanaye", 0, 0},
    {"sanayi", 0, 0},
    {"securities", 0, 0},
    {"service", 0, 0},
    {"services", 0, 0},
    {"shipping", 0, 0},
    {"shiye", 0, 0},
    {"solutions", 0, 0},
    {"supplies", 0, 0},
    {"supply", 0, 0},
    {"systems", 0, 0},
    {"tech", 0, 0},
    {"technologies", 0, 0},
    {"technology", 0, 0},
    {"tejarat", 0, 0},
    {"tejarati", 0, 0},
    {"telecom", 0, 0},
    {"ticaret", 0, 0},
    {"tijara", 0, 0},
    {"tijari", 0, 0},
    {"tijaria", 0, 0},
    {"tijariya", 0, 0},
    {"torgovy", 0, 0},
    {"torgovyi", 0, 0},
    {"torgovyy", 0, 0},
    {"touzi", 0, 0},
    {"trade", 0, 0},
    {"trader", 0, 0},
    {"traders", 0, 0},
    {"trading", 0, 0},
    {"transport", 0, 0},
    {"transportation", 0, 0},
    {"trust", 0, 0},
    {"union", 0, 0},
    {"united", 0, 0},
    {"ventures", 0, 0},
    {"worldwide", 0, 0},
    {"zavod", 0, 0},
};

#define NFORMS (sizeof legal_forms / sizeof legal_forms[0])
#define NORG (sizeof org_words / sizeof org_words[0])

static const char *const legal_names[] = {
#define EMB__LEGAL_NAME(c, name, fam) name,
    EMB__LEGAL_LIST(EMB__LEGAL_NAME)
#undef EMB__LEGAL_NAME
};

static const emb__legal_family legal_fams[] = {
#define EMB__LEGAL_FAM(c, name, fam) EMB__LEGAL_FAM_##fam,
    EMB__LEGAL_LIST(EMB__LEGAL_FAM)
#undef EMB__LEGAL_FAM
};

const char *emb__legal_name(unsigned code)
{
    return code < EMB__LEGAL_COUNT ? legal_names[code] : "";
}

emb__legal_family emb__legal_family_of(unsigned code)
{
    return code < EMB__LEGAL_COUNT ? legal_fams[code] : EMB__LEGAL_FAM_NONE;
}

const emb__phrase *emb__legal_forms(size_t *n)
{
    *n = NFORMS;
    return legal_forms;
}

const emb__phrase *emb__legal_orgwords(size_t *n)
{
    *n = NORG;
    return org_words;
}

int emb__legal_is_orgword(const char *tok, size_t n)
{
    emb__tok t = {tok, n};
    size_t len;
    const emb__phrase *p = emb__phrase_longest(org_words, NORG, &t, 1, 0, &len);
    return p != NULL;
}

size_t emb__legal_scan(const emb__tok *toks, size_t n, uint8_t *flags, emb__legal_hit *hits,
                       size_t maxhits)
{
    if (!toks || !flags || n == 0)
        return 0;
    if (n > EMB__TOK_MAX)
        n = EMB__TOK_MAX;
    /* Candidates, left to right, longest first. */
    emb__legal_hit cand[EMB__TOK_MAX];
    uint8_t weak[EMB__TOK_MAX], ok[EMB__TOK_MAX];
    size_t nc = 0;
    for (size_t i = 0; i < n;) {
        size_t len = 0;
        const emb__phrase *p = emb__phrase_longest(legal_forms, NFORMS, toks, n, i, &len);
        if (!p) {
            i++;
            continue;
        }
        cand[nc].start = (uint8_t)i;
        cand[nc].len = (uint8_t)len;
        cand[nc].code = p->code;
        weak[nc] = (uint8_t)((p->attr & ATTR_WEAK) && !((p->attr & ATTR_LEAD) && i == 0));
        nc++;
        i += len;
    }
    /* Accept right to left: strong forms always; weak ones at the end of
     * the name or touching an accepted form on either side. */
    for (size_t k = nc; k-- > 0;) {
        size_t end = (size_t)cand[k].start + cand[k].len;
        int at_end = end == n;
        int next_ok = k + 1 < nc && ok[k + 1] && cand[k + 1].start == end;
        ok[k] = (uint8_t)(!weak[k] || at_end || next_ok);
    }
    for (size_t k = 0; k < nc; k++) {
        if (ok[k] || !weak[k])
            continue;
        if (k > 0 && ok[k - 1] && (size_t)cand[k - 1].start + cand[k - 1].len == cand[k].start)
            ok[k] = 1;
    }
    size_t nh = 0;
    for (size_t k = 0; k < nc; k++) {
        if (!ok[k])
            continue;
        for (size_t j = 0; j < cand[k].len; j++)
            flags[cand[k].start + j] |= EMB__TF_LEGAL;
        if (hits && nh < maxhits)
            hits[nh] = cand[k];
        nh++;
    }
    for (size_t i = 0; i < n; i++) {
        if (flags[i] & EMB__TF_LEGAL)
            continue;
        if (emb__legal_is_orgword(toks[i].s, toks[i].n))
            flags[i] |= EMB__TF_ORGWORD;
    }
    return nh;
}
