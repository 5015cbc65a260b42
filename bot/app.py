"""The one way in: `build_application(settings, content)` is what the bot, the demo, the
tests and the bench all call; only the settings differ."""

from __future__ import annotations

import logging

from telegram import (
    BotCommand,
    BotCommandScopeAllChatAdministrators,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    LinkPreviewOptions,
)
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, Defaults

from bot import handlers
from bot.config import Settings
from bot.content import Content
from bot.deps import Deps, deps_of, install
from bot.glossary import Glossary
from bot.processor import ChatOrderedProcessor
from bot.render import build_catalogue

log = logging.getLogger(__name__)

# Which commands each kind of chat sees in its menu.
PRIVATE_COMMANDS = ("define", "terms", "compare", "help", "start")
GROUP_COMMANDS = ("define", "terms", "compare", "help")


def build_application(settings: Settings, content: Content) -> Application:
    builder = (
        ApplicationBuilder()
        .token(settings.token.reveal())
        .base_url(settings.api_base_url)
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .concurrent_updates(ChatOrderedProcessor(settings.concurrent_updates))
        .post_init(post_init)
    )
    if settings.rate_limiter:
        # Telegram allows about 30 messages a second per bot and 20 a minute per group.
        builder = builder.rate_limiter(AIORateLimiter(max_retries=2))
    application = builder.build()
    glossary = Glossary(content.terms, content.ignore_words, content.featured)
    replies = build_catalogue(content, glossary.featured)
    install(
        application, Deps(settings=settings, content=content, glossary=glossary, replies=replies)
    )
    handlers.register(application)
    return application


async def post_init(application: Application) -> None:
    """Set the command menus and descriptions; a failure here is logged, never fatal."""
    messages = deps_of(application).content.messages

    def commands(names: tuple[str, ...]) -> list[BotCommand]:
        return [BotCommand(name, messages.commands[name]) for name in names]

    bot = application.bot
    steps = (
        (
            "private_commands",
            bot.set_my_commands(
                commands(PRIVATE_COMMANDS), scope=BotCommandScopeAllPrivateChats()
            ),
        ),
        (
            "group_commands",
            bot.set_my_commands(commands(GROUP_COMMANDS), scope=BotCommandScopeAllGroupChats()),
        ),
        (
            "admin_commands",
            bot.set_my_commands(
                commands(GROUP_COMMANDS), scope=BotCommandScopeAllChatAdministrators()
            ),
        ),
        ("short_description", bot.set_my_short_description(messages["short_description"])),
        ("description", bot.set_my_description(messages["description"])),
    )
    for name, step in steps:
        try:
            await step
        except TelegramError as exc:
            log.warning("setup_step_failed step=%s error=%s", name, type(exc).__name__)
