"""The fake Bot API refuses what Telegram refuses and fails the way Telegram fails,
as seen by python-telegram-bot's real Bot."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
)
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.request import HTTPXRequest

from bot.fake_telegram.server import FakeBotApi


@pytest.fixture
async def raw_api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as server:
        yield server


@pytest.fixture
async def tg(raw_api: FakeBotApi) -> AsyncIterator[Bot]:
    request = HTTPXRequest(read_timeout=0.5, connect_timeout=1)
    async with Bot(raw_api.token, base_url=raw_api.base_url, request=request) as bot:
        yield bot


async def test_answers_and_records(tg: Bot, raw_api: FakeBotApi):
    message = await tg.send_message(5, "<b>hi</b>", parse_mode="HTML")
    assert message.text == "hi" and message.chat.id == 5
    assert raw_api.requests("sendMessage")[0].params == {
        "chat_id": 5,
        "text": "<b>hi</b>",
        "parse_mode": "HTML",
    }


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("", "text is empty"),
        ("x" * 4097, "too long"),
        ("a < b", "can't parse"),
        ("<div>x</div>", "can't parse"),
    ],
)
async def test_refuses_bad_text(tg: Bot, raw_api: FakeBotApi, text: str, why: str):
    with pytest.raises(BadRequest, match=f"(?i){why}"):
        await tg.send_message(5, text, parse_mode="HTML")
    assert raw_api.refusals and raw_api.refusals[0][0] == "sendMessage"
    raw_api.refusals.clear()


async def test_refuses_callback_data_over_64_bytes(tg: Bot, raw_api: FakeBotApi):
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="d" * 65)]])
    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        await tg.send_message(5, "hi", reply_markup=markup)
    raw_api.refusals.clear()


async def test_refuses_more_than_50_inline_results(tg: Bot, raw_api: FakeBotApi):
    results = [
        InlineQueryResultArticle(str(i), "t", InputTextMessageContent("x")) for i in range(51)
    ]
    with pytest.raises(BadRequest, match=r"(?i)RESULTS_TOO_MUCH"):
        await tg.answer_inline_query("iq", results)
    assert await tg.answer_inline_query("iq", results[:50])
    raw_api.refusals.clear()


async def test_wrong_token_is_unauthorized(raw_api: FakeBotApi):
    with pytest.raises(InvalidToken):
        async with Bot("1:wrong", base_url=raw_api.base_url):
            pass


async def test_forbidden(tg: Bot, raw_api: FakeBotApi):
    raw_api.fail("sendMessage", status=403, description="Forbidden: bot was blocked by the user")
    with pytest.raises(Forbidden):
        await tg.send_message(5, "hi")
    assert (await tg.send_message(5, "again")).text == "again"  # the fault was used up


async def test_retry_after(tg: Bot, raw_api: FakeBotApi):
    raw_api.fail(
        "sendMessage", status=429, description="Too Many Requests: retry after 7", retry_after=7
    )
    with pytest.raises(RetryAfter) as info:
        await tg.send_message(5, "hi")
    retry_after = info.value.retry_after  # seconds, or a timedelta with PTB_TIMEDELTA=1
    assert getattr(retry_after, "total_seconds", lambda: retry_after)() == 7


async def test_chat_migrated(tg: Bot, raw_api: FakeBotApi):
    raw_api.fail(
        "sendMessage",
        status=400,
        description="Bad Request: group upgraded",
        migrate_to_chat_id=-1009,
    )
    with pytest.raises(ChatMigrated) as info:
        await tg.send_message(-5, "hi")
    assert info.value.new_chat_id == -1009


async def test_server_error(tg: Bot, raw_api: FakeBotApi):
    raw_api.fail("*", status=502, description="Bad Gateway")
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await tg.send_message(5, "hi")


async def test_time_out(tg: Bot, raw_api: FakeBotApi):
    raw_api.fail("sendMessage", kind="timeout", delay=5)
    with pytest.raises(TimedOut):
        await tg.send_message(5, "hi")


async def test_dropped_connection(tg: Bot, raw_api: FakeBotApi):
    raw_api.fail("sendMessage", kind="disconnect")
    with pytest.raises(NetworkError):
        await tg.send_message(5, "hi")


async def test_bad_json(tg: Bot, raw_api: FakeBotApi):
    raw_api.fail("sendMessage", kind="bad_json")
    with pytest.raises(TelegramError, match="Invalid server response"):
        await tg.send_message(5, "hi")
