/*
 * Thai, Lao, Khmer and Burmese names in Latin letters (see sea.h).
 *
 * All four scripts write syllables, not letters: a consonant, vowel signs
 * around it (some before it, though read after), a final consonant, tone
 * marks. A passport spells the syllable as it sounds, so each script here
 * is read syllable by syllable and spelt by its system's table, never
 * letter by letter. Tone marks are dropped everywhere: no system here
 * writes tones.
 *
 * Thai (RTGS) and Lao (BGN/PCGN) share one reader, the tl_ functions,
 * for Lao is Thai's sister script: the same vowel signs at the same
 * offsets (Lao's are Thai's plus 0x80), the same leading vowels, the same
 * initial and final values of a consonant. Lao vowels are moved onto
 * Thai's before reading and each script keeps its own consonant table and
 * vowel spellings (Lao u is "ou", as the French wrote it). The hard part
 * is Thai's: where the script writes no vowel the reader must choose
 * between an unwritten o (closed syllable, SOM of สม) and an unwritten a
 * (open, the A of อภิ APHI), and whether a consonant ends one syllable or
 * begins the next. tl_run() decides that for a run of consonants without
 * vowel signs by its length (see there). Letters under the thanthakhat
 * are dropped before reading, with the letter before them when that one
 * could not be read either (จันทร์ is CHAN).
 *
 * Khmer (UNGEGN) has two series of consonants that read the same vowel
 * sign two ways (ជា CHEA, ចា CHA); the series of a syllable is its first
 * consonant's, moved by the register marks and by an o-series stop under
 * an a-series letter. A consonant with a subscript under it ends the
 * syllable before it and the subscript begins the next, except where
 * nothing comes before (ស្រី SREI).
 *
 * Burmese marks every final with the asat, so it needs no guessing; the
 * spelling of a vowel depends on the final after it (မင်း MIN, ဆန်း SAN,
 * သိန်း THEIN, အောင် AUNG), which my_rhyme() knows.
 *
 * What reading by rule gets wrong, known and left so: Thai's Pali and
 * Sanskrit words, whose hidden vowels and doubled consonants no rule
 * sees (ชินวัตร is CHINWAT, not RTGS CHINNAWAT; กาญจนา KAYOTNA for
 * KANCHANA; พุทธ PHUTHOT for PHUT; เกียรติ without its thanthakhat
 * KIARATI; ชวลิต CHOOLIT); a vowel ะ after a consonant that a name drops
 * (ธนพล THONPHON for THANAPHON). Khmer spelt as written, not as said:
 * នរោត្តម NOROTAM (NORODOM), សីហនុ SEIHANU (SIHANOUK), ធារិទ្ធ THEARIT
 * (THEARETH), រង្ស៊ី RONGSI (RAINSY), វណ្ណៈ VON (VANNAK). Burmese MYIN
 * for MYINT and SU for SUU, the customary letters that show a tone. Lao
 * BOUNYANG for BOUNNHANG, where the customary spelling is nh.
 */
#include "sea.h"

#include <string.h>

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

/* ---- output ---- */

struct out {
	char *s;
	size_t len, sz;
	int full;
};

static void
put(struct out *o, const char *s)
{
	size_t n = strlen(s);

	if (o->full || o->len + n >= o->sz) {
		o->full = 1;
		return;
	}
	memcpy(o->s + o->len, s, n);
	o->len += n;
	o->s[o->len] = '\0';
}

/* ---- Thai and Lao ---- */

/* What a consonant does besides its initial and final value. */
enum {
	TL_SON = 0x001,		/* sonorant: a bare ห before it is silent */
	TL_CL = 0x002,		/* begins a cluster with ร or ล, or ว */
	TL_R = 0x004,		/* ร */
	TL_L = 0x008,		/* ล */
	TL_W = 0x010,		/* ว */
	TL_Y = 0x020,		/* ย */
	TL_O = 0x040,		/* อ: carries a vowel, or is the vowel o */
	TL_H = 0x080,		/* ห */
	TL_S = 0x100,		/* ศ ส: ร after them is silent (ศรี SI) */
	TL_T = 0x200,		/* ต ท ช: ร after them silent at the end */
	TL_TR = 0x400,		/* ท: ทร begins a word as s (tl_silent) */
	TL_RI = 0x800		/* ฤ ฦ: a consonant and its vowel */
};

struct tl_cons {
	const char *init, *fin;		/* fin "": never a final */
	unsigned flags;
};

/* RTGS's initial and final values (the Royal Institute's table of 1999). */
#define TH(c)	[(c) - 0x0E01]
static const struct tl_cons th_cons[0x2E] = {
	TH(0x0E01) = {"k", "k", TL_CL},		/* ก */
	TH(0x0E02) = {"kh", "k", TL_CL},	/* ข */
	TH(0x0E03) = {"kh", "k", 0},		/* ฃ */
	TH(0x0E04) = {"kh", "k", TL_CL},	/* ค */
	TH(0x0E05) = {"kh", "k", 0},		/* ฅ */
	TH(0x0E06) = {"kh", "k", 0},		/* ฆ */
	TH(0x0E07) = {"ng", "ng", TL_SON},	/* ง */
	TH(0x0E08) = {"ch", "t", 0},		/* จ */
	TH(0x0E09) = {"ch", "t", 0},		/* ฉ */
	TH(0x0E0A) = {"ch", "t", TL_T},		/* ช */
	TH(0x0E0B) = {"s", "t", 0},		/* ซ */
	TH(0x0E0C) = {"ch", "t", 0},		/* ฌ */
	TH(0x0E0D) = {"y", "n", TL_SON},	/* ญ */
	TH(0x0E0E) = {"d", "t", 0},		/* ฎ */
	TH(0x0E0F) = {"t", "t", 0},		/* ฏ */
	TH(0x0E10) = {"th", "t", 0},		/* ฐ */
	TH(0x0E11) = {"th", "t", 0},		/* ฑ */
	TH(0x0E12) = {"th", "t", 0},		/* ฒ */
	TH(0x0E13) = {"n", "n", 0},		/* ณ */
	TH(0x0E14) = {"d", "t", 0},		/* ด */
	TH(0x0E15) = {"t", "t", TL_CL | TL_T},	/* ต */
	TH(0x0E16) = {"th", "t", 0},		/* ถ */
	TH(0x0E17) = {"th", "t", TL_T | TL_TR},	/* ท */
	TH(0x0E18) = {"th", "t", 0},		/* ธ */
	TH(0x0E19) = {"n", "n", TL_SON},	/* น */
	TH(0x0E1A) = {"b", "p", 0},		/* บ */
	TH(0x0E1B) = {"p", "p", TL_CL},		/* ป */
	TH(0x0E1C) = {"ph", "p", TL_CL},	/* ผ */
	TH(0x0E1D) = {"f", "p", 0},		/* ฝ */
	TH(0x0E1E) = {"ph", "p", TL_CL},	/* พ */
	TH(0x0E1F) = {"f", "p", 0},		/* ฟ */
	TH(0x0E20) = {"ph", "p", 0},		/* ภ */
	TH(0x0E21) = {"m", "m", TL_SON},	/* ม */
	TH(0x0E22) = {"y", "i", TL_SON | TL_Y},	/* ย */
	TH(0x0E23) = {"r", "n", TL_SON | TL_R},	/* ร */
	TH(0x0E24) = {"r", "", TL_RI},		/* ฤ */
	TH(0x0E25) = {"l", "n", TL_SON | TL_L},	/* ล */
	TH(0x0E26) = {"l", "", TL_RI},		/* ฦ */
	TH(0x0E27) = {"w", "o", TL_SON | TL_W},	/* ว */
	TH(0x0E28) = {"s", "t", TL_S},		/* ศ */
	TH(0x0E29) = {"s", "t", 0},		/* ษ */
	TH(0x0E2A) = {"s", "t", TL_S},		/* ส */
	TH(0x0E2B) = {"h", "", TL_H},		/* ห */
	TH(0x0E2C) = {"l", "n", 0},		/* ฬ */
	TH(0x0E2D) = {"", "", TL_O},		/* อ */
	TH(0x0E2E) = {"h", "", 0},		/* ฮ */
};

/*
 * BGN/PCGN 1966 for Lao, with the Pali letters Unicode added in 2018 read
 * as their Thai twins. Two customary spellings win over the system's:
 * final n is "n", not "ne" (BOUN), and ຍ is y, not gn (SOULIYA).
 */
#define LO(c)	[(c) - 0x0E81]
static const struct tl_cons lo_cons[0x2E] = {
	LO(0x0E81) = {"k", "k", TL_CL},		/* ກ */
	LO(0x0E82) = {"kh", "k", TL_CL},	/* ຂ */
	LO(0x0E84) = {"kh", "k", TL_CL},	/* ຄ */
	LO(0x0E86) = {"kh", "k", 0},		/* ຆ */
	LO(0x0E87) = {"ng", "ng", TL_SON},	/* ງ */
	LO(0x0E88) = {"ch", "t", 0},		/* ຈ */
	LO(0x0E89) = {"ch", "t", 0},		/* ຉ */
	LO(0x0E8A) = {"x", "t", 0},		/* ຊ */
	LO(0x0E8C) = {"x", "t", 0},		/* ຌ */
	LO(0x0E8D) = {"y", "y", TL_SON | TL_Y},	/* ຍ */
	LO(0x0E8E) = {"y", "n", 0},		/* ຎ */
	LO(0x0E8F) = {"t", "t", 0},		/* ຏ */
	LO(0x0E90) = {"th", "t", 0},		/* ຐ */
	LO(0x0E91) = {"d", "t", 0},		/* ຑ */
	LO(0x0E92) = {"th", "t", 0},		/* ຒ */
	LO(0x0E93) = {"n", "n", 0},		/* ຓ */
	LO(0x0E94) = {"d", "t", 0},		/* ດ */
	LO(0x0E95) = {"t", "t", TL_CL},		/* ຕ */
	LO(0x0E96) = {"th", "t", 0},		/* ຖ */
	LO(0x0E97) = {"th", "t", 0},		/* ທ */
	LO(0x0E98) = {"th", "t", 0},		/* ຘ */
	LO(0x0E99) = {"n", "n", TL_SON},	/* ນ */
	LO(0x0E9A) = {"b", "p", 0},		/* ບ */
	LO(0x0E9B) = {"p", "p", TL_CL},		/* ປ */
	LO(0x0E9C) = {"ph", "p", TL_CL},	/* ຜ */
	LO(0x0E9D) = {"f", "p", 0},		/* ຝ */
	LO(0x0E9E) = {"ph", "p", TL_CL},	/* ພ */
	LO(0x0E9F) = {"f", "p", 0},		/* ຟ */
	LO(0x0EA0) = {"ph", "p", 0},		/* ຠ */
	LO(0x0EA1) = {"m", "m", TL_SON},	/* ມ */
	LO(0x0EA2) = {"y", "y", TL_Y},		/* ຢ */
	LO(0x0EA3) = {"r", "n", TL_SON | TL_R},	/* ຣ */
	LO(0x0EA5) = {"l", "n", TL_SON | TL_L},	/* ລ */
	LO(0x0EA7) = {"v", "o", TL_SON | TL_W},	/* ວ */
	LO(0x0EA8) = {"s", "t", 0},		/* ຨ */
	LO(0x0EA9) = {"s", "t", 0},		/* ຩ */
	LO(0x0EAA) = {"s", "t", 0},		/* ສ */
	LO(0x0EAB) = {"h", "", TL_H},		/* ຫ */
	LO(0x0EAC) = {"l", "n", 0},		/* ຬ */
	LO(0x0EAD) = {"", "", TL_O},		/* ອ */
	LO(0x0EAE) = {"h", "", 0},		/* ຮ */
};

/* The vowels as read, whatever letters spell them. */
enum tl_vowel {
	V_A, V_AM, V_I, V_UE, V_U, V_E, V_AE, V_O, V_OE, V_IA, V_UEA, V_UA,
	V_AI, V_AO, V_OEI, V_RI, V_COUNT
};

static const char *const th_vowel[V_COUNT] = {
	"a", "am", "i", "ue", "u", "e", "ae", "o", "oe", "ia", "uea", "ua",
	"ai", "ao", "oei", "i",
};

/* Lao: u is "ou", BGN's è and ư lose their accents, เ-ย is ia. */
static const char *const lo_vowel[V_COUNT] = {
	"a", "am", "i", "u", "ou", "e", "e", "o", "eu", "ia", "ua", "oua",
	"ai", "ao", "ia", "i",
};

struct tl_script {
	const struct tl_cons *cons;
	uint32_t base;
	const char *const *vowel;
};

static const struct tl_script tl_thai = {th_cons, 0x0E01, th_vowel};
static const struct tl_script tl_lao = {lo_cons, 0x0E81, lo_vowel};

/* Thai's vowel signs; Lao's are moved onto them (tl_clean). */
#define TH_A		0x0E30	/* ะ */
#define TH_HAN		0x0E31	/* ั */
#define TH_AA		0x0E32	/* า */
#define TH_AM		0x0E33	/* ำ */
#define TH_I		0x0E34	/* ิ */
#define TH_II		0x0E35	/* ี */
#define TH_UE		0x0E36	/* ึ */
#define TH_UEE		0x0E37	/* ื */
#define TH_U		0x0E38	/* ุ */
#define TH_UU		0x0E39	/* ู */
#define TL_OSIGN	0x0E3B	/* Lao ົ and ໍ, the vowel o: free in Thai */
#define TL_IASIGN	0x0E3C	/* Lao ຽ, the vowel ia: free in Thai */
#define TH_E		0x0E40	/* เ, the first of the leading vowels */
#define TH_AE		0x0E41	/* แ */
#define TH_OO		0x0E42	/* โ */
#define TH_AIM		0x0E43	/* ใ */
#define TH_AI		0x0E44	/* ไ */
#define TH_TAIKHU	0x0E47	/* ็ */
#define TH_KILL		0x0E4C	/* ์, the thanthakhat */

/* Where a syllable stands: whether the next consonant may end it. */
enum tl_state {
	TL_NONE,		/* no syllable yet */
	TL_OPEN,		/* may take a final */
	TL_MUST,		/* must (ั, ็, รร) */
	TL_NOFIN,		/* takes none (ะ, ำ, ไ, เ-า) */
	TL_DONE			/* has one */
};

/* How a consonant before a syllable's own joins it (tl_syllable). */
enum tl_pre {
	PRE_NONE,
	PRE_CLUSTER,		/* read together: ปร PR */
	PRE_SILENT,		/* ห or อ before a sonorant: not read */
	PRE_S			/* ศร สร before ี: s, the ร silent */
};

struct tl {
	const struct tl_script *s;
	uint32_t t[SEA_MAX_WORD];	/* the word, cleaned */
	size_t n;
	struct out *o;
	enum tl_state state;
	int rr;				/* รร waits for a final, else "an" */
};

static int
tl_dep(uint32_t c)
{
	return (c >= TH_A && c <= TH_UU) || c == TL_OSIGN || c == TL_IASIGN ||
	    c == TH_TAIKHU;
}

static int
tl_lead(uint32_t c)
{
	return c >= TH_E && c <= TH_AI;
}

static const struct tl_cons *
tl_cons(const struct tl *x, uint32_t c)
{
	const struct tl_cons *k;

	if (c < x->s->base || c - x->s->base >= 0x2E)
		return NULL;
	k = &x->s->cons[c - x->s->base];
	return k->init != NULL ? k : NULL;
}

static unsigned
tl_flags(const struct tl *x, uint32_t c)
{
	const struct tl_cons *k = tl_cons(x, c);

	return k != NULL ? k->flags : 0;
}

static uint32_t
tl_at(const struct tl *x, size_t k)
{
	return k < x->n ? x->t[k] : 0;
}

static void
tl_vowel(struct tl *x, enum tl_vowel v)
{
	put(x->o, x->s->vowel[v]);
}

static void
tl_final(struct tl *x, uint32_t c)
{
	put(x->o, tl_cons(x, c)->fin);
	x->state = TL_DONE;
}

/*
 * The thanthakhat silences the consonant under it, with the ิ or ุ it
 * bears (อภิสิทธิ์ APHISIT), and the bare consonant before that too
 * when the one before that ends a syllable of ั or า: จันทร์ CHAN,
 * ลักษณ์ LAK, ศาสตร์ SAT, but สุพจน์ SUPHOT. When that consonant is ร
 * it is the ร that is silent and the marked one the final: เกียรติ์ KIAT.
 * A doubled letter before it is a syllable of its own (ติณสูลานนท์
 * TINSULANON).
 */
static void
tl_kill(struct tl *x)
{
	size_t m = x->n;
	uint32_t z;

	while (m > 0 && (x->t[m - 1] == TH_I || x->t[m - 1] == TH_U))
		m--;
	if (m == 0 || tl_cons(x, x->t[m - 1]) == NULL)
		return;
	z = x->t[--m];
	if (m >= 3 && tl_cons(x, x->t[m - 1]) != NULL &&
	    tl_cons(x, x->t[m - 2]) != NULL && x->t[m - 1] != x->t[m - 2] &&
	    (x->t[m - 3] == TH_HAN || x->t[m - 3] == TH_AA ||
	    ((tl_flags(x, x->t[m - 1]) & TL_R) && tl_dep(x->t[m - 3])))) {
		if (tl_flags(x, x->t[m - 1]) & TL_R)
			x->t[m - 1] = z;
		else
			m--;
	}
	x->n = m;
}

/*
 * Drops the letters of the cleaned word that are written and not read: ห
 * without a vowel before a sonorant that does not end the word (สมหมาย
 * SOMMAI, ຫຼວງ LOUANG; หงส์ is HONG), อ before ย at the start (อยู่ YU),
 * and makes a word's first ทร an s (ทรง SONG).
 */
static void
tl_silent(struct tl *x)
{
	size_t m = 0;

	for (size_t i = 0; i < x->n; i++) {
		unsigned f = tl_flags(x, x->t[i]);
		unsigned g = tl_flags(x, tl_at(x, i + 1));

		if ((f & TL_H) && (g & TL_SON) && i + 2 < x->n)
			continue;
		if (i == 0 && (f & TL_O) && (g & TL_Y))
			continue;
		if (i == 0 && (f & TL_TR) && (g & TL_R) &&
		    !(tl_flags(x, tl_at(x, i + 2)) & TL_R)) {
			x->t[m++] = 0x0E0B;	/* ซ */
			i++;
			continue;
		}
		x->t[m++] = x->t[i];
	}
	x->n = m;
}

/*
 * Copies the word into x->t without tone marks and silent letters, Lao
 * vowel signs moved onto Thai's and Lao's ligatures ໜ ໝ and subscript ຼ
 * made the letters they stand for.
 */
static void
tl_clean(struct tl *x, const uint32_t *cp, size_t n)
{
	x->n = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t c = cp[i];

		/* ຳ and ำ are often typed as their two parts (ໍ and າ). */
		if ((c == 0x0ECD || c == 0x0E4D) && i + 1 < n &&
		    cp[i + 1] == c - 0x1B) {
			x->t[x->n++] = TH_AM;
			i++;
			continue;
		}
		if (x->s == &tl_lao) {
			if ((c >= 0x0EB0 && c <= 0x0EB9) ||
			    (c >= 0x0EC0 && c <= 0x0EC4))
				c -= 0x80;
			else if (c == 0x0EBB || c == 0x0ECD)
				c = TL_OSIGN;
			else if (c == 0x0EBD)
				c = TL_IASIGN;
			else if (c == 0x0EBC)
				c = 0x0EA5;
			else if (c == 0x0EDC)
				c = 0x0E99;
			else if (c == 0x0EDD)
				c = 0x0EA1;
			else if (c == 0x0ECC)
				c = TH_KILL;
		}
		if (c == TH_KILL)
			tl_kill(x);
		else if (tl_cons(x, c) != NULL || tl_dep(c) || tl_lead(c))
			x->t[x->n++] = c;
	}
	tl_silent(x);
}

/*
 * Whether the consonant at k begins a syllable by itself: it bears a
 * vowel sign, or is followed by รร or by อ read as the vowel o (ทอง THONG).
 * A consonant after a leading vowel is read with it (tl_syllable).
 */
static int
tl_carrier(const struct tl *x, size_t k)
{
	uint32_t c = x->t[k], nx = tl_at(x, k + 1), nn = tl_at(x, k + 2);

	if ((tl_flags(x, c) & TL_RI) || tl_dep(nx))
		return 1;
	if ((tl_flags(x, nx) & TL_R) && (tl_flags(x, nn) & TL_R))
		return 1;
	return (tl_flags(x, nx) & TL_O) && !(tl_flags(x, c) & TL_O) &&
	    !tl_dep(nn);
}

/*
 * The vowel a leading vowel makes with the signs after its consonant at
 * i; returns where the syllable's vowel ends.
 */
static size_t
tl_lead_vowel(struct tl *x, uint32_t lead, size_t i)
{
	uint32_t v = tl_at(x, i), w = tl_at(x, i + 1);
	enum tl_vowel out = V_E;
	size_t used = 0;

	x->state = TL_OPEN;
	switch (lead) {
	case TH_E:
		if (v == TH_II && (tl_flags(x, w) & TL_Y))
			out = V_IA, used = 2;
		else if (v == TH_II || v == TH_I)
			out = V_OE, used = 1;	/* Lao ເ-ີ, Thai เ-ิ */
		else if (v == TH_UEE && (tl_flags(x, w) & TL_O))
			out = V_UEA, used = 2;
		else if (v == TL_OSIGN && w == TH_AA)
			out = V_AO, used = 2, x->state = TL_NOFIN;
		else if (v == TH_AA && w == TH_A)
			out = V_O, used = 2, x->state = TL_NOFIN;
		else if (v == TH_AA)
			out = V_AO, used = 1, x->state = TL_NOFIN;
		else if ((tl_flags(x, v) & TL_O) && !tl_dep(w))
			out = V_OE, used = 1;
		else if (v == TH_TAIKHU)
			used = 1, x->state = TL_MUST;
		else if (v == TH_A)
			used = 1, x->state = TL_NOFIN;
		else if ((tl_flags(x, v) & TL_Y) && !tl_dep(w))
			out = V_OEI, used = 1, x->state = TL_NOFIN;
		break;
	case TH_AE:
		out = V_AE;
		if (v == TH_TAIKHU || v == TH_A)
			used = 1;
		if (v == TH_A)
			x->state = TL_NOFIN;
		break;
	case TH_OO:
		out = V_O;
		if (v == TH_A)
			used = 1, x->state = TL_NOFIN;
		break;
	default:		/* ใ ไ; ไทย THAI, the ย silent */
		out = V_AI;
		x->state = TL_NOFIN;
		if (lead == TH_AI && (tl_flags(x, v) & TL_Y) && !tl_dep(w))
			used = 1;
		break;
	}
	tl_vowel(x, out);
	return i + used;
}

/* Whether sign c after a second consonant shows a leading vowel is its. */
static int
tl_joins(const struct tl *x, uint32_t c)
{
	return c == TH_I || c == TH_II || c == TH_UEE || c == TH_TAIKHU ||
	    (tl_flags(x, c) & TL_O);
}

/*
 * Reads the syllable that begins at i, a leading vowel or a consonant
 * that bears a vowel (tl_carrier), pre telling how the consonant before
 * it joins it; returns where the syllable's vowel ends, its final left to
 * tl_run.
 */
static size_t
tl_syllable(struct tl *x, size_t i, enum tl_pre pre)
{
	const struct tl_cons *c, *c2;
	uint32_t v, w;

	if (tl_lead(x->t[i])) {
		uint32_t lead = x->t[i++];

		if ((c = tl_cons(x, tl_at(x, i))) == NULL)
			return tl_lead_vowel(x, lead, i);
		c2 = tl_cons(x, tl_at(x, ++i));
		if (c2 != NULL && (((c->flags & TL_H) &&
		    (c2->flags & TL_SON)) || ((c->flags & TL_O) &&
		    (c2->flags & TL_Y)))) {
			put(x->o, c2->init);	/* เหมือน, อย่า */
			i++;
		} else if (c2 != NULL && (c->flags & TL_S) &&
		    (c2->flags & TL_R)) {
			put(x->o, "s");		/* เสริม SOEM */
			i++;
		} else if (c2 != NULL && (c->flags & TL_CL) &&
		    (c2->flags & (TL_R | TL_L))) {
			put(x->o, c->init);	/* เปรม PREM; not ว: แก้ว */
			put(x->o, c2->init);
			i++;
		} else if (c2 != NULL && !(c->flags & TL_O) &&
		    (c2->flags & TL_SON) && tl_joins(x, tl_at(x, i + 1))) {
			put(x->o, c->init);	/* เจริญ CHAROEN */
			tl_vowel(x, V_A);
			put(x->o, c2->init);
			i++;
		} else
			put(x->o, c->init);
		return tl_lead_vowel(x, lead, i);
	}

	c = tl_cons(x, x->t[i]);
	if (pre == PRE_CLUSTER)
		put(x->o, tl_cons(x, x->t[i - 1])->init);
	put(x->o, pre == PRE_S ? "s" : c->init);
	i++;
	x->state = TL_OPEN;
	if (c->flags & TL_RI) {
		tl_vowel(x, V_RI);
		return i;
	}
	v = tl_at(x, i);
	w = tl_at(x, i + 1);
	switch (v) {
	case TH_HAN:
		if (tl_flags(x, w) & TL_W) {
			tl_vowel(x, V_UA);
			x->state = TL_NOFIN;
			return i + 2;
		}
		if ((tl_flags(x, w) & TL_Y) && !tl_dep(tl_at(x, i + 2))) {
			tl_vowel(x, V_AI);	/* ชัย CHAI */
			x->state = TL_NOFIN;
			return i + 2;
		}
		tl_vowel(x, V_A);
		/* ั then a last consonant with ิ or ุ: สมบัติ SOMBAT. */
		if (tl_cons(x, w) != NULL && i + 3 == x->n &&
		    (x->t[i + 2] == TH_I || x->t[i + 2] == TH_U)) {
			tl_final(x, w);
			return i + 3;
		}
		x->state = TL_MUST;
		return i + 1;
	case TH_A:
		tl_vowel(x, V_A);
		x->state = TL_NOFIN;
		return i + 1;
	case TH_AA:
		tl_vowel(x, V_A);
		return i + 1;
	case TH_AM:
		tl_vowel(x, V_AM);
		x->state = TL_NOFIN;
		return i + 1;
	case TH_I:
	case TH_II:
		tl_vowel(x, V_I);
		return i + 1;
	case TH_UE:
		tl_vowel(x, V_UE);
		return i + 1;
	case TH_UEE:
		tl_vowel(x, V_UE);
		return i + ((tl_flags(x, w) & TL_O) ? 2 : 1);
	case TH_U:
	case TH_UU:
		tl_vowel(x, V_U);
		return i + 1;
	case TH_TAIKHU:
		tl_vowel(x, V_O);
		return i + 1;
	case TL_OSIGN:
		if ((tl_flags(x, w) & TL_W) && !tl_dep(tl_at(x, i + 2))) {
			tl_vowel(x, V_UA);	/* Lao ບົວ BOUA */
			x->state = TL_NOFIN;
			return i + 2;
		}
		tl_vowel(x, V_O);
		return i + 1;
	case TL_IASIGN:
		tl_vowel(x, V_IA);
		return i + 1;
	}
	if ((tl_flags(x, v) & TL_R) && (tl_flags(x, w) & TL_R)) {
		tl_vowel(x, V_A);	/* รร: กรรม KAM, สวรรค์ SAWAN */
		x->rr = 1;
		x->state = TL_MUST;
		return i + 2;
	}
	tl_vowel(x, V_O);		/* อ as a vowel */
	return i + 1;
}

/*
 * Reads the len consonants from r that bear no vowel, between the
 * syllable before (x->state) and the next one or the end of the word
 * (end). Thai leaves the vowel of such consonants unwritten: o where the
 * syllable is closed, a where it is open. Without a dictionary the reader
 * pairs them from the end: each pair is a closed syllable with o (สมพร
 * SOMPHON), an odd one left at the front is the final of the syllable
 * before when that may take one (ทักษิณ THAKSIN, ชินวัตร CHIN), else an
 * open syllable with a (อภิ APHI, ณรงค์ NARONG). ร is seldom a final
 * inside a word and is read as RA there (สุรเกียรติ์ SURAKIAT). Word-final
 * ตร and ทร after an open syllable are t (มิตร MIT), as is a ร left alone
 * at the end after a closed syllable (วัตร WAT). A medial ว between two
 * is the vowel ua (ชวน CHUAN).
 */
static void
tl_run(struct tl *x, size_t r, size_t len, int end)
{
	const uint32_t *t = x->t + r;
	size_t k = 0;
	int took = 0;

	if (len > 0 && x->state == TL_MUST)
		took = 1;
	else if (len == 2 && end && x->state == TL_OPEN &&
	    (tl_flags(x, t[0]) & TL_T) && (tl_flags(x, t[1]) & TL_R)) {
		tl_final(x, t[0]);
		return;
	} else if (len % 2 == 1 && x->state == TL_OPEN &&
	    *tl_cons(x, t[0])->fin != '\0' &&
	    (!(tl_flags(x, t[0]) & TL_R) || (len == 1 && end)))
		took = 1;
	if (took) {
		tl_final(x, t[0]);
		k = 1;
		x->rr = 0;
	} else if (x->rr) {
		put(x->o, "n");
		x->rr = 0;
		x->state = TL_DONE;
	}
	while (k < len) {
		size_t m = len - k;

		if (m == 1 && end && x->state == TL_DONE &&
		    (tl_flags(x, t[k]) & TL_R))
			break;
		put(x->o, tl_cons(x, t[k])->init);
		if (m == 3 && (tl_flags(x, t[k + 1]) & TL_W)) {
			tl_vowel(x, V_UA);
			tl_final(x, t[k + 2]);
			k += 3;
		} else if (m % 2 == 1) {
			tl_vowel(x, V_A);
			x->state = TL_NOFIN;
			k++;
		} else {
			tl_vowel(x, V_O);
			tl_final(x, t[k + 1]);
			k += 2;
		}
	}
}

/*
 * How the last bare consonant before the syllable at i joins it, len
 * bare consonants being before it: a cluster (ประ PRA; ว only at the
 * start of a word, where no syllable wants it as its final), ห or อ
 * leading a sonorant (ไหม MAI), the ศร of ศรี.
 */
static enum tl_pre
tl_pre(const struct tl *x, size_t i, size_t len)
{
	unsigned p, c;

	if (len == 0 || tl_lead(x->t[i]))
		return PRE_NONE;
	if (x->state == TL_MUST && len == 1)
		return PRE_NONE;	/* the syllable before needs it */
	p = tl_flags(x, x->t[i - 1]);
	c = tl_flags(x, x->t[i]);
	if (((p & TL_H) && (c & TL_SON)) || ((p & TL_O) && (c & TL_Y)))
		return PRE_SILENT;
	if ((p & TL_S) && (c & TL_R) && tl_at(x, i + 1) == TH_II)
		return PRE_S;
	if ((p & TL_CL) && (c & (TL_R | TL_L)))
		return PRE_CLUSTER;
	if ((p & TL_CL) && (c & TL_W) && x->state == TL_NONE && len == 1)
		return PRE_CLUSTER;
	if (c & TL_RI)
		return PRE_CLUSTER;
	return PRE_NONE;
}

static void
tl_word(const struct tl_script *s, const uint32_t *cp, size_t n,
    struct out *o)
{
	struct tl x;
	size_t i = 0;

	x.s = s;
	x.o = o;
	x.state = TL_NONE;
	x.rr = 0;
	tl_clean(&x, cp, n);
	for (;;) {
		size_t r = i, len;
		enum tl_pre pre;

		while (i < x.n && tl_cons(&x, x.t[i]) != NULL &&
		    !tl_carrier(&x, i))
			i++;
		len = i - r;
		pre = i < x.n ? tl_pre(&x, i, len) : PRE_NONE;
		tl_run(&x, r, pre != PRE_NONE ? len - 1 : len, i >= x.n);
		if (i >= x.n)
			break;
		if (tl_cons(&x, x.t[i]) == NULL && !tl_lead(x.t[i]))
			i++;		/* a vowel sign without a consonant */
		else
			i = tl_syllable(&x, i, pre);
	}
}

/* ---- Khmer ---- */

struct km_cons {
	const char *init, *fin;
	unsigned char o;		/* of the o-series */
	unsigned char son;		/* sonorant */
};

/* UNGEGN's consonants, U+1780 to U+17A2; ប is p before a subscript. */
static const struct km_cons km_cons[0x23] = {
	{"k", "k", 0, 0}, {"kh", "k", 0, 0}, {"k", "k", 1, 0},
	{"kh", "k", 1, 0}, {"ng", "ng", 1, 1},			/* ក-ង */
	{"ch", "ch", 0, 0}, {"chh", "ch", 0, 0}, {"ch", "ch", 1, 0},
	{"chh", "ch", 1, 0}, {"nh", "nh", 1, 1},		/* ច-ញ */
	{"d", "t", 0, 0}, {"th", "t", 0, 0}, {"d", "t", 1, 0},
	{"th", "t", 1, 0}, {"n", "n", 0, 1},			/* ដ-ណ */
	{"t", "t", 0, 0}, {"th", "t", 0, 0}, {"t", "t", 1, 0},
	{"th", "t", 1, 0}, {"n", "n", 1, 1},			/* ត-ន */
	{"b", "p", 0, 0}, {"ph", "p", 0, 0}, {"p", "p", 1, 0},
	{"ph", "p", 1, 0}, {"m", "m", 1, 1},			/* ប-ម */
	{"y", "y", 1, 1}, {"r", "r", 1, 1}, {"l", "l", 1, 1},
	{"v", "v", 1, 1},					/* យ-វ */
	{"s", "s", 0, 0}, {"s", "s", 0, 0}, {"s", "s", 0, 0},	/* ឝ ឞ ស */
	{"h", "", 0, 0}, {"l", "l", 0, 1}, {"", "", 0, 0},	/* ហ ឡ អ */
};

/*
 * The dependent vowels U+17B6 to U+17C5 after an a-series and an
 * o-series consonant, UNGEGN's without their accents (ĕ e, ŭ u, ô o);
 * ែ is e in both, as in the names (សែន SEN).
 */
static const char *const km_vowel[16][2] = {
	{"a", "ea"}, {"e", "i"}, {"ei", "i"}, {"oe", "eu"},	/* ា ិ ី ឹ */
	{"eu", "eu"}, {"o", "u"}, {"ou", "ou"}, {"uo", "uo"},	/* ឺ ុ ូ ួ */
	{"aeu", "eu"}, {"oea", "oea"}, {"ie", "ie"}, {"e", "e"}, /* ើ-េ */
	{"e", "e"}, {"ai", "ey"}, {"ao", "o"}, {"au", "ov"},	/* ែ ៃ ោ ៅ */
};

/* The independent vowels U+17A3 to U+17B3. */
static const char *const km_indep[17] = {
	"a", "a", "e", "ei", "o", "ou", "ou", "ov", "rue", "rueu", "lue",
	"lueu", "ae", "ai", "ao", "ao", "au",
};

#define KM_COENG	0x17D2
#define KM_AA		0x17B6	/* ា */
#define KM_U		0x17BB	/* ុ */
#define KM_E		0x17C1	/* េ */
#define KM_AE		0x17C2	/* ែ */
#define KM_VO		0x179C	/* វ */

/* A letter with the subscripts, marks and vowel signs it bears. */
struct km_unit {
	const struct km_cons *c;	/* NULL for an independent vowel */
	const struct km_cons *sub[2];
	size_t nsub;
	const char *indep;
	uint32_t v;			/* vowel sign, or 0 */
	int reg;			/* ៉ 0, ៊ 1, else -1 */
	int nik, reah, silent;		/* ំ, ះ, ៍ */
};

/* One or more consonants read as one initial, and their series. */
struct km_init {
	const struct km_cons *c[3];
	size_t nc;
	int o;
};

struct km {
	struct out *o;
	enum tl_state state;	/* only NONE, OPEN and DONE */
	uint32_t v;		/* the last vowel sign read */
};

static int
km_letter(uint32_t c)
{
	return c >= 0x1780 && c <= 0x17A2;
}

/* Cuts the word into units; returns how many. */
static size_t
km_parse(const uint32_t *cp, size_t n, struct km_unit *u)
{
	size_t m = 0, i = 0;

	while (i < n) {
		struct km_unit *p = &u[m];
		uint32_t c = cp[i++];

		memset(p, 0, sizeof(*p));
		p->reg = -1;
		if (km_letter(c))
			p->c = &km_cons[c - 0x1780];
		else if (c >= 0x17A3 && c <= 0x17B3)
			p->indep = km_indep[c - 0x17A3];
		else
			continue;	/* a mark with nothing to bear it */
		while (i < n) {
			c = cp[i];
			if (c == KM_COENG && i + 1 < n &&
			    km_letter(cp[i + 1]) && p->c != NULL) {
				if (p->nsub < NITEMS(p->sub))
					p->sub[p->nsub++] =
					    &km_cons[cp[i + 1] - 0x1780];
				i++;
			} else if (c == 0x17C9 || c == 0x17CA)
				p->reg = c == 0x17CA;
			else if (c >= KM_AA && c <= 0x17C5) {
				if (p->v == 0)
					p->v = c;
			} else if (c == 0x17C6)
				p->nik = 1;
			else if (c == 0x17C7)
				p->reah = 1;
			else if (c == 0x17CD)
				p->silent = 1;
			else if (!((c >= 0x17B4 && c <= 0x17D3) || c == 0x17DD))
				break;
			/* other marks (bantoc, robat, ...) are not read */
			i++;
		}
		if (!p->silent)
			m++;
	}
	return m;
}

/*
 * The series of an initial: its first consonant's, or the o-series when
 * an o-series stop is under an a-series letter (ស្ពាន SPEAN); a register
 * mark decides over both.
 */
static int
km_series(const struct km_init *in, int reg)
{
	int o = in->c[0]->o;

	for (size_t k = 1; k < in->nc; k++)
		if (in->c[k]->o && !in->c[k]->son)
			o = 1;
	return reg >= 0 ? reg : o;
}

static void
km_initial(struct km *x, const struct km_init *in)
{
	for (size_t k = 0; k < in->nc; k++)
		/* ប is p before a subscript (ប្រាក់ PRAK) */
		put(x->o, k == 0 && in->nc > 1 && in->c[0] == &km_cons[0x14] ?
		    "p" : in->c[k]->init);
}

static void
km_final(struct km *x, const struct km_cons *c)
{
	/* វ after េ or ែ is o, as French-made names write it (កែវ KEO) */
	if (c == &km_cons[KM_VO - 0x1780] && (x->v == KM_E || x->v == KM_AE))
		put(x->o, "o");
	else
		put(x->o, c->fin);
	x->state = TL_DONE;
}

/*
 * Bare initials from in, len of them, before the next syllable or the end
 * of the word, paired from the end as Thai's are (tl_run): a pair is a
 * syllable with the inherent vowel (a-series a, o-series o) and a final,
 * an odd one at the front the final of an open syllable before it or an
 * open syllable of its own (សីហនុ SEIHANU: ហ is never a final). A lone
 * consonant left at the end after a closed syllable is not read: the
 * Sanskrit spellings end so (ធារិទ្ធ THEARIT, ពេជ្រ PECH).
 */
static void
km_run(struct km *x, const struct km_init *in, size_t len, int end)
{
	size_t k = 0;

	if (len % 2 == 1 && x->state == TL_OPEN && in[0].nc == 1 &&
	    *in[0].c[0]->fin != '\0') {
		km_final(x, in[0].c[0]);
		k = 1;
	}
	for (; k < len; k++) {
		if (len - k == 1 && end && x->state == TL_DONE)
			break;
		km_initial(x, &in[k]);
		put(x->o, in[k].o ? "o" : "a");
		x->v = 0;
		x->state = TL_OPEN;
		if ((len - k) % 2 == 0)
			km_final(x, in[++k].c[0]);
	}
}

/* The vowel of a syllable of unit u, of series o (UNGEGN). */
static void
km_vowel_put(struct km *x, const struct km_unit *u, int o)
{
	const char *v = u->v != 0 ? km_vowel[u->v - KM_AA][o] :
	    o ? "o" : "a";

	x->v = u->v;
	x->state = u->nik || u->reah ? TL_DONE : TL_OPEN;
	if (u->nik && u->v == 0)
		v = o ? "um" : "am";
	else if (u->nik && u->v == KM_U)
		v = o ? "um" : "om";
	else if (u->nik && u->v == KM_AA)
		v = o ? "eam" : "am";
	else if (u->nik) {
		put(x->o, v);
		v = "m";
	} else if (u->reah && u->v == 0)
		v = o ? "eah" : "ah";
	put(x->o, v);
	if (u->reah && u->v != 0)
		put(x->o, "h");
}

/*
 * Reads the units. A unit with subscripts at the start of the word or
 * after a closed syllable is a cluster (ស្រី SREI); anywhere else its
 * letter is the final of what comes before and its subscripts begin a
 * syllable (រង្ស៊ី RONGSI), once only when they double it (នរោត្តម
 * NOROTAM).
 */
static void
km_word(const uint32_t *cp, size_t n, struct out *o)
{
	struct km_unit u[SEA_MAX_WORD];
	struct km_init run[SEA_MAX_WORD + 1];
	struct km x = {o, TL_NONE, 0};
	size_t m = km_parse(cp, n, u), len = 0;

	for (size_t k = 0; k < m; k++) {
		const struct km_unit *p = &u[k];
		struct km_init in = {{NULL, NULL, NULL}, 0, 0};

		if (p->indep != NULL) {
			km_run(&x, run, len, 0);
			len = 0;
			put(o, p->indep);
			x.v = 0;
			x.state = TL_OPEN;
			continue;
		}
		if (p->nsub > 0 && (len > 0 || x.state == TL_OPEN)) {
			if (p->c != p->sub[0]) {
				run[len].c[0] = p->c;
				run[len].nc = 1;
				run[len].o = p->c->o;
				len++;
			}
			km_run(&x, run, len, 0);
			len = 0;
		} else
			in.c[in.nc++] = p->c;
		for (size_t s = 0; s < p->nsub; s++)
			in.c[in.nc++] = p->sub[s];
		in.o = km_series(&in, p->reg);
		if (p->v == 0 && !p->nik && !p->reah) {
			run[len++] = in;
			continue;
		}
		km_run(&x, run, len, 0);
		len = 0;
		km_initial(&x, &in);
		km_vowel_put(&x, p, in.o);
	}
	km_run(&x, run, len, 1);
}

/* ---- Burmese ---- */

/*
 * The consonants U+1000 to U+1021 as Burmese names are written in Latin
 * letters: MLC's initials with its hk, hc, hp made kh, s, ph as passports
 * have them (KHIN, AUNG SAN, PHYO), ရ y as spoken (YANGON) and သ th.
 */
static const char *const my_cons[0x22] = {
	"k", "kh", "g", "g", "ng",		/* က ခ ဂ ဃ င */
	"s", "s", "z", "z", "ny",		/* စ ဆ ဇ ဈ ဉ */
	"ny", "t", "ht", "d", "d", "n",		/* ည ဋ ဌ ဍ ဎ ဏ */
	"t", "ht", "d", "d", "n",		/* တ ထ ဒ ဓ န */
	"p", "ph", "b", "b", "m",		/* ပ ဖ ဗ ဘ မ */
	"y", "y", "l", "w", "th",		/* ယ ရ လ ဝ သ */
	"h", "l", "",				/* ဟ ဠ အ */
};

/* The vowel signs a syllable bears, as bits. */
enum {
	MY_E = 1,		/* ေ */
	MY_A = 2,		/* ာ ါ */
	MY_I = 4,		/* ိ ီ */
	MY_U = 8,		/* ု ူ */
	MY_AI = 16		/* ဲ */
};

#define MY_ASAT		0x103A
#define MY_VIRAMA	0x1039
#define MY_NASAL	0x1036	/* ံ, read as a final n */

static int
my_letter(uint32_t c)
{
	return c >= 0x1000 && c <= 0x1021;
}

static int
my_tone(uint32_t c)
{
	return c == 0x1037 || c == 0x1038;
}

/*
 * The rhyme of vowel signs v and final f (a letter, MY_NASAL or 0), with
 * ွ (w) before them: spelt as the final makes the vowel sound, which is
 * how names are written (မင်း MIN, သိန်း THEIN, အောင် AUNG, လှိုင် HLAING,
 * ကျော် KYAW, ထွန်း HTUN).
 */
static const char *
my_rhyme(unsigned v, uint32_t f, int *w)
{
	int aw = (v & MY_E) && (v & MY_A), o = (v & MY_I) && (v & MY_U);

	if (*w && !aw && !o && !(v & (MY_I | MY_E))) {
		*w = 0;		/* the w is the vowel u */
		switch (f) {
		case 0x1014: case 0x1019: case MY_NASAL: return "un";
		case 0x1010: case 0x1015: return "ut";
		}
		*w = 1;
	}
	switch (f) {
	case 0x1000:		/* က */
		return aw ? "auk" : o ? "aik" : (v & MY_I) ? "eik" :
		    (v & MY_U) ? "ok" : "et";
	case 0x1004:		/* င */
		return aw ? "aung" : o ? "aing" : (v & MY_I) ? "ein" :
		    (v & MY_U) ? "ong" : "in";
	case 0x1005:		/* စ */
		return "it";
	case 0x1009:		/* ဉ */
		return "in";
	case 0x100A:		/* ည */
		return "i";
	case 0x100B: case 0x1010: case 0x1015:	/* ဋ တ ပ */
		return (v & MY_I) ? "eik" : (v & MY_U) ? "ok" : "at";
	case 0x100F: case 0x1014: case 0x1019: case MY_NASAL:	/* ဏ န မ ံ */
		return o ? "ein" : (v & MY_I) ? "ein" : (v & MY_U) ? "on" :
		    "an";
	case 0x101A:		/* ယ */
		return "e";
	}
	if (aw)
		return "aw";
	if (o)
		return "o";
	if (v & (MY_E | MY_AI))
		return "e";
	return (v & MY_I) ? "i" : (v & MY_U) ? "u" : "a";
}

/* The independent vowels U+1023 to U+102A; ဦ is U as in U NU. */
static const char *const my_indep[8] = {
	"i", "i", "u", "u", "e", "i", "aw", "aw",
};

/*
 * Burmese writes a name's syllables together (မင်းအောင်လှိုင်) and Latin
 * letters each as a word (MIN AUNG HLAING): a space between them.
 */
static void
my_word(const uint32_t *cp, size_t n, struct out *o)
{
	size_t i = 0;
	int said = 0;

	while (i < n) {
		uint32_t first = cp[i++], c, f = 0;
		const char *init, *r;
		unsigned v = 0;
		int y = 0, w = 0, h = 0;

		if (my_letter(first) || (first >= 0x1023 && first <= 0x102A)) {
			if (said++)
				put(o, " ");
		}
		if (my_letter(first))
			init = my_cons[first - 0x1000];
		else if (first >= 0x1023 && first <= 0x102A) {
			put(o, my_indep[first - 0x1023]);
			continue;	/* its signs are skipped as strays */
		} else
			continue;	/* a stray sign, Mon or Shan */
		for (; i < n; i++) {
			c = cp[i];
			if (c == 0x103B || c == 0x103C)
				y = 1;
			else if (c == 0x103D)
				w = 1;
			else if (c == 0x103E)
				h = 1;
			else if (c == 0x1031)
				v |= MY_E;
			else if (c == 0x102B || c == 0x102C)
				v |= MY_A;
			else if (c == 0x102D || c == 0x102E)
				v |= MY_I;
			else if (c == 0x102F || c == 0x1030)
				v |= MY_U;
			else if (c == 0x1032)
				v |= MY_AI;
			else if (c == MY_NASAL)
				f = MY_NASAL;
			else if (!my_tone(c) && c != MY_ASAT)
				break;
		}
		/* A letter under the asat, or stacked on the next, is final. */
		if (i < n && my_letter(cp[i]) && f == 0) {
			size_t j = i + 1;

			while (j < n && my_tone(cp[j]))
				j++;
			if (j < n && (cp[j] == MY_ASAT || cp[j] == MY_VIRAMA)) {
				f = cp[i];
				i = j + 1;
				/* kinzi: င် stacked on the next letter */
				if (i < n && cp[i] == MY_VIRAMA)
					i++;
			}
		}
		if (h && (first == 0x101A || first == 0x101B))
			init = "sh";		/* ရှ SH: ရွှေ SHWE */
		else if (h)
			put(o, "h");		/* လှ HLA */
		if (y && first == 0x1001) {
			init = "ch";		/* ချ ခြ CH */
			y = 0;
		}
		put(o, init);
		if (y)
			put(o, "y");		/* ကျော် KYAW */
		r = my_rhyme(v, f, &w);
		if (w)
			put(o, "w");
		put(o, r);
	}
}

/* ---- the scripts ---- */

enum sea_kind {
	SEA_NONE,
	SEA_THAI,
	SEA_LAO,
	SEA_MYANMAR,
	SEA_KHMER
};

/* Which script cp is a letter or mark of; digits and punctuation none. */
static enum sea_kind
sea_kind(uint32_t cp)
{
	if ((cp >= 0x0E01 && cp <= 0x0E2E) || (cp >= 0x0E30 &&
	    cp <= 0x0E3A) || (cp >= 0x0E40 && cp <= 0x0E4E))
		return SEA_THAI;
	if ((cp >= 0x0E81 && cp <= 0x0EBD) || (cp >= 0x0EC0 &&
	    cp <= 0x0ECE) || (cp >= 0x0EDC && cp <= 0x0EDF))
		return SEA_LAO;
	if ((cp >= 0x1000 && cp <= 0x103F) || (cp >= 0x1050 &&
	    cp <= 0x108F) || (cp >= 0x109A && cp <= 0x109F) ||
	    (cp >= 0xAA60 && cp <= 0xAA7F) || (cp >= 0xA9E0 &&
	    cp <= 0xA9FF && !(cp >= 0xA9F0 && cp <= 0xA9F9)))
		return SEA_MYANMAR;
	if ((cp >= 0x1780 && cp <= 0x17D3) || cp == 0x17D7 || cp == 0x17DC ||
	    cp == 0x17DD || (cp >= 0x19E0 && cp <= 0x19FF))
		return SEA_KHMER;
	return SEA_NONE;
}

int
sea_script(uint32_t cp)
{
	return sea_kind(cp) != SEA_NONE;
}

int
sea_word(const uint32_t *cp, size_t n, char *out, size_t outsz)
{
	struct out o = {out, 0, outsz, 0};
	enum sea_kind k;

	if (out == NULL || outsz == 0)
		return -1;
	out[0] = '\0';
	if (n == 0)
		return 0;
	if (cp == NULL || n > SEA_MAX_WORD ||
	    (k = sea_kind(cp[0])) == SEA_NONE)
		return -1;
	for (size_t i = 1; i < n; i++)
		if (sea_kind(cp[i]) != k)
			return -1;
	switch (k) {
	case SEA_THAI:
		tl_word(&tl_thai, cp, n, &o);
		break;
	case SEA_LAO:
		tl_word(&tl_lao, cp, n, &o);
		break;
	case SEA_MYANMAR:
		my_word(cp, n, &o);
		break;
	default:
		km_word(cp, n, &o);
		break;
	}
	if (o.full) {
		out[0] = '\0';
		return -1;
	}
	return 0;
}
