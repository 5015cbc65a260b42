"""Throughput and peak memory of our bot beside a bare python-telegram-bot bot.

Each run: the fake Bot API server in its own process (so it never competes with the bot
for a core), 5,000 updates from 500 users queued on it, then one bot in its own worker
process polls them and answers. Both bots count finished updates with the same late-group
handler, so what we measure costs both the same. Printed: updates per second, peak resident
memory, and our/bare ratios; with no added latency (the bare bot handling updates one at a
time, its default; the median of --repeat runs) and with 50 ms added to every answer (the
bare bot then with 8 updates in flight). Our bot runs with its rate limiter off, as the
bare bot has none.

Two workloads: `/define relapsed` messages, and inline queries (a mix of what people type:
prefixes, typos, the comparison, an empty query, a clinical question).

Two bare bots: one replies with a short constant (the baseline as specified); the other
replies with our own reply as a constant (our /define reply, about 1,000 characters and a
keyboard; our inline answer to "refr"). The second separates what our code costs from what
sending a real answer costs python-telegram-bot and httpx.

    python bench/run.py                      # everything
    python bench/run.py --workload inline --updates 1000 --repeat 1
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
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

from bot.fake_telegram.harness import start_application, stop_application  # noqa: E402
from bot.fake_telegram.server import DEFAULT_TOKEN  # noqa: E402
from bot.fake_telegram.updates import inline_update, message_update  # noqa: E402

SCENARIOS = (("no added latency", 0.0, 1), ("50 ms per answer", 0.05, 8))
INLINE_QUERIES = (
    "refr",
    "relapsed",
    "remision",
    "",
    "compare",
    "plasma",
    "rrmm",
    "m spike",
    "should I stop dex",
    "xyz",
)
REPLY_METHOD = {"define": "sendMessage", "inline": "answerInlineQuery"}


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
def fake_server(latency: float, fail_rate: float = 0.0):
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bot.fake_telegram.server",
            "--latency",
            str(latency),
            "--fail-rate",
            str(fail_rate),
        ],
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


def updates_for(workload: str, updates: int, users: int) -> list[dict[str, Any]]:
    if workload == "inline":
        return [
            inline_update(
                INLINE_QUERIES[i % len(INLINE_QUERIES)], user_id=1_000 + i % users, query_id=str(i)
            )
            for i in range(updates)
        ]
    return [
        message_update("/define relapsed", chat_id=1_000 + i % users, message_id=i + 1)
        for i in range(updates)
    ]


def measure(
    kind: str,
    port: int,
    workload: str,
    updates: int,
    users: int,
    bare_concurrency: int,
    payload: str = "short",
) -> dict[str, float]:
    control(port, "reset", {})
    batch = updates_for(workload, updates, users)
    for start in range(0, updates, 1000):
        control(port, "push", batch[start : start + 1000])
    args = [kind, str(port), workload, str(updates), str(bare_concurrency), payload]
    result = subprocess.run(
        [sys.executable, __file__, "worker", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if result.returncode != 0:
        raise SystemExit(f"{kind} worker failed:\n{result.stderr}")
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    answered = control(port, "stats")["counts"].get(REPLY_METHOD[workload], 0)
    if answered < updates:
        raise SystemExit(f"{kind}: only {answered} of {updates} answers reached the server")
    return figures


def median_run(repeat: int, *args: Any) -> dict[str, float]:
    runs = [measure(*args) for _ in range(repeat)]
    rate = statistics.median(r["rate"] for r in runs)
    return {"rate": rate, "peak_mib": max(r["peak_mib"] for r in runs)}


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--updates", type=int, default=5000)
    parser.add_argument("--users", type=int, default=500)
    parser.add_argument("--workload", choices=["define", "inline", "all"], default="all")
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs per bot with no latency (median)"
    )
    args = parser.parse_args(argv)
    workloads = ("define", "inline") if args.workload == "all" else (args.workload,)
    print(f"{args.updates} updates from {args.users} users per run; rate limiter off\n")
    print(f"{'workload':<8} {'scenario':<18} {'bot':<34} {'updates/s':>10} {'peak RSS':>11}")
    for workload in workloads:
        for name, latency, bare_concurrency in SCENARIOS:
            repeat = args.repeat if latency == 0 else 1
            with fake_server(latency) as port:
                common = (port, workload, args.updates, args.users, bare_concurrency)
                bare = median_run(repeat, "bare", *common, "short")
                same = median_run(repeat, "bare", *common, "ours")
                ours = median_run(repeat, "ours", *common)
            how = f"{bare_concurrency} in flight" if bare_concurrency > 1 else "sequential"
            rows = (
                (f"bare PTB, short constant ({how})", bare),
                (f"bare PTB, our reply ({how})", same),
                ("ours (8 in flight, chat-ordered)", ours),
            )
            for label, figures in rows:
                print(
                    f"{workload:<8} {name:<18} {label:<34} {figures['rate']:>10.1f} {figures['peak_mib']:>7.1f} MiB"
                )
            for label, base in (("short constant", bare), ("our reply", same)):
                ratio = ours["rate"] / base["rate"]
                print(
                    f"{workload:<8} {name:<18} {'ratio ours / bare, ' + label:<34} {ratio:>10.2f}"
                )
            print(flush=True)


# -- one bot, in its own process -------------------------------------------------------


async def run_worker(
    kind: str, port: int, workload: str, updates: int, bare_concurrency: int, payload: str
) -> dict[str, float]:
    from telegram import Update
    from telegram.ext import (
        Application,
        ApplicationBuilder,
        CommandHandler,
        ContextTypes,
        InlineQueryHandler,
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
        app: Application = (
            ApplicationBuilder()
            .token(DEFAULT_TOKEN)
            .base_url(base_url)
            .concurrent_updates(bare_concurrency)
            .build()
        )
        if workload == "inline":
            results = await bare_inline_results(payload)

            async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
                assert update.inline_query is not None
                await update.inline_query.answer(results, cache_time=300)

            app.add_handler(InlineQueryHandler(answer))
        else:
            text, markup, parse_mode = bare_define_reply(payload)

            async def reply(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
                assert update.message is not None
                await update.message.reply_text(text, reply_markup=markup, parse_mode=parse_mode)

            app.add_handler(CommandHandler("define", reply))
    else:
        from bot.shell.app import build_application
        from bot.shell.config import Secret, Settings
        from bot.shell.content_files import load_content

        settings = Settings(
            token=Secret(DEFAULT_TOKEN),
            api_base_url=base_url,
            rate_limiter=False,
            scheduler=False,
            db_path=Path(scratch.name) / "bench.sqlite3",
        )
        app = build_application(settings, load_content(settings.content_dir))
    app.add_handler(TypeHandler(Update, count), group=99)  # runs after the answer was sent

    await start_application(app)
    started = time.perf_counter()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0, timeout=5)
    await asyncio.wait_for(done.wait(), 600)
    elapsed = time.perf_counter() - started
    await stop_application(app)
    scratch.cleanup()
    return {"rate": updates / elapsed, "seconds": elapsed, "peak_mib": peak_rss_mib()}


def bare_define_reply(payload: str) -> tuple[str, Any, str | None]:
    if payload == "short":
        return "Relapsed: the myeloma has come back after treatment.", None, None
    from bot.core.render import render_term
    from bot.shell.config import DEFAULT_CONTENT_DIR
    from bot.shell.content_files import load_content
    from bot.shell.markup import keyboard

    content = load_content(DEFAULT_CONTENT_DIR)
    rendered = render_term(content.terms_by_id["relapsed"], content)
    return rendered.html, keyboard(rendered), "HTML"


async def bare_inline_results(payload: str) -> list[Any]:
    from telegram import InlineQueryResultArticle, InputTextMessageContent

    if payload == "short":
        return [
            InlineQueryResultArticle(
                "1", "Relapsed", InputTextMessageContent("Relapsed: it came back.")
            )
        ]
    from bot.core.glossary import Glossary
    from bot.core.render_inline import answer_inline, build_inline_catalogue
    from bot.core.triage import Triage
    from bot.shell.config import DEFAULT_CONTENT_DIR
    from bot.shell.content_files import load_content
    from bot.shell.markup import keyboard

    content = load_content(DEFAULT_CONTENT_DIR)
    glossary = Glossary.of(content)
    link = lambda payload: f"https://t.me/b?start={payload}"  # noqa: E731
    catalogue = build_inline_catalogue(content, link)
    verdict = Triage(content.triage).classify("refr")
    answer = answer_inline("refr", verdict, glossary, content, catalogue, link)
    return [
        InlineQueryResultArticle(
            i.id, i.title, InputTextMessageContent(i.reply.html, parse_mode="HTML"), description=i.description,
            reply_markup=keyboard(i.reply),
        )
        for i in answer.items
    ]  # fmt: skip


def worker(argv: list[str]) -> None:
    kind, port, workload, updates, bare_concurrency, payload = argv
    figures = asyncio.run(
        run_worker(kind, int(port), workload, int(updates), int(bare_concurrency), payload)
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    if sys.argv[1:2] == ["worker"]:
        worker(sys.argv[2:])
    else:
        main(sys.argv[1:])
