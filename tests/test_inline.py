"""Inline mode through the fake Bot API: what answerInlineQuery was asked to show."""

from __future__ import annotations

from typing import Any

import pytest

from bot.core.content import Content
from bot.core.telegram_html import parse
from bot.fake_telegram.updates import inline_update
from tests.helpers import Conversation


async def ask(chat: Conversation, query: str) -> dict[str, Any]:
    calls = await chat.send(inline_update(query, query_id="iq"))
    answers = [c for c in chat.api.requests("answerInlineQuery")]
    assert answers, [c.method for c in calls]
    params = answers[-1].params
    assert params["inline_query_id"] == "iq"
    assert params["cache_time"] == 300 and params["is_personal"] is False
    for result in params["results"]:  # every shared message would be accepted by Telegram
        content = result["input_message_content"]
        assert content["parse_mode"] == "HTML" and parse(content["message_text"]).ok
    return params


def titles(params: dict[str, Any]) -> list[str]:
    return [r["title"] for r in params["results"]]


async def test_prefix_ranks_the_title_first(chat: Conversation):
    params = await ask(chat, "refr")
    assert titles(params)[0] == "Refractory"
    assert {"Primary refractory", "Secondary refractory", "Relapsed and refractory"} <= set(
        titles(params)
    )


async def test_a_result_shares_the_short_definition_source_pointer_and_deep_link(
    chat: Conversation, content: Content
):
    params = await ask(chat, "relapsed")
    first = params["results"][0]
    term = content.terms_by_id["relapsed"]
    assert (
        first["id"] == "t:relapsed"
        and first["title"] == "Relapsed"
        and first["description"] == term.short
    )
    text = first["input_message_content"]["message_text"]
    assert (
        term.short in text
        and "<i>From <a href=" in text
        and text.endswith(content.messages["care_team_pointer"])
    )
    button = first["reply_markup"]["inline_keyboard"][0][0]
    assert button["url"] == f"https://t.me/{chat.api.username}?start=define_relapsed"


@pytest.mark.parametrize("query", ["refactory", "remision", "RRMM", "plasma cells"])
async def test_typos_aliases_and_plurals(chat: Conversation, query: str):
    expected = {
        "refactory": "Refractory",
        "remision": "Remission",
        "RRMM": "Relapsed or refractory myeloma (RRMM)",
    }
    assert titles(await ask(chat, query))[0] == expected.get(query, "Plasma cell")


@pytest.mark.parametrize(
    "query", ["compare", "relapsed vs refractory", "difference", "what's the difference"]
)
async def test_comparison_queries_offer_the_comparison(chat: Conversation, query: str):
    params = await ask(chat, query)
    ids = [r["id"] for r in params["results"]]
    assert "compare" in ids[:2]
    compare = params["results"][ids.index("compare")]
    assert compare["reply_markup"]["inline_keyboard"][0][0]["url"].endswith("?start=compare")


async def test_empty_query_offers_the_most_useful_terms_and_the_comparison(
    chat: Conversation, content: Content
):
    params = await ask(chat, "")
    ids = [r["id"] for r in params["results"]]
    assert ids[:2] == ["t:relapsed", "t:refractory"] and "compare" in ids
    assert [i for i in ids if i.startswith("t:")] == [f"t:{t}" for t in content.featured]


async def test_no_match_is_one_result_and_a_button_to_the_bot(
    chat: Conversation, content: Content
):
    params = await ask(chat, "xylophone")
    assert len(params["results"]) == 1 and params["results"][0]["id"] == "none"
    assert "xylophone" in params["results"][0]["title"]
    assert params["button"] == {
        "text": content.messages["inline_open_bot"],
        "start_parameter": "inline",
    }


@pytest.mark.parametrize(
    "query", ["should I stop dex", "is 38.5 fever bad", "my kappa doubled am i relapsing"]
)
async def test_a_clinical_or_urgent_query_gets_no_answer_only_where_to_ask(
    chat: Conversation, query: str
):
    params = await ask(chat, query)
    assert len(params["results"]) == 1
    assert params["results"][0]["id"] in ("care-team", "urgent")
    assert "button" not in params


async def test_a_clinical_query_carries_the_urgent_line_and_a_crisis_gets_crisis_lines(
    chat: Conversation, content: Content
):
    care = (await ask(chat, "should I stop dex"))["results"][0]
    assert care["id"] == "care-team"
    assert "emergency number now" in care["input_message_content"]["message_text"]
    crisis = (await ask(chat, "i want to end it all"))["results"][0]
    assert crisis["id"] == "crisis"
    assert crisis["input_message_content"]["message_text"] == content.messages["crisis"]


@pytest.mark.parametrize("query", ["r" * 256, "🧬" * 128, "\u202eyrotcarfer\u200b", "<b>&", "   "])
async def test_long_and_odd_queries_never_fail(chat: Conversation, query: str):
    params = await ask(chat, query)
    assert 1 <= len(params["results"]) <= 10
    assert len({r["id"] for r in params["results"]}) == len(params["results"])


async def test_result_ids_are_stable(chat: Conversation):
    first = [r["id"] for r in (await ask(chat, "refr"))["results"]]
    again = [r["id"] for r in (await ask(chat, "refr"))["results"]]
    assert first == again and all(len(i) <= 64 for i in first)


async def test_deep_link_to_the_comparison_opens_it(chat: Conversation):
    calls = await chat.say("/start compare")
    assert calls[0].params["text"].startswith("<b>Relapsed or refractory?</b>")


def test_an_emergency_raised_by_the_learned_net_offers_urgent_help_and_the_crisis_line(
    content: Content,
):
    from bot.core.glossary import Glossary
    from bot.core.render_inline import answer_inline, build_inline_catalogue
    from bot.core.triage import POSSIBLE, Label, Verdict

    def link(payload: str) -> str:
        return f"https://t.me/bot?start={payload}"

    catalogue = build_inline_catalogue(content, link)
    glossary = Glossary.of(content)
    verdict = Verdict(Label.EMERGENCY, ("learned-safety-net",), POSSIBLE)
    answer = answer_inline("x", verdict, glossary, content, catalogue, link)
    assert [item.id for item in answer.items] == ["urgent", "crisis"]
