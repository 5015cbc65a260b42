"""Daily-tip figures: the due query at 100,000 subscriptions, and a fan-out's messages/s.

    python bench/tips.py                       # both, default sizes
    python bench/tips.py --limited-chats 10000 # the rate-limited fan-out at full size (~6 min)

The fan-out runs our real Delivery (claim, send, mark) against the fake Bot API server in its
own process; once with the rate limiter off (what our code can push) and once on (it should
sit near Telegram's ~30 messages/second).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import fake_server, peak_rss_mib  # noqa: E402
from bot.core.schedule import Subscription, Zone, next_due, parse_zone  # noqa: E402
from bot.fake_telegram.harness import start_application, stop_application  # noqa: E402
from bot.fake_telegram.server import DEFAULT_TOKEN  # noqa: E402
from bot.shell.store import Store  # noqa: E402

NOW = dt.datetime(2026, 11, 29, 9, 0, tzinfo=dt.UTC)
ZONES = [
    "UTC", "Europe/London", "Europe/Berlin", "Europe/Madrid", "America/New_York", "America/Chicago",
    "America/Denver", "America/Los_Angeles", "America/Sao_Paulo", "Asia/Kolkata", "Asia/Tokyo",
    "Australia/Sydney", "Africa/Lagos", "Pacific/Auckland", "UTC+05:30", "UTC-03:00",
]  # fmt: skip


def spread(n: int, seed: int = 7) -> list[Subscription]:
    """n subscriptions across zones and times of day, each with its real next due instant."""
    rng = random.Random(seed)
    subs = []
    for chat_id in range(1, n + 1):
        zone = parse_zone(rng.choice(ZONES)) or Zone("UTC")
        at = dt.time(rng.randrange(6, 22), rng.choice((0, 15, 30, 45)))
        due = next_due(NOW - dt.timedelta(hours=12), at, zone)
        subs.append(
            Subscription(
                chat_id=chat_id,
                chat_type="private",
                zone=zone,
                send_time=at,
                subscribed=True,
                subscribed_at=NOW,
                next_due=due,
            )
        )
    return subs


async def due_query(n: int) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        store = await Store.open(Path(scratch) / "bench.sqlite3")
        await store.save_many(spread(n))
        plan = await store.due_query_plan()
        # One scheduler wake-up: what is due in the last minute, read in pages.
        timings, found = [], 0
        for minute in range(0, 24 * 60, 24):  # 60 wake-ups across the day
            now = NOW - dt.timedelta(hours=12) + dt.timedelta(minutes=minute)
            started = time.perf_counter()
            rows = await store.due(now, 500, after=(now - dt.timedelta(minutes=1), 0))
            timings.append(time.perf_counter() - started)
            found += len(rows)
        await store.close()
    print(f"due query, {n:,} subscriptions in {len(ZONES)} zones")
    print(f"  query plan: {plan}")
    print(
        f"  one wake-up (rows due in the last minute, avg {found / len(timings):.0f}): "
        f"median {statistics.median(timings) * 1000:.2f} ms, max {max(timings) * 1000:.2f} ms\n"
    )


def fanout(chats: int, limiter: bool) -> dict[str, float]:
    with fake_server(0.0) as port:
        result = subprocess.run(
            [
                sys.executable,
                __file__,
                "worker",
                str(port),
                str(chats),
                "on" if limiter else "off",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=3600,
        )
    if result.returncode != 0:
        raise SystemExit(f"fan-out worker failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


async def fanout_worker(port: int, chats: int, limiter: bool) -> dict[str, float]:
    from bot.shell.app import build_application
    from bot.shell.config import DEFAULT_CONTENT_DIR, Secret, Settings
    from bot.shell.content_files import load_content

    class Frozen:
        def now(self) -> dt.datetime:
            return NOW

    with tempfile.TemporaryDirectory() as scratch:
        settings = Settings(
            token=Secret(DEFAULT_TOKEN),
            api_base_url=f"http://127.0.0.1:{port}/bot",
            db_path=Path(scratch) / "bench.sqlite3",
            rate_limiter=limiter,
            scheduler=False,
        )
        app = build_application(settings, load_content(DEFAULT_CONTENT_DIR), Frozen())
        await start_application(app)
        deps = app.bot_data["deps"]
        await deps.store.save_many(
            [
                Subscription(
                    chat_id=i,
                    chat_type="private",
                    subscribed=True,
                    subscribed_at=NOW,
                    next_due=NOW,
                )
                for i in range(1, chats + 1)
            ]
        )
        started = time.perf_counter()
        outcome = await deps.delivery.run_due()
        elapsed = time.perf_counter() - started
        sent_rows = await deps.store.count_sent()
        await stop_application(app)
    if outcome.get("sent") != chats or sent_rows != chats:
        raise SystemExit(f"only {outcome.get('sent')} of {chats} sent ({dict(outcome)})")
    return {"rate": chats / elapsed, "seconds": elapsed, "peak_mib": peak_rss_mib()}


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--subscriptions", type=int, default=100_000)
    parser.add_argument(
        "--chats", type=int, default=10_000, help="fan-out with the rate limiter off"
    )
    parser.add_argument("--limited-chats", type=int, default=1_500, help="fan-out with it on")
    args = parser.parse_args(argv)
    asyncio.run(due_query(args.subscriptions))
    print("tip fan-out (claim, send, mark for each chat)")
    for chats, limiter in ((args.chats, False), (args.limited_chats, True)):
        f = fanout(chats, limiter)
        label = "rate limiter on " if limiter else "rate limiter off"
        print(
            f"  {label}: {chats:>6,} chats in {f['seconds']:6.1f} s = {f['rate']:7.1f} messages/s, peak RSS {f['peak_mib']:.1f} MiB"
        )


if __name__ == "__main__":
    if sys.argv[1:2] == ["worker"]:
        port, chats, limiter = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4] == "on"
        print(json.dumps(asyncio.run(fanout_worker(port, chats, limiter))))
    else:
        main(sys.argv[1:])
