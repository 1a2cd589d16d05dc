#include "fsutil.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int
fs_path(char *buf, size_t bufsz, struct vb_error *err, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, bufsz, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= bufsz)
		return vb_err(err, VB_EIO, "path too long: %.200s...", buf);
	return 0;
}

int
fs_mkdirs(const char *path, unsigned mode, struct vb_error *err)
{
	char buf[PATH_MAX];

	if (strlcpy(buf, path, sizeof(buf)) >= sizeof(buf))
		return vb_err(err, VB_EIO, "path too long: %.200s", path);
	for (char *p = buf + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;

		*p = '\0';
		if (mkdir(buf, (mode_t)mode) == -1 && errno != EEXIST)
			return vb_err(err, VB_EIO, "mkdir %s: %s", buf, strerror(errno));
		*p = c;
		if (c == '\0')
			break;
	}
	return 0;
}

int
fs_read_fd(int fd, size_t hint, size_t max, char **bufp, size_t *lenp,
    struct vb_error *err)
{
	size_t cap = (hint < max ? hint : max) + 1, len = 0;
	char *buf;

	*bufp = NULL;
	*lenp = 0;
	/* One spare byte so parsers may rely on a NUL after the data. */
	if ((buf = malloc(cap + 1)) == NULL)
		return vb_err(err, VB_ENOMEM, "out of memory reading a file");
	/* The file may still grow (an upload handle left open): read to max + 1. */
	for (;;) {
		ssize_t n;

		if (len == cap) {
			size_t ncap = cap > (max + 1) / 2 ? max + 1 : cap * 2;
			char *p;

			if (len > max)
				break;
			if ((p = realloc(buf, ncap + 1)) == NULL) {
				free(buf);
				return vb_err(err, VB_ENOMEM, "out of memory reading"
				    " a file");
			}
			buf = p;
			cap = ncap;
		}
		n = read(fd, buf + len, cap - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			free(buf);
			return vb_err(err, VB_EIO, "read: %s", strerror(errno));
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (len > max) {
		free(buf);
		return vb_err(err, VB_EINVALID, "more than the limit of %zu bytes",
		    max);
	}
	buf[len] = '\0';
	*bufp = buf;
	*lenp = len;
	return 0;
}

int
fs_read_file(const char *path, size_t max, char **bufp, size_t *lenp,
    struct vb_error *err)
{
	struct stat st;
	int fd, rc = -1;

	*bufp = NULL;
	*lenp = 0;
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)) == -1)
		return vb_err(err, VB_EIO, "open %s: %s", path, strerror(errno));
	if (fstat(fd, &st) == -1)
		vb_err(err, VB_EIO, "stat %s: %s", path, strerror(errno));
	else if (!S_ISREG(st.st_mode))
		vb_err(err, VB_EIO, "%s: not a regular file", path);
	else if ((uintmax_t)st.st_size > max)
		vb_err(err, VB_EINVALID, "%s: %jd bytes, more than the limit of %zu",
		    path, (intmax_t)st.st_size, max);
	else
		rc = fs_read_fd(fd, (size_t)st.st_size, max, bufp, lenp, err);
	close(fd);
	return rc;
}

int
fs_write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int
fs_atomic_open(struct fs_atomic *a, const char *path, unsigned mode,
    struct vb_error *err)
{
	int fd;

	a->f = NULL;
	if (fs_path(a->tmp, sizeof(a->tmp), err, "%s.tmp-XXXXXX", path) == -1)
		return -1;
	if ((fd = mkstemp(a->tmp)) == -1)
		return vb_err(err, VB_EIO, "create %s: %s", a->tmp,
		    strerror(errno));
	if (fchmod(fd, (mode_t)mode) == -1 || (a->f = fdopen(fd, "wb")) == NULL) {
		vb_err(err, VB_EIO, "create %s: %s", a->tmp, strerror(errno));
		(void)close(fd);
		(void)unlink(a->tmp);
		return -1;
	}
	return 0;
}

int
fs_atomic_close(struct fs_atomic *a, const char *path, int failed,
    struct vb_error *err)
{
	int e = !failed ? 0 : errno != 0 ? errno : EIO;

	if (!failed && (fflush(a->f) == EOF || ferror(a->f) ||
	    fsync(fileno(a->f)) == -1))
		e = errno != 0 ? errno : EIO;
	if (fclose(a->f) == EOF && e == 0)
		e = errno;
	a->f = NULL;
	if (e == 0 && rename(a->tmp, path) == -1)
		e = errno;
	if (e == 0)
		return 0;
	(void)unlink(a->tmp);
	return vb_err(err, VB_EIO, "write %s: %s", path, strerror(e));
}

int
fs_write_atomic(const char *path, const void *data, size_t len,
    struct vb_error *err)
{
	struct fs_atomic a;

	if (fs_atomic_open(&a, path, 0640, err) == -1)
		return -1;
	return fs_atomic_close(&a, path, len > 0 &&
	    fwrite(data, len, 1, a.f) != 1, err);
}

static int
compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **
fs_list(const char *dir, enum fs_kind kind, size_t *n, struct vb_error *err)
{
	DIR *d;
	struct dirent *e;
	char **names;
	size_t cap = 16;

	*n = 0;
	if ((d = opendir(dir)) == NULL) {
		if (errno != ENOENT)
			vb_err(err, VB_EIO, "open %s: %s", dir, strerror(errno));
		return NULL;
	}
	if ((names = calloc(cap, sizeof(*names))) == NULL)
		goto nomem;
	while ((e = readdir(d)) != NULL) {
		char path[PATH_MAX];
		struct stat st;

		if (e->d_name[0] == '.' ||
		    fs_path(path, sizeof(path), NULL, "%s/%s", dir, e->d_name) == -1 ||
		    lstat(path, &st) == -1 ||
		    (kind == FS_DIRS ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode)))
			continue;
		if (*n == cap) {
			char **p = reallocarray(names, cap * 2, sizeof(*p));

			if (p == NULL)
				goto nomem;
			names = p;
			cap *= 2;
		}
		if ((names[*n] = strdup(e->d_name)) == NULL)
			goto nomem;
		(*n)++;
	}
	closedir(d);
	qsort(names, *n, sizeof(*names), compare_names);
	return names;
nomem:
	closedir(d);
	fs_names_free(names, *n);
	*n = 0;
	vb_err(err, VB_ENOMEM, "out of memory listing %s", dir);
	return NULL;
}

void
fs_names_free(char **names, size_t n)
{
	if (names == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

int
fs_incomplete_name(const char *name)
{
	static const char *const suffixes[] = {".part", ".tmp", ".filepart"};
	size_t len = strlen(name);

	if (name[0] == '.')
		return 1;
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		size_t sl = strlen(suffixes[i]);

		if (len >= sl && strcmp(name + len - sl, suffixes[i]) == 0)
			return 1;
	}
	return 0;
}
