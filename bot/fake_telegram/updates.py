"""Updates as Telegram sends them, for the fake Bot API server: a text message (with the
bot_command entity Telegram adds), a button press, an inline query."""

from __future__ import annotations

import time
from typing import Any

from bot.core.telegram_html import utf16_length

BOT_ID = 123456789  # the id the fake server's bot has (getMe)


def user(user_id: int, first_name: str = "Sam") -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": "en"}


def chat(chat_id: int, chat_type: str = "private") -> dict[str, Any]:
    if chat_type == "private":
        return {"id": chat_id, "type": "private", "first_name": "Sam"}
    return {"id": chat_id, "type": chat_type, "title": "Myeloma support group"}


def message_update(
    text: str,
    *,
    chat_id: int = 1001,
    user_id: int | None = None,
    chat_type: str = "private",
    message_id: int = 1,
    reply_to_bot: bool = False,
    mention: str | None = None,
) -> dict[str, Any]:
    """A text message; a leading /command gets its bot_command entity, as Telegram adds,
    and each "@`mention`" its mention entity."""
    message: dict[str, Any] = {
        "message_id": message_id,
        "date": int(time.time()),
        "chat": chat(chat_id, chat_type),
        "from": user(user_id if user_id is not None else abs(chat_id)),
        "text": text,
    }
    if text.startswith("/"):
        command = text.split(maxsplit=1)[0] if text.strip() else text
        message["entities"] = [
            {"type": "bot_command", "offset": 0, "length": utf16_length(command)}
        ]
    if mention:
        handle, at = f"@{mention}".casefold(), 0
        while (at := text.casefold().find(handle, at)) >= 0:
            entity = {
                "type": "mention",
                "offset": utf16_length(text[:at]),
                "length": utf16_length(text[at : at + len(handle)]),
            }
            message.setdefault("entities", []).append(entity)
            at += len(handle)
    if reply_to_bot:
        message["reply_to_message"] = {
            "message_id": max(message_id - 1, 1),
            "date": int(time.time()),
            "chat": chat(chat_id, chat_type),
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Myeloma Words"},
            "text": "…",
        }
    return {"message": message}


def callback_update(
    data: str,
    *,
    chat_id: int = 1001,
    user_id: int | None = None,
    message_id: int = 1,
    query_id: str = "q1",
    quoted: str | None = None,
) -> dict[str, Any]:
    """A press on one of the bot's buttons, under the bot's message `message_id` (which
    quotes the person's message `quoted`, when given, as a reply does)."""
    update: dict[str, Any] = {
        "callback_query": {
            "id": query_id,
            "from": user(user_id if user_id is not None else abs(chat_id)),
            "chat_instance": f"ci{chat_id}",
            "data": data,
            "message": {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": chat(chat_id, "private" if chat_id > 0 else "supergroup"),
                "from": {"id": BOT_ID, "is_bot": True, "first_name": "Myeloma Words"},
                "text": "…",
            },
        }
    }
    if quoted is not None:
        update["callback_query"]["message"]["reply_to_message"] = {
            "message_id": max(message_id - 1, 1),
            "date": int(time.time()),
            "chat": chat(chat_id, "private" if chat_id > 0 else "supergroup"),
            "from": user(user_id if user_id is not None else abs(chat_id)),
            "text": quoted,
        }
    return update


def inline_update(query: str, *, user_id: int = 1001, query_id: str = "iq1") -> dict[str, Any]:
    return {
        "inline_query": {
            "id": query_id,
            "from": user(user_id),
            "query": query,
            "offset": "",
            "chat_type": "supergroup",
        }
    }
