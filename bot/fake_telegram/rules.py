"""What the Bot API refuses with a 400: the fake server applies these, so a bug that would
fail in production fails a test instead. Pure."""

from __future__ import annotations

import re
from typing import Any

from bot.core.telegram_html import MAX_CALLBACK_DATA_BYTES, parse, utf16_length

_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")
_BUTTON_KINDS = (
    "callback_data",
    "url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "copy_text",
)


def refusal(method: str, p: dict[str, Any]) -> str | None:
    """Why the Bot API would answer this call with a 400, or None if it would accept it."""
    if method in ("sendMessage", "editMessageText"):
        return _text_refusal(p.get("text"), p.get("parse_mode")) or _markup_refusal(
            p.get("reply_markup")
        )
    if method == "answerInlineQuery":
        return _inline_refusal(p.get("results"))
    if method == "answerCallbackQuery" and len(p.get("text") or "") > 200:
        return "MESSAGE_TOO_LONG"
    if method == "setMyCommands":
        commands = p.get("commands") or []
        if len(commands) > 100:
            return "too many commands"
        for c in commands:
            if not _COMMAND.match(c.get("command", "")):
                return "BOT_COMMAND_INVALID"
            if not 1 <= len(c.get("description", "")) <= 256:
                return "command description must be 1-256 characters"
    if method == "setMyShortDescription" and len(p.get("short_description") or "") > 120:
        return "short description is too long"
    if method == "setMyDescription" and len(p.get("description") or "") > 512:
        return "description is too long"
    return None


def _text_refusal(text: Any, parse_mode: Any) -> str | None:
    if not isinstance(text, str) or not text.strip():
        return "message text is empty"
    if parse_mode == "HTML":
        parsed = parse(text)
        if parsed.errors:
            return f"can't parse entities: {parsed.errors[0]}"
        return None
    if utf16_length(text.strip()) > 4096:
        return "message is too long"
    return None


def _markup_refusal(markup: Any) -> str | None:
    if not markup:
        return None
    if not isinstance(markup, dict):
        return "reply markup is not an object"
    for row in markup.get("inline_keyboard", []):
        for button in row:
            if not str(button.get("text", "")).strip():
                return "button text is empty"
            kinds = [k for k in _BUTTON_KINDS if k in button]
            if len(kinds) != 1:
                return "BUTTON_TYPE_INVALID"
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= MAX_CALLBACK_DATA_BYTES:
                return "BUTTON_DATA_INVALID"
            copy = button.get("copy_text")
            if copy is not None and not (
                isinstance(copy, dict) and 1 <= len(str(copy.get("text") or "")) <= 256
            ):
                return "BUTTON_COPY_TEXT_INVALID"
            url = button.get("url")
            if url is not None and not re.match(r"^(https?|tg)://\S+$", str(url)):
                return "BUTTON_URL_INVALID"
    return None


def _inline_refusal(results: Any) -> str | None:
    if not isinstance(results, list):
        return "results must be a list"
    if len(results) > 50:
        return "RESULTS_TOO_MUCH"
    ids = [str(r.get("id", "")) for r in results]
    if any(not 1 <= len(i.encode()) <= 64 for i in ids) or len(set(ids)) != len(ids):
        return "RESULT_ID_INVALID"
    for r in results:
        content = r.get("input_message_content") or {}
        problem = _text_refusal(content.get("message_text"), content.get("parse_mode"))
        problem = problem or _markup_refusal(r.get("reply_markup"))
        if problem:
            return problem
    return None
