"""Schedule arithmetic: reading times and zones, the next due instant across DST, rotation."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.schedule import (
    ZONE_WORDS,
    Zone,
    local_instant,
    next_due,
    next_tip,
    parse_time,
    parse_zone,
    split_time_and_place,
    still_today,
    suggest_zones,
    tip_of_the_day,
)

UTC = dt.UTC
NY = Zone("America/New_York")
LONDON = Zone("Europe/London")


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("8:30", dt.time(8, 30)),
        ("08:30", dt.time(8, 30)),
        ("8.30", dt.time(8, 30)),
        ("8am", dt.time(8, 0)),
        ("8 AM", dt.time(8, 0)),
        ("8pm", dt.time(20, 0)),
        ("8:30 p.m.", dt.time(20, 30)),
        ("12am", dt.time(0, 0)),
        ("12pm", dt.time(12, 0)),
        ("20:15", dt.time(20, 15)),
        ("0:00", dt.time(0, 0)),
        ("8", dt.time(8, 0)),  # issue 15: "/subscribe 8" and "0830" were refused
        ("0830", dt.time(8, 30)),
        ("1830", dt.time(18, 30)),
        ("830", dt.time(8, 30)),
        ("noon", dt.time(12, 0)),
        ("Midday", dt.time(12, 0)),
        ("12 noon", dt.time(12, 0)),
        ("midnight", dt.time(0, 0)),
        ("8 o'clock", dt.time(8, 0)),
        ("7 oclock pm", dt.time(19, 0)),
        ("1800hrs", dt.time(18, 0)),
    ],
)
def test_times_people_type(text: str, expected: dt.time):
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    "text", ["25:99", "24:00", "12:60", "tomorrow", "2460", "13pm", "0am", "", "８:３０" * 50]
)
def test_times_we_refuse(text: str):
    assert parse_time(text) is None


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        ("europe/berlin", "Europe/Berlin"),
        ("AMERICA/NEW_YORK", "America/New_York"),
        ("new york", "America/New_York"),
        ("London", "Europe/London"),
        ("UTC", "UTC"),
        ("EST", "America/New_York"),
        ("Eastern", "America/New_York"),  # was Canada/Eastern
        ("pst", "America/Los_Angeles"),
        ("BST", "Europe/London"),
        ("CET", "Europe/Berlin"),
        ("Madrid", "Europe/Madrid"),
        ("Sydney", "Australia/Sydney"),
        ("UTC+2", "UTC+02:00"),
        ("GMT-5", "UTC-05:00"),
        ("utc+05:30", "UTC+05:30"),
        # cities people name that are not an IANA zone's city (issue 15)
        ("Delhi", "Asia/Kolkata"),  # was Australia/LHI, by spelling
        ("Mumbai", "Asia/Kolkata"),
        ("Boston", "America/New_York"),
        ("washington dc", "America/New_York"),
        ("Houston", "America/Chicago"),
        ("Seattle", "America/Los_Angeles"),
        ("Montreal", "America/Toronto"),
        ("Glasgow", "Europe/London"),
        ("Manchester", "Europe/London"),
        ("Cork", "Europe/Dublin"),
        ("Cape Town", "Africa/Johannesburg"),
        ("Munich", "Europe/Berlin"),
        ("Milan", "Europe/Rome"),
        ("Barcelona", "Europe/Madrid"),
        ("Wellington", "Pacific/Auckland"),
    ],
)
def test_zones_people_type(text: str, name: str):
    zone = parse_zone(text)
    assert zone is not None and zone.name == name
    assert zone.tzinfo is not None


def test_fixed_offsets_mean_what_they_say():
    assert utc(2026, 6, 1, 12).astimezone(Zone("UTC+02:00").tzinfo).hour == 14
    assert utc(2026, 6, 1, 12).astimezone(Zone("UTC-05:00").tzinfo).hour == 7


@pytest.mark.parametrize(
    "text", ["Mars/Olympus", "UTC+15", "UTC+3:20", "Europe/Berln", "", "x" * 500]
)
def test_zones_we_refuse(text: str):
    assert parse_zone(text) is None


@pytest.mark.parametrize(
    ("text", "options"),
    [
        ("GMT", ["Europe/London", "UTC"]),  # the UK is an hour ahead of GMT in summer
        ("CST", ["America/Chicago", "Asia/Shanghai"]),
        ("AEST", ["Australia/Sydney", "Australia/Brisbane"]),
        ("IST", ["Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"]),
        ("Birmingham", ["Europe/London", "America/Chicago"]),
        ("portland", ["America/Los_Angeles", "America/New_York"]),
    ],
)
def test_ambiguous_zone_words_ask(text: str, options: list[str]):
    assert parse_zone(text) is None
    assert suggest_zones(text) == options


def test_near_misses_are_suggested_once_each():
    assert suggest_zones("Europe/Berln")[0] == "Europe/Berlin"
    suggestions = suggest_zones("Amerika/Chicgo")
    assert "America/Chicago" in suggestions and len(suggestions) == len(set(suggestions))


def test_nine_oclock_new_york_stays_nine_across_both_switches():
    # 2026: clocks go forward on 8 March, back on 1 November.
    days = [
        dt.date(2026, 3, 7),
        dt.date(2026, 3, 8),
        dt.date(2026, 3, 9),
        dt.date(2026, 10, 31),
        dt.date(2026, 11, 1),
        dt.date(2026, 11, 2),
    ]
    instants = [local_instant(d, dt.time(9, 0), NY) for d in days]
    assert [i.hour for i in instants] == [14, 13, 13, 13, 14, 14]
    assert all(i.astimezone(NY.tzinfo).hour == 9 for i in instants)


def test_a_time_skipped_by_spring_forward_goes_at_the_next_valid_minute():
    # 02:30 does not exist in New York on 8 March 2026: 02:00 EST jumps to 03:00 EDT.
    instant = local_instant(dt.date(2026, 3, 8), dt.time(2, 30), NY)
    assert instant == utc(2026, 3, 8, 7, 0)
    assert instant.astimezone(NY.tzinfo).strftime("%H:%M %Z") == "03:00 EDT"


def test_a_time_that_happens_twice_is_sent_once_at_the_first():
    # 01:30 happens twice in New York on 1 November 2026 (EDT, then EST).
    first = local_instant(dt.date(2026, 11, 1), dt.time(1, 30), NY)
    assert first == utc(2026, 11, 1, 5, 30)
    after_first = next_due(
        first + dt.timedelta(minutes=1), dt.time(1, 30), NY, skip_day=dt.date(2026, 11, 1)
    )
    assert after_first == utc(2026, 11, 2, 6, 30)  # the next day, not the second 01:30


def test_london_switches():
    assert local_instant(dt.date(2026, 3, 29), dt.time(1, 30), LONDON) == utc(
        2026, 3, 29, 1, 0
    )  # 01:30 skipped
    assert local_instant(dt.date(2026, 10, 25), dt.time(9, 0), LONDON) == utc(2026, 10, 25, 9, 0)


def test_next_due_today_or_tomorrow():
    assert next_due(utc(2026, 11, 29, 8, 0), dt.time(9, 0), LONDON) == utc(2026, 11, 29, 9, 0)
    assert next_due(utc(2026, 11, 29, 9, 0), dt.time(9, 0), LONDON) == utc(2026, 11, 29, 9, 0)
    assert next_due(utc(2026, 11, 29, 9, 1), dt.time(9, 0), LONDON) == utc(2026, 11, 30, 9, 0)
    skip = next_due(utc(2026, 11, 29, 8, 0), dt.time(9, 0), LONDON, skip_day=dt.date(2026, 11, 29))
    assert skip == utc(2026, 11, 30, 9, 0)


def test_local_day_ends_at_local_midnight():
    tokyo = Zone("Asia/Tokyo")
    due = utc(2026, 11, 29, 0, 0)  # 09:00 in Tokyo
    assert still_today(due, utc(2026, 11, 29, 14, 59), tokyo)
    assert not still_today(due, utc(2026, 11, 29, 15, 0), tokyo)  # midnight in Tokyo


def test_rotation_goes_through_all_before_repeating():
    order = ["a", "b", "c"]
    seen: set[str] = set()
    got = []
    for _ in range(7):
        tip, new_round = next_tip(order, seen)
        seen = {tip} if new_round else seen | {tip}
        got.append(tip)
    assert got == ["a", "b", "c", "a", "b", "c", "a"]


def test_new_tips_join_and_removed_tips_are_skipped():
    assert next_tip(["a", "b", "new"], {"a", "b"}) == ("new", False)
    assert next_tip(["b", "c"], {"a", "b"}) == ("c", False)  # "a" was removed
    assert next_tip(["b"], {"a", "b"}) == ("b", True)


def test_tip_of_the_day_is_the_same_all_day_and_changes_daily():
    order = ["a", "b", "c"]
    today, tomorrow = dt.date(2026, 11, 29), dt.date(2026, 11, 30)
    assert tip_of_the_day(order, today) == tip_of_the_day(order, today)
    assert tip_of_the_day(order, today) != tip_of_the_day(order, tomorrow)


def test_every_zone_word_names_real_zones():
    for word, zones in ZONE_WORDS.items():
        assert zones and all(Zone(z).tzinfo is not None for z in zones), word
        assert word == word.lower() and " ".join(word.split()) == word


@pytest.mark.parametrize(
    ("text", "at", "place"),
    [
        ("8:30 Madrid", dt.time(8, 30), "Madrid"),
        ("8.30 pm New York", dt.time(20, 30), "New York"),
        ("noon London", dt.time(12, 0), "London"),
        ("8", dt.time(8, 0), ""),
        ("Madrid", None, ""),
    ],
)
def test_a_time_and_a_place_in_one_line(text: str, at: dt.time | None, place: str):
    assert split_time_and_place(text) == (at, place)
