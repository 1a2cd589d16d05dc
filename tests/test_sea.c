/*
 * Thai, Lao, Khmer and Burmese names in Latin letters (core/norm/sea.c):
 * for each script a table of words, from the published systems' examples
 * and public figures' names, and the spelling expected; then words of
 * another script or of two, a buffer too small, the empty word.
 *
 * Only what the reader gets right and the system supports is here. Known
 * misses, left out (see sea.c): Thai ชินวัตร CHINNAWAT (gives chinwat),
 * กาญจนา KANCHANA, พุทธ PHUT, ชวลิต CHAWALIT, ธนพล THANAPHON; Khmer
 * នរោត្តម NORODOM (norotam), សីហនុ SIHANOUK (seihanu, UNGEGN's reading),
 * ធារិទ្ធ THEARETH (thearit), វណ្ណៈ VANNAK; Burmese မြင့် MYINT (myin);
 * Lao ບຸນຍັງ BOUNNHANG (bounyang).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "norm/sea.h"

struct pair {
	const char *word;	/* UTF-8 */
	const char *latin;
};

/* Decodes UTF-8 s (well formed, from this file) into cp; how many. */
static size_t
decode(const char *s, uint32_t *cp, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;

	while (*p != '\0' && n < max) {
		uint32_t c;
		int more;

		if (*p < 0x80) {
			c = *p;
			more = 0;
		} else if (*p < 0xE0) {
			c = *p & 0x1Fu;
			more = 1;
		} else if (*p < 0xF0) {
			c = *p & 0x0Fu;
			more = 2;
		} else {
			c = *p & 0x07u;
			more = 3;
		}
		p++;
		while (more-- > 0 && *p != '\0')
			c = c << 6 | (*p++ & 0x3Fu);
		cp[n++] = c;
	}
	return n;
}

/* sea_word on UTF-8 w into out; its return. */
static int
spell(const char *w, char *out, size_t outsz)
{
	uint32_t cp[SEA_MAX_WORD + 8];

	return sea_word(cp, decode(w, cp, SEA_MAX_WORD + 8), out, outsz);
}

static void
check(const struct pair *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char out[128];
		int r = spell(t[i].word, out, sizeof(out));

		if (r != 0 || strcmp(out, t[i].latin) != 0)
			print_error("%s: \"%s\" (%d), expected \"%s\"\n",
			    t[i].word, out, r, t[i].latin);
		assert_int_equal(r, 0);
		assert_string_equal(out, t[i].latin);
	}
}

#define CHECK(t)	check((t), sizeof(t) / sizeof((t)[0]))

/*
 * RTGS: finals by class, leading vowels, unwritten o and a, the
 * thanthakhat, ห and อ leading, รร, clusters, vowel combinations.
 */
static void
test_thai(void **state)
{
	static const struct pair t[] = {
		{"สมชาย", "somchai"},		/* unwritten o, final ย */
		{"ทักษิณ", "thaksin"},		/* final ก k, ณ n */
		{"ประยุทธ์", "prayut"},		/* cluster, ธ์ silent */
		{"จันทร์โอชา", "chanocha"},	/* ทร์ silent, โอ */
		{"ยิ่งลักษณ์", "yinglak"},	/* tone mark, ษณ์ silent */
		{"อภิสิทธิ์", "aphisit"},	/* อ carrier, unwritten a */
		{"เวชชาชีวะ", "wetchachiwa"},	/* final ช t */
		{"สุรเกียรติ์", "surakiat"},	/* เ-ีย, silent ร */
		{"ภูมิพล", "phumiphon"},	/* final ล n */
		{"วชิราลงกรณ์", "wachiralongkon"},
		{"ชิน", "chin"},
		{"ทอง", "thong"},		/* อ as o */
		{"สมศักดิ์", "somsak"},
		{"ประเสริฐ", "prasoet"},	/* เ-ิ, สร */
		{"ชวน", "chuan"},		/* medial ว */
		{"หลีกภัย", "likphai"},		/* ห leading, -ัย */
		{"สมหมาย", "sommai"},
		{"สมบัติ", "sombat"},
		{"ธนาธร", "thanathon"},
		{"เปรม", "prem"},
		{"ติณสูลานนท์", "tinsulanon"},
		{"ชุณหะวัณ", "chunhawan"},
		{"ศรี", "si"},
		{"สมพร", "somphon"},
		{"อุดม", "udom"},
		{"สุนทร", "sunthon"},
		{"มิตร", "mit"},		/* silent ร */
		{"ณรงค์", "narong"},
		{"พนมยงค์", "phanomyong"},
		{"เจริญ", "charoen"},
		{"แก้ว", "kaeo"},		/* final ว o */
		{"เขียว", "khiao"},
		{"เมือง", "mueang"},		/* เ-ือ */
		{"ไทย", "thai"},
		{"กรรม", "kam"},		/* รร */
		{"สวรรค์", "sawan"},
		{"เฉลิม", "chaloem"},
		{"ปรีดี", "pridi"},
		{"ทรงศักดิ์", "songsak"},	/* ทร s */
		{"สุพจน์", "suphot"},
		{"เพชร", "phet"},
		{"ฤทธิ์", "rit"},
		{"ขวัญ", "khwan"},
		{"เลย", "loei"},		/* เ-ย */
		{"ดอย", "doi"},
		{"ทำ", "tham"},
	};

	(void)state;
	CHECK(t);
}

/* BGN/PCGN 1966, customary ou and y. */
static void
test_lao(void **state)
{
	static const struct pair t[] = {
		{"ສົມ", "som"},
		{"ບຸນ", "boun"},
		{"ທອງ", "thong"},
		{"ສີ", "si"},
		{"ພົມມະວົງ", "phommavong"},
		{"ວິໄລ", "vilai"},
		{"ສຸລິຍະ", "souliya"},
		{"ສີພັນດອນ", "siphandon"},
		{"ຄຳໄຊ", "khamxai"},
		{"ຄໍາໄຊ", "khamxai"},	/* ຳ typed as ໍ and າ */
		{"ສີສະຫວາດ", "sisavat"},	/* ຫ leading ວ */
		{"ຈັນທະວົງ", "chanthavong"},
		{"ທອງລຸນ", "thongloun"},
		{"ຫຼວງພະບາງ", "louangphabang"},	/* ຫຼ, medial ວ */
		{"ເມືອງ", "muang"},
		{"ແກ້ວ", "keo"},
		{"ບົວ", "boua"},
	};

	(void)state;
	CHECK(t);
}

/* UNGEGN: the two series, subscripts, register marks, finals. */
static void
test_khmer(void **state)
{
	static const struct pair t[] = {
		{"ហ៊ុន", "hun"},		/* ៊ makes ហ o-series */
		{"សែន", "sen"},
		{"សម", "sam"},			/* a-series inherent */
		{"រង្ស៊ី", "rongsi"},		/* ង ends, ស begins */
		{"ជា", "chea"},			/* o-series ា */
		{"ស៊ីម", "sim"},
		{"សុខ", "sok"},			/* a-series ុ */
		{"ចាន់", "chan"},		/* bantoc */
		{"កែវ", "keo"},
		{"ស្រី", "srei"},		/* cluster, a-series ី */
		{"សម្ដេច", "samdech"},
		{"ស្ពាន", "spean"},		/* o-series subscript */
		{"សុផល", "sophal"},
		{"ចាន់ថា", "chantha"},
		{"ព្រះ", "preah"},		/* reahmuk */
		{"ធំ", "thum"},			/* nikahit */
		{"ពល", "pol"},
		{"គង់", "kong"},
		{"ម៉ម", "mam"},			/* ៉ makes ម a-series */
		{"ប្រាក់", "prak"},		/* ប p before a subscript */
	};

	(void)state;
	CHECK(t);
}

/* Burmese names as passports write them, a word a syllable. */
static void
test_burmese(void **state)
{
	static const struct pair t[] = {
		{"မင်းအောင်လှိုင်", "min aung hlaing"},
		{"အောင်ဆန်းစုကြည်", "aung san su kyi"},
		{"သိန်းစိန်", "thein sein"},
		{"နေဝင်း", "ne win"},
		{"ဦးနု", "u nu"},
		{"ထင်ကျော်", "htin kyaw"},
		{"လှ", "hla"},
		{"ရွှေ", "shwe"},
		{"ထွန်း", "htun"},
		{"ခင်", "khin"},
		{"ချစ်", "chit"},
		{"ညွန့်", "nyun"},
		{"သန်းရွှေ", "than shwe"},
		{"မန္တလေး", "man ta le"},		/* stacked န */
	};

	(void)state;
	CHECK(t);
}

static void
test_sea_script(void **state)
{
	(void)state;
	assert_true(sea_script(0x0E01));	/* ก */
	assert_true(sea_script(0x0E48));	/* a tone mark */
	assert_true(sea_script(0x0E81));	/* ກ */
	assert_true(sea_script(0x1000));	/* က */
	assert_true(sea_script(0xAA60));
	assert_true(sea_script(0x1780));	/* ក */
	assert_true(sea_script(0x17D2));	/* coeng */
	assert_false(sea_script(0x0E51));	/* Thai digit */
	assert_false(sea_script(0x0ED1));	/* Lao digit */
	assert_false(sea_script(0x1041));	/* Myanmar digit */
	assert_false(sea_script(0x17E1));	/* Khmer digit */
	assert_false(sea_script('A'));
	assert_false(sea_script(0x4E00));
}

/* Another script, two of these, a digit: -1 and "". */
static void
test_other_script(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(spell("Somchai", out, sizeof(out)), -1);
	assert_string_equal(out, "");
	assert_int_equal(spell("สมchai", out, sizeof(out)), -1);
	assert_int_equal(spell("สมສົມ", out, sizeof(out)), -1);
	assert_int_equal(spell("ហ៊ុនသိန်း", out, sizeof(out)), -1);
	assert_int_equal(spell("สม๑", out, sizeof(out)), -1);
	assert_int_equal(spell("王", out, sizeof(out)), -1);
	assert_string_equal(out, "");
}

/* Too small a buffer: -1, and out holds "", never part of a name. */
static void
test_small_buffer(void **state)
{
	char out[8];

	(void)state;
	memset(out, 'x', sizeof(out));
	assert_int_equal(spell("วชิราลงกรณ์", out, sizeof(out)), -1);
	assert_string_equal(out, "");
	assert_int_equal(spell("สมชาย", out, 8), 0);	/* just fits */
	assert_string_equal(out, "somchai");
	assert_int_equal(spell("สมชาย", out, 7), -1);
	assert_string_equal(out, "");
	assert_int_equal(spell("สมชาย", out, 1), -1);
	assert_string_equal(out, "");
	assert_int_equal(sea_word(NULL, 0, out, 0), -1);
}

static void
test_empty(void **state)
{
	char out[4] = "abc";
	uint32_t cp[SEA_MAX_WORD + 1] = {0};

	(void)state;
	assert_int_equal(sea_word(cp, 0, out, sizeof(out)), 0);
	assert_string_equal(out, "");
	/* Marks alone spell nothing, and a word too long is refused. */
	assert_int_equal(spell("่์", out, sizeof(out)), 0);
	assert_string_equal(out, "");
	for (size_t i = 0; i <= SEA_MAX_WORD; i++)
		cp[i] = 0x0E01;
	assert_int_equal(sea_word(cp, SEA_MAX_WORD + 1, out, sizeof(out)),
	    -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_thai),
		cmocka_unit_test(test_lao),
		cmocka_unit_test(test_khmer),
		cmocka_unit_test(test_burmese),
		cmocka_unit_test(test_sea_script),
		cmocka_unit_test(test_other_script),
		cmocka_unit_test(test_small_buffer),
		cmocka_unit_test(test_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
