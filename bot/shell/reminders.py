"""The messages about a chat's next appointment (issue 16): its saved questions the day
before, and once afterwards "did you get your answers?". Each is claimed in the store
before it is sent, so it goes once at most, across restarts and overlapping runs; the
daily-tip run calls this after the tips."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from telegram import Bot
from telegram.error import TelegramError

from bot.core import appointments, questions
from bot.core.content import Content
from bot.core.render import Reply
from bot.shell.store import Store
from bot.shell.vault import Vault

log = logging.getLogger(__name__)


class Reminders:
    def __init__(
        self,
        store: Store,
        bot: Bot,
        content: Content,
        vault: Vault | None,
        markup: Callable[[Reply], Any] = lambda reply: None,
    ) -> None:
        self.store, self.bot, self.content = store, bot, content
        self.vault, self.markup = vault, markup

    async def run(self, now: dt.datetime) -> int:
        """Send what is due now; returns how many went."""
        sent = 0
        for chat_id, kind in await self.store.due_appointment_messages(now):
            if not await self.store.claim_appointment_message(chat_id, kind):
                continue  # another run took it
            reply = (
                await self._questions_reply(chat_id)
                if kind == "remind"
                else appointments.render_after(self.content)
            )
            try:
                await self.bot.send_message(chat_id, reply.html, reply_markup=self.markup(reply))
                sent += 1
            except TelegramError as exc:  # blocked, gone: it counts as sent, never again
                log.info("appointment_message_failed kind=%s error=%s", kind, type(exc).__name__)
        if sent:
            log.info("appointment_messages sent=%d", sent)
        return sent

    async def _questions_reply(self, chat_id: int) -> Reply:
        kept: list[questions.Question] = []
        if self.vault is not None:
            for question_id, added, sealed in await self.store.questions(chat_id):
                kept.append(questions.Question(question_id, added.date(), self.vault.open(sealed)))
        return appointments.render_reminder(kept, self.content)
