"""Where a person is: the emergency number, crisis lines and helplines of their region,
read from content/regions.yaml, a first guess from the chat's time zone or language, and
the words the urgent replies and /helplines say with them. Pure."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re
from collections.abc import Mapping
from dataclasses import dataclass

from bot.core.fields import Fields, Problems
from bot.core.schedule import parse_zone

REGIONS_FILE = "regions.yaml"
OTHER = "other"  # "somewhere else": the short multi-country line, and no more guessing
URL = re.compile(r"^https://[^\s/]+\.[^\s]+$")
# what a number may hold: digits, spaces, dashes, a leading +, and words such as "or"
NUMBER = re.compile(r"^[+0-9][0-9 ()+\-a-z]*$")
MAX_REGION_ID = 8  # "1:rg:<id>" is button data
CRISIS_IN_REPLY = 2


@dataclass(frozen=True)
class Line:
    """A number to call or text."""

    name: str
    number: str
    hours: str = ""
    note: str = ""
    source: str = ""

    @property
    def digits(self) -> str:
        """What a phone takes: the number without its spaces ("116 123" -> "116123")."""
        first = self.number.split(" or ")[0].split(" (")[0]
        return "".join(c for c in first if c.isdigit() or c == "+")

    def html(self) -> str:
        return f"{html.escape(self.name)} <b>{html.escape(self.number)}</b>"


@dataclass(frozen=True)
class Community:
    name: str
    url: str


@dataclass(frozen=True)
class Region:
    id: str
    name: str
    flag: str
    emergency: str
    aliases: tuple[str, ...] = ()
    zones: tuple[str, ...] = ()  # "Australia/" is every zone that starts so
    languages: tuple[str, ...] = ()
    medical: Line | None = None
    crisis: tuple[Line, ...] = ()
    helplines: tuple[Line, ...] = ()
    communities: tuple[Community, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.flag} {self.name}"


@dataclass(frozen=True)
class Regions:
    regions: tuple[Region, ...]
    unknown_emergency: str  # the short multi-country line
    unknown_crisis: str  # HTML
    everywhere: tuple[Line, ...] = ()
    everywhere_communities: tuple[Community, ...] = ()
    written: dt.date = dt.date.min
    asks_for_people: tuple[str, ...] = ()  # " support group " ...: padded, normalised
    zone_buttons: Mapping[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)

    def zones_to_offer(self, language: str | None) -> tuple[str, ...]:
        """The time zones /subscribe offers first: the guessed region's, else a few."""
        region = self.guess(None, language)
        if region is not None and region.id in self.zone_buttons:
            return self.zone_buttons[region.id]
        return self.zone_buttons.get("default", ())

    def wants_people(self, text: str) -> bool:
        """Asks where to find a person: a helpline, a nurse line, a support group."""
        padded = f" {_key(text[:500])} "
        return any(words in padded for words in self.asks_for_people)

    def get(self, region_id: str | None) -> Region | None:
        return next((r for r in self.regions if r.id == region_id), None)

    def find(self, text: str) -> Region | None:
        """The region a person typed: its id, name or another name ("Britain", "Oz")."""
        key = _key(text)
        if not key:
            return None
        return next(
            (r for r in self.regions if key in {r.id, _key(r.name), *map(_key, r.aliases)}), None
        )

    def guess(self, zone: str | None, language: str | None) -> Region | None:
        """A first guess, shown as one: from a time zone the chat set (most telling), else
        from the person's Telegram language when it names a country ("en-gb", "hi")."""
        if zone and zone != "UTC":
            exact = [r for r in self.regions if zone in r.zones]
            if exact:
                return exact[0]
            prefix = [
                (len(z), r)
                for r in self.regions
                for z in r.zones
                if z.endswith("/") and zone.startswith(z)
            ]
            if prefix:
                return max(prefix, key=lambda p: p[0])[1]
        if language:
            code = language.strip().lower().replace("_", "-")
            for candidate in (code, code.split("-")[0]):
                found = [r for r in self.regions if candidate in r.languages]
                if found:
                    return found[0]
        return None

    def emergency_number(self, region: Region | None) -> str:
        return region.emergency if region else self.unknown_emergency

    def crisis_lines(self, region: Region | None) -> str:
        if region is None or not region.crisis:
            return self.unknown_crisis if region is None else ""
        # the first two: a crisis reply stays short; /helplines lists them all
        return ", ".join(line.html() for line in region.crisis[:CRISIS_IN_REPLY])


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


def parse_regions(p: Problems, doc: object) -> Regions:
    r = Fields(p, REGIONS_FILE, doc)
    unknown = r.mapping("unknown")
    regions: list[Region] = []
    seen: set[str] = set()
    for item in r.items("regions"):
        rid = item.text("id")
        if rid and (not re.fullmatch(r"[a-z]{2,8}", rid) or len(rid) > MAX_REGION_ID):
            item.problem("id", f"{rid!r}: use 2 to {MAX_REGION_ID} letters a-z")
        if rid in seen or rid == OTHER:
            item.problem("id", f"{rid!r} is used twice or is reserved")
        seen.add(rid)
        emergency = item.text("emergency")  # check-content: every region has one
        if emergency and not NUMBER.match(emergency):
            item.problem("emergency", f"{emergency!r} is not a number to dial")
        regions.append(
            Region(
                id=rid,
                name=item.text("name", max_len=30),
                flag=item.text("flag"),
                emergency=emergency,
                aliases=tuple(a.casefold() for a in item.str_list("aliases", required=False)),
                zones=tuple(item.str_list("zones", required=False)),
                languages=tuple(c.casefold() for c in item.str_list("languages", required=False)),
                medical=_line(item.mapping("medical")) if item.has("medical") else None,
                crisis=_lines(item, "crisis"),
                helplines=_lines(item, "helplines"),
                communities=_communities(item, "communities"),
            )
        )
    everywhere = r.mapping("everywhere")
    for key, zones in (r.data.get("zone_buttons") or {}).items():
        for zone in zones if isinstance(zones, list) else [zones]:
            if parse_zone(str(zone)) is None or str(zone) != getattr(
                parse_zone(str(zone)), "name", ""
            ):
                r.problem(f"zone_buttons.{key}", f"{zone!r} is not a time zone name")
    return Regions(
        regions=tuple(regions),
        unknown_emergency=unknown.text("emergency"),
        unknown_crisis=unknown.text("crisis"),
        everywhere=_lines(everywhere, "helplines"),
        everywhere_communities=_communities(everywhere, "communities"),
        written=r.date("written"),
        zone_buttons={
            str(key): tuple(str(z) for z in zones)
            for key, zones in (r.data.get("zone_buttons") or {}).items()
            if isinstance(zones, list)
        },
        asks_for_people=tuple(
            f" {_key(w)} " for w in r.str_list("asks_for_people", required=False) if _key(w)
        ),
    )


def _line(r: Fields) -> Line:
    number, source = r.text("number"), r.text("source")
    if number and not NUMBER.match(number):
        r.problem("number", f"{number!r} is not a number to dial")
    if source and not URL.match(source):
        r.problem("source", f"not a web address: {source!r}")
    elif source and source.rstrip("/").count("/") < 3:
        r.problem("source", f"{source} is a home page, not the page that gives the number")
    return Line(
        name=r.text("name", max_len=60),
        number=number,
        hours=r.text("hours", required=False),
        note=r.text("note", required=False, max_len=80),
        source=source,
    )


def _lines(r: Fields, key: str) -> tuple[Line, ...]:
    if not r.data.get(key):
        return ()
    return tuple(_line(item) for item in r.items(key))


def _communities(r: Fields, key: str) -> tuple[Community, ...]:
    if not r.data.get(key):
        return ()
    out = []
    for item in r.items(key):
        url = item.text("url")
        if url and not URL.match(url):
            item.problem("url", f"not a web address: {url!r}")
        out.append(Community(item.text("name", max_len=60), url))
    return tuple(out)


def urgent_messages(
    templates: Mapping[str, str], regions: Regions, region: Region | None
) -> dict[str, str]:
    """The urgent replies with the region's numbers in them (the multi-country line for
    a chat whose region is not known)."""
    values = {
        "emergency_number": regions.emergency_number(region),
        "crisis_lines": regions.crisis_lines(region) or regions.unknown_crisis,
    }
    return {key: text.format(**values) for key, text in templates.items()}
