"""/stats for the bot's admins (BOT_ADMIN_IDS): counts only, no personal data."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.core.render import Reply
from bot.shell.deps import deps
from bot.shell.handlers.reply import send


async def stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the counts to an admin; anyone else gets the ordinary unknown-command reply."""
    d = deps(context)
    user = update.effective_user
    if user is None or user.id not in d.settings.admin_ids:
        await send(update, context, d.replies.messages["unknown_command"])
        return
    counts = await d.store.stats(d.clock.now().date())
    labels = d.triage_counts
    text = d.content.messages["stats"].format(
        subscribed=counts["subscribed"],
        paused=counts["paused"],
        sent_today=counts["sent_today"],
        failed_today=counts["failed_today"],
        emergency=labels.get("emergency", 0),
        clinical=labels.get("clinical", 0),
        general=labels.get("general", 0),
    )
    await send(update, context, Reply(text))
