/*
 * sector.c - words of trade and industry and their translations
 * (sector.h).
 *
 * Each concept is one string: its English spellings, the first being the
 * concept's name, then "|", then the same word in other scripts, all
 * separated by spaces ("_" joins the words of a phrase, as in Persian
 * حمل_و_نقل, transport).  Native words are written in their own script so
 * that a reader of the language can check them; on first use they are
 * romanised by the same function that romanises names (emb__name_norm),
 * so that the table and the analyser cannot disagree.  The concepts are
 * the trade and industry words of the generic organisation words in
 * legal.c and the industries of the listed companies (port,
 * petrochemical, aerospace ...), in the forms (masculine, feminine,
 * plural, construct state) that company names use.  Single syllables of
 * Chinese, Korean and Burmese are left out: alone they are as often part
 * of a proper name.  Where one spelling means two things in two languages
 * that share a script (Arabic معدن "metal", Persian "mine"), or two
 * written forms romanise alike (資訊 information and 咨询 consulting are
 * both "zi xun"), it is left out: emb__sector_dups() counts such clashes,
 * which the tests require to be none.  Country names are concepts too:
 * 조선 and 朝鲜 are "Korea" in the names of DPRK companies (조선소,
 * shipyard, is longer and wins).  So are the words of state bodies'
 * names (ministry, army, navy, police, prison, brigade, party, front,
 * movement ...), which the EU lists translate into Greek and Bulgarian
 * beside an organisation's proper name ("Φυλακή Evin", Evin Prison).
 */
#include "sector.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "../base/hash.h"
#include "translit.h"

static const char *const concepts[] = {
    "trading trade traders trader commerce commercial |"
    " סחר מסחר מסחרי מסחרית ကုန်သွယ်ရေး 贸易 商贸 商业 商事 무역 상사 상업"
    " торговый торговая торговое торгового торговой торговли торговля"
    " коммерческий коммерческая коммерческое تجارة تجاري تجارية"
    " تجارت تجاری بازرگانی"
    " εμπορική εμπορικής εμπορικό εμπορικός εμπορίου εμπόριο",
    "industries industry industrial |"
    " תעשיות תעשייה תעשיה תעשייתי תעשייתית စက်မှုလုပ်ငန်း စက်မှု 工业 实业 产业"
    " 공업 산업 промышленный промышленная промышленное промышленной"
    " промышленности промышленность صناعة صناعي صناعية صناعات صنایع صنعتی"
    " βιομηχανία βιομηχανίας βιομηχανιών βιομηχανικός βιομηχανική βιομηχανικό βιομηχανικής",
    "shipping shipowners |"
    " ספנות ရေကြောင်းပို့ဆောင်ရေး သင်္ဘောလုပ်ငန်း 航运 船务 海运 해운"
    " судоходная судоходный судоходство судоходства شحن کشتیرانی"
    " ναυτιλιακή ναυτιλιακής ναυτιλία",
    "navigation | ملاحة 航海 항해 навигация",
    "transport transportation transports |"
    " הובלה הובלות תחבורה ပို့ဆောင်ရေး သယ်ယူပို့ဆောင်ရေး 运输 운수 운송"
    " транспорт транспортный транспортная транспортное транспортной"
    " نقل حمل_و_نقل ترابری"
    " μεταφορών μεταφορές",
    "logistics logistic | לוגיסטיקה 物流 물류 логистика логистическая"
    " логистический لوجستية لوجستيك لجستیک",
    "construction | בנייה בניה ဆောက်လုပ်ရေး 建设 建筑 건설 строительный"
    " строительная строительное строительства строительство انشاءات"
    " إنشاءات ساختمان ساختمانی عمران عمرانی"
    " κατασκευών κατασκευαστική",
    "contracting contractors contractor | مقاولات مقاولة",
    "engineering | הנדסה הנדסי הנדסית အင်ဂျင်နီယာ 工程 엔지니어링 инжиниринг"
    " инженерный инженерная инженерное هندسة هندسية هندسي مهندسی",
    "services service | שירותי שירותים ဝန်ဆောင်မှု 服务 서비스 용역 услуги"
    " услуг сервис خدمات",
    "marine maritime | ימית ימי ရေကြောင်း 海事 海洋 해양 해사 морской морская"
    " морское морского بحرية بحري دریایی",
    "petroleum oil | נפט ရေနံ 石油 석유 нефть нефтяной нефтяная нефтяное"
    " нефти نفط نفطية نفت"
    " πετρέλαιο πετρελαίου",
    "gas | גז ဓာတ်ငွေ့ 天然气 燃气 가스 газ газовый газовая газовое غاز گاز",
    "energy | אנרגיה စွမ်းအင် 能源 에너지 энергия энергетический"
    " энергетическая энергетики طاقة انرژی"
    " ενέργεια ενέργειας ενεργειακή",
    "mining mines mine | כרייה သတ္တုတွင်း 矿业 광업 광산 горнодобывающая"
    " горнорудная рудник تعدين معدن معدنی",
    "metals metal metallurgical metallurgy | מתכת מתכות သတ္တု 金属 금속"
    " металл металлы металлов металлургический металлургическая"
    " металлургия معادن فلزات فلز",
    "steel | פלדה သံမဏိ 钢铁 钢材 철강 제철 сталь стальной صلب فولاد",
    "iron | ברזל 铁矿 железо حديد آهن",
    "chemicals chemical chemistry | כימיקלים כימיה ဓာတုဗေဒ ဓာတုပစ္စည်း 化工 化学"
    " 화학 химический химическая химическое химия كيماويات كيميائية"
    " شیمیایی شیمی"
    " χημικών χημική",
    "electric electrical electricity | חשמל လျှပ်စစ် 电气 电力 전기"
    " электрический электрическая электротехнический كهرباء كهربائية برق",
    "electronics electronic | אלקטרוניקה အီလက်ထရွန်းနစ် 电子 전자 электроника"
    " электронный электронная электронные إلكترونيات إلكترونية الکترونیک"
    " ηλεκτρονικών ηλεκτρονική",
    "machinery machines machine | מכונות စက်ပစ္စည်း စက်ယန္တရား 机械 기계"
    " машины машиностроительный машиностроение машиностроительная آلات"
    " ماشین_آلات",
    "equipment | ציוד ပစ္စည်းကိရိယာ 设备 器材 설비 장비 оборудование"
    " оборудования معدات تجهیزات",
    "foods food foodstuff foodstuffs | מזון စားသောက်ကုန် အစားအစာ 食品 식품"
    " пищевой пищевая пищевые продовольствие أغذية غذائية غذایی مواد_غذایی",
    "agriculture agricultural agro | חקלאות חקלאי חקלאית စိုက်ပျိုးရေး 农业 농업"
    " сельскохозяйственный сельскохозяйственная аграрный аграрная زراعة"
    " زراعية کشاورزی",
    "fishery fisheries fishing | דיג ငါးလုပ်ငန်း ငါးဖမ်း 渔业 水产 수산"
    " рыболовный рыболовная рыбный рыбная شیلات",
    "textiles textile garments garment clothing | טקסטיל הלבשה အထည်ချုပ်"
    " 纺织 服装 섬유 피복 текстиль текстильный текстильная швейная نسيج"
    " منسوجات نساجی پوشاک",
    "pharmaceuticals pharmaceutical pharma medicines | תרופות ဆေးဝါး 医药"
    " 制药 药业 제약 약품 фармацевтический фармацевтическая фармацевтика"
    " أدوية دارویی دارو داروسازی",
    "technology technologies technological tech | טכנולוגיות טכנולוגיה"
    " နည်းပညာ 科技 技术 기술 технологии технология технологический"
    " технологий تكنولوجيا تقنية تقنيات فناوری تکنولوژی"
    " τεχνολογία τεχνολογίας τεχνολογιών τεχνολογικό",
    "development developments | פיתוח ဖွံ့ဖြိုးရေး 发展 开发 개발 развитие"
    " развития تنمية تطوير توسعه"
    " ανάπτυξη ανάπτυξης",
    "investment investments invest | השקעות ရင်းနှီးမြှုပ်နှံမှု 投资 투자"
    " инвестиционный инвестиционная инвестиции инвестиций استثمار"
    " استثمارات سرمایه_گذاری"
    " επενδύσεων επενδυτική",
    "bank banking | בנק 银行 은행 банк банка بنك مصرف بانک"
    " τράπεζα τράπεζας",
    "insurance | ביטוח အာမခံ 保险 보험 страховая страховой страхование"
    " страхования تأمين بیمه",
    "holding holdings | אחזקות החזקות 控股 지주 홀딩스 холдинг قابضة هلدینگ",
    "group | קבוצת קבוצה အုပ်စု 集团 그룹 группа группы مجموعة گروه"
    " ομάδα ομάδας όμιλος ομίλου група",
    "international | בינלאומי בינלאומית အပြည်ပြည်ဆိုင်ရာ 国际 국제"
    " международный международная международное международного دولي"
    " دولية بین_المللی"
    " διεθνής διεθνές διεθνούς",
    "general | כללי အထွေထွေ 综合 종합 عامة عمومی",
    "import imports | יבוא ייבוא တင်သွင်း 进口 수입 импорт импорта استيراد"
    " واردات",
    "export exports | יצוא ייצוא တင်ပို့ 出口 수출 экспорт экспорта تصدير"
    " صادرات",
    "manufacturing manufacturers manufacturer production producing |"
    " ייצור ထုတ်လုပ်ရေး 制造 生产 제조 생산 производственный"
    " производственная производственное производство تصنيع إنتاج تولید"
    " تولیدی"
    " παραγωγή παραγωγής",
    "factory factories plant | מפעל מפעלי စက်ရုံ 工厂 공장 завод фабрика"
    " مصنع کارخانه"
    " εργοστάσιο εργοστασίου εργοστάσια",
    "cement | מלט ဘိလပ်မြေ 水泥 시멘트 цемент цементный أسمنت اسمنت إسمنت"
    " سیمان",
    "timber wood lumber | သစ်လုပ်ငန်း 木业 木材 목재 древесина أخشاب خشب چوب",
    "paper | נייר စက္ကူ 纸业 造纸 제지 бумага бумажный бумажная ورق کاغذ",
    "plastics plastic | פלסטיק ပလတ်စတစ် 塑料 塑胶 플라스틱 пластик пластмасс"
    " بلاستيك پلاستیک",
    "printing | דפוס ပုံနှိပ် ပုံနှိပ်တိုက် 印刷 인쇄 типография"
    " полиграфический طباعة چاپ",
    "aviation airlines airline | תעופה လေကြောင်း 航空 항공 авиационный"
    " авиационная авиация авиакомпания طيران هواپیمایی"
    " αεροπορία αεροπορίας αεροπορική",
    "telecommunications telecommunication telecom communications |"
    " תקשורת ဆက်သွယ်ရေး 通信 电信 통신 связь телеком телекоммуникации"
    " اتصالات مخابرات ارتباطات"
    " τηλεπικοινωνιών τηλεπικοινωνίες",
    "defence defense | ביטחון ကာကွယ်ရေး 国防 국방 оборонный оборонная"
    " оборонное оборонной دفاع دفاعی"
    " άμυνα άμυνας αμυντική αμυντικής отбрана отбраната",
    "research | מחקר သုတေသန 研究 연구 исследовательский исследовательская"
    " بحوث أبحاث تحقیقات پژوهش"
    " έρευνα έρευνας ερευνών ερευνητικό ερευνητικής",
    "science sciences scientific | מדע သိပ္ပံ 科学 과학 научный научная"
    " научное наука علوم علمية علمی"
    " επιστημονική επιστημονικής επιστημονικό επιστημονικός επιστημών",
    "institute | מכון 研究所 研究院 연구소 연구원 институт معهد موسسه مؤسسه"
    " ινστιτούτο ινστιτούτου",
    "organisation organization | ארגון အဖွဲ့အစည်း 组织 организация منظمة"
    " سازمان"
    " οργανισμός οργανισμού οργάνωση οργάνωσης",
    "cooperative | သမဝါယမ 合作社 협동조합 кооператив تعاونية تعاونی",
    "national | לאומי အမျိုးသား национальный национальная национальное"
    " وطني وطنية ملی"
    " εθνικός εθνική εθνικό εθνικής εθνικού",
    "house | дом",
    "products product | מוצרי מוצרים ထုတ်ကုန် 产品 制品 제품 продукты продукция"
    " изделия منتجات محصولات"
    " προϊόντα προϊόντων",
    "systems system | מערכות စနစ် 系统 시스템 системы منظومات سیستم سامانه"
    " συστήματα συστημάτων",
    "consulting consultancy consultants | ייעוץ အကြံပေး 咨询 顾问 컨설팅 자문"
    " консалтинг консалтинговая استشارات مشاوره",
    "management | ניהול စီမံခန့်ခွဲမှု 管理 관리 управление управляющая إدارة"
    " مدیریت",
    "exchange | חלפנות ငွေလဲ 兑换 환전 صرافة صرافی",
    "medical | רפואי רפואית ဆေးဘက် 医疗 의료 медицинский медицинская طبية"
    " پزشکی",
    "shipyard shipbuilding | מספנה מספנות သင်္ဘောကျင်း 船厂 造船 조선소"
    " судостроительный судостроительная верфь کشتی_سازی"
    " ναυπηγείο ναυπηγείου ναυπηγεία",
    "port ports | נמל 港口 港务 港務 항만 항구 порт морской_порт ميناء بندر",
    "petrochemical petrochemicals | פטרוכימיה 石化 石油化工 석유화학 нефтехимический"
    " нефтехимическая нефтехимия بتروكيماويات پتروشیمی",
    "precision | 精密 정밀 прецизионный прецизионная",
    "laser | לייזר 激光 레이저 лазер лазерный лазерная ليزر لیزر",
    "aerospace | 航天 宇航 航空航天 항공우주 аэрокосмический аэрокосмическая"
    " αεροδιαστημική",
    "engine engines | מנוע 发动机 發動機 엔진 двигатель двигателей محرك موتور",
    "robotics robot robots | רובוטיקה 机器人 機器人 로봇 робот робототехника روبوت ربات",
    "information | מידע 信息 정보 информационный информационная информационные"
    " معلومات اطلاعات",
    "semiconductor semiconductors | מוליכים_למחצה 半导体 半導體 반도체 полупроводниковый"
    " полупроводников",
    "cnc | 数控 數控",
    /* the words of state bodies' names */
    "central | מרכזי 中央 중앙 центральный центральная центральное مركزي"
    " المركزي مرکزی"
    " κεντρική κεντρικής κεντρικό κεντρικός κεντρικού κεντρικές",
    "islamic | אסלאמי исламский исламская إسلامية إسلامي اسلامی"
    " ισλαμική ισλαμικής ισλαμικός ισλαμικό",
    "republic | רפובליקה 共和国 共和國 공화국 республика республики جمهورية"
    " جمهوری"
    " δημοκρατία δημοκρατίας",
    "democratic | דמוקרטית 民主 민주주의 демократическая демократический"
    " ديمقراطية دموکراتیک"
    " δημοκρατική δημοκρατικής δημοκρατικός δημοκρατικό",
    "people peoples | 人民 인민 народный народная народное شعبية"
    " λαϊκός λαϊκή λαϊκό λαϊκού λαϊκής λαού",
    "committee | ועדה 委员会 委員會 위원회 комитет لجنة کمیته"
    " επιτροπή επιτροπής",
    "association | איגוד 协会 협회 ассоциация جمعية انجمن"
    " σύλλογος συλλόγου σωματείο σωματείου",
    "university | אוניברסיטה 大学 대학 университет جامعة دانشگاه"
    " πανεπιστήμιο πανεπιστημίου",
    "ministry | υπουργείο υπουργείου министерство министерства وزارة وزارت",
    "prison prisons | φυλακή φυλακής φυλακές φυλακών тюрьма سجن زندان",
    "brigade brigades | ταξιαρχία ταξιαρχίας ταξιαρχίες бригада бригады",
    "division | μεραρχία μεραρχίας дивизия",
    "army | στρατός στρατού армия армии جيش ارتش",
    "police | αστυνομία αστυνομίας полиция полиции شرطة پلیس",
    "navy naval | ναυτικό ναυτικού",
    "fleet | флот",
    "foundation | ίδρυμα ιδρύματος بنیاد",
    "office bureau | γραφείο γραφείου бюро",
    "front | μέτωπο μετώπου фронт جبهة جبهه",
    "party | κόμμα κόμματος партия партии",
    "movement | κίνημα κινήματος движение движения",
    "united | ενωμένη ενωμένης единая",
    "council | συμβούλιο συμβουλίου совет",
    "security | ασφαλείας безопасности",
    /* countries, as company names write them in their own language */
    "korea korean | 조선 朝鲜 朝鮮"
    " κορέα κορέας",
    "china chinese | 中国 中國 중국 китай китайская китайский الصين چین"
    " κίνα κίνας κινεζική",
    /* Hong Kong and Macau by their English names: the pinyin of 香港 and
     * 澳门 (xiang gang, ao men) is not how the lists spell them */
    "hongkong hk | 香港",
    "macau macao | 澳门 澳門",
    "russia russian | россия российская российский российское روسيا روسیه"
    " 俄罗斯 러시아"
    " ρωσία ρωσίας ρωσική ρωσικής ρωσικό ρωσικός",
    "iran iranian | ایران إيران иран 伊朗 이란"
    " ιράν ιρανική ιρανικός ιρανικό",
    "syria syrian | سوريا سورية сирия"
    " συρία συρίας συριακή",
    "ceramics ceramic | קרמיקה ကြွေထည် 陶瓷 도자기 керамика سيراميك سرامیک",
};
#define NCONCEPTS (sizeof concepts / sizeof concepts[0])

#define SLOTS 4096u /* power of two, over twice the spellings */
#define WORD_MAX 48 /* longest romanised spelling kept */

typedef struct slot {
    char s[WORD_MAX];
    uint8_t len;
    uint8_t native; /* 1: a romanised native word, 0: an English word */
    uint16_t concept;
} slot;

static slot g_slots[SLOTS];
static char g_canon[NCONCEPTS][24];
static size_t g_count, g_dups, g_failed;
static pthread_once_t g_once = PTHREAD_ONCE_INIT;

static size_t slot_of(const char *s, size_t n, int native)
{
    return (size_t)(emb__hash(s, n) + (uint64_t)native) & (SLOTS - 1);
}

static void put(const char *s, size_t n, int native, size_t concept)
{
    if (n == 0 || n >= WORD_MAX) {
        g_failed++;
        return;
    }
    size_t ix = slot_of(s, n, native);
    while (g_slots[ix].len) {
        slot *o = &g_slots[ix];
        if (o->len == n && o->native == native && memcmp(o->s, s, n) == 0) {
            /* the same spelling twice is a clash only across concepts
             * (traditional and simplified Chinese romanise alike) */
            g_dups += o->concept != concept;
            return;
        }
        ix = (ix + 1) & (SLOTS - 1);
    }
    if (g_count + 1 >= SLOTS / 2) {
        g_failed++;
        return;
    }
    memcpy(g_slots[ix].s, s, n);
    g_slots[ix].len = (uint8_t)n;
    g_slots[ix].native = (uint8_t)native;
    g_slots[ix].concept = (uint16_t) concept;
    g_count++;
}

/* Romanises one native word ("_" for the spaces of a phrase) and stores
 * its tokens joined by single spaces. */
static void put_native(emb__translit *tr, const char *w, size_t n, size_t concept)
{
    char in[128], out[EMB__NAME_NORM_CAP(128)];
    size_t got = 0;
    if (!tr || n >= sizeof in) {
        g_failed++;
        return;
    }
    for (size_t i = 0; i < n; i++)
        in[i] = w[i] == '_' ? ' ' : w[i];
    if (emb__name_norm(tr, in, n, out, sizeof out, &got) != EMB_OK) {
        g_failed++;
        return;
    }
    size_t k = 0;
    for (size_t i = 0; i < got; i++) {
        if (out[i] == ' ' && (k == 0 || out[k - 1] == ' '))
            continue;
        out[k++] = out[i];
    }
    while (k > 0 && out[k - 1] == ' ')
        k--;
    put(out, k, 1, concept);
}

static void build(void)
{
    emb__translit *tr = NULL;
    if (emb__translit_new(&tr) != EMB_OK)
        tr = NULL;
    for (size_t c = 0; c < NCONCEPTS; c++) {
        const char *p = concepts[c];
        int native = 0;
        size_t first = 1;
        while (*p) {
            while (*p == ' ')
                p++;
            if (*p == '|') {
                native = 1;
                p++;
                continue;
            }
            size_t n = strcspn(p, " |");
            if (n == 0)
                break;
            if (first) {
                size_t m = n < sizeof g_canon[c] - 1 ? n : sizeof g_canon[c] - 1;
                memcpy(g_canon[c], p, m);
                g_canon[c][m] = '\0';
                first = 0;
            }
            if (native)
                put_native(tr, p, n, c);
            else
                put(p, n, 0, c);
            p += n;
        }
    }
    emb__translit_free(tr);
}

static const char *lookup(const char *s, size_t n, int native)
{
    if (!s || n == 0 || n >= WORD_MAX)
        return NULL;
    pthread_once(&g_once, build);
    size_t ix = slot_of(s, n, native);
    while (g_slots[ix].len) {
        const slot *o = &g_slots[ix];
        if (o->len == n && o->native == native && memcmp(o->s, s, n) == 0)
            return g_canon[o->concept];
        ix = (ix + 1) & (SLOTS - 1);
    }
    return NULL;
}

const char *emb__sector_word(const char *tok, size_t n)
{
    return lookup(tok, n, 0);
}

const char *emb__sector_native(const char *s, size_t n)
{
    return lookup(s, n, 1);
}

size_t emb__sector_dups(void)
{
    pthread_once(&g_once, build);
    return g_dups;
}

size_t emb__sector_failed(void)
{
    pthread_once(&g_once, build);
    return g_failed;
}

size_t emb__sector_count(void)
{
    pthread_once(&g_once, build);
    return g_count;
}
