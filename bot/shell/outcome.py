"""Did a failed send perhaps reach Telegram anyway?

The Bot API has no idempotency key: a request whose answer never came may have been
carried out. For "never twice", a send counts as *maybe delivered* unless the error shows
it certainly was not: the connection was never made (refused, connect or pool time-out)
or Telegram answered with an error (429, 5xx, 4xx). A read or write time-out, a
connection dropped mid-answer, or an answer that could not be read may hide a send that
happened.
"""

from __future__ import annotations

import httpx
from telegram.error import NetworkError, TelegramError

# The request never left: nothing can have been sent.
_NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


def may_have_arrived(error: BaseException) -> bool:
    """True when a send that raised `error` may still have been delivered."""
    if not isinstance(error, TelegramError):
        return False
    cause = error.__cause__
    if cause is None:
        # python-telegram-bot raised it from Telegram's own answer (an error status):
        # the message was refused, not sent
        return False
    return not isinstance(cause, _NEVER_SENT)


def worth_retrying(error: BaseException) -> bool:
    """True when a send that raised `error` certainly did not happen and may work later:
    Telegram could not be reached (refused, connect or pool time-out) or answered 5xx.
    Never for a refusal (400, 403), a 429 (the rate limiter waits) or a maybe-sent."""
    if not isinstance(error, NetworkError):
        return False
    cause = error.__cause__
    if cause is None:  # from Telegram's answer: plain NetworkError means a 5xx status
        return type(error) is NetworkError
    return isinstance(cause, _NEVER_SENT)
