"""Every definition, tip and the comparison ends with the care-team pointer, in every form
the bot sends it: full, clinical, the short group and inline form."""

from __future__ import annotations

import dataclasses
import datetime as dt

from bot.core.content import Content, Review
from bot.core.glossary import Glossary
from bot.core.render import build_catalogue, render_term
from bot.core.render_inline import build_inline_catalogue


def test_everything_ends_with_the_care_team_pointer(content: Content):
    pointer = content.messages["care_team_pointer"]
    replies = build_catalogue(content, Glossary.of(content).featured)
    inline = build_inline_catalogue(content, lambda payload: f"https://t.me/bot?start={payload}")
    every = [
        *replies.terms.values(),
        *replies.clinical.values(),
        *replies.tips.values(),
        replies.comparison,
        *(item.reply for key, item in inline.items() if key.startswith("t:") or key == "compare"),
    ]
    assert len(every) >= len(content.terms) * 2 + len(content.tips)
    for reply in every:
        assert reply.html.endswith(pointer), reply.html[:80]
        assert "Written from <a href=" in reply.html


def test_the_footer_says_written_until_a_clinician_review_is_recorded(content: Content):
    term = content.terms_by_id["relapsed"]
    written = render_term(term, content).html
    assert "Written from <a href=" in written and "Reviewed by" not in written
    reviewed = dataclasses.replace(
        term, review=Review(dt.date(2027, 1, 14), "a haematology clinical nurse specialist")
    )
    html = render_term(reviewed, content).html
    day = f"{term.written.day} {content.messages.months[term.written.month - 1]}"
    assert f"on {day} {term.written.year}." in html
    assert "Reviewed by a haematology clinical nurse specialist on 14 Jan 2027." in html
