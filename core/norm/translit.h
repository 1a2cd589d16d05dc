/*
 * Transliteration: letters of scripts other than Latin spelt in Latin
 * letters, for norm_name (norm.c) only. Cyrillic follows ICAO Doc 9303
 * part 3 as passports do, Greek ELOT 743, Hangul the Revised Romanisation
 * with the surnames' customary spellings, Thai, Lao, Khmer and Burmese by
 * sea.h; every other script goes through ICU. Latin letters never come
 * here: the ICAO 9303 table in norm.c comes first, and a name in Latin
 * letters pays nothing for ICU.
 */
#ifndef VB_NORM_TRANSLIT_H
#define VB_NORM_TRANSLIT_H

#include <stddef.h>
#include <stdint.h>

/* Cyrillic (ICAO 9303) or Greek (ELOT 743) letter cp in Latin, or NULL. */
const char *translit_table(uint32_t cp);

/* Whether cp is a Greek upsilon, which makes a preceding O into OU. */
int translit_greek_upsilon(uint32_t cp);

/* Whether norm_name hands cp to translit_run: a letter or mark of a script it does not know. */
int translit_other(uint32_t cp);

/* Whether cp is a syllable of Han or Hangul (see translit_run). */
int translit_syllabic(uint32_t cp);

/*
 * Whether cp is a letter of a script that leaves short vowels unwritten
 * (Arabic, Hebrew, Syriac, Thaana): its Latin spelling is the consonants
 * and long vowels, MHMD, DWD, HSIN.
 */
int translit_abjad(uint32_t cp);

/*
 * Spells the n code points of one word (a run of translit_other code
 * points) in Latin, as UTF-8 into out: lower or upper case, spaces
 * between the parts of the name it tells apart (a Korean surname from the
 * given name), diacritics ICU could not take off left for norm_name to
 * drop. Han and Hangul words give the surname then the given name joined,
 * as passports write them (WANG XIAOMING, KIM MINSU); for the surname,
 * alt (alt_sz bytes) gets its second customary spelling when it has one
 * (LEE, YI), else "". first tells whether this is the name's first word
 * of that script. 0, or -1 when ICU fails or out is too small.
 */
int translit_run(const uint32_t *cp, size_t n, int first, char *out,
    size_t outsz, char *alt, size_t altsz);

#endif
