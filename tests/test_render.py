"""Every definition, tip and the comparison ends with the care-team pointer, in every form
the bot sends it: full, clinical, the short group and inline form."""

from __future__ import annotations

import dataclasses
import datetime as dt

from bot.core.content import Content, Review
from bot.core.glossary import Glossary
from bot.core.render import (
    FIRST_REPLY_CHARS,
    build_catalogue,
    render_term_full,
    visible_length,
)
from bot.core.render_inline import build_inline_catalogue


def test_everything_ends_with_the_care_team_pointer(content: Content):
    pointer = content.messages["care_team_pointer"]
    replies = build_catalogue(content, Glossary.of(content).featured)
    inline = build_inline_catalogue(content, lambda payload: f"https://t.me/bot?start={payload}")
    # first replies name their sources; the full views (and tips) give the whole citation
    first = [
        *replies.terms.values(),
        replies.comparison,
        *(item.reply for key, item in inline.items() if key.startswith("t:")),
    ]
    full = [
        *replies.full.values(),
        *replies.clinical.values(),
        *replies.tips.values(),
        replies.comparison_full,
        inline["compare"].reply,
    ]
    assert len(first) + len(full) >= len(content.terms) * 3 + len(content.tips)
    for reply in first:
        assert reply.html.endswith(pointer), reply.html[:80]
        assert "<i>From <a href=" in reply.html
        assert visible_length(reply.html) <= FIRST_REPLY_CHARS, reply.html[:80]
    for reply in full:
        assert reply.html.endswith(pointer), reply.html[:80]
        assert "Written from <a href=" in reply.html


def test_a_first_reply_names_the_care_team_once(content: Content):
    replies = build_catalogue(content, Glossary.of(content).featured)
    for term_id, reply in replies.terms.items():
        body = reply.html.split("\n", 1)[1]  # the title may be the word itself
        assert body.lower().count("care team") == 1, term_id


def test_the_footer_says_written_until_a_clinician_review_is_recorded(content: Content):
    term = content.terms_by_id["relapsed"]
    written = render_term_full(term, content).html
    assert "Written from <a href=" in written and "Reviewed by" not in written
    reviewed = dataclasses.replace(
        term, review=Review(dt.date(2027, 1, 14), "a haematology clinical nurse specialist")
    )
    html = render_term_full(reviewed, content).html
    day = f"{term.written.day} {content.messages.months[term.written.month - 1]}"
    assert f"on {day} {term.written.year}." in html
    assert "Reviewed by a haematology clinical nurse specialist on 14 Jan 2027." in html
