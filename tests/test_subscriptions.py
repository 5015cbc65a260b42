"""The subscription transitions (bot/core/subscriptions.py): plain values, no Telegram."""

from __future__ import annotations

import dataclasses
import datetime as dt

from bot.core.schedule import Subscription, Zone
from bot.core.subscriptions import (
    Facts,
    Refusal,
    pause,
    pause_days,
    resume,
    set_zone,
    subscribe,
    tip_to_show,
    unsubscribe,
)

NOW = dt.datetime(2026, 11, 29, 7, 0, tzinfo=dt.UTC)
TODAY = NOW.date()
NEW = Subscription(chat_id=1, chat_type="private")


def at(hour: int, minute: int = 0) -> dt.time:
    return dt.time(hour, minute)


def test_subscribe_starts_today_unless_todays_tip_already_went():
    fresh = subscribe(NEW, at(8), Facts(NOW))
    assert fresh.subscribed and fresh.subscribed_at == NOW
    assert fresh.next_due == NOW.replace(hour=8)
    again = subscribe(NEW, at(8), Facts(NOW, sent={TODAY: "tip-a"}))
    assert again.next_due == NOW.replace(hour=8) + dt.timedelta(days=1)


def test_re_timing_keeps_the_first_day_and_ends_a_pause():
    sub = subscribe(NEW, at(8), Facts(NOW))
    paused = dataclasses.replace(sub, paused_until=NOW + dt.timedelta(days=3))
    later = subscribe(paused, at(20, 15), Facts(NOW + dt.timedelta(hours=1)))
    assert later.subscribed_at == NOW and later.paused_until is None
    assert later.send_time == at(20, 15) and later.next_due == NOW.replace(hour=20, minute=15)


def test_pause_days_are_read_forgivingly_and_bounded():
    assert pause_days("") == 7 and pause_days(" 5 ") == 5
    for bad in ("0", "61", "²", "٣", "soon", "-1"):
        assert pause_days(bad) is None, bad


def test_pause_until_the_start_of_a_local_day_and_resume_early():
    sub = subscribe(NEW, at(8), Facts(NOW))
    done = pause(sub, 10, Facts(NOW))
    assert not isinstance(done, Refusal)
    paused, day = done
    assert day == TODAY + dt.timedelta(days=10)
    assert paused.paused_until == dt.datetime(2026, 12, 9, tzinfo=dt.UTC)
    assert paused.next_due == dt.datetime(2026, 12, 9, 8, 0, tzinfo=dt.UTC)
    back = resume(paused, Facts(NOW + dt.timedelta(days=1)))
    assert not isinstance(back, Refusal) and back.paused_until is None
    assert back.next_due == dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.UTC)


def test_what_cannot_change_says_why():
    assert pause(NEW, 3, Facts(NOW)) is Refusal.NOT_SUBSCRIBED
    assert pause(None, None, Facts(NOW)) is Refusal.BAD_PAUSE
    assert resume(None, Facts(NOW)) is Refusal.NOT_SUBSCRIBED
    assert resume(subscribe(NEW, at(8), Facts(NOW)), Facts(NOW)) is Refusal.NOT_PAUSED
    assert unsubscribe(NEW) is Refusal.NOT_SUBSCRIBED


def test_a_new_zone_moves_the_next_tip_but_not_a_pause():
    sub = subscribe(NEW, at(8), Facts(NOW))
    moved = set_zone(sub, Zone("America/New_York"), Facts(NOW))
    assert moved.next_due == dt.datetime(2026, 11, 29, 13, 0, tzinfo=dt.UTC)
    done = pause(sub, 2, Facts(NOW))
    assert not isinstance(done, Refusal)
    paused = set_zone(done[0], Zone("Asia/Tokyo"), Facts(NOW))
    assert paused.next_due is not None and paused.paused_until is not None
    assert paused.next_due >= paused.paused_until
    assert set_zone(NEW, Zone("Asia/Tokyo"), Facts(NOW)).next_due is None  # not subscribed


def test_unsubscribe_clears_the_schedule():
    off = unsubscribe(subscribe(NEW, at(8), Facts(NOW)))
    assert not isinstance(off, Refusal)
    assert not off.subscribed and off.next_due is None and off.paused_until is None


def test_tip_shows_todays_sent_tip_then_the_rotation_then_the_shared_one():
    order = ("a", "b", "c")
    sub = subscribe(NEW, at(8), Facts(NOW))
    assert tip_to_show(sub, Facts(NOW, sent={TODAY: "b"}), order, order) == "b"
    gone = Facts(NOW, sent={TODAY: "removed"}, seen=frozenset({"a"}))
    assert tip_to_show(sub, gone, order, order) == "b"  # what delivery sends next
    everyone = tip_to_show(None, Facts(NOW), order, order)
    assert everyone == tip_to_show(NEW, Facts(NOW), order, order) and everyone in order
