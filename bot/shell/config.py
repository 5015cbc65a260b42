"""Settings from the environment, checked once at start; every problem is one clear line."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"
# Where content/ and migrations/ are found: the one place that says so. By default, the
# folders beside the `bot` package in a clone; an installed copy (the Docker image) names
# them with BOT_CONTENT_DIR and BOT_MIGRATIONS_DIR.
PROJECT_DIR = Path(__file__).resolve().parents[2]
DEFAULT_CONTENT_DIR = PROJECT_DIR / "content"
DEFAULT_MIGRATIONS_DIR = PROJECT_DIR / "migrations"
DEFAULT_DB_PATH = Path("data/bot.sqlite3")
_OFF = {"0", "off", "false", "no"}
_ON = {"1", "on", "true", "yes"}


class ConfigError(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class Secret:
    """A value that never shows itself in a repr, a log line or a traceback."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('********')" if self._value else "Secret('')"

    __str__ = __repr__

    def __bool__(self) -> bool:
        return bool(self._value)


@dataclass(frozen=True)
class Settings:
    token: Secret = field(default_factory=lambda: Secret(""))
    api_base_url: str = DEFAULT_API_BASE_URL
    db_path: Path = DEFAULT_DB_PATH
    content_dir: Path = DEFAULT_CONTENT_DIR
    migrations_dir: Path = DEFAULT_MIGRATIONS_DIR
    admin_ids: frozenset[int] = frozenset()
    rate_limiter: bool = True
    log_level: str = "INFO"
    # Updates handled at once across chats; each chat's own stay in order.
    concurrent_updates: int = 8
    # Updates fetched but not yet handled, at most: memory stays bounded, and a crash or a
    # stop loses or waits for no more than this many (BOT_MAX_BACKLOG).
    max_backlog: int = 256
    # The daily-tip scheduler; tests switch it off and run deliveries with their own clock.
    scheduler: bool = True
    # Webhook mode (instead of polling) when webhook_url is set; the secret is then required.
    webhook_url: str = ""
    webhook_secret: Secret = field(default_factory=lambda: Secret(""))
    webhook_listen: str = "127.0.0.1"  # behind the TLS proxy; 0.0.0.0 in a container
    webhook_port: int = 8443
    # The key that encrypts a person's saved questions (BOT_DATA_KEY, a Fernet key);
    # without one, saving questions is switched off and says so.
    data_key: Secret = field(default_factory=lambda: Secret(""))

    def replace(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]


def settings_from_env(env: Mapping[str, str], *, require_token: bool = True) -> Settings:
    """Read TELEGRAM_* and BOT_* variables; raise ConfigError listing every problem."""
    problems: list[str] = []
    token = env.get("TELEGRAM_BOT_TOKEN", "").strip()
    if require_token and not token:
        problems.append(
            "TELEGRAM_BOT_TOKEN is not set: get a token from @BotFather and export it "
            "(or try `python -m bot demo`, which needs none)"
        )
    base_url = env.get("TELEGRAM_API_BASE_URL", "").strip() or DEFAULT_API_BASE_URL
    if not base_url.startswith(("http://", "https://")):
        problems.append(
            f"TELEGRAM_API_BASE_URL must start with http:// or https://, not {base_url!r}"
        )
    admin_ids: set[int] = set()
    for part in env.get("BOT_ADMIN_IDS", "").replace(";", ",").split(","):
        if part.strip():
            try:
                admin_ids.add(int(part.strip()))
            except ValueError:
                problems.append(
                    f"BOT_ADMIN_IDS: {part.strip()!r} is not a numeric Telegram user id"
                )
    limiter = env.get("BOT_RATE_LIMITER", "on").strip().lower()
    if limiter not in _ON | _OFF:
        problems.append(f"BOT_RATE_LIMITER must be on or off, not {limiter!r}")
    level = env.get("LOG_LEVEL", "INFO").strip().upper()
    if not isinstance(logging.getLevelName(level), int):
        problems.append(f"LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, not {level!r}")
    webhook_url = env.get("BOT_WEBHOOK_URL", "").strip()
    webhook_secret = env.get("BOT_WEBHOOK_SECRET", "").strip()
    if webhook_url and not webhook_url.startswith(("https://", "http://")):
        problems.append(f"BOT_WEBHOOK_URL must be a web address, not {webhook_url!r}")
    if webhook_url and not re.fullmatch(r"[A-Za-z0-9_-]{16,256}", webhook_secret):
        problems.append(
            "BOT_WEBHOOK_SECRET is required with BOT_WEBHOOK_URL: 16 to 256 characters "
            "of A-Z, a-z, 0-9, _ and - (Telegram sends it back with every update)"
        )
    port_text = env.get("BOT_WEBHOOK_PORT", "8443").strip()
    if not _plain_digits(port_text) or not 0 < int(port_text) < 65536:
        problems.append(f"BOT_WEBHOOK_PORT must be a port number, not {port_text!r}")
    backlog_text = env.get("BOT_MAX_BACKLOG", "256").strip()
    if not _plain_digits(backlog_text) or not 1 <= int(backlog_text) <= 100_000:
        problems.append(
            f"BOT_MAX_BACKLOG must be a whole number from 1 to 100000, not {backlog_text!r}"
        )
    data_key = env.get("BOT_DATA_KEY", "").strip()
    if data_key and not _fernet_key(data_key):
        problems.append(
            "BOT_DATA_KEY must be a Fernet key (44 characters of url-safe base64): make one "
            "with `python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'`"
        )
    if problems:
        raise ConfigError(problems)
    return Settings(
        token=Secret(token),
        api_base_url=base_url,
        db_path=Path(env.get("BOT_DB_PATH", "").strip() or DEFAULT_DB_PATH),
        content_dir=Path(env.get("BOT_CONTENT_DIR", "").strip() or DEFAULT_CONTENT_DIR),
        migrations_dir=Path(env.get("BOT_MIGRATIONS_DIR", "").strip() or DEFAULT_MIGRATIONS_DIR),
        admin_ids=frozenset(admin_ids),
        rate_limiter=limiter not in _OFF,
        log_level=level,
        webhook_url=webhook_url,
        webhook_secret=Secret(webhook_secret),
        webhook_listen=env.get("BOT_WEBHOOK_LISTEN", "").strip() or "127.0.0.1",
        webhook_port=int(port_text),
        max_backlog=int(backlog_text),
        data_key=Secret(data_key),
    )


def _fernet_key(text: str) -> bool:
    import base64
    import binascii

    try:
        return len(base64.urlsafe_b64decode(text.encode("ascii"))) == 32
    except (binascii.Error, ValueError, UnicodeEncodeError):
        return False


def _plain_digits(text: str) -> bool:
    """0-9 only: "²" and "٣" pass str.isdigit() but int() refuses or misreads them."""
    return text.isascii() and text.isdigit()
