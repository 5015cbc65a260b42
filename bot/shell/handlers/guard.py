"""Runs before every other handler (group -1): per-chat flood control."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.core.flood import Decision
from bot.shell.addressed import addressed
from bot.shell.deps import deps
from bot.shell.handlers.reply import send

log = logging.getLogger(__name__)


async def flood_guard(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Let an update through, or (too many from this chat) say so once and drop it."""
    chat = update.effective_chat
    if _impossible_id(update):
        # Telegram's ids fit in 64 bits; SQLite could not even store this one
        log.warning("ignored an update with an out-of-range chat or user id")
        raise ApplicationHandlerStop
    if chat is None or not addressed(update, context.bot):
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
