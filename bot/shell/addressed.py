"""Is an update meant for the bot? The one answer every handler, the flood guard and the
error handler share. In a private chat, everything is; in a group, a command, a button
press, or a message that mentions the bot or replies to it (group chatter never is)."""

from __future__ import annotations

from telegram import Bot, Message, MessageEntity, Update
from telegram.constants import ChatType


def addressed(update: Update, bot: Bot) -> bool:
    """True when the bot would answer this update, wherever it came from."""
    if update.callback_query is not None or update.inline_query is not None:
        return True
    message = update.message
    if message is None or update.effective_chat is None:
        return False
    if (message.text or "").startswith("/"):
        return True
    return words_for_bot(message, bot.id, bot.username) is not None


def words_for_bot(message: Message, bot_id: int, username: str) -> str | None:
    """What the message says to the bot (without the @mention), or None if it is not
    for the bot: any text in a private chat; in a group only a mention or a reply."""
    text = message.text or ""
    if message.chat.type == ChatType.PRIVATE:
        return text
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot_id:
        return text
    mention = f"@{username}".casefold()
    for entity, value in message.parse_entities([MessageEntity.MENTION]).items():
        if value.casefold() == mention:
            return (text[: entity.offset] + text[entity.offset + entity.length :]).strip()
    return None
