"""Concurrent across chats, in order within a chat.

python-telegram-bot takes a slot of its semaphore before it hands us an update, so simply
waiting on a per-chat lock would let one busy chat fill every slot while it waits. Instead,
an update for a chat that is already being served is queued behind it and its slot freed
at once; the task serving that chat works through the queue in arrival order. One chat
therefore holds at most one slot, and a flood from one chat never stalls the others.

In concurrent mode python-telegram-bot makes a task of every update it takes from its
queue at once, however many are still waiting for a slot, so a bounded queue alone does
not bound a backlog. `GatedQueue` hands out an update only while fewer than `backlog` are
unfinished; the processor frees its place when the update is done. With the queue itself
holding one, polling waits while the bot is busy: memory stays bounded, a crash loses at
most `backlog` (plus the batch being fetched), and a stop waits for no more than that.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Hashable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

log = logging.getLogger(__name__)


def chat_key(update: object) -> Hashable | None:
    """Which updates must stay in order with each other: those of one chat (or one user)."""
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return ("chat", update.effective_chat.id)
    if update.effective_user is not None:
        return ("user", update.effective_user.id)
    return None


class GatedQueue(asyncio.Queue):
    """The Application's update queue: `get` waits for a free place in the backlog."""

    def __init__(self, backlog: int) -> None:
        super().__init__(maxsize=1)
        self.places = asyncio.Semaphore(backlog)

    async def get(self) -> Any:
        await self.places.acquire()
        try:
            return await super().get()
        except BaseException:
            self.places.release()
            raise


class ChatOrderedProcessor(BaseUpdateProcessor):
    def __init__(self, max_concurrent_updates: int, backlog: int = 256) -> None:
        super().__init__(max_concurrent_updates)
        self._waiting: dict[Hashable, deque[Awaitable[Any]]] = {}
        self.queue = GatedQueue(backlog)  # give it to the Application as its update queue

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = chat_key(update)
        if key is None:
            try:
                await coroutine
            finally:
                self.queue.places.release()
            return
        queue = self._waiting.get(key)
        if queue is not None:  # this chat is being served: line up behind it
            queue.append(coroutine)
            return
        self._waiting[key] = queue = deque([coroutine])
        try:
            while queue:
                try:
                    await queue[0]
                except Exception:  # Application.process_update already reports errors
                    log.exception("update_failed")
                queue.popleft()
                self.queue.places.release()
        finally:
            del self._waiting[key]
            for leftover in queue:  # only on cancellation: close, never leave un-awaited
                self.queue.places.release()
                close = getattr(leftover, "close", None)
                if close is not None:
                    close()

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release: queued updates belong to tasks the Application awaits."""
