"""The glossary commands: /start, /help, /define, /terms, /compare, and button presses."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.core.answer import Asked
from bot.core.buttons import Action
from bot.core.render import Reply, topic_page
from bot.core.render_inline import DEEP_LINK_COMPARE, DEEP_LINK_DEFINE, DEEP_LINK_QUESTIONS
from bot.shell.deps import deps
from bot.shell.handlers.reply import answer, edit, send, send_term

IN_PLACE = {Action.MORE, Action.LESS, Action.CLINICAL}  # a term's other views, by edit


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the welcome, or what a deep link asked for (a definition, the comparison)."""
    d = deps(context)
    payload = context.args[0] if context.args else ""
    if payload.startswith(DEEP_LINK_DEFINE):
        term = d.glossary.get(payload.removeprefix(DEEP_LINK_DEFINE))
        if term is not None:
            await send(update, context, d.replies.terms[term.id])
            return
    if payload == DEEP_LINK_COMPARE:
        await send(update, context, d.replies.comparison)
        return
    if payload == DEEP_LINK_QUESTIONS:  # from a group's redirect: save it here
        await send(update, context, Reply(d.content.messages["questions_start"]))
        return
    await send(update, context, d.replies.welcome)


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the list of commands."""
    await send(update, context, deps(context).replies.messages["help"])


async def define(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send a definition; a question about one's own care goes to the care team instead."""
    await answer(update, context, " ".join(context.args or []), Asked.DEFINE)


async def terms(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the topics; a topic shows its words, in place."""
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
    if (action is Action.DEFINE or action in IN_PLACE) and term is None:
        await query.answer(d.content.messages["button_expired"])
        return
    page = topic_page(d.replies.topics, arg) if action is Action.TOPIC else None
    if action is Action.TOPIC and page is None:
        await query.answer(d.content.messages["button_expired"])
        return
    await query.answer()
    if page is not None or action is Action.TOPICS:
        await edit(update, context, page or d.replies.terms_list)
        return
    if term is not None and action in IN_PLACE:
        replies = {
            Action.MORE: d.replies.full,
            Action.LESS: d.replies.terms,
            Action.CLINICAL: d.replies.clinical,
        }[action]
        await edit(update, context, replies.get(term.id, d.replies.terms[term.id]))
        return
    if action is Action.COMPARE_MORE:
        await edit(update, context, d.replies.comparison_full)
        return
    if action is Action.DEFINE and term is not None:
        await send_term(update, context, term)  # another word: a message of its own
        return
    await send(
        update, context, d.replies.comparison if action is Action.COMPARE else d.replies.terms_list
    )
