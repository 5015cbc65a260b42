"""Daily tips end to end: the commands through the fake Bot API, and deliveries run with
an injected clock (no test sleeps)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.buttons import Action, encode
from bot.core.content import Content
from bot.core.schedule import Subscription, Zone
from bot.fake_telegram.harness import RunningBot
from bot.fake_telegram.server import FakeBotApi
from bot.fake_telegram.updates import message_update
from tests.helpers import Conversation, FakeClock, buttons, labels

GROUP = -100777


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


def text_of(calls: list) -> str:
    sent = [c for c in calls if c.method == "sendMessage"]
    assert len(sent) == 1, [c.method for c in calls]
    return sent[0].params["text"]


async def tips_sent(api: FakeBotApi, chat_id: int) -> list[str]:
    return [t for t in api.sent_texts(chat_id) if "Tip of the day" in t]


# -- commands --------------------------------------------------------------------------


async def test_subscribe_confirms_the_first_tip_in_the_persons_words(
    chat: Conversation, clock: FakeClock
):
    clock.set(utc(2026, 11, 29, 7, 0))
    await chat.say("/timezone UTC")  # a zone first: /subscribe asks for one
    text = text_of(await chat.say("/subscribe 8:30"))
    assert "<b>08:30</b> (UTC)" in text and "today at 08:30" in text and "/timezone" in text
    text = text_of(await chat.say("/subscribe 6am"))
    assert "tomorrow at 06:00" in text


async def test_changing_the_time_or_zone_says_changed_not_done_again(
    chat: Conversation, clock: FakeClock, content: Content
):
    clock.set(utc(2026, 11, 29, 7, 0))
    await chat.say("/timezone UTC")
    first = text_of(await chat.say("/subscribe 8:30"))
    assert first.startswith(content.messages["subscribe_ok"].split(" ", 1)[0])
    again = text_of(await chat.say("/subscribe noon"))
    assert again.startswith("Changed") and "<b>12:00</b>" in again and "Done" not in again
    moved = text_of(await chat.say("/timezone Boston"))
    assert moved.startswith("Changed") and "America/New_York" in moved


async def test_subscribe_with_a_time_and_a_city_in_one_go(chat: Conversation, clock: FakeClock):
    clock.set(utc(2026, 11, 29, 7, 0))
    text = text_of(await chat.say("/subscribe 8.30 pm Madrid"))
    assert "<b>20:30</b> (Europe/Madrid)" in text
    sub = await chat.bot.deps.store.subscription(1001)
    assert sub.subscribed and sub.zone.name == "Europe/Madrid"
    assert sub.send_time == dt.time(20, 30)


async def test_subscribe_with_a_city_that_needs_asking_or_is_unknown(chat: Conversation):
    ask = (await chat.say("/subscribe 7pm Birmingham"))[0]
    data = {b["text"]: b["callback_data"] for b in buttons(ask)}
    assert data["London"] == encode(Action.SUBSCRIBE_IN, "1900|Europe/London")
    assert data["Chicago"] == encode(Action.SUBSCRIBE_IN, "1900|America/Chicago")
    unknown = text_of(await chat.say("/subscribe 8 Narnia"))
    assert "Narnia" in unknown
    assert await chat.bot.deps.store.subscription(1001) is None  # nothing kept


async def test_subscribe_defaults_to_nine(chat: Conversation, clock: FakeClock):
    clock.set(utc(2026, 11, 29, 10, 0))
    assert "<b>09:00</b>" in text_of(await chat.say("/subscribe"))


async def test_a_first_subscribe_asks_the_zone_and_a_tap_keeps_the_time(
    chat: Conversation, clock: FakeClock
):
    # 09:00 UTC would be 04:00 in New York: a first /subscribe asks where first
    ask = (await chat.say("/subscribe 8"))[0]
    assert "08:00" in ask.params["text"]
    assert await chat.bot.deps.store.subscription(1001) is None  # nothing kept yet
    data = {b["text"]: b["callback_data"] for b in buttons(ask)}
    assert data["New York"] == encode(Action.SUBSCRIBE_IN, "0800|America/New_York")
    done = await chat.press(data["New York"])
    assert "08:00" in done[-1].params["text"]
    sub = await chat.bot.deps.store.subscription(1001)
    assert sub.subscribed and sub.zone.name == "America/New_York"
    assert sub.send_time == dt.time(8, 0)


async def test_a_first_subscribe_offers_the_zones_of_the_persons_country(chat: Conversation):
    update = message_update("/subscribe 0830")
    update["message"]["from"]["language_code"] = "en-au"
    assert "Perth" in labels((await chat.send(update))[0])


@pytest.mark.parametrize("bad", ["25:99", "tomorrow", "2460", "<b>9</b>"])
async def test_subscribe_with_a_bad_time_shows_what_works(chat: Conversation, bad: str):
    text = text_of(await chat.say(f"/subscribe {bad}"))
    assert "/subscribe 8.30" in text and "noon" in text
    assert await chat.bot.deps.store.subscription(1001) is None  # nothing stored


async def test_timezone_then_subscribe_uses_it(chat: Conversation, clock: FakeClock):
    clock.set(utc(2026, 11, 29, 7, 0))  # 08:00 in Berlin
    assert "Europe/Berlin" in text_of(await chat.say("/timezone europe/berlin"))
    text = text_of(await chat.say("/subscribe 8:30"))
    assert "(Europe/Berlin)" in text and "today at 08:30" in text
    sub = await chat.bot.deps.store.subscription(1001)
    assert sub.next_due == utc(2026, 11, 29, 7, 30)


async def test_timezone_near_miss_offers_buttons_and_a_press_sets_it(chat: Conversation):
    calls = await chat.say("/timezone Europe/Berln")
    assert "Did you mean" in text_of(calls)
    assert labels(calls[0])[0] == "Europe/Berlin"
    press = await chat.press(buttons(calls[0])[0]["callback_data"])
    assert "Europe/Berlin" in press[-1].params["text"]
    assert (await chat.bot.deps.store.subscription(1001)).zone == Zone("Europe/Berlin")


@pytest.mark.parametrize("zone", ["Mars/Base", "UTC+99"])
async def test_unknown_timezone_explains(chat: Conversation, zone: str):
    text = text_of(await chat.say(f"/timezone {zone}"))
    assert "/timezone Europe/London" in text


async def test_timezone_without_a_zone_says_the_current_one(chat: Conversation):
    assert "<b>UTC</b>" in text_of(await chat.say("/timezone"))


async def test_settings_and_mydata_show_what_is_kept(
    chat: Conversation, clock: FakeClock, content: Content
):
    assert "not getting daily tips" in text_of(await chat.say("/settings"))
    assert text_of(await chat.say("/mydata")) == content.messages["mydata_nothing"]
    await chat.say("/timezone UTC+2")
    await chat.say("/subscribe 20:15")
    settings = await chat.say("/settings")
    assert "20:15 (UTC+02:00)" in text_of(settings)
    assert labels(settings[0]) == [
        content.messages.buttons["change_time"],
        content.messages.buttons["unsubscribe"],
    ]
    mine = text_of(await chat.say("/mydata"))
    for shown in ("1001", "private", "20:15", "UTC+02:00", "29 Nov 2026"):
        assert shown in mine


async def test_unsubscribe_stops_at_once_even_a_due_tip(chat: Conversation, clock: FakeClock):
    clock.set(utc(2026, 11, 29, 8, 0))
    await chat.say("/timezone UTC")  # a zone first: /subscribe asks for one
    await chat.say("/subscribe 8:00")  # due right now
    assert "stopped" in text_of(await chat.say("/unsubscribe"))
    await chat.bot.deps.delivery.run_due()
    assert await tips_sent(chat.api, 1001) == []
    assert "isn't getting" in text_of(await chat.say("/unsubscribe"))


async def test_pause_and_resume(chat: Conversation, clock: FakeClock):
    clock.set(utc(2026, 11, 29, 7, 0))
    await chat.say("/timezone UTC")  # a zone first: /subscribe asks for one
    await chat.say("/subscribe 8:00")
    assert "9 Dec 2026" in text_of(await chat.say("/pause 10"))
    assert "Paused until 9 Dec 2026" in text_of(await chat.say("/settings"))
    clock.set(utc(2026, 12, 5, 8, 0))
    await chat.bot.deps.delivery.run_due()
    assert await tips_sent(chat.api, 1001) == []  # paused
    clock.set(utc(2026, 12, 9, 8, 0))
    await chat.bot.deps.delivery.run_due()
    assert len(await tips_sent(chat.api, 1001)) == 1  # restarted by itself
    assert "1 to 60" in text_of(await chat.say("/pause 99"))
    assert "1 to 60" in text_of(await chat.say("/pause ²"))  # isdigit, but not a number
    assert "1 to 60" in text_of(await chat.say("/pause ٣"))
    await chat.say("/pause 2")
    assert "Welcome back" in text_of(await chat.say("/resume"))
    assert "aren't paused" in text_of(await chat.say("/resume"))


async def test_tip_now_does_not_count_as_the_daily_one(
    chat: Conversation, clock: FakeClock, content: Content
):
    clock.set(utc(2026, 11, 29, 7, 0))
    text = text_of(await chat.say("/tip"))
    assert "Tip of the day" in text and text.endswith(content.messages["care_team_pointer"])
    await chat.say("/timezone UTC")  # a zone first: /subscribe asks for one
    await chat.say("/subscribe 8:00")
    first = text_of(await chat.say("/tip"))
    clock.set(utc(2026, 11, 29, 8, 0))
    await chat.bot.deps.delivery.run_due()
    assert (await tips_sent(chat.api, 1001))[-1] == first  # /tip showed what was coming
    assert await chat.bot.deps.store.seen_tips(1001) == {content.tips[0].id}
    assert text_of(await chat.say("/tip")) == first  # after delivery: today's tip, again


async def test_forget_asks_then_deletes_every_row(
    chat: Conversation, clock: FakeClock, content: Content
):
    clock.set(utc(2026, 11, 29, 8, 0))
    await chat.say("/timezone UTC")  # a zone first: /subscribe asks for one
    await chat.say("/subscribe 8:00")
    await chat.bot.deps.delivery.run_due()
    store = chat.bot.deps.store
    assert await store.rows_about(1001) == 3
    confirm = await chat.say("/forget")
    assert await store.rows_about(1001) == 3  # only asked
    data = {b["text"]: b["callback_data"] for b in buttons(confirm[0])}
    await chat.press(data[content.messages.buttons["forget_no"]])
    assert await store.rows_about(1001) == 3
    done = await chat.press(data[content.messages.buttons["forget_yes"]])
    assert done[-1].params["text"] == content.messages["forget_done"]
    assert await store.rows_about(1001) == 0


async def test_the_settings_buttons_work(chat: Conversation, content: Content):
    await chat.say("/timezone UTC")  # a zone first: /subscribe asks for one
    await chat.say("/subscribe 8:00")
    assert "/subscribe 18:30" in (await chat.press(encode(Action.CHANGE_TIME)))[-1].params["text"]
    await chat.press(encode(Action.UNSUBSCRIBE))
    assert not (await chat.bot.deps.store.subscription(1001)).subscribed


# -- groups ------------------------------------------------------------------------------


def group_message(text: str, user_id: int = 55, **kwargs) -> dict:
    return message_update(text, chat_id=GROUP, user_id=user_id, chat_type="supergroup", **kwargs)


async def test_in_groups_only_admins_change_tips(
    chat: Conversation, api: FakeBotApi, content: Content
):
    assert (
        text_of(await chat.send(group_message("/subscribe 9:00")))
        == content.messages["admin_only"]
    )
    assert await chat.bot.deps.store.subscription(GROUP) is None
    api.chat_admins.add((GROUP, 56))
    await chat.send(group_message("/timezone Europe/London", user_id=56))
    assert "09:00" in text_of(await chat.send(group_message("/subscribe 9:00", user_id=56)))
    assert (await chat.bot.deps.store.subscription(GROUP)).chat_type == "supergroup"
    for command in ("/unsubscribe", "/pause 3", "/timezone Europe/Paris", "/forget"):
        assert text_of(await chat.send(group_message(command))) == content.messages["admin_only"]
    assert (await chat.bot.deps.store.subscription(GROUP)).subscribed
    assert "Tip of the day" in text_of(await chat.send(group_message("/tip")))  # anyone may read


async def test_an_anonymous_admin_may_change_tips(chat: Conversation):
    update = group_message("/subscribe 9:00", user_id=1087968824)
    update["message"]["sender_chat"] = {
        "id": GROUP,
        "type": "supergroup",
        "title": "Myeloma support group",
    }
    assert "09:00" in text_of(await chat.send(update))


async def test_a_failing_admin_check_means_no(
    chat: Conversation, api: FakeBotApi, content: Content
):
    api.fail("getChatMember", status=500)
    assert (
        text_of(await chat.send(group_message("/subscribe 9:00")))
        == content.messages["admin_only"]
    )


# -- delivery ----------------------------------------------------------------------------


def all_due(n: int, due: dt.datetime) -> list[Subscription]:
    """Chats 1..n, subscribed, each with a tip due at `due`."""
    return [
        Subscription(
            chat_id=i, chat_type="private", subscribed=True, subscribed_at=due, next_due=due
        )
        for i in range(1, n + 1)
    ]


async def subscribe_direct(
    bot: RunningBot, chat_id: int, at: dt.time, zone: str, due: dt.datetime
) -> None:
    await bot.deps.store.save(
        Subscription(
            chat_id=chat_id,
            chat_type="private",
            zone=Zone(zone),
            send_time=at,
            subscribed=True,
            subscribed_at=due,
            next_due=due,
        )
    )


async def test_one_tip_a_day_at_the_chosen_time_in_rotation(
    bot: RunningBot, api: FakeBotApi, clock: FakeClock, content: Content
):
    clock.set(utc(2026, 11, 29, 7, 0))
    await Conversation(bot).say("/timezone UTC")  # a zone first: /subscribe asks for one
    await Conversation(bot).say("/subscribe 8:30")
    delivery = bot.deps.delivery
    clock.set(utc(2026, 11, 29, 8, 29))
    assert (await delivery.run_due()).get("sent", 0) == 0
    clock.set(utc(2026, 11, 29, 8, 30))
    assert (await delivery.run_due())["sent"] == 1
    clock.set(utc(2026, 11, 29, 23, 0))
    await delivery.run_due()
    assert len(await tips_sent(api, 1001)) == 1  # once a day
    seen = []
    for day in range(len(content.tips) + 2):
        clock.set(utc(2026, 11, 30, 8, 30) + dt.timedelta(days=day))
        await delivery.run_due()
    sent = await tips_sent(api, 1001)
    assert len(sent) == len(content.tips) + 3
    rendered = {bot.deps.replies.tips[t.id].html: t.id for t in content.tips}
    seen = [rendered[t] for t in sent]
    order = [t.id for t in content.tips]
    assert seen[: len(order)] == order  # all before any repeat
    assert seen[len(order) :] == order[:3]  # and the second round starts over, in order


async def test_new_york_nine_oclock_across_both_dst_switches(
    bot: RunningBot, api: FakeBotApi, clock: FakeClock
):
    await subscribe_direct(bot, 42, dt.time(9, 0), "America/New_York", utc(2026, 3, 7, 14, 0))
    sent_at = []
    for day in [
        utc(2026, 3, 7),
        utc(2026, 3, 8),
        utc(2026, 3, 9),
        utc(2026, 10, 31),
        utc(2026, 11, 1),
        utc(2026, 11, 2),
    ]:
        if day.month == 10:  # skip the summer (a gap would count as downtime)
            await bot.deps.store.reschedule(42, utc(2026, 10, 31, 13, 0))
        for minute in range(5 * 60, 29 * 60, 30):  # the scheduler's wake-ups over the New York day
            clock.set(day + dt.timedelta(minutes=minute))
            if (await bot.deps.delivery.run_due()).get("sent"):
                sent_at.append(clock.now())
    assert [t.strftime("%m-%d %H:%M") for t in sent_at] == [
        "03-07 14:00",
        "03-08 13:00",
        "03-09 13:00",
        "10-31 13:00",
        "11-01 14:00",
        "11-02 14:00",
    ]


async def test_after_downtime_todays_tip_comes_and_no_backlog(
    bot: RunningBot, api: FakeBotApi, clock: FakeClock
):
    await subscribe_direct(
        bot, 42, dt.time(9, 0), "UTC", utc(2026, 11, 25, 9, 0)
    )  # down since the 25th
    clock.set(utc(2026, 11, 29, 15, 0))
    assert (await bot.deps.delivery.run_due())["sent"] == 1
    assert len(await tips_sent(api, 42)) == 1
    assert (await bot.deps.store.subscription(42)).next_due == utc(2026, 11, 30, 9, 0)


async def test_after_downtime_before_todays_time_it_waits(
    bot: RunningBot, api: FakeBotApi, clock: FakeClock
):
    await subscribe_direct(bot, 42, dt.time(9, 0), "UTC", utc(2026, 11, 25, 9, 0))
    clock.set(utc(2026, 11, 29, 6, 0))
    assert (await bot.deps.delivery.run_due()).get("sent", 0) == 0
    assert (await bot.deps.store.subscription(42)).next_due == utc(2026, 11, 29, 9, 0)


async def test_forbidden_deactivates(bot: RunningBot, api: FakeBotApi, clock: FakeClock):
    await subscribe_direct(bot, 42, dt.time(9, 0), "UTC", utc(2026, 11, 29, 9, 0))
    clock.set(utc(2026, 11, 29, 9, 0))
    api.fail("sendMessage", status=403, description="Forbidden: bot was blocked by the user")
    assert (await bot.deps.delivery.run_due())["deactivated"] == 1
    sub = await bot.deps.store.subscription(42)
    assert not sub.subscribed and sub.next_due is None


async def test_retry_after_waits_what_was_asked_then_sends(
    bot: RunningBot, api: FakeBotApi, clock: FakeClock
):
    waited: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        waited.append(seconds)

    bot.deps.delivery.sleep = fake_sleep
    await subscribe_direct(bot, 42, dt.time(9, 0), "UTC", utc(2026, 11, 29, 9, 0))
    clock.set(utc(2026, 11, 29, 9, 0))
    api.fail(
        "sendMessage", status=429, description="Too Many Requests: retry after 5", retry_after=5
    )
    assert (await bot.deps.delivery.run_due())["sent"] == 1
    assert waited == [5.0]


@pytest.mark.parametrize(
    "fault",
    [
        dict(status=502, description="Bad Gateway"),
        dict(status=500, description="Internal Server Error"),
    ],
)
async def test_a_send_telegram_refused_is_retried_with_backoff_not_lost(
    bot: RunningBot, api: FakeBotApi, clock: FakeClock, fault: dict
):
    await subscribe_direct(bot, 42, dt.time(9, 0), "UTC", utc(2026, 11, 29, 9, 0))
    clock.set(utc(2026, 11, 29, 9, 0))
    api.fail("sendMessage", times=2, **fault)
    assert (await bot.deps.delivery.run_due())["failed"] == 1
    assert (await bot.deps.store.subscription(42)).next_due == utc(2026, 11, 29, 9, 1)
    clock.set(utc(2026, 11, 29, 9, 1))
    assert (await bot.deps.delivery.run_due())["failed"] == 1
    assert (await bot.deps.store.subscription(42)).next_due == utc(
        2026, 11, 29, 9, 3
    )  # backed off
    clock.set(utc(2026, 11, 29, 9, 3))
    assert (await bot.deps.delivery.run_due())["sent"] == 1
    assert len(await tips_sent(api, 42)) == 1


@pytest.mark.parametrize(
    "fault",
    [
        dict(kind="disconnect"),  # accepted, then the connection dropped before the answer
        dict(kind="bad_json"),  # an answer that could not be read
        dict(kind="timeout", delay=5),  # no answer within the send time-out
    ],
)
async def test_a_send_that_may_have_arrived_is_never_sent_again_that_day(
    bot: RunningBot, api: FakeBotApi, clock: FakeClock, fault: dict
):
    bot.deps.delivery.send_timeout = 0.5  # the real one is 30 s
    await subscribe_direct(bot, 42, dt.time(9, 0), "UTC", utc(2026, 11, 29, 9, 0))
    clock.set(utc(2026, 11, 29, 9, 0))
    api.fail("sendMessage", times=1, **fault)
    assert (await bot.deps.delivery.run_due())["maybe_sent"] == 1
    assert (await bot.deps.store.subscription(42)).next_due == utc(2026, 11, 30, 9, 0)
    for minute in (1, 5, 60):
        clock.set(utc(2026, 11, 29, 9, minute % 60) + dt.timedelta(hours=minute // 60))
        assert not (await bot.deps.delivery.run_due()).get("sent")
    assert len(api.requests("sendMessage")) == 1  # tried once: at most one tip a day
    clock.set(utc(2026, 11, 30, 9, 0))
    assert (await bot.deps.delivery.run_due())["sent"] == 1  # and the next day goes on


async def test_marking_sent_is_retried_on_a_full_disk_and_never_by_sending_again(
    bot: RunningBot, api: FakeBotApi, clock: FakeClock
):
    import sqlite3

    waited: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        waited.append(seconds)

    store = bot.deps.store
    real, failures = store.mark_sent, [2]

    async def full_disk_twice(*args, **kwargs):
        if failures[0]:
            failures[0] -= 1
            raise sqlite3.OperationalError("database or disk is full")
        return await real(*args, **kwargs)

    store.mark_sent = full_disk_twice  # the disk is full twice, then has room again
    bot.deps.delivery.sleep = fake_sleep
    await subscribe_direct(bot, 42, dt.time(9, 0), "UTC", utc(2026, 11, 29, 9, 0))
    clock.set(utc(2026, 11, 29, 9, 0))
    assert (await bot.deps.delivery.run_due())["sent"] == 1
    assert len(waited) == 2 and len(api.requests("sendMessage")) == 1
    assert await store.tip_sent_on(42, dt.date(2026, 11, 29)) is not None


def fail_as_migrated(api: FakeBotApi) -> None:
    """The next send answers that group -42 became supergroup -100042."""
    api.fail(
        "sendMessage",
        status=400,
        description="Bad Request: group chat was upgraded to a supergroup chat",
        migrate_to_chat_id=-100042,
        times=1,
    )


async def test_a_group_that_became_a_supergroup_moves(
    bot: RunningBot, api: FakeBotApi, clock: FakeClock
):
    await subscribe_direct(bot, -42, dt.time(9, 0), "UTC", utc(2026, 11, 29, 9, 0))
    clock.set(utc(2026, 11, 29, 9, 0))
    fail_as_migrated(api)
    assert (await bot.deps.delivery.run_due())["sent"] == 1
    assert len(await tips_sent(api, -100042)) == 1
    assert await bot.deps.store.subscription(-42) is None
    assert (await bot.deps.store.subscription(-100042)).subscribed


async def test_a_migrated_group_that_subscribed_again_gets_one_tip_a_day(
    bot: RunningBot, api: FakeBotApi, clock: FakeClock
):
    await subscribe_direct(bot, -42, dt.time(9, 0), "UTC", utc(2026, 11, 29, 9, 0))
    await subscribe_direct(bot, -100042, dt.time(9, 30), "UTC", utc(2026, 11, 29, 9, 30))
    clock.set(utc(2026, 11, 29, 9, 0))
    fail_as_migrated(api)
    assert (await bot.deps.delivery.run_due())["merged"] == 1  # the old group's is dropped
    assert await bot.deps.store.subscription(-42) is None
    for day in (dt.datetime(2026, 11, 29), dt.datetime(2026, 11, 30), dt.datetime(2026, 12, 1)):
        clock.set(utc(day.year, day.month, day.day, 9, 30))
        await bot.deps.delivery.run_due()
    assert len(await tips_sent(api, -100042)) == 3  # one a day, never two


async def test_the_migration_service_message_moves_the_subscription_at_once(
    bot: RunningBot, clock: FakeClock
):
    import time

    await subscribe_direct(bot, -42, dt.time(9, 0), "UTC", utc(2026, 11, 29, 9, 0))
    bot.push(
        {
            "message": {
                "message_id": 9,
                "date": int(time.time()),
                "chat": {"id": -42, "type": "group", "title": "Myeloma friends"},
                "from": {"id": 7, "is_bot": False, "first_name": "Admin"},
                "migrate_to_chat_id": -100042,
            }
        }
    )
    await bot.settle()
    assert await bot.deps.store.subscription(-42) is None
    assert (await bot.deps.store.subscription(-100042)).subscribed


async def test_overlapping_runs_send_once(
    bot: RunningBot, api: FakeBotApi, clock: FakeClock, content: Content
):
    import asyncio

    from bot.shell.delivery import Delivery

    due = utc(2026, 11, 29, 9, 0)
    await bot.deps.store.save_many(all_due(200, due))
    clock.set(due)
    d = bot.deps
    other = Delivery(d.store, bot.application.bot, d.replies.tips, d.tip_order, d.clock)
    await asyncio.gather(d.delivery.run_due(), other.run_due(), d.delivery.run_due())
    per_chat = [len(await tips_sent(api, i)) for i in range(1, 201)]
    assert per_chat == [1] * 200


async def test_a_crash_in_the_middle_of_a_run_repeats_nothing(
    api: FakeBotApi, content: Content, settings, clock: FakeClock
):
    import asyncio

    due = utc(2026, 11, 29, 9, 0)
    clock.set(due)
    first = await RunningBot.start(settings, content, api, clock)
    await first.deps.store.save_many(all_due(50, due))
    api.fail("sendMessage", kind="delay", delay=30, times=1000)  # every send hangs...
    run = asyncio.create_task(first.deps.delivery.run_due())
    await api.wait_arrived("sendMessage", count=16)  # a batch of sends is under way
    run.cancel()  # ...and the process dies mid-run, with claims made and nothing marked
    await asyncio.gather(run, return_exceptions=True)
    await first.stop()
    api.faults.clear()
    claimed = await _count_claimed(settings.db_path)
    assert claimed > 0
    second = await RunningBot.start(settings, content, api, clock)  # same database
    try:
        # what was claimed may have reached Telegram: it counts as sent, the rest go now
        assert (await second.deps.delivery.run_due())["sent"] == 50 - claimed
        assert (await second.deps.delivery.run_due()).get("sent", 0) == 0
        per_chat = [len(await tips_sent(api, i)) for i in range(1, 51)]
        assert max(per_chat) == 1  # never twice
        assert per_chat.count(0) <= claimed  # a skipped tip only where a send was cut off
    finally:
        await second.stop()


async def _count_claimed(path) -> int:
    import sqlite3

    with sqlite3.connect(path) as db:
        return db.execute("SELECT COUNT(*) FROM deliveries WHERE status = 'claimed'").fetchone()[0]


@pytest.mark.slow
async def test_ten_thousand_subscribers_at_the_same_minute_each_get_one(
    bot: RunningBot, api: FakeBotApi, clock: FakeClock
):
    api.record = False  # counting, not keeping 10,000 payloads
    due = utc(2026, 11, 29, 9, 0)
    await bot.deps.store.save_many(all_due(10_000, due))
    clock.set(due)
    outcome = await bot.deps.delivery.run_due()
    assert outcome["sent"] == 10_000 and api.counts["sendMessage"] == 10_000
    assert await bot.deps.store.count_sent(dt.date(2026, 11, 29)) == 10_000
    assert (await bot.deps.delivery.run_due()).get("sent", 0) == 0
    assert api.counts["sendMessage"] == 10_000


async def slow_run(
    bot: RunningBot, api: FakeBotApi, clock: FakeClock, chats: int, delay: float, grace: float
):
    """A scheduler whose run is sending to `chats` chats, each send taking `delay` seconds."""
    from bot.shell.delivery import Scheduler

    due = utc(2026, 11, 29, 9, 0)
    clock.set(due)
    await bot.deps.store.save_many(all_due(chats, due))
    api.fail("sendMessage", kind="delay", delay=delay, times=chats)
    scheduler = Scheduler(bot.deps.delivery, grace=grace)
    scheduler.start()
    return scheduler


async def test_stopping_lets_a_delivery_run_finish_within_the_grace_period(
    bot: RunningBot, api: FakeBotApi, clock: FakeClock
):
    scheduler = await slow_run(bot, api, clock, chats=20, delay=0.2, grace=10)
    await api.wait_for("sendMessage", count=1, timeout=10)  # a run is under way
    await scheduler.stop()
    assert await bot.deps.store.count_sent(dt.date(2026, 11, 29)) == 20  # it finished
    assert await _count_claimed(bot.deps.store.path) == 0


async def test_a_run_longer_than_the_grace_period_is_cut_short_and_its_claims_kept(
    bot: RunningBot, api: FakeBotApi, clock: FakeClock
):
    import time

    scheduler = await slow_run(bot, api, clock, chats=5, delay=30, grace=0.3)
    await api.wait_arrived("sendMessage", count=5)  # all five claimed and being sent
    started = time.monotonic()
    await scheduler.stop()
    assert time.monotonic() - started < 2  # bounded, not the 30 s the sends would take
    assert await _count_claimed(bot.deps.store.path) == 5  # closed as maybe sent at the next start


async def test_subscribing_again_after_todays_tip_promises_tomorrow_not_today(
    bot: RunningBot, clock: FakeClock, content: Content
):
    chat = Conversation(bot)
    clock.set(utc(2026, 11, 29, 7, 0))
    await chat.say("/timezone UTC")  # a zone first: /subscribe asks for one
    await chat.say("/subscribe 8:00")
    clock.set(utc(2026, 11, 29, 8, 0))
    assert (await bot.deps.delivery.run_due())["sent"] == 1
    await chat.say("/unsubscribe")
    again = text_of(await chat.say("/subscribe 20:00"))
    assert content.messages["when_tomorrow"].format(time="20:00") in again
    assert content.messages["when_today"].format(time="20:00") not in again
    clock.set(utc(2026, 11, 29, 20, 0))
    assert (await bot.deps.delivery.run_due()).get("sent", 0) == 0  # and it keeps its word


async def test_mydata_counts_the_tips_seen_in_this_round(bot: RunningBot, clock: FakeClock):
    chat = Conversation(bot)
    clock.set(utc(2026, 11, 29, 7, 0))
    await chat.say("/timezone UTC")  # a zone first: /subscribe asks for one
    await chat.say("/subscribe 8:00")
    for day in range(2):
        clock.set(utc(2026, 11, 29, 8, 0) + dt.timedelta(days=day))
        assert (await bot.deps.delivery.run_due())["sent"] == 1
    mine = text_of(await chat.say("/mydata"))
    assert "Tips seen in this round: 2" in mine and "Days a tip was sent or tried: 2" in mine
