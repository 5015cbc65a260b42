"""Every press on one of our inline buttons comes here and goes to its feature."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.core.buttons import Action, decode
from bot.shell.deps import deps
from bot.shell.handlers import glossary, questions, regions, subscriptions

GLOSSARY_ACTIONS = {
    Action.DEFINE,
    Action.CLINICAL,
    Action.MORE,
    Action.LESS,
    Action.COMPARE,
    Action.COMPARE_MORE,
    Action.TERMS,
    Action.TOPIC,
    Action.TOPICS,
}

QUESTION_ACTIONS = {
    Action.QUESTION_SAVE,
    Action.QUESTION_TERM,
    Action.QUESTION_DELETE,
    Action.QUESTIONS,
    Action.QUESTIONS_PLAIN,
    Action.QUESTIONS_CLEAR,
    Action.QUESTIONS_CLEAR_YES,
}


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a press on one of our buttons; anything we did not make has expired."""
    query = update.callback_query
    if query is None:
        return
    decoded = decode(query.data)
    if decoded is None or update.effective_chat is None:
        await query.answer(deps(context).content.messages["button_expired"])
        return
    action, arg = decoded
    if action in QUESTION_ACTIONS:
        await questions.question_button(update, context, action, arg)
    elif action in GLOSSARY_ACTIONS:
        await glossary.glossary_button(update, context, action, arg)
    elif action is Action.REGION:
        await query.answer()
        await regions.set_region(update, context, arg)
    elif action is Action.HELPLINES:
        await query.answer()
        await regions.helplines(update, context)
    else:
        await query.answer()
        await subscriptions.tip_button(update, context, action, arg)
