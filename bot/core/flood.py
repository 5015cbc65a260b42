"""Per-chat flood control that only stops abuse: a token bucket per chat.

A chat may send a burst of `burst` updates at once (well above a fast person exploring the
bot), then one every `every` seconds, a pace nobody keeps up by hand. Over that, a message
gets one notice saying when the bot will answer again, and is answered again as soon as a
token is back. A button press is never dropped for being quick: it waits its turn
(`button` says how long), unless a chat has queued so many that it can only be a script.
Pure (time is passed in), and bounded: at most `max_chats` chats are remembered, the ones
seen least recently forgotten first, and a forgotten chat starts with a full bucket.
Telegram's own per-chat and per-group send limits stay with AIORateLimiter.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from enum import Enum

BURST = 40  # updates a chat may send at once
EVERY = 2.0  # then one update per this many seconds
BUTTON_QUEUE = 5  # presses that may wait their turn; beyond, a press is dropped


class Decision(Enum):
    ALLOW = "allow"
    NOTIFY = "notify"  # the first message over the limit: say when to write again, once
    DROP = "drop"


@dataclass
class _Bucket:
    tokens: float
    stamp: float
    notified: bool = False


class FloodGate:
    def __init__(
        self,
        burst: int = BURST,
        every: float = EVERY,
        max_chats: int = 10_000,
        button_queue: int = BUTTON_QUEUE,
    ) -> None:
        self.burst = burst
        self.every = every
        self.max_chats = max_chats
        self.button_queue = button_queue
        self._chats: OrderedDict[Hashable, _Bucket] = OrderedDict()

    def check(self, chat: Hashable, now: float) -> Decision:
        """A message: let it through (spending a token), or say so once, then drop."""
        bucket = self._bucket(chat, now)
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            bucket.notified = False
            return Decision.ALLOW
        if bucket.notified:
            return Decision.DROP
        bucket.notified = True
        return Decision.NOTIFY

    def button(self, chat: Hashable, now: float) -> float | None:
        """A button press: the seconds to wait before answering it (0: at once), or None
        when the chat already has `button_queue` presses waiting."""
        bucket = self._bucket(chat, now)
        if bucket.tokens - 1 < -self.button_queue:
            return None
        bucket.tokens -= 1
        return max(0.0, -bucket.tokens * self.every)

    def retry_in(self, chat: Hashable, now: float) -> int:
        """Whole seconds until this chat's next message would be answered."""
        bucket = self._bucket(chat, now)
        return max(1, math.ceil((1 - bucket.tokens) * self.every)) if bucket.tokens < 1 else 0

    def _bucket(self, chat: Hashable, now: float) -> _Bucket:
        bucket = self._chats.pop(chat, None)
        if bucket is None:
            bucket = _Bucket(tokens=float(self.burst), stamp=now)
        elif now > bucket.stamp:
            bucket.tokens = min(
                float(self.burst), bucket.tokens + (now - bucket.stamp) / self.every
            )
            bucket.stamp = now
        self._chats[chat] = bucket  # most recently seen last
        while len(self._chats) > self.max_chats:
            self._chats.popitem(last=False)
        return bucket

    def __len__(self) -> int:
        return len(self._chats)
