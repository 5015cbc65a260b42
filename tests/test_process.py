"""The real `python -m bot` process against the fake Bot API: start, answer, stop cleanly
on SIGTERM (what `docker stop` sends), in polling and in webhook mode."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sqlite3
import sys
from pathlib import Path

import httpx
import pytest

from bot.fake_telegram.server import FakeBotApi
from bot.fake_telegram.updates import message_update


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def start_bot(api: FakeBotApi, tmp_path: Path, **env: str) -> asyncio.subprocess.Process:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BOT_"))}
    clean |= {
        "TELEGRAM_BOT_TOKEN": api.token,
        "TELEGRAM_API_BASE_URL": api.base_url,
        "BOT_DB_PATH": str(tmp_path / "bot.sqlite3"),
        "BOT_RATE_LIMITER": "off",
        "LOG_LEVEL": "DEBUG",
        **env,
    }
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        env=clean,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def stop(proc: asyncio.subprocess.Process) -> tuple[int, str]:
    proc.send_signal(signal.SIGTERM)
    _, err = await asyncio.wait_for(proc.communicate(), 30)
    return proc.returncode or 0, err.decode()


async def test_polling_answers_and_stops_cleanly_on_sigterm(api: FakeBotApi, tmp_path: Path):
    proc = await start_bot(api, tmp_path)
    try:
        await api.wait_for("setMyCommands", count=3, timeout=30)
        api.push(message_update("/timezone UTC"))
        api.push(message_update("/subscribe 8:30"))
        await api.wait_for("sendMessage", count=2, timeout=30)
    finally:
        code, log = await stop(proc)
    assert code == 0, log
    assert "Traceback" not in log
    assert api.token not in log and "subscribe 8:30" not in log  # no token, no words typed
    assert "Application.stop() complete" in log
    with sqlite3.connect(tmp_path / "bot.sqlite3") as db:
        assert db.execute(
            "SELECT send_time FROM subscriptions WHERE chat_id = 1001"
        ).fetchone() == ("08:30",)


async def test_webhook_mode_needs_the_secret_on_every_request(api: FakeBotApi, tmp_path: Path):
    port = free_port()
    secret = "s3cret-webhook-token-0123456789"
    url = f"http://127.0.0.1:{port}/telegram"
    proc = await start_bot(
        api,
        tmp_path,
        BOT_WEBHOOK_URL=url,
        BOT_WEBHOOK_SECRET=secret,
        BOT_WEBHOOK_LISTEN="127.0.0.1",
        BOT_WEBHOOK_PORT=str(port),
    )
    try:
        set_webhook = (await api.wait_for("setWebhook", timeout=30))[0].params
        assert set_webhook["url"] == url and set_webhook["secret_token"] == secret
        update = json.dumps({"update_id": 1, **message_update("/help")})
        headers = {"Content-Type": "application/json"}
        async with httpx.AsyncClient(timeout=10) as client:
            for attempt in range(50):  # the server may take a moment to listen
                try:
                    refused = await client.post(url, content=update, headers=headers)
                    break
                except httpx.ConnectError:
                    await asyncio.sleep(0.1 * attempt)
            assert refused.status_code == 403
            wrong = await client.post(
                url, content=update, headers=headers | {"X-Telegram-Bot-Api-Secret-Token": "nope"}
            )
            assert wrong.status_code == 403
            assert api.requests("sendMessage") == []
            right = await client.post(
                url, content=update, headers=headers | {"X-Telegram-Bot-Api-Secret-Token": secret}
            )
            assert right.status_code == 200
        reply = (await api.wait_for("sendMessage", timeout=30))[0].params
        assert "What I can do" in reply["text"]
    finally:
        code, log = await stop(proc)
    assert code == 0, log
    assert secret not in log and api.token not in log and "Traceback" not in log


@pytest.mark.parametrize("secret", ["", "short", "has spaces in it, which Telegram refuses"])
async def test_webhook_url_without_a_usable_secret_is_one_clear_line(
    api: FakeBotApi, tmp_path: Path, secret: str
):
    proc = await start_bot(
        api, tmp_path, BOT_WEBHOOK_URL="https://bot.example.org/tg", BOT_WEBHOOK_SECRET=secret
    )
    _, err = await asyncio.wait_for(proc.communicate(), 30)
    assert proc.returncode == 2
    assert (
        err.decode().strip().startswith("BOT_WEBHOOK_SECRET is required")
        and "Traceback" not in err.decode()
    )


async def test_a_rejected_token_is_one_line_and_exit_2_and_never_printed(
    api: FakeBotApi, tmp_path: Path
):
    wrong = "111111111:revoked-and-secret"
    proc = await start_bot(api, tmp_path, TELEGRAM_BOT_TOKEN=wrong)
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    printed = out.decode() + err.decode()
    assert proc.returncode == 2
    assert wrong not in printed and "revoked-and-secret" not in printed
    assert "Traceback" not in printed
    problems = [line for line in err.decode().splitlines() if "TELEGRAM_BOT_TOKEN" in line]
    assert len(problems) == 1 and "rejected" in problems[0]


async def test_an_unreachable_bot_api_is_one_line_and_exit_2(api: FakeBotApi, tmp_path: Path):
    nowhere = f"http://127.0.0.1:{free_port()}/bot"
    proc = await start_bot(api, tmp_path, TELEGRAM_API_BASE_URL=nowhere)
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 2
    assert api.token not in out.decode() + err.decode()
    lines = err.decode().strip().splitlines()  # the log is at DEBUG here
    assert "Traceback" not in err.decode()
    assert lines[-1] == (
        f"TELEGRAM_API_BASE_URL: could not reach the Bot API at {nowhere} (NetworkError); "
        "check the address and the network, then start again."
    )


@pytest.mark.parametrize("folder", ["missing", "empty"])
async def test_a_migrations_folder_without_migrations_stops_start_up_in_one_line(
    api: FakeBotApi, tmp_path: Path, folder: str
):
    migrations = tmp_path / folder
    if folder == "empty":
        migrations.mkdir()
    proc = await start_bot(api, tmp_path, BOT_MIGRATIONS_DIR=str(migrations), LOG_LEVEL="INFO")
    _, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 2
    assert "Traceback" not in err.decode()
    last = err.decode().strip().splitlines()[-1]
    assert str(migrations) in last and "BOT_MIGRATIONS_DIR" in last
    assert not (tmp_path / "bot.sqlite3").exists()


def test_the_docker_image_runs_the_installed_package_with_named_folders():
    dockerfile = (Path(__file__).parent.parent / "Dockerfile").read_text()
    workdir = next(
        line.split()[1] for line in dockerfile.splitlines() if line.startswith("WORKDIR")
    )
    copies = [line.split() for line in dockerfile.splitlines() if line.startswith("COPY")]
    # nothing puts bot/ in the working directory, where it would shadow site-packages
    assert not [c for c in copies if c[1] == "bot" and c[2].rstrip("/") in (".", "./bot", workdir)]
    assert "BOT_CONTENT_DIR=/app/content" in dockerfile
    assert "BOT_MIGRATIONS_DIR=/app/migrations" in dockerfile
    assert any(c[1:] == ["migrations", "./migrations"] for c in copies) and workdir == "/app"


async def test_a_second_process_on_the_same_database_refuses_in_one_line(
    api: FakeBotApi, tmp_path: Path
):
    first = await start_bot(api, tmp_path)
    try:
        await api.wait_for("setMyCommands", count=3, timeout=30)
        second = await start_bot(api, tmp_path, LOG_LEVEL="INFO")
        _, err = await asyncio.wait_for(second.communicate(), 60)
        assert second.returncode == 2
        assert err.decode().strip().splitlines() == [
            f"BOT_DB_PATH: {tmp_path / 'bot.sqlite3'} is already in use by a running bot "
            f"(pid {first.pid}); stop that one first, or give this one its own database."
        ]
        api.push(message_update("/define relapsed"))  # the first one still serves
        await api.wait_for("sendMessage", timeout=30)
    finally:
        code, log = await stop(first)
    assert code == 0, log


def test_the_database_lock_is_released_when_its_holder_goes(tmp_path: Path):
    from bot.shell.dblock import DatabaseInUse, DatabaseLock

    first, second = DatabaseLock(tmp_path / "db"), DatabaseLock(tmp_path / "db")
    first.acquire()
    with pytest.raises(DatabaseInUse):
        second.acquire()
    first.release()  # as the OS does for a process that died, kill -9 included
    second.acquire()
    second.release()


async def test_after_kill_9_the_next_process_takes_the_database(api: FakeBotApi, tmp_path: Path):
    killed = await start_bot(api, tmp_path)
    await api.wait_for("setMyCommands", count=3, timeout=30)
    killed.kill()  # SIGKILL: no clean-up runs, the OS drops the lock
    await killed.wait()
    again = await start_bot(api, tmp_path)
    try:
        await api.wait_for("setMyCommands", count=6, timeout=30)
    finally:
        code, log = await stop(again)
    assert code == 0, log
