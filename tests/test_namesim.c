/*
 * Name similarity (core/match/namesim.c): one test per rule, then the project's
 * labelled set of border variants (tests/data/names/border.csv), read at
 * test time, whose precision and recall at NAMESIM_SAME must stay at 0.95
 * or more (printed by class too: the id's first part), and the blocking
 * keys that every matching pair must share. Its script pairs include the
 * known misses (Hebrew and Arabic written without their vowels, Thai).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <csv.h>

#include "match/namesim.h"
#include "harness.h"

#define EXPL_MAX	256

static double
sim_kind(const char *a, const char *b, enum match_kind kind, char *expl)
{
	struct namesim *x = namesim_new(a, kind), *y = namesim_new(b, kind);
	double s, back;

	assert_non_null(x);
	assert_non_null(y);
	s = namesim_compare(x, y, expl, expl != NULL ? EXPL_MAX : 0);
	/* Symmetric, always. */
	back = namesim_compare(y, x, NULL, 0);
	assert_true(s == back);
	assert_true(s >= 0.0 && s <= 1.0);
	namesim_free(x);
	namesim_free(y);
	return s;
}

static double
person(const char *a, const char *b)
{
	return sim_kind(a, b, MATCH_PERSON, NULL);
}

static double
org(const char *a, const char *b)
{
	return sim_kind(a, b, MATCH_ORGANIZATION, NULL);
}

/* Whether a and b are taken for one name, saying which pair when wrong. */
static void
expect(const char *a, const char *b, enum match_kind kind, int same)
{
	double s = sim_kind(a, b, kind, NULL);

	if ((s >= NAMESIM_SAME) != same)
		print_error("%s | %s: %.3f, expected %s\n", a, b, s,
		    same ? "one name" : "two");
	assert_int_equal(s >= NAMESIM_SAME, same);
}

#define SAME(a, b)		expect((a), (b), MATCH_PERSON, 1)
#define DIFFERENT(a, b)		expect((a), (b), MATCH_PERSON, 0)
#define ORG_SAME(a, b)		expect((a), (b), MATCH_ORGANIZATION, 1)
#define ORG_DIFFERENT(a, b)	expect((a), (b), MATCH_ORGANIZATION, 0)

static void
test_transliteration(void **state)
{
	(void)state;
	/* ICAO 9303 gives two spellings; both are the name. */
	assert_true(person("Müller Hans", "MUELLER HANS") == 1.0);
	assert_true(person("Müller Hans", "MULLER HANS") == 1.0);
	assert_true(person("Østergård Søren", "OESTERGAARD SOREN") == 1.0);
	assert_true(person("Østergård Søren", "OSTERGARD SOREN") == 1.0);
	assert_true(person("Łukasz Kowalczyk", "LUKASZ KOWALCZYK") == 1.0);
	assert_true(person("Çelik Mehmet", "CELIK MEHMET") == 1.0);
	assert_true(person("Großmann Jürgen", "GROSSMANN JUERGEN") == 1.0);
	/* Romanisations that disagree: Y, J and I; OU and U; KH and H. */
	SAME("SERGEY PETROV", "SERGEJ PETROV");
	SAME("SERGEI PETROV", "SERGEJ PETROV");
	SAME("YUSUF AHMED", "YOUSSEF AHMED");
	SAME("KHALED HAMDAN", "HALED HAMDAN");
	/* Cyrillic (ICAO 9303) and Greek letters are spelt in Latin. */
	SAME("Сергей Петров", "SERGEI PETROV");
	SAME("Юрий Гагарин", "YURIY GAGARIN");
	SAME("Γιώργος Παπαδόπουλος", "GIORGOS PAPADOPOULOS");
}

static void
test_typos(void **state)
{
	(void)state;
	SAME("Alexander Schmidt", "ALEXANDER SCHMITD");
	SAME("Katarzyna Wisniewska", "KATARZYNA WISNIEWKA");
	SAME("Christopher Johnson", "CHRISTOPER JOHNSON");
	SAME("Emmanuel Macron", "EMANUEL MACRON");
	/* Doubled letters count once. */
	SAME("Hannibal Lecter", "HANNIBALL LECTER");
	SAME("Kim Jong Un", "KIM JONG UUN");
	/* Digits in a person's name read as the letters they look like. */
	SAME("Igor Sechin", "I9OR SECH1N");
	/* Short words must be equal: one letter makes another name. */
	DIFFERENT("JAN KOWALSKI", "JON KOWALSKI");
	DIFFERENT("ALI HASSAN", "ALA HASSAN");
	/* Yet a letter left out inside a short word is a typing error... */
	SAME("Juha Eriksson", "ERIKSSON JHA");
	SAME("Song Gangjian", "GANGJIAN SOG");
	/* ...unless the short word is a name itself, or added at its end. */
	DIFFERENT("DAN SMITH", "DEAN SMITH");
	DIFFERENT("YAN LI", "YUAN LI");
	DIFFERENT("JIN WANG", "JING WANG");
	/* Too many errors for the length. */
	DIFFERENT("Alexander Lukashevich", "Alexander Lukashenko");
	DIFFERENT("Luis Monteiro", "Luis Montenegro");
}

static void
test_phonetic(void **state)
{
	(void)state;
	SAME("Pyotr Tchaikovsky", "PIOTR TSCHAIKOWSKI");
	SAME("Muammar Gaddafi", "MOAMMAR QADHAFI");
	SAME("Mohammed Abdullah", "MUHAMMAD ABDULLAH");
	SAME("Hussein Kamel", "HUSAIN KAMEL");
	/* The vowels keep names that only sound alike apart. */
	DIFFERENT("Olga Baranova", "Oleg Baranova");
	DIFFERENT("Ali Hassan", "ALI HUSSEIN");
}

static void
test_order(void **state)
{
	(void)state;
	assert_true(person("Nowak, Piotr", "PIOTR NOWAK") == 1.0);
	assert_true(person("GARCIA LOPEZ MARIA JOSE",
	    "María José García López") == 1.0);
	assert_true(person("ZHANG WEI", "Wei Zhang") == 1.0);
}

static void
test_initials(void **state)
{
	(void)state;
	SAME("J. Smith", "JOHN SMITH");
	SAME("N. Nazarbayev", "Nursultan Nazarbayev");
	assert_true(person("J. Smith", "JOHN SMITH") < 1.0);
	/* Initials alone are no name; clashing initials are two people. */
	DIFFERENT("J S", "JOHN SMITH");
	DIFFERENT("Smith, John A.", "JOHN B SMITH");
	DIFFERENT("Hans O Friedrich", "Hans Joachim Friedrich");
}

static void
test_compounds(void **state)
{
	(void)state;
	assert_true(person("Jan Daniel Bothma", "JANDANIEL BOTHMA") == 1.0);
	assert_true(person("Anna Smith-Jones", "ANNA SMITHJONES") == 1.0);
	assert_true(person("RamiMakhlouf", "Rami Makhlouf") == 1.0);
	assert_true(person("Ursula von der Leyen", "URSULA VONDERLEYEN") ==
	    1.0);
	/* Three parts into one, and a compound with a typing error. */
	SAME("Nikolai Plat Ono Vich Patrushev",
	    "Nikolai Platonovich Patrushev");
	SAME("FridrichBuchenberg", "Friedrich Buchenberg");
}

static void
test_titles(void **state)
{
	(void)state;
	assert_true(person("SMITH/JOHN MR", "John Smith") == 1.0);
	assert_true(person("MR JOHN SMITH", "John Smith") == 1.0);
	assert_true(person("SMITH JOHNMR", "JOHN SMITH") >= 0.95);
	assert_true(person("Dr. Anna Schmidt", "ANNA SCHMIDT") == 1.0);
	assert_true(person("Sheikh Ahmed Al Thani", "AHMED AL THANI") == 1.0);
	assert_true(person("MRS JANE DOE", "JANE DOE MRS") == 1.0);
	/* API data's placeholder for a first name not known. */
	assert_true(person("FNU SUKARNO", "SUKARNO") == 1.0);
	/* ADAMS ends in MS, which is not a title glued on. */
	DIFFERENT("JOHN ADAMS", "JOHN ADA");
	/* A name of a title only stays what it is. */
	assert_true(person("MR", "MR") == 0.0 || person("MR", "MR") == 1.0);
}

/*
 * Titles run into a word, at its end as PNRs write them or at its start,
 * in every part of the name and on either side; and the names whose own
 * letters look like a title glued on, which must stay what they are.
 */
static void
test_glued_titles(void **state)
{
	char expl[EXPL_MAX];

	(void)state;
	SAME("JOHNMR SMITH", "John Smith");
	SAME("SMITH JOHNMR", "John Smith");
	SAME("LORELEIMRS LEE", "Lorelei Lee");
	SAME("KOWALSKA ANNAMS", "Anna Kowalska");
	SAME("HAGEBERGER LEAMS", "Lea Hageberger");
	SAME("SMITH AMYMS", "Amy Smith");
	SAME("PAN PETERMSTR", "Peter Pan");
	SAME("NOWAK EWAMISS", "Ewa Nowak");
	SAME("SMITH JOHNDR", "John Smith");
	SAME("KOWALSKI JANMR", "Jan Kowalski");
	SAME("HASSAN ALIMR", "Ali Hassan");
	SAME("SMITH TOMCHD", "Tom Smith");
	SAME("DRSMITH JOHN", "John Smith");
	SAME("SMITHJR MRJONATHON", "Jonathon Smithjr");
	SAME("PROFMUELLER HANS", "Hans Müller");
	/* The title glued on one side, set apart or glued otherwise on the other. */
	SAME("SMITH JOHNMR", "SMITH JOHN MR");
	SAME("JOHNMR SMITH", "MRJOHN SMITH");
	/* Both ICAO spellings of the word under the title. */
	SAME("MUELLER JUERGENMR", "Jürgen Müller");
	SAME("MÜLLER JÜRGENMR", "JURGEN MULLER");
	/* A typing error beside a title that ends no name. */
	SAME("SMITH JONHMR", "John Smith");
	assert_true(sim_kind("SMITH JOHNMR", "JOHN SMITH", MATCH_PERSON,
	    expl) >= NAMESIM_SAME);
	assert_non_null(strstr(expl, "title"));

	/* Names that end or begin in a title's letters. */
	DIFFERENT("JOHN ADAMS", "JOHN ADA");
	DIFFERENT("ADAMS JOHN", "ADA JOHN");
	DIFFERENT("JOHN SAMS", "JOHN SA");
	DIFFERENT("JOHN TIMMS", "JOHN TIM");
	DIFFERENT("THOMAS JOHN", "THO JOHN");
	DIFFERENT("JAMES BROWN", "JA BROWN");
	DIFFERENT("JOHN DRAKE", "JOHN AKE");
	DIFFERENT("JAN MRAZ", "JAN AZ");
	DIFFERENT("MARIA PEDR", "MARIA PE");
	DIFFERENT("PAOLO MISSONI", "PAOLO ONI");
	/* ...and keep what they matched before. */
	SAME("JOHN ADAMS", "JOHN ADAMS");
	SAME("JOHN ADAMS", "JOHN ADAM");
	SAME("WILLIAMS JOHN", "WILLIAM JOHN");
	SAME("THOMAS JAMES", "JAMES THOMAS");
	SAME("ALEXANDR PETROV", "ALEXANDER PETROV");
	/* Only the other name's very word: ALEXANDR is not ALEXA. */
	DIFFERENT("ALEXANDR PETROV", "ALEXA PETROV");
	DIFFERENT("WILLIAMS JOHN", "WILLY JOHN");
	/* A title is a second reading: AL AMR joined stays ALAMR. */
	SAME("SAUD ALAMR", "SAUD AL AMR");
	/* A word that is only a title with a short rest is a word. */
	DIFFERENT("JOHN MRS", "JOHN S");
}

static void
test_mrz_truncation(void **state)
{
	(void)state;
	/* TD3: 39 characters, TD1: 30, "<<" between surname and given names. */
	SAME("WOLFESCHLEGELSTEINHAUSEN MARIA ALEXANDRA",
	    "WOLFESCHLEGELSTEINHAUSEN MARIA ALEXAN");
	SAME("WOLFESCHLEGELSTEINHAUSEN MARIA ALEXANDRA",
	    "WOLFESCHLEGELSTEINHAUSEN MARI");
	SAME("CHRISTODOULOPOULOS KONSTANTINOS ALEXANDROS",
	    "CHRISTODOULOPOULOS KONSTANTI");
	/* A short name was not cut: MAI is not MAINA. */
	DIFFERENT("NGUYEN THI MAI", "NGUYEN THI MAINA");
	/* Only the last part is cut. */
	DIFFERENT("ABDULRAHMAN MOHAMMED ALSHEHRI", "ABDUL MOHAMMED ALSHEHRI");
}

static void
test_middle_names(void **state)
{
	double one, two;

	(void)state;
	one = person("Hans Peter Müller", "MUELLER HANS");
	two = person("Hans Peter Karl Müller", "MUELLER HANS");
	/* A small penalty per missing part. */
	assert_true(one >= NAMESIM_SAME && one < 1.0);
	assert_true(two >= NAMESIM_SAME && two < one);
	SAME("John Fitzgerald Kennedy", "JOHN KENNEDY");
	SAME("Thomas A. Anderson", "THOMAS ANDERSON");
	/* Too many missing parts: another person. */
	DIFFERENT("ANNA SMITH", "ANNA MARIA LOUISE CHARLOTTE ELISABETH SMITH");
	/* Parts on both sides that disagree. */
	DIFFERENT("Sergey Viktorovich Lavrov", "Sergey Borisovich Lavrov");
	DIFFERENT("Barack Obama", "George Hussein Onyango Obama");
}

static void
test_particles(void **state)
{
	(void)state;
	assert_true(person("Ludwig van Beethoven", "LUDWIG BEETHOVEN") == 1.0);
	assert_true(person("Bashar al-Assad", "BASHAR ASSAD") == 1.0);
	assert_true(person("Bashar al-Assad", "BASHAR EL ASSAD") == 1.0);
	assert_true(person("Omar bin Laden", "OMAR BEN LADEN") == 1.0);
	assert_true(person("bin Salman Mohammed", "Mohammed bin Salman") ==
	    1.0);
	/* With no name after it, a particle is the name: Le Mai Thanh. */
	SAME("LE, MAI THANH", "MAI LE");
	SAME("LE, MAI THANH", "MAI THANH LE");
	SAME("HOVEN, JAN VAN DER", "JAN VAN DER HOVEN");
	/* A given name that reads as a particle is no longer left out. */
	DIFFERENT("PARK JI DA", "PARK JI HO");
	/* A list's surname before its comma is a name, whatever it reads as. */
	DIFFERENT("Le, Tai Van", "LY TAI VAN");
	SAME("Le, Tai Van", "LE TAI VAN");
	/* The father's name after BIN stays the father's name. */
	DIFFERENT("Mohammed bin Salman", "SALMAN BIN MOHAMMED");
	DIFFERENT("AHMAD BIN HASAN AL-UBAIDI", "HASAN BIN AHMAD AL-UBAIDI");
}

static void
test_one_word(void **state)
{
	(void)state;
	/* One word inside a longer name is not the name... */
	DIFFERENT("Hans", "Hans Müller");
	DIFFERENT("SMITH", "J SMITH");
	DIFFERENT("Ben Netanyahu", "Benjamin Netanyahu");
	/* ...but one word against one word is compared. */
	SAME("Hanniball", "Hannibal");
	DIFFERENT("Hans", "Peter");
}

static void
test_different_people(void **state)
{
	(void)state;
	DIFFERENT("Hans Müller", "Peter Müller");
	DIFFERENT("Anna Kowalska", "Maria Kowalska");
	DIFFERENT("John Smith", "John Smithson");
	DIFFERENT("Kim Min Jun", "Kim Min Jae");
	DIFFERENT("Ahmed Hassan Mohamed", "Ahmed Mohamed Ali");
	/* Gendered forms of a name are two people. */
	DIFFERENT("Maria Garcia", "Mario Garcia");
	DIFFERENT("Daniel Novak", "Daniela Novak");
	DIFFERENT("Ivan Petrov", "Ivana Petrova");
	DIFFERENT("Jan Kowalski", "Jan Kowalska");
	DIFFERENT("Michel Dubois", "Michelle Dubois");
	DIFFERENT("Oleg Zelenskiy", "Oleg Zelenskaya");
}

static void
test_org_legal_forms(void **state)
{
	(void)state;
	/* Across languages, spelt out, abbreviated or dotted. */
	assert_true(org("Siemens Aktiengesellschaft", "SIEMENS AG") == 1.0);
	assert_true(org("Siemens A.G.", "SIEMENS AG") == 1.0);
	assert_true(org("Acme Trading Limited", "ACME TRADING LTD") == 1.0);
	assert_true(org("Apple Incorporated", "Apple Inc.") == 1.0);
	assert_true(org("Müller Logistik GmbH", "Mueller Logistik Gesellschaft"
	    " mit beschränkter Haftung") == 1.0);
	assert_true(org("Pro Traffic S.R.L.", "Societatea cu Răspundere"
	    " Limitată PRO TRAFFIC") == 1.0);
	assert_true(org("Vitol Holding S.A.", "VITOL HOLDING SOCIEDAD ANONIMA")
	    == 1.0);
	assert_true(org("Gazprom Neft PJSC",
	    "Public Joint Stock Company Gazprom Neft") == 1.0);
	assert_true(org("OAO Gazprom", "Open Joint Stock Company Gazprom") ==
	    1.0);
	assert_true(org("ООО \"Ромашка\"", "OOO ROMASHKA") == 1.0);
	assert_true(org("Obshchestvo s ogranichennoy otvetstvennostyu Romashka",
	    "ROMASHKA OOO") == 1.0);
	assert_true(org("Faberlic Europe Sp. z o.o.", "FABERLIC EUROPE") ==
	    1.0);
	assert_true(org("Lloyds Banking Group Public Limited Company",
	    "Lloyds Banking Group plc") == 1.0);
	/* A long legal form with a typing error is still one. */
	assert_true(org("Siemens Aktiengeselschaft", "SIEMENS AG") == 1.0);
	/* A legal form alone is nothing. */
	ORG_DIFFERENT("Limited Liability Company", "LLC");
	ORG_DIFFERENT("OOO", "OOO");
}

static void
test_org_common_words(void **state)
{
	(void)state;
	/* Never a match on common words alone... */
	ORG_DIFFERENT("Global Trading Ltd", "Global Trading Group Inc");
	ORG_DIFFERENT("Trading Company Ltd", "Trading Ltd");
	ORG_DIFFERENT("Management Company", "Westminster Management Company");
	ORG_DIFFERENT("Management Company 23", "Management Company");
	ORG_DIFFERENT("Bank of Moscow", "Bank of Kazan");
	/* ...unless the whole name is the same two or more of them. */
	ORG_SAME("The World Bank", "World Bank");
	/* A common word more costs a little; a rare word more is another. */
	ORG_SAME("Nanshan Group", "Nanshan Group Co Ltd");
	assert_true(org("Orion Trading Ltd", "Orion Ltd") < 1.0);
	ORG_DIFFERENT("Banco Nordeste S.A.", "Banco Nordeste Paraguay S.A.");
	ORG_DIFFERENT("Acme Trading LLC", "Apex Trading LLC");
	/* Common words that disagree. */
	ORG_DIFFERENT("Mitsubishi UFJ Trust and Banking Corporation",
	    "Mitsubishi UFJ Lease and Finance Corporation");
	/*
	 * Sectors in the languages of the legal forms are common words too:
	 * a name that leaves its sector out is the same company, another
	 * sector is another.
	 */
	ORG_SAME("Kervanli Lojistik Ltd Sti", "Kervanli Ltd Sti");
	ORG_SAME("Alimentos Quirova SA de CV", "Quirova SA de CV");
	ORG_SAME("Hallberg Maschinenbau GmbH", "Hallberg GmbH");
	ORG_SAME("Ningbo Zhentai Machinery Co Ltd",
	    "Ningbo Zhentai Co Ltd");
	ORG_DIFFERENT("Zhentai Machinery Co Ltd", "Zhentai Textiles Co Ltd");
}

static void
test_org_rare_words(void **state)
{
	(void)state;
	ORG_SAME("Exxor Mobil Corporation", "Exxon Mobil Corporation");
	ORG_SAME("Alpha Omega Shipping Co", "Alfa Omega Shipping Company");
	ORG_SAME("Goodwill Company", "Good Will Company");
	ORG_SAME("ABC Co.", "A.B.C. Company");
	ORG_SAME("PLA", "People's Liberation Army");
	ORG_SAME("Blackstone Capital Partners VII L.P.",
	    "Blackstone Capital Partners VIII L.P.");
	/* Organisation words are words: two errors in eight letters differ. */
	ORG_DIFFERENT("Berkshire Halloway Inc.", "Berkshire Hathaway Inc.");
	ORG_DIFFERENT("McKenton Corporation", "McKesson Corporation");
	ORG_DIFFERENT("C.B.A. Company", "A.B.C. Company");
	ORG_DIFFERENT("BD p.l.c.", "BP p.l.c.");
}

static void
test_nicknames(void **state)
{
	(void)state;
	SAME("Ted Doe", "Theodore Doe");
	SAME("Ted Doe", "Edward Doe");
	SAME("Bill Clinton", "William Clinton");
	SAME("Bill Smith", "Will Smith");
	SAME("Sasha Petrov", "Alexander Petrov");
	/* Two nicknames of two names, and a nickname is not a surname. */
	DIFFERENT("Ted Doe", "Bill Doe");
	DIFFERENT("Bob Dylan", "Bob Robert");
	/* Short given names of one family stay apart. */
	DIFFERENT("LI WEI", "LI WEN");
}

/*
 * Other romanisations of one name: Pinyin against Wade-Giles, Cantonese
 * and Hokkien; Korean's systems; Hepburn's long vowels. The table's first
 * and last entries are found (it is searched by halves). Whole Chinese
 * names in Wade-Giles are sinic.c's (test_sinic); here as names.
 */
static void
test_romanisations(void **state)
{
	char expl[EXPL_MAX];

	(void)state;
	SAME("ZHANG WEI", "CHEUNG WEI");
	SAME("CHANG WEI", "CHEUNG WEI");
	SAME("HUANG MING", "WONG MING");
	SAME("WANG MING", "WONG MING");
	SAME("LEE JIHOON", "RHEE JIHOON");
	SAME("CHOI MINSU", "CHOE MINSU");
	SAME("AHN JUNHO", "AN JUNHO");
	SAME("YUUTA SUZUKI", "YUTA SUZUKI");
	SAME("OTA HIROSHI", "OHTA HIROSHI");
	/* WONG spells WANG and HUANG, which stay two names. */
	DIFFERENT("WANG MING", "HUANG MING");
	DIFFERENT("WONG MING", "WONG MEI");
	DIFFERENT("ZHANG WEI", "CHEUNG WEN");
	/* Pinyin and Wade-Giles, syllable by syllable, joined or not. */
	SAME("HSU CHIH-MING", "XU ZHIMING");
	SAME("Teng Hsiao-ping", "Deng Xiaoping");
	SAME("Chiang Ching-kuo", "Jiang Jingguo");
	DIFFERENT("WANG JUN", "WANG QUN");
	DIFFERENT("LIN CHIH-MING", "LIN ZHIPING");
	/* Only where every word of both names is Mandarin syllables. */
	DIFFERENT("DAN SMITH", "TAN SMITH");
	sim_kind("ZHANG WEI", "CHEUNG WEI", MATCH_PERSON, expl);
	assert_string_equal(expl, "CHEUNG WEI ~ ZHANG WEI: romanisation");
}

/* A word keyed or written without its vowels. */
static void
test_vowels_left_out(void **state)
{
	char expl[EXPL_MAX];

	(void)state;
	SAME("YIN MING", "YIN MNG");
	SAME("MUHAMMAD IQBAL", "MHMD IQBAL");
	SAME("HANNAH SCHMIDT", "HNH SCHMIDT");
	/* Not a shorter word, nor consonants that differ. */
	DIFFERENT("BRUNO KOVAC", "BRT KOVAC");
	DIFFERENT("YIN MING", "YIN MG");
	DIFFERENT("YIN MING", "YIN MNK");
	sim_kind("YIN MING", "YIN MNG", MATCH_PERSON, expl);
	assert_string_equal(expl, "YIN MING ~ YIN MNG: vowels");
}

/*
 * Arabic and Hebrew leave short vowels unwritten, and ICU spells what is
 * written: consonants, long vowels, waw and yod (HSIN, MHMUD, DWD, LWY).
 * Such a word meets the same name in full, its long vowels where they
 * stand, and not a name whose long vowel the script would have written.
 */
static void
test_abjads(void **state)
{
	(void)state;
	SAME("דוד לוי", "DAVID LEVI");
	SAME("בנימין נתניהו", "Benjamin Netanyahu");
	SAME("אברהם כהן", "Avraham Cohen");
	SAME("محمد علي", "MUHAMMAD ALI");
	SAME("حسين محمود", "HUSSEIN MAHMOUD");
	SAME("يوسف عباس", "YOUSSEF ABBAS");
	SAME("فرناندو بيريز", "Fernando Pérez");
	/* MHMD is not MAHMOUD, HSN not HUSSEIN, MHMUD not MOHAMED. */
	DIFFERENT("محمد علي", "MAHMOUD ALI");
	DIFFERENT("أحمد حسن", "AHMED HUSSEIN");
	DIFFERENT("محمود عباس", "MOHAMED ABBAS");
	DIFFERENT("דוד לוי", "DOV LEVI");
}

static void
test_org_variants(void **state)
{
	(void)state;
	/* Joined and split. */
	ORG_SAME("DEUTSCHEPOST", "Deutsche Post AG");
	ORG_SAME("Mc Donald Holdings", "McDonald Holdings");
	/* Numbers as words, digits and ordinals. */
	ORG_SAME("Unit Seventeen Ltd", "Unit 17 Ltd");
	ORG_SAME("3rd Street Bank", "Third Street Bank");
	ORG_SAME("First National Holdings", "1st National Holdings");
	ORG_SAME("Twenty-One Pilots Inc", "21 Pilots Inc");
	/* Abbreviations of common words, initialisms with and without dots. */
	ORG_SAME("Smith Assn", "Smith Association");
	ORG_SAME("Warner Bros", "Warner Brothers");
	ORG_SAME("Natl Widget Dept", "National Widget Department");
	ORG_SAME("Intl Business Machines", "International Business Machines");
	ORG_SAME("Acme Mfg Co", "Acme Manufacturing Company");
	ORG_SAME("I.B.M. Corp", "IBM Corporation");
	/* Legal forms of many countries. */
	ORG_SAME("Acme Ltee", "Acme Ltd");
	ORG_SAME("Acme Ltd. Şti.", "Acme");
	ORG_SAME("Acme Lda", "Acme");
	ORG_SAME("Acme TOV", "Acme");
	ORG_SAME("Acme Pvt Ltd", "Acme");
	ORG_SAME("Acme DAC", "Acme");
	ORG_SAME("Acme S.A.C.", "Acme");
	ORG_SAME("Acme Sdn. Bhd.", "Acme Berhad");
	ORG_DIFFERENT("GmbH", "AG");
	ORG_DIFFERENT("Pvt Ltd", "Ltee");
	/* A vessel: its prefix and an IMO number in its name set aside. */
	expect("M/V Ocean Pride (IMO 9123456)", "OCEAN PRIDE", MATCH_VESSEL, 1);
	expect("MV NORTHERN STAR", "MV SOUTHERN STAR", MATCH_VESSEL, 0);
	/* Another number in a series lowers the score; never a fuzzy one. */
	assert_true(org("Acme Trust II", "Acme Trust III") <
	    org("Acme Trust II", "Acme Trust II"));
	assert_true(org("Acme Fund 2", "Acme Fund 3") <
	    org("Acme Fund 2", "Acme Fund"));
}

static void
test_kinds_and_empty(void **state)
{
	struct namesim *p = namesim_new("John Smith", MATCH_PERSON);
	struct namesim *o = namesim_new("John Smith", MATCH_ORGANIZATION);
	struct namesim *e = namesim_new("\xf0\x9f\x98\x80", MATCH_PERSON);
	struct namesim *n = namesim_new(NULL, MATCH_PERSON);
	struct namesim *bad = namesim_new("\xff\xfe", MATCH_PERSON);

	(void)state;
	/* A person is not an organisation. */
	assert_true(namesim_compare(p, o, NULL, 0) == 0.0);
	/* A name that normalises to nothing is similar to nothing. */
	assert_string_equal(namesim_text(e), "");
	assert_true(namesim_compare(e, e, NULL, 0) == 0.0);
	assert_true(namesim_compare(n, p, NULL, 0) == 0.0);
	assert_true(namesim_compare(bad, bad, NULL, 0) == 0.0);
	namesim_free(p);
	namesim_free(o);
	namesim_free(e);
	namesim_free(n);
	namesim_free(bad);
	namesim_free(NULL);
	/* Vessels compare as organisations, without MV, MT, M/V before. */
	assert_true(sim_kind("EVER GIVEN", "EVER GIVEN", MATCH_VESSEL, NULL)
	    == 1.0);
	assert_true(sim_kind("MV Ever Given", "EVER GIVEN", MATCH_VESSEL,
	    NULL) == 1.0);
	assert_true(sim_kind("M/V EVER GIVEN", "M.T. Ever Given",
	    MATCH_VESSEL, NULL) == 1.0);
	assert_true(sim_kind("MV Ever Given", "EVER GLORY", MATCH_VESSEL,
	    NULL) < NAMESIM_SAME);
	/* Only as a prefix of a vessel's name: MV alone is all there is. */
	assert_true(sim_kind("MV", "MV", MATCH_VESSEL, NULL) == 1.0);
	assert_true(sim_kind("MV Ever Given", "EVER GIVEN",
	    MATCH_ORGANIZATION, NULL) < 1.0);
}

static void
test_guess_kind(void **state)
{
	(void)state;
	assert_int_equal(namesim_guess_kind("Hans Müller"), MATCH_PERSON);
	assert_int_equal(namesim_guess_kind("Kanye West"), MATCH_PERSON);
	assert_int_equal(namesim_guess_kind(NULL), MATCH_PERSON);
	assert_int_equal(namesim_guess_kind("Nanshan Group"),
	    MATCH_ORGANIZATION);
	assert_int_equal(namesim_guess_kind("The Pudney Trust"),
	    MATCH_ORGANIZATION);
	assert_int_equal(namesim_guess_kind("Acme S.A.R.L."),
	    MATCH_ORGANIZATION);
	assert_int_equal(namesim_guess_kind("Victory 3"), MATCH_ORGANIZATION);
	assert_int_equal(namesim_guess_kind("Bank of China"),
	    MATCH_ORGANIZATION);
	/* A party named by its trade alone, without a legal form. */
	assert_int_equal(namesim_guess_kind("Zhentai Machinery"),
	    MATCH_ORGANIZATION);
	assert_int_equal(namesim_guess_kind("Importaciones Quirova"),
	    MATCH_ORGANIZATION);
}

static void
test_explanation(void **state)
{
	char expl[EXPL_MAX], tiny[8];
	struct namesim *a, *b;

	(void)state;
	assert_true(sim_kind("Müller Hans", "MULLER HANS PETER", MATCH_PERSON,
	    expl) >= NAMESIM_SAME);
	assert_string_equal(expl,
	    "MUELLER HANS ~ MULLER HANS PETER: spelling, 1 part more");
	sim_kind("Hans Müller", "MUELLER HANS", MATCH_PERSON, expl);
	assert_string_equal(expl, "HANS MUELLER ~ MUELLER HANS: order");
	sim_kind("John Smith", "John Smith", MATCH_PERSON, expl);
	assert_string_equal(expl, "JOHN SMITH ~ JOHN SMITH: equal");
	sim_kind("Hans Müller", "Peter Müller", MATCH_PERSON, expl);
	assert_string_equal(expl, "HANS MUELLER ~ PETER MUELLER: different");
	/* Cut short, never overrun. */
	a = namesim_new("Hans Müller", MATCH_PERSON);
	b = namesim_new("Hans Mueller", MATCH_PERSON);
	memset(tiny, 'x', sizeof(tiny));
	namesim_compare(a, b, tiny, sizeof(tiny));
	assert_true(memchr(tiny, '\0', sizeof(tiny)) != NULL);
	namesim_free(a);
	namesim_free(b);
}

/* Names longer than anything a passport holds, and tokens too. */
static void
test_long_names(void **state)
{
	char many[2048], longtok[300];
	struct namesim *a, *b;

	(void)state;
	many[0] = '\0';
	/* 60 words: more than a name keeps, less than normalisation holds. */
	for (int i = 0; i < 60; i++) {
		char w[16];

		snprintf(w, sizeof(w), "WORD%c%c ", 'A' + i % 26, 'A' + i / 26);
		strlcat(many, w, sizeof(many));
	}
	memset(longtok, 'A', sizeof(longtok) - 1);
	longtok[sizeof(longtok) - 1] = '\0';
	a = namesim_new(many, MATCH_PERSON);
	b = namesim_new(longtok, MATCH_PERSON);
	assert_non_null(a);
	assert_non_null(b);
	assert_true(namesim_compare(a, a, NULL, 0) >= NAMESIM_SAME);
	assert_true(namesim_compare(b, b, NULL, 0) >= NAMESIM_SAME);
	assert_true(namesim_compare(a, b, NULL, 0) < NAMESIM_SAME);
	namesim_free(a);
	namesim_free(b);
	a = namesim_new(many, MATCH_ORGANIZATION);
	assert_non_null(a);
	assert_true(namesim_compare(a, a, NULL, 0) >= NAMESIM_SAME);
	namesim_free(a);
}

/* ---- labelled pairs from CSV ---- */

struct pair {
	char *cell[5];		/* id, schema, name_a, name_b, label */
};

struct pairs {
	struct pair *v;
	size_t n, cap;
	char *cell[8];
	size_t ncells;
	int header;
};

static void
on_cell(void *data, size_t len, void *arg)
{
	struct pairs *ps = arg;
	char *c = malloc(len + 1);

	assert_non_null(c);
	memcpy(c, data, len);
	c[len] = '\0';
	if (ps->ncells < 8)
		ps->cell[ps->ncells++] = c;
	else
		free(c);
}

static void
on_line(int ch, void *arg)
{
	struct pairs *ps = arg;

	(void)ch;
	if (!ps->header && ps->ncells >= 5) {
		if (ps->n == ps->cap) {
			ps->cap = ps->cap == 0 ? 128 : ps->cap * 2;
			ps->v = reallocarray(ps->v, ps->cap, sizeof(*ps->v));
			assert_non_null(ps->v);
		}
		memcpy(ps->v[ps->n].cell, ps->cell, sizeof(ps->v->cell));
		ps->n++;
		for (size_t i = 5; i < ps->ncells; i++)
			free(ps->cell[i]);
	} else {
		for (size_t i = 0; i < ps->ncells; i++)
			free(ps->cell[i]);
	}
	ps->header = 0;
	ps->ncells = 0;
}

/* Reads id,schema,name_a,name_b,label rows (columns in that order). */
static void
pairs_read(const char *text, size_t len, struct pairs *ps)
{
	struct csv_parser p;

	memset(ps, 0, sizeof(*ps));
	ps->header = 1;
	assert_int_equal(csv_init(&p, CSV_STRICT), 0);
	assert_int_equal(csv_parse(&p, text, len, on_cell, on_line, ps), len);
	assert_int_equal(csv_fini(&p, on_cell, on_line, ps), 0);
	csv_free(&p);
}

static void
pairs_free(struct pairs *ps)
{
	for (size_t i = 0; i < ps->n; i++)
		for (int c = 0; c < 5; c++)
			free(ps->v[i].cell[c]);
	free(ps->v);
}

static enum match_kind
pair_kind(const struct pair *p)
{
	const char *s = p->cell[1];

	if (strcmp(s, "Person") == 0)
		return MATCH_PERSON;
	if (strcmp(s, "Company") == 0 || strcmp(s, "Organization") == 0)
		return MATCH_ORGANIZATION;
	return namesim_guess_kind(p->cell[2]) == MATCH_ORGANIZATION ||
	    namesim_guess_kind(p->cell[3]) == MATCH_ORGANIZATION ?
	    MATCH_ORGANIZATION : MATCH_PERSON;
}

static void
test_border_set(void **state)
{
	char path[4096], expl[EXPL_MAX];
	struct pairs ps;
	size_t len, tp = 0, fp = 0, fn = 0;
	char *text;
	double precision, recall;
	/* By class, the id's first part (script, org, title ...). */
	struct {
		char name[16];
		size_t tp, fp, fn;
	} cls[32];
	size_t ncls = 0;

	(void)state;
	snprintf(path, sizeof(path), "%s/tests/data/names/border.csv",
	    h_root());
	assert_non_null(text = h_read(path, &len));
	pairs_read(text, len, &ps);
	assert_true(ps.n >= 80);
	for (size_t i = 0; i < ps.n; i++) {
		const struct pair *p = &ps.v[i];
		int label = strcmp(p->cell[4], "1") == 0;
		double s = sim_kind(p->cell[2], p->cell[3], pair_kind(p), expl);
		int same = s >= NAMESIM_SAME;

		if (same != label)
			print_message("border %s: %s (%s)\n", p->cell[0],
			    same ? "false positive" : "false negative", expl);
		tp += same && label;
		fp += same && !label;
		fn += !same && label;
		{
			size_t c, cl = strcspn(p->cell[0], "-");

			for (c = 0; c < ncls; c++)
				if (strlen(cls[c].name) == cl && strncmp(
				    cls[c].name, p->cell[0], cl) == 0)
					break;
			if (c == ncls && ncls < 32 && cl < sizeof(cls[0].name)) {
				memcpy(cls[c].name, p->cell[0], cl);
				cls[c].name[cl] = '\0';
				cls[c].tp = cls[c].fp = cls[c].fn = 0;
				ncls++;
			}
			if (c < ncls) {
				cls[c].tp += same && label;
				cls[c].fp += same && !label;
				cls[c].fn += !same && label;
			}
		}
	}
	precision = (double)tp / (double)(tp + fp);
	recall = (double)tp / (double)(tp + fn);
	print_message("border.csv: %zu pairs, precision %.3f, recall %.3f\n",
	    ps.n, precision, recall);
	for (size_t c = 0; c < ncls; c++)
		print_message("  %-10s precision %.3f recall %.3f\n", cls[c].name,
		    cls[c].tp + cls[c].fp == 0 ? 1.0 : (double)cls[c].tp /
		    (double)(cls[c].tp + cls[c].fp), cls[c].tp + cls[c].fn == 0 ?
		    1.0 : (double)cls[c].tp / (double)(cls[c].tp + cls[c].fn));
	assert_true(precision >= 0.95);
	assert_true(recall >= 0.95);
	pairs_free(&ps);
	free(text);
}

struct keyset {
	char k[512][40];
	size_t n;
};

static int
collect(void *arg, const char *key)
{
	struct keyset *ks = arg;

	assert_true(strlen(key) < sizeof(ks->k[0]));
	/* Distinct, once each. */
	for (size_t i = 0; i < ks->n; i++)
		assert_string_not_equal(ks->k[i], key);
	assert_true(ks->n < 512);
	strlcpy(ks->k[ks->n++], key, sizeof(ks->k[0]));
	return 0;
}

/* Whether a query for a looks up a key b is filed under. */
static int
finds(const struct namesim *a, const struct namesim *b)
{
	static struct keyset ka, kb;

	ka.n = kb.n = 0;
	assert_int_equal(namesim_query_keys(a, collect, &ka), 0);
	assert_int_equal(namesim_keys(b, collect, &kb), 0);
	for (size_t i = 0; i < ka.n; i++)
		for (size_t j = 0; j < kb.n; j++)
			if (strcmp(ka.k[i], kb.k[j]) == 0)
				return 1;
	return 0;
}

/* Whichever is the list's and whichever the traveller's. */
static int
share_key(const struct namesim *a, const struct namesim *b)
{
	return finds(a, b) && finds(b, a);
}

/*
 * Pairs the matcher takes for one name that share no blocking key, so that
 * screening finds them only by a document or another word: Hebrew as ICU
 * spells it (DWD LWY, BNYMYN NTNYHW) shares neither first letters nor a
 * sound key with the name in full (README, Not yet). Listed, so that the
 * day keys reach them this test says to strike them off.
 */
static const char *const unkeyed[] = {"script-hebrew", "script-hebrew-yod"};

static int
known_unkeyed(const char *id)
{
	for (size_t i = 0; i < sizeof(unkeyed) / sizeof(unkeyed[0]); i++)
		if (strcmp(id, unkeyed[i]) == 0)
			return 1;
	return 0;
}

/* Every pair that reaches NAMESIM_SAME shares a blocking key. */
static void
keys_of_pairs(const char *text, size_t len, const char *what)
{
	struct pairs ps;
	size_t same = 0, missed = 0, known = 0;

	pairs_read(text, len, &ps);
	for (size_t i = 0; i < ps.n; i++) {
		const struct pair *p = &ps.v[i];
		enum match_kind kind = pair_kind(p);
		struct namesim *a = namesim_new(p->cell[2], kind);
		struct namesim *b = namesim_new(p->cell[3], kind);

		if (namesim_compare(a, b, NULL, 0) >= NAMESIM_SAME) {
			int shared = share_key(a, b);

			same++;
			if (known_unkeyed(p->cell[0])) {
				if (shared)
					print_message("%s: %s shares a key now:"
					    " strike it off unkeyed[]\n", what,
					    p->cell[0]);
				if (shared)
					missed++;
				else
					known++;
			} else if (!shared) {
				print_message("%s: no key shared: %s | %s\n",
				    what, p->cell[2], p->cell[3]);
				missed++;
			}
		}
		namesim_free(a);
		namesim_free(b);
	}
	print_message("%s: %zu matching pairs, %zu without a shared key"
	    " (%zu known)\n", what, same, missed + known, known);
	assert_true(same > 0);
	assert_int_equal(missed, 0);
	pairs_free(&ps);
}

static void
test_keys(void **state)
{
	char path[4096];
	size_t len;
	char *text;

	(void)state;
	snprintf(path, sizeof(path), "%s/tests/data/names/border.csv",
	    h_root());
	assert_non_null(text = h_read(path, &len));
	keys_of_pairs(text, len, "border.csv");
	free(text);
	/* The public benchmark's dev half, read in place. */
	assert_non_null(text = h_read_sample("names/dev.csv", &len));
	keys_of_pairs(text, len, "dev.csv");
	free(text);
}

static int
join_form(void *arg, const char *form)
{
	char *buf = arg;

	if (buf[0] != '\0')
		strlcat(buf, " ", 128);
	strlcat(buf, form, 128);
	return 0;
}

static const char *
untitled(const char *word)
{
	static char buf[128];

	buf[0] = '\0';
	assert_int_equal(namesim_untitled(word, join_form, buf), 0);
	return buf;
}

/*
 * The forms of a word without a glued title, which the index files and
 * anchors as words: a name found only through its form shares its keys.
 */
static void
test_keys_untitled(void **state)
{
	struct namesim *a = namesim_new("DRSMITH", MATCH_PERSON);
	struct namesim *b = namesim_new("SMITH", MATCH_PERSON);

	(void)state;
	assert_string_equal(untitled("JOHNMR"), "JOHN");
	assert_string_equal(untitled("LORELEIMRS"), "LORELEI");
	assert_string_equal(untitled("PETERMSTR"), "PETER");
	assert_string_equal(untitled("ANNAMS"), "ANNA");
	assert_string_equal(untitled("LEAMS"), "LEA");
	assert_string_equal(untitled("AMYMS"), "AMY");
	assert_string_equal(untitled("TIMMS"), "");
	assert_string_equal(untitled("DRSMITH"), "SMITH");
	assert_string_equal(untitled("MRSMITH"), "SMITH MITH");
	assert_string_equal(untitled("ADAMS"), "");
	assert_string_equal(untitled("SAMS"), "");
	assert_string_equal(untitled("THOMAS"), "");
	assert_string_equal(untitled("JAMES"), "");
	assert_string_equal(untitled("DRAKE"), "");
	assert_string_equal(untitled("MR"), "");
	assert_string_equal(untitled(""), "");
	assert_true(share_key(a, b));
	namesim_free(a);
	namesim_free(b);
	a = namesim_new("SMITHJR MRJONATHON", MATCH_PERSON);
	b = namesim_new("JONATHON", MATCH_PERSON);
	assert_true(share_key(a, b));
	namesim_free(a);
	namesim_free(b);
}

static int
stop_at_first(void *arg, const char *key)
{
	(void)key;
	(*(int *)arg)++;
	return -1;
}

static void
test_keys_stop(void **state)
{
	struct namesim *n = namesim_new("Hans Peter Müller", MATCH_PERSON);
	struct namesim *t = namesim_new("MR", MATCH_PERSON);
	int calls = 0;

	(void)state;
	assert_int_equal(namesim_keys(n, stop_at_first, &calls), -1);
	assert_int_equal(calls, 1);
	calls = 0;
	/* A name of initials or titles only files under no key. */
	namesim_free(n);
	n = namesim_new("J S", MATCH_PERSON);
	assert_int_equal(namesim_keys(n, stop_at_first, &calls), 0);
	assert_int_equal(calls, 0);
	namesim_free(n);
	namesim_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_transliteration),
		cmocka_unit_test(test_typos),
		cmocka_unit_test(test_phonetic),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_initials),
		cmocka_unit_test(test_compounds),
		cmocka_unit_test(test_titles),
		cmocka_unit_test(test_glued_titles),
		cmocka_unit_test(test_mrz_truncation),
		cmocka_unit_test(test_middle_names),
		cmocka_unit_test(test_particles),
		cmocka_unit_test(test_one_word),
		cmocka_unit_test(test_different_people),
		cmocka_unit_test(test_org_legal_forms),
		cmocka_unit_test(test_org_common_words),
		cmocka_unit_test(test_org_rare_words),
		cmocka_unit_test(test_org_variants),
		cmocka_unit_test(test_nicknames),
		cmocka_unit_test(test_romanisations),
		cmocka_unit_test(test_vowels_left_out),
		cmocka_unit_test(test_abjads),
		cmocka_unit_test(test_kinds_and_empty),
		cmocka_unit_test(test_guess_kind),
		cmocka_unit_test(test_explanation),
		cmocka_unit_test(test_long_names),
		cmocka_unit_test(test_border_set),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_keys_stop),
		cmocka_unit_test(test_keys_untitled),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
