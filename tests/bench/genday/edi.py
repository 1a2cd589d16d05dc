"""UN/EDIFACT interchanges as carriers write them: segments with their
release characters, counts that agree (UNT, CNT), and the layouts seen in
the dropbox: a segment a line, the whole interchange on one line, or a
SITA Type B envelope with lines cut at 64 characters."""


def release(value, seps=":+?'"):
    """A value with ? before each service character (O?'BRIEN)."""
    return "".join("?" + ch if ch in seps else ch for ch in str(value))


def element(v):
    """An element: a value, or a list of components (None: left empty)."""
    if isinstance(v, (list, tuple)):
        comps = ["" if c is None else release(c) for c in v]
        while comps and comps[-1] == "":
            comps.pop()
        return ":".join(comps)
    return "" if v is None else release(v)


class Message:
    """One message's segments, UNH to UNT; UNT counts them."""

    def __init__(self, ref, mtype, access=None):
        self.ref, self.segs = ref, []
        self.seg("UNH", ref, mtype, access)

    def seg(self, tag, *elements):
        parts = [element(e) for e in elements]
        while parts and parts[-1] == "":
            parts.pop()
        self.segs.append("+".join([tag] + parts))

    def close(self):
        self.seg("UNT", len(self.segs) + 1, self.ref)
        return self.segs


class Interchange:
    """UNA, UNB, [UNG], messages, [UNE], UNZ."""

    def __init__(self, syntax, sender, recipient, when, ref, group=None):
        self.head = [f"UNB+{syntax}+{element(sender)}+{element(recipient)}+"
                     f"{when:%y%m%d}:{when:%H%M}+{release(ref)}"]
        self.ref, self.group, self.messages = ref, group, []
        if group:
            self.head.append(f"UNG+{group}+{element(sender)}+{element(recipient)}+"
                             f"{when:%y%m%d}:{when:%H%M}+1+UN+D:05B")

    def add(self, message):
        self.messages.append(message.close())

    def segments(self):
        segs = list(self.head)
        for m in self.messages:
            segs += m
        if self.group:
            segs.append(f"UNE+{len(self.messages)}+1")
        segs.append(f"UNZ+{1 if self.group else len(self.messages)}+{release(self.ref)}")
        return segs

    def render(self, layout, una=True, typeb=None):
        """The bytes of the file: layout "lines", "flat" or "typeb" (with
        typeb = (address line, originator, when))."""
        body = ("UNA:+.? '" if una else "") + ("'\n" if layout == "lines" else "'").join(
            self.segments()) + "'"
        if layout == "lines":
            body = body.replace("UNA:+.? 'UNB", "UNA:+.? '\nUNB", 1) + "\n"
        if layout != "typeb":
            return body.encode("utf-8")
        address, origin, when = typeb
        wrapped = "\r\n".join(body[i:i + 64] for i in range(0, len(body), 64))
        return (f"\x01{address}\r\n.{origin} {when:%d%H%M}\r\n\x02" + wrapped +
                "\r\n\x03").encode("utf-8")
