"""The bot token never reaches a log line, at any level; people's words are not logged."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from bot.core.buttons import Action, encode
from bot.core.content import Content
from bot.fake_telegram.harness import RunningBot
from bot.fake_telegram.server import FakeBotApi
from bot.fake_telegram.updates import callback_update, inline_update, message_update
from bot.shell import logs


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    levels = {name: logging.getLogger(name).level for name in ("httpx", "httpcore", "telegram")}
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    for name, old in levels.items():
        logging.getLogger(name).setLevel(old)


def test_redaction_filter_replaces_secrets_in_messages_and_tracebacks():
    record = logging.LogRecord(
        "x", logging.ERROR, __file__, 1, "url=%s", ("http://h/bot123:SECRET/getMe",), None
    )
    try:
        raise RuntimeError("bad http://h/bot123:SECRET/x")
    except RuntimeError:
        import sys

        record.exc_info = sys.exc_info()
    logs.RedactSecrets(["123:SECRET"]).filter(record)
    assert "123:SECRET" not in record.getMessage() and "123:SECRET" not in (record.exc_text or "")
    assert logs.REDACTED in record.getMessage()


async def test_token_absent_from_debug_logs_of_a_whole_session(
    content: Content, settings, restore_logging
):
    """Every command, free text, an inline query and button presses, at DEBUG."""
    secret_words = "my private words 7731"
    said = [
        "/start",
        "/help",
        "/define relapsed",
        f"/define {secret_words}",
        "/terms",
        "/compare",
        "/subscribe 8:30",
        "/timezone Europe/Berlin",
        f"/timezone {secret_words}",
        "/settings",
        "/tip",
        "/pause 3",
        "/resume",
        "/mydata",
        "/stats",
        "/unsubscribe",
        "/forget",
        secret_words,
        f"should I stop dex {secret_words}",
        f"fever 39 {secret_words}",
    ]
    async with FakeBotApi(token="987654321:AAE-super-secret-token-value") as api:
        stream = io.StringIO()
        logs.configure("DEBUG", [api.token], stream=stream)
        api.fail("sendMessage", status=400, description="Bad Request: no")  # an error path logs
        running = await RunningBot.start(
            settings.replace(admin_ids=frozenset({1001})), content, api
        )
        try:
            for n, text in enumerate(said):  # two chats, to stay under the flood limit
                running.push(
                    message_update(
                        text, chat_id=1001 if text.startswith("/") else 2002, message_id=n
                    )
                )
            running.push(inline_update(f"refr {secret_words}"))
            running.push(callback_update(encode(Action.DEFINE, "relapsed"), chat_id=2002))
            running.push(callback_update(encode(Action.FORGET_YES), chat_id=2002))
            await running.settle()
        finally:
            await running.stop()
    assert len(api.requests("sendMessage")) >= len(said)  # everything was answered
    logged = stream.getvalue()
    assert (
        "handler_failed" in logged
    )  # something was logged at DEBUG, so the checks mean something
    assert api.token not in logged and "super-secret" not in logged
    assert secret_words not in logged


async def test_an_unreadable_update_leaves_no_content_in_the_log_even_at_debug(
    content: Content, settings, restore_logging
):
    from tests.test_hardening import POISON

    async with FakeBotApi(token="987654321:AAE-super-secret-token-value") as api:
        stream = io.StringIO()
        logs.configure("DEBUG", [api.token], stream=stream)
        running = await RunningBot.start(settings, content, api)
        try:
            poison = message_update("Secret words from Margaret", chat_id=777)
            POISON["a date given as a string"](poison)
            bad = running.push(poison)
            running.push(message_update("/define relapsed", chat_id=778))
            await running.settle()
        finally:
            await running.stop()
    logged = stream.getvalue()
    assert f"skipped update {bad}: it could not be read (TypeError)" in logged
    assert "Secret words" not in logged and "Margaret" not in logged
    assert "CRITICAL" not in logged and "super-secret" not in logged
    assert len(api.requests("sendMessage")) == 1  # the other chat was answered


def test_the_command_line_installs_the_token_filter(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    """What every entry point sets up: a line that holds the token never shows it."""
    from bot.cli.main import main

    token = "555555555:the-filter-must-hide-this-one"
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", token)
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        assert main(["check-content"]) == 0
        logging.getLogger("bot").warning("calling %s", f"https://api.example/bot{token}/getMe")
    finally:
        root.handlers[:], level = saved
        root.setLevel(level)
    err = capsys.readouterr().err
    assert "calling https://api.example/bot[REDACTED]/getMe" in err
    assert token not in err
