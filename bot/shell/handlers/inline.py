"""Inline mode: `@bot refractory` in any chat shares a short definition."""

from __future__ import annotations

from collections.abc import Mapping

from telegram import (
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot.core.answer import Asked, Where
from bot.core.render_inline import InlineItem
from bot.shell.deps import deps
from bot.shell.markup import keyboard

CACHE_SECONDS = 300
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


async def inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Offer matching terms (or the care team, for a clinical question) to share."""
    query = update.inline_query
    if query is None:
        return
    d = deps(context)
    found = d.answers.answer_text(query.query, Where(Asked.INLINE))
    assert found.inline is not None and found.verdict is not None
    d.triage_counts[found.verdict.label] += 1
    answer = found.inline
    results = [d.articles.get(item.id) or article(item) for item in answer.items]
    button = (
        InlineQueryResultsButton(
            text=d.content.messages["inline_open_bot"], start_parameter="inline"
        )
        if answer.open_bot
        else None
    )
    await query.answer(results, cache_time=CACHE_SECONDS, is_personal=False, button=button)


def article(item: InlineItem) -> InlineQueryResultArticle:
    return InlineQueryResultArticle(
        id=item.id,
        title=item.title,
        description=item.description,
        # said here, not left to the bot's defaults: filling those in costs every answer
        input_message_content=InputTextMessageContent(
            item.reply.html, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW
        ),
        reply_markup=keyboard(item.reply),
    )


def articles(items: Mapping[str, InlineItem]) -> dict[str, InlineQueryResultArticle]:
    """Telegram objects are immutable: one per result serves every query that shows it."""
    return {item_id: article(item) for item_id, item in items.items()}
