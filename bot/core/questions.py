"""A person's questions for their care team (issue 16): the limits, and the replies that
show them. Pure: the shell seals and stores the text, this module never sees the key.

Nothing is kept unless the person taps "Add to my questions" or sends /questions add.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from bot.core.buttons import Action, Button
from bot.core.content import Content
from bot.core.render import Reply, esc, format_date, shorten

MAX_QUESTIONS = 30
MAX_QUESTION_CHARS = 500
SHOWN_CHARS = 100  # of each question in the list: thirty fit one Telegram message
COPY_LIMIT = 256  # Telegram's CopyTextButton holds at most this many characters
PLAIN_CHUNK = 3500  # the list as plain text to forward, in messages of at most this


class Refusal(StrEnum):
    """Why a question was not kept: each a message key."""

    EMPTY = "question_empty"
    TOO_LONG = "question_too_long"
    FULL = "questions_full"
    OFF = "questions_off"  # the operator has not set BOT_DATA_KEY


@dataclass(frozen=True)
class Question:
    id: int
    added: dt.date
    text: str | None  # None: sealed with a key this bot no longer has


def clean(text: str) -> str | Refusal:
    """The question as it will be kept (one line, trimmed), or why it can't be."""
    text = " ".join(text.split())
    if not text:
        return Refusal.EMPTY
    if len(text) > MAX_QUESTION_CHARS:
        return Refusal.TOO_LONG
    return text


def about_term(title: str, content: Content) -> str:
    """The question a glossary entry's "Ask my team about this word" adds."""
    return content.messages["question_about_term"].format(term=title)


def refusal_text(refusal: Refusal, content: Content) -> str:
    return content.messages[refusal.value].format(max=MAX_QUESTIONS, chars=MAX_QUESTION_CHARS)


def render_saved(count: int, content: Content) -> Reply:
    m = content.messages
    text = m["question_saved"].format(count=count, max=MAX_QUESTIONS)
    return Reply(text, ((Button(m.buttons["my_questions"], Action.QUESTIONS),),))


def render_questions(questions: Sequence[Question], content: Content) -> Reply:
    """The numbered list with the day each was added; a delete button for each, copy or
    send as plain text (to paste or forward), and clear all."""
    m = content.messages
    if not questions:
        return Reply(m["questions_none"])
    lines = [m["questions_header"].format(count=len(questions), max=MAX_QUESTIONS)]
    for n, q in enumerate(questions, 1):
        said = esc(shorten(q.text, SHOWN_CHARS)) if q.text is not None else m["question_lost"]
        lines.append(f"{n}. {said} <i>({format_date(q.added, m.months)})</i>")
    deletes = [
        Button(m.buttons["question_delete"].format(n=n), Action.QUESTION_DELETE, str(q.id))
        for n, q in enumerate(questions, 1)
    ]
    rows: list[tuple[Button, ...]] = [tuple(deletes[i : i + 4]) for i in range(0, len(deletes), 4)]
    plain = plain_list(questions)
    if len(plain) <= COPY_LIMIT:
        rows.append((Button(m.buttons["questions_copy"], copy=plain),))
    rows.append((Button(m.buttons["questions_plain"], Action.QUESTIONS_PLAIN),))
    rows.append((Button(m.buttons["questions_clear"], Action.QUESTIONS_CLEAR),))
    return Reply("\n".join(lines), tuple(rows))


def plain_list(questions: Sequence[Question]) -> str:
    return "\n".join(f"{n}. {q.text}" for n, q in enumerate(questions, 1) if q.text)


def plain_messages(questions: Sequence[Question], content: Content) -> list[str]:
    """The whole list as plain text, to copy or forward, split to fit Telegram."""
    head = content.messages["questions_plain_header"]
    chunks: list[str] = []
    current = head
    for n, q in enumerate(questions, 1):
        if q.text is None:
            continue
        line = f"{n}. {q.text}"
        if len(current) + len(line) + 1 > PLAIN_CHUNK:
            chunks.append(current)
            current = line
        else:
            current = f"{current}\n{line}"
    chunks.append(current)
    return chunks


def render_clear_confirm(content: Content) -> Reply:
    m = content.messages
    return Reply(
        m["questions_clear_confirm"],
        (
            (
                Button(m.buttons["questions_clear_yes"], Action.QUESTIONS_CLEAR_YES),
                Button(m.buttons["forget_no"], Action.QUESTIONS),
            ),
        ),
    )
