"""Telegram's HTML subset: check a text the way the Bot API would, and flatten it to plain text.

One parser serves four places: content checks, rendering tests, the fake Bot API server
(which rejects what Telegram would reject) and the terminal demo (which shows plain text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_MESSAGE_LENGTH = 4096  # characters after entity parsing, counted in UTF-16 code units
MAX_CALLBACK_DATA_BYTES = 64

# Tags the Bot API accepts in parse_mode=HTML, and the attributes each may carry.
_ALLOWED_TAGS: dict[str, frozenset[str]] = {
    "b": frozenset(),
    "strong": frozenset(),
    "i": frozenset(),
    "em": frozenset(),
    "u": frozenset(),
    "ins": frozenset(),
    "s": frozenset(),
    "strike": frozenset(),
    "del": frozenset(),
    "span": frozenset({"class"}),
    "tg-spoiler": frozenset(),
    "a": frozenset({"href"}),
    "tg-emoji": frozenset({"emoji-id"}),
    "code": frozenset({"class"}),
    "pre": frozenset(),
    "blockquote": frozenset({"expandable"}),
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}

_TOKEN = re.compile(
    r"<(?P<close>/)?(?P<tag>[a-zA-Z][a-zA-Z0-9-]*)(?P<attrs>(?:\s[^<>]*)?)>"
    r"|&(?P<entity>#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]+);"
    r"|(?P<bad>[<&])"
)
_ATTR = re.compile(r"""\s*([a-zA-Z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")


@dataclass(frozen=True)
class ParsedHtml:
    """The visible text of an HTML message, the links in it, and why Telegram would refuse it."""

    text: str
    links: tuple[tuple[str, str], ...]  # (visible text, href)
    errors: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.errors


def utf16_length(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def parse(html: str) -> ParsedHtml:
    """Parse Telegram HTML; never raises, reports problems in ``errors``."""
    out: list[str] = []
    errors: list[str] = []
    links: list[tuple[str, str]] = []
    stack: list[tuple[str, int, str]] = []  # (tag, start offset in out-text, href)
    pos = 0
    for m in _TOKEN.finditer(html):
        out.append(html[pos : m.start()])
        pos = m.end()
        if m.group("bad"):
            what = "a bare '<'" if m.group("bad") == "<" else "a bare '&'"
            errors.append(f"can't parse entities: {what} at character {m.start()}")
            continue
        entity = m.group("entity")
        if entity is not None:
            out.append(_decode_entity(entity, errors))
            continue
        tag = m.group("tag").lower()
        if tag not in _ALLOWED_TAGS:
            errors.append(f"unsupported tag <{tag}>")
            continue
        if m.group("close"):
            if not stack or stack[-1][0] != tag:
                errors.append(f"unexpected end tag </{tag}>")
                continue
            _, start, href = stack.pop()
            if tag == "a":
                links.append(("".join(out)[start:], href))
            continue
        attrs = _parse_attrs(m.group("attrs") or "")
        unknown = set(attrs) - _ALLOWED_TAGS[tag]
        if unknown:
            errors.append(f"unsupported attribute {sorted(unknown)[0]!r} on <{tag}>")
        if tag == "span" and attrs.get("class") != "tg-spoiler":
            errors.append('<span> is only allowed with class="tg-spoiler"')
        href = attrs.get("href", "")
        if tag == "a" and not href:
            errors.append("<a> needs an href")
        stack.append((tag, len("".join(out)), href))
    out.append(html[pos:])
    for tag, _, _ in stack:
        errors.append(f"tag <{tag}> is never closed")
    text = "".join(out)
    stripped = text.strip()
    if not stripped:
        errors.append("message text is empty")
    elif utf16_length(stripped) > MAX_MESSAGE_LENGTH:
        errors.append(
            f"message is too long: {utf16_length(stripped)} characters "
            f"(Telegram allows {MAX_MESSAGE_LENGTH})"
        )
    return ParsedHtml(text=text, links=tuple(links), errors=tuple(errors))


def to_plain(html: str) -> str:
    """Visible text, with each link's address after it, for a terminal."""
    parsed = parse(html)
    text = parsed.text
    for visible, href in parsed.links:
        if visible and href and href not in visible:
            text = text.replace(visible, f"{visible} <{href}>", 1)
    return text.strip()


def _decode_entity(entity: str, errors: list[str]) -> str:
    if entity.startswith("#"):
        try:
            code = int(entity[2:], 16) if entity[1:2] in "xX" else int(entity[1:])
            return chr(code)
        except (ValueError, OverflowError):
            errors.append(f"bad numeric entity &{entity};")
            return ""
    if entity in _NAMED_ENTITIES:
        return _NAMED_ENTITIES[entity]
    errors.append(f"unsupported named entity &{entity}; (Telegram knows &lt; &gt; &amp; &quot;)")
    return ""


def _parse_attrs(raw: str) -> dict[str, str]:
    attrs: dict[str, str] = {}
    for m in _ATTR.finditer(raw):
        value = next((g for g in m.groups()[1:] if g is not None), "")
        attrs[m.group(1).lower()] = value
    return attrs
