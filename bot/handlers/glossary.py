"""The glossary commands: /start, /help, /define, /terms, /compare, and button presses."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot import render
from bot.buttons import Action
from bot.deps import deps
from bot.handlers.reply import send

DEEP_LINK_DEFINE = "define_"


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the welcome, or the definition a deep link asked for."""
    d = deps(context)
    payload = context.args[0] if context.args else ""
    if payload.startswith(DEEP_LINK_DEFINE):
        term = d.glossary.get(payload.removeprefix(DEEP_LINK_DEFINE))
        if term is not None:
            await send(update, context, d.replies.terms[term.id])
            return
    await send(update, context, d.replies.welcome)


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the list of commands."""
    await send(update, context, deps(context).replies.messages["help"])


async def define(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the definition of a term, or terms to choose from."""
    d = deps(context)
    query = " ".join(context.args or [])
    if not query.strip():
        await send(update, context, d.replies.define_prompt)
        return
    found = d.glossary.lookup(query)
    if found.term is not None:
        await send(update, context, d.replies.terms[found.term.id])
    else:
        reply = render.render_suggestions(query, found.suggestions, found.near, d.content)
        await send(update, context, reply)


async def terms(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send every term, grouped, as buttons."""
    await send(update, context, deps(context).replies.terms_list)


async def compare(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the relapsed-vs-refractory comparison."""
    await send(update, context, deps(context).replies.comparison)


async def glossary_button(
    update: Update, context: ContextTypes.DEFAULT_TYPE, action: Action, arg: str
) -> None:
    """Show what a glossary button names; a term that no longer exists has expired."""
    query = update.callback_query
    assert query is not None
    d = deps(context)
    term = d.glossary.get(arg) if arg else None
    if action in (Action.DEFINE, Action.CLINICAL) and term is None:
        await query.answer(d.content.messages["button_expired"])
        return
    await query.answer()
    if action is Action.DEFINE and term is not None:
        reply = d.replies.terms[term.id]
    elif action is Action.CLINICAL and term is not None:
        reply = d.replies.clinical.get(term.id, d.replies.terms[term.id])
    elif action is Action.COMPARE:
        reply = d.replies.comparison
    else:
        reply = d.replies.terms_list
    await send(update, context, reply)
