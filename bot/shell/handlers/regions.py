"""/region and /helplines, the region buttons, and the region an urgent reply names."""

from __future__ import annotations

import dataclasses

from telegram import Update
from telegram.ext import ContextTypes

from bot.core.regions import OTHER
from bot.core.render_regions import (
    render_helplines,
    render_region_menu,
    render_region_not_found,
    render_region_set,
)
from bot.core.schedule import Subscription
from bot.shell.chat_region import chat_region
from bot.shell.deps import deps
from bot.shell.handlers.reply import send
from bot.shell.handlers.subscriptions import may_change


async def region(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show the chat's region (or a guess) with every region to tap, or set the one typed."""
    d = deps(context)
    typed = " ".join(context.args or []).strip()
    if not typed:
        found, guessed = await chat_region(update, d)
        await send(update, context, render_region_menu(d.content, found, guessed))
        return
    chosen = d.content.regions.find(typed)
    is_other = typed.casefold() in {OTHER, "none", "elsewhere", "somewhere else"}
    if chosen is None and not is_other:
        await send(update, context, render_region_not_found(d.content, typed))
        return
    await set_region(update, context, chosen.id if chosen else OTHER)


async def helplines(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Nurse lines, helplines and groups where the person is."""
    d = deps(context)
    found, guessed = await chat_region(update, d)
    await send(update, context, render_helplines(d.content, found, guessed))


async def set_region(update: Update, context: ContextTypes.DEFAULT_TYPE, region_id: str) -> None:
    """Keep the region like the time zone (in a group, only an admin may change it)."""
    d = deps(context)
    if not await may_change(update, context):
        return
    chosen = d.content.regions.get(region_id)
    if chosen is None and region_id != OTHER:
        return  # a button for a region that has since left the content
    chat = update.effective_chat
    assert chat is not None
    sub = await d.store.subscription(chat.id) or Subscription(chat_id=chat.id, chat_type=chat.type)
    await d.store.save(dataclasses.replace(sub, region=region_id))
    await send(update, context, render_region_set(d.content, chosen))
