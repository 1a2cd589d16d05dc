/*
 * Names of mainland South-East Asia in their own scripts spelt in Latin
 * letters as passports and official lists write them: Thai in the Royal
 * Thai General System of Transcription, Lao in the BGN/PCGN system of
 * 1966 with its customary French "ou", Khmer in the UNGEGN system,
 * Burmese in the spellings Burmese names are carried in (MIN AUNG HLAING,
 * not MLC's mang aung hluing). ICU has no Khmer or Lao transliterator, and
 * its Thai and Myanmar ones spell letter by letter (smchay for SOMCHAI),
 * which no passport does.
 *
 * The spelling is a reading of the word by rule, without a dictionary:
 * close to the passport, seldom equal to it where the script leaves the
 * reading open (Thai's unwritten vowels, Khmer's syllable breaks). The
 * matcher downstream is fuzzy; it needs the consonants and roughly the
 * vowels. Nothing is allocated and nothing is kept: safe from any thread.
 */
#ifndef VB_NORM_SEA_H
#define VB_NORM_SEA_H

#include <stddef.h>
#include <stdint.h>

/* The longest word sea_word reads, in code points. */
#define SEA_MAX_WORD	128

/*
 * Whether cp is a letter or mark of Thai (0E00-0E7F), Lao (0E80-0EFF),
 * Myanmar (1000-109F, AA60-AA7F, A9E0-A9FF) or Khmer (1780-17FF,
 * 19E0-19FF); the digits and punctuation of those blocks are not.
 */
int sea_script(uint32_t cp);

/*
 * Spells one word (n code points, all of one of those scripts; no spaces)
 * in lower-case ASCII Latin letters into out (outsz bytes, NUL-terminated),
 * as names are written in passports. A word may hold several syllables
 * (Thai and Khmer write names without spaces); the output joins them
 * without spaces but Burmese's, each a word of the name in Latin letters
 * (MIN AUNG HLAING). Returns 0, or -1 when out is too small (out is then
 * ""), when cp holds code points of another script or of two of these,
 * or when n is over SEA_MAX_WORD. An empty word is "".
 */
int sea_word(const uint32_t *cp, size_t n, char *out, size_t outsz);

#endif /* VB_NORM_SEA_H */
