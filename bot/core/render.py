"""Turning content into replies: Telegram HTML (escaped, within length) plus buttons.

Pure: a Reply is plain data; the handlers turn its buttons into Telegram's keyboard.
Every definition and the comparison end with their sources and the care-team pointer.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from bot.core.buttons import Action, Button
from bot.core.content import (
    Comparison,
    ComparisonRow,
    Content,
    Group,
    Messages,
    Source,
    Term,
    Tip,
)
from bot.core.telegram_html import parse

MAX_ECHO = 60  # characters of a person's own words we repeat back
BUTTONS_PER_ROW = 2
# One phone screen: every first reply fits it; the full entry behind "More" may not
FIRST_REPLY_CHARS = 500
LEAD_ROWS = 2  # /compare leads with its first section's first rows: the main difference


@dataclass(frozen=True)
class Reply:
    html: str
    buttons: tuple[tuple[Button, ...], ...] = ()


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def shorten(text: str, limit: int = MAX_ECHO) -> str:
    """A person's own words on one line, at most `limit` characters (plain text)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def echo(text: str) -> str:
    """A person's own words, shortened and made safe to put in HTML."""
    return esc(shorten(text))


def format_date(day: dt.date, months: Sequence[str]) -> str:
    return f"{day.day} {months[day.month - 1]} {day.year}"


def sources_line(sources: Iterable[Source]) -> str:
    return ", ".join(
        f'<a href="{html.escape(s.url, quote=True)}">{esc(s.name)}</a>' for s in sources
    )


def footer(item: Term | Tip | Comparison, messages: Messages) -> str:
    """Where the text comes from, when it was written, who reviewed it (if anyone), and the
    care-team pointer: the end of every definition, tip and comparison."""
    links, months = sources_line(item.sources), messages.months
    written = format_date(item.written, months)
    if item.review is None:
        line = messages["written"].format(sources=links, date=written)
    else:
        line = messages["reviewed"].format(
            sources=links,
            written=written,
            by=esc(item.review.by),
            date=format_date(item.review.date, months),
        )
    return f"{line}\n\n{messages['care_team_pointer']}"


def term_buttons(terms: Iterable[Term]) -> list[tuple[Button, ...]]:
    buttons = [Button(t.title, Action.DEFINE, t.id) for t in terms]
    return [
        tuple(buttons[i : i + BUTTONS_PER_ROW]) for i in range(0, len(buttons), BUTTONS_PER_ROW)
    ]


def visible_length(text: str) -> int:
    """How many characters a person sees of a message in Telegram HTML."""
    return len(parse(text).text)


def short_sources(sources: Iterable[Source], messages: Messages) -> str:
    """Where the text comes from, by name and link only ("From IMWG, Myeloma UK.")."""
    named: dict[str, str] = {}
    for s in sources:
        named.setdefault(s.name.split(":")[0].split(" (")[0].strip() or s.name, s.url)
    links = ", ".join(
        f'<a href="{html.escape(url, quote=True)}">{esc(name)}</a>' for name, url in named.items()
    )
    return messages["sources_short"].format(sources=links)


def _related(term: Term, content: Content) -> list[tuple[Button, ...]]:
    return term_buttons(content.terms_by_id[i] for i in term.see_also)


def _term_rows(first: Sequence[Button], term: Term, content: Content) -> list[tuple[Button, ...]]:
    """A definition's buttons: its views, related words, all words, ask my team."""
    m = content.messages
    return [
        tuple(first),
        *_related(term, content),
        (Button(m.buttons["glossary"], Action.TERMS),),
        (Button(m.buttons["ask_team_term"], Action.QUESTION_TERM, term.id),),
    ]


def render_term(term: Term, content: Content) -> Reply:
    """The first reply: the plain meaning in a few sentences, on one phone screen, with
    one care-team line; "More" and "Clinical definition" edit it in place."""
    m = content.messages
    end = f"{short_sources(term.sources, m)}\n{m['care_team_pointer']}"
    body = ""
    for lead in (term.text.split("\n\n")[0], term.short):
        body = f"<b>{esc(term.title)}</b>\n\n{esc(lead)}\n\n{end}"
        # the pointer is the one care-team line: a lead that names the team gives way
        if visible_length(body) <= FIRST_REPLY_CHARS and "care team" not in lead.lower():
            break
    first = [Button(m.buttons["more"], Action.MORE, term.id)]
    if term.clinical:
        first.append(Button(m.buttons["clinical_definition"], Action.CLINICAL, term.id))
    rows = _term_rows(first, term, content)
    return Reply(body, tuple(rows))


def render_term_full(term: Term, content: Content) -> Reply:
    """The whole entry, behind "More": every paragraph and the full citation."""
    m = content.messages
    body = f"<b>{esc(term.title)}</b>\n\n{esc(term.text)}\n\n{footer(term, m)}"
    first = [Button(m.buttons["less"], Action.LESS, term.id)]
    if term.clinical:
        first.append(Button(m.buttons["clinical_definition"], Action.CLINICAL, term.id))
    rows = _term_rows(first, term, content)
    return Reply(body, tuple(rows))


def render_clinical(term: Term, content: Content) -> Reply:
    """The IMWG wording, for matching the words in a clinic letter; a button goes back."""
    m = content.messages
    heading = m["clinical_heading"].format(title=esc(term.title))
    clinical = term.clinical or term.text
    body = f"{heading}\n\n{esc(clinical)}\n\n{footer(term, m)}"
    return Reply(body, ((Button(m.buttons["plain_definition"], Action.LESS, term.id),),))


def _comparison_rows(c: Comparison, rows: Sequence[ComparisonRow]) -> str:
    blocks = []
    for row in rows:
        lines = [f"▸ <b>{esc(row.label)}</b>"]
        lines += [
            f"<i>{esc(col)}:</i> {esc(cell)}"
            for col, cell in zip(c.columns, row.cells, strict=True)
        ]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def render_comparison_lead(content: Content) -> Reply:
    """The first reply to /compare: the main difference, what each word means, on one
    screen; the rest of the table is behind a button that edits it in place."""
    c, m = content.comparison, content.messages
    lead = c.sections[0].rows[:LEAD_ROWS]
    lines = [f"▸ <b>{esc(r.label)}</b>: {esc(r.cells[0])}" for r in lead]
    body = (
        f"<b>{esc(c.title)}</b>\n{esc(c.intro)}\n\n"
        + "\n\n".join(lines)
        + f"\n\n{short_sources(c.sources, m)}\n{m['care_team_pointer']}"
    )
    rows = [
        (Button(m.buttons["compare_more"], Action.COMPARE_MORE),),
        *term_buttons(content.terms_by_id[r.term_id] for r in lead),
    ]
    return Reply(body, tuple(rows))


def render_comparison(content: Content) -> Reply:
    """The whole table, one block per row, so it reads on a narrow phone (Telegram has
    no tables)."""
    c: Comparison = content.comparison
    parts = [f"<b>{esc(c.title)}</b>\n{esc(c.intro)}"]
    for section in c.sections:
        parts.append(f"<b><u>{esc(section.title)}</u></b>\n\n" + _comparison_rows(c, section.rows))
    parts.append(footer(c, content.messages))
    terms = [content.terms_by_id[r.term_id] for s in c.sections for r in s.rows]
    return Reply("\n\n".join(parts), tuple(term_buttons(terms)))


PAGE_TERMS = 10  # words per page of a topic: five rows of two, one phone screen


def render_topics(content: Content) -> Reply:
    """/terms: a button per topic, however many words there are; a topic opens in place."""
    m = content.messages
    rows = [
        (Button(f"{group.title} ({len(members)})", Action.TOPIC, f"{group.id}|0"),)
        for group, members in _topics(content)
    ]
    rows.append((Button(m.buttons["compare"], Action.COMPARE),))
    return Reply(m["terms_header"], tuple(rows))


def render_topic_pages(content: Content) -> dict[str, tuple[Reply, ...]]:
    """Each topic's words as buttons, PAGE_TERMS to a page, with the way on, back, and to
    the topics: group id -> its pages."""
    m = content.messages
    pages: dict[str, tuple[Reply, ...]] = {}
    for group, members in _topics(content):
        chunks = [members[i : i + PAGE_TERMS] for i in range(0, len(members), PAGE_TERMS)]
        replies = []
        for n, chunk in enumerate(chunks):
            text = m["topic_header"].format(title=esc(group.title), count=len(members))
            if len(chunks) > 1:
                text += "\n" + m["topic_page"].format(page=n + 1, pages=len(chunks))
            nav = []
            if n > 0:
                nav.append(Button(m.buttons["previous_page"], Action.TOPIC, f"{group.id}|{n - 1}"))
            if n + 1 < len(chunks):
                nav.append(Button(m.buttons["next_page"], Action.TOPIC, f"{group.id}|{n + 1}"))
            rows = [*term_buttons(chunk), *([tuple(nav)] if nav else [])]
            rows.append((Button(m.buttons["topics"], Action.TOPICS),))
            replies.append(Reply(text, tuple(rows)))
        pages[group.id] = tuple(replies)
    return pages


def _topics(content: Content) -> list[tuple[Group, list[Term]]]:
    found = [(g, [t for t in content.terms if t.group == g.id]) for g in content.groups]
    return [(g, members) for g, members in found if members]


def topic_page(pages: Mapping[str, tuple[Reply, ...]], arg: str) -> Reply | None:
    """The page a topic button names ("care|1"), or None for one that no longer exists."""
    group, _, page = arg.partition("|")
    replies = pages.get(group, ())
    return replies[int(page)] if page.isdigit() and int(page) < len(replies) else None


def render_welcome(content: Content) -> Reply:
    m = content.messages
    return Reply(m["welcome"], _menu(m))


def render_define_prompt(content: Content, featured: Sequence[Term]) -> Reply:
    m = content.messages
    return Reply(m["define_prompt"], (*term_buttons(featured), *_menu(m)))


def render_suggestions(
    query: str, suggestions: Sequence[Term], found_any: bool, content: Content
) -> Reply:
    """ "Did you mean ...?" when we have candidates; "not yet" with the closest otherwise."""
    m = content.messages
    key = "did_you_mean" if found_any else "not_found"
    rows = [*term_buttons(suggestions), (Button(m.buttons["all_terms"], Action.TERMS),)]
    return Reply(m[key].format(query=echo(query)), tuple(rows))


def render_message(content: Content, key: str) -> Reply:
    return Reply(content.messages[key])


def render_flood_notice(content: Content, seconds: int) -> Reply:
    """Said once to a chat far faster than any person: when the bot answers again."""
    return Reply(content.messages["flood_notice"].format(seconds=seconds))


@dataclass(frozen=True)
class Catalogue:
    """Every reply that does not depend on what a person typed, rendered once at start."""

    terms: Mapping[str, Reply]  # the first reply: short
    full: Mapping[str, Reply]  # behind "More"
    clinical: Mapping[str, Reply]
    comparison: Reply  # the first reply: the main difference
    comparison_full: Reply
    terms_list: Reply  # /terms: the topics
    topics: Mapping[str, tuple[Reply, ...]]  # each topic's pages of words
    welcome: Reply
    define_prompt: Reply
    messages: Mapping[str, Reply]
    tips: Mapping[str, Reply]


PLAIN_MESSAGES = (
    "help",
    "unknown_command",
    "free_text_hint",
    "error_generic",
    "button_expired",
    "emergency",
    "crisis",
    "only_text",
)


def build_catalogue(content: Content, featured: Sequence[Term]) -> Catalogue:
    return Catalogue(
        terms={t.id: render_term(t, content) for t in content.terms},
        full={t.id: render_term_full(t, content) for t in content.terms},
        clinical={t.id: render_clinical(t, content) for t in content.terms if t.clinical},
        comparison=render_comparison_lead(content),
        comparison_full=render_comparison(content),
        terms_list=render_topics(content),
        topics=render_topic_pages(content),
        welcome=render_welcome(content),
        define_prompt=render_define_prompt(content, featured),
        messages={key: render_message(content, key) for key in PLAIN_MESSAGES},
        tips={t.id: render_tip(t, content) for t in content.tips},
    )


def render_tip(tip: Tip, content: Content) -> Reply:
    m = content.messages
    return Reply(f"{m['tip_heading']}\n\n{esc(tip.text)}\n\n{footer(tip, m)}")


def _menu(m: Messages) -> tuple[tuple[Button, ...], ...]:
    return (
        (
            Button(m.buttons["glossary"], Action.TERMS),
            Button(m.buttons["compare"], Action.COMPARE),
        ),
    )
