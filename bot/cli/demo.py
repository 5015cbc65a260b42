"""Talk to the bot in a terminal: the same application and handlers, served by the local
stand-in of the Bot API on loopback. No Telegram, no token.

Each line typed is sent as a private message; a number presses that button of the last
reply. Piped input works too: `printf '/define relapsed\\n' | python -m bot demo`.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import shutil
import stat
import sys
import tempfile
import textwrap
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TextIO

from bot.core.content import Content
from bot.core.telegram_html import to_plain
from bot.fake_telegram.harness import RunningBot
from bot.fake_telegram.server import FakeBotApi
from bot.fake_telegram.updates import callback_update, message_update
from bot.shell.config import Settings

DEMO_CHAT = 1001
INDENT = " " * 6
INTRO = (
    "Demo: you are chatting with the bot through a local stand-in for Telegram.\n"
    "Type a command such as /start, /define relapsed or /compare; type a button's number to "
    "press it; Ctrl-D to leave.\n"
)


def run_demo(
    settings: Settings, content: Content, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout
) -> int:
    # A throw-away database: the demo never touches the bot's real data.
    with tempfile.TemporaryDirectory(prefix="rrmm-demo-") as scratch:
        demo = settings.replace(db_path=Path(scratch) / "demo.sqlite3", rate_limiter=False)
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(_demo(demo, content, stdin, stdout))
    return 0


async def _demo(settings: Settings, content: Content, stdin: TextIO, out: TextIO) -> None:
    interactive = stdin.isatty()
    read_line = await _line_reader(stdin)
    async with FakeBotApi() as api:
        bot = await RunningBot.start(settings, content, api)
        try:
            if interactive:
                out.write(INTRO)
            seen = len(api.calls)
            buttons: list[str] = []
            message_id = 1
            while True:
                if interactive:
                    out.write("\nyou › ")
                    out.flush()
                line = await read_line()
                if not line:
                    break
                text = line.strip()
                if not text:
                    continue
                if not interactive:
                    out.write(f"\nyou › {text}\n")
                message_id += 1
                if text.isascii() and text.isdigit() and 1 <= int(text) <= len(buttons):
                    bot.push(
                        callback_update(
                            buttons[int(text) - 1], chat_id=DEMO_CHAT, query_id=str(message_id)
                        )
                    )
                else:
                    bot.push(message_update(text, chat_id=DEMO_CHAT, message_id=message_id))
                await bot.settle()
                new, seen = api.calls[seen:], len(api.calls)
                buttons = []
                for call in new:
                    out.write(_show(call.method, call.params, buttons))
                out.flush()
        finally:
            await bot.stop()


def _show(method: str, params: dict[str, Any], buttons: list[str]) -> str:
    """A bot call as a person would see it; adds its buttons to `buttons`."""
    if method == "answerCallbackQuery" and params.get("text"):
        return f"\nbot (pop-up) › {params['text']}\n"
    if method not in ("sendMessage", "editMessageText"):
        return ""
    text = to_plain(params["text"]) if params.get("parse_mode") == "HTML" else params["text"]
    width = max(30, min(shutil.get_terminal_size().columns, 82) - len(INDENT))
    wrapped = [piece for line in text.splitlines() for piece in textwrap.wrap(line, width) or [""]]
    lines = [f"\nbot › {wrapped[0] if wrapped else ''}"]
    lines += [f"{INDENT}{line}".rstrip() for line in wrapped[1:]]
    for row in (params.get("reply_markup") or {}).get("inline_keyboard", []):
        labels = []
        for button in row:
            if "callback_data" in button:
                buttons.append(button["callback_data"])
                labels.append(f"[{len(buttons)}] {button['text']}")
            elif "copy_text" in button:  # Telegram copies the number when tapped
                labels.append(f"[copy] {button['text']}")
            else:
                labels.append(f"[link] {button['text']}")
        lines.append(INDENT + "   ".join(labels))
    return "\n".join(lines) + "\n"


def _pollable(stdin: TextIO) -> bool:
    """A pipe, a socket or a terminal: what the event loop can wait on."""
    try:
        mode = os.fstat(stdin.fileno()).st_mode
    except (OSError, ValueError, io.UnsupportedOperation):
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode) or stdin.isatty()


async def _line_reader(stdin: TextIO) -> Callable[[], Awaitable[str]]:
    """Read lines without blocking the event loop (a pipe or a terminal; else a thread)."""
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()

    async def from_thread() -> str:
        return await asyncio.to_thread(stdin.readline)

    if not _pollable(stdin):  # a file, or /dev/null: epoll refuses them, so a thread reads
        return from_thread
    try:
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), stdin)
    except (ValueError, OSError):
        return from_thread

    async def from_pipe() -> str:
        return (await reader.readline()).decode("utf-8", errors="replace")

    return from_pipe
