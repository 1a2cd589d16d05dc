/*
 * UN/EDIFACT tokenizer (ISO 9735), shared by the EDIFACT formats (PAXLST,
 * PNRGOV, CUSCAR...). It knows syntax only: service characters, segments,
 * data elements, components, the release character. What a segment means is
 * the parser's business.
 *
 * Tolerances, because carriers' files are what they are:
 * - UNA (exactly six characters: component, element, decimal, release,
 *   reserved, terminator) may follow leading white space; without it the
 *   defaults `:+.? '` apply. A space as release character means "none".
 * - Unreleased CR and LF are dropped wherever they stand: syntax levels A
 *   and B have no line breaks, so a break is a sender's line wrap, between
 *   segments or inside one. Spaces before a segment tag and after it (before
 *   the first element separator) are dropped too.
 * - After UNZ, the reader goes on only when another UNA or UNB follows;
 *   anything else there is not part of an interchange and is left unread
 *   (r->trailing says where it starts).
 *
 * Memory: edi_next() unescapes the segment into buffers owned by the reader.
 * The segment and every string it hands out are borrowed: valid until the
 * next edi_next() or edi_reader_free(). Copy what you keep (model_strdup).
 */
#ifndef VB_EDIFACT_H
#define VB_EDIFACT_H

#include <stddef.h>

#include "../core/error.h"

#define EDI_TAG_MAX	8

struct edi_service {
	char component;		/* default ':' */
	char element;		/* default '+' */
	char decimal;		/* default '.' */
	char release;		/* default '?'; '\0' when the UNA says none */
	char reserved;		/* repetition separator in syntax 4, else ' ' */
	char terminator;	/* default '\'' */
};

struct edi_segment {
	char tag[EDI_TAG_MAX];	/* "UNH", "NAD", ... */
	size_t nelements;	/* data elements after the tag */
	long offset;		/* byte offset of the tag in the input */
	int number;		/* 1-based ordinal in the input (UNA not counted) */
	/* Private to edifact.c: where the unescaped values lie. */
	const char *val_;
	const size_t *comp_;	/* start of every component in val_ */
	const size_t *elem_;	/* first component of every element, tag included */
	size_t ncomp_;
};

struct edi_reader {
	struct edi_service svc;	/* in force for the current interchange */
	long trailing;		/* offset of unread bytes after the last UNZ, or -1 */
	/* Private to edifact.c. */
	const char *buf_;
	size_t len_, pos_;
	int nseg_, after_unz_;
	char *val_;
	size_t vallen_, valsz_;
	size_t *comp_, ncomp_, compsz_;
	size_t *elem_, nelem_, elemsz_;
	struct edi_segment seg_;
};

/*
 * Starts reading buf (len bytes, not NUL-terminated, borrowed for the
 * reader's life) and reads its UNA if there is one. 0, or -1 with err
 * (VB_ESYNTAX) on a bad UNA; the reader needs edi_reader_free() either way.
 */
int edi_reader_init(struct edi_reader *r, const char *buf, size_t len,
    struct vb_error *err);
void edi_reader_free(struct edi_reader *r);

/*
 * The next segment in *seg (borrowed, see above): 1, 0 at the end, or -1
 * with err (VB_ESYNTAX or VB_ENOMEM) giving the offset, tag and number of
 * the segment at fault: unterminated final segment, release character at
 * end of input, bad segment tag, bad UNA.
 */
int edi_next(struct edi_reader *r, const struct edi_segment **seg,
    struct vb_error *err);

/*
 * The unescaped value of a component, NUL-terminated, or NULL when the
 * element or component is absent or empty. Elements count from 1 as in the
 * directories (element 0 is the tag), components from 0:
 * in `TDT+20+UA0989+++UA`, edi_get(s, 2, 0) is "UA0989", edi_get(s, 5, 0) "UA".
 */
const char *edi_get(const struct edi_segment *seg, size_t element,
    size_t component);
/* How many components element has (0 when absent). */
size_t edi_ncomponents(const struct edi_segment *seg, size_t element);
/* 1 when the segment's tag is tag. */
int edi_is(const struct edi_segment *seg, const char *tag);

/*
 * 1 when buf looks like an EDIFACT interchange (UNA, UNB or UNH first, after
 * white space), else 0. Looks at the head only: the first UNH's message type
 * (0065, e.g. "PAXLST") goes into type and its version into version, or ""
 * when not found there. Directory versions are joined as written in
 * directories (`PAXLST:D:02B` "D02B"); numeric ones with a dot
 * (`PNRGOV:11:1` "11.1").
 */
int edi_detect(const char *buf, size_t len, char *type, size_t typesz,
    char *version, size_t versionsz);

/* The same version rule on a UNH segment: 0, or -1 when it does not fit. */
int edi_message_version(const struct edi_segment *unh, char *version,
    size_t versionsz);

#endif
