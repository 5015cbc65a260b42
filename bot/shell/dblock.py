"""One bot process per database: an OS lock on a file beside it.

Two processes on one database would both deliver the day's tips. The lock is taken at
start and held until the process ends; the operating system releases it when the process
dies, however it dies (kill -9 included), so a crash never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import IO


class DatabaseInUse(Exception):
    pass


class DatabaseLock:
    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self.path = db_path.with_name(db_path.name + ".lock")
        self._file: IO[str] | None = None

    def acquire(self) -> None:
        """Take the lock, or raise DatabaseInUse with one line saying who holds it."""
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        file = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held until release
        try:
            fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            file.seek(0)
            holder = file.read().strip()
            file.close()
            who = f"a running bot (pid {holder})" if holder.isdigit() else "a running bot"
            raise DatabaseInUse(
                f"BOT_DB_PATH: {self.db_path} is already in use by {who}; stop that one "
                "first, or give this one its own database."
            ) from None
        file.seek(0)
        file.truncate()
        file.write(str(os.getpid()))
        file.flush()
        self._file = file

    def release(self) -> None:
        if self._file is not None:
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None
