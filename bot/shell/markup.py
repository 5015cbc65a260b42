"""A core Reply's buttons as Telegram's inline keyboard, and deep links to the bot."""

from __future__ import annotations

import functools

from telegram import CopyTextButton, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.helpers import create_deep_linked_url

from bot.core.buttons import Button
from bot.core.render import Reply
from bot.core.render_inline import DeepLink


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    return _markup(reply.buttons) if reply.buttons else None


@functools.lru_cache(maxsize=1024)
def _markup(rows: tuple[tuple[Button, ...], ...]) -> InlineKeyboardMarkup:
    # Telegram objects are immutable, so one keyboard can serve every reply that shows it.
    return InlineKeyboardMarkup([[_button(b) for b in row] for row in rows])


def _button(b: Button) -> InlineKeyboardButton:
    if b.copy is not None:
        return InlineKeyboardButton(b.label, copy_text=CopyTextButton(b.copy))
    return InlineKeyboardButton(b.label, callback_data=b.data, url=b.url)


def deep_link_for(username: str) -> DeepLink:
    """start payload -> https://t.me/<username>?start=<payload>"""
    return lambda payload: create_deep_linked_url(username, payload)
