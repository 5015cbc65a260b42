"""The bench's bare bot (bench/like_for_like.py) sends exactly the requests our bot sends:
otherwise its comparison would not be like for like."""

from __future__ import annotations

from bench.like_for_like import DEFINE_TERMS, INLINE_QUERIES, bare_application
from bot.core.content import Content
from bot.fake_telegram.harness import RunningBot, start_application, stop_application
from bot.fake_telegram.server import FakeBotApi
from bot.fake_telegram.updates import inline_update, message_update


def _updates() -> list[dict]:
    defines = [
        message_update(f"/define {term}", chat_id=5_000 + i, message_id=i + 1)
        for i, term in enumerate(DEFINE_TERMS)
    ]
    inline = [
        inline_update(query, user_id=6_000 + i, query_id=f"q{i}")
        for i, query in enumerate(INLINE_QUERIES)
    ]
    return defines + inline


def _sent(api: FakeBotApi) -> list[tuple[str, dict]]:
    answers = ("sendMessage", "answerInlineQuery")
    return sorted(
        ((c.method, c.params) for c in api.calls if c.method in answers),
        key=lambda call: str(call),
    )


async def test_the_bare_bot_sends_our_bytes(bot: RunningBot, api: FakeBotApi, content: Content):
    for update in _updates():
        bot.push(update)
    await bot.settle()
    ours = _sent(api)
    await bot.stop()
    assert len(ours) == len(DEFINE_TERMS) + len(INLINE_QUERIES)

    api.calls.clear()
    bare = bare_application(api.token, api.base_url, api.username, content)
    await start_application(bare)
    assert bare.updater is not None
    await bare.updater.start_polling(poll_interval=0, timeout=5)
    for update in _updates():
        api.push(update)
    await api.wait_fetched(api.last_update_id, 10)
    await api.wait_for("sendMessage", len(DEFINE_TERMS))
    await api.wait_for("answerInlineQuery", len(INLINE_QUERIES))
    await stop_application(bare)
    assert _sent(api) == ours
