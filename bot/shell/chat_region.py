"""Which region a chat is in, or is guessed to be in: read by /region, /helplines and
every urgent reply."""

from __future__ import annotations

from telegram import Update

from bot.core.regions import Region
from bot.core.render_regions import LANGUAGE, ZONE
from bot.shell.deps import Deps


async def chat_region(
    update: Update, d: Deps, *, language: bool = True
) -> tuple[Region | None, str]:
    """The chat's region and, when it is only a guess, what it was guessed from: the time
    zone the chat set, or (when `language`) the person's Telegram language. "Somewhere
    else" is no region. Urgent replies do not take a guess from the language alone: a
    Hindi speaker may well live in Leicester, and a wrong number there costs too much."""
    chat, user = update.effective_chat, update.effective_user
    sub = await d.store.subscription(chat.id) if chat is not None else None
    regions = d.content.regions
    if sub is not None and sub.region:
        return regions.get(sub.region), ""
    if sub is not None:
        found = regions.guess(sub.zone.name, None)
        if found is not None:
            return found, ZONE
    if not language:
        return None, ""
    found = regions.guess(None, user.language_code if user else None)
    return found, LANGUAGE if found else ""
