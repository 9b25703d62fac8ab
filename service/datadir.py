"""Owner-only permissions for the data folder and the SQLite files in it.

The folder holds analysts' verdicts with the full post text (``feedback.sqlite3`` and its WAL),
the API key hashes and the contact secret: nobody but the service's own user should read them,
whatever the umask. The folder is made 0700 and the database 0600 *before* SQLite opens it;
SQLite creates ``-wal``, ``-shm`` and ``-journal`` with the database file's own permissions, so
they follow. Files left 0644 by an older version are tightened at start.
"""

from __future__ import annotations

import os
from pathlib import Path

from .settings import Settings

DIR_MODE = 0o700
FILE_MODE = 0o600
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


def secure_data_dir(settings: Settings) -> None:
    """Create/tighten the data folder, and the SQLite database file when that is the store."""
    # SQLAlchemy is loaded where the store is touched, not when the CLI starts
    from sqlalchemy.engine import make_url

    from .store import is_sqlite_file

    data_dir = settings.data_dir
    data_dir.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    os.chmod(data_dir, DIR_MODE)
    url = settings.resolved_db_url
    if not is_sqlite_file(url):
        return
    db = Path(str(make_url(url).database))
    db.parent.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    # An empty file is a valid empty SQLite database; creating it here fixes its mode.
    os.close(os.open(db, os.O_CREAT | os.O_WRONLY, FILE_MODE))
    for path in (db, *(db.with_name(db.name + s) for s in SQLITE_SIDE_FILES)):
        if path.exists():
            os.chmod(path, FILE_MODE)
