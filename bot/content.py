"""The bot's words: YAML under content/ parsed into frozen dataclasses, every problem named.

`parse_content` is pure (file name -> text in, Content or ContentInvalid out); `load_content`
only reads the files. Problems are collected, not raised one at a time, so an editor sees
every mistake in one run, each as "file: field: what is wrong".
"""

from __future__ import annotations

import datetime as dt
import re
import string
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.fields import Fields, Problems
from bot.triage import TriageRules, TriageRulesInvalid, parse_rules

GLOSSARY_FILE = "glossary.yaml"
COMPARISON_FILE = "comparison.yaml"
MESSAGES_FILE = "messages.yaml"
TIPS_FILE = "tips.yaml"
TRIAGE_FILE = "triage.yaml"
CONTENT_FILES = (GLOSSARY_FILE, COMPARISON_FILE, MESSAGES_FILE, TIPS_FILE, TRIAGE_FILE)
AUDIENCES = ("everyone", "patient", "caregiver")
MAX_TIP = 500

MAX_SHORT = 200  # an inline result's description
MAX_TEXT = 900
URL = re.compile(r"^https?://[^\s<>\"]+$")

# Message keys the code asks for, and the placeholders each must offer.
MESSAGE_FIELDS: dict[str, frozenset[str]] = {
    "welcome": frozenset(),
    "help": frozenset(),
    "care_team_pointer": frozenset(),
    "define_prompt": frozenset(),
    "not_found": frozenset({"query"}),
    "did_you_mean": frozenset({"query"}),
    "terms_header": frozenset(),
    "sources": frozenset({"sources"}),
    "reviewed": frozenset({"date"}),
    "clinical_heading": frozenset({"title"}),
    "unknown_command": frozenset(),
    "free_text_hint": frozenset(),
    "error_generic": frozenset(),
    "button_expired": frozenset(),
    "short_description": frozenset(),
    "description": frozenset(),
    # daily tips
    "tip_heading": frozenset(),
    "subscribe_ok": frozenset({"time", "zone", "next"}),
    "subscribe_bad_time": frozenset({"input"}),
    "timezone_ok": frozenset({"zone"}),
    "timezone_usage": frozenset({"zone"}),
    "timezone_unknown": frozenset({"input"}),
    "timezone_suggest": frozenset({"input"}),
    "next_tip": frozenset({"when"}),
    "unsubscribe_ok": frozenset(),
    "not_subscribed": frozenset(),
    "pause_ok": frozenset({"date"}),
    "pause_bad": frozenset({"max"}),
    "resume_ok": frozenset({"next"}),
    "not_paused": frozenset(),
    "settings_subscribed": frozenset({"time", "zone", "next"}),
    "settings_paused": frozenset({"time", "zone", "date"}),
    "settings_not_subscribed": frozenset({"zone"}),
    "mydata_nothing": frozenset(),
    "mydata": frozenset(
        {
            "chat_id",
            "chat_type",
            "subscribed",
            "since",
            "time",
            "zone",
            "paused",
            "seen",
            "deliveries",
        }
    ),
    "forget_confirm": frozenset(),
    "forget_done": frozenset(),
    "forget_cancelled": frozenset(),
    "admin_only": frozenset(),
    "change_time": frozenset(),
    "when_today": frozenset({"time"}),
    "when_tomorrow": frozenset({"time"}),
    "when_date": frozenset({"date", "time"}),
    "word_yes": frozenset(),
    "word_no": frozenset(),
    # inline mode
    "inline_compare_title": frozenset(),
    "inline_compare_description": frozenset(),
    "inline_no_match_title": frozenset({"query"}),
    "inline_no_match_description": frozenset(),
    "inline_no_match_message": frozenset(),
    "inline_open_bot": frozenset(),
    "inline_care_team_title": frozenset(),
    "inline_care_team_description": frozenset(),
    "inline_care_team_message": frozenset(),
    "inline_urgent_title": frozenset(),
    "inline_urgent_description": frozenset(),
    "inline_crisis_title": frozenset(),
    "inline_crisis_description": frozenset(),
    # hardening
    "flood_notice": frozenset(),
    "only_text": frozenset(),
    "stats": frozenset(
        {"subscribed", "paused", "sent_today", "failed_today", "emergency", "clinical", "general"}
    ),
    # triage
    "emergency": frozenset(),
    "crisis": frozenset(),
    "crisis_caregiver": frozenset(),
    "clinical": frozenset(),
    "clinical_caregiver": frozenset(),
    "clinical_distress": frozenset(),
    "clinical_distress_caregiver": frozenset(),
    "clinical_medicine": frozenset(),
    "clinical_medicine_caregiver": frozenset(),
    "clinical_prognosis": frozenset(),
    "clinical_prognosis_caregiver": frozenset(),
    "clinical_unreadable": frozenset(),
    "clinical_background": frozenset(),
}
# Every language triage.yaml recognises (other than English) needs these replies in it;
# the English text follows them.
LOCAL_MESSAGES = ("emergency", "crisis", "unreadable")
BUTTON_FIELDS = (
    "glossary",
    "compare",
    "clinical_definition",
    "plain_definition",
    "all_terms",
    "read_more",
    "change_time",
    "unsubscribe",
    "forget",
    "forget_yes",
    "forget_no",
)
COMMANDS = (
    "start",
    "help",
    "define",
    "terms",
    "compare",
    "subscribe",
    "timezone",
    "settings",
    "tip",
    "pause",
    "resume",
    "unsubscribe",
    "mydata",
    "forget",
)


class ContentInvalid(Exception):
    """The content has problems; each is one line naming file and field."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the content")
        self.problems = problems


@dataclass(frozen=True)
class Source:
    name: str
    url: str


@dataclass(frozen=True)
class Group:
    id: str
    title: str


@dataclass(frozen=True)
class Term:
    id: str
    title: str
    group: str
    aliases: tuple[str, ...]
    short: str
    text: str
    see_also: tuple[str, ...]
    sources: tuple[Source, ...]
    reviewed: dt.date
    clinical: str | None = None  # the IMWG criterion, worded for a clinic letter


@dataclass(frozen=True)
class Tip:
    id: str
    topic: str
    audience: str
    text: str
    sources: tuple[Source, ...]
    reviewed: dt.date


@dataclass(frozen=True)
class ComparisonRow:
    term_id: str
    label: str
    cells: tuple[str, ...]  # one per Comparison.columns


@dataclass(frozen=True)
class ComparisonSection:
    title: str
    rows: tuple[ComparisonRow, ...]


@dataclass(frozen=True)
class Comparison:
    title: str
    intro: str
    columns: tuple[str, ...]
    sections: tuple[ComparisonSection, ...]
    sources: tuple[Source, ...]
    reviewed: dt.date
    keywords: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Messages:
    texts: Mapping[str, str]
    buttons: Mapping[str, str]
    commands: Mapping[str, str]
    months: tuple[str, ...]

    def __getitem__(self, key: str) -> str:
        return self.texts[key]


@dataclass(frozen=True)
class Content:
    terms: tuple[Term, ...]
    groups: tuple[Group, ...]
    featured: tuple[str, ...]  # term ids, most useful first
    ignore_words: frozenset[str]
    comparison: Comparison
    messages: Messages
    tips: tuple[Tip, ...]
    triage: TriageRules
    terms_by_id: Mapping[str, Term] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "terms_by_id", {t.id: t for t in self.terms})


def load_content(directory: Path) -> Content:
    """Read content/*.yaml from ``directory`` and parse it (raises ContentInvalid)."""
    texts: dict[str, str] = {}
    problems: list[str] = []
    for name in CONTENT_FILES:
        path = directory / name
        try:
            texts[name] = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            problems.append(f"{path}: file is missing")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(f"{path}: cannot be read ({exc.__class__.__name__})")
    if problems:
        raise ContentInvalid(problems)
    return parse_content(texts, origin=str(directory))


def parse_content(texts: Mapping[str, str], origin: str = "content") -> Content:
    """Turn file texts into Content, or raise ContentInvalid listing every problem."""
    p = Problems(origin)
    docs = {name: p.yaml(name, texts.get(name)) for name in CONTENT_FILES}
    glossary = Fields(p, GLOSSARY_FILE, docs[GLOSSARY_FILE])
    groups = _groups(glossary)
    terms = _terms(glossary, {g.id for g in groups})
    featured = tuple(glossary.str_list("featured", required=False))
    ignore = frozenset(w.casefold() for w in glossary.str_list("ignore_words", required=False))
    comparison = _comparison(Fields(p, COMPARISON_FILE, docs[COMPARISON_FILE]))
    triage = _triage(p, docs[TRIAGE_FILE])
    local = [
        f"{key}_{code}" for code in triage.languages if code != "en" for key in LOCAL_MESSAGES
    ]
    messages = _messages(Fields(p, MESSAGES_FILE, docs[MESSAGES_FILE]), local)
    tips = _tips(Fields(p, TIPS_FILE, docs[TIPS_FILE]))
    _cross_check(p, terms, featured, comparison)
    if p.lines:
        raise ContentInvalid(p.lines)
    return Content(
        terms=tuple(terms),
        groups=tuple(groups),
        featured=featured,
        ignore_words=ignore,
        comparison=comparison,
        messages=messages,
        tips=tuple(tips),
        triage=triage,
    )


def _sources(r: Fields, key: str = "sources") -> tuple[Source, ...]:
    out = []
    for item in r.items(key):
        name, url = item.str("name"), item.str("url")
        if url and not URL.match(url):
            item.problem("url", f"not a web address: {url!r}")
        out.append(Source(name=name, url=url))
    return tuple(out)


def _groups(r: Fields) -> list[Group]:
    groups = [Group(id=g.str("id"), title=g.str("title")) for g in r.items("groups")]
    _unique(r, "groups", [g.id for g in groups], "group id")
    return groups


def _terms(r: Fields, group_ids: set[str]) -> list[Term]:
    terms = []
    for t in r.items("terms"):
        term_id = t.slug("id")
        group = t.str("group")
        if group and group not in group_ids:
            t.problem("group", f"{group!r} is not one of the groups")
        clinical = t.str("clinical", max_len=MAX_TEXT) if t.has("clinical") else None
        terms.append(
            Term(
                id=term_id,
                title=t.str("title", max_len=64),
                group=group,
                aliases=tuple(t.str_list("aliases", required=False)),
                short=t.str("short", max_len=MAX_SHORT),
                text=t.str("text", max_len=MAX_TEXT),
                see_also=tuple(t.str_list("see_also", required=False)),
                sources=_sources(t),
                reviewed=t.date("reviewed"),
                clinical=clinical,
            )
        )
    _unique(r, "terms", [t.id for t in terms], "term id")
    return terms


def _triage(p: Problems, doc: Any) -> TriageRules:
    try:
        return parse_rules(doc, where=f"{p.origin}/{TRIAGE_FILE}")
    except TriageRulesInvalid as exc:
        p.lines.extend(exc.problems)
        return TriageRules(concepts={}, rules=(), spelling=(), languages={})


def _tips(r: Fields) -> list[Tip]:
    tips = []
    for t in r.items("tips"):
        tip_id = t.slug("id")
        audience = t.str("audience")
        if audience and audience not in AUDIENCES:
            t.problem("audience", f"{audience!r}: use one of {', '.join(AUDIENCES)}")
        tips.append(
            Tip(
                id=tip_id,
                topic=t.str("topic", max_len=40),
                audience=audience,
                text=t.str("text", max_len=MAX_TIP),
                sources=_sources(t),
                reviewed=t.date("reviewed"),
            )
        )
    _unique(r, "tips", [t.id for t in tips], "tip id")
    return tips


def _comparison(r: Fields) -> Comparison:
    columns = tuple(r.str_list("columns"))
    sections = []
    for s in r.items("sections"):
        rows = []
        for row in s.items("rows"):
            cells = tuple(row.str_list("cells"))
            if columns and cells and len(cells) != len(columns):
                row.problem("cells", f"has {len(cells)} cells; columns has {len(columns)}")
            rows.append(
                ComparisonRow(term_id=row.str("term"), label=row.str("label"), cells=cells)
            )
        sections.append(ComparisonSection(title=s.str("title"), rows=tuple(rows)))
    return Comparison(
        title=r.str("title"),
        intro=r.str("intro"),
        columns=columns,
        sections=tuple(sections),
        sources=_sources(r),
        reviewed=r.date("reviewed"),
        keywords=frozenset(name_key(k) for k in r.str_list("keywords", required=False)),
    )


def _messages(r: Fields, local: Sequence[str] = ()) -> Messages:
    texts = {}
    for key, needed in {**MESSAGE_FIELDS, **dict.fromkeys(local, frozenset())}.items():
        value = r.str(key)
        texts[key] = value
        if value:
            _check_placeholders(r, key, value, needed)
    buttons_r = r.mapping("buttons")
    buttons = {key: buttons_r.str(key, max_len=40) for key in BUTTON_FIELDS}
    commands_r = r.mapping("commands")
    # Telegram: a command's description is 1 to 256 characters.
    commands = {key: commands_r.str(key, max_len=256) for key in COMMANDS}
    months = tuple(r.str_list("months"))
    if months and len(months) != 12:
        r.problem("months", f"has {len(months)} names; a year has 12")
    if len(texts["short_description"]) > 120:
        r.problem("short_description", "Telegram allows at most 120 characters")
    if len(texts["description"]) > 512:
        r.problem("description", "Telegram allows at most 512 characters")
    return Messages(texts=texts, buttons=buttons, commands=commands, months=months)


def _check_placeholders(r: Fields, key: str, value: str, needed: frozenset[str]) -> None:
    try:
        found = {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}
    except ValueError as exc:
        r.problem(key, f"braces do not match ({exc}); write {{{{ and }}}} for a literal brace")
        return
    for name in sorted(needed - found):
        r.problem(key, f"must contain {{{name}}}")
    for name in sorted(found - needed):
        allowed = ", ".join(f"{{{n}}}" for n in sorted(needed)) or "none"
        r.problem(key, f"unknown placeholder {{{name}}} (allowed: {allowed})")


def _unique(r: Fields, key: str, values: list[str], what: str) -> None:
    seen: set[str] = set()
    for v in values:
        if v and v in seen:
            r.problem(key, f"{what} {v!r} is used twice")
        seen.add(v)


def _cross_check(
    p: Problems, terms: list[Term], featured: tuple[str, ...], comparison: Comparison
) -> None:
    ids = {t.id for t in terms}
    # An alias (or title) may name one term only: otherwise a lookup would be a coin toss.
    owner: dict[str, str] = {}
    for i, t in enumerate(terms):
        for name in (t.id, t.title, *t.aliases):
            key = name_key(name)
            if not key:
                continue
            if owner.get(key, t.id) != t.id:
                p.add(GLOSSARY_FILE, f"terms[{i}].aliases", f"{name!r} also names {owner[key]!r}")
            owner.setdefault(key, t.id)
        for j, other in enumerate(t.see_also):
            if other not in ids:
                p.add(GLOSSARY_FILE, f"terms[{i}].see_also[{j}]", f"{other!r} is not a term id")
    for j, term_id in enumerate(featured):
        if term_id not in ids:
            p.add(GLOSSARY_FILE, f"featured[{j}]", f"{term_id!r} is not a term id")
    for si, section in enumerate(comparison.sections):
        for ri, row in enumerate(section.rows):
            if row.term_id and row.term_id not in ids:
                where = f"sections[{si}].rows[{ri}].term"
                p.add(COMPARISON_FILE, where, f"{row.term_id!r} is not a term id")


def name_key(text: str) -> str:
    """The form in which two names count as the same: case, accents and punctuation folded."""
    decomposed = unicodedata.normalize("NFKD", text)
    no_marks = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = re.findall(r"[^\W_]+", no_marks.casefold())
    return " ".join(words)
