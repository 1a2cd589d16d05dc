"""Four agencies' watchlists in the native CSV of CONTRACT.md.

Each list owner writes names its own way (SURNAME, Given or Given
Surname; diacritics kept or dropped; Cyrillic in ICAO 9303 or BGN/PCGN)
and knows its people unevenly: most with a full birth date, some with a
year only, a few without. Entries are written as they are made, so a list
of a million never sits in memory; a sample is kept for planting
(plant.py), each with the name as the list spelt it.
"""

import csv
from datetime import timedelta

import cultures
import names
from names import make_person, culture_of, spell, title_case, pick_weighted
from orgs import make_company, phone, phone_text
from world import COUNTRIES, ORIGINS


class ListSpec:
    def __init__(self, agency, name, share, kinds, countries, order, case, marks, scheme,
                 categories, severity, prefix):
        self.agency, self.name, self.share, self.kinds = agency, name, share, kinds
        self.countries, self.order, self.case, self.marks = countries, order, case, marks
        self.scheme, self.categories, self.severity = scheme, categories, severity
        self.prefix = prefix


def world_mix(extra=None):
    """Nationalities as travel makes them: the departure countries' shares."""
    mix = {}
    for _, cc, share, _, _ in ORIGINS:
        mix[cc] = mix.get(cc, 0) + share
    mix["USA"] = 40
    for cc, weight in (extra or {}).items():
        mix[cc] = mix.get(cc, 0) + weight
    return mix


LISTS = [
    ListSpec("IMMIGRATION", "denied-entry", 0.35, {"person": 100}, world_mix({"MEX": 20}),
             "comma", "title", 0.8, "icao",
             {"denied-entry": 50, "overstay": 25, "visa-fraud": 15, "removal-order": 10},
             {"high": 3, "medium": 5, "low": 2}, "IMM"),
    ListSpec("POLICE", "wanted", 0.25, {"person": 97, "organization": 3}, world_mix(),
             "natural", "title", 0.5, "bgn",
             {"wanted": 60, "arrest-warrant": 25, "person-of-interest": 15},
             {"high": 5, "medium": 4, "low": 1}, "POL"),
    ListSpec("CUSTOMS", "smuggling", 0.10, {"person": 80, "organization": 20},
             world_mix({"COL": 10, "MEX": 10, "NGA": 5}), "natural", "upper", 0.3, "icao",
             {"smuggling": 40, "drugs": 30, "cash-courier": 15, "counterfeit": 15},
             {"high": 4, "medium": 4, "low": 2}, "CUS"),
    ListSpec("CUSTOMS", "cargo", 0.12, {"organization": 85, "person": 15},
             world_mix({"CHN": 40, "HKG": 10, "ARE": 10, "TUR": 5}), "natural", "title", 0.7,
             "icao", {"dual-use export control": 30, "undervaluation": 25,
                      "misdeclaration": 25, "counterfeit goods": 20},
             {"high": 3, "medium": 5, "low": 2}, "CUS-C"),
    ListSpec("TREASURY", "sanctions", 0.18, {"person": 60, "organization": 38, "vessel": 2},
             {"RUS": 25, "IRN": 15, "ARE": 8, "CHN": 10, "TUR": 5, "UKR": 3, "PAK": 4,
              "SAU": 3, "EGY": 3, "HKG": 4, "IND": 3, "MYS": 2, "NGA": 3, "USA": 2, "DEU": 2,
              "GBR": 2, "VNM": 2, "JOR": 2},
             "comma", "upper", 0.0, "bgn",
             {"sanctions": 70, "terrorism-financing": 15, "proliferation": 15},
             {"high": 7, "medium": 3, "low": 0}, "TRS"),
]

HEADER = ["id", "kind", "name", "aliases", "birth_date", "nationality", "documents", "gender",
          "phones", "emails", "addresses", "category", "severity", "note", "expires"]


def write_lists(out, total, rng, today, want):
    """Writes every list, total entries in all; returns the planting sample:
    about want[kind] * 20 entries of each kind, spread over the lists."""
    sample = {"person": [], "organization": []}
    counts = {}
    for spec in LISTS:
        n = max(20, round(total * spec.share))
        path = f"{out}/{spec.agency}-{spec.name}.csv"
        with open(path, "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(HEADER)
            for i in range(n):
                entry = make_entry(spec, i, rng, today)
                writer.writerow([entry.get(k, "") for k in HEADER])
                keep_for_planting(entry, spec, total, want, sample, rng, today)
        counts[path] = n
    return sample, counts


def keep_for_planting(entry, spec, total, want, sample, rng, today):
    kind = entry["kind"]
    if kind not in sample or not entry["_in_force"]:
        return
    share = sum(s.share * s.kinds.get(kind, 0) / 100 for s in LISTS)
    if rng.random() < 20 * want[kind] / max(1, total * share):
        entry["_agency"], entry["_list"] = spec.agency, spec.name
        sample[kind].append(entry)


def make_entry(spec, i, rng, today):
    kind = pick_weighted(rng, spec.kinds)
    nationality = pick_weighted(rng, spec.countries)
    entry = {"id": f"{spec.prefix}-{i + 1:07d}", "kind": kind,
             "category": pick_weighted(rng, spec.categories),
             "severity": pick_weighted(rng, spec.severity) if rng.random() < 0.95 else ""}
    if kind == "person":
        person_entry(entry, spec, nationality, rng, today)
    elif kind == "organization":
        org_entry(entry, spec, nationality, rng)
    else:
        vessel_entry(entry, spec, rng)
    # A few entries end: some already have (not in force, never planted).
    entry["_in_force"] = True
    if rng.random() < 0.05:
        end = today + timedelta(days=rng.randint(-400, 900))
        entry["expires"] = end.isoformat()
        entry["_in_force"] = end >= today + timedelta(days=2)
    return entry


def person_entry(entry, spec, nationality, rng, today):
    gender = rng.choice("MF")
    culture = culture_of(rng, nationality)
    person = make_person(rng, culture, gender, names.birth_date(rng, today, 16, 80),
                         nationality)
    sur, given = spell(person, rng, spec.scheme)
    keep_marks = rng.random() < spec.marks
    if not keep_marks:
        sur, given = names.mrz(sur, "strip"), [names.mrz(g, "strip") for g in given]
    entry.update(name=format_name(spec, sur, given, rng), _person=person,
                 _spelled=(sur.upper(), [g.upper() for g in given]))
    entry["aliases"] = person_aliases(person, (sur, given), spec, rng)
    entry["birth_date"], entry["_birth"] = list_birth(person, rng)
    entry["nationality"] = nationality if rng.random() < 0.8 else COUNTRIES[nationality]["a2"]
    if rng.random() < 0.05:
        entry["nationality"] = ""
    entry["gender"] = gender if rng.random() < 0.9 else ""
    if rng.random() < 0.2:
        entry["documents"] = f"P:{nationality}:{passport_number(rng)}"
    if rng.random() < 0.03:
        entry["phones"] = phone_text(phone(rng, nationality), 0)
    entry["note"] = rng.choice(["", "", "", "Refused entry 2024", "Do not approach",
                                "Contact the duty officer", "Subject of an inquiry"])


def format_name(spec, sur, given, rng):
    """The name as this list owner writes it."""
    g = " ".join(given)
    if spec.case == "title":
        sur, g = title_case(sur), title_case(g)
    if spec.order == "comma":
        return f"{sur.upper() if spec.case == 'upper' else sur}, {g}"
    return f"{g} {sur}"


def person_aliases(person, spelled, spec, rng):
    """Other spellings the owner knows: another transliteration, the native
    Cyrillic, a name without its middle names."""
    if rng.random() > 0.15:
        return ""
    out = []
    alt = names.translit_name(person, spelled, rng)
    if alt:
        out.append(" ".join(alt[1] + [alt[0]]))
    if cultures.BY_NAME[person.culture].script == "cyrillic" and rng.random() < 0.5:
        out.append(" ".join(person.given + person.surnames).title())
    return "; ".join(out)


def list_birth(person, rng):
    """The birth date as the list knows it: full, year and month, year, none."""
    u = rng.random()
    if u < 0.88:
        return person.birth.isoformat(), "full"
    if u < 0.90:
        return person.birth.strftime("%Y-%m"), "month"
    if u < 0.96:
        return str(person.birth.year), "year"
    return "", "none"


def passport_number(rng):
    return rng.choice("CFGHJKLMNPRTVWXYZ") + "".join(rng.choice("0123456789CFGHJKLMNPRTVWXYZ")
                                                     for _ in range(8))


def org_entry(entry, spec, nationality, rng):
    company = make_company(rng, nationality)
    name = company.name if spec.case == "upper" else title_case(company.name)
    entry.update(name=name, _company=company, nationality=COUNTRIES[nationality]["a2"])
    if rng.random() < 0.2:
        entry["aliases"] = company.name[: -len(company.form)].strip()
    if rng.random() < 0.1:
        entry["addresses"] = f"{company.street}, {company.city}"


def vessel_entry(entry, spec, rng):
    from cargo_world import vessel_name, imo_number
    entry.update(name=vessel_name(rng), documents=f"IMO::{imo_number(rng)}",
                 nationality=rng.choice(["PA", "LR", "MH", "KM", "CM", "TZ"]))
