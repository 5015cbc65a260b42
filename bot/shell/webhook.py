"""Webhook mode: Telegram posts updates to us.

python-telegram-bot's own webhook server reads a whole request body before it checks the
secret (one 80 MiB request took 150 MiB), and answers an update it cannot read with a
400, so Telegram sends it again and again. This server, built the way the library's
"custom webhook" examples are (the Application is fed through its update queue), checks
the secret header before it reads a byte of the body, refuses a body over MAX_BODY, and
confirms an unreadable update with a 200 and one WARNING line (its id, never its
content). The update queue is bounded (BOT_MAX_BACKLOG): while it is full, the answer to
Telegram waits, which slows Telegram down instead of filling memory.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import signal
from typing import Any

import tornado.httpserver
import tornado.web
from telegram import Update
from telegram.ext import Application
from tornado.http1connection import HTTP1Connection

from bot.shell.app import start_application, stop_application
from bot.shell.config import Settings

log = logging.getLogger("bot.shell.webhook")

MAX_BODY = 256 * 1024  # far above any real update (a few KiB), far below harm
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


@tornado.web.stream_request_body
class UpdateHandler(tornado.web.RequestHandler):
    def initialize(self, bot_application: Application, secret: str) -> None:
        self.bot_application = bot_application
        self.secret = secret
        self.chunks: list[bytes] = []
        self.size = 0
        self.refused = False

    def prepare(self) -> None:
        """Runs once the headers are in, before any of the body is read."""
        if self.request.method != "POST":
            raise tornado.web.HTTPError(405)
        length = self.request.headers.get("Content-Length", "")
        small = length.isascii() and length.isdigit() and int(length) <= MAX_BODY
        given = self.request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            if not small:
                raise tornado.web.HTTPError(403)  # refused at once, the body never read
            # a small body is let through and thrown away, so that the 403 reaches the
            # sender instead of a connection closed under it
            self.refused = True
        elif not small:
            raise tornado.web.HTTPError(413)
        connection = self.request.connection
        if isinstance(connection, HTTP1Connection):
            connection.set_max_body_size(MAX_BODY)

    def data_received(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > MAX_BODY:
            raise tornado.web.HTTPError(413)
        if not self.refused:
            self.chunks.append(chunk)

    async def post(self) -> None:
        if self.refused:
            raise tornado.web.HTTPError(403)
        update = self._read(b"".join(self.chunks))
        if update is not None:
            await self.bot_application.update_queue.put(update)  # waits while the queue is full
        self.set_status(200)

    def _read(self, body: bytes) -> Update | None:
        try:
            data = json.loads(body)
        except ValueError:
            log.warning("skipped a webhook body that is not JSON")
            return None
        update_id = data.get("update_id") if isinstance(data, dict) else None
        try:
            return Update.de_json(data, self.bot_application.bot)
        except Exception as exc:  # anything the library cannot read: confirmed, skipped
            log.warning(
                "skipped update %s: it could not be read (%s)", update_id, type(exc).__name__
            )
            return None

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        # tornado would log the request line; a 403/413 is expected, and nothing else here
        # may print a body or a header
        if not isinstance(value, tornado.web.HTTPError):
            log.error("webhook_request_failed error=%s", typ.__name__ if typ else "?")


def make_app(application: Application, settings: Settings, path: str) -> tornado.web.Application:
    secret = settings.webhook_secret.reveal()
    return tornado.web.Application(
        [(f"/{path}", UpdateHandler, {"bot_application": application, "secret": secret})],
        log_function=lambda handler: None,  # no access log: request paths are not needed
    )


async def serve(application: Application, settings: Settings, path: str) -> None:
    """Start the application and the server, tell Telegram where to post, and run until
    SIGTERM or SIGINT; then stop within the grace period."""
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stopping.set)
    await start_application(application)
    server = tornado.httpserver.HTTPServer(
        make_app(application, settings, path),
        max_body_size=MAX_BODY,
        max_buffer_size=MAX_BODY,
        idle_connection_timeout=60,
        body_timeout=30,
    )
    try:
        server.listen(settings.webhook_port, address=settings.webhook_listen)
        await application.bot.set_webhook(
            settings.webhook_url,
            secret_token=settings.webhook_secret.reveal(),
            allowed_updates=Update.ALL_TYPES,
        )
        log.info("webhook listening on %s:%d", settings.webhook_listen, settings.webhook_port)
        await stopping.wait()
    finally:
        server.stop()
        await server.close_all_connections()
        await stop_application(application)
