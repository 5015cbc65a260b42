"""Sending a core Reply: its buttons become Telegram's inline keyboard."""

from __future__ import annotations

import functools

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from bot.buttons import Button
from bot.render import Reply


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    return _markup(reply.buttons) if reply.buttons else None


@functools.lru_cache(maxsize=1024)
def _markup(rows: tuple[tuple[Button, ...], ...]) -> InlineKeyboardMarkup:
    # Telegram objects are immutable, so one keyboard can serve every reply that shows it.
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(b.label, callback_data=b.data, url=b.url) for b in row]
            for row in rows
        ]
    )


async def send(update: Update, context: ContextTypes.DEFAULT_TYPE, reply: Reply) -> None:
    """Answer the message (quoting it in groups), or post to the chat of a button press."""
    if update.message is not None:
        await update.message.reply_text(reply.html, reply_markup=keyboard(reply))
    elif update.effective_chat is not None:
        await context.bot.send_message(
            update.effective_chat.id, reply.html, reply_markup=keyboard(reply)
        )
