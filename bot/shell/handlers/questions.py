"""Questions for the care team (issue 16): /questions, /questions add, and the buttons.

Nothing a person typed is kept unless they ask: a tap on "Add to my questions" under a
care-team redirect keeps the message that redirect quotes, /questions add keeps its own
words. The text is sealed by the vault before the store sees it, and never logged.
"""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot.core import appointments
from bot.core import questions as core
from bot.core.buttons import Action
from bot.core.render import Reply, echo, esc, format_date
from bot.core.schedule import DEFAULT_ZONE, Zone, local_instant
from bot.shell.deps import Deps, deps
from bot.shell.handlers.reply import edit, send


async def questions(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/questions shows the list; /questions add TEXT keeps one."""
    args = context.args or []
    chat = update.effective_chat
    if chat is None or chat.type != ChatType.PRIVATE:  # a list is never shown in a group
        await send(update, context, Reply(deps(context).content.messages["questions_in_group"]))
        return
    if args and args[0].lower() == "add":
        text = (update.effective_message.text or "") if update.effective_message else ""
        # the words after "add", as typed (spacing kept out by clean())
        after = text.split(maxsplit=2)[2] if len(text.split(maxsplit=2)) > 2 else ""
        await _keep(update, context, after, popup=False)
        return
    await show(update, context)


async def show(update: Update, context: ContextTypes.DEFAULT_TYPE, in_place: bool = False) -> None:
    d = deps(context)
    if d.vault is None:
        await send(update, context, Reply(core.refusal_text(core.Refusal.OFF, d.content)))
        return
    reply = core.render_questions(await _opened(d, _chat_id(update)), d.content)
    await (edit if in_place else send)(update, context, reply)


async def question_button(
    update: Update, context: ContextTypes.DEFAULT_TYPE, action: Action, arg: str
) -> None:
    """The buttons of the redirect, the glossary and the list."""
    query = update.callback_query
    assert query is not None
    d = deps(context)
    m = d.content.messages
    chat_id = _chat_id(update)
    if action is Action.QUESTION_SAVE:
        quoted = getattr(query.message, "reply_to_message", None)  # the message it quotes
        text = getattr(quoted, "text", None) or ""
        if not text.strip() or (text.startswith("/") and len(text.split()) < 2):
            await query.answer(m["question_not_found"], show_alert=True)
            return
        if text.startswith("/"):  # "/define when should I…": the words after the command
            text = text.split(maxsplit=1)[1]
        await _keep(update, context, text, popup=True)
        return
    if action is Action.QUESTION_TERM:
        term = d.glossary.get(arg)
        if term is None:
            await query.answer(m["button_expired"])
            return
        await _keep(update, context, core.about_term(term.title, d.content), popup=True)
        return
    await query.answer()
    if d.vault is None:
        await send(update, context, Reply(core.refusal_text(core.Refusal.OFF, d.content)))
        return
    if action is Action.QUESTION_DELETE and arg.isdigit():
        await d.store.delete_question(chat_id, int(arg))
        await show(update, context, in_place=True)
    elif action is Action.QUESTIONS:
        await show(update, context, in_place=True)
    elif action is Action.QUESTIONS_PLAIN:
        for chunk in core.plain_messages(await _opened(d, chat_id), d.content):
            await context.bot.send_message(chat_id, chunk, parse_mode=None)  # plain text
    elif action is Action.QUESTIONS_CLEAR:
        await edit(update, context, core.render_clear_confirm(d.content))
    elif action is Action.QUESTIONS_CLEAR_YES:
        await d.store.clear_questions(chat_id)
        await edit(update, context, Reply(m["questions_cleared"]))


async def _keep(
    update: Update, context: ContextTypes.DEFAULT_TYPE, text: str, popup: bool
) -> None:
    """Seal and keep one question, or say why not: as a pop-up under a button."""
    d = deps(context)
    query = update.callback_query
    chat = update.effective_chat
    if chat is None or chat.type != ChatType.PRIVATE:  # never kept in a group
        await _tell(update, context, d.content.messages["questions_in_group"], popup)
        return
    cleaned = core.clean(text)
    refusal: core.Refusal | None = None
    if d.vault is None:
        refusal = core.Refusal.OFF
    elif isinstance(cleaned, core.Refusal):
        refusal = cleaned
    if refusal is None and d.vault is not None and isinstance(cleaned, str):
        kept = await d.store.add_question(
            _chat_id(update), d.clock.now(), d.vault.seal(cleaned), core.MAX_QUESTIONS
        )
        if not kept:
            refusal = core.Refusal.FULL
    if refusal is not None:
        await _tell(update, context, core.refusal_text(refusal, d.content), popup)
        return
    if query is not None:
        await query.answer()
    count = await d.store.count_questions(_chat_id(update))
    await send(update, context, core.render_saved(count, d.content))


async def _tell(
    update: Update, context: ContextTypes.DEFAULT_TYPE, text: str, popup: bool
) -> None:
    """Why nothing was kept: a pop-up under a button (Telegram allows 200 characters)."""
    query = update.callback_query
    if popup and query is not None:
        await query.answer(text[:200], show_alert=True)
    else:
        await send(update, context, Reply(text))


async def _opened(d: Deps, chat_id: int) -> list[core.Question]:
    assert d.vault is not None
    out = []
    for question_id, added, sealed in await d.store.questions(chat_id):
        out.append(core.Question(question_id, added.date(), d.vault.open(sealed)))
    return out


def _chat_id(update: Update) -> int:
    assert update.effective_chat is not None
    return update.effective_chat.id


async def appointment(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/appointment 12 Dec 10:30 keeps the next appointment, in the chat's time zone;
    /appointment alone shows it, /appointment cancel forgets it."""
    d = deps(context)
    m = d.content.messages
    chat = update.effective_chat
    if chat is None or chat.type != ChatType.PRIVATE:
        await send(update, context, Reply(m["questions_in_group"]))
        return
    text = " ".join(context.args or [])
    sub = await d.store.subscription(chat.id)
    zone = sub.zone if sub else Zone(DEFAULT_ZONE)
    if not text.strip():
        at = await d.store.appointment(chat.id)
        if at is None:
            await send(update, context, Reply(m["appointment_usage"]))
            return
        local = at.astimezone(zone.tzinfo)
        when = f"{format_date(local.date(), m.months)} {local:%H:%M}"
        await send(
            update, context, Reply(m["appointment_current"].format(when=when, zone=esc(zone.name)))
        )
        return
    if text.strip().lower() in ("cancel", "clear", "delete", "none", "off"):
        await d.store.clear_appointment(chat.id)
        await send(update, context, Reply(m["appointment_cancelled"]))
        return
    now = d.clock.now()
    at = appointments.parse_appointment(text, zone, now)
    if at is None:
        await send(update, context, Reply(m["appointment_bad"].format(input=echo(text))))
        return
    tip_time = sub.send_time if sub and sub.subscribed else None
    remind = appointments.reminder_at(at, zone, tip_time, now)
    await d.store.set_appointment(chat.id, at, remind, at + appointments.ASK_AFTER)
    await send(update, context, appointments.render_set(at, remind, zone, d.content))


async def follow_zone(d: Deps, chat_id: int, old: Zone, new: Zone) -> None:
    """The chat moved zone: its appointment keeps its wall-clock time in the new one
    ("10:30" stays 10:30 where the person is), with the messages about it re-timed."""
    at = await d.store.appointment(chat_id)
    if at is None or old == new:
        return
    local = at.astimezone(old.tzinfo)
    moved = local_instant(local.date(), local.time().replace(tzinfo=None), new)
    now = d.clock.now()
    if moved <= now:
        return
    sub = await d.store.subscription(chat_id)
    tip_time = sub.send_time if sub and sub.subscribed else None
    remind = appointments.reminder_at(moved, new, tip_time, now)
    await d.store.set_appointment(chat_id, moved, remind, moved + appointments.ASK_AFTER)
