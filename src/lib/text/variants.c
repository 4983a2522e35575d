/*
 * variants.c - whole-token equivalence groups of name spellings
 * (emb__name_variant in phonetic.h).
 *
 * Each group is one string: the canonical spelling first, then the other
 * spellings, separated by spaces.  A group joins spellings that one name
 * gets under different romanisation systems or conventions where no
 * letter-level rule of phonetic.c can join them without also joining
 * different names.  The comment above each block names the rule.
 *
 * On first use an open-addressing hash index over all spellings is built
 * in static storage (pthread_once); a lookup hashes the token once and
 * compares at most a few slots.  A spelling listed twice keeps its first
 * group; emb__name_variant_dups() counts such clashes, which the tests
 * require to be none.  Single letters are initials far more often than
 * names, so Korean 이 "I" is not listed; 오 "O" is (a frequent DPRK
 * surname), and the matcher decides how far to trust a one-letter token.
 */
#include "phonetic.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>

static const char *const groups[] = {
    /* Arabic محمد: vowels unwritten (u/o, a/e), doubled m (shadda)
     * optional, and the abbreviations Mohd / Md of Malaysia, Bangladesh.
     * Turkish Mehmet and Bosnian Mehmed are distinct names in use and are
     * left out. */
    "muhammad mohammad mohammed muhammed mohamed mohamad muhamad muhamed "
    "mohamud mahomed mohammod mouhamed mouhammad muhammet mohd md",
    /* Arabic عبد "servant of" before a divine name: article assimilated
     * (Abdel, Abdul, Abdur, Abdus), vowels vary. */
    "abd abdul abdel abdal abdol abdoul abdu abdur abdus abdoulaye",
    "abdullah abdulla abdallah abdalla abdellah abdollah abdoullah",
    "abdulrahman abdurrahman abdelrahman abdalrahman abdolrahman "
    "abdurahman abdirahman",
    /* Arabic حسين / Persian Hossein: u/o and ai/ay/ei. */
    "husayn hussein husain hossein hussain husein hosein hussien houssein "
    "husseyn hosain",
    "hasan hassan hassen hasane",
    "husni housni hosni",
    "ahmad ahmed achmed ahmid",
    "mahmud mahmoud mahmood mehmood",
    "mustafa mustapha moustafa mostafa moustapha mustafah",
    "yusuf yousef youssef yousuf yusef yousif yossef yusif yousof",
    "ibrahim ebrahim ibraheem ebrahem brahim",
    "umar omar omer",
    "usama osama usamah osamah oussama",
    "uthman osman usman othman ousmane",
    "khalid khaled khaleed",
    "khalil khaleel",
    "yahya yehia yahia yahiya",
    "said saeed saied saeid saiid",
    "jafar jaafar jaffar djafar",
    "hamid hameed",
    "rashid rasheed rachid",
    "majid majeed madjid",
    "walid waleed oualid",
    "jamal gamal jamaal djamal",
    "qasim kasim qassem kassem qasem kasem",
    "abu abou abo",
    "ali aly",
    "musa moussa mousa mussa",
    "isa issa eesa",
    "nasrallah nasrullah nasrollah",
    "fatima fatimah fatemeh fatma",
    "aisha aysha ayesha aicha aishah",
    /* "son of" / "daughter of": Arabic bin, ibn, colloquial ben; vowel-less
     * bn from Arabic script. */
    "bin ibn ben bn",
    "bint binti",
    /* The Arabic article ال before a name: al, el (Egyptian, French),
     * ul (after a case ending), il. */
    "al el ul il",

    /* Korean surname 이 (李): MR and RR "i", the initial-r spelling of the
     * DPRK ("ri"), and the customary Lee / Yi / Rhee / Rhie / Lie.  Chinese
     * 李 is Li.  Canonical: the DPRK form used by the UN list. */
    "ri lee yi rhee li rhie ree rie i",
    /* 박: MR pak, RR bak, customary Park / Bahk / Pack. */
    "park pak bak bahk",
    /* 최: RR choe, customary Choi / Choy / Chey. */
    "choe choi choy chey",
    /* 정: MR chŏng, RR jeong, customary Jung / Chung / Jong / Cheong. */
    "jong jeong chong chung jung cheong joung",
    /* 김: MR kim, RR gim. */
    "kim gim",
    /* 류/유: DPRK initial r (Ryu), RR yu, customary Yoo / You / Lyu. */
    "ryu yu yoo you lyu ryoo rhyu",
    /* 신: MR/RR sin, customary shin. */
    "sin shin",
    /* 오 */
    "o oh",
    /* 윤 */
    "yun yoon youn",
    /* 강 */
    "kang gang",
    /* 조 */
    "cho jo",
    /* 한 */
    "han hahn",
    /* 림/임: DPRK initial r (Rim), RR im, customary Lim / Yim. */
    "rim im lim yim",
    /* 로/노: DPRK Ro, RR no, customary Noh / Roh. */
    "ro no noh roh",
    /* 량/양: DPRK Ryang, RR yang. */
    "ryang yang",
    /* 렴/염 */
    "ryom yom yeom yeum",
    /* 리 as a given-name syllable, 력 */
    "ryok yeok yuk",
    /* 현 */
    "hyon hyun hyeon",
    /* 전: MR chŏn, RR jeon, customary Jun / Chun. */
    "jon jeon chon chun jun",
    /* 권 */
    "kwon gwon kweon",
    /* 황 */
    "hwang whang",
    /* 성 (송 "song" is another name and stays out) */
    "seong sung",
    /* 고 */
    "ko go koh",
    /* 주 */
    "ju joo chu",
    /* 계 */
    "kye gye",
    /* 태: DPRK Thae (MR aspirate th), RR tae. */
    "thae tae",
    /* 변 */
    "pyon byun byeon byon",
    /* 배 */
    "pae bae",
    /* 백 */
    "paek baek paik baik",
    /* 서 */
    "so seo suh",
    /* 명 */
    "myong myung myeong",
    /* 철 */
    "chol cheol chul",
    /* 영 (MR yŏng) and 용/룡 (MR yong, DPRK ryong): one ASCII spelling
     * "yong" serves both, so they form one group. */
    "yong young yeong ryong",
    /* 혁 */
    "hyok hyuk hyeok",
    /* 문 */
    "mun moon",
    /* 손 */
    "son sohn",
    /* 석 */
    "sok seok suk",
    /* 경 */
    "kyong kyung gyeong kyeong",
    /* 은 */
    "un eun",
    /* 국 */
    "kuk guk gook kook",

    /* Chinese: pinyin and Wade-Giles (and Cantonese/Taiwanese customary)
     * spellings of surnames where the letter rules do not meet. */
    "cai tsai tsoi",
    "cao tsao",
    "cui tsui tsuei",
    "cong tsung",
    "zhou chou chow",
    "xu hsu hsue",
    "xie hsieh",
    "zhao chao",
    "xiao hsiao",
    "guo kuo kwok",
    "jiang chiang",
    "qian chien",
    "qiu chiu",
    "zhang cheung",
    "huang hwong",
    "wu woo",

    /* Russian given names: BGN/PCGN, the English customary form, French
     * and German transcriptions, and the Ukrainian and Belarusian forms
     * where the lists use them for the same people (the Belarusian ones
     * both as the lists spell them, Siarhei, and as BGN/PCGN romanises
     * the Belarusian Cyrillic, Сяргей "syargey"). */
    "aleksandr alexander aleksander alexandr oleksandr alexandre alexandros aleksandros "
    "alyaksandr aliaksandr aljaksandr",
    "aleksei alexei alexey aleksey oleksii oleksiy alexej alyaksey aliaksei",
    "sergei sergey serguei sergej serhii serhiy sergiy syargey siarhei siarhej",
    "yuri yury yuriy iouri juri jurij yurii yuryy",
    "dmitri dmitry dmitriy dimitri dmytro dmitrij dzmitryy dzmitry dzmitri",
    "andrei andrey andrii andriy andrej",
    "nikolai nikolay mykola nicolai nikolaj nikolaos mikalay mikalai",
    "mikhail michail mihail mykhailo mikhael",
    "yevgeny yevgeniy evgeny evgeniy evgenii yevhen jewgeni yaugen yauhen",
    "vladimir wladimir volodymyr uladzimir",
    "igor ihor igar ihar",
    "viktor victor viktar",
    "vyacheslav viacheslav vjaceslav vyachaslau viachaslau",
    "vasily vasiliy vassily vasili vasyl vasil",
    "grigory grigoriy grigori hryhoriy",
    "anatoly anatoliy anatolii anatol",
    "arkady arkadiy arkadii",
    "gennady gennadiy gennadi gennadii hennadiy genadz henadz",
    "valery valeriy valeri valerii",
    "yakov iakov jakov",
    "pyotr petr piotr pyetr petro",
    "fyodor fedor feodor fiodor",
    "ilya ilia ilja illia",
    "konstantin constantine kostiantyn",
    "maksim maxim maksym",
    "yelena elena olena jelena",
    "yekaterina ekaterina katerina kateryna katsyaryna katsiaryna",
    "natalya natalia nataliya natalja natallya natallia",
    "tatyana tatiana tetiana tatjana tatsyana tatsiana",
    "oleg aleh aleg",
    "roman raman",
    "pavel pavlo paval",
};

#define NGROUPS (sizeof groups / sizeof groups[0])
#define SLOTS 2048 /* power of two, well above the number of spellings */
#define WORD_MAX 24

typedef struct slot {
    const char *s; /* into groups[] */
    uint8_t len;
    uint16_t group;
} slot;

static slot g_slots[SLOTS];
static char g_canon[NGROUPS][WORD_MAX];
static size_t g_dups, g_count;
static pthread_once_t g_once = PTHREAD_ONCE_INIT;

static uint32_t hash(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static void build(void)
{
    for (size_t g = 0; g < NGROUPS; g++) {
        const char *p = groups[g];
        int first = 1;
        while (*p) {
            const char *e = strchr(p, ' ');
            size_t n = e ? (size_t)(e - p) : strlen(p);
            if (n == 0 || n >= WORD_MAX) { /* not in the tables as written */
                p += n;
                while (*p == ' ')
                    p++;
                continue;
            }
            if (first) {
                memcpy(g_canon[g], p, n);
                g_canon[g][n] = '\0';
                first = 0;
            }
            size_t ix = hash(p, n) & (SLOTS - 1);
            int seen = 0;
            while (g_slots[ix].s) {
                if (g_slots[ix].len == n && memcmp(g_slots[ix].s, p, n) == 0) {
                    seen = 1;
                    if (g_slots[ix].group != g)
                        g_dups++;
                    break;
                }
                ix = (ix + 1) & (SLOTS - 1);
            }
            if (!seen) {
                g_slots[ix].s = p;
                g_slots[ix].len = (uint8_t)n;
                g_slots[ix].group = (uint16_t)g;
                g_count++;
            }
            p += n;
            while (*p == ' ')
                p++;
        }
    }
}

const char *emb__name_variant(const char *tok, size_t n)
{
    if (!tok || n == 0 || n >= WORD_MAX)
        return NULL;
    pthread_once(&g_once, build);
    size_t ix = hash(tok, n) & (SLOTS - 1);
    while (g_slots[ix].s) {
        if (g_slots[ix].len == n && memcmp(g_slots[ix].s, tok, n) == 0)
            return g_canon[g_slots[ix].group];
        ix = (ix + 1) & (SLOTS - 1);
    }
    return NULL;
}

size_t emb__name_variant_dups(void)
{
    pthread_once(&g_once, build);
    return g_dups;
}

size_t emb__name_variant_count(void)
{
    pthread_once(&g_once, build);
    return g_count;
}
