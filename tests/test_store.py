"""The store: migrations, claims, and deleting everything about a chat."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest

from bot.core.schedule import Subscription, Zone
from bot.shell.config import DEFAULT_MIGRATIONS_DIR
from bot.shell.store import Store, StoreError, to_text

NOW = dt.datetime(2026, 11, 29, 9, 0, tzinfo=dt.UTC)
DAY = dt.date(2026, 11, 29)


def subscribed(chat_id: int, due: dt.datetime = NOW) -> Subscription:
    return Subscription(
        chat_id=chat_id,
        chat_type="private",
        zone=Zone("UTC"),
        subscribed=True,
        subscribed_at=NOW,
        next_due=due,
    )


@pytest.fixture
async def store(tmp_path: Path):
    s = await Store.open(tmp_path / "bot.sqlite3")
    yield s
    await s.close()


def tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as db:
        return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


async def test_a_new_file_gets_the_whole_schema_and_is_private(tmp_path: Path):
    path = tmp_path / "nested" / "bot.sqlite3"
    store = await Store.open(path)
    assert await store.schema_version() == len(list(DEFAULT_MIGRATIONS_DIR.glob("0*.sql")))
    await store.close()
    assert {"subscriptions", "tips_seen", "deliveries"} <= tables(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


async def at_version_one(tmp_path: Path) -> tuple[Path, Path]:
    """A database with one chat, migrated with only 0001; returns (database, migrations)."""
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    shutil.copy(DEFAULT_MIGRATIONS_DIR / "0001_subscriptions.sql", migrations)
    path = tmp_path / "bot.sqlite3"
    await (await Store.open(path, migrations)).close()
    sub = subscribed(7)
    with sqlite3.connect(path) as db:  # written as the bot of that schema wrote it
        db.execute(
            "INSERT INTO subscriptions (chat_id, chat_type, time_zone, send_time, subscribed,"
            " subscribed_at, next_due) VALUES (?, ?, ?, ?, 1, ?, ?)",
            (
                7,
                sub.chat_type,
                sub.zone.name,
                "09:00",
                to_text(sub.subscribed_at),
                to_text(sub.next_due),
            ),
        )
    return path, migrations


async def test_from_the_previous_schema_data_is_kept(tmp_path: Path):
    path, migrations = await at_version_one(tmp_path)
    shutil.copy(DEFAULT_MIGRATIONS_DIR / "0002_region.sql", migrations)  # issue 14's region
    (migrations / "0003_add_note.sql").write_text(
        "ALTER TABLE subscriptions ADD COLUMN note TEXT;\n"
    )
    store = await Store.open(path, migrations)
    assert await store.schema_version() == 3
    assert (await store.subscription(7)) == subscribed(7)
    assert (await store.subscription(7)).region is None  # not chosen yet
    await store.save(dataclasses.replace(subscribed(7), region="au"))
    assert (await store.subscription(7)).region == "au"
    await store.close()


async def test_a_database_from_a_newer_bot_stops_start_up(tmp_path: Path):
    path = tmp_path / "bot.sqlite3"
    await (await Store.open(path)).close()  # create it
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 99")
    with pytest.raises(StoreError, match="newer version of this bot"):
        await Store.open(path)


async def test_a_failing_migration_leaves_the_previous_schema(tmp_path: Path):
    path, migrations = await at_version_one(tmp_path)
    (migrations / "0002_broken.sql").write_text(
        "CREATE TABLE half (x INTEGER);\nALTER TABLE subscriptions ADD COLUMN chat_id TEXT;\n"
    )
    with pytest.raises(StoreError, match=r"0002_broken\.sql failed and was rolled back"):
        await Store.open(path, migrations)
    assert "half" not in tables(path)
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 1
        assert db.execute("SELECT COUNT(*) FROM subscriptions").fetchone()[0] == 1


async def test_migrations_must_not_have_gaps(tmp_path: Path):
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    (migrations / "0002_x.sql").write_text("SELECT 1;")
    with pytest.raises(StoreError, match="without gaps"):
        await Store.open(tmp_path / "bot.sqlite3", migrations)


async def test_a_file_that_is_not_a_database_is_refused_and_left_alone(tmp_path: Path):
    path = tmp_path / "bot.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="damaged or not a database"):
        await Store.open(path)
    assert path.read_bytes() == b"this is not a database" * 100


async def test_a_delivery_is_claimed_once(store: Store):
    await store.save(subscribed(7))
    first = await store.claim(7, DAY, "tip-a", NOW)
    assert first is not None and first.tip_id == "tip-a"
    assert await store.claim(7, DAY, "tip-b", NOW) is None  # in flight
    await store.mark_sent(first, new_round=False, next_due=NOW + dt.timedelta(days=1), now=NOW)
    assert await store.claim(7, DAY, "tip-b", NOW) is None  # sent
    assert await store.seen_tips(7) == {"tip-a"}
    assert (await store.subscription(7)).next_due == NOW + dt.timedelta(days=1)


async def test_a_failed_delivery_is_claimed_again_with_the_same_tip(store: Store):
    await store.save(subscribed(7))
    claim = await store.claim(7, DAY, "tip-a", NOW)
    assert claim is not None
    await store.mark_failed(claim, retry_at=NOW, now=NOW)
    again = await store.claim(7, DAY, "tip-b", NOW)
    assert again is not None and again.tip_id == "tip-a" and again.attempts == 2


async def test_nothing_is_claimed_for_a_chat_that_unsubscribed(store: Store):
    await store.save(subscribed(7))
    sub = await store.subscription(7)
    await store.save(Subscription(chat_id=7, chat_type="private", zone=sub.zone))
    assert await store.claim(7, DAY, "tip-a", NOW) is None


async def test_claims_of_a_run_that_died_count_as_sent_never_twice(store: Store):
    await store.save(subscribed(7))
    await store.claim(7, DAY, "tip-a", NOW)
    assert await store.release_claims() == 1
    assert await store.claim(7, DAY, "tip-b", NOW) is None  # not sent again that day
    assert await store.tip_sent_on(7, DAY) == "tip-a"
    assert await store.seen_tips(7) == {"tip-a"}


async def test_due_pages_through_rows_in_order(store: Store):
    await store.save_many([subscribed(i, NOW - dt.timedelta(minutes=i % 3)) for i in range(1, 11)])
    await store.save(subscribed(99, NOW + dt.timedelta(minutes=1)))  # not due yet
    first = await store.due(NOW, limit=4)
    rest = await store.due(NOW, limit=100, after=(first[-1].next_due, first[-1].chat_id))
    ids = [s.chat_id for s in first + rest]
    assert sorted(ids) == list(range(1, 11)) and len(ids) == 10


async def test_forget_leaves_no_row(store: Store):
    await store.save(subscribed(7))
    await store.save(subscribed(8))
    claim = await store.claim(7, DAY, "tip-a", NOW)
    await store.mark_sent(claim, False, NOW + dt.timedelta(days=1), NOW)
    assert await store.rows_about(7) == 3
    await store.forget(7)
    assert await store.rows_about(7) == 0
    assert await store.rows_about(8) == 1


async def test_a_migrated_group_keeps_its_rows(store: Store):
    await store.save(subscribed(-5))
    claim = await store.claim(-5, DAY, "tip-a", NOW)
    await store.mark_sent(claim, False, NOW + dt.timedelta(days=1), NOW)
    await store.move_chat(-5, -1005)
    assert await store.rows_about(-5) == 0
    moved = await store.subscription(-1005)
    assert moved is not None and moved.chat_type == "supergroup" and moved.subscribed
    assert await store.seen_tips(-1005) == {"tip-a"}


async def test_a_damaged_file_is_refused_and_left_alone(tmp_path: Path):
    path = tmp_path / "bot.sqlite3"
    store = await Store.open(path)
    await store.save_many([subscribed(i) for i in range(1, 400)])
    await store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    await store.close()
    data = bytearray(path.read_bytes())
    data[4096 * 2 : 4096 * 2 + 64] = b"\xff" * 64  # scribble over a page header
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError, match=r"is damaged.*restore a backup"):
        await Store.open(path)
    assert path.read_bytes() == bytes(data)


async def test_backup_while_open_is_consistent_and_private(tmp_path: Path):
    from bot.shell.store import backup

    store = await Store.open(tmp_path / "bot.sqlite3")
    await store.save_many([subscribed(i) for i in range(1, 51)])
    copy = tmp_path / "copies" / "backup.sqlite3"
    assert backup(tmp_path / "bot.sqlite3", copy) == 50  # while the bot's connection is open
    await store.close()
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    reopened = await Store.open(copy)
    assert (await reopened.subscription(7)) == subscribed(7)
    await reopened.close()
    with pytest.raises(StoreError, match="already exists"):
        backup(tmp_path / "bot.sqlite3", copy)
    with pytest.raises(StoreError, match="no database"):
        backup(tmp_path / "missing.sqlite3", tmp_path / "x.sqlite3")


# -- start-up that explains itself and touches nothing it does not own -------------------


async def test_a_database_whose_folder_is_a_file_is_one_clear_problem(tmp_path: Path):
    (tmp_path / "data").write_text("not a folder")
    with pytest.raises(StoreError, match=r"cannot create the database .*data/bot\.sqlite3"):
        await Store.open(tmp_path / "data" / "bot.sqlite3")


async def test_an_empty_file_that_was_already_there_is_refused_and_left_alone(tmp_path: Path):
    path = tmp_path / "bot.sqlite3"
    path.write_bytes(b"")
    with pytest.raises(StoreError, match="empty file"):
        await Store.open(path)
    assert path.read_bytes() == b""
    assert not (tmp_path / "bot.sqlite3-wal").exists()


async def test_another_programs_database_is_refused_before_anything_changes(tmp_path: Path):
    path = tmp_path / "theirs.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE recipes (name TEXT)")
        db.execute("INSERT INTO recipes VALUES ('scones')")
    db.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="another program's tables"):
        await Store.open(path)
    assert path.read_bytes() == before  # not even switched to WAL
    assert not (tmp_path / "theirs.sqlite3-wal").exists()


async def test_new_folders_and_the_file_are_for_the_owner_only(tmp_path: Path):
    store = await Store.open(tmp_path / "new" / "bot.sqlite3")
    await store.close()
    assert stat.S_IMODE((tmp_path / "new").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "new" / "bot.sqlite3").stat().st_mode) == 0o600


async def test_a_missing_migrations_folder_is_refused_not_an_empty_database(tmp_path: Path):
    with pytest.raises(StoreError, match=r"migrations folder .* is missing"):
        await Store.open(tmp_path / "bot.sqlite3", tmp_path / "no-such-folder")
    assert not (tmp_path / "bot.sqlite3").exists()


@pytest.mark.parametrize("name", ["a#b.sqlite3", "what?.sqlite3", "100%.sqlite3"])
async def test_backup_works_whatever_the_database_is_called(tmp_path: Path, name: str):
    from bot.shell.store import backup

    store = await Store.open(tmp_path / name)
    await store.close()
    assert backup(tmp_path / name, tmp_path / f"copy-{name}") == 0
    assert (tmp_path / f"copy-{name}").stat().st_size > 0


def test_a_failed_backup_leaves_no_stray_file(tmp_path: Path):
    from bot.shell.store import backup

    (tmp_path / "junk.sqlite3").write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StoreError):
        backup(tmp_path / "junk.sqlite3", tmp_path / "copy.sqlite3")
    assert not (tmp_path / "copy.sqlite3").exists()


async def test_a_database_from_before_questions_migrates_and_keeps_its_chats(tmp_path: Path):
    old = tmp_path / "old-migrations"
    old.mkdir()
    for name in ("0001_subscriptions.sql", "0002_region.sql"):
        shutil.copy(DEFAULT_MIGRATIONS_DIR / name, old / name)
    path = tmp_path / "bot.sqlite3"
    before = await Store.open(path, old)
    await before.save(subscribed(7))
    await before.close()
    assert "questions" not in tables(path)
    after = await Store.open(path, DEFAULT_MIGRATIONS_DIR)
    try:
        assert await after.subscription(7) is not None
        assert await after.add_question(7, NOW, b"sealed", limit=30)
        await after.set_appointment(7, NOW, NOW, NOW)
        assert await after.rows_about(7) == 3
        await after.forget(7)
        assert await after.rows_about(7) == 0
    finally:
        await after.close()
    assert {"questions", "appointments"} <= tables(path)
