"""Daily-tip delivery: ask the store what is due, claim, send, mark; and what to do when
Telegram says no.

The database, not a timer, is the source of truth: a run sends whatever is due now, so a
restart, a late wake-up or two overlapping runs send no tip twice.

At most one tip a day: a tip can be skipped in rare failures, never sent twice. A send
that may have reached Telegram (a time-out after the request went out, an answer that
could not be read, a crash between claiming and marking) counts as sent and is not tried
again that day; one that certainly did not (refused connection, 429, 5xx) is retried.
Marking "sent" is retried, never by sending again.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import sqlite3
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from telegram import Bot
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
)

from bot.core.render import Reply
from bot.core.schedule import (
    Clock,
    Subscription,
    local_date,
    local_instant,
    next_due,
    next_tip,
    still_today,
)
from bot.shell.outcome import may_have_arrived
from bot.shell.store import Claim, Store

if TYPE_CHECKING:
    from bot.shell.reminders import Reminders

log = logging.getLogger(__name__)

BATCH = 500  # due subscriptions read at a time
CONCURRENT_SENDS = 16  # the rate limiter, when on, paces these to Telegram's limits
MAX_RETRY_AFTER = 3  # 429s honoured for one message before it is retried on a later run
BACKOFF_CAP = dt.timedelta(minutes=60)
# Longer than Telegram's real worst case, so that a slow answer is waited for rather than
# turned into a "maybe sent" that skips the day's tip
SEND_TIMEOUT = 30.0
MARK_TRIES = 5  # a full disk or a locked database: marking "sent" is tried again


def seconds(value: float | dt.timedelta) -> float:
    """python-telegram-bot 22 gives retry_after as seconds, or as a timedelta on opt-in."""
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


def backoff(attempts: int) -> dt.timedelta:
    """1, 2, 4, … minutes after the 1st, 2nd, 3rd failed try, at most an hour."""
    return min(dt.timedelta(minutes=2 ** max(attempts - 1, 0)), BACKOFF_CAP)


class Delivery:
    def __init__(
        self,
        store: Store,
        bot: Bot,
        tips: Mapping[str, Reply],
        tip_order: Sequence[str],
        clock: Clock,
        markup: Callable[[Reply], Any] = lambda reply: None,
        sleep: Callable[[float], Any] = asyncio.sleep,
    ) -> None:
        self.store = store
        self.bot = bot
        self.tips = tips
        self.tip_order = tuple(tip_order)
        self.clock = clock
        self.markup = markup
        self.sleep = sleep
        self.send_timeout = SEND_TIMEOUT
        self._running = asyncio.Lock()
        # the messages about appointments (issue 16), sent in the same run after the tips
        self.reminders: Reminders | None = None

    async def run_due(self, should_stop: Callable[[], bool] = lambda: False) -> Counter[str]:
        """Send every tip due now (or until `should_stop`, between batches); returns how
        each went (sent, failed, skipped, …)."""
        outcome: Counter[str] = Counter()
        async with self._running:  # one run at a time in this process
            now = self.clock.now()
            limit = asyncio.Semaphore(CONCURRENT_SENDS)

            async def one(sub: Subscription) -> None:
                async with limit:
                    outcome[await self._deliver(sub, now)] += 1

            cursor = None  # each due row once per run, even one another run is still sending
            while not should_stop() and (batch := await self.store.due(now, BATCH, after=cursor)):
                await asyncio.gather(*(one(sub) for sub in batch))
                last = batch[-1]
                assert last.next_due is not None
                cursor = (last.next_due, last.chat_id)
            if self.reminders is not None and not should_stop():
                outcome["appointment_messages"] += await self.reminders.run(now)
        if outcome:
            log.info("delivery_run %s", " ".join(f"{k}={v}" for k, v in sorted(outcome.items())))
        return outcome

    async def _deliver(self, sub: Subscription, now: dt.datetime) -> str:
        assert sub.next_due is not None
        day = local_date(sub.next_due, sub.zone)
        if not still_today(sub.next_due, now, sub.zone):
            # The bot was away past the end of that local day: no backlog. Today's tip goes
            # now if its time has passed, else at its time.
            day = local_date(now, sub.zone)
            todays = local_instant(day, sub.send_time, sub.zone)
            if todays > now:
                await self.store.reschedule(sub.chat_id, todays)
                return "skipped_day_over"
        tip_id, new_round = next_tip(self.tip_order, await self.store.seen_tips(sub.chat_id))
        claim = await self.store.claim(sub.chat_id, day, tip_id, now)
        if claim is None:
            if await self.store.tip_sent_on(sub.chat_id, day) is not None:
                await self.store.reschedule(
                    sub.chat_id, next_due(now, sub.send_time, sub.zone, skip_day=day)
                )
                return "already_sent"
            return "not_claimed"  # in flight elsewhere, or unsubscribed meanwhile
        if claim.tip_id not in self.tips:  # removed from the content since it was claimed
            claim = Claim(claim.chat_id, claim.local_date, tip_id, claim.attempts)
        return await self._send(sub, claim, new_round and claim.tip_id == tip_id, now)

    async def _send(
        self, sub: Subscription, claim: Claim, new_round: bool, now: dt.datetime
    ) -> str:
        reply = self.tips[claim.tip_id]
        chat_id = sub.chat_id
        for _ in range(MAX_RETRY_AFTER + 1):
            try:
                await self.bot.send_message(
                    chat_id,
                    reply.html,
                    reply_markup=self.markup(reply),
                    read_timeout=self.send_timeout,
                    write_timeout=self.send_timeout,
                )
            except RetryAfter as exc:
                await self.sleep(seconds(exc.retry_after))
                continue
            except ChatMigrated as exc:
                if await self.store.move_chat(chat_id, exc.new_chat_id):
                    log.info("chat_migrated merged=1")
                    return "merged"  # the supergroup has its own subscription and tip
                chat_id = exc.new_chat_id
                claim = Claim(chat_id, claim.local_date, claim.tip_id, claim.attempts)
                continue
            except Forbidden:
                await self.store.deactivate(chat_id)
                log.info("subscription_deactivated reason=forbidden")
                return "deactivated"
            except BadRequest as exc:
                if "chat not found" in exc.message.lower():
                    await self.store.deactivate(chat_id)
                    return "deactivated"
                await self.store.mark_failed(claim, self._retry_at(sub, claim, now), now)
                log.warning("delivery_failed error=BadRequest")
                return "failed"
            except (NetworkError, TelegramError) as exc:  # 5xx, time-outs, bad answers
                if may_have_arrived(exc):  # never twice: counted as sent, not retried today
                    log.warning("delivery_outcome_unknown error=%s", type(exc).__name__)
                    await self._mark_sent(sub, claim, new_round, now)
                    return "maybe_sent"
                await self.store.mark_failed(claim, self._retry_at(sub, claim, now), now)
                log.warning("delivery_failed error=%s", type(exc).__name__)
                return "failed"
            await self._mark_sent(sub, claim, new_round, now)
            return "sent"
        await self.store.mark_failed(claim, self._retry_at(sub, claim, now), now)
        return "failed"

    async def _mark_sent(
        self, sub: Subscription, claim: Claim, new_round: bool, now: dt.datetime
    ) -> None:
        """Record the send, trying again on a full disk or a busy database. If it still
        fails, the claim stays: it is never sent again (see Store.release_claims)."""
        following = next_due(now, sub.send_time, sub.zone, skip_day=claim.local_date)
        for attempt in range(1, MARK_TRIES + 1):
            try:
                await self.store.mark_sent(claim, new_round, following, now)
                return
            except sqlite3.Error as exc:
                log.warning("mark_sent_failed attempt=%d error=%s", attempt, type(exc).__name__)
                if attempt == MARK_TRIES:
                    raise
                await self.sleep(float(2**attempt))

    def _retry_at(self, sub: Subscription, claim: Claim, now: dt.datetime) -> dt.datetime:
        retry = now + backoff(claim.attempts)
        if still_today(retry, now, sub.zone):
            return retry
        # Too late for today: tomorrow's tip is the next chance.
        return next_due(now, sub.send_time, sub.zone, skip_day=claim.local_date)


class Scheduler:
    """Wakes at the start of every minute (and at start-up) and runs the delivery.

    On stop, a run in progress may finish its current batch within `grace` seconds; after
    that it is cancelled, and whatever it had claimed is picked up at the next start.
    """

    def __init__(self, delivery: Delivery, interval: float = 60.0, grace: float = 10.0) -> None:
        self.delivery = delivery
        self.interval = interval
        self.grace = grace
        self._stopping = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._stopping.clear()
        self._task = asyncio.get_running_loop().create_task(self._loop(), name="tip-scheduler")

    async def stop(self) -> None:
        if self._task is None:
            return
        self._stopping.set()
        try:
            await asyncio.wait_for(asyncio.shield(self._task), self.grace)
        except TimeoutError:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            log.warning("delivery_run_cut_short reason=shutdown")
        self._task = None

    async def _loop(self) -> None:
        while not self._stopping.is_set():
            try:
                await self.delivery.run_due(should_stop=self._stopping.is_set)
            except Exception:
                log.exception("delivery_run_failed")
            now = self.delivery.clock.now()
            pause = self.interval - now.timestamp() % self.interval + 0.5
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), pause)
