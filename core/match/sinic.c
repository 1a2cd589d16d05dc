/*
 * Chinese names in Hanyu Pinyin and in Wade-Giles (see sinic.h).
 *
 * Lists from mainland China write Chinese names in Hanyu Pinyin; Taiwan's
 * passports, older lists and much of the English-language record write
 * them in Wade-Giles. The same person is XU ZHIMING in one and HSU
 * CHIH-MING in the other, and neither edits nor sound keys see that HSU is
 * XU or CHIH is ZHI.
 *
 * Both spellings come down to the Pinyin syllables a word can be. A Pinyin
 * syllable is itself. A Wade-Giles spelling is the Pinyin syllables the
 * standard correspondence gives it once what passports drop is dropped:
 * the apostrophe of aspiration (CHANG is chang, ZHANG, and ch'ang, CHANG),
 * the umlaut (HSU is hsü, XU; CHU is ZHU, CHU, JU or QU), the circumflex
 * (CHEN) and the breve (SSU).
 *
 * The tables. pinyin[] holds the toneless syllables of Hanyu Pinyin as the
 * usual Pinyin tables list them, without the interjections (M, N, NG, HM,
 * HNG) and the dialect or obsolete BIANG, FIAO and YAI; ü is U, as Pinyin
 * writes it after J, Q, X and Y and passports after L and N (LU, NUE).
 * wadegiles[] was derived from the standard Pinyin to Wade-Giles
 * correspondence (initials B P, P P', D T, T T', G K, K K', ZH and J CH,
 * CH and Q CH', X HS, R J, Z TS, C TS'; finals ZHI CHIH, ZI TZU, SI SSU, IE
 * IEH, ÜE ÜEH, IAN IEN, ONG UNG, IONG IUNG, UO O but after G K H SH, E O
 * after G K H, GUI KUEI, ER ERH, YI I, YOU YU, YU YÜ, YAN YEN, YE YEH),
 * kept to the syllables Giles's dictionary (1892) has and checked against
 * Legeza's tabulation of it (1968) spelling by spelling, with Wade's CHEI
 * and NE. A few spellings met beside the dictionary's are added: SZU for
 * SSU; -EH for -Ê after T, CH, SH and J (CHU TEH); -UEI for -UI as
 * Taiwanese passports write it (HUEI) and KUI for KUEI. umlaut[] holds the
 * other ways ü is written after L and N: YU, as Chinese passports do
 * (LYU), and V, as typists do (LV).
 *
 * This must never make different syllables equal: two Pinyin syllables
 * meet only through a Wade-Giles spelling that stands for both (PAO: BAO
 * and PAO), never through likeness, so JIN and QIN, XI and SHI, ZHANG and
 * ZHENG stay apart. For that reason the dictionaries' old forms (HSIO for
 * XUE, YO for YUE) and ü written UE (LUE for lü) are left out: each would
 * make two names of today one.
 *
 * A word is read in one system throughout, as one hand wrote it: XIAOPING
 * is Pinyin XIAO PING, not XIAO BING through a Wade-Giles PING, else two
 * Pinyin names would be one. It is split every way into at most
 * SINIC_MAX_SYLLABLES syllables (XIAN is XI AN or XIAN; vowel_ok has the
 * one limit), each syllable that can begin at a letter looked up once. Two
 * words are then walked syllable by syllable, both at once, for each pair
 * of systems, keeping the pairs of positions reached: nothing allocated,
 * no recursion, at most SINIC_MAX_SYLLABLES steps.
 */
#include "sinic.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))
#define SYL_LEN		6	/* the longest syllable: ZHUANG, HSIUNG */
#define WORD_LEN	(SINIC_MAX_SYLLABLES * SYL_LEN)
#define READINGS	4	/* syllables one spelling stands for: CHU */

/* A spelling and the Pinyin syllables it can stand for (NULL after them). */
struct spelling {
	const char *text;
	const char *pinyin[READINGS];
};

/* Hanyu Pinyin's syllables, toneless, ü as U; sorted. */
static const char *const pinyin[] = {
	"A", "AI", "AN", "ANG", "AO",
	"BA", "BAI", "BAN", "BANG", "BAO", "BEI", "BEN", "BENG", "BI", "BIAN",
	"BIAO", "BIE", "BIN", "BING", "BO", "BU",
	"CA", "CAI", "CAN", "CANG", "CAO", "CE", "CEN", "CENG", "CHA", "CHAI",
	"CHAN", "CHANG", "CHAO", "CHE", "CHEN", "CHENG", "CHI", "CHONG",
	"CHOU", "CHU", "CHUA", "CHUAI", "CHUAN", "CHUANG", "CHUI", "CHUN",
	"CHUO", "CI", "CONG", "COU", "CU", "CUAN", "CUI", "CUN", "CUO",
	"DA", "DAI", "DAN", "DANG", "DAO", "DE", "DEI", "DEN", "DENG", "DI",
	"DIA", "DIAN", "DIAO", "DIE", "DING", "DIU", "DONG", "DOU", "DU",
	"DUAN", "DUI", "DUN", "DUO",
	"E", "EI", "EN", "ENG", "ER",
	"FA", "FAN", "FANG", "FEI", "FEN", "FENG", "FO", "FOU", "FU",
	"GA", "GAI", "GAN", "GANG", "GAO", "GE", "GEI", "GEN", "GENG", "GONG",
	"GOU", "GU", "GUA", "GUAI", "GUAN", "GUANG", "GUI", "GUN", "GUO",
	"HA", "HAI", "HAN", "HANG", "HAO", "HE", "HEI", "HEN", "HENG", "HONG",
	"HOU", "HU", "HUA", "HUAI", "HUAN", "HUANG", "HUI", "HUN", "HUO",
	"JI", "JIA", "JIAN", "JIANG", "JIAO", "JIE", "JIN", "JING", "JIONG",
	"JIU", "JU", "JUAN", "JUE", "JUN",
	"KA", "KAI", "KAN", "KANG", "KAO", "KE", "KEI", "KEN", "KENG", "KONG",
	"KOU", "KU", "KUA", "KUAI", "KUAN", "KUANG", "KUI", "KUN", "KUO",
	"LA", "LAI", "LAN", "LANG", "LAO", "LE", "LEI", "LENG", "LI", "LIA",
	"LIAN", "LIANG", "LIAO", "LIE", "LIN", "LING", "LIU", "LO", "LONG",
	"LOU", "LU", "LUAN", "LUE", "LUN", "LUO",
	"MA", "MAI", "MAN", "MANG", "MAO", "ME", "MEI", "MEN", "MENG", "MI",
	"MIAN", "MIAO", "MIE", "MIN", "MING", "MIU", "MO", "MOU", "MU",
	"NA", "NAI", "NAN", "NANG", "NAO", "NE", "NEI", "NEN", "NENG", "NI",
	"NIA", "NIAN", "NIANG", "NIAO", "NIE", "NIN", "NING", "NIU", "NONG",
	"NOU", "NU", "NUAN", "NUE", "NUN", "NUO",
	"O", "OU",
	"PA", "PAI", "PAN", "PANG", "PAO", "PEI", "PEN", "PENG", "PI", "PIAN",
	"PIAO", "PIE", "PIN", "PING", "PO", "POU", "PU",
	"QI", "QIA", "QIAN", "QIANG", "QIAO", "QIE", "QIN", "QING", "QIONG",
	"QIU", "QU", "QUAN", "QUE", "QUN",
	"RAN", "RANG", "RAO", "RE", "REN", "RENG", "RI", "RONG", "ROU", "RU",
	"RUA", "RUAN", "RUI", "RUN", "RUO",
	"SA", "SAI", "SAN", "SANG", "SAO", "SE", "SEI", "SEN", "SENG", "SHA",
	"SHAI", "SHAN", "SHANG", "SHAO", "SHE", "SHEI", "SHEN", "SHENG", "SHI",
	"SHOU", "SHU", "SHUA", "SHUAI", "SHUAN", "SHUANG", "SHUI", "SHUN",
	"SHUO", "SI", "SONG", "SOU", "SU", "SUAN", "SUI", "SUN", "SUO",
	"TA", "TAI", "TAN", "TANG", "TAO", "TE", "TEI", "TENG", "TI", "TIAN",
	"TIAO", "TIE", "TING", "TONG", "TOU", "TU", "TUAN", "TUI", "TUN",
	"TUO",
	"WA", "WAI", "WAN", "WANG", "WEI", "WEN", "WENG", "WO", "WU",
	"XI", "XIA", "XIAN", "XIANG", "XIAO", "XIE", "XIN", "XING", "XIONG",
	"XIU", "XU", "XUAN", "XUE", "XUN",
	"YA", "YAN", "YANG", "YAO", "YE", "YI", "YIN", "YING", "YO", "YONG",
	"YOU", "YU", "YUAN", "YUE", "YUN",
	"ZA", "ZAI", "ZAN", "ZANG", "ZAO", "ZE", "ZEI", "ZEN", "ZENG", "ZHA",
	"ZHAI", "ZHAN", "ZHANG", "ZHAO", "ZHE", "ZHEI", "ZHEN", "ZHENG", "ZHI",
	"ZHONG", "ZHOU", "ZHU", "ZHUA", "ZHUAI", "ZHUAN", "ZHUANG", "ZHUI",
	"ZHUN", "ZHUO", "ZI", "ZONG", "ZOU", "ZU", "ZUAN", "ZUI", "ZUN", "ZUO",
};

/*
 * Wade-Giles spellings as passports write them (no apostrophe, umlaut,
 * circumflex or breve) and the Pinyin syllables each stands for; sorted.
 * A word read as Wade-Giles stands for these only: LI is LI, as in Pinyin,
 * because it is listed so.
 */
static const struct spelling wadegiles[] = {
	{"A", {"A"}}, {"AI", {"AI"}}, {"AN", {"AN"}}, {"ANG", {"ANG"}},
	{"AO", {"AO"}},
	{"CHA", {"CHA", "ZHA"}}, {"CHAI", {"CHAI", "ZHAI"}},
	{"CHAN", {"CHAN", "ZHAN"}}, {"CHANG", {"CHANG", "ZHANG"}},
	{"CHAO", {"CHAO", "ZHAO"}}, {"CHE", {"CHE", "ZHE"}},
	{"CHEH", {"CHE", "ZHE"}}, {"CHEI", {"ZHEI"}},
	{"CHEN", {"CHEN", "ZHEN"}}, {"CHENG", {"CHENG", "ZHENG"}},
	{"CHI", {"JI", "QI"}}, {"CHIA", {"JIA", "QIA"}},
	{"CHIANG", {"JIANG", "QIANG"}}, {"CHIAO", {"JIAO", "QIAO"}},
	{"CHIEH", {"JIE", "QIE"}}, {"CHIEN", {"JIAN", "QIAN"}},
	{"CHIH", {"CHI", "ZHI"}}, {"CHIN", {"JIN", "QIN"}},
	{"CHING", {"JING", "QING"}}, {"CHIU", {"JIU", "QIU"}},
	{"CHIUNG", {"JIONG", "QIONG"}}, {"CHO", {"CHUO", "ZHUO"}},
	{"CHOU", {"CHOU", "ZHOU"}}, {"CHU", {"CHU", "JU", "QU", "ZHU"}},
	{"CHUA", {"CHUA", "ZHUA"}}, {"CHUAI", {"CHUAI", "ZHUAI"}},
	{"CHUAN", {"CHUAN", "JUAN", "QUAN", "ZHUAN"}},
	{"CHUANG", {"CHUANG", "ZHUANG"}}, {"CHUEH", {"JUE", "QUE"}},
	{"CHUEI", {"CHUI", "ZHUI"}}, {"CHUI", {"CHUI", "ZHUI"}},
	{"CHUN", {"CHUN", "JUN", "QUN", "ZHUN"}},
	{"CHUNG", {"CHONG", "ZHONG"}},
	{"E", {"E"}}, {"EI", {"EI"}}, {"EN", {"EN"}}, {"ENG", {"ENG"}},
	{"ERH", {"ER"}},
	{"FA", {"FA"}}, {"FAN", {"FAN"}}, {"FANG", {"FANG"}}, {"FEI", {"FEI"}},
	{"FEN", {"FEN"}}, {"FENG", {"FENG"}}, {"FO", {"FO"}}, {"FOU", {"FOU"}},
	{"FU", {"FU"}},
	{"HA", {"HA"}}, {"HAI", {"HAI"}}, {"HAN", {"HAN"}}, {"HANG", {"HANG"}},
	{"HAO", {"HAO"}}, {"HE", {"HE"}}, {"HEI", {"HEI"}}, {"HEN", {"HEN"}},
	{"HENG", {"HENG"}}, {"HO", {"HE"}}, {"HOU", {"HOU"}}, {"HSI", {"XI"}},
	{"HSIA", {"XIA"}}, {"HSIANG", {"XIANG"}}, {"HSIAO", {"XIAO"}},
	{"HSIEH", {"XIE"}}, {"HSIEN", {"XIAN"}}, {"HSIN", {"XIN"}},
	{"HSING", {"XING"}}, {"HSIU", {"XIU"}}, {"HSIUNG", {"XIONG"}},
	{"HSU", {"XU"}}, {"HSUAN", {"XUAN"}}, {"HSUEH", {"XUE"}},
	{"HSUN", {"XUN"}}, {"HU", {"HU"}}, {"HUA", {"HUA"}},
	{"HUAI", {"HUAI"}}, {"HUAN", {"HUAN"}}, {"HUANG", {"HUANG"}},
	{"HUEI", {"HUI"}}, {"HUI", {"HUI"}}, {"HUN", {"HUN"}},
	{"HUNG", {"HONG"}}, {"HUO", {"HUO"}},
	{"I", {"YI"}},
	{"JAN", {"RAN"}}, {"JANG", {"RANG"}}, {"JAO", {"RAO"}}, {"JE", {"RE"}},
	{"JEH", {"RE"}}, {"JEN", {"REN"}}, {"JENG", {"RENG"}}, {"JIH", {"RI"}},
	{"JO", {"RUO"}}, {"JOU", {"ROU"}}, {"JU", {"RU"}}, {"JUA", {"RUA"}},
	{"JUAN", {"RUAN"}}, {"JUEI", {"RUI"}}, {"JUI", {"RUI"}},
	{"JUN", {"RUN"}}, {"JUNG", {"RONG"}},
	{"KA", {"GA", "KA"}}, {"KAI", {"GAI", "KAI"}}, {"KAN", {"GAN", "KAN"}},
	{"KANG", {"GANG", "KANG"}}, {"KAO", {"GAO", "KAO"}},
	{"KE", {"GE", "KE"}}, {"KEI", {"GEI", "KEI"}}, {"KEN", {"GEN", "KEN"}},
	{"KENG", {"GENG", "KENG"}}, {"KO", {"GE", "KE"}},
	{"KOU", {"GOU", "KOU"}}, {"KU", {"GU", "KU"}}, {"KUA", {"GUA", "KUA"}},
	{"KUAI", {"GUAI", "KUAI"}}, {"KUAN", {"GUAN", "KUAN"}},
	{"KUANG", {"GUANG", "KUANG"}}, {"KUEI", {"GUI", "KUI"}},
	{"KUI", {"GUI", "KUI"}}, {"KUN", {"GUN", "KUN"}},
	{"KUNG", {"GONG", "KONG"}}, {"KUO", {"GUO", "KUO"}},
	{"LA", {"LA"}}, {"LAI", {"LAI"}}, {"LAN", {"LAN"}}, {"LANG", {"LANG"}},
	{"LAO", {"LAO"}}, {"LE", {"LE"}}, {"LEI", {"LEI"}}, {"LENG", {"LENG"}},
	{"LI", {"LI"}}, {"LIA", {"LIA"}}, {"LIANG", {"LIANG"}},
	{"LIAO", {"LIAO"}}, {"LIEH", {"LIE"}}, {"LIEN", {"LIAN"}},
	{"LIN", {"LIN"}}, {"LING", {"LING"}}, {"LIU", {"LIU"}},
	{"LO", {"LO", "LUO"}}, {"LOU", {"LOU"}}, {"LU", {"LU"}},
	{"LUAN", {"LUAN"}}, {"LUEH", {"LUE"}}, {"LUN", {"LUN"}},
	{"LUNG", {"LONG"}},
	{"MA", {"MA"}}, {"MAI", {"MAI"}}, {"MAN", {"MAN"}}, {"MANG", {"MANG"}},
	{"MAO", {"MAO"}}, {"MEI", {"MEI"}}, {"MEN", {"MEN"}},
	{"MENG", {"MENG"}}, {"MI", {"MI"}}, {"MIAO", {"MIAO"}},
	{"MIEH", {"MIE"}}, {"MIEN", {"MIAN"}}, {"MIN", {"MIN"}},
	{"MING", {"MING"}}, {"MIU", {"MIU"}}, {"MO", {"MO"}}, {"MOU", {"MOU"}},
	{"MU", {"MU"}},
	{"NA", {"NA"}}, {"NAI", {"NAI"}}, {"NAN", {"NAN"}}, {"NANG", {"NANG"}},
	{"NAO", {"NAO"}}, {"NE", {"NE"}}, {"NEI", {"NEI"}}, {"NEN", {"NEN"}},
	{"NENG", {"NENG"}}, {"NI", {"NI"}}, {"NIANG", {"NIANG"}},
	{"NIAO", {"NIAO"}}, {"NIEH", {"NIE"}}, {"NIEN", {"NIAN"}},
	{"NIN", {"NIN"}}, {"NING", {"NING"}}, {"NIU", {"NIU"}},
	{"NO", {"NUO"}}, {"NOU", {"NOU"}}, {"NU", {"NU"}}, {"NUAN", {"NUAN"}},
	{"NUEH", {"NUE"}}, {"NUN", {"NUN"}}, {"NUNG", {"NONG"}},
	{"O", {"E", "O"}}, {"OU", {"OU"}},
	{"PA", {"BA", "PA"}}, {"PAI", {"BAI", "PAI"}}, {"PAN", {"BAN", "PAN"}},
	{"PANG", {"BANG", "PANG"}}, {"PAO", {"BAO", "PAO"}},
	{"PEI", {"BEI", "PEI"}}, {"PEN", {"BEN", "PEN"}},
	{"PENG", {"BENG", "PENG"}}, {"PI", {"BI", "PI"}},
	{"PIAO", {"BIAO", "PIAO"}}, {"PIEH", {"BIE", "PIE"}},
	{"PIEN", {"BIAN", "PIAN"}}, {"PIN", {"BIN", "PIN"}},
	{"PING", {"BING", "PING"}}, {"PO", {"BO", "PO"}}, {"POU", {"POU"}},
	{"PU", {"BU", "PU"}},
	{"SA", {"SA"}}, {"SAI", {"SAI"}}, {"SAN", {"SAN"}}, {"SANG", {"SANG"}},
	{"SAO", {"SAO"}}, {"SE", {"SE"}}, {"SEN", {"SEN"}}, {"SENG", {"SENG"}},
	{"SHA", {"SHA"}}, {"SHAI", {"SHAI"}}, {"SHAN", {"SHAN"}},
	{"SHANG", {"SHANG"}}, {"SHAO", {"SHAO"}}, {"SHE", {"SHE"}},
	{"SHEH", {"SHE"}}, {"SHEI", {"SHEI"}}, {"SHEN", {"SHEN"}},
	{"SHENG", {"SHENG"}}, {"SHIH", {"SHI"}}, {"SHOU", {"SHOU"}},
	{"SHU", {"SHU"}}, {"SHUA", {"SHUA"}}, {"SHUAI", {"SHUAI"}},
	{"SHUAN", {"SHUAN"}}, {"SHUANG", {"SHUANG"}}, {"SHUEI", {"SHUI"}},
	{"SHUI", {"SHUI"}}, {"SHUN", {"SHUN"}}, {"SHUO", {"SHUO"}},
	{"SO", {"SUO"}}, {"SOU", {"SOU"}}, {"SSU", {"SI"}}, {"SU", {"SU"}},
	{"SUAN", {"SUAN"}}, {"SUEI", {"SUI"}}, {"SUI", {"SUI"}},
	{"SUN", {"SUN"}}, {"SUNG", {"SONG"}}, {"SZU", {"SI"}},
	{"TA", {"DA", "TA"}}, {"TAI", {"DAI", "TAI"}}, {"TAN", {"DAN", "TAN"}},
	{"TANG", {"DANG", "TANG"}}, {"TAO", {"DAO", "TAO"}},
	{"TE", {"DE", "TE"}}, {"TEH", {"DE", "TE"}}, {"TEI", {"DEI", "TEI"}},
	{"TEN", {"DEN"}}, {"TENG", {"DENG", "TENG"}}, {"TI", {"DI", "TI"}},
	{"TIAO", {"DIAO", "TIAO"}}, {"TIEH", {"DIE", "TIE"}},
	{"TIEN", {"DIAN", "TIAN"}}, {"TING", {"DING", "TING"}},
	{"TIU", {"DIU"}}, {"TO", {"DUO", "TUO"}}, {"TOU", {"DOU", "TOU"}},
	{"TSA", {"CA", "ZA"}}, {"TSAI", {"CAI", "ZAI"}},
	{"TSAN", {"CAN", "ZAN"}}, {"TSANG", {"CANG", "ZANG"}},
	{"TSAO", {"CAO", "ZAO"}}, {"TSE", {"CE", "ZE"}}, {"TSEI", {"ZEI"}},
	{"TSEN", {"CEN", "ZEN"}}, {"TSENG", {"CENG", "ZENG"}},
	{"TSO", {"CUO", "ZUO"}}, {"TSOU", {"COU", "ZOU"}},
	{"TSU", {"CU", "ZU"}}, {"TSUAN", {"CUAN", "ZUAN"}},
	{"TSUEI", {"CUI", "ZUI"}}, {"TSUI", {"CUI", "ZUI"}},
	{"TSUN", {"CUN", "ZUN"}}, {"TSUNG", {"CONG", "ZONG"}},
	{"TU", {"DU", "TU"}}, {"TUAN", {"DUAN", "TUAN"}},
	{"TUEI", {"DUI", "TUI"}}, {"TUI", {"DUI", "TUI"}},
	{"TUN", {"DUN", "TUN"}}, {"TUNG", {"DONG", "TONG"}},
	{"TZU", {"CI", "ZI"}},
	{"WA", {"WA"}}, {"WAI", {"WAI"}}, {"WAN", {"WAN"}}, {"WANG", {"WANG"}},
	{"WEI", {"WEI"}}, {"WEN", {"WEN"}}, {"WENG", {"WENG"}}, {"WO", {"WO"}},
	{"WU", {"WU"}},
	{"YA", {"YA"}}, {"YANG", {"YANG"}}, {"YAO", {"YAO"}}, {"YEH", {"YE"}},
	{"YEN", {"YAN"}}, {"YI", {"YI"}}, {"YIN", {"YIN"}}, {"YING", {"YING"}},
	{"YU", {"YOU", "YU"}}, {"YUAN", {"YUAN"}}, {"YUEH", {"YUE"}},
	{"YUN", {"YUN"}}, {"YUNG", {"YONG"}},
};

/* Pinyin's ü after L and N written otherwise than U; sorted. */
static const struct spelling umlaut[] = {
	{"LV", {"LU"}}, {"LVE", {"LUE"}}, {"LYU", {"LU"}}, {"LYUE", {"LUE"}},
	{"NV", {"NU"}}, {"NVE", {"NUE"}}, {"NYU", {"NU"}}, {"NYUE", {"NUE"}},
};

/* The two ways a word is written, one throughout. */
enum system {
	PINYIN,
	WADE,
	SYSTEMS
};

/* Letters of a word as one syllable in either system. */
struct syllable {
	const char *pinyin;		/* as Pinyin, or NULL */
	const struct spelling *wade;	/* as Wade-Giles, or NULL */
};

/*
 * A word as read. Bit i of at[s][d]: a split into d syllables of system s
 * ends before letter i. syl[i][k]: the k + 1 letters from letter i, for
 * the letters in rows only (where a syllable may begin and the word still
 * end in time). Bit p of from[i]: a Wade-Giles syllable from letter p
 * ends before letter i; bit k of after[i], whether the syllable of k + 1
 * letters from letter i may follow it (see vowel_ok).
 */
struct word {
	uint32_t at[SYSTEMS][SINIC_MAX_SYLLABLES + 1];
	uint32_t rows;
	uint32_t from[WORD_LEN + 1];
	uint8_t after[WORD_LEN];
	struct syllable syl[WORD_LEN][SYL_LEN];
};

/*
 * The three tables as one, keyed by a syllable's letters packed five bits
 * each (at most SYL_LEN of them, 30 bits; 0 is no text): each syllable
 * where it is one, and each shorter run of letters a syllable begins with,
 * so that a reader of ever longer syllables knows when to stop. Built once
 * from the tables; one probe for what were three binary searches of
 * strings (the comparison of two Chinese names reads each letter of both
 * words so, for every pair of candidates).
 */
#define SYL_BITS	12
#define SYL_SLOTS	(1u << SYL_BITS)	/* over twice the 619 filed */

struct syl_slot {
	uint32_t key;			/* packed letters; 0 empty */
	uint8_t more;			/* a longer syllable begins so */
	struct syllable s;
};

static struct syl_slot syl_table[SYL_SLOTS];
static pthread_once_t syl_once = PTHREAD_ONCE_INIT;

static uint32_t
syl_key(const char *w, size_t len)
{
	uint32_t k = 0;

	for (size_t i = 0; i < len; i++)
		k |= (uint32_t)(w[i] - 'A' + 1) << (5 * i);
	return k;
}

static size_t
syl_hash(uint32_t key)
{
	return (key * 0x9e3779b1u) >> (32 - SYL_BITS);
}

/* The slot of key: its own, or the empty one where it would go. */
static struct syl_slot *
syl_slot(uint32_t key)
{
	size_t j = syl_hash(key);

	while (syl_table[j].key != 0 && syl_table[j].key != key)
		j = (j + 1) & (SYL_SLOTS - 1);
	return &syl_table[j];
}

/* Files text, and marks the letters it begins with. */
static struct syl_slot *
syl_file(const char *text)
{
	size_t len = strlen(text);
	struct syl_slot *e = NULL;

	for (size_t k = 1; k <= len; k++) {
		e = syl_slot(syl_key(text, k));
		e->key = syl_key(text, k);
		if (k < len)
			e->more = 1;
	}
	return e;
}

static void
syl_build(void)
{
	for (size_t i = 0; i < NITEMS(pinyin); i++)
		syl_file(pinyin[i])->s.pinyin = pinyin[i];
	for (size_t i = 0; i < NITEMS(umlaut); i++) {
		struct syl_slot *e = syl_file(umlaut[i].text);

		if (e->s.pinyin == NULL)
			e->s.pinyin = umlaut[i].pinyin[0];
	}
	for (size_t i = 0; i < NITEMS(wadegiles); i++)
		syl_file(wadegiles[i].text)->s.wade = &wadegiles[i];
}

/*
 * Looks up the len letters at w (1 to SYL_LEN capitals) as one syllable;
 * whether a longer syllable of either system begins with them.
 */
static int
syllable_read(const char *w, size_t len, struct syllable *s)
{
	const struct syl_slot *e;

	(void)pthread_once(&syl_once, syl_build);
	e = syl_slot(syl_key(w, len));
	*s = e->s;
	return e->more;
}

static int
readable(const struct syllable *s, enum system sys)
{
	return sys == PINYIN ? s->pinyin != NULL : s->wade != NULL;
}

/* Whether the len letters at w are a syllable in either system. */
static int
is_syllable(const char *w, size_t len)
{
	struct syllable s;

	syllable_read(w, len, &s);
	return s.pinyin != NULL || s.wade != NULL;
}

/*
 * Which syllables from letter i of w (n letters) may follow the
 * Wade-Giles syllables that end there, which begin at the letters in
 * from: bit k for the k + 1 letters.
 *
 * Pinyin writes an apostrophe before a syllable that begins with a vowel
 * (XI'AN), passports drop it, and so a Pinyin XIAN may be XI AN: it meets
 * HSI-AN. Were the same true of Wade-Giles, two unlikely readings would
 * make one name of two: DIAN as DI AN and TIAN as T'I-AN, LUO as LU-O and
 * LUE as LU-E (both Pinyin LU E), HUI as HU-I (HUYI). So in a word read
 * as Wade-Giles a syllable that begins with a vowel does not follow one it
 * would make one syllable with, in either system; CHIHAN is still CHIH-AN,
 * HSIUO (XIUE) HSIU-O and HSUI HSU-I, though SUI is a syllable.
 */
static uint8_t
vowel_ok(const char *w, size_t n, size_t i, uint32_t from)
{
	uint8_t ok = 0xff;

	if (from == 0 || strchr("AEIOU", w[i]) == NULL)
		return ok;
	for (size_t k = 0; k < SYL_LEN && i + k < n; k++) {
		if (!is_syllable(w + i, k + 1))
			continue;
		for (size_t p = 0; p < i; p++)
			if ((from >> p & 1) && i + k + 1 - p <= SYL_LEN &&
			    is_syllable(w + p, i + k + 1 - p)) {
				ok &= (uint8_t)~(1u << k);
				break;
			}
	}
	return ok;
}

/*
 * Reads the syllables from letter i of w (n letters) into x, once, when
 * every syllable ending there is known.
 */
static void
row_read(struct word *x, const char *w, size_t n, size_t i)
{
	if (x->rows >> i & 1)
		return;
	for (size_t k = 0; k < SYL_LEN; k++) {
		x->syl[i][k].pinyin = NULL;
		x->syl[i][k].wade = NULL;
	}
	/* Longer only while some syllable begins so. */
	for (size_t k = 0; k < SYL_LEN && i + k < n; k++)
		if (!syllable_read(w + i, k + 1, &x->syl[i][k]))
			break;
	x->after[i] = vowel_ok(w, n, i, x->from[i]);
	x->rows |= (uint32_t)1 << i;
}

/* Whether syllable s (k + 1 letters from letter i) may be read in x. */
static int
may_follow(const struct word *x, size_t i, size_t k,
    const struct syllable *s, enum system sys)
{
	return readable(s, sys) && (sys == PINYIN || (x->after[i] >> k & 1));
}

/* Whether word x of n letters reads whole in system sys. */
static int
whole(const struct word *x, size_t n, enum system sys)
{
	for (size_t d = 1; d <= SINIC_MAX_SYLLABLES; d++)
		if (x->at[sys][d] >> n & 1)
			return 1;
	return 0;
}

/* The syllables of system s from letter i, after d of them, in x. */
static void
advance(struct word *x, const char *w, size_t n, size_t i, enum system s,
    size_t d)
{
	row_read(x, w, n, i);
	for (size_t k = 0; k < SYL_LEN; k++) {
		if (!may_follow(x, i, k, &x->syl[i][k], s))
			continue;
		x->at[s][d + 1] |= (uint32_t)2 << (i + k);
		if (s == WADE)
			x->from[i + k + 1] |= (uint32_t)1 << i;
	}
}

/*
 * Reads w (n letters) into x: in each system, every syllable that can
 * begin where an earlier split ends. Letter by letter, so that what ends
 * before a letter is known when its syllables are read. 1 when some split
 * into 1 to SINIC_MAX_SYLLABLES syllables of one system covers the whole
 * word.
 */
static int
word_read(const char *w, size_t n, struct word *x)
{
	if (n == 0 || n > WORD_LEN)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (w[i] < 'A' || w[i] > 'Z')
			return 0;
	memset(x->at, 0, sizeof(x->at));
	memset(x->from, 0, sizeof(x->from));
	x->rows = 0;
	for (int s = 0; s < SYSTEMS; s++)
		x->at[s][0] = 1;
	for (size_t i = 0; i < n; i++)
		for (int s = 0; s < SYSTEMS; s++)
			for (size_t d = 0; d < SINIC_MAX_SYLLABLES; d++)
				/* Not with more letters left than can be. */
				if ((x->at[s][d] >> i & 1) != 0 && n - i <=
				    (SINIC_MAX_SYLLABLES - d) * SYL_LEN)
					advance(x, w, n, i, (enum system)s, d);
	return whole(x, n, PINYIN) || whole(x, n, WADE);
}

/* The Pinyin syllables s can be in system sys, into r; how many. */
static size_t
readings(const struct syllable *s, enum system sys,
    const char *r[READINGS])
{
	size_t n = 0;

	if (sys == PINYIN)
		r[n++] = s->pinyin;
	else
		while (n < READINGS && s->wade->pinyin[n] != NULL) {
			r[n] = s->wade->pinyin[n];
			n++;
		}
	return n;
}

/* Whether s in system ss and t in system ts have a reading in common. */
static int
alike(const struct syllable *s, enum system ss, const struct syllable *t,
    enum system ts)
{
	const char *rs[READINGS], *rt[READINGS];
	size_t ns = readings(s, ss, rs), nt = readings(t, ts, rt);

	for (size_t i = 0; i < ns; i++)
		for (size_t j = 0; j < nt; j++)
			if (strcmp(rs[i], rt[j]) == 0)
				return 1;
	return 0;
}

/*
 * From letter i of x (in system xs) and letter j of y (in ys), one
 * syllable pair on: marks in next (bit j' of next[i']) where the pairs
 * that read alike end.
 */
static void
step(const struct word *x, enum system xs, size_t i, const struct word *y,
    enum system ys, size_t j, uint32_t next[WORD_LEN + 1])
{
	for (size_t k = 0; k < SYL_LEN; k++) {
		const struct syllable *s = &x->syl[i][k];

		if (!may_follow(x, i, k, s, xs))
			continue;
		for (size_t m = 0; m < SYL_LEN; m++) {
			const struct syllable *t = &y->syl[j][m];
			uint32_t bit = (uint32_t)2 << (j + m);

			if ((next[i + k + 1] & bit) == 0 &&
			    may_follow(y, j, m, t, ys) && alike(s, xs, t, ys))
				next[i + k + 1] |= bit;
		}
	}
}

/* Whether x (la letters, system xs) and y (lb, ys) pair up whole. */
static int
pair(const struct word *x, size_t la, enum system xs, const struct word *y,
    size_t lb, enum system ys)
{
	/*
	 * Bit j of reach[d][i]: d syllable pairs end before x's letter i
	 * and y's letter j.
	 */
	uint32_t reach[SINIC_MAX_SYLLABLES + 1][WORD_LEN + 1];

	memset(reach, 0, sizeof(reach));
	reach[0][0] = 1;
	for (size_t d = 0; d < SINIC_MAX_SYLLABLES; d++) {
		for (size_t i = 0; i < la; i++) {
			/* Only where x's own reading got to, rows read. */
			if ((x->at[xs][d] >> i & 1) == 0 ||
			    (x->rows >> i & 1) == 0)
				continue;
			for (size_t j = 0; j < lb; j++)
				if ((reach[d][i] >> j & 1) != 0 &&
				    (y->at[ys][d] >> j & 1) != 0 &&
				    (y->rows >> j & 1) != 0)
					step(x, xs, i, y, ys, j, reach[d + 1]);
		}
		if (reach[d + 1][la] >> lb & 1)
			return 1;
	}
	return 0;
}

int
sinic_word(const char *w, size_t n)
{
	struct word x;

	return word_read(w, n, &x);
}

int
sinic_same(const char *a, size_t la, const char *b, size_t lb)
{
	struct word x, y;

	if (la == lb && (la == 0 || memcmp(a, b, la) == 0))
		return 0;
	if (!word_read(a, la, &x) || !word_read(b, lb, &y))
		return 0;
	for (int xs = 0; xs < SYSTEMS; xs++)
		for (int ys = 0; ys < SYSTEMS; ys++)
			if (whole(&x, la, (enum system)xs) &&
			    whole(&y, lb, (enum system)ys) &&
			    pair(&x, la, (enum system)xs, &y, lb,
			    (enum system)ys))
				return 1;
	return 0;
}
