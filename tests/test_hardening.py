"""The bot keeps working whatever people and Telegram send it, and leaks nothing."""

from __future__ import annotations

import asyncio
import logging

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.buttons import Action, encode
from bot.core.content import Content
from bot.core.flood import Decision, FloodGate
from bot.core.telegram_html import MAX_MESSAGE_LENGTH, parse, utf16_length
from bot.fake_telegram.harness import RunningBot
from bot.fake_telegram.server import FakeBotApi
from bot.fake_telegram.updates import callback_update, message_update
from tests.helpers import Conversation, FakeClock

GROUP = -100321


# -- flood control -------------------------------------------------------------------------


def test_flood_gate_allows_a_burst_then_one_every_two_seconds():
    gate = FloodGate()  # the shipped limits: a burst of 40, then one every 2 s
    assert [gate.check(1, 0) for _ in range(40)] == [Decision.ALLOW] * 40
    assert gate.check(1, 0) is Decision.NOTIFY
    assert gate.retry_in(1, 0) == 2
    assert gate.check(1, 1) is Decision.DROP  # one notice, not one per message
    assert gate.check(2, 1) is Decision.ALLOW  # other chats are not affected
    assert gate.check(1, 2) is Decision.ALLOW  # a token is back: answered at once
    assert gate.check(1, 2.5) is Decision.NOTIFY  # over again: a new notice
    assert gate.check(1, 2 + 2 * 40) is Decision.ALLOW
    assert [gate.check(1, 2 + 2 * 40) for _ in range(39)] == [Decision.ALLOW] * 39  # refilled


def test_a_person_writing_every_two_seconds_is_never_stopped():
    gate = FloodGate()
    assert all(gate.check(1, t * 2.0) is Decision.ALLOW for t in range(1_000))


def test_button_presses_wait_their_turn_and_only_a_script_is_dropped():
    gate = FloodGate(burst=2, every=2.0, button_queue=3)
    assert [gate.button(1, 0) for _ in range(2)] == [0.0, 0.0]
    assert [gate.button(1, 0) for _ in range(3)] == [2.0, 4.0, 6.0]  # throttled, not dropped
    assert gate.button(1, 0) is None  # a fourth queued press: too many to be a person
    assert gate.button(1, 8) == 0.0  # once the queue has drained, answered at once


def test_flood_gate_memory_is_bounded():
    gate = FloodGate(burst=3, max_chats=100)
    for chat in range(10_000):
        gate.check(chat, 0)
    assert len(gate) == 100


async def test_a_new_user_exploring_quickly_is_never_shut_out(chat: Conversation):
    commands = ["/start", "/define relapsed", "/terms", "/compare", "/help", "/mydata"]
    replies = []
    for i in range(35):  # about twenty is a quick first look; thirty-five, all at once
        replies += await chat.say(commands[i % len(commands)])
    assert len(replies) == 35
    assert not [c for c in replies if "faster than I can answer" in c.params["text"]]


async def test_a_flooding_chat_gets_one_notice_saying_when_then_answers_again(
    chat: Conversation, clock: FakeClock, content: Content
):
    replies = []
    for _ in range(45):
        replies += await chat.say("/help")
    texts = [c.params["text"] for c in replies]
    notice = content.messages["flood_notice"].format(seconds=2)
    assert texts.count(notice) == 1
    assert len(texts) == 41  # 40 answers and the notice; the rest not answered
    clock.advance(seconds=2)
    assert (await chat.say("/help"))[0].params["text"].startswith("<b>What I can do")


async def test_a_possible_emergency_is_answered_however_fast_the_chat(
    chat: Conversation, content: Content
):
    for _ in range(42):
        await chat.say("/help")
    (reply,) = await chat.say("my husband can't breathe and his lips are blue")
    assert reply.params["text"].startswith(content.messages["emergency"][:40])


async def test_quick_button_presses_are_answered_not_dropped(bot: RunningBot, chat: Conversation):
    gate = bot.deps.flood
    gate.burst, gate.every = 3, 0.05  # a small bucket, so the test waits milliseconds
    replies = []
    for _ in range(6):
        replies += await chat.press(encode(Action.DEFINE, "relapsed"))
    assert len([c for c in replies if c.method == "sendMessage"]) == 6


async def test_group_chatter_never_counts(chat: Conversation):
    for i in range(40):
        assert (
            await chat.send(
                message_update(f"chatting {i}", chat_id=GROUP, user_id=9, chat_type="supergroup")
            )
            == []
        )


# -- /stats --------------------------------------------------------------------------------


async def test_stats_for_admins_only(
    api: FakeBotApi, content: Content, settings, clock: FakeClock
):
    running = await RunningBot.start(
        settings.replace(admin_ids=frozenset({42})), content, api, clock
    )
    try:
        chat = Conversation(running)
        await chat.say("/timezone Europe/London", chat_id=770077)
        await chat.say("/subscribe 9:00", chat_id=770077)
        await chat.say("should I stop dex", chat_id=770077)
        mine = (await chat.say("/stats", chat_id=42))[0].params["text"]
        assert "Chats getting daily tips: 1 (0 paused)" in mine and "1 clinical" in mine
        await chat.say("/timezone UTC", chat_id=880088)
        await chat.say("/subscribe 9:00", chat_id=880088)
        await chat.say("/pause 3", chat_id=880088)
        counted = (await chat.say("/stats", chat_id=42))[0].params["text"]
        assert "Chats getting daily tips: 2 (1 paused)" in counted
        assert "770077" not in mine  # counts only, never a chat id
        other = (await chat.say("/stats", chat_id=770077))[0].params["text"]
        assert other == content.messages["unknown_command"]
    finally:
        await running.stop()


# -- updates without text, and odd senders -----------------------------------------------


async def test_a_photo_in_private_gets_a_kind_word(chat: Conversation, content: Content):
    update = message_update("x")
    del update["message"]["text"]
    update["message"]["photo"] = [{"file_id": "f", "file_unique_id": "u", "width": 1, "height": 1}]
    assert (await chat.send(update))[0].params["text"] == content.messages["only_text"]


@pytest.mark.parametrize("kind", ["edited_message", "channel_post", "group_sticker", "new_member"])
async def test_other_updates_are_ignored_on_purpose(chat: Conversation, kind: str):
    update = message_update("/define relapsed", chat_id=GROUP, chat_type="supergroup")
    if kind == "edited_message":
        update = {
            "edited_message": message_update("/define relapsed")["message"] | {"edit_date": 1}
        }
    elif kind == "channel_post":
        post = message_update("/define relapsed", chat_id=-100999, chat_type="channel")["message"]
        del post["from"]
        update = {"channel_post": post}
    elif kind == "group_sticker":
        del update["message"]["text"], update["message"]["entities"]
        update["message"]["sticker"] = {
            "file_id": "s", "file_unique_id": "s", "type": "regular", "width": 1, "height": 1,
            "is_animated": False, "is_video": False,
        }  # fmt: skip
    else:
        del update["message"]["text"], update["message"]["entities"]
        update["message"]["new_chat_members"] = [{"id": 5, "is_bot": False, "first_name": "New"}]
    assert await chat.send(update) == []


async def test_an_anonymous_admin_can_use_commands(chat: Conversation):
    update = message_update("/define relapsed", chat_id=GROUP, chat_type="supergroup")
    update["message"]["sender_chat"] = {"id": GROUP, "type": "supergroup", "title": "Group"}
    update["message"]["from"] = {
        "id": 1087968824,
        "is_bot": True,
        "first_name": "Group",
        "username": "GroupAnonymousBot",
    }
    assert (await chat.send(update))[0].params["text"].startswith("<b>Relapsed</b>")


async def test_a_button_pressed_on_a_message_too_old_to_see_still_expires_kindly(
    chat: Conversation, content: Content
):
    update = callback_update("garbage")
    update["callback_query"]["message"] = {
        "message_id": 1,
        "date": 0,
        "chat": {"id": 1001, "type": "private"},
    }
    calls = await chat.send(update)
    assert calls[0].params["text"] == content.messages["button_expired"]


# -- faults --------------------------------------------------------------------------------


async def test_a_failing_handler_is_logged_apologised_for_and_the_bot_keeps_serving(
    chat: Conversation, content: Content, caplog: pytest.LogCaptureFixture
):
    chat.api.fail("sendMessage", status=400, description="Bad Request: something")
    with caplog.at_level(logging.DEBUG, logger="bot.shell.handlers.errors"):
        calls = await chat.say("/help")
    assert [c.status for c in calls] == [400, 200]
    assert calls[1].params["text"] == content.messages["error_generic"]
    lines = [(r.levelno, r.getMessage(), r.exc_info) for r in caplog.records]
    assert (
        logging.ERROR,
        "handler_failed update=message error=BadRequest description='Something'",
        None,
    ) in lines
    # the traceback, for an operator who turns on DEBUG
    assert any(level == logging.DEBUG and info for level, _, info in lines)
    assert "What I can do" in (await chat.say("/help"))[0].params["text"]


@pytest.mark.parametrize(
    "fault",
    [
        {"status": 502, "description": "Bad Gateway", "times": 3},
        {"kind": "bad_json", "times": 2},
        {"kind": "disconnect", "times": 2},
        {"status": 429, "description": "Too Many Requests", "retry_after": 1},
    ],
)
async def test_polling_survives_a_troubled_server(bot: RunningBot, api: FakeBotApi, fault: dict):
    api.fail("getUpdates", **fault)
    bot.push(message_update("/help"))
    await bot.settle(timeout=20)
    assert api.sent_texts(1001) and "What I can do" in api.sent_texts(1001)[-1]


# -- anything people type --------------------------------------------------------------------

ODD_TEXT = st.one_of(
    st.text(max_size=300),
    st.text(
        alphabet=st.characters(categories=["Mn", "Cf", "So", "Lo"]), max_size=200
    ),  # marks, RTL, emoji
    st.text(alphabet="<>&\"'*_`[]()~|#+-=.!/ @", max_size=200),  # HTML and Markdown metacharacters
    st.text(min_size=4000, max_size=5000),
)


def test_anything_typed_gets_a_well_formed_reply_or_none(content: Content, tmp_path):
    from bot.shell.config import Settings

    loop = asyncio.new_event_loop()
    api = loop.run_until_complete(FakeBotApi().start())
    clock = FakeClock()
    running = loop.run_until_complete(
        RunningBot.start(
            Settings(rate_limiter=False, db_path=tmp_path / "b.sqlite3", scheduler=False),
            content,
            api,
            clock,
        )
    )
    chat = Conversation(running)

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        text=ODD_TEXT,
        as_command=st.sampled_from(["", "/define ", "/subscribe ", "/timezone ", "/start "]),
    )
    def check(text: str, as_command: str) -> None:
        clock.advance(seconds=10)  # stay under the flood limit
        calls = loop.run_until_complete(chat.say(as_command + text))
        assert api.refusals == [], api.refusals
        for call in calls:
            if call.method == "sendMessage":
                parsed = parse(call.params["text"])
                assert parsed.ok and utf16_length(parsed.text) <= MAX_MESSAGE_LENGTH
                assert "<script" not in call.params["text"]

    try:
        check()
    finally:
        loop.run_until_complete(running.stop())
        loop.run_until_complete(api.stop())
        loop.close()


# -- updates python-telegram-bot cannot read -------------------------------------------------

POISON = {
    "entities given as an object": lambda u: u["message"].update(
        entities={"type": "bold", "offset": 0, "length": 4}
    ),
    "a date given as a string": lambda u: u["message"].update(date="yesterday"),
    "a poll without its fields": lambda u: (u.pop("message"), u.update(poll={"id": "p1"})),
}


@pytest.mark.parametrize("kind", sorted(POISON))
async def test_an_unreadable_update_is_skipped_and_the_rest_are_served(
    bot: RunningBot, chat: Conversation, caplog: pytest.LogCaptureFixture, kind: str
):
    poison = message_update("Secret words from Margaret", chat_id=777)
    poison["message"]["from"]["first_name"] = "Margaret"
    POISON[kind](poison)
    caplog.set_level(logging.WARNING)
    bad = bot.push(poison)
    replies = await chat.say("/define relapsed", chat_id=778)
    assert [c.params["chat_id"] for c in replies] == [778]  # the next chat is answered
    await bot.api.wait_fetched(bad)  # and the unreadable update was confirmed, once
    skipped = [r for r in caplog.records if "could not be read" in r.getMessage()]
    assert len(skipped) == 1
    assert skipped[0].levelno == logging.WARNING and f"update {bad}" in skipped[0].getMessage()
    text = "\n".join(r.getMessage() for r in caplog.records) + caplog.text
    assert "Secret words" not in text and "Margaret" not in text
    assert not [r for r in caplog.records if r.levelno >= logging.CRITICAL]
    fetches = [c for c in bot.api.calls if c.method == "getUpdates"]
    assert len(fetches) < 20  # no tight retry loop


async def test_a_batch_with_one_unreadable_update_serves_every_other_one(
    bot: RunningBot, chat: Conversation
):
    poison = message_update("hello", chat_id=801)
    POISON["a date given as a string"](poison)
    bot.push(message_update("/define relapsed", chat_id=800))
    bot.push(poison)
    replies = await chat.say("/define refractory", chat_id=802)
    answered = {c.params["chat_id"] for c in bot.api.calls if c.method == "sendMessage"}
    assert {800, 802} <= answered and 801 not in answered
    assert replies


# -- a bounded backlog ------------------------------------------------------------------------


async def test_the_backlog_of_fetched_but_unhandled_updates_stays_bounded(
    api: FakeBotApi, content: Content, settings, clock: FakeClock
):
    running = await RunningBot.start(settings.replace(max_backlog=8), content, api, clock)
    try:
        places = running.application.update_processor.queue.places
        peak = 0

        async def watch() -> None:  # updates taken from the queue and not yet finished
            nonlocal peak
            while True:
                peak = max(peak, 8 - places._value)
                await asyncio.sleep(0)

        watcher = asyncio.create_task(watch())
        for n in range(300):  # many chats, each under the flood limit, some twice
            running.push(message_update("/define relapsed", chat_id=5000 + n % 200))
        await running.settle(timeout=120)
        watcher.cancel()
    finally:
        await running.stop()
    assert len(api.requests("sendMessage")) == 300  # every one answered
    assert 0 < peak <= 8
    assert places._value == 7  # every place given back but the one its next get() holds


# -- small things that used to raise --------------------------------------------------------


async def test_a_lone_surrogate_in_button_data_is_a_stale_button_not_an_error(
    chat: Conversation, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.WARNING)
    replies = await chat.press("\ud800x")
    assert not [r for r in caplog.records if "handler_failed" in r.getMessage()]
    assert [c.method for c in replies] != []  # the press is still answered


async def test_an_out_of_range_chat_id_is_ignored_without_an_error(
    chat: Conversation, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.WARNING)
    for text in ("/subscribe 8:00", "/mydata", "/forget"):
        await chat.say(text, chat_id=2**63 + 5)
    assert not [r for r in caplog.records if "handler_failed" in r.getMessage()]
    assert any("out-of-range" in r.getMessage() for r in caplog.records)
    assert await chat.say("/define relapsed")  # and everyone else is still served


async def test_a_reply_that_may_have_arrived_is_not_followed_by_an_apology(
    chat: Conversation, api: FakeBotApi, content: Content
):
    api.fail("sendMessage", kind="disconnect", times=1)  # accepted, the answer lost
    replies = await chat.say("/define relapsed")
    texts = [c.params.get("text", "") for c in replies]
    assert len(texts) == 1 and "Relapsed" in texts[0]
    assert content.messages["error_generic"] not in texts


async def test_a_reply_telegram_refused_is_followed_by_an_apology(
    chat: Conversation, api: FakeBotApi, content: Content
):
    api.fail("sendMessage", status=400, description="Bad Request: something", times=1)
    texts = [c.params.get("text", "") for c in await chat.say("/define relapsed")]
    assert texts == [texts[0], content.messages["error_generic"]]


async def test_a_reply_telegram_answered_with_a_5xx_is_tried_again_and_arrives_once(
    chat: Conversation, api: FakeBotApi, content: Content
):
    api.fail("sendMessage", status=502, description="Bad Gateway", times=2)
    replies = await chat.say("/define relapsed")
    assert [c.status for c in replies] == [502, 502, 200]
    assert "Relapsed" in replies[-1].params["text"]
    assert content.messages["error_generic"] not in [c.params["text"] for c in replies]


async def test_a_reply_during_an_outage_is_sent_once_telegram_is_back(
    chat: Conversation, api: FakeBotApi, content: Content, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.WARNING, logger="bot.shell.handlers.reply")
    api.outage_after_next_updates(2.0)  # the reply meets refused connections for 2 s
    replies = await chat.say("/define relapsed")
    texts = [c.params.get("text", "") for c in replies]
    assert len(texts) == 1 and "Relapsed" in texts[0]
    retries = [r.getMessage() for r in caplog.records if "reply_retry" in r.getMessage()]
    assert retries and all("NetworkError" in r or "TimedOut" in r for r in retries)
    assert "Relapsed" in (await chat.say("/define relapsed"))[0].params["text"]  # served on


# -- the webhook server ----------------------------------------------------------------------


async def test_the_webhook_checks_the_secret_first_caps_the_body_and_skips_poison(
    bot: RunningBot, settings, caplog: pytest.LogCaptureFixture
):
    import json
    import socket

    import httpx
    import tornado.httpserver

    from bot.shell.config import Secret
    from bot.shell.webhook import MAX_BODY, SECRET_HEADER, make_app

    secret = "s3cret-webhook-token-0123456789"
    app = make_app(bot.application, settings.replace(webhook_secret=Secret(secret)), "telegram")
    server = tornado.httpserver.HTTPServer(app, max_body_size=MAX_BODY)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server.listen(port, address="127.0.0.1")
    url = f"http://127.0.0.1:{port}/telegram"
    good = {SECRET_HEADER: secret, "Content-Type": "application/json"}
    caplog.set_level(logging.WARNING)
    try:
        async with httpx.AsyncClient(timeout=10) as client:
            huge = b"x" * (8 * 1024 * 1024)

            async def answer(**kwargs: object) -> int | str:
                try:
                    return (await client.post(url, **kwargs)).status_code  # type: ignore[arg-type]
                except httpx.TransportError:  # refused mid-upload: the server stopped reading
                    return "closed"

            assert await answer(content=huge) in (403, "closed")  # no secret
            assert await answer(content=b"{}") == 403
            assert await answer(content=b"{}", headers={SECRET_HEADER: "nope"}) == 403
            assert await answer(content=huge, headers=good) in (413, "closed")
            poison = message_update("Secret words from Margaret", chat_id=901)
            poison["message"]["date"] = "yesterday"
            body = json.dumps({"update_id": 77, **poison})
            assert (await client.post(url, content=body, headers=good)).status_code == 200
            fine = json.dumps({"update_id": 78, **message_update("/help", chat_id=902)})
            assert (await client.post(url, content=fine, headers=good)).status_code == 200
        await bot.api.wait_for("sendMessage", timeout=10)
    finally:
        server.stop()
    assert [c.params["chat_id"] for c in bot.api.requests("sendMessage")] == [902]
    assert any("skipped update 77" in r.getMessage() for r in caplog.records)
    assert "Secret words" not in caplog.text and "Margaret" not in caplog.text
