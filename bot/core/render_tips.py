"""Replies about daily tips: the tip itself, the settings, and /mydata. Pure, like render."""

from __future__ import annotations

import datetime as dt

from bot.core.buttons import Action, Button
from bot.core.content import Content, Messages
from bot.core.regions import OTHER
from bot.core.render import Reply, echo, esc, format_date
from bot.core.schedule import DEFAULT_ZONE, Subscription, Zone, local_date


def hhmm(at: dt.time) -> str:
    return at.strftime("%H:%M")


def describe_when(instant: dt.datetime, zone: Zone, now: dt.datetime, m: Messages) -> str:
    """'today at 08:30', 'tomorrow at 08:30' or '3 Dec 2026 at 08:30', in the chat's zone."""
    local = instant.astimezone(zone.tzinfo)
    today = local_date(now, zone)
    at = local.strftime("%H:%M")
    if local.date() == today:
        return m["when_today"].format(time=at)
    if local.date() == today + dt.timedelta(days=1):
        return m["when_tomorrow"].format(time=at)
    return m["when_date"].format(date=format_date(local.date(), m.months), time=at)


def render_subscribed(
    sub: Subscription, now: dt.datetime, content: Content, changed: bool = False
) -> Reply:
    """Tips on, or (`changed`) already on and re-timed: "Changed", not "Done" again."""
    m = content.messages
    assert sub.next_due is not None
    text = m["subscribe_changed" if changed else "subscribe_ok"].format(
        time=hhmm(sub.send_time),
        zone=esc(sub.zone.name),
        next=describe_when(sub.next_due, sub.zone, now, m),
    )
    return Reply(text, _settings_buttons(m))


def render_next_tip(sub: Subscription, now: dt.datetime, m: Messages) -> str:
    if sub.next_due is None:
        return ""
    return m["next_tip"].format(when=describe_when(sub.next_due, sub.zone, now, m))


def render_settings(sub: Subscription | None, now: dt.datetime, content: Content) -> Reply:
    m = content.messages
    if sub is None or not sub.subscribed:
        zone = sub.zone.name if sub else "UTC"
        return Reply(m["settings_not_subscribed"].format(zone=esc(zone)))
    if sub.paused(now) and sub.paused_until is not None:
        until = format_date(local_date(sub.paused_until, sub.zone), m.months)
        text = m["settings_paused"].format(
            time=hhmm(sub.send_time), zone=esc(sub.zone.name), date=until
        )
    else:
        text = m["settings_subscribed"].format(
            time=hhmm(sub.send_time), zone=esc(sub.zone.name), next=render_next_tip(sub, now, m)
        )
    return Reply(text, _settings_buttons(m))


def render_mydata(
    sub: Subscription | None,
    tips_seen: int,
    deliveries: int,
    now: dt.datetime,
    content: Content,
    questions: int = 0,
    appointment: dt.datetime | None = None,
) -> Reply:
    m = content.messages
    forget = ((Button(m.buttons["forget"], Action.FORGET_ASK),),)
    kept = [m["mydata_questions"].format(count=questions)] if questions else []
    if appointment is not None:
        zone = sub.zone if sub else Zone(DEFAULT_ZONE)
        local = appointment.astimezone(zone.tzinfo)
        when = f"{format_date(local.date(), m.months)} {local:%H:%M} ({esc(zone.name)})"
        kept.append(m["mydata_appointment"].format(when=when))
    saved = "\n".join(kept)
    if sub is None:
        return Reply(saved, forget) if saved else Reply(m["mydata_nothing"])
    region = content.regions.get(sub.region)
    yes, no = m["word_yes"], m["word_no"]
    dash = "–"
    since = (
        format_date(local_date(sub.subscribed_at, sub.zone), m.months)
        if sub.subscribed_at
        else dash
    )
    paused = (
        format_date(local_date(sub.paused_until, sub.zone), m.months)
        if sub.paused(now) and sub.paused_until
        else dash
    )
    text = m["mydata"].format(
        chat_id=sub.chat_id,
        chat_type=esc(sub.chat_type),
        subscribed=yes if sub.subscribed else no,
        since=since if sub.subscribed else dash,
        time=hhmm(sub.send_time),
        zone=esc(sub.zone.name),
        region=esc(region.label)
        if region
        else m.buttons["region_other"]
        if sub.region == OTHER
        else m["region_none"],
        paused=paused,
        seen=tips_seen,
        deliveries=deliveries,
    )
    return Reply(f"{text}\n\n{saved}" if saved else text, forget)


def render_forget_confirm(content: Content) -> Reply:
    m = content.messages
    return Reply(
        m["forget_confirm"],
        (
            (
                Button(m.buttons["forget_yes"], Action.FORGET_YES),
                Button(m.buttons["forget_no"], Action.FORGET_NO),
            ),
        ),
    )


def render_zone_question(at: dt.time, zones: tuple[str, ...], content: Content) -> Reply:
    """/subscribe before a zone is known: which zone, the time kept in each button."""
    m = content.messages
    hhmm_ = at.strftime("%H%M")
    choices = [*zones, DEFAULT_ZONE]
    buttons = [Button(_city(zone), Action.SUBSCRIBE_IN, f"{hhmm_}|{zone}") for zone in choices]
    rows = tuple(tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2))
    return Reply(m["subscribe_which_zone"].format(time=hhmm(at)), rows)


def _city(zone: str) -> str:
    """'America/New_York' -> 'New York'; 'UTC' stays."""
    return zone.rsplit("/", 1)[-1].replace("_", " ")


def render_zone_suggestions(query: str, zones: list[str], content: Content) -> Reply:
    m = content.messages
    rows = tuple((Button(zone, Action.ZONE, zone),) for zone in zones)
    return Reply(m["timezone_suggest"].format(input=echo(query)), rows)


def _settings_buttons(m: Messages) -> tuple[tuple[Button, ...], ...]:
    return (
        (
            Button(m.buttons["change_time"], Action.CHANGE_TIME),
            Button(m.buttons["unsubscribe"], Action.UNSUBSCRIBE),
        ),
    )
