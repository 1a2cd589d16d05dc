"""People and their names: who they are, how a list owner writes them, how
a carrier sends them, and the variants that make a planted traveller
differ from his list entry the way real data does.

A Person holds his names as their owner writes them (diacritics,
Cyrillic). spell() turns them into Latin letters the way one writer does
(a transliteration scheme, a choice among the spellings of an Arabic or
Chinese name); mrz() makes them what a passport's machine-readable zone
and so the carriers' systems carry (capitals, no diacritics).

Names are drawn as real ones fall (cultures.py): a head of common names by
Zipf and a long tail of rare ones, so that most travellers share their
full name with no list entry and a list hits a few records in a hundred,
not one in nine as when every name came from a few hundred.
"""

import bisect
import unicodedata
from datetime import date, timedelta

import cultures
from world import COUNTRIES


class Person:
    def __init__(self, culture, gender, given, surnames, birth, nationality):
        self.culture, self.gender = culture, gender
        self.given, self.surnames = given, surnames   # lists of native words
        self.birth, self.nationality = birth, nationality


# ---- making people ----

def pick_weighted(rng, mix):
    """A key of mix drawn by its weight."""
    keys = list(mix)
    return rng.choices(keys, [mix[k] for k in keys])[0]


_CUMULATIVE = {}


def zipf(rng, pool, q=20):
    """An item of pool, the first ones more often, as name frequencies fall
    (Zipf-Mandelbrot, weight 1 / (rank + q)): SMITH comes as about one
    English surname in seventy, JAMES as one man's name in twenty-five."""
    key = (id(pool), q)
    if key not in _CUMULATIVE:
        total, acc = 0.0, []
        for r in range(len(pool)):
            total += 1 / (r + q)
            acc.append(total)
        _CUMULATIVE[key] = acc
    acc = _CUMULATIVE[key]
    return pool[min(bisect.bisect_left(acc, rng.random() * acc[-1]), len(pool) - 1)]


def surname(rng, c, gender):
    """A family name: a common one (c.common of them, by Zipf), or one of
    the long tail, any as likely as another."""
    s = zipf(rng, c.head) if not c.tail or rng.random() < c.common else rng.choice(c.tail)
    return feminine(c, s, gender)


def given_name(rng, c, gender):
    """A given name: a common one (c.given_common of them, by Zipf, given
    names being fewer than surnames), or one of the tail."""
    head, tail = (c.male, c.male_tail) if gender == "M" else (c.female, c.female_tail)
    if tail and rng.random() >= c.given_common:
        return rng.choice(tail)
    return zipf(rng, head, 12)


def birth_date(rng, today, lo=18, hi=80):
    """A birth date lo to hi years before today (never after it, never before
    1927: a two-digit year must not read as this century's)."""
    start = max(date(1927, 1, 1), date(today.year - hi, 1, 1))
    end = today - timedelta(days=365 * lo)
    return start + timedelta(days=rng.randrange(max(1, (end - start).days)))


def make_person(rng, culture, gender, birth, nationality, family=None):
    """A person of culture; family: a surname list to share (a relative)."""
    c = cultures.BY_NAME[culture]
    given = [given_name(rng, c, gender)]
    if c.shape == "arabic":
        # Given, father's and often grandfather's names, family name.
        if rng.random() < c.middle:
            given.append(given_name(rng, c, "M"))
            if rng.random() < 0.4:
                given.append(given_name(rng, c, "M"))
        surnames = family or [surname(rng, c, gender)]
    elif c.shape == "patronym":
        surnames = family or [given_name(rng, c, "M")]
    elif c.shape == "viet":
        middle = rng.choice(["VĂN", "VĂN", "ĐỨC", "MINH", "HỮU"]) if gender == "M" else \
            rng.choice(["THỊ", "THỊ", "THỊ", "NGỌC", "THANH"])
        given = [given[0], middle] if rng.random() < c.middle else given
        surnames = family or [surname(rng, c, gender)]
    elif c.shape == "double":
        surnames = family or ([surname(rng, c, gender), surname(rng, c, gender)]
                              if rng.random() < 0.8 else [surname(rng, c, gender)])
        if rng.random() < c.middle:
            given.append(given_name(rng, c, gender))
    else:
        surnames = family or [surname(rng, c, gender)]
        if rng.random() < c.middle:
            given.append(given_name(rng, c, gender))
    if family and culture in ("polish", "russian", "greek"):
        # A wife or daughter takes the family name in its feminine form.
        surnames = [feminine(c, s, gender) for s in family]
    return Person(culture, gender, dedupe(given), surnames, birth, nationality)


def feminine(c, s, gender):
    """The surname's form for gender where the culture has two
    (KOWALSKI/KOWALSKA, ИВАНОВ/ИВАНОВА)."""
    for ending, fem in c.feminine.items():
        if gender == "F" and s.endswith(ending):
            return s[: -len(ending)] + fem
        if gender == "M" and s.endswith(fem):
            return s[: -len(fem)] + ending
    return s


def dedupe(words):
    out = []
    for x in words:
        if x not in out:
            out.append(x)
    return out


def culture_of(rng, nationality):
    return pick_weighted(rng, COUNTRIES[nationality]["cultures"])


# ---- Latin letters ----

# ICAO Doc 9303 part 3, Cyrillic: the scheme of Russian passports since 2013.
CYR_ICAO = dict(zip("АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯІЇЄҐ",
                    "A B V G D E E ZH Z I I K L M N O P R S T U F KH TS CH SH SHCH IE Y - "
                    "E IU IA I I IE G".split()))
# Older Russian passports and BGN/PCGN, which list owners use: Й, Ю, Я and a
# word-initial Е read with a Y.
CYR_BGN = dict(CYR_ICAO, Й="Y", Ю="YU", Я="YA", Ъ="-", Ё="YO", Ї="YI", Є="YE")
# Ukraine's own (2010) system, in Ukrainian passports: Г is H, И is Y.
CYR_UKR = dict(CYR_ICAO, Г="H", И="Y", Й="I", Ю="IU", Я="IA", Ї="I", Є="IE", Ґ="G", Х="KH")


def cyrillic(word, scheme):
    table = {"icao": CYR_ICAO, "bgn": CYR_BGN, "ukr": CYR_UKR}[scheme]
    out = []
    for i, ch in enumerate(word):
        if scheme == "bgn" and ch == "Е" and (i == 0 or word[i - 1] in "АЕЁИОУЫЭЮЯЬЪ"):
            out.append("YE")
        elif ch in table:
            out.append("" if table[ch] == "-" else table[ch])
        else:
            out.append(ch)
    return "".join(out)


def alternatives(groups):
    """Each spelling of a group: the others."""
    out = {}
    for group in groups:
        for word in group:
            out.setdefault(word, [])
            out[word] += [x for x in group if x != word and x not in out[word]]
    return out


ARABIC_ALT = alternatives(cultures.ARABIC_SPELLINGS)
EAST_ALT = alternatives(cultures.EAST_SPELLINGS)
ALTERNATIVES = {k: ARABIC_ALT.get(k, []) + EAST_ALT.get(k, [])
                for k in set(ARABIC_ALT) | set(EAST_ALT)}


def spell_word(word, culture, rng, scheme, keep_first=0.6):
    """One writer's Latin spelling of a native word."""
    c = cultures.BY_NAME[culture]
    if c.script == "cyrillic":
        return cyrillic(word, scheme)
    if word in ALTERNATIVES and rng.random() > keep_first:
        return rng.choice(ALTERNATIVES[word])
    return word


def spell(person, rng, scheme="icao", keep_first=0.6):
    """(surname, [given names]) as one writer spells them."""
    sp = [spell_word(x, person.culture, rng, scheme, keep_first) for x in person.surnames]
    gv = [spell_word(x, person.culture, rng, scheme, keep_first) for x in person.given]
    return " ".join(sp), gv


# The letters ICAO 9303 writes with two (MÜLLER is MUELLER in a German
# passport); every other mark is dropped.
ICAO_LATIN = {"Ä": "AE", "Ö": "OE", "Ü": "UE", "ß": "SS", "Å": "AA", "Æ": "AE", "Ø": "OE",
              "Œ": "OE", "Þ": "TH", "Ð": "D", "Đ": "D", "Ł": "L", "İ": "I", "ı": "I", "Ħ": "H"}


def mrz(text, style="strip"):
    """Capitals A to Z as a passport's machine-readable zone and the check-in
    systems that read it carry a name: "icao" writes Ü as UE, "strip" as U.
    Apostrophes go (O'BRIEN is OBRIEN); hyphens and spaces stay."""
    out = []
    for ch in text.upper():
        if style == "icao" and ch in ICAO_LATIN:
            out.append(ICAO_LATIN[ch])
            continue
        if ch in ("Ł", "Đ", "Ð", "ı", "İ", "ß", "Æ", "Ø", "Œ", "Þ"):
            out.append({"Ł": "L", "Đ": "D", "Ð": "D", "ı": "I", "İ": "I", "ß": "SS",
                        "Æ": "AE", "Ø": "O", "Œ": "OE", "Þ": "TH"}[ch])
            continue
        for d in unicodedata.normalize("NFKD", ch):
            if "A" <= d <= "Z" or d in " -":
                out.append(d)
    return " ".join("".join(out).split())


def is_ascii(text):
    return all(ord(ch) < 128 for ch in text)


def title_case(text):
    """Müller-Lüdenscheidt, O'Brien, de la Cruz: how list owners type names."""
    out, up = [], True
    for ch in text.lower():
        out.append(ch.upper() if up else ch)
        up = not ch.isalpha()
    return "".join(out).replace("Mcc", "McC").replace(" De La ", " de la ")


# ---- the variants of a planted traveller ----

KEYBOARD = {
    "Q": "WA", "W": "QES", "E": "WRD", "R": "ETF", "T": "RYG", "Y": "TUH", "U": "YIJ",
    "I": "UOK", "O": "IPL", "P": "OL", "A": "QSZ", "S": "ADWX", "D": "SFE", "F": "DGR",
    "G": "FHT", "H": "GJY", "J": "HKU", "K": "JLI", "L": "KO", "Z": "XAS", "X": "ZCS",
    "C": "XVD", "V": "CBF", "B": "VNG", "N": "BMH", "M": "NJ",
}


def typo(word, rng):
    """One typing error: a neighbouring key, two letters swapped, one
    dropped or doubled, never the first letter (the rarest slip)."""
    i = rng.randrange(1, len(word))
    kind = rng.choice(["key", "swap", "drop", "double"])
    if kind == "swap" and i < len(word) - 1 and word[i] != word[i + 1]:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind == "drop":
        return word[:i] + word[i + 1:]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice(KEYBOARD.get(word[i], "E")) + word[i + 1:]


def typo_name(surname_, given, rng):
    """A typing error in one word of four letters or more (a slip in a
    three-letter word changes a third of it: no longer one name)."""
    words = [(0, k) for k, x in enumerate(surname_.split()) if len(x) >= 4] + \
            [(1, k) for k, x in enumerate(given) if len(x) >= 4 and "-" not in x]
    if not words:
        return None
    part, k = rng.choice(words)
    if part == 0:
        sw = surname_.split()
        sw[k] = typo(sw[k], rng)
        return " ".join(sw), given
    gv = list(given)
    gv[k] = typo(gv[k], rng)
    return surname_, gv


def translit_name(person, list_spelling, rng, table=None):
    """The passport's spelling where the list owner chose another: an
    Arabic name spelt otherwise (table ARABIC_ALT), an East Asian one in
    another romanisation (EAST_ALT: Wade-Giles, Cantonese, McCune-Reischauer,
    Hepburn's long vowels), a Cyrillic one in ICAO 9303 (or Ukraine's
    scheme) where the list used BGN/PCGN. None when no word has another
    spelling."""
    c = cultures.BY_NAME[person.culture]
    sur, given = list_spelling
    if c.script == "cyrillic":
        if table is EAST_ALT:
            return None
        scheme = "ukr" if person.culture == "ukrainian" else "icao"
        new = spell(person, rng, scheme)
        return new if new != list_spelling else None
    table = table if table is not None else ALTERNATIVES
    words = sur.split() + given
    choices = [k for k, x in enumerate(words) if x in table]
    if not choices:
        return None
    k = rng.choice(choices)
    words = list(words)
    words[k] = rng.choice(table[words[k]])
    n = len(sur.split())
    return " ".join(words[:n]), words[n:]


def glued_title(given, gender, rng):
    """A title run into the given name, as PNRs write it (JOHNMR, ANNAMRS)."""
    title = rng.choice(["MR", "MR", "DR"] if gender == "M" else ["MRS", "MS", "MISS", "DR"])
    return given + title


# ---- organisations ----

def legal_form_variant(name, form, rng):
    """The company with its legal form left out, or written another way."""
    from world import LEGAL
    base = name[: len(name) - len(form)].strip().rstrip(",")
    other = [f for forms in LEGAL.values() for f in forms
             if f != form and f.replace(".", "").replace(",", "") ==
             form.replace(".", "").replace(",", "")]
    spelled = {"LTD": "LIMITED", "LIMITED": "LTD", "CORP": "CORPORATION",
               "CORPORATION": "CORP", "INC": "INCORPORATED", "CO LTD": "COMPANY LIMITED",
               "GMBH": "G.M.B.H.", "SRL": "S.R.L.", "S.R.L.": "SRL", "SARL": "S.A.R.L.",
               "S.A.R.L.": "SARL", "BV": "B.V.", "B.V.": "BV", "AG": "AKTIENGESELLSCHAFT",
               "PVT LTD": "PRIVATE LIMITED", "PRIVATE LIMITED": "PVT LTD",
               "LLC": "L.L.C.", "L.L.C.": "LLC", "PTE LTD": "PRIVATE LIMITED",
               "S.P.A.": "SPA", "SPA": "S.P.A."}
    if form in spelled and rng.random() < 0.5:
        return f"{base} {spelled[form]}"
    if other and rng.random() < 0.3:
        return f"{base} {rng.choice(other)}"
    return base
