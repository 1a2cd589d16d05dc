/*
 * IATA Cargo-XML 3.00 waybills, read with libxml2: XFWB, the air waybill
 * (root Waybill in namespace iata:waybill:1; TypeCode 740 direct, 741
 * master), and XFZB, the house waybill (root HouseWaybill in
 * iata:housewaybill:1; TypeCode 703). One message is one manifest holding
 * its waybill as a shipment, without legs: the shipment attaches to the
 * flight manifest that names its number.
 *
 *   MessageHeaderDocument    ID, TypeCode, VersionID, PurposeCode, SenderParty
 *   BusinessHeaderDocument   ID: the waybill's number
 *   MasterConsignment        totals, parties, origin and destination,
 *                            flights, goods (ApplicableRating/
 *                            IncludedMasterConsignmentItem)
 *     TransportContractDocument/ID   (XFZB) the master air waybill
 *     IncludedHouseConsignment       (XFZB) the house: its own totals,
 *                                    parties, IncludedHouseConsignmentItem
 *
 * Elements are matched on their local names, whatever prefixes the sender
 * binds (ns2:, rsm:, ram: or a default namespace); only the root's
 * namespace is checked. Unknown elements are ignored.
 *
 * The bytes are a stranger's: a DOCTYPE is refused as soon as the parser
 * meets it (Cargo-XML is schema-based and has none), so no entity is ever
 * declared, expanded or fetched (XXE, billion laughs). Besides, the network
 * is off (XML_PARSE_NONET), no DTD is loaded, entities would not be
 * substituted (no XML_PARSE_NOENT) and libxml2's limits on depth and text
 * size stay on (no XML_PARSE_HUGE). libxml2 reports its errors to us,
 * never to stderr.
 */
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "feed.h"

#define CX_HEAD		8192	/* detect looks this far for the root */
#define NS_WAYBILL	"iata:waybill:1"
#define NS_HOUSE	"iata:housewaybill:1"
#define CX_OPTIONS	(XML_PARSE_NONET | XML_PARSE_BIG_LINES)
#define MOVEMENT	"SpecifiedLogisticsTransportMovement"
#define MASTER_ITEM	"IncludedMasterConsignmentItem"

#if LIBXML_VERSION >= 21200
typedef const xmlError cx_error_t;
#else
typedef xmlError cx_error_t;
#endif

enum cx_kind { CX_XFWB, CX_XFZB };

struct cx {
	struct model *m;
	struct vb_error *err;
	const char *buf;
	size_t len;
};

/* What the parser's callbacks saw: the first error, a DOCTYPE. */
struct cx_seen {
	int doctype;
	int doctype_line;
	int code;		/* the first error's, XML_ERR_OK when none */
	int level;
	int line, column;
	char message[256];
};

static int
cx_nomem(struct cx *x)
{
	return vb_err(x->err, VB_ENOMEM, "out of memory");
}

static int
cx_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* ---- detection: the root element and its namespace, from the head ---- */

static size_t
cx_bom(const char *buf, size_t len)
{
	return len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
}

/* Just past the first `end` in [p, e), or NULL. */
static const char *
cx_past(const char *p, const char *e, const char *end)
{
	size_t n = strlen(end);

	for (; p != NULL && (size_t)(e - p) >= n; p++)
		if (memcmp(p, end, n) == 0)
			return p + n;
	return NULL;
}

/* Just past a DOCTYPE, whose internal subset may hold '>' in brackets. */
static const char *
cx_past_doctype(const char *p, const char *e)
{
	char quote = '\0';
	int depth = 0;

	for (; p < e; p++) {
		if (quote != '\0') {
			if (*p == quote)
				quote = '\0';
		} else if (*p == '"' || *p == '\'')
			quote = *p;
		else if (*p == '[')
			depth++;
		else if (*p == ']')
			depth--;
		else if (*p == '>' && depth <= 0)
			return p + 1;
	}
	return NULL;
}

/*
 * The root's name, just after its '<', past the XML declaration, comments,
 * processing instructions and a DOCTYPE (detected here so the parser can
 * refuse it by name); NULL when not in [p, e).
 */
static const char *
cx_root_tag(const char *p, const char *e)
{
	while (p != NULL) {
		while (p < e && cx_space(*p))
			p++;
		if (e - p < 2 || *p != '<')
			return NULL;
		if (p[1] == '?')
			p = cx_past(p + 2, e, "?>");
		else if (e - p >= 4 && memcmp(p, "<!--", 4) == 0)
			p = cx_past(p + 4, e, "-->");
		else if (e - p >= 9 && memcmp(p, "<!DOCTYPE", 9) == 0)
			p = cx_past_doctype(p + 9, e);
		else if (p[1] == '!')
			return NULL;
		else
			return p + 1;
	}
	return NULL;
}

static size_t
cx_name_len(const char *p, const char *e)
{
	size_t n = 0;

	while (p + n < e && !cx_space(p[n]) && strchr("/>=\"'<", p[n]) == NULL)
		n++;
	return n;
}

/* 1 when the start tag's attributes from p bind attr to value ns. */
static int
cx_binds(const char *p, const char *e, const char *attr, const char *ns)
{
	const char *name, *v;
	size_t n;
	char quote;

	for (;;) {
		while (p < e && cx_space(*p))
			p++;
		if ((n = cx_name_len(p, e)) == 0)
			return 0;	/* '>', '/>', the head's end, or junk */
		name = p;
		p += n;
		while (p < e && cx_space(*p))
			p++;
		if (p == e || *p++ != '=')
			return 0;
		while (p < e && cx_space(*p))
			p++;
		if (p == e || (*p != '"' && *p != '\''))
			return 0;
		quote = *p++;
		v = p;
		while (p < e && *p != quote)
			p++;
		if (p == e)
			return 0;
		if (n == strlen(attr) && memcmp(name, attr, n) == 0)
			return (size_t)(p - v) == strlen(ns) &&
			    memcmp(v, ns, strlen(ns)) == 0;
		p++;
	}
}

/* An XML document whose root is a Waybill or a HouseWaybill of Cargo-XML. */
static int
cargoxml_detect(const char *buf, size_t len)
{
	const char *e = buf + (len < CX_HEAD ? len : CX_HEAD), *p, *local;
	const char *ns;
	char attr[80];
	size_t n, nlocal;
	int k;

	if ((p = cx_root_tag(buf + cx_bom(buf, len), e)) == NULL ||
	    (n = cx_name_len(p, e)) == 0)
		return 0;
	local = memchr(p, ':', n);
	local = local != NULL ? local + 1 : p;
	nlocal = n - (size_t)(local - p);
	if (nlocal == 7 && memcmp(local, "Waybill", 7) == 0)
		ns = NS_WAYBILL;
	else if (nlocal == 12 && memcmp(local, "HouseWaybill", 12) == 0)
		ns = NS_HOUSE;
	else
		return 0;
	if (local == p)
		k = snprintf(attr, sizeof(attr), "xmlns");
	else
		k = snprintf(attr, sizeof(attr), "xmlns:%.*s",
		    (int)(local - p - 1), p);
	if (k < 0 || (size_t)k >= sizeof(attr))
		return 0;
	return cx_binds(p + n, e, attr, ns);
}

/* ---- libxml2: quiet, once initialised, and no DOCTYPE ---- */

static pthread_once_t cx_once = PTHREAD_ONCE_INIT;

/* xmlInitParser is not safe to race on its first call: threads share this. */
static void
cx_init(void)
{
	xmlInitParser();
}

/* The parser's errors: the first is the cause, the later ones its echoes. */
static void
cx_on_error(void *ctx, cx_error_t *e)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct cx_seen *seen = ctxt != NULL ? ctxt->_private : NULL;

	if (seen == NULL || e == NULL || e->level == XML_ERR_WARNING)
		return;
	/* A fatal error outranks an earlier namespace error, which is not. */
	if (seen->code != XML_ERR_OK &&
	    !(seen->level != XML_ERR_FATAL && e->level == XML_ERR_FATAL))
		return;
	seen->code = e->code;
	seen->level = (int)e->level;
	seen->line = e->line;
	seen->column = e->int2;
	/* A cut message still helps. */
	(void)snprintf(seen->message, sizeof(seen->message), "%s",
	    e->message != NULL ? e->message : "unknown error");
	seen->message[strcspn(seen->message, "\n")] = '\0';
}

/* Errors raised outside the parser's context (encodings, memory): silenced. */
static void
cx_on_global_error(void *ctx, cx_error_t *e)
{
	(void)ctx;
	(void)e;
}

static void
cx_on_generic_error(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

/*
 * A DOCTYPE: the parser stops here, before the internal subset's first
 * declaration is read, so nothing it declares exists.
 */
static void
cx_on_doctype(void *ctx, const xmlChar *name, const xmlChar *public_id,
    const xmlChar *system_id)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct cx_seen *seen = ctxt->_private;

	(void)name;
	(void)public_id;
	(void)system_id;
	seen->doctype = 1;
	seen->doctype_line = ctxt->input != NULL ? ctxt->input->line : 0;
	xmlStopParser(ctxt);
}

/* ---- positions ---- */

/* Where line (1-based) starts in the input, or -1. */
static long
cx_line_start(const struct cx *x, long line)
{
	const char *p = x->buf, *e = x->buf + x->len, *nl;

	if (line < 1)
		return -1;
	while (--line > 0) {
		if ((nl = memchr(p, '\n', (size_t)(e - p))) == NULL)
			return -1;
		p = nl + 1;
	}
	return (long)(p - x->buf);
}

/* The byte offset of line and column (characters, 1-based), or -1. */
static long
cx_line_col(const struct cx *x, int line, int column)
{
	long at = cx_line_start(x, line);
	size_t i;

	if (at == -1)
		return -1;
	i = (size_t)at;
	for (int c = 1; c < column && i < x->len && x->buf[i] != '\n'; c++) {
		i++;
		while (i < x->len && ((unsigned char)x->buf[i] & 0xC0) == 0x80)
			i++;	/* UTF-8 continuation bytes */
	}
	return (long)i;
}

/* Where an element's start tag is: its '<' on its line, else the line. */
static long
cx_offset(const struct cx *x, const xmlNode *n)
{
	char tag[128];
	long at = cx_line_start(x, xmlGetLineNo(n));
	const char *p, *e, *nl;
	int k;

	if (at == -1)
		return -1;
	p = x->buf + at;
	nl = memchr(p, '\n', x->len - (size_t)at);
	e = nl != NULL ? nl : x->buf + x->len;
	if (n->ns != NULL && n->ns->prefix != NULL)
		k = snprintf(tag, sizeof(tag), "<%s:%s", n->ns->prefix,
		    n->name);
	else
		k = snprintf(tag, sizeof(tag), "<%s", n->name);
	if (k > 0 && (size_t)k < sizeof(tag) &&
	    (p = cx_past(p, e, tag)) != NULL)
		return (long)(p - x->buf) - k;
	return at;
}

/* ---- the tree ---- */

static int
cx_is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->name, name) == 0;
}

/* n, or the first element after it among its siblings, named name. */
static const xmlNode *
cx_from(const xmlNode *n, const char *name)
{
	for (; n != NULL; n = n->next)
		if (cx_is(n, name))
			return n;
	return NULL;
}

static const xmlNode *
cx_next(const xmlNode *n, const char *name)
{
	return cx_from(n->next, name);
}

static const xmlNode *
cx_child(const xmlNode *parent, const char *name)
{
	return parent != NULL ? cx_from(parent->children, name) : NULL;
}

/* The element at path ("A/B/C", the first of each name) under n. */
static const xmlNode *
cx_at(const xmlNode *n, const char *path)
{
	char step[64];
	size_t k;

	while (n != NULL && *path != '\0') {
		if ((k = strcspn(path, "/")) >= sizeof(step))
			return NULL;
		memcpy(step, path, k);
		step[k] = '\0';
		n = cx_child(n, step);
		path += k + (path[k] == '/');
	}
	return n;
}

static int
cx_invalid(struct cx *x, const xmlNode *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A message that parsed but lacks what a waybill cannot be without. */
static int
cx_invalid(struct cx *x, const xmlNode *n, const char *fmt, ...)
{
	long line = xmlGetLineNo(n);
	char what[400];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(what, sizeof(what), fmt, ap);	/* cut, still helps */
	va_end(ap);
	return vb_err_at(x->err, VB_EINVALID, cx_offset(x, n),
	    (const char *)n->name, line > 0 && line < INT_MAX ? (int)line : 0,
	    "%s", what);
}

/* ---- values ---- */

static int
cx_set(struct cx *x, char **dst, const char *s)
{
	return model_set(x->m, dst, s) == -1 ? cx_nomem(x) : 0;
}

/*
 * s as one line into the arena: each line trimmed, empty ones dropped,
 * the rest joined with sep (Cargo-XML wraps names, streets and goods over
 * lines). NULL in *out when nothing is left.
 */
static int
cx_oneline(struct cx *x, const char *s, const char *sep, char **out)
{
	size_t n = strlen(s), at = 0, k, seplen = strlen(sep);
	const char *line, *end;
	char *buf;

	*out = NULL;
	if ((buf = malloc(n * (seplen + 1) + 1)) == NULL)
		return cx_nomem(x);
	for (line = s; *line != '\0'; line = end + (*end != '\0')) {
		end = line + strcspn(line, "\n");
		k = (size_t)(end - line);
		while (k > 0 && cx_space(line[k - 1]))
			k--;
		while (k > 0 && cx_space(*line)) {
			line++;
			k--;
		}
		if (k == 0)
			continue;
		if (at > 0) {
			memcpy(buf + at, sep, seplen);
			at += seplen;
		}
		memcpy(buf + at, line, k);
		at += k;
	}
	if (at > 0 && (*out = model_strndup(x->m, buf, at)) == NULL) {
		free(buf);
		return cx_nomem(x);
	}
	free(buf);
	return 0;
}

/* The text of element n (absent: *dst left alone), lines joined with sep. */
static int
cx_text(struct cx *x, char **dst, const xmlNode *n, const char *sep)
{
	xmlChar *raw;
	char *s;
	int rc;

	if (n == NULL)
		return 0;
	if ((raw = xmlNodeGetContent(n)) == NULL)
		return cx_nomem(x);
	rc = cx_oneline(x, (const char *)raw, sep, &s);
	xmlFree(raw);
	if (rc == 0 && s != NULL)
		*dst = s;
	return rc;
}

static int
cx_path(struct cx *x, char **dst, const xmlNode *n, const char *path)
{
	return cx_text(x, dst, cx_at(n, path), " ");
}

/* 1 when item is one of the ", "-separated items of list. */
static int
cx_listed(const char *list, const char *item)
{
	size_t n = strlen(item);
	const char *p;

	for (p = list; (p = strstr(p, item)) != NULL; p++)
		if ((p == list || (p >= list + 2 &&
		    memcmp(p - 2, ", ", 2) == 0)) &&
		    (p[n] == '\0' || p[n] == ','))
			return 1;
	return 0;
}

/* item added to the ", "-joined list *dst, once. */
static int
cx_add_item(struct cx *x, char **dst, const char *item)
{
	size_t a, b;
	char *s;

	if (item == NULL || *item == '\0' || (*dst != NULL &&
	    cx_listed(*dst, item)))
		return 0;
	if (*dst == NULL)
		return cx_set(x, dst, item);
	a = strlen(*dst);
	b = strlen(item);
	if ((s = malloc(a + 2 + b + 1)) == NULL)
		return cx_nomem(x);
	memcpy(s, *dst, a);
	memcpy(s + a, ", ", 2);
	memcpy(s + a + 2, item, b + 1);
	*dst = model_strdup(x->m, s);
	free(s);
	return *dst == NULL ? cx_nomem(x) : 0;
}

static int
cx_add_text(struct cx *x, char **dst, const xmlNode *n)
{
	char *s = NULL;

	if (cx_text(x, &s, n, " ") == -1)
		return -1;
	return cx_add_item(x, dst, s);
}

/*
 * Units of UN/ECE Recommendation 20 as Cargo-IMP writes them, so the
 * same weight reads the same from an FWB and an XFWB; others as sent.
 */
static const char *
cx_unit(const char *code)
{
	static const char *const units[][2] = {
		{"KGM", "K"}, {"LBR", "L"},
		{"MTQ", "MC"}, {"CMQ", "CC"}, {"FTQ", "CF"}, {"INQ", "CI"},
	};

	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strcmp(code, units[i][0]) == 0)
			return units[i][1];
	return code;
}

/* A measure with its unitCode: "1042.0 K". */
static int
cx_measure(struct cx *x, char **dst, const xmlNode *n)
{
	char *value = NULL, *unit = NULL, buf[128];
	xmlChar *code;
	int k;

	if (cx_text(x, &value, n, " ") == -1)
		return -1;
	if (value == NULL)
		return 0;
	*dst = value;
	if ((code = xmlGetNoNsProp(n, (const xmlChar *)"unitCode")) == NULL)
		return 0;
	k = cx_oneline(x, (const char *)code, " ", &unit);
	xmlFree(code);
	if (k == -1)
		return -1;
	if (unit == NULL)
		return 0;
	k = snprintf(buf, sizeof(buf), "%s %s", value, cx_unit(unit));
	if (k < 0 || (size_t)k >= sizeof(buf)) {
		if (model_warn(x->m, cx_offset(x, n), "%s %.40s... too long for"
		    " a measure, kept without its unit", n->name, value) == -1)
			return cx_nomem(x);
		return 0;
	}
	return cx_set(x, dst, buf);
}

/* ---- parties ---- */

/* A party's contacts: DefinedTradeContact's person, telephone, e-mail. */
static int
cx_contacts(struct cx *x, struct party *p, const xmlNode *party)
{
	const xmlNode *c;

	for (c = cx_child(party, "DefinedTradeContact"); c != NULL;
	    c = cx_next(c, "DefinedTradeContact"))
		if (cx_add_text(x, &p->contact,
		    cx_child(c, "PersonName")) == -1 ||
		    cx_add_text(x, &p->contact, cx_at(c,
		    "DirectTelephoneCommunication/CompleteNumber")) == -1 ||
		    cx_add_text(x, &p->contact, cx_at(c,
		    "URIEmailCommunication/URIID")) == -1)
			return -1;
	return 0;
}

static int
cx_party(struct cx *x, struct party *p, const xmlNode *party)
{
	const xmlNode *a = cx_child(party, "PostalStructuredAddress");

	if (party == NULL)
		return 0;
	if (cx_text(x, &p->name, cx_child(party, "Name"), ", ") == -1 ||
	    cx_text(x, &p->address, cx_child(a, "StreetName"), ", ") == -1 ||
	    cx_path(x, &p->city, a, "CityName") == -1 ||
	    cx_path(x, &p->postcode, a, "PostcodeCode") == -1 ||
	    cx_path(x, &p->country, a, "CountryID") == -1)
		return -1;
	return cx_contacts(x, p, party);
}

/* The notify party: an AssociatedParty whose RoleCode is NI. */
static const xmlNode *
cx_notify(const xmlNode *cons)
{
	const xmlNode *a;
	xmlChar *role;
	int hit;

	for (a = cx_child(cons, "AssociatedParty"); a != NULL;
	    a = cx_next(a, "AssociatedParty")) {
		if (cx_child(a, "RoleCode") == NULL ||
		    (role = xmlNodeGetContent(cx_child(a, "RoleCode"))) == NULL)
			continue;
		hit = strcmp((const char *)role, "NI") == 0;
		xmlFree(role);
		if (hit)
			return a;
	}
	return NULL;
}

/*
 * Customs notes (OCI) naming a contact person (CP) or telephone (CT) of
 * the shipper (SHP) or consignee (CNE): contacts too, for the links
 * between shipments.
 */
static int
cx_note_contacts(struct cx *x, struct shipment *sh, const xmlNode *cons)
{
	const xmlNode *n;
	char *subject, *code;
	struct party *p;

	for (n = cx_child(cons, "IncludedCustomsNote"); n != NULL;
	    n = cx_next(n, "IncludedCustomsNote")) {
		subject = code = NULL;
		if (cx_path(x, &subject, n, "SubjectCode") == -1 ||
		    cx_path(x, &code, n, "ContentCode") == -1)
			return -1;
		if (subject == NULL || code == NULL ||
		    (strcmp(code, "CP") != 0 && strcmp(code, "CT") != 0))
			continue;
		if (strcmp(subject, "SHP") == 0)
			p = &sh->shipper;
		else if (strcmp(subject, "CNE") == 0)
			p = &sh->consignee;
		else
			continue;
		if (cx_add_text(x, &p->contact, cx_child(n, "Content")) == -1)
			return -1;
	}
	return 0;
}

/* ---- flights ---- */

/* One movement as "XX8012/10": the flight and its departure day. */
static int
cx_flight(struct cx *x, struct shipment *sh, const char *id, const char *when)
{
	char buf[96];
	int k;

	if (when != NULL && strlen(when) >= 10 && when[4] == '-' &&
	    when[7] == '-')
		k = snprintf(buf, sizeof(buf), "%s/%.2s", id, when + 8);
	else
		k = snprintf(buf, sizeof(buf), "%s", id);
	if (k < 0 || (size_t)k >= sizeof(buf))
		return cx_add_item(x, &sh->flight, id);
	return cx_add_item(x, &sh->flight, buf);
}

/*
 * The route grows "ORK-XX-DUB", then "-XX-AUH"; a movement that does not
 * leave from where the last arrived restates its port.
 */
static int
cx_route(struct cx *x, struct shipment *sh, const char *dep,
    const char *carrier, const char *arr, const char **last)
{
	char buf[256];
	const char *r = sh->routing != NULL ? sh->routing : "";
	int k;

	if (dep != NULL && (*last == NULL || strcmp(*last, dep) != 0))
		k = snprintf(buf, sizeof(buf), "%s%s%s-%s-%s", r, *r ? "-" : "",
		    dep, carrier != NULL ? carrier : "", arr);
	else
		k = snprintf(buf, sizeof(buf), "%s%s%s-%s", r, *r ? "-" : "",
		    carrier != NULL ? carrier : "", arr);
	if (k < 0 || (size_t)k >= sizeof(buf))
		return 0;	/* a route this long says nothing more */
	*last = arr;
	return cx_set(x, &sh->routing, buf);
}

/*
 * SpecifiedLogisticsTransportMovement: the booked flights, the route
 * through them, and where the goods are loaded and discharged.
 */
static int
cx_movements(struct cx *x, struct shipment *sh, const xmlNode *cons)
{
	const xmlNode *mv;
	const char *last = NULL;
	char *id, *carrier, *dep, *arr, *when;

	for (mv = cx_child(cons, MOVEMENT); mv != NULL;
	    mv = cx_next(mv, MOVEMENT)) {
		id = carrier = dep = arr = when = NULL;
		if (cx_path(x, &id, mv, "ID") == -1 ||
		    cx_path(x, &carrier, mv,
		    "UsedLogisticsTransportMeans/Name") == -1 ||
		    cx_path(x, &dep, mv,
		    "DepartureEvent/OccurrenceDepartureLocation/ID") == -1 ||
		    cx_path(x, &when, mv,
		    "DepartureEvent/ScheduledOccurrenceDateTime") == -1 ||
		    cx_path(x, &arr, mv,
		    "ArrivalEvent/OccurrenceArrivalLocation/ID") == -1)
			return -1;
		if (id != NULL && cx_flight(x, sh, id, when) == -1)
			return -1;
		if (carrier == NULL && id != NULL && strlen(id) > 2 &&
		    (carrier = model_strndup(x->m, id, 2)) == NULL)
			return cx_nomem(x);
		if (sh->loading == NULL && dep != NULL)
			sh->loading = dep;
		if (arr != NULL) {
			sh->discharge = arr;
			if (cx_route(x, sh, dep, carrier, arr, &last) == -1)
				return -1;
		}
	}
	return 0;
}

/* ---- goods and unit load devices ---- */

/*
 * A ULD as IATA writes it: type, serial, owner ("PMC1337XX"), from
 * CharacteristicCode, ID and OperatingParty/PrimaryID; an ID already
 * whole is kept.
 */
static int
cx_uld(struct cx *x, struct shipment *sh, const xmlNode *u)
{
	char *serial = NULL, *type = NULL, *owner = NULL, id[96];
	const xmlNode *seal;
	struct equipment *q;
	size_t n;
	int k;

	if (cx_path(x, &serial, u, "ID") == -1 ||
	    cx_path(x, &type, u, "CharacteristicCode") == -1 ||
	    cx_path(x, &owner, u, "OperatingParty/PrimaryID") == -1)
		return -1;
	if (serial == NULL) {
		if (model_warn(x->m, cx_offset(x, u), "%s without an ID, left"
		    " out", u->name) == -1)
			return cx_nomem(x);
		return 0;
	}
	if (type != NULL && strncmp(serial, type, strlen(type)) == 0)
		type = NULL;
	/* An owner is never all digits, so a serial cannot end like one. */
	n = strlen(serial);
	if (owner != NULL && n > strlen(owner) &&
	    strcmp(serial + n - strlen(owner), owner) == 0 &&
	    strspn(owner, "0123456789") < strlen(owner))
		owner = NULL;
	k = snprintf(id, sizeof(id), "%s%s%s", type != NULL ? type : "", serial,
	    owner != NULL ? owner : "");
	if (k < 0 || (size_t)k >= sizeof(id))
		return cx_invalid(x, u, "%s: ID %.40s... too long", u->name,
		    serial);
	for (size_t i = 0; i < sh->nequipment; i++)
		if (strcmp(sh->equipment[i].id, id) == 0)
			return 0;	/* named again by another item */
	if ((q = model_add_equipment(x->m, sh)) == NULL ||
	    cx_set(x, &q->id, id) == -1 || cx_set(x, &q->kind, "uld") == -1)
		return cx_nomem(x);
	for (seal = cx_child(u, "AffixedLogisticsSeal"); seal != NULL;
	    seal = cx_next(seal, "AffixedLogisticsSeal"))
		if (cx_add_text(x, &q->seals, cx_child(seal, "ID")) == -1)
			return -1;
	return 0;
}

static int
cx_is_uld(const xmlNode *n)
{
	return cx_is(n, "AssociatedUnitLoadTransportEquipment") ||
	    cx_is(n, "UtilizedUnitLoadTransportEquipment");
}

static int
cx_ulds(struct cx *x, struct shipment *sh, const xmlNode *parent)
{
	for (const xmlNode *n = parent->children; n != NULL; n = n->next)
		if (cx_is_uld(n) && cx_uld(x, sh, n) == -1)
			return -1;
	return 0;
}

/*
 * One item of goods: its description, pieces, weight and volume, and its
 * HS code (TypeCode). An item with several HS codes gives one more line
 * per code, with the same description, so each code meets the words.
 */
static int
cx_item(struct cx *x, struct shipment *sh, const xmlNode *item)
{
	const xmlNode *tc = cx_child(item, "TypeCode");
	char *desc = NULL;
	struct goods *g;

	if (cx_text(x, &desc, cx_at(item,
	    "NatureIdentificationTransportCargo/Identification"), " ") == -1)
		return -1;
	if ((g = model_add_goods(x->m, sh)) == NULL)
		return cx_nomem(x);
	g->description = desc;
	if (cx_text(x, &g->hs_code, tc, " ") == -1 ||
	    cx_path(x, &g->pieces, item, "PieceQuantity") == -1 ||
	    cx_measure(x, &g->weight,
	    cx_child(item, "GrossWeightMeasure")) == -1 ||
	    cx_measure(x, &g->volume,
	    cx_child(item, "GrossVolumeMeasure")) == -1)
		return -1;
	for (tc = tc != NULL ? cx_next(tc, "TypeCode") : NULL; tc != NULL;
	    tc = cx_next(tc, "TypeCode")) {
		if ((g = model_add_goods(x->m, sh)) == NULL)
			return cx_nomem(x);
		g->description = desc;
		if (cx_text(x, &g->hs_code, tc, " ") == -1)
			return -1;
	}
	return cx_ulds(x, sh, item);
}

/*
 * The goods: XFWB's ApplicableRating/IncludedMasterConsignmentItem, XFZB's
 * IncludedHouseConsignmentItem. A house's SummaryDescription stands in
 * when no item describes the goods.
 */
static int
cx_goods(struct cx *x, struct shipment *sh, const xmlNode *cons)
{
	const xmlNode *n, *it;
	size_t first = sh->ngoods;
	char *summary = NULL;

	for (n = cons->children; n != NULL; n = n->next) {
		if (cx_is(n, "IncludedHouseConsignmentItem") &&
		    cx_item(x, sh, n) == -1)
			return -1;
		if (!cx_is(n, "ApplicableRating"))
			continue;
		for (it = cx_child(n, MASTER_ITEM); it != NULL;
		    it = cx_next(it, MASTER_ITEM))
			if (cx_item(x, sh, it) == -1)
				return -1;
	}
	if (cx_path(x, &summary, cons, "SummaryDescription") == -1)
		return -1;
	if (summary == NULL)
		return 0;
	for (size_t i = first; i < sh->ngoods; i++)
		if (sh->goods[i].description != NULL)
			return 0;
	if (sh->ngoods == first && model_add_goods(x->m, sh) == NULL)
		return cx_nomem(x);
	for (size_t i = first; i < sh->ngoods; i++)
		sh->goods[i].description = summary;
	return 0;
}

/* ---- the message ---- */

/*
 * One consignment as a shipment. outer: for a house, the master
 * consignment, whose origin, destination and flights stand in for the
 * house's own when it has none.
 */
static int
cx_consignment(struct cx *x, struct shipment *sh, const xmlNode *cons,
    const xmlNode *outer)
{
	const xmlNode *moves = cx_child(cons, MOVEMENT) != NULL ? cons : outer;

	sh->offset = cx_offset(x, cons);
	if (cx_path(x, &sh->pieces, cons, "TotalPieceQuantity") == -1 ||
	    cx_measure(x, &sh->weight, cx_child(cons,
	    "IncludedTareGrossWeightMeasure")) == -1 ||
	    cx_path(x, &sh->origin, cons, "OriginLocation/ID") == -1 ||
	    cx_path(x, &sh->destination, cons,
	    "FinalDestinationLocation/ID") == -1)
		return -1;
	if (outer != NULL && ((sh->origin == NULL &&
	    cx_path(x, &sh->origin, outer, "OriginLocation/ID") == -1) ||
	    (sh->destination == NULL && cx_path(x, &sh->destination, outer,
	    "FinalDestinationLocation/ID") == -1)))
		return -1;
	if (cx_party(x, &sh->shipper, cx_child(cons, "ConsignorParty")) == -1 ||
	    cx_party(x, &sh->consignee,
	    cx_child(cons, "ConsigneeParty")) == -1 ||
	    cx_party(x, &sh->notify, cx_notify(cons)) == -1 ||
	    cx_note_contacts(x, sh, cons) == -1 ||
	    (moves != NULL && cx_movements(x, sh, moves) == -1) ||
	    cx_goods(x, sh, cons) == -1)
		return -1;
	return cx_ulds(x, sh, cons);
}

static int
cx_warn_code(struct cx *x, const xmlNode *h, const char *code,
    enum cx_kind kind)
{
	int ok = kind == CX_XFZB ? strcmp(code, "703") == 0 :
	    strcmp(code, "740") == 0 || strcmp(code, "741") == 0;

	if (ok)
		return 0;
	if (model_warn(x->m, cx_offset(x, h), "MessageHeaderDocument"
	    " TypeCode %s is not %s; read as %s", code,
	    kind == CX_XFZB ? "703" : "740 or 741",
	    kind == CX_XFZB ? "a house waybill" : "an air waybill") == -1)
		return cx_nomem(x);
	return 0;
}

/*
 * PurposeCode: a Deletion withdraws the waybill; a Creation or an Update
 * is the whole waybill, which replaces the one before.
 */
static int
cx_purpose(struct cx *x, struct manifest *mf, const xmlNode *h)
{
	char *purpose = NULL;

	if (cx_path(x, &purpose, h, "PurposeCode") == -1)
		return -1;
	mf->action = MANIFEST_REPLACE;
	if (purpose == NULL || strcasecmp(purpose, "Creation") == 0 ||
	    strcasecmp(purpose, "Update") == 0)
		return 0;
	if (strcasecmp(purpose, "Deletion") == 0) {
		mf->action = MANIFEST_CANCEL;
		return 0;
	}
	if (model_warn(x->m, cx_offset(x, h), "PurposeCode %s is not Creation,"
	    " Update or Deletion; read as a whole waybill", purpose) == -1)
		return cx_nomem(x);
	return 0;
}

static int
cx_header(struct cx *x, struct manifest *mf, const xmlNode *root,
    enum cx_kind kind)
{
	const xmlNode *h = cx_child(root, "MessageHeaderDocument");

	mf->offset = cx_offset(x, root);
	if (cx_set(x, &mf->format, "cargoxml") == -1 ||
	    cx_set(x, &mf->mode, "air") == -1)
		return -1;
	if (h == NULL) {
		if (model_warn(x->m, mf->offset,
		    "no MessageHeaderDocument") == -1)
			return cx_nomem(x);
		return 0;
	}
	if (cx_path(x, &mf->message_ref, h, "ID") == -1 ||
	    cx_path(x, &mf->document_code, h, "TypeCode") == -1 ||
	    cx_path(x, &mf->version, h, "VersionID") == -1 ||
	    cx_path(x, &x->m->sender, h, "SenderParty/PrimaryID") == -1 ||
	    cx_purpose(x, mf, h) == -1)
		return -1;
	mf->sender = x->m->sender;	/* both in the model's arena */
	if (mf->document_code != NULL &&
	    cx_warn_code(x, h, mf->document_code, kind) == -1)
		return -1;
	return 0;
}


/*
 * The houses of an XFZB: one, as the schema has it; a second one is read
 * too, under its own ID, rather than lost.
 */
static int
cx_houses(struct cx *x, struct manifest *mf, const xmlNode *mc,
    char *number)
{
	const xmlNode *h = cx_child(mc, "IncludedHouseConsignment");
	struct shipment *sh;
	char *master = NULL;

	if (cx_path(x, &master, mc, "TransportContractDocument/ID") == -1)
		return -1;
	if (master == NULL && model_warn(x->m, cx_offset(x, mc), "house waybill"
	    " without its master air waybill (MasterConsignment/"
	    "TransportContractDocument/ID)") == -1)
		return cx_nomem(x);
	for (; h != NULL; h = cx_next(h, "IncludedHouseConsignment")) {
		if ((sh = model_add_shipment(x->m, mf)) == NULL ||
		    cx_set(x, &sh->kind, "house_waybill") == -1)
			return cx_nomem(x);
		sh->master = master;
		/* The document's number is the first house's. */
		if (mf->nshipments == 1)
			sh->number = number;
		else if (model_warn(x->m, cx_offset(x, h), "a second"
		    " IncludedHouseConsignment, read under its own ID") == -1)
			return cx_nomem(x);
		if ((sh->number == NULL &&
		    cx_path(x, &sh->number, h, "ID") == -1) ||
		    cx_consignment(x, sh, h, mc) == -1)
			return -1;
	}
	return 0;
}

/* Each house has a number: the document's for the first, else its own ID. */
static int
cx_check_houses(struct cx *x, const xmlNode *mc, const char *number)
{
	const xmlNode *h = cx_child(mc, "IncludedHouseConsignment");
	char *id;

	if (h == NULL)
		return cx_invalid(x, mc, "XFZB without its house"
		    " (MasterConsignment/IncludedHouseConsignment)");
	for (; h != NULL; h = cx_next(h, "IncludedHouseConsignment")) {
		id = NULL;
		if (number == NULL && cx_path(x, &id, h, "ID") == -1)
			return -1;
		if (number == NULL && id == NULL)
			return cx_invalid(x, h, "XFZB without its house waybill"
			    " number (BusinessHeaderDocument/ID or"
			    " IncludedHouseConsignment/ID)");
		number = NULL;	/* the next ones need their own */
	}
	return 0;
}

/* The whole message, checked for what cannot be missing, then read. */
static int
cx_doc(struct cx *x, const xmlDoc *doc)
{
	const xmlNode *root = xmlDocGetRootElement(doc), *mc;
	const char *ns = root != NULL && root->ns != NULL ?
	    (const char *)root->ns->href : NULL;
	struct manifest *mf;
	struct shipment *sh;
	enum cx_kind kind;
	char *number = NULL;

	if (root == NULL)
		return vb_err(x->err, VB_ESYNTAX, "XML without a root element");
	if (cx_is(root, "Waybill") && ns != NULL && strcmp(ns, NS_WAYBILL) == 0)
		kind = CX_XFWB;
	else if (cx_is(root, "HouseWaybill") && ns != NULL &&
	    strcmp(ns, NS_HOUSE) == 0)
		kind = CX_XFZB;
	else
		return vb_err_at(x->err, VB_EUNSUPPORTED, cx_offset(x, root),
		    (const char *)root->name, 0, "root element %s in namespace"
		    " %s is not a Cargo-XML Waybill (%s) or HouseWaybill (%s)",
		    root->name, ns != NULL ? ns : "(none)", NS_WAYBILL,
		    NS_HOUSE);
	if ((mc = cx_child(root, "MasterConsignment")) == NULL)
		return cx_invalid(x, root, "%s without its MasterConsignment",
		    kind == CX_XFZB ? "XFZB" : "XFWB");
	if (cx_path(x, &number, root, "BusinessHeaderDocument/ID") == -1)
		return -1;
	if (kind == CX_XFZB && cx_check_houses(x, mc, number) == -1)
		return -1;
	if (number == NULL && kind == CX_XFWB)
		return cx_invalid(x, root, "XFWB without its air waybill"
		    " number (BusinessHeaderDocument/ID)");
	if ((mf = model_add_manifest(x->m)) == NULL)
		return cx_nomem(x);
	if (cx_header(x, mf, root, kind) == -1)
		return -1;
	if (kind == CX_XFZB)
		return cx_houses(x, mf, mc, number);
	if ((sh = model_add_shipment(x->m, mf)) == NULL ||
	    cx_set(x, &sh->kind, "air_waybill") == -1)
		return cx_nomem(x);
	sh->number = number;
	return cx_consignment(x, sh, mc, NULL);
}

/* The parser's first error, or its last when the callback saw none. */
static int
cx_syntax(struct cx *x, xmlParserCtxtPtr ctxt, const struct cx_seen *seen)
{
	cx_error_t *e = xmlCtxtGetLastError(ctxt);
	int code = seen->code, line = seen->line, col = seen->column;
	const char *msg = seen->message;
	char last[256];

	if (code == XML_ERR_OK && e != NULL && e->code != XML_ERR_OK) {
		code = e->code;
		line = e->line;
		col = e->int2;
		(void)snprintf(last, sizeof(last), "%s", e->message != NULL ?
		    e->message : "unknown error");
		last[strcspn(last, "\n")] = '\0';
		msg = last;
	}
	if (code == XML_ERR_NO_MEMORY)
		return cx_nomem(x);
	if (code == XML_ERR_OK)
		return vb_err(x->err, VB_ESYNTAX, "invalid XML");
	return vb_err_at(x->err, VB_ESYNTAX, cx_line_col(x, line, col), "",
	    line, "invalid XML at line %d, column %d: %s", line, col, msg);
}

static int
cargoxml_parse(const char *buf, size_t len, const struct feed_ctx *ctx,
    struct model *out, struct vb_error *err)
{
	struct cx x = {out, err, buf, len};
	struct cx_seen seen;
	xmlStructuredErrorFunc old_serror;
	xmlGenericErrorFunc old_generic;
	void *old_sctx, *old_gctx;
	xmlParserCtxtPtr ctxt;
	xmlDocPtr doc = NULL;
	int rc = -1;

	(void)ctx;	/* dates are not read */
	if (len > INT_MAX)
		return vb_err(err, VB_EINVALID, "XML of %zu bytes is too large",
		    len);
	memset(&seen, 0, sizeof(seen));
	(void)pthread_once(&cx_once, cx_init);
	/* The thread's handlers, for what libxml2 raises outside ctxt. */
	old_serror = xmlStructuredError;
	old_sctx = xmlStructuredErrorContext;
	old_generic = xmlGenericError;
	old_gctx = xmlGenericErrorContext;
	xmlSetStructuredErrorFunc(NULL, cx_on_global_error);
	xmlSetGenericErrorFunc(NULL, cx_on_generic_error);
	if ((ctxt = xmlNewParserCtxt()) == NULL) {
		vb_err(err, VB_ENOMEM, "out of memory");
		goto done;
	}
	ctxt->_private = &seen;
	ctxt->sax->serror = cx_on_error;
	ctxt->sax->internalSubset = cx_on_doctype;
	doc = xmlCtxtReadMemory(ctxt, buf, (int)len, NULL, NULL, CX_OPTIONS);
	if (seen.doctype)
		vb_err_at(err, VB_EUNSUPPORTED,
		    cx_line_start(&x, seen.doctype_line), "DOCTYPE",
		    seen.doctype_line, "a DOCTYPE at line %d: Cargo-XML has"
		    " none, and its entities are not accepted (nothing was"
		    " expanded or fetched)", seen.doctype_line);
	else if (doc == NULL)
		cx_syntax(&x, ctxt, &seen);
	else
		rc = cx_doc(&x, doc);
done:
	if (doc != NULL)
		xmlFreeDoc(doc);
	if (ctxt != NULL)
		xmlFreeParserCtxt(ctxt);
	xmlSetStructuredErrorFunc(old_sctx, old_serror);
	xmlSetGenericErrorFunc(old_gctx, old_generic);
	return rc;
}

const struct feed_parser feed_cargoxml = {"cargoxml", cargoxml_detect,
    cargoxml_parse};
