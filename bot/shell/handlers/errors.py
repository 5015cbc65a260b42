"""The last resort: log what failed (the update's kind, never its text) and say sorry."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.shell.addressed import addressed
from bot.shell.deps import deps
from bot.shell.outcome import may_have_arrived

log = logging.getLogger(__name__)


def update_kind(update: object) -> str:
    if isinstance(update, Update):
        for kind in (
            "message",
            "edited_message",
            "callback_query",
            "inline_query",
            "channel_post",
        ):
            if getattr(update, kind, None) is not None:
                return kind
        return "other_update"
    return type(update).__name__


async def error_handler(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the failure and, where there is a chat, apologise briefly."""
    error = context.error
    # Telegram's own description says what it refused ("can't parse entities", "message
    # is too long"); it names our reply, never what the person typed. Other errors' text
    # may hold anything, so only their type is logged, and the traceback at DEBUG, where
    # an operator can turn it on (LOG_LEVEL=DEBUG).
    described = f" description={error.message!r}" if isinstance(error, TelegramError) else ""
    log.error(
        "handler_failed update=%s error=%s%s",
        update_kind(update),
        type(error).__name__,
        described,
    )
    if error is not None:
        log.debug("handler_failed traceback", exc_info=error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    if error is not None and may_have_arrived(
        error
    ):  # the reply may have reached them: no "sorry" after it
        return
    # In a group, apologise only to what was addressed to us, never to group chatter.
    if addressed(update, context.bot):
        try:
            text = deps(context).content.messages["error_generic"]
            await context.bot.send_message(update.effective_chat.id, text)
        except TelegramError:
            log.warning("apology_failed update=%s", update_kind(update))
