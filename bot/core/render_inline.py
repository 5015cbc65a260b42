"""Inline mode (`@bot refractory` in any chat) and short group replies. Pure.

A shared definition is short: the title, the one-line text, its source, the care-team
pointer, and a button that opens the full entry in a private chat (a deep link).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from bot.core.buttons import Button
from bot.core.content import Content, Term
from bot.core.glossary import Glossary, Rank, wants_comparison
from bot.core.render import Reply, esc, render_comparison, short_sources, shorten
from bot.core.triage import POSSIBLE, Label, Verdict

MAX_RESULTS = 10
DEEP_LINK_DEFINE = "define_"
DEEP_LINK_COMPARE = "compare"
DEEP_LINK_QUESTIONS = "questions"  # from a group: save a question in a private chat

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
    end = f"{short_sources(term.sources, m)}\n{m['care_team_pointer']}"
    body = f"<b>{esc(term.title)}</b>\n{esc(term.short)}\n\n{end}"
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


def build_inline_catalogue(content: Content, link: DeepLink) -> dict[str, InlineItem]:
    """Every result that does not depend on the query, built once (they need the bot's
    username for their deep links, so after the bot knows it)."""
    m = content.messages
    items = {f"t:{t.id}": term_item(t, content, link) for t in content.terms}
    items["compare"] = comparison_item(content, link)
    care = Reply(m["inline_care_team_message"])
    items["care-team"] = InlineItem(
        "care-team", m["inline_care_team_title"], m["inline_care_team_description"], care
    )
    urgent = Reply(m["emergency"])
    items["urgent"] = InlineItem(
        "urgent", m["inline_urgent_title"], m["inline_urgent_description"], urgent
    )
    items["crisis"] = InlineItem(
        "crisis", m["inline_crisis_title"], m["inline_crisis_description"], Reply(m["crisis"])
    )
    return items


def answer_inline(
    query: str,
    verdict: Verdict,
    glossary: Glossary,
    content: Content,
    catalogue: Mapping[str, InlineItem],
    link: DeepLink,
) -> InlineAnswer:
    """What to offer for an inline query: never an answer to a clinical question."""
    if verdict.label is Label.EMERGENCY:
        if verdict.situation == POSSIBLE:  # the learned net cannot say which kind: both
            return InlineAnswer((catalogue["urgent"], catalogue["crisis"]))
        return InlineAnswer((catalogue["crisis" if verdict.situation == "crisis" else "urgent"],))
    if verdict.label is Label.CLINICAL:
        return InlineAnswer((catalogue["care-team"],))
    if not query.strip():
        featured = [catalogue[f"t:{t.id}"] for t in glossary.featured]
        return InlineAnswer(
            tuple([*featured[:2], catalogue["compare"], *featured[2:]][:MAX_RESULTS])
        )
    matches = glossary.search(query, limit=MAX_RESULTS)
    items = [catalogue[f"t:{match.term.id}"] for match in matches]
    if wants_comparison(query, content.comparison.keywords):
        exact_first = bool(matches) and matches[0].rank is Rank.EXACT
        items.insert(1 if exact_first else 0, catalogue["compare"])
    if not items:
        m = content.messages
        reply = Reply(
            m["inline_no_match_message"], ((Button(m["inline_open_bot"], url=link("inline")),),)
        )
        title = m["inline_no_match_title"].format(query=shorten(query, 40))  # plain text
        return InlineAnswer(
            (InlineItem("none", title, m["inline_no_match_description"], reply),), open_bot=True
        )
    return InlineAnswer(tuple(items[:MAX_RESULTS]))
