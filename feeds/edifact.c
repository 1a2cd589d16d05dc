#include "edifact.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct edi_service edi_default = {':', '+', '.', '?', ' ', '\''};

static int
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int
is_tagchar(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static int
is_alnum(char c)
{
	return is_tagchar(c) || (c >= 'a' && c <= 'z');
}

/* Skips white space, and a UTF-8 byte order mark at the very start. */
static size_t
skip_blank(const char *buf, size_t len, size_t pos)
{
	if (pos == 0 && len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		pos = 3;
	while (pos < len && is_blank(buf[pos]))
		pos++;
	return pos;
}

static int
starts_with(const char *buf, size_t len, size_t pos, const char *s)
{
	size_t n = strlen(s);

	return len - pos >= n && memcmp(buf + pos, s, n) == 0;
}

/*
 * A separator must stand out from data: not a letter or digit, not a line
 * break (we drop those), and no two of them alike, or no segment could be cut.
 */
static int
una_valid(const struct edi_service *s)
{
	char sep[4] = {s->component, s->element, s->terminator, s->release};
	size_t nsep = s->release != '\0' ? 4 : 3;

	for (size_t i = 0; i < nsep; i++) {
		if (is_alnum(sep[i]) || is_blank(sep[i]) || sep[i] == '\0')
			return 0;
		for (size_t j = i + 1; j < nsep; j++)
			if (sep[i] == sep[j])
				return 0;
	}
	return 1;
}

/* Reads the UNA at r->pos_ (known to start with "UNA"). */
static int
read_una(struct edi_reader *r, struct vb_error *err)
{
	const char *p = r->buf_ + r->pos_ + 3;
	long off = (long)r->pos_;
	struct edi_service s;

	if (r->len_ - r->pos_ < 9)
		return vb_err_at(err, VB_ESYNTAX, off, "UNA", 0,
		    "bad UNA: six service characters expected");
	s.component = p[0];
	s.element = p[1];
	s.decimal = p[2];
	s.release = p[3] == ' ' ? '\0' : p[3];
	s.reserved = p[4];
	s.terminator = p[5];
	if (!una_valid(&s))
		return vb_err_at(err, VB_ESYNTAX, off, "UNA", 0,
		    "bad UNA: service characters \"%.6s\" clash", p);
	r->svc = s;
	r->pos_ += 9;
	return 0;
}

int
edi_reader_init(struct edi_reader *r, const char *buf, size_t len,
    struct vb_error *err)
{
	memset(r, 0, sizeof(*r));
	r->svc = edi_default;
	r->trailing = -1;
	r->buf_ = buf;
	r->len_ = len;
	r->pos_ = skip_blank(buf, len, 0);
	if (starts_with(buf, len, r->pos_, "UNA"))
		return read_una(r, err);
	return 0;
}

void
edi_reader_free(struct edi_reader *r)
{
	free(r->val_);
	free(r->comp_);
	free(r->elem_);
	r->val_ = NULL;
	r->comp_ = r->elem_ = NULL;
}

static int
push_byte(struct edi_reader *r, char c)
{
	if (r->vallen_ == r->valsz_) {
		size_t sz = r->valsz_ == 0 ? 256 : r->valsz_ * 2;
		char *p;

		if (sz < r->valsz_ || (p = realloc(r->val_, sz)) == NULL)
			return -1;
		r->val_ = p;
		r->valsz_ = sz;
	}
	r->val_[r->vallen_++] = c;
	return 0;
}

static int
push_index(size_t **arr, size_t *n, size_t *sz, size_t v)
{
	if (*n == *sz) {
		size_t nsz = *sz == 0 ? 32 : *sz * 2;
		size_t *p;

		if ((p = reallocarray(*arr, nsz, sizeof(**arr))) == NULL)
			return -1;
		*arr = p;
		*sz = nsz;
	}
	(*arr)[(*n)++] = v;
	return 0;
}

/* Ends the current component (NUL) and opens the next one. */
static int
new_component(struct edi_reader *r)
{
	if (push_byte(r, '\0') == -1)
		return -1;
	return push_index(&r->comp_, &r->ncomp_, &r->compsz_, r->vallen_);
}

static int
new_element(struct edi_reader *r)
{
	if (new_component(r) == -1)
		return -1;
	return push_index(&r->elem_, &r->nelem_, &r->elemsz_, r->ncomp_ - 1);
}

static void
segment_begin(struct edi_reader *r)
{
	r->vallen_ = 0;
	r->ncomp_ = 0;
	r->nelem_ = 0;
	r->seg_.tag[0] = '\0';
	r->seg_.offset = (long)r->pos_;
	r->seg_.number = ++r->nseg_;
}

/*
 * The tag is what came before the first separator, spaces after it dropped
 * ("UNG *PAXLST" is seen in the wild). Called with the first component open
 * or closed: it ends at the first NUL or at vallen_.
 */
static void
take_tag(struct edi_reader *r)
{
	size_t n = 0;

	while (n < r->vallen_ && r->val_[n] != '\0')
		n++;
	while (n > 0 && r->val_[n - 1] == ' ')
		n--;
	if (n >= sizeof(r->seg_.tag))
		n = sizeof(r->seg_.tag) - 1;
	if (n > 0)
		memcpy(r->seg_.tag, r->val_, n);
	r->seg_.tag[n] = '\0';
}

static int
tag_valid(const char *tag)
{
	if (strlen(tag) != 3)
		return 0;
	for (const char *p = tag; *p != '\0'; p++)
		if (!is_tagchar(*p))
			return 0;
	return 1;
}

static int
segment_end(struct edi_reader *r, struct vb_error *err)
{
	struct edi_segment *s = &r->seg_;
	size_t i;

	if (push_byte(r, '\0') == -1)
		return vb_err(err, VB_ENOMEM, "out of memory");
	take_tag(r);
	if (!tag_valid(s->tag))
		return vb_err_at(err, VB_ESYNTAX, s->offset, s->tag, s->number,
		    "bad segment tag \"%s\"", s->tag);
	/* Trim the tag's trailing spaces in the value too. */
	for (i = strlen(r->val_); i > 0 && r->val_[i - 1] == ' '; i--)
		r->val_[i - 1] = '\0';
	s->nelements = r->nelem_ - 1;
	s->val_ = r->val_;
	s->comp_ = r->comp_;
	s->elem_ = r->elem_;
	s->ncomp_ = r->ncomp_;
	if (strcmp(s->tag, "UNZ") == 0)
		r->after_unz_ = 1;
	return 0;
}

/* Reads one segment from r->pos_ (not blank, not a UNA) up to its terminator. */
static int
read_segment(struct edi_reader *r, struct vb_error *err)
{
	const struct edi_service *sv = &r->svc;
	struct edi_segment *s = &r->seg_;
	int rc;

	segment_begin(r);
	if (push_index(&r->comp_, &r->ncomp_, &r->compsz_, 0) == -1 ||
	    push_index(&r->elem_, &r->nelem_, &r->elemsz_, 0) == -1)
		return vb_err(err, VB_ENOMEM, "out of memory");
	while (r->pos_ < r->len_) {
		char c = r->buf_[r->pos_++];

		if (c == sv->release && sv->release != '\0') {
			if (r->pos_ == r->len_) {
				take_tag(r);
				return vb_err_at(err, VB_ESYNTAX,
				    (long)r->pos_ - 1, s->tag, s->number,
				    "release character at end of input");
			}
			rc = push_byte(r, r->buf_[r->pos_++]);
		} else if (c == sv->terminator)
			return segment_end(r, err);
		else if (c == sv->element)
			rc = new_element(r);
		else if (c == sv->component)
			rc = new_component(r);
		else if (c == '\r' || c == '\n')
			rc = 0;		/* a line wrap, not data */
		else
			rc = push_byte(r, c);
		if (rc == -1)
			return vb_err(err, VB_ENOMEM, "out of memory");
	}
	take_tag(r);
	return vb_err_at(err, VB_ESYNTAX, s->offset, s->tag, s->number,
	    "unterminated final segment %s (truncated input?)",
	    s->tag[0] != '\0' ? s->tag : "");
}

int
edi_next(struct edi_reader *r, const struct edi_segment **seg,
    struct vb_error *err)
{
	for (;;) {
		r->pos_ = skip_blank(r->buf_, r->len_, r->pos_);
		if (r->pos_ >= r->len_)
			return 0;
		if (r->after_unz_) {
			if (!starts_with(r->buf_, r->len_, r->pos_, "UNA") &&
			    !starts_with(r->buf_, r->len_, r->pos_, "UNB")) {
				r->trailing = (long)r->pos_;
				r->pos_ = r->len_;
				return 0;
			}
			r->after_unz_ = 0;
		}
		if (starts_with(r->buf_, r->len_, r->pos_, "UNA")) {
			if (read_una(r, err) == -1)
				return -1;
			continue;
		}
		/* A lone terminator is an empty segment: nothing to say. */
		if (r->buf_[r->pos_] == r->svc.terminator) {
			r->pos_++;
			continue;
		}
		if (read_segment(r, err) == -1)
			return -1;
		*seg = &r->seg_;
		return 1;
	}
}

const char *
edi_get(const struct edi_segment *seg, size_t element, size_t component)
{
	size_t first, last;
	const char *v;

	if (element > seg->nelements)
		return NULL;
	first = seg->elem_[element];
	last = element < seg->nelements ? seg->elem_[element + 1] : seg->ncomp_;
	if (component >= last - first)
		return NULL;
	v = seg->val_ + seg->comp_[first + component];
	return *v != '\0' ? v : NULL;
}

size_t
edi_ncomponents(const struct edi_segment *seg, size_t element)
{
	size_t last;

	if (element > seg->nelements)
		return 0;
	last = element < seg->nelements ? seg->elem_[element + 1] : seg->ncomp_;
	return last - seg->elem_[element];
}

int
edi_is(const struct edi_segment *seg, const char *tag)
{
	return strcmp(seg->tag, tag) == 0;
}

static int
all_digits(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* "D" "02B" gives "D02B"; "11" "1" gives "11.1". */
static int
join_version(const char *v, const char *rel, char *version, size_t versionsz)
{
	int n;

	if (v == NULL)
		v = "";
	if (rel == NULL)
		n = snprintf(version, versionsz, "%s", v);
	else
		n = snprintf(version, versionsz, "%s%s%s", v,
		    all_digits(v) ? "." : "", rel);
	return n < 0 || (size_t)n >= versionsz ? -1 : 0;
}

int
edi_message_version(const struct edi_segment *unh, char *version,
    size_t versionsz)
{
	return join_version(edi_get(unh, 2, 1), edi_get(unh, 2, 2), version,
	    versionsz);
}

/* Copies the run of letters and digits at p (at most n-1) into out. */
static const char *
alnum_run(const char *p, const char *end, char *out, size_t n)
{
	size_t i = 0;

	while (p < end && is_alnum(*p)) {
		if (i + 1 < n)
			out[i++] = *p;
		p++;
	}
	out[i] = '\0';
	return p;
}

/*
 * The UNH by its shape, for a head whose UNA we cannot read (seen: a UNA
 * cut short by a line break): "UNH", separator, reference, separator, type,
 * then version and release behind another separator each.
 */
static void
scan_unh(const char *buf, size_t len, char *type, size_t typesz,
    char *version, size_t versionsz)
{
	const char *end = buf + (len < 4096 ? len : 4096), *p = buf;
	char t[16], v[8], rel[8];

	for (; end - p > 3; p++) {
		char sep;

		if (memcmp(p, "UNH", 3) != 0 || is_alnum(p[3]) || is_blank(p[3]))
			continue;
		p += 3;
		sep = *p++;
		while (p < end && *p != sep)
			p++;
		if (p == end)
			return;
		p = alnum_run(p + 1, end, t, sizeof(t));
		p = alnum_run(p < end ? p + 1 : p, end, v, sizeof(v));
		(void)alnum_run(p < end ? p + 1 : p, end, rel, sizeof(rel));
		if (t[0] == '\0' || strlcpy(type, t, typesz) >= typesz ||
		    join_version(v, rel[0] != '\0' ? rel : NULL, version,
		    versionsz) == -1) {
			type[0] = '\0';
			version[0] = '\0';
		}
		return;
	}
}

/* How far edi_detect() reads for the UNH: UNA, UNB, UNG come first. */
#define DETECT_SEGMENTS 8

int
edi_detect(const char *buf, size_t len, char *type, size_t typesz,
    char *version, size_t versionsz)
{
	struct edi_reader r;
	const struct edi_segment *s;
	size_t pos = skip_blank(buf, len, 0);

	if (typesz > 0)
		type[0] = '\0';
	if (versionsz > 0)
		version[0] = '\0';
	if (len - pos < 4 || (!starts_with(buf, len, pos, "UNA") &&
	    !starts_with(buf, len, pos, "UNB") &&
	    !starts_with(buf, len, pos, "UNH")) || is_alnum(buf[pos + 3]))
		return 0;
	if (typesz == 0 || versionsz == 0)
		return 1;
	if (edi_reader_init(&r, buf, len, NULL) == -1)
		scan_unh(buf, len, type, typesz, version, versionsz);
	else {
		for (int i = 0; i < DETECT_SEGMENTS &&
		    edi_next(&r, &s, NULL) == 1; i++) {
			const char *t;

			if (!edi_is(s, "UNH"))
				continue;
			if ((t = edi_get(s, 2, 0)) != NULL &&
			    strlcpy(type, t, typesz) >= typesz)
				type[0] = '\0';
			if (edi_message_version(s, version, versionsz) == -1)
				version[0] = '\0';
			break;
		}
	}
	edi_reader_free(&r);
	return 1;
}
