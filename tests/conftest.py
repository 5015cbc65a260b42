"""Shared fixtures: the content, the fake Bot API server, and the real bot polling it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.core.content import Content
from bot.fake_telegram.harness import RunningBot
from bot.fake_telegram.server import FakeBotApi
from bot.shell.config import DEFAULT_CONTENT_DIR, Settings
from bot.shell.content_files import load_content
from tests.helpers import Conversation, FakeClock


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


@pytest.fixture
def chat(bot: RunningBot) -> Conversation:
    return Conversation(bot)
