"""Every handler, registered in one place, top to bottom."""

from __future__ import annotations

from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.handlers import errors, fallback, glossary


def register(application: Application) -> None:
    # Glossary commands. /start with a deep-link payload ("define_<id>") is handled by the
    # same callback as plain /start.
    application.add_handler(CommandHandler("start", glossary.start))
    application.add_handler(CommandHandler("help", glossary.help_command))
    application.add_handler(CommandHandler("define", glossary.define))
    application.add_handler(CommandHandler("terms", glossary.terms))
    application.add_handler(CommandHandler("compare", glossary.compare))

    # Presses on our inline buttons, including forged or stale ones.
    application.add_handler(CallbackQueryHandler(glossary.button))

    # Last: anything else said to the bot in a private chat.
    private = filters.ChatType.PRIVATE
    application.add_handler(MessageHandler(private & filters.COMMAND, fallback.unknown_command))
    application.add_handler(
        MessageHandler(
            private & filters.TEXT & ~filters.COMMAND & filters.UpdateType.MESSAGE,
            fallback.free_text,
        )
    )

    application.add_error_handler(errors.error_handler)
