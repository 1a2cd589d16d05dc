#include "outbox.h"

#include <limits.h>

#include "fsutil.h"

int
outbox_write(const char *dropbox, const char *carrier, const char *name,
    const char *text, size_t len, struct vb_error *err)
{
	char dir[PATH_MAX], path[PATH_MAX];

	if (fs_path(dir, sizeof(dir), err, "%s/%s/outbox", dropbox, carrier) == -1 ||
	    fs_mkdirs(dir, 0750, err) == -1 ||
	    fs_path(path, sizeof(path), err, "%s/%s", dir, name) == -1)
		return -1;
	return fs_write_atomic(path, text, len, err);
}
