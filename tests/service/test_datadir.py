"""The data folder and the SQLite files with analysts' texts are owner-only (issue 14 #14)."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

from .conftest import SCAM_POST, Keys, run_server, server_settings


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_data_folder_database_and_wal_are_owner_only(
    models_root: Path, keys: Keys, tmp_path: Path
) -> None:
    old_umask = os.umask(0o022)  # what a default login shell gives: 0755 folders, 0644 files
    try:
        settings = server_settings(models_root, tmp_path, keys)
        with run_server(settings) as server, server.client(keys.scoring) as client:
            body = {"text": SCAM_POST, "illegal_recruitment": 1, "online_scam": 1}
            assert client.post("/v1/feedback", json=body).status_code == 201
            data = settings.data_dir
            db = data / "feedback.sqlite3"
            assert mode(data) == 0o700
            assert mode(db) == 0o600
            wal = data / "feedback.sqlite3-wal"
            assert wal.exists(), "the store runs in WAL mode"
            assert mode(wal) == 0o600
            assert mode(data / "feedback.sqlite3-shm") == 0o600
    finally:
        os.umask(old_umask)


def test_files_left_readable_by_an_older_version_are_tightened(
    models_root: Path, keys: Keys, tmp_path: Path
) -> None:
    settings = server_settings(models_root, tmp_path, keys)
    data = settings.data_dir
    data.mkdir(mode=0o755)
    os.chmod(data, 0o755)
    db = data / "feedback.sqlite3"
    sqlite3.connect(db).close()
    os.chmod(db, 0o644)
    with run_server(settings):
        assert mode(data) == 0o700
        assert mode(db) == 0o600
