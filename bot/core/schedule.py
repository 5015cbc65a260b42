"""Schedule arithmetic for daily tips: reading a time and a time zone as people type them,
the next instant a tip is due (daylight-saving rules included), and the tip rotation.

Pure: time comes in as an argument (see Clock), nothing is read or written here.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from rapidfuzz import fuzz, process

UTC = dt.UTC
DEFAULT_TIME = dt.time(9, 0)
DEFAULT_ZONE = "UTC"
MAX_PAUSE_DAYS = 60
DEFAULT_PAUSE_DAYS = 7


class Clock(Protocol):
    def now(self) -> dt.datetime:
        """The current instant, timezone-aware, in UTC."""
        ...


class SystemClock:
    def now(self) -> dt.datetime:
        return dt.datetime.now(UTC)


# -- reading what people type ----------------------------------------------------------

_TIME = re.compile(
    r"^\s*(?P<h>\d{1,2})(?:\s*[:.h]\s*(?P<m>\d{2}))?\s*(?P<ampm>[ap])?\.?\s*(?:m\.?)?\s*$",
    re.IGNORECASE,
)
_DIGITS_TIME = re.compile(r"^\s*(?P<h>\d{1,2})(?P<m>\d{2})\s*$")  # "0830", "830", "1830"

# Zone names people use that are not IANA names: abbreviations, "Eastern", countries with
# one zone. One zone: that one. Several: ask (the suggestions become buttons). "GMT" asks
# too: in summer the UK is an hour ahead of it.
ZONE_WORDS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("est", "edt", "et", "eastern", "eastern time"), ("America/New_York",)),
    "cst": ("America/Chicago", "Asia/Shanghai"),
    **dict.fromkeys(("cdt", "ct", "central", "central time"), ("America/Chicago",)),
    **dict.fromkeys(("mst", "mountain", "mountain time"), ("America/Denver", "America/Phoenix")),
    "mdt": ("America/Denver",),
    **dict.fromkeys(("pst", "pdt", "pt", "pacific", "pacific time"), ("America/Los_Angeles",)),
    **dict.fromkeys(("akst", "akdt", "alaska"), ("America/Anchorage",)),
    **dict.fromkeys(("hst", "hawaii"), ("Pacific/Honolulu",)),
    "gmt": ("Europe/London", "UTC"),
    **dict.fromkeys(
        (
            "bst",
            "uk",
            "united kingdom",
            "britain",
            "great britain",
            "england",
            "scotland",
            "wales",
            "northern ireland",
            "uk time",
        ),
        ("Europe/London",),
    ),
    "ist": ("Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"),
    **dict.fromkeys(("ireland", "irish time"), ("Europe/Dublin",)),
    **dict.fromkeys(("india", "indian time"), ("Asia/Kolkata",)),
    **dict.fromkeys(("cet", "cest", "met", "central european time"), ("Europe/Berlin",)),
    **dict.fromkeys(("eet", "eest"), ("Europe/Athens",)),
    **dict.fromkeys(("wet", "west"), ("Europe/Lisbon",)),
    "aest": ("Australia/Sydney", "Australia/Brisbane"),
    "aedt": ("Australia/Sydney",),
    "acst": ("Australia/Adelaide", "Australia/Darwin"),
    "acdt": ("Australia/Adelaide",),
    "awst": ("Australia/Perth",),
    **dict.fromkeys(("nzst", "nzdt", "nz", "new zealand"), ("Pacific/Auckland",)),
    **dict.fromkeys(
        ("us", "usa", "america", "united states"),
        ("America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"),
    ),
    # cities people name that are not the city of an IANA zone
    **dict.fromkeys(
        (
            "boston",
            "washington",
            "washington dc",
            "dc",
            "philadelphia",
            "atlanta",
            "miami",
            "baltimore",
            "pittsburgh",
            "charlotte",
            "orlando",
            "tampa",
            "cleveland",
            "columbus",
            "raleigh",
            "newark",
            "buffalo",
        ),
        ("America/New_York",),
    ),
    **dict.fromkeys(
        (
            "dallas",
            "houston",
            "austin",
            "san antonio",
            "minneapolis",
            "st louis",
            "saint louis",
            "kansas city",
            "nashville",
            "new orleans",
            "memphis",
            "milwaukee",
            "rochester minnesota",
            "omaha",
        ),
        ("America/Chicago",),
    ),
    **dict.fromkeys(("salt lake city", "albuquerque", "calgary"), ("America/Denver",)),
    **dict.fromkeys(
        ("san francisco", "seattle", "san diego", "sacramento", "las vegas"),
        ("America/Los_Angeles",),
    ),
    **dict.fromkeys(("ottawa", "quebec", "montreal"), ("America/Toronto",)),
    **dict.fromkeys(
        (
            "manchester",
            "glasgow",
            "edinburgh",
            "cardiff",
            "belfast",
            "leeds",
            "liverpool",
            "bristol",
            "newcastle",
            "sheffield",
            "nottingham",
            "leicester",
            "southampton",
            "aberdeen",
            "swansea",
            "oxford",
        ),
        ("Europe/London",),
    ),
    **dict.fromkeys(("cork", "galway", "limerick"), ("Europe/Dublin",)),
    **dict.fromkeys(
        (
            "delhi",
            "new delhi",
            "mumbai",
            "bombay",
            "bangalore",
            "bengaluru",
            "chennai",
            "hyderabad",
            "pune",
            "kolkata",
            "calcutta",
            "ahmedabad",
            "kochi",
            "jaipur",
        ),
        ("Asia/Kolkata",),
    ),
    **dict.fromkeys(("canberra",), ("Australia/Sydney",)),
    **dict.fromkeys(("wellington", "christchurch"), ("Pacific/Auckland",)),
    **dict.fromkeys(("cape town", "durban", "pretoria"), ("Africa/Johannesburg",)),
    **dict.fromkeys(("munich", "frankfurt", "hamburg", "cologne"), ("Europe/Berlin",)),
    **dict.fromkeys(("milan", "naples", "turin", "florence"), ("Europe/Rome",)),
    **dict.fromkeys(("barcelona", "seville", "valencia"), ("Europe/Madrid",)),
    **dict.fromkeys(("geneva", "basel"), ("Europe/Zurich",)),
    **dict.fromkeys(("rotterdam", "the hague", "utrecht"), ("Europe/Amsterdam",)),
    **dict.fromkeys(("lyon", "marseille", "toulouse"), ("Europe/Paris",)),
    **dict.fromkeys(("krakow", "gdansk"), ("Europe/Warsaw",)),
    **dict.fromkeys(("porto",), ("Europe/Lisbon",)),
    **dict.fromkeys(("beijing", "guangzhou", "shenzhen"), ("Asia/Shanghai",)),
    **dict.fromkeys(("osaka", "kyoto"), ("Asia/Tokyo",)),
    **dict.fromkeys(("abu dhabi",), ("Asia/Dubai",)),
    **dict.fromkeys(("rio", "rio de janeiro", "brasilia"), ("America/Sao_Paulo",)),
    # the same name on both sides of the Atlantic: ask
    "birmingham": ("Europe/London", "America/Chicago"),
    "cambridge": ("Europe/London", "America/New_York"),
    "portland": ("America/Los_Angeles", "America/New_York"),
    "canada": ("America/Toronto", "America/Winnipeg", "America/Edmonton", "America/Vancouver"),
    "australia": (
        "Australia/Sydney",
        "Australia/Brisbane",
        "Australia/Adelaide",
        "Australia/Perth",
    ),
}


_NAMED_TIMES = {
    "noon": dt.time(12),
    "midday": dt.time(12),
    "12 noon": dt.time(12),
    "midnight": dt.time(0),
}
_OCLOCK = re.compile(r"\s*o'?\s*clock\b|\s*o’clock\b|\s*hrs?\b|\s*hours\b", re.I)


def parse_time(text: str) -> dt.time | None:
    """'8:30', '08:30', '8.30', '8am', '8 pm', '20:15', '8:30pm', '8', '0830', 'noon',
    '8 o'clock' -> time; anything else None."""
    text = " ".join(_OCLOCK.sub("", text[:30]).split())
    if text.lower() in _NAMED_TIMES:
        return _NAMED_TIMES[text.lower()]
    digits = _DIGITS_TIME.match(text[:20])
    if digits:  # "0830": the time as the 24-hour clock writes it
        hour, minute = int(digits.group("h")), int(digits.group("m"))
        return dt.time(hour, minute) if hour < 24 and minute < 60 else None
    m = _TIME.match(text[:20])
    if not m:
        return None
    hour, minute = int(m.group("h")), int(m.group("m") or 0)
    ampm = (m.group("ampm") or "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "p" else 0)
    # a bare hour ("8") is that hour of the 24-hour clock: the reply says the time back
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


def split_time_and_place(text: str) -> tuple[dt.time | None, str]:
    """'8:30 Madrid' -> (08:30, 'Madrid'); '8.30 pm New York' -> (20:30, 'New York');
    '8' -> (08:00, ''). The longest start that reads as a time wins; (None, '') if none."""
    words = text.split()[:12]
    for i in range(len(words), 0, -1):
        at = parse_time(" ".join(words[:i]))
        if at is not None:
            return at, " ".join(words[i:])
    return None, ""


_OFFSET = re.compile(r"^(?:utc|gmt)\s*(?P<sign>[+-])\s*(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?$", re.I)


@dataclass(frozen=True)
class Zone:
    """A time zone as we store it: an IANA name, 'UTC', or a fixed offset 'UTC+02:00'."""

    name: str

    @property
    def tzinfo(self) -> dt.tzinfo:
        return _tzinfo(self.name)


def parse_zone(text: str) -> Zone | None:
    """IANA names (any case), city names, 'UTC', 'UTC+2', 'GMT-5', 'UTC+05:30', and the
    words of ZONE_WORDS that name one zone ('EST', 'Eastern', 'BST'); else None."""
    text = text.strip()[:64]
    if text.lower() in ("utc", "z", "utc+0", "gmt+0", "utc-0", "gmt-0"):
        return Zone(DEFAULT_ZONE)
    words = ZONE_WORDS.get(" ".join(text.lower().replace("_", " ").split()))
    if words is not None:
        return Zone(words[0]) if len(words) == 1 else None  # several: ask
    m = _OFFSET.match(text)
    if m:
        hours, minutes = int(m.group("h")), int(m.group("m") or 0)
        if hours > 14 or minutes not in (0, 15, 30, 45) or (hours == 14 and minutes):
            return None
        return Zone(f"UTC{m.group('sign')}{hours:02d}:{minutes:02d}")
    canonical = _zone_names().get(text.lower().replace(" ", "_"))
    return Zone(canonical) if canonical else None


def suggest_zones(text: str, limit: int = 4) -> list[str]:
    """Near misses for a zone nobody knows ('Europe/Berln' -> 'Europe/Berlin')."""
    words = ZONE_WORDS.get(" ".join(text.strip()[:64].lower().replace("_", " ").split()))
    if words is not None:
        return list(words[:limit])
    query = text.strip()[:64].lower().replace(" ", "_")
    if not query or re.match(r"^(utc|gmt)\s*[+-]", query):
        return []  # an offset out of range: the explanation helps more than a guess
    names = _zone_names()
    found = process.extract(
        query, list(names), scorer=fuzz.WRatio, limit=limit * 3, score_cutoff=75
    )
    return list(dict.fromkeys(names[key] for key, _, _ in found))[:limit]


@lru_cache(maxsize=1)
def _zone_names() -> dict[str, str]:
    """lower-case key -> IANA name, for the zones people live in (no 'posix/' copies)."""
    names = {}
    for name in zoneinfo.available_timezones():
        if name.startswith(("posix", "right", "Etc/")) or ("/" not in name and name != "UTC"):
            continue
        names[name.lower()] = name
        names.setdefault(name.rsplit("/", 1)[-1].lower(), name)  # 'berlin' -> Europe/Berlin
    return names


@lru_cache(maxsize=1024)
def _tzinfo(name: str) -> dt.tzinfo:
    if name == DEFAULT_ZONE:
        return UTC
    if name.startswith("UTC") and len(name) == 9:  # UTC+HH:MM
        sign = 1 if name[3] == "+" else -1
        offset = dt.timedelta(hours=int(name[4:6]), minutes=int(name[7:9]))
        return dt.timezone(sign * offset, name)
    return zoneinfo.ZoneInfo(name)


@dataclass(frozen=True)
class Subscription:
    """What is kept about one chat: its tip time and zone, and when its next tip is due."""

    chat_id: int
    chat_type: str
    zone: Zone = Zone(DEFAULT_ZONE)
    send_time: dt.time = DEFAULT_TIME
    subscribed: bool = False
    subscribed_at: dt.datetime | None = None
    paused_until: dt.datetime | None = None
    next_due: dt.datetime | None = None
    region: str | None = None  # a region id of content/regions.yaml, or "other"

    def paused(self, now: dt.datetime) -> bool:
        return self.paused_until is not None and self.paused_until > now


# -- when the next tip is due ----------------------------------------------------------


def local_instant(day: dt.date, at: dt.time, zone: Zone) -> dt.datetime:
    """The UTC instant that `at` on `day` names in `zone`.

    A wall-clock time that does not exist (skipped by a spring-forward change) becomes the
    next minute that does; one that happens twice (fall back) means the first of the two.
    """
    tz = zone.tzinfo
    local = dt.datetime.combine(day, at, tzinfo=tz)
    for _ in range(24 * 60):
        instant = local.astimezone(UTC)
        if instant.astimezone(tz).replace(tzinfo=None) == local.replace(tzinfo=None):
            return instant
        local += dt.timedelta(minutes=1)  # naive wall-clock step through the gap
    raise ValueError(f"no valid local time near {day} {at} in {zone.name}")


def local_date(instant: dt.datetime, zone: Zone) -> dt.date:
    return instant.astimezone(zone.tzinfo).date()


def next_due(
    after: dt.datetime, at: dt.time, zone: Zone, skip_day: dt.date | None = None
) -> dt.datetime:
    """The first instant at or after `after` when it is `at` local time, on a local day
    other than `skip_day` (the day a tip was already sent)."""
    day = local_date(after, zone)
    for offset in range(3):
        candidate_day = day + dt.timedelta(days=offset)
        if candidate_day == skip_day:
            continue
        instant = local_instant(candidate_day, at, zone)
        if instant >= after:
            return instant
    raise AssertionError("a daily time always recurs within three days")


def still_today(due: dt.datetime, now: dt.datetime, zone: Zone) -> bool:
    """Whether a tip due at `due` may still go out at `now`: its local day has not ended."""
    return local_date(due, zone) == local_date(now, zone)


# -- which tip is next -----------------------------------------------------------------


def next_tip(tip_ids: Sequence[str], seen: Iterable[str]) -> tuple[str, bool]:
    """The next tip in content order not seen this round, and whether a new round starts.

    Tips added to the content join the current round; seen ids no longer in the content
    are ignored, so removed tips are simply skipped.
    """
    if not tip_ids:
        raise ValueError("there are no tips")
    seen_now = set(seen)
    for tip_id in tip_ids:
        if tip_id not in seen_now:
            return tip_id, False
    return tip_ids[0], True


def tip_of_the_day(tip_ids: Sequence[str], day: dt.date) -> str:
    """For chats with no rotation: the same tip for everyone on a given day."""
    return tip_ids[day.toordinal() % len(tip_ids)]
