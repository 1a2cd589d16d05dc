/*
 * The version built: `git describe` of the tree it was built from (with
 * -dirty for uncommitted changes), else "unknown". Run records keep it.
 */
#ifndef VB_VERSION_H
#define VB_VERSION_H

extern const char vborder_version[];

/*
 * The running program's own bytes, hashed (16 hex digits): what a file
 * this build wrote for itself alone (the list index, core/screen/) is
 * checked against, since vborder_version stays the same across builds of
 * a changed tree. "" when the program cannot read itself.
 */
const char *vborder_build_id(void);

#endif
