"""Throughput, CPU per update and peak memory of our bot beside a bare python-telegram-bot bot.

Each run: the fake Bot API server in its own process (so it never competes with the bot
for a core), 5,000 updates from 500 users queued on it, then one bot in its own worker
process polls them and answers. Both bots count finished updates with the same late-group
handler, so what we measure costs both the same. Our bot runs with its rate limiter off,
as the bare bot has none.

Two workloads: `/define WORD` messages (five words), and inline queries (a mix of what
people type: prefixes, typos, the comparison, an empty query, a clinical question).

Like for like (issue 17): the bare bot sends exactly our bytes, per query, built once at
start (bench/like_for_like.py). With no added latency, it and our bot run in `--pairs`
interleaved pairs (bare first, then ours first, and so on); printed are the median
ratio of our rate to the bare bot's, its spread over the pairs, and CPU µs per update
for both. The bare bot handles updates one at a time (its default); ours has 8 in
flight, in order per chat. With 50 ms added to every answer, one pair, the bare bot
then with 8 in flight. A bare bot sending a short constant is shown for scale.

    python bench/run.py                      # everything
    python bench/run.py --workload inline --updates 1000 --pairs 3
    python bench/run.py --profile define     # cProfile of our bot: the top entries
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

from telegram import InlineQueryResultArticle, InputTextMessageContent

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.like_for_like import (  # noqa: E402
    DEFINE_TERMS,
    INLINE_QUERIES,
    bare_application,
    distinct_queries,
)
from bot.fake_telegram.harness import start_application, stop_application  # noqa: E402
from bot.fake_telegram.server import DEFAULT_TOKEN, DEFAULT_USERNAME  # noqa: E402
from bot.fake_telegram.updates import inline_update, message_update  # noqa: E402

REPLY_METHOD = {
    "define": "sendMessage",
    "inline": "answerInlineQuery",
    "distinct": "answerInlineQuery",
    "text": "sendMessage",
}
# free text, for the profile only: word questions, the comparison, a clinical question
TEXTS = (
    "what does refractory mean",
    "relapsed vs refractory",
    "hello",
    "my dad's paraprotein went up, is that bad?",
    "thank you so much",
)


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
    if workload == "text":
        return [
            message_update(TEXTS[i % len(TEXTS)], chat_id=1_000 + i % users, message_id=i + 1)
            for i in range(updates)
        ]
    if workload == "distinct":
        from bot.shell.config import DEFAULT_CONTENT_DIR
        from bot.shell.content_files import load_content

        queries = distinct_queries(load_content(DEFAULT_CONTENT_DIR), updates)
        return [
            inline_update(q, user_id=1_000 + i % users, query_id=str(i))
            for i, q in enumerate(queries)
        ]
    if workload == "inline":
        return [
            inline_update(
                INLINE_QUERIES[i % len(INLINE_QUERIES)], user_id=1_000 + i % users, query_id=str(i)
            )
            for i in range(updates)
        ]
    return [
        message_update(
            f"/define {DEFINE_TERMS[i % len(DEFINE_TERMS)]}",
            chat_id=1_000 + i % users,
            message_id=i + 1,
        )
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


def pairs_of(
    pairs: int, port: int, workload: str, updates: int, users: int, bare_concurrency: int
) -> tuple[list[dict[str, float]], list[dict[str, float]]]:
    """`pairs` runs of each bot, interleaved, the first to run alternating."""
    bare, ours = [], []
    common = (port, workload, updates, users, bare_concurrency)
    for i in range(pairs):
        if i % 2 == 0:
            bare.append(measure("bare", *common, "ours"))
            ours.append(measure("ours", *common))
        else:
            ours.append(measure("ours", *common))
            bare.append(measure("bare", *common, "ours"))
    return bare, ours


def summary(runs: list[dict[str, float]]) -> dict[str, float]:
    return {
        "rate": statistics.median(r["rate"] for r in runs),
        "cpu_us": statistics.median(r["cpu_us"] for r in runs),
        "peak_mib": max(r["peak_mib"] for r in runs),
    }


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--updates", type=int, default=5000)
    parser.add_argument("--users", type=int, default=500)
    parser.add_argument(
        "--workload", choices=["define", "inline", "distinct", "all"], default="all"
    )
    parser.add_argument("--pairs", type=int, default=5, help="interleaved pairs, no latency")
    parser.add_argument("--profile", choices=["define", "inline", "text"], default=None)
    args = parser.parse_args(argv)
    if args.profile:
        profile(args.profile, args.updates)
        return
    workloads = ("define", "inline", "distinct") if args.workload == "all" else (args.workload,)
    print(f"{args.updates} updates from {args.users} users per run; rate limiter off\n")
    head = f"{'workload':<8} {'scenario':<18} {'bot':<36} {'updates/s':>10} {'CPU/update':>11}"
    print(f"{head} {'peak RSS':>10}")
    for workload in workloads:
        scenarios = [("no added latency", 0.0, 1, args.pairs)]
        if workload != "distinct":  # a like-for-like figure at latency, once is enough
            scenarios.append(("50 ms per answer", 0.05, 8, 1))
        for name, latency, bare_concurrency, pairs in scenarios:
            with fake_server(latency) as port:
                common = (port, workload, args.updates, args.users, bare_concurrency)
                short = measure("bare", *common, "short")
                bare_runs, our_runs = pairs_of(pairs, *common)
            bare, ours = summary(bare_runs), summary(our_runs)
            how = f"{bare_concurrency} in flight" if bare_concurrency > 1 else "sequential"
            rows = (
                (f"bare PTB, short constant ({how})", short),
                (f"bare PTB, our bytes ({how})", bare),
                ("ours (8 in flight, chat-ordered)", ours),
            )
            for label, f in rows:
                print(
                    f"{workload:<8} {name:<18} {label:<36} {f['rate']:>10.1f} "
                    f"{f['cpu_us']:>8.0f} µs {f['peak_mib']:>6.1f} MiB"
                )
            ratios = sorted(
                o["rate"] / b["rate"] for o, b in zip(our_runs, bare_runs, strict=True)
            )
            spread = f"{ratios[0]:.2f}-{ratios[-1]:.2f}" if len(ratios) > 1 else "one pair"
            print(
                f"{workload:<8} {name:<18} {'ratio ours / bare, like for like':<36} "
                f"{statistics.median(ratios):>10.2f}   (spread {spread} over {len(ratios)} pairs)"
            )
            print(flush=True)


def profile(workload: str, updates: int) -> None:
    """Our bot under cProfile (serving only, not start-up): the top entries by own time."""
    import cProfile
    import pstats

    kinds = {"define": "define", "inline": "inline", "text": "text"}
    with fake_server(0.0) as port:
        control(port, "reset", {})
        batch = updates_for(kinds[workload], updates, 500)
        for start in range(0, updates, 1000):
            control(port, "push", batch[start : start + 1000])
        profiler = cProfile.Profile()
        asyncio.run(run_worker("ours", port, workload, updates, 1, "ours", profiler))
    stats = pstats.Stats(profiler)
    stats.sort_stats("tottime").print_stats(25)


# -- one bot, in its own process -------------------------------------------------------


async def run_worker(
    kind: str,
    port: int,
    workload: str,
    updates: int,
    bare_concurrency: int,
    payload: str,
    profiler: Any = None,
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

    from bot.shell.config import DEFAULT_CONTENT_DIR, Secret, Settings
    from bot.shell.content_files import load_content

    base_url = f"http://127.0.0.1:{port}/bot"
    scratch = tempfile.TemporaryDirectory(prefix="rrmm-bench-")  # our bot's database
    done = asyncio.Event()
    finished = 0

    async def count(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        nonlocal finished
        finished += 1
        if finished >= updates:
            done.set()

    if kind == "bare" and payload == "short":
        app: Application = (
            ApplicationBuilder()
            .token(DEFAULT_TOKEN)
            .base_url(base_url)
            .concurrent_updates(bare_concurrency)
            .build()
        )
        results = [
            InlineQueryResultArticle(
                "1", "Relapsed", InputTextMessageContent("Relapsed: it came back.")
            )
        ]

        async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
            assert update.inline_query is not None
            await update.inline_query.answer(results, cache_time=300)

        async def reply(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
            assert update.message is not None
            await update.message.reply_text("Relapsed: the myeloma has come back after treatment.")

        app.add_handler(InlineQueryHandler(answer))
        app.add_handler(CommandHandler("define", reply))
    elif kind == "bare":
        content = load_content(DEFAULT_CONTENT_DIR)
        queries = distinct_queries(content, updates) if workload == "distinct" else INLINE_QUERIES
        app = bare_application(
            DEFAULT_TOKEN, base_url, DEFAULT_USERNAME, content, bare_concurrency, queries
        )
    else:
        from bot.shell.app import build_application

        settings = Settings(
            token=Secret(DEFAULT_TOKEN),
            api_base_url=base_url,
            rate_limiter=False,
            scheduler=False,
            db_path=Path(scratch.name) / "bench.sqlite3",
        )
        app = build_application(settings, load_content(DEFAULT_CONTENT_DIR))
    app.add_handler(TypeHandler(Update, count), group=99)  # runs after the answer was sent

    await start_application(app)
    if profiler is not None:
        profiler.enable()
    started = time.perf_counter()
    cpu_started = time.process_time()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0, timeout=5)
    await asyncio.wait_for(done.wait(), 600)
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    if profiler is not None:
        profiler.disable()
    await stop_application(app)
    scratch.cleanup()
    return {
        "rate": updates / elapsed,
        "seconds": elapsed,
        "cpu_us": cpu / updates * 1e6,
        "peak_mib": peak_rss_mib(),
    }


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
