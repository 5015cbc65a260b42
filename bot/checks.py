"""Checks on the content as people will see it: every reply the bot can build from it is
rendered and checked the way Telegram would check it (HTML, length, button data)."""

from __future__ import annotations

from collections.abc import Iterator

from bot.buttons import Button
from bot.content import COMPARISON_FILE, GLOSSARY_FILE, MESSAGES_FILE, Content
from bot.glossary import Glossary
from bot.render import (
    Reply,
    render_clinical,
    render_comparison,
    render_define_prompt,
    render_message,
    render_suggestions,
    render_term,
    render_terms,
    render_welcome,
)
from bot.telegram_html import parse


def rendered_replies(content: Content) -> Iterator[tuple[str, Reply]]:
    """Every reply the content can produce, named by the file and field it comes from."""
    glossary = Glossary(content.terms, content.ignore_words, content.featured)
    for i, term in enumerate(content.terms):
        yield f"{GLOSSARY_FILE}: terms[{i}] ({term.id})", render_term(term, content)
        if term.clinical:
            yield (
                f"{GLOSSARY_FILE}: terms[{i}] ({term.id}).clinical",
                render_clinical(term, content),
            )
    yield f"{COMPARISON_FILE}: (the comparison)", render_comparison(content)
    yield f"{GLOSSARY_FILE}: groups (the /terms list)", render_terms(content)
    yield f"{MESSAGES_FILE}: welcome", render_welcome(content)
    yield f"{MESSAGES_FILE}: define_prompt", render_define_prompt(content, glossary.featured)
    longest = "w" * 200  # the longest echo of a person's words
    for found_any, key in ((True, "did_you_mean"), (False, "not_found")):
        reply = render_suggestions(longest, glossary.terms[:6], found_any, content)
        yield f"{MESSAGES_FILE}: {key}", reply
    for key in ("help", "care_team_pointer", "unknown_command", "free_text_hint"):
        yield f"{MESSAGES_FILE}: {key}", render_message(content, key)
    for key in ("error_generic", "button_expired"):
        yield f"{MESSAGES_FILE}: {key}", render_message(content, key)


def check_rendered(content: Content, origin: str = "content") -> list[str]:
    """One line per reply Telegram would refuse, named "<origin>/<file>: <field>: ..."."""
    problems: list[str] = []
    for name, reply in rendered_replies(content):
        where = f"{origin}/{name}"
        parsed = parse(reply.html)
        problems += [f"{where}: rendered reply: {error}" for error in parsed.errors]
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
