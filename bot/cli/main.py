"""Command line: run | demo | check-content. Only wires things together and runs them."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bot.core.checks import check_rendered
from bot.core.content import Content, ContentInvalid
from bot.shell import logs
from bot.shell.config import ConfigError, Settings, settings_from_env
from bot.shell.content_files import load_content

EXIT_CONFIG = 2
TOKEN_REJECTED = (
    "TELEGRAM_BOT_TOKEN was rejected by Telegram: it is wrong or was revoked. "
    "Get the bot's current token from @BotFather and set it again."
)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description="The RRMM glossary bot.")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="poll Telegram (the default)")
    demo = sub.add_parser("demo", help="talk to the bot in this terminal; no Telegram, no token")
    demo.add_argument(
        "--db",
        metavar="PATH",
        help="keep the demo's database here between runs (default: a throw-away one)",
    )
    sub.add_parser("check-content", help="check content/*.yaml and print a summary")
    backup = sub.add_parser("backup", help="copy the database safely while the bot runs")
    backup.add_argument("path", help="the new file to write")
    triage = sub.add_parser("triage", help="label messages from standard input, one per line")
    triage.add_argument("--explain", action="store_true", help="add the rules that matched")
    triage.add_argument(
        "--evaluate", metavar="FILE.tsv", help="score labelled messages (label<TAB>text)"
    )
    triage.add_argument("--rules-only", action="store_true", help="without the learned safety net")
    triage.add_argument(
        "--train",
        metavar="DIR",
        help="train the learned safety net on DIR/*.tsv; write content/triage_model.json",
    )
    args = parser.parse_args(argv)
    command = args.command or "run"
    try:
        settings = settings_from_env(os.environ, require_token=command == "run")
    except ConfigError as exc:
        return _fail(exc.problems)
    secrets = [settings.token.reveal(), settings.webhook_secret.reveal()]
    logs.configure(settings.log_level if command == "run" else "WARNING", secrets)
    if command == "backup":
        return run_backup(settings, Path(args.path))
    try:
        content = load_content(settings.content_dir)
    except ContentInvalid as exc:
        return _fail(exc.problems)
    if command == "check-content":
        return check_content(content, str(settings.content_dir))
    if command == "triage":
        if args.train:
            return train_model(content, Path(args.train), settings.content_dir)
        return run_triage(content, args.explain, args.evaluate, args.rules_only)
    problems = check_rendered(content, str(settings.content_dir))
    if problems:
        return _fail(problems)
    if command == "demo":
        from bot.cli.demo import run_demo

        return run_demo(settings, content, db=Path(args.db) if args.db else None)
    return run_bot(settings, content)


def check_content(content: Content, origin: str) -> int:
    """Everything Telegram would refuse, every banned phrase (errors); reading grades and
    review dates (listed); and a summary."""
    from bot.core.quality import STYLE_FILE, parse_style, review

    style_path = Path(origin) / STYLE_FILE
    try:
        rules = parse_style(style_path.read_text(encoding="utf-8"), origin)
    except FileNotFoundError:
        return _fail([f"{style_path}: file is missing"])
    except ContentInvalid as exc:
        return _fail(exc.problems)
    report = review(content, rules, dt.date.today(), origin)
    problems = check_rendered(content, origin) + report.errors
    for line in report.summary:
        print(line)
    if report.unreviewed:
        print("\nWaiting for a clinical review (content/README.md says how to record one):")
        for line in report.unreviewed:
            print(f"  {line}")
    if report.warnings:
        print(f"\n{len(report.warnings)} to look at (not errors):")
        for line in report.warnings:
            print(f"  {line}")
    if problems:
        print(file=sys.stderr)
        return _fail(problems)
    print("\ncontent OK")
    return 0


def run_backup(settings: Settings, target: Path) -> int:
    from bot.shell.store import StoreError, backup

    try:
        chats = backup(settings.db_path, target)
    except StoreError as exc:
        return _fail([str(exc)])
    print(f"backed up {settings.db_path} to {target} ({chats} chats)")
    return 0


def run_triage(
    content: Content, explain: bool, evaluate_file: str | None, rules_only: bool = False
) -> int:
    import dataclasses

    from bot.core.triage import Triage
    from bot.core.triage_eval import evaluate, read_cases, report

    rules = dataclasses.replace(content.triage, model=None) if rules_only else content.triage
    triage = Triage(rules)
    if evaluate_file:
        try:
            cases = read_cases(Path(evaluate_file).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            return _fail([f"{evaluate_file}: {exc}"])
        print(report(evaluate(cases, triage)))
        return 0
    for line in sys.stdin:
        verdict = triage.classify(line.rstrip("\n"))
        reasons = f"\t{','.join(verdict.reasons) or '-'}" if explain else ""
        print(f"{verdict.label}{reasons}", flush=True)
    return 0


def train_model(content: Content, data: Path, content_dir: Path) -> int:
    """Train the learned safety net on every labelled set in ``data`` and write it."""
    import json

    from bot.core.content import MODEL_FILE
    from bot.core.triage import Label, Triage
    from bot.core.triage_eval import read_cases
    from bot.core.triage_model import train

    triage = Triage(content.triage)
    examples = []
    files = sorted(data.glob("*.tsv"))
    for path in files:
        try:
            cases = read_cases(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            return _fail([f"{path}: {exc}"])
        examples += [(triage.words(c.text), c.label is Label.EMERGENCY) for c in cases]
    if not examples:
        return _fail([f"{data}: no labelled .tsv files"])
    model = train(examples)
    target = content_dir / MODEL_FILE
    target.write_text(json.dumps(model.to_json(), indent=0, ensure_ascii=False) + "\n")
    print(f"trained on {len(examples)} messages from {len(files)} files: {target}")
    print(f"{len(model.weights)} weights, threshold {model.threshold}")
    return 0


def run_bot(settings: Settings, content: Content) -> int:

    from bot.shell.app import build_application
    from bot.shell.dblock import DatabaseInUse, DatabaseLock

    lock = DatabaseLock(settings.db_path)
    try:
        lock.acquire()  # held until the process ends: one bot per database
    except DatabaseInUse as exc:
        return _fail([str(exc)])
    except OSError as exc:
        return _fail([f"BOT_DB_PATH: cannot use {settings.db_path}: {exc.strerror}"])
    problem = asyncio.run(check_store(settings)) or asyncio.run(check_telegram(settings))
    if problem:
        return _fail([problem])
    from telegram.error import InvalidToken

    application = build_application(settings, content)
    log = logging.getLogger("bot")
    try:
        _serve(application, settings, log)
    except InvalidToken:  # revoked while starting: still one line, never the token
        return _fail([TOKEN_REJECTED])
    return 0


def _serve(application: Any, settings: Settings, log: logging.Logger) -> None:
    from telegram import Update

    if settings.webhook_url:
        # our own server: the secret before the body, a size cap, unreadable updates
        # confirmed (bot.shell.webhook)
        from bot.shell.webhook import serve

        log.info("starting webhook port=%d", settings.webhook_port)
        asyncio.run(serve(application, settings, urlsplit(settings.webhook_url).path.lstrip("/")))
    else:
        log.info("starting polling")
        application.run_polling(allowed_updates=Update.ALL_TYPES)


async def check_store(settings: Settings) -> str | None:
    """Open (and migrate) the database once before polling, so a bad file is one clear line."""
    from bot.shell.store import Store, StoreError

    try:
        store = await Store.open(settings.db_path, settings.migrations_dir)
    except StoreError as exc:
        return str(exc)
    await store.close()
    return None


async def check_telegram(settings: Settings) -> str | None:
    """Ask the Bot API who we are before serving, so that a rejected token or an
    unreachable server is one clear line, not the library's traceback (whose message
    repeats the token)."""
    from telegram import Bot
    from telegram.error import InvalidToken, NetworkError

    bot = Bot(settings.token.reveal(), base_url=settings.api_base_url)
    try:
        async with bot:  # initialising calls getMe
            pass
    except InvalidToken:
        return TOKEN_REJECTED
    except NetworkError as exc:
        return (
            f"TELEGRAM_API_BASE_URL: could not reach the Bot API at {settings.api_base_url} "
            f"({type(exc).__name__}); check the address and the network, then start again."
        )
    return None


def _fail(problems: Sequence[str]) -> int:
    for line in problems:
        print(line, file=sys.stderr)
    return EXIT_CONFIG


def guarded_main(argv: Sequence[str] | None = None) -> int:
    """`main`, with any error nobody expected logged through the redacting log handler
    (so no secret reaches the output) instead of printed raw by Python."""
    try:
        return main(argv)
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception:
        logging.getLogger("bot").critical("stopped by an unexpected error", exc_info=True)
        return 1
