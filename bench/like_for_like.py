"""A bare python-telegram-bot bot that sends exactly our bytes, built once at start.

For each query of the bench workloads it holds the answer our bot gives: the same text,
keyboard, parse mode and link-preview options for `/define`; the same results, cache
time, personal flag and "open the bot" button for inline queries. Its handlers only look
the answer up and send it, so what our bot spends beyond it is what our code costs.
`tests/test_bench.py` checks, against the fake Bot API, that both send the same requests.
"""

from __future__ import annotations

from typing import Any

from telegram import (
    InlineQueryResultsButton,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
)

from bot.core.answer import Answerer, Asked, Where
from bot.core.content import Content, name_key
from bot.core.glossary import Glossary
from bot.core.render import build_catalogue
from bot.core.render_inline import build_inline_catalogue
from bot.core.triage import Triage
from bot.shell.handlers.inline import CACHE_SECONDS, article, articles
from bot.shell.markup import deep_link_for, keyboard

# What people send: words to define, and inline queries (prefixes, typos, the
# comparison, an empty query, a clinical question, nothing found).
DEFINE_TERMS = ("relapsed", "refractory", "remission", "m spike", "plasma cell")
INLINE_QUERIES = (
    "refr",
    "relapsed",
    "remision",
    "",
    "compare",
    "plasma",
    "rrmm",
    "m spike",
    "should I stop dex",
    "xyz",
)
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


def distinct_queries(content: Content, count: int) -> tuple[str, ...]:
    """`count` different inline queries, as people type them key by key: every beginning
    of every term's name, three letters or more (Telegram itself caches a repeated
    query, so the bot mostly sees new ones)."""
    names = sorted({name_key(n) for t in content.terms for n in (t.title, *t.aliases)})
    seen: dict[str, None] = {}
    for end in range(3, 60):
        for name in names:
            if len(name) >= end:
                seen.setdefault(name[:end], None)
    queries = tuple(seen)
    return tuple(queries[i % len(queries)] for i in range(count))


def answerer(content: Content, username: str) -> Answerer:
    """The core's answers, built as the bot builds them once it knows its username."""
    glossary = Glossary.of(content)
    link = deep_link_for(username)
    inline = build_inline_catalogue(content, link)
    replies = build_catalogue(content, glossary.featured)
    return Answerer(content, glossary, Triage(content.triage), replies, inline, link)


def define_table(content: Content, username: str) -> dict[str, tuple[str, Any]]:
    """`/define WORD` text -> (HTML, keyboard), as our bot answers it in a private chat."""
    answers = answerer(content, username)
    table = {}
    for term in DEFINE_TERMS:
        reply = answers.answer_text(term, Where(Asked.DEFINE)).reply
        assert reply is not None
        table[term] = (reply.html, keyboard(reply))
    return table


def inline_table(
    content: Content, username: str, queries: tuple[str, ...] = INLINE_QUERIES
) -> dict[str, tuple[list[Any], Any]]:
    """Inline query -> (results, button), as our bot answers it."""
    answers = answerer(content, username)
    made = articles(answers.inline)
    table = {}
    for query in dict.fromkeys(queries):
        found = answers.answer_text(query, Where(Asked.INLINE)).inline
        assert found is not None
        results = [made.get(item.id) or article(item) for item in found.items]
        button = (
            InlineQueryResultsButton(
                text=content.messages["inline_open_bot"], start_parameter="inline"
            )
            if found.open_bot
            else None
        )
        table[query] = (results, button)
    return table


def bare_application(
    token: str,
    base_url: str,
    username: str,
    content: Content,
    concurrency: int = 1,
    queries: tuple[str, ...] = INLINE_QUERIES,
) -> Application:
    """A bare bot answering both workloads with our answers, looked up by the query."""
    app = ApplicationBuilder().token(token).base_url(base_url).concurrent_updates(concurrency)
    application = app.build()
    defines = define_table(content, username)
    inlines = inline_table(content, username, queries)

    async def define(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None and update.message.text is not None
        html, markup = defines[update.message.text.partition(" ")[2]]
        await update.message.reply_text(
            html, reply_markup=markup, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW
        )

    async def inline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.inline_query is not None
        results, button = inlines[update.inline_query.query]
        await update.inline_query.answer(
            results, cache_time=CACHE_SECONDS, is_personal=False, button=button
        )

    application.add_handler(CommandHandler("define", define))
    application.add_handler(InlineQueryHandler(inline))
    return application
