#include "edifact.h"

#include <stdarg.h>
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

/*
 * A UNA whose six characters run into a line break was cut short by the
 * sender's line wrap: which characters it meant cannot be told, so it is
 * skipped up to the break and the defaults apply. 1 when that was done.
 */
static int
skip_short_una(struct edi_reader *r)
{
	size_t start = r->pos_ + 3;

	for (size_t i = start; i < start + 6 && i < r->len_; i++) {
		if (r->buf_[i] != '\r' && r->buf_[i] != '\n')
			continue;
		r->bad_una = (long)r->pos_;
		r->svc = edi_default;
		r->pos_ = i + 1;
		return 1;
	}
	return 0;
}

/* Reads the UNA at r->pos_ (known to start with "UNA"). */
static int
read_una(struct edi_reader *r, struct vb_error *err)
{
	const char *p = r->buf_ + r->pos_ + 3;
	long off = (long)r->pos_;
	struct edi_service s;

	if (skip_short_una(r))
		return 0;
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
	r->bad_una = -1;
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
	r->seg_.breaks = 0;
	r->seg_.unterminated = 0;
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
	if (!tag_valid(s->tag)) {
		r->bad_tag_ = 1;
		return vb_err_at(err, VB_ESYNTAX, s->offset, s->tag, s->number,
		    "bad segment tag \"%s\"", s->tag);
	}
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

/* Where a segment's first line break stood, to cut the segment there. */
struct seg_break {
	size_t pos, vallen, ncomp, nelem;
	int seen;
};

/*
 * The input ended inside the segment and the caller takes that (see
 * keep_unterminated): the segment up to its first line break when text
 * follows the break, the rest left unread. 1 with the segment, 0 when what
 * was read is no segment (left unread too), -1 out of memory.
 */
static int
end_unterminated(struct edi_reader *r, const struct seg_break *b,
    struct vb_error *err)
{
	struct edi_segment *s = &r->seg_;
	size_t after;

	if (b->seen && (after = skip_blank(r->buf_, r->len_, b->pos)) < r->len_) {
		r->vallen_ = b->vallen;
		r->ncomp_ = b->ncomp;
		r->nelem_ = b->nelem;
		s->breaks = 0;
		r->trailing = (long)after;
	}
	take_tag(r);
	if (!tag_valid(s->tag)) {
		r->trailing = s->offset;
		r->nseg_--;
		return 0;
	}
	if (segment_end(r, err) == -1)
		return -1;
	s->unterminated = 1;
	return 1;
}

/*
 * Reads one segment from r->pos_ (not blank, not a UNA) up to its
 * terminator: 1, 0 when the input ended in something that is no segment
 * (keep_unterminated only), -1 and err.
 */
static int
read_segment(struct edi_reader *r, struct vb_error *err)
{
	const struct edi_service *sv = &r->svc;
	struct edi_segment *s = &r->seg_;
	struct seg_break b = {0, 0, 0, 0, 0};
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
			return segment_end(r, err) == -1 ? -1 : 1;
		else if (c == sv->element)
			rc = new_element(r);
		else if (c == sv->component)
			rc = new_component(r);
		else if (c == '\r' || c == '\n') {
			/* A line wrap, not data: counted once for CR LF. */
			if (c == '\n' || r->pos_ == r->len_ ||
			    r->buf_[r->pos_] != '\n')
				s->breaks++;
			if (!b.seen)
				b = (struct seg_break){r->pos_ - 1, r->vallen_,
				    r->ncomp_, r->nelem_, 1};
			rc = 0;
		} else
			rc = push_byte(r, c);
		if (rc == -1)
			return vb_err(err, VB_ENOMEM, "out of memory");
	}
	if (r->keep_unterminated)
		return end_unterminated(r, &b, err);
	take_tag(r);
	return vb_err_at(err, VB_ESYNTAX, s->offset, s->tag, s->number,
	    "unterminated final segment %s (truncated input?)",
	    s->tag[0] != '\0' ? s->tag : "");
}

/* After an error the reader stops, but past a bad tag what follows is whole. */
static int
edi_fail(struct edi_reader *r)
{
	if (!r->bad_tag_)
		r->pos_ = r->len_;
	r->bad_tag_ = 0;
	return -1;
}

int
edi_next(struct edi_reader *r, const struct edi_segment **seg,
    struct vb_error *err)
{
	int rc;

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
				return edi_fail(r);
			continue;
		}
		/* A lone terminator is an empty segment: nothing to say. */
		if (r->buf_[r->pos_] == r->svc.terminator) {
			r->pos_++;
			continue;
		}
		if ((rc = read_segment(r, err)) == -1)
			return edi_fail(r);
		if (rc == 0)
			return 0;
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

int
edi_detect_type(const char *buf, size_t len, const char *type)
{
	char t[16], version[16];

	return edi_detect(buf, len, t, sizeof(t), version, sizeof(version)) &&
	    strcmp(t, type) == 0;
}

/* ---- what the parsers share ---- */

int
edi_qualifier_is(const struct edi_segment *s, const char *q)
{
	const char *v = edi_get(s, 1, 0);

	return v != NULL && strcmp(v, q) == 0;
}

int
edi_seg_err(struct vb_error *err, enum vb_errcode code,
    const struct edi_segment *s, const char *what, const char *value)
{
	return vb_err_at(err, code, s->offset, s->tag, s->number,
	    "%s %s: %s", s->tag, what, value != NULL ? value : "(empty)");
}

int
edi_warn(struct model *m, struct vb_error *err, long offset,
    const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(buf, sizeof(buf), fmt, ap);	/* a cut warning still helps */
	va_end(ap);
	if (model_warn(m, offset, "%s", buf) == -1)
		return vb_err(err, VB_ENOMEM, "out of memory");
	return 0;
}

int
edi_set(struct model *m, struct vb_error *err, char **dst, const char *v)
{
	if (model_set(m, dst, v) == -1)
		return vb_err(err, VB_ENOMEM, "out of memory");
	return 0;
}

/* ---- message by message ---- */

#define WALK_REF_MAX	64

/* A message lost in the first pass, skipped in the second. */
struct walk_lost {
	long unh;
	int has_ref;
	char ref[WALK_REF_MAX];
	struct vb_error why;
};

struct walk {
	const struct edi_walker *w;
	int pass;
	struct walk_lost *lost;		/* messages lost in pass 1 */
	size_t nlost, lostsz;
	struct vb_error first;		/* the first loss of pass 1 */
	int nfirst;
	int kept;			/* messages read whole */
	int stray;			/* the last segment was outside a message */
	/* The open message. */
	int inmsg, skipping;
	long unh;
	int has_ref;
	char ref[WALK_REF_MAX];
	int nseg;			/* UNH to here, as UNT counts */
	int nbroken;			/* segments with line breaks inside */
	long broken_off;
	char broken_tag[EDI_TAG_MAX];
	int broken_no;
	/* The interchange. */
	long unb;			/* an open UNB's offset, or -1 */
	char last_tag[EDI_TAG_MAX];
	int last_no;
};

static int
walk_nomem(struct vb_error *err)
{
	return vb_err(err, VB_ENOMEM, "out of memory");
}

static const char *
walk_ref(const struct walk *k)
{
	return k->has_ref ? k->ref : NULL;
}

/* A message left out, for the ack. */
static int
walk_lost_record(const struct walk *k, const char *ref,
    const struct vb_error *why)
{
	return model_add_error(k->w->model, ref, why->offset,
	    why->segment[0] != '\0' ? why->segment : NULL, why->segment_no,
	    why->message);
}

/* Reports a loss; in pass 1 a lost message is remembered for pass 2. */
static int
walk_lose(struct walk *k, int message, const struct vb_error *why,
    struct vb_error *err)
{
	if (why->code == VB_ENOMEM)
		return walk_nomem(err);
	if (k->pass == 1 && k->nfirst++ == 0)
		k->first = *why;
	if (k->pass == 1 && message) {
		struct walk_lost *l;

		if (k->nlost == k->lostsz) {
			size_t sz = k->lostsz == 0 ? 8 : k->lostsz * 2;

			if ((l = reallocarray(k->lost, sz, sizeof(*l))) == NULL)
				return walk_nomem(err);
			k->lost = l;
			k->lostsz = sz;
		}
		l = &k->lost[k->nlost++];
		l->unh = k->unh;
		l->has_ref = k->has_ref;
		memcpy(l->ref, k->ref, sizeof(l->ref));
		l->why = *why;
	}
	if (message)
		k->skipping = 1;
	if (walk_lost_record(k, message ? walk_ref(k) : NULL, why) == -1)
		return walk_nomem(err);
	return 0;
}

/* The open message is lost, for the reason in why. */
static int
walk_lose_open(struct walk *k, const struct vb_error *why,
    struct vb_error *err)
{
	return walk_lose(k, 1, why, err);
}

static const struct walk_lost *
walk_known_lost(const struct walk *k, long unh)
{
	for (size_t i = 0; i < k->nlost; i++)
		if (k->lost[i].unh == unh)
			return &k->lost[i];
	return NULL;
}

static void
walk_note_breaks(struct walk *k, const struct edi_segment *s)
{
	if (s->breaks == 0 || k->nbroken++ > 0)
		return;
	k->broken_off = s->offset;
	strlcpy(k->broken_tag, s->tag, sizeof(k->broken_tag));
	k->broken_no = s->number;
}

static int
walk_unh(struct walk *k, const struct edi_segment *s, struct vb_error *err)
{
	const struct walk_lost *l;
	const char *ref = edi_get(s, 1, 0);
	struct vb_error why;

	if (k->inmsg && !k->skipping) {
		vb_err_at(&why, VB_ESYNTAX, s->offset, s->tag, s->number,
		    "UNH before the UNT of message %s",
		    k->has_ref ? k->ref : "");
		if (walk_lose_open(k, &why, err) == -1)
			return -1;
	}
	k->inmsg = 1;
	k->skipping = 0;
	k->stray = 0;
	k->unh = s->offset;
	k->has_ref = ref != NULL;
	strlcpy(k->ref, ref != NULL ? ref : "", sizeof(k->ref));
	k->nseg = 1;
	k->nbroken = 0;
	walk_note_breaks(k, s);
	if (k->pass == 2 && (l = walk_known_lost(k, s->offset)) != NULL) {
		k->skipping = 1;
		if (walk_lost_record(k, walk_ref(k), &l->why) == -1)
			return walk_nomem(err);
		return 0;
	}
	vb_err_clear(&why);
	if (k->w->begin(k->w->arg, s, &why) == -1)
		return walk_lose_open(k, &why, err);
	return 0;
}

/* Counts that disagree and line breaks: the message is still what was sent. */
static int
walk_unt_checks(struct walk *k, const struct edi_segment *s,
    struct vb_error *err)
{
	const char *n = edi_get(s, 1, 0), *ref = edi_get(s, 2, 0);
	const char *mine = walk_ref(k);

	if (n == NULL || strtonum(n, 0, 10000000, NULL) != k->nseg)
		if (edi_warn(k->w->model, err, s->offset, "UNT says %s"
		    " segments, message %s has %d", n != NULL ? n : "(none)",
		    mine != NULL ? mine : "", k->nseg) == -1)
			return -1;
	if ((ref == NULL) != (mine == NULL) ||
	    (ref != NULL && strcmp(ref, mine) != 0))
		if (edi_warn(k->w->model, err, s->offset, "UNT reference %s"
		    " differs from UNH reference %s",
		    ref != NULL ? ref : "(none)",
		    mine != NULL ? mine : "(none)") == -1)
			return -1;
	if (k->nbroken == 1)
		return edi_warn(k->w->model, err, k->broken_off, "line break"
		    " inside %s (segment %d) dropped", k->broken_tag,
		    k->broken_no);
	if (k->nbroken > 1)
		return edi_warn(k->w->model, err, k->broken_off, "line breaks"
		    " inside %d segments of message %s dropped, the first in %s"
		    " (segment %d)", k->nbroken, mine != NULL ? mine : "",
		    k->broken_tag, k->broken_no);
	return 0;
}

static int
walk_unt(struct walk *k, const struct edi_segment *s, struct vb_error *err)
{
	struct vb_error why;

	if (walk_unt_checks(k, s, err) == -1)
		return -1;
	vb_err_clear(&why);
	if (k->w->end(k->w->arg, s, &why) == -1) {
		int rc = walk_lose_open(k, &why, err);

		/* Lost or not, it ended at its UNT: a UNZ after it is the envelope's. */
		k->inmsg = k->skipping = 0;
		return rc;
	}
	k->kept++;
	k->inmsg = 0;
	return 0;
}

/* A segment outside any message: the envelope, or one whose UNH is missing. */
static int
walk_outside(struct walk *k, const struct edi_segment *s, struct vb_error *err)
{
	struct vb_error why;
	int was_stray = k->stray;

	k->stray = 0;
	if (s->breaks > 0 && edi_warn(k->w->model, err, s->offset, "line break"
	    " inside %s (segment %d) dropped", s->tag, s->number) == -1)
		return -1;
	vb_err_clear(&why);
	if (s->tag[0] != 'U' || s->tag[1] != 'N') {
		k->stray = 1;
		if (was_stray)
			return 0;	/* one report for a run of them */
		vb_err_at(&why, VB_ESYNTAX, s->offset, s->tag, s->number,
		    "%s outside a message: UNH missing", s->tag);
		return walk_lose(k, 0, &why, err);
	}
	if (edi_is(s, "UNB"))
		k->unb = s->offset;
	else if (edi_is(s, "UNZ"))
		k->unb = -1;
	if (k->w->envelope(k->w->arg, s, &why) == -1)
		return walk_lose(k, 0, &why, err);
	return 0;
}

static int
walk_segment(struct walk *k, const struct edi_segment *s, struct vb_error *err)
{
	struct vb_error why;

	if (edi_is(s, "UNH"))
		return walk_unh(k, s, err);
	if (!k->inmsg)
		return walk_outside(k, s, err);
	k->nseg++;
	if (k->skipping) {
		if (edi_is(s, "UNT"))
			k->inmsg = k->skipping = 0;
		return 0;
	}
	walk_note_breaks(k, s);
	if (edi_is(s, "UNT"))
		return walk_unt(k, s, err);
	vb_err_clear(&why);
	if (k->w->segment(k->w->arg, s, &why) == -1)
		return walk_lose_open(k, &why, err);
	return 0;
}

/*
 * A final segment the input ends inside: the message it is in is cut
 * short, but a UNT, UNE or UNZ without its terminator loses nothing.
 */
static int
walk_unterminated(struct walk *k, const struct edi_segment *s,
    struct vb_error *err)
{
	struct vb_error why;
	int unh = edi_is(s, "UNH");
	int cuts = unh || (k->inmsg && !k->skipping && !edi_is(s, "UNT"));

	if (!cuts && !(k->inmsg && k->skipping) && edi_warn(k->w->model, err,
	    s->offset, "%s (segment %d) ends without its terminator", s->tag,
	    s->number) == -1)
		return -1;
	if ((!cuts || unh) && walk_segment(k, s, err) == -1)
		return -1;
	if (!cuts || !k->inmsg || k->skipping)
		return 0;
	vb_err_at(&why, VB_ESYNTAX, s->offset, s->tag, s->number,
	    "unterminated final segment %s (truncated input?)", s->tag);
	return walk_lose_open(k, &why, err);
}

/* The end of the input: a message still open was cut short. */
static int
walk_finish(struct walk *k, const struct edi_reader *r, size_t len,
    struct vb_error *err)
{
	struct vb_error why;

	if (k->inmsg && !k->skipping) {
		vb_err_at(&why, VB_ESYNTAX, (long)len, k->last_tag, k->last_no,
		    "message %s (UNH at offset %ld) has no UNT: input"
		    " truncated?", k->has_ref ? k->ref : "", k->unh);
		if (walk_lose_open(k, &why, err) == -1)
			return -1;
	}
	if (k->unb >= 0 && edi_warn(k->w->model, err, k->unb, "interchange"
	    " (UNB at offset %ld) has no UNZ", k->unb) == -1)
		return -1;
	if (r->trailing >= 0 && edi_warn(k->w->model, err, r->trailing,
	    "%ld bytes after %s ignored", (long)len - r->trailing,
	    k->last_tag[0] != '\0' ? k->last_tag : "the interchange") == -1)
		return -1;
	return 0;
}

/* One pass over the input: -1 only when reading cannot go on (err). */
static int
walk_pass(struct walk *k, const char *buf, size_t len, struct vb_error *err)
{
	struct edi_reader r;
	const struct edi_segment *s;
	struct vb_error why;
	int rc = -1, more;

	k->kept = k->stray = k->inmsg = k->skipping = 0;
	k->unb = -1;
	k->last_tag[0] = '\0';
	k->last_no = 0;
	if (edi_reader_init(&r, buf, len, err) == -1)
		goto done;
	r.keep_unterminated = 1;
	if (r.bad_una >= 0 && edi_warn(k->w->model, err, r.bad_una, "UNA cut"
	    " short by a line break: the default service characters apply")
	    == -1)
		goto done;
	while ((more = edi_next(&r, &s, &why)) != 0) {
		if (more == -1) {
			/* A bad tag, or garbage at the end: what it was in is lost. */
			if (k->inmsg && k->skipping)
				continue;
			if (walk_lose(k, k->inmsg, &why, err) == -1)
				goto done;
			continue;
		}
		strlcpy(k->last_tag, s->tag, sizeof(k->last_tag));
		k->last_no = s->number;
		if ((s->unterminated ? walk_unterminated(k, s, err) :
		    walk_segment(k, s, err)) == -1)
			goto done;
	}
	rc = walk_finish(k, &r, len, err);
done:
	edi_reader_free(&r);
	return rc;
}

/* ---- character sets ---- */

static int
utf8_valid(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned char c = s[i];
		size_t need = c < 0x80 ? 0 : (c & 0xe0) == 0xc0 ? 1 :
		    (c & 0xf0) == 0xe0 ? 2 : (c & 0xf8) == 0xf0 ? 3 : 4;

		if (need == 4 || (need == 1 && c < 0xc2) ||
		    (need > 0 && i + need >= n))
			return 0;
		for (size_t k = 1; k <= need; k++)
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
		i += need + 1;
	}
	return 1;
}

static int
ascii_only(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] >= 0x80)
			return 0;
	return 1;
}

/* The syntax identifier of the interchange's UNB (UNOA, UNOC, UNOW...), or "". */
static void
syntax_id(const char *buf, size_t len, char *out, size_t outsz)
{
	struct edi_reader r;
	const struct edi_segment *seg;
	struct vb_error err;
	const char *v;

	out[0] = '\0';
	if (edi_reader_init(&r, buf, len, &err) == 0 &&
	    edi_next(&r, &seg, &err) == 1 && edi_is(seg, "UNB") &&
	    (v = edi_get(seg, 1, 0)) != NULL)
		strlcpy(out, v, outsz);
	edi_reader_free(&r);
}

/*
 * 0x80..0x9F, which ISO 8859-1 leaves to C1 control characters: what
 * Windows-1252 puts there (letters such as Š Ž Œ, punctuation such as the
 * typographic apostrophe), and for the five bytes it leaves undefined the
 * Mac Roman letter (Å ç è ê ù), so that no byte of a name becomes a
 * control character that would split it.
 */
static const uint16_t cp1252_c1[32] = {
	0x20AC, 0x00C5, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x00E7, 0x017D, 0x00E8,
	0x00EA, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x00F9, 0x017E, 0x0178,
};

/*
 * 8-bit text as UTF-8: ISO 8859-1 (UNOC) for 0xA0..0xFF, every byte the
 * code point of its value, and Windows-1252 for 0x80..0x9F (cp1252_c1).
 * The other ISO 8859 parts (UNOD and on) are read so too, which keeps their
 * ASCII letters and marks the rest: better a name with a wrong letter than
 * no name; the warning says so. *c1 counts the bytes in 0x80..0x9F.
 */
static char *
latin1_to_utf8(const char *in, size_t len, size_t *outlen, size_t *c1)
{
	char *out = malloc(len * 3 + 1), *p = out;

	*c1 = 0;
	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		unsigned c = (unsigned char)in[i];

		if (c >= 0x80 && c < 0xa0) {
			c = cp1252_c1[c - 0x80];
			(*c1)++;
		}
		if (c < 0x80)
			*p++ = (char)c;
		else if (c < 0x800) {
			*p++ = (char)(0xc0 | c >> 6);
			*p++ = (char)(0x80 | (c & 0x3f));
		} else {
			*p++ = (char)(0xe0 | c >> 12);
			*p++ = (char)(0x80 | (c >> 6 & 0x3f));
			*p++ = (char)(0x80 | (c & 0x3f));
		}
	}
	*p = '\0';
	*outlen = (size_t)(p - out);
	return out;
}

/*
 * Makes the interchange UTF-8, as the model holds text. What the UNB
 * declares is believed only when the bytes agree: real files declare
 * UNOA and send accented letters, or declare UNOC (Latin-1) and send
 * UTF-8. *conv is a new buffer when the bytes were transcoded; note says
 * what was done (for a warning), or stays empty.
 */
static int
charset(const char *buf, size_t len, char **conv, size_t *convlen,
    char *note, size_t notesz, struct vb_error *err)
{
	char id[8];
	size_t c1;

	*conv = NULL;
	note[0] = '\0';
	if (ascii_only((const unsigned char *)buf, len))
		return 0;
	syntax_id(buf, len, id, sizeof(id));
	if (utf8_valid((const unsigned char *)buf, len)) {
		if (strcmp(id, "UNOW") != 0 && strcmp(id, "UNOY") != 0)
			(void)snprintf(note, notesz, "the interchange declares %s"
			    " but its bytes are UTF-8: read as UTF-8",
			    id[0] != '\0' ? id : "no character set");
		return 0;
	}
	if ((*conv = latin1_to_utf8(buf, len, convlen, &c1)) == NULL)
		return vb_err(err, VB_ENOMEM, "out of memory");
	if (strcmp(id, "UNOC") != 0 || c1 > 0)
		(void)snprintf(note, notesz, "the interchange declares %s and its"
		    " bytes are not UTF-8: read as %s",
		    id[0] != '\0' ? id : "no character set", c1 > 0 ?
		    "Windows-1252 (ISO 8859-1 with letters for 0x80 to 0x9F)" :
		    "ISO 8859-1 (UNOC)");
	return 0;
}

/* ---- a UNA that is not what follows ---- */

/* The UTF-8 character at p: its length, and its code point or -1 when it is none. */
static size_t
utf8_char(const unsigned char *p, size_t n, long *cp)
{
	size_t need = p[0] < 0x80 ? 0 : (p[0] & 0xe0) == 0xc0 ? 1 :
	    (p[0] & 0xf0) == 0xe0 ? 2 : (p[0] & 0xf8) == 0xf0 ? 3 : 4;
	long v = need == 0 ? p[0] : need == 1 ? p[0] & 0x1f : need == 2 ?
	    p[0] & 0x0f : p[0] & 0x07;

	*cp = -1;
	if (need == 4 || need >= n)
		return 1;
	for (size_t i = 1; i <= need; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 1;
		v = v << 6 | (p[i] & 0x3f);
	}
	*cp = v;
	return need + 1;
}

/* Characters an editor puts where a service character was meant. */
static const struct {
	long cp;
	const char *name;
} lookalikes[] = {
	{0x00A0, "a no-break space"}, {0x00B4, "an acute accent"},
	{0x02BC, "a modifier letter apostrophe"},
	{0x2018, "a typographic opening quote"},
	{0x2019, "a typographic apostrophe"},
	{0x201C, "a typographic quotation mark"},
	{0x201D, "a typographic quotation mark"}, {0x2032, "a prime"},
	{0xFF07, "a full-width apostrophe"},
};

/* The character at p (n bytes on) for a message, e.g. "’ (U+2019, a typographic apostrophe)". */
static size_t
describe_char(const char *p, size_t n, char *out, size_t outsz)
{
	long cp;
	size_t len = utf8_char((const unsigned char *)p, n, &cp);
	const char *name = NULL;

	for (size_t i = 0; i < sizeof(lookalikes) / sizeof(lookalikes[0]); i++)
		if (lookalikes[i].cp == cp)
			name = lookalikes[i].name;
	if (cp == ' ')
		(void)snprintf(out, outsz, "a space");
	else if (cp < 0 || cp < 0x20 || cp == 0x7f)
		(void)snprintf(out, outsz, "byte 0x%02X", (unsigned char)*p);
	else if (cp < 0x80)
		(void)snprintf(out, outsz, "%c", (char)cp);
	else
		(void)snprintf(out, outsz, "%.*s (U+%04lX%s%s)", (int)len, p, cp,
		    name != NULL ? ", " : "", name != NULL ? name : "");
	return len;
}

/*
 * Why nothing of an interchange could be read, when its first segments
 * say so: a UNA holding a character that cannot be a service character
 * (seen: a typographic apostrophe for the terminator, put there by an
 * editor), or service characters, the UNA's or the defaults, other than
 * those the segments use (seen: segments ending with ’ under a UNA that
 * declares '). Looks at UNA, the UNB and the start of what follows it.
 * 1 with err saying which character is declared and which is used, else 0.
 */
static int
una_mismatch(const char *buf, size_t len, struct vb_error *err)
{
	static const char *const role[6] = {"component separator",
	    "element separator", "decimal mark", "release character",
	    "reserved character", "segment terminator"};
	size_t pos = skip_blank(buf, len, 0), at, end, n, i;
	struct edi_service sv = edi_default;
	char got[64], want[64], c[6];
	const char *what;
	int una = 0;
	long cp;

	if (starts_with(buf, len, pos, "UNA")) {
		una = 1;
		for (at = pos + 3, i = 0; i < 6 && at < len; i++) {
			if (buf[at] == '\r' || buf[at] == '\n')
				return 0;	/* cut short: read_una's warning */
			n = utf8_char((const unsigned char *)buf + at, len - at,
			    &cp);
			if (n > 1 || cp < 0) {
				(void)describe_char(buf + at, len - at, got,
				    sizeof(got));
				vb_err_at(err, VB_ESYNTAX, (long)at, "UNA", 0,
				    "the UNA declares %s as its %s: a service"
				    " character is one ASCII character", got,
				    role[i]);
				return 1;
			}
			c[i] = buf[at];
			at += n;
		}
		if (i < 6)
			return 0;
		sv = (struct edi_service){c[0], c[1], c[2], c[3] == ' ' ? '\0' :
		    c[3], c[4], c[5]};
		pos = skip_blank(buf, len, at);
	}
	if (!starts_with(buf, len, pos, "UNB"))
		return 0;
	/* UNB, spaces allowed, then its element separator. */
	for (at = pos + 3; at < len && buf[at] == ' '; at++)
		;
	if (at == len || is_alnum(buf[at]))
		return 0;
	if (buf[at] != sv.element && buf[at] != sv.terminator) {
		what = role[1];
		(void)describe_char(&sv.element, 1, want, sizeof(want));
		goto mismatch;
	}
	/* What ends UNB: what stands before the UNG or UNH after it. */
	end = len - pos < 4096 ? len : pos + 4096;
	what = role[5];
	(void)describe_char(&sv.terminator, 1, want, sizeof(want));
	for (at = pos + 3; at + 3 < end; at++) {
		if ((memcmp(buf + at, "UNH", 3) != 0 &&
		    memcmp(buf + at, "UNG", 3) != 0) || is_alnum(buf[at + 3]))
			continue;
		n = at;
		while (n > pos && is_blank(buf[n - 1]))
			n--;
		while (n > pos && ((unsigned char)buf[n - 1] & 0xc0) == 0x80)
			n--;	/* back to the start of a UTF-8 character */
		if (n == pos || is_alnum(buf[n - 1]) ||
		    buf[n - 1] == sv.element || buf[n - 1] == sv.component)
			continue;	/* inside a value, as in "+UNH+" */
		if (buf[n - 1] == sv.terminator)
			return 0;
		at = n - 1;
		goto mismatch;
	}
	return 0;
mismatch:
	(void)describe_char(buf + at, len - at, got, sizeof(got));
	if (una)
		vb_err_at(err, VB_ESYNTAX, (long)at, "UNB", 1, "the UNA declares"
		    " %s as %s, but %s %s", want, what, what == role[1] ?
		    "UNB is followed by" : "segments end with", got);
	else
		vb_err_at(err, VB_ESYNTAX, (long)at, "UNB", 1, "without a UNA"
		    " the %s is %s, but %s %s", what, want, what == role[1] ?
		    "UNB is followed by" : "segments end with", got);
	return 1;
}

int
edi_walk(const char *buf, size_t len, const struct edi_walker *w,
    struct vb_error *err)
{
	struct walk k;
	char *conv, note[160];
	size_t convlen;
	int rc = -1;

	if (charset(buf, len, &conv, &convlen, note, sizeof(note), err) == -1)
		return -1;
	if (conv != NULL) {
		/* Offsets from here on are in the UTF-8 text, a little past the file's. */
		buf = conv;
		len = convlen;
	}
	memset(&k, 0, sizeof(k));
	k.w = w;
	k.pass = 1;
	if (walk_pass(&k, buf, len, err) == -1)
		goto done;
	if (k.kept == 0) {
		if (una_mismatch(buf, len, err)) {
			/* What was read with the wrong characters is noise. */
			if (model_reset(w->model) == -1)
				walk_nomem(err);
		} else if (k.nfirst > 0) {
			if (err != NULL)
				*err = k.first;
		} else
			vb_err_at(err, VB_ESYNTAX, 0, "", 0,
			    "no message (UNH) in the interchange");
		goto done;
	}
	/* Lost messages left parts of them behind: read again without them. */
	if (k.nlost > 0) {
		k.pass = 2;
		if (model_reset(w->model) == -1) {
			walk_nomem(err);
			goto done;
		}
		w->reset(w->arg);
		if (walk_pass(&k, buf, len, err) == -1)
			goto done;
	}
	if (note[0] != '\0' && model_warn(w->model, -1, "%s", note) == -1) {
		walk_nomem(err);
		goto done;
	}
	rc = 0;
done:
	free(k.lost);
	free(conv);
	return rc;
}
