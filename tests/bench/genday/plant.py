"""Planted true matches: travellers and shipment parties that are list
entries, sent as real data would send them, each in one variant of the
name the list holds:

  order        surname and given name swapped by the carrier
  middle       a middle name the list has, the carrier left out
  typo         one typing error in a word of four letters or more
  translit     another transliteration: MOHAMMED for MUHAMMAD, IURII (ICAO
               9303) for YURIY (BGN/PCGN)
  romanisation an East Asian name in another system: KUO or KWOK for GUO
               (Wade-Giles, Cantonese), CHOE for CHOI, OHTA for OTA
  diacritics   the list's MÜLLER or NGUYỄN as the passport's MUELLER, NGUYEN
  glued-title  a PNR's title run into the given name (JOHNMR), TIF and DOCS
  legal-form   a company without its legal form, or with it written otherwise
  org-typo     one typing error in a company's name

Each planted row names the record it was sent in (person: the document
number; shipment: the waybill or bill number), so that recall is measured
on that record: a glued title must be found on the PNR that glued it.
"""

import names
from flights import add_booking, pnr_given, traveller
from cargo import Party, imp_safe
from orgs import address, phone
from world import COUNTRIES

PERSON_VARIANTS = ["order", "middle", "typo", "translit", "romanisation", "diacritics",
                   "glued-title"]
PARTY_PERSON_VARIANTS = ["typo", "middle", "translit", "diacritics"]
ORG_VARIANTS = ["legal-form", "org-typo"]


def carrier_spelling(entry, rng):
    """The list's spelling as a passport's MRZ would carry it."""
    sur, given = entry["_spelled"]
    style = "icao" if rng.random() < 0.5 else "strip"
    return names.mrz(sur, style), [names.mrz(g, style) for g in given]


def person_variant(entry, variant, rng):
    """(surname, given names, glued given or None) as sent, or None when the
    entry's name cannot show that variant."""
    sur, given = entry["_spelled"]
    ascii_name = names.is_ascii(sur + "".join(given))
    if variant != "diacritics" and not ascii_name:
        return None             # keep the variant the only difference
    base = carrier_spelling(entry, rng)
    if variant == "order":
        return base[1][0], [base[0]] + base[1][1:], None
    if variant == "middle":
        return (base[0], base[1][:1], None) if len(base[1]) > 1 else None
    if variant == "typo":
        out = names.typo_name(base[0], base[1], rng)
        return (out[0], out[1], None) if out else None
    if variant in ("translit", "romanisation"):
        table = names.ARABIC_ALT if variant == "translit" else names.EAST_ALT
        out = names.translit_name(entry["_person"], entry["_spelled"], rng, table)
        if not out or not names.is_ascii(out[0] + "".join(out[1])):
            return None
        return names.mrz(out[0]), [names.mrz(g) for g in out[1]], None
    if variant == "diacritics":
        return None if ascii_name else (base[0], base[1], None)
    if variant == "glued-title":
        if len(base[1][0]) < 3:
            return None
        return base[0], base[1], names.glued_title(base[1][0], entry["_person"].gender, rng)
    raise ValueError(variant)


def take(pool, fits):
    """The first entry of pool not planted yet for which fits gives a
    result; it is planted from then on (once, as traveller or party)."""
    for entry in pool:
        if entry.get("_planted"):
            continue
        out = fits(entry)
        if out is not None:
            entry["_planted"] = True
            return entry, out
    return None, None


def row(kind, transport, day, name, entry, variant, subject):
    return {"kind": kind, "transport_id": transport, "arrival_date": day.isoformat(),
            "name": name, "entry_id": entry["id"], "agency": entry["_agency"],
            "list": entry["_list"], "variant": variant, "subject": subject}


def choose_people(sample, n, rng):
    """n (entry, variant, name as sent, crew) for travellers, the variants in
    turn, a few of them crew. Chosen before the flights are filled, so that
    each flight's planted travellers board it as it is written."""
    chosen = []
    pool = list(sample)
    rng.shuffle(pool)
    for i in range(n):
        entry = None
        for k in range(len(PERSON_VARIANTS)):
            variant = PERSON_VARIANTS[(i + k) % len(PERSON_VARIANTS)]
            entry, out = take(pool, lambda e: person_variant(e, variant, rng))
            if entry is not None:
                break
        if entry is None:
            break
        crew = variant != "glued-title" and rng.random() < 0.07
        chosen.append((entry, variant, out, crew))
    return chosen


def board_planted(flight, item, rng, agencies):
    """The planted traveller on the flight; his planted.csv row."""
    entry, variant, out, crew = item
    t = board(flight, entry["_person"], crew, rng, agencies)
    t.surname, t.given = out[0], out[1]
    if t.booking is not None:
        t.pnr_given = out[2] or pnr_given(t, rng)
        t.docs_given = out[2]
    sent = [t.surname, out[2]] + t.given[1:] if out[2] else [t.surname] + t.given
    t.planted = row("person", flight.ident, flight.arr_local.date(), " ".join(sent),
                    entry, variant, t.doc_number)
    return t.planted


def board(flight, person, crew, rng, agencies):
    """The planted person on the flight: crew, or a passenger booked alone."""
    if crew:
        t = traveller(person, "crew", rng, flight.arr_local.date())
        flight.crew.append(t)
        return t
    b = add_booking(flight, [(person, "A")], rng, agencies, planted=True)
    return b.travellers[0]


# ---- shipment parties ----

def org_variant(entry, variant, rng):
    """The company's name as a waybill sends it in the variant, or None."""
    company = entry["_company"]
    if variant == "legal-form":
        sent = names.legal_form_variant(company.name, company.form, rng)
    else:
        form = set(company.form.split())
        words = company.name.split()
        picks = [k for k, x in enumerate(words) if len(x) >= 5 and x not in form and
                 x.isalpha()]
        if not picks:
            return None
        k = rng.choice(picks)
        words[k] = names.typo(words[k], rng)
        sent = " ".join(words)
    # A name over Cargo-IMP's 35 characters would be cut: a second change.
    if max(len(company.name), len(sent)) > 35 or imp_safe(sent) == imp_safe(company.name) \
            or len(sent) < 4:
        return None
    return imp_safe(sent)


def party_person_variant(entry, variant, rng):
    out = person_variant(entry, variant, rng)
    if out is None:
        return None
    name = " ".join(out[1] + [out[0]])
    return name if len(name) <= 35 else None


def plant_shipments(sample, conveyances, n, rng, today):
    """n shipment parties: companies (seven in ten) and private persons."""
    rows = []
    orgs = list(sample["organization"])
    people = [e for e in sample["person"] if e.get("_person")]
    rng.shuffle(orgs)
    rng.shuffle(people)
    targets = [(c, s) for c in conveyances for s in c.all_shipments()]
    for i in range(n):
        conv, ship = rng.choice(targets)
        if i % 10 < 7:
            variant = ORG_VARIANTS[i % 2]
            entry, sent = take(orgs, lambda e: org_variant(e, variant, rng))
        else:
            variant = PARTY_PERSON_VARIANTS[i % 4]
            entry, sent = take(people, lambda e: party_person_variant(e, variant, rng))
        if entry is None:
            continue
        role = "consignee" if rng.random() < 0.6 else "shipper" if rng.random() < 0.8 or \
            ship.notify is None else "notify"
        setattr(ship, role, party_for(entry, sent, rng))
        rows.append(row("shipment", conv.ident, conv.arr_local.date(), sent, entry, variant,
                        ship.number))
    return rows


def party_for(entry, name, rng):
    """The party as the waybill names it: the entry's own address for a
    company, one in its country for a person."""
    if "_company" in entry:
        c = entry["_company"]
        return Party(name, c.street, c.city, c.postcode, COUNTRIES[c.country]["a2"],
                     phone(rng, c.country))
    country = entry["_person"].nationality
    street, city, postcode = address(rng, country)
    return Party(name, street, city, postcode, COUNTRIES[country]["a2"], person=True)
