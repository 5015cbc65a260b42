"""The next appointment (issue 16): read forgivingly in the chat's time zone, and when to
send the questions the day before and ask afterwards. Pure: no clock, no store.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from bot.core.buttons import Action, Button
from bot.core.content import Content
from bot.core.questions import SHOWN_CHARS, Question
from bot.core.render import Reply, esc, format_date, shorten
from bot.core.schedule import Zone, local_date, local_instant, parse_time

REMINDER_TIME = dt.time(18, 0)  # the day before, when the chat has no tip time
ASK_AFTER = dt.timedelta(hours=3)  # "did you get your answers?", this long after it
_MONTHS = {
    name: n
    for n, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        1,
    )
    for name in names
}
_DAY = re.compile(r"^(\d{1,2})(st|nd|rd|th)?$")
_NUMERIC = re.compile(r"^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2,4}))?$")  # 12/12, 12.12.2026


def parse_appointment(text: str, zone: Zone, now: dt.datetime) -> dt.datetime | None:
    """'12 Dec 10:30', 'Dec 12 10.30am', '12/12 10:30', 'tomorrow 9' -> the UTC instant in
    `zone`; None if it cannot be read or is not in the future. A date without a year is
    the next one to come."""
    words = text.lower().replace(",", " ").split()[:8]
    today = local_date(now, zone)
    day: dt.date | None = None
    rest: list[str] = []
    year_given = False
    if words and words[0] in ("today", "tomorrow"):
        day = today + dt.timedelta(days=1 if words[0] == "tomorrow" else 0)
        rest, year_given = words[1:], True
    else:
        day, rest, year_given = _read_date(words, today)
    at = parse_time(" ".join(rest)) if rest else None
    if day is None or at is None:
        return None
    instant = local_instant(day, at, zone)
    if instant <= now and not year_given:
        try:
            instant = local_instant(day.replace(year=day.year + 1), at, zone)
        except ValueError:
            return None
    return instant if instant > now else None


def _read_date(words: list[str], today: dt.date) -> tuple[dt.date | None, list[str], bool]:
    """The date at the start of `words`, the words after it, whether a year was given."""
    if words and (m := _NUMERIC.match(words[0])):
        day_n, month_n, year_text = int(m[1]), int(m[2]), m[3]
        year = (
            (2000 + int(year_text) if len(year_text) == 2 else int(year_text))
            if year_text
            else today.year
        )
        return _date(year, month_n, day_n), words[1:], bool(year_text)
    month = next((i for i, w in enumerate(words[:3]) if w.rstrip(".") in _MONTHS), None)
    if month is None:
        return None, words, False
    month_n = _MONTHS[words[month].rstrip(".")]
    around = [i for i in (month - 1, month + 1) if 0 <= i < len(words) and _DAY.match(words[i])]
    if not around:
        return None, words, False
    d = around[0]
    used = {month, d}
    year, year_given = today.year, False
    after = max(used) + 1
    if after < len(words) and re.fullmatch(r"\d{4}", words[after]):
        year, year_given = int(words[after]), True
        used.add(after)
    match = _DAY.match(words[d])
    assert match is not None
    rest = [w for i, w in enumerate(words) if i not in used and i > min(used) - 1]
    rest = [w for w in rest if w not in ("at", "@")]
    return _date(year, month_n, int(match[1])), rest, year_given


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def reminder_at(
    appointment: dt.datetime, zone: Zone, tip_time: dt.time | None, now: dt.datetime
) -> dt.datetime:
    """The day before at the chat's tip time (or 18:00), in its zone; if that has passed
    already, the next run; never after the appointment itself."""
    day_before = local_date(appointment, zone) - dt.timedelta(days=1)
    at = local_instant(day_before, tip_time or REMINDER_TIME, zone)
    if at >= appointment:
        at = appointment - dt.timedelta(hours=1)
    return max(at, now)


def render_set(
    appointment: dt.datetime, remind: dt.datetime, zone: Zone, content: Content
) -> Reply:
    m = content.messages
    local, when = appointment.astimezone(zone.tzinfo), remind.astimezone(zone.tzinfo)
    text = m["appointment_set"].format(
        when=f"{format_date(local.date(), m.months)} {local:%H:%M}",
        zone=esc(zone.name),
        remind=f"{format_date(when.date(), m.months)} {when:%H:%M}",
    )
    return Reply(text, ((Button(m.buttons["my_questions"], Action.QUESTIONS),),))


def render_reminder(questions: Sequence[Question], content: Content) -> Reply:
    """The day before: "Tomorrow you see your team. Your questions: …"."""
    m = content.messages
    kept = [q for q in questions if q.text]
    if not kept:
        return Reply(m["appointment_reminder_none"])
    lines = [m["appointment_reminder"]]
    # each shortened as in /questions: thirty fit one message, and no tag is ever cut
    lines += [f"{n}. {esc(shorten(q.text or '', SHOWN_CHARS))}" for n, q in enumerate(kept, 1)]
    return Reply("\n".join(lines), ((Button(m.buttons["my_questions"], Action.QUESTIONS),),))


def render_after(content: Content) -> Reply:
    """Once, after it: did you get your answers? Clear the list, or keep it."""
    m = content.messages
    return Reply(
        m["appointment_after"],
        (
            (
                Button(m.buttons["questions_clear_yes"], Action.QUESTIONS_CLEAR_YES),
                Button(m.buttons["questions_keep"], Action.QUESTIONS),
            ),
        ),
    )
