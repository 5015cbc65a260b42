"""Daily tips: /subscribe, /timezone, /unsubscribe, /pause, /resume, /tip, /settings,
/mydata, /forget, and the buttons they show."""

from __future__ import annotations

import datetime as dt

from telegram import ChatMember, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.core import render_tips, subscriptions
from bot.core.buttons import Action
from bot.core.render import Reply, echo, format_date
from bot.core.schedule import (
    DEFAULT_ZONE,
    MAX_PAUSE_DAYS,
    Subscription,
    Zone,
    parse_time,
    parse_zone,
    split_time_and_place,
    suggest_zones,
)
from bot.core.subscriptions import Facts, Refusal
from bot.shell.deps import Deps, deps
from bot.shell.handlers.questions import follow_zone
from bot.shell.handlers.reply import send

GROUPS = (ChatType.GROUP, ChatType.SUPERGROUP)
ADMINS = (ChatMember.ADMINISTRATOR, ChatMember.OWNER)


async def subscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Start (or re-time) the daily tip and say when the first one comes."""
    d = deps(context)
    if not await may_change(update, context):
        return
    text = " ".join(context.args or [])
    at, place = split_time_and_place(text) if text.strip() else (None, "")
    if text.strip() and at is None:
        await _say(
            update, context, d.content.messages["subscribe_bad_time"].format(input=echo(text))
        )
        return
    current = await _current(update, d)
    if place and at is not None:  # "/subscribe 8 Madrid": the time and the zone at once
        zone = parse_zone(place)
        if zone is None:
            near = tuple(suggest_zones(place))
            if not near:
                m = d.content.messages
                await _say(update, context, m["timezone_unknown"].format(input=echo(place)))
                return
            await send(update, context, render_tips.render_zone_question(at, near, d.content))
            return
        facts = await _facts(d, _chat_id(update))
        await _subscribe(update, context, subscriptions.set_zone(current, zone, facts), at)
        return
    stored = await d.store.subscription(_chat_id(update))
    if stored is None:
        # a first /subscribe with no zone set: 09:00 UTC is 03:30 in New York, so ask first
        user = update.effective_user
        zones = d.content.regions.zones_to_offer(user.language_code if user else None)
        reply = render_tips.render_zone_question(at or current.send_time, zones, d.content)
        await send(update, context, reply)
        return
    await _subscribe(update, context, current, at)


async def _subscribe(
    update: Update, context: ContextTypes.DEFAULT_TYPE, current: Subscription, at: dt.time | None
) -> None:
    d = deps(context)
    facts = await _facts(d, _chat_id(update))
    sub = subscriptions.subscribe(current, at, facts)
    stored = await d.store.subscription(sub.chat_id)
    await d.store.save(sub)
    await follow_zone(d, sub.chat_id, stored.zone if stored else Zone(DEFAULT_ZONE), sub.zone)
    changed = current.subscribed
    reply = render_tips.render_subscribed(sub, facts.now, d.content, changed)
    await send(update, context, reply)


async def timezone(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Set the chat's time zone, or suggest near misses."""
    d = deps(context)
    text = " ".join(context.args or [])
    if not text.strip():
        sub = await d.store.subscription(_chat_id(update))
        current = sub.zone.name if sub else "UTC"
        await _say(update, context, d.content.messages["timezone_usage"].format(zone=current))
        return
    if not await may_change(update, context):
        return
    zone = parse_zone(text)
    if zone is None:
        near = suggest_zones(text)
        if near:
            await send(update, context, render_tips.render_zone_suggestions(text, near, d.content))
        else:
            await _say(
                update, context, d.content.messages["timezone_unknown"].format(input=echo(text))
            )
        return
    await _set_zone(update, context, zone.name)


async def unsubscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stop the tips at once."""
    if await may_change(update, context):
        await _unsubscribe(update, context)


async def pause(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Pause the tips for some days; they restart by themselves."""
    d = deps(context)
    m = d.content.messages
    if not await may_change(update, context):
        return
    days = subscriptions.pause_days(" ".join(context.args or []))
    sub = await d.store.subscription(_chat_id(update))
    done = subscriptions.pause(sub, days, Facts(d.clock.now()))
    if isinstance(done, Refusal):
        await _say(update, context, m[done.value].format(max=MAX_PAUSE_DAYS))
        return
    sub, resume_day = done
    await d.store.save(sub)
    await _say(update, context, m["pause_ok"].format(date=format_date(resume_day, m.months)))


async def resume(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """End a pause early."""
    d = deps(context)
    m = d.content.messages
    if not await may_change(update, context):
        return
    facts = await _facts(d, _chat_id(update))
    done = subscriptions.resume(await d.store.subscription(_chat_id(update)), facts)
    if isinstance(done, Refusal):
        await _say(update, context, m[done.value])
        return
    await d.store.save(done)
    await _say(
        update,
        context,
        m["resume_ok"].format(next=render_tips.render_next_tip(done, facts.now, m)),
    )


async def tip(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send today's tip now (it does not count as the daily one)."""
    d = deps(context)
    chat_id = _chat_id(update)
    sub = await d.store.subscription(chat_id)
    facts = await _facts(d, chat_id, seen=sub is not None and sub.subscribed)
    tip_id = subscriptions.tip_to_show(sub, facts, d.tip_order, d.replies.tips)
    await send(update, context, d.replies.tips[tip_id])


async def settings(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show the tip time, zone and next tip, with buttons to change them."""
    d = deps(context)
    sub = await d.store.subscription(_chat_id(update))
    await send(update, context, render_tips.render_settings(sub, d.clock.now(), d.content))


async def mydata(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show everything stored about this chat."""
    d = deps(context)
    data = await d.store.chat_data(_chat_id(update))
    sub, seen, sent = (
        (data.subscription, data.tips_seen, data.deliveries) if data else (None, 0, 0)
    )
    saved = await d.store.count_questions(_chat_id(update))
    appointment = await d.store.appointment(_chat_id(update))
    reply = render_tips.render_mydata(
        sub, seen, sent, d.clock.now(), d.content, saved, appointment
    )
    await send(update, context, reply)


async def forget(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Ask to confirm, then delete everything about this chat."""
    if await may_change(update, context):
        await send(update, context, render_tips.render_forget_confirm(deps(context).content))


async def tip_button(
    update: Update, context: ContextTypes.DEFAULT_TYPE, action: Action, arg: str
) -> None:
    """The buttons of the tip replies (already answered by the caller)."""
    d = deps(context)
    m = d.content.messages
    if action is Action.CHANGE_TIME:
        await _say(update, context, m["change_time"])
        return
    if not await may_change(update, context):
        return
    if action is Action.ZONE and parse_zone(arg) is not None:
        await _set_zone(update, context, arg)
    elif action is Action.SUBSCRIBE_IN:
        hhmm, _, zone_name = arg.partition("|")
        at, zone = parse_time(hhmm), parse_zone(zone_name)
        if at is not None and zone is not None:
            facts = await _facts(d, _chat_id(update))
            current = subscriptions.set_zone(await _current(update, d), zone, facts)
            await _subscribe(update, context, current, at)
    elif action is Action.UNSUBSCRIBE:
        await _unsubscribe(update, context)
    elif action is Action.FORGET_ASK:
        await send(update, context, render_tips.render_forget_confirm(d.content))
    elif action is Action.FORGET_YES:
        await d.store.forget(_chat_id(update))
        await _say(update, context, m["forget_done"])
    elif action is Action.FORGET_NO:
        await _say(update, context, m["forget_cancelled"])


# -- helpers ---------------------------------------------------------------------------


async def _set_zone(update: Update, context: ContextTypes.DEFAULT_TYPE, zone_name: str) -> None:
    d = deps(context)
    m = d.content.messages
    zone = parse_zone(zone_name)
    assert zone is not None
    facts = await _facts(d, _chat_id(update))
    now = facts.now
    before = await _current(update, d)
    sub = subscriptions.set_zone(before, zone, facts)
    await d.store.save(sub)
    await follow_zone(d, sub.chat_id, before.zone, zone)
    key = "timezone_changed" if before.subscribed and before.zone != zone else "timezone_ok"
    text = m[key].format(zone=zone.name)
    if sub.subscribed and not sub.paused(now):
        text += "\n" + render_tips.render_next_tip(sub, now, m)
    await _say(update, context, text)


async def _unsubscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    d = deps(context)
    done = subscriptions.unsubscribe(await d.store.subscription(_chat_id(update)))
    if isinstance(done, Refusal):
        await _say(update, context, d.content.messages[done.value])
        return
    await d.store.save(done)
    await _say(update, context, d.content.messages["unsubscribe_ok"])


async def _facts(d: Deps, chat_id: int, seen: bool = False) -> Facts:
    """What the transitions need to know: the time, and the tips of the last few days
    (every zone's today is among them); the rotation's seen tips only when asked."""
    now = d.clock.now()
    since = (now - dt.timedelta(days=2)).date()
    return Facts(
        now,
        await d.store.recent_tips(chat_id, since),
        frozenset(await d.store.seen_tips(chat_id)) if seen else frozenset(),
    )


async def _current(update: Update, d: Deps) -> Subscription:
    chat = update.effective_chat
    assert chat is not None
    return await d.store.subscription(chat.id) or Subscription(
        chat_id=chat.id, chat_type=chat.type
    )


async def may_change(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """In groups only admins change the tips; others get a short, friendly word."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or chat.type not in GROUPS:
        return True
    message = update.effective_message
    if (
        message is not None
        and message.sender_chat is not None
        and message.sender_chat.id == chat.id
    ):
        return True  # an anonymous admin, posting as the group itself
    if user is not None:
        try:
            member = await context.bot.get_chat_member(chat.id, user.id)
            if member.status in ADMINS:
                return True
        except TelegramError:
            pass  # unsure means no
    await _say(update, context, deps(context).content.messages["admin_only"])
    return False


async def _say(update: Update, context: ContextTypes.DEFAULT_TYPE, html: str) -> None:
    await send(update, context, Reply(html))


def _chat_id(update: Update) -> int:
    assert update.effective_chat is not None
    return update.effective_chat.id
