/*
 * Transliteration of scripts other than Latin (core/norm/translit.c, used
 * by norm_name): names spelt as the public tables spell them (Pinyin,
 * the Revised Romanisation of Korean, ICAO 9303 for Cyrillic, ELOT 743
 * for Greek, the Georgian national system, ...), then pairs that the
 * matcher must take for one name or for two, and the transliterator used
 * from several threads at once.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <pthread.h>

#include <cmocka.h>

#include "match/namesim.h"
#include "norm/norm.h"

/* in normalises to primary and variant (NULL: same as primary). */
static void
name_is(const char *in, const char *primary, const char *variant)
{
	struct norm_name nn;

	assert_int_equal(norm_name(in, &nn), 0);
	if (strcmp(nn.primary, primary) != 0)
		print_error("%s: %s, expected %s\n", in, nn.primary, primary);
	assert_string_equal(nn.primary, primary);
	assert_string_equal(nn.variant, variant != NULL ? variant : primary);
}

static void
test_han_pinyin(void **state)
{
	(void)state;
	/* Surname apart, the given name's syllables joined, as passports. */
	name_is("王小明", "WANG XIAOMING", NULL);
	name_is("习近平", "XI JINPING", NULL);
	name_is("毛泽东", "MAO ZEDONG", NULL);
	name_is("李小龙", "LI XIAOLONG", NULL);
	/* Written apart: the surname, then the given name joined. */
	name_is("王 小明", "WANG XIAOMING", NULL);
	/* Tones go (Pinyin's diacritics): 吕 is LU. */
	name_is("吕", "LU", NULL);
}

static void
test_hangul_rr(void **state)
{
	(void)state;
	/* Surnames customary (KIM, LEE, PARK), RR in the variant. */
	name_is("김민수", "KIM MINSU", "GIM MINSU");
	name_is("박지성", "PARK JISEONG", "BAK JISEONG");
	name_is("이순신", "LEE SUNSIN", "YI SUNSIN");
	name_is("한 강", "HAN GANG", NULL);
	/* A surname without a customary spelling is spelt by RR. */
	name_is("편지", "PYEON JI", NULL);
}

static void
test_cyrillic_icao(void **state)
{
	(void)state;
	/* ICAO Doc 9303 part 3, table A, not ICU's ISO 9. */
	name_is("Юрий Гагарин", "IURII GAGARIN", NULL);
	name_is("Щукин Жуков", "SHCHUKIN ZHUKOV", NULL);
	/* 9303 reads Ukrainian И as I too; the matcher folds Y and I. */
	name_is("Володимир Зеленський", "VOLODIMIR ZELENSKII", NULL);
	name_is("Қасым-Жомарт Тоқаев", "KASYM ZHOMART TOKAEV", NULL);
	name_is("Ђорђе Љубић", "DORDE LJUBIC", NULL);
}

static void
test_greek_elot(void **state)
{
	(void)state;
	name_is("Γιώργος Παπαδόπουλος", "GIORGOS PAPADOPOULOS", NULL);
	name_is("Αλέξης Τσίπρας", "ALEXIS TSIPRAS", NULL);
	name_is("ΚΥΡΙΑΚΟΣ ΜΗΤΣΟΤΑΚΗΣ", "KYRIAKOS MITSOTAKIS", NULL);
}

static void
test_abjads(void **state)
{
	(void)state;
	/* Arabic: alif, waw and ya as the vowels they write. */
	name_is("علي", "ALI", NULL);
	name_is("فرناندو", "FRNANDU", NULL);
	name_is("وليد", "WLID", NULL);
	/* The article apart, as lists write AL SISI. */
	name_is("السيسي", "AL SISI", NULL);
	/* Persian's own YEH. */
	name_is("پزشکیان", "PZSHKYAN", NULL);
	/* Waw and ya before alif are consonants. */
	name_is("زياد", "ZYAD", NULL);
	/* Hebrew, as ICU spells it: consonants. */
	name_is("דוד לוי", "DWD LWY", NULL);
}

static void
test_alphabets_and_syllabaries(void **state)
{
	(void)state;
	name_is("მიხეილ სააკაშვილი", "MIKHEIL SAAKASHVILI", NULL);
	name_is("Բարակ Օբամա", "BARAK OBAMA", NULL);
	name_is("नरेन्द्र मोदी", "NARENDRA MODI", NULL);
	name_is("バラク・オバマ", "BARAKU OBAMA", NULL);
	name_is("やまだ たろう", "YAMADA TAROU", NULL);
	/* Thai in RTGS, Lao, Khmer and Burmese as their passports (sea.c). */
	name_is("ทักษิณ", "THAKSIN", NULL);
	name_is("ประยุทธ์ จันทร์โอชา", "PRAYUT CHANOCHA", NULL);
	name_is("ทองลุน สีสุลิด", "THONGLUN SISULIT", NULL);
	name_is("ທອງລຸນ ສີສຸລິດ", "THONGLOUN SISOULIT", NULL);
	name_is("ហ៊ុន សែន", "HUN SEN", NULL);
	name_is("မင်းအောင်လှိုင်", "MIN AUNG HLAING", NULL);
	/* Latin beyond the ICAO table, through ICU's Latin-ASCII. */
	name_is("Nguyễn Tấn Dũng", "NGUYEN TAN DUNG", NULL);
	/* Mixed: the Latin part keeps ICAO's two spellings. */
	name_is("Müller 王", "MUELLER WANG", "MULLER WANG");
}

/*
 * The scripts of India as Indians spell their names in Latin letters: the
 * vowel a consonant carries unsaid at the end and between syllables
 * (RAM, MOHANDAS), SH, CH and RI for ICU's ISO 15919 letters.
 */
static void
test_indic(void **state)
{
	(void)state;
	name_is("राजेश कुमार", "RAJESH KUMAR", NULL);
	name_is("मोहनदास करमचंद गांधी", "MOHANDAS KARAMCHAND GANDHI", NULL);
	name_is("अमिताभ बच्चन", "AMITABH BACHCHAN", NULL);
	name_is("सचिन तेंदुलकर", "SACHIN TENDULKAR", NULL);
	name_is("जवाहरलाल नेहरू", "JAVAHARLAL NEHRU", NULL);
	name_is("अरविंद केजरीवाल", "ARVIND KEJRIVAL", NULL);
	/* After two consonants the vowel stays; a nasal keeps it too. */
	name_is("कृष्ण", "KRISHNA", NULL);
	name_is("मिश्र", "MISHRA", NULL);
	name_is("प्रियंका चोपड़ा", "PRIYANKA CHOPRA", NULL);
	/* One syllable: nothing goes. */
	name_is("न", "NA", NULL);
	/* The nasal before HA; Gurmukhi's tippi and addak. */
	name_is("मनमोहन सिंह", "MANMOHAN SINGH", NULL);
	name_is("ਗੁਰਮੀਤ ਸਿੰਘ", "GURMIT SINGH", NULL);
	name_is("ਅੱਬਾਸ", "ABBAS", NULL);
	name_is("નરેન્દ્ર મોદી", "NARENDRA MODI", NULL);
	name_is("শেখ হাসিনা", "SHEKH HASINA", NULL);
	/* Dravidian scripts keep their vowels; Malayalam's chillu letters. */
	name_is("పిణరాయి విజయన్", "PINARAYI VIJAYAN", NULL);
	name_is("പിണറായി വിജയൻ", "PINARAYI VIJAYAN", NULL);
	name_is("చంద్రబాబు", "CHANDRABABU", NULL);
	/* Sinhala, a joiner inside ශ්‍රී; Ethiopic as the BGN spells it. */
	name_is("ශ්‍රීමාවෝ බණ්ඩාරනායක", "SRIMAVO BANDARANAYAKA", NULL);
	name_is("አበበ ቢቂላ", "ABEBE BIKILA", NULL);
}

static double
person(const char *a, const char *b)
{
	struct namesim *x = namesim_new(a, MATCH_PERSON);
	struct namesim *y = namesim_new(b, MATCH_PERSON);
	double s;

	assert_non_null(x);
	assert_non_null(y);
	s = namesim_compare(x, y, NULL, 0);
	namesim_free(x);
	namesim_free(y);
	return s;
}

static void
expect(const char *a, const char *b, int same)
{
	double s = person(a, b);

	if ((s >= NAMESIM_SAME) != same)
		print_error("%s | %s: %.3f, expected %s\n", a, b, s,
		    same ? "one name" : "two");
	assert_int_equal(s >= NAMESIM_SAME, same);
}

static void
test_pairs(void **state)
{
	(void)state;
	expect("王小明", "WANG XIAOMING", 1);
	expect("王小明", "WANG XIAO MING", 1);
	expect("김민수", "KIM MINSU", 1);
	expect("김민수", "KIM MIN SU", 1);
	expect("이민호", "YI MINHO", 1);
	expect("Բարակ Օբամա", "BARACK OBAMA", 1);
	expect("バラク・オバマ", "OBAMA BARACK", 1);
	expect("नरेन्द्र मोदी", "MODI NARENDRA", 1);
	expect("მიხეილ სააკაშვილი", "SAAKASHVILI MIKHEIL", 1);
	expect("Сергей Петров", "SERGEY PETROV", 1);
	expect("Γιώργος Παπαδόπουλος", "GEORGIOS PAPADOPOULOS", 1);
	expect("محمد بن سلمان", "MHMD BIN SALMAN", 1);
	expect("ประยุทธ์ จันทร์โอชา", "PRAYUT CHAN-O-CHA", 1);
	expect("ทักษิณ ชินวัตร", "THAKSIN CHINNAWAT", 1);
	expect("ហ៊ុន សែន", "HUN SEN", 1);
	expect("ហ៊ុន សែន", "HUN MANET", 0);
	expect("ທອງລຸນ ສີສຸລິດ", "THONGLOUN SISOULITH", 1);
	expect("အောင်ဆန်းစုကြည်", "AUNG SAN SUU KYI", 1);
	expect("မင်းအောင်လှိုင်", "MIN AUNG HLAING", 1);
	/* Y and W before a vowel, a final HE: Hebrew and Arabic in full. */
	expect("משה דיין", "MOSHE DAYAN", 1);
	expect("גולדה מאיר", "GOLDA MEIR", 1);
	expect("משה דיין", "MOSHE DAVID", 0);
	expect("أيمن الظواهري", "AYMAN AL-ZAWAHIRI", 1);
	expect("سيد زياد", "SAYED ZIYAD", 1);
	expect("सुरेश शर्मा", "SHARMA SURESH", 1);
	expect("सुरेश शर्मा", "RAMESH SHARMA", 0);
	expect("ਗੁਰਮੀਤ ਸਿੰਘ", "GURMEET SINGH", 1);
	expect("ශ්‍රීමාවෝ බණ්ඩාරනායක", "SIRIMAVO BANDARANAIKE", 1);
	expect("ኃይለ ሥላሴ", "HAILE SELASSIE", 1);
	/* Han or Hangul a syllable apart: another character, another name. */
	expect("习近平", "习近朋", 0);
	expect("김정은", "김종은", 0);
	expect("이재명", "이재형", 0);
	/* Yet a typing error in the Latin spelling of one still matches. */
	expect("王小明", "WANG XIAOMNG", 1);
}

/* The transliterator from several threads at once gives what one gives. */
#define THREADS		4
#define ROUNDS		200

static void *
worker(void *arg)
{
	static const char *const in[] = {
		"王小明", "Բարակ Օբամա", "नरेन्द्र मोदी", "მიხეილ", "علي",
	};
	static const char *const want[] = {
		"WANG XIAOMING", "BARAK OBAMA", "NARENDRA MODI", "MIKHEIL",
		"ALI",
	};
	int *bad = arg;

	for (int r = 0; r < ROUNDS; r++) {
		for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
			struct norm_name nn;

			if (norm_name(in[i], &nn) != 0 ||
			    strcmp(nn.primary, want[i]) != 0)
				(*bad)++;
		}
	}
	return NULL;
}

static void
test_threads(void **state)
{
	pthread_t t[THREADS];
	int bad[THREADS] = {0};

	(void)state;
	for (int i = 0; i < THREADS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, worker, &bad[i]), 0);
	for (int i = 0; i < THREADS; i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		assert_int_equal(bad[i], 0);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_han_pinyin),
		cmocka_unit_test(test_hangul_rr),
		cmocka_unit_test(test_cyrillic_icao),
		cmocka_unit_test(test_greek_elot),
		cmocka_unit_test(test_abjads),
		cmocka_unit_test(test_alphabets_and_syllabaries),
		cmocka_unit_test(test_indic),
		cmocka_unit_test(test_pairs),
		cmocka_unit_test(test_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
