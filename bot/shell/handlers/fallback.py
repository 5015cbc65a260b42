"""Words said to the bot outside a command: in private chats, and in groups only when they
mention the bot or reply to it (never lecture a group that is talking among itself)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.core.answer import Asked
from bot.shell.addressed import words_for_bot
from bot.shell.deps import deps
from bot.shell.handlers.reply import answer, send


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Point to /help."""
    await send(update, context, deps(context).replies.messages["unknown_command"])


async def free_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Urgent help, the care team, a definition, or what the bot can do, in that order."""
    message = update.effective_message
    if message is None or not message.text:
        return
    text = words_for_bot(message, context.bot.id, context.bot.username)
    if text is None:
        return
    await answer(update, context, text, Asked.CHAT)


async def not_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A photo, sticker or voice note in a private chat: say kindly what the bot reads."""
    await send(update, context, deps(context).replies.messages["only_text"])
