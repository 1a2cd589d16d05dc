/*
 * Chinese names in two romanisations: whether two words, as passports and
 * watchlists write them, can be the same Mandarin syllables, one written
 * in Hanyu Pinyin (XU ZHIMING) and the other in Wade-Giles (HSU CHIHMING),
 * or both in Wade-Giles.
 *
 * A word is what is left of a name part once normalised: capital ASCII
 * letters A-Z only, the syllables run together (the hyphen of CHIH-MING
 * removed or made a space by the caller), no apostrophes, no umlauts, no
 * tone marks. Any other byte makes a word that is not read. A word is
 * read in one system throughout: a Pinyin XIAOPING is not XIAO BING
 * through the Wade-Giles PING. Neither function allocates; the first call
 * builds a table of the syllables once (pthread_once), and both are safe
 * to call from any thread.
 */
#ifndef VB_SINIC_H
#define VB_SINIC_H

#include <stddef.h>

/*
 * Whether word w (n capital letters) reads as 1 to SINIC_MAX_SYLLABLES
 * Mandarin syllables in Hanyu Pinyin or in Wade-Giles.
 */
#define SINIC_MAX_SYLLABLES 4
int sinic_word(const char *w, size_t n);

/*
 * Whether words a and b, different texts, can be the same Mandarin
 * syllables: one segmentation of each into the same number of syllables
 * where, position by position, the two syllables have a Pinyin reading in
 * common. A word's readings: itself where it is a Pinyin syllable, and the
 * Pinyin syllables its Wade-Giles spelling can stand for once apostrophes
 * are lost (CHANG: ZHANG or CHANG; CHIN: JIN or QIN; HSI: XI; TSE: ZE or
 * CE; TUNG: DONG or TONG; JEN: REN; SHIH: SHI; CHIH: ZHI or CHI; SZU or
 * SSU: SI; TZU: ZI or CI; KUO: GUO or KUO; PAO: BAO or PAO; YUNG: YONG;
 * HSIUNG: XIONG; LIEH: LIE; MIEN: MIAN; ...). 0 when equal texts, or when
 * either word cannot be read so.
 */
int sinic_same(const char *a, size_t la, const char *b, size_t lb);

#endif /* VB_SINIC_H */
