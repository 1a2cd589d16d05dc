"""A flight's passenger data as its airline sends it: the PAXLST passenger
and crew lists (UN/EDIFACT, D02B or D05B) at departure, a second list for
some flights, and PNRGOV pushes (13.1): one two hours before departure, or
one the day before and an update (MSG 141) of the PNRs changed since.

File names start with the time they were sent, so that a carrier's folder,
read in name order (core/ingest/dropbox.c), takes them in the order they
came: the second list replaces the first, the update the push before it.
"""

import gzip
import random
from datetime import timedelta

from edi import Interchange, Message

RECIPIENT_API, RECIPIENT_PNR = "USCSAPIS", "USCSPNRGOV"


class Style:
    """How one airline's systems write EDIFACT: layout, PAXLST directory,
    gzip. Drawn once per airline so that each carrier is consistent."""

    def __init__(self, code, seed):
        r = random.Random(f"{seed}-style-{code}")
        self.layout = r.choices(["lines", "flat", "typeb"], [6, 3, 1])[0]
        self.version = r.choice(["02B", "05B"])
        self.gzip = r.random() < 0.12
        self.origin = f"{r.choice(['FRA', 'ATL', 'HDQ', 'LON'])}RM{code}"


def stamp(t):
    return f"{t:%Y%m%dT%H%M}"


def write_flight(flight, box, rng, seed, styles):
    """Every file of one flight into its airline's incoming/ folder."""
    code = flight.airline.code
    style = styles.setdefault(code, Style(code, seed))
    folder = box.folder(code)
    on_board = [t for t in flight.passengers if t.in_api]
    sent = flight.dep_local + timedelta(minutes=rng.randint(5, 25))
    files = [(f"{stamp(sent)}_{flight.ident}_PAX.edi",
              paxlst(flight, "passenger", on_board, sent, style, "P1")),
             (f"{stamp(sent - timedelta(minutes=50))}_{flight.ident}_CREW.edi",
              paxlst(flight, "crew", flight.crew, sent - timedelta(minutes=50), style, "C1"))]
    if flight.resend:
        later = sent + timedelta(minutes=rng.randint(10, 40))
        files.append((f"{stamp(later)}_{flight.ident}_PAX.edi",
                      paxlst(flight, "passenger", changed_list(on_board, flight, rng), later,
                             style, "P2")))
    files += pnr_files(flight, rng, style)
    for name, data in files:
        if style.gzip and name.endswith("_PAX.edi"):
            name, data = name + ".gz", gzip.compress(data, mtime=0)
        folder.write(name, data)
    return len(files)


def changed_list(on_board, flight, rng):
    """The list sent again after departure: a few no-shows gone, a few
    standby passengers on. Planted travellers stay (they did fly)."""
    removable = [t for t in on_board if t.planted is None and t.booking is not None]
    gone = set(id(t) for t in rng.sample(removable, min(len(removable), rng.randint(1, 3))))
    kept = [t for t in on_board if id(t) not in gone]
    standby = [t for t in flight.passengers if not t.in_api][:2]
    return kept + standby


# ---- PAXLST ----

def edi_time(t):
    return f"{t:%y%m%d%H%M}"


def paxlst(flight, role, people, sent, style, ref):
    code = flight.airline.code
    ich = Interchange("UNOA:4", f"{code}AIR", RECIPIENT_API, sent, f"{code}{sent:%d%H%M}{ref}",
                      group="PAXLST" if style.version == "05B" else None)
    m = Message(f"{flight.ident}{ref}", ["PAXLST", "D", style.version, "UN", "IATA"])
    m.seg("BGM", "745" if role == "passenger" else "250")
    m.seg("NAD", "MS", None, None, f"{code} FLIGHT OPERATIONS")
    m.seg("TDT", "20", flight.ident, None, None, code)
    m.seg("LOC", "125", flight.origin)
    m.seg("DTM", ["189", edi_time(flight.dep_local), "201"])
    m.seg("LOC", "87", flight.dest)
    m.seg("DTM", ["232", edi_time(flight.arr_local), "201"])
    for t in people:
        person_segments(m, t, flight, role)
    m.seg("CNT", ["42" if role == "passenger" else "41", len(people)])
    ich.add(m)
    return render(ich, style, sent)


def person_segments(m, t, flight, role):
    given = t.given[:1] + ([" ".join(t.given[1:])] if len(t.given) > 1 else [])
    m.seg("NAD", "FL" if role == "passenger" else "FM", None, None, [t.surname] + given)
    m.seg("ATT", "2", None, t.person.gender)
    m.seg("DTM", ["329", f"{t.person.birth:%y%m%d}"])
    m.seg("LOC", "178", flight.origin)
    m.seg("LOC", "179", flight.dest)
    if t.residence:
        m.seg("LOC", "174", t.residence)
    m.seg("NAT", "2", t.person.nationality)
    if t.booking is not None:
        m.seg("RFF", ["AVF", t.booking.locator])
    m.seg("DOC", [t.doc_type, "110", "111"], t.doc_number)
    m.seg("DTM", ["36", f"{t.expiry:%y%m%d}"])
    m.seg("LOC", "91", t.doc_country)


def render(ich, style, sent):
    return ich.render(style.layout, una=style.layout != "flat",
                      typeb=(f"QP {RECIPIENT_API[:7]}", style.origin, sent))


# ---- PNRGOV ----

def pnr_files(flight, rng, style):
    """One push two hours before departure; for some flights a push the day
    before and an update with what changed and what was booked since."""
    late = flight.dep_local - timedelta(hours=2)
    if not flight.two_pushes:
        return [(f"{stamp(late)}_{flight.ident}_PNR.edi",
                 pnrgov(flight, flight.bookings, late, "22", style, rng, checkin=True))]
    early = flight.dep_local - timedelta(hours=24)
    first = [b for b in flight.bookings if b.created < early]
    for b in first:
        b.changed = rng.random() < 0.25
    update = [b for b in flight.bookings if b.created >= early or b.changed]
    return [(f"{stamp(early)}_{flight.ident}_PNR.edi",
             pnrgov(flight, first, early, "22", style, rng, checkin=False)),
            (f"{stamp(late)}_{flight.ident}_PNR.edi",
             pnrgov(flight, update, late, "141", style, rng, checkin=True))]


def ddmmyy(t):
    return f"{t:%d%m%y}"


def pnrgov(flight, bookings, sent, push, style, rng, checkin):
    code = flight.airline.code
    ich = Interchange("IATA:1", code, RECIPIENT_PNR, sent, f"{code}{sent:%d%H%M}{push}")
    m = Message("1", ["PNRGOV", "13", "1", "IA"], f"{flight.ident}/{ddmmyy(sent)}/{sent:%H%M}")
    m.seg("MSG", [None, push])
    m.seg("ORG", [code, flight.origin])
    m.seg("TVL", [ddmmyy(flight.dep_local), f"{flight.dep_local:%H%M}",
                  ddmmyy(flight.arr_local), f"{flight.arr_local:%H%M}"],
          flight.origin, flight.dest, code, flight.number)
    m.seg("EQN", len(bookings))
    for b in bookings:
        pnr_segments(m, b, flight, rng, checkin)
    ich.add(m)
    # PNR pushes go by a state's PNR gateway, not Type B: no envelope.
    return ich.render(style.layout if style.layout != "typeb" else "lines",
                      una=style.layout != "flat")


def pnr_segments(m, b, flight, rng, checkin):
    code = flight.airline.code
    m.seg("SRC")
    m.seg("RCI", [code, b.locator, None, ddmmyy(b.created), f"{b.created:%H%M}"])
    ticketed = b.created + timedelta(minutes=37)
    m.seg("DAT", ["700", ddmmyy(ticketed), f"{ticketed:%H%M}"],
          ["710", ddmmyy(ticketed), f"{ticketed:%H%M}"])
    if b.agency:
        m.seg("ORG", [code, flight.origin], [b.agency[0], b.agency[1]])
    else:
        m.seg("ORG", [code, flight.origin])
    if b.address:
        street, city, postcode, a2 = b.address
        m.seg("ADD", None, ["700", street, city, None, None, a2, postcode])
    for number in b.phones:
        m.seg("ADD", None, ["700", None, None, None, None, None, None,
                            f"+{number[0]} {number[1]}"])
    for k, t in enumerate(b.travellers):
        traveller_segments(m, t, b, code, k == 0)
    for seg in b.itinerary:
        carrier, number, dep, arr, t_dep, t_arr = seg
        m.seg("TVL", [ddmmyy(t_dep), f"{t_dep:%H%M}", ddmmyy(t_arr), f"{t_arr:%H%M}"],
              dep, arr, carrier, [number, "Y"])
        m.seg("RPI", "1", "HK")
        if checkin and number == flight.number and dep == flight.origin:
            checkin_segments(m, b, rng)


def traveller_segments(m, t, b, code, lead):
    lap = "1" if lead and any(x.ptype == "IN" for x in b.travellers) else None
    if t.ptype == "IN":
        m.seg("TIF", t.surname, [t.pnr_given, "IN", "1I"])
    else:
        m.seg("TIF", t.surname, [t.pnr_given, t.ptype, t.ref, lap])
    if t.docs_in_pnr:
        m.seg("SSR", ["DOCS", "HK", None, code, None, None, None, None, docs_text(t)])
    if lead:
        for email in b.emails:
            m.seg("SSR", ["CTCE", "HK", None, code, None, None, None, None, airimp(email)])
    if t.ptype != "IN":
        m.seg("TKT", [t.ticket, "T", "1"])
        m.seg("MON", ["T", f"{900 + (int(t.ticket[-3:]) * 7) % 3000}.00", "USD"])
    if lead:
        pay = b.payment
        if pay[0] == "CC":
            m.seg("FOP", ["CC", None, None, pay[1], pay[2], pay[3]])
        else:
            m.seg("FOP", [pay[0]])


def docs_text(t):
    """SSR DOCS: /type/issuer/number/nationality/birth/gender/expiry/surname/
    given/middle, the names as the PNR has them (titles glued too)."""
    gender = t.person.gender + ("I" if t.ptype == "IN" else "")
    given = t.docs_given or t.given[0]
    middle = " ".join(t.given[1:])
    return (f"/{t.doc_type}/{t.doc_country}/{t.doc_number}/{t.person.nationality}/"
            f"{t.person.birth:%d%b%y}/{gender}/{t.expiry:%d%b%y}/{t.surname}/{given}"
            + (f"/{middle}" if middle else "")).upper()


def airimp(email):
    """AIRIMP's e-mail: @ as //, _ as .., - as ./."""
    return email.upper().replace("_", "..").replace("-", "./").replace("@", "//")


def checkin_segments(m, b, rng):
    """The check-in of the reported flight: seat and bags of each traveller."""
    for t in b.travellers:
        if t.ptype == "IN" or rng.random() < 0.3:
            continue
        m.seg("DAT", ["2", None, None])
        m.seg("TRI", None, [t.ref, None, None, t.ref])
        m.seg("TIF", t.surname, [t.pnr_given, t.ptype, t.ref])
        m.seg("SSD", t.seat, None, None, None, "Y")
        m.seg("TBD", None, [t.bags, t.bags * 17 if t.bags else None, "700" if t.bags else None])
