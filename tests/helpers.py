"""What tests share besides fixtures: a clock that moves only when told, a conversation
with the running bot, and readers for the buttons of a reply."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.fake_telegram.harness import RunningBot
from bot.fake_telegram.server import Call
from bot.fake_telegram.updates import callback_update, message_update

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


def buttons(call: Call) -> list[dict[str, Any]]:
    markup = call.params.get("reply_markup") or {}
    return [b for row in markup.get("inline_keyboard", []) for b in row]


def labels(call: Call) -> list[str]:
    return [b["text"] for b in buttons(call)]
