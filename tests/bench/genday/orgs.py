"""Companies, addresses, telephone numbers and e-mail addresses: the
parties of shipments, the organisations on watchlists, travellers'
contacts.

A company is named by an invented brand, a place and a brand, or its
founder's family name (mostly of the surnames' long tail), with a word of
its trade and its legal form: distinct enough that shipment parties
rarely resemble a list's organisations unless planted there.
"""

from cultures import BY_NAME
from names import pick_weighted, mrz
from world import COUNTRIES, TRADE, LEGAL, BRAND_ENDINGS, IMAGERY, STREET


class Company:
    """A company: its name as registered (legal form included), the legal
    form on its own, country (alpha-3), address."""

    def __init__(self, name, form, country, street, city, postcode):
        self.name, self.form, self.country = name, form, country
        self.street, self.city, self.postcode = street, city, postcode


CONSONANTS, VOWELS, FINALS = "BCDFGHKLMNPRSTVZ", "AEIOU", "LMNRSX"


def brand(rng):
    """An invented word (KOLVERANEX): syllables of any consonant and vowel,
    so that two companies rarely share one, nor come within a typing error
    of it, as distinct as real brand names are. Three or four syllables:
    of three alone, the consonants that make a name's sound (the matcher's
    phonetic keys: K, C and G one) are a few thousand, and one brand in
    ten sounded like one of a tenth of the day's lists."""
    word = "".join(rng.choice(CONSONANTS) + rng.choice(VOWELS) +
                   (rng.choice(FINALS) if rng.random() < 0.4 else "")
                   for _ in range(rng.choice([3, 4, 4])))
    return word + rng.choice(BRAND_ENDINGS) if rng.random() < 0.5 else word


def founder(rng, country):
    """A family name for a company named after its founder (HUBER, PATEL),
    mostly from the long tail of a culture that has one (LEWIS INC is one
    part short of every LEWIS on a list); None for the others (a hundred
    Chinese surnames name no company apart)."""
    c = BY_NAME[pick_weighted(rng, COUNTRIES[country]["cultures"])]
    if c.script != "latin" or not c.tail:
        return None
    pool = c.tail if rng.random() < 0.9 else c.head
    return mrz(rng.choice(pool), "strip")


def company_core(rng, country):
    u = rng.random()
    city = rng.choice(COUNTRIES[country]["cities"])
    first, second = founder(rng, country), founder(rng, country)
    if u < 0.5 or (u >= 0.7 and first is None):
        return brand(rng)
    if u < 0.7:
        return f"{city} {brand(rng)}"
    if u < 0.9:
        return first
    if u < 0.95 and second is not None:
        return f"{first} AND {second}"
    return f"{rng.choice(IMAGERY)} {brand(rng)}"


def make_company(rng, country):
    """A company of country: core, a word of its trade, its legal form."""
    c = COUNTRIES[country]
    trade = TRADE.get(c["lang"], TRADE["en"])
    form = rng.choice(LEGAL.get(c["a2"], LEGAL["US"]))
    words = [company_core(rng, country)]
    if rng.random() < 0.9:
        words.append(rng.choice(trade))
    name = " ".join(words + [form])
    street, city, postcode = address(rng, country)
    return Company(name, form, country, street, city, postcode)


def address(rng, country):
    """A street line, city and postcode as that country writes them."""
    c = COUNTRIES[country]
    pattern, names, kinds = STREET.get(c["lang"], STREET["en"])
    # Streets named after people too, so that few addresses are shared.
    x = founder(rng, country) if rng.random() < 0.6 else None
    if x is None:
        x = rng.choice(names) if rng.random() < 0.7 else brand(rng)
    street = pattern.format(n=rng.randint(1, 2999), x=x, s=rng.choice(kinds))
    if c["lang"] == "de":
        street = street.replace(" STRASSE", "STRASSE")
    city = rng.choice(c["cities"])
    postcode = str(rng.randint(10000, 99999)) if c["a2"] not in ("GB", "IE", "CA", "NL") \
        else f"{rng.choice('ABCDEFGHJKLMNPRSTW')}{rng.randint(1, 9)} {rng.randint(1, 9)}" \
             f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
    return street, city, postcode


def phone(rng, country):
    """(calling code, national number) of a telephone in country."""
    code = COUNTRIES[country]["phone"]
    return code, f"{rng.randint(20, 99)}{rng.randint(1000000, 9999999)}"


def phone_text(number, style):
    """A telephone as carriers write it: +CC, 00CC or digits only."""
    code, rest = number
    if style == 0:
        return f"+{code} {rest[:3]} {rest[3:]}"
    if style == 1:
        return f"00{code}{rest}"
    return f"{code}{rest}"


MAIL_DOMAINS = ["POSTMAIL.EXAMPLE", "WEBMAIL.EXAMPLE", "MAILBOX.EXAMPLE", "NETMAIL.EXAMPLE",
                "INBOX.EXAMPLE", "ANONMAIL.EXAMPLE"]
