"""Fault bench: the attacks of issue 11 repeated against the real `python -m bot` process.

The fake Bot API runs in this process; the bot runs as `python -m bot` beside it, with its
rate limiter off. Printed per attack: duplicates (a chat that got more than one tip on one
day), losses (a chat that got none), peak resident memory (VmHWM) and exit times.

    python bench/faults.py            # every attack, about three minutes
    python bench/faults.py --quick    # smaller numbers

The full-disk attack needs a small tmpfs, so root; it is skipped here when mounting one
fails (a container without CAP_SYS_ADMIN).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.core.schedule import Subscription  # noqa: E402
from bot.fake_telegram.server import FakeBotApi  # noqa: E402
from bot.fake_telegram.updates import message_update  # noqa: E402
from bot.shell.store import Store  # noqa: E402

SECRET = "s3cret-webhook-token-0123456789"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def start(api: FakeBotApi, db: Path, **env: str) -> asyncio.subprocess.Process:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BOT_"))}
    clean |= {
        "TELEGRAM_BOT_TOKEN": api.token,
        "TELEGRAM_API_BASE_URL": api.base_url,
        "BOT_DB_PATH": str(db),
        "BOT_RATE_LIMITER": "off",
        "LOG_LEVEL": "WARNING",
        **env,
    }
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=ROOT,
        env=clean,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )


def peak_kib(pid: int) -> int:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM"):
                return int(line.split()[1])
    return 0


async def sigterm(proc: asyncio.subprocess.Process) -> tuple[float, int, str]:
    started = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    _, err = await asyncio.wait_for(proc.communicate(), 120)
    return time.monotonic() - started, proc.returncode or 0, err.decode()


async def subscribe_all(db: Path, chats: int) -> None:
    now = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)
    store = await Store.open(db)
    await store.save_many(
        [
            Subscription(
                chat_id=i,
                chat_type="private",
                subscribed=True,
                subscribed_at=now,
                next_due=now - dt.timedelta(minutes=1),
            )
            for i in range(1, chats + 1)
        ]
    )
    await store.close()


def tips_per_chat(api: FakeBotApi, chats: int) -> list[int]:
    per = [0] * (chats + 1)
    for call in api.requests("sendMessage"):
        chat = call.params.get("chat_id")
        if (
            isinstance(chat, int)
            and 0 < chat <= chats
            and "Tip of the day" in str(call.params.get("text", ""))
        ):
            per[chat] += 1
    return per[1:]


async def settle(api: FakeBotApi, chats: int, quiet: float = 5.0, most: float = 180) -> None:
    """Until every chat has had a tip, or nothing more is sent for `quiet` seconds."""
    deadline, last, still = time.monotonic() + most, -1, time.monotonic()
    while time.monotonic() < deadline:
        per = tips_per_chat(api, chats)
        if min(per) > 0:
            return
        if sum(per) != last:
            last, still = sum(per), time.monotonic()
        elif time.monotonic() - still > quiet:
            return
        await asyncio.sleep(0.5)


def report(name: str, per_chat: list[int], extra: str = "") -> None:
    duplicates = sum(1 for n in per_chat if n > 1)
    losses = sum(1 for n in per_chat if n == 0)
    print(
        f"{name:34s} chats {len(per_chat):5d}  duplicates {duplicates:4d}  losses {losses:4d}  {extra}"
    )


async def kill_9_during_delivery(chats: int, kills: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bot.sqlite3"
        await subscribe_all(db, chats)
        async with FakeBotApi() as api:
            api.fail("sendMessage", kind="delay", delay=0.02, times=10**9)  # ~50 sends/s
            for _ in range(kills):
                proc = await start(api, db)
                await api.wait_for("sendMessage", count=1, timeout=60)
                await asyncio.sleep(random.uniform(0.2, 1.5))
                proc.kill()
                await proc.wait()
            api.faults.clear()
            proc = await start(api, db)
            await settle(api, chats)
            await sigterm(proc)
            report(f"kill -9 x{kills} during delivery", tips_per_chat(api, chats))


async def slow_answers(chats: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bot.sqlite3"
        await subscribe_all(db, chats)
        async with FakeBotApi() as api:
            api.fail("sendMessage", kind="delay", delay=6, times=chats)  # the old time-out was 5 s
            proc = await start(api, db)
            await asyncio.sleep(6 * (chats // 16 + 1) + 5)
            await sigterm(proc)
            report("answers after 6 s", tips_per_chat(api, chats))


async def two_processes(chats: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bot.sqlite3"
        await subscribe_all(db, chats)
        async with FakeBotApi() as api:
            api.fail("sendMessage", kind="delay", delay=0.01, times=10**9)
            first = await start(api, db)
            await api.wait_for("sendMessage", count=1, timeout=60)  # it holds the database
            second = await start(api, db)
            _, err = await asyncio.wait_for(second.communicate(), 60)
            await settle(api, chats)
            await sigterm(first)
            report(
                "two processes, one database",
                tips_per_chat(api, chats),
                f"second exit {second.returncode}: {err.decode().strip()[:60]}...",
            )


async def poison_update() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        async with FakeBotApi() as api:
            proc = await start(api, Path(tmp) / "bot.sqlite3")
            await api.wait_for("setMyCommands", count=3, timeout=60)
            bad = message_update("Secret words", chat_id=7)
            bad["message"]["date"] = "yesterday"
            api.push(bad)
            for n in range(100):
                api.push(message_update("/define relapsed", chat_id=100 + n))
            await asyncio.sleep(8)
            seconds, code, err = await sigterm(proc)
            answered = len({c.params["chat_id"] for c in api.requests("sendMessage")})
            print(
                f"{'one poison update':34s} answered {answered}/100  log lines {len(err.splitlines())}"
                f"  SIGTERM exit {code} in {seconds:.1f} s"
                f"  content in log {'Secret words' in err}"
            )


async def backlog(updates: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        async with FakeBotApi() as api:
            api.record = False
            for n in range(updates):
                api.push(message_update("/help", chat_id=10_000 + n % 5_000, message_id=n))
            proc = await start(api, Path(tmp) / "bot.sqlite3")
            await asyncio.sleep(20)
            peak = peak_kib(proc.pid)
            handled = api.counts["sendMessage"]
            seconds, code, _ = await sigterm(proc)
            print(
                f"{f'{updates:,} updates queued':34s} peak {peak / 1024:.0f} MiB  answered in 20 s "
                f"{handled}  SIGTERM exit {code} in {seconds:.1f} s"
            )


async def webhook_bodies() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        async with FakeBotApi() as api:
            port = free_port()
            url = f"http://127.0.0.1:{port}/telegram"
            proc = await start(
                api,
                Path(tmp) / "bot.sqlite3",
                BOT_WEBHOOK_URL=url,
                BOT_WEBHOOK_SECRET=SECRET,
                BOT_WEBHOOK_PORT=str(port),
            )
            await api.wait_for("setWebhook", timeout=60)
            await asyncio.sleep(1)
            before = peak_kib(proc.pid)
            body = b"x" * (80 * 1024 * 1024)
            async with httpx.AsyncClient(timeout=60) as client:

                async def post(headers: dict[str, str]) -> str:
                    try:
                        return str(
                            (await client.post(url, content=body, headers=headers)).status_code
                        )
                    except httpx.TransportError:
                        return "closed"

                answers = await asyncio.gather(
                    *[post({}) for _ in range(6)],
                    *[post({"X-Telegram-Bot-Api-Secret-Token": SECRET}) for _ in range(2)],
                )
            after = peak_kib(proc.pid)
            await sigterm(proc)
            print(
                f"{'8 parallel 80 MiB webhook posts':34s} peak {before / 1024:.0f} -> "
                f"{after / 1024:.0f} MiB  answers {sorted(set(answers))}"
            )


@contextlib.contextmanager
def tmpfs(size: str) -> Iterator[Path | None]:
    """A small RAM disk of `size`, or None where mounting needs root that we lack."""
    mount = Path(tempfile.mkdtemp())
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    try:
        yield mount if done.returncode == 0 else None
    finally:
        if done.returncode == 0:
            subprocess.run(["umount", str(mount)], check=False)
        mount.rmdir()


def fill(path: Path) -> int:
    """Write to `path` until the disk is full; returns the bytes written."""
    written = 0
    with path.open("wb", buffering=0) as f:
        for size in (1 << 16, 1 << 12, 1 << 8, 1):
            try:
                while True:
                    written += f.write(b"\0" * size)
            except OSError:
                continue
    return written


async def full_disk(chats: int, seconds: float) -> None:
    """The disk fills up in the middle of delivery and is freed `seconds` later."""
    with tmpfs("8m") as mount:
        if mount is None:
            print(f"{'a full disk':34s} skipped: cannot mount a tmpfs here (needs root)")
            return
        db = mount / "bot.sqlite3"
        await subscribe_all(db, chats)
        async with FakeBotApi() as api:
            api.fail("sendMessage", kind="delay", delay=0.02, times=10**9)
            proc = await start(api, db)
            await api.wait_for("sendMessage", count=chats // 5, timeout=60)
            filler = mount / "filler"
            fill(filler)
            sent_before = api.counts["sendMessage"]
            await asyncio.sleep(seconds)
            sent_while_full = api.counts["sendMessage"] - sent_before
            filler.unlink()
            api.faults.clear()
            await settle(api, chats, quiet=75, most=300)  # the next run is a minute later
            _, code, err = await sigterm(proc)
            marks = err.count("mark_sent_failed")
            report(
                f"disk full for {seconds:.0f} s during delivery",
                tips_per_chat(api, chats),
                f"sent while full {sent_while_full}  mark retries {marks}  exit {code}",
            )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument(
        "--only", help="one attack: kill, slow, two, poison, backlog, webhook, disk"
    )
    args = parser.parse_args()
    chats = 300 if args.quick else 3_000
    attacks = {
        "kill": lambda: kill_9_during_delivery(chats, kills=3 if args.quick else 10),
        "slow": lambda: slow_answers(20),
        "two": lambda: two_processes(200 if args.quick else 600),
        "poison": poison_update,
        "backlog": lambda: backlog(5_000 if args.quick else 50_000),
        "webhook": webhook_bodies,
        "disk": lambda: full_disk(200 if args.quick else 600, seconds=45),
    }
    print(f"fault bench: python -m bot against the fake Bot API, {os.cpu_count()} cores")
    for name, attack in attacks.items():
        if args.only in (None, name):
            await attack()


if __name__ == "__main__":
    asyncio.run(main())
