"""Updates from different chats are handled at once; one chat's updates stay in order."""

from __future__ import annotations

from bot.fake_telegram.harness import RunningBot
from bot.fake_telegram.server import FakeBotApi
from bot.fake_telegram.updates import message_update


def chat_of(call) -> int:
    return call.params["chat_id"]


async def test_one_chat_in_order_other_chats_not_held_up(bot: RunningBot, api: FakeBotApi):
    # Chat A's first reply is slow to be answered. Its second update must wait for it;
    # chat B must not.
    api.fail("sendMessage", kind="delay", delay=0.3)
    bot.push(message_update("/define relapsed", chat_id=1, message_id=1))
    bot.push(message_update("/help", chat_id=1, message_id=2))
    bot.push(message_update("/compare", chat_id=2, message_id=3))
    await bot.settle()
    sent = [(chat_of(c), c.params["text"]) for c in api.requests("sendMessage")]
    a = [text for chat, text in sent if chat == 1]
    assert a[0].startswith("<b>Relapsed") and a[1].startswith("<b>What I can")
    assert [chat for chat, _ in sent] == [2, 1, 1]  # B was answered while A's reply was pending


async def test_a_flood_from_one_chat_holds_one_slot_only(bot: RunningBot, api: FakeBotApi):
    for i in range(39):  # just under the flood limit
        bot.push(message_update("/help", chat_id=7, message_id=i + 1))
    bot.push(message_update("/help", chat_id=8, message_id=99))
    await bot.settle()
    order = [chat_of(c) for c in api.requests("sendMessage")]
    assert order.count(7) == 39 and order.count(8) == 1
    assert order.index(8) < 38  # chat 8 did not wait for chat 7's whole backlog


async def test_many_chats_each_in_order(bot: RunningBot, api: FakeBotApi):
    commands = ["/define relapsed", "/help", "/compare", "/terms"]
    expected = ["<b>Relapsed", "<b>What I can", "<b>Relapsed or", "<b>Words I can"]
    for round_ in range(len(commands)):
        for chat_id in range(100, 140):
            bot.push(message_update(commands[round_], chat_id=chat_id, message_id=round_ + 1))
    await bot.settle()
    for chat_id in range(100, 140):
        texts = [c.params["text"] for c in api.requests("sendMessage") if chat_of(c) == chat_id]
        assert [t[: len(e)] for t, e in zip(texts, expected, strict=True)] == expected
