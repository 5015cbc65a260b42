"""A group that became a supergroup: its subscription follows it as soon as Telegram
says so (the service message in the old group or the new one), not only when a tip
delivery fails."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ContextTypes

from bot.shell.deps import deps

log = logging.getLogger(__name__)


async def migrated(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None:
        return
    if message.migrate_to_chat_id:  # said in the old group
        old, new = message.chat_id, message.migrate_to_chat_id
    elif message.migrate_from_chat_id:  # said in the new supergroup
        old, new = message.migrate_from_chat_id, message.chat_id
    else:
        return
    store = deps(context).store
    if await store.subscription(old) is None:
        return
    merged = await store.move_chat(old, new)
    log.info("chat_migrated merged=%d", int(merged))
