"""Where the person is (issue 14, parts 2 and 3): the numbers in content/regions.yaml, the
guess from a time zone or a language, /region, /helplines, and the urgent replies that
name the region's numbers. End to end through the fake Bot API where a person is."""

from __future__ import annotations

import pytest
import yaml

from bot.core.buttons import Action, encode
from bot.core.content import CONTENT_FILES, Content, ContentInvalid, parse_content
from bot.core.render_regions import render_helplines
from bot.fake_telegram.server import FakeBotApi
from bot.fake_telegram.updates import message_update
from bot.shell.config import DEFAULT_CONTENT_DIR
from tests.helpers import Conversation, buttons

TEXTS = {name: (DEFAULT_CONTENT_DIR / name).read_text(encoding="utf-8") for name in CONTENT_FILES}
WORLD = "999 UK, 911 US and Canada, 112 Europe and India, 000 Australia, 111 New Zealand"
EMERGENCY = "I can't breathe and my lips are blue"
CRISIS = "I want to end my life tonight"


def text_of(calls: list) -> str:
    sent = [c for c in calls if c.method in ("sendMessage", "editMessageText")]
    assert len(sent) == 1, [c.method for c in calls]
    return sent[0].params["text"]


# -- content ----------------------------------------------------------------------------


def test_every_region_has_an_emergency_number_and_a_crisis_line(content: Content):
    regions = content.regions.regions
    assert {"uk", "ie", "us", "ca", "au", "nz", "in"} <= {r.id for r in regions}
    for region in regions:
        assert region.emergency, region.id
        assert region.crisis, region.id  # someone to talk to, day or night
        for line in (*region.crisis, *region.helplines):
            assert line.digits and line.source.startswith("https://"), (region.id, line)


def test_a_region_without_an_emergency_number_is_refused_by_file_and_field():
    doc = yaml.safe_load(TEXTS["regions.yaml"])
    del doc["regions"][2]["emergency"]
    texts = dict(TEXTS, **{"regions.yaml": yaml.safe_dump(doc, allow_unicode=True)})
    with pytest.raises(ContentInvalid) as info:
        parse_content(texts)
    assert "content/regions.yaml: regions[2].emergency: missing" in info.value.problems


@pytest.mark.parametrize(
    ("zone", "language", "expected"),
    [
        ("Australia/Sydney", None, "au"),
        ("Australia/Perth", "en-gb", "au"),  # the zone the chat set says more
        ("America/New_York", None, "us"),
        ("America/Indiana/Indianapolis", None, "us"),
        ("America/Toronto", None, "ca"),
        ("Europe/London", None, "uk"),
        ("Europe/Dublin", None, "ie"),
        ("Europe/Warsaw", None, "eu"),
        ("Asia/Kolkata", None, "in"),
        ("UTC", "en-GB", "uk"),
        (None, "hi", "in"),
        (None, "en", None),  # English is spoken everywhere: no guess
        (None, None, None),
        ("Asia/Tokyo", "ja", None),
    ],
)
def test_a_first_guess_from_the_zone_or_the_language(
    content: Content, zone: str | None, language: str | None, expected: str | None
):
    found = content.regions.guess(zone, language)
    assert (found.id if found else None) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("Britain", "uk"), ("australia", "au"), ("OZ", "au"), ("USA", "us"), ("Atlantis", None)],
)
def test_a_region_by_any_of_its_names(content: Content, typed: str, expected: str | None):
    found = content.regions.find(typed)
    assert (found.id if found else None) == expected


def test_helplines_give_each_number_a_copy_button(content: Content):
    reply = render_helplines(content, content.regions.get("uk"))
    copies = [b.copy for row in reply.buttons for b in row if b.copy]
    assert "08009803332" in copies  # Myeloma UK Infoline, as a phone takes it
    assert "116123" in copies
    assert "999" in reply.html and "Samaritans" in reply.html


# -- end to end --------------------------------------------------------------------------


async def test_an_unknown_region_keeps_the_short_multi_country_line(chat: Conversation):
    text = text_of(await chat.say(EMERGENCY))
    assert WORLD in text and "/helplines" in text


async def test_a_chat_in_sydney_is_given_australian_numbers(chat: Conversation):
    await chat.say("/timezone Australia/Sydney")
    urgent = text_of(await chat.say(EMERGENCY))
    assert "(000)" in urgent and WORLD not in urgent
    crisis = text_of(await chat.say(CRISIS))
    assert "Lifeline <b>13 11 14</b>" in crisis and "Samaritans" not in crisis


async def test_a_guess_from_the_language_alone_never_changes_the_urgent_numbers(
    chat: Conversation,
):
    update = message_update(EMERGENCY)
    update["message"]["from"]["language_code"] = "hi"
    assert WORLD in text_of(await chat.send(update))  # may live in Leicester
    update = message_update("/helplines")
    update["message"]["from"]["language_code"] = "hi"
    assert "India" in text_of(await chat.send(update))  # shown as a guess, with /region


async def test_region_shows_the_guess_then_a_tap_keeps_it_until_forget(
    chat: Conversation, content: Content
):
    await chat.say("/timezone Europe/London")
    menu = (await chat.say("/region"))[0]
    assert "guessed" in menu.params["text"] and "United Kingdom" in menu.params["text"]
    data = {b["text"]: b.get("callback_data") for b in buttons(menu)}
    assert data["🇳🇿 New Zealand"] == encode(Action.REGION, "nz")
    done = await chat.press(encode(Action.REGION, "nz"))
    assert "New Zealand" in done[-1].params["text"]
    store = chat.bot.deps.store
    assert (await store.subscription(1001)).region == "nz"
    assert "(111)" in text_of(await chat.say(EMERGENCY))  # the choice beats the zone
    assert "New Zealand" in text_of(await chat.say("/mydata"))
    await chat.press(encode(Action.FORGET_YES))
    assert await store.rows_about(1001) == 0
    assert WORLD in text_of(await chat.say(EMERGENCY))


async def test_region_typed_by_name_and_somewhere_else(chat: Conversation, content: Content):
    assert "Canada" in text_of(await chat.say("/region Canada"))
    assert (await chat.bot.deps.store.subscription(1001)).region == "ca"
    assert (
        text_of(await chat.say("/region somewhere else")) == content.messages["region_set_other"]
    )
    assert WORLD in text_of(await chat.say(EMERGENCY))
    assert "Atlantis" in text_of(await chat.say("/region Atlantis"))  # not known: the menu


async def test_in_a_group_only_an_admin_sets_the_region(
    chat: Conversation, api: FakeBotApi, content: Content
):
    group = -100555
    update = message_update("/region au", chat_id=group, user_id=55, chat_type="supergroup")
    assert text_of(await chat.send(update)) == content.messages["admin_only"]
    assert await chat.bot.deps.store.subscription(group) is None
    api.chat_admins.add((group, 55))
    assert "Australia" in text_of(await chat.send(update))


async def test_helplines_list_numbers_with_copy_buttons_telegram_accepts(chat: Conversation):
    await chat.say("/region uk")
    reply = (await chat.say("/helplines"))[0]
    assert "Myeloma UK" in reply.params["text"] and "0800 980 3332" in reply.params["text"]
    copies = [b["copy_text"]["text"] for b in buttons(reply) if "copy_text" in b]
    assert "08009803332" in copies  # the api fixture fails the test on any refusal


async def test_helplines_without_a_region_ask_where(chat: Conversation):
    reply = (await chat.say("/helplines"))[0]
    assert WORLD in reply.params["text"]
    assert encode(Action.REGION, "au") in [b.get("callback_data") for b in buttons(reply)]


@pytest.mark.parametrize(
    "text",
    ["where can I find a support group?", "what number do I call", "is there a helpline"],
)
async def test_asking_for_people_points_to_helplines(chat: Conversation, text: str):
    reply = (await chat.say(text))[0]
    assert encode(Action.HELPLINES) in [b.get("callback_data") for b in buttons(reply)]
    shown = await chat.press(encode(Action.HELPLINES))
    assert "Samaritans" in shown[-1].params["text"]  # region unknown: the short list
