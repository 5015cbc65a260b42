"""What our inline buttons carry: a short, versioned action string that fits Telegram's
64-byte callback data, and its parser. Anything we did not make parses to None."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.core.telegram_html import MAX_CALLBACK_DATA_BYTES


class Action(StrEnum):
    DEFINE = "d"  # show a term's plain definition
    CLINICAL = "k"  # show a term's clinical (IMWG) definition, in place
    MORE = "m"  # the whole entry, in place of the short one
    LESS = "l"  # back to the short entry, in place
    COMPARE_MORE = "cm"  # the whole comparison, in place of its first screen
    COMPARE = "cmp"  # show the comparison
    TERMS = "all"  # show the list of terms (its topics), as a new message
    TOPIC = "tp"  # a topic's words, "group|page", in place
    TOPICS = "tps"  # back to the topics, in place
    ZONE = "z"  # set the time zone to the one named
    CHANGE_TIME = "ct"  # explain how to change the tip time
    UNSUBSCRIBE = "us"  # stop the daily tips
    FORGET_ASK = "fa"  # ask to confirm deleting the chat's data
    FORGET_YES = "fy"  # delete it
    FORGET_NO = "fn"  # keep it
    REGION = "rg"  # set the chat's region to the one named (or "other")
    HELPLINES = "hl"  # show /helplines
    SUBSCRIBE_IN = "sz"  # subscribe at "HHMM|Zone/Name": the time asked for, the zone tapped
    QUESTION_SAVE = "qs"  # keep the question this redirect answered (the message it quotes)
    QUESTION_TERM = "qt"  # keep "What does <term> mean for me?"
    QUESTION_DELETE = "qd"  # delete one saved question, by its id
    QUESTIONS = "q"  # show /questions
    QUESTIONS_PLAIN = "qp"  # the list as plain text, to copy or forward
    QUESTIONS_CLEAR = "qc"  # ask to clear them all
    QUESTIONS_CLEAR_YES = "qy"  # clear them all


_NEEDS_ARG = {
    Action.DEFINE,
    Action.CLINICAL,
    Action.MORE,
    Action.LESS,
    Action.TOPIC,
    Action.ZONE,
    Action.REGION,
    Action.SUBSCRIBE_IN,
    Action.QUESTION_TERM,
    Action.QUESTION_DELETE,
}
PREFIX = "1"  # bump when the format changes, so old buttons read as expired


@dataclass(frozen=True)
class Button:
    """A button as the core sees it: a label and an action, a web address, or a text to
    copy (a phone number: Telegram buttons cannot dial)."""

    label: str
    action: Action | None = None
    arg: str = ""
    url: str | None = None
    copy: str | None = None

    @property
    def data(self) -> str | None:
        return None if self.action is None else encode(self.action, self.arg)


def encode(action: Action, arg: str = "") -> str:
    data = f"{PREFIX}:{action.value}:{arg}" if arg else f"{PREFIX}:{action.value}"
    if len(data.encode()) > MAX_CALLBACK_DATA_BYTES:
        raise ValueError(f"callback data over {MAX_CALLBACK_DATA_BYTES} bytes: {data!r}")
    return data


def decode(data: str | None) -> tuple[Action, str] | None:
    """(action, argument) for data we made, else None (forged, stale or malformed)."""
    if not data or len(data.encode("utf-8", "replace")) > MAX_CALLBACK_DATA_BYTES:
        return None
    if not data.isascii():  # all we make is ASCII; a lone surrogate cannot even be encoded
        return None
    parts = data.split(":", 2)
    if len(parts) < 2 or parts[0] != PREFIX:
        return None
    try:
        action = Action(parts[1])
    except ValueError:
        return None
    arg = parts[2] if len(parts) == 3 else ""
    if (action in _NEEDS_ARG) != bool(arg):
        return None
    return action, arg
