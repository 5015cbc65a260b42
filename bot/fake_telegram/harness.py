"""The real Application, polling the fake Bot API server: what the tests, the demo and the
bench all run. `settle()` waits until every queued update has been fully handled."""

from __future__ import annotations

import asyncio
from typing import Any

from telegram.ext import Application

from bot.core.content import Content
from bot.core.schedule import Clock
from bot.fake_telegram.server import FakeBotApi
from bot.shell.app import build_application, start_application, stop_application
from bot.shell.config import Secret, Settings
from bot.shell.deps import Deps, deps_of


class RunningBot:
    def __init__(self, application: Application, api: FakeBotApi) -> None:
        self.application = application
        self.api = api

    @classmethod
    async def start(
        cls, settings: Settings, content: Content, api: FakeBotApi, clock: Clock | None = None
    ) -> RunningBot:
        """Build the application for `api` and start polling it."""
        settings = settings.replace(token=Secret(api.token), api_base_url=api.base_url)
        application = build_application(settings, content, clock)
        await start_application(application)
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0, timeout=5)
        return cls(application, api)

    async def stop(self) -> None:
        await stop_application(self.application)

    @property
    def deps(self) -> Deps:
        return deps_of(self.application)

    def push(self, update: dict[str, Any]) -> int:
        return self.api.push(update)

    async def settle(self, timeout: float = 10.0) -> None:
        """Until the bot fetched everything queued and finished handling all of it."""
        await self.api.wait_fetched(self.api.last_update_id, timeout)
        await asyncio.wait_for(self.application.update_queue.join(), timeout)
        processor = self.application.update_processor
        deadline = asyncio.get_running_loop().time() + timeout
        while processor.current_concurrent_updates:
            if asyncio.get_running_loop().time() > deadline:
                raise TimeoutError("updates still being handled")
            await asyncio.sleep(0.002)
