"""Shared fixtures: the content, the fake Bot API server, and the real bot polling it."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.core.content import Content
from bot.fake_telegram.harness import RunningBot
from bot.fake_telegram.server import Call, FakeBotApi
from bot.fake_telegram.updates import callback_update, message_update
from bot.shell.config import DEFAULT_CONTENT_DIR, Settings
from bot.shell.content_files import load_content

REPLY_METHODS = ("sendMessage", "editMessageText", "answerCallbackQuery")
START = dt.datetime(2026, 11, 29, 7, 0, tzinfo=dt.UTC)


class FakeClock:
    """Time that moves only when a test says so."""

    def __init__(self, now: dt.datetime = START) -> None:
        self.current = now

    def now(self) -> dt.datetime:
        return self.current

    def set(self, now: dt.datetime) -> None:
        self.current = now

    def advance(self, **delta: float) -> None:
        self.current += dt.timedelta(**delta)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(scope="session")
def content() -> Content:
    return load_content(DEFAULT_CONTENT_DIR)


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as server:
        yield server
    # Whatever Telegram would have refused (bad HTML, over-long text, 65-byte button data)
    # fails the test that caused it, not production.
    assert server.refusals == [], f"the bot sent what Telegram refuses: {server.refusals}"


@pytest.fixture
def settings(tmp_path: Any) -> Settings:
    return Settings(rate_limiter=False, db_path=tmp_path / "bot.sqlite3", scheduler=False)


@pytest.fixture
async def bot(
    api: FakeBotApi, content: Content, settings: Settings, clock: FakeClock
) -> AsyncIterator[RunningBot]:
    running = await RunningBot.start(settings, content, api, clock)
    yield running
    await running.stop()


class Conversation:
    """Send updates to the running bot and get back what it sent in reply."""

    def __init__(self, bot: RunningBot) -> None:
        self.bot = bot
        self.api = bot.api

    async def send(self, update: dict[str, Any]) -> list[Call]:
        seen = len(self.api.calls)
        self.bot.push(update)
        await self.bot.settle()
        return [c for c in self.api.calls[seen:] if c.method in REPLY_METHODS]

    async def say(self, text: str, **kwargs: Any) -> list[Call]:
        return await self.send(message_update(text, **kwargs))

    async def press(self, data: str, **kwargs: Any) -> list[Call]:
        return await self.send(callback_update(data, **kwargs))


@pytest.fixture
def chat(bot: RunningBot) -> Conversation:
    return Conversation(bot)


def buttons(call: Call) -> list[dict[str, Any]]:
    markup = call.params.get("reply_markup") or {}
    return [b for row in markup.get("inline_keyboard", []) for b in row]


def labels(call: Call) -> list[str]:
    return [b["text"] for b in buttons(call)]
