"""What handlers need, put in `bot_data` once and read through one accessor.

The store and the delivery exist only once the application runs (they are opened in its
own event loop, in post_init); until then they are None.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from telegram import InlineQueryResultArticle
from telegram.ext import Application, ContextTypes

from bot.core.answer import Answerer
from bot.core.content import Content
from bot.core.flood import FloodGate
from bot.core.glossary import Glossary
from bot.core.render import Catalogue
from bot.core.render_inline import InlineItem
from bot.core.schedule import Clock
from bot.core.triage import Triage
from bot.shell.config import Settings
from bot.shell.vault import Vault

if TYPE_CHECKING:
    from bot.shell.delivery import Delivery, Scheduler
    from bot.shell.store import Store

_KEY = "deps"


@dataclass(frozen=True)
class Deps:
    settings: Settings
    content: Content
    glossary: Glossary
    replies: Catalogue
    clock: Clock
    tip_order: tuple[str, ...]
    triage: Triage
    triage_counts: Counter[str]  # labels only: nothing a person typed is kept
    flood: FloodGate
    store: Store = None  # type: ignore[assignment]  # set in post_init
    delivery: Delivery | None = None
    scheduler: Scheduler | None = None
    # Inline results and short group replies, built in post_init (they need the username),
    # with the Telegram objects for each result made once too.
    inline: Mapping[str, InlineItem] = field(default_factory=dict)
    articles: Mapping[str, InlineQueryResultArticle] = field(default_factory=dict)
    # Every text a person sends is answered by this one core object (post_init too).
    answers: Answerer = None  # type: ignore[assignment]
    # Seals saved questions (BOT_DATA_KEY); None when the operator has not set a key.
    vault: Vault | None = None


def install(application: Application, deps: Deps) -> None:
    application.bot_data[_KEY] = deps


def deps(context: ContextTypes.DEFAULT_TYPE) -> Deps:
    return context.bot_data[_KEY]


def deps_of(application: Application) -> Deps:
    return application.bot_data[_KEY]
