"""What the bot says to anything it has no handler for, in private chats only."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.deps import deps
from bot.handlers.reply import send


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Point to /help."""
    await send(update, context, deps(context).replies.messages["unknown_command"])


async def free_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Say what the bot can do, and where questions about one's own care belong."""
    await send(update, context, deps(context).replies.messages["free_text_hint"])
