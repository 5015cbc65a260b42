"""The database: one aiosqlite connection, and every SQL statement the bot runs.

Schema changes live in migrations/NNNN_*.sql, applied in order at start-up, each in one
transaction together with the new PRAGMA user_version, so a failed migration leaves the
previous schema intact. We keep the least: chat id and type, tip time and zone, when the
chat subscribed, the rotation and a short delivery log; never names, never message text.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import os
import re
import sqlite3
import urllib.parse
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiosqlite

from bot.core.schedule import Subscription, Zone
from bot.shell.config import DEFAULT_MIGRATIONS_DIR

_MIGRATION = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
_DUE = """
    SELECT * FROM subscriptions
    WHERE next_due IS NOT NULL AND next_due <= ? AND (next_due, chat_id) > (?, ?)
    ORDER BY next_due, chat_id LIMIT ?
"""
KEEP_DELIVERY_DAYS = 14  # the log only has to prove "once per day"; older rows are pruned


class StoreError(Exception):
    """The database cannot be used as it is; the message says why, for a person."""


def to_text(instant: dt.datetime | None) -> str | None:
    return None if instant is None else instant.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def from_text(text: str | None) -> dt.datetime | None:
    return (
        None
        if text is None
        else dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
    )


@dataclass(frozen=True)
class Claim:
    """A delivery this run may send: the tip fixed for that chat's local day."""

    chat_id: int
    local_date: dt.date
    tip_id: str
    attempts: int


@dataclass(frozen=True)
class ChatData:
    """Everything kept about one chat, for /mydata."""

    subscription: Subscription
    tips_seen: int
    deliveries: int


class Store:
    def __init__(self, db: aiosqlite.Connection, path: Path) -> None:
        self.db = db
        self.path = path
        # One connection serves every coroutine: writes take turns, so a statement can
        # never land inside another coroutine's open transaction.
        self._writing = asyncio.Lock()

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        async with self._writing:
            await self.db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                await self.db.execute("ROLLBACK")
                raise
            await self.db.execute("COMMIT")

    async def _write(self, sql: str, params: Sequence[Any] = ()) -> int:
        """One statement on its own; returns the number of rows it changed."""
        async with self._writing, self.db.execute(sql, params) as cursor:
            return cursor.rowcount

    @classmethod
    async def open(cls, path: Path, migrations_dir: Path = DEFAULT_MIGRATIONS_DIR) -> Store:
        files = _migration_files(migrations_dir)
        await asyncio.to_thread(_create_private, path)
        try:
            db = await aiosqlite.connect(path, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the database {path}: {exc}") from exc
        db.row_factory = aiosqlite.Row
        store = cls(db, path)
        try:
            await db.execute("PRAGMA busy_timeout = 5000")
            # Refuse a newer schema or a damaged file before changing anything in it.
            await store._refuse_newer(files)
            await store._refuse_damaged()
            await store._refuse_foreign()
            await db.execute("PRAGMA journal_mode = WAL")
            await db.execute("PRAGMA synchronous = NORMAL")
            await db.execute("PRAGMA foreign_keys = ON")
            await store.migrate(migrations_dir)
        except sqlite3.DatabaseError as exc:
            await db.close()
            raise StoreError(
                f"the database {path} is damaged or not a database ({exc}). It was left as it "
                "is: restore a backup (python -m bot backup makes one) or move it aside."
            ) from exc
        except StoreError:
            await db.close()
            raise
        return store

    async def close(self) -> None:
        await self.db.close()

    # -- schema -------------------------------------------------------------------------

    async def schema_version(self) -> int:
        async with self.db.execute("PRAGMA user_version") as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def migrate(self, migrations_dir: Path) -> int:
        """Apply the migrations this database has not had; returns the new version."""
        files = _migration_files(migrations_dir)
        current = await self._refuse_newer(files)
        for version, path in enumerate(files[current:], start=current + 1):
            statements = _split_sql(path.read_text(encoding="utf-8"))
            await self.db.execute("BEGIN IMMEDIATE")
            try:
                for statement in statements:
                    await self.db.execute(statement)
                await self.db.execute(f"PRAGMA user_version = {version}")
                await self.db.execute("COMMIT")
            except Exception as exc:
                await self.db.execute("ROLLBACK")
                raise StoreError(
                    f"migration {path.name} failed and was rolled back: {exc}"
                ) from exc
        return len(files)

    async def _refuse_foreign(self) -> None:
        """An SQLite file with tables but none of our migrations belongs to something else:
        refused before anything (even the journal mode) is changed in it."""
        if await self.schema_version():
            return
        async with self.db.execute(
            "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        ) as cursor:
            row = await cursor.fetchone()
        if row and row[0]:
            raise StoreError(
                f"the database {self.path} holds another program's tables, not this bot's. "
                "It was left as it is: set BOT_DB_PATH to a file of this bot's own."
            )

    async def _refuse_damaged(self) -> None:
        async with self.db.execute("PRAGMA quick_check") as cursor:
            rows = [row[0] for row in await cursor.fetchall()]
        if rows != ["ok"]:
            detail = " ".join(" ".join(rows).split())[:160]  # one line, however SQLite reports it
            raise StoreError(
                f"the database {self.path} is damaged ({detail}). It was left as it "
                "is: restore a backup (python -m bot backup makes one) or move it aside."
            )

    async def _refuse_newer(self, files: list[Path]) -> int:
        current = await self.schema_version()
        if current > len(files):
            raise StoreError(
                f"the database {self.path} was written by a newer version of this bot "
                f"(schema {current}; this version knows up to {len(files)}). "
                "Run the newer version, or restore a backup made by this one."
            )
        return current

    # -- one chat -----------------------------------------------------------------------

    async def subscription(self, chat_id: int) -> Subscription | None:
        async with self.db.execute(
            "SELECT * FROM subscriptions WHERE chat_id = ?", (chat_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return None if row is None else _subscription(row)

    async def save(self, sub: Subscription) -> None:
        """Create or replace this chat's settings and schedule."""
        await self._write(
            """
            INSERT INTO subscriptions
                (chat_id, chat_type, time_zone, send_time, subscribed, subscribed_at, paused_until,
                 next_due, region)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (chat_id) DO UPDATE SET
                chat_type = excluded.chat_type, time_zone = excluded.time_zone,
                send_time = excluded.send_time, subscribed = excluded.subscribed,
                subscribed_at = excluded.subscribed_at, paused_until = excluded.paused_until,
                next_due = excluded.next_due, region = excluded.region
            """,
            (
                sub.chat_id,
                sub.chat_type,
                sub.zone.name,
                sub.send_time.strftime("%H:%M"),
                int(sub.subscribed),
                to_text(sub.subscribed_at),
                to_text(sub.paused_until),
                to_text(sub.next_due),
                sub.region,
            ),
        )

    async def chat_data(self, chat_id: int) -> ChatData | None:
        sub = await self.subscription(chat_id)
        if sub is None:
            return None
        seen = await self._count("SELECT COUNT(*) FROM tips_seen WHERE chat_id = ?", chat_id)
        deliveries = await self._count(
            "SELECT COUNT(*) FROM deliveries WHERE chat_id = ?", chat_id
        )
        return ChatData(subscription=sub, tips_seen=seen, deliveries=deliveries)

    async def forget(self, chat_id: int) -> None:
        """Delete every row about the chat (the rotation and log go with it)."""
        async with self.transaction():
            await self.db.execute("DELETE FROM tips_seen WHERE chat_id = ?", (chat_id,))
            await self.db.execute("DELETE FROM deliveries WHERE chat_id = ?", (chat_id,))
            await self.db.execute("DELETE FROM subscriptions WHERE chat_id = ?", (chat_id,))
            await self.db.execute("DELETE FROM questions WHERE chat_id = ?", (chat_id,))
            await self.db.execute("DELETE FROM appointments WHERE chat_id = ?", (chat_id,))

    async def rows_about(self, chat_id: int) -> int:
        """How many rows in any table mention the chat (for proving /forget)."""
        total = 0
        for table in ("subscriptions", "tips_seen", "deliveries", "questions", "appointments"):
            total += await self._count(f"SELECT COUNT(*) FROM {table} WHERE chat_id = ?", chat_id)
        return total

    # -- questions for the care team (issue 16): only ever sealed text -----------------

    async def add_question(
        self, chat_id: int, added_at: dt.datetime, sealed: bytes, limit: int
    ) -> bool:
        """Keep one sealed question; False (nothing kept) when the chat has `limit`."""
        async with self.transaction():
            count = await self._count("SELECT COUNT(*) FROM questions WHERE chat_id = ?", chat_id)
            if count >= limit:
                return False
            await self.db.execute(
                "INSERT INTO questions (chat_id, added_at, body) VALUES (?, ?, ?)",
                (chat_id, to_text(added_at), sealed),
            )
        return True

    async def questions(self, chat_id: int) -> list[tuple[int, dt.datetime, bytes]]:
        """The chat's sealed questions, oldest first: (id, when added, sealed text)."""
        async with self.db.execute(
            "SELECT id, added_at, body FROM questions WHERE chat_id = ? ORDER BY id", (chat_id,)
        ) as cursor:
            rows = await cursor.fetchall()
        out = []
        for row in rows:
            added = from_text(row["added_at"])
            assert added is not None
            out.append((int(row["id"]), added, bytes(row["body"])))
        return out

    async def delete_question(self, chat_id: int, question_id: int) -> bool:
        deleted = await self._write(
            "DELETE FROM questions WHERE chat_id = ? AND id = ?", (chat_id, question_id)
        )
        return deleted > 0

    async def clear_questions(self, chat_id: int) -> int:
        return await self._write("DELETE FROM questions WHERE chat_id = ?", (chat_id,))

    async def count_questions(self, chat_id: int) -> int:
        return await self._count("SELECT COUNT(*) FROM questions WHERE chat_id = ?", chat_id)

    # -- the next appointment (issue 16) ------------------------------------------------

    async def set_appointment(
        self, chat_id: int, at: dt.datetime, remind_at: dt.datetime, ask_at: dt.datetime
    ) -> None:
        """The chat's next appointment, replacing any other: both messages to come."""
        await self._write(
            """
            INSERT INTO appointments (chat_id, at, remind_at, reminded, ask_at, asked)
            VALUES (?, ?, ?, 0, ?, 0)
            ON CONFLICT (chat_id) DO UPDATE SET at = excluded.at,
                remind_at = excluded.remind_at, reminded = 0,
                ask_at = excluded.ask_at, asked = 0
            """,
            (chat_id, to_text(at), to_text(remind_at), to_text(ask_at)),
        )

    async def appointment(self, chat_id: int) -> dt.datetime | None:
        async with self.db.execute(
            "SELECT at FROM appointments WHERE chat_id = ?", (chat_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return from_text(row["at"]) if row else None

    async def clear_appointment(self, chat_id: int) -> bool:
        return await self._write("DELETE FROM appointments WHERE chat_id = ?", (chat_id,)) > 0

    async def due_appointment_messages(self, now: dt.datetime) -> list[tuple[int, str]]:
        """(chat id, "remind" or "ask") for each message about an appointment due now."""
        async with self.db.execute(
            """
            SELECT chat_id, 'remind' AS kind FROM appointments
                WHERE reminded = 0 AND remind_at <= ?
            UNION ALL
            SELECT chat_id, 'ask' AS kind FROM appointments WHERE asked = 0 AND ask_at <= ?
            """,
            (to_text(now), to_text(now)),
        ) as cursor:
            return [(int(row["chat_id"]), str(row["kind"])) for row in await cursor.fetchall()]

    async def claim_appointment_message(self, chat_id: int, kind: str) -> bool:
        """Take one message about an appointment for sending: True once, ever. A crash
        after this counts as sent, so it is never sent twice."""
        column = {"remind": "reminded", "ask": "asked"}[kind]
        claimed = await self._write(
            f"UPDATE appointments SET {column} = 1 WHERE chat_id = ? AND {column} = 0",
            (chat_id,),
        )
        if kind == "ask" and claimed:  # asked: the appointment is over and done with
            await self._write("DELETE FROM appointments WHERE chat_id = ?", (chat_id,))
        return claimed > 0

    # -- delivery -----------------------------------------------------------------------

    async def due(
        self, now: dt.datetime, limit: int = 500, after: tuple[dt.datetime, int] | None = None
    ) -> list[Subscription]:
        """Subscriptions whose next tip is due at or before `now`, earliest first; `after`
        (the last row's next_due and chat id) continues from the previous page."""
        last_due, last_id = (to_text(after[0]), after[1]) if after else ("", 0)
        async with self.db.execute(_DUE, (to_text(now), last_due, last_id, limit)) as cursor:
            return [_subscription(row) for row in await cursor.fetchall()]

    async def due_query_plan(self) -> str:
        """How SQLite runs the due query (for the bench: it should use the index)."""
        async with self.db.execute(f"EXPLAIN QUERY PLAN {_DUE}", ("", "", 0, 500)) as cursor:
            return " / ".join(row[-1] for row in await cursor.fetchall())

    async def seen_tips(self, chat_id: int) -> set[str]:
        async with self.db.execute(
            "SELECT tip_id FROM tips_seen WHERE chat_id = ?", (chat_id,)
        ) as cursor:
            return {row[0] for row in await cursor.fetchall()}

    async def claim(
        self, chat_id: int, day: dt.date, tip_id: str, now: dt.datetime
    ) -> Claim | None:
        """Claim the chat's delivery for its local `day`, unless it was sent or is in flight.

        A failed earlier attempt is claimed again with its original tip. The chat must still
        be subscribed and due, so an /unsubscribe that came first wins.
        """
        async with (
            self._writing,
            self.db.execute(
                """
            INSERT INTO deliveries (chat_id, local_date, tip_id, status, attempts, updated_at)
            SELECT ?, ?, ?, 'claimed', 1, ?
            WHERE EXISTS (SELECT 1 FROM subscriptions
                          WHERE chat_id = ? AND subscribed = 1 AND next_due <= ?)
            ON CONFLICT (chat_id, local_date) DO UPDATE SET
                status = 'claimed', attempts = attempts + 1, updated_at = excluded.updated_at
            WHERE deliveries.status = 'failed'
            RETURNING tip_id, attempts
            """,
                (chat_id, day.isoformat(), tip_id, to_text(now), chat_id, to_text(now)),
            ) as cursor,
        ):
            row = await cursor.fetchone()
        return None if row is None else Claim(chat_id, day, row["tip_id"], row["attempts"])

    async def recent_tips(self, chat_id: int, since: dt.date) -> dict[dt.date, str]:
        """The tips delivered to the chat on its local days from `since` on: day -> tip id."""
        async with self.db.execute(
            "SELECT local_date, tip_id FROM deliveries"
            " WHERE chat_id = ? AND local_date >= ? AND status = 'sent'",
            (chat_id, since.isoformat()),
        ) as cursor:
            return {dt.date.fromisoformat(day): tip for day, tip in await cursor.fetchall()}

    async def tip_sent_on(self, chat_id: int, day: dt.date) -> str | None:
        """The id of the tip delivered to the chat on its local `day`, if one was."""
        async with self.db.execute(
            "SELECT tip_id FROM deliveries WHERE chat_id = ? AND local_date = ? AND status = 'sent'",
            (chat_id, day.isoformat()),
        ) as cursor:
            row = await cursor.fetchone()
        return None if row is None else row[0]

    async def mark_sent(
        self, claim: Claim, new_round: bool, next_due: dt.datetime, now: dt.datetime
    ) -> None:
        """Record the send, move the rotation on and set the next day's time, all at once."""
        async with self.transaction():
            await self.db.execute(
                "UPDATE deliveries SET status = 'sent', updated_at = ? WHERE chat_id = ? AND local_date = ?",
                (to_text(now), claim.chat_id, claim.local_date.isoformat()),
            )
            if new_round:
                await self.db.execute("DELETE FROM tips_seen WHERE chat_id = ?", (claim.chat_id,))
            await self.db.execute(
                "INSERT OR IGNORE INTO tips_seen (chat_id, tip_id) VALUES (?, ?)",
                (claim.chat_id, claim.tip_id),
            )
            await self._set_next_due(claim.chat_id, next_due)
            await self.db.execute(
                "DELETE FROM deliveries WHERE chat_id = ? AND local_date < ?",
                (
                    claim.chat_id,
                    (claim.local_date - dt.timedelta(days=KEEP_DELIVERY_DAYS)).isoformat(),
                ),
            )

    async def mark_failed(
        self, claim: Claim, retry_at: dt.datetime | None, now: dt.datetime
    ) -> None:
        """Release the claim for a later try at `retry_at` (None: not again today)."""
        async with self.transaction():
            await self.db.execute(
                "UPDATE deliveries SET status = 'failed', updated_at = ? WHERE chat_id = ? AND local_date = ?",
                (to_text(now), claim.chat_id, claim.local_date.isoformat()),
            )
            if retry_at is not None:
                await self._set_next_due(claim.chat_id, retry_at)

    async def reschedule(self, chat_id: int, next_due: dt.datetime) -> None:
        async with self._writing:
            await self._set_next_due(chat_id, next_due)

    async def deactivate(self, chat_id: int) -> None:
        """The chat can no longer be reached (blocked, removed): stop its tips."""
        async with self.transaction():
            await self.db.execute(
                "UPDATE subscriptions SET subscribed = 0, next_due = NULL, paused_until = NULL WHERE chat_id = ?",
                (chat_id,),
            )
            await self.db.execute(
                "UPDATE deliveries SET status = 'failed' WHERE chat_id = ? AND status = 'claimed'",
                (chat_id,),
            )

    async def move_chat(self, old_id: int, new_id: int) -> bool:
        """A group became a supergroup: its rows follow it to the new chat id. When the
        supergroup already has its own subscription (it subscribed again after the move),
        that one is kept, the old one merged into it and dropped: one tip a day, not two.
        Returns True when it was merged."""
        if old_id == new_id:
            return False
        async with self.transaction():
            async with self.db.execute(
                "SELECT 1 FROM subscriptions WHERE chat_id = ?", (new_id,)
            ) as cursor:
                merged = await cursor.fetchone() is not None
            if merged:
                await self.db.execute(
                    "INSERT OR IGNORE INTO tips_seen (chat_id, tip_id) "
                    "SELECT ?, tip_id FROM tips_seen WHERE chat_id = ?",
                    (new_id, old_id),
                )
                # its deliveries and seen tips go with it (ON DELETE CASCADE)
                await self.db.execute("DELETE FROM subscriptions WHERE chat_id = ?", (old_id,))
            else:
                await self.db.execute(
                    "UPDATE subscriptions SET chat_id = ?, chat_type = 'supergroup' WHERE chat_id = ?",
                    (new_id, old_id),
                )
        return merged

    async def release_claims(self) -> int:
        """At start: a delivery claimed by a run that never finished may have reached
        Telegram before the crash. Never twice: it counts as sent (its tip as seen), and
        the chat's next tip is the next day's."""
        async with self.transaction():
            await self.db.execute(
                """
                INSERT OR IGNORE INTO tips_seen (chat_id, tip_id)
                SELECT chat_id, tip_id FROM deliveries WHERE status = 'claimed'
                """
            )
            cursor = await self.db.execute(
                "UPDATE deliveries SET status = 'sent' WHERE status = 'claimed'"
            )
            return cursor.rowcount

    # -- bulk, for tests and the bench --------------------------------------------------

    async def save_many(self, subs: Sequence[Subscription]) -> None:
        async with self.transaction():
            await self.db.executemany(
                """
                INSERT OR REPLACE INTO subscriptions
                    (chat_id, chat_type, time_zone, send_time, subscribed, subscribed_at,
                     paused_until, next_due, region)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    (
                        s.chat_id,
                        s.chat_type,
                        s.zone.name,
                        s.send_time.strftime("%H:%M"),
                        int(s.subscribed),
                        to_text(s.subscribed_at),
                        to_text(s.paused_until),
                        to_text(s.next_due),
                        s.region,
                    )
                    for s in subs
                ],
            )

    async def stats(self, day: dt.date) -> dict[str, int]:
        """Counts for /stats: no chat ids, nothing personal."""
        async with self.db.execute(
            """
            SELECT
                (SELECT COUNT(*) FROM subscriptions WHERE subscribed = 1),
                (SELECT COUNT(*) FROM subscriptions WHERE subscribed = 1 AND paused_until > ?),
                (SELECT COUNT(*) FROM deliveries WHERE status = 'sent' AND local_date = ?),
                (SELECT COUNT(*) FROM deliveries WHERE status = 'failed' AND local_date = ?)
            """,
            (
                to_text(dt.datetime.combine(day, dt.time(), dt.UTC)),
                day.isoformat(),
                day.isoformat(),
            ),
        ) as cursor:
            row = await cursor.fetchone()
        assert row is not None
        return dict(zip(("subscribed", "paused", "sent_today", "failed_today"), row, strict=True))

    async def count_sent(self, day: dt.date | None = None) -> int:
        if day is None:
            return await self._count("SELECT COUNT(*) FROM deliveries WHERE status = 'sent'")
        return await self._count(
            "SELECT COUNT(*) FROM deliveries WHERE status = 'sent' AND local_date = ?",
            day.isoformat(),
        )

    # -- helpers ------------------------------------------------------------------------

    async def _set_next_due(self, chat_id: int, next_due: dt.datetime) -> None:
        """Only while holding the write lock (inside a transaction, or in reschedule)."""
        await self.db.execute(
            "UPDATE subscriptions SET next_due = ? WHERE chat_id = ? AND subscribed = 1",
            (to_text(next_due), chat_id),
        )

    async def _count(self, sql: str, *params: Any) -> int:
        async with self.db.execute(sql, params) as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0


def _subscription(row: aiosqlite.Row) -> Subscription:
    hour, minute = (int(part) for part in row["send_time"].split(":"))
    return Subscription(
        chat_id=row["chat_id"],
        chat_type=row["chat_type"],
        zone=Zone(row["time_zone"]),
        send_time=dt.time(hour, minute),
        subscribed=bool(row["subscribed"]),
        subscribed_at=from_text(row["subscribed_at"]),
        paused_until=from_text(row["paused_until"]),
        next_due=from_text(row["next_due"]),
        region=row["region"],
    )


def backup(source: Path, target: Path) -> int:
    """A consistent copy of the database while the bot runs (SQLite's online backup),
    readable by its owner only and checked; returns how many chats it holds."""
    if not source.exists():
        raise StoreError(f"there is no database at {source}")
    if target.exists():
        raise StoreError(f"{target} already exists; choose a new file name")
    _create_private(target)
    # a URI, so the path is quoted: "#", "?" and "%" are legal in file names
    uri = f"file:{urllib.parse.quote(str(source.resolve()))}?mode=ro"
    try:
        with (
            contextlib.closing(sqlite3.connect(uri, uri=True)) as src,
            contextlib.closing(sqlite3.connect(target)) as dst,
        ):
            src.execute("PRAGMA busy_timeout = 5000")
            src.backup(dst)
            if dst.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise StoreError(f"the copy at {target} failed its integrity check")
            return int(dst.execute("SELECT COUNT(*) FROM subscriptions").fetchone()[0])
    except sqlite3.Error as exc:
        target.unlink(missing_ok=True)
        raise StoreError(f"backup failed: {exc}") from exc
    except BaseException:
        target.unlink(missing_ok=True)  # never a stray, half-made copy
        raise


def _create_private(path: Path) -> None:
    """Create the database file (and its folder) for its owner only, since SQLite would
    use the umask. An empty file that was already there is refused, not made a database."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if path.exists():
            if path.is_file() and path.stat().st_size == 0:
                raise StoreError(
                    f"the database {path} is an empty file that this bot did not just "
                    "create. It was left as it is: restore a backup, or delete it to start "
                    "a new database."
                )
            return
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except OSError as exc:
        raise StoreError(
            f"cannot create the database {path}: {exc.strerror or exc}. Check that its "
            "folder exists as a folder and can be written, or set BOT_DB_PATH elsewhere."
        ) from exc


def _migration_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        raise StoreError(
            f"the migrations folder {directory} is missing: the database schema lives there "
            "(set BOT_MIGRATIONS_DIR to the project's migrations/)"
        )
    files = sorted(p for p in directory.glob("*.sql") if _MIGRATION.match(p.name))
    if not files:
        raise StoreError(
            f"the migrations folder {directory} holds no NNNN_*.sql files: the database "
            "schema lives there (set BOT_MIGRATIONS_DIR to the project's migrations/)"
        )
    for expected, path in enumerate(files, start=1):
        number = int(_MIGRATION.match(path.name).group(1))  # type: ignore[union-attr]
        if number != expected:
            raise StoreError(
                f"migrations must be numbered 0001, 0002, … without gaps: found {path.name}"
            )
    return files


def _split_sql(script: str) -> list[str]:
    """Statements of a migration, so each runs inside our own transaction (executescript
    would commit first)."""
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            if current.strip():
                statements.append(current.strip())
            current = ""
    if current.strip() and not all(
        ln.strip().startswith("--") or not ln.strip() for ln in current.splitlines()
    ):
        raise StoreError("a migration ends with an incomplete statement")
    return statements
