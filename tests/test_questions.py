"""Questions for the care team (issue 16), end to end through the fake Bot API: kept only
when the person asks, sealed at rest, listed, deleted, counted in /mydata, forgotten."""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet

from bot.core.appointments import parse_appointment, reminder_at
from bot.core.buttons import Action, encode
from bot.core.content import Content
from bot.core.questions import MAX_QUESTION_CHARS, MAX_QUESTIONS
from bot.core.schedule import Zone
from bot.fake_telegram.harness import RunningBot
from bot.fake_telegram.server import FakeBotApi
from bot.fake_telegram.updates import callback_update
from bot.shell.config import ConfigError, Secret, Settings, settings_from_env
from tests.helpers import Conversation, FakeClock, buttons

QUESTION = "Should I still take the aciclovir while I'm between cycles?"


@pytest.fixture
def settings(tmp_path: Any) -> Settings:
    return Settings(
        rate_limiter=False,
        db_path=tmp_path / "bot.sqlite3",
        scheduler=False,
        data_key=Secret(Fernet.generate_key().decode()),
    )


def db_bytes(path: Path) -> bytes:
    """The database file and its write-ahead log, as they lie on disk."""
    return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())


def texts(calls: list) -> list[str]:
    return [c.params["text"] for c in calls if c.method in ("sendMessage", "editMessageText")]


def popups(calls: list) -> list[str]:
    return [c.params.get("text", "") for c in calls if c.method == "answerCallbackQuery"]


async def save_from_redirect(chat: Conversation, content: Content, question: str) -> list:
    redirect = (await chat.say(question))[0]
    save = [b for b in buttons(redirect) if b["text"] == content.messages.buttons["save_question"]]
    assert save and redirect.params.get("reply_parameters")  # it quotes the question
    return await chat.send(callback_update(save[0]["callback_data"], quoted=question))


async def test_a_clinical_question_is_kept_only_when_tapped_and_then_listed(
    chat: Conversation, content: Content, settings: Settings
):
    await chat.say("my platelets are 40, can I still have my jab?")  # not tapped
    assert await chat.bot.deps.store.count_questions(1001) == 0
    saved = await save_from_redirect(chat, content, QUESTION)
    assert any("1 so far" in t for t in texts(saved))
    listed = texts(await chat.say("/questions"))[0]
    assert QUESTION.replace("'", "&#x27;") in listed or QUESTION in listed
    # at rest the database file holds no question text, only the sealed bytes
    data = db_bytes(Path(settings.db_path))
    assert b"aciclovir" not in data and b"between cycles" not in data


async def test_questions_add_delete_and_clear(chat: Conversation, content: Content):
    await chat.say("/questions add Can I travel to Spain in May?")
    await chat.say("/questions add   How long will I be on this?  ")
    listed = await chat.say("/questions")
    text = texts(listed)[0]
    assert "1. Can I travel to Spain in May?" in text and "2. How long will I be on this?" in text
    deletes = [b for b in buttons(listed[0]) if b.get("callback_data", "").startswith("1:qd:")]
    assert len(deletes) == 2
    edited = texts(await chat.press(deletes[0]["callback_data"]))
    assert "Spain" not in edited[-1] and "How long" in edited[-1]
    confirm = await chat.press(encode(Action.QUESTIONS_CLEAR))
    assert texts(confirm)[-1] == content.messages["questions_clear_confirm"]
    done = await chat.press(encode(Action.QUESTIONS_CLEAR_YES))
    assert texts(done)[-1] == content.messages["questions_cleared"]
    assert await chat.bot.deps.store.count_questions(1001) == 0


async def test_the_list_can_be_copied_or_sent_as_plain_text(chat: Conversation):
    await chat.say("/questions add What does my latest scan show?")
    listed = await chat.say("/questions")
    copy = [b for b in buttons(listed[0]) if "copy_text" in b]
    assert copy and copy[0]["copy_text"]["text"] == "1. What does my latest scan show?"
    plain = await chat.press(encode(Action.QUESTIONS_PLAIN))
    sent = [c for c in plain if c.method == "sendMessage"]
    assert sent and "parse_mode" not in sent[0].params
    assert "1. What does my latest scan show?" in sent[0].params["text"]


async def test_a_glossary_word_adds_what_it_means_for_me(chat: Conversation, content: Content):
    shown = await chat.say("/define refractory")
    ask = [b for b in buttons(shown[0]) if b["text"] == content.messages.buttons["ask_team_term"]]
    assert ask and ask[0]["callback_data"] == encode(Action.QUESTION_TERM, "refractory")
    await chat.press(ask[0]["callback_data"])
    assert "What does “Refractory” mean for me?" in texts(await chat.say("/questions"))[0]


async def test_limits_are_said_kindly_and_nothing_is_kept_past_them(
    chat: Conversation, content: Content
):
    too_long = texts(await chat.say("/questions add " + "x" * (MAX_QUESTION_CHARS + 1)))[0]
    assert str(MAX_QUESTION_CHARS) in too_long
    empty = texts(await chat.say("/questions add"))[0]
    assert empty == content.messages["question_empty"]
    for _ in range(MAX_QUESTIONS):
        await chat.bot.deps.store.add_question(1001, chat.bot.deps.clock.now(), b"x", 99)
    full = texts(await chat.say("/questions add One more?"))[0]
    assert str(MAX_QUESTIONS) in full
    assert await chat.bot.deps.store.count_questions(1001) == MAX_QUESTIONS


async def test_mydata_counts_them_and_forget_deletes_them(chat: Conversation):
    await chat.say("/questions add Is this pain from the myeloma?")
    mine = texts(await chat.say("/mydata"))[0]
    assert "Questions saved for your care team: 1" in mine and "pain" not in mine
    await chat.press(encode(Action.FORGET_YES))
    assert await chat.bot.deps.store.rows_about(1001) == 0


async def test_never_in_a_group(chat: Conversation, content: Content):
    group = await chat.say("/questions", chat_id=-100123, user_id=55, chat_type="supergroup")
    assert texts(group) == [content.messages["questions_in_group"]]
    redirect = await chat.say(
        "@MyelomaWordsBot can I take ibuprofen with my chemo?",
        chat_id=-100123,
        user_id=55,
        chat_type="supergroup",
        mention="MyelomaWordsBot",
    )
    assert redirect  # it did answer, with the care-team redirect
    for call in redirect:
        labels = [b["text"] for b in buttons(call)]
        assert content.messages.buttons["save_question"] not in labels
    private = [
        b for c in redirect for b in buttons(c) if b.get("url", "").endswith("start=questions")
    ]
    assert private and private[0]["text"] == content.messages.buttons["save_in_private"]
    opened = texts(await chat.say("/start questions"))
    assert opened == [content.messages["questions_start"]]


async def test_without_a_key_it_says_the_feature_is_off(
    api: FakeBotApi, content: Content, tmp_path: Path, clock: FakeClock
):
    plain = Settings(rate_limiter=False, db_path=tmp_path / "off.sqlite3", scheduler=False)
    running = await RunningBot.start(plain, content, api, clock)
    try:
        chat = Conversation(running)
        said = texts(await chat.say("/questions add Can I fly?"))
        assert said == [content.messages["questions_off"]]
        assert await running.deps.store.count_questions(1001) == 0
    finally:
        await running.stop()


def test_a_bad_key_is_one_clear_line():
    with pytest.raises(ConfigError) as err:
        settings_from_env({"TELEGRAM_BOT_TOKEN": "1:x", "BOT_DATA_KEY": "not-a-key"})
    assert any("BOT_DATA_KEY must be a Fernet key" in p for p in err.value.problems)
    assert "not-a-key" not in str(err.value)


def test_the_database_has_a_questions_table_after_migrating(tmp_path: Path):
    sql = (Path(__file__).parents[1] / "migrations" / "0003_questions.sql").read_text()
    with sqlite3.connect(tmp_path / "x.sqlite3") as db:
        db.executescript(sql)
        cols = [row[1] for row in db.execute("PRAGMA table_info(questions)")]
    assert cols == ["id", "chat_id", "added_at", "body"]


# -- the next appointment: the questions the day before, then "did you get your answers?"

UTC_ZONE = Zone("UTC")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 Dec 10:30", dt.datetime(2026, 12, 12, 10, 30, tzinfo=dt.UTC)),
        ("Dec 12 10.30am", dt.datetime(2026, 12, 12, 10, 30, tzinfo=dt.UTC)),
        ("12th December 2026 2pm", dt.datetime(2026, 12, 12, 14, 0, tzinfo=dt.UTC)),
        ("12/12 10:30", dt.datetime(2026, 12, 12, 10, 30, tzinfo=dt.UTC)),
        ("tomorrow 9am", dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC)),
        ("5 Jan 9:15", dt.datetime(2027, 1, 5, 9, 15, tzinfo=dt.UTC)),  # the next one
        ("1 Dec 10:30", dt.datetime(2027, 12, 1, 10, 30, tzinfo=dt.UTC)),  # passed: next year
    ],
)
def test_appointments_people_type(text: str, expected: dt.datetime):
    now = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC)
    assert parse_appointment(text, UTC_ZONE, now) == expected


@pytest.mark.parametrize("text", ["someday", "12 Dec", "31 Feb 10:00", "yesterday 9", "99/99 1"])
def test_appointments_we_refuse(text: str):
    assert parse_appointment(text, UTC_ZONE, dt.datetime(2026, 12, 2, tzinfo=dt.UTC)) is None


def test_the_reminder_is_the_day_before_at_18_local_across_a_clock_change():
    london = Zone("Europe/London")
    at = parse_appointment("29 Mar 2027 09:00", london, dt.datetime(2027, 3, 1, tzinfo=dt.UTC))
    assert at == dt.datetime(2027, 3, 29, 8, 0, tzinfo=dt.UTC)  # 09:00 BST
    remind = reminder_at(at, london, None, dt.datetime(2027, 3, 1, tzinfo=dt.UTC))
    assert remind == dt.datetime(2027, 3, 28, 17, 0, tzinfo=dt.UTC)  # 18:00 BST, day 1
    assert reminder_at(at, london, dt.time(8, 30), at - dt.timedelta(days=3)) == dt.datetime(
        2027, 3, 28, 7, 30, tzinfo=dt.UTC
    )


async def test_the_whole_loop_question_appointment_reminder_answers_clear(
    chat: Conversation, content: Content, clock: FakeClock, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.DEBUG)
    clock.set(dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC))
    await save_from_redirect(chat, content, QUESTION)
    await chat.say("/timezone UTC")
    set_ = texts(await chat.say("/appointment 12 Dec 10:30"))[0]
    assert "12 Dec 2026 10:30" in set_ and "11 Dec 2026 18:00" in set_
    delivery = chat.bot.deps.delivery
    clock.set(dt.datetime(2026, 12, 11, 17, 59, tzinfo=dt.UTC))
    before = len(chat.bot.api.calls)
    await delivery.run_due()
    assert len(chat.bot.api.calls) == before  # not yet
    clock.set(dt.datetime(2026, 12, 11, 18, 0, tzinfo=dt.UTC))
    await delivery.run_due()
    await delivery.run_due()  # twice: still one reminder
    sent = texts(chat.bot.api.calls[before:])
    assert len(sent) == 1 and "Tomorrow you see your team" in sent[0] and "aciclovir" in sent[0]
    clock.set(dt.datetime(2026, 12, 12, 13, 30, tzinfo=dt.UTC))
    at = len(chat.bot.api.calls)
    await delivery.run_due()
    await delivery.run_due()
    after = chat.bot.api.calls[at:]
    assert [t for t in texts(after)] == [content.messages["appointment_after"]]
    clear = [
        b
        for b in buttons(after[0])
        if b["text"] == content.messages.buttons["questions_clear_yes"]
    ]
    await chat.press(clear[0]["callback_data"])
    assert await chat.bot.deps.store.count_questions(1001) == 0
    assert await chat.bot.deps.store.appointment(1001) is None
    # and none of our log lines, at any level, ever held the question (the library's own
    # DEBUG dumps of updates are switched off in production by bot.shell.logs)
    ours = [r.getMessage() for r in caplog.records if r.name.startswith("bot")]
    assert ours and not any("aciclovir" in line or "between cycles" in line for line in ours)


async def test_a_reminder_sent_before_a_restart_is_not_sent_again(
    api: FakeBotApi, content: Content, settings: Settings, clock: FakeClock
):
    clock.set(dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC))
    first = await RunningBot.start(settings, content, api, clock)
    try:
        await Conversation(first).say("/appointment 12 Dec 10:30")
        clock.set(dt.datetime(2026, 12, 11, 18, 5, tzinfo=dt.UTC))
        assert (await first.deps.delivery.run_due())["appointment_messages"] == 1
    finally:
        await first.stop()
    again = await RunningBot.start(settings, content, api, clock)
    try:
        assert (await again.deps.delivery.run_due())["appointment_messages"] == 0
    finally:
        await again.stop()


async def test_appointment_shown_cancelled_and_forgotten(chat: Conversation, content: Content):
    assert texts(await chat.say("/appointment"))[0] == content.messages["appointment_usage"]
    assert "someday" in texts(await chat.say("/appointment someday"))[0]
    await chat.say("/appointment 12 Dec 10:30")
    assert "12 Dec" in texts(await chat.say("/appointment"))[0]
    assert (
        texts(await chat.say("/appointment cancel"))[0]
        == content.messages["appointment_cancelled"]
    )
    await chat.say("/appointment 12 Dec 10:30")
    assert "Your next appointment: 12 Dec 2026 10:30 (UTC)" in texts(await chat.say("/mydata"))[0]
    await chat.press(encode(Action.FORGET_YES))
    assert await chat.bot.deps.store.rows_about(1001) == 0


async def test_the_reminder_goes_at_18_local_the_day_after_the_clocks_go_forward(
    chat: Conversation, clock: FakeClock
):
    clock.set(dt.datetime(2027, 3, 20, 9, 0, tzinfo=dt.UTC))
    await chat.say("/timezone Europe/London")
    await chat.say("/appointment 29 Mar 2027 09:00")
    delivery = chat.bot.deps.delivery
    clock.set(dt.datetime(2027, 3, 28, 16, 59, tzinfo=dt.UTC))  # 17:59 BST
    assert (await delivery.run_due())["appointment_messages"] == 0
    clock.set(dt.datetime(2027, 3, 28, 17, 0, tzinfo=dt.UTC))  # 18:00 BST
    assert (await delivery.run_due())["appointment_messages"] == 1


async def test_a_feeling_gets_a_kind_word_and_no_button_to_save_it(
    chat: Conversation, content: Content
):
    calls = await chat.say("I'm scared")
    (reply,) = [c for c in calls if c.method == "sendMessage"]
    assert content.messages["clinical_feelings"] in reply.params["text"]
    assert "good question" not in reply.params["text"]
    assert not buttons(reply) or all(
        "save" not in b.get("callback_data", "") for b in buttons(reply)
    )
    assert not any(b.get("url") for b in buttons(reply))


async def test_an_appointment_keeps_its_time_when_the_chat_moves_zone(
    chat: Conversation, clock: FakeClock
):
    clock.set(dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC))
    await chat.say("/appointment 12 Dec 10:30")  # no zone yet: UTC
    await chat.say("/subscribe 8 New York")
    assert "12 Dec 2026 10:30 (America/New_York)" in texts(await chat.say("/mydata"))[0]
    assert await chat.bot.deps.store.appointment(1001) == dt.datetime(
        2026, 12, 12, 15, 30, tzinfo=dt.UTC
    )
