"""200 risk rules of four agencies (CONTRACT.md, "Risk rules"), made from
templates with drawn parameters: every field family of people and
shipments, every operator, most rules rarely true as real profiles are.
A rule on nationality, gender or age carries the justification governance
asks for.
"""

import json

from world import ARRIVALS, ORIGINS, GOODS, CARGO_ARRIVALS

COUNTRIES = sorted({o[1] for o in ORIGINS})
AIRPORTS = [o[0] for o in ORIGINS]
US_PORTS = [a[0] for a in ARRIVALS]
HS = sorted({g[1] for g in GOODS if g[1]})
PREFIX = {"CUSTOMS": "CUS", "IMMIGRATION": "IMM", "BIOSECURITY": "BIO", "POLICE": "POL"}


def cond(field, op, value=None):
    return {"field": field, "op": op} if value is None else \
        {"field": field, "op": op, "value": value}


def all_(*c):
    return {"all": list(c)}


def any_(*c):
    return {"any": list(c)}


def via(c):
    return cond("route.countries", "contains", c)


class Templates:
    """Each method draws one rule: (agency, title, when[, referral])."""

    def __init__(self, rng):
        self.r = rng

    # -- passengers --

    def cash_late(self):
        h, c = self.r.choice([24, 48, 72, 96]), self.r.choice(COUNTRIES)
        return ("CUSTOMS", f"Paid in cash, booked under {h} h before departure, via {c}",
                all_(cond("booking.payment_types", "contains", "CA"),
                     cond("booking.hours_before_departure", "lt", h), via(c)))

    def one_way_late(self):
        h, p = self.r.choice([12, 24, 48]), self.r.sample(AIRPORTS, 3)
        return ("IMMIGRATION", f"One way, booked under {h} h before departure from "
                f"{'/'.join(p)}", all_(cond("booking.one_way", "eq", True),
                                       cond("booking.hours_before_departure", "lt", h),
                                       cond("departure_port", "in", p)))

    def passport_expiring(self):
        d, c = self.r.choice([30, 60, 90]), self.r.sample(COUNTRIES, 2)
        return ("IMMIGRATION", f"Passport expiring within {d} days, journey via "
                f"{' or '.join(c)}", all_(cond("document.type", "eq", "P"),
                                          cond("document.days_to_expiry", "lt", d),
                                          any_(*[via(x) for x in c])))

    def heavy_bags(self):
        b, c = self.r.choice([4, 5]), self.r.sample(COUNTRIES, 2)
        return ("BIOSECURITY", f"{b} bags or more from {', '.join(c)}: food and plants",
                all_(cond("booking.bags", "ge", b), any_(*[via(x) for x in c])))

    def agency_prefix(self):
        p = f"{self.r.randint(10, 99)}{self.r.randint(0, 9)}"
        return ("CUSTOMS", f"Booked by travel agencies {p}xxxxx (ticket fraud inquiry)",
                cond("booking.travel_agency", "matches", f"^{p}[0-9]{{5}}"))

    def agency_starts(self):
        p = f"{self.r.randint(10, 99)}"
        c = self.r.choice(COUNTRIES)
        return ("POLICE", f"Agency numbers {p}... selling one-way tickets via {c}",
                all_(cond("booking.travel_agency", "starts_with", p),
                     cond("booking.one_way", "eq", True), via(c)))

    def phone_cash(self):
        cc = self.r.choice(["234", "92", "57", "51", "507", "212", "880", "63"])
        return ("CUSTOMS", f"Cash payment with a +{cc} contact number",
                all_(cond("booking.phones", "matches", f"^(\\+|00){cc}"),
                     cond("booking.payment_types", "contains", "CA")))

    def email_domain(self):
        h, p = self.r.choice([48, 72, 120]), self.r.choice(US_PORTS)
        return ("CUSTOMS", f"Throwaway e-mail domain, booked under {h} h, to {p}",
                all_(cond("booking.emails", "contains", "@ANONMAIL.EXAMPLE"),
                     cond("booking.hours_before_departure", "lt", h),
                     cond("arrival_port", "eq", p)))

    def no_contacts(self):
        p = self.r.sample(AIRPORTS, 2)
        return ("POLICE", f"No telephone and no e-mail, one way from {' or '.join(p)}",
                all_(cond("booking.phones", "missing"), cond("booking.emails", "missing"),
                     cond("booking.one_way", "eq", True), cond("departure_port", "in", p)))

    def two_countries(self):
        a, b = self.r.sample(COUNTRIES, 2)
        return (self.r.choice(["CUSTOMS", "BIOSECURITY", "POLICE"]),
                f"Route through both {a} and {b}", all_(via(a), via(b)))

    def minor_alone(self):
        age, p = self.r.choice([14, 16, 18]), self.r.choice(AIRPORTS)
        return ("IMMIGRATION", f"Under {age} travelling alone on a one-way ticket from {p}",
                all_(cond("age", "lt", age), cond("booking.party_size", "eq", 1),
                     cond("booking.one_way", "eq", True), cond("departure_port", "eq", p)))

    def nationality_route(self):
        nat, c = self.r.sample(COUNTRIES, 3), self.r.choice(COUNTRIES)
        return ("IMMIGRATION", f"Nationals of {', '.join(nat)} routed via {c}, one way",
                all_(cond("nationality", "in", nat), via(c),
                     cond("booking.one_way", "eq", True)))

    def young_cash(self):
        c = self.r.choice(COUNTRIES)
        return ("CUSTOMS", f"Men 18 to 30 via {c}, one way, paid in cash",
                all_(cond("gender", "eq", "M"), cond("age", "between", [18, 30]),
                     cond("booking.one_way", "eq", True), via(c),
                     cond("booking.payment_types", "contains", "CA")))

    def last_minute(self):
        h, p = self.r.choice([4, 6, 8]), self.r.choice(US_PORTS)
        return ("CUSTOMS", f"Booked under {h} h before departure, arriving {p}",
                all_(cond("booking.hours_before_departure", "le", h),
                     cond("arrival_port", "eq", p)))

    def booked_window(self):
        lo, c = self.r.choice([3, 5, 8]), self.r.choice(COUNTRIES)
        return ("POLICE", f"Booked {lo} to {lo + 4} h before departure, via {c}",
                all_(cond("booking.hours_before_departure", "between", [lo, lo + 4]), via(c)))

    def party_other_payment(self):
        k, c = self.r.choice([4, 5]), self.r.choice(COUNTRIES)
        return ("CUSTOMS", f"Party of {k} or more via {c} paid by neither card nor cash",
                all_(cond("booking.party_size", "ge", k), via(c),
                     cond("booking.payment_types", "contains", "MS"),
                     {"not": cond("booking.payment_types", "contains", "CC")}))

    def no_booking_expiring(self):
        d, p = self.r.choice([14, 30, 45]), self.r.choice(AIRPORTS)
        return ("IMMIGRATION", f"No booking data, passport expiring within {d} days, from {p}",
                all_(cond("booking.payment_types", "missing"),
                     cond("document.days_to_expiry", "lt", d),
                     cond("departure_port", "eq", p)))

    def doc_country(self):
        c, p = self.r.sample(COUNTRIES, 2), self.r.choice(AIRPORTS)
        return ("IMMIGRATION", f"Passport of {' or '.join(c)} on a flight from {p}",
                all_(cond("document.country", "in", c), cond("departure_port", "eq", p)))

    def route_port(self):
        p = self.r.sample(AIRPORTS, 2)
        return ("BIOSECURITY", f"Connection {p[0]} then {p[1]}, return not booked",
                all_(cond("route.ports", "contains", p[0]), cond("route.ports", "contains", p[1]),
                     cond("booking.one_way", "ne", False)))

    def placeholder_name(self):
        p = self.r.sample(AIRPORTS, 3)
        return ("IMMIGRATION", f"Name with a placeholder (FNU, LNU, UNKNOWN) from "
                f"{'/'.join(p)}",
                all_(cond("name", "matches", "(^| )(FNU|LNU|UNKNOWN)( |$)"),
                     cond("departure_port", "in", p)))

    def bags_alone(self):
        b, p = self.r.choice([3, 4]), self.r.choice(US_PORTS)
        return ("CUSTOMS", f"Alone, one way, more than {b} bags, to {p}",
                all_(cond("booking.bags", "gt", b), cond("booking.party_size", "le", 1),
                     cond("booking.one_way", "eq", True), cond("arrival_port", "eq", p)))

    def long_validity(self):
        c = self.r.sample(COUNTRIES, 2)
        return ("IMMIGRATION", f"Passport of {' or '.join(c)} valid over ten more years",
                all_(cond("document.days_to_expiry", "ge", 3650),
                     cond("document.country", "in", c)))

    def not_from(self):
        p, dest = self.r.sample(AIRPORTS, 4), self.r.choice(US_PORTS)
        return ("POLICE", f"Cash, into {dest}, not from {'/'.join(p)}",
                all_(cond("departure_port", "not_in", p), cond("arrival_port", "eq", dest),
                     cond("booking.payment_types", "contains", "CA"),
                     cond("booking.travel_agency", "exists")))

    # -- crew and everyone --

    def crew_expiring(self):
        d = self.r.choice([14, 30, 60])
        return ("IMMIGRATION", f"Crew member whose document expires within {d} days",
                cond("document.days_to_expiry", "lt", d))

    def crew_nationality(self):
        nat, p = self.r.sample(COUNTRIES, 2), self.r.sample(AIRPORTS, 2)
        return ("IMMIGRATION", f"Crew of {'/'.join(nat)} nationality on flights from "
                f"{'/'.join(p)}", all_(cond("nationality", "in", nat),
                                       cond("departure_port", "in", p)))

    def crew_age(self):
        a, p = self.r.choice([62, 65]), self.r.sample(AIRPORTS, 2)
        return ("IMMIGRATION", f"Crew member over {a} on flights from {'/'.join(p)}",
                all_(cond("age", "gt", a), cond("departure_port", "in", p)))

    def crew_certificate(self):
        p = self.r.sample(US_PORTS, 3)
        return ("IMMIGRATION", f"Crew on a crew member certificate into {'/'.join(p)}",
                all_(cond("document.type", "contains", "AC"), cond("arrival_port", "in", p)))

    def expired_document(self):
        p = self.r.choice(AIRPORTS)
        return ("IMMIGRATION", f"Travelling on an expired document from {p}",
                all_(cond("document.days_to_expiry", "lt", 0), cond("departure_port", "eq", p)))

    # -- shipments --

    def hs_origin(self):
        hs, c = self.r.choice(HS)[:4], self.r.sample(COUNTRIES, 2)
        return (self.r.choice(["CUSTOMS", "BIOSECURITY"]), f"HS {hs} from {' or '.join(c)}",
                all_(cond("goods.hs_codes", "starts_with", hs), cond("origin_country", "in", c)))

    def goods_words(self):
        words = self.r.choice(["SEEDS?|BULBS?", "LIVE PLANTS?|CUTTINGS", "HONEY|BEESWAX",
                               "SAUSAGES?|MEAT", "WOOD(EN)?|TIMBER|PALLETS?", "CHEESE|DAIRY"])
        c = self.r.choice(COUNTRIES)
        return ("BIOSECURITY", f"Goods declared as {words} from {c}",
                all_(cond("goods.descriptions", "matches", words), cond("origin_country", "eq", c)))

    def heavy_to_person(self):
        kg = self.r.choice([30, 50, 80])
        return ("CUSTOMS", f"Over {kg} kg a piece to a private person",
                all_(cond("weight_per_piece_kg", "gt", kg), cond("consignee.is_person", "eq", True)))

    def shipper_country_hs(self):
        c, hs = self.r.choice(COUNTRIES), self.r.choice(HS)
        return ("CUSTOMS", f"HS {hs} shipped by a company of {c}",
                all_(cond("shipper.country", "eq", c), cond("goods.hs_codes", "contains", hs)))

    def transit(self):
        w = self.r.choice([5000, 10000, 20000])
        return ("CUSTOMS", f"Over {w} kg for a consignee outside the US (in transit)",
                all_(cond("consignee.country", "ne", "USA"),
                     cond("destination_country", "eq", "USA"), cond("weight_kg", "gt", w)))

    def route_hs(self):
        c, hs = self.r.choice(COUNTRIES), self.r.choice(HS)[:2]
        return ("CUSTOMS", f"Chapter {hs} goods routed through {c}",
                all_(cond("route.countries", "contains", c),
                     cond("goods.hs_codes", "starts_with", hs)))

    def heavy_documents(self):
        kg = self.r.choice([3, 5, 10])
        return ("CUSTOMS", f"Documents over {kg} kg a piece",
                all_(cond("goods.descriptions", "contains", "DOCUMENTS"),
                     cond("weight_per_piece_kg", "gt", kg)))

    def light_pieces(self):
        n, kg = self.r.choice([300, 500, 1000]), self.r.choice([50, 100])
        return ("CUSTOMS", f"{n} pieces or more weighing under {kg} kg in all",
                all_(cond("pieces", "ge", n), cond("weight_kg", "lt", kg)))

    def trading_to_person(self):
        word = self.r.choice(["TRADING", "IMPORT", "GENERAL TRADING", "LOGISTICS"])
        return ("POLICE", f"Shipper named {word} sending to a private person",
                all_(cond("shipper.name", "contains", word),
                     cond("consignee.is_person", "eq", True)))

    def consignee_name(self):
        word, c = self.r.choice(["GLOBAL", "UNITED", "GOLDEN", "PACIFIC", "EAGLE"]), \
            self.r.sample(COUNTRIES, 3)
        return ("CUSTOMS", f"Consignee named {word}... with goods from {'/'.join(c)}",
                all_(cond("consignee.name", "matches", f"^{word} "),
                     cond("origin_country", "in", c)))

    def no_shipper(self):
        c = self.r.choice(CARGO_ARRIVALS)
        return ("CUSTOMS", f"Waybill without a shipper's name (manifested only), any port {c}",
                all_(cond("shipper.name", "missing"), cond("consignee.name", "exists"),
                     cond("destination_country", "eq", "USA")))

    def arms_abroad(self):
        return ("POLICE", "Arms or ammunition (chapter 93) for a consignee outside North America",
                all_(cond("goods.hs_codes", "starts_with", "93"),
                     cond("consignee.country", "not_in", ["USA", "CAN", "MEX"])))

    def batteries_to_person(self):
        return ("CUSTOMS", "Lithium batteries to a private person: ask the carrier",
                all_(cond("goods.hs_codes", "contains", "850760"),
                     cond("consignee.is_person", "eq", True),
                     cond("weight_kg", "ge", self.r.choice([20, 40]))), "rfi")

    def weight_band(self):
        c = self.r.sample(COUNTRIES, 2)
        return ("CUSTOMS", f"A bill of 24 to 26 t from {' or '.join(c)} (overweight box)",
                all_(cond("weight_kg", "between", [24000, 26000]),
                     cond("origin_country", "in", c)))

    def dual_use(self):
        hs, c = self.r.choice(["8471", "8542", "8517", "8458", "8466", "8806"]), \
            self.r.sample(COUNTRIES, 3)
        return ("CUSTOMS", f"Dual-use HS {hs} from {'/'.join(c)} to a company",
                all_(cond("goods.hs_codes", "starts_with", hs),
                     cond("consignee.is_person", "eq", False),
                     cond("shipper.country", "in", c)))

    def plants_seeds(self):
        c = self.r.sample(COUNTRIES, 3)
        return ("BIOSECURITY", f"Plants and seeds (HS 06, 12) from {'/'.join(c)}",
                all_(any_(cond("goods.hs_codes", "starts_with", "06"),
                          cond("goods.hs_codes", "starts_with", "12")),
                     cond("origin_country", "in", c)))

    def not_usa(self):
        c = self.r.choice(COUNTRIES)
        return ("CUSTOMS", f"From {c}, consignee in neither the US nor Canada",
                all_(cond("origin_country", "eq", c),
                     cond("consignee.country", "not_in", ["USA", "CAN"])))


KINDS = {
    "passenger": ["cash_late", "one_way_late", "passport_expiring", "heavy_bags",
                  "agency_prefix", "agency_starts", "phone_cash", "email_domain", "no_contacts",
                  "two_countries", "minor_alone", "nationality_route", "young_cash",
                  "last_minute", "booked_window", "party_other_payment",
                  "no_booking_expiring", "doc_country", "route_port", "placeholder_name",
                  "bags_alone", "long_validity", "not_from"],
    "crew": ["crew_expiring", "crew_nationality", "crew_age", "crew_certificate"],
    "person": ["expired_document"],
    "shipment": ["hs_origin", "goods_words", "heavy_to_person", "shipper_country_hs",
                 "transit", "route_hs", "heavy_documents", "light_pieces",
                 "trading_to_person", "consignee_name", "no_shipper", "arms_abroad",
                 "batteries_to_person", "weight_band", "dual_use", "plants_seeds", "not_usa"],
}


def protected(when):
    text = json.dumps(when)
    return any(f'"field": "{f}"' in text for f in ("nationality", "gender", "age"))


def write_rules(out, n, rng):
    """n rules, a quarter on shipments, one in twelve on crew; one file per
    agency. Returns {agency: count}."""
    t = Templates(rng)
    sets, titles = {a: [] for a in PREFIX}, set()
    for i in range(n):
        kind = "shipment" if i % 4 == 3 else "crew" if i % 12 == 5 else \
            "person" if i % 50 == 49 else "passenger"
        for _ in range(100):            # no rule twice while the templates give others
            drawn = getattr(t, rng.choice(KINDS[kind]))()
            if drawn[1] not in titles:
                break
        agency, title, when = drawn[:3]
        titles.add(title)
        rule = {"id": f"{PREFIX[agency]}-R-{len(sets[agency]) + 1:04d}", "title": title,
                "applies_to": kind,
                "severity": rng.choices(["high", "medium", "low"], [2, 5, 3])[0],
                "weight": round(rng.uniform(0.2, 0.9), 2), "valid_from": "2026-01-01",
                "valid_to": None, "enabled": rng.random() < 0.97,
                "justification": (f"Risk analysis RA-2026-{i:03d}, reviewed by the data "
                                  "protection officer") if protected(when) else None,
                "when": when}
        if len(drawn) > 3:
            rule["referral"] = drawn[3]
        sets[agency].append(rule)
    counts = {}
    for agency, rules in sets.items():
        if rules:
            with open(f"{out}/{agency}.json", "w", encoding="utf-8") as f:
                json.dump({"rules": rules}, f, indent=1)
                f.write("\n")
            counts[agency] = len(rules)
    return counts
