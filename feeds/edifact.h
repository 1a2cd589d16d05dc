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
 * - A UNA cut short by a line break (seen: "UNA:+\*'" then a new line) is
 *   no UNA: the defaults apply and r->bad_una says where it was.
 * - With r->keep_unterminated set, a final segment that the input ends
 *   inside is handed out (seg->unterminated) instead of failing, so that a
 *   parser can tell a lost message from a lost UNZ. If it runs over a line
 *   break, it ends there and the rest is left unread as after UNZ (prose
 *   after an unterminated UNZ); if its tag is no tag, it is all left unread.
 *
 * Memory: edi_next() unescapes the segment into buffers owned by the reader.
 * The segment and every string it hands out are borrowed: valid until the
 * next edi_next() or edi_reader_free(). Copy what you keep (model_strdup).
 */
#ifndef VB_EDIFACT_H
#define VB_EDIFACT_H

#include <stddef.h>

#include "base/error.h"
#include "model/model.h"

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
	int breaks;		/* line breaks dropped inside the segment */
	int unterminated;	/* the input ended before its terminator */
	/* Private to edifact.c: where the unescaped values lie. */
	const char *val_;
	const size_t *comp_;	/* start of every component in val_ */
	const size_t *elem_;	/* first component of every element, tag included */
	size_t ncomp_;
};

struct edi_reader {
	struct edi_service svc;	/* in force for the current interchange */
	long trailing;		/* offset of unread bytes after the last UNZ, or -1 */
	long bad_una;		/* offset of a UNA cut short and ignored, or -1 */
	int keep_unterminated;	/* set by the caller: see above */
	/* Private to edifact.c. */
	const char *buf_;
	size_t len_, pos_;
	int nseg_, after_unz_, bad_tag_;
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
 * end of input, bad segment tag, bad UNA. After an error the reader has
 * moved on, past a segment with a bad tag (reading may go on: the segments
 * after it are whole) or else to the end of the input.
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

/* 1 when edi_detect() finds an interchange whose first message is of type. */
int edi_detect_type(const char *buf, size_t len, const char *type);

/*
 * Helpers the EDIFACT parsers share. Those that take err return 0, or -1
 * with err filled, so that a parser can return what they return.
 */

/* 1 when the segment's first element (its qualifier) is q. */
int edi_qualifier_is(const struct edi_segment *s, const char *q);

/* Always -1: err (code) at s, saying "TAG what: value" ("(empty)" for NULL). */
int edi_seg_err(struct vb_error *err, enum vb_errcode code,
    const struct edi_segment *s, const char *what, const char *value);

/* A warning in m (model_warn); VB_ENOMEM when it cannot be kept. */
int edi_warn(struct model *m, struct vb_error *err, long offset,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* v copied into *dst in m's arena (model_set: NULL leaves it); VB_ENOMEM. */
int edi_set(struct model *m, struct vb_error *err, char **dst, const char *v);

/*
 * Reading an interchange message by message (UNH to UNT), the same for
 * every EDIFACT message type. A message that cannot be understood is left
 * out and the others beside it are kept, since one bad message in a
 * carrier's batch is no reason to refuse the good ones.
 *
 * edi_walk() calls envelope() for segments outside messages (UNB, UNG,
 * UNE, UNZ), begin() for UNH, segment() for what lies between, end() for
 * UNT. Any of them returns 0, or -1 with err filled: then the message is
 * lost (VB_ENOMEM ends the walk). Such a message, a message the input cuts
 * short (no UNT, or a final segment without terminator) and segments
 * outside any message are recorded in the model (model_add_error). When a
 * message was lost after another was read, the model is emptied, reset()
 * forgets the parser's state, and the interchange is read again with the
 * lost messages skipped, so the model holds only messages read whole.
 *
 * Deviations read past become the model's warnings: UNT counts and references that
 * disagree, line breaks inside segments, a UNA cut short, a missing or
 * unterminated UNZ, bytes after the interchange.
 *
 * Returns 0 when at least one message was read whole, else -1 with err:
 * the first lost message's error, "no message (UNH) in the interchange",
 * or VB_ENOMEM.
 */
struct edi_walker {
	void *arg;
	int (*envelope)(void *arg, const struct edi_segment *s,
	    struct vb_error *err);
	int (*begin)(void *arg, const struct edi_segment *unh,
	    struct vb_error *err);
	int (*segment)(void *arg, const struct edi_segment *s,
	    struct vb_error *err);
	int (*end)(void *arg, const struct edi_segment *unt,
	    struct vb_error *err);
	/* Forgets the parser's own state before a second reading. */
	void (*reset)(void *arg);
	/* Lost messages (model_add_error) and warnings (model_warn) go here. */
	struct model *model;
};

int edi_walk(const char *buf, size_t len, const struct edi_walker *w,
    struct vb_error *err);

#endif
