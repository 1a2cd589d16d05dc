/*
 * The few file operations the dropbox and the writers need, each safe
 * against a crash: a file is either whole under its final name or absent.
 * Files are created 0640 and folders 0750: they hold personal data.
 */
#ifndef VB_FSUTIL_H
#define VB_FSUTIL_H

#include <limits.h>
#include <stddef.h>
#include <stdio.h>

#include "error.h"

/* mkdir -p with mode for what it creates. */
int fs_mkdirs(const char *path, unsigned mode, struct vb_error *err);

/* Reads a whole regular file (not a symlink) of at most max bytes into a malloc'ed buffer. */
int fs_read_file(const char *path, size_t max, char **buf, size_t *len,
    struct vb_error *err);

/*
 * Reads fd to its end into a malloc'ed buffer with a NUL after the data:
 * hint is the size expected (fstat's), and more than max bytes is refused
 * (VB_EINVALID) even when the file grew after fstat.
 */
int fs_read_fd(int fd, size_t hint, size_t max, char **buf, size_t *len,
    struct vb_error *err);

/* write(2) until all len bytes are written: 0, or -1 with errno. */
int fs_write_all(int fd, const void *data, size_t len);

/* Writes data to path through a temporary name in the same folder, fsync, rename. */
int fs_write_atomic(const char *path, const void *data, size_t len,
    struct vb_error *err);

/*
 * The same for content written as it is made (a list index of a gigabyte):
 * fs_atomic_open makes the temporary file beside path with mode, the
 * caller writes to a->f, and fs_atomic_close flushes, syncs and renames it
 * over path, or removes it when failed (the caller's writing failed, with
 * errno) or any of that fails. Each 0, or -1 with err.
 */
struct fs_atomic {
	char tmp[PATH_MAX];
	FILE *f;
};

int fs_atomic_open(struct fs_atomic *a, const char *path, unsigned mode,
    struct vb_error *err);
int fs_atomic_close(struct fs_atomic *a, const char *path, int failed,
    struct vb_error *err);

/*
 * The names in folder dir of its regular files (FS_FILES) or its folders
 * (FS_DIRS), symbolic links not followed, names starting with '.' left out,
 * sorted. Free with fs_names_free. NULL with *n 0 on error (err filled),
 * and when dir does not exist (err left as it was, code VB_EOK).
 */
enum fs_kind { FS_FILES, FS_DIRS };
char **fs_list(const char *dir, enum fs_kind kind, size_t *n,
    struct vb_error *err);
void fs_names_free(char **names, size_t n);

/*
 * 1 when a file named name is still being written by whoever uploads it,
 * by the SFTP clients' conventions CONTRACT.md gives for the dropbox: a
 * name starting with '.' or ending in .part, .tmp or .filepart. Such a file
 * is left alone until it is renamed.
 */
int fs_incomplete_name(const char *name);

/* snprintf that fails (-1, err filled) instead of truncating. */
int fs_path(char *buf, size_t bufsz, struct vb_error *err, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
