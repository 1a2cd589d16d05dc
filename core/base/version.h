/*
 * The version built: `git describe` of the tree it was built from (with
 * -dirty for uncommitted changes), else "unknown". Run records keep it.
 */
#ifndef VB_VERSION_H
#define VB_VERSION_H

extern const char vborder_version[];

#endif
