/*
 * Chinese names in Pinyin and Wade-Giles (core/match/sinic.c): single
 * syllables in both systems, given names run together, the syllables that
 * must stay apart, one system a word, syllables that begin with a vowel,
 * words that are not Chinese, and the limit on syllables.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "match/sinic.h"

/* sinic_same both ways round, which must agree; says which pair if wrong. */
static int
same(const char *a, const char *b)
{
	int ab = sinic_same(a, strlen(a), b, strlen(b));
	int ba = sinic_same(b, strlen(b), a, strlen(a));

	if (ab != ba)
		print_error("%s | %s: %d one way, %d the other\n", a, b, ab,
		    ba);
	assert_int_equal(ab, ba);
	return ab;
}

static void
expect(const char *a, const char *b, int want)
{
	int got = same(a, b);

	if (got != want)
		print_error("%s | %s: %d, expected %d\n", a, b, got, want);
	assert_int_equal(got, want);
}

#define SAME(a, b)	expect((a), (b), 1)
#define DIFFERENT(a, b)	expect((a), (b), 0)

static int
word(const char *w)
{
	return sinic_word(w, strlen(w));
}

/* One Wade-Giles syllable and the Pinyin it stands for. */
static void
test_single_syllables(void **state)
{
	(void)state;
	SAME("HSI", "XI");
	SAME("CHANG", "ZHANG");
	SAME("TSE", "ZE");
	SAME("TSE", "CE");
	SAME("TUNG", "DONG");
	SAME("TUNG", "TONG");
	SAME("JEN", "REN");
	SAME("SHIH", "SHI");
	SAME("KUO", "GUO");
	SAME("SZU", "SI");
	SAME("SSU", "SI");
	SAME("YUNG", "YONG");
	SAME("HSIUNG", "XIONG");
	SAME("CHIH", "ZHI");
	SAME("CHIH", "CHI");
	SAME("CHIN", "JIN");
	SAME("CHIN", "QIN");
	SAME("TZU", "ZI");
	SAME("TZU", "CI");
	SAME("PAO", "BAO");
	SAME("LIEH", "LIE");
	SAME("MIEN", "MIAN");
	SAME("KO", "GE");
	SAME("HO", "HE");
	SAME("LO", "LUO");
	SAME("ERH", "ER");
	SAME("KUEI", "GUI");
	SAME("YEH", "YE");
	SAME("YEN", "YAN");
	/* WG YU is Pinyin YOU; with its umlaut lost, YÜ is YU as well. */
	SAME("YU", "YOU");
	/* The umlaut lost: HSÜ, CHÜ, HSÜEH. */
	SAME("HSU", "XU");
	SAME("CHU", "JU");
	SAME("CHU", "ZHU");
	SAME("HSUEH", "XUE");
	/* Two Wade-Giles spellings of one syllable. */
	SAME("KO", "KE");
	SAME("TEH", "TE");
	/* HSIAN is no Wade-Giles syllable: only HSI AN, never XIAN. */
	DIFFERENT("HSIEN", "HSIAN");
}

/* Given names whose syllables the hyphen no longer separates. */
static void
test_whole_names(void **state)
{
	(void)state;
	SAME("CHINPING", "JINPING");
	SAME("TSETUNG", "ZEDONG");
	SAME("HSIAOPING", "XIAOPING");
	SAME("CHIHMING", "ZHIMING");
	SAME("CHINGKUO", "JINGGUO");
	SAME("HSIEN", "XIAN");
	/* XIAN is XI AN as well as XIAN. */
	SAME("HSIAN", "XIAN");
	/* Equal texts are not this module's to say. */
	DIFFERENT("ENLAI", "ENLAI");
	DIFFERENT("ZHANG", "ZHANG");
	/* The syllables must pair up one by one. */
	DIFFERENT("HSIAOPING", "XIAO");
	DIFFERENT("CHINPING", "JINPINGLI");
}

/* Syllables that only look alike stay apart. */
static void
test_different_syllables(void **state)
{
	(void)state;
	/* Both Pinyin; Wade-Giles has no Q and its JIN would be REN. */
	DIFFERENT("JIN", "QIN");
	DIFFERENT("WEI", "WEN");
	DIFFERENT("LI", "LIN");
	DIFFERENT("XI", "SHI");
	DIFFERENT("ZHANG", "ZHENG");
	DIFFERENT("WANG", "HUANG");
	DIFFERENT("DONG", "TONG");
	DIFFERENT("JIN", "REN");
	DIFFERENT("HSI", "SHI");
	DIFFERENT("CHANG", "CHENG");
	DIFFERENT("XIAOPING", "XIAOMING");
	DIFFERENT("TSETUNG", "ZEDENG");
}

/*
 * A word is in one system: a Pinyin word meets another only through a
 * Wade-Giles reading of one of them as a whole.
 */
static void
test_one_system(void **state)
{
	(void)state;
	/* PING is Wade-Giles for BING, but XIAO is not Wade-Giles. */
	DIFFERENT("XIAOPING", "XIAOBING");
	DIFFERENT("ZHANGDE", "ZHANGTE");
	DIFFERENT("JINPING", "QINPING");
	/* CHINPING is Wade-Giles throughout: JIN or QIN, BING or PING. */
	SAME("CHINPING", "QINBING");
	/* Both Pinyin words, one also Wade-Giles for the other. */
	SAME("PAO", "BAO");
	SAME("TUNG", "TONG");
	/* Pinyin and Wade-Giles in one name, word by word. */
	SAME("CHINGKUO", "JINGGUO");
}

/*
 * Pinyin's apostrophe before a vowel is lost (XI'AN as XIAN), but a
 * Wade-Giles word is not split where its letters make one syllable.
 */
static void
test_vowels(void **state)
{
	(void)state;
	/* HSI-AN and XI'AN. */
	SAME("HSIAN", "XIAN");
	/* HSIU-O and XIU'E, CHIH-AN and ZHI'AN, HSU-I and XUYI. */
	SAME("HSIUO", "XIUE");
	SAME("CHIHAN", "ZHIAN");
	SAME("HSUI", "XUYI");
	/* Else DI'AN and T'I-AN, LU'E and LU-O, HU-I and HUYI. */
	DIFFERENT("DIAN", "TIAN");
	DIFFERENT("BIAN", "PIAN");
	DIFFERENT("LUE", "LUO");
	DIFFERENT("NUE", "NUO");
	DIFFERENT("JUE", "RUO");
	DIFFERENT("HUI", "HUYI");
	SAME("TIEN", "TIAN");
}

/* Pinyin's ü after L and N as passports and typists write it. */
static void
test_umlaut(void **state)
{
	(void)state;
	SAME("LYU", "LU");
	SAME("NYU", "NU");
	SAME("LV", "LU");
	SAME("LYU", "LV");
	SAME("LUEH", "LUE");
	SAME("NUEH", "NUE");
	SAME("LYUE", "LUEH");
	DIFFERENT("LYU", "LUE");
}

/* Words that are not Mandarin syllables are not read. */
static void
test_not_chinese(void **state)
{
	(void)state;
	assert_int_equal(word("SMITH"), 0);
	assert_int_equal(word("HANS"), 0);
	assert_int_equal(word("PETER"), 0);
	assert_int_equal(word("MUELLER"), 0);
	DIFFERENT("SMITH", "SMYTH");
	DIFFERENT("HANS", "HAN");
	DIFFERENT("PETER", "PEITE");
	/* Only capitals: no lower case, hyphens, spaces or NUL bytes. */
	assert_int_equal(word("xi"), 0);
	assert_int_equal(word("XI-AN"), 0);
	assert_int_equal(word("XI AN"), 0);
	assert_int_equal(sinic_word("LI\0", 3), 0);
	assert_int_equal(sinic_same("LI\0", 3, "LI", 2), 0);
	assert_int_equal(sinic_word("", 0), 0);
	assert_int_equal(sinic_same("", 0, "LI", 2), 0);
	assert_int_equal(sinic_same("LI", 2, "", 0), 0);
}

/* Words read as Chinese, in either system or mixed. */
static void
test_words(void **state)
{
	(void)state;
	assert_int_equal(word("XI"), 1);
	assert_int_equal(word("HSI"), 1);
	assert_int_equal(word("CHINPING"), 1);
	assert_int_equal(word("XIAOPING"), 1);
	assert_int_equal(word("HSIAOPING"), 1);
	assert_int_equal(word("LYU"), 1);
	assert_int_equal(word("ZHUANGZHUANGZHUANGZHUANG"), 1);
	/* Not from a name part cut short in the middle of a syllable. */
	assert_int_equal(word("ZHUANGZ"), 0);
}

/* At most SINIC_MAX_SYLLABLES syllables a word, and so many letters. */
static void
test_syllable_limit(void **state)
{
	(void)state;
	assert_int_equal(SINIC_MAX_SYLLABLES, 4);
	assert_int_equal(word("LILILILI"), 1);
	assert_int_equal(word("LILILILILI"), 0);
	assert_int_equal(word("ZHANGWANGLIZHAOSUN"), 0);
	SAME("HSILILILI", "XILILILI");
	DIFFERENT("HSILILILILI", "XILILILILI");
	/* Longer than four syllables can ever be. */
	assert_int_equal(word("ZHUANGZHUANGZHUANGZHUANGA"), 0);
	assert_int_equal(word("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_single_syllables),
		cmocka_unit_test(test_whole_names),
		cmocka_unit_test(test_different_syllables),
		cmocka_unit_test(test_one_system),
		cmocka_unit_test(test_vowels),
		cmocka_unit_test(test_umlaut),
		cmocka_unit_test(test_not_chinese),
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_syllable_limit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
