"""Any text a person sends the bot, answered in one place: triage first, then the
comparison, a definition, suggestions or a hint.

`/define`, words said to the bot (in a private chat or mentioning it in a group) and
inline queries all come through `Answerer.answer_text`, so triage runs here and nowhere
else. Where they differ, it is written down below, not spread over handlers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum

from bot.core import small_talk
from bot.core.content import Content, Term
from bot.core.glossary import Glossary, wants_comparison
from bot.core.regions import Region
from bot.core.render import Catalogue, Reply, render_suggestions
from bot.core.render_inline import (
    DeepLink,
    InlineAnswer,
    InlineItem,
    answer_inline,
    render_term_short,
)
from bot.core.render_regions import render_helplines_pointer
from bot.core.render_triage import render_triage
from bot.core.triage import Label, Triage, Verdict


class Asked(Enum):
    DEFINE = "define"  # /define WORDS
    CHAT = "chat"  # words said to the bot outside a command
    INLINE = "inline"  # @bot WORDS, in any chat: results to share


@dataclass(frozen=True)
class Where:
    asked: Asked
    group: bool = False  # in a group a definition is the short one, with a link to the rest


@dataclass(frozen=True)
class Answer:
    reply: Reply | None = None  # for /define and chat
    inline: InlineAnswer | None = None  # for an inline query
    verdict: Verdict | None = None  # None when triage did not need to run (a known word)


@dataclass(frozen=True)
class Answerer:
    content: Content
    glossary: Glossary
    triage: Triage
    replies: Catalogue
    inline: Mapping[str, InlineItem]  # built with the deep link (it needs the username)
    link: DeepLink

    def answer_text(self, text: str, where: Where) -> Answer:
        """What to send for `text`: never an answer to a clinical question."""
        if where.asked is Asked.DEFINE:
            if not text.strip():
                return Answer(self.replies.define_prompt)
            # A word we know, asked for by name, is never a question about one's own care.
            term = self.glossary.exact(text)
            if term is not None:
                return Answer(self.term_reply(term, where.group))
        verdict = self.triage.classify(text)
        if where.asked is Asked.INLINE:
            inline = answer_inline(
                text, verdict, self.glossary, self.content, self.inline, self.link
            )
            return Answer(inline=inline, verdict=verdict)
        if verdict.label is not Label.GENERAL:
            reply = render_triage(verdict, self.glossary.mentioned(text), self.content)
            return Answer(reply, verdict=verdict)
        if wants_comparison(text, self.content.comparison.keywords):
            return Answer(self.replies.comparison, verdict=verdict)
        if where.asked is Asked.CHAT and self.content.regions.wants_people(text):
            return Answer(render_helplines_pointer(self.content), verdict=verdict)
        if where.asked is Asked.DEFINE:  # asked for a word: the nearest ones if not known
            found = self.glossary.lookup(text)
            if found.term is None:
                reply = render_suggestions(text, found.suggestions, found.near, self.content)
                return Answer(reply, verdict=verdict)
            return Answer(self.term_reply(found.term, where.group), verdict=verdict)
        # Said in passing: only a clear match ("my doctor said refractory, what is that?").
        found = self.glossary.lookup(text, strict=True)
        term = found.term or next(iter(self.glossary.mentioned(text, limit=1)), None)
        if term is not None:
            return Answer(self.term_reply(term, where.group), verdict=verdict)
        return Answer(self.small_talk(text, verdict), verdict=verdict)

    def small_talk(self, text: str, verdict: Verdict) -> Reply:
        """A greeting, thanks, "help", "are you a person?", emoji, a word we don't have
        yet, another language: a reply of its own kind; anything else, the usual hint."""
        m = self.content.messages
        kind = small_talk.kind_of(text, verdict)
        if kind == "help":
            return self.replies.messages["help"]
        if kind == "other_language":
            said = small_talk.pick(m.small_talk[kind], text)
            local = m.texts.get(f"unreadable_{verdict.language}")
            return Reply(f"{local}\n\n{said}" if local else said)
        if kind:
            return Reply(small_talk.pick(m.small_talk[kind], text))
        word = small_talk.asked_word(text)
        if word:
            found = self.glossary.lookup(word)
            if found.term is not None:
                return self.term_reply(found.term, group=False)
            return render_suggestions(word, found.suggestions, found.near, self.content)
        return self.replies.messages["free_text_hint"]

    def triage_reply(self, verdict: Verdict, text: str, region: Region | None) -> Reply:
        """The reply to a message triage did not call general, with the region's numbers."""
        return render_triage(verdict, self.glossary.mentioned(text), self.content, region)

    def term_reply(self, term: Term, group: bool) -> Reply:
        """The full entry in a private chat; in a group the short one, linking to the rest."""
        if not group:
            return self.replies.terms[term.id]
        short = self.inline.get(f"t:{term.id}")
        return short.reply if short else render_term_short(term, self.content, self.link)
