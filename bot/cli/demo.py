"""Talk to the bot in a terminal: the same application and handlers, served by the local
stand-in of the Bot API on loopback. No Telegram, no token.

Each line typed is sent as a private message; a number presses that button of the last
reply. `/group` moves you into a support group (with `/admin on|off`), `@bot WORDS` is
an inline query. Piped input works too: `printf '/define relapsed\\n' | python -m bot demo`.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import os
import re
import shutil
import stat
import sys
import tempfile
import textwrap
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from cryptography.fernet import Fernet

from bot.core.content import Content
from bot.core.telegram_html import to_plain
from bot.fake_telegram.harness import RunningBot
from bot.fake_telegram.server import FakeBotApi
from bot.fake_telegram.updates import callback_update, inline_update, message_update
from bot.shell.config import Secret, Settings

DEMO_CHAT = 1001  # the person: their private chat has their user id
DEMO_GROUP = -100555  # the support group they can switch to
INDENT = " " * 6
INTRO = (
    "Demo: you are chatting with the bot through a local stand-in for Telegram.\n"
    "Type a command such as /start, /define relapsed or /compare; type a button's number to "
    "press it; Ctrl-D to leave.\n"
    "Also: /group (a support group: mention @bot in a line, or start it with > to reply "
    "to the bot), /admin on|off (you as the group's admin), /private (back here), and a "
    "line starting @bot WORDS (inline mode, as in any chat: pick a result by number).\n"
)
QUIET = "\n(demo) The bot stays quiet: in a group it answers commands, mentions and replies.\n"


@dataclass
class Choice:
    """What a number typed in the demo does: press a button, or send an inline result."""

    data: str | None = None  # a button's callback data
    result: dict[str, Any] | None = None  # an inline result, sent "via @bot"
    quoted: str | None = None  # what the bot's message quoted (a reply to your message)


@dataclass
class DemoState:
    group: bool = False
    choices: list[Choice] = field(default_factory=list)
    said: dict[int, str] = field(default_factory=dict)  # your messages, by message id

    @property
    def chat_id(self) -> int:
        return DEMO_GROUP if self.group else DEMO_CHAT


def run_demo(
    settings: Settings,
    content: Content,
    stdin: TextIO = sys.stdin,
    stdout: TextIO = sys.stdout,
    db: Path | None = None,
) -> int:
    """A throw-away database unless `db` names one to keep: the demo never touches the
    bot's real data. Saved questions work as in the bot with BOT_DATA_KEY; in a
    throw-away run without one, a key made for this run stands in (it goes with it)."""
    with tempfile.TemporaryDirectory(prefix="rrmm-demo-") as scratch:
        demo = settings.replace(db_path=db or Path(scratch) / "demo.sqlite3", rate_limiter=False)
        if db is None and not settings.data_key:
            demo = demo.replace(data_key=Secret(Fernet.generate_key().decode()))
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
            state = DemoState()
            message_id = 1
            while True:
                if interactive:
                    out.write("\nyou › " if not state.group else "\nyou (group) › ")
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
                said = _demo_command(text, state, api)
                if said is not None:
                    out.write(f"\n{textwrap.fill(said.strip(), _width() + len(INDENT))}\n")
                    continue
                update = _update_for(text, state, api.username, message_id, out)
                if update is None:
                    continue
                bot.push(update)
                await bot.settle()
                new, seen = api.calls[seen:], len(api.calls)
                state.choices = []
                shown = "".join(
                    _show(call.method, call.params, state.choices, state.said) for call in new
                )
                if not shown and state.group:
                    shown = f"\n{textwrap.fill(QUIET.strip(), _width() + len(INDENT))}\n"
                out.write(shown)
                out.flush()
        finally:
            await bot.stop()


def _demo_command(text: str, state: DemoState, api: FakeBotApi) -> str | None:
    """The demo's own commands (not the bot's): where you are, and whether you are the
    group's admin. None for anything meant for the bot."""
    word, _, rest = text.partition(" ")
    if word == "/group":
        state.group, state.choices = True, []
        return (
            "\n(demo) You are in a support group now. Mention @bot in a line (hey @bot "
            "what is refractory) or start it with > to reply to the bot; other chatter is "
            "left alone. /admin on makes you an admin; /private goes back.\n"
        )
    if word == "/private":
        state.group, state.choices = False, []
        return "\n(demo) Back in your private chat with the bot.\n"
    if word == "/admin" and state.group:
        key = (DEMO_GROUP, DEMO_CHAT)
        if rest.strip().lower() == "on":
            api.chat_admins.add(key)
        elif rest.strip().lower() == "off":
            api.chat_admins.discard(key)
        now = "an admin" if key in api.chat_admins else "not an admin"
        return f"\n(demo) You are {now} of the group (/admin on or /admin off).\n"
    return None


def _update_for(
    text: str, state: DemoState, username: str, message_id: int, out: TextIO
) -> dict[str, Any] | None:
    """The update a line stands for: a button or inline result by number, an inline query,
    or a message in the chat you are in."""
    if text.isascii() and text.isdigit() and 1 <= int(text) <= len(state.choices):
        choice = state.choices[int(text) - 1]
        if choice.data is not None:
            return callback_update(
                choice.data,
                chat_id=state.chat_id,
                user_id=DEMO_CHAT,
                query_id=str(message_id),
                quoted=choice.quoted,
            )
        assert choice.result is not None
        state.choices = []
        out.write(_show_result(choice.result, username, state.choices))
        return None
    handle = text.split(maxsplit=1)[0].lower() if text.startswith("@") else ""
    if handle in (f"@{username}".lower(), "@bot"):
        query = text.split(maxsplit=1)[1] if " " in text else ""
        return inline_update(query, user_id=DEMO_CHAT, query_id=str(message_id))
    state.said[message_id] = text
    if not state.group:
        return message_update(text, chat_id=DEMO_CHAT, message_id=message_id)
    reply = text.startswith(">")
    text = re.sub(r"(?<!\w)@bot\b", f"@{username}", text, flags=re.IGNORECASE)
    return message_update(
        text.removeprefix(">").strip() if reply else text,
        chat_id=DEMO_GROUP,
        user_id=DEMO_CHAT,
        chat_type="supergroup",
        message_id=message_id,
        reply_to_bot=reply,
        mention=username,
    )


def _width() -> int:
    return max(30, min(shutil.get_terminal_size().columns, 82) - len(INDENT))


def _show(
    method: str,
    params: dict[str, Any],
    choices: list[Choice],
    said: dict[int, str] | None = None,
) -> str:
    """A bot call as a person would see it; adds its buttons to `choices`."""
    if method == "answerCallbackQuery" and params.get("text"):
        return f"\nbot (pop-up) › {params['text']}\n"
    if method == "answerInlineQuery":
        return _show_inline(params, choices)
    if method not in ("sendMessage", "editMessageText"):
        return ""
    text = to_plain(params["text"]) if params.get("parse_mode") == "HTML" else params["text"]
    head = "bot (edited) › " if method == "editMessageText" else "bot › "
    replying = (params.get("reply_parameters") or {}).get("message_id")
    quoted = (said or {}).get(replying) if isinstance(replying, int) else None
    return _bubble(head, text, params.get("reply_markup"), choices, quoted)


def _bubble(
    head: str, text: str, markup: Any, choices: list[Choice], quoted: str | None = None
) -> str:
    width = _width()
    wrapped = [piece for line in text.splitlines() for piece in textwrap.wrap(line, width) or [""]]
    lines = [f"\n{head}{wrapped[0] if wrapped else ''}"]
    lines += [f"{INDENT}{line}".rstrip() for line in wrapped[1:]]
    for row in (markup or {}).get("inline_keyboard", []):
        labels = []
        for button in row:
            if "callback_data" in button:
                choices.append(Choice(data=button["callback_data"], quoted=quoted))
                labels.append(f"[{len(choices)}] {button['text']}")
            elif "copy_text" in button:  # Telegram copies the number when tapped
                labels.append(f"[copy] {button['text']}")
            else:
                labels.append(f"[link] {button['text']}")
        lines += _wrap_row(labels, width)
    return "\n".join(lines) + "\n"


def _wrap_row(labels: list[str], width: int) -> list[str]:
    """A row of buttons on as many lines as the terminal's width needs."""
    lines: list[str] = []
    current = ""
    for label in labels:
        joined = f"{current}   {label}" if current else label
        if current and len(joined) > width:
            lines.append(INDENT + current)
            current = label
        else:
            current = joined
    if current:
        lines.append(INDENT + current)
    return lines


def _show_inline(params: dict[str, Any], choices: list[Choice]) -> str:
    """Inline results as the list above the message box: one number each."""
    results = params.get("results") or []
    if isinstance(results, str):
        results = json.loads(results)
    if not results:
        return "\n(inline) no results\n"
    lines = ["\n(inline results: type a number to send one to the chat)"]
    for result in results:
        choices.append(Choice(result=result))
        title = result.get("title", "")
        about = result.get("description", "")
        entry = f"[{len(choices)}] {title}" + (f": {about}" if about else "")
        wrapped = textwrap.wrap(entry, _width()) or [""]
        lines += [INDENT + wrapped[0], *(INDENT + "    " + w for w in wrapped[1:])]
    return "\n".join(lines) + "\n"


def _show_result(result: dict[str, Any], username: str, choices: list[Choice]) -> str:
    """An inline result as it appears in the chat, sent by you via the bot."""
    content = result.get("input_message_content") or {}
    text = content.get("message_text", "")
    if content.get("parse_mode") == "HTML":
        text = to_plain(text)
    return _bubble(f"you via @{username} › ", text, result.get("reply_markup"), choices)


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
