/*
 * Normalisation: the one place where names, dates, countries and document
 * numbers as carriers and list owners send them become comparable values.
 * Pure functions: no allocation unless stated, no I/O.
 */
#ifndef VB_NORM_H
#define VB_NORM_H

#include <stddef.h>

#define NORM_NAME_MAX 512

/*
 * A person's or organisation's name, normalised: upper-case ASCII tokens
 * separated by one space, in the order given except that "SURNAME, Given"
 * becomes "SURNAME GIVEN" (comma form understood, comma dropped).
 *
 * Latin letters follow the ICAO Doc 9303 part 3 transliteration. Where 9303
 * allows two spellings (Ä AE or A, Ö/Ø OE or O, Ü UE or U, Å AA or A, ...),
 * `primary` holds the first (AE, OE, UE, AA) and `variant` the second (A, O,
 * U); variant equals primary when the name has no such letter. Other
 * diacritics are dropped (É E, Ł L, Ç C), ß is SS, Æ AE, Œ OE, Þ TH, Ð D.
 * Apostrophes vanish without a break (O'Brien OBRIEN); hyphens, dots,
 * commas, slashes and other punctuation split tokens; digits are kept.
 *
 * Other scripts are spelt in Latin letters (translit.h): Cyrillic as ICAO
 * 9303 gives it (Сергей SERGEI), Greek as ELOT 743, Hangul in the Revised
 * Romanisation with the surname apart in its customary spelling (김민수
 * KIM MINSU, variant GIM MINSU), Han in Pinyin as a Chinese name is
 * written (王小明 WANG XIAOMING), Thai, Lao, Khmer and Burmese syllable
 * by syllable as their passports spell them (RTGS, BGN/PCGN, UNGEGN:
 * ហ៊ុន សែន HUN SEN), the scripts of India without the vowels names leave
 * unsaid (राम RAM), and every other script that ICU knows (Arabic,
 * Hebrew, Armenian, Georgian, Sinhala, Ethiopic, kana ...) as ICU spells
 * it, with fixes for names. What no table knows (Tibetan, Mongolian) is
 * dropped. A name in Latin letters never reaches ICU.
 */
struct norm_name {
	char primary[NORM_NAME_MAX];
	char variant[NORM_NAME_MAX];
	/*
	 * Written in Han or Hangul, a character a syllable: two such names
	 * one syllable apart are two names, not one name mistyped.
	 */
	int syllabic;
	/*
	 * Written in Arabic, Hebrew, Syriac or Thaana, which leave short
	 * vowels out: its words are consonants and long vowels (MHMD, DWD).
	 */
	int abjad;
};

/* 0, or -1 when the input is not valid UTF-8 or the result does not fit. */
int norm_name(const char *in, struct norm_name *out);

/*
 * Splits a normalised name (as above) into tokens in place: replaces spaces
 * with NULs and stores up to max pointers into tok. Returns the token count.
 */
size_t norm_tokens(char *name, char **tok, size_t max);

/*
 * A date as "YYYY-MM-DD", "YYYY-MM" or "YYYY" from: YYYY-MM-DD, YYYYMMDD,
 * YYYY-MM, YYYY, DD.MM.YYYY, DD/MM/YYYY and DDMONYY/DDMONYYYY (09FEB81).
 * Two-digit years are resolved against ref_year (the current year): a
 * NORM_PAST date (birth) is at most ref_year, a NORM_FUTURE date (expiry)
 * within 100 years from ref_year - 20. Returns 0, or -1 if not a valid date.
 */
enum norm_when {
	NORM_PAST,	/* a birth date: at most ref_year */
	NORM_FUTURE,	/* an expiry date: within [ref_year - 20, ref_year + 80) */
	NORM_NEAR,	/* a scheduled time: the century nearest ref_year */
};
int norm_date(const char *in, enum norm_when when, int ref_year, char out[11]);

/* The n decimal digits at s (n at most 9) into *out: 0, or -1 if one is not a digit. */
int norm_digits(const char *s, size_t n, int *out);

/* Resolves a two-digit year as norm_date does. */
int norm_year2(int yy, enum norm_when when, int ref_year);
/* Days in a month (1..12) of a year of the Gregorian calendar. */
int norm_days_in_month(int year, int month);

/*
 * ISO 3166-1 country: alpha-3 or alpha-2 code (any case) to alpha-3.
 * Also takes ICAO 9303's special codes (D for Germany, GBD/GBN/GBO/GBP/GBS,
 * UNO/UNA/UNK, XXA/XXB/XXC/XXX, EUE, ZZZ...) as themselves.
 * Returns the static alpha-3 string, or NULL when unknown.
 */
const char *norm_country(const char *in);
/* The alpha-2 code of an alpha-3 code, or NULL. */
const char *norm_country_alpha2(const char *alpha3);

/*
 * A travel document number: upper case, spaces, hyphens, dots and slashes
 * removed, '<' fillers dropped. Returns 0, or -1 if empty or it does not fit.
 */
int norm_document(const char *in, char *out, size_t outsz);

/*
 * A flight as every air format here spells it, so that an API list and a
 * PNR push for one flight name the same arrival: the airline designator,
 * then the flight number without leading zeros, then any suffix letter.
 * ("UA", "0989") and (NULL, "UA0989") both give "UA989"; a number that is
 * not 1 to 4 digits and an optional letter is kept as sent, after the
 * carrier when it is only digits. 0, or -1 when out does not hold it.
 */
int norm_flight(const char *carrier, const char *number, char *out,
    size_t outsz);

/* M, F or X from M/F/X/U/MALE/FEMALE (any case); 0 when unknown. */
char norm_gender(const char *in);

#endif
