"""Checks on the content as people will see it: every reply the bot can build from it, and
every message template filled with sample values, is rendered and checked the way
Telegram would check it (HTML, length, button data)."""

from __future__ import annotations

from collections.abc import Iterator

from bot.core.buttons import Button
from bot.core.content import (
    COMPARISON_FILE,
    GLOSSARY_FILE,
    MESSAGE_FIELDS,
    MESSAGES_FILE,
    TIPS_FILE,
    Content,
)
from bot.core.glossary import Glossary
from bot.core.render import (
    FIRST_REPLY_CHARS,
    Reply,
    build_catalogue,
    render_message,
    render_suggestions,
)
from bot.core.telegram_html import parse

BEHIND_MORE = "(behind a button)"  # the full views a button opens: they may be longer
# Replies that need not fit one phone screen: the urgent ones say everything at once, a
# tip is sent unasked with its full citation. /terms and each page of a topic must fit.
NOT_A_FIRST_SCREEN = (BEHIND_MORE, TIPS_FILE, "emergency", "crisis")


def rendered_replies(content: Content) -> Iterator[tuple[str, Reply]]:
    """Every reply the content can produce, named by the file and field it comes from."""
    glossary = Glossary.of(content)
    catalogue = build_catalogue(content, glossary.featured)
    for i, term in enumerate(content.terms):
        yield f"{GLOSSARY_FILE}: terms[{i}] ({term.id})", catalogue.terms[term.id]
        yield f"{GLOSSARY_FILE}: terms[{i}] ({term.id}) {BEHIND_MORE}", catalogue.full[term.id]
        if term.id in catalogue.clinical:
            yield (
                f"{GLOSSARY_FILE}: terms[{i}] ({term.id}).clinical {BEHIND_MORE}",
                catalogue.clinical[term.id],
            )
    for i, tip in enumerate(content.tips):
        yield f"{TIPS_FILE}: tips[{i}] ({tip.id})", catalogue.tips[tip.id]
    yield f"{COMPARISON_FILE}: (the comparison)", catalogue.comparison
    yield f"{COMPARISON_FILE}: (the comparison) {BEHIND_MORE}", catalogue.comparison_full
    yield f"{GLOSSARY_FILE}: groups (the /terms topics)", catalogue.terms_list
    for group_id, pages in catalogue.topics.items():
        for n, page in enumerate(pages):
            yield f"{GLOSSARY_FILE}: groups ({group_id}) page {n + 1}", page
    yield f"{MESSAGES_FILE}: welcome", catalogue.welcome
    yield f"{MESSAGES_FILE}: define_prompt", catalogue.define_prompt
    for key, reply in catalogue.messages.items():
        yield f"{MESSAGES_FILE}: {key}", reply
    longest = "w" * 200  # the longest echo of a person's words
    for near, key in ((True, "did_you_mean"), (False, "not_found")):
        yield (
            f"{MESSAGES_FILE}: {key}",
            render_suggestions(longest, glossary.terms[:6], near, content),
        )
    yield f"{MESSAGES_FILE}: care_team_pointer", render_message(content, "care_team_pointer")
    # Every template with placeholders, filled with sample values: a tag it leaves open
    # (for example in pause_ok) is caught here, not by the first person who pauses.
    for key, needed in MESSAGE_FIELDS.items():
        if needed and key in content.messages.texts:
            sample = {name: f"sample {name}" for name in needed}
            yield f"{MESSAGES_FILE}: {key}", Reply(content.messages[key].format(**sample))


def check_rendered(content: Content, origin: str = "content") -> list[str]:
    """One line per reply Telegram would refuse, named "<origin>/<file>: <field>: ..."."""
    problems: list[str] = []
    for name, reply in rendered_replies(content):
        where = f"{origin}/{name}"
        parsed = parse(reply.html)
        problems += [f"{where}: rendered reply: {error}" for error in parsed.errors]
        seen = len(parsed.text)
        if seen > FIRST_REPLY_CHARS and not any(n in name for n in NOT_A_FIRST_SCREEN):
            problems.append(
                f"{where}: rendered reply: {seen} characters, more than one phone screen"
                f" ({FIRST_REPLY_CHARS})"
            )
        for row in reply.buttons:
            for button in row:
                problems += [
                    f"{where}: button {button.label!r}: {e}" for e in _button_errors(button)
                ]
    return problems


def _button_errors(button: Button) -> list[str]:
    errors = []
    if not button.label.strip():
        errors.append("label is empty")
    try:
        _ = button.data
    except ValueError as exc:
        errors.append(str(exc))
    return errors
