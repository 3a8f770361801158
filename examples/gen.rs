//! Writes a large, deterministic, valid dossier to stdout, for benchmarks and
//! for testing at scale.
//!
//! ```text
//! cargo run --release --example gen -- --actors N --relations M --claims K [--seed S] > big.ron
//! cargo run --release --example gen -- … --unrelated U > warnings.ron
//! cargo run --release --example gen -- … --split F --out DIR
//! ```
//!
//! The same arguments give the same bytes. The text is invented but reads
//! like a dossier: names in Latin (some accented), Arabic, CJK, Cyrillic and
//! Greek script, a few hub actors with many relations, claims of 8–40 words
//! with every optional field used on a good share of them. Every source is
//! cited and, when there are at least half as many relations as actors,
//! every actor is in a relation, so `linkchart check` reports nothing.
//!
//! `--unrelated U` adds U actors, scattered through the list, that no
//! relation names: `check` warns about each ("… has no relations"), as in a
//! dossier someone is still writing. `--split F` writes the same chart as a
//! folder of F files in `--out DIR`: `00-registry.ron` holds the reports,
//! sources and actors, and the relations are shared out, in order, over the
//! other F − 1 files (`01-relations.ron`, …), which hold nothing else.
//!
//! Names are unique as `check` compares them (case, accents and spaces
//! aside): a name drawn twice gets a number (`Сергей Соколов 2`), an alias
//! already taken is left out, so `check` finds no two ids with one name.
//!
//! Output is streamed through a `BufWriter`; the per-relation claim counts
//! (4 bytes a relation) and the names given (to keep them unique) are held
//! in memory. An inline SplitMix64 generator.

use std::fmt::Write as _;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use std::collections::{HashMap, HashSet};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

// ---------------------------------------------------------------- PRNG --

const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// SplitMix64: one independent stream per (seed, stream) pair.
struct Rng(u64);

impl Rng {
    fn new(seed: u64, stream: u64) -> Rng {
        Rng(mix64(seed ^ mix64(stream.wrapping_add(GOLDEN))))
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(GOLDEN);
        mix64(self.0)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: u64) -> u64 {
        ((self.next() as u128 * n as u128) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len() as u64) as usize]
    }

    /// An index into `weights`, chosen in proportion to them.
    fn weighted(&mut self, weights: &[u64]) -> usize {
        let mut r = self.below(weights.iter().sum());
        for (i, &w) in weights.iter().enumerate() {
            if r < w {
                return i;
            }
            r -= w;
        }
        weights.len() - 1
    }
}

// Stream tags: each part of the dossier draws from its own stream, so that
// an actor's name can be regenerated anywhere from its index alone.
const S_HEAD: u64 = 1;
const S_REPORT: u64 = 2 << 48;
const S_SOURCE: u64 = 3 << 48;
const S_ACTOR: u64 = 4 << 48;
const S_PLAN: u64 = 5;
const S_COUNTS: u64 = 6;
const S_CLAIMS: u64 = 7;

/// A multiplier coprime with `n`, so that `i ↦ (i * m + o) % n` permutes `0..n`.
fn coprime(n: u64, hint: u64) -> u64 {
    fn gcd(a: u64, b: u64) -> u64 {
        if b == 0 { a } else { gcd(b, a % b) }
    }
    if n <= 1 {
        return 0;
    }
    let mut m = hint % n;
    if m == 0 {
        m = 1;
    }
    while gcd(m, n) != 1 {
        m = m % (n - 1) + 1;
    }
    m
}

/// A skewed pick from `0..n`: low indices (before permutation) are far more
/// likely, `power` sets how much (2 = squared uniform, 3 = stronger hubs).
fn skewed(rng: &mut Rng, n: u64, power: i32) -> u64 {
    let u = rng.unit();
    let v = match power {
        2 => u * u,
        _ => u * u * u,
    };
    ((v * n as f64) as u64).min(n - 1)
}

// --------------------------------------------------------- vocabulary --

const SYL: &[&str] = &[
    "kar", "van", "o", "les", "ka", "mir", "dan", "tel", "ros", "bel", "a", "ri", "zan", "tor",
    "vel", "mon", "ga", "lin", "dra", "sen", "ko", "rin", "ta", "pel", "nor", "bra", "vis", "ul",
    "ma", "el", "fen", "quo", "sha", "dor", "ith", "ber", "cal", "den", "fa", "gor", "hal", "is",
    "jan", "lo", "mer", "nes", "or", "pra", "sel", "tu", "vor", "wen", "yar", "zel", "ske", "tri",
];
const ACCENTED: &[&str] = &[
    "lé", "mü", "sø", "ça", "ña", "rå", "gë", "tô", "vé", "lï", "ző", "kà", "dž", "ił",
];
const PLACE_END: &[&str] = &[
    "ia", "a", "istan", "ora", "ene", "ovia", "land", "mark", "", "is",
];

const ORG_SUFFIX: &[&str] = &[
    "Holdings",
    "Shipping",
    "Trading Company",
    "Logistics",
    "Bank",
    "Group",
    "Foundation",
    "Energy",
    "Insurance",
    "Maritime",
    "Consulting",
    "Resources",
    "Capital",
    "Ministry",
];
const DEPARTMENTS: &[&str] = &[
    "Foreign Affairs",
    "Defence",
    "the Interior",
    "Trade",
    "Finance",
    "Transport",
    "Energy",
    "Information",
];
const UNITS: &[&str] = &[
    "Armoured Brigade",
    "Naval Squadron",
    "Air Wing",
    "Special Forces Regiment",
    "Border Guard Battalion",
    "Coast Guard Flotilla",
    "Mechanised Division",
    "Signals Battalion",
];
const OTHER_ACTOR_KINDS: &[&str] = &[
    "port authority",
    "shipping registry",
    "university",
    "religious body",
    "media outlet",
    "court",
];

const AR_PLACES: &[&str] = &[
    "الأطلس",
    "الرافدين",
    "الساحل",
    "الواحة",
    "الجزيرة",
    "قرطاج",
    "المنار",
    "الزيتونة",
    "سبأ",
    "النخيل",
    "الهلال",
    "الصحراء",
];
const AR_WORDS: &[&str] = &[
    "الهلال",
    "النور",
    "الشرق",
    "الفجر",
    "السلام",
    "الأمل",
    "النصر",
    "الوطن",
    "الخليج",
    "الاتحاد",
    "الصاعقة",
    "البركة",
];
const AR_DEPTS: &[&str] = &[
    "الخارجية",
    "الدفاع",
    "الداخلية",
    "التجارة",
    "المالية",
    "النقل البحري",
    "الطاقة",
];
const AR_GIVEN: &[&str] = &[
    "محمد",
    "أحمد",
    "علي",
    "فاطمة",
    "يوسف",
    "ليلى",
    "خالد",
    "سارة",
    "عمر",
    "مريم",
    "حسن",
    "نور",
];
const AR_FAMILY: &[&str] = &[
    "الحسيني",
    "بن علي",
    "العمري",
    "الخطيب",
    "المصري",
    "التونسي",
    "الحداد",
    "القاسم",
    "الزين",
    "الشامي",
];
const AR_ORG_TAIL: &[&str] = &[
    "للتجارة",
    "للشحن",
    "للتأمين",
    "القابضة",
    "للنفط",
    "للاستثمار",
];

const ZH_PLACES: &[&str] = &[
    "東海", "南嶺", "金沙", "瑞江", "天海", "長寧", "北辰", "西陵",
];
const ZH_WORDS: &[&str] = &[
    "長榮", "華信", "金龍", "銀河", "東方", "新星", "太平", "瑞豐", "宏達", "遠洋", "天成", "恒通",
];
const ZH_ORG: &[&str] = &[
    "海運",
    "集團",
    "公司",
    "銀行",
    "控股",
    "貿易公司",
    "物流",
    "保險",
];
const ZH_FAMILY: &[&str] = &["王", "李", "張", "陳", "劉", "林", "黃", "吳", "趙", "周"];
const ZH_GIVEN: &[&str] = &[
    "偉", "芳", "明", "華", "建國", "麗", "強", "婷", "志遠", "雅婷", "家豪", "淑芬",
];
const JA_PEOPLE: &[&str] = &[
    "田中 健一",
    "佐藤 美咲",
    "鈴木 大輔",
    "高橋 由美",
    "山本 翔太",
    "中村 彩",
];
const JA_ORG: &[&str] = &["丸和商事", "三和海運", "東邦物産", "大和通商", "北浜船舶"];
const KO_FAMILY: &[&str] = &["김", "이", "박", "최", "정", "강"];
const KO_GIVEN: &[&str] = &["민준", "서연", "지훈", "수빈", "현우", "지영"];
const KO_ORG: &[&str] = &["한빛", "대성", "세광", "동양", "미래"];
const KO_ORG_TAIL: &[&str] = &["해운", "물산", "은행", "홀딩스"];

const RU_PLACES: &[&str] = &[
    "Северия",
    "Заречье",
    "Озерск",
    "Каменск",
    "Приморье",
    "Белогорье",
    "Тихоречье",
];
const RU_WORDS: &[&str] = &[
    "Северный путь",
    "Звезда",
    "Байкал",
    "Волга",
    "Гарант",
    "Альфа-Транс",
    "Урал",
    "Меридиан",
    "Восток",
    "Прибой",
    "Балтика",
];
const RU_DEPTS: &[&str] = &[
    "обороны",
    "иностранных дел",
    "торговли",
    "энергетики",
    "транспорта",
    "финансов",
];
const RU_MEN: &[(&str, &str)] = &[
    ("Иван", "Петров"),
    ("Дмитрий", "Козлов"),
    ("Сергей", "Соколов"),
    ("Алексей", "Белов"),
    ("Юрий", "Лебедев"),
    ("Олег", "Орлов"),
];
const RU_WOMEN: &[(&str, &str)] = &[
    ("Ольга", "Смирнова"),
    ("Анна", "Волкова"),
    ("Наталья", "Орлова"),
    ("Мария", "Белова"),
    ("Елена", "Морозова"),
    ("Ирина", "Зайцева"),
];

const EL_PLACES: &[&str] = &[
    "Αιγαίου",
    "Κρήτης",
    "Ιθάκης",
    "Ολυμπίας",
    "Θεσσαλίας",
    "Ρόδου",
];
const EL_WORDS: &[&str] = &[
    "Ερμής",
    "Ποσειδών",
    "Άστρο",
    "Αιγαίο",
    "Ολυμπία",
    "Δελφίνι",
    "Αθηνά",
];
const EL_DEPTS: &[&str] = &[
    "Εξωτερικών",
    "Άμυνας",
    "Ναυτιλίας",
    "Οικονομικών",
    "Ενέργειας",
];
const EL_GIVEN: &[&str] = &["Γιώργος", "Ελένη", "Νίκος", "Μαρία", "Δημήτρης", "Κατερίνα"];
const EL_FAMILY: &[&str] = &[
    "Παπαδόπουλος",
    "Κωνσταντίνου",
    "Ιωάννου",
    "Γεωργίου",
    "Νικολάου",
];

const CITIES: &[&str] = &[
    "Dubai",
    "Limassol",
    "Tunis",
    "Istanbul",
    "Valletta",
    "Baku",
    "Tbilisi",
    "Piraeus",
    "Port Said",
    "Djibouti",
    "Muscat",
    "Odesa",
    "Marseille",
    "Benghazi",
    "Algiers",
    "Amman",
    "Doha",
    "Rotterdam",
    "Singapore",
    "Hong Kong",
    "Colombo",
    "Mombasa",
    "Lagos",
    "Panama City",
    "Geneva",
    "Vienna",
    "Nicosia",
    "Beirut",
    "Aqaba",
    "Jeddah",
    "Tangier",
    "Gdańsk",
    "Constanța",
    "Izmir",
    "Batumi",
    "Almaty",
    "Tashkent",
    "Karachi",
    "Busan",
    "Kaohsiung",
    "Durban",
    "Dakar",
    "Montevideo",
    "São Paulo",
    "Zürich",
    "Malmö",
    "Reykjavík",
    "Kraków",
];
const SEAS: &[&str] = &[
    "Mediterranean",
    "Red Sea",
    "Black Sea",
    "Gulf of Aden",
    "Caspian",
    "Adriatic",
    "Arabian Sea",
    "South China Sea",
    "Baltic",
    "Gulf of Guinea",
];
const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const GOODS: &[&str] = &[
    "small arms",
    "anti-tank missiles",
    "drone components",
    "artillery shells",
    "night-vision equipment",
    "armoured vehicles",
    "radar parts",
    "ammunition",
    "encrypted radios",
    "surface-to-air missiles",
];
const COVER_CARGO: &[&str] = &[
    "agricultural machinery",
    "medical supplies",
    "spare parts",
    "humanitarian aid",
    "construction materials",
    "fertiliser",
    "used cars",
];
const TOPICS: &[&str] = &[
    "maritime traffic in the %s",
    "jihadist networks in %p",
    "arms smuggling routes",
    "port security in %p",
    "cyber intrusions",
    "migration flows across the %s",
    "the oil terminals near %p",
    "armed groups along the border",
];
const PUBLISHERS: &[&str] = &[
    "JaFaJ",
    "Meridian Watch",
    "Harbour Ledger",
    "Open Registry Project",
    "Mizan Research",
    "Северный вестник",
    "東方週刊",
    "Le Courrier du Large",
    "Ελεύθερη Ματιά",
    "Observatorio del Estrecho",
    "مرصد المتوسط",
    "Baltic Desk",
];

/// Relation labels and, for each, what a claim says happened (`%a` does
/// it to `%b`).
const LABELS: &[(&str, &[&str])] = &[
    (
        "intelligence cooperation",
        &[
            "%a shared intelligence on %t with %b",
            "%a exchanged liaison officers with %b",
            "%a passed intercepts about %t to %b",
            "%a and %b set up a joint intelligence cell in %p",
        ],
    ),
    (
        "funds",
        &[
            "%a transferred %u to %b",
            "%a financed the operations of %b",
            "%a channelled %u through a front company to %b",
        ],
    ),
    (
        "arms transfer",
        &[
            "%a shipped %g to %b",
            "%a delivered a consignment of %g to %b via %p",
            "%a arranged the sale of %g to %b",
        ],
    ),
    (
        "meets with",
        &[
            "%a met %b in %p",
            "senior figures from %a held talks with %b in %p",
            "envoys of %a and %b met quietly on the sidelines of a conference in %p",
        ],
    ),
    (
        "commands",
        &[
            "%a issued direct orders to %b",
            "%a directs the day-to-day operations of %b",
            "officers from %a took command of %b",
        ],
    ),
    (
        "owns",
        &[
            "%a holds a majority stake in %b",
            "%a owns %b through a shell company registered in %p",
            "%a acquired %b for %u",
        ],
    ),
    (
        "insures",
        &[
            "%a underwrites cargo shipped by %b",
            "%a provides hull insurance to vessels operated by %b",
            "%a renewed the war-risk cover of %b",
        ],
    ),
    (
        "mediates",
        &[
            "%a acted as a go-between for %b",
            "%a carried messages on behalf of %b to officials in %p",
            "%a brokered an understanding involving %b",
        ],
    ),
    (
        "trains",
        &[
            "%a trained fighters of %b at a camp near %p",
            "instructors from %a ran courses for %b",
        ],
    ),
    (
        "supplies fuel to",
        &[
            "%a supplied fuel to %b",
            "%a delivered diesel to %b through ship-to-ship transfers off %p",
        ],
    ),
    (
        "recruits for",
        &[
            "%a recruited fighters for %b",
            "%a ran a recruitment office in %p for %b",
        ],
    ),
    (
        "launders money for",
        &[
            "%a laundered %u for %b",
            "%a moved funds for %b through accounts in %p",
        ],
    ),
    (
        "employs",
        &["%a employs %b as a consultant", "%a put %b on its payroll"],
    ),
    (
        "advises",
        &["%a advised %b on %t", "%a seconded advisers to %b"],
    ),
    (
        "hosts",
        &[
            "%a hosted a delegation from %b in %p",
            "%a allowed %b to open an office in %p",
        ],
    ),
    (
        "protects",
        &[
            "%a provided armed protection to %b",
            "%a shielded %b from prosecution",
        ],
    ),
    (
        "opposes",
        &["%a publicly opposed %b", "%a lobbied against %b in %p"],
    ),
    (
        "negotiates with",
        &[
            "%a opened negotiations with %b",
            "%a held a fourth round of talks with %b in %p",
        ],
    ),
    (
        "smuggles goods for",
        &[
            "%a smuggled %g for %b",
            "%a moved goods for %b across the border near %p",
        ],
    ),
    (
        "charters vessels from",
        &[
            "%a chartered the %v from %b",
            "%a leased two tankers from %b",
        ],
    ),
    (
        "sanctions",
        &[
            "%a imposed sanctions on %b",
            "%a froze assets held by %b in %p",
        ],
    ),
    (
        "surveils",
        &[
            "%a placed %b under surveillance",
            "%a intercepted the communications of %b",
        ],
    ),
    (
        "is allied with",
        &[
            "%a signed a mutual assistance pact with %b",
            "%a and %b coordinated their positions ahead of talks in %p",
        ],
    ),
    (
        "pays",
        &["%a paid %u to %b", "%a made regular cash payments to %b"],
    ),
];

/// Labels for a relation from an actor to itself.
const SELF_LABELS: &[(&str, &[&str])] = &[
    (
        "internal purge",
        &[
            "%a dismissed several senior officers from its own ranks",
            "%a purged members suspected of contacts with foreign services",
        ],
    ),
    (
        "restructures",
        &[
            "%a restructured its command and moved its headquarters to %p",
            "%a merged two of its subsidiaries",
        ],
    ),
    (
        "internal rivalry",
        &[
            "rival factions inside %a competed for control of its finances",
            "two wings of %a clashed over the handling of %t",
        ],
    ),
    (
        "self-finances",
        &[
            "%a financed its operations from its own reserves",
            "%a sold assets in %p to fund its own activities",
        ],
    ),
];

const OPENERS: &[&str] = &[
    "According to the source,",
    "In %m %y,",
    "Officials familiar with the matter said",
    "Reporting indicates that",
    "A senior official stated that",
    "Documents reviewed by the source show that",
    "Local press reported that",
    "Intercepted communications suggest that",
    "By late %y,",
    "Since %y,",
    "Two independent sources said that",
    "It is assessed that",
];
const TAILS: &[&str] = &[
    "in %p",
    "through intermediaries in %p",
    "during %m %y",
    "on at least %n occasions",
    "between %y and %z",
    "despite public denials",
    "under the cover of %k deliveries",
    "with the knowledge of %c",
    "according to documents seen by the source",
    "aboard the %v",
];
const SENTENCES: &[&str] = &[
    "The arrangement was reportedly approved at the highest level.",
    "%c denied any involvement in a statement issued in %p.",
    "The figures could not be independently verified.",
    "Payments were routed through accounts in %p and %p.",
    "Shipping records show %n port calls by the %v at %p between %y and %z.",
    "Officials in %p declined to comment.",
    "A second source described the contacts as routine.",
    "The meetings took place in %p and were kept off official schedules.",
    "%c is said to have brokered the first contacts in %y.",
    "Similar transfers were reported in %y but never confirmed.",
    "The source added that %c was informed in advance.",
    "Local media in %p carried a brief report on the visit.",
    "Customs declarations list the cargo as %k.",
    "Neither side has acknowledged the relationship publicly.",
    "Analysts in %p see the move as leverage ahead of talks with %c.",
    "The cooperation reportedly intensified after %m %y.",
    "It is unclear whether %c knew of the deal.",
    "The ledger entries are dated %m %y and signed by an unnamed official.",
    "Satellite imagery from %m %y shows new construction at a site near %p.",
    "This account contradicts earlier statements by %c.",
];
/// The source's own words: in English (two thirds of quotes) …
const QUOTES_EN: &[&str] = &[
    "We were told the \"package\" would reach %p by sea.",
    "The money arrived, as always, in cash.",
    "Nobody signs anything; it is all done by phone.",
    "They call it \"logistics support\", but everyone knows what it is.",
    "The ship left %p at night with its transponder off.",
    "I saw the crates myself in %m %y.",
    "This was approved at the very top.",
    "Ask about the \"second account\" in %p and watch them go quiet.",
    "It is all in the folder \"Q3\\transfers\" on the shared drive.",
    "The captain said the cargo was %k and nobody checked.",
];
/// … or in another language, several in non-Latin scripts.
const QUOTES_OTHER: &[&str] = &[
    "سيتم توقيع الاتفاق في الوقت المناسب",
    "الشحنة وصلت إلى الميناء ليلاً",
    "Груз прибыл в порт без документов.",
    "Деньги переводили через «%p».",
    "合同已經簽署，但沒有公開。",
    "船は夜に出港した。",
    "계약은 비밀리에 체결되었다.",
    "Η συμφωνία υπογράφηκε μυστικά.",
    "Le navire a quitté le port sans déclarer sa cargaison.",
    "Die Zahlungen liefen über Konten in Zürich.",
    "Gemi gece limandan ayrıldı.",
    "ההסכם ייחתם בזמן המתאים.",
];

const ACTOR_NOTES: &[&str] = &[
    "Registered in %p in %y.",
    "Listed in the %p commercial register since %y.",
    "Appears in sanctions filings under a different spelling.",
    "Head office moved to %p in %y.",
    "Files kept at \\\\registry\\%y\\box-%n (path as given by the source).",
    "Described by one source as \"the real power\" behind %b.",
    "Not to be confused with a similarly named entity in %p.",
];
const SOURCE_NOTES: &[&str] = &[
    "Reporting history since %y.",
    "Access is indirect; reporting comes through an intermediary in %p.",
    "Archived at \\\\archive\\%y\\box-%n.",
    "Said to have \"direct access\" to the ministry.",
    "Provides documents rather than first-hand accounts.",
    "Has been wrong before, notably in %y.",
];
const REPORT_TITLES: &[&str] = &[
    "Shadow shipping in the %s",
    "How money moves between %p and %p",
    "%p: the quiet partnership",
    "Arms flows through %p, %y–%z",
    "Annual assessment: %t",
    "Who owns the %v?",
    "Sanctions evasion via %p",
    "The \"grey fleet\" of the %s",
];

const SOURCE_KINDS: &[&str] = &["Human", "Official", "Document", "Media", "Assessment"];
const OTHER_SOURCE_KINDS: &[(&str, &str)] = &[
    ("satellite imagery", "Commercial satellite imagery of %p"),
    ("signals intercept", "Intercepted radio traffic near %p"),
    ("social media", "Social media posts from %p"),
    ("AIS data", "AIS tracking data for the %v"),
];
const SOURCE_NAMES: &[&[&str]] = &[
    &[
        "Sources in %p",
        "A former official in %p",
        "A shipping agent in %p",
        "A businessman with contacts in %p",
    ],
    &[
        "Ministry statement issued in %p",
        "Press office of %c",
        "Parliamentary answer in %p",
    ],
    &[
        "Leaked ledger from %p",
        "Court filings in %p",
        "Customs records of %p",
        "Shipping manifests from %p",
    ],
    &[
        "%P reporting",
        "Local television in %p",
        "Wire report from %p",
    ],
    &["%P analysts' assessment", "Risk consultancy note on %p"],
];
const CONFIDENCE: &[&str] = &[
    "AlmostNoChance",
    "VeryUnlikely",
    "Unlikely",
    "RoughlyEvenChance",
    "Likely",
    "VeryLikely",
    "AlmostCertain",
];
const ACTOR_KINDS: &[&str] = &[
    "State",
    "Government",
    "Military",
    "Person",
    "Organization",
    "Group",
    "Public",
];

// ---------------------------------------------------------- generators --

/// Shared state while expanding a template.
struct Ctx<'a> {
    seed: u64,
    n_actors: u64,
    a: &'a str,
    b: &'a str,
    year: u64,
}

/// Expands `tpl`, replacing `%x` placeholders with generated text.
fn expand(rng: &mut Rng, ctx: &mut Ctx, tpl: &str, out: &mut String) {
    let mut chars = tpl.chars();
    while let Some(ch) = chars.next() {
        if ch != '%' {
            out.push(ch);
            continue;
        }
        match chars.next() {
            Some('a') => out.push_str(ctx.a),
            Some('b') => out.push_str(ctx.b),
            Some('c') => {
                let i = rng.below(ctx.n_actors);
                out.push_str(&actor(ctx.seed, i).name);
            }
            Some('p') => {
                if rng.chance(75) {
                    out.push_str(rng.pick(CITIES));
                } else {
                    latin_place(rng, out);
                }
            }
            Some('s') => out.push_str(rng.pick(SEAS)),
            Some('y') => {
                ctx.year = rng.range(1996, 2023);
                let _ = write!(out, "{}", ctx.year);
            }
            Some('z') => {
                let y = rng.range(ctx.year + 1, 2025);
                let _ = write!(out, "{y}");
            }
            Some('m') => out.push_str(rng.pick(MONTHS)),
            Some('n') => {
                let _ = write!(out, "{}", rng.range(2, 40));
            }
            Some('g') => out.push_str(rng.pick(GOODS)),
            Some('k') => out.push_str(rng.pick(COVER_CARGO)),
            Some('u') => {
                let whole = rng.range(1, 250);
                let tenth = rng.below(10);
                let _ = match rng.below(4) {
                    0 => write!(out, "USD {whole}.{tenth} million"),
                    1 => write!(out, "€{whole} million"),
                    2 => write!(out, "{whole} million dirhams"),
                    _ => write!(out, "about ${whole},{:03}", rng.below(1000)),
                };
            }
            Some('v') => {
                out.push_str(rng.pick(&["MV ", "Sea ", "Ocean ", "MT "]));
                latin_word(rng, out, 2, 3, false);
            }
            Some('t') => {
                let t = rng.pick(TOPICS);
                expand(rng, ctx, t, out);
            }
            Some('P') => out.push_str(rng.pick(PUBLISHERS)),
            Some('%') => out.push('%'),
            other => panic!("bad template placeholder {other:?} in {tpl:?}"),
        }
    }
}

fn latin_word(rng: &mut Rng, out: &mut String, lo: u64, hi: u64, accented: bool) {
    let start = out.len();
    let n = rng.range(lo, hi);
    let accent_at = if accented {
        rng.range(1, n - 1)
    } else {
        u64::MAX
    };
    for i in 0..n {
        if i == accent_at {
            out.push_str(rng.pick(ACCENTED));
        } else {
            out.push_str(rng.pick(SYL));
        }
    }
    // Syllables start with an ASCII letter, and the first is never accented.
    out[start..start + 1].make_ascii_uppercase();
}

fn latin_place(rng: &mut Rng, out: &mut String) {
    let acc = rng.chance(15);
    latin_word(rng, out, 2, 2, acc);
    out.push_str(rng.pick(PLACE_END));
}

fn ordinal(n: u64, out: &mut String) {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    let _ = write!(out, "{n}{suffix}");
}

#[derive(Clone, Copy, PartialEq)]
enum Script {
    Latin,
    Accented,
    Arabic,
    Cjk,
    Cyrillic,
    Greek,
}

const SCRIPTS: &[Script] = &[
    Script::Latin,
    Script::Accented,
    Script::Arabic,
    Script::Cjk,
    Script::Cyrillic,
    Script::Greek,
];

/// Kind 0..7 as in `ActorKind`; 7 is `Other(OTHER_ACTOR_KINDS[other])`.
fn actor_name(rng: &mut Rng, kind: usize, other: usize, script: Script, out: &mut String) {
    match script {
        Script::Latin | Script::Accented => {
            let acc = script == Script::Accented;
            match kind {
                0 => {
                    out.push_str(rng.pick(&["Republic of ", "Kingdom of ", "Federation of ", ""]));
                    latin_word(rng, out, 2, 3, acc);
                    out.push_str(rng.pick(PLACE_END));
                }
                1 => match rng.below(3) {
                    0 => {
                        out.push_str("Government of ");
                        latin_place(rng, out);
                    }
                    1 => {
                        out.push_str("Ministry of ");
                        out.push_str(rng.pick(DEPARTMENTS));
                        out.push_str(" of ");
                        latin_place(rng, out);
                    }
                    _ => {
                        latin_word(rng, out, 2, 2, acc);
                        out.push(' ');
                        latin_word(rng, out, 2, 3, false);
                        out.push_str(" Ministry");
                    }
                },
                2 => match rng.below(3) {
                    0 => {
                        ordinal(rng.range(1, 120), out);
                        out.push(' ');
                        out.push_str(rng.pick(UNITS));
                    }
                    1 => {
                        latin_place(rng, out);
                        out.push_str(rng.pick(&[" Navy", " Air Force", " Special Forces Command"]));
                    }
                    _ => {
                        ordinal(rng.range(1, 40), out);
                        out.push(' ');
                        out.push_str(rng.pick(UNITS));
                        out.push_str(" of ");
                        latin_place(rng, out);
                    }
                },
                3 => {
                    latin_word(rng, out, 2, 2, acc);
                    if rng.chance(15) {
                        out.push(' ');
                        out.push((b'A' + rng.below(26) as u8) as char);
                        out.push('.');
                    }
                    out.push(' ');
                    let acc = acc && rng.chance(50);
                    latin_word(rng, out, 2, 3, acc);
                }
                4 => {
                    latin_word(rng, out, 2, 2, acc);
                    if rng.chance(60) {
                        out.push(' ');
                        latin_word(rng, out, 2, 3, false);
                    }
                    out.push(' ');
                    out.push_str(rng.pick(ORG_SUFFIX));
                }
                5 => match rng.below(4) {
                    0 => {
                        latin_word(rng, out, 2, 3, acc);
                        out.push_str(" Liberation Front");
                    }
                    1 => {
                        out.push_str("Sons of ");
                        latin_place(rng, out);
                    }
                    2 => {
                        latin_word(rng, out, 2, 3, acc);
                        out.push_str(" Brotherhood");
                    }
                    _ => {
                        latin_place(rng, out);
                        out.push_str(" Popular Movement");
                    }
                },
                6 => {
                    out.push_str(rng.pick(&[
                        "Public opinion in ",
                        "Residents of ",
                        "Voters of ",
                        "Fishing communities of ",
                    ]));
                    latin_place(rng, out);
                }
                _ => {
                    let (pre, post) = [
                        ("", " Port Authority"),
                        ("", " Ship Registry"),
                        ("University of ", ""),
                        ("", " Council of Elders"),
                        ("", " Broadcasting"),
                        ("", " Commercial Court"),
                    ][other];
                    out.push_str(pre);
                    latin_place(rng, out);
                    out.push_str(post);
                }
            }
        }
        Script::Arabic => {
            let (pre, list): (&str, &[&str]) = match kind {
                0 => (rng.pick(&["جمهورية ", "مملكة ", "دولة "]), AR_PLACES),
                1 => {
                    if rng.chance(60) {
                        ("وزارة ", AR_DEPTS)
                    } else {
                        ("حكومة ", AR_PLACES)
                    }
                }
                2 => (rng.pick(&["لواء ", "جيش ", "كتيبة "]), AR_WORDS),
                3 => {
                    out.push_str(rng.pick(AR_GIVEN));
                    out.push(' ');
                    out.push_str(rng.pick(AR_FAMILY));
                    return;
                }
                4 => {
                    out.push_str(rng.pick(&["شركة ", "مؤسسة ", "بنك ", "مجموعة "]));
                    out.push_str(rng.pick(AR_WORDS));
                    out.push(' ');
                    out.push_str(rng.pick(AR_ORG_TAIL));
                    return;
                }
                5 => (rng.pick(&["جبهة ", "حركة ", "كتائب ", "مجلس "]), AR_WORDS),
                6 => (rng.pick(&["سكان ", "الرأي العام في "]), AR_PLACES),
                _ => (
                    [
                        "هيئة ميناء ",
                        "سجل السفن في ",
                        "جامعة ",
                        "مجلس علماء ",
                        "قناة ",
                        "محكمة ",
                    ][other],
                    AR_PLACES,
                ),
            };
            out.push_str(pre);
            out.push_str(rng.pick(list));
        }
        Script::Cjk => {
            let lang = rng.below(4); // 0,1 Chinese, 2 Japanese, 3 Korean
            match (kind, lang) {
                (3, 2) => out.push_str(rng.pick(JA_PEOPLE)),
                (3, 3) => {
                    out.push_str(rng.pick(KO_FAMILY));
                    out.push_str(rng.pick(KO_GIVEN));
                }
                (3, _) => {
                    out.push_str(rng.pick(ZH_FAMILY));
                    out.push_str(rng.pick(ZH_GIVEN));
                }
                (4, 2) => {
                    out.push_str(rng.pick(JA_ORG));
                    out.push_str("株式会社");
                }
                (4, 3) => {
                    out.push_str(rng.pick(KO_ORG));
                    out.push_str(rng.pick(KO_ORG_TAIL));
                }
                (4, _) => {
                    out.push_str(rng.pick(ZH_WORDS));
                    if rng.chance(30) {
                        out.push_str(rng.pick(ZH_WORDS));
                    }
                    out.push_str(rng.pick(ZH_ORG));
                }
                (1, 2) => out.push_str(rng.pick(&["外務省", "防衛省", "国土交通省"])),
                (1, 3) => out.push_str(rng.pick(&["국방부", "외교부", "해양수산부"])),
                _ => {
                    out.push_str(rng.pick(ZH_PLACES));
                    match kind {
                        0 => out.push_str(rng.pick(&["共和國", "王國", "聯邦"])),
                        1 => out.push_str(rng.pick(&["外交部", "國防部", "商務部", "交通部"])),
                        2 => {
                            if rng.chance(50) {
                                out.push_str(rng.pick(&["海軍", "空軍", "海岸警衛隊"]));
                            } else {
                                let _ = write!(out, "第{}艦隊", rng.range(1, 9));
                            }
                        }
                        5 => out.push_str(rng.pick(&["陣線", "聯盟", "同盟會", "革命軍"])),
                        6 => out.push_str(rng.pick(&["民眾", "市民", "漁民"])),
                        _ => out.push_str(
                            [
                                "港務局",
                                "船舶登記處",
                                "大學",
                                "宗教協會",
                                "電視台",
                                "地方法院",
                            ][other],
                        ),
                    }
                }
            }
        }
        Script::Cyrillic => match kind {
            0 => {
                out.push_str("Республика ");
                out.push_str(rng.pick(RU_PLACES));
            }
            1 => {
                out.push_str("Министерство ");
                out.push_str(rng.pick(RU_DEPTS));
            }
            2 => {
                if rng.chance(50) {
                    let _ = write!(out, "{}-я отдельная бригада", rng.range(1, 150));
                } else {
                    out.push_str("Флотилия «");
                    out.push_str(rng.pick(RU_WORDS));
                    out.push('»');
                }
            }
            3 => {
                let (g, f) = if rng.chance(50) {
                    rng.pick(RU_MEN)
                } else {
                    rng.pick(RU_WOMEN)
                };
                out.push_str(g);
                out.push(' ');
                out.push_str(f);
            }
            4 => {
                out.push_str(rng.pick(&["ООО «", "АО «", "Банк «", "Группа «"]));
                out.push_str(rng.pick(RU_WORDS));
                out.push('»');
            }
            5 => {
                out.push_str(rng.pick(&["Движение «", "Фронт «", "Союз «"]));
                out.push_str(rng.pick(RU_WORDS));
                out.push('»');
            }
            6 => {
                out.push_str("Жители региона ");
                out.push_str(rng.pick(RU_PLACES));
            }
            _ => {
                out.push_str(
                    [
                        "Портовое управление ",
                        "Регистр судоходства ",
                        "Университет ",
                        "Духовное собрание ",
                        "Телеканал ",
                        "Арбитражный суд ",
                    ][other],
                );
                out.push_str(rng.pick(RU_PLACES));
            }
        },
        Script::Greek => match kind {
            0 => {
                out.push_str("Δημοκρατία της ");
                out.push_str(rng.pick(EL_PLACES));
            }
            1 => {
                out.push_str("Υπουργείο ");
                out.push_str(rng.pick(EL_DEPTS));
            }
            2 => {
                out.push_str(rng.pick(&["Μοίρα ", "Ταξιαρχία ", "Στόλος "]));
                out.push_str(rng.pick(EL_WORDS));
            }
            3 => {
                out.push_str(rng.pick(EL_GIVEN));
                out.push(' ');
                out.push_str(rng.pick(EL_FAMILY));
            }
            4 => {
                out.push_str(rng.pick(EL_WORDS));
                out.push_str(rng.pick(&[
                    " Ναυτιλιακή Α.Ε.",
                    " Ασφαλιστική Α.Ε.",
                    " Εμπορική Α.Ε.",
                    " Τράπεζα",
                ]));
            }
            5 => {
                out.push_str(rng.pick(&["Μέτωπο ", "Κίνημα "]));
                out.push_str(rng.pick(EL_WORDS));
            }
            6 => {
                out.push_str("Κάτοικοι ");
                out.push_str(rng.pick(EL_PLACES));
            }
            _ => {
                out.push_str(
                    [
                        "Λιμενική Αρχή ",
                        "Νηολόγιο ",
                        "Πανεπιστήμιο ",
                        "Ιερά Σύνοδος ",
                        "Τηλεόραση ",
                        "Πρωτοδικείο ",
                    ][other],
                );
                out.push_str(rng.pick(EL_PLACES));
            }
        },
    }
}

struct ActorSpec {
    kind: usize,
    other: usize,
    name: String,
    aliases: Vec<String>,
    note: Option<String>,
}

/// Actor `i`, the same every time it is asked for.
fn actor(seed: u64, i: u64) -> ActorSpec {
    let mut rng = Rng::new(seed, S_ACTOR ^ i);
    // The first eight actors take every kind, the first twelve every script.
    let kind = if i < 8 {
        i as usize
    } else {
        rng.weighted(&[4, 12, 10, 30, 25, 8, 4, 7])
    };
    let other = rng.below(OTHER_ACTOR_KINDS.len() as u64) as usize;
    let script = if i < 12 {
        SCRIPTS[(i % 6) as usize]
    } else {
        SCRIPTS[rng.weighted(&[45, 8, 15, 12, 12, 8])]
    };
    let mut name = String::new();
    actor_name(&mut rng, kind, other, script, &mut name);

    let mut aliases: Vec<String> = Vec::new();
    for _ in 0..rng.weighted(&[55, 25, 13, 7]) {
        let mut al = String::new();
        match rng.below(4) {
            0 => {
                // Initials of a Latin name ("KOM"), else a Latin rendering.
                let initials: String = name
                    .split_whitespace()
                    .filter_map(|w| w.chars().next())
                    .filter(|c| c.is_ascii_uppercase())
                    .collect();
                if initials.len() >= 2 {
                    al = initials;
                } else {
                    actor_name(&mut rng, kind, other, Script::Latin, &mut al);
                }
            }
            1 => actor_name(&mut rng, kind, other, Script::Latin, &mut al),
            2 => {
                al.push_str("the ");
                latin_word(&mut rng, &mut al, 2, 2, false);
                al.push_str(rng.pick(&[" network", " group", " people", " line"]));
            }
            _ => {
                let _ = write!(
                    al,
                    "{} {:04X}",
                    rng.pick(&["Entity", "Unit", "Target"]),
                    rng.below(0x10000)
                );
            }
        }
        if al != name && !aliases.contains(&al) {
            aliases.push(al);
        }
    }

    let note = rng.chance(30).then(|| {
        // `%b` in a note is an invented company, not another actor: an actor
        // is generated without looking at the others.
        let tpl = rng.pick(ACTOR_NOTES);
        let mut company = String::new();
        if tpl.contains("%b") {
            actor_name(&mut rng, 4, 0, Script::Latin, &mut company);
        }
        let mut ctx = Ctx {
            seed,
            n_actors: 0,
            a: "",
            b: &company,
            year: 2000,
        };
        let mut s = String::new();
        expand(&mut rng, &mut ctx, tpl, &mut s);
        s
    });

    ActorSpec {
        kind,
        other,
        name,
        aliases,
        note,
    }
}

fn days_in_month(y: u64, m: u64) -> u64 {
    match m {
        2 if y.is_multiple_of(4) && (!y.is_multiple_of(100) || y.is_multiple_of(400)) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// An ISO 8601 date at year, month or day precision.
fn date(rng: &mut Rng, out: &mut String) {
    let y = rng.range(1995, 2025);
    let m = rng.range(1, 12);
    let _ = match rng.weighted(&[15, 35, 50]) {
        0 => write!(out, "{y}"),
        1 => write!(out, "{y}-{m:02}"),
        _ => write!(out, "{y}-{m:02}-{:02}", rng.range(1, days_in_month(y, m))),
    };
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Upper-cases the first character at `at` if it is an ASCII letter.
fn capitalise(s: &mut String, at: usize) {
    if at < s.len() && s.as_bytes()[at].is_ascii_lowercase() {
        s[at..at + 1].make_ascii_uppercase();
    }
}

/// The text of a claim: 8 to 40 words, in sentences.
fn claim_text(rng: &mut Rng, ctx: &mut Ctx, phrases: &[&str], out: &mut String, tmp: &mut String) {
    out.clear();
    let target = rng.range(8, 40) as usize;
    if rng.chance(45) {
        let t = rng.pick(OPENERS);
        expand(rng, ctx, t, out);
        out.push(' ');
    }
    let main_at = out.len();
    let t = rng.pick(phrases);
    expand(rng, ctx, t, out);
    if main_at == 0 {
        capitalise(out, 0);
    }
    let mut words = word_count(out);
    for _ in 0..rng.below(3) {
        tmp.clear();
        let t = rng.pick(TAILS);
        expand(rng, ctx, t, tmp);
        let w = word_count(tmp);
        if words + w <= 40 && (words < target || rng.chance(20)) {
            out.push(' ');
            out.push_str(tmp);
            words += w;
        }
    }
    out.push('.');
    let mut tries = 0;
    let mut used = 0u64; // sentences already in this claim
    while (words < target && tries < 6) || words < 8 {
        tries += 1;
        tmp.clear();
        let s = if tries > 6 {
            "Nothing further was reported."
        } else {
            let i = rng.below(SENTENCES.len() as u64);
            if used & (1 << i) != 0 {
                continue;
            }
            used |= 1 << i;
            SENTENCES[i as usize]
        };
        expand(rng, ctx, s, tmp);
        let w = word_count(tmp);
        if words + w <= 40 {
            out.push(' ');
            out.push_str(tmp);
            words += w;
        }
    }
}

// ------------------------------------------------------------- output --

/// Writes `s` as a RON string literal.
fn put_str(w: &mut impl Write, s: &str) -> io::Result<()> {
    w.write_all(b"\"")?;
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let esc: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            _ => continue,
        };
        w.write_all(&bytes[start..i])?;
        w.write_all(esc)?;
        start = i + 1;
    }
    w.write_all(&bytes[start..])?;
    w.write_all(b"\"")
}

/// `    key: "value",` on its own line.
fn field(w: &mut impl Write, indent: &str, key: &str, value: &str) -> io::Result<()> {
    write!(w, "{indent}{key}: ")?;
    put_str(w, value)?;
    w.write_all(b",\n")
}

/// The names given so far, as `check` compares them: case, accents and
/// spaces aside. `check` warns of two ids that share a name.
#[derive(Default)]
struct Names(HashSet<String>);

impl Names {
    fn key(s: &str) -> String {
        s.nfd()
            .filter(|&c| !is_combining_mark(c) && !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect()
    }

    /// Takes `name` if it is free (true), or not at all.
    fn take(&mut self, name: &str) -> bool {
        self.0.insert(Names::key(name))
    }

    /// `name`, or the first of `name 2`, `name 3`, … that is free.
    fn unique(&mut self, name: &str) -> String {
        if self.take(name) {
            return name.to_string();
        }
        (2..)
            .map(|k| format!("{name} {k}"))
            .find(|n| self.take(n))
            .unwrap_or_default()
    }
}

struct Ids {
    actor_width: usize,
    source_width: usize,
    report_width: usize,
}

fn width(n: u64, min: usize) -> usize {
    n.saturating_sub(1).to_string().len().max(min)
}

struct Args {
    actors: u64,
    relations: u64,
    claims: u64,
    seed: u64,
    unrelated: u64,
    /// Files of a folder (`--split`), with `--out`.
    split: Option<(u64, PathBuf)>,
}

/// Where the dossier goes: standard output, or the files of a folder, one
/// after the other.
struct Out {
    dir: Option<PathBuf>,
    cur: Box<dyn Write>,
}

impl Out {
    /// Ends the current file and starts `name` in the folder.
    fn start(&mut self, name: &str) -> io::Result<()> {
        self.cur.flush()?;
        let dir = self
            .dir
            .as_ref()
            .expect("files are only started in a folder");
        self.cur = Box::new(BufWriter::with_capacity(
            1 << 16,
            File::create(dir.join(name))?,
        ));
        Ok(())
    }
}

impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.cur.write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.cur.write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.cur.flush()
    }
}

/// Maps the `n` actors that relations use onto `0..n + u`, leaving `u`
/// indices, spread evenly, to the actors that no relation names.
#[derive(Clone, Copy)]
struct Spread {
    u: u64,
    stride: u64,
}

impl Spread {
    fn new(n: u64, u: u64) -> Spread {
        Spread {
            u,
            stride: (n + u).checked_div(u).unwrap_or(1),
        }
    }

    /// The index of related actor `r`.
    fn related(self, r: u64) -> u64 {
        let (u, s) = (self.u, self.stride);
        if u == 0 {
            r
        } else if s >= 2 && r / (s - 1) < u {
            r / (s - 1) * s + r % (s - 1)
        } else {
            u * s + (r - u * (s - 1))
        }
    }
}

const USAGE: &str = "\
Usage: gen --actors N --relations M --claims K [--seed S] [--unrelated U] > big.ron
       gen … --split F --out DIR

Writes a deterministic, valid linkchart dossier (RON) to stdout, or the same
chart as a folder of F files.

  --actors N      number of actors (at least 1)
  --relations M   number of relations
  --claims K      number of claims, spread over the relations (K >= M)
  --seed S        seed of the generator (default 1); same arguments, same bytes
  --unrelated U   U more actors that no relation names (U warnings from `check`)
  --split F       write F files (F >= 2): 00-registry.ron with the reports,
                  sources and actors, then the relations over F - 1 files
  --out DIR       the folder for --split: created if missing, must be empty
  --help          show this help";

fn parse_args() -> Result<Option<Args>, String> {
    let mut actors = None;
    let mut relations = None;
    let mut claims = None;
    let mut seed = 1;
    let mut unrelated = 0;
    let mut split = None;
    let mut out = None;
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        if arg == "--help" || arg == "-h" {
            return Ok(None);
        }
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) => (n.to_string(), Some(v.to_string())),
            None => (arg.clone(), None),
        };
        if !matches!(
            name.as_str(),
            "--actors"
                | "--relations"
                | "--claims"
                | "--seed"
                | "--unrelated"
                | "--split"
                | "--out"
        ) {
            return Err(format!("unknown argument `{arg}`"));
        }
        let value = match inline.or_else(|| it.next()) {
            Some(v) => v,
            None => return Err(format!("`{name}` needs a value")),
        };
        if name == "--out" {
            out = Some(PathBuf::from(value));
            continue;
        }
        let n: u64 = value
            .parse()
            .map_err(|_| format!("`{name}` expects a non-negative whole number, not `{value}`"))?;
        match name.as_str() {
            "--actors" => actors = Some(n),
            "--relations" => relations = Some(n),
            "--claims" => claims = Some(n),
            "--unrelated" => unrelated = n,
            "--split" => split = Some(n),
            _ => seed = n,
        }
    }
    let need = |v: Option<u64>, name: &str| v.ok_or(format!("missing `{name}`"));
    let args = Args {
        actors: need(actors, "--actors N")?,
        relations: need(relations, "--relations M")?,
        claims: need(claims, "--claims K")?,
        seed,
        unrelated,
        split: match (split, out) {
            (Some(f), Some(dir)) if f >= 2 => Some((f, dir)),
            (Some(_), Some(_)) => return Err("`--split` needs at least 2 files".into()),
            (Some(_), None) => return Err("`--split` needs `--out DIR`".into()),
            (None, Some(_)) => return Err("`--out` goes with `--split F`".into()),
            (None, None) => None,
        },
    };
    const MAX: u64 = u32::MAX as u64;
    if args.actors == 0 {
        return Err("`--actors` must be at least 1: a dossier needs an actor".into());
    }
    if args.actors > MAX || args.relations > MAX || args.claims > MAX || args.unrelated > MAX {
        return Err(format!("counts are limited to {MAX}"));
    }
    if args.claims < args.relations {
        return Err(format!(
            "--claims ({}) must be at least --relations ({}): every relation needs at least one claim",
            args.claims, args.relations
        ));
    }
    if args.relations == 0 && args.claims > 0 {
        return Err("claims need relations to belong to: give `--relations` at least 1".into());
    }
    Ok(Some(args))
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(Some(a)) => a,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!(
                "gen: {e}\n{}\n(see --help)",
                USAGE.lines().next().unwrap_or_default()
            );
            return ExitCode::from(2);
        }
    };
    let mut w = Out {
        dir: args.split.as_ref().map(|(_, d)| d.clone()),
        cur: Box::new(BufWriter::with_capacity(1 << 16, io::stdout().lock())),
    };
    if let Some(dir) = &w.dir {
        let empty = match fs::read_dir(dir) {
            Ok(mut entries) => entries.next().is_none(),
            Err(e) if e.kind() == io::ErrorKind::NotFound => true,
            Err(e) => {
                eprintln!("gen: cannot read {}: {e}", dir.display());
                return ExitCode::FAILURE;
            }
        };
        if !empty {
            eprintln!(
                "gen: {} is not empty; give --out a new or empty folder",
                dir.display()
            );
            return ExitCode::FAILURE;
        }
        if let Err(e) = fs::create_dir_all(dir) {
            eprintln!("gen: cannot create {}: {e}", dir.display());
            return ExitCode::FAILURE;
        }
    }
    match write_dossier(&mut w, &args).and_then(|()| w.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen: cannot write the dossier: {e}");
            ExitCode::FAILURE
        }
    }
}

fn write_dossier(w: &mut Out, args: &Args) -> io::Result<()> {
    let seed = args.seed;
    let n = args.actors;
    let u = args.unrelated;
    let spread = Spread::new(n, u);
    let parts = args.split.as_ref().map_or(1, |(f, _)| f - 1);
    let m = args.relations;
    let k = args.claims;
    let n_reports = (n / 50).max(1);
    // Enough sources that each is cited: a claim cites at most three.
    let n_sources = (n / 100).max(5).min((3 * k).max(1));
    let ids = Ids {
        actor_width: width(n + u, 6),
        source_width: width(n_sources, 4),
        report_width: width(n_reports, 4),
    };
    let mut buf = String::new();
    let mut tmp = String::new();

    // How relations pick actors and claims pick sources. Actors are covered
    // in a scattered order; the hubs are scattered too.
    let mut plan = Rng::new(seed, S_PLAN);
    let amul = coprime(n, 0x9E37_79B9_7F4A_7C15);
    let aoff = plan.below(n);
    let hmul = coprime(n, 0xD6E8_FEB8_6659_FD93);
    let hoff = plan.below(n);
    let cover_actor = |c: u64| (c * amul + aoff) % n;
    let hub = |r: &mut Rng| (skewed(r, n, 3) * hmul + hoff) % n;
    let smul = coprime(n_sources, 0xA076_1D64_78BD_642F);
    let soff = plan.below(n_sources);

    // Header.
    let mut command = format!(
        "cargo run --release --example gen -- --actors {n} --relations {m} --claims {k} --seed {seed}"
    );
    if u > 0 {
        let _ = write!(command, " --unrelated {u}");
    }
    if let Some((f, _)) = &args.split {
        let _ = write!(command, " --split {f}");
        w.start(&format!("{:0width$}-registry.ron", 0, width = width(*f, 2)))?;
    }
    writeln!(
        w,
        "// Synthetic dossier: `{command}`.\n\
         // Every name, event and source in it is invented.\nDossier("
    )?;
    let mut rng = Rng::new(seed, S_HEAD);
    let with_unrelated = if u > 0 {
        format!(" (and {u} in no relation)")
    } else {
        String::new()
    };
    field(
        w,
        "    ",
        "title",
        &format!(
            "Synthetic dossier: {n} actors{with_unrelated}, {m} relations, {k} claims (seed {seed})"
        ),
    )?;
    {
        let mut ctx = Ctx {
            seed,
            n_actors: n,
            a: "",
            b: "",
            year: 2000,
        };
        buf.clear();
        let _ = write!(
            buf,
            "A generated dossier for testing at scale: {n} actors in {m} relations, \
             backed by {k} claims from {n_sources} sources in {n_reports} report{}. ",
            if n_reports == 1 { "" } else { "s" }
        );
        let busiest = actor(seed, spread.related(hoff)).name;
        ctx.a = &busiest;
        expand(
            &mut rng,
            &mut ctx,
            "It follows shipping, money and arms between %p, %p and %p since %y; \
             %a is the busiest actor. Names are written in Latin, Arabic, Chinese, \
             Japanese, Korean, Cyrillic and Greek script.",
            &mut buf,
        );
        field(w, "    ", "summary", &buf)?;
    }

    // Reports.
    w.write_all(b"\n    reports: [\n")?;
    for r in 0..n_reports {
        let mut rng = Rng::new(seed, S_REPORT ^ r);
        let mut ctx = Ctx {
            seed,
            n_actors: n,
            a: "",
            b: "",
            year: 2000,
        };
        w.write_all(b"        Report(\n")?;
        writeln!(
            w,
            "            id: \"R{r:0width$}\",",
            width = ids.report_width
        )?;
        buf.clear();
        let t = rng.pick(REPORT_TITLES);
        expand(&mut rng, &mut ctx, t, &mut buf);
        field(w, "            ", "title", &buf)?;
        let publisher = rng.pick(PUBLISHERS);
        if rng.chance(85) {
            field(w, "            ", "publisher", publisher)?;
        }
        if rng.chance(90) {
            buf.clear();
            date(&mut rng, &mut buf);
            field(w, "            ", "date", &buf)?;
        }
        if rng.chance(75) {
            let slug: String = publisher
                .chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .map(|c| c.to_ascii_lowercase())
                .collect();
            let host = if slug.is_empty() { "press" } else { &slug };
            buf.clear();
            let _ = write!(
                buf,
                "https://{host}.example.org/reports/r{r:0width$}",
                width = ids.report_width
            );
            field(w, "            ", "url", &buf)?;
        }
        w.write_all(b"        ),\n")?;
    }
    w.write_all(b"    ],\n")?;

    // Sources.
    w.write_all(b"\n    sources: [\n")?;
    let mut source_names = Names::default();
    for s in 0..n_sources {
        let mut rng = Rng::new(seed, S_SOURCE ^ s);
        let mut ctx = Ctx {
            seed,
            n_actors: n,
            a: "",
            b: "",
            year: 2000,
        };
        let kind = if s < 6 {
            s as usize
        } else {
            rng.weighted(&[30, 15, 20, 20, 8, 7])
        };
        w.write_all(b"        Source(\n")?;
        writeln!(
            w,
            "            id: \"S{s:0width$}\",",
            width = ids.source_width
        )?;
        buf.clear();
        if kind < 5 {
            let t = rng.pick(SOURCE_NAMES[kind]);
            expand(&mut rng, &mut ctx, t, &mut buf);
            field(w, "            ", "name", &source_names.unique(&buf))?;
            writeln!(w, "            kind: {},", SOURCE_KINDS[kind])?;
        } else {
            let (other, tpl) = rng.pick(OTHER_SOURCE_KINDS);
            expand(&mut rng, &mut ctx, tpl, &mut buf);
            field(w, "            ", "name", &source_names.unique(&buf))?;
            w.write_all(b"            kind: Other(")?;
            put_str(w, other)?;
            w.write_all(b"),\n")?;
        }
        if rng.chance(80) {
            writeln!(
                w,
                "            reliability: {},",
                (b'A' + rng.below(6) as u8) as char
            )?;
        }
        if rng.chance(70) {
            writeln!(
                w,
                "            report: \"R{:0width$}\",",
                rng.below(n_reports),
                width = ids.report_width
            )?;
        }
        if rng.chance(40) {
            buf.clear();
            let t = rng.pick(SOURCE_NOTES);
            expand(&mut rng, &mut ctx, t, &mut buf);
            field(w, "            ", "note", &buf)?;
        }
        w.write_all(b"        ),\n")?;
    }
    w.write_all(b"    ],\n")?;

    // Actors. Those renamed to keep names unique, by index, for the
    // relations below.
    w.write_all(b"\n    actors: [\n")?;
    let mut actor_names = Names::default();
    let mut renamed: HashMap<u64, String> = HashMap::new();
    for i in 0..n + u {
        let mut a = actor(seed, i);
        let name = actor_names.unique(&a.name);
        if name != a.name {
            renamed.insert(i, name.clone());
            a.name = name;
        }
        a.aliases.retain(|al| actor_names.take(al));
        w.write_all(b"        Actor(\n")?;
        writeln!(
            w,
            "            id: \"A{i:0width$}\",",
            width = ids.actor_width
        )?;
        field(w, "            ", "name", &a.name)?;
        if a.kind < 7 {
            writeln!(w, "            kind: {},", ACTOR_KINDS[a.kind])?;
        } else {
            w.write_all(b"            kind: Other(")?;
            put_str(w, OTHER_ACTOR_KINDS[a.other])?;
            w.write_all(b"),\n")?;
        }
        if !a.aliases.is_empty() {
            w.write_all(b"            aliases: [")?;
            for (j, al) in a.aliases.iter().enumerate() {
                if j > 0 {
                    w.write_all(b", ")?;
                }
                put_str(w, al)?;
            }
            w.write_all(b"],\n")?;
        }
        if let Some(note) = &a.note {
            field(w, "            ", "note", note)?;
        }
        w.write_all(b"        ),\n")?;
    }
    w.write_all(b"    ],\n")?;

    // Claims per relation: one each, the rest skewed so some relations
    // carry many.
    let mut counts = vec![1u32; m as usize];
    if m > 0 {
        let mut rng = Rng::new(seed, S_COUNTS);
        let rmul = coprime(m, 0x2545_F491_4F6C_DD1D);
        let roff = rng.below(m);
        for _ in 0..(k - m) {
            let j = if rng.chance(50) {
                rng.below(m)
            } else {
                (skewed(&mut rng, m, 2) * rmul + roff) % m
            };
            counts[j as usize] += 1;
        }
    }

    // Relations: in this file, or over the files after the registry.
    if args.split.is_some() {
        w.write_all(b")\n")?;
    } else {
        w.write_all(b"\n    relations: [\n")?;
    }
    let mut rng = Rng::new(seed, S_CLAIMS);
    let mut covered = 0u64; // actors placed in a relation so far
    let mut cited = 0u64; // sources cited so far
    let mut g = 0u64; // claims written so far
    let mut prev: Option<(u64, u64, usize)> = None;
    for part in 0..parts {
        if let Some((f, _)) = &args.split {
            w.start(&format!(
                "{:0width$}-relations.ron",
                part + 1,
                width = width(*f, 2)
            ))?;
            writeln!(
                w,
                "// Part {} of {} of a synthetic chart: `{command}`.\nDossier(\n    relations: [",
                part + 1,
                f - 1
            )?;
        }
        for j in part * m / parts..(part + 1) * m / parts {
            // Cover actors evenly over the relations: after relation j, at least
            // ceil((j+1)·n/m) of them (two per relation at most).
            let target = (((j + 1) as u128 * n as u128).div_ceil(m as u128) as u64).min(n);
            let take = target.saturating_sub(covered).min(2);
            let (from, to) = match take {
                2 => (cover_actor(covered), cover_actor(covered + 1)),
                1 => {
                    let c = cover_actor(covered);
                    if plan.chance(1) {
                        (c, c)
                    } else if plan.chance(50) {
                        (c, hub(&mut plan))
                    } else {
                        (hub(&mut plan), c)
                    }
                }
                _ => match prev {
                    Some((f, t, _)) if plan.chance(5) => {
                        if plan.chance(50) {
                            (f, t)
                        } else {
                            (t, f)
                        }
                    }
                    _ if plan.chance(2) => {
                        let x = hub(&mut plan);
                        (x, x)
                    }
                    _ => {
                        let f = hub(&mut plan);
                        let t = if plan.chance(50) {
                            hub(&mut plan)
                        } else {
                            plan.below(n)
                        };
                        (f, t)
                    }
                },
            };
            covered += take;
            let labels = if from == to { SELF_LABELS } else { LABELS };
            let mut label = plan.below(labels.len() as u64) as usize;
            if let Some((pf, pt, pl)) = prev
                && label == pl
                && ((pf, pt) == (from, to) || (pf, pt) == (to, from))
            {
                label = (label + 1) % labels.len();
            }
            prev = Some((from, to, label));
            let (label_text, phrases) = labels[label];

            let (from, to) = (spread.related(from), spread.related(to));
            let name_of = |i: u64| {
                renamed
                    .get(&i)
                    .cloned()
                    .unwrap_or_else(|| actor(seed, i).name)
            };
            let a_name = name_of(from);
            let b_name = if from == to {
                String::new()
            } else {
                name_of(to)
            };

            w.write_all(b"        Relation(\n")?;
            writeln!(
                w,
                "            from: \"A{from:0width$}\",\n            to: \"A{to:0width$}\",",
                width = ids.actor_width
            )?;
            field(w, "            ", "label", label_text)?;
            w.write_all(b"            claims: [\n")?;
            let mut ctx = Ctx {
                seed,
                n_actors: n,
                a: &a_name,
                b: &b_name,
                year: 2000,
            };
            for _ in 0..counts[j as usize] {
                write_claim(
                    w,
                    &mut rng,
                    &mut ctx,
                    phrases,
                    &mut buf,
                    &mut tmp,
                    &ids,
                    g,
                    k,
                    n_sources,
                    &mut cited,
                    |r: &mut Rng| (skewed(r, n_sources, 2) * smul + soff) % n_sources,
                )?;
                g += 1;
            }
            w.write_all(b"            ],\n        ),\n")?;
        }
        if args.split.is_some() {
            w.write_all(b"    ],\n)\n")?;
        }
    }
    if args.split.is_none() {
        w.write_all(b"    ],\n)\n")?;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn write_claim(
    w: &mut impl Write,
    rng: &mut Rng,
    ctx: &mut Ctx,
    phrases: &[&str],
    buf: &mut String,
    tmp: &mut String,
    ids: &Ids,
    g: u64,
    k: u64,
    n_sources: u64,
    cited: &mut u64,
    pick_source: impl Fn(&mut Rng) -> u64,
) -> io::Result<()> {
    const I: &str = "                    ";
    w.write_all(b"                Claim(\n")?;
    claim_text(rng, ctx, phrases, buf, tmp);
    field(w, I, "text", buf)?;

    // Sources: cover every source evenly over the claims (three per claim at
    // most), then add skewed picks up to 1–3.
    let target = (((g + 1) as u128 * n_sources as u128).div_ceil(k as u128) as u64).min(n_sources);
    let take = target.saturating_sub(*cited).min(3);
    let mut chosen = [0u64; 3];
    let mut len = 0;
    for t in 0..take {
        chosen[len] = *cited + t;
        len += 1;
    }
    *cited += take;
    let want = (rng.weighted(&[60, 30, 10]) + 1).max(len);
    let mut tries = 0;
    while len < want && tries < 8 {
        let s = pick_source(rng);
        if !chosen[..len].contains(&s) {
            chosen[len] = s;
            len += 1;
        }
        tries += 1;
    }
    write!(w, "{I}sources: [")?;
    for (i, s) in chosen[..len].iter().enumerate() {
        if i > 0 {
            w.write_all(b", ")?;
        }
        write!(w, "\"S{s:0width$}\"", width = ids.source_width)?;
    }
    w.write_all(b"],\n")?;

    if rng.chance(70) {
        writeln!(w, "{I}credibility: {},", rng.range(1, 6))?;
    }
    if rng.chance(60) {
        writeln!(w, "{I}confidence: {},", rng.pick(CONFIDENCE))?;
    }
    if rng.chance(30) {
        buf.clear();
        {
            let t = if rng.chance(65) {
                rng.pick(QUOTES_EN)
            } else {
                rng.pick(QUOTES_OTHER)
            };
            expand(rng, ctx, t, buf);
        }
        field(w, I, "quote", buf)?;
    }
    if rng.chance(50) {
        buf.clear();
        let _ = match rng.below(7) {
            0 | 1 => write!(buf, "¶{}", rng.range(1, 40)),
            2 | 3 => write!(buf, "p. {}", rng.range(1, 120)),
            4 => {
                let p = rng.range(1, 200);
                write!(buf, "pp. {}–{}", p, p + rng.range(1, 6))
            }
            5 => write!(buf, "annex {}", (b'A' + rng.below(6) as u8) as char),
            _ => write!(buf, "§{}.{}", rng.range(1, 9), rng.range(1, 9)),
        };
        field(w, I, "cite", buf)?;
    }
    if rng.chance(50) {
        buf.clear();
        date(rng, buf);
        field(w, I, "date", buf)?;
    }
    w.write_all(b"                ),\n")
}
