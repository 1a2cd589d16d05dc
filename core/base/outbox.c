#include "outbox.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "fsutil.h"

int
outbox_write(const char *dropbox, const char *carrier, const char *name,
    json_t *doc, struct vb_error *err)
{
	char dir[PATH_MAX], path[PATH_MAX];
	char *text = doc != NULL ? json_dumps(doc, JSON_INDENT(2) |
	    JSON_PRESERVE_ORDER) : NULL;
	size_t len;
	int rc = -1;

	json_decref(doc);
	if (text == NULL)
		return vb_err(err, VB_ENOMEM, "out of memory writing %s", name);
	len = strlen(text);
	text[len++] = '\n';	/* over the NUL: written by length */
	if (fs_path(dir, sizeof(dir), err, "%s/%s/outbox", dropbox, carrier) == 0 &&
	    fs_mkdirs(dir, 0750, err) == 0 &&
	    fs_path(path, sizeof(path), err, "%s/%s", dir, name) == 0)
		rc = fs_write_atomic(path, text, len, err);
	free(text);
	return rc;
}
