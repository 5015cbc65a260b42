"""Runs before every other handler (group -1): per-chat flood control."""

from __future__ import annotations

import asyncio
import logging

from telegram import Update
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.core.flood import Decision
from bot.core.render import render_flood_notice
from bot.core.triage import Label
from bot.shell.addressed import addressed
from bot.shell.deps import deps
from bot.shell.handlers.reply import send

log = logging.getLogger(__name__)


async def flood_guard(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Let an update through; hold a quick button press until its turn; or (a chat far
    faster than any person) say once when the bot will answer again, and drop the rest.
    A message that may be an emergency is always let through."""
    chat = update.effective_chat
    if _impossible_id(update):
        # Telegram's ids fit in 64 bits; SQLite could not even store this one
        log.warning("ignored an update with an out-of-range chat or user id")
        raise ApplicationHandlerStop
    if chat is None or not addressed(update, context.bot):
        return
    d = deps(context)
    now = d.clock.now().timestamp()
    if update.callback_query is not None:
        wait = d.flood.button(chat.id, now)
        if wait is None:  # a script, not a person: dozens of presses queued
            await update.callback_query.answer()
            raise ApplicationHandlerStop
        if wait > 0:
            await asyncio.sleep(wait)
        return
    decision = d.flood.check(chat.id, now)
    if decision is Decision.ALLOW:
        return
    message = update.effective_message
    text = (message.text or message.caption or "") if message else ""
    if text and d.triage.classify(text).label is Label.EMERGENCY:
        log.info("flood control let a possible emergency through")
        return
    if decision is Decision.NOTIFY:
        seconds = d.flood.retry_in(chat.id, now)
        await send(update, context, render_flood_notice(d.content, seconds))
    raise ApplicationHandlerStop


def _impossible_id(update: Update) -> bool:
    ids = (
        getattr(update.effective_chat, "id", 0),
        getattr(update.effective_user, "id", 0),
    )
    return any(not -(2**63) <= i < 2**63 for i in ids if isinstance(i, int))
