"""Every handler, registered in one place, top to bottom."""

from __future__ import annotations

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.handlers import admin, buttons, errors, fallback, glossary, guard, inline, subscriptions


def register(application: Application) -> None:
    # First of all (group -1): flood control may stop an update before any handler.
    application.add_handler(TypeHandler(Update, guard.flood_guard), group=-1)

    # Glossary commands. /start with a deep-link payload ("define_<id>") is handled by the
    # same callback as plain /start.
    application.add_handler(CommandHandler("start", glossary.start))
    application.add_handler(CommandHandler("help", glossary.help_command))
    application.add_handler(CommandHandler("define", glossary.define))
    application.add_handler(CommandHandler("terms", glossary.terms))
    application.add_handler(CommandHandler("compare", glossary.compare))

    # Daily tips. In groups, the commands that change something are for admins only.
    application.add_handler(CommandHandler("subscribe", subscriptions.subscribe))
    application.add_handler(CommandHandler("timezone", subscriptions.timezone))
    application.add_handler(CommandHandler("unsubscribe", subscriptions.unsubscribe))
    application.add_handler(CommandHandler("pause", subscriptions.pause))
    application.add_handler(CommandHandler("resume", subscriptions.resume))
    application.add_handler(CommandHandler("tip", subscriptions.tip))
    application.add_handler(CommandHandler("settings", subscriptions.settings))
    application.add_handler(CommandHandler("mydata", subscriptions.mydata))
    application.add_handler(CommandHandler("forget", subscriptions.forget))

    # For the bot's admins only; to anyone else it is an unknown command.
    application.add_handler(CommandHandler("stats", admin.stats))

    # Presses on our inline buttons, including forged or stale ones.
    application.add_handler(CallbackQueryHandler(buttons.button))

    # Inline mode: @bot word, in any chat.
    application.add_handler(InlineQueryHandler(inline.inline_query))

    # Last: words said to the bot. Any text in a private chat; in a group only a message
    # that mentions the bot or replies to it (the handler checks it is really us).
    private = filters.ChatType.PRIVATE
    groups = filters.ChatType.GROUPS & (filters.Entity("mention") | filters.REPLY)
    words = filters.TEXT & ~filters.COMMAND & filters.UpdateType.MESSAGE
    application.add_handler(MessageHandler(private & filters.COMMAND, fallback.unknown_command))
    application.add_handler(MessageHandler(words & (private | groups), fallback.free_text))
    # Photos, stickers, voice notes… in a private chat get a kind word. Everything else
    # without text (edits, channel posts, members joining, group media) is ignored.
    media = ~filters.TEXT & ~filters.StatusUpdate.ALL & filters.UpdateType.MESSAGE
    application.add_handler(MessageHandler(private & media, fallback.not_text))

    application.add_error_handler(errors.error_handler)
