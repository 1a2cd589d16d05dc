"""Numbers of the cargo world, with their check digits right: air waybills
(serial modulo 7), containers (ISO 6346), IMO ship numbers; and ships'
names."""

CONTAINER_OWNERS = ["MSKU", "MSCU", "CMAU", "CSNU", "HLXU", "ONEU", "EGHU", "HDMU", "ZIMU",
                    "OOLU", "TGHU", "TCLU", "CAIU", "SEGU", "FCIU", "GESU", "TRHU", "BMOU"]
ISO6346 = {ch: v for ch, v in zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                                  [10, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 23, 24, 25, 26,
                                   27, 28, 29, 30, 31, 32, 34, 35, 36, 37, 38])}


ISSUED = set()


def unique(make):
    """A number never issued before this day: make() until a new one."""
    while True:
        number = make()
        if number not in ISSUED:
            ISSUED.add(number)
            return number


def awb_number(prefix, rng):
    """"020-12345675": seven digits and their remainder modulo 7."""
    def make():
        serial = rng.randrange(1000000, 9999999)
        return f"{prefix}-{serial}{serial % 7}"
    return unique(make)


def container_number(rng, owner=None):
    """Owner code, six digits, the ISO 6346 check digit."""
    code = (owner or rng.choice(CONTAINER_OWNERS)) + f"{rng.randrange(0, 999999):06d}"
    total = sum((ISO6346[ch] if ch.isalpha() else int(ch)) * 2 ** i for i, ch in enumerate(code))
    return code + str(total % 11 % 10)


def imo_number(rng):
    """Seven digits, the last the weighted sum of the six before modulo 10."""
    digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(5)]
    check = sum(d * (7 - i) for i, d in enumerate(digits)) % 10
    return "".join(map(str, digits)) + str(check)


SHIP_WORDS = ["NORTHERN STAR", "BALTIC TERN", "PACIFIC DAWN", "ATLANTIC GRACE", "OCEAN PRIDE",
              "SEA HARMONY", "GOLDEN WAVE", "SILVER BAY", "EASTERN GLORY", "CORAL REEF",
              "JADE RIVER", "ARCTIC FOX", "BLUE MARLIN", "CAPE HORIZON", "ORIENT SPIRIT",
              "NORDIC BREEZE", "SOUTHERN CROSS", "RED SEA", "WHITE SHARK", "GRAND VOYAGER"]
SHIP_PLACES = ["KINLOSS", "HAMBURG", "SHANGHAI", "ROTTERDAM", "SINGAPORE", "BUSAN", "VALENCIA",
               "ANTWERP", "SANTOS", "DURBAN", "COLOMBO", "TOKYO", "SAVANNAH", "OAKLAND",
               "MANILA", "JAKARTA", "GENOA", "FELIXSTOWE", "ALGECIRAS", "YOKOHAMA"]


def vessel_name(rng, prefix=""):
    word = rng.choice(SHIP_PLACES if prefix else SHIP_WORDS)
    name = f"{prefix} {word}".strip() if prefix else word
    return f"{name} {rng.choice(['', '', 'II', 'III'])}".strip()
