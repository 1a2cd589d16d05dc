"""When conveyances arrive: every arrival falls in the 24 hours after "now"
(UTC), and its times are written local at each port, as carriers send
them, with the time zones of sql/ports.tsv (the table vborder reads)."""

from datetime import timedelta
from zoneinfo import ZoneInfo


class Ports:
    def __init__(self, tsv_path):
        self.tz = {}
        with open(tsv_path, encoding="utf-8") as f:
            next(f)
            for line in f:
                code, kind, _, _, tz = line.rstrip("\n").split("\t")
                self.tz[(code, kind)] = ZoneInfo(tz)

    def local(self, code, kind, when_utc):
        """The naive local time at a port of a UTC time."""
        return when_utc.astimezone(self.tz[(code, kind)]).replace(tzinfo=None)


def arrival_in_window(rng, now, margin_minutes=20):
    """A UTC arrival time within the window, on a five-minute step, kept
    clear of its edges so that the screen covers it whatever rounding."""
    span = 24 * 60 - 2 * margin_minutes
    minutes = margin_minutes + 5 * rng.randrange(span // 5)
    return now + timedelta(minutes=minutes)


def five_minutes(td):
    return timedelta(minutes=5 * round(td.total_seconds() / 300))

