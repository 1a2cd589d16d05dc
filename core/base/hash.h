/*
 * FNV-1a: a fast hash of bytes for the program's own tables and tags (not
 * against an adversary, not for storage across versions). Start from
 * HASH_START and add each piece in turn.
 */
#ifndef VB_HASH_H
#define VB_HASH_H

#include <stddef.h>
#include <stdint.h>

#define HASH_START	14695981039346656037ULL

static inline uint64_t
hash_add(uint64_t h, const void *bytes, size_t len)
{
	const unsigned char *b = bytes;

	for (size_t i = 0; i < len; i++)
		h = (h ^ b[i]) * 1099511628211ULL;
	return h;
}

#endif
