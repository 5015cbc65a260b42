"""Inline mode (`@bot refractory` in any chat) and short group replies. Pure.

A shared definition is short: the title, the one-line text, its source, the care-team
pointer, and a button that opens the full entry in a private chat (a deep link).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.buttons import Button
from bot.content import Content, Term
from bot.glossary import Glossary, Rank, wants_comparison
from bot.render import Reply, esc, footer, render_comparison, shorten
from bot.triage import Label, Verdict

MAX_RESULTS = 10
DEEP_LINK_DEFINE = "define_"
DEEP_LINK_COMPARE = "compare"

DeepLink = Callable[[str], str]  # start payload -> https://t.me/<bot>?start=<payload>


@dataclass(frozen=True)
class InlineItem:
    id: str  # stable and short: the same term is the same result for Telegram's cache
    title: str
    description: str
    reply: Reply


@dataclass(frozen=True)
class InlineAnswer:
    items: tuple[InlineItem, ...]
    open_bot: bool = False  # show the "open the glossary" button above the results


def render_term_short(term: Term, content: Content, link: DeepLink) -> Reply:
    m = content.messages
    body = (
        f"<b>{esc(term.title)}</b>\n{esc(term.short)}\n\n{footer(term.sources, term.reviewed, m)}"
    )
    read_more = Button(m.buttons["read_more"], url=link(DEEP_LINK_DEFINE + term.id))
    return Reply(body, ((read_more,),))


def comparison_item(content: Content, link: DeepLink) -> InlineItem:
    m = content.messages
    full = render_comparison(content)
    read_more = Button(m.buttons["read_more"], url=link(DEEP_LINK_COMPARE))
    return InlineItem(
        "compare",
        m["inline_compare_title"],
        m["inline_compare_description"],
        Reply(full.html, ((read_more,),)),
    )


def term_item(term: Term, content: Content, link: DeepLink) -> InlineItem:
    return InlineItem(
        f"t:{term.id}", term.title, term.short, render_term_short(term, content, link)
    )


def answer_inline(
    query: str, verdict: Verdict, glossary: Glossary, content: Content, link: DeepLink
) -> InlineAnswer:
    """What to offer for an inline query: never an answer to a clinical question."""
    m = content.messages
    if verdict.label is Label.EMERGENCY:
        urgent = Reply(m["emergency"])
        return InlineAnswer(
            (
                InlineItem(
                    "urgent", m["inline_urgent_title"], m["inline_urgent_description"], urgent
                ),
            )
        )
    if verdict.label is Label.CLINICAL:
        care = Reply(m["inline_care_team_message"])
        item = InlineItem(
            "care-team", m["inline_care_team_title"], m["inline_care_team_description"], care
        )
        return InlineAnswer((item,))
    if not query.strip():
        featured = [term_item(t, content, link) for t in glossary.featured]
        return InlineAnswer(
            tuple([*featured[:2], comparison_item(content, link), *featured[2:]][:MAX_RESULTS])
        )
    matches = glossary.search(query, limit=MAX_RESULTS)
    items = [term_item(match.term, content, link) for match in matches]
    if wants_comparison(query, content.comparison.keywords):
        exact_first = bool(matches) and matches[0].rank is Rank.EXACT
        items.insert(1 if exact_first else 0, comparison_item(content, link))
    if not items:
        reply = Reply(
            m["inline_no_match_message"], ((Button(m["inline_open_bot"], url=link("inline")),),)
        )
        title = m["inline_no_match_title"].format(query=shorten(query, 40))  # plain text
        return InlineAnswer(
            (InlineItem("none", title, m["inline_no_match_description"], reply),), open_bot=True
        )
    return InlineAnswer(tuple(items[:MAX_RESULTS]))
