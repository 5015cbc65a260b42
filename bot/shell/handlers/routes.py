"""Every handler, registered in one place, top to bottom."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.shell.handlers import (
    admin,
    buttons,
    errors,
    fallback,
    glossary,
    guard,
    inline,
    migration,
    questions,
    regions,
    subscriptions,
)


def command(
    name: str, callback: Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]
) -> CommandHandler:
    # New messages only: an edited "/define relapsed" is not asked again.
    return CommandHandler(name, callback, filters=filters.UpdateType.MESSAGE)


def register(application: Application) -> None:
    # First of all (group -1): flood control may stop an update before any handler.
    application.add_handler(TypeHandler(Update, guard.flood_guard), group=-1)

    # Glossary commands. /start with a deep-link payload ("define_<id>") is handled by the
    # same callback as plain /start.
    application.add_handler(command("start", glossary.start))
    application.add_handler(command("help", glossary.help_command))
    application.add_handler(command("define", glossary.define))
    application.add_handler(command("terms", glossary.terms))
    application.add_handler(command("compare", glossary.compare))

    # Daily tips. In groups, the commands that change something are for admins only.
    application.add_handler(command("subscribe", subscriptions.subscribe))
    application.add_handler(command("timezone", subscriptions.timezone))
    application.add_handler(command("unsubscribe", subscriptions.unsubscribe))
    application.add_handler(command("pause", subscriptions.pause))
    application.add_handler(command("resume", subscriptions.resume))
    application.add_handler(command("tip", subscriptions.tip))
    application.add_handler(command("settings", subscriptions.settings))
    application.add_handler(command("mydata", subscriptions.mydata))
    application.add_handler(command("forget", subscriptions.forget))

    # Where the person is, and people to talk to there (issue 14).
    application.add_handler(command("region", regions.region))
    application.add_handler(command("helplines", regions.helplines))
    application.add_handler(command("questions", questions.questions))
    application.add_handler(command("appointment", questions.appointment))

    # For the bot's admins only; to anyone else it is an unknown command.
    application.add_handler(command("stats", admin.stats))

    # A group became a supergroup: its tips follow it (and never double).
    application.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, migration.migrated))

    # Presses on our inline buttons, including forged or stale ones.
    application.add_handler(CallbackQueryHandler(buttons.button))

    # Inline mode: @bot word, in any chat.
    application.add_handler(InlineQueryHandler(inline.inline_query))

    # Last: words said to the bot. Any text in a private chat; in a group only a message
    # that mentions the bot or replies to it (the handler checks it is really us).
    private = filters.ChatType.PRIVATE
    groups = filters.ChatType.GROUPS & (filters.Entity("mention") | filters.REPLY)
    words = filters.TEXT & ~filters.COMMAND & filters.UpdateType.MESSAGE
    application.add_handler(
        MessageHandler(
            private & filters.COMMAND & filters.UpdateType.MESSAGE, fallback.unknown_command
        )
    )
    application.add_handler(MessageHandler(words & (private | groups), fallback.free_text))
    # Photos, stickers, voice notes… in a private chat get a kind word. Everything else
    # without text (edits, channel posts, members joining, group media) is ignored.
    media = ~filters.TEXT & ~filters.StatusUpdate.ALL & filters.UpdateType.MESSAGE
    application.add_handler(MessageHandler(private & media, fallback.not_text))

    application.add_error_handler(errors.error_handler)
