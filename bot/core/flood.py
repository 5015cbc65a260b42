"""Per-chat flood control: a chat that sends more than `limit` updates in `window` seconds
gets one polite notice, then is ignored until it slows down. Pure (time is passed in), and
bounded: however many chats write, at most `max_chats` are remembered (oldest forgotten)."""

from __future__ import annotations

from collections import OrderedDict, deque
from collections.abc import Hashable
from dataclasses import dataclass, field
from enum import Enum


class Decision(Enum):
    ALLOW = "allow"
    NOTIFY = "notify"  # the first update over the limit: say so, once
    DROP = "drop"


@dataclass
class _Chat:
    times: deque[float] = field(default_factory=deque)
    notified: bool = False


class FloodGate:
    def __init__(self, limit: int = 20, window: float = 60.0, max_chats: int = 10_000) -> None:
        self.limit = limit
        self.window = window
        self.max_chats = max_chats
        self._chats: OrderedDict[Hashable, _Chat] = OrderedDict()

    def check(self, chat: Hashable, now: float) -> Decision:
        state = self._chats.pop(chat, None) or _Chat()
        self._chats[chat] = state  # most recently seen last
        while len(self._chats) > self.max_chats:
            self._chats.popitem(last=False)
        while state.times and state.times[0] <= now - self.window:
            state.times.popleft()
        if len(state.times) < self.limit:
            state.times.append(now)
            state.notified = False
            return Decision.ALLOW
        # Over the limit: dropped updates do not count, so the chat is let back in as soon
        # as its earlier updates leave the window.
        if state.notified:
            return Decision.DROP
        state.notified = True
        return Decision.NOTIFY

    def __len__(self) -> int:
        return len(self._chats)
