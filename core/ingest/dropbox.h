/*
 * One carrier's folder in the dropbox, DIR/<carrier>/, held by descriptors.
 *
 * The carrier writes into incoming/ while we work; whatever it does after
 * the folder was opened (a file swapped for a FIFO or a symbolic link, a
 * hard link to someone else's file, a sub-folder replaced by a link to the
 * officers' lists) must not redirect us. So every sub-folder is opened once
 * with O_NOFOLLOW, every file through its folder's descriptor, and a file
 * is read only after fstat() on its own descriptor says it is a regular
 * file with one link. What is kept in archive/ or quarantine/ is a copy of
 * the bytes that were read and hashed, never the carrier's inode, so an
 * upload handle still open cannot change it.
 *
 * Names that reach the file system from here are bounded (BOX_NAME_MAX, so
 * a suffix such as ".error.json" always fits) and valid UTF-8 without
 * control characters (see text.h), so they also fit the database.
 */
#ifndef VB_DROPBOX_H
#define VB_DROPBOX_H

#include <limits.h>
#include <stddef.h>

#include "base/error.h"

enum box_sub {
	BOX_INCOMING,
	BOX_PROCESSING,
	BOX_ARCHIVE,
	BOX_QUARANTINE,
	BOX_OUTBOX,
	BOX_NSUB
};

/* Room left for the longest suffix we add (".N", ".error.json", ".ack.json", ".tmp-XXXXXX"). */
#define BOX_NAME_MAX 200

struct box {
	char path[PATH_MAX];	/* DIR/<carrier>, for messages */
	int fd[BOX_NSUB];
};

/* "incoming", "processing", ... */
const char *box_sub_name(enum box_sub s);

/*
 * Opens DIR/<carrier> and its sub-folders, creating missing ones 0750.
 * Refuses (VB_EIO) a carrier folder or sub-folder that is a symbolic link
 * or not a folder, or one that cannot be opened.
 */
int box_open(struct box *b, const char *dropbox, const char *carrier,
    struct vb_error *err);
void box_close(struct box *b);

/*
 * The regular files of a sub-folder, sorted (fs_list's rules: no links,
 * no dot files). NULL with *n 0 and err filled on error; an empty folder
 * gives a non-NULL empty list.
 */
char **box_list(struct box *b, enum box_sub s, size_t *n, struct vb_error *err);

/*
 * The safe form of a carrier's file name: valid UTF-8, controls escaped,
 * at most BOX_NAME_MAX bytes (a longer one is cut and given a short hash
 * of the whole name, so two long names stay two). out has BOX_NAME_MAX + 1.
 */
void box_safe_name(const char *name, char out[BOX_NAME_MAX + 1]);

/*
 * A name no entry of sub-folder s has: safe, then safe.1 ... safe.99,
 * then safe.<random> (so ten thousand files of one name cost no more than
 * one). out has BOX_NAME_MAX + 16 bytes.
 */
int box_free_name(struct box *b, enum box_sub s, const char *safe, char *out,
    size_t outsz, struct vb_error *err);

/*
 * 1 when name in s has two links and the other is in s too: an SFTP
 * server renames (SSH_FXP_RENAME without the posix extension) by link()
 * then unlink(), so a file seen between the two is a rename in progress,
 * left for the next run. A second link elsewhere is a hard link to
 * someone else's file, which box_read refuses.
 */
int box_settling(struct box *b, enum box_sub s, const char *name);

/*
 * Moves an entry (whatever it is: rename never follows it) between
 * sub-folders; on failure errno is rename's (ENOENT: it is gone).
 */
int box_move(struct box *b, enum box_sub from, const char *name, enum box_sub to,
    const char *to_name, struct vb_error *err);

/*
 * Reads a claimed file: opened without following a link and without
 * blocking (a FIFO), refused unless a regular file with exactly one link,
 * made 0640 through its descriptor, and at most max bytes (VB_EINVALID
 * when larger). The buffer has a NUL after the data.
 */
int box_read(struct box *b, enum box_sub s, const char *name, size_t max,
    char **buf, size_t *len, struct vb_error *err);

/*
 * Writes data as name in sub-folder s (0640, fsync, atomically): replacing
 * what is there when replace is 1, else failing (VB_EIO) when name exists.
 */
int box_write(struct box *b, enum box_sub s, const char *name,
    const void *data, size_t len, int replace, struct vb_error *err);

/* Removes an entry; 0 also when it is already gone. */
int box_remove(struct box *b, enum box_sub s, const char *name,
    struct vb_error *err);

#endif
