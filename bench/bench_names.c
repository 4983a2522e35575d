/*
 * bench_names.c - synthetic "clean" names for the bench workload: given
 * names and surnames common in 24 countries (in Latin transliteration, and
 * in their own script for five of them), and company names made of a
 * surname or place word, an activity and a legal form.  The tables were
 * written for the bench from general knowledge of common names; they are
 * not taken from any list or test vector, and a few of them may coincide
 * with listed people, as real customer names do (that is what the alert
 * rate measures).  Name order follows the country's habit (family name
 * first for China, Korea, Vietnam and Hungary in native order).
 */
#include <stdio.h>
#include <string.h>

#include "bench.h"

typedef struct country_names {
    const char *code;
    int family_first;     /* family name written first */
    int two_surnames;     /* Spanish/Portuguese style */
    const char *given;    /* '|'-separated */
    const char *surnames; /* '|'-separated */
} country_names;

static const country_names countries[] = {
    {"us", 0, 0,
     "James|Mary|Robert|Patricia|John|Jennifer|Michael|Linda|David|Elizabeth|William|Susan|Richard|"
     "Jessica",
     "Smith|Johnson|Williams|Brown|Jones|Miller|Davis|Wilson|Anderson|Taylor|Thomas|Moore|Jackson|"
     "Martin"},
    {"gb", 0, 0,
     "Oliver|Amelia|George|Isla|Harry|Ava|Jack|Emily|Charlie|Sophie|Thomas|Grace|Oscar|Lily",
     "Walker|Wright|Robinson|Thompson|White|Hughes|Edwards|Green|Hall|Wood|Harris|Clarke|Lewis|"
     "Cooper"},
    {"de", 0, 0,
     "Lukas|Anna|Felix|Lena|Jonas|Laura|Leon|Julia|Paul|Katharina|Maximilian|Sophie|Tobias|Hannah",
     "Schmidt|Schneider|Fischer|Weber|Meyer|Wagner|Becker|Schulz|Hoffmann|Koch|Richter|Klein|Wolf|"
     "Neumann"},
    {"fr", 0, 0,
     "Jean|Marie|Pierre|Camille|Louis|Chloe|Hugo|Manon|Lucas|Juliette|Antoine|Claire|Mathieu|"
     "Elodie",
     "Martin|Bernard|Dubois|Durand|Lefebvre|Leroy|Moreau|Laurent|Simon|Michel|Garnier|Faure|"
     "Rousseau|Blanc"},
    {"es", 0, 1,
     "Javier|Lucia|Alejandro|Carmen|Daniel|Laura|Pablo|Marta|Sergio|Elena|Alvaro|Paula|Diego|"
     "Cristina",
     "Garcia|Fernandez|Gonzalez|Rodriguez|Lopez|Martinez|Sanchez|Perez|Gomez|Ruiz|Diaz|Moreno|"
     "Jimenez|Alvarez"},
    {"mx", 0, 1,
     "Jose|Guadalupe|Luis|Veronica|Miguel|Adriana|Jorge|Gabriela|Ricardo|Alejandra|Fernando|Rosa|"
     "Arturo|Leticia",
     "Hernandez|Ramirez|Flores|Torres|Vazquez|Castillo|Mendoza|Cruz|Reyes|Morales|Ortiz|Gutierrez|"
     "Chavez|Rojas"},
    {"br", 0, 1,
     "Joao|Ana|Gabriel|Beatriz|Rafael|Mariana|Mateus|Larissa|Gustavo|Fernanda|Thiago|Camila|Bruno|"
     "Leticia",
     "Silva|Santos|Oliveira|Souza|Costa|Pereira|Almeida|Ferreira|Carvalho|Ribeiro|Araujo|Barbosa|"
     "Rocha|Lima"},
    {"it", 0, 0,
     "Marco|Giulia|Alessandro|Francesca|Matteo|Chiara|Lorenzo|Sara|Andrea|Valentina|Davide|"
     "Federica|Simone|Elisa",
     "Rossi|Russo|Ferrari|Esposito|Bianchi|Romano|Colombo|Ricci|Marino|Greco|Bruno|Gallo|Conti|"
     "Costa"},
    {"nl", 0, 0, "Daan|Emma|Sem|Julia|Lucas|Tess|Levi|Sophie|Finn|Anna|Jesse|Fleur|Thijs|Lotte",
     "de Jong|Jansen|de Vries|van den Berg|van Dijk|Bakker|Janssen|Visser|Smit|Meijer|de "
     "Boer|Mulder|de Groot|Bos"},
    {"pl", 0, 0,
     "Piotr|Anna|Krzysztof|Katarzyna|Tomasz|Malgorzata|Pawel|Agnieszka|Marcin|Barbara|Michal|Ewa|"
     "Lukasz|Magdalena",
     "Nowak|Kowalski|Wisniewski|Wojcik|Kowalczyk|Kaminski|Lewandowski|Zielinski|Szymanski|Wozniak|"
     "Dabrowski|Kozlowski|Jankowski|Mazur"},
    {"ru", 0, 0,
     "Aleksandr|Elena|Dmitry|Olga|Andrey|Tatiana|Sergey|Natalia|Mikhail|Irina|Nikolai|Svetlana|"
     "Pavel|Anastasia",
     "Ivanov|Smirnov|Kuznetsov|Popov|Vasiliev|Sokolov|Mikhailov|Novikov|Fedorov|Morozov|Volkov|"
     "Alekseev|Lebedev|Semenov"},
    {"ua", 0, 0,
     "Oleksandr|Olena|Andriy|Iryna|Serhiy|Natalia|Volodymyr|Oksana|Mykola|Tetiana|Yuriy|Halyna|"
     "Vasyl|Kateryna",
     "Melnyk|Shevchenko|Boyko|Kovalenko|Bondarenko|Tkachenko|Kovalchuk|Kravchenko|Oliynyk|Shevchuk|"
     "Polishchuk|Lysenko|Marchenko|Moroz"},
    {"tr", 0, 0,
     "Mehmet|Ayse|Mustafa|Fatma|Ahmet|Emine|Ali|Hatice|Huseyin|Zeynep|Hasan|Elif|Ibrahim|Merve",
     "Yilmaz|Kaya|Demir|Sahin|Celik|Yildiz|Yildirim|Ozturk|Aydin|Ozdemir|Arslan|Dogan|Kilic|Aslan"},
    {"eg", 0, 0,
     "Mohamed|Fatma|Ahmed|Aya|Mahmoud|Mariam|Mostafa|Nour|Youssef|Salma|Omar|Hana|Khaled|Rana",
     "Hassan|Ibrahim|Abdelrahman|Mahmoud|Mostafa|Said|Fathy|Gamal|Saleh|Farouk|Naguib|Shawky|Ragab|"
     "Mansour"},
    {"in", 0, 0,
     "Aarav|Priya|Rahul|Ananya|Vikram|Pooja|Arjun|Sneha|Rohan|Kavya|Amit|Neha|Sanjay|Divya",
     "Sharma|Patel|Singh|Kumar|Gupta|Reddy|Iyer|Nair|Joshi|Mehta|Rao|Desai|Banerjee|Chatterjee"},
    {"pk", 0, 0,
     "Muhammad|Ayesha|Usman|Fatima|Bilal|Zainab|Hamza|Sana|Imran|Hira|Faisal|Mehwish|Asad|Nadia",
     "Khan|Malik|Qureshi|Chaudhry|Butt|Sheikh|Siddiqui|Mirza|Akhtar|Raza|Iqbal|Aslam|Javed|Hashmi"},
    {"cn", 1, 0, "Wei|Fang|Jun|Li|Hao|Jing|Lei|Min|Yang|Xiu Ying|Qiang|Yan|Tao|Hui",
     "Wang|Li|Zhang|Liu|Chen|Yang|Huang|Zhao|Wu|Zhou|Xu|Sun|Ma|Zhu"},
    {"jp", 0, 0, "Haruto|Yui|Sota|Aoi|Yuto|Hina|Riku|Sakura|Kaito|Mei|Ren|Yuna|Takumi|Rin",
     "Sato|Suzuki|Takahashi|Tanaka|Watanabe|Ito|Yamamoto|Nakamura|Kobayashi|Kato|Yoshida|Yamada|"
     "Sasaki|Matsumoto"},
    {"kr", 1, 0,
     "Min-jun|Seo-yeon|Ji-hoon|Ji-woo|Hyun-woo|Su-bin|Jae-won|Ha-eun|Dong-hyun|Yu-na|Sung-min|Eun-"
     "ji|Tae-yang|Da-eun",
     "Kim|Lee|Park|Choi|Jung|Kang|Cho|Yoon|Jang|Lim|Han|Oh|Seo|Shin"},
    {"vn", 1, 0,
     "Van Minh|Thi Lan|Duc Anh|Thi Hoa|Quang Huy|Thi Mai|Van Nam|Ngoc Anh|Thanh Tung|Thu "
     "Trang|Hoang Long|Bich Ngoc|Minh Tuan|Thanh Ha",
     "Nguyen|Tran|Le|Pham|Hoang|Huynh|Phan|Vu|Vo|Dang|Bui|Do|Ho|Ngo"},
    {"ng", 0, 0,
     "Chinedu|Ngozi|Oluwaseun|Funmilayo|Emeka|Chioma|Tunde|Aisha|Ifeanyi|Adaeze|Babatunde|Yetunde|"
     "Kelechi|Amaka",
     "Okafor|Adeyemi|Okonkwo|Balogun|Eze|Ogunleye|Nwosu|Abubakar|Olawale|Chukwu|Adebayo|Okeke|"
     "Ibekwe|Afolabi"},
    {"ke", 0, 0,
     "Brian|Faith|Kevin|Mercy|Dennis|Grace|Collins|Esther|Victor|Joyce|Peter|Lucy|Samuel|Caroline",
     "Otieno|Kamau|Wanjiru|Mwangi|Ochieng|Njoroge|Kiprono|Achieng|Mutua|Wafula|Chebet|Kariuki|"
     "Omondi|Njeri"},
    {"hu", 1, 0,
     "Laszlo|Maria|Istvan|Erzsebet|Jozsef|Katalin|Zoltan|Ilona|Sandor|Eva|Gabor|Anna|Ferenc|"
     "Zsuzsanna",
     "Nagy|Kovacs|Toth|Szabo|Horvath|Varga|Kiss|Molnar|Nemeth|Farkas|Balogh|Papp|Takacs|Juhasz"},
    {"se", 0, 0, "Erik|Anna|Lars|Eva|Karl|Maria|Anders|Karin|Johan|Sara|Per|Emma|Nils|Ingrid",
     "Andersson|Johansson|Karlsson|Nilsson|Eriksson|Larsson|Olsson|Persson|Svensson|Gustafsson|"
     "Pettersson|Jonsson|Lindberg|Lindqvist"},
};

/* Native-script names for a share of the clean persons. */
typedef struct script_names {
    int family_first;
    const char *given, *surnames;
} script_names;

static const script_names scripts[] = {
    {0, "Александр|Елена|Дмитрий|Ольга|Андрей|Татьяна|Сергей|Наталья|Михаил|Ирина",
     "Иванов|Смирнов|Кузнецов|Попов|Соколов|Новиков|Федоров|Морозов|Волков|Лебедев"},
    {0, "Γιώργος|Μαρία|Νίκος|Ελένη|Δημήτρης|Αικατερίνη|Κώστας|Σοφία|Γιάννης|Αναστασία",
     "Παπαδόπουλος|Νικολάου|Γεωργίου|Οικονόμου|Βασιλείου|Μακρής|Αντωνίου|Ιωάννου|Κωνσταντίνου|"
     "Δημητρίου"},
    {1, "伟|芳|军|丽|浩|静|磊|敏|洋|涛", "王|李|张|刘|陈|杨|黄|赵|吴|周"},
    {0, "أحمد|فاطمة|خالد|مريم|يوسف|نور|عمر|سارة|حسن|ليلى",
     "المصري|الحسن|السيد|العلي|النجار|الخطيب|الشامي|الحداد|البغدادي|الزين"},
    {1, "민준|서연|지훈|지우|현우|수빈|재원|하은|동현|유나", "김|이|박|최|정|강|조|윤|장|임"},
};

static const char *const company_words[] = {
    "Northern",  "Pacific",  "Golden",   "Silver",    "Blue River", "Green Valley", "Summit",
    "Atlas",     "Horizon",  "Meridian", "Cedar",     "Harbor",     "Sunrise",      "Crescent",
    "Alpine",    "Coastal",  "Eastern",  "Western",   "Central",    "United",       "Prime",
    "Evergreen", "Highland", "Lakeside", "Riverside", "Oakwood",    "Maple",        "Falcon",
};
static const char *const company_acts[] = {
    "Logistics",    "Trading",   "Foods",       "Textiles",  "Software", "Consulting",
    "Construction", "Agro",      "Pharma",      "Furniture", "Motors",   "Packaging",
    "Electronics",  "Ceramics",  "Dairy",       "Printing",  "Travel",   "Engineering",
    "Plastics",     "Insurance", "Real Estate", "Fisheries", "Solar",    "Hospitality",
};
static const char *const company_forms[] = {
    "Ltd",  "LLC",     "GmbH",      "S.A.", "S.r.l.", "B.V.", "Inc.", "AB", "Sp. z o.o.",
    "A.S.", "Pvt Ltd", "Co., Ltd.", "SARL", "PLC",    "Kft.", "JSC",  "",
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

size_t bench_clean_countries(void)
{
    return NELEM(countries);
}

/* The k-th item of a '|'-separated list (k taken modulo the count). */
static void pick(bench_rng *r, const char *list, const char **s, size_t *len)
{
    size_t n = 1;
    for (const char *p = list; *p; p++)
        n += *p == '|';
    size_t k = bench_rng_below(r, n);
    const char *p = list;
    while (k) {
        if (*p++ == '|')
            k--;
    }
    const char *e = strchr(p, '|');
    *s = p;
    *len = e ? (size_t)(e - p) : strlen(p);
}

/* Appends parts joined by sep into out (bounded). */
static void put(char *out, size_t cap, size_t *n, const char *s, size_t len, const char *sep)
{
    size_t sl = *n && sep ? strlen(sep) : 0;
    if (*n + sl + len + 1 > cap)
        return;
    memcpy(out + *n, sep, sl);
    *n += sl;
    memcpy(out + *n, s, len);
    *n += len;
    out[*n] = '\0';
}

void bench_clean_name(bench_rng *r, char *out, size_t cap, emb_schema *schema)
{
    size_t n = 0;
    const char *s;
    size_t len;
    out[0] = '\0';
    size_t roll = bench_rng_below(r, 100);
    if (roll < 20) { /* a company */
        *schema = EMB_SCHEMA_COMPANY;
        if (bench_rng_below(r, 2)) {
            const country_names *c = &countries[bench_rng_below(r, NELEM(countries))];
            pick(r, c->surnames, &s, &len);
        } else {
            s = company_words[bench_rng_below(r, NELEM(company_words))];
            len = strlen(s);
        }
        put(out, cap, &n, s, len, " ");
        s = company_acts[bench_rng_below(r, NELEM(company_acts))];
        put(out, cap, &n, s, strlen(s), " ");
        s = company_forms[bench_rng_below(r, NELEM(company_forms))];
        if (s[0])
            put(out, cap, &n, s, strlen(s), " ");
        return;
    }
    *schema = EMB_SCHEMA_PERSON;
    if (roll < 28) { /* a person written in their own script */
        const script_names *c = &scripts[bench_rng_below(r, NELEM(scripts))];
        const char *g, *f;
        size_t gl, fl;
        pick(r, c->given, &g, &gl);
        pick(r, c->surnames, &f, &fl);
        int cjk = (unsigned char)g[0] >= 0xE3; /* Han and Hangul: no space */
        if (c->family_first) {
            put(out, cap, &n, f, fl, "");
            put(out, cap, &n, g, gl, cjk ? "" : " ");
        } else {
            put(out, cap, &n, g, gl, "");
            put(out, cap, &n, f, fl, " ");
        }
        return;
    }
    const country_names *c = &countries[bench_rng_below(r, NELEM(countries))];
    const char *g, *g2 = NULL, *f, *f2 = NULL;
    size_t gl, g2l = 0, fl, f2l = 0;
    pick(r, c->given, &g, &gl);
    if (bench_rng_below(r, 4) == 0)
        pick(r, c->given, &g2, &g2l);
    pick(r, c->surnames, &f, &fl);
    if (c->two_surnames && bench_rng_below(r, 2))
        pick(r, c->surnames, &f2, &f2l);
    if (c->family_first && bench_rng_below(r, 2)) {
        put(out, cap, &n, f, fl, " ");
        put(out, cap, &n, g, gl, " ");
        return;
    }
    put(out, cap, &n, g, gl, " ");
    if (g2 && !(g2l == gl && memcmp(g, g2, gl) == 0))
        put(out, cap, &n, g2, g2l, " ");
    put(out, cap, &n, f, fl, " ");
    if (f2 && !(f2l == fl && memcmp(f, f2, fl) == 0))
        put(out, cap, &n, f2, f2l, " ");
}
