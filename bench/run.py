"""Throughput and peak memory of our bot beside a bare python-telegram-bot bot.

Each run: the fake Bot API server in its own process (so it never competes with the bot
for a core), 5,000 `/define relapsed` updates from 500 users queued on it, then one bot in
its own worker process polls them and answers. Both bots count finished updates with the
same late-group handler, so what we measure costs both the same. Printed: updates per
second, peak resident memory, and our/bare ratio; with no added latency (the bare bot
handling updates one at a time, its default) and with 50 ms added to every answer (the
bare bot then with 8 updates in flight). Our bot runs with its rate limiter off, as the
bare bot has none.

Two bare bots: one replies with a short constant text (the baseline as specified); the
other replies with our own /define reply (about 1,000 characters and a keyboard) as a
constant. The second separates what our code costs from what sending a real definition
costs python-telegram-bot and httpx.

    python bench/run.py                # both scenarios, 5,000 updates each
    python bench/run.py --updates 1000 # quicker
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.devserver import DEFAULT_TOKEN, message_update  # noqa: E402

SCENARIOS = (("no added latency", 0.0, 1), ("50 ms per answer", 0.05, 8))


def peak_rss_mib() -> float:
    """This process's peak resident memory since it started its program.

    Not ru_maxrss: on Linux that survives exec, so a worker would report the high-water
    mark of the process that forked it.
    """
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


# -- the orchestrator ------------------------------------------------------------------


@contextmanager
def fake_server(latency: float):
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.devserver", "--latency", str(latency)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        port = int(proc.stdout.readline())
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def control(port: int, what: str, body: Any = None) -> Any:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/_control/{what}", data=data, method="POST"
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def measure(
    kind: str, port: int, updates: int, users: int, bare_concurrency: int, payload: str = "short"
) -> dict[str, float]:
    control(port, "reset", {})
    batch = [
        message_update("/define relapsed", chat_id=1_000 + i % users, message_id=i + 1)
        for i in range(updates)
    ]
    for start in range(0, updates, 1000):
        control(port, "push", batch[start : start + 1000])
    result = subprocess.run(
        [
            sys.executable,
            __file__,
            "worker",
            kind,
            "--port",
            str(port),
            "--updates",
            str(updates),
            "--bare-concurrency",
            str(bare_concurrency),
            "--payload",
            payload,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if result.returncode != 0:
        raise SystemExit(f"{kind} worker failed:\n{result.stderr}")
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    sent = control(port, "stats")["counts"].get("sendMessage", 0)
    if sent < updates:
        raise SystemExit(f"{kind}: only {sent} of {updates} replies reached the server")
    return figures


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--updates", type=int, default=5000)
    parser.add_argument("--users", type=int, default=500)
    args = parser.parse_args(argv)
    print(f"{args.updates} '/define relapsed' updates from {args.users} users; rate limiter off\n")
    print(f"{'scenario':<18} {'bot':<34} {'updates/s':>10} {'peak RSS':>11}")
    for name, latency, bare_concurrency in SCENARIOS:
        with fake_server(latency) as port:
            bare = measure("bare", port, args.updates, args.users, bare_concurrency, "short")
            same = measure("bare", port, args.updates, args.users, bare_concurrency, "ours")
            ours = measure("ours", port, args.updates, args.users, bare_concurrency)
        how = f"{bare_concurrency} in flight" if bare_concurrency > 1 else "sequential"
        rows = (
            (f"bare PTB, short text ({how})", bare),
            (f"bare PTB, our reply ({how})", same),
            ("ours (8 in flight, chat-ordered)", ours),
        )
        for label, figures in rows:
            print(
                f"{name:<18} {label:<34} {figures['rate']:>10.1f} {figures['peak_mib']:>7.1f} MiB"
            )
        for label, base in (("short text", bare), ("our reply", same)):
            ratio = ours["rate"] / base["rate"]
            print(f"{name:<18} {'ratio ours / bare, ' + label:<34} {ratio:>10.2f}")
        print()


# -- one bot, in its own process -------------------------------------------------------


async def run_worker(
    kind: str, port: int, updates: int, bare_concurrency: int, payload: str
) -> dict[str, float]:
    from telegram import Update
    from telegram.ext import (
        Application,
        ApplicationBuilder,
        CommandHandler,
        ContextTypes,
        TypeHandler,
    )

    base_url = f"http://127.0.0.1:{port}/bot"
    scratch = tempfile.TemporaryDirectory(prefix="rrmm-bench-")  # our bot's database
    done = asyncio.Event()
    finished = 0

    async def count(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        nonlocal finished
        finished += 1
        if finished >= updates:
            done.set()

    if kind == "bare":
        text, markup, parse_mode = (
            "Relapsed: the myeloma has come back after treatment.",
            None,
            None,
        )
        if payload == "ours":
            from bot.config import DEFAULT_CONTENT_DIR
            from bot.content import load_content
            from bot.handlers.reply import keyboard
            from bot.render import render_term

            content = load_content(DEFAULT_CONTENT_DIR)
            rendered = render_term(content.terms_by_id["relapsed"], content)
            text, markup, parse_mode = rendered.html, keyboard(rendered), "HTML"

        async def reply(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
            assert update.message is not None
            await update.message.reply_text(text, reply_markup=markup, parse_mode=parse_mode)

        app: Application = (
            ApplicationBuilder()
            .token(DEFAULT_TOKEN)
            .base_url(base_url)
            .concurrent_updates(bare_concurrency)
            .build()
        )
        app.add_handler(CommandHandler("define", reply))
    else:
        from bot.app import build_application
        from bot.config import Secret, Settings
        from bot.content import load_content

        settings = Settings(
            token=Secret(DEFAULT_TOKEN),
            api_base_url=base_url,
            rate_limiter=False,
            scheduler=False,
            db_path=Path(scratch.name) / "bench.sqlite3",
        )
        app = build_application(settings, load_content(settings.content_dir))
    app.add_handler(TypeHandler(Update, count), group=99)  # runs after the reply was sent

    await app.initialize()
    if app.post_init:
        await app.post_init(app)
    await app.start()
    started = time.perf_counter()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0, timeout=5)
    await asyncio.wait_for(done.wait(), 600)
    elapsed = time.perf_counter() - started
    await app.updater.stop()  # as run_polling ends: stop, post_stop, shutdown, post_shutdown
    await app.stop()
    if app.post_stop:
        await app.post_stop(app)
    await app.shutdown()
    if app.post_shutdown:
        await app.post_shutdown(app)
    scratch.cleanup()
    return {"rate": updates / elapsed, "seconds": elapsed, "peak_mib": peak_rss_mib()}


def worker(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=["bare", "ours"])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--updates", type=int, required=True)
    parser.add_argument("--bare-concurrency", type=int, default=1)
    parser.add_argument("--payload", choices=["short", "ours"], default="short")
    args = parser.parse_args(argv)
    figures = asyncio.run(
        run_worker(args.kind, args.port, args.updates, args.bare_concurrency, args.payload)
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    if sys.argv[1:2] == ["worker"]:
        worker(sys.argv[2:])
    else:
        main(sys.argv[1:])
