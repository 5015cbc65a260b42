"""Words said to the bot outside a command: in private chats, and in groups only when they
mention the bot or reply to it (never lecture a group that is talking among itself)."""

from __future__ import annotations

from telegram import Message, MessageEntity, Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot.core.glossary import wants_comparison
from bot.core.render_triage import render_triage
from bot.core.triage import Label
from bot.shell.deps import deps
from bot.shell.handlers.reply import send, send_term


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Point to /help."""
    await send(update, context, deps(context).replies.messages["unknown_command"])


async def free_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Urgent help, the care team, a definition, or what the bot can do, in that order."""
    message = update.effective_message
    if message is None or not message.text:
        return
    text = message.text
    if message.chat.type != ChatType.PRIVATE:
        text = addressed_to_bot(message, context.bot.id, context.bot.username)
        if text is None:
            return
    d = deps(context)
    verdict = d.triage.classify(text)
    d.triage_counts[verdict.label] += 1
    if verdict.label is not Label.GENERAL:
        await send(update, context, render_triage(verdict, d.glossary.mentioned(text), d.content))
        return
    if wants_comparison(text, d.content.comparison.keywords):
        await send(update, context, d.replies.comparison)
        return
    found = d.glossary.lookup(text, strict=True)
    term = found.term or next(iter(d.glossary.mentioned(text, limit=1)), None)
    if term is not None:  # "my doctor said refractory, what does that mean?"
        await send_term(update, context, term)
        return
    await send(update, context, d.replies.messages["free_text_hint"])


async def not_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A photo, sticker or voice note in a private chat: say kindly what the bot reads."""
    await send(update, context, deps(context).replies.messages["only_text"])


def addressed_to_bot(message: Message, bot_id: int, username: str) -> str | None:
    """The text without the @mention if the message mentions or replies to us, else None."""
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot_id:
        return message.text or ""
    mention = f"@{username}".casefold()
    for entity, value in message.parse_entities([MessageEntity.MENTION]).items():
        if value.casefold() == mention:
            text = message.text or ""
            return (text[: entity.offset] + text[entity.offset + entity.length :]).strip()
    return None
