"""The day's passenger flights and who is on them: bookings of one to five
people (families sharing a surname), their PNRs' contacts, payments and
journeys, the crew, and the documents each carries."""

from datetime import timedelta

import names
from names import make_person, culture_of, pick_weighted
from orgs import phone, MAIL_DOMAINS
from schedule import arrival_in_window, five_minutes
from world import (AIRLINES, ARRIVALS, ORIGINS, ORIGIN_BY_CODE, US_CARRIERS, COUNTRIES,
                   AIRLINE_BY_CODE)
from lists import world_mix, passport_number

LOCATOR_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class Flight:
    def __init__(self, airline, number, origin, dest, dep_utc, arr_utc, ports, freighter=False):
        self.airline, self.number, self.origin, self.dest = airline, number, origin, dest
        self.dep_utc, self.arr_utc, self.freighter = dep_utc, arr_utc, freighter
        self.dep_local = ports.local(origin, "air", dep_utc)
        self.arr_local = ports.local(dest, "air", arr_utc)
        self.passengers, self.crew, self.bookings = [], [], []
        self.resend = self.two_pushes = False

    @property
    def ident(self):
        """The flight as vborder stores it (norm_flight: no leading zeros)."""
        return f"{self.airline.code}{int(self.number)}"


class Traveller:
    def __init__(self, person, role, surname, given, document):
        self.person, self.role = person, role
        self.surname, self.given = surname, given        # as the passport has them
        self.doc_type, self.doc_number, self.doc_country, self.expiry = document
        self.residence = None
        self.booking, self.ref, self.ptype = None, None, "A"
        self.in_api, self.docs_in_pnr, self.pnr_given = True, False, None
        self.docs_given = None          # a planted glued title in the DOCS
        self.seat = self.bags = self.ticket = None
        self.planted = None


class Booking:
    def __init__(self, locator):
        self.locator, self.travellers = locator, []
        self.created = self.agency = None
        self.phones, self.emails, self.address, self.payment = [], [], None, None
        self.itinerary, self.changed = [], False


COAST = {code: coast for code, _, coast in ARRIVALS}


def flight_hours(origin, dest):
    """Hours flown from origin (a cargo airport not in ORIGINS flies as
    FRA does) to the coast of dest; inland, between the two."""
    east, west = ORIGIN_BY_CODE.get(origin, ORIGIN_BY_CODE["FRA"])[3:5]
    return {"east": east, "west": west, "central": (east + west) / 2}[COAST.get(dest, "central")]


def schedule(rng, now, n, ports):
    """n passenger flights arriving in the window, each a flight number its
    airline flies once that day."""
    used, flights = set(), []
    origins = [o[0] for o in ORIGINS]
    shares = [o[2] for o in ORIGINS]
    dests, dshares = [a[0] for a in ARRIVALS], [a[1] for a in ARRIVALS]
    for _ in range(n):
        origin = rng.choices(origins, shares)[0]
        home = [a for a in AIRLINES if a.passengers and origin in a.hubs]
        airline = rng.choice(home) if home and rng.random() < 0.7 else \
            AIRLINE_BY_CODE[rng.choice(US_CARRIERS)]
        dest = rng.choices(dests, dshares)[0]
        number = flight_number(rng, airline, used, 1, 2999)
        arr = arrival_in_window(rng, now)
        hours = flight_hours(origin, dest) * rng.uniform(0.93, 1.07)
        dep = arr - five_minutes(timedelta(hours=hours))
        flights.append(Flight(airline, number, origin, dest, dep, arr, ports))
    return flights


def flight_number(rng, airline, used, lo, hi):
    while True:
        number = str(rng.randint(lo, hi))
        if (airline.code, number) not in used:
            used.add((airline.code, number))
            return number


# ---- who travels ----

def document(rng, nationality, arrival_date, role):
    """A passport: number, issuing country, expiry (a few about to run out,
    fewer already expired, as check-in lets through)."""
    u = rng.random()
    days = rng.randint(-60, -1) if u < 0.001 else rng.randint(1, 179) if u < 0.01 else \
        rng.randint(180, 3650)
    kind = "P" if role == "passenger" or rng.random() < 0.85 else "AC"
    return kind, passport_number(rng), nationality, arrival_date + timedelta(days=days)


def passport_name(person, rng):
    """The name as the passport's MRZ and so the check-in has it."""
    scheme = "ukr" if person.culture == "ukrainian" else \
        "icao" if rng.random() < 0.8 else "bgn"
    sur, given = names.spell(person, rng, scheme)
    style = "icao" if rng.random() < 0.7 else "strip"
    return names.mrz(sur, style), [names.mrz(g, style) for g in given]


def traveller(person, role, rng, arrival_date):
    sur, given = passport_name(person, rng)
    if rng.random() < 0.002:
        # One name only (as many Indonesians): the API placeholder FNU stands
        # for the first name.
        sur, given = given[0], ["FNU"]
    t = Traveller(person, role, sur, given,
                  document(rng, person.nationality, arrival_date, role))
    if rng.random() < 0.5:
        t.residence = person.nationality
    return t


WORLD = world_mix()


def home_country(rng, flight):
    u = rng.random()
    origin_country = ORIGIN_BY_CODE[flight.origin][1] if flight.origin in ORIGIN_BY_CODE \
        else "DEU"
    if u < 0.45:
        return origin_country
    if u < 0.80:
        return "USA"
    return pick_weighted(rng, WORLD)


def party(rng, flight, today):
    """A booking's people: a lead and, often, family sharing the surname."""
    size = rng.choices([1, 2, 3, 4, 5], [55, 25, 10, 7, 3])[0]
    nationality = home_country(rng, flight)
    culture = culture_of(rng, nationality)
    lead_gender = rng.choice("MF")
    lead = make_person(rng, culture, lead_gender, names.birth_date(rng, today, 20, 80),
                       nationality)
    people = [(lead, "A")]
    for k in range(size - 1):
        if rng.random() < 0.3:
            # A friend or colleague: anyone.
            nat = home_country(rng, flight)
            people.append((make_person(rng, culture_of(rng, nat), rng.choice("MF"),
                                       names.birth_date(rng, today, 18, 75), nat), "A"))
            continue
        if k == 0 and rng.random() < 0.6:
            gender, born, ptype = "F" if lead_gender == "M" else "M", \
                names.birth_date(rng, today, 20, 75), "A"
        else:
            age = rng.choice([0, 1] + list(range(2, 18)))
            gender = rng.choice("MF")
            born = today - timedelta(days=365 * age + rng.randrange(1, 360))
            ptype = "IN" if age < 2 else "C" if age < 12 else "A"
        people.append((make_person(rng, culture, gender, born, nationality,
                                   family=lead.surnames), ptype))
    return people


def populate(flight, rng, today, agencies):
    """Fills a flight: bookings of passengers, a few without a booking
    (staff travel), the crew."""
    seats = max(60, min(420, int(rng.gauss(200, 60))))
    while len(flight.passengers) < seats:
        add_booking(flight, party(rng, flight, today), rng, agencies)
    for _ in range(max(1, seats // 33)):
        t = traveller_for(flight, rng, today, "passenger")
        flight.passengers.append(t)
    for _ in range(min(16, 4 + seats // 40)):
        flight.crew.append(traveller_for(flight, rng, today, "crew"))
    for t in rng.sample(flight.passengers, max(1, len(flight.passengers) // 100)):
        if t.booking is not None and t.ptype == "A":
            t.in_api = False    # booked, did not show


def traveller_for(flight, rng, today, role):
    """A passenger without a booking, or a crew member of the airline's country."""
    nat = flight.airline.home if role == "crew" and rng.random() < 0.7 else \
        home_country(rng, flight)
    person = make_person(rng, culture_of(rng, nat), rng.choice("MF"),
                         names.birth_date(rng, today, 21, 64), nat)
    return traveller(person, role, rng, flight.arr_local.date())


def add_booking(flight, people, rng, agencies, planted=False):
    b = Booking("".join(rng.choices(LOCATOR_CHARS, k=6)))
    for k, (person, ptype) in enumerate(people):
        t = traveller(person, "passenger", rng, flight.arr_local.date())
        t.booking, t.ref, t.ptype = b, str(k + 1), ptype
        b.travellers.append(t)
        flight.passengers.append(t)
    book(b, flight, rng, agencies, planted)
    flight.bookings.append(b)
    return b


def book(b, flight, rng, agencies, planted):
    """The PNR's own data: when and by whom booked, contacts, payment,
    journey, bags, tickets, and how each traveller's name is typed."""
    lead = b.travellers[0]
    u = rng.random()
    hours = rng.uniform(3, 23) if u < 0.04 else rng.uniform(24, 71) if u < 0.12 else \
        rng.uniform(72, 24 * 120)
    b.created = flight.dep_local - timedelta(hours=hours)
    if rng.random() < 0.35:
        b.agency = rng.choice(agencies)
    home = lead.person.nationality
    if b.agency is not None and rng.random() < 0.3:
        b.phones.append(b.agency[2])            # the agency's own number
    elif rng.random() < 0.85:
        b.phones.append(phone(rng, home))
    if rng.random() < 0.6:
        b.emails.append(f"{lead.given[0]}.{lead.surname.split()[0]}@"
                        f"{rng.choices(MAIL_DOMAINS, [30, 25, 20, 15, 9, 1])[0]}")
    if rng.random() < 0.3:
        from orgs import address
        b.address = address(rng, home) + (COUNTRIES[home]["a2"],)
    u = rng.random()
    b.payment = ("CA",) if u < 0.04 else ("MS",) if u < 0.12 else \
        ("CC", rng.choice(["VI", "CA", "AX"]), f"XXXXXXXXXXXX{rng.randint(0, 9999):04d}",
         f"{rng.randint(1, 12):02d}{rng.randint(27, 31)}")
    b.itinerary = itinerary(flight, rng)
    for t in b.travellers:
        t.ticket = f"{flight.airline.prefix}{rng.randint(10 ** 9, 10 ** 10 - 1)}"
        # Secure Flight asks birth date and gender of every US-bound booking.
        t.docs_in_pnr = planted or rng.random() < 0.95
        t.pnr_given = pnr_given(t, rng)
        t.seat = f"{rng.randint(5, 60)}{rng.choice('ABCDEFGHJK')}"
        t.bags = rng.choices(range(6), [20, 45, 22, 8, 4, 1])[0]


def pnr_given(t, rng):
    """The TIF given name: titles after it as AIRIMP writes them, often run
    into it (JOHNMR), as real PNRs do."""
    given = " ".join(t.given) if rng.random() < 0.3 else t.given[0]
    if t.ptype != "A":
        return given
    u = rng.random()
    title = "MR" if t.person.gender == "M" else rng.choice(["MRS", "MS"])
    if u < 0.4:
        return f"{given}{title}" if " " not in given else given
    if u < 0.7:
        return f"{given} {title}"
    return given


def itinerary(flight, rng):
    """The journey: a feeder to the origin for some, this flight, and a
    return for most (one-way otherwise)."""
    segs = []
    if rng.random() < 0.2:
        feeder = rng.choice([o[0] for o in ORIGINS if o[0] != flight.origin])
        t = flight.dep_local - timedelta(hours=rng.uniform(2, 6))
        segs.append((flight.airline.code, str(rng.randint(1000, 9999)), feeder, flight.origin,
                     t - timedelta(hours=rng.uniform(1, 3)), t))
    segs.append((flight.airline.code, flight.number, flight.origin, flight.dest,
                 flight.dep_local, flight.arr_local))
    if rng.random() < 0.65:
        back = flight.arr_local + timedelta(days=rng.randint(3, 40), hours=rng.uniform(0, 12))
        segs.append((flight.airline.code, str(rng.randint(1, 2999)), flight.dest, flight.origin,
                     back, back + timedelta(hours=flight_hours(flight.origin, flight.dest))))
    return segs


def make_agencies(rng, n):
    """n travel agencies: IATA number, office city, telephone. As many as
    the day has bookings (300 for the whole day), so that an agency's
    number is on as many bookings at any scale: above the links' cap, as
    in life, where at a tenth of the day 300 agencies had a few bookings
    each and linked their customers to one another (2,200 of the links)."""
    out = []
    for _ in range(n):
        origin = rng.choice(ORIGINS)
        out.append((f"{rng.randint(10000000, 99999999)}", origin[0], phone(rng, origin[1])))
    return out
