"""A local stand-in for the Telegram Bot API, on loopback, for tests, the demo and the bench.

The real python-telegram-bot Application talks HTTP to it through `base_url`. It queues
updates for getUpdates, records every call the bot makes, refuses with a 400 what Telegram
would refuse (bad HTML, empty or over-long text, callback data over 64 bytes, more than 50
inline results), and can be told to fail a method: an error status (403, 429 with
retry_after, 5xx), a time-out, a dropped connection, or a body that is not JSON, or go
away for a few seconds (connections refused), as in an outage.

It speaks just enough HTTP/1.1 (keep-alive, Content-Length bodies) for httpx, on the
standard library alone. What it refuses is in rules.py; the updates it is fed are built by
updates.py. `python -m bot.fake_telegram.server` runs it as its own process (the bench
does, so the server does not share a core with the bot it measures); then updates are
pushed and figures read over `/_control/...`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.core.telegram_html import parse
from bot.fake_telegram.rules import refusal
from bot.fake_telegram.updates import BOT_ID

DEFAULT_TOKEN = "123456789:DEV-server-token-not-a-real-one"
DEFAULT_USERNAME = "MyelomaWordsBot"

# Parameters that are always plain strings, even when they look like numbers or JSON.
_STRING_PARAMS = frozenset(
    {
        "text",
        "caption",
        "description",
        "short_description",
        "callback_query_id",
        "inline_query_id",
        "next_offset",
        "parse_mode",
        "language_code",
        "secret_token",
        "url",
        "query",
    }
)


@dataclass
class Call:
    """One request the bot made."""

    method: str
    params: dict[str, Any]
    status: int = 200
    at: float = field(default_factory=time.monotonic)


@dataclass
class Fault:
    """How to answer the next `times` calls of `method` (or of every method, with "*")."""

    method: str
    kind: str = "error"  # error | timeout | disconnect | bad_json | delay (then answer)
    status: int = 500
    description: str = "Internal Server Error"
    retry_after: int | None = None
    migrate_to_chat_id: int | None = None
    delay: float = 30.0  # for "timeout" and "delay": how long to sit on the request
    times: int = 1


class FakeBotApi:
    def __init__(
        self,
        *,
        token: str = DEFAULT_TOKEN,
        username: str = DEFAULT_USERNAME,
        latency: float = 0.0,
        record: bool = True,
        fail_rate: float = 0.0,
        seed: int = 1,
    ) -> None:
        self.token = token
        self.username = username
        self.latency = latency
        self.record = record
        self.calls: list[Call] = []
        self.refusals: list[tuple[str, str]] = []  # (method, why): what Telegram would refuse
        self.counts: Counter[str] = Counter()
        self.arrived: Counter[str] = Counter()  # requests as they come in, before any fault
        self.faults: list[Fault] = []
        self.chat_types: dict[int, str] = {}
        self.chat_admins: set[tuple[int, int]] = set()  # (chat id, user id)
        # For soak tests: this share of calls fails at random (seeded, so runs repeat).
        self.fail_rate = fail_rate
        self._random = random.Random(seed)
        self.random_failures: Counter[str] = Counter()
        self.port = 0
        self._updates: list[dict[str, Any]] = []
        self._next_update_id = 1
        self._next_message_id = 1
        self._acked = 0  # getUpdates offset last seen: every update below it was delivered
        self._waiters: list[tuple[Callable[[], bool], asyncio.Future[None]]] = []
        self._server: asyncio.Server | None = None
        self._connections: set[asyncio.Task[None]] = set()
        self._writers: set[asyncio.StreamWriter] = set()
        self._outage: float | None = None  # seconds, after the next updates handed out
        self._outage_due = False
        self._reopen: asyncio.Task[None] | None = None

    # -- life cycle ---------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> FakeBotApi:
        self._server = await asyncio.start_server(self._serve, host, port)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        if self._reopen is not None:
            self._reopen.cancel()
            self._reopen = None
        if self._server is None:
            return
        self._server.close()
        for task in self._connections:
            task.cancel()  # a parked long poll or a "timeout" fault would otherwise linger
        if self._connections:
            await asyncio.wait(self._connections, timeout=2)
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self._server.wait_closed(), 2)
        self._server = None

    async def __aenter__(self) -> FakeBotApi:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """python-telegram-bot's `base_url`: the token is appended to it."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def bot_user(self) -> dict[str, Any]:
        return {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "Myeloma Words",
            "username": self.username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
        }

    # -- what tests and the demo do -----------------------------------------------------

    def push(self, update: dict[str, Any]) -> int:
        """Queue an update (a dict without update_id) for getUpdates; returns its id."""
        update_id = self._next_update_id
        self._next_update_id += 1
        chat = (update.get("message") or update.get("edited_message") or {}).get("chat")
        if chat:
            self.chat_types[chat["id"]] = chat["type"]
        self._updates.append({"update_id": update_id, **update})
        self._notify()
        return update_id

    def fail(self, method: str, **kwargs: Any) -> Fault:
        fault = Fault(method=method, **kwargs)
        self.faults.append(fault)
        return fault

    def outage_after_next_updates(self, seconds: float) -> None:
        """Right after the next getUpdates that hands out updates, be unreachable (the
        port refuses connections) for `seconds`: the replies to them meet an outage."""
        self._outage = seconds

    def _begin_outage(self, current: asyncio.StreamWriter, seconds: float) -> None:
        assert self._server is not None
        self._server.close()  # from now on, connections are refused
        for writer in self._writers - {current}:
            writer.transport.abort()  # idle keep-alive connections go too

        async def reopen() -> None:
            await asyncio.sleep(seconds)
            self._server = await asyncio.start_server(self._serve, "127.0.0.1", self.port)
            self._reopen = None

        self._reopen = asyncio.get_running_loop().create_task(reopen())

    def requests(self, method: str | None = None) -> list[Call]:
        return [c for c in self.calls if method is None or c.method == method]

    def sent_texts(self, chat_id: int | None = None) -> list[str]:
        return [
            c.params["text"]
            for c in self.calls
            if c.method == "sendMessage"
            and c.status == 200
            and (chat_id is None or c.params.get("chat_id") == chat_id)
        ]

    @property
    def last_update_id(self) -> int:
        return self._next_update_id - 1

    async def wait_fetched(self, update_id: int, timeout: float = 10.0) -> None:
        """Until the bot has fetched `update_id` and asked for the updates after it."""
        await self._wait(lambda: self._acked > update_id, timeout)

    async def wait_for(
        self,
        method: str,
        count: int = 1,
        timeout: float = 10.0,
        where: Callable[[Call], bool] | None = None,
    ) -> list[Call]:
        """Until at least `count` matching calls were recorded; returns them."""

        def matching() -> list[Call]:
            return [c for c in self.requests(method) if where is None or where(c)]

        await self._wait(lambda: len(matching()) >= count, timeout)
        return matching()

    async def wait_arrived(self, method: str, count: int = 1, timeout: float = 10.0) -> None:
        """Until `count` requests for `method` came in, even ones still held by a fault."""
        await self._wait(lambda: self.arrived[method] >= count, timeout)

    async def _wait(self, ready: Callable[[], bool], timeout: float) -> None:
        if ready():
            return
        waiter = (ready, asyncio.get_running_loop().create_future())
        self._waiters.append(waiter)
        try:
            await asyncio.wait_for(waiter[1], timeout)
        finally:
            self._waiters.remove(waiter)

    def _notify(self) -> None:
        for ready, future in self._waiters:
            if not future.done() and ready():
                future.set_result(None)

    # -- HTTP ---------------------------------------------------------------------------

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._connections.add(task)
        self._writers.add(writer)
        try:
            while True:
                request_line = await reader.readline()
                if not request_line:
                    return
                try:
                    verb, target, _ = request_line.decode("latin-1").split(" ", 2)
                except ValueError:
                    return
                headers: dict[str, str] = {}
                while (line := await reader.readline()) not in (b"\r\n", b"\n", b""):
                    name, _, value = line.decode("latin-1").partition(":")
                    headers[name.strip().lower()] = value.strip()
                body = await reader.readexactly(int(headers.get("content-length", "0") or 0))
                answer = await self._answer(verb, target, headers, body)
                if answer is None:  # a dropped connection or a time-out, on purpose
                    return
                status, payload = answer
                reason = {200: "OK", 400: "Bad Request", 404: "Not Found"}.get(status, "Error")
                writer.write(
                    f"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\n"
                    f"Content-Length: {len(payload)}\r\nConnection: keep-alive\r\n\r\n".encode()
                    + payload
                )
                await writer.drain()
                if self._outage_due and self._outage is not None:
                    self._begin_outage(writer, self._outage)
                    self._outage_due, self._outage = False, None
                    return
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.CancelledError):
            return  # the client went away, or the server is stopping: end quietly
        finally:
            self._connections.discard(task)
            self._writers.discard(writer)
            writer.close()

    async def _answer(
        self, verb: str, target: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, bytes] | None:
        path = urllib.parse.urlsplit(target).path
        if path.startswith("/_control/"):
            return await self._control(path.removeprefix("/_control/"), body)
        prefix = f"/bot{self.token}/"
        if not path.startswith(prefix):
            return (
                _error(401, "Unauthorized")
                if path.startswith("/bot")
                else _error(404, "Not Found")
            )
        method = path[len(prefix) :]
        params = _decode_params(headers.get("content-type", ""), body)
        self.arrived[method] += 1
        self._notify()
        if self.latency:
            await asyncio.sleep(self.latency)
        fault = self._take_fault(method) or self._random_fault(method)
        if fault is not None and fault.kind == "delay":
            await asyncio.sleep(fault.delay)
        elif fault is not None:
            return await self._apply_fault(method, params, fault)
        if method == "getUpdates":
            return _ok(await self._get_updates(params))
        call = Call(method, params)
        self.counts[method] += 1
        problem = refusal(method, params)
        if problem is not None:
            call.status = 400
            self.refusals.append((method, problem))
        if self.record:
            self.calls.append(call)
        self._notify()
        if problem is not None:
            return _error(400, f"Bad Request: {problem}")
        return _ok(self._result(method, params))

    def _random_fault(self, method: str) -> Fault | None:
        if not self.fail_rate or self._random.random() >= self.fail_rate:
            return None
        choice = self._random.random()
        if choice < 0.45:
            fault = Fault(method, status=502, description="Bad Gateway")
        elif choice < 0.9:
            fault = Fault(
                method, status=429, description="Too Many Requests: retry after 1", retry_after=1
            )
        else:
            fault = Fault(method, kind="timeout", delay=6.0)  # past python-telegram-bot's 5 s
        self.random_failures[
            f"{fault.kind}:{fault.status}" if fault.kind == "error" else fault.kind
        ] += 1
        return fault

    def _take_fault(self, method: str) -> Fault | None:
        for fault in self.faults:
            if fault.method in (method, "*") and fault.times > 0:
                fault.times -= 1
                if fault.times == 0:
                    self.faults.remove(fault)
                return fault
        return None

    async def _apply_fault(
        self, method: str, params: dict[str, Any], fault: Fault
    ) -> tuple[int, bytes] | None:
        if self.record and method != "getUpdates":
            status = fault.status if fault.kind == "error" else 0
            self.calls.append(Call(method, params, status=status))
            self._notify()
        if fault.kind == "timeout":
            await asyncio.sleep(fault.delay)
            return None
        if fault.kind == "disconnect":
            return None
        if fault.kind == "bad_json":
            return 200, b"<html>502 Bad Gateway</html>"
        parameters: dict[str, int] = {}
        if fault.retry_after is not None:
            parameters["retry_after"] = fault.retry_after
        if fault.migrate_to_chat_id is not None:
            parameters["migrate_to_chat_id"] = fault.migrate_to_chat_id
        return _error(fault.status, fault.description, parameters or None)

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        limit = min(int(params.get("limit") or 100), 100)
        timeout = float(params.get("timeout") or 0)
        if offset:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            if offset > self._acked:
                self._acked = offset
                self._notify()
        if not self._updates and timeout > 0:
            with contextlib.suppress(TimeoutError):
                await self._wait(lambda: bool(self._updates), timeout)
        if self._updates and self._outage is not None:
            self._outage_due = True  # once this answer is written
        return self._updates[:limit]

    def _result(self, method: str, p: dict[str, Any]) -> Any:
        if method == "getMe":
            return self.bot_user
        if method in ("sendMessage", "editMessageText"):
            return self._message(p)
        if method == "getChatMember":
            key = (int(p["chat_id"]), int(p["user_id"]))
            status = "administrator" if key in self.chat_admins else "member"
            user = {"id": int(p["user_id"]), "is_bot": False, "first_name": "Member"}
            extra = _ADMIN_RIGHTS if status == "administrator" else {}
            return {"status": status, "user": user, **extra}
        return True

    def _message(self, p: dict[str, Any]) -> dict[str, Any]:
        chat_id = int(p.get("chat_id") or 0)
        message_id = int(p.get("message_id") or 0) or self._next_message_id
        self._next_message_id += 1
        chat_type = self.chat_types.get(chat_id, "private" if chat_id > 0 else "supergroup")
        text = parse(p.get("text", "")).text if p.get("parse_mode") == "HTML" else p.get("text")
        return {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": chat_type},
            "from": self.bot_user,
            "text": text,
        }

    # -- control, for a bench driving the server in another process ---------------------

    async def _control(self, what: str, body: bytes) -> tuple[int, bytes]:
        if what == "push":
            ids = [self.push(u) for u in json.loads(body or b"[]")]
            return 200, json.dumps({"ids": ids}).encode()
        if what == "stats":
            stats = {
                "counts": self.counts,
                "acked": self._acked,
                "random_failures": self.random_failures,
            }
            return 200, json.dumps(stats).encode()
        if what == "reset":
            self.calls.clear()
            self.counts.clear()
            self.arrived.clear()
            return 200, b"{}"
        return _error(404, "Not Found")


_ADMIN_RIGHTS = {
    "can_be_edited": False,
    "is_anonymous": False,
    "can_manage_chat": True,
    "can_delete_messages": True,
    "can_manage_video_chats": True,
    "can_restrict_members": True,
    "can_promote_members": False,
    "can_change_info": True,
    "can_invite_users": True,
    "can_post_stories": False,
    "can_edit_stories": False,
    "can_delete_stories": False,
}


def _ok(result: Any) -> tuple[int, bytes]:
    return 200, json.dumps({"ok": True, "result": result}).encode()


def _error(
    status: int, description: str, parameters: dict[str, int] | None = None
) -> tuple[int, bytes]:
    payload: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if parameters:
        payload["parameters"] = parameters
    return status, json.dumps(payload).encode()


def _decode_params(content_type: str, body: bytes) -> dict[str, Any]:
    """python-telegram-bot sends form fields whose non-string values are JSON-encoded."""
    if not body:
        return {}
    if content_type.startswith("application/json"):
        return json.loads(body)
    fields = urllib.parse.parse_qs(body.decode(), keep_blank_values=True)
    params: dict[str, Any] = {}
    for key, values in fields.items():
        value = values[-1]
        if key not in _STRING_PARAMS:
            with contextlib.suppress(ValueError):
                decoded = json.loads(value)
                if not isinstance(decoded, str):
                    value = decoded
        params[key] = value
    return params


def main(argv: list[str] | None = None) -> None:
    """Run the server alone, print its port, serve until killed (used by bench/)."""
    parser = argparse.ArgumentParser(prog="python -m bot.fake_telegram.server")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to each answer")
    parser.add_argument("--token", default=DEFAULT_TOKEN)
    parser.add_argument(
        "--fail-rate", type=float, default=0.0, help="share of calls that fail at random"
    )
    args = parser.parse_args(argv)

    async def serve() -> None:
        api = await FakeBotApi(
            token=args.token, latency=args.latency, record=False, fail_rate=args.fail_rate
        ).start(port=args.port)
        print(api.port, flush=True)
        await asyncio.Event().wait()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve())


if __name__ == "__main__":
    main()
