/*
 * Fuzz targets: each tests/fuzz/fuzz_<target>.c holds fuzz_<target>(),
 * which takes any bytes to one entry point of the code that reads what
 * carriers and list owners send. It never fails on bad input: it returns
 * 0, and aborts (fuzz_fail) only when the code under test breaks its own
 * contract (a parse that fails without saying why, an offset outside the
 * input, a similarity outside 0..1); ASan and UBSan find the rest.
 *
 * tests/fuzz/main.c makes one target a program: libFuzzer's (make fuzz)
 * or a replay of files and folders. tests/test_fuzz_regressions.c runs
 * every target over its seeds and its crashers in `make check`.
 * docs/FUZZING.md tells how to run them and what they found.
 */
#ifndef VB_FUZZ_H
#define VB_FUZZ_H

#include <stddef.h>
#include <stdint.h>

struct feed_parser;
struct model;

typedef int (*fuzz_fn)(const uint8_t *data, size_t size);

/* The targets, one per entry point. feeds/edifact.h: */
int fuzz_edifact(const uint8_t *data, size_t size);
/* The feed parsers (feeds/feed.h): */
int fuzz_paxlst(const uint8_t *data, size_t size);
int fuzz_pnrgov(const uint8_t *data, size_t size);
int fuzz_manifest_json(const uint8_t *data, size_t size);
int fuzz_cargoimp(const uint8_t *data, size_t size);
int fuzz_cargoxml(const uint8_t *data, size_t size);
int fuzz_cuscar(const uint8_t *data, size_t size);
/* core/base/gzip.h: */
int fuzz_gzip(const uint8_t *data, size_t size);
/* The watchlist readers (core/lists/watchlist.h): */
int fuzz_wl_native(const uint8_t *data, size_t size);
int fuzz_wl_opensanctions(const uint8_t *data, size_t size);
int fuzz_wl_ftm(const uint8_t *data, size_t size);
/* core/match/namesim.h: */
int fuzz_namesim(const uint8_t *data, size_t size);

/* Says what broke on stderr and aborts, so that the fuzzer keeps the input. */
void fuzz_fail(const char *file, int line, const char *what)
    __attribute__((noreturn));
#define FUZZ_CHECK(cond) do {					\
	if (!(cond))						\
		fuzz_fail(__FILE__, __LINE__, #cond);		\
} while (0)

/*
 * The feed targets' body: detection, then the parse into a new model, as
 * core/ingest does it. A parse that fails must say why; a model must hold
 * what the model's contract says (fuzz_check_model).
 */
int fuzz_feed(const struct feed_parser *p, const uint8_t *data, size_t size);

/*
 * The watchlist targets' body: the reader of that --format name
 * (wl_reader) over the bytes as a file. Every entry is read whole; the
 * count returned is the entries delivered; a read that fails says why.
 */
int fuzz_watchlist(const char *format, const uint8_t *data, size_t size);

/*
 * Reads every string of m (a dangling or unterminated one is ASan's) and
 * checks that every offset is -1 or within the input of size bytes (as
 * UTF-8, see common.c) and every index into m's arrays within them.
 */
void fuzz_check_model(const struct model *m, size_t size);

/* Reads s to its end (NULL allowed), so that ASan sees each byte. */
void fuzz_touch(const char *s);

/*
 * Runs fn over path: a file, or every regular file of a folder (not its
 * subfolders, names starting with "." left out, in name order), each in a
 * buffer of exactly its size so that a read past the end is ASan's. *n
 * counts the inputs run. A folder that does not exist has no inputs. 0, or
 * -1 after saying why on stderr.
 */
int fuzz_replay(const char *path, fuzz_fn fn, size_t *n);

#endif
