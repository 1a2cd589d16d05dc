/*
 * Name similarity (see namesim.h).
 *
 * A name becomes a short list of tokens, each in both ICAO 9303 spellings
 * (MUELLER and MULLER), with a class, a weight and a phonetic key. Two
 * names are compared by aligning their tokens in any order: one token with
 * one token (equal, an ICAO spelling, a few typing errors, alike in sound,
 * an initial, a name the MRZ cut short), or two or three neighbouring
 * tokens with one (JAN DANIEL and JANDANIEL). The best pairs are taken
 * first; what is left over decides:
 *
 * Persons. Every part of both names weighs alike (which part is the
 * surname is not known). Parts left over on one side only are missing
 * middle names and cost a little each; parts left over on both sides
 * contradict (HANS OTTO is not HANS JOACHIM) and the names are not one. A
 * name of one word does not match a longer name by that word alone.
 * Titles (MR, DR, SHEIKH) are dropped, and a word a title may be glued
 * to (JOHNMR, DRSMITH) is read without it too; particles (VON, DE, AL,
 * BIN) are optional; the father's name after BIN or BEN must stay the
 * father's name; gendered forms (MARIA, MARIO; PETROV, PETROVA) are two
 * people.
 *
 * Organisations and vessels (without a prefix such as MV, MT, M/V). Legal
 * forms in any language and spelling (Aktiengesellschaft, A.G., SRL, OOO)
 * are recognised and ignored, as are articles and prepositions; common
 * words (BANK, TRADING, GROUP) weigh little and numbers (fund II, trust
 * 2007-1) less. A distinctive word left over on one side names another
 * organisation (a subsidiary, a branch), and a match needs a distinctive
 * word in common or the whole name equal: never legal forms or common
 * words alone.
 *
 * Everything a comparison needs is computed once in namesim_new; compare
 * allocates nothing and touches no global state.
 */
#include "namesim.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "norm/norm.h"
#include "sinic.h"

#define NS_TOKENS_MAX	16	/* tokens kept of one name */
#define NS_TOKEN_LEN	63	/* longer tokens are cut */
#define NS_JOIN_MAX	3	/* tokens joined into one compound */
#define NS_PHON_MAX	24	/* phonetic keys are cut there */
#define NS_UNITS_MAX	512	/* candidate pairs of one comparison */
#define NS_ALTS_MAX	16	/* words without a glued title, of one name */

/* Token weights: what a part of a name says about who it is. */
#define W_WORD		1.0	/* a person's name part, a rare word */
#define W_INITIAL	0.3
#define W_PARTICLE	0.2
#define W_COMMON	0.3	/* BANK, GROUP, TRADING */
#define W_NUMBER	0.1	/* II, 2007, 5 */

/* Similarities of one aligned pair. */
#define SIM_FLOOR	0.70	/* below this two tokens are not aligned */
#define SIM_SQUEEZED	0.95	/* HASSAN and HASAN */
#define SIM_FOLDED	0.02	/* less for a match only once folded */
#define SIM_INITIAL	0.75	/* J and JOHN */
#define SIM_PHONETIC	0.85	/* alike in sound, not in spelling */
#define SIM_TRUNCATED	0.90	/* a name the MRZ cut short */
#define SIM_ACRONYM	0.85	/* PLA and PEOPLES LIBERATION ARMY */
#define SIM_NICKNAME	0.85	/* TED and EDWARD */
#define SIM_ROMANISED	0.90	/* CHEUNG and ZHANG: one name, two systems */
#define SIM_SKELETON	0.85	/* MNG and MING: the vowels left out */
/* JOHNMR and JOHN: near-certain, yet the title's letters may be the name's. */
#define SIM_UNTITLED	0.95
#define SIM_EDIT_SCALE	0.5	/* 1 - SCALE * edits / length */
/* Two or more edits count only when the words still look alike. */
#define JW_GATE		0.80

/* What is left over. */
#define PEN_EXTRA_WORD	0.05	/* a middle name, a common word */
#define PEN_EXTRA_SMALL	0.02	/* a missing initial or number */
#define PEN_NUMBER_CLASH 0.08	/* numbers on both sides that differ */
#define NS_EXTRA_MAX	3	/* more missing parts: another person */
#define CAP_CONFLICT	0.60	/* parts on both sides that disagree */
#define CAP_PARTIAL	0.70	/* one word found inside a longer name */
#define CAP_COMMON_ONLY	0.50	/* only common words in common */

/*
 * A name cut at the end of an MRZ name field (30 characters in a TD1, 39
 * in a TD3, with "<<" between surname and given names) is at least this
 * long once normalised.
 */
#define MRZ_CUT_MIN	27

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

enum ns_class {
	NC_WORD,	/* a person's name part; an organisation's rare word */
	NC_INITIAL,	/* persons: one letter */
	NC_PARTICLE,	/* persons: VON, DE, AL, BIN: optional */
	NC_COMMON,	/* organisations: BANK, GROUP, TRADING */
	NC_NUMBER,	/* organisations: digits, roman numerals */
};

#define NF_CONNECTOR	0x01	/* BIN, BEN, IBN: the father follows */
#define NF_FATHER	0x02	/* the name after a connector */
#define NF_LAST		0x04	/* the last token as given */
#define NF_FOLDED	0x08	/* folding changed the spelling */
#define NF_TITLED	0x10	/* may carry a glued title: has ns_alt forms */
#define NF_NICK		0x20	/* a nickname or a given name that has one */
#define NF_ROMAN	0x40	/* in the table of other romanisations */
#define NF_NAMED	(NF_NICK | NF_ROMAN)	/* a name of the tables */
#define NF_PARTICLE_NAME 0x80	/* persons: a particle's word, here a name */

/* Why two tokens were aligned, for the explanation. */
#define HOW_EQUAL	0x001
#define HOW_SPELLING	0x002	/* 9303's other, doubled, folded */
#define HOW_TYPO	0x004
#define HOW_PHONETIC	0x008
#define HOW_INITIAL	0x010
#define HOW_JOINED	0x020
#define HOW_TRUNCATED	0x040
#define HOW_ACRONYM	0x080
#define HOW_ORDER	0x100
#define HOW_TITLE	0x200	/* equal once a glued title is off */
#define HOW_NICKNAME	0x400
#define HOW_ROMANISED	0x800
#define HOW_SKELETON	0x1000	/* written without its vowels */

struct ns_tok {
	uint16_t off[2];	/* primary and variant spelling in the pool */
	uint16_t fold;		/* the folded spelling in the pool */
	uint16_t phon[2];	/* their phonetic keys in the pool */
	uint8_t len[2];
	uint8_t flen;
	uint8_t plen[2];
	uint8_t pcons[2];	/* consonants in the phonetic key */
	uint8_t nsp;		/* spellings: 1 or 2 */
	uint8_t cls;
	uint8_t flags;
	uint32_t hash[2];
};

/* A person's word without the title glued to it (JOHNMR: JOHN). */
struct ns_alt {
	uint16_t off;		/* in the pool */
	uint8_t len;
	uint8_t tok;		/* the token it is a form of */
	uint8_t loose;		/* typing errors count (untitled_forms) */
};

struct namesim {
	enum match_kind kind;
	uint16_t ntok;
	uint16_t textlen;
	uint16_t nwords;	/* tokens of class NC_WORD */
	uint8_t fathers;	/* tokens flagged NF_FATHER */
	uint8_t nalt;		/* ns_alt forms after the tokens */
	uint8_t syllabic;	/* written in Han or Hangul (norm_name) */
	uint8_t sinic;		/* a person's words all Mandarin syllables */
	uint8_t abjad;		/* written in Arabic or Hebrew (norm_name) */
	uint16_t poollen;	/* bytes of the pool */
	/*
	 * then nalt ns_alt, then the pool (POOL): text, spellings, keys. No
	 * pointer: a name is its bytes wherever they lie, an index file
	 * mapped read only included (namesim_view).
	 */
	struct ns_tok tok[];
};

/* Where n's pool begins: after its tokens and forms. */
#define POOL(n)	((const char *)((n)->tok + (n)->ntok) + \
	(n)->nalt * sizeof(struct ns_alt))

/* ---- word lists (sorted where they are searched with bsearch) ---- */

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int
in_list(const char *w, const char *const *list, size_t n)
{
	return bsearch(&w, list, n, sizeof(*list), cmp_str) != NULL;
}

/*
 * Titles, honorifics and ranks: PNRs append MR, MRS, MSTR, CHD, INF; lists
 * carry DR, SHEIKH, HAJI, GENERAL. They say how a person is addressed, not
 * who it is. So do the placeholders of API data for a name not known (FNU
 * first name unknown, LNU, NFN, XXX).
 */
static const char *const titles[] = {
	"ADM", "ALHAJ", "ALHAJI", "ATTY", "BRIG", "CAPT", "CAPTAIN", "CHD",
	"COL", "COLONEL", "DAME", "DR", "DRS", "ESQ", "FNU", "FRAU", "GEN",
	"GENERAL", "HADJI", "HAJI", "HAJJI", "HERR", "HH", "HON", "HRH", "INF",
	"ING", "JNR", "JR", "LADY", "LNU", "LORD", "LT", "MAJ", "MAULANA",
	"MAULAVI", "MAULVI", "MAWLAWI", "MISS", "MLLE", "MME", "MR", "MRS",
	"MS", "MSTR", "MULLA", "MULLAH", "NFN", "NMN", "PRASIDENT",
	"PRESIDENT", "PRESIDENTE", "PRINCESS", "PROF", "QARI", "REV", "SGT",
	"SHAIKH", "SHAYKH", "SHEIK", "SHEIKH", "SIR", "SNR", "SR", "UNK",
	"UNKNOWN", "XXX",
};

/*
 * Titles that PNRs, passports' DOCS and careless keying run into a word:
 * at its end as AIRIMP writes them (SMITH/JOHNMR, LORELEIMRS, PETERMSTR,
 * ANNAMS, JOHNCHD), at its start where a space was lost (MRJONATHON,
 * DRSMITH). See untitled_forms for when a word is taken to carry one.
 */
static const char *const glued_suffixes[] = {
	"CHD", "DR", "INF", "MISS", "MR", "MRS", "MS", "MSTR", "PROF",
};
static const char *const glued_prefixes[] = {
	"DR", "MISS", "MR", "MRS", "MS", "MSTR", "PROF",
};

/*
 * Common nicknames and the given names they stand for, sorted: a short
 * table of well-known English, Russian and Spanish pet forms, not a
 * dictionary. A nickname of two names (TED: EDWARD, THEODORE) is listed
 * with each. BEN and AL are particles here (BEN GURION, AL ASSAD), so
 * BENJAMIN and ALBERT have none.
 */
struct alias {
	const char *alt, *name;
};

static const struct alias nicknames[] = {
	{"ABE", "ABRAHAM"}, {"ALEX", "ALEXANDER"}, {"ANDY", "ANDREW"},
	{"BETSY", "ELIZABETH"}, {"BETTY", "ELIZABETH"}, {"BILL", "WILLIAM"},
	{"BILLY", "WILLIAM"}, {"BOB", "ROBERT"}, {"BOBBY", "ROBERT"},
	{"CHARLIE", "CHARLES"}, {"CHRIS", "CHRISTOPHER"},
	{"CHUCK", "CHARLES"}, {"DAN", "DANIEL"}, {"DANNY", "DANIEL"},
	{"DAVE", "DAVID"}, {"DICK", "RICHARD"}, {"DIMA", "DMITRY"},
	{"ED", "EDWARD"}, {"EDDIE", "EDWARD"}, {"FRED", "FREDERICK"},
	{"GREG", "GREGORY"}, {"HANK", "HENRY"}, {"HARRY", "HENRY"},
	{"JACK", "JOHN"}, {"JAKE", "JACOB"}, {"JIM", "JAMES"},
	{"JIMMY", "JAMES"}, {"JOE", "JOSEPH"}, {"JOHNNY", "JOHN"},
	{"KATE", "KATHERINE"}, {"KATHY", "KATHERINE"}, {"LARRY", "LAWRENCE"},
	{"LIZ", "ELIZABETH"}, {"MAGGIE", "MARGARET"}, {"MATT", "MATTHEW"},
	{"MIKE", "MICHAEL"}, {"MISHA", "MIKHAIL"}, {"NICK", "NICHOLAS"},
	{"PACO", "FRANCISCO"}, {"PEGGY", "MARGARET"}, {"PEPE", "JOSE"},
	{"PETE", "PETER"}, {"RICK", "RICHARD"}, {"ROB", "ROBERT"},
	{"SAM", "SAMUEL"}, {"SASHA", "ALEXANDER"}, {"STEVE", "STEPHEN"},
	{"STEVE", "STEVEN"}, {"SUE", "SUSAN"}, {"TED", "EDWARD"},
	{"TED", "THEODORE"}, {"TEDDY", "THEODORE"}, {"TIM", "TIMOTHY"},
	{"TOM", "THOMAS"}, {"TONY", "ANTHONY"}, {"VOLODYA", "VLADIMIR"},
	{"WILL", "WILLIAM"},
};

/*
 * Other romanisations of common Chinese, Korean and Japanese names, sorted:
 * the same name as Wade-Giles, Cantonese (Hong Kong), Hokkien and Teochew
 * (Singapore, Malaysia, Taiwan) write it against Hanyu Pinyin (ZHANG:
 * CHANG, CHEUNG, TEO); McCune-Reischauer and the spellings Korean
 * passports use against the Revised Romanisation (CHOE: CHOI, BAK: PARK);
 * Hepburn's long vowels written out against the plain vowel (OTA: OHTA,
 * OOTA). One spelling may stand for several names (WONG: WANG, HUANG);
 * two names are not alike through it (WANG is not HUANG). From the
 * romanisation tables of the three languages' commonest surnames and a
 * few given names, not a dictionary.
 */
static const struct alias romanised[] = {
	{"AHN", "AN"}, {"ANDOH", "ANDO"}, {"ANDOU", "ANDO"}, {"BAHK", "BAK"},
	{"CHAN", "CHEN"}, {"CHANG", "JANG"}, {"CHANG", "ZHANG"},
	{"CHAO", "ZHAO"}, {"CHAU", "ZHOU"}, {"CHENG", "ZHENG"},
	{"CHEON", "JEON"}, {"CHEONG", "JEONG"}, {"CHEONG", "ZHANG"},
	{"CHEUNG", "ZHANG"}, {"CHIA", "XIE"}, {"CHIANG", "JIANG"},
	{"CHIEN", "QIAN"}, {"CHIN", "CHEN"}, {"CHIN", "JIN"},
	{"CHIN", "QIN"}, {"CHIU", "QIU"}, {"CHIU", "ZHAO"}, {"CHO", "CAO"},
	{"CHO", "JO"}, {"CHOI", "CAI"}, {"CHOI", "CHOE"}, {"CHONG", "ZHONG"},
	{"CHOO", "JU"}, {"CHOO", "ZHU"}, {"CHOU", "ZHOU"}, {"CHOW", "ZHOU"},
	{"CHOY", "CHOE"}, {"CHU", "ZHU"}, {"CHUA", "CAI"},
	{"CHUANG", "ZHUANG"}, {"CHUN", "JEON"}, {"CHUN", "QIN"},
	{"CHUNG", "JEONG"}, {"CHUNG", "ZHONG"}, {"ENDOH", "ENDO"},
	{"ENDOU", "ENDO"}, {"FONG", "FANG"}, {"FUNG", "FENG"}, {"GOH", "WU"},
	{"GOTOH", "GOTO"}, {"GOTOU", "GOTO"}, {"HAHN", "HAN"}, {"HO", "HE"},
	{"HON", "HAN"}, {"HSI", "XI"}, {"HSIAO", "XIAO"}, {"HSIEH", "XIE"},
	{"HSIUNG", "XIONG"}, {"HSU", "XU"}, {"HUI", "XU"}, {"HUNG", "HONG"},
	{"HWANG", "HUANG"}, {"IP", "YE"}, {"ITOH", "ITO"}, {"ITOU", "ITO"},
	{"JOO", "JU"}, {"JUN", "JEON"}, {"JUNG", "JEONG"}, {"KAM", "JIN"},
	{"KANG", "GANG"}, {"KAO", "GAO"}, {"KATOH", "KATO"},
	{"KATOU", "KATO"}, {"KEUNG", "JIANG"}, {"KHOO", "QIU"},
	{"KIM", "GIM"}, {"KO", "GO"}, {"KOH", "GAO"}, {"KOH", "GO"},
	{"KOH", "XU"}, {"KOHICHI", "KOICHI"}, {"KOHJI", "KOJI"},
	{"KONDOH", "KONDO"}, {"KONDOU", "KONDO"}, {"KOUHEI", "KOHEI"},
	{"KOUICHI", "KOICHI"}, {"KOUJI", "KOJI"}, {"KUDOH", "KUDO"},
	{"KUDOU", "KUDO"}, {"KUO", "GUO"}, {"KWEK", "GUO"}, {"KWOK", "GUO"},
	{"KWON", "GWON"}, {"KYOUKO", "KYOKO"}, {"LAM", "LIN"},
	{"LAO", "LIU"}, {"LAU", "LIU"}, {"LAW", "LUO"}, {"LEE", "LI"},
	{"LEE", "YI"}, {"LEI", "LI"}, {"LEONG", "LIANG"}, {"LEUNG", "LIANG"},
	{"LIM", "IM"}, {"LIM", "LIN"}, {"LO", "LUO"}, {"LOH", "LUO"},
	{"LOO", "LU"}, {"LOW", "LIU"}, {"LUK", "LU"}, {"MAH", "MA"},
	{"MAK", "MAI"}, {"MOK", "MO"}, {"MOON", "MUN"}, {"NAITOH", "NAITO"},
	{"NAITOU", "NAITO"}, {"NG", "HUANG"}, {"NG", "WU"}, {"NOH", "NO"},
	{"OHKUBO", "OKUBO"}, {"OHNO", "ONO"}, {"OHSHIMA", "OSHIMA"},
	{"OHTA", "OTA"}, {"OHTSUKA", "OTSUKA"}, {"ONG", "WANG"},
	{"OOKUBO", "OKUBO"}, {"OONO", "ONO"}, {"OOSHIMA", "OSHIMA"},
	{"OOTA", "OTA"}, {"OOTSUKA", "OTSUKA"}, {"PAE", "BAE"},
	{"PAEK", "BAEK"}, {"PAIK", "BAEK"}, {"PAK", "BAK"}, {"PANG", "PENG"},
	{"PARK", "BAK"}, {"PHANG", "PENG"}, {"PHUA", "PAN"}, {"POON", "PAN"},
	{"RHEE", "YI"}, {"RI", "YI"}, {"ROH", "NO"}, {"RYOH", "RYO"},
	{"RYOU", "RYO"}, {"SAITOH", "SAITO"}, {"SAITOU", "SAITO"},
	{"SATOH", "SATO"}, {"SATOU", "SATO"}, {"SEAH", "XIE"},
	{"SHIH", "SHI"}, {"SHIN", "SIN"}, {"SHOHJI", "SHOJI"},
	{"SHOHTA", "SHOTA"}, {"SHOUJI", "SHOJI"}, {"SHOUTA", "SHOTA"},
	{"SHUM", "SHEN"}, {"SHUUICHI", "SHUICHI"}, {"SIM", "SHEN"},
	{"SIU", "XIAO"}, {"SO", "SU"}, {"SOO", "SU"}, {"SOON", "SUN"},
	{"SOONG", "SONG"}, {"SUEN", "SUN"}, {"SUH", "SEO"}, {"SUNG", "SONG"},
	{"SZE", "SHI"}, {"TAI", "DAI"}, {"TAN", "CHEN"}, {"TAY", "ZHENG"},
	{"TEH", "ZHENG"}, {"TENG", "DENG"}, {"TEO", "ZHANG"},
	{"TIEN", "TIAN"}, {"TNG", "TANG"}, {"TOHRU", "TORU"},
	{"TONG", "TANG"}, {"TOORU", "TORU"}, {"TSAI", "CAI"},
	{"TSANG", "ZENG"}, {"TSAO", "CAO"}, {"TSE", "XIE"},
	{"TSENG", "ZENG"}, {"TSO", "CAO"}, {"TSUI", "XU"}, {"TUNG", "DONG"},
	{"WAI", "WEI"}, {"WEE", "HUANG"}, {"WONG", "HUANG"},
	{"WONG", "WANG"}, {"WOO", "HU"}, {"WOO", "WU"}, {"YAU", "QIU"},
	{"YEH", "YE"}, {"YEO", "YANG"}, {"YEOH", "YANG"}, {"YEUNG", "YANG"},
	{"YIM", "IM"}, {"YIP", "YE"}, {"YOHKO", "YOKO"}, {"YOO", "YU"},
	{"YOON", "YUN"}, {"YOUKO", "YOKO"}, {"YOUSUKE", "YOSUKE"},
	{"YUEN", "YUAN"}, {"YUUJI", "YUJI"}, {"YUUKI", "YUKI"},
	{"YUUKO", "YUKO"}, {"YUUSUKE", "YUSUKE"}, {"YUUTA", "YUTA"},
};

/*
 * Particles of surnames and Arabic names: present or not, written apart or
 * joined, they do not tell people apart. Connectors (BIN, BEN, IBN, BINT,
 * OULD) say that the father's name follows.
 */
static const char *const particles[] = {
	"AD", "AL", "AR", "AS", "ASH", "AZ", "BEN", "BIN", "BINT", "BINTI",
	"DA", "DAS", "DE", "DEL", "DELA", "DELLA", "DEN", "DER", "DES", "DI",
	"DO", "DOS", "DU", "EL", "IBN", "LA", "LE", "OULD", "TEN", "TER", "UL",
	"VAN", "VOM", "VON", "ZU", "ZUM", "ZUR",
};
static const char *const connectors[] = {
	"BEN", "BIN", "BINT", "BINTI", "IBN", "OULD",
};
/* The Arabic article, as it is written before the sun letters too. */
static const char *const articles[] = {
	"AD", "AL", "AR", "AS", "ASH", "AZ", "EL", "UL",
};

/* Articles and prepositions in organisation names. */
static const char *const stopwords[] = {
	"AL", "AND", "DE", "DEL", "DELLA", "DER", "DES", "DI", "DIE", "DU",
	"EL", "ET", "FOR", "LA", "LAS", "LE", "LES", "LOS", "OF", "THE", "UND",
	"Y",
};

/*
 * Common words of organisation names: they say what an organisation does
 * or where, not which one it is. A static list, not frequencies from any
 * data set: economic sectors, kinds of body, regions, in English and the
 * languages of the legal forms below.
 */
static const char *const common_words[] = {
	"ACADEMY", "AFRICA", "AGENCY", "AGRICULTURAL", "AGRICULTURE", "AIR",
	"AIRLINES", "ALIMENTOS", "AMERICA", "AMERICAN", "ANLAGENBAU",
	"APPAREL", "ASIA", "ASSET", "ASSETS", "ASSOCIATES", "ASSOCIATION",
	"AUTHORITY", "AUTOMATION", "AUTOMOTIVE", "AVIATION", "BANCA", "BANCO",
	"BANK", "BANKING", "BANQUE", "BROTHERS", "BUREAU", "BUSINESS",
	"CAPITAL", "CARGO", "CENTER", "CENTRAL", "CENTRE", "CERAMICS",
	"CHEMICAL", "CHEMICALS", "CITY", "COMERCIAL", "COMERCIO", "COMMERCE",
	"COMMERCIAL", "COMMITTEE", "COMMUNICATIONS", "COMPAGNIE", "COMPANIA",
	"COMPONENTS", "CONSTRUCCIONES", "CONSTRUCTION", "CONSULTING",
	"CONTRACTING", "CONTRACTORS", "COUNCIL", "DEPARTMENT", "DEVELOPMENT",
	"DISTRIBUCIONES", "DISTRIBUIDORA", "DISTRIBUTION", "EAST", "EASTERN",
	"ELECTRIC", "ELECTRICAL", "ELECTRONIC", "ELECTRONICS", "ELEKTRONIK",
	"ENERGY", "ENGINEERING", "ENTERPRISE", "ENTERPRISES", "EQUIPEMENTS",
	"EQUIPMENT", "EUROPE", "EUROPEAN", "EXCHANGE", "EXPORT",
	"EXPORTACIONES", "EXPORTS", "EXPRESS", "FASHION", "FINANCE",
	"FINANCIAL", "FOOD", "FOODS", "FOUNDATION", "FREIGHT", "FUND",
	"FURNITURE", "GARMENT", "GARMENTS", "GAS", "GENERAL", "GIDA", "GLOBAL",
	"GOVERNMENT", "GROUP", "GROUPE", "GRUPO", "GRUPPE", "HANDEL",
	"HANDELS", "HARDWARE", "HEALTHCARE", "HOLDING", "HOLDINGS", "IMPEX",
	"IMPORT", "IMPORTACIONES", "IMPORTADORA", "IMPORTS", "INDUSTRIA",
	"INDUSTRIAL", "INDUSTRIAS", "INDUSTRIE", "INDUSTRIES", "INDUSTRY",
	"INSAAT", "INSTITUTE", "INSTITUTION", "INSTRUMENTS", "INSURANCE",
	"INTERNATIONAL", "INVERSIONES", "INVEST", "INVESTMENT", "INVESTMENTS",
	"LABORATORIES", "LEASING", "LIGHTING", "LINES", "LOGISTIC",
	"LOGISTICA", "LOGISTICS", "LOGISTIEK", "LOGISTIK", "LOGISTIQUE",
	"LOJISTIK", "MACHINERY", "MACHINES", "MAKINA", "MANAGEMENT",
	"MANUFACTURING", "MARINE", "MARITIME", "MARKETING", "MASCHINENBAU",
	"MATERIALS", "MEDIA", "MEDICAL", "METALS", "MIDDLE", "MINING",
	"MINISTRY", "MOTOR", "MOTORS", "NATIONAL", "NEGOCE", "NORTH",
	"NORTHERN", "OFFICE", "OIL", "ORGANISATION", "ORGANIZATION", "PACIFIC",
	"PACKAGING", "PARTNERS", "PETROLEUM", "PHARMA", "PHARMACEUTICAL",
	"PHARMACEUTICALS", "PLASTICS", "PRODUCTS", "PROJECT", "PROJECTS",
	"PROPERTIES", "PROPERTY", "RESEARCH", "RESOURCES", "SANAYI",
	"SECURITIES", "SECURITY", "SERVICE", "SERVICES", "SERVICIOS",
	"SHIPPING", "SOCIETY", "SOLUTIONS", "SOUTH", "SOUTHERN", "SPEDITION",
	"STATE", "STEEL", "SUPPLIES", "SUPPLY", "SYSTEMS", "TECHNIEK",
	"TECHNIK", "TECHNOLOGIES", "TECHNOLOGY", "TEKNIK", "TEKSTIL",
	"TELECOM", "TEXTIL", "TEXTILE", "TEXTILES", "TICARET", "TRADE",
	"TRADERS", "TRADING", "TRANSPORT", "TRANSPORTES", "TRANSPORTS",
	"TRAVEL", "TRUST", "UNITED", "UNIVERSITY", "VENTURES", "WEST",
	"WESTERN", "WHOLESALE", "WORLD",
};

/*
 * What a ship's name is written after and is not part of: motor vessel,
 * motor tanker, motor ship (M/S), steamship, motor and sailing yacht,
 * fishing and research vessel. M/V and M.V. arrive as M V and are joined.
 */
static const char *const vessel_prefixes[] = {
	"FV", "MS", "MT", "MV", "MY", "RV", "SS", "SY",
};

/*
 * Numbers as words and ordinals, so that 3, THREE, THIRD and 3RD are one
 * token; TWENTY ONE is 21. The value is the place in the list plus one.
 */
static const char *const number_words[] = {
	"ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT",
	"NINE", "TEN", "ELEVEN", "TWELVE", "THIRTEEN", "FOURTEEN", "FIFTEEN",
	"SIXTEEN", "SEVENTEEN", "EIGHTEEN", "NINETEEN",
};
static const char *const ordinal_words[] = {
	"FIRST", "SECOND", "THIRD", "FOURTH", "FIFTH", "SIXTH", "SEVENTH",
	"EIGHTH", "NINTH", "TENTH", "ELEVENTH", "TWELFTH",
};
/* TWENTY .. NINETY: (place + 2) * 10. */
static const char *const tens_words[] = {
	"TWENTY", "THIRTY", "FORTY", "FIFTY", "SIXTY", "SEVENTY", "EIGHTY",
	"NINETY",
};

/*
 * Abbreviations of common words of organisation names, and the word each
 * stands for, so that ASSN and ASSOCIATION are one word. Sorted. Only
 * abbreviations with one reading: ASSOC (associates or association) and
 * ST (saint or street) are left as they are.
 */
static const struct abbrev {
	const char *abbr, *word;
} abbrevs[] = {
	{"AMER", "AMERICAN"}, {"ASSN", "ASSOCIATION"}, {"BROS", "BROTHERS"},
	{"CHEM", "CHEMICAL"}, {"CTR", "CENTER"}, {"DEPT", "DEPARTMENT"},
	{"DEVT", "DEVELOPMENT"}, {"ENGG", "ENGINEERING"},
	{"GOVT", "GOVERNMENT"}, {"GRP", "GROUP"}, {"HLDGS", "HOLDINGS"},
	{"INDS", "INDUSTRIES"}, {"INTL", "INTERNATIONAL"},
	{"LABS", "LABORATORIES"}, {"MFG", "MANUFACTURING"},
	{"MGMT", "MANAGEMENT"}, {"NATL", "NATIONAL"}, {"SVCS", "SERVICES"},
	{"TRDG", "TRADING"}, {"UNIV", "UNIVERSITY"},
};

/*
 * Legal forms, as normalised tokens, and the short form each stands for.
 * Dotted abbreviations arrive as letters (S A R L) and are joined first.
 * Long words are recognised with one typing error (AKTIENGESELSCHAFT).
 */
struct legal_form {
	const char *words;
	const char *code;
};
static const struct legal_form legal_forms[] = {
	{"AB", "AB"}, {"AD", "AD"}, {"AG", "AG"}, {"AKTIENGESELLSCHAFT", "AG"},
	{"AKTIEBOLAG", "AB"}, {"AKTIESELSKAB", "AS"}, {"BERHAD", "BHD"},
	{"AKTSIONERNOE OBSHCHESTVO", "AO"}, {"AO", "AO"}, {"APS", "APS"},
	{"AS", "AS"}, {"ASA", "ASA"}, {"BESLOTEN VENNOOTSCHAP", "BV"},
	{"BHD", "BHD"}, {"BSC", "BSC"}, {"BV", "BV"}, {"BVBA", "BVBA"},
	{"CJSC", "CJSC"}, {"CLOSED JOINT STOCK COMPANY", "CJSC"},
	{"CO", "CO"}, {"COMPANY", "CO"}, {"CORP", "CORP"},
	{"CORPORATION", "CORP"}, {"CV", "CV"}, {"DAC", "DAC"}, {"DD", "DD"},
	{"DOO", "DOO"},
	{"EG", "EG"}, {"EHF", "EHF"}, {"EOOD", "EOOD"}, {"EIRL", "EIRL"}, {"EURL", "EURL"},
	{"EV", "EV"}, {"FZCO", "FZCO"}, {"FZE", "FZE"}, {"FZC", "FZC"},
	{"GES M B H", "GMBH"},
	{"GESELLSCHAFT MIT BESCHRANKTER HAFTUNG", "GMBH"},
	{"GESELLSCHAFT MIT BESCHRAENKTER HAFTUNG", "GMBH"},
	{"GIE", "GIE"}, {"GMBH", "GMBH"}, {"HF", "HF"}, {"INC", "INC"},
	{"INCORPORATED", "INC"}, {"JOINT STOCK COMPANY", "JSC"},
	{"JSC", "JSC"}, {"KABUSHIKI KAISHA", "KK"}, {"KFT", "KFT"},
	{"KG", "KG"}, {"KGAA", "KGAA"}, {"KK", "KK"},
	{"KOMMANDITGESELLSCHAFT", "KG"}, {"KSC", "KSC"}, {"KSCC", "KSCC"},
	{"KSCP", "KSCP"}, {"LDA", "LDA"}, {"LIMITADA", "LTDA"},
	{"LIMITED", "LTD"},
	{"LIMITED LIABILITY COMPANY", "LLC"},
	{"LIMITED LIABILITY PARTNERSHIP", "LLP"},
	{"LIMITED PARTNERSHIP", "LP"}, {"LLC", "LLC"}, {"LLP", "LLP"},
	{"LP", "LP"}, {"LTD", "LTD"}, {"LTD STI", "LTDSTI"}, {"LTDA", "LTDA"},
	{"LTEE", "LTEE"},
	{"NAAMLOZE VENNOOTSCHAP", "NV"}, {"NV", "NV"}, {"NYRT", "NYRT"},
	{"OAO", "OAO"},
	{"OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTIU", "OOO"},
	{"OBSHCHESTVO S OGRANICHENNOY OTVETSTVENNOSTYU", "OOO"},
	{"OHG", "OHG"}, {"OJSC", "OJSC"}, {"OOD", "OOD"}, {"OOO", "OOO"},
	{"OPEN JOINT STOCK COMPANY", "OAO"},
	{"OTKRYTOE AKTSIONERNOE OBSHCHESTVO", "OAO"}, {"OU", "OU"},
	{"OY", "OY"}, {"OYJ", "OYJ"}, {"PAO", "PAO"}, {"PJSC", "PJSC"},
	{"PLC", "PLC"}, {"PRIVATE LIMITED", "LTD"}, {"PT", "PT"},
	{"PTE", "PTE"}, {"PTY", "PTY"}, {"PVT", "PVT"}, {"PVT LTD", "LTD"}, {"PUBLIC JOINT STOCK COMPANY", "PAO"},
	{"PUBLIC LIMITED COMPANY", "PLC"},
	{"PUBLICHNOE AKTSIONERNOE OBSHCHESTVO", "PAO"}, {"QPSC", "QPSC"},
	{"QSC", "QSC"}, {"SA", "SA"}, {"SAC", "SAC"},
	{"SA DE CV", "SA"}, {"SAE", "SAE"}, {"SAL", "SAL"}, {"SARL", "SARL"},
	{"SAOC", "SAOC"}, {"SAOG", "SAOG"}, {"SAS", "SAS"}, {"SASU", "SASU"},
	{"SCA", "SCA"}, {"SCS", "SCS"},
	{"SDN BHD", "SDNBHD"}, {"SE", "SE"}, {"SL", "SL"}, {"SNC", "SNC"},
	{"SOCIEDAD ANONIMA", "SA"}, {"SOCIEDAD DE RESPONSABILIDAD LIMITADA",
	    "SRL"}, {"SOCIEDAD LIMITADA", "SL"}, {"SOCIEDADE ANONIMA", "SA"},
	{"SOCIETA A RESPONSABILITA LIMITATA", "SRL"},
	{"SOCIETA PER AZIONI", "SPA"},
	{"SOCIETATEA CU RASPUNDERE LIMITATA", "SRL"},
	{"SOCIETE A RESPONSABILITE LIMITEE", "SARL"},
	{"SOCIETE ANONYME", "SA"}, {"SOCIETE PAR ACTIONS SIMPLIFIEE", "SAS"},
	{"SP ZOO", "SPZOO"}, {"SPA", "SPA"}, {"SPRL", "SPRL"},
	{"SPOLKA Z OGRANICZONA ODPOWIEDZIALNOSCIA", "SPZOO"}, {"SRL", "SRL"},
	{"SRO", "SRO"}, {"STI", "STI"}, {"TBK", "TBK"}, {"TOO", "TOO"},
	{"TOV", "TOV"}, {"UAB", "UAB"},
	{"UG", "UG"}, {"VOF", "VOF"}, {"WLL", "WLL"},
	{"ZAKRYTOE AKTSIONERNOE OBSHCHESTVO", "ZAO"}, {"ZAO", "ZAO"},
	{"ZRT", "ZRT"},
};

/* ---- small string tools ---- */

static uint32_t
hash_str(const char *s, size_t n)
{
	uint32_t h = 2166136261u;	/* FNV-1a */

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static size_t
min_sz(size_t a, size_t b)
{
	return a < b ? a : b;
}

static size_t
max_sz(size_t a, size_t b)
{
	return a > b ? a : b;
}

static int
vowel(char c)
{
	return c == 'A' || c == 'E' || c == 'I' || c == 'O' || c == 'U';
}

/*
 * Equal once doubled letters count once (HANNIBALL, HANNIBAL; KIM JONG
 * UUN): transliterations double and undouble letters freely.
 */
static int
squeezed_equal(const char *a, size_t la, const char *b, size_t lb)
{
	size_t i = 0, j = 0;

	while (i < la && j < lb) {
		if (a[i] != b[j])
			return 0;
		while (i + 1 < la && a[i + 1] == a[i])
			i++;
		while (j + 1 < lb && b[j + 1] == b[j])
			j++;
		i++;
		j++;
	}
	return i == la && j == lb;
}

/*
 * How many letters one word has that the other has not, the larger of the
 * two counts: each needs an edit of its own (a transposition adds none),
 * so no alignment of the two costs less. Letters are told apart by their
 * low five bits, which can only make the count smaller: a bound still.
 */
static size_t
letters_apart(const char *a, size_t la, const char *b, size_t lb)
{
	uint32_t ma = 0, mb = 0;
	size_t x, y;

	for (size_t i = 0; i < la; i++)
		ma |= UINT32_C(1) << ((unsigned char)a[i] & 31);
	for (size_t j = 0; j < lb; j++)
		mb |= UINT32_C(1) << ((unsigned char)b[j] & 31);
	x = (size_t)__builtin_popcount(ma & ~mb);
	y = (size_t)__builtin_popcount(mb & ~ma);
	return x > y ? x : y;
}

/*
 * Optimal string alignment distance (Levenshtein with transpositions of
 * neighbours), or k + 1 as soon as it must exceed k. Strings of at most
 * NS_TOKEN_LEN + NS_TOKEN_LEN characters (joined tokens). Of the words a
 * screen compares, 99 in 100 are further apart than k; their lengths or
 * letters tell it for about half of them before the table is begun.
 */
#define OSA_MAX		(2 * NS_TOKEN_LEN + 2)
static size_t
osa(const char *a, size_t la, const char *b, size_t lb, size_t k)
{
	size_t r0[OSA_MAX], r1[OSA_MAX], r2[OSA_MAX];
	size_t *pp = r0, *p = r1, *c = r2, *t;

	if (la > lb ? la - lb > k : lb - la > k)
		return k + 1;
	if (letters_apart(a, la, b, lb) > k)
		return k + 1;
	if (la >= OSA_MAX || lb >= OSA_MAX)
		return la == lb && memcmp(a, b, la) == 0 ? 0 : k + 1;
	for (size_t j = 0; j <= lb; j++)
		p[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t rowmin;

		c[0] = rowmin = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t cost = a[i - 1] != b[j - 1];
			size_t v = p[j - 1] + cost;

			if (p[j] + 1 < v)
				v = p[j] + 1;
			if (c[j - 1] + 1 < v)
				v = c[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && pp[j - 2] + 1 < v)
				v = pp[j - 2] + 1;
			c[j] = v;
			if (v < rowmin)
				rowmin = v;
		}
		if (rowmin > k)
			return k + 1;
		t = pp;
		pp = p;
		p = c;
		c = t;
	}
	return p[lb] <= k ? p[lb] : k + 1;
}

/*
 * Jaro-Winkler similarity: the share of letters in common near the same
 * place, less the transposed ones, raised by a common beginning.
 */
static double
jaro_winkler(const char *a, size_t la, const char *b, size_t lb)
{
	unsigned char ma[OSA_MAX], mb[OSA_MAX];
	size_t win, m = 0, t = 0, k = 0, pre = 0;
	double j;

	if (la == 0 || lb == 0 || la >= OSA_MAX || lb >= OSA_MAX)
		return 0.0;
	win = max_sz(la, lb) / 2;
	win = win > 0 ? win - 1 : 0;
	memset(ma, 0, la);
	memset(mb, 0, lb);
	for (size_t i = 0; i < la; i++) {
		size_t lo = i > win ? i - win : 0, hi = min_sz(i + win + 1, lb);

		for (size_t q = lo; q < hi; q++) {
			if (!mb[q] && a[i] == b[q]) {
				ma[i] = mb[q] = 1;
				m++;
				break;
			}
		}
	}
	if (m == 0)
		return 0.0;
	for (size_t i = 0; i < la; i++) {
		if (!ma[i])
			continue;
		while (!mb[k])
			k++;
		if (a[i] != b[k])
			t++;
		k++;
	}
	j = ((double)m / (double)la + (double)m / (double)lb +
	    ((double)m - (double)t / 2.0) / (double)m) / 3.0;
	while (pre < 4 && pre < la && pre < lb && a[pre] == b[pre])
		pre++;
	return j + (double)pre * 0.1 * (1.0 - j);
}

/*
 * How many typing errors two words of these lengths may differ by and
 * still be one name. Short words must be equal: one letter changes JAN
 * into JON. Organisation names are words of a language, where a letter
 * more often makes another word (HALLOWAY, HATHAWAY), so they get less.
 */
static size_t
edits_allowed(size_t shorter, int person)
{
	if (shorter <= 3)
		return 0;
	if (person)
		return shorter <= 5 ? 1 : shorter <= 11 ? 2 : 3;
	return shorter <= 8 ? 1 : 2;
}

/* ---- phonetic key ---- */

/*
 * A phonetic key for names as they are transliterated: letters that the
 * romanisations of one sound disagree on fall together (C K Q G; S Z X at
 * the start; V W F PH; D T; SH SCH CH TCH CZ; J ZH DJ; KH H), an H inside
 * a word and doubled letters vanish. The first run of vowels keeps its
 * class, A, I (E I Y) or U (O U), and later runs only their place (V),
 * since transliterations of Arabic disagree most on those. So
 * TSCHAIKOWSKI and CHAIKOVSKY, QADDAFI and GADDAFI, YUSUF and YOUSSEF,
 * JOHN and JUAN share a key; OLGA and OLEG, HASSAN and HUSSEIN do not.
 */
static int
phon_vowel(char k)
{
	return k == 'A' || k == 'I' || k == 'U' || k == 'V';
}

static size_t
phonetic(const char *s, size_t n, char *out, size_t outsz, uint8_t *cons)
{
	size_t i = 0, o = 0;
	unsigned nc = 0;
	int vowels = 0;		/* runs of vowels so far */

	if (n >= 2 && ((s[0] == 'K' && s[1] == 'N') || (s[0] == 'G' &&
	    s[1] == 'N') || (s[0] == 'P' && s[1] == 'S') || (s[0] == 'W' &&
	    s[1] == 'R') || (s[0] == 'H' && s[1] == 'S') || (s[0] == 'T' &&
	    s[1] == 'S')))
		i = 1;
	while (i < n && o + 1 < outsz) {
		char c = s[i], d = i + 1 < n ? s[i + 1] : '\0';
		char e = i + 2 < n ? s[i + 2] : '\0';
		char k;
		size_t step = 1;

		switch (c) {
		case 'A':
			k = 'A';
			break;
		case 'E': case 'I': case 'Y':
			k = 'I';
			break;
		case 'O': case 'U':
			k = 'U';
			break;
		case 'C':
			if (d == 'H' || d == 'Z') {
				k = 'X';
				step = 2;
			} else if (d == 'E' || d == 'I' || d == 'Y')
				k = 'S';
			else
				k = 'K';
			break;
		case 'D':
			if (d == 'J') {
				k = 'J';
				step = 2;
			} else if (d == 'Z' && e == 'H') {
				k = 'J';
				step = 3;
			} else
				k = 'T';
			break;
		case 'G':
		case 'K':
		case 'Q':
			if (d == 'H') {
				k = c == 'K' ? 'H' : 'K';
				step = 2;
			} else
				k = 'K';
			break;
		case 'H':
			k = i == 0 ? 'H' : '\0';
			break;
		case 'P':
			if (d == 'H') {
				k = 'F';
				step = 2;
			} else
				k = 'P';
			break;
		case 'S':
			if (d == 'H') {
				k = 'X';
				step = 2;
			} else if (d == 'C' && e == 'H') {
				k = 'X';
				step = 3;
			} else
				k = 'S';
			break;
		case 'T':
			if (d == 'H') {
				k = 'T';
				step = 2;
			} else if (d == 'C' && e == 'H') {
				k = 'X';
				step = 3;
			} else if (d == 'S' && e == 'C' && i + 3 < n &&
			    s[i + 3] == 'H') {
				k = 'X';
				step = 4;
			} else if (d == 'S' || d == 'Z') {
				k = 'S';
				step = 2;
			} else
				k = 'T';
			break;
		case 'V': case 'W': case 'F':
			k = 'F';
			break;
		case 'X':
			k = i == 0 ? 'S' : 'X';
			break;
		case 'Z':
			if (d == 'H') {
				k = 'J';
				step = 2;
			} else
				k = 'S';
			break;
		case 'B': case 'J': case 'L': case 'M': case 'N': case 'R':
			k = c;
			break;
		default:
			k = '\0';	/* digits */
		}
		i += step;
		if (k == '\0' || (o > 0 && (out[o - 1] == k ||
		    (phon_vowel(k) && phon_vowel(out[o - 1])))))
			continue;
		if (phon_vowel(k) && vowels++ > 0)
			k = 'V';
		out[o++] = k;
		if (!phon_vowel(k))
			nc++;
	}
	out[o] = '\0';
	*cons = (uint8_t)(nc > 255 ? 255 : nc);
	return o;
}

/*
 * A spelling with what romanisations of one name disagree on folded
 * together, for a second comparison: Y and a J inside a word as I (SERGEY,
 * SERGEJ, SERGEI), W as V, PH as F, KH as H, KS as X, CK and Q as K, OU
 * and OO as U, EE as I, ZH, DJ and DZH as J, TCH and TSCH as CH, SCH as
 * SH (YOUSSEF, YUSSUF). Unlike the phonetic key it keeps every vowel and
 * doubled letter, so edits still count as many.
 */
static size_t
fold(const char *s, size_t n, char *out, size_t outsz)
{
	size_t i = 0, o = 0;

	while (i < n && o + 1 < outsz) {
		char c = s[i], d = i + 1 < n ? s[i + 1] : '\0';
		char e = i + 2 < n ? s[i + 2] : '\0';
		const char *r = NULL;
		size_t step = 1;

		if ((c == 'P' && d == 'H') || (c == 'K' && d == 'H') ||
		    (c == 'C' && d == 'K')) {
			r = c == 'P' ? "F" : c == 'K' ? "H" : "K";
			step = 2;
		} else if (c == 'K' && d == 'S') {
			r = "X";
			step = 2;
		} else if ((c == 'O' && (d == 'U' || d == 'O')) ||
		    (c == 'E' && d == 'E')) {
			r = c == 'E' ? "I" : "U";
			step = 2;
		} else if ((c == 'Z' && d == 'H') || (c == 'D' && d == 'J')) {
			r = "J";
			step = 2;
		} else if (c == 'D' && d == 'Z' && e == 'H') {
			r = "J";
			step = 3;
		} else if (c == 'T' && d == 'S' && e == 'C' && i + 3 < n &&
		    s[i + 3] == 'H') {
			r = "CH";
			step = 4;
		} else if ((c == 'T' || c == 'S') && d == 'C' && e == 'H') {
			r = c == 'T' ? "CH" : "SH";
			step = 3;
		} else if (c == 'Y' || (c == 'J' && i > 0))
			r = "I";
		else if (c == 'W')
			r = "V";
		else if (c == 'Q')
			r = "K";
		i += step;
		if (r == NULL)
			out[o++] = c;
		for (; r != NULL && *r != '\0' && o + 1 < outsz; r++)
			out[o++] = *r;
	}
	out[o] = '\0';
	return o;
}

/* ---- preparing a name ---- */

/* A token while the name is prepared: both spellings in scratch buffers. */
struct raw_tok {
	char s[2][NS_TOKEN_LEN + 1];
	uint8_t cls, flags;
	uint8_t part_end;	/* the last of a list's surname (mark_surname) */
};

struct raw_alt {
	char s[NS_TOKEN_LEN + 1];
	size_t tok;
	int loose;
};

struct prep {
	struct raw_tok t[NS_TOKENS_MAX];
	size_t n;
	struct raw_alt alt[NS_ALTS_MAX];
	size_t nalt;
	int person, vessel;
};

static void
set_tok(struct raw_tok *t, const char *p, const char *v)
{
	strlcpy(t->s[0], p, sizeof(t->s[0]));
	strlcpy(t->s[1], v, sizeof(t->s[1]));
	t->cls = NC_WORD;
	t->flags = 0;
}

static void
drop_tok(struct prep *p, size_t i)
{
	memmove(&p->t[i], &p->t[i + 1], (p->n - i - 1) * sizeof(p->t[0]));
	p->n--;
}

/*
 * People write no digits in names; in a person's name they are slips of
 * the keyboard or of the scanner, or disguise (I9OR SECH1N), and read as
 * the letters they look like. A token of digits only is dropped.
 */
static void
person_digits(struct prep *p)
{
	static const char look[] = "OIZEASGTBG";

	for (size_t i = 0; i < p->n; i++) {
		int letters = 0;

		for (char *c = p->t[i].s[0]; *c != '\0'; c++)
			letters |= *c >= 'A' && *c <= 'Z';
		if (!letters && p->n > 1) {
			drop_tok(p, i--);
			continue;
		}
		for (int sp = 0; sp < 2; sp++)
			for (char *c = p->t[i].s[sp]; *c != '\0'; c++)
				if (*c >= '0' && *c <= '9')
					*c = look[*c - '0'];
	}
}

/* Whether n letters at s can be a name: letters, one of them a vowel. */
static int
name_letters(const char *s, size_t n)
{
	int v = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] < 'A' || s[i] > 'Z')
			return 0;
		v |= vowel(s[i]) || s[i] == 'Y';
	}
	return v;
}

/*
 * Whether w, three letters and MS, may be a name of three with MS glued on
 * (LEAMS, AMYMS, EVAMS): not after an M, where MS is a name's own end
 * (TIMMS, SIMMS), nor in ADAMS, the one common name of that shape that ends
 * in a vowel.
 */
static int
short_before_ms(const char *w)
{
	return (vowel(w[2]) || w[2] == 'Y') && strcmp(w, "ADAMS") != 0;
}

/*
 * The forms of word w without a title glued to it, each for fn with
 * whether it may be compared loosely. A glued title cannot be told from a
 * name's own letters (ADAMS is ADA and MS to a machine), so the word stays
 * what it is and a form is only a second reading of it, which the
 * comparison takes where the word itself found nothing alike and the form
 * finds the other name's word (untitled_sim).
 *
 * What is left must still be a name: three letters or more with a vowel,
 * four where the title's letters are an ordinary end or start of names:
 * MS at the end after three letters that end in a consonant (TIMMS: TIM)
 * or are ADA (ADAMS), and a title at the start before a vowel (DRAKE,
 * MRAZ, MISSONI: AKE, AZ, ONI). So ANNAMS is ANNA, LEAMS LEA, ALIMR ALI,
 * DRSMITH SMITH, ADAMS never ADA. A form is found by the other name's
 * very word, except after a title whose letters end no name (MR, MRS,
 * MSTR, MISS, CHD, INF, PROF at the end): that one is loose, and found by
 * typing errors too (JONHMR, JOHN). Typing errors would turn ALEXANDR
 * into ALEXA through ALEXAN, and WILLIAMS into WILLY.
 */
typedef int (*form_fn)(void *arg, const char *form, int loose);

static int
untitled_forms(const char *w, form_fn fn, void *arg)
{
	size_t len = strlen(w);

	for (size_t i = 0; i < NITEMS(glued_suffixes); i++) {
		const char *t = glued_suffixes[i];
		size_t tl = strlen(t), rl = len - tl;
		int ms = strcmp(t, "MS") == 0, dr = strcmp(t, "DR") == 0;
		char rest[NS_TOKEN_LEN + 1];

		if (len <= tl || len > NS_TOKEN_LEN ||
		    memcmp(w + rl, t, tl) != 0 || rl < 3 ||
		    (ms && rl == 3 && !short_before_ms(w)) ||
		    !name_letters(w, rl))
			continue;
		memcpy(rest, w, rl);
		rest[rl] = '\0';
		if (fn(arg, rest, !ms && !dr) == -1)
			return -1;
	}
	for (size_t i = 0; i < NITEMS(glued_prefixes); i++) {
		const char *t = glued_prefixes[i];
		size_t tl = strlen(t), rl = len - tl;

		if (len <= tl || strncmp(w, t, tl) != 0 ||
		    rl < (vowel(w[tl]) ? 4u : 3u) || !name_letters(w + tl, rl))
			continue;
		if (fn(arg, w + tl, 0) == -1)
			return -1;
	}
	return 0;
}

struct key_form {
	namesim_key_fn fn;
	void *arg;
};

static int
key_form(void *arg, const char *form, int loose)
{
	struct key_form *k = arg;

	(void)loose;
	return k->fn(k->arg, form);
}

int
namesim_untitled(const char *word, namesim_key_fn fn, void *arg)
{
	struct key_form k = {fn, arg};

	return untitled_forms(word != NULL ? word : "", key_form, &k);
}

struct alt_arg {
	struct prep *p;
	size_t tok;
};

static int
alt_add(void *arg, const char *form, int loose)
{
	struct alt_arg *a = arg;
	struct prep *p = a->p;

	for (size_t i = 0; i < p->nalt; i++)
		if (p->alt[i].tok == a->tok && strcmp(p->alt[i].s, form) == 0)
			return 0;
	if (p->nalt >= NS_ALTS_MAX)
		return -1;	/* enough: the rest of the name stays as it is */
	(void)strlcpy(p->alt[p->nalt].s, form, sizeof(p->alt[0].s));
	p->alt[p->nalt].loose = loose;
	p->alt[p->nalt++].tok = a->tok;
	return 0;
}

/* Every word's forms without a glued title, in both spellings. */
static void
prep_untitled(struct prep *p)
{
	for (size_t i = 0; i < p->n; i++) {
		struct raw_tok *t = &p->t[i];
		struct alt_arg a = {p, i};
		size_t before = p->nalt;

		if (t->cls != NC_WORD)
			continue;
		if (untitled_forms(t->s[0], alt_add, &a) == 0 &&
		    strcmp(t->s[0], t->s[1]) != 0)
			(void)untitled_forms(t->s[1], alt_add, &a);
		if (p->nalt > before)
			t->flags |= NF_TITLED;
	}
}

/*
 * An alias table, nicknames or romanised, and its names sorted apart from
 * their aliases (once, at first use) to look a word up as either.
 */
struct aliases {
	const struct alias *v;
	size_t n;
	const char **names;
	size_t nnames;
};

static const char *nick_names[NITEMS(nicknames)];
static const char *roman_names[NITEMS(romanised)];
static struct aliases nick_table = {
	nicknames, NITEMS(nicknames), nick_names, 0,
};
static struct aliases roman_table = {
	romanised, NITEMS(romanised), roman_names, 0,
};
static pthread_once_t aliases_once = PTHREAD_ONCE_INIT;

static void
alias_names(struct aliases *t)
{
	for (size_t i = 0; i < t->n; i++)
		t->names[i] = t->v[i].name;
	qsort(t->names, t->n, sizeof(*t->names), cmp_str);
	for (size_t i = 0; i < t->n; i++)
		if (t->nnames == 0 ||
		    strcmp(t->names[t->nnames - 1], t->names[i]) != 0)
			t->names[t->nnames++] = t->names[i];
}

static void
aliases_init(void)
{
	alias_names(&nick_table);
	alias_names(&roman_table);
}

/* The first entry of alias w in table t, or t->n. */
static size_t
alias_first(const struct aliases *t, const char *w)
{
	size_t lo = 0, hi = t->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(t->v[mid].alt, w) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < t->n && strcmp(t->v[lo].alt, w) == 0 ? lo : t->n;
}

/* Whether w is an alias in table t or a name that has one. */
static int
alias_known(struct aliases *t, const char *w)
{
	(void)pthread_once(&aliases_once, aliases_init);
	return alias_first(t, w) < t->n || bsearch(&w, t->names, t->nnames,
	    sizeof(*t->names), cmp_str) != NULL;
}

/*
 * Whether alias a stands for name b, or both for one name (BILL and WILL,
 * CHANG and CHEUNG).
 */
static int
alias_of(const struct aliases *t, const char *a, const char *b)
{
	for (size_t i = alias_first(t, a); i < t->n &&
	    strcmp(t->v[i].alt, a) == 0; i++) {
		if (strcmp(t->v[i].name, b) == 0)
			return 1;
		for (size_t j = alias_first(t, b); j < t->n &&
		    strcmp(t->v[j].alt, b) == 0; j++)
			if (strcmp(t->v[i].name, t->v[j].name) == 0)
				return 1;
	}
	return 0;
}

/* Whether a and b are one name through table t, either way round. */
static int
aliases(const struct aliases *t, const char *a, const char *b)
{
	return alias_of(t, a, b) || alias_of(t, b, a);
}

/*
 * A particle stands before the name it belongs to: one with no name after
 * it, at the end of tokens [0, end), is the name (LE, DO and DU are
 * surnames in Vietnam and China: MAI LE), as are a list's "HOVEN, JAN VAN
 * DER" once the comma has gone and the surname before a list's comma
 * ("LE, MAI THANH": end is its last token).
 */
static void
particles_named(struct prep *p, size_t end)
{
	for (size_t i = end; i-- > 0 && p->t[i].cls != NC_WORD;)
		if (p->t[i].cls == NC_PARTICLE) {
			p->t[i].cls = NC_WORD;
			p->t[i].flags &= (uint8_t)~NF_CONNECTOR;
			p->t[i].flags |= NF_PARTICLE_NAME;
		}
}

static void
prep_person(struct prep *p)
{
	size_t words = 0;

	person_digits(p);
	for (size_t i = 0; i < p->n; i++)
		if (!in_list(p->t[i].s[0], titles, NITEMS(titles)))
			words++;
	/* A name of titles only keeps them: it is all there is. */
	for (size_t i = 0; words > 0 && i < p->n; i++)
		if (in_list(p->t[i].s[0], titles, NITEMS(titles)))
			drop_tok(p, i--);
	for (size_t i = 0; i < p->n; i++) {
		struct raw_tok *t = &p->t[i];

		if (t->s[0][1] == '\0')
			t->cls = NC_INITIAL;
		else if (p->n > 1 && in_list(t->s[0], particles,
		    NITEMS(particles))) {
			t->cls = NC_PARTICLE;
			if (in_list(t->s[0], connectors, NITEMS(connectors)))
				t->flags |= NF_CONNECTOR;
		}
	}
	particles_named(p, p->n);
	for (size_t i = 0; i < p->n; i++)
		if (p->t[i].part_end)
			particles_named(p, i + 1);
	for (size_t i = 0; i < p->n; i++)
		if (p->t[i].cls == NC_WORD) {
			if (alias_known(&nick_table, p->t[i].s[0]))
				p->t[i].flags |= NF_NICK;
			if (alias_known(&roman_table, p->t[i].s[0]))
				p->t[i].flags |= NF_ROMAN;
		}
	/* The father: the first word after a connector. */
	for (size_t i = 0; i < p->n; i++) {
		if (!(p->t[i].flags & NF_CONNECTOR))
			continue;
		for (size_t j = i + 1; j < p->n; j++)
			if (p->t[j].cls == NC_WORD) {
				p->t[j].flags |= NF_FATHER;
				break;
			}
	}
	prep_untitled(p);
}

/* Is w, with at most one error when long, the legal form's word lw? */
static int
legal_word(const char *w, const char *lw, size_t lwlen, int fuzzy)
{
	size_t wl = strlen(w);

	if (wl == lwlen && memcmp(w, lw, wl) == 0)
		return 1;
	return fuzzy && lwlen >= 5 && wl >= 5 && osa(w, wl, lw, lwlen, 1) <= 1;
}

/*
 * How many tokens from i on spell the legal form f, or 0. Single words
 * must be exact unless long (a typing error in INC is another word).
 */
static size_t
legal_at(const struct prep *p, size_t i, const struct legal_form *f)
{
	const char *w = f->words;
	size_t k = 0;
	int multi = strchr(w, ' ') != NULL;

	while (*w != '\0') {
		size_t wl = strcspn(w, " ");

		if (i + k >= p->n || !legal_word(p->t[i + k].s[0], w, wl,
		    multi || wl >= 8))
			return 0;
		k++;
		w += wl;
		if (*w == ' ')
			w++;
	}
	return k;
}

/* The longest legal form that starts at token i: its length, or 0. */
static size_t
legal_longest(const struct prep *p, size_t i)
{
	size_t best = 0;

	for (size_t f = 0; f < NITEMS(legal_forms); f++) {
		size_t k;

		if (legal_forms[f].words[0] != p->t[i].s[0][0])
			continue;
		if ((k = legal_at(p, i, &legal_forms[f])) > best)
			best = k;
	}
	return best;
}

static int
is_legal_token(const char *w)
{
	for (size_t f = 0; f < NITEMS(legal_forms); f++)
		if (strcmp(legal_forms[f].words, w) == 0)
			return 1;
	return 0;
}

/*
 * Dotted abbreviations were split by normalisation: S A R L, A B C, P T.
 * A run of single letters is joined, except that a legal form at its end
 * stays apart (PARTNERS V L P is V and LP).
 */
static void
org_join_letters(struct prep *p)
{
	for (size_t i = 0; i < p->n; i++) {
		char run[NS_TOKENS_MAX + 1], tail[NS_TOKENS_MAX + 1];
		size_t j = i, cut, kept;

		while (j < p->n && p->t[j].s[0][0] != '\0' &&
		    p->t[j].s[0][1] == '\0')
			j++;
		if (j - i < 2)
			continue;
		for (size_t k = i; k < j; k++)
			run[k - i] = p->t[k].s[0][0];
		run[j - i] = '\0';
		/* The longest legal form of two letters or more at the end. */
		for (cut = 0; cut + 1 < j - i; cut++)
			if (is_legal_token(run + cut))
				break;
		if (cut == 0 || cut + 1 >= j - i) {
			set_tok(&p->t[i], run, run);
			kept = 1;
		} else {
			strlcpy(tail, run + cut, sizeof(tail));
			run[cut] = '\0';
			/* A single letter before it stays as it is. */
			if (cut >= 2)
				set_tok(&p->t[i], run, run);
			set_tok(&p->t[i + 1], tail, tail);
			kept = 2;
		}
		memmove(&p->t[i + kept], &p->t[j],
		    (p->n - j) * sizeof(p->t[0]));
		p->n -= j - i - kept;
		i += kept - 1;
	}
}

/* II, XIV, 2007, AHL1: numbers and series designations. */
static int
is_number(const char *w)
{
	size_t len = strlen(w);

	if (strpbrk(w, "0123456789") != NULL)
		return 1;
	if (len > 5 || strspn(w, "IVX") != len)
		return 0;
	/* Roman numerals up to XXXIX, as series and funds use them. */
	while (*w == 'X')
		w++;
	if (strcmp(w, "IX") == 0 || strcmp(w, "IV") == 0)
		return 1;
	if (*w == 'V')
		w++;
	return strlen(w) <= 3 && strspn(w, "I") == strlen(w);
}

static int
cmp_abbrev(const void *a, const void *b)
{
	return strcmp(((const struct abbrev *)a)->abbr,
	    ((const struct abbrev *)b)->abbr);
}

/* The value of a number word or ordinal (THREE, THIRD), or 0. */
static int
word_value(const char *w)
{
	for (size_t i = 0; i < NITEMS(number_words); i++)
		if (strcmp(w, number_words[i]) == 0)
			return (int)i + 1;
	for (size_t i = 0; i < NITEMS(ordinal_words); i++)
		if (strcmp(w, ordinal_words[i]) == 0)
			return (int)i + 1;
	for (size_t i = 0; i < NITEMS(tens_words); i++)
		if (strcmp(w, tens_words[i]) == 0)
			return ((int)i + 2) * 10;
	return 0;
}

/*
 * Numbers in words or as ordinals become digits: THREE, THIRD and 3RD
 * are 3, TWENTY ONE (or TWENTY-ONE) is 21.
 */
static void
org_numbers(struct prep *p)
{
	for (size_t i = 0; i < p->n; i++) {
		char *w = p->t[i].s[0], d[12];
		size_t len = strlen(w), digits = strspn(w, "0123456789");
		int v;

		if (digits > 0 && digits + 2 == len &&
		    (strcmp(w + digits, "ST") == 0 ||
		    strcmp(w + digits, "ND") == 0 ||
		    strcmp(w + digits, "RD") == 0 ||
		    strcmp(w + digits, "TH") == 0)) {
			w[digits] = '\0';
			p->t[i].s[1][digits] = '\0';
			continue;
		}
		if ((v = word_value(w)) == 0)
			continue;
		if (v >= 20 && v % 10 == 0 && i + 1 < p->n) {
			int u = word_value(p->t[i + 1].s[0]);

			if (u > 0 && u < 10) {
				v += u;
				drop_tok(p, i + 1);
			}
		}
		snprintf(d, sizeof(d), "%d", v);
		set_tok(&p->t[i], d, d);
	}
}

static void
prep_org(struct prep *p)
{
	org_join_letters(p);
	if (p->vessel && p->n > 1 && in_list(p->t[0].s[0], vessel_prefixes,
	    NITEMS(vessel_prefixes)))
		drop_tok(p, 0);
	/*
	 * A ship's IMO number written into its name (OCEAN PRIDE IMO 9123456)
	 * is its document, which the matcher compares as one: not a word.
	 */
	for (size_t i = 0; p->vessel && i + 1 < p->n; i++)
		if (strcmp(p->t[i].s[0], "IMO") == 0 &&
		    strlen(p->t[i + 1].s[0]) == 7 &&
		    strspn(p->t[i + 1].s[0], "0123456789") == 7 && p->n > 2) {
			drop_tok(p, i + 1);
			drop_tok(p, i--);
		}
	/*
	 * Legal forms and stop words go: they never tell one organisation
	 * from another. A name of legal forms only is left with nothing.
	 */
	for (size_t i = 0; i < p->n; i++) {
		size_t k = legal_longest(p, i);

		if (k > 0) {
			memmove(&p->t[i], &p->t[i + k],
			    (p->n - i - k) * sizeof(p->t[0]));
			p->n -= k;
			i--;
			continue;
		}
		if (p->n > 1 && in_list(p->t[i].s[0], stopwords,
		    NITEMS(stopwords)))
			drop_tok(p, i--);
	}
	org_numbers(p);
	for (size_t i = 0; i < p->n; i++) {
		struct raw_tok *t = &p->t[i];
		const struct abbrev key = {t->s[0], NULL}, *ab;

		if ((ab = bsearch(&key, abbrevs, NITEMS(abbrevs),
		    sizeof(abbrevs[0]), cmp_abbrev)) != NULL)
			set_tok(t, ab->word, ab->word);
		if (is_number(t->s[0]))
			t->cls = NC_NUMBER;
		else if (in_list(t->s[0], common_words, NITEMS(common_words)))
			t->cls = NC_COMMON;
	}
}

/* Tokens of both spellings, as normalisation gave them. */
static void
prep_tokens(struct prep *p, const struct norm_name *nn, char *text,
    size_t textsz)
{
	char bp[NORM_NAME_MAX], bv[NORM_NAME_MAX];
	char *tp[NS_TOKENS_MAX], *tv[NS_TOKENS_MAX];
	size_t np, nv;

	strlcpy(text, nn->primary, textsz);
	memcpy(bp, nn->primary, sizeof(bp));
	memcpy(bv, nn->variant, sizeof(bv));
	np = norm_tokens(bp, tp, NS_TOKENS_MAX);
	nv = norm_tokens(bv, tv, NS_TOKENS_MAX);
	p->n = min_sz(np, NS_TOKENS_MAX);
	for (size_t i = 0; i < p->n; i++)
		set_tok(&p->t[i], tp[i], np == nv ? tv[i] : tp[i]);
}

static size_t
pool_add(char *pool, size_t *len, const char *s, size_t n)
{
	size_t at = *len;

	memcpy(pool + at, s, n);
	pool[at + n] = '\0';
	*len += n + 1;
	return at;
}

/* The phonetic key and folded spelling of token t, into the pool. */
static void
pack_keys(struct ns_tok *t, const struct raw_tok *r, char *pool, size_t *len)
{
	char key[NS_PHON_MAX], f[NS_TOKEN_LEN + 1];
	int last = t->nsp - 1;
	size_t fl;

	for (int sp = 0; sp < t->nsp; sp++) {
		size_t tl = strlen(r->s[sp]), kl;

		t->off[sp] = (uint16_t)pool_add(pool, len, r->s[sp], tl);
		t->len[sp] = (uint8_t)tl;
		t->hash[sp] = hash_str(r->s[sp], tl);
		kl = phonetic(r->s[sp], tl, key, sizeof(key), &t->pcons[sp]);
		t->phon[sp] = (uint16_t)pool_add(pool, len, key, kl);
		t->plen[sp] = (uint8_t)kl;
	}
	/* Folded from the plainer spelling (MULLER rather than MUELLER). */
	fl = fold(r->s[last], t->len[last], f, sizeof(f));
	t->fold = (uint16_t)pool_add(pool, len, f, fl);
	t->flen = (uint8_t)fl;
	if (fl != t->len[last] || memcmp(f, r->s[last], fl) != 0)
		t->flags |= NF_FOLDED;
}

/*
 * Moves the prepared tokens into one allocation of the size they take:
 * a watchlist keeps one per name. The pool is built on the stack first.
 */
#define POOL_MAX	(NORM_NAME_MAX + NS_TOKENS_MAX * \
	(3 * (NS_TOKEN_LEN + 1) + 2 * NS_PHON_MAX) + \
	NS_ALTS_MAX * (NS_TOKEN_LEN + 1))
static struct namesim *
pack(const struct prep *p, enum match_kind kind, const char *text)
{
	struct namesim *ns;
	struct ns_tok tok[NS_TOKENS_MAX];
	struct ns_alt alt[NS_ALTS_MAX];
	char pool[POOL_MAX];
	size_t textlen = strlen(text), len = 0, tsz, asz;

	memset(tok, 0, sizeof(tok));
	pool_add(pool, &len, text, textlen);
	for (size_t i = 0; i < p->n; i++) {
		const struct raw_tok *r = &p->t[i];
		struct ns_tok *t = &tok[i];

		t->nsp = strcmp(r->s[0], r->s[1]) != 0 ? 2 : 1;
		t->cls = r->cls;
		t->flags = r->flags;
		pack_keys(t, r, pool, &len);
	}
	if (p->n > 0)
		tok[p->n - 1].flags |= NF_LAST;
	for (size_t i = 0; i < p->nalt; i++) {
		size_t al = strlen(p->alt[i].s);

		alt[i] = (struct ns_alt){(uint16_t)pool_add(pool, &len,
		    p->alt[i].s, al), (uint8_t)al, (uint8_t)p->alt[i].tok,
		    (uint8_t)p->alt[i].loose};
	}
	tsz = p->n * sizeof(tok[0]);
	asz = p->nalt * sizeof(alt[0]);
	/* ns_tok's size is a multiple of ns_alt's alignment: no padding. */
	if ((ns = calloc(1, sizeof(*ns) + tsz + asz + len)) == NULL)
		return NULL;
	ns->kind = kind;
	ns->ntok = (uint16_t)p->n;
	ns->nalt = (uint8_t)p->nalt;
	ns->textlen = (uint16_t)textlen;
	ns->poollen = (uint16_t)len;
	memcpy(ns->tok, tok, tsz);
	memcpy((char *)ns->tok + tsz, alt, asz);
	memcpy((char *)ns->tok + tsz + asz, pool, len);
	for (size_t i = 0; i < p->n; i++) {
		if (tok[i].cls == NC_WORD)
			ns->nwords++;
		if (tok[i].flags & NF_FATHER)
			ns->fathers++;
	}
	return ns;
}

/*
 * Whether every word of person n reads as Mandarin syllables (sinic.c):
 * only then are its words compared as Pinyin and Wade-Giles, so that a
 * TAN or a PAO in another name is never taken for a DAN or a BAO.
 */
static int
sinic_name(const struct namesim *n)
{
	if (n->kind != MATCH_PERSON || n->nwords == 0)
		return 0;
	for (size_t i = 0; i < n->ntok; i++) {
		const struct ns_tok *t = &n->tok[i];

		if (t->cls == NC_WORD &&
		    !sinic_word(POOL(n) + t->off[0], t->len[0]))
			return 0;
	}
	return 1;
}

/*
 * A list's "LE, MAI THANH": the part before the comma is the surname, its
 * last token marked. Only where that part, read alone, gives the whole
 * name's first tokens, and leaves a given name after it.
 */
static void
mark_surname(struct prep *p, const char *raw)
{
	const char *comma = strchr(raw, ',');
	char part[NORM_NAME_MAX], *tp[NS_TOKENS_MAX];
	struct norm_name nn;
	size_t n;

	if (comma == NULL || (size_t)(comma - raw) >= sizeof(part))
		return;
	memcpy(part, raw, (size_t)(comma - raw));
	part[comma - raw] = '\0';
	if (norm_name(part, &nn) == -1 ||
	    (n = norm_tokens(nn.primary, tp, NS_TOKENS_MAX)) == 0 || n >= p->n)
		return;
	for (size_t i = 0; i < n; i++)
		if (strcmp(tp[i], p->t[i].s[0]) != 0)
			return;
	p->t[n - 1].part_end = 1;
}

struct namesim *
namesim_new(const char *raw, enum match_kind kind)
{
	struct norm_name nn;
	struct prep p;
	char text[NORM_NAME_MAX];
	struct namesim *ns;

	memset(&p, 0, sizeof(p));
	p.person = kind == MATCH_PERSON;
	p.vessel = kind == MATCH_VESSEL;
	if (norm_name(raw != NULL ? raw : "", &nn) == -1) {
		nn.primary[0] = nn.variant[0] = '\0';
		nn.syllabic = nn.abjad = 0;
	}
	prep_tokens(&p, &nn, text, sizeof(text));
	if (p.person) {
		if (raw != NULL)
			mark_surname(&p, raw);
		prep_person(&p);
	} else
		prep_org(&p);
	if ((ns = pack(&p, kind, text)) != NULL) {
		ns->syllabic = (uint8_t)nn.syllabic;
		ns->abjad = (uint8_t)nn.abjad;
		ns->sinic = (uint8_t)sinic_name(ns);
	}
	return ns;
}

/*
 * Words that are common in organisation names but are people's names too
 * (Kanye West, Harold North): no sign of an organisation on their own.
 */
static const char *const also_surnames[] = {
	"AIR", "CITY", "EAST", "EASTERN", "GENERAL", "MIDDLE", "NORTH",
	"NORTHERN", "SOUTH", "SOUTHERN", "WEST", "WESTERN", "WORLD",
};

/* Articles and prepositions that people's names do not have. */
static const char *const org_glue[] = {"AND", "FOR", "OF", "THE", "UND"};

enum match_kind
namesim_guess_kind(const char *raw)
{
	struct norm_name nn;
	struct prep p;
	char text[NORM_NAME_MAX];

	memset(&p, 0, sizeof(p));
	if (norm_name(raw != NULL ? raw : "", &nn) == -1)
		return MATCH_PERSON;
	prep_tokens(&p, &nn, text, sizeof(text));
	org_join_letters(&p);
	for (size_t i = 0; i < p.n; i++) {
		const char *w = p.t[i].s[0];

		if (strpbrk(w, "0123456789") != NULL ||
		    legal_longest(&p, i) > 0 ||
		    in_list(w, org_glue, NITEMS(org_glue)) ||
		    (in_list(w, common_words, NITEMS(common_words)) &&
		    !in_list(w, also_surnames, NITEMS(also_surnames))))
			return MATCH_ORGANIZATION;
	}
	return MATCH_PERSON;
}

void
namesim_free(struct namesim *n)
{
	free(n);
}

const char *
namesim_text(const struct namesim *n)
{
	return POOL(n);
}

/* ---- saved and read back ---- */

/* The bytes of n after its header: tokens, forms, pool. */
static size_t
body_size(const struct namesim *n)
{
	return n->ntok * sizeof(n->tok[0]) + n->nalt * sizeof(struct ns_alt) +
	    n->poollen;
}

size_t
namesim_size(const struct namesim *n)
{
	return sizeof(*n) + body_size(n);
}

/* Whether [off, off + len] (the string and its NUL) lies in the pool. */
static int
in_pool(const struct namesim *n, size_t off, size_t len)
{
	return off + len < n->poollen && POOL(n)[off + len] == '\0';
}

/*
 * Whether a name read back is one pack() could have made: every string in
 * its pool, so that comparing it reads nothing outside it.
 */
static int
well_formed(const struct namesim *n)
{
	const struct ns_alt *alt = (const struct ns_alt *)(n->tok + n->ntok);

	if (n->kind != MATCH_PERSON && n->kind != MATCH_ORGANIZATION &&
	    n->kind != MATCH_VESSEL)
		return 0;
	if (n->ntok > NS_TOKENS_MAX || n->nalt > NS_ALTS_MAX ||
	    n->poollen == 0 || !in_pool(n, 0, n->textlen))
		return 0;
	for (size_t i = 0; i < n->ntok; i++) {
		const struct ns_tok *t = &n->tok[i];

		if (t->nsp < 1 || t->nsp > 2 || !in_pool(n, t->fold, t->flen))
			return 0;
		for (int sp = 0; sp < t->nsp; sp++) {
			if (!in_pool(n, t->off[sp], t->len[sp]) ||
			    !in_pool(n, t->phon[sp], t->plen[sp]))
				return 0;
		}
	}
	for (size_t i = 0; i < n->nalt; i++) {
		if (alt[i].tok >= n->ntok ||
		    !in_pool(n, alt[i].off, alt[i].len))
			return 0;
	}
	return 1;
}

const struct namesim *
namesim_view(const void *bytes, size_t avail, size_t *size)
{
	const struct namesim *n = bytes;
	size_t sz;

	if ((uintptr_t)bytes % _Alignof(struct namesim) != 0 ||
	    avail < sizeof(*n) || (sz = namesim_size(n)) > avail ||
	    !well_formed(n)) {
		errno = EINVAL;
		return NULL;
	}
	*size = sz;
	return n;
}

/* ---- comparing ---- */

static const char *
tok_str(const struct namesim *n, const struct ns_tok *t, int sp)
{
	return POOL(n) + t->off[sp];
}

static const char *
tok_phon(const struct namesim *n, const struct ns_tok *t, int sp)
{
	return POOL(n) + t->phon[sp];
}

_Static_assert(sizeof(struct ns_tok) % _Alignof(struct ns_alt) == 0,
    "ns_alt forms follow the tokens unpadded");

static const struct ns_alt *
alts(const struct namesim *n)
{
	return (const struct ns_alt *)(const void *)(n->tok + n->ntok);
}

static double
weight(const struct ns_tok *t)
{
	switch (t->cls) {
	case NC_INITIAL:
		return W_INITIAL;
	case NC_PARTICLE:
		return W_PARTICLE;
	case NC_COMMON:
		return W_COMMON;
	case NC_NUMBER:
		return W_NUMBER;
	}
	return W_WORD;
}

/*
 * Whether s, three letters, is t, four, with a letter inside left out
 * (JHA and JUHA, SOG and SONG): the typing error short words suffer most,
 * where one changed letter more often makes another name (LI WEI, LI
 * WEN). Not when the shorter word is a name itself: a name of the tables
 * (DAN and DEAN) or a Chinese syllable (YAN and YUAN, XIN and XIAN).
 */
static int
short_omission(const char *s, size_t ls, const char *t, size_t lt)
{
	if (ls != 3 || lt != 4 || s[0] != t[0] || s[2] != t[3] ||
	    (s[1] != t[1] && s[1] != t[2]))
		return 0;
	/* Without a vowel (MNG, MING) it is written so: skeleton_of's. */
	if (!vowel(s[0]) && !vowel(s[1]) && !vowel(s[2]))
		return 0;
	return !sinic_word(s, ls);
}

/* A similarity from typing errors; 0 when too many. */
static double
edit_sim(const char *a, size_t la, const char *b, size_t lb, int person,
    int *how)
{
	size_t k = edits_allowed(min_sz(la, lb), person), d;

	if (k == 0)
		return 0.0;
	if ((d = osa(a, la, b, lb, k)) > k)
		return 0.0;
	if (d >= 2 && jaro_winkler(a, la, b, lb) < JW_GATE)
		return 0.0;
	*how = HOW_TYPO;
	return 1.0 - SIM_EDIT_SCALE * (double)d / (double)max_sz(la, lb);
}

/*
 * The MRZ cut a's name short inside token a: a is the last token of a long
 * name and begins b.
 */
static int
truncated(const struct namesim *x, const struct ns_tok *a, int sa,
    const struct namesim *y, const struct ns_tok *b, int sb)
{
	return (a->flags & NF_LAST) && x->textlen >= MRZ_CUT_MIN &&
	    a->len[sa] >= 2 && a->len[sa] < b->len[sb] &&
	    memcmp(tok_str(x, a, sa), tok_str(y, b, sb), a->len[sa]) == 0;
}

/* The length of a Slavic adjective's ending: -SKIY, -SKII, -SKAYA. */
static size_t
slavic_ending(const char *w, size_t len, int feminine)
{
	static const char *const fem[] = {"AYA", "AIA", "AJA"};
	static const char *const masc[] = {"IY", "IJ", "II", "YY", "YI", "I",
	    "Y"};
	const char *const *e = feminine ? fem : masc;
	size_t n = feminine ? NITEMS(fem) : NITEMS(masc);

	for (size_t i = 0; i < n; i++) {
		size_t el = strlen(e[i]);

		if (len > el + 2 && memcmp(w + len - el, e[i], el) == 0)
			return el;
	}
	return 0;
}

/* a plus its gendered ending is b (a not longer than b). */
static int
gendered_longer(const char *a, size_t la, const char *b, size_t lb)
{
	size_t ea, eb;

	/* DANIEL DANIELA, PETROV PETROVA: an A after a consonant. */
	if (la + 1 == lb && b[la] == 'A' && !vowel(a[la - 1]) &&
	    memcmp(a, b, la) == 0)
		return 1;
	/* MICHEL MICHELLE, JEAN JEANNE: the consonant doubled and an E. */
	if (la + 2 == lb && !vowel(a[la - 1]) && b[la] == a[la - 1] &&
	    b[la + 1] == 'E' && memcmp(a, b, la) == 0)
		return 1;
	/* ZELENSKIY ZELENSKAYA, ZELENSKII ZELENSKAIA. */
	return (eb = slavic_ending(b, lb, 1)) > 0 &&
	    (ea = slavic_ending(a, la, 0)) > 0 && la - ea == lb - eb &&
	    memcmp(a, b, la - ea) == 0;
}

/*
 * Gendered forms of one name are two people: MARIA and MARIO, PAOLA and
 * PAOLO, KOWALSKA and KOWALSKI (the last vowel, one of them A), DANIEL
 * and DANIELA, PETROV and PETROVA, MICHEL and MICHELLE. Not typing errors.
 */
static int
gendered(const char *a, size_t la, const char *b, size_t lb)
{
	if (la < 3 || lb < 3)
		return 0;
	if (la == lb)
		return a[la - 1] != b[lb - 1] && vowel(a[la - 1]) &&
		    vowel(b[lb - 1]) &&
		    (a[la - 1] == 'A' || b[lb - 1] == 'A') &&
		    memcmp(a, b, la - 1) == 0;
	return la < lb ? gendered_longer(a, la, b, lb) :
	    gendered_longer(b, lb, a, la);
}

/*
 * A short phonetic key is only trusted for words a few errors apart, as
 * spelt or as folded (JOHN and JUAN, YUSUF and YOUSSEF).
 */
static int
near_enough(const struct namesim *x, const struct ns_tok *a, const char *s,
    size_t ls, const struct namesim *y, const struct ns_tok *b, const char *t,
    size_t lt)
{
	int person = x->kind == MATCH_PERSON;
	size_t k = edits_allowed(min_sz(ls, lt), person) + 1;

	/* Three letters and a vowel changed are another name (JAN, JON). */
	if (min_sz(ls, lt) < 4)
		return 0;
	if (osa(s, ls, t, lt, k) <= k)
		return 1;
	k = edits_allowed(min_sz(a->flen, b->flen), person) + 1;
	return osa(POOL(x) + a->fold, a->flen, POOL(y) + b->fold, b->flen, k) <=
	    k;
}

/*
 * Two names both written in Han or Hangul were spelt by a table, one
 * character a syllable: where their spellings differ, a character
 * differs, and that is another name (习近平 and 习近朋, 김정은 and 김종은),
 * not a typing error. Only equal words count between them.
 */
static int
syllables_exact(const struct namesim *x, const struct namesim *y)
{
	return x->syllabic && y->syllabic;
}

/*
 * Word w's consonants, a letter doubled once (MUHAMMAD: MHMD), into out
 * (NS_TOKEN_LEN + 1); how many vowels it dropped.
 */
static size_t
consonants(const char *w, size_t lw, char *out, size_t *len)
{
	size_t n = 0, vowels = 0;

	for (size_t k = 0; k < lw && k < NS_TOKEN_LEN; k++) {
		if (vowel(w[k]) || w[k] == 'Y')
			vowels++;
		else if (n == 0 || out[n - 1] != w[k])
			out[n++] = w[k];
	}
	out[n] = '\0';
	*len = n;
	return vowels;
}

/*
 * Whether v, a word of three letters or more without vowels, is word w
 * with its vowels left out (MNG and MING, MHMD and MUHAMMAD, DVD and
 * DAVID): a vowel dropped in keying, or a script that writes none.
 */
static int
skeleton_of(const char *v, size_t lv, const char *w, size_t lw)
{
	char sv[NS_TOKEN_LEN + 1], sw[NS_TOKEN_LEN + 1];
	size_t nv, nw;

	if (lv < 3)
		return 0;
	/* Most words have a vowel, and early: known before any copying. */
	for (size_t k = 0; k < lv; k++)
		if (vowel(v[k]) || v[k] == 'Y')
			return 0;
	(void)consonants(v, lv, sv, &nv);
	if (consonants(w, lw, sw, &nw) == 0)
		return 0;
	return nv == nw && memcmp(sv, sw, nv) == 0;
}

/*
 * Letters as a script without short vowels may write them: V and P as B
 * (Arabic has neither, Hebrew's bet is B or V), W as B too (Hebrew's vav
 * is V: DWD, DAVID), C and Q as K, J as Y (yod: BNYMYN, BENJAMIN), Z as S.
 */
static char
abjad_class(char c)
{
	switch (c) {
	case 'V': case 'P': case 'W': return 'B';
	case 'C': case 'Q': return 'K';
	case 'J': return 'Y';
	case 'Z': return 'S';
	default: return c;
	}
}

/* A letter such a script writes for a long vowel: alef, waw, yod. */
static int
abjad_vowel(char c)
{
	return vowel(c) || c == 'W' || c == 'Y';
}

/* The sound of a vowel letter, A, I (E I Y) or U (O U W); 0 for others. */
static char
vowel_class(char c)
{
	switch (c) {
	case 'A': return 'A';
	case 'E': case 'I': case 'Y': return 'I';
	case 'O': case 'U': case 'W': return 'U';
	default: return 0;
	}
}

/*
 * Whether letter j of w, spelt in full, is a vowel: Y and W are, but
 * before a vowel, where they are consonants (DAYAN, HAWA).
 */
static int
full_vowel(const char *w, size_t lw, size_t j)
{
	if (vowel_class(w[j]) == 0)
		return 0;
	return !((w[j] == 'Y' || w[j] == 'W') && j + 1 < lw &&
	    vowel(w[j + 1]));
}

/* The length of the run of vowels (and Y) of w that holds letter j. */
static size_t
vowel_run(const char *w, size_t lw, size_t j)
{
	size_t a = j, b = j;

	while (a > 0 && full_vowel(w, lw, a - 1))
		a--;
	while (b < lw && full_vowel(w, lw, b))
		b++;
	return b - a;
}

/* Whether w from j on is vowels of the sound A or E alone (GOLDA, MOSHE). */
static int
final_a(const char *w, size_t lw, size_t j)
{
	if (j == lw)
		return 0;
	for (; j < lw; j++) {
		if (w[j] != 'A' && w[j] != 'E')
			return 0;
	}
	return 1;
}

/*
 * Whether v, a word spelt from Arabic or Hebrew (consonants and long
 * vowels: HSIN, MHMUD, DWD, LWY), may be w written in full (HUSSEIN,
 * MAHMOUD, DAVID, LEVI): w's letters in order, where a short vowel of w
 * (a vowel alone) may be unwritten, and a long vowel, two letters (OU,
 * EI), must be written; a long vowel of v, or its W or Y, stands for a
 * run of w's vowels of its sound, or as a consonant for V or Y; letters
 * alike as abjad_class has them, a letter doubled once, and the H of TH,
 * CH, PH, GH and the T of TZ, TS one letter; a final H (Hebrew's he,
 * Arabic's ha) the A or E w ends on (GWLDH, GOLDA). Y and W of w before a
 * vowel are consonants (DYYN, DAYAN). So MHMD is MUHAMMAD and not
 * MAHMOUD, HSN is HASSAN and not HUSSEIN. Two consonants at least.
 */
static int
abjad_of(const char *v, size_t lv, const char *w, size_t lw)
{
	uint8_t at[NS_TOKEN_LEN + 1][NS_TOKEN_LEN + 1];
	size_t cons = 0;

	if (lv > NS_TOKEN_LEN || lw > NS_TOKEN_LEN)
		return 0;
	for (size_t i = 0; i < lv; i++)
		cons += !vowel(v[i]);
	if (cons < 2)
		return 0;
	memset(at, 0, sizeof(at));
	at[0][0] = 1;
	for (size_t i = 0; i <= lv; i++) {
		for (size_t j = 0; j <= lw; j++) {
			if (!at[i][j])
				continue;
			if (j < lw && ((full_vowel(w, lw, j) &&
			    vowel_run(w, lw, j) == 1) ||
			    (j > 0 && w[j] == w[j - 1]) ||
			    (w[j] == 'H' && j > 0 &&
			    strchr("TCPG", w[j - 1]) != NULL) ||
			    (w[j] == 'T' && j + 1 < lw &&
			    (w[j + 1] == 'Z' || w[j + 1] == 'S'))))
				at[i][j + 1] = 1;
			if (i < lv && i > 0 && v[i] == v[i - 1])
				at[i + 1][j] = 1;
			if (i == lv || j == lw)
				continue;
			if (abjad_class(v[i]) == abjad_class(w[j]) ||
			    (v[i] == 'I' && w[j] == 'Y') ||
			    (v[i] == 'U' && abjad_class(w[j]) == 'B'))
				at[i + 1][j + 1] = 1;	/* ya, waw: Y, W, V */
			if (abjad_vowel(v[i]) &&
			    vowel_class(v[i]) == vowel_class(w[j]))
				/* The whole run of w's vowels from j. */
				for (size_t k = j; k < lw &&
				    full_vowel(w, lw, k); k++)
					at[i + 1][k + 1] = 1;
			/* A final HE or HA for the vowel it ends on. */
			if (i + 1 == lv && v[i] == 'H' && final_a(w, lw, j))
				at[lv][lw] = 1;
		}
	}
	return at[lv][lw];
}

/* Two words in one spelling each. */
static double
word_sim(const struct namesim *x, const struct ns_tok *a, int sa,
    const struct namesim *y, const struct ns_tok *b, int sb, int *how)
{
	const char *s = tok_str(x, a, sa), *t = tok_str(y, b, sb);
	size_t ls = a->len[sa], lt = b->len[sb];
	int person = x->kind == MATCH_PERSON, h = 0;
	double sim, best = 0.0;

	if (a->hash[sa] == b->hash[sb] && ls == lt && memcmp(s, t, ls) == 0) {
		*how = sa == 0 && sb == 0 ? HOW_EQUAL : HOW_SPELLING;
		return 1.0;
	}
	if (squeezed_equal(s, ls, t, lt)) {
		*how = HOW_SPELLING;
		return SIM_SQUEEZED;
	}
	if (syllables_exact(x, y))
		return 0.0;
	if ((sim = edit_sim(s, ls, t, lt, person, &h)) > best) {
		best = sim;
		*how = h;
	}
	if (person && best == 0.0 &&
	    ((!(a->flags & NF_NAMED) && short_omission(s, ls, t, lt)) ||
	    (!(b->flags & NF_NAMED) && short_omission(t, lt, s, ls)))) {
		best = 1.0 - SIM_EDIT_SCALE / 4.0;
		*how = HOW_TYPO;
	}
	/*
	 * Alike in sound: a person's long key alone, a short one with few
	 * errors; an organisation's always with few errors, since brands are
	 * invented words that may share their sound and nothing else
	 * (VEKUKA, VIGOCU).
	 */
	if (best < SIM_PHONETIC && a->plen[sa] == b->plen[sb] &&
	    a->pcons[sa] >= 2 && memcmp(tok_phon(x, a, sa), tok_phon(y, b, sb),
	    a->plen[sa]) == 0 && ((person && a->pcons[sa] >= 3) ||
	    near_enough(x, a, s, ls, y, b, t, lt))) {
		best = SIM_PHONETIC;
		*how = HOW_PHONETIC;
	}
	/* Which vowels an abjad leaves out is known better below. */
	if (person && best < SIM_SKELETON && x->abjad == y->abjad &&
	    (skeleton_of(s, ls, t, lt) || skeleton_of(t, lt, s, ls))) {
		best = SIM_SKELETON;
		*how = HOW_SKELETON;
	}
	/* Arabic or Hebrew spelt without short vowels, and in full. */
	if (person && best < SIM_SKELETON && x->abjad != y->abjad &&
	    (x->abjad ? abjad_of(s, ls, t, lt) : abjad_of(t, lt, s, ls))) {
		best = SIM_SKELETON;
		*how = HOW_SKELETON;
	}
	/* A Chinese name in Pinyin and in Wade-Giles: XI and HSI. */
	if (best < SIM_ROMANISED && x->sinic && y->sinic &&
	    sinic_same(s, ls, t, lt)) {
		best = SIM_ROMANISED;
		*how = HOW_ROMANISED;
	}
	if (person && best < SIM_TRUNCATED &&
	    (truncated(x, a, sa, y, b, sb) || truncated(y, b, sb, x, a, sa))) {
		best = SIM_TRUNCATED;
		*how = HOW_TRUNCATED;
	}
	return best;
}

/* The folded spellings, when they do better than best. */
static double
folded_sim(const struct namesim *x, const struct ns_tok *a,
    const struct namesim *y, const struct ns_tok *b, double best, int *how)
{
	const char *s = POOL(x) + a->fold, *t = POOL(y) + b->fold;
	double sim;
	int h = 0;

	if (a->flen == b->flen && memcmp(s, t, a->flen) == 0)
		sim = SIM_SQUEEZED;
	else
		sim = edit_sim(s, a->flen, t, b->flen, x->kind == MATCH_PERSON,
		    &h) - SIM_FOLDED;
	if (sim > best) {
		*how = HOW_SPELLING;
		return sim;
	}
	return best;
}

/*
 * Token i of x once a glued title is off against token j of y, in either
 * spelling, or against one of its own forms without a title: the same word
 * SIM_UNTITLED, a loose form within typing errors less (untitled_forms).
 */
static double
untitled_sim(const struct namesim *x, size_t i, const struct namesim *y,
    size_t j)
{
	const struct ns_alt *ax = alts(x), *ay = alts(y);
	const struct ns_tok *b = &y->tok[j];
	double best = 0.0;

	for (size_t k = 0; k < x->nalt; k++) {
		const char *f = POOL(x) + ax[k].off;
		size_t fl = ax[k].len;
		int h;

		if (ax[k].tok != i)
			continue;
		for (int sb = 0; sb < b->nsp; sb++) {
			const char *t = tok_str(y, b, sb);
			double sim;

			if (b->len[sb] == fl && memcmp(t, f, fl) == 0)
				return SIM_UNTITLED;
			if (ax[k].loose && (sim = SIM_UNTITLED * edit_sim(f,
			    fl, t, b->len[sb], 1, &h)) > best)
				best = sim;
		}
		for (size_t m = 0; m < y->nalt; m++)
			if (ay[m].tok == j && ay[m].len == fl &&
			    memcmp(POOL(y) + ay[m].off, f, fl) == 0)
				return SIM_UNTITLED;
	}
	return best;
}

/* Two tokens, the best of their spellings. */
static double
tok_sim(const struct namesim *x, const struct ns_tok *a,
    const struct namesim *y, const struct ns_tok *b, int *how)
{
	double best = 0.0;

	*how = 0;
	if (a->cls == NC_INITIAL || b->cls == NC_INITIAL) {
		const char *s = tok_str(x, a, 0), *t = tok_str(y, b, 0);

		if (s[0] != t[0])
			return 0.0;
		if (a->cls == b->cls) {
			*how = HOW_EQUAL;
			return 1.0;
		}
		if (a->cls == NC_PARTICLE || b->cls == NC_PARTICLE)
			return 0.0;
		*how = HOW_INITIAL;
		return SIM_INITIAL;
	}
	if (a->cls == NC_PARTICLE || b->cls == NC_PARTICLE) {
		const char *s = tok_str(x, a, 0), *t = tok_str(y, b, 0);

		/*
		 * BIN, BEN and IBN are one particle; so are AL, EL and AD.
		 * LE is LE, whether one name has it as a particle and the
		 * other as the name itself.
		 */
		if (strcmp(s, t) == 0 || (a->cls == b->cls &&
		    ((a->flags & b->flags & NF_CONNECTOR) != 0 ||
		    (in_list(s, articles, NITEMS(articles)) &&
		    in_list(t, articles, NITEMS(articles)))))) {
			*how = HOW_EQUAL;
			return 1.0;
		}
		return 0.0;
	}
	/* Numbers tell the members of a series apart: II is not III. */
	if (a->cls == NC_NUMBER || b->cls == NC_NUMBER) {
		if (a->len[0] == b->len[0] && memcmp(tok_str(x, a, 0),
		    tok_str(y, b, 0), a->len[0]) == 0) {
			*how = HOW_EQUAL;
			return 1.0;
		}
		return 0.0;
	}
	if (x->kind == MATCH_PERSON && (gendered(tok_str(x, a, 0), a->len[0],
	    tok_str(y, b, 0), b->len[0]) || gendered(POOL(x) + a->fold, a->flen,
	    POOL(y) + b->fold, b->flen)))
		return 0.0;
	for (int sa = 0; sa < a->nsp; sa++) {
		for (int sb = 0; sb < b->nsp; sb++) {
			int h = 0;
			double sim = word_sim(x, a, sa, y, b, sb, &h);

			if (sim > best) {
				best = sim;
				*how = h;
			}
			if (best >= 1.0)
				return best;
		}
	}
	if (best < SIM_SQUEEZED && ((a->flags | b->flags) & NF_FOLDED) &&
	    !syllables_exact(x, y))
		best = folded_sim(x, a, y, b, best, how);
	/* A nickname and its name: TED and EDWARD, BILL and WILL. */
	if (best < SIM_NICKNAME && (a->flags & b->flags & NF_NICK) &&
	    aliases(&nick_table, tok_str(x, a, 0), tok_str(y, b, 0))) {
		best = SIM_NICKNAME;
		*how = HOW_NICKNAME;
	}
	/* One name in two romanisations: CHEUNG and ZHANG, OHTA and OTA. */
	if (best < SIM_ROMANISED && (a->flags & b->flags & NF_ROMAN) &&
	    aliases(&roman_table, tok_str(x, a, 0), tok_str(y, b, 0))) {
		best = SIM_ROMANISED;
		*how = HOW_ROMANISED;
	}
	/* A second reading, for words the first found nothing alike in. */
	if (best < SIM_FLOOR && ((a->flags | b->flags) & NF_TITLED)) {
		size_t i = (size_t)(a - x->tok), j = (size_t)(b - y->tok);
		double u = untitled_sim(x, i, y, j), v = untitled_sim(y, j, x, i);

		if (v > u)
			u = v;
		if (u > best) {
			best = u;
			*how = HOW_TITLE;
		}
	}
	return best;
}

/* An aligned pair: tokens [a0, a0 + an) of one name with [b0, b0 + bn). */
struct unit {
	double sim;
	uint8_t a0, an, b0, bn;
	uint16_t how;
};

struct align {
	const struct namesim *a, *b;
	struct unit u[NS_UNITS_MAX];
	size_t nu;
	uint8_t useda[NS_TOKENS_MAX], usedb[NS_TOKENS_MAX];
};

static void
unit_add(struct align *al, double sim, size_t a0, size_t an, size_t b0,
    size_t bn, int how)
{
	if (sim < SIM_FLOOR || al->nu >= NS_UNITS_MAX)
		return;
	al->u[al->nu++] = (struct unit){sim, (uint8_t)a0, (uint8_t)an,
	    (uint8_t)b0, (uint8_t)bn, (uint16_t)how};
}

/*
 * Joins tokens [i, i + n) of x in spelling sp; its length, 0 if none. A
 * letter alone is an initial, not part of a compound, but between two
 * words (CHAN O CHA, CHANOCHA).
 */
static size_t
join(const struct namesim *x, size_t i, size_t n, int sp, char *buf,
    size_t bufsz)
{
	size_t len = 0;

	for (size_t k = i; k < i + n; k++) {
		const struct ns_tok *t = &x->tok[k];
		int s = sp < t->nsp ? sp : 0;

		if ((t->cls == NC_INITIAL && (k == i || k + 1 == i + n)) ||
		    len + t->len[s] >= bufsz)
			return 0;
		memcpy(buf + len, tok_str(x, t, s), t->len[s]);
		len += t->len[s];
	}
	buf[len] = '\0';
	return len;
}

/* Whether any token of [i, i + n) has a second spelling. */
static int
run_spellings(const struct namesim *x, size_t i, size_t n)
{
	for (size_t k = i; k < i + n; k++)
		if (x->tok[k].nsp > 1)
			return 2;
	return 1;
}

/* Neighbouring tokens joined into one, in each spelling. */
struct compound {
	char s[2][2 * NS_TOKEN_LEN + 2];
	size_t len[2];
	int nsp;
};

/*
 * A compound against token t of y; exact tells that only equal counts,
 * sinic that both names are Mandarin syllables (JINPING and CHIN PING).
 */
static double
compound_sim(const struct compound *c, const struct namesim *y,
    const struct ns_tok *t, int exact, int sinic)
{
	int person = y->kind == MATCH_PERSON, h;
	double sim, best = 0.0;

	for (int sp = 0; sp < c->nsp; sp++) {
		for (int st = 0; st < t->nsp; st++) {
			const char *s = tok_str(y, t, st);
			size_t ls = t->len[st];

			if (ls == c->len[sp] && memcmp(s, c->s[sp], ls) == 0)
				return 1.0;
			if (exact)
				continue;
			sim = edit_sim(c->s[sp], c->len[sp], s, ls, person, &h);
			if (sinic && sim < SIM_ROMANISED &&
			    sinic_same(c->s[sp], c->len[sp], s, ls))
				sim = SIM_ROMANISED;
			if (sim > best)
				best = sim;
		}
	}
	return best;
}

/*
 * Whether tokens [i, i + n) of x, joined in some spelling, are near enough
 * in length to a token of y for compound_sim to find them alike: typing
 * errors cannot make up more letters than they allow. Unless both names
 * are Mandarin syllables, whose two systems spell them longer or shorter.
 */
static int
compound_near(const struct namesim *x, size_t i, size_t n,
    const struct namesim *y)
{
	int person = y->kind == MATCH_PERSON, exact = syllables_exact(x, y);

	if (x->sinic && y->sinic && !exact)
		return 1;
	for (int sp = 0; sp < 2; sp++) {
		size_t len = 0;

		for (size_t k = i; k < i + n; k++) {
			const struct ns_tok *t = &x->tok[k];

			len += t->len[sp < t->nsp ? sp : 0];
		}
		for (size_t j = 0; j < y->ntok; j++) {
			const struct ns_tok *t = &y->tok[j];

			if (t->cls == NC_INITIAL || t->cls == NC_PARTICLE)
				continue;
			for (int st = 0; st < t->nsp; st++) {
				size_t lt = t->len[st], d = len > lt ?
				    len - lt : lt - len;

				if (d == 0 || (!exact && d <=
				    edits_allowed(min_sz(len, lt), person)))
					return 1;
			}
		}
	}
	return 0;
}

/*
 * Compounds: n neighbouring tokens of x written as one token of y
 * (JAN DANIEL, JANDANIEL; GOOD WILL, GOODWILL). swap tells which of the
 * pair x is, so that units keep a and b in place.
 */
static void
joined_units(struct align *al, const struct namesim *x,
    const struct namesim *y, int swap)
{
	struct compound c;

	for (size_t n = 2; n <= NS_JOIN_MAX; n++) {
		for (size_t i = 0; i + n <= x->ntok; i++) {
			if (!compound_near(x, i, n, y))
				continue;
			c.nsp = run_spellings(x, i, n);
			for (int sp = 0; sp < c.nsp; sp++)
				c.len[sp] = join(x, i, n, sp, c.s[sp],
				    sizeof(c.s[sp]));
			if (c.len[0] == 0)
				continue;
			for (size_t j = 0; j < y->ntok; j++) {
				const struct ns_tok *t = &y->tok[j];
				double sim;

				if (t->cls == NC_INITIAL ||
				    t->cls == NC_PARTICLE)
					continue;
				sim = compound_sim(&c, y, t,
				    syllables_exact(x, y),
				    x->sinic && y->sinic);
				if (swap)
					unit_add(al, sim, j, 1, i, n,
					    HOW_JOINED);
				else
					unit_add(al, sim, i, n, j, 1,
					    HOW_JOINED);
			}
		}
	}
}

/* Significant tokens of an organisation name: not numbers. */
static size_t
org_significant(const struct namesim *x, size_t *only)
{
	size_t n = 0;

	for (size_t i = 0; i < x->ntok; i++)
		if (x->tok[i].cls != NC_NUMBER) {
			*only = i;
			n++;
		}
	return n;
}

/* PLA and PEOPLES LIBERATION ARMY. */
static void
acronym_unit(struct align *al, const struct namesim *x,
    const struct namesim *y, int swap)
{
	size_t one = 0, ny, dummy = 0, k = 0;
	const struct ns_tok *t;
	const char *s;

	if (org_significant(x, &one) != 1)
		return;
	t = &x->tok[one];
	s = tok_str(x, t, 0);
	ny = org_significant(y, &dummy);
	if (t->len[0] < 2 || t->len[0] > 6 || ny != t->len[0] ||
	    ny != y->ntok)
		return;
	for (size_t j = 0; j < y->ntok; j++, k++)
		if (tok_str(y, &y->tok[j], 0)[0] != s[k])
			return;
	if (swap)
		unit_add(al, SIM_ACRONYM, 0, y->ntok, one, 1, HOW_ACRONYM);
	else
		unit_add(al, SIM_ACRONYM, one, 1, 0, y->ntok, HOW_ACRONYM);
}

static int
cmp_unit(const void *p, const void *q)
{
	const struct unit *x = p, *y = q;

	if (x->sim != y->sim)
		return x->sim > y->sim ? -1 : 1;
	if (x->an + x->bn != y->an + y->bn)
		return x->an + x->bn > y->an + y->bn ? -1 : 1;
	if (x->a0 != y->a0)
		return x->a0 < y->a0 ? -1 : 1;
	return (x->b0 > y->b0) - (x->b0 < y->b0);
}

static int
unit_free(const struct align *al, const struct unit *u)
{
	for (size_t i = u->a0; i < (size_t)u->a0 + u->an; i++)
		if (al->useda[i])
			return 0;
	for (size_t j = u->b0; j < (size_t)u->b0 + u->bn; j++)
		if (al->usedb[j])
			return 0;
	return 1;
}

/* Every candidate pair, then the best first, each token used once. */
static void
align(struct align *al)
{
	const struct namesim *a = al->a, *b = al->b;
	size_t kept = 0;

	for (size_t i = 0; i < a->ntok; i++) {
		for (size_t j = 0; j < b->ntok; j++) {
			int how;
			double sim = tok_sim(a, &a->tok[i], b, &b->tok[j],
			    &how);

			unit_add(al, sim, i, 1, j, 1, how);
		}
	}
	joined_units(al, a, b, 0);
	joined_units(al, b, a, 1);
	if (a->kind != MATCH_PERSON) {
		acronym_unit(al, a, b, 0);
		acronym_unit(al, b, a, 1);
	}
	qsort(al->u, al->nu, sizeof(al->u[0]), cmp_unit);
	for (size_t k = 0; k < al->nu; k++) {
		struct unit *u = &al->u[k];

		if (!unit_free(al, u))
			continue;
		for (size_t i = u->a0; i < (size_t)u->a0 + u->an; i++)
			al->useda[i] = 1;
		for (size_t j = u->b0; j < (size_t)u->b0 + u->bn; j++)
			al->usedb[j] = 1;
		al->u[kept++] = *u;
	}
	al->nu = kept;
}

/* What the alignment left over and how well it did. */
struct tally {
	double wsum, simsum;	/* over aligned tokens */
	size_t extra_a[5], extra_b[5];	/* left over, by class */
	size_t rare;		/* units with rare words on both sides */
	int father_clash;
	int order;		/* pairs in another order */
};

static void
tally_units(const struct align *al, struct tally *t)
{
	const struct namesim *a = al->a, *b = al->b;
	int last = -1;

	for (size_t k = 0; k < al->nu; k++) {
		const struct unit *u = &al->u[k];
		double w = 0.0;
		int worda = 0, wordb = 0, fa = 0, fb = 0;

		for (size_t i = u->a0; i < (size_t)u->a0 + u->an; i++) {
			w += weight(&a->tok[i]);
			worda |= a->tok[i].cls == NC_WORD;
			fa |= (a->tok[i].flags & NF_FATHER) != 0;
		}
		for (size_t j = u->b0; j < (size_t)u->b0 + u->bn; j++) {
			w += weight(&b->tok[j]);
			wordb |= b->tok[j].cls == NC_WORD;
			fb |= (b->tok[j].flags & NF_FATHER) != 0;
		}
		t->wsum += w;
		t->simsum += w * u->sim;
		if (worda && wordb)
			t->rare++;
		if (a->fathers > 0 && b->fathers > 0 && fa != fb)
			t->father_clash = 1;
	}
	/* Order: do the pairs, sorted by a's positions, rise in b? */
	for (size_t i = 0; i < a->ntok; i++) {
		for (size_t k = 0; k < al->nu; k++) {
			if (al->u[k].a0 != i)
				continue;
			if ((int)al->u[k].b0 < last)
				t->order = 1;
			last = al->u[k].b0;
		}
	}
	for (size_t i = 0; i < a->ntok; i++)
		if (!al->useda[i])
			t->extra_a[a->tok[i].cls]++;
	for (size_t j = 0; j < b->ntok; j++)
		if (!al->usedb[j])
			t->extra_b[b->tok[j].cls]++;
}

static double
cap(double s, double c)
{
	return s < c ? s : c;
}

static double
person_score(const struct align *al, const struct tally *t)
{
	size_t wa = t->extra_a[NC_WORD], wb = t->extra_b[NC_WORD];
	size_t ia = t->extra_a[NC_INITIAL], ib = t->extra_b[NC_INITIAL];
	double s;

	if (t->rare == 0 || t->wsum <= 0.0)
		return 0.0;
	s = t->simsum / t->wsum;
	s -= PEN_EXTRA_WORD * (double)(wa + wb) +
	    PEN_EXTRA_SMALL * (double)(ia + ib);
	if ((wa + ia > 0 && wb + ib > 0) || t->father_clash)
		s = cap(s, CAP_CONFLICT);
	if (wa + wb > NS_EXTRA_MAX)
		s = cap(s, CAP_PARTIAL);
	/* One word of a name inside a longer one is not the name. */
	if ((al->a->nwords == 1 && wb + ib > 0) ||
	    (al->b->nwords == 1 && wa + ia > 0))
		s = cap(s, CAP_PARTIAL);
	return s;
}

static double
org_score(const struct align *al, const struct tally *t)
{
	size_t ra = t->extra_a[NC_WORD], rb = t->extra_b[NC_WORD];
	size_t ca = t->extra_a[NC_COMMON], cb = t->extra_b[NC_COMMON];
	size_t na = t->extra_a[NC_NUMBER], nb = t->extra_b[NC_NUMBER];
	double s;

	if (t->wsum <= 0.0)
		return 0.0;
	s = t->simsum / t->wsum;
	s -= PEN_EXTRA_WORD * (double)(ca + cb) +
	    PEN_EXTRA_SMALL * (double)(na + nb);
	/*
	 * Another number on each side (TRUST II, TRUST III) is another
	 * member of a series: lower, yet lists and registries often file a
	 * series under one name, so not apart.
	 */
	if (na > 0 && nb > 0)
		s -= PEN_NUMBER_CLASH;
	if (ra + ca > 0 && rb + cb > 0)
		s = cap(s, CAP_CONFLICT);
	else if (ra + rb > 0)
		s = cap(s, CAP_PARTIAL);
	/*
	 * Never on common words or numbers alone, unless both names are the
	 * same two or more of them (WORLD BANK): one common word is no name.
	 */
	if (t->rare == 0 && (ca + cb + ra + rb + na + nb > 0 || al->nu < 2))
		s = cap(s, CAP_COMMON_ONLY);
	return s;
}

static void
explain(const struct align *al, const struct tally *t, double s,
    char *expl, size_t explsz)
{
	static const struct {
		uint16_t how;
		const char *word;
	} hows[] = {
		{HOW_SPELLING, "spelling"}, {HOW_TYPO, "typing"},
		{HOW_PHONETIC, "sound"}, {HOW_INITIAL, "initial"},
		{HOW_JOINED, "joined"}, {HOW_TRUNCATED, "truncated"},
		{HOW_ACRONYM, "acronym"}, {HOW_ORDER, "order"},
		{HOW_TITLE, "title"}, {HOW_NICKNAME, "nickname"},
		{HOW_ROMANISED, "romanisation"},
		{HOW_SKELETON, "vowels"},
	};
	uint16_t how = t->order ? HOW_ORDER : 0;
	size_t more = 0, len;
	const char *sep = " ";
	int n;

	for (size_t k = 0; k < al->nu; k++)
		how |= al->u[k].how;
	for (int c = NC_WORD; c <= NC_NUMBER; c++)
		if (c != NC_PARTICLE)
			more += t->extra_a[c] + t->extra_b[c];
	n = snprintf(expl, explsz, "%s ~ %s:", namesim_text(al->a),
	    namesim_text(al->b));
	if (n < 0 || (size_t)n >= explsz) {
		expl[0] = '\0';
		return;
	}
	len = (size_t)n;
	if (s < NAMESIM_SAME) {
		(void)snprintf(expl + len, explsz - len, " different");
		return;
	}
	for (size_t i = 0; i < NITEMS(hows); i++) {
		if (!(how & hows[i].how))
			continue;
		n = snprintf(expl + len, explsz - len, "%s%s", sep,
		    hows[i].word);
		if (n < 0 || (size_t)n >= explsz - len)
			return;
		len += (size_t)n;
		sep = ", ";
	}
	if (more > 0)
		(void)snprintf(expl + len, explsz - len, "%s%zu part%s more",
		    sep, more, more > 1 ? "s" : "");
	else if (sep[0] == ' ')
		(void)snprintf(expl + len, explsz - len, " equal");
}

/* One order for every pair, so that compare(a, b) is compare(b, a). */
static int
first_of_pair(const struct namesim *a, const struct namesim *b)
{
	if (a->ntok != b->ntok)
		return a->ntok < b->ntok;
	return strcmp(namesim_text(a), namesim_text(b)) <= 0;
}

double
namesim_compare(const struct namesim *a, const struct namesim *b,
    char *expl, size_t explsz)
{
	struct align al;
	struct tally t;
	double s;

	if (expl != NULL && explsz > 0)
		expl[0] = '\0';
	if (a == NULL || b == NULL || a->ntok == 0 || b->ntok == 0 ||
	    (a->kind == MATCH_PERSON) != (b->kind == MATCH_PERSON))
		return 0.0;
	al.a = first_of_pair(a, b) ? a : b;
	al.b = al.a == a ? b : a;
	al.nu = 0;
	memset(al.useda, 0, sizeof(al.useda));
	memset(al.usedb, 0, sizeof(al.usedb));
	align(&al);
	memset(&t, 0, sizeof(t));
	tally_units(&al, &t);
	s = a->kind == MATCH_PERSON ? person_score(&al, &t) :
	    org_score(&al, &t);
	if (s < 0.0)
		s = 0.0;
	if (s > 1.0)
		s = 1.0;
	if (expl != NULL && explsz > 0)
		explain(&al, &t, s, expl, explsz);
	return s;
}

/* ---- blocking keys ---- */

#define KEY_MAX		(NS_PHON_MAX + 4)
#define KEYS_MAX	(NS_TOKENS_MAX * (2 * 5 + 4 + 2 * 5) + NS_ALTS_MAX * 5 + 1)

struct keys {
	char k[KEYS_MAX][KEY_MAX];
	size_t n;
};

static void
key_add(struct keys *ks, const char *tag, const char *s, size_t n)
{
	if (ks->n >= KEYS_MAX || n == 0 || n + 3 > KEY_MAX)
		return;
	memcpy(ks->k[ks->n], tag, 2);
	memcpy(ks->k[ks->n] + 2, s, n);
	ks->k[ks->n][n + 2] = '\0';
	ks->n++;
}

/*
 * "K:" keys: every way of deleting one letter from the first four of a
 * person's name part, the first five of an organisation's word. Two words
 * one typing error apart in those letters (or none there) share one; so
 * do a shorter word (its own key) and a word or compound that starts with
 * it. An organisation's words are longer and often invented, and a list
 * holds many of them: three letters in common would make most of its
 * words each other's candidates, four do not. Its words of four letters
 * have the keys of both: one error apart from each other, or a letter
 * short of a longer word.
 */
#define KEY_WINDOW_PERSON	4
#define KEY_WINDOW_ORG		5

static size_t
key_window(const struct namesim *n)
{
	return n->kind == MATCH_PERSON ? KEY_WINDOW_PERSON : KEY_WINDOW_ORG;
}

static void
deletion_keys(struct keys *ks, const char *s, size_t win)
{
	char del[KEY_WINDOW_ORG];

	for (size_t d = 0; d < win; d++) {
		size_t o = 0;

		for (size_t i = 0; i < win; i++)
			if (i != d)
				del[o++] = s[i];
		key_add(ks, "K:", del, win - 1);
	}
}

static void
prefix_keys(struct keys *ks, const char *s, size_t len, size_t win)
{
	if (len >= win) {
		deletion_keys(ks, s, win);
		return;
	}
	key_add(ks, "K:", s, len);
	if (len == win - 1 && len >= KEY_WINDOW_PERSON)
		deletion_keys(ks, s, len);
}

/* Whether person n has a word that is not a particle's read as a name. */
static int
plain_words(const struct namesim *n)
{
	for (size_t i = 0; i < n->ntok; i++)
		if (n->tok[i].cls == NC_WORD &&
		    !(n->tok[i].flags & NF_PARTICLE_NAME))
			return 1;
	return 0;
}

/* Whether a token files the name: what a match needs to share. */
static int
keyed(const struct namesim *n, const struct ns_tok *t, int rare_only)
{
	/*
	 * A particle's word read as a name (MAI LE) files nothing, as the
	 * particle does not (LE MAI THANH): looked up, its short list would
	 * be read whole in place of its other words', and the name holding
	 * it as a particle is on none. Unless it is all the name has.
	 */
	if (n->kind == MATCH_PERSON)
		return t->cls == NC_WORD && (!(t->flags & NF_PARTICLE_NAME) ||
		    !plain_words(n));
	if (t->cls == NC_NUMBER)
		return 0;
	return !rare_only || t->cls == NC_WORD;
}

/* The keys of the names alias w stands for in table t. */
static void
alias_keys(struct keys *ks, const struct aliases *t, const char *w,
    size_t win)
{
	for (size_t k = alias_first(t, w); k < t->n &&
	    strcmp(t->v[k].alt, w) == 0; k++) {
		const char *full = t->v[k].name;
		char key[NS_PHON_MAX];
		size_t fl = strlen(full), kl;
		uint8_t cons;

		prefix_keys(ks, full, fl, win);
		kl = phonetic(full, fl, key, sizeof(key), &cons);
		if (cons >= 2)
			key_add(ks, "P:", key, kl);
	}
}

static int
cmp_key(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

size_t
namesim_keyed_words(const struct namesim *n)
{
	int rare_only = n->kind != MATCH_PERSON && n->nwords > 0;
	size_t k = 0;

	for (size_t i = 0; i < n->ntok; i++)
		k += keyed(n, &n->tok[i], rare_only) != 0;
	return k;
}

/*
 * The keys of n; query: those a query for it looks up, the same but for
 * the acronym's (keys_of's last step).
 */
static int
keys_of(const struct namesim *n, int query, namesim_key_fn fn, void *arg)
{
	struct keys ks;
	int rare_only = n->kind != MATCH_PERSON && n->nwords > 0;
	size_t win = key_window(n);

	ks.n = 0;
	for (size_t i = 0; i < n->ntok; i++) {
		const struct ns_tok *t = &n->tok[i];

		if (!keyed(n, t, rare_only))
			continue;
		for (int sp = 0; sp < t->nsp; sp++) {
			prefix_keys(&ks, tok_str(n, t, sp), t->len[sp], win);
			/* Keys of one consonant never match alone. */
			if (t->pcons[sp] >= 2)
				key_add(&ks, "P:", tok_phon(n, t, sp),
				    t->plen[sp]);
		}
	}
	/*
	 * A nickname files the name under the names it stands for (TED:
	 * EDWARD), another romanisation under the name it spells (WONG:
	 * WANG, HUANG).
	 */
	for (size_t i = 0; i < n->ntok; i++) {
		const struct ns_tok *t = &n->tok[i];

		if (t->flags & NF_NICK)
			alias_keys(&ks, &nick_table, tok_str(n, t, 0), win);
		if (t->flags & NF_ROMAN)
			alias_keys(&ks, &roman_table, tok_str(n, t, 0), win);
	}
	/* A word without its glued title files the name too (DRSMITH). */
	for (size_t k = 0; k < n->nalt; k++) {
		const struct ns_alt *a = &alts(n)[k];
		char key[NS_PHON_MAX];
		uint8_t cons;
		size_t kl;

		if (!keyed(n, &n->tok[a->tok], rare_only))
			continue;
		prefix_keys(&ks, POOL(n) + a->off, a->len, win);
		kl = phonetic(POOL(n) + a->off, a->len, key, sizeof(key), &cons);
		if (cons >= 2)
			key_add(&ks, "P:", key, kl);
	}
	/*
	 * A short first part: the compound it begins (XI JINPING, XIJINPING;
	 * AL ASSAD, ALASSAD), since the compound's first letters of the key
	 * window are not its own.
	 */
	for (size_t i = 0; i + 1 < n->ntok; i++) {
		const struct ns_tok *t = &n->tok[i], *u = &n->tok[i + 1];
		char buf[KEY_WINDOW_ORG];

		if (t->len[0] >= win || t->cls == NC_INITIAL ||
		    u->cls == NC_INITIAL || t->len[0] + u->len[0] < win ||
		    (n->kind != MATCH_PERSON && t->cls == NC_NUMBER))
			continue;
		memcpy(buf, tok_str(n, t, 0), t->len[0]);
		memcpy(buf + t->len[0], tok_str(n, u, 0), win - t->len[0]);
		prefix_keys(&ks, buf, win, win);
	}
	/*
	 * Organisations: the acronym, whichever side spells it. A word that
	 * may be one is filed under "A:", the initials of several words under
	 * "B:", and a query looks up the other: PLA finds PEOPLES LIBERATION
	 * ARMY and the other way round, while HALNUMSIRUX HOLDINGS and every
	 * other H... HOLDINGS, whose initials are one and which are no
	 * acronym of each other, share nothing by them.
	 */
	if (n->kind != MATCH_PERSON) {
		size_t one = 0, sig = org_significant(n, &one);
		const char *word = query ? "B:" : "A:", *words = query ? "A:" :
		    "B:";
		char acr[8];

		if (sig == 1 && n->tok[one].len[0] >= 2 &&
		    n->tok[one].len[0] <= 6)
			key_add(&ks, word, tok_str(n, &n->tok[one], 0),
			    n->tok[one].len[0]);
		else if (sig >= 2 && sig <= 6 && sig == n->ntok) {
			for (size_t i = 0; i < n->ntok; i++)
				acr[i] = tok_str(n, &n->tok[i], 0)[0];
			key_add(&ks, words, acr, sig);
		}
	}
	qsort(ks.k, ks.n, sizeof(ks.k[0]), cmp_key);
	for (size_t i = 0; i < ks.n; i++) {
		if (i > 0 && strcmp(ks.k[i], ks.k[i - 1]) == 0)
			continue;
		if (fn(arg, ks.k[i]) == -1)
			return -1;
	}
	return 0;
}

int
namesim_keys(const struct namesim *n, namesim_key_fn fn, void *arg)
{
	return keys_of(n, 0, fn, arg);
}

int
namesim_query_keys(const struct namesim *n, namesim_key_fn fn, void *arg)
{
	return keys_of(n, 1, fn, arg);
}

int
namesim_key_whole(const char *key)
{
	return strncmp(key, "A:", 2) == 0 || strncmp(key, "B:", 2) == 0;
}

int
namesim_key_first(const char *key)
{
	return strncmp(key, "K:", 2) == 0;
}

/*
 * A tail begins after two letters (MCDONALD, MC DONALD) and keeps three.
 * Its key is the one prefix_keys gives a word that begins so whatever its
 * length: the window less its last letter, or the word shorter than that.
 */
#define TAIL_FROM	2
#define TAIL_MIN	3

int
namesim_tail_keys(const struct namesim *n, namesim_key_fn fn, void *arg)
{
	int rare_only = n->kind != MATCH_PERSON && n->nwords > 0;
	size_t win = key_window(n) - 1;

	for (size_t i = 0; i < n->ntok; i++) {
		const struct ns_tok *t = &n->tok[i];
		const char *w = tok_str(n, t, 0);

		if (!keyed(n, t, rare_only))
			continue;
		for (size_t k = TAIL_FROM; k + TAIL_MIN <= t->len[0]; k++) {
			char key[KEY_MAX];
			size_t len = t->len[0] - k < win ? t->len[0] - k : win;

			(void)snprintf(key, sizeof(key), "K:%.*s", (int)len,
			    w + k);
			if (fn(arg, key) == -1)
				return -1;
		}
	}
	return 0;
}
