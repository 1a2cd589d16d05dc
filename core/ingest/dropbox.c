#include "dropbox.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sha2.h>

#include "base/fsutil.h"
#include "base/text.h"

static const char *const sub_names[BOX_NSUB] = {
	[BOX_INCOMING] = "incoming", [BOX_PROCESSING] = "processing",
	[BOX_ARCHIVE] = "archive", [BOX_QUARANTINE] = "quarantine",
	[BOX_OUTBOX] = "outbox",
};

const char *
box_sub_name(enum box_sub s)
{
	return sub_names[s];
}

/* Opens name under dirfd as a folder, never through a link; creates it when missing. */
static int
open_folder(int dirfd, const char *name, const char *shown, int create,
    struct vb_error *err)
{
	int fd;

	if ((fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) != -1)
		return fd;
	if (errno == ENOENT && create) {
		if (mkdirat(dirfd, name, 0750) == -1 && errno != EEXIST)
			return vb_err(err, VB_EIO, "mkdir %s: %s", shown,
			    strerror(errno));
		return open_folder(dirfd, name, shown, 0, err);
	}
	/* O_NOFOLLOW on a link gives ELOOP; O_DIRECTORY on a file ENOTDIR. */
	if (errno == ELOOP || errno == ENOTDIR) {
		struct stat st;

		if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISLNK(st.st_mode))
			return vb_err(err, VB_EIO, "%s is a symbolic link:"
			    " refused", shown);
		return vb_err(err, VB_EIO, "%s is not a folder: refused", shown);
	}
	return vb_err(err, VB_EIO, "open %s: %s", shown, strerror(errno));
}

int
box_open(struct box *b, const char *dropbox, const char *carrier,
    struct vb_error *err)
{
	char shown[PATH_MAX + 16];
	int top;

	for (int s = 0; s < BOX_NSUB; s++)
		b->fd[s] = -1;
	if ((size_t)snprintf(b->path, sizeof(b->path), "%s/%s", dropbox,
	    carrier) >= sizeof(b->path))
		return vb_err(err, VB_EIO, "path too long: %.200s", dropbox);
	if ((top = open_folder(AT_FDCWD, b->path, b->path, 0, err)) == -1)
		return -1;
	for (int s = 0; s < BOX_NSUB; s++) {
		(void)snprintf(shown, sizeof(shown), "%s/%s", b->path, sub_names[s]);
		if ((b->fd[s] = open_folder(top, sub_names[s], shown, 1, err)) == -1) {
			close(top);
			box_close(b);
			return -1;
		}
	}
	close(top);
	return 0;
}

void
box_close(struct box *b)
{
	for (int s = 0; s < BOX_NSUB; s++) {
		if (b->fd[s] != -1)
			close(b->fd[s]);
		b->fd[s] = -1;
	}
}

static int
compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **
box_list(struct box *b, enum box_sub s, size_t *n, struct vb_error *err)
{
	char **names = NULL;
	size_t cap = 0;
	struct dirent *e;
	DIR *d;
	int fd;

	*n = 0;
	if ((fd = dup(b->fd[s])) == -1 || (d = fdopendir(fd)) == NULL) {
		vb_err(err, VB_EIO, "open %s/%s: %s", b->path, sub_names[s],
		    strerror(errno));
		if (fd != -1)
			close(fd);
		return NULL;
	}
	rewinddir(d);
	while ((e = readdir(d)) != NULL) {
		struct stat st;

		if (e->d_name[0] == '.' ||
		    fstatat(b->fd[s], e->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1 ||
		    !S_ISREG(st.st_mode))
			continue;
		if (*n == cap) {
			size_t ncap = cap == 0 ? 16 : cap * 2;
			char **p = reallocarray(names, ncap, sizeof(*p));

			if (p == NULL)
				goto nomem;
			names = p;
			cap = ncap;
		}
		if ((names[*n] = strdup(e->d_name)) == NULL)
			goto nomem;
		(*n)++;
	}
	closedir(d);
	if (names == NULL && (names = calloc(1, sizeof(*names))) == NULL) {
		vb_err(err, VB_ENOMEM, "out of memory listing %s", b->path);
		return NULL;
	}
	qsort(names, *n, sizeof(*names), compare_names);
	return names;
nomem:
	closedir(d);
	for (size_t i = 0; i < *n; i++)
		free(names[i]);
	free(names);
	*n = 0;
	vb_err(err, VB_ENOMEM, "out of memory listing %s", b->path);
	return NULL;
}

void
box_safe_name(const char *name, char out[BOX_NAME_MAX + 1])
{
	size_t len = strlen(name);
	char digest[SHA256_DIGEST_STRING_LENGTH];

	if (text_safe(name, len, out, BOX_NAME_MAX + 1) == len)
		return;
	/* Cut at a character, then a hash of the whole name keeps it unique. */
	SHA256Data((const uint8_t *)name, len, digest);
	(void)text_safe(name, len, out, BOX_NAME_MAX + 1 - 10);
	(void)snprintf(out + strlen(out), 11, "~%.8s~", digest);
}

static int
exists(struct box *b, enum box_sub s, const char *name)
{
	struct stat st;

	return fstatat(b->fd[s], name, &st, AT_SYMLINK_NOFOLLOW) == 0 ||
	    errno != ENOENT;
}

int
box_free_name(struct box *b, enum box_sub s, const char *safe, char *out,
    size_t outsz, struct vb_error *err)
{
	if ((size_t)snprintf(out, outsz, "%s", safe) >= outsz)
		return vb_err(err, VB_EIO, "name too long: %.200s", safe);
	for (int i = 1; exists(b, s, out); i++) {
		if (i > 200)
			return vb_err(err, VB_EIO, "%s/%s: no free name for %s",
			    b->path, sub_names[s], safe);
		if (i < 100)
			(void)snprintf(out, outsz, "%s.%d", safe, i);
		else
			(void)snprintf(out, outsz, "%s.%08x", safe,
			    (unsigned)arc4random());
	}
	return 0;
}

int
box_settling(struct box *b, enum box_sub s, const char *name)
{
	struct stat st, other;
	struct dirent *e;
	DIR *d;
	int fd, found = 0;

	if (fstatat(b->fd[s], name, &st, AT_SYMLINK_NOFOLLOW) == -1 ||
	    !S_ISREG(st.st_mode) || st.st_nlink != 2)
		return 0;
	if ((fd = dup(b->fd[s])) == -1)
		return 0;
	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return 0;
	}
	rewinddir(d);
	while (!found && (e = readdir(d)) != NULL)
		found = strcmp(e->d_name, name) != 0 &&
		    fstatat(b->fd[s], e->d_name, &other, AT_SYMLINK_NOFOLLOW) == 0 &&
		    other.st_ino == st.st_ino && other.st_dev == st.st_dev;
	closedir(d);
	return found;
}

int
box_move(struct box *b, enum box_sub from, const char *name, enum box_sub to,
    const char *to_name, struct vb_error *err)
{
	if (renameat(b->fd[from], name, b->fd[to], to_name) == -1) {
		int saved = errno;	/* callers tell a vanished file by ENOENT */

		vb_err(err, VB_EIO, "move %s/%s/%s to %s/: %s", b->path,
		    sub_names[from], name, sub_names[to], strerror(saved));
		errno = saved;
		return -1;
	}
	return 0;
}

int
box_read(struct box *b, enum box_sub s, const char *name, size_t max,
    char **bufp, size_t *lenp, struct vb_error *err)
{
	struct stat st;
	int fd, rc = -1;

	*bufp = NULL;
	*lenp = 0;
	/* O_NONBLOCK: a FIFO swapped in must not hang the run. */
	if ((fd = openat(b->fd[s], name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC)) == -1) {
		if (errno == ELOOP)
			return vb_err(err, VB_EINVALID, "a symbolic link, not a"
			    " file: refused");
		/* The carrier's to fix (its upload's mode), and it must be told. */
		if (errno == EACCES)
			return vb_err(err, VB_EINVALID, "the service may not read"
			    " it (permission denied): upload files readable by the"
			    " group, mode 0640 (docs/sftp.md)");
		return vb_err(err, VB_EIO, "open: %s", strerror(errno));
	}
	if (fstat(fd, &st) == -1) {
		vb_err(err, VB_EIO, "stat: %s", strerror(errno));
		goto done;
	}
	if (!S_ISREG(st.st_mode)) {
		vb_err(err, VB_EINVALID, "not a regular file: refused");
		goto done;
	}
	/* A hard link would let a carrier have us read, and keep, another's file. */
	if (st.st_nlink != 1) {
		vb_err(err, VB_EINVALID, "a file with %ju links (a hard link):"
		    " refused", (uintmax_t)st.st_nlink);
		goto done;
	}
	/* Ours now, and personal data: nobody but the service and its group reads it. */
	(void)fchmod(fd, 0640);
	if ((uintmax_t)st.st_size > max) {
		vb_err(err, VB_EINVALID, "%ju bytes, more than the limit of %zu",
		    (uintmax_t)st.st_size, max);
		goto done;
	}
	rc = fs_read_fd(fd, (size_t)st.st_size, max, bufp, lenp, err);
done:
	close(fd);
	return rc;
}

int
box_write(struct box *b, enum box_sub s, const char *name, const void *data,
    size_t len, int replace, struct vb_error *err)
{
	char tmp[BOX_NAME_MAX + 64];
	int fd = -1, rc;

	(void)snprintf(tmp, sizeof(tmp), ".%s.tmp-%08x", name,
	    (unsigned)arc4random());
	if ((fd = openat(b->fd[s], tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0640)) == -1)
		return vb_err(err, VB_EIO, "create %s/%s/%s: %s", b->path,
		    sub_names[s], tmp, strerror(errno));
	(void)fchmod(fd, 0640);	/* whatever the umask */
	if (fs_write_all(fd, data, len) == -1 || fsync(fd) == -1)
		goto fail;
	rc = close(fd);
	fd = -1;
	if (rc == -1)
		goto fail;
	/* linkat fails on an existing name where renameat would replace it. */
	if (replace ? renameat(b->fd[s], tmp, b->fd[s], name) == -1 :
	    linkat(b->fd[s], tmp, b->fd[s], name, 0) == -1)
		goto fail;
	if (!replace)
		(void)unlinkat(b->fd[s], tmp, 0);
	return 0;
fail:
	vb_err(err, VB_EIO, "write %s/%s/%s: %s", b->path, sub_names[s], name,
	    strerror(errno));
	if (fd != -1)
		close(fd);
	(void)unlinkat(b->fd[s], tmp, 0);
	return -1;
}

int
box_remove(struct box *b, enum box_sub s, const char *name, struct vb_error *err)
{
	if (unlinkat(b->fd[s], name, 0) == -1 && errno != ENOENT)
		return vb_err(err, VB_EIO, "remove %s/%s/%s: %s", b->path,
		    sub_names[s], name, strerror(errno));
	return 0;
}
