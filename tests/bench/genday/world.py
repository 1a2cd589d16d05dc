"""The world the day happens in: countries, airports, airlines, shipping
lines, goods, company names and addresses. The border is the United
States': flights and vessels arrive at its ports, as in bench-screen.

Every airport and seaport here is in sql/ports.tsv, so that each arrival
gets its time in UTC and the screening window is exact.
"""

from cultures import w

# alpha-3: alpha-2, calling code, cultures of its people (weights), language
# of its companies and streets, cities.
COUNTRIES = {}


def country(a3, a2, phone, cultures, lang, cities):
    mix = {}
    for part in cultures.split():
        name, weight = part.split(":")
        mix[name] = int(weight)
    COUNTRIES[a3] = {"a2": a2, "phone": phone, "cultures": mix, "lang": lang,
                     "cities": w(cities)}


country("USA", "US", "1", "english:58 spanish:18 chinese:3 indian:3 korean:2 filipino:2 "
        "vietnamese:2 italian:3 german:3 west_african:2 arabic:2 hebrew:2", "en",
        "NEW_YORK LOS_ANGELES CHICAGO HOUSTON MIAMI ATLANTA SEATTLE BOSTON NEWARK DALLAS")
country("CAN", "CA", "1", "english:60 french:25 chinese:5 indian:5 arabic:5", "en",
        "TORONTO MONTREAL VANCOUVER CALGARY OTTAWA")
country("MEX", "MX", "52", "spanish:100", "es", "MEXICO GUADALAJARA MONTERREY PUEBLA TIJUANA")
country("GBR", "GB", "44", "english:80 indian:8 arabic:4 polish:3 west_african:5", "en",
        "LONDON MANCHESTER BIRMINGHAM LEEDS GLASGOW BRISTOL LIVERPOOL")
country("IRL", "IE", "353", "english:95 polish:5", "en", "DUBLIN CORK GALWAY LIMERICK")
country("DEU", "DE", "49", "german:85 turkish:8 polish:4 arabic:3", "de",
        "BERLIN HAMBURG MUENCHEN KOELN FRANKFURT STUTTGART DUESSELDORF LEIPZIG BREMEN")
country("AUT", "AT", "43", "german:90 south_slavic:6 turkish:4", "de", "WIEN GRAZ LINZ SALZBURG")
country("CHE", "CH", "41", "german:65 french:20 italian:15", "de", "ZUERICH GENF BASEL BERN")
country("FRA", "FR", "33", "french:85 arabic:10 west_african:5", "fr",
        "PARIS LYON MARSEILLE TOULOUSE LILLE BORDEAUX NANTES")
country("BEL", "BE", "32", "french:50 german:10 arabic:15 italian:10 turkish:15", "fr",
        "BRUXELLES ANTWERPEN GENT LIEGE")
country("NLD", "NL", "31", "german:70 turkish:15 arabic:15", "nl",
        "AMSTERDAM ROTTERDAM DEN_HAAG UTRECHT EINDHOVEN")
country("LUX", "LU", "352", "german:50 french:40 portuguese:10", "fr", "LUXEMBOURG")
country("ESP", "ES", "34", "spanish:92 arabic:8", "es", "MADRID BARCELONA VALENCIA SEVILLA BILBAO")
country("PRT", "PT", "351", "portuguese:100", "pt", "LISBOA PORTO BRAGA COIMBRA")
country("ITA", "IT", "39", "italian:95 romanian:5", "it", "ROMA MILANO NAPOLI TORINO BOLOGNA GENOVA")
country("GRC", "GR", "30", "greek:100", "en", "ATHINA THESSALONIKI PATRA PIRAEUS")
country("POL", "PL", "48", "polish:100", "pl", "WARSZAWA KRAKOW LODZ WROCLAW POZNAN GDANSK")
country("HUN", "HU", "36", "hungarian:100", "en", "BUDAPEST DEBRECEN SZEGED")
country("ROU", "RO", "40", "romanian:100", "en", "BUCURESTI CLUJ-NAPOCA TIMISOARA IASI")
country("SRB", "RS", "381", "south_slavic:100", "en", "BEOGRAD NOVI_SAD NIS")
country("HRV", "HR", "385", "south_slavic:100", "en", "ZAGREB SPLIT RIJEKA")
country("SWE", "SE", "46", "nordic:90 arabic:10", "nordic", "STOCKHOLM GOTEBORG MALMO UPPSALA")
country("NOR", "NO", "47", "nordic:100", "nordic", "OSLO BERGEN TRONDHEIM")
country("DNK", "DK", "45", "nordic:100", "nordic", "KOBENHAVN AARHUS ODENSE")
country("FIN", "FI", "358", "nordic:100", "nordic", "HELSINKI ESPOO TAMPERE")
country("TUR", "TR", "90", "turkish:100", "tr", "ISTANBUL ANKARA IZMIR BURSA ANTALYA")
country("RUS", "RU", "7", "russian:100", "ru", "MOSKVA SANKT-PETERBURG NOVOSIBIRSK KAZAN")
country("UKR", "UA", "380", "ukrainian:85 russian:15", "ru", "KYIV LVIV ODESA KHARKIV DNIPRO")
country("ISR", "IL", "972", "hebrew:85 arabic:10 russian:5", "en", "TEL_AVIV JERUSALEM HAIFA")
country("ARE", "AE", "971", "arabic:45 indian:40 filipino:15", "ar", "DUBAI ABU_DHABI SHARJAH")
country("QAT", "QA", "974", "arabic:50 indian:40 filipino:10", "ar", "DOHA")
country("SAU", "SA", "966", "arabic:100", "ar", "RIYADH JEDDAH DAMMAM MAKKAH")
country("JOR", "JO", "962", "arabic:100", "ar", "AMMAN IRBID ZARQA")
country("EGY", "EG", "20", "arabic:100", "ar", "CAIRO ALEXANDRIA GIZA")
country("MAR", "MA", "212", "arabic:100", "fr", "CASABLANCA RABAT TANGER MARRAKECH")
country("IRN", "IR", "98", "persian:100", "ar", "TEHRAN MASHHAD ISFAHAN SHIRAZ")
country("PAK", "PK", "92", "arabic:60 indian:40", "en", "KARACHI LAHORE ISLAMABAD")
country("IND", "IN", "91", "indian:100", "in", "MUMBAI DELHI BENGALURU CHENNAI KOLKATA HYDERABAD PUNE")
country("BGD", "BD", "880", "indian:60 arabic:40", "en", "DHAKA CHITTAGONG")
country("NGA", "NG", "234", "west_african:100", "en", "LAGOS ABUJA KANO IBADAN PORT_HARCOURT")
country("GHA", "GH", "233", "west_african:100", "en", "ACCRA KUMASI TEMA")
country("SEN", "SN", "221", "west_african:100", "fr", "DAKAR THIES")
country("ETH", "ET", "251", "ethiopian:100", "en", "ADDIS_ABABA DIRE_DAWA")
country("KEN", "KE", "254", "west_african:60 indian:20 english:20", "en", "NAIROBI MOMBASA")
country("ZAF", "ZA", "27", "english:50 west_african:40 indian:10", "en",
        "JOHANNESBURG CAPE_TOWN DURBAN PRETORIA")
country("CHN", "CN", "86", "chinese:100", "zh",
        "SHANGHAI BEIJING SHENZHEN GUANGZHOU NINGBO YIWU HANGZHOU TIANJIN XIAMEN QINGDAO")
country("HKG", "HK", "852", "chinese:95 indian:5", "zh", "HONG_KONG KOWLOON")
country("TWN", "TW", "886", "chinese:100", "zh", "TAIPEI KAOHSIUNG TAICHUNG")
country("JPN", "JP", "81", "japanese:100", "ja", "TOKYO OSAKA YOKOHAMA NAGOYA KOBE")
country("KOR", "KR", "82", "korean:100", "ko", "SEOUL BUSAN INCHEON DAEGU")
country("SGP", "SG", "65", "chinese:70 indian:20 arabic:10", "en", "SINGAPORE")
country("THA", "TH", "66", "chinese:40 indian:10 english:50", "en", "BANGKOK CHIANG_MAI LAEM_CHABANG")
country("VNM", "VN", "84", "vietnamese:100", "vi", "HO_CHI_MINH_CITY HANOI HAI_PHONG DA_NANG")
country("PHL", "PH", "63", "filipino:100", "en", "MANILA CEBU DAVAO")
country("MYS", "MY", "60", "arabic:50 chinese:35 indian:15", "en", "KUALA_LUMPUR PENANG PORT_KLANG")
country("IDN", "ID", "62", "arabic:70 chinese:30", "en", "JAKARTA SURABAYA BANDUNG")
country("AUS", "AU", "61", "english:85 chinese:10 greek:5", "en", "SYDNEY MELBOURNE BRISBANE PERTH")
country("NZL", "NZ", "64", "english:100", "en", "AUCKLAND WELLINGTON")
country("COL", "CO", "57", "spanish:100", "es", "BOGOTA MEDELLIN CALI CARTAGENA")
country("PER", "PE", "51", "spanish:100", "es", "LIMA AREQUIPA CALLAO")
country("BRA", "BR", "55", "portuguese:90 italian:5 japanese:5", "pt",
        "SAO_PAULO RIO_DE_JANEIRO SANTOS CURITIBA BELO_HORIZONTE")
country("ARG", "AR", "54", "spanish:80 italian:20", "es", "BUENOS_AIRES CORDOBA ROSARIO")
country("CHL", "CL", "56", "spanish:100", "es", "SANTIAGO VALPARAISO")
country("PAN", "PA", "507", "spanish:100", "es", "PANAMA COLON")
country("CRI", "CR", "506", "spanish:100", "es", "SAN_JOSE")
country("SLV", "SV", "503", "spanish:100", "es", "SAN_SALVADOR")
country("GTM", "GT", "502", "spanish:100", "es", "GUATEMALA")
country("DOM", "DO", "1", "spanish:100", "es", "SANTO_DOMINGO SANTIAGO_DE_LOS_CABALLEROS")
country("JAM", "JM", "1", "english:100", "en", "KINGSTON MONTEGO_BAY")

A2_TO_A3 = {c["a2"]: a3 for a3, c in COUNTRIES.items()}

# Departure airports: code, country, share of the arrivals, hours flown to
# the US east coast and to the west coast.
ORIGINS = [(code, cc, int(share), float(east), float(west)) for code, cc, share, east, west in
           (line.split() for line in """
    FRA DEU 8 8.5 11.5
    MUC DEU 4 9 12
    LHR GBR 10 8 11
    LGW GBR 2 8 11
    MAN GBR 1 8.5 11
    CDG FRA 8 8.5 11.5
    AMS NLD 6 8.5 11
    MAD ESP 4 8.5 12
    BCN ESP 2 9 12.5
    FCO ITA 4 10 13
    MXP ITA 2 9.5 12.5
    ZRH CHE 3 9 12
    VIE AUT 1 10 13
    CPH DNK 2 8.5 11
    ARN SWE 1 9 11.5
    OSL NOR 1 8.5 11
    HEL FIN 1 9.5 12
    DUB IRL 3 7.5 10.5
    BRU BEL 2 8.5 11.5
    LIS PRT 2 8 11.5
    WAW POL 1 10 12.5
    BUD HUN 1 10 13
    OTP ROU 1 11 14
    BEG SRB 1 10.5 13
    ATH GRC 1 11 14
    IST TUR 4 11 13.5
    TLV ISR 2 12 15
    AMM JOR 1 12.5 15.5
    DXB ARE 4 14 16
    AUH ARE 2 14 16
    DOH QAT 3 14 16
    RUH SAU 1 13.5 16
    JED SAU 1 13 16
    CAI EGY 1 12 15
    CMN MAR 1 8 11.5
    LOS NGA 2 12 15
    ABV NGA 1 12.5 15.5
    ACC GHA 1 11 14.5
    DSS SEN 1 8.5 12
    ADD ETH 1 15 18
    NBO KEN 1 16 19
    JNB ZAF 1 16 18
    DEL IND 3 15 16
    BOM IND 2 16 17
    BLR IND 1 17 17.5
    KHI PAK 1 15 17
    ISB PAK 1 14.5 16.5
    DAC BGD 1 17 17
    PEK CHN 3 13.5 11.5
    PVG CHN 3 14.5 12
    CAN CHN 1 15.5 13
    HKG HKG 3 15.5 13
    TPE TWN 2 15 12
    NRT JPN 2 13 10
    HND JPN 2 13 10
    ICN KOR 3 14 11
    MNL PHL 2 16 13
    SIN SGP 2 18.5 16
    BKK THA 1 17 15
    SGN VNM 1 17 15
    KUL MYS 1 18 16
    CGK IDN 1 20 17
    SYD AUS 1 20 14
    MEL AUS 1 21 15
    AKL NZL 1 17 12.5
    YYZ CAN 6 1.5 5
    YUL CAN 3 1.5 5.5
    YVR CAN 3 5.5 2.5
    MEX MEX 6 4.5 4
    CUN MEX 3 3 5
    GDL MEX 2 4.5 3.5
    BOG COL 2 5 7
    LIM PER 1 7 8.5
    GRU BRA 3 9.5 12
    GIG BRA 1 9.5 12
    EZE ARG 1 11 13
    SCL CHL 1 10.5 11
    PTY PAN 2 5 6.5
    SJO CRI 1 4.5 5.5
    SAL SLV 1 4.5 5.5
    GUA GTM 1 4.5 5
    SDQ DOM 2 3.5 6
    MBJ JAM 1 3 5.5
    """.strip().splitlines())]
ORIGIN_BY_CODE = {o[0]: o for o in ORIGINS}

# Arrival airports and the coast that sets their flight times.
ARRIVALS = [(code, int(share), coast) for code, share, coast in (x.split() for x in """
    JFK 12 east
    EWR 6 east
    ORD 8 central
    ATL 7 east
    IAD 5 east
    MIA 8 east
    LAX 10 west
    SFO 6 west
    BOS 4 east
    IAH 5 central
    DFW 5 central
    SEA 4 west
    DEN 2 central
    PHL 3 east
    DTW 3 central
    MSP 2 central
    CLT 3 east
    LAS 2 west
    MCO 4 east
    """.strip().splitlines())]

# Airports that see freighters: the hubs of the cargo airlines and integrators.
CARGO_ARRIVALS = ["ORD", "JFK", "LAX", "MIA", "ATL", "ANC", "DFW", "IAH", "CVG", "SDF",
                  "ONT", "EWR", "SEA"]

US_CARRIERS = ["UA", "AA", "DL"]


class Airline:
    """code, air waybill prefix, home country, hubs it flies to the US from,
    its cargo messages (Cargo-IMP or Cargo-XML), whether it flies freighters
    and whether it carries passengers."""

    def __init__(self, code, prefix, home, hubs, cargo="imp", freighters=False,
                 passengers=True):
        self.code, self.prefix, self.home = code, prefix, home
        self.hubs, self.cargo = hubs.split(), cargo
        self.freighters, self.passengers = freighters, passengers


AIRLINES = [
    Airline("LH", "020", "DEU", "FRA MUC", "imp", True),
    Airline("BA", "125", "GBR", "LHR LGW"),
    Airline("VS", "932", "GBR", "LHR MAN"),
    Airline("AF", "057", "FRA", "CDG", "xml", True),
    Airline("KL", "074", "NLD", "AMS", "xml"),
    Airline("IB", "075", "ESP", "MAD BCN"),
    Airline("AZ", "055", "ITA", "FCO MXP"),
    Airline("LX", "724", "CHE", "ZRH"),
    Airline("OS", "257", "AUT", "VIE"),
    Airline("SK", "117", "DNK", "CPH ARN OSL"),
    Airline("AY", "105", "FIN", "HEL"),
    Airline("EI", "053", "IRL", "DUB"),
    Airline("TP", "047", "PRT", "LIS"),
    Airline("LO", "080", "POL", "WAW BUD"),
    Airline("TK", "235", "TUR", "IST", "imp", True),
    Airline("EK", "176", "ARE", "DXB", "xml", True),
    Airline("QR", "157", "QAT", "DOH", "xml", True),
    Airline("EY", "607", "ARE", "AUH"),
    Airline("SV", "065", "SAU", "RUH JED"),
    Airline("LY", "114", "ISR", "TLV"),
    Airline("RJ", "512", "JOR", "AMM"),
    Airline("MS", "077", "EGY", "CAI"),
    Airline("AT", "147", "MAR", "CMN"),
    Airline("ET", "071", "ETH", "ADD LOS ACC DSS", "imp", True),
    Airline("SA", "083", "ZAF", "JNB"),
    Airline("AI", "098", "IND", "DEL BOM BLR"),
    Airline("CX", "160", "HKG", "HKG", "xml", True),
    Airline("SQ", "618", "SGP", "SIN", "xml"),
    Airline("NH", "205", "JPN", "NRT HND"),
    Airline("JL", "131", "JPN", "NRT HND"),
    Airline("KE", "180", "KOR", "ICN", "imp", True),
    Airline("OZ", "988", "KOR", "ICN"),
    Airline("CA", "999", "CHN", "PEK", "imp", True),
    Airline("MU", "781", "CHN", "PVG"),
    Airline("CZ", "784", "CHN", "CAN", "imp", True),
    Airline("BR", "695", "TWN", "TPE", "imp", True),
    Airline("PR", "079", "PHL", "MNL"),
    Airline("TG", "217", "THA", "BKK SGN KUL CGK"),
    Airline("QF", "081", "AUS", "SYD MEL AKL"),
    Airline("AC", "014", "CAN", "YYZ YUL YVR"),
    Airline("AM", "139", "MEX", "MEX GDL CUN"),
    Airline("CM", "230", "PAN", "PTY SJO SAL GUA SDQ MBJ"),
    Airline("AV", "134", "COL", "BOG LIM"),
    Airline("LA", "045", "CHL", "GRU GIG SCL EZE LIM", "imp", True),
    Airline("UA", "016", "USA", "", "imp"),
    Airline("AA", "001", "USA", "", "imp"),
    Airline("DL", "006", "USA", "", "imp"),
    # All-cargo airlines: freighters only.
    Airline("CV", "172", "LUX", "LUX", "xml", True, False),
    Airline("5X", "406", "USA", "CGN", "imp", True, False),
    Airline("FX", "023", "USA", "CDG", "xml", True, False),
    Airline("PO", "403", "USA", "LEJ HKG", "imp", True, False),
]
AIRLINE_BY_CODE = {a.code: a for a in AIRLINES}
# Cargo airports that are no passenger origin.
CARGO_ORIGIN_COUNTRY = {"LUX": "LUX", "CGN": "DEU", "LEJ": "DEU"}


class Line:
    """A shipping line: its SCAC, name, home country and how it names ships."""

    def __init__(self, scac, name, home, vessel_prefix):
        self.scac, self.name, self.home, self.vessel_prefix = scac, name, home, vessel_prefix


LINES = [
    Line("MAEU", "MAERSK A/S", "DNK", "MAERSK"),
    Line("MSCU", "MEDITERRANEAN SHIPPING COMPANY S.A.", "CHE", "MSC"),
    Line("CMDU", "CMA CGM S.A.", "FRA", "CMA CGM"),
    Line("COSU", "COSCO SHIPPING LINES CO LTD", "CHN", "COSCO"),
    Line("HLCU", "HAPAG-LLOYD AG", "DEU", ""),
    Line("ONEY", "OCEAN NETWORK EXPRESS PTE LTD", "SGP", "ONE"),
    Line("EGLV", "EVERGREEN MARINE CORP", "TWN", "EVER"),
    Line("HDMU", "HMM CO LTD", "KOR", "HMM"),
    Line("ZIMU", "ZIM INTEGRATED SHIPPING SERVICES LTD", "ISR", "ZIM"),
    Line("OOLU", "ORIENT OVERSEAS CONTAINER LINE LTD", "HKG", "OOCL"),
]

# Trade lanes: the ports a service calls at before the US, its US ports,
# days at sea from the last port.
LANES = [
    ("CNSHA CNNGB KRPUS", "USLAX USLGB USOAK", 13),
    ("CNYTN CNSZX HKHKG CNXMN", "USLAX USLGB", 15),
    ("CNTAO CNSHA JPTYO", "USSEA USTIW USOAK", 11),
    ("TWKHH HKHKG VNSGN", "USLAX USLGB", 17),
    ("SGSIN MYPKG THLCH", "USLAX USOAK", 19),
    ("NLRTM DEHAM BEANR", "USNYC USSAV USCHS USBAL", 10),
    ("FRLEH GBFXT ESALG", "USNYC USBAL USCHS", 9),
    ("ITGOA ESALG", "USNYC USHOU USSAV", 14),
    ("SGSIN LKCMB INNSA", "USNYC USSAV", 26),
    ("BRSSZ COCTG", "USHOU USMIA", 8),
    ("PAMIT COCTG", "USMIA USSAV", 4),
    ("MXZLO PABLB", "USLAX USLGB", 6),
]
SEAPORT_COUNTRY = {"CN": "CHN", "KR": "KOR", "JP": "JPN", "HK": "HKG", "TW": "TWN",
                   "VN": "VNM", "SG": "SGP", "MY": "MYS", "TH": "THA", "NL": "NLD",
                   "DE": "DEU", "BE": "BEL", "FR": "FRA", "GB": "GBR", "ES": "ESP",
                   "IT": "ITA", "LK": "IND", "IN": "IND", "BR": "BRA", "CO": "COL",
                   "PA": "PAN", "MX": "MEX", "US": "USA"}

# Goods: description, HS code (6 digits, "" where none applies), kilograms
# a piece from and to, where it travels (a air, s sea).
GOODS = [(d.replace("_", " "), hs if hs != "-" else "", float(lo), float(hi), modes)
         for d, hs, lo, hi, modes in (x.split() for x in """
    LED_LAMPS 940542 2 15 as
    MOBILE_PHONES 851713 0.5 8 a
    LAPTOP_COMPUTERS 847130 2 20 as
    LITHIUM_ION_BATTERIES 850760 1 30 as
    CNC_MACHINE_PARTS 846693 10 300 as
    HYDRAULIC_PUMPS 841360 20 400 s
    BALL_BEARINGS 848210 5 60 as
    AUTO_PARTS 870899 5 80 as
    TYRES 401110 8 25 s
    COTTON_T-SHIRTS 610910 5 20 as
    MENS_TROUSERS 620342 5 20 s
    FOOTWEAR 640399 5 18 as
    HANDBAGS 420222 3 15 as
    TOYS 950300 3 20 s
    WOODEN_FURNITURE 940360 20 120 s
    GARDEN_FURNITURE 940179 15 90 s
    FROZEN_SHRIMP 030617 10 25 s
    FROZEN_FISH_FILLETS 030462 10 25 s
    FRESH_CUT_FLOWERS 060311 5 30 a
    LIVE_PLANTS 060290 5 40 a
    FLOWER_BULBS 060110 5 25 as
    SEEDS_FOR_SOWING 120999 1 25 a
    COFFEE_BEANS 090111 60 70 s
    GREEN_TEA 090210 5 30 s
    WINE 220421 9 16 s
    WHISKY 220830 9 16 as
    OLIVE_OIL 150910 10 20 s
    CHEESE 040690 5 20 a
    SAUSAGES 160100 5 20 a
    HONEY 040900 10 30 s
    PHARMACEUTICALS 300490 2 30 a
    VACCINES 300220 2 20 a
    MEDICAL_DEVICES 901890 2 50 a
    COSMETICS 330499 2 20 as
    PERFUME 330300 2 15 a
    CIGARETTES 240220 10 20 s
    JEWELLERY 711319 0.2 3 a
    WATCHES 910211 0.5 5 a
    ELECTRONIC_COMPONENTS 854239 1 20 a
    SOLAR_PANELS 854143 15 30 s
    STEEL_PIPES 730429 100 800 s
    ALUMINIUM_PROFILES 760410 20 200 s
    PLASTIC_GRANULES 390110 25 1000 s
    PAINT 320890 5 25 s
    PRINTED_BOOKS 490199 5 20 as
    DOCUMENTS - 0.2 2 a
    SPARE_PARTS 847390 2 60 as
    TEXTILE_FABRICS 520812 20 60 s
    CERAMIC_TILES 690721 20 40 s
    GLASSWARE 701349 5 20 s
    KITCHENWARE 732393 5 20 s
    SPORTS_EQUIPMENT 950691 3 30 as
    BICYCLES 871200 12 20 s
    ELECTRIC_BICYCLES 871160 20 35 s
    DRONES 880621 1 10 a
    SAWN_TIMBER 440799 500 1500 s
    RICE 100630 25 50 s
    TELECOM_EQUIPMENT 851762 2 40 a
    SEMICONDUCTORS 854231 0.5 10 a
    OPTICAL_LENSES 900190 1 10 a
    AIRCRAFT_PARTS 880730 5 400 a
    MACHINE_TOOLS 845811 200 3000 s
    VALVES 848180 2 50 as
    CABLES 854449 10 200 s
    PERSONAL_EFFECTS - 5 40 as
    GIFTS - 1 20 a
    SAMPLES - 0.5 10 a
    """.strip().splitlines())]

# Company names: words of the trade in each language, legal forms by
# country (the forms the matcher must see through, spelt as companies do).
TRADE = {
    "en": w("TRADING LOGISTICS INDUSTRIES ELECTRONICS TEXTILES FOODS MACHINERY IMPORTS "
            "TECHNOLOGIES SUPPLY COMPONENTS PHARMA CHEMICALS DISTRIBUTION HOLDINGS"),
    "de": w("HANDEL LOGISTIK MASCHINENBAU WERKZEUGBAU ELEKTRONIK TEXTIL IMPORT "
            "ANLAGENBAU METALLWAREN FEINKOST SPEDITION"),
    "fr": w("DISTRIBUTION INDUSTRIE TRANSPORTS EXPORT NEGOCE EQUIPEMENTS PARFUMS"),
    "it": w("COMMERCIALE INDUSTRIE TRASPORTI FORNITURE ALIMENTARI MECCANICA"),
    "es": w("COMERCIAL DISTRIBUCIONES INDUSTRIAS IMPORTACIONES ALIMENTOS LOGISTICA"),
    "pt": w("COMERCIAL DISTRIBUIDORA INDUSTRIA IMPORTADORA ALIMENTOS"),
    "nl": w("HANDEL LOGISTIEK TECHNIEK BLOEMEN IMPORT"),
    "nordic": w("HANDEL LOGISTIK TEKNIK INDUSTRI"),
    "pl": w("HANDEL LOGISTYKA PRODUKCJA IMPORT"),
    "tr": w("TEKSTIL TICARET LOJISTIK GIDA MAKINA"),
    "ar": w("TRADING GENERAL_TRADING CONTRACTING LOGISTICS IMPORT_EXPORT"),
    "zh": w("TRADING IMPORT_AND_EXPORT ELECTRONIC_TECHNOLOGY MACHINERY INDUSTRIAL "
            "GARMENTS LIGHTING HARDWARE"),
    "ja": w("TRADING ELECTRIC INDUSTRIES SHOJI"),
    "ko": w("TRADING ELECTRONICS INDUSTRIAL CHEMICAL"),
    "in": w("EXPORTS TEXTILES PHARMACEUTICALS ENTERPRISES INDUSTRIES"),
    "vi": w("SEAFOOD GARMENT IMPORT_EXPORT FURNITURE"),
    "ru": w("TRADE IMPEX LOGISTIK"),
}
LEGAL = {
    "US": w("INC LLC CORP CORPORATION CO"), "CA": w("INC LTD LTEE CORP"),
    "GB": w("LTD LIMITED PLC LLP"), "IE": w("LTD LIMITED DAC"),
    "DE": w("GMBH GMBH_&_CO._KG AG KG"), "AT": w("GMBH AG KG"), "CH": w("AG GMBH SA"),
    "FR": w("SARL SAS SA S.A.R.L."), "BE": w("SA BV SRL"), "LU": w("SARL SA"),
    "NL": w("BV B.V. NV"), "IT": w("SRL S.P.A. SPA S.R.L."), "ES": w("SL SA S.L."),
    "PT": w("LDA SA"), "BR": w("LTDA S.A."), "MX": w("SA_DE_CV S.A._DE_C.V."),
    "CO": w("SAS LTDA"), "PE": w("SAC SRL"), "AR": w("SRL SA"), "CL": w("SPA LTDA"),
    "CN": w("CO_LTD CO.,_LTD. LIMITED"), "HK": w("LIMITED LTD CO_LTD"),
    "TW": w("CO_LTD CORP"), "JP": w("CO_LTD KK KABUSHIKI_KAISHA"), "KR": w("CO_LTD"),
    "IN": w("PVT_LTD PRIVATE_LIMITED LTD"), "VN": w("JSC CO_LTD"), "SG": w("PTE_LTD"),
    "MY": w("SDN_BHD"), "TH": w("CO_LTD"), "AE": w("LLC FZE FZCO L.L.C."),
    "SA": w("LLC CO"), "QA": w("WLL LLC"), "EG": w("SAE LLC"), "TR": w("LTD_STI A.S."),
    "PL": w("SP._Z_O.O. SA"), "SE": w("AB"), "DK": w("A/S APS"), "NO": w("AS"),
    "FI": w("OY"), "RU": w("OOO AO"), "UA": w("TOV LLC"), "IL": w("LTD"),
    "NG": w("LTD LIMITED"), "GH": w("LTD"), "ZA": w("PTY_LTD"), "AU": w("PTY_LTD"),
}
# Invented brand words may end so (orgs.brand).
BRAND_ENDINGS = w("TEC TRON NEX LINE MAX VIA RA ON IX OS EX IA ETTA ORA")
IMAGERY = w("BLUE_RIVER GOLDEN_STAR NORTHWIND SILVERLINE GREENFIELD SUNRISE EVERBRIGHT "
            "PACIFIC_RIM ATLANTIC OCEANIC EASTERN_PEARL RED_DRAGON WHITE_CRANE "
            "GRAND_HARBOUR NEW_HORIZON UNITED_STAR GLOBAL_BRIDGE ROYAL_OAK EAGLE")

STREET = {
    "en": ("{n} {x} {s}", w("OAK MAPLE HIGH CHURCH MARKET HARBOUR STATION MILL PARK KING "
                           "QUEEN VICTORIA INDUSTRIAL RIVER"),
           w("ROAD STREET AVENUE LANE DRIVE WAY")),
    "de": ("{x}{s} {n}", w("HAUPT BAHNHOF INDUSTRIE HAFEN GARTEN KIRCH LINDEN MUEHLEN "
                          "SCHILLER GOETHE BERG WALD"), w("STRASSE WEG ALLEE RING")),
    "fr": ("{n} {s} {x}", w("DES_LILAS DE_LA_GARE DU_PORT DES_ARTISANS VICTOR_HUGO "
                           "PASTEUR DE_LA_REPUBLIQUE"), w("RUE AVENUE BOULEVARD")),
    "it": ("{s} {x} {n}", w("ROMA GARIBALDI MAZZINI DEL_PORTO DELLE_INDUSTRIE VERDI"),
           w("VIA VIALE CORSO")),
    "es": ("{s} {x} {n}", w("MAYOR DEL_PUERTO DE_LA_INDUSTRIA REAL SAN_MARTIN INDEPENDENCIA"),
           w("CALLE AVENIDA PASEO")),
    "pt": ("{s} {x} {n}", w("DAS_FLORES DO_PORTO AUGUSTA DA_INDUSTRIA PAULISTA"),
           w("RUA AVENIDA")),
    "zh": ("NO. {n} {x} {s}", w("HUAXIA CHOUZHOU JIANGBIN ZHONGSHAN RENMIN JIEFANG "
                               "KEJI HUANGHE CHANGJIANG"), w("ROAD AVENUE STREET")),
}
