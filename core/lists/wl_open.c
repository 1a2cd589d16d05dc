/*
 * A list file as one stream of plain bytes, gzip-compressed or not. zlib's
 * gzread hands bytes that are not gzip through unchanged, so every file
 * goes through it and none is peeked at first: standard input may be a
 * pipe, which cannot be rewound after a peek.
 */
/* fopencookie(3) is GNU's: it makes the gzFile the FILE * readers take. */
#define _GNU_SOURCE

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "watchlist.h"

#define WL_GZBUF	65536

static ssize_t
gz_cookie_read(void *cookie, char *buf, size_t size)
{
	gzFile gz = cookie;
	int n, zerr;

	if (size > INT_MAX)
		size = INT_MAX;
	if ((n = gzread(gz, buf, (unsigned)size)) > 0)
		return n;
	(void)gzerror(gz, &zerr);
	if (n == 0 && zerr == Z_OK)
		return 0;
	/*
	 * Z_BUF_ERROR at the end is a gzip stream cut short, which gzread
	 * reports as a plain end: a list cut short must not load as the
	 * whole list (with --replace, the rest would be withdrawn). EBADMSG
	 * tells the readers it is the file's fault (wl_read_failed), not the
	 * disk's.
	 */
	if (zerr == Z_BUF_ERROR || zerr == Z_DATA_ERROR)
		errno = EBADMSG;
	else if (zerr == Z_MEM_ERROR)
		errno = ENOMEM;
	else if (zerr != Z_ERRNO)
		errno = EIO;
	return -1;
}

/* A stream cut short was the reads' error already; closing is only close(2). */
static int
gz_cookie_close(void *cookie)
{
	int rc = gzclose_r(cookie);

	return rc == Z_ERRNO || rc == Z_STREAM_ERROR ? EOF : 0;
}

static int
open_fd(const char *path, const char *shown, struct vb_error *err)
{
	struct stat st;
	int fd, e;

	/* gzclose closes the descriptor it reads: standard input stays open. */
	if (strcmp(path, "-") == 0)
		fd = dup(STDIN_FILENO);
	else
		fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		return vb_err(err, VB_EIO, "cannot open %s: %s", shown,
		    strerror(errno));
	/* open(2) takes a directory; its first read would fail less clearly. */
	if ((e = fstat(fd, &st) == -1 ? errno : 0) != 0 ||
	    (e = S_ISDIR(st.st_mode) ? EISDIR : 0) != 0) {
		close(fd);
		return vb_err(err, VB_EIO, "cannot open %s: %s", shown,
		    strerror(e));
	}
	return fd;
}

FILE *
wl_open(const char *path, struct vb_error *err)
{
	cookie_io_functions_t io = {gz_cookie_read, NULL, NULL, gz_cookie_close};
	const char *shown = strcmp(path, "-") == 0 ? "standard input" : path;
	gzFile gz;
	FILE *f;
	int fd;

	if ((fd = open_fd(path, shown, err)) == -1)
		return NULL;
	if ((gz = gzdopen(fd, "rb")) == NULL) {
		close(fd);
		vb_err(err, VB_ENOMEM, "out of memory opening %s", shown);
		return NULL;
	}
	(void)gzbuffer(gz, WL_GZBUF);
	if ((f = fopencookie(gz, "r", io)) == NULL) {
		vb_err(err, VB_ENOMEM, "out of memory opening %s", shown);
		gzclose_r(gz);
		return NULL;
	}
	return f;
}
