"""Runs before every other handler (group -1): per-chat flood control."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.core.flood import Decision
from bot.shell.deps import deps
from bot.shell.handlers.fallback import addressed_to_bot
from bot.shell.handlers.reply import send

log = logging.getLogger(__name__)


async def flood_guard(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Let an update through, or (too many from this chat) say so once and drop it."""
    chat = update.effective_chat
    if _impossible_id(update):
        # Telegram's ids fit in 64 bits; SQLite could not even store this one
        log.warning("ignored an update with an out-of-range chat or user id")
        raise ApplicationHandlerStop
    if chat is None or not _would_answer(update, context):
        return
    d = deps(context)
    decision = d.flood.check(chat.id, d.clock.now().timestamp())
    if decision is Decision.ALLOW:
        return
    if decision is Decision.NOTIFY:
        if update.callback_query is not None:
            await update.callback_query.answer(d.content.messages["flood_notice"], show_alert=True)
        else:
            await send(update, context, d.replies.messages["flood_notice"])
    raise ApplicationHandlerStop


def _impossible_id(update: Update) -> bool:
    ids = (
        getattr(update.effective_chat, "id", 0),
        getattr(update.effective_user, "id", 0),
    )
    return any(not -(2**63) <= i < 2**63 for i in ids if isinstance(i, int))


def _would_answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Only what the bot would reply to counts: group chatter never does."""
    if update.callback_query is not None:
        return True
    message = update.message
    if message is None or update.effective_chat is None:
        return False
    if update.effective_chat.type == ChatType.PRIVATE:
        return True
    text = message.text or ""
    return (
        text.startswith("/")
        or addressed_to_bot(message, context.bot.id, context.bot.username) is not None
    )
