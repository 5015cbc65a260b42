"""Soak: 50,000 mixed updates (commands, free text, inline queries, button presses) while
the fake Bot API fails 5% of calls (502s, 429s with retry_after, time-outs). At the end,
every update must have been handled (answered, apologised for, or deliberately ignored),
no exception may have escaped, and memory should stay flat.

    python bench/soak.py                     # 50,000 updates, 5% failures (a few minutes)
    python bench/soak.py --updates 5000      # quicker
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import control, fake_server  # noqa: E402
from bot.fake_telegram.harness import start_application, stop_application  # noqa: E402
from bot.fake_telegram.server import DEFAULT_TOKEN  # noqa: E402
from bot.fake_telegram.updates import callback_update, inline_update, message_update  # noqa: E402

SAMPLE_EVERY = 5_000


def mixed(n: int, users: int) -> list[dict[str, Any]]:
    """Deterministic mix: 4 in 10 commands, 2 free text, 2 inline queries, 2 button presses."""
    texts = [
        "/define relapsed",
        "/help",
        "/tip",
        "/compare",
        "what does refractory mean",
        "should I skip dex?",
    ]
    out = []
    for i in range(n):
        user = 10_000 + i % users
        kind = i % 10
        if kind < 6:
            out.append(message_update(texts[kind], chat_id=user, message_id=i + 1))
        elif kind < 8:
            out.append(
                inline_update(("refr", "remision")[kind - 6], user_id=user, query_id=str(i))
            )
        else:
            out.append(
                callback_update(
                    ("1:d:remission", "1:all")[kind - 8], chat_id=user, query_id=str(i)
                )
            )
    return out


def rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


class Count(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.handled = 0  # caught by our error handler, person told
        self.polling = 0  # python-telegram-bot's updater retrying a failed getUpdates
        self.escaped = 0  # anything else logged as an error
        self.examples: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.name == "bot.shell.handlers.errors" and record.getMessage().startswith(
            "handler_failed"
        ):
            self.handled += 1
        elif record.name == "telegram.ext.Updater":
            self.polling += 1
        elif record.name not in ("bot.shell.handlers.errors", "bot.shell.delivery"):
            self.escaped += 1
            if len(self.examples) < 3:
                self.examples.append(f"{record.name}: {record.getMessage()[:200]}")


async def worker(port: int, total: int) -> dict[str, Any]:
    from telegram import Update
    from telegram.ext import ContextTypes, TypeHandler

    from bot.shell.app import build_application
    from bot.shell.config import Secret, Settings
    from bot.shell.content_files import load_content

    counter = Count()
    logging.getLogger().addHandler(counter)
    loop_errors = []
    asyncio.get_running_loop().set_exception_handler(
        lambda _loop, ctx: loop_errors.append(ctx.get("message"))
    )
    received = completed = 0
    samples: list[tuple[int, float]] = []
    all_in = asyncio.Event()

    async def arrive(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        nonlocal received
        received += 1
        if received >= total:
            all_in.set()

    async def finish(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        nonlocal completed
        completed += 1
        if completed % SAMPLE_EVERY == 0:
            samples.append((completed, rss_mib()))

    with tempfile.TemporaryDirectory() as scratch:
        settings = Settings(
            token=Secret(DEFAULT_TOKEN),
            api_base_url=f"http://127.0.0.1:{port}/bot",
            rate_limiter=False,
            scheduler=False,
            db_path=Path(scratch) / "soak.sqlite3",
        )
        app = build_application(settings, load_content(settings.content_dir))
        app.add_handler(TypeHandler(Update, arrive), group=-2)  # before flood control
        app.add_handler(TypeHandler(Update, finish), group=99)  # after everything
        await start_application(app)
        started = time.perf_counter()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=5)
        await asyncio.wait_for(all_in.wait(), 1800)
        await asyncio.wait_for(app.update_queue.join(), 600)
        while app.update_processor.current_concurrent_updates:  # noqa: ASYNC110 (no event to await)
            await asyncio.sleep(0.05)
        elapsed = time.perf_counter() - started
        await stop_application(app)
    return {
        "received": received,
        "completed": completed,
        "seconds": elapsed,
        "handled_errors": counter.handled,
        "polling_retries": counter.polling,
        "escaped": counter.escaped + len(loop_errors),
        "examples": counter.examples + [str(e) for e in loop_errors[:3]],
        "samples": samples,
    }


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--updates", type=int, default=50_000)
    parser.add_argument("--users", type=int, default=5_000)
    parser.add_argument("--fail-rate", type=float, default=0.05)
    args = parser.parse_args(argv)
    with fake_server(0.0, args.fail_rate) as port:
        batch = mixed(args.updates, args.users)
        for start in range(0, len(batch), 1000):
            control(port, "push", batch[start : start + 1000])
        result = subprocess.run(
            [sys.executable, __file__, "worker", str(port), str(args.updates)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=3600,
        )
        stats = control(port, "stats")
    if result.returncode != 0:
        raise SystemExit(f"soak worker failed:\n{result.stderr[-3000:]}")
    r = json.loads(result.stdout.strip().splitlines()[-1])
    failures = ", ".join(f"{k} {v}" for k, v in sorted(stats["random_failures"].items()))
    print(f"soak: {args.updates:,} mixed updates from {args.users:,} users; fake server failing "
          f"{args.fail_rate:.0%} of calls ({failures})")  # fmt: skip
    print(f"  handled: {r['completed']:,} of {r['received']:,} received ({args.updates - r['completed']:,} dropped "
          f"by flood control or never delivered) in {r['seconds']:.0f} s ({r['received'] / r['seconds']:.0f}/s)")  # fmt: skip
    print(
        f"  handler errors caught (the person was told): {r['handled_errors']:,}; "
        f"failed polls retried: {r['polling_retries']}; exceptions escaped: {r['escaped']}"
    )
    for example in r["examples"]:
        print(f"    escaped: {example}")
    series = ", ".join(f"{n // 1000}k {mib:.0f}" for n, mib in r["samples"])
    print(f"  resident memory (MiB) after: {series}")
    if r["samples"]:
        growth = r["samples"][-1][1] - r["samples"][min(1, len(r["samples"]) - 1)][1]
        print(f"  growth after warm-up: {growth:+.1f} MiB")


if __name__ == "__main__":
    if sys.argv[1:2] == ["worker"]:
        print(json.dumps(asyncio.run(worker(int(sys.argv[2]), int(sys.argv[3])))))
    else:
        main(sys.argv[1:])
