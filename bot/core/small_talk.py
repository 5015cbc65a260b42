"""Free text that is not a question for the glossary, answered like a person would: a
greeting, thanks, "help", "are you a person?", emoji or a sad face, a word we do not have
yet, or a message in another language. Which kind it is comes from triage's reasons and
the words; the replies are content/messages.yaml's `small_talk` lists. Pure."""

from __future__ import annotations

import re
import zlib

from bot.core.triage import Verdict
from bot.core.triage_rules import ENGLISH

HELP = re.compile(
    r"^\s*/?(help|help\?|menu|commands|options|what can you do\??)\s*[.!?]*\s*$", re.I
)
PERSON = re.compile(
    r"\b(are you|is this|is it|am i (talking|speaking|chatting) (to|with))( an?| the)?"
    r"( real| actual| live)? (person|human|people|robot|bot|ai|machine|computer|nurse|doctor)\b",
    re.I,
)
# "what is a plasmacytoma", "what does amyloid mean", "define xyz": the word asked about
ASKED = re.compile(
    r"^\s*(?:what(?:'s| is| are| does)|whats|define|meaning of|explain)\s+(?:an?\s+|the\s+)?"
    r"[\"'“‘]?(?P<word>[^\"'”’?.!]{2,40}?)[\"'”’]?(?:\s+mean)?\s*[?.!]*\s*$",
    re.I,
)


def kind_of(text: str, verdict: Verdict) -> str:
    """Which small-talk reply fits, or "" for the usual hint."""
    reasons = set(verdict.reasons)
    if verdict.language not in (ENGLISH, "") or any(
        r.startswith(("small-talk-", "word-question-", "community-")) for r in reasons
    ):
        return "other_language"
    if HELP.match(text):
        return "help"
    if PERSON.search(text):
        return "person"
    if not any(c.isalnum() for c in text):
        return "feelings"  # emoji only: "😢😢😢"
    if "thanks" in reasons:
        return "thanks"
    if "greeting" in reasons and len(text.split()) <= 6:
        return "greeting"
    return ""


def asked_word(text: str) -> str | None:
    """The word a "what is …" question asks about, when it is the whole message."""
    m = ASKED.match(text[:80])
    return m.group("word").strip() if m else None


def pick(variants: tuple[str, ...], text: str) -> str:
    """One of the variants, the same for the same words: a little variety, no randomness."""
    return variants[zlib.crc32(text.encode("utf-8", "replace")) % len(variants)]
