#include "norm.h"

#include <stdlib.h>
#include <string.h>

/*
 * ISO 3166-1, all 249 officially assigned codes, twice: sorted by alpha-3
 * and by alpha-2, so both lookups are a bsearch. tests/test_norm.c checks
 * that the two tables agree entry for entry.
 */
struct country {
	char a3[4];
	char a2[3];
};

static const struct country by_alpha3[] = {
	{"ABW", "AW"}, {"AFG", "AF"}, {"AGO", "AO"}, {"AIA", "AI"},
	{"ALA", "AX"}, {"ALB", "AL"}, {"AND", "AD"}, {"ARE", "AE"},
	{"ARG", "AR"}, {"ARM", "AM"}, {"ASM", "AS"}, {"ATA", "AQ"},
	{"ATF", "TF"}, {"ATG", "AG"}, {"AUS", "AU"}, {"AUT", "AT"},
	{"AZE", "AZ"}, {"BDI", "BI"}, {"BEL", "BE"}, {"BEN", "BJ"},
	{"BES", "BQ"}, {"BFA", "BF"}, {"BGD", "BD"}, {"BGR", "BG"},
	{"BHR", "BH"}, {"BHS", "BS"}, {"BIH", "BA"}, {"BLM", "BL"},
	{"BLR", "BY"}, {"BLZ", "BZ"}, {"BMU", "BM"}, {"BOL", "BO"},
	{"BRA", "BR"}, {"BRB", "BB"}, {"BRN", "BN"}, {"BTN", "BT"},
	{"BVT", "BV"}, {"BWA", "BW"}, {"CAF", "CF"}, {"CAN", "CA"},
	{"CCK", "CC"}, {"CHE", "CH"}, {"CHL", "CL"}, {"CHN", "CN"},
	{"CIV", "CI"}, {"CMR", "CM"}, {"COD", "CD"}, {"COG", "CG"},
	{"COK", "CK"}, {"COL", "CO"}, {"COM", "KM"}, {"CPV", "CV"},
	{"CRI", "CR"}, {"CUB", "CU"}, {"CUW", "CW"}, {"CXR", "CX"},
	{"CYM", "KY"}, {"CYP", "CY"}, {"CZE", "CZ"}, {"DEU", "DE"},
	{"DJI", "DJ"}, {"DMA", "DM"}, {"DNK", "DK"}, {"DOM", "DO"},
	{"DZA", "DZ"}, {"ECU", "EC"}, {"EGY", "EG"}, {"ERI", "ER"},
	{"ESH", "EH"}, {"ESP", "ES"}, {"EST", "EE"}, {"ETH", "ET"},
	{"FIN", "FI"}, {"FJI", "FJ"}, {"FLK", "FK"}, {"FRA", "FR"},
	{"FRO", "FO"}, {"FSM", "FM"}, {"GAB", "GA"}, {"GBR", "GB"},
	{"GEO", "GE"}, {"GGY", "GG"}, {"GHA", "GH"}, {"GIB", "GI"},
	{"GIN", "GN"}, {"GLP", "GP"}, {"GMB", "GM"}, {"GNB", "GW"},
	{"GNQ", "GQ"}, {"GRC", "GR"}, {"GRD", "GD"}, {"GRL", "GL"},
	{"GTM", "GT"}, {"GUF", "GF"}, {"GUM", "GU"}, {"GUY", "GY"},
	{"HKG", "HK"}, {"HMD", "HM"}, {"HND", "HN"}, {"HRV", "HR"},
	{"HTI", "HT"}, {"HUN", "HU"}, {"IDN", "ID"}, {"IMN", "IM"},
	{"IND", "IN"}, {"IOT", "IO"}, {"IRL", "IE"}, {"IRN", "IR"},
	{"IRQ", "IQ"}, {"ISL", "IS"}, {"ISR", "IL"}, {"ITA", "IT"},
	{"JAM", "JM"}, {"JEY", "JE"}, {"JOR", "JO"}, {"JPN", "JP"},
	{"KAZ", "KZ"}, {"KEN", "KE"}, {"KGZ", "KG"}, {"KHM", "KH"},
	{"KIR", "KI"}, {"KNA", "KN"}, {"KOR", "KR"}, {"KWT", "KW"},
	{"LAO", "LA"}, {"LBN", "LB"}, {"LBR", "LR"}, {"LBY", "LY"},
	{"LCA", "LC"}, {"LIE", "LI"}, {"LKA", "LK"}, {"LSO", "LS"},
	{"LTU", "LT"}, {"LUX", "LU"}, {"LVA", "LV"}, {"MAC", "MO"},
	{"MAF", "MF"}, {"MAR", "MA"}, {"MCO", "MC"}, {"MDA", "MD"},
	{"MDG", "MG"}, {"MDV", "MV"}, {"MEX", "MX"}, {"MHL", "MH"},
	{"MKD", "MK"}, {"MLI", "ML"}, {"MLT", "MT"}, {"MMR", "MM"},
	{"MNE", "ME"}, {"MNG", "MN"}, {"MNP", "MP"}, {"MOZ", "MZ"},
	{"MRT", "MR"}, {"MSR", "MS"}, {"MTQ", "MQ"}, {"MUS", "MU"},
	{"MWI", "MW"}, {"MYS", "MY"}, {"MYT", "YT"}, {"NAM", "NA"},
	{"NCL", "NC"}, {"NER", "NE"}, {"NFK", "NF"}, {"NGA", "NG"},
	{"NIC", "NI"}, {"NIU", "NU"}, {"NLD", "NL"}, {"NOR", "NO"},
	{"NPL", "NP"}, {"NRU", "NR"}, {"NZL", "NZ"}, {"OMN", "OM"},
	{"PAK", "PK"}, {"PAN", "PA"}, {"PCN", "PN"}, {"PER", "PE"},
	{"PHL", "PH"}, {"PLW", "PW"}, {"PNG", "PG"}, {"POL", "PL"},
	{"PRI", "PR"}, {"PRK", "KP"}, {"PRT", "PT"}, {"PRY", "PY"},
	{"PSE", "PS"}, {"PYF", "PF"}, {"QAT", "QA"}, {"REU", "RE"},
	{"ROU", "RO"}, {"RUS", "RU"}, {"RWA", "RW"}, {"SAU", "SA"},
	{"SDN", "SD"}, {"SEN", "SN"}, {"SGP", "SG"}, {"SGS", "GS"},
	{"SHN", "SH"}, {"SJM", "SJ"}, {"SLB", "SB"}, {"SLE", "SL"},
	{"SLV", "SV"}, {"SMR", "SM"}, {"SOM", "SO"}, {"SPM", "PM"},
	{"SRB", "RS"}, {"SSD", "SS"}, {"STP", "ST"}, {"SUR", "SR"},
	{"SVK", "SK"}, {"SVN", "SI"}, {"SWE", "SE"}, {"SWZ", "SZ"},
	{"SXM", "SX"}, {"SYC", "SC"}, {"SYR", "SY"}, {"TCA", "TC"},
	{"TCD", "TD"}, {"TGO", "TG"}, {"THA", "TH"}, {"TJK", "TJ"},
	{"TKL", "TK"}, {"TKM", "TM"}, {"TLS", "TL"}, {"TON", "TO"},
	{"TTO", "TT"}, {"TUN", "TN"}, {"TUR", "TR"}, {"TUV", "TV"},
	{"TWN", "TW"}, {"TZA", "TZ"}, {"UGA", "UG"}, {"UKR", "UA"},
	{"UMI", "UM"}, {"URY", "UY"}, {"USA", "US"}, {"UZB", "UZ"},
	{"VAT", "VA"}, {"VCT", "VC"}, {"VEN", "VE"}, {"VGB", "VG"},
	{"VIR", "VI"}, {"VNM", "VN"}, {"VUT", "VU"}, {"WLF", "WF"},
	{"WSM", "WS"}, {"YEM", "YE"}, {"ZAF", "ZA"}, {"ZMB", "ZM"},
	{"ZWE", "ZW"},
};

struct country2 {
	char a2[3];
	char a3[4];
};

static const struct country2 by_alpha2[] = {
	{"AD", "AND"}, {"AE", "ARE"}, {"AF", "AFG"}, {"AG", "ATG"},
	{"AI", "AIA"}, {"AL", "ALB"}, {"AM", "ARM"}, {"AO", "AGO"},
	{"AQ", "ATA"}, {"AR", "ARG"}, {"AS", "ASM"}, {"AT", "AUT"},
	{"AU", "AUS"}, {"AW", "ABW"}, {"AX", "ALA"}, {"AZ", "AZE"},
	{"BA", "BIH"}, {"BB", "BRB"}, {"BD", "BGD"}, {"BE", "BEL"},
	{"BF", "BFA"}, {"BG", "BGR"}, {"BH", "BHR"}, {"BI", "BDI"},
	{"BJ", "BEN"}, {"BL", "BLM"}, {"BM", "BMU"}, {"BN", "BRN"},
	{"BO", "BOL"}, {"BQ", "BES"}, {"BR", "BRA"}, {"BS", "BHS"},
	{"BT", "BTN"}, {"BV", "BVT"}, {"BW", "BWA"}, {"BY", "BLR"},
	{"BZ", "BLZ"}, {"CA", "CAN"}, {"CC", "CCK"}, {"CD", "COD"},
	{"CF", "CAF"}, {"CG", "COG"}, {"CH", "CHE"}, {"CI", "CIV"},
	{"CK", "COK"}, {"CL", "CHL"}, {"CM", "CMR"}, {"CN", "CHN"},
	{"CO", "COL"}, {"CR", "CRI"}, {"CU", "CUB"}, {"CV", "CPV"},
	{"CW", "CUW"}, {"CX", "CXR"}, {"CY", "CYP"}, {"CZ", "CZE"},
	{"DE", "DEU"}, {"DJ", "DJI"}, {"DK", "DNK"}, {"DM", "DMA"},
	{"DO", "DOM"}, {"DZ", "DZA"}, {"EC", "ECU"}, {"EE", "EST"},
	{"EG", "EGY"}, {"EH", "ESH"}, {"ER", "ERI"}, {"ES", "ESP"},
	{"ET", "ETH"}, {"FI", "FIN"}, {"FJ", "FJI"}, {"FK", "FLK"},
	{"FM", "FSM"}, {"FO", "FRO"}, {"FR", "FRA"}, {"GA", "GAB"},
	{"GB", "GBR"}, {"GD", "GRD"}, {"GE", "GEO"}, {"GF", "GUF"},
	{"GG", "GGY"}, {"GH", "GHA"}, {"GI", "GIB"}, {"GL", "GRL"},
	{"GM", "GMB"}, {"GN", "GIN"}, {"GP", "GLP"}, {"GQ", "GNQ"},
	{"GR", "GRC"}, {"GS", "SGS"}, {"GT", "GTM"}, {"GU", "GUM"},
	{"GW", "GNB"}, {"GY", "GUY"}, {"HK", "HKG"}, {"HM", "HMD"},
	{"HN", "HND"}, {"HR", "HRV"}, {"HT", "HTI"}, {"HU", "HUN"},
	{"ID", "IDN"}, {"IE", "IRL"}, {"IL", "ISR"}, {"IM", "IMN"},
	{"IN", "IND"}, {"IO", "IOT"}, {"IQ", "IRQ"}, {"IR", "IRN"},
	{"IS", "ISL"}, {"IT", "ITA"}, {"JE", "JEY"}, {"JM", "JAM"},
	{"JO", "JOR"}, {"JP", "JPN"}, {"KE", "KEN"}, {"KG", "KGZ"},
	{"KH", "KHM"}, {"KI", "KIR"}, {"KM", "COM"}, {"KN", "KNA"},
	{"KP", "PRK"}, {"KR", "KOR"}, {"KW", "KWT"}, {"KY", "CYM"},
	{"KZ", "KAZ"}, {"LA", "LAO"}, {"LB", "LBN"}, {"LC", "LCA"},
	{"LI", "LIE"}, {"LK", "LKA"}, {"LR", "LBR"}, {"LS", "LSO"},
	{"LT", "LTU"}, {"LU", "LUX"}, {"LV", "LVA"}, {"LY", "LBY"},
	{"MA", "MAR"}, {"MC", "MCO"}, {"MD", "MDA"}, {"ME", "MNE"},
	{"MF", "MAF"}, {"MG", "MDG"}, {"MH", "MHL"}, {"MK", "MKD"},
	{"ML", "MLI"}, {"MM", "MMR"}, {"MN", "MNG"}, {"MO", "MAC"},
	{"MP", "MNP"}, {"MQ", "MTQ"}, {"MR", "MRT"}, {"MS", "MSR"},
	{"MT", "MLT"}, {"MU", "MUS"}, {"MV", "MDV"}, {"MW", "MWI"},
	{"MX", "MEX"}, {"MY", "MYS"}, {"MZ", "MOZ"}, {"NA", "NAM"},
	{"NC", "NCL"}, {"NE", "NER"}, {"NF", "NFK"}, {"NG", "NGA"},
	{"NI", "NIC"}, {"NL", "NLD"}, {"NO", "NOR"}, {"NP", "NPL"},
	{"NR", "NRU"}, {"NU", "NIU"}, {"NZ", "NZL"}, {"OM", "OMN"},
	{"PA", "PAN"}, {"PE", "PER"}, {"PF", "PYF"}, {"PG", "PNG"},
	{"PH", "PHL"}, {"PK", "PAK"}, {"PL", "POL"}, {"PM", "SPM"},
	{"PN", "PCN"}, {"PR", "PRI"}, {"PS", "PSE"}, {"PT", "PRT"},
	{"PW", "PLW"}, {"PY", "PRY"}, {"QA", "QAT"}, {"RE", "REU"},
	{"RO", "ROU"}, {"RS", "SRB"}, {"RU", "RUS"}, {"RW", "RWA"},
	{"SA", "SAU"}, {"SB", "SLB"}, {"SC", "SYC"}, {"SD", "SDN"},
	{"SE", "SWE"}, {"SG", "SGP"}, {"SH", "SHN"}, {"SI", "SVN"},
	{"SJ", "SJM"}, {"SK", "SVK"}, {"SL", "SLE"}, {"SM", "SMR"},
	{"SN", "SEN"}, {"SO", "SOM"}, {"SR", "SUR"}, {"SS", "SSD"},
	{"ST", "STP"}, {"SV", "SLV"}, {"SX", "SXM"}, {"SY", "SYR"},
	{"SZ", "SWZ"}, {"TC", "TCA"}, {"TD", "TCD"}, {"TF", "ATF"},
	{"TG", "TGO"}, {"TH", "THA"}, {"TJ", "TJK"}, {"TK", "TKL"},
	{"TL", "TLS"}, {"TM", "TKM"}, {"TN", "TUN"}, {"TO", "TON"},
	{"TR", "TUR"}, {"TT", "TTO"}, {"TV", "TUV"}, {"TW", "TWN"},
	{"TZ", "TZA"}, {"UA", "UKR"}, {"UG", "UGA"}, {"UM", "UMI"},
	{"US", "USA"}, {"UY", "URY"}, {"UZ", "UZB"}, {"VA", "VAT"},
	{"VC", "VCT"}, {"VE", "VEN"}, {"VG", "VGB"}, {"VI", "VIR"},
	{"VN", "VNM"}, {"VU", "VUT"}, {"WF", "WLF"}, {"WS", "WSM"},
	{"YE", "YEM"}, {"YT", "MYT"}, {"ZA", "ZAF"}, {"ZM", "ZMB"},
	{"ZW", "ZWE"},
};

/*
 * Codes that are not ISO 3166-1 but do arrive on documents and lists:
 * ICAO 9303 part 3 (British nationals of other classes, United Nations,
 * stateless and refugees, international organisations, RKS for Kosovo),
 * the user-assigned XKX of the EU for Kosovo, and withdrawn ISO codes still
 * printed on older passports. Most stand for themselves; a few become the
 * current code. Only RKS has an alpha-2 (XK). Sorted by code.
 */
static const struct special {
	const char *code;
	const char *a3;
	const char *a2;
} specials[] = {
	{"ANT", "ANT", NULL},	/* Netherlands Antilles, withdrawn 2010 */
	{"CSK", "CSK", NULL},	/* Czechoslovakia */
	{"EUE", "EUE", NULL},	/* European Union */
	{"GBD", "GBD", NULL},	/* British Overseas Territories citizen */
	{"GBN", "GBN", NULL},	/* British National (Overseas) */
	{"GBO", "GBO", NULL},	/* British Overseas citizen */
	{"GBP", "GBP", NULL},	/* British protected person */
	{"GBS", "GBS", NULL},	/* British subject */
	{"RKS", "RKS", "XK"},	/* Kosovo */
	{"ROM", "ROU", NULL},	/* Romania before 2002 */
	{"SCG", "SCG", NULL},	/* Serbia and Montenegro */
	{"SUN", "SUN", NULL},	/* USSR */
	{"TMP", "TLS", NULL},	/* East Timor before 2002 */
	{"UNA", "UNA", NULL},	/* specialized agency of the UN */
	{"UNK", "UNK", NULL},	/* resident of Kosovo, UNMIK document */
	{"UNO", "UNO", NULL},	/* United Nations */
	{"XBA", "XBA", NULL},	/* African Development Bank */
	{"XCC", "XCC", NULL},	/* Caribbean Community */
	{"XCE", "XCE", NULL},	/* Council of Europe */
	{"XCO", "XCO", NULL},	/* COMESA */
	{"XDC", "XDC", NULL},	/* Southern African Development Comm. */
	{"XEC", "XEC", NULL},	/* ECOWAS */
	{"XES", "XES", NULL},	/* Org. of Eastern Caribbean States */
	{"XIM", "XIM", NULL},	/* African Export-Import Bank */
	{"XKX", "RKS", NULL},	/* Kosovo, EU user-assigned code */
	{"XMP", "XMP", NULL},	/* Parl. Assembly of the Mediterranean */
	{"XOM", "XOM", NULL},	/* Sovereign Military Order of Malta */
	{"XPO", "XPO", NULL},	/* Interpol */
	{"XXA", "XXA", NULL},	/* stateless person */
	{"XXB", "XXB", NULL},	/* refugee, 1951 Convention */
	{"XXC", "XXC", NULL},	/* refugee, other */
	{"XXX", "XXX", NULL},	/* unspecified nationality */
	{"YUG", "YUG", NULL},	/* Yugoslavia */
	{"ZAR", "COD", NULL},	/* Zaire */
	{"ZZZ", "ZZZ", NULL},	/* unknown */
};

/* Alpha-2 codes ISO reserves exceptionally, seen in EU and UK data. */
static const struct country2 alpha2_extra[] = {
	{"EL", "GRC"}, {"UK", "GBR"}, {"XK", "RKS"},
};

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

static int
cmp_code(const void *key, const void *elem)
{
	return strcmp(key, elem);	/* every table starts with its key */
}

static int
cmp_special(const void *key, const void *elem)
{
	return strcmp(key, ((const struct special *)elem)->code);
}

/* Upper case, spaces and '<' fillers trimmed ("D<<"); 0 or -1. */
static int
country_key(const char *in, char key[4])
{
	size_t len, n = 0;

	if (in == NULL)
		return -1;
	while (*in == ' ' || *in == '<')
		in++;
	for (len = strlen(in); len > 0 && (in[len - 1] == ' ' ||
	    in[len - 1] == '<'); len--)
		;
	if (len == 0 || len > 3)
		return -1;
	for (; n < len; n++) {
		char c = in[n];

		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (c < 'A' || c > 'Z')
			return -1;
		key[n] = c;
	}
	key[n] = '\0';
	return 0;
}

const char *
norm_country(const char *in)
{
	const struct country *c;
	const struct country2 *c2;
	const struct special *sp;
	char key[4];

	if (country_key(in, key) == -1)
		return NULL;
	switch (strlen(key)) {
	case 1:		/* 9303 writes Germany as D */
		return strcmp(key, "D") == 0 ? "DEU" : NULL;
	case 2:
		if ((c2 = bsearch(key, by_alpha2, NITEMS(by_alpha2),
		    sizeof(by_alpha2[0]), cmp_code)) != NULL)
			return c2->a3;
		for (size_t i = 0; i < NITEMS(alpha2_extra); i++) {
			if (strcmp(key, alpha2_extra[i].a2) == 0)
				return alpha2_extra[i].a3;
		}
		return NULL;
	}
	if ((c = bsearch(key, by_alpha3, NITEMS(by_alpha3),
	    sizeof(by_alpha3[0]), cmp_code)) != NULL)
		return c->a3;
	if ((sp = bsearch(key, specials, NITEMS(specials), sizeof(specials[0]),
	    cmp_special)) != NULL)
		return sp->a3;
	return NULL;
}

const char *
norm_country_alpha2(const char *alpha3)
{
	const char *a3 = norm_country(alpha3);
	const struct country *c;
	const struct special *sp;

	if (a3 == NULL)
		return NULL;
	if ((c = bsearch(a3, by_alpha3, NITEMS(by_alpha3), sizeof(by_alpha3[0]),
	    cmp_code)) != NULL)
		return c->a2;
	if ((sp = bsearch(a3, specials, NITEMS(specials), sizeof(specials[0]),
	    cmp_special)) != NULL)
		return sp->a2;
	return NULL;
}
