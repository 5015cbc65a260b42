"""Sending a core Reply: its buttons become Telegram's inline keyboard."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.constants import ChatType
from telegram.error import BadRequest, TelegramError
from telegram.ext import ContextTypes

from bot.core.answer import Asked, Where
from bot.core.buttons import Action, Button
from bot.core.content import Term
from bot.core.render import Reply
from bot.core.render_inline import DEEP_LINK_QUESTIONS, DeepLink
from bot.core.triage import Label
from bot.shell.chat_region import chat_region
from bot.shell.deps import deps
from bot.shell.markup import deep_link_for, keyboard
from bot.shell.outcome import worth_retrying

log = logging.getLogger(__name__)

# While Telegram cannot be reached, a reply is tried again for about a minute; each pause
# is short so that a stop (SIGTERM) is never held up for long.
RETRY_PAUSES = (0.5, 1.0, 2.0, 4.0, *(5.0,) * 10)


def deep_link(context: ContextTypes.DEFAULT_TYPE) -> DeepLink:
    return deep_link_for(context.bot.username)


async def send_term(update: Update, context: ContextTypes.DEFAULT_TYPE, term: Term) -> None:
    """The full entry in a private chat; in a group the short one, with a link to the rest."""
    await send(update, context, deps(context).answers.term_reply(term, in_group(update)))


async def answer(
    update: Update, context: ContextTypes.DEFAULT_TYPE, text: str, asked: Asked
) -> None:
    """Send the core's answer to `text`; only its triage label is counted, never the text."""
    d = deps(context)
    found = d.answers.answer_text(text, Where(asked, group=in_group(update)))
    reply = found.reply
    quote = False
    if found.verdict is not None:
        d.triage_counts[found.verdict.label] += 1
        if found.verdict.label is not Label.GENERAL and reply is not None:
            # the urgent and care-team words name the numbers where the person is
            region, _ = await chat_region(update, d, language=False)
            if region is not None:
                reply = d.answers.triage_reply(found.verdict, text, region)
        feelings_only = set(found.verdict.reasons) <= {"feelings"}  # not a question to keep
        if (
            found.verdict.label is Label.CLINICAL
            and reply is not None
            and not in_group(update)
            and not feelings_only
        ):
            # "Add to my questions": the redirect quotes the question, so a tap can keep
            # it then (and only then) without the bot holding the text meanwhile
            save = Button(d.content.messages.buttons["save_question"], Action.QUESTION_SAVE)
            reply = Reply(reply.html, ((save,), *reply.buttons))
            quote = True
        elif found.verdict.label is Label.CLINICAL and reply is not None and in_group(update):
            # in a group, never kept there: a link to a private chat to save it in
            link = deep_link(context)(DEEP_LINK_QUESTIONS)
            private = Button(d.content.messages.buttons["save_in_private"], url=link)
            reply = Reply(reply.html, (*reply.buttons, (private,)))
    if reply is not None:
        await send(update, context, reply, quote=quote)


def in_group(update: Update) -> bool:
    chat = update.effective_chat
    return chat is not None and chat.type != ChatType.PRIVATE


async def send(
    update: Update, context: ContextTypes.DEFAULT_TYPE, reply: Reply, quote: bool = False
) -> None:
    """Answer the message (quoting it in groups, or when asked), or post to the chat of a
    button press."""
    message, chat = update.message, update.effective_chat
    if message is not None:
        do_quote = True if quote else None  # None: python-telegram-bot's default
        await persist(
            context,
            lambda: message.reply_text(
                reply.html, reply_markup=keyboard(reply), do_quote=do_quote
            ),
        )
    elif chat is not None:
        await persist(
            context,
            lambda: context.bot.send_message(chat.id, reply.html, reply_markup=keyboard(reply)),
        )


async def edit(update: Update, context: ContextTypes.DEFAULT_TYPE, reply: Reply) -> None:
    """Put `reply` in place of the message whose button was pressed ("More", "Clinical
    definition", back): the screen does not fill up with copies. A message that can no
    longer be edited gets the reply as a new one."""
    query = update.callback_query
    if query is None or query.message is None:
        await send(update, context, reply)
        return
    try:
        await persist(
            context,
            lambda: query.edit_message_text(reply.html, reply_markup=keyboard(reply)),
        )
    except BadRequest as exc:
        if "not modified" in str(exc).lower():
            return  # pressed twice: it already shows this
        log.info("edit_refused error=BadRequest")
        await send(update, context, reply)


async def persist(
    context: ContextTypes.DEFAULT_TYPE,
    call: Callable[[], Awaitable[object]],
    pauses: tuple[float, ...] = RETRY_PAUSES,
) -> None:
    """Make the send; while it certainly did not happen (Telegram unreachable, or a 5xx),
    try again after a pause. Never after one that may have arrived, and not once the bot
    is stopping."""
    for pause in (*pauses, None):
        try:
            await call()
            return
        except TelegramError as exc:
            if pause is None or not worth_retrying(exc) or not context.application.running:
                raise
            log.warning("reply_retry error=%s pause=%.1f", type(exc).__name__, pause)
        await asyncio.sleep(pause)
