"""What handlers need, put in `bot_data` once at build time and read through one accessor."""

from __future__ import annotations

from dataclasses import dataclass

from telegram.ext import Application, ContextTypes

from bot.config import Settings
from bot.content import Content
from bot.glossary import Glossary
from bot.render import Catalogue

_KEY = "deps"


@dataclass(frozen=True)
class Deps:
    settings: Settings
    content: Content
    glossary: Glossary
    replies: Catalogue


def install(application: Application, deps: Deps) -> None:
    application.bot_data[_KEY] = deps


def deps(context: ContextTypes.DEFAULT_TYPE) -> Deps:
    return context.bot_data[_KEY]


def deps_of(application: Application) -> Deps:
    return application.bot_data[_KEY]
