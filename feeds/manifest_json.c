/*
 * The vborder JSON manifest (docs/json-manifest.md): the content of a
 * PAXLST for carriers without EDIFACT. Either one manifest's fields at the
 * top, or several under "manifests"; "format": "vborder-manifest/1" marks
 * the file.
 *
 * Each manifest is read twice: once to check it, touching nothing, then
 * to fill the model. A manifest that fails the check is left out whole,
 * with a model_add_error, as a bad message of an EDIFACT interchange is,
 * and a model never holds half a manifest. Errors name the JSON path
 * ("manifests[0].people[3].birth_date: ..."); jansson gives no positions
 * for values, only for syntax errors.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "norm/norm.h"
#include "feed.h"

#define JM_MARKER	"vborder-manifest/"
#define JM_VERSION	"1"
#define JM_HEAD		4096	/* detect looks this far for the marker */
#define JM_PATH		128	/* our keys and indexes fit easily */

struct jm {
	struct model *m;
	struct vb_error *err;
	int fill;	/* 0: check only, the model is left alone */
	const char *carrier;	/* the manifest's, for legs without their own */
};

enum jm_kind {
	J_TEXT,		/* any non-empty string, as sent */
	J_DATE,		/* YYYY-MM-DD */
	J_TIME,		/* YYYY-MM-DDTHH:MM, local at the port */
	J_GENDER,	/* M, F, X or U */
};

/* A string member of an object and the char * of the model it fills. */
struct jm_field {
	const char *key;
	enum jm_kind kind;
	int required;
	size_t at;	/* offsetof the char * in the model's struct */
};

static const struct jm_field manifest_fields[] = {
	{"reference", J_TEXT, 0, offsetof(struct manifest, message_ref)},
};

static const struct jm_field leg_fields[] = {
	{"carrier", J_TEXT, 0, offsetof(struct leg, carrier)},
	{"transport_id", J_TEXT, 1, offsetof(struct leg, transport_id)},
	{"departure_port", J_TEXT, 1, offsetof(struct leg, departure_port)},
	{"departure_local", J_TIME, 1, offsetof(struct leg, departure_local)},
	{"arrival_port", J_TEXT, 1, offsetof(struct leg, arrival_port)},
	{"arrival_local", J_TIME, 1, offsetof(struct leg, arrival_local)},
};

static const struct jm_field person_fields[] = {
	{"surname", J_TEXT, 1, offsetof(struct person, surname)},
	{"birth_date", J_DATE, 0, offsetof(struct person, birth_date)},
	{"gender", J_GENDER, 0, offsetof(struct person, gender)},
	{"nationality", J_TEXT, 0, offsetof(struct person, nationality)},
	{"residence", J_TEXT, 0, offsetof(struct person, residence)},
	{"birth_place", J_TEXT, 0, offsetof(struct person, birth_place)},
	{"embark_port", J_TEXT, 0, offsetof(struct person, embark)},
	{"debark_port", J_TEXT, 0, offsetof(struct person, debark)},
	{"transit_port", J_TEXT, 0, offsetof(struct person, transit)},
	{"booking_ref", J_TEXT, 0, offsetof(struct person, booking_ref)},
};

static const struct jm_field document_fields[] = {
	{"type", J_TEXT, 1, offsetof(struct document, type)},
	{"number", J_TEXT, 1, offsetof(struct document, number)},
	{"country", J_TEXT, 0, offsetof(struct document, country)},
	{"expiry", J_DATE, 0, offsetof(struct document, expiry)},
};

#define NFIELDS(f)	(sizeof(f) / sizeof((f)[0]))

/* Members read by hand rather than through a field table. */
static const char *const top_keys[] = {"format", "sender", NULL};
static const char *const wrapper_keys[] = {"reference", "manifests", NULL};
static const char *const manifest_keys[] = {"list", "action", "carrier",
    "legs", "people", NULL};
static const char *const leg_keys[] = {"reporting", NULL};
static const char *const person_keys[] = {"role", "given_names", "documents",
    NULL};

static const char *const list_names[] = {"passengers", "crew", NULL};
static const char *const role_names[] = {"passenger", "crew", NULL};
static const char *const action_names[] = {"replace", "change", "cancel", NULL};

/* ---- paths and errors ---- */

/* parent.key, or key at the top; -1 if it does not fit (it always should). */
static int
jm_path(char out[JM_PATH], const char *parent, const char *key)
{
	int n = snprintf(out, JM_PATH, "%s%s%s", parent,
	    parent[0] != '\0' ? "." : "", key);

	return n < 0 || n >= JM_PATH ? -1 : 0;
}

/* parent.key[i] */
static int
jm_path_at(char out[JM_PATH], const char *parent, const char *key, size_t i)
{
	char base[JM_PATH];
	int n;

	if (jm_path(base, parent, key) == -1)
		return -1;
	n = snprintf(out, JM_PATH, "%s[%zu]", base, i);
	return n < 0 || n >= JM_PATH ? -1 : 0;
}

static int
jm_err(struct jm *x, enum vb_errcode code, const char *parent,
    const char *key, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* "parent.key: what"; the path also goes in err->segment, for the report. */
static int
jm_err(struct jm *x, enum vb_errcode code, const char *parent,
    const char *key, const char *fmt, ...)
{
	char path[JM_PATH], what[400];
	va_list ap;

	if (key == NULL)
		strlcpy(path, parent, sizeof(path));
	else if (jm_path(path, parent, key) == -1)
		return vb_err(x->err, VB_EINTERNAL, "JSON path too long");
	va_start(ap, fmt);
	(void)vsnprintf(what, sizeof(what), fmt, ap);	/* a cut value still helps */
	va_end(ap);
	return vb_err_at(x->err, code, -1, path, 0, "%s: %s",
	    path[0] != '\0' ? path : "(top)", what);
}

static int
jm_nomem(struct jm *x)
{
	return vb_err(x->err, VB_ENOMEM, "out of memory");
}

static const char *
jm_type(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER:
	case JSON_REAL: return "a number";
	case JSON_TRUE:
	case JSON_FALSE: return "a boolean";
	case JSON_NULL: return "null";
	}
	return "a value";
}

/* ---- values ---- */

/* "YYYY-MM-DD" at s, a day of the calendar. */
static int
jm_is_date(const char *s)
{
	int y, mon, d;

	if (strlen(s) < 10 || s[4] != '-' || s[7] != '-' ||
	    norm_digits(s, 4, &y) == -1 || norm_digits(s + 5, 2, &mon) == -1 ||
	    norm_digits(s + 8, 2, &d) == -1)
		return 0;
	return y > 0 && mon >= 1 && mon <= 12 && d >= 1 &&
	    d <= norm_days_in_month(y, mon);
}

static int
jm_is_time(const char *s)
{
	int h, min;

	if (strlen(s) != 16 || !jm_is_date(s) || s[10] != 'T' || s[13] != ':' ||
	    norm_digits(s + 11, 2, &h) == -1 || norm_digits(s + 14, 2, &min) == -1)
		return 0;
	return h <= 23 && min <= 59;
}

static int
jm_check(struct jm *x, const char *path, const struct jm_field *f,
    const char *s)
{
	switch (f->kind) {
	case J_TEXT:
		return 0;
	case J_DATE:
		if (strlen(s) == 10 && jm_is_date(s))
			return 0;
		return jm_err(x, VB_EINVALID, path, f->key,
		    "%s is not a date (YYYY-MM-DD)", s);
	case J_TIME:
		if (jm_is_time(s))
			return 0;
		return jm_err(x, VB_EINVALID, path, f->key,
		    "%s is not a local time (YYYY-MM-DDTHH:MM)", s);
	case J_GENDER:
		if (strlen(s) == 1 && strchr("MFXU", s[0]) != NULL)
			return 0;
		return jm_err(x, VB_EINVALID, path, f->key,
		    "%s is not a gender (M, F, X or U)", s);
	}
	return 0;
}

/*
 * The string member key of obj into *out; NULL when absent, null or "",
 * which a required member may not be.
 */
static int
jm_string(struct jm *x, const json_t *obj, const char *path, const char *key,
    int required, const char **out)
{
	const json_t *v = json_object_get(obj, key);

	*out = NULL;
	if (v != NULL && !json_is_null(v) && !json_is_string(v))
		return jm_err(x, VB_EINVALID, path, key,
		    "expected a string, not %s", jm_type(v));
	if (v != NULL && json_is_string(v) && json_string_length(v) > 0)
		*out = json_string_value(v);
	else if (required)
		return jm_err(x, VB_EINVALID, path, key, "required%s",
		    v != NULL ? ", and empty here" : "");
	return 0;
}

/* Copies s into *dst when filling; the check pass writes nothing. */
static int
jm_set(struct jm *x, char **dst, const char *s)
{
	if (!x->fill)
		return 0;
	return model_set(x->m, dst, s) == -1 ? jm_nomem(x) : 0;
}

static int
jm_setn(struct jm *x, char **dst, const char *s, size_t n)
{
	if (!x->fill)
		return 0;
	if ((*dst = model_strndup(x->m, s, n)) == NULL)
		return jm_nomem(x);
	return 0;
}

/* Reads every field of a table from obj into the struct at dst. */
static int
jm_fields(struct jm *x, const json_t *obj, const char *path,
    const struct jm_field *f, size_t nf, void *dst)
{
	const char *s;

	for (size_t i = 0; i < nf; i++) {
		if (jm_string(x, obj, path, f[i].key, f[i].required, &s) == -1)
			return -1;
		if (s == NULL)
			continue;
		if (jm_check(x, path, &f[i], s) == -1 ||
		    jm_set(x, (char **)(void *)((char *)dst + f[i].at), s) == -1)
			return -1;
	}
	return 0;
}

/* One of names (absent or null: def) as its index in *out. */
static int
jm_enum(struct jm *x, const json_t *obj, const char *path, const char *key,
    const char *const *names, int def, int *out)
{
	const char *s;
	char list[128] = "";

	if (jm_string(x, obj, path, key, 0, &s) == -1)
		return -1;
	*out = def;
	if (s == NULL)
		return 0;
	for (int i = 0; names[i] != NULL; i++) {
		if (strcmp(s, names[i]) == 0) {
			*out = i;
			return 0;
		}
		(void)strlcat(list, i > 0 ? ", " : "", sizeof(list));
		(void)strlcat(list, names[i], sizeof(list));	/* ours: fits */
	}
	return jm_err(x, VB_EINVALID, path, key, "%s is not one of %s", s, list);
}

/* The array member key of obj, at least min long. */
static int
jm_array(struct jm *x, const json_t *obj, const char *path, const char *key,
    size_t min, const json_t **out)
{
	const json_t *v = json_object_get(obj, key);

	*out = v;
	if (v == NULL || json_is_null(v))
		return min > 0 ? jm_err(x, VB_EINVALID, path, key, "required") : 0;
	if (!json_is_array(v))
		return jm_err(x, VB_EINVALID, path, key,
		    "expected an array, not %s", jm_type(v));
	if (json_array_size(v) < min)
		return jm_err(x, VB_EINVALID, path, key, "empty");
	return 0;
}

static int
jm_object(struct jm *x, const json_t *v, const char *path)
{
	if (json_is_object(v))
		return 0;
	return jm_err(x, VB_EINVALID, path, NULL, "expected an object, not %s",
	    jm_type(v));
}

static int
jm_known(const char *key, const struct jm_field *f, size_t nf,
    const char *const *a, const char *const *b)
{
	for (size_t i = 0; i < nf; i++)
		if (strcmp(key, f[i].key) == 0)
			return 1;
	for (; a != NULL && *a != NULL; a++)
		if (strcmp(key, *a) == 0)
			return 1;
	for (; b != NULL && *b != NULL; b++)
		if (strcmp(key, *b) == 0)
			return 1;
	return 0;
}

/*
 * Members we do not know are left for a later version of the format to
 * mean something: a warning, not an error. Said once, while filling.
 */
static int
jm_unknown(struct jm *x, const json_t *obj, const char *path,
    const struct jm_field *f, size_t nf, const char *const *a,
    const char *const *b)
{
	const char *key;
	json_t *v;

	if (!x->fill)
		return 0;
	/* jansson's iteration takes a json_t *, though it changes nothing. */
	json_object_foreach((json_t *)obj, key, v) {
		if (jm_known(key, f, nf, a, b))
			continue;
		if (model_warn(x->m, -1, "%s%s%s: unknown field, ignored", path,
		    path[0] != '\0' ? "." : "", key) == -1)
			return jm_nomem(x);
	}
	return 0;
}

/* ---- objects ---- */

static int
jm_leg(struct jm *x, const json_t *obj, const char *path,
    struct manifest *mf)
{
	struct leg scratch, *l = &scratch;
	const json_t *rep;
	const char *own;

	if (jm_object(x, obj, path) == -1)
		return -1;
	memset(&scratch, 0, sizeof(scratch));
	if (x->fill && (l = model_add_leg(x->m, mf)) == NULL)
		return jm_nomem(x);
	if (jm_fields(x, obj, path, leg_fields, NFIELDS(leg_fields), l) == -1)
		return -1;
	/* A leg's own carrier (another airline's flight) wins over the manifest's. */
	if (jm_string(x, obj, path, "carrier", 0, &own) == -1)
		return -1;
	if (own == NULL && x->carrier == NULL)
		return jm_err(x, VB_EINVALID, path, "carrier", "required, here"
		    " or in the manifest");
	if (own == NULL && jm_set(x, &l->carrier, x->carrier) == -1)
		return -1;
	rep = json_object_get(obj, "reporting");
	if (rep != NULL && !json_is_boolean(rep) && !json_is_null(rep))
		return jm_err(x, VB_EINVALID, path, "reporting",
		    "expected true or false, not %s", jm_type(rep));
	l->reporting = rep != NULL && json_is_true(rep);
	return jm_unknown(x, obj, path, leg_fields, NFIELDS(leg_fields),
	    leg_keys, NULL);
}

/*
 * "given_names": the first as the model's given name, the rest as its
 * further ones, as PAXLST's C080 splits them.
 */
static int
jm_given(struct jm *x, const json_t *obj, const char *path, struct person *p)
{
	const char *s, *e, *end;

	if (jm_string(x, obj, path, "given_names", 0, &s) == -1)
		return -1;
	if (s == NULL)
		return 0;
	s += strspn(s, " ");
	for (end = s + strlen(s); end > s && end[-1] == ' '; end--)
		;
	e = s + strcspn(s, " ");
	if (e > end)
		e = end;
	if (e > s && jm_setn(x, &p->given, s, (size_t)(e - s)) == -1)
		return -1;
	e += strspn(e, " ");
	if (e >= end)
		return 0;
	return jm_setn(x, &p->middle, e, (size_t)(end - e));
}

static int
jm_document(struct jm *x, const json_t *obj, const char *path,
    struct person *p)
{
	struct document scratch, *d = &scratch;

	if (jm_object(x, obj, path) == -1)
		return -1;
	memset(&scratch, 0, sizeof(scratch));
	if (x->fill && (d = model_add_document(x->m, p)) == NULL)
		return jm_nomem(x);
	if (jm_fields(x, obj, path, document_fields,
	    NFIELDS(document_fields), d) == -1)
		return -1;
	return jm_unknown(x, obj, path, document_fields,
	    NFIELDS(document_fields), NULL, NULL);
}

static int
jm_person(struct jm *x, const json_t *obj, const char *path,
    struct manifest *mf)
{
	struct person scratch, *p = &scratch;
	const json_t *docs;
	char at[JM_PATH];
	int role;

	if (jm_object(x, obj, path) == -1)
		return -1;
	memset(&scratch, 0, sizeof(scratch));
	if (x->fill && (p = model_add_person(x->m, mf)) == NULL)
		return jm_nomem(x);
	if (jm_enum(x, obj, path, "role", role_names, (int)mf->role, &role) == -1)
		return -1;
	p->role = role == 1 ? ROLE_CREW : ROLE_PASSENGER;
	if (jm_fields(x, obj, path, person_fields, NFIELDS(person_fields),
	    p) == -1 || jm_given(x, obj, path, p) == -1 ||
	    jm_array(x, obj, path, "documents", 0, &docs) == -1)
		return -1;
	for (size_t i = 0; docs != NULL && i < json_array_size(docs); i++) {
		if (jm_path_at(at, path, "documents", i) == -1)
			return vb_err(x->err, VB_EINTERNAL, "JSON path too long");
		if (jm_document(x, json_array_get(docs, i), at, p) == -1)
			return -1;
	}
	return jm_unknown(x, obj, path, person_fields, NFIELDS(person_fields),
	    person_keys, NULL);
}

/* Each element of the array path.key through fn. */
static int
jm_each(struct jm *x, const json_t *arr, const char *path, const char *key,
    struct manifest *mf,
    int (*fn)(struct jm *, const json_t *, const char *, struct manifest *))
{
	char at[JM_PATH];

	for (size_t i = 0; i < json_array_size(arr); i++) {
		if (jm_path_at(at, path, key, i) == -1)
			return vb_err(x->err, VB_EINTERNAL, "JSON path too long");
		if (fn(x, json_array_get(arr, i), at, mf) == -1)
			return -1;
	}
	return 0;
}

/* The manifest at path; extra: members of the top that may sit beside it. */
static int
jm_manifest(struct jm *x, const json_t *obj, const char *path,
    const char *const *extra)
{
	struct manifest scratch, *mf = &scratch;
	const json_t *legs, *people;
	int list, action;

	if (jm_object(x, obj, path) == -1)
		return -1;
	memset(&scratch, 0, sizeof(scratch));
	if (x->fill && (mf = model_add_manifest(x->m)) == NULL)
		return jm_nomem(x);
	if (jm_enum(x, obj, path, "list", list_names, 0, &list) == -1 ||
	    jm_enum(x, obj, path, "action", action_names, 0, &action) == -1 ||
	    jm_string(x, obj, path, "carrier", 0, &x->carrier) == -1 ||
	    jm_array(x, obj, path, "legs", 1, &legs) == -1 ||
	    jm_array(x, obj, path, "people", 0, &people) == -1)
		return -1;
	if (people == NULL)
		return jm_err(x, VB_EINVALID, path, "people", "required (may"
		    " be empty)");
	mf->role = list == 1 ? ROLE_CREW : ROLE_PASSENGER;
	mf->action = action == 2 ? MANIFEST_CANCEL : action == 1 ?
	    MANIFEST_CHANGE : MANIFEST_REPLACE;
	mf->sender = x->m->sender;	/* both in the model's arena */
	if (jm_fields(x, obj, path, manifest_fields, NFIELDS(manifest_fields),
	    mf) == -1 || jm_set(x, &mf->format, "json") == -1 ||
	    jm_set(x, &mf->version, JM_VERSION) == -1 ||
	    jm_each(x, legs, path, "legs", mf, jm_leg) == -1 ||
	    jm_each(x, people, path, "people", mf, jm_person) == -1)
		return -1;
	return jm_unknown(x, obj, path, manifest_fields,
	    NFIELDS(manifest_fields), manifest_keys, extra);
}

/* Checks the manifest, then fills the model with it. */
static int
jm_take(struct jm *x, const json_t *obj, const char *path,
    const char *const *extra)
{
	x->fill = 0;
	if (jm_manifest(x, obj, path, extra) == -1)
		return -1;
	x->fill = 1;
	return jm_manifest(x, obj, path, extra);
}

/* The reference of a manifest left out, for the ack, when it has one. */
static const char *
jm_reference(const json_t *obj)
{
	const json_t *v = json_object_get(obj, "reference");

	return json_is_string(v) ? json_string_value(v) : NULL;
}

/*
 * "manifests": each one kept or left out on its own; all left out is the
 * first one's error.
 */
static int
jm_manifests(struct jm *x, const json_t *root)
{
	struct vb_error *outer = x->err, mine, first;
	const json_t *arr, *obj;
	char at[JM_PATH];

	if (jm_array(x, root, "", "manifests", 1, &arr) == -1)
		return -1;
	vb_err_clear(&first);
	x->err = &mine;
	for (size_t i = 0; i < json_array_size(arr); i++) {
		obj = json_array_get(arr, i);
		vb_err_clear(&mine);
		if (jm_path_at(at, "", "manifests", i) == -1) {
			vb_err(&mine, VB_EINTERNAL, "JSON path too long");
			goto fail;
		}
		if (jm_take(x, obj, at, NULL) == 0)
			continue;
		/* The check pass fails on content; the fill pass only on memory. */
		if (x->fill || mine.code == VB_EINTERNAL)
			goto fail;
		if (first.code == VB_EOK)
			first = mine;
		if (model_add_error(x->m, jm_reference(obj), mine.offset,
		    mine.segment, mine.segment_no, mine.message) == -1) {
			vb_err(&mine, VB_ENOMEM, "out of memory");
			goto fail;
		}
	}
	x->err = outer;
	if (x->m->nmanifests > 0)
		return 0;
	mine = first;
fail:
	x->err = outer;
	if (outer != NULL)
		*outer = mine;
	return -1;
}

/* "format": our marker, with a version this reads. */
static int
jm_format(struct jm *x, const json_t *root)
{
	const char *s;

	if (jm_string(x, root, "", "format", 0, &s) == -1)
		return -1;
	if (s == NULL || strncmp(s, JM_MARKER, strlen(JM_MARKER)) != 0)
		return jm_err(x, VB_EUNSUPPORTED, "", "format", "not a vborder"
		    " manifest (\"format\": \"%s\" missing)", JM_MARKER JM_VERSION);
	if (strcmp(s + strlen(JM_MARKER), JM_VERSION) != 0)
		return jm_err(x, VB_EUNSUPPORTED, "", "format", "%s is not a"
		    " version this reads (%s)", s, JM_MARKER JM_VERSION);
	return 0;
}

/* A manifest's own members beside "manifests" would be silently lost. */
static int
jm_wrapper(struct jm *x, const json_t *root)
{
	static const char *const own[] = {"legs", "people", "carrier", "list",
	    "action", NULL};
	const char *s;

	for (size_t i = 0; own[i] != NULL; i++)
		if (json_object_get(root, own[i]) != NULL)
			return jm_err(x, VB_EINVALID, "", own[i], "beside"
			    " manifests: put it in one of them");
	if (jm_string(x, root, "", "reference", 0, &s) == -1)
		return -1;
	x->fill = 1;
	if (jm_set(x, &x->m->interchange_ref, s) == -1 ||
	    jm_unknown(x, root, "", NULL, 0, top_keys, wrapper_keys) == -1)
		return -1;
	return jm_manifests(x, root);
}

static int
jm_root(struct jm *x, const json_t *root)
{
	const char *sender;

	if (jm_object(x, root, "") == -1 || jm_format(x, root) == -1 ||
	    jm_string(x, root, "", "sender", 0, &sender) == -1)
		return -1;
	x->fill = 1;
	if (jm_set(x, &x->m->sender, sender) == -1)
		return -1;
	if (json_object_get(root, "manifests") != NULL)
		return jm_wrapper(x, root);
	return jm_take(x, root, "", top_keys);
}

/* A UTF-8 byte order mark, which editors on Windows like to add. */
static size_t
jm_bom(const char *buf, size_t len)
{
	return len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
}

static int
jm_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int
feed_json_format(const char *buf, size_t len, const char *marker)
{
	static const char key[] = "\"format\"";
	size_t n = len < JM_HEAD ? len : JM_HEAD, i = jm_bom(buf, len), j;
	size_t mlen = strlen(marker);

	while (i < n && jm_space(buf[i]))
		i++;
	if (i == n || buf[i] != '{')
		return 0;
	for (; i + sizeof(key) - 1 <= n; i++) {
		if (memcmp(buf + i, key, sizeof(key) - 1) != 0)
			continue;
		for (j = i + sizeof(key) - 1; j < n && jm_space(buf[j]); j++)
			;
		if (j == n || buf[j++] != ':')
			continue;
		while (j < n && jm_space(buf[j]))
			j++;
		if (n - j >= mlen + 1 && buf[j] == '"' &&
		    memcmp(buf + j + 1, marker, mlen) == 0)
			return 1;
	}
	return 0;
}

/* The parser checks the version. */
static int
json_detect(const char *buf, size_t len)
{
	return feed_json_format(buf, len, JM_MARKER);
}

static int
json_parse(const char *buf, size_t len, const struct feed_ctx *ctx,
    struct model *out, struct vb_error *err)
{
	struct jm x = {out, err, 0, NULL};
	size_t skip = jm_bom(buf, len);
	json_error_t je;
	json_t *root;
	int rc;

	(void)ctx;	/* dates come with four-digit years */
	root = json_loadb(buf + skip, len - skip, JSON_REJECT_DUPLICATES, &je);
	if (root == NULL)
		return vb_err_at(err, VB_ESYNTAX, (long)skip + je.position, "",
		    je.line, "invalid JSON at line %d, column %d (offset %ld):"
		    " %s", je.line, je.column, (long)skip + je.position, je.text);
	rc = jm_root(&x, root);
	json_decref(root);
	return rc;
}

const struct feed_parser feed_json = {"json", json_detect, json_parse};
