"""The one place any text is answered (bot/core/answer.py), tested without Telegram."""

from __future__ import annotations

import pytest

from bot.core.answer import Answerer, Asked, Where
from bot.core.content import Content
from bot.core.glossary import Glossary
from bot.core.render import build_catalogue
from bot.core.render_inline import build_inline_catalogue
from bot.core.triage import Label, Triage

EMERGENCY = "my husband has a fever of 39 and is shivering on treatment"
CLINICAL = "should I stop taking my dexamethasone before the scan?"


@pytest.fixture(scope="module")
def answers(content: Content) -> Answerer:
    glossary = Glossary.of(content)
    link = lambda payload: f"https://t.me/bot?start={payload}"  # noqa: E731
    return Answerer(
        content,
        glossary,
        Triage(content.triage),
        build_catalogue(content, glossary.featured),
        build_inline_catalogue(content, link),
        link,
    )


@pytest.mark.parametrize("asked", [Asked.DEFINE, Asked.CHAT])
def test_a_possible_emergency_gets_urgent_help_first_however_it_is_asked(
    answers: Answerer, content: Content, asked: Asked
):
    found = answers.answer_text(EMERGENCY, Where(asked))
    assert found.verdict is not None and found.verdict.label is Label.EMERGENCY
    assert found.reply is not None and "urgent" in found.reply.html.lower()


def test_inline_never_answers_a_clinical_question(answers: Answerer):
    found = answers.answer_text(CLINICAL, Where(Asked.INLINE))
    assert found.verdict is not None and found.verdict.label is Label.CLINICAL
    assert found.inline is not None and [i.id for i in found.inline.items] == ["care-team"]
    assert found.reply is None


def test_a_known_word_asked_for_by_name_is_a_definition_without_triage(answers: Answerer):
    found = answers.answer_text("relapsed", Where(Asked.DEFINE))
    assert found.verdict is None and found.reply is not None
    assert found.reply == answers.replies.terms["relapsed"]


def test_in_a_group_a_definition_is_the_short_one_with_a_link(answers: Answerer):
    private = answers.answer_text("relapsed", Where(Asked.DEFINE))
    group = answers.answer_text("relapsed", Where(Asked.DEFINE, group=True))
    assert group.reply is not None and private.reply is not None
    assert len(group.reply.html) < len(private.reply.html)
    assert any(b.url and "start=" in b.url for row in group.reply.buttons for b in row)


def test_the_comparison_and_what_is_not_known(answers: Answerer, content: Content):
    compare = answers.answer_text("relapsed vs refractory", Where(Asked.CHAT))
    assert compare.reply == answers.replies.comparison
    unknown = answers.answer_text("zzxq", Where(Asked.DEFINE))
    assert (
        unknown.reply is not None and unknown.reply != answers.replies.messages["free_text_hint"]
    )
    said = answers.answer_text("the weather is nice today", Where(Asked.CHAT))
    assert said.reply == answers.replies.messages["free_text_hint"]
    assert answers.answer_text("  ", Where(Asked.DEFINE)).reply == answers.replies.define_prompt


def test_said_in_passing_a_word_is_explained(answers: Answerer):
    found = answers.answer_text("my doctor said refractory, what is that", Where(Asked.CHAT))
    assert found.reply == answers.replies.terms["refractory"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("hi", "greeting"),
        ("good morning!", "greeting"),
        ("thank you so much", "thanks"),
        ("is this a real person?", "person"),
        ("are you a bot", "person"),
        ("😢😢😢", "feelings"),
        ("شكراً جزيلاً", "other_language"),
    ],
)
def test_small_talk_gets_a_reply_of_its_own_kind(
    answers: Answerer, content: Content, text: str, kind: str
):
    reply = answers.answer_text(text, Where(Asked.CHAT)).reply
    assert reply is not None
    said = reply.html.split("\n\n")[-1]
    assert said in content.messages.small_talk[kind], (text, reply.html)
    if kind in ("person", "feelings", "other_language"):
        assert "emergency number" in reply.html  # and the urgent line, always


def test_help_typed_brings_up_help(answers: Answerer):
    assert answers.answer_text("help", Where(Asked.CHAT)).reply == answers.replies.messages["help"]


def test_a_spanish_thanks_says_in_spanish_that_the_bot_answers_in_english(
    answers: Answerer, content: Content
):
    reply = answers.answer_text("muchas gracias", Where(Asked.CHAT)).reply
    assert reply is not None and reply.html.startswith(content.messages["unreadable_es"])


def test_a_word_we_do_not_have_is_said_so(answers: Answerer, content: Content):
    reply = answers.answer_text("what is a zorbulator?", Where(Asked.CHAT)).reply
    assert reply is not None and "zorbulator" in reply.html
    assert reply.html != answers.replies.messages["free_text_hint"].html
