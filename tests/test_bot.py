"""End to end: the real Application, polling the fake Bot API over HTTP."""

from __future__ import annotations

import logging

import pytest

from bot.core.buttons import Action, encode
from bot.core.content import Content
from bot.core.render import FIRST_REPLY_CHARS
from bot.core.render import visible_length as visible
from bot.core.telegram_html import parse
from bot.fake_telegram.harness import RunningBot
from bot.fake_telegram.server import FakeBotApi
from bot.fake_telegram.updates import message_update
from bot.shell.app import PRIVATE_COMMANDS
from tests.helpers import Conversation, buttons, labels


def pointer(content: Content) -> str:
    return content.messages["care_team_pointer"]


def only_message(calls: list) -> dict:
    sent = [c for c in calls if c.method == "sendMessage"]
    assert len(sent) == 1, [c.method for c in calls]
    return sent[0].params


async def test_start_welcomes_and_offers_glossary_and_comparison(
    chat: Conversation, content: Content
):
    reply = only_message(await chat.say("/start"))
    assert reply["text"] == content.messages["welcome"]
    assert reply["parse_mode"] == "HTML"
    data = [b["callback_data"] for b in buttons(chat.api.requests("sendMessage")[-1])]
    assert data == [encode(Action.TERMS), encode(Action.COMPARE)]


async def test_start_deep_link_shows_that_definition(chat: Conversation, content: Content):
    reply = only_message(await chat.say("/start define_refractory"))
    assert reply["text"].startswith("<b>Refractory</b>")
    assert reply["text"].endswith(pointer(content))


async def test_start_deep_link_to_unknown_term_falls_back_to_welcome(
    chat: Conversation, content: Content
):
    reply = only_message(await chat.say("/start define_no-such-word"))
    assert reply["text"] == content.messages["welcome"]


async def test_help_lists_every_command(chat: Conversation):
    text = only_message(await chat.say("/help"))["text"]
    for command in ("/define", "/terms", "/compare", "/help"):
        assert command in text


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("relapsed", "Relapsed"),
        ("Relapse", "Relapsed"),
        ("RELAPSED!", "Relapsed"),
        ("relapsed myeloma", "Relapsed"),
        ("RRMM", "Relapsed or refractory myeloma (RRMM)"),
        ("relapsed or refractory", "Relapsed or refractory myeloma (RRMM)"),
        ("relapsed and refractory", "Relapsed and refractory"),
        ("refactory", "Refractory"),
        ("remision", "Remission"),
        ("réfractory", "Refractory"),
        ("plasma cells", "Plasma cell"),
        ("what does refractory mean?", "Refractory"),
        ("M-spike", "M-protein (paraprotein)"),
    ],
)
async def test_define_is_forgiving(chat: Conversation, content: Content, query: str, title: str):
    reply = only_message(await chat.say(f"/define {query}"))
    assert reply["text"].startswith(f"<b>{title}</b>")
    assert reply["text"].endswith(pointer(content))
    assert "<i>From <a href=" in reply["text"]  # sources by name; the citation is behind More


async def test_define_offers_choices_when_unsure(chat: Conversation, content: Content):
    calls = await chat.say("/define refr")
    reply = only_message(calls)
    assert "refr" in reply["text"] and "Did you mean" in reply["text"]
    assert {"Refractory", "Primary refractory", "Secondary refractory"} <= set(labels(calls[0]))


async def test_unknown_word_is_never_met_with_silence(chat: Conversation, content: Content):
    calls = await chat.say("/define chemo-brain-xyz")
    reply = only_message(calls)
    assert "chemo-brain-xyz" in reply["text"] and "care team" in reply["text"]
    # nothing close, so no unrelated suggestions: the way to every word instead
    assert labels(calls[0]) == [content.messages.buttons["all_terms"]]


async def test_define_alone_shows_featured_terms(chat: Conversation, content: Content):
    calls = await chat.say("/define")
    reply = only_message(calls)
    assert reply["text"] == content.messages["define_prompt"]
    assert labels(calls[0])[:2] == ["Relapsed", "Refractory"]


async def test_hostile_query_is_escaped_and_shortened(chat: Conversation):
    calls = await chat.say("/define <b>x</b> & <script>" + "é" * 5000)
    reply = only_message(calls)
    assert "&lt;b&gt;" in reply["text"] and "<script>" not in reply["text"]
    assert parse(reply["text"]).ok  # the fake server would also have refused it


async def test_terms_shows_topics_and_every_term_is_reachable_by_paging_in_place(
    chat: Conversation, content: Content
):
    calls = await chat.say("/terms")
    reply = only_message(calls)
    assert visible(reply["text"]) <= FIRST_REPLY_CHARS
    topics = [b for b in buttons(calls[0]) if b["callback_data"].startswith("1:tp:")]
    assert len(topics) == len({t.group for t in content.terms}) <= 12  # a screenful
    reached: set[str] = set()
    for topic in topics:
        data: str | None = topic["callback_data"]
        pages = 0
        while data is not None:
            shown = await chat.press(data)
            assert not any(c.method == "sendMessage" for c in shown)  # in place
            (page,) = [c for c in shown if c.method == "editMessageText"]
            assert visible(page.params["text"]) <= FIRST_REPLY_CHARS
            words = [b for b in buttons(page) if b["callback_data"].startswith("1:d:")]
            assert 0 < len(words) <= 10
            reached |= {b["callback_data"] for b in words}
            back = [b for b in buttons(page) if b["text"] == content.messages.buttons["topics"]]
            assert back and back[0]["callback_data"] == encode(Action.TOPICS)
            on = [b for b in buttons(page) if b["text"] == content.messages.buttons["next_page"]]
            data = on[0]["callback_data"] if on else None
            pages += 1
        assert pages < 10
    assert reached == {encode(Action.DEFINE, t.id) for t in content.terms}


async def test_terms_back_to_topics_and_a_stale_topic_button_expires(
    chat: Conversation, content: Content
):
    back = await chat.press(encode(Action.TOPICS))
    (edited,) = [c for c in back if c.method == "editMessageText"]
    assert edited.params["text"] == content.messages["terms_header"]
    stale = await chat.press(encode(Action.TOPIC, "no-such-topic|0"))
    popups = [c.params.get("text") for c in stale if c.method == "answerCallbackQuery"]
    assert popups == [content.messages["button_expired"]]
    assert not any(c.method in ("sendMessage", "editMessageText") for c in stale)
    past_the_end = await chat.press(encode(Action.TOPIC, f"{content.terms[0].group}|99"))
    assert not any(c.method in ("sendMessage", "editMessageText") for c in past_the_end)


async def test_compare_leads_with_the_main_difference_and_shows_every_row_by_edit(
    chat: Conversation, content: Content
):
    calls = await chat.say("/compare")
    text = only_message(calls)["text"]
    lead = content.comparison.sections[0].rows[:2]
    assert all(f"<b>{row.label}</b>" in text for row in lead)
    assert visible(text) <= FIRST_REPLY_CHARS and text.endswith(pointer(content))
    more = [b for b in buttons(calls[0]) if b["text"] == content.messages.buttons["compare_more"]]
    edited = await chat.press(more[0]["callback_data"])
    full = [c for c in edited if c.method == "editMessageText"]
    assert len(full) == 1 and not any(c.method == "sendMessage" for c in edited)
    for section in content.comparison.sections:
        for row in section.rows:
            assert f"<b>{row.label}</b>" in full[0].params["text"]
    assert full[0].params["text"].endswith(pointer(content))
    assert "<pre>" not in full[0].params["text"]  # blocks, not a wide table that wraps


async def test_more_and_clinical_edit_the_definition_in_place_and_come_back(
    chat: Conversation, content: Content
):
    calls = await chat.say("/define relapsed")
    first = only_message(calls)["text"]
    assert visible(first) <= FIRST_REPLY_CHARS
    assert first.count("care team") == 1
    by_label = {b["text"]: b["callback_data"] for b in buttons(calls[0])}
    more = await chat.press(by_label[content.messages.buttons["more"]])
    edits = [c for c in more if c.method == "editMessageText"]
    assert len(edits) == 1 and not any(c.method == "sendMessage" for c in more)
    assert "Written from <a href=" in edits[0].params["text"]
    assert len(edits[0].params["text"]) > len(first)
    clinical = await chat.press(by_label[content.messages.buttons["clinical_definition"]])
    shown = next(c for c in clinical if c.method == "editMessageText")
    assert "IMWG" in shown.params["text"]
    back = {b["text"]: b["callback_data"] for b in buttons(shown)}
    again = await chat.press(back[content.messages.buttons["plain_definition"]])
    assert [c.params["text"] for c in again if c.method == "editMessageText"] == [first]


async def test_a_message_too_old_to_edit_gets_the_view_as_a_new_one(
    chat: Conversation, api: FakeBotApi, content: Content
):
    api.fail("editMessageText", status=400, description="Bad Request: message can't be edited")
    calls = await chat.press(encode(Action.MORE, "relapsed"))
    sent = [c for c in calls if c.method == "sendMessage"]
    assert len(sent) == 1 and "Written from <a href=" in sent[0].params["text"]


async def test_group_command_with_mention_replies_to_the_asker(
    chat: Conversation, api: FakeBotApi
):
    update = message_update(
        f"/define@{api.username} relapsed",
        chat_id=-100123,
        user_id=55,
        chat_type="supergroup",
        message_id=77,
    )
    reply = only_message(await chat.send(update))
    assert reply["chat_id"] == -100123
    assert reply["reply_parameters"]["message_id"] == 77
    assert reply["text"].startswith("<b>Relapsed</b>")


async def test_group_command_for_another_bot_is_ignored(chat: Conversation):
    update = message_update(
        "/define@SomeOtherBot relapsed", chat_id=-100123, user_id=55, chat_type="supergroup"
    )
    assert await chat.send(update) == []


async def test_group_small_talk_is_left_alone(chat: Conversation):
    update = message_update(
        "my doctor said relapsed today", chat_id=-100123, user_id=55, chat_type="supergroup"
    )
    assert await chat.send(update) == []


async def test_private_free_text_gets_a_hint_with_the_care_team(
    chat: Conversation, content: Content
):
    reply = only_message(await chat.say("hello, can you help me?"))
    assert reply["text"] in content.messages.small_talk["greeting"]  # a greeting back
    reply = only_message(await chat.say("the weather is nice today"))
    assert reply["text"] == content.messages["free_text_hint"]


async def test_unknown_command_points_to_help(chat: Conversation, content: Content):
    reply = only_message(await chat.say("/frobnicate"))
    assert reply["text"] == content.messages["unknown_command"]


async def test_button_press_shows_definition(chat: Conversation, content: Content):
    calls = await chat.press(encode(Action.DEFINE, "remission"), query_id="cb1")
    assert [c.method for c in calls] == ["answerCallbackQuery", "sendMessage"]
    assert calls[0].params["callback_query_id"] == "cb1"
    assert calls[1].params["text"].startswith("<b>Remission</b>")


async def test_clinical_button_shows_the_imwg_wording(chat: Conversation, content: Content):
    calls = await chat.press(encode(Action.CLINICAL, "refractory"))
    text = calls[-1].params["text"]
    assert "IMWG" in text and "60 days" in text
    assert text.endswith(pointer(content))
    assert labels(calls[-1]) == [content.messages.buttons["plain_definition"]]


@pytest.mark.parametrize("action", [Action.COMPARE, Action.TERMS])
async def test_menu_buttons(chat: Conversation, action: Action):
    calls = await chat.press(encode(action))
    assert [c.method for c in calls] == ["answerCallbackQuery", "sendMessage"]


@pytest.mark.parametrize(
    "data",
    ["1:d:no-such-term", "0:d:relapsed", "garbage", "1:zz", "1:d", "1:" + "x" * 70, ""],
)
async def test_forged_or_stale_buttons_expire_quietly(
    chat: Conversation, content: Content, data: str
):
    calls = await chat.press(data)
    assert [c.method for c in calls] == ["answerCallbackQuery"]
    assert calls[0].params["text"] == content.messages["button_expired"]


async def test_post_init_sets_menus_per_scope_and_descriptions(
    bot: RunningBot, api: FakeBotApi, content: Content
):
    scopes = [c.params["scope"]["type"] for c in api.requests("setMyCommands")]
    assert scopes == ["all_private_chats", "all_group_chats", "all_chat_administrators"]
    private = api.requests("setMyCommands")[0].params["commands"]
    assert [c["command"] for c in private] == list(PRIVATE_COMMANDS)
    assert {"subscribe", "mydata", "forget"} <= {
        c["command"] for c in api.requests("setMyCommands")[2].params["commands"]
    }
    assert "subscribe" not in {
        c["command"] for c in api.requests("setMyCommands")[1].params["commands"]
    }
    assert (
        api.requests("setMyShortDescription")[0].params["short_description"]
        == content.messages["short_description"]
    )


async def test_failing_set_my_commands_is_logged_and_the_bot_keeps_serving(
    api: FakeBotApi, content: Content, settings, caplog: pytest.LogCaptureFixture
):
    api.fail("setMyCommands", status=500, description="Internal Server Error", times=3)
    api.fail("setMyDescription", status=400, description="Bad Request: no", times=1)
    with caplog.at_level(logging.WARNING, logger="bot.shell.app"):
        running = await RunningBot.start(settings, content, api)
    try:
        assert sum("setup_step_failed" in r.getMessage() for r in caplog.records) == 4
        reply = only_message(await Conversation(running).say("/help"))
        assert "/define" in reply["text"]
    finally:
        await running.stop()


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("hello!", "greeting"),
        ("thanks so much", "thanks"),
        ("are you a real person?", "person"),
        ("😢😢", "feelings"),
        ("Asante sana!", "other_language"),
    ],
)
async def test_each_kind_of_small_talk_gets_its_own_reply_end_to_end(
    chat: Conversation, content: Content, text: str, kind: str
):
    reply = only_message(await chat.say(text))
    assert reply["text"].split("\n\n")[-1] in content.messages.small_talk[kind]


async def test_help_typed_and_an_unknown_word_asked_end_to_end(
    chat: Conversation, content: Content
):
    assert only_message(await chat.say("help"))["text"] == content.messages["help"]
    unknown = only_message(await chat.say("what is a zorbulator?"))
    assert "zorbulator" in unknown["text"]
    assert unknown["text"] != content.messages["free_text_hint"]
