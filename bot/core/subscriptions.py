"""What /subscribe, /pause, /resume, /timezone, /unsubscribe and /tip change, as pure
transitions: a subscription and the facts about the chat in, the new subscription (or why
nothing changes) out. The handlers only read the facts, save the result and send words.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum

from bot.core.schedule import (
    DEFAULT_PAUSE_DAYS,
    DEFAULT_ZONE,
    MAX_PAUSE_DAYS,
    Subscription,
    Zone,
    local_date,
    next_due,
    next_tip,
    tip_of_the_day,
)


@dataclass(frozen=True)
class Facts:
    """What the store knows that a transition needs."""

    now: dt.datetime
    sent: Mapping[dt.date, str] = field(default_factory=dict)  # recent tips, by local day
    seen: frozenset[str] = frozenset()  # tips seen this round of the rotation


class Refusal(Enum):
    """Why a change did not happen; each is a message in content/messages.yaml."""

    NOT_SUBSCRIBED = "not_subscribed"
    NOT_PAUSED = "not_paused"
    BAD_PAUSE = "pause_bad"


def first_due(sub: Subscription, after: dt.datetime, at: dt.time, facts: Facts) -> dt.datetime:
    """The next slot at or after `after`, skipping that day if its tip already went out."""
    day = local_date(after, sub.zone)
    return next_due(after, at, sub.zone, skip_day=day if day in facts.sent else None)


def subscribe(sub: Subscription, at: dt.time | None, facts: Facts) -> Subscription:
    """On (or re-timed): no pause, the first tip at the next free slot."""
    at = at or sub.send_time
    return dataclasses.replace(
        sub,
        send_time=at,
        subscribed=True,
        subscribed_at=sub.subscribed_at if sub.subscribed else facts.now,
        paused_until=None,
        next_due=first_due(sub, facts.now, at, facts),
    )


def pause_days(text: str) -> int | None:
    """'' -> the default; '5' -> 5; anything else, or out of range, -> None."""
    text = text.strip()
    days = (
        DEFAULT_PAUSE_DAYS if not text else int(text) if text.isascii() and text.isdigit() else 0
    )
    return days if 1 <= days <= MAX_PAUSE_DAYS else None


def pause(
    sub: Subscription | None, days: int | None, facts: Facts
) -> tuple[Subscription, dt.date] | Refusal:
    """Paused until the start of the local day `days` from today; returns that day too."""
    if days is None:
        return Refusal.BAD_PAUSE
    if sub is None or not sub.subscribed:
        return Refusal.NOT_SUBSCRIBED
    resume_day = local_date(facts.now, sub.zone) + dt.timedelta(days=days)
    until = dt.datetime.combine(resume_day, dt.time(0, 0), tzinfo=sub.zone.tzinfo)
    until = until.astimezone(dt.UTC)
    paused = dataclasses.replace(
        sub, paused_until=until, next_due=next_due(until, sub.send_time, sub.zone)
    )
    return paused, resume_day


def resume(sub: Subscription | None, facts: Facts) -> Subscription | Refusal:
    """A pause ended early: the next free slot from now."""
    if sub is None or not sub.subscribed:
        return Refusal.NOT_SUBSCRIBED
    if not sub.paused(facts.now):
        return Refusal.NOT_PAUSED
    return dataclasses.replace(
        sub, paused_until=None, next_due=first_due(sub, facts.now, sub.send_time, facts)
    )


def set_zone(sub: Subscription, zone: Zone, facts: Facts) -> Subscription:
    """A new zone; a subscribed chat's next tip moves with it (a pause still holds)."""
    sub = dataclasses.replace(sub, zone=zone)
    if not sub.subscribed:
        return sub
    paused = sub.paused(facts.now) and sub.paused_until is not None
    after = sub.paused_until if paused and sub.paused_until else facts.now
    return dataclasses.replace(sub, next_due=first_due(sub, after, sub.send_time, facts))


def unsubscribe(sub: Subscription | None) -> Subscription | Refusal:
    if sub is None or not sub.subscribed:
        return Refusal.NOT_SUBSCRIBED
    return dataclasses.replace(sub, subscribed=False, paused_until=None, next_due=None)


def tip_to_show(
    sub: Subscription | None, facts: Facts, tip_order: Sequence[str], available: Collection[str]
) -> str:
    """Which tip /tip shows: a subscriber's tip of today if it went out (and still exists),
    else the one their rotation gives next (delivery's own choice, `next_tip`); anyone else
    gets the day's tip everyone shares."""
    if sub is not None and sub.subscribed:
        sent = facts.sent.get(local_date(facts.now, sub.zone))
        if sent is not None and sent in available:
            return sent
        return next_tip(tip_order, facts.seen)[0]
    zone = sub.zone if sub else Zone(DEFAULT_ZONE)
    return tip_of_the_day(tip_order, local_date(facts.now, zone))
