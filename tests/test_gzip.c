#include <sys/resource.h>
#include <sys/wait.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <zlib.h>

#include "base/gzip.h"

#define MiB (1024 * 1024)

/* ASan reserves terabytes of address space: no RLIMIT_AS under it. */
#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#ifndef UNDER_ASAN
#define UNDER_ASAN 0
#endif

struct buf {
	unsigned char *p;
	size_t len, cap;
};

static void
buf_add(struct buf *b, const void *p, size_t n)
{
	if (b->len + n > b->cap) {
		b->cap = (b->len + n) * 2;
		assert_non_null(b->p = realloc(b->p, b->cap));
	}
	memcpy(b->p + b->len, p, n);
	b->len += n;
}

/*
 * Appends one gzip member holding `times` copies of in to b: what gzip(1)
 * writes (16 + MAX_WBITS asks deflate for the gzip wrapper).
 */
static void
gz_member(struct buf *b, const void *in, size_t inlen, size_t times)
{
	unsigned char out[64 * 1024];
	z_stream zs;
	int flush;

	memset(&zs, 0, sizeof(zs));
	assert_int_equal(deflateInit2(&zs, 9, Z_DEFLATED, 16 + MAX_WBITS, 8,
	    Z_DEFAULT_STRATEGY), Z_OK);
	for (size_t i = 0; i < times; i++) {
		zs.next_in = (Bytef *)(uintptr_t)in;
		zs.avail_in = (uInt)inlen;
		flush = i + 1 == times ? Z_FINISH : Z_NO_FLUSH;
		/* Output space left over means deflate took all it could. */
		do {
			zs.next_out = out;
			zs.avail_out = sizeof(out);
			assert_int_not_equal(deflate(&zs, flush), Z_STREAM_ERROR);
			buf_add(b, out, sizeof(out) - zs.avail_out);
		} while (zs.avail_out == 0);
	}
	deflateEnd(&zs);
}

static struct buf
gz_of(const char *s)
{
	struct buf b = {NULL, 0, 0};

	gz_member(&b, s, strlen(s), 1);
	return b;
}

static void
inflate_ok(const struct buf *b, size_t max, const char *want, size_t wantlen)
{
	struct vb_error err;
	char *out = NULL;
	size_t len = 1;

	vb_err_clear(&err);
	if (gz_inflate(b->p, b->len, max, &out, &len, &err) == -1)
		fail_msg("%s at %ld", err.message, err.offset);
	assert_int_equal(len, wantlen);
	assert_memory_equal(out, want, wantlen);
	assert_int_equal(out[len], '\0');
	free(out);
}

/* gz_inflate must fail with code; the message holds part; offset as told (-2: any). */
static void
inflate_fails(const void *in, size_t inlen, size_t max, enum vb_errcode code,
    long offset, const char *part)
{
	struct vb_error err;
	char *out = (char *)1;
	size_t len = 1;

	vb_err_clear(&err);
	assert_int_equal(gz_inflate(in, inlen, max, &out, &len, &err), -1);
	assert_null(out);
	assert_int_equal(len, 0);
	assert_int_equal(err.code, code);
	if (offset != -2)
		assert_int_equal(err.offset, offset);
	if (strstr(err.message, part) == NULL)
		fail_msg("\"%s\" lacks \"%s\"", err.message, part);
}

static void
test_magic(void **state)
{
	struct buf b = gz_of("x");

	(void)state;
	assert_true(gz_is(b.p, b.len));
	assert_true(gz_is("\x1f\x8b", 2));
	assert_false(gz_is("\x1f", 1));
	assert_false(gz_is("", 0));
	assert_false(gz_is("UNA:+.? '", 9));
	assert_false(gz_is("\x8b\x1f", 2));
	free(b.p);
}

static void
test_round_trip(void **state)
{
	struct buf b = {NULL, 0, 0};
	char *text;
	size_t n = 300 * 1024;

	(void)state;
	/* Varied enough to need several output buffers at 4:1. */
	assert_non_null(text = malloc(n));
	for (size_t i = 0; i < n; i++)
		text[i] = (char)("UNH+NAD+FL+++MUELLER:HANS'\n"[i % 27] ^
		    (char)((i * 2654435761u) >> 28 & 1));
	gz_member(&b, text, n, 1);
	assert_true(b.len < n);
	inflate_ok(&b, 64 * MiB, text, n);
	/* Exactly the limit is allowed; one byte more is not. */
	inflate_ok(&b, n, text, n);
	inflate_fails(b.p, b.len, n - 1, VB_EINVALID, -1,
	    "decompresses to more than 307199 bytes");
	free(text);
	free(b.p);
}

static void
test_empty(void **state)
{
	struct buf b = gz_of("");

	(void)state;
	inflate_ok(&b, 64 * MiB, "", 0);
	inflate_ok(&b, 0, "", 0);
	inflate_fails("", 0, 64 * MiB, VB_ESYNTAX, 0, "empty input");
	inflate_fails("UNB+", 4, 64 * MiB, VB_ESYNTAX, 0, "not gzip");
	free(b.p);
}

static void
test_concatenated(void **state)
{
	struct buf b = gz_of("hello, ");
	struct buf c = gz_of("world");
	size_t first = b.len;

	(void)state;
	buf_add(&b, c.p, c.len);
	gz_member(&b, "", 0, 1);	/* an empty member is still a member */
	buf_add(&b, c.p, c.len);
	inflate_ok(&b, 64 * MiB, "hello, worldworld", 17);
	/* Zero padding after the last member is ignored, as gzip(1) does. */
	buf_add(&b, "\0\0\0\0", 4);
	inflate_ok(&b, 64 * MiB, "hello, worldworld", 17);
	/* Anything else after a member is not. */
	b.len = first;
	buf_add(&b, "garbage", 7);
	inflate_fails(b.p, b.len, 64 * MiB, VB_ESYNTAX, (long)first,
	    "are not gzip");
	/* The limit counts every member together. */
	b.len = first;
	buf_add(&b, c.p, c.len);
	inflate_fails(b.p, b.len, 10, VB_EINVALID, -1, "more than 10 bytes");
	free(b.p);
	free(c.p);
}

static void
test_corrupt(void **state)
{
	static const char text[] = "NAD+FL+++MUELLER:HANS'DOC+P+C01X00T47'";
	struct buf b = gz_of(text);
	unsigned char *bad;

	(void)state;
	assert_non_null(bad = malloc(b.len));
	/* The CRC-32 of the trailer (bytes -8..-5) no longer fits the data. */
	memcpy(bad, b.p, b.len);
	bad[b.len - 6] ^= 0xff;
	inflate_fails(bad, b.len, 64 * MiB, VB_ESYNTAX, -2, "incorrect data check");
	/* A header with an unknown compression method. */
	memcpy(bad, b.p, b.len);
	bad[2] = 7;
	inflate_fails(bad, b.len, 64 * MiB, VB_ESYNTAX, -2, "corrupt gzip data");
	/* Reserved block type 3 in the first deflate block (byte 10). */
	memcpy(bad, b.p, b.len);
	bad[10] |= 0x06;
	inflate_fails(bad, b.len, 64 * MiB, VB_ESYNTAX, -2, "invalid block type");
	/* Cut short: the offset is where the input ran out. */
	inflate_fails(b.p, b.len - 3, 64 * MiB, VB_ESYNTAX, (long)b.len - 3,
	    "truncated at offset");
	inflate_fails(b.p, 5, 64 * MiB, VB_ESYNTAX, 5, "truncated");
	inflate_fails(b.p, 2, 64 * MiB, VB_ESYNTAX, 2, "truncated");
	free(bad);
	free(b.p);
}

/* 200 MB of zeros in a few hundred kilobytes, against a 64 MiB limit. */
static void
bomb(const struct buf *b)
{
	inflate_fails(b->p, b->len, 64 * MiB, VB_EINVALID, -1,
	    "decompresses to more than 67108864 bytes (a compression bomb?)");
}

static void
test_bomb(void **state)
{
	static const char zeros[MiB];
	struct buf b = {NULL, 0, 0};
	struct rlimit rl;
	pid_t pid;
	int status;

	(void)state;
	gz_member(&b, zeros, sizeof(zeros), 200);
	assert_true(b.len < MiB);
	bomb(&b);
	if (UNDER_ASAN) {
		free(b.p);
		return;
	}
	/*
	 * Again with the address space capped at what we use now plus 96 MiB:
	 * had it tried to hold the 200 MB, realloc would fail and the error
	 * would be VB_ENOMEM, not VB_EINVALID.
	 */
	if ((pid = fork()) == 0) {
		/* No cmocka in the child: its failures would jump to the parent's tests. */
		long pages = 0, size = sysconf(_SC_PAGESIZE);
		FILE *f = fopen("/proc/self/statm", "r");
		struct vb_error err;
		char *out;
		size_t len;

		if (f == NULL || fscanf(f, "%ld", &pages) != 1)
			_exit(2);
		fclose(f);
		rl.rlim_cur = rl.rlim_max = (rlim_t)(pages * size) + 96 * MiB;
		if (setrlimit(RLIMIT_AS, &rl) == -1)
			_exit(3);
		if (gz_inflate(b.p, b.len, 64 * MiB, &out, &len, &err) != -1)
			_exit(4);
		_exit(err.code == VB_EINVALID ? 0 : 5);
	}
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	free(b.p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_magic),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_concatenated),
		cmocka_unit_test(test_corrupt),
		cmocka_unit_test(test_bomb),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
