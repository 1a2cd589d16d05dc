#include "translit.h"

#include "sea.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/urename.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utrans.h>

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

/* ---- Cyrillic and Greek: tables of our own ---- */

/*
 * Cyrillic as ICAO Doc 9303 part 3 gives it, with the letters of
 * Ukrainian, Belarusian, Serbian, Macedonian, Kazakh and Mongolian: the
 * spelling of the passports that carry such names, which ICU's
 * Cyrillic-Latin (ISO 9) is not. Lower case maps as upper case.
 */
static const char *const cyrillic[0x60] = {
	/* U+0400 */ "E", "E", "D", "G", "IE", "DZ", "I", "I",
	/* U+0408 */ "J", "LJ", "NJ", "C", "K", "I", "U", "DZ",
	/* U+0410 */ "A", "B", "V", "G", "D", "E", "ZH", "Z",
	/* U+0418 */ "I", "I", "K", "L", "M", "N", "O", "P",
	/* U+0420 */ "R", "S", "T", "U", "F", "KH", "TS", "CH",
	/* U+0428 */ "SH", "SHCH", "IE", "Y", "", "E", "IU", "IA",
};

static const char *
cyrillic_extra(uint32_t cp)
{
	switch (cp & ~1u) {	/* upper and lower case are neighbours */
	case 0x490: case 0x492: return "G";	/* Ґ Ғ */
	case 0x49A: return "K";			/* Қ */
	case 0x4A2: return "N";			/* Ң */
	case 0x4AE: case 0x4B0: return "U";	/* Ү Ұ */
	case 0x4B2: return "KH";		/* Ҳ */
	case 0x4B6: return "CH";		/* Ҷ */
	case 0x4BA: return "H";			/* Һ */
	case 0x4D8: return "A";			/* Ә */
	case 0x4E2: return "I";			/* Ӣ */
	case 0x4E8: return "O";			/* Ө */
	case 0x4EE: return "U";			/* Ӯ */
	}
	return NULL;
}

/*
 * Greek as ELOT 743, which Greek passports follow: U+0391..U+03A9 and
 * U+03B1..U+03C9; the 18th is the final sigma. OY is OU (norm.c looks
 * ahead for it).
 */
static const char *const greek[25] = {
	"A", "V", "G", "D", "E", "Z", "I", "TH", "I", "K", "L", "M", "N",
	"X", "O", "P", "R", "S", "S", "T", "Y", "F", "CH", "PS", "O",
};

static const char *
greek_tonos(uint32_t cp)
{
	switch (cp) {
	case 0x386: case 0x3AC: return "A";
	case 0x388: case 0x3AD: return "E";
	case 0x389: case 0x3AE: return "I";
	case 0x38A: case 0x3AF: case 0x390: case 0x3AA: case 0x3CA: return "I";
	case 0x38C: case 0x3CC: return "O";
	case 0x38E: case 0x3CD: case 0x3B0: case 0x3AB: case 0x3CB: return "Y";
	case 0x38F: case 0x3CE: return "O";
	}
	return NULL;
}

const char *
translit_table(uint32_t cp)
{
	if (cp >= 0x400 && cp < 0x430)
		return cyrillic[cp - 0x400];
	if (cp >= 0x430 && cp < 0x450)
		return cyrillic[cp - 0x430 + 0x10];
	if (cp >= 0x450 && cp < 0x460)
		return cyrillic[cp - 0x450];
	if (cp >= 0x490 && cp <= 0x4FF)
		return cyrillic_extra(cp);
	/* Upper case has a hole where lower case has the final sigma. */
	if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2)
		return greek[cp - 0x391];
	if (cp >= 0x3B1 && cp <= 0x3C9)
		return greek[cp - 0x3B1];
	return greek_tonos(cp);
}

int
translit_greek_upsilon(uint32_t cp)
{
	return cp == 0x3A5 || cp == 0x3C5 || cp == 0x3CD || cp == 0x38E;
}

int
translit_other(uint32_t cp)
{
	if (cp < 0x180)
		return 0;	/* ASCII and the ICAO 9303 table */
	if (cp >= 0x2B0 && cp <= 0x36F)
		return 0;	/* modifier letters and combining marks */
	/* The joiners: inside a word of Sinhala or Devanagari. */
	if (cp == 0x200C || cp == 0x200D)
		return 1;
	if ((cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x3000 && cp <= 0x303F) ||
	    (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xFF01 && cp <= 0xFF5E))
		return 0;	/* punctuation, variation selectors, full width */
	return 1;
}

static int
han(uint32_t cp)
{
	return (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 &&
	    cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	    (cp >= 0x20000 && cp <= 0x3134F);
}

#define HANGUL_FIRST	0xAC00
#define HANGUL_LAST	0xD7A3

static int
hangul(uint32_t cp)
{
	return cp >= HANGUL_FIRST && cp <= HANGUL_LAST;
}

int
translit_syllabic(uint32_t cp)
{
	return han(cp) || hangul(cp);
}

int
translit_abjad(uint32_t cp)
{
	/* Hebrew to Thaana, Samaritan to Arabic Extended-A (not NKo). */
	return (cp >= 0x0590 && cp <= 0x07BF) || (cp >= 0x0800 &&
	    cp <= 0x08FF) || (cp >= 0xFB1D && cp <= 0xFDFF) ||
	    (cp >= 0xFE70 && cp <= 0xFEFF);	/* presentation forms */
}

/* ---- output ---- */

struct out {
	char *s;
	size_t len, sz;
	int full;
};

static void
put(struct out *o, const char *s, size_t n)
{
	if (o->len + n >= o->sz) {
		o->full = 1;
		return;
	}
	memcpy(o->s + o->len, s, n);
	o->len += n;
	o->s[o->len] = '\0';
}

static void
puts_(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

/* ---- Hangul ---- */

/*
 * A Hangul syllable is an initial, a vowel and an optional final
 * (Unicode's arithmetic), each spelt as the Revised Romanisation of
 * Korean (2000) spells it at the end of a syllable: the given name is
 * written syllable by syllable (JISEONG), as passports do.
 */
static const char *const ko_initial[19] = {
	"G", "KK", "N", "D", "TT", "R", "M", "B", "PP", "S", "SS", "", "J",
	"JJ", "CH", "K", "T", "P", "H",
};
static const char *const ko_vowel[21] = {
	"A", "AE", "YA", "YAE", "EO", "E", "YEO", "YE", "O", "WA", "WAE",
	"OE", "YO", "U", "WO", "WE", "WI", "YU", "EU", "UI", "I",
};
static const char *const ko_final[28] = {
	"", "K", "K", "K", "N", "N", "N", "T", "L", "K", "M", "L", "L", "L",
	"P", "L", "M", "P", "P", "T", "T", "NG", "T", "T", "K", "T", "P", "T",
};

/*
 * Surnames as Koreans write them in passports, which is seldom the
 * Revised Romanisation (KIM, not GIM; LEE, not I), and the second
 * spelling where one is as common (YI, JEONG). Sorted by code point.
 */
static const struct ko_surname {
	uint32_t cp;
	const char *spelling, *also;
} ko_surnames[] = {
	{0xAC15, "KANG", "GANG"},	/* 강 */
	{0xACE0, "KO", "GO"},		/* 고 */
	{0xACF5, "KONG", "GONG"},	/* 공 */
	{0xACFD, "KWAK", "GWAK"},	/* 곽 */
	{0xAD6C, "KOO", "GU"},		/* 구 */
	{0xAD8C, "KWON", "GWON"},	/* 권 */
	{0xAE08, "KEUM", "GEUM"},	/* 금 */
	{0xAE30, "KI", "GI"},		/* 기 */
	{0xAE38, "GIL", NULL},		/* 길 */
	{0xAE40, "KIM", "GIM"},		/* 김 */
	{0xB098, "NA", NULL},		/* 나 */
	{0xB0A8, "NAM", NULL},		/* 남 */
	{0xB178, "NOH", "ROH"},		/* 노 */
	{0xB3C4, "DO", NULL},		/* 도 */
	{0xB958, "RYU", "YOO"},		/* 류 */
	{0xB9C8, "MA", NULL},		/* 마 */
	{0xBA85, "MYUNG", "MYEONG"},	/* 명 */
	{0xBB38, "MOON", "MUN"},	/* 문 */
	{0xBBFC, "MIN", NULL},		/* 민 */
	{0xBC15, "PARK", "BAK"},	/* 박 */
	{0xBC18, "BAN", NULL},		/* 반 */
	{0xBC29, "BANG", NULL},		/* 방 */
	{0xBC30, "BAE", NULL},		/* 배 */
	{0xBC31, "BAEK", "PAIK"},	/* 백 */
	{0xBCC0, "BYUN", "BYEON"},	/* 변 */
	{0xC11C, "SEO", "SUH"},		/* 서 */
	{0xC11D, "SEOK", "SUK"},	/* 석 */
	{0xC120, "SUN", "SEON"},	/* 선 */
	{0xC124, "SEOL", "SUL"},	/* 설 */
	{0xC131, "SUNG", "SEONG"},	/* 성 */
	{0xC18C, "SO", NULL},		/* 소 */
	{0xC190, "SON", "SOHN"},	/* 손 */
	{0xC1A1, "SONG", NULL},		/* 송 */
	{0xC2E0, "SHIN", "SIN"},	/* 신 */
	{0xC2EC, "SHIM", "SIM"},	/* 심 */
	{0xC548, "AHN", "AN"},		/* 안 */
	{0xC591, "YANG", NULL},		/* 양 */
	{0xC5C4, "UM", "EOM"},		/* 엄 */
	{0xC5EC, "YEO", NULL},		/* 여 */
	{0xC5F0, "YEON", NULL},		/* 연 */
	{0xC5FC, "YEOM", NULL},		/* 염 */
	{0xC624, "OH", NULL},		/* 오 */
	{0xC655, "WANG", NULL},		/* 왕 */
	{0xC6B0, "WOO", NULL},		/* 우 */
	{0xC6D0, "WON", NULL},		/* 원 */
	{0xC720, "YOO", "YU"},		/* 유 */
	{0xC724, "YOON", "YUN"},	/* 윤 */
	{0xC774, "LEE", "YI"},		/* 이 */
	{0xC784, "LIM", "IM"},		/* 임 */
	{0xC7A5, "JANG", "CHANG"},	/* 장 */
	{0xC804, "JEON", "JUN"},	/* 전 */
	{0xC815, "JUNG", "JEONG"},	/* 정 */
	{0xC870, "CHO", "JO"},		/* 조 */
	{0xC8FC, "JOO", "JU"},		/* 주 */
	{0xC9C0, "JI", NULL},		/* 지 */
	{0xC9C4, "JIN", NULL},		/* 진 */
	{0xCC28, "CHA", NULL},		/* 차 */
	{0xCC44, "CHAE", NULL},		/* 채 */
	{0xCC9C, "CHUN", "CHEON"},	/* 천 */
	{0xCD5C, "CHOI", "CHOE"},	/* 최 */
	{0xCD94, "CHOO", "CHU"},	/* 추 */
	{0xD45C, "PYO", NULL},		/* 표 */
	{0xD558, "HA", NULL},		/* 하 */
	{0xD55C, "HAN", NULL},		/* 한 */
	{0xD568, "HAM", NULL},		/* 함 */
	{0xD5C8, "HEO", "HUH"},		/* 허 */
	{0xD604, "HYUN", "HYEON"},	/* 현 */
	{0xD64D, "HONG", NULL},		/* 홍 */
	{0xD669, "HWANG", NULL},	/* 황 */
};

static const struct ko_surname *
ko_surname(uint32_t cp)
{
	size_t lo = 0, hi = NITEMS(ko_surnames);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ko_surnames[mid].cp == cp)
			return &ko_surnames[mid];
		if (ko_surnames[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static void
ko_syllable(struct out *o, uint32_t cp)
{
	uint32_t s = cp - HANGUL_FIRST;

	puts_(o, ko_initial[s / (21 * 28)]);
	puts_(o, ko_vowel[s / 28 % 21]);
	puts_(o, ko_final[s % 28]);
}

/*
 * A word of Hangul. The first word of a Korean name begins with the
 * surname (one syllable, the common case; 김민수 is KIM MINSU), set apart
 * from the given name it is usually written together with.
 */
static void
ko_word(struct out *o, const uint32_t *cp, size_t n, int first, struct out *alt)
{
	size_t i = 0;

	if (first) {
		const struct ko_surname *k = ko_surname(cp[0]);

		if (k != NULL) {
			puts_(o, k->spelling);
			if (k->also != NULL)
				puts_(alt, k->also);
		} else
			ko_syllable(o, cp[0]);
		if (n > 1)
			puts_(o, " ");
		i = 1;
	}
	for (; i < n; i++) {
		if (hangul(cp[i]))
			ko_syllable(o, cp[i]);
	}
}

#define ICU_WORD_MAX	128	/* code points of one word */

/* ---- Brahmic scripts: the vowels names do not say ---- */

/*
 * Devanagari, Bengali, Gurmukhi, Gujarati and Oriya share one layout
 * (ISCII's), block by block: these are offsets into each block.
 */
#define BR_FIRST	0x0900
#define BR_LAST		0x0B7F
#define BR_ANUSVARA	0x02
#define BR_NGA		0x19
#define BR_HA		0x39
#define BR_NUKTA	0x3C
#define BR_VIRAMA	0x4D
#define BR_KHANDA_TA	0x4E	/* Bengali's t without a vowel */
#define BR_TIPPI	0x70	/* Gurmukhi's anusvara */
#define BR_ADDAK	0x71	/* Gurmukhi: the next consonant doubled */

static int
br_consonant(unsigned off)
{
	return (off >= 0x15 && off <= 0x39) || (off >= 0x58 && off <= 0x5F);
}

static int
br_vowel_sign(unsigned off)
{
	return (off >= 0x3A && off <= 0x4C && off != BR_NUKTA &&
	    off != 0x3D) || (off >= 0x4F && off <= 0x57) || off == 0x62 ||
	    off == 0x63;
}

static int
br_vowel(unsigned off)
{
	return (off >= 0x04 && off <= 0x14) || off == 0x60 || off == 0x61 ||
	    (off >= 0x72 && off <= 0x77);
}

static int
br_nasal(unsigned off)
{
	return off >= 0x01 && off <= 0x03;
}

/*
 * The sounds of a word, for the schwa rule: a consonant, a written vowel,
 * a nasal or visarga that closes a syllable, or the vowel a consonant
 * carries when nothing is written after it (the schwa), which may go.
 */
enum br_sound { BR_C, BR_V, BR_N, BR_SCHWA, BR_GONE };

#define BR_SOUND_MAX	ICU_WORD_MAX

static int
br_voiced(enum br_sound s)
{
	return s == BR_V || s == BR_SCHWA || s == BR_N;
}

/*
 * A consonant's vowel is not written, yet Hindi, Punjabi, Gujarati and
 * Bengali do not say it at the end of a word (राम is RAM, not RAMA) nor
 * between a vowel and consonant on one side and a consonant and vowel on
 * the other (मोहनदास is MOHANDAS), which is how names are spelt in Latin
 * letters; ICU writes every one (RAMA, MOHANADASA). Ohala's rule for
 * Hindi, taken from the right: the last schwa goes after a single
 * consonant that follows a vowel (after two consonants it stays: कृष्ण
 * KRISHNA, इन्द्र INDRA); a schwa inside goes in VC_CV, seen after the
 * ones to its right have gone. A schwa that a nasal closes stays
 * (प्रियंका PRIYANKA). Where a schwa goes the word gets the virama ICU
 * reads as "no vowel". Gurmukhi's tippi is its anusvara, its addak the
 * next consonant twice; an anusvara before HA is the velar nasal (सिंह
 * SINGH). A word too long for the buffers is left as it is.
 */
static size_t
br_schwa(const uint32_t *cp, size_t n, uint32_t *out, size_t outsz)
{
	enum br_sound sound[BR_SOUND_MAX];
	size_t at[BR_SOUND_MAX];	/* where in out a schwa's virama goes */
	size_t ns = 0, m = 0;
	uint32_t base = cp[0] & ~0x7Fu;

	if (n > BR_SOUND_MAX || 2 * n > outsz)
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned off = (unsigned)(cp[i] - base);
		uint32_t c = cp[i];

		if ((cp[i] & ~0x7Fu) != base) {
			out[m++] = c;
			continue;
		}
		if (off == BR_TIPPI)
			c = base + BR_ANUSVARA, off = BR_ANUSVARA;
		if (off == BR_ANUSVARA && i + 1 < n &&
		    cp[i + 1] == base + BR_HA) {
			out[m++] = base + BR_NGA;
			out[m++] = base + BR_VIRAMA;
			sound[ns++] = BR_N;
			continue;
		}
		if (off == BR_ADDAK) {
			if (i + 1 < n &&
			    br_consonant((unsigned)(cp[i + 1] - base))) {
				out[m++] = cp[i + 1];
				out[m++] = base + BR_VIRAMA;
				sound[ns++] = BR_C;
			}
			continue;
		}
		out[m++] = c;
		if (br_consonant(off)) {
			size_t j = i + 1;

			if (j < n && cp[j] == base + BR_NUKTA)
				out[m++] = cp[++i], j++;
			sound[ns++] = BR_C;
			if (j < n && (cp[j] == base + BR_VIRAMA ||
			    br_vowel_sign((unsigned)(cp[j] - base))))
				continue;
			at[ns] = m;
			sound[ns++] = BR_SCHWA;
		} else if (br_vowel(off) || br_vowel_sign(off))
			sound[ns++] = BR_V;
		else if (br_nasal(off))
			sound[ns++] = BR_N;
		else if (off == BR_KHANDA_TA)
			sound[ns++] = BR_C;
	}
	/* The last schwa, then those inside, from the right. */
	if (ns >= 3 && sound[ns - 1] == BR_SCHWA && sound[ns - 2] == BR_C &&
	    br_voiced(sound[ns - 3]))
		sound[ns - 1] = BR_GONE;
	for (size_t k = ns - 1; k-- > 2;) {
		if (sound[k] == BR_SCHWA && sound[k - 1] == BR_C &&
		    br_voiced(sound[k - 2]) && k + 2 < ns &&
		    sound[k + 1] == BR_C && (sound[k + 2] == BR_V ||
		    sound[k + 2] == BR_SCHWA))
			sound[k] = BR_GONE;
	}
	/* The viramas, from the right so that each place stays true. */
	for (size_t k = ns; k-- > 0;) {
		if (sound[k] != BR_GONE || m >= outsz)
			continue;
		memmove(out + at[k] + 1, out + at[k],
		    (m - at[k]) * sizeof(*out));
		out[at[k]] = base + BR_VIRAMA;
		m++;
	}
	return m;
}

/*
 * Malayalam's chillu letters are a consonant without its vowel, which
 * ICU leaves as they are (വിജയൻ VIJAYAൻ): the consonant and virama.
 */
static uint32_t
ml_chillu(uint32_t cp)
{
	static const uint16_t consonant[] = {
		0x0D23, 0x0D28, 0x0D30, 0x0D32, 0x0D33, 0x0D15,	/* 0D7A.. */
	};

	if (cp >= 0x0D7A && cp <= 0x0D7F)
		return consonant[cp - 0x0D7A];
	return 0;
}

/* ---- ICU for the rest ---- */

/*
 * ICU's transforms, with fixes for names, one set for each kind of
 * script (a word is in one script). The general one: Arabic and Persian
 * write long vowels with the letters alif, waw and ya, which ICU spells
 * as A, W and Y even where they are the vowels A, U and I (FRNANDW for
 * Fernando): they are vowels except at the start of a word and before
 * alif, where they are the consonants (ZAWAHIRI, ZIYAD); the article
 * is a word of its own (AL SISI, as lists write it); hamza, which most
 * romanisations leave unwritten, goes, and ain is the A that they write
 * for it (ALI, ABD, SAID). Han is read as names are (the surnames'
 * readings). What ICU leaves with diacritics Latin-ASCII takes them off.
 * ICU's own per-script filters are used: a compound with filters of ours
 * stops Any-Latin from seeing later scripts. (ICU refuses a rule that an
 * earlier one masks, and takes an anchored one to mask one in context.)
 */
static const char rules_any[] =
    ":: NFC ;"
    "\\u0648 } [\\u0627\\u0622] > w ; [\\u064A\\u06CC] } [\\u0627\\u0622] > y ;"
    "^ \\u0648 > w ; ^ \\u064A > y ; ^ \\u06CC > y ;"
    "^ \\u0627\\u0644 > | al\\u0020 ;"
    "\\u0623\\u0648 > u ;"
    "\\u0627 > a ; \\u0622 > a ; \\u0623 > a ; \\u0625 > i ;"
    "\\u0649 > a ; \\u0629 > a ;"
    "\\u0648 > u ; \\u064A > i ; \\u06CC > i ;"
    "\\u0621 > ; \\u0639 > a ;"
    ":: Arabic-Latin ;"
    ":: Han-Latin/Names ;"
    ":: Any-Latin ;"
    ":: Latin-ASCII ;";

/*
 * The scripts of India: ICU gives ISO 15919, names are written as Indians
 * write them in English: श and ष SH (SURESH, not SURESA), च CH and छ CHH
 * (SACHIN, CHHABRA), the vowel ऋ RI (KRISHNA), ज्ञ GY (GYAN), the velar
 * nasal NG but before K and G (SINGH, GANGA), ड़ R.
 */
static const char rules_indic[] =
    ":: NFC ;"
    ":: Any-Latin ;"
    ":: NFC ;"
    "\\u015B > sh ; \\u1E63 > sh ; c > ch ;"
    "r \\u0325 > ri ; l \\u0325 > li ; j \\u00F1 > gy ;"
    "\\u1E45 } [kg] > n ; \\u1E45 > ng ; \\u1E5B > r ;"
    ":: Latin-ASCII ;";

/* Sinhala, which Any-Latin does not take. */
static const char rules_sinhala[] = ":: si-si_Latn ; :: Latin-ASCII ;";

/*
 * Ethiopic as the BGN spells it, whose E for the first order is what
 * Ethiopians write (ABEBE, MELES; ICU's Ethiopic-Latin has ABABA), but
 * for the sixth, which BGN spells I (AHIMEDI) and names leave unwritten
 * after a consonant (AHMED, TEWODROS) but the first (GIRMA, SILASE); the
 * third is Ī, which stays.
 */
static const char rules_ethiopic[] =
    ":: am-am_Latn/BGN ; :: NFC ;"
    "^ [:L:] { i > i ; [:L:] { i > ;"
    ":: Latin-ASCII ;";

enum icu_kind { ICU_ANY, ICU_INDIC, ICU_SINHALA, ICU_ETHIOPIC, ICU_KINDS };

static const char *const icu_rules[ICU_KINDS] = {
	rules_any, rules_indic, rules_sinhala, rules_ethiopic,
};

/* The longest of them: icu_compile's buffer. */
_Static_assert(sizeof(rules_any) >= sizeof(rules_indic) &&
    sizeof(rules_any) >= sizeof(rules_sinhala) &&
    sizeof(rules_any) >= sizeof(rules_ethiopic), "rules_any the longest");

static enum icu_kind
icu_kind(uint32_t cp)
{
	if (cp >= 0x0900 && cp <= 0x0D7F)
		return ICU_INDIC;
	if (cp >= 0x0D80 && cp <= 0x0DFF)
		return ICU_SINHALA;
	if ((cp >= 0x1200 && cp <= 0x139F) || (cp >= 0x2D80 && cp <= 0x2DDF) ||
	    (cp >= 0xAB00 && cp <= 0xAB2F))
		return ICU_ETHIOPIC;
	return ICU_ANY;
}

/*
 * Each transliterator is compiled once per process (it takes
 * milliseconds), and each thread works on clones of its own: ICU does not
 * promise that one transliterator may be used by two threads at once. A
 * thread's clones are closed when the thread ends.
 */
static pthread_once_t icu_once = PTHREAD_ONCE_INIT;
static pthread_key_t icu_key;
static pthread_mutex_t icu_lock = PTHREAD_MUTEX_INITIALIZER;
static UTransliterator *icu_master[ICU_KINDS];
static int icu_ready;

struct icu_mine {
	UTransliterator *t[ICU_KINDS];
};

static void
icu_close(void *p)
{
	struct icu_mine *mine = p;

	for (size_t k = 0; k < ICU_KINDS; k++) {
		if (mine->t[k] != NULL)
			utrans_close(mine->t[k]);
	}
	free(mine);
}

static UTransliterator *
icu_compile(const char *rules)
{
	UChar id[] = {'v', 'b', 'n', 'a', 'm', 'e', 0};
	UChar buf[sizeof(rules_any)];
	UErrorCode err = U_ZERO_ERROR;
	UTransliterator *t;
	UParseError pe;
	int32_t len;

	u_strFromUTF8(buf, (int32_t)NITEMS(buf), &len, rules, -1, &err);
	if (U_FAILURE(err))
		return NULL;
	t = utrans_openU(id, -1, UTRANS_FORWARD, buf, len, &pe, &err);
	return U_FAILURE(err) ? NULL : t;
}

static void
icu_open(void)
{
	for (size_t k = 0; k < ICU_KINDS; k++) {
		if ((icu_master[k] = icu_compile(icu_rules[k])) == NULL)
			return;
	}
	if (pthread_key_create(&icu_key, icu_close) == 0)
		icu_ready = 1;
}

static UTransliterator *
icu_mine(enum icu_kind kind)
{
	struct icu_mine *mine;
	UErrorCode err = U_ZERO_ERROR;

	if (pthread_once(&icu_once, icu_open) != 0 || !icu_ready)
		return NULL;
	if ((mine = pthread_getspecific(icu_key)) == NULL) {
		if ((mine = calloc(1, sizeof(*mine))) == NULL)
			return NULL;
		if (pthread_setspecific(icu_key, mine) != 0) {
			free(mine);
			return NULL;
		}
	}
	if (mine->t[kind] != NULL)
		return mine->t[kind];
	(void)pthread_mutex_lock(&icu_lock);
	mine->t[kind] = utrans_clone(icu_master[kind], &err);
	(void)pthread_mutex_unlock(&icu_lock);
	if (U_FAILURE(err))
		mine->t[kind] = NULL;
	return mine->t[kind];
}

/* ICU grows a word this much at most (a Han syllable into SHUANG and a space). */
#define ICU_GROWTH	8

static int
icu_word(struct out *o, const uint32_t *cp, size_t n)
{
	UChar text[ICU_WORD_MAX * 2 * ICU_GROWTH];
	char utf8[sizeof(text) * 3 / 2];
	uint32_t fixed[ICU_WORD_MAX * 2];
	enum icu_kind kind = icu_kind(cp[0]);
	UTransliterator *t;
	UErrorCode err = U_ZERO_ERROR;
	int32_t len = 0, limit, out;
	size_t m;

	if (n > ICU_WORD_MAX || (t = icu_mine(kind)) == NULL)
		return -1;
	if (cp[0] >= BR_FIRST && cp[0] <= BR_LAST &&
	    (m = br_schwa(cp, n, fixed, NITEMS(fixed))) > 0)
		cp = fixed, n = m;
	for (size_t i = 0; i < n; i++) {
		uint32_t c = ml_chillu(cp[i]);

		if (c != 0) {
			U16_APPEND_UNSAFE(text, len, c);
			c = 0x0D4D;	/* the virama */
		} else
			c = cp[i];
		U16_APPEND_UNSAFE(text, len, c);
	}
	limit = len;
	utrans_transUChars(t, text, &len, (int32_t)NITEMS(text), 0, &limit,
	    &err);
	if (U_FAILURE(err))
		return -1;
	u_strToUTF8(utf8, (int32_t)sizeof(utf8), &out, text, len, &err);
	if (U_FAILURE(err) || err == U_STRING_NOT_TERMINATED_WARNING)
		return -1;
	puts_(o, utf8);
	return 0;
}

/*
 * Han, one syllable a character, comes from ICU syllable by syllable
 * (WANG XIAO MING). A Chinese name is written as the surname and the
 * given name joined (WANG XIAOMING): the spaces after the first go, in
 * the first word; later words are joined whole.
 */
static void
han_join(char *s, int first)
{
	char *w = s;
	int kept = !first;

	for (char *r = s; *r != '\0'; r++) {
		if (*r == ' ') {
			if (kept)
				continue;
			kept = 1;
		}
		*w++ = *r;
	}
	*w = '\0';
}

int
translit_run(const uint32_t *cp, size_t n, int first, char *outbuf,
    size_t outsz, char *altbuf, size_t altsz)
{
	struct out o = {outbuf, 0, outsz, 0}, alt = {altbuf, 0, altsz, 0};
	uint32_t word[ICU_WORD_MAX];
	size_t m = 0;
	int all_han = 1;

	if (outsz == 0 || altsz == 0 || n > ICU_WORD_MAX)
		return -1;
	outbuf[0] = altbuf[0] = '\0';
	/* The joiners only choose a letter's shape (ශ්‍රී). */
	for (size_t i = 0; i < n; i++) {
		if (cp[i] != 0x200C && cp[i] != 0x200D)
			word[m++] = cp[i];
	}
	if ((n = m) == 0)
		return 0;
	cp = word;
	if (hangul(cp[0])) {
		ko_word(&o, cp, n, first, &alt);
		return o.full || alt.full ? -1 : 0;
	}
	/* Thai, Lao, Khmer, Burmese: read by syllable (sea.c); else ICU's. */
	if (sea_script(cp[0]) && sea_word(cp, n, outbuf, outsz) == 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		all_han &= han(cp[i]);
	if (icu_word(&o, cp, n) == -1 || o.full)
		return -1;
	if (all_han)
		han_join(outbuf, first);
	return 0;
}
