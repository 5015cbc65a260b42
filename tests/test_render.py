"""Every definition, tip and the comparison ends with the care-team pointer, in every form
the bot sends it: full, clinical, the short group and inline form."""

from __future__ import annotations

from bot.core.content import Content
from bot.core.glossary import Glossary
from bot.core.render import build_catalogue
from bot.core.render_inline import build_inline_catalogue


def test_everything_ends_with_the_care_team_pointer(content: Content):
    pointer = content.messages["care_team_pointer"]
    replies = build_catalogue(content, Glossary(content.terms).featured)
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
        assert "Sources: <a href=" in reply.html
