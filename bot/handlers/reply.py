"""Sending a core Reply: its buttons become Telegram's inline keyboard."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from bot.render import Reply


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(b.label, callback_data=b.data, url=b.url) for b in row]
            for row in reply.buttons
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
