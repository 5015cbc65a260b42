"""The one way in: `build_application(settings, content)` is what the bot, the demo, the
tests and the bench all call; only the settings differ."""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter

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
from telegram.request import HTTPXRequest

from bot.core.answer import Answerer
from bot.core.content import Content
from bot.core.flood import FloodGate
from bot.core.glossary import Glossary
from bot.core.render import build_catalogue
from bot.core.render_inline import build_inline_catalogue
from bot.core.schedule import Clock, SystemClock
from bot.core.triage import Triage
from bot.shell.config import Settings
from bot.shell.delivery import Delivery, Scheduler
from bot.shell.deps import Deps, deps_of, install
from bot.shell.handlers import inline as inline_handlers
from bot.shell.handlers.routes import register
from bot.shell.markup import deep_link_for, keyboard
from bot.shell.poison import TolerantBot, UpdatesRequest
from bot.shell.processor import ChatOrderedProcessor
from bot.shell.reminders import Reminders
from bot.shell.store import Store
from bot.shell.vault import Vault

log = logging.getLogger(__name__)

# Which commands each kind of chat sees in its menu.
PRIVATE_COMMANDS = (
    "define",
    "terms",
    "compare",
    "tip",
    "subscribe",
    "timezone",
    "settings",
    "pause",
    "resume",
    "unsubscribe",
    "questions",
    "appointment",
    "mydata",
    "forget",
    "help",
    "start",
)
BOT_CONNECTIONS = 256  # what python-telegram-bot's builder gives the bot's requests
GROUP_COMMANDS = ("define", "terms", "compare", "tip", "help")
ADMIN_COMMANDS = tuple(c for c in PRIVATE_COMMANDS if c != "start")


def build_application(
    settings: Settings, content: Content, clock: Clock | None = None
) -> Application:
    # Telegram allows about 30 messages a second per bot and 20 a minute per group.
    limiter = AIORateLimiter(max_retries=2) if settings.rate_limiter else None
    # An update the library cannot read is skipped, not retried forever (bot.shell.poison).
    bot = TolerantBot(
        settings.token.reveal(),
        base_url=settings.api_base_url,
        defaults=Defaults(
            parse_mode=ParseMode.HTML,
            link_preview_options=LinkPreviewOptions(is_disabled=True),
        ),
        request=HTTPXRequest(connection_pool_size=BOT_CONNECTIONS),
        get_updates_request=UpdatesRequest(),
        rate_limiter=limiter,
    )
    processor = ChatOrderedProcessor(settings.concurrent_updates, settings.max_backlog)
    application = (
        ApplicationBuilder()
        .bot(bot)
        # a bounded backlog: polling waits while this many updates are unfinished
        .update_queue(processor.queue)
        .concurrent_updates(processor)
        .post_init(post_init)
        .post_stop(post_stop)
        .post_shutdown(post_shutdown)
        .build()
    )
    glossary = Glossary.of(content)
    replies = build_catalogue(content, glossary.featured)
    deps = Deps(
        settings=settings,
        content=content,
        glossary=glossary,
        replies=replies,
        clock=clock or SystemClock(),
        tip_order=tuple(t.id for t in content.tips),
        triage=Triage(content.triage),
        triage_counts=Counter(),
        flood=FloodGate(),
        vault=Vault.of(settings.data_key),
    )
    install(application, deps)
    register(application)
    return application


async def post_init(application: Application) -> None:
    """Open the store, start the tip scheduler, set the menus (failures there only warn)."""
    d = deps_of(application)
    store = await Store.open(d.settings.db_path, d.settings.migrations_dir)
    released = await store.release_claims()
    if released:
        # claimed before a crash: they may have been sent, so they count as sent
        log.info("delivery_claims_closed_as_maybe_sent count=%d", released)
    delivery = Delivery(
        store, application.bot, d.replies.tips, d.tip_order, d.clock, markup=keyboard
    )
    delivery.reminders = Reminders(store, application.bot, d.content, d.vault, markup=keyboard)
    scheduler = Scheduler(delivery) if d.settings.scheduler else None
    link = deep_link_for(application.bot.username)
    inline = build_inline_catalogue(d.content, link)
    install(
        application,
        dataclasses.replace(
            d,
            store=store,
            delivery=delivery,
            scheduler=scheduler,
            inline=inline,
            answers=Answerer(d.content, d.glossary, d.triage, d.replies, inline, link),
            articles=inline_handlers.articles(inline),
        ),
    )
    if scheduler is not None:
        scheduler.start()
    await set_menus(application)


async def post_stop(application: Application) -> None:
    """Stop the scheduler while the bot can still finish a send in flight."""
    scheduler = deps_of(application).scheduler
    if scheduler is not None:
        await scheduler.stop()


async def post_shutdown(application: Application) -> None:
    store = deps_of(application).store
    if store is not None:
        await store.close()


async def set_menus(application: Application) -> None:
    """Set the command menus and descriptions; a failure here is logged, never fatal."""
    messages = deps_of(application).content.messages

    def commands(names: tuple[str, ...]) -> list[BotCommand]:
        return [BotCommand(name, messages.commands[name]) for name in names]

    bot = application.bot
    steps = (
        ("private_commands", commands(PRIVATE_COMMANDS), BotCommandScopeAllPrivateChats()),
        ("group_commands", commands(GROUP_COMMANDS), BotCommandScopeAllGroupChats()),
        ("admin_commands", commands(ADMIN_COMMANDS), BotCommandScopeAllChatAdministrators()),
    )
    calls = [(name, bot.set_my_commands(cmds, scope=scope)) for name, cmds, scope in steps]
    calls.append(
        ("short_description", bot.set_my_short_description(messages["short_description"]))
    )
    calls.append(("description", bot.set_my_description(messages["description"])))
    for name, call in calls:
        try:
            await call
        except TelegramError as exc:
            log.warning("setup_step_failed step=%s error=%s", name, type(exc).__name__)


async def start_application(application: Application) -> None:
    """What run_polling does before polling: initialize, post_init, start."""
    await application.initialize()
    if application.post_init:
        await application.post_init(application)
    await application.start()


async def stop_application(application: Application) -> None:
    """What run_polling does at the end: stop polling and the application, then shut down
    (post_stop and post_shutdown included, or the store stays open)."""
    if application.updater is not None and application.updater.running:
        await application.updater.stop()
    if application.running:
        await application.stop()
        if application.post_stop:
            await application.post_stop(application)
    await application.shutdown()
    if application.post_shutdown:
        await application.post_shutdown(application)
