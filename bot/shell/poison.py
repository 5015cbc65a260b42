"""Updates python-telegram-bot cannot read are skipped, never retried forever.

The library reads a whole getUpdates batch at once. When one update in it cannot be read
(entities given as an object, a date as a string, a poll without the fields this version
requires, as an older local Bot API server sends), it rejects the batch, never confirms
it and asks again at once: no other chat is answered, and the log fills with the raw
batch, message text and first names included.

`UpdatesRequest` keeps the last raw batch it fetched. When the library cannot read it,
`TolerantBot.get_updates` reads it update by update: each unreadable one is replaced by
an empty update with the same id, so it is confirmed and handled by nobody, and one
WARNING line names its id and the error type, never its content. A batch that reads
cleanly costs nothing extra: the update-by-update reading happens only after a failure.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ExtBot
from telegram.request import HTTPXRequest

log = logging.getLogger("bot.updates")

# python-telegram-bot logs the raw batch at CRITICAL before it gives up on it; the batch
# is handled here, and its content must never reach a log.
LIBRARY_LOGGER = "telegram.ext.ExtBot"
LIBRARY_PARSE_FAILURE = "Error while parsing updates!"


class UpdatesRequest(HTTPXRequest):
    """The getUpdates connection, keeping the last batch as Telegram sent it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.last_batch: list[Any] = []

    # BaseRequest marks `post` final, but it is the one place the raw batch passes by
    # before the library parses it (and rejects all of it for one bad update).
    async def post(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[misc]
        result = await super().post(*args, **kwargs)
        self.last_batch = result if isinstance(result, list) else []
        return result


class _DropRawBatch(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(LIBRARY_PARSE_FAILURE)


_FILTER = _DropRawBatch()


class TolerantBot(ExtBot):
    """An ExtBot whose getUpdates skips what it cannot read and serves the rest."""

    def __init__(self, token: str, *, get_updates_request: UpdatesRequest, **kwargs: Any) -> None:
        super().__init__(token, get_updates_request=get_updates_request, **kwargs)
        self._updates_request = get_updates_request
        library = logging.getLogger(LIBRARY_LOGGER)
        if _FILTER not in library.filters:
            library.addFilter(_FILTER)

    async def get_updates(self, *args: Any, **kwargs: Any) -> tuple[Update, ...]:
        try:
            return await super().get_updates(*args, **kwargs)
        except TelegramError:
            raise  # the network or Telegram: python-telegram-bot retries these itself
        except Exception:  # the batch could not be read: read it one by one
            return self._read_one_by_one(self._updates_request.last_batch)

    def _read_one_by_one(self, batch: list[Any]) -> tuple[Update, ...]:
        updates = []
        for item in batch:
            update_id = item.get("update_id") if isinstance(item, dict) else None
            try:
                update = Update.de_json(item, self)
            except Exception as exc:  # any reading error means: skip it
                if not isinstance(update_id, int) or isinstance(update_id, bool):
                    log.warning("skipped an unreadable update with no id (%s)", _kind(exc))
                    continue
                log.warning("skipped update %d: it could not be read (%s)", update_id, _kind(exc))
                update = Update(update_id)  # confirmed with the batch, handled by nobody
            self.insert_callback_data(update)
            updates.append(update)
        return tuple(updates)


def _kind(exc: BaseException) -> str:
    return type(exc).__name__
