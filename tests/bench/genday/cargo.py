"""The day's cargo: air consignments on freighters and in the holds of
passenger flights, containers on vessels, and the messages that announce
them.

- Cargo-IMP airlines send a flight manifest (FFM/8, in parts of at most 60
  consignments, CONT then LAST) and the waybills (FWB/16, batched), and for
  consolidations the house waybills (FHL/4).
- Cargo-XML airlines send each waybill as an XFWB and each house as an
  XFZB. Their flight manifest is an FFM too: vborder reads no XFFM
  (README, "What carriers may send"), so the carriers that moved their
  waybills to XML are taken to still file Cargo-IMP manifests.
- Sea carriers send a CUSCAR (D95B) per vessel call: the operator for its
  bills, each slot charterer for its own, all naming the same vessel (its
  IMO number), port and day, so that the reports join one call.
"""

from datetime import timedelta
from xml.sax.saxutils import escape

import names
from cargo_world import awb_number, container_number, imo_number, vessel_name, unique
from edi import Interchange, Message
from flights import Flight, flight_hours, flight_number
from names import make_person, culture_of
from orgs import make_company, address, phone
from schedule import arrival_in_window, five_minutes
from world import (AIRLINES, CARGO_ARRIVALS, CARGO_ORIGIN_COUNTRY, COUNTRIES, GOODS, LANES,
                   LINES, ORIGIN_BY_CODE, SEAPORT_COUNTRY)


class Party:
    def __init__(self, name, street, city, postcode, a2, tel=None, person=False):
        self.name, self.street, self.city, self.postcode = name, street, city, postcode
        self.a2, self.tel, self.person = a2, tel, person


class Shipment:
    def __init__(self, number, kind, origin, dest):
        self.number, self.kind, self.origin, self.dest = number, kind, origin, dest
        self.master, self.houses = None, []
        self.goods = []             # (description, hs, pieces, kg)
        self.shipper = self.consignee = self.notify = None
        self.equipment = []
        self.planted = []

    @property
    def pieces(self):
        return sum(g[2] for g in self.goods)

    @property
    def kg(self):
        return round(sum(g[3] for g in self.goods), 1)


class Conveyance:
    """A flight or a vessel call with its consignments."""

    def __init__(self, mode, fmt, ident, port, arr_local):
        self.mode, self.fmt, self.ident, self.port, self.arr_local = \
            mode, fmt, ident, port, arr_local
        self.flight = None          # air: the Flight
        self.call = None            # sea: the vessel call
        self.shipments = []         # masters and direct consignments; houses under them

    def all_shipments(self):
        for s in self.shipments:
            yield s
            yield from s.houses


# ---- parties ----

class Parties:
    """Companies that ship and receive, reused as real trade repeats them:
    most send or receive one or two consignments a day, a few big
    exporters and importers hundreds. The pool grows with the day (seven
    parties in ten are a new company), so that at any scale a company has
    as many consignments as it would in life; a pool of a few hundred
    companies per country gave each US consignee dozens, and every
    consignment of one with a hit was linked to all the others by its
    address and phone (15,000 of a tenth of a day's 19,700 links)."""

    def __init__(self, rng):
        self.rng, self.pools = rng, {}

    def company(self, country):
        pool = self.pools.setdefault(country, [])
        if not pool or self.rng.random() < 0.7:
            c = make_company(self.rng, country)
            pool.append(Party(imp_safe(c.name), c.street, c.city, c.postcode,
                              COUNTRIES[country]["a2"], phone(self.rng, country)))
            return pool[-1]
        # The first companies of a country ship more (a pool that grows: no cache).
        return pool[int(len(pool) * self.rng.random() ** 8)]

    def private(self, country, today):
        """A private person receiving goods (e-commerce, gifts)."""
        rng = self.rng
        person = make_person(rng, culture_of(rng, country), rng.choice("MF"),
                             names.birth_date(rng, today), country)
        sur, given = names.spell(person, rng)
        name = names.mrz(" ".join(given[:1] + [sur]), "strip")
        street, city, postcode = address(rng, country)
        return Party(name, street, city, postcode, COUNTRIES[country]["a2"],
                     phone(rng, country), person=True)


def imp_safe(text):
    """A name Cargo-IMP can carry: its slant separates fields, and Type B
    knows no ampersand; capitals, at most 35 characters as the field."""
    text = names.mrz(text.replace("/", " ").replace("&", " AND "), "strip") \
        if not names.is_ascii(text) else text.upper().replace("/", " ").replace("&", "AND")
    return " ".join(text.split())[:35].strip()


# ---- building the day ----

def build(rng, now, ports, flights, scale, today):
    """The conveyances with cargo and their consignments."""
    n = max(3, round(200 * scale))
    n_xml, n_sea = max(1, round(0.25 * n)), max(1, round(0.25 * n))
    n_imp = n - n_xml - n_sea
    budget = max(300, round(150000 * scale))
    parties = Parties(rng)
    used = {(f.airline.code, f.number) for f in flights}
    air = air_conveyances(rng, now, ports, flights, "imp", n_imp, used) + \
        air_conveyances(rng, now, ports, flights, "xml", n_xml, used)
    sea = sea_calls(rng, now, ports, n_sea)
    fill(rng, air, round(budget * 0.5), parties, today, air_shipments)
    fill(rng, sea, budget - round(budget * 0.5), parties, today, sea_shipments)
    return air + sea


def air_conveyances(rng, now, ports, flights, fmt, n, used):
    """Freighters (two in five) and passenger flights' holds of airlines
    that send fmt."""
    out = []
    freighters = [a for a in AIRLINES if a.freighters and a.cargo == fmt and a.hubs]
    bellies = [f for f in flights if f.airline.cargo == fmt]
    rng.shuffle(bellies)
    for k in range(n):
        if k % 5 < 2 or not bellies:
            airline = rng.choice(freighters)
            origin = rng.choice(airline.hubs)
            dest = rng.choice(CARGO_ARRIVALS)
            arr = arrival_in_window(rng, now)
            dep = arr - five_minutes(timedelta(hours=flight_hours(origin, dest) + 1))
            f = Flight(airline, flight_number(rng, airline, used, 8000, 9899), origin, dest,
                       dep, arr, ports, freighter=True)
        else:
            f = bellies.pop()
        c = Conveyance("air", fmt, f.ident, f.dest, f.arr_local)
        c.flight = f
        out.append(c)
    return out


class Call:
    def __init__(self, vessel, imo, flag, lane, loading_ports, port, eta_local, dep_local,
                 last_port, carriers):
        self.vessel, self.imo, self.flag, self.lane = vessel, imo, flag, lane
        self.loading_ports, self.port, self.eta_local = loading_ports, port, eta_local
        self.dep_local, self.last_port, self.carriers = dep_local, last_port, carriers


def sea_calls(rng, now, ports, n):
    out = []
    for _ in range(n):
        loading, us_ports, days = rng.choice(LANES)
        loading = loading.split()
        port = rng.choice(us_ports.split())
        operator = rng.choice(LINES)
        partners = rng.sample([x for x in LINES if x is not operator], rng.choice([0, 1, 1, 2]))
        eta = arrival_in_window(rng, now)
        dep = eta - timedelta(days=days + rng.uniform(-1, 1))
        last = loading[-1]
        call = Call(vessel_name(rng, operator.vessel_prefix), imo_number(rng),
                    rng.choice(["PA", "LR", "MH", "SG", "MT", "DK", "HK"]), loading, loading,
                    port, ports.local(port, "sea", eta), ports.local(last, "sea", dep), last,
                    [operator] + partners)
        c = Conveyance("sea", "cuscar", f"IMO{call.imo}", port, call.eta_local)
        c.call = call
        out.append(c)
    return out


def fill(rng, conveyances, budget, parties, today, make):
    """Shares budget consignments out over the conveyances (freighters and
    ships carry more than a passenger flight's hold)."""
    weights = [3 if (c.mode == "sea" or c.flight.freighter) else 1 for c in conveyances]
    weights = [x * rng.uniform(0.6, 1.4) for x in weights]
    total = sum(weights)
    for c, wgt in zip(conveyances, weights):
        make(rng, c, max(3, round(budget * wgt / total)), parties, today)


def goods_line(rng, mode, count=None):
    d, hs, lo, hi, modes = rng.choice([g for g in GOODS if mode[0] in g[4]])
    pieces = count or (rng.randint(1, 40) if mode == "air" else rng.randint(20, 1500))
    kg = round(pieces * rng.uniform(lo, hi), 1)
    if mode == "sea":
        kg = min(kg, 26000.0)
    return d, hs, pieces, kg


def consignee(rng, parties, today, mode):
    u = rng.random()
    if u < (0.1 if mode == "air" else 0.03):
        return parties.private("USA", today)
    if u < 0.9:
        return parties.company("USA")
    return parties.company(rng.choice(["CAN", "MEX"]))


def air_shipments(rng, conv, n, parties, today):
    """n consignments: direct air waybills, and consolidations whose
    forwarder's master covers several house waybills."""
    f = conv.flight
    origin_country = ORIGIN_BY_CODE[f.origin][1] if f.origin in ORIGIN_BY_CODE else \
        CARGO_ORIGIN_COUNTRY[f.origin]
    made = 0
    while made < n:
        s = Shipment(awb_number(f.airline.prefix, rng), "awb", f.origin, f.dest)
        s.shipper = parties.company(origin_country)
        if rng.random() < 0.2 and n - made > 3:
            s.goods = [("CONSOLIDATION AS PER ATTACHED MANIFEST", "", 0, 0.0)]
            s.consignee = parties.company("USA")
            for k in range(min(n - made - 1, rng.randint(2, 12))):
                h = Shipment(unique(lambda: f"{f.origin}{rng.randint(1000000, 9999999)}"),
                             "house", f.origin, f.dest)
                h.master = s
                h.shipper = parties.company(origin_country)
                h.consignee = consignee(rng, parties, today, "air")
                h.goods = [goods_line(rng, "air")]
                s.houses.append(h)
            s.goods = [("CONSOLIDATION", "", sum(h.pieces for h in s.houses),
                        round(sum(h.kg for h in s.houses), 1))]
            made += 1 + len(s.houses)
        else:
            s.consignee = consignee(rng, parties, today, "air")
            s.goods = [goods_line(rng, "air") for _ in range(rng.choice([1, 1, 1, 2]))]
            made += 1
        if rng.random() < 0.15:
            s.notify = parties.company("USA")
        conv.shipments.append(s)


def sea_shipments(rng, conv, n, parties, today):
    """n bills of lading over the call's carriers, each in one or two
    containers; a few NVOCC house bills under a carrier's bill."""
    call = conv.call
    made = 0
    while made < n:
        line = rng.choice(call.carriers)
        loading = rng.choice(call.loading_ports)
        country = SEAPORT_COUNTRY[loading[:2]]
        s = Shipment(unique(lambda: f"{line.scac}{rng.randint(100000000, 999999999)}"), "bol",
                     loading, conv.port)
        s.line = line
        s.shipper = parties.company(country)
        s.consignee = consignee(rng, parties, today, "sea")
        s.goods = [goods_line(rng, "sea") for _ in range(rng.choice([1, 1, 2]))]
        s.equipment = [unique(lambda: container_number(rng))
                       for _ in range(rng.choice([1, 1, 1, 2]))]
        if rng.random() < 0.4:
            s.notify = parties.company("USA")
        made += 1
        if rng.random() < 0.08 and n - made > 2:
            for k in range(rng.randint(2, 5)):
                h = Shipment(unique(lambda: f"HB{loading[2:]}{rng.randint(100000, 999999)}"),
                             "house_bill", loading, conv.port)
                h.master, h.line = s, line
                h.shipper = parties.company(country)
                h.consignee = consignee(rng, parties, today, "sea")
                h.goods = [goods_line(rng, "sea")]
                h.equipment = s.equipment[:1]
                s.houses.append(h)
                made += 1
        conv.shipments.append(s)


# ---- writing ----

def stamp(t):
    return f"{t:%Y%m%dT%H%M}"


def write(conv, box, rng):
    """The conveyance's files into its carriers' folders; the count."""
    if conv.mode == "sea":
        return write_cuscar(conv, box, rng)
    f = conv.flight
    folder = box.folder(f.airline.code)
    sent = f.dep_local - timedelta(days=1, minutes=rng.randint(0, 1200))
    files = [(f"{stamp(f.dep_local + timedelta(minutes=10))}_{f.ident}_FFM.txt", ffm(conv))]
    if conv.fmt == "imp":
        files += fwb_files(conv, sent)
    else:
        files += xml_files(conv, sent)
    for name, data in files:
        folder.write(name, data)
    return len(files)


# -- Cargo-IMP --

def ffm(conv):
    """The flight manifest in parts of at most 60 consignments."""
    f = conv.flight
    date = f"{f.dep_local:%d%b%H%M}".upper()
    arrival = f"{f.arr_local:%d%b%H%M}".upper()
    reg = f"N{int(f.number) % 900 + 100}{f.airline.code}"[:6]
    lines_by_part, part = [], []
    for k, s in enumerate(conv.shipments):
        if k % 8 == 0:
            part.append(f"ULD/{'PMC' if k % 16 else 'AKE'}{10000 + k}{f.airline.code}")
        desc = s.goods[0][0][:15].strip()
        part.append(f"{s.number}{s.origin}{s.dest}/T{max(1, s.pieces)}K{max(0.5, s.kg)}/{desc}")
        if len(part) >= 60:
            lines_by_part.append(part)
            part = []
    if part or not lines_by_part:
        lines_by_part.append(part)
    out = []
    for i, lines in enumerate(lines_by_part):
        last = i == len(lines_by_part) - 1
        out.append("\n".join(["FFM/8", f"{i + 1}/{f.airline.code}{int(f.number):04d}/{date}/"
                              f"{f.origin}/{reg}", f"{f.dest}//{arrival}"] + lines +
                             ["LAST" if last else "CONT"]))
    return ("\n\n".join(out) + "\n").encode("ascii")


def fwb_files(conv, sent):
    """FWBs fifty to a file, and an FHL per consolidation."""
    files, batch = [], []
    masters = conv.shipments
    for k, s in enumerate(masters):
        batch.append(fwb(s, conv.flight))
        if len(batch) == 50 or k == len(masters) - 1:
            t = sent + timedelta(minutes=len(files))
            files.append((f"{stamp(t)}_{conv.flight.ident}_FWB{len(files) + 1:03d}.txt",
                          ("\n\n".join(batch) + "\n").encode("ascii")))
            batch = []
    for s in masters:
        if s.houses:
            files.append((f"{stamp(sent)}_{s.number}_FHL.txt", fhl(s).encode("ascii")))
    return files


def party_lines(tag, p, name_on_tag=False):
    """SHP / CNE / NFY: name, street, place, country with postcode and phone."""
    head = f"{tag}/{p.name}" if name_on_tag else tag
    lines = [head] if name_on_tag else [head, f"/{p.name}"]
    lines += [f"/{imp_safe(p.street)}", f"/{imp_safe(p.city)}"]
    country = f"/{p.a2}/{p.postcode}"
    if p.tel:
        country += f"/TE/{p.tel[0]}{p.tel[1]}"
    return lines + [country]


def fwb(s, f):
    lines = ["FWB/16", f"{s.number}{s.origin}{s.dest}/T{max(1, s.pieces)}K{max(0.5, s.kg)}",
             f"FLT/{f.airline.code}{int(f.number):04d}/{f.dep_local:%d}",
             f"RTG/{s.dest}{f.airline.code}"]
    lines += party_lines("SHP", s.shipper) + party_lines("CNE", s.consignee)
    if s.notify:
        lines += party_lines("NFY", s.notify, name_on_tag=True)
    lines.append("CVD/USD/PP/PP/NVD/NCV/XXX")
    for k, (d, hs, pieces, kg) in enumerate(s.goods):
        lines.append(f"RTD/{k + 1}/P{max(1, pieces)}/K{max(0.5, kg)}/CQ/W{round(kg) + 1}/R4.10/"
                     f"T{round(kg * 4.1, 2)}")
        lines += [f"/{'' if j == 0 else str(j + 1) + '/'}NG/{d[i:i + 20]}"
                  for j, i in enumerate(range(0, len(d), 20))]
        if hs:
            lines.append(f"/{len(range(0, len(d), 20)) + 1}/NH/{hs}")
    return "\n".join(lines)


def fhl(s):
    lines = ["FHL/4", f"MBI/{s.number}{s.origin}{s.dest}/T{max(1, s.pieces)}K{max(0.5, s.kg)}"]
    for h in s.houses:
        d, hs, pieces, kg = h.goods[0]
        lines.append(f"HBS/{h.number}/{h.origin}{h.dest}/{pieces}/K{kg}/{d[:15].strip()}")
        if len(d) > 15:
            lines.append(f"TXT/{d}")
        if hs:
            lines.append(f"HTS/{hs}")
        lines += party_lines("SHP", h.shipper, True) + party_lines("CNE", h.consignee, True)
    return "\n".join(lines) + "\n"


# -- Cargo-XML --

NS_WAYBILL = 'xmlns:rsm="iata:waybill:1" xmlns:ram="iata:datamodel:3"'
NS_HOUSE = 'xmlns:rsm="iata:housewaybill:1" xmlns:ram="iata:datamodel:3"'


def xml_files(conv, sent):
    files = []
    for s in conv.shipments:
        files.append((f"{stamp(sent)}_{s.number}_XFWB.xml", xfwb(s, conv.flight, sent)))
        for h in s.houses:
            files.append((f"{stamp(sent)}_{h.number}_XFZB.xml", xfzb(h, conv.flight, sent)))
    return files


def x(tag, text):
    return f"<ram:{tag}>{escape(str(text))}</ram:{tag}>"


def xml_party(tag, p):
    tel = (f"<ram:DefinedTradeContact><ram:DirectTelephoneCommunication>"
           f"{x('CompleteNumber', p.tel[0] + p.tel[1])}</ram:DirectTelephoneCommunication>"
           f"</ram:DefinedTradeContact>") if p.tel else ""
    return (f"<ram:{tag}>{x('Name', p.name)}<ram:PostalStructuredAddress>"
            f"{x('PostcodeCode', p.postcode)}{x('StreetName', p.street)}{x('CityName', p.city)}"
            f"{x('CountryID', p.a2)}</ram:PostalStructuredAddress>{tel}</ram:{tag}>")


def xml_movement(f):
    return (f"<ram:SpecifiedLogisticsTransportMovement>{x('StageCode', 'Main-Carriage')}"
            f"{x('ModeCode', '4')}{x('ID', f.airline.code + f.number)}"
            f"<ram:UsedLogisticsTransportMeans>{x('Name', f.airline.code)}"
            f"</ram:UsedLogisticsTransportMeans><ram:ArrivalEvent>"
            f"<ram:OccurrenceArrivalLocation>{x('ID', f.dest)}{x('TypeCode', 'Airport')}"
            f"</ram:OccurrenceArrivalLocation></ram:ArrivalEvent><ram:DepartureEvent>"
            f"{x('ScheduledOccurrenceDateTime', f.dep_local.isoformat())}"
            f"<ram:OccurrenceDepartureLocation>{x('ID', f.origin)}{x('TypeCode', 'Airport')}"
            f"</ram:OccurrenceDepartureLocation></ram:DepartureEvent>"
            f"</ram:SpecifiedLogisticsTransportMovement>")


def xml_items(tag, goods):
    out = []
    for k, (d, hs, pieces, kg) in enumerate(goods):
        out.append(f"<ram:{tag}>{x('SequenceNumeric', k + 1)}"
                   + (x("TypeCode", hs) if hs else "")
                   + f"<ram:GrossWeightMeasure unitCode=\"KGM\">{kg}</ram:GrossWeightMeasure>"
                   f"{x('PieceQuantity', max(1, pieces))}<ram:NatureIdentificationTransportCargo>"
                   f"{x('Identification', d)}</ram:NatureIdentificationTransportCargo>"
                   f"</ram:{tag}>")
    return "".join(out)


def xml_header(ident, code, purpose, sent, sender):
    return (f"<rsm:MessageHeaderDocument>{x('ID', ident)}{x('TypeCode', code)}"
            f"{x('IssueDateTime', sent.isoformat())}{x('PurposeCode', purpose)}"
            f"{x('VersionID', '3.00')}<ram:SenderParty>{x('PrimaryID', sender)}"
            f"</ram:SenderParty></rsm:MessageHeaderDocument>")


def xfwb(s, f, sent):
    code = "741" if s.houses else "740"
    body = (xml_header(f"{s.number}_{sent:%Y%m%d%H%M}", code, "Creation", sent,
                       f"{f.airline.code}CARGO")
            + f"<rsm:BusinessHeaderDocument>{x('ID', s.number)}</rsm:BusinessHeaderDocument>"
            + "<rsm:MasterConsignment>"
            + f"<ram:IncludedTareGrossWeightMeasure unitCode=\"KGM\">{max(0.5, s.kg)}"
            + "</ram:IncludedTareGrossWeightMeasure>"
            + x("TotalPieceQuantity", max(1, s.pieces))
            + xml_party("ConsignorParty", s.shipper) + xml_party("ConsigneeParty", s.consignee)
            + (notify_xml(s.notify) if s.notify else "")
            + f"<ram:OriginLocation>{x('ID', s.origin)}</ram:OriginLocation>"
            + f"<ram:FinalDestinationLocation>{x('ID', s.dest)}</ram:FinalDestinationLocation>"
            + xml_movement(f)
            + "<ram:ApplicableRating>" + xml_items("IncludedMasterConsignmentItem", s.goods)
            + "</ram:ApplicableRating></rsm:MasterConsignment>")
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<rsm:Waybill {NS_WAYBILL}>'
            f"{body}</rsm:Waybill>\n").encode("utf-8")


def notify_xml(p):
    return xml_party("AssociatedParty", p).replace(
        "<ram:AssociatedParty>", "<ram:AssociatedParty><ram:RoleCode>NI</ram:RoleCode>", 1)


def xfzb(h, f, sent):
    m = h.master
    body = (xml_header(f"{h.number}_{m.number}_{sent:%Y%m%d%H%M}", "703", "Creation", sent,
                       "FORWARDER")
            + f"<rsm:BusinessHeaderDocument>{x('ID', h.number)}</rsm:BusinessHeaderDocument>"
            + "<rsm:MasterConsignment>"
            + f"<ram:TransportContractDocument>{x('ID', m.number)}</ram:TransportContractDocument>"
            + f"<ram:OriginLocation>{x('ID', m.origin)}</ram:OriginLocation>"
            + f"<ram:FinalDestinationLocation>{x('ID', m.dest)}</ram:FinalDestinationLocation>"
            + f"<ram:IncludedHouseConsignment>{x('ID', h.number)}"
            + f"<ram:IncludedTareGrossWeightMeasure unitCode=\"KGM\">{h.kg}"
            + "</ram:IncludedTareGrossWeightMeasure>"
            + x("TotalPieceQuantity", max(1, h.pieces))
            + xml_party("ConsignorParty", h.shipper) + xml_party("ConsigneeParty", h.consignee)
            + xml_items("IncludedHouseConsignmentItem", h.goods)
            + "</ram:IncludedHouseConsignment></rsm:MasterConsignment>")
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<rsm:HouseWaybill {NS_HOUSE}>'
            f"{body}</rsm:HouseWaybill>\n").encode("utf-8")


# -- CUSCAR --

def write_cuscar(conv, box, rng):
    """One report per carrier of the call, each with its own bills."""
    call, n = conv.call, 0
    for line in call.carriers:
        bills = [s for s in conv.shipments if s.line is line]
        if not bills:
            continue
        sent = call.dep_local + timedelta(minutes=rng.randint(60, 1200))
        data = cuscar(call, line, bills, sent, rng)
        box.folder(line.scac).write(f"{stamp(sent)}_{call.imo}_{line.scac}_CUSCAR.edi", data)
        n += 1
    return n


def when(t):
    return f"{t:%Y%m%d%H%M}"


def cuscar(call, line, bills, sent, rng):
    voyage = f"{rng.randint(100, 999)}{rng.choice('EWNS')}"
    ich = Interchange("UNOC:3", [line.scac, "ZZZ"], ["USCBPAMS", "ZZZ"], sent,
                      f"{line.scac}{sent:%y%m%d%H%M}")
    m = Message(f"{line.scac}{voyage}", ["CUSCAR", "D", "95B", "UN"])
    m.seg("BGM", "85", f"{line.scac}-MFT-{voyage}-{call.port}", "9")
    m.seg("DTM", ["137", when(sent), "203"])
    m.seg("RFF", ["VON", voyage])
    m.seg("NAD", "CA", [line.scac, "172", "20"])
    m.seg("TDT", "20", voyage, "1", None, [line.scac, "172", "20"], None, None,
          [call.imo, "146", "11", call.vessel, call.flag])
    m.seg("LOC", "5", [call.last_port, "139", "6"])
    m.seg("DTM", ["133", when(call.dep_local), "203"])
    m.seg("LOC", "60", [call.port, "139", "6"])
    m.seg("DTM", ["132", when(call.eta_local), "203"])
    seals = {}
    for s in bills:
        for c in s.equipment:
            if c not in seals:
                seals[c] = f"{line.scac[:2]}{rng.randint(1000000, 9999999)}"
                m.seg("EQD", "CN", c, ["45G1", "102", "5"], None, "3", "5")
                m.seg("SEL", seals[c], "CA")
    k = 0
    for s in bills:
        for b in [s] + s.houses:
            k += 1
            bill_segments(m, k, b)
    ich.add(m)
    return ich.render("lines")


def bill_segments(m, k, b):
    m.seg("CNI", k, b.number)
    if b.kind == "house_bill":
        m.seg("RFF", ["BH", b.number])
        m.seg("RFF", ["BM", b.master.number])
    else:
        m.seg("RFF", ["BM", b.number])
    m.seg("CNT", ["7", b.kg, "KGM"])
    m.seg("CNT", ["11", b.pieces])
    m.seg("LOC", "9", [b.origin, "139", "6"])
    m.seg("LOC", "11", [b.dest, "139", "6"])
    for q, p in (("CZ", b.shipper), ("CN", b.consignee), ("N1", b.notify)):
        if p is not None:
            m.seg("NAD", q, None, None, name_components(p.name), p.street, p.city, None,
                  p.postcode, p.a2)
    for j, (d, hs, pieces, kg) in enumerate(b.goods):
        m.seg("GID", j + 1, [pieces, "CT", None, "6", "CARTONS"])
        m.seg("FTX", "AAA", None, None, d)
        if hs:
            m.seg("PIA", "5", [hs, "HS"])
        m.seg("MEA", "AAE", "AAB", ["KGM", kg])
        for c in b.equipment:
            m.seg("SGP", c, pieces)


def name_components(name):
    """C080: 35 characters a component, cut at a space (the parser joins
    them with one)."""
    parts, cur = [], ""
    for word in name.split():
        if cur and len(cur) + 1 + len(word) > 35:
            parts.append(cur)
            cur = word
        else:
            cur = f"{cur} {word}".strip()
    return parts + [cur]
