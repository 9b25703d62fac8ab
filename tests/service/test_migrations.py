"""Schema migrations (Alembic): new, current and pre-migration databases on both backends."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import (
    Column,
    DateTime,
    Float,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    create_engine,
    inspect,
)

from service.store import FeedbackStore, metadata

from .conftest import BACKENDS, new_database_url


def head() -> str:
    config = Config()
    config.set_main_option("script_location", "service:migrations")
    return ScriptDirectory.from_config(config).get_current_head() or ""


def database(backend: str, pg_dsn: str | None, tmp_path: Path) -> str:
    return new_database_url(backend, pg_dsn) or f"sqlite:///{tmp_path / 'feedback.sqlite3'}"


def legacy_schema() -> MetaData:
    """The tables exactly as the service created them before migrations (metadata.create_all
    of service/store.py at commit e2abc8b): 32-bit ids, no alembic_version."""
    old = MetaData()
    Table(
        "feedback",
        old,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("text", Text, nullable=False),
        Column("illegal_recruitment", SmallInteger, nullable=False),
        Column("online_scam", SmallInteger, nullable=False),
        Column("note", Text, nullable=False),
        Column("platform", String(16), nullable=True),
        Column("kind", String(32), nullable=True),
        Column("split", String(8), nullable=True),
        Column("url", Text, nullable=True),
        Column("author", Text, nullable=True),
        Column("posted_at", String(64), nullable=True),
        Column("request_id", String(64), nullable=True),
        Column("key_id", String(32), nullable=True),
        Column("model_version", String(64), nullable=False),
        Column("risk_score", Integer, nullable=False),
        Column("risk_level", String(8), nullable=False),
        Column("score_illegal_recruitment", Float, nullable=False),
        Column("score_online_scam", Float, nullable=False),
        Column("score_json", Text, nullable=False),
    )
    Table(
        "contact_sightings",
        old,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("contact_hash", String(64), nullable=False),
        Column("submission_id", String(32), nullable=False),
        Column("risk_level", String(8), nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Index("ix_contact_sightings_hash", "contact_hash", "submission_id", "risk_level"),
    )
    return old


VERDICT = {
    "text": "Loker Kamboja gaji 20jt",
    "illegal_recruitment": 1,
    "online_scam": 0,
    "note": "dari versi lama",
    "model_version": "v-lama",
    "risk_score": 90,
    "risk_level": "tinggi",
    "score_illegal_recruitment": 0.9,
    "score_online_scam": 0.1,
    "score_json": "{}",
}


def schema_differences(url: str) -> list[object]:
    engine = create_engine(url)
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), metadata)
    engine.dispose()
    return diffs


@pytest.mark.parametrize("backend", BACKENDS)
def test_new_database_is_created_at_the_newest_revision(
    backend: str, pg_dsn: str | None, tmp_path: Path
) -> None:
    url = database(backend, pg_dsn, tmp_path)
    FeedbackStore(url).close()
    engine = create_engine(url)
    with engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == head() == "0002"
    engine.dispose()
    assert schema_differences(url) == [], "migrations and service/store.py disagree"


@pytest.mark.parametrize("backend", BACKENDS)
def test_database_from_before_migrations_is_upgraded_keeping_its_rows(
    backend: str, pg_dsn: str | None, tmp_path: Path
) -> None:
    url = database(backend, pg_dsn, tmp_path)
    engine = create_engine(url)
    old = legacy_schema()
    old.create_all(engine)
    now = datetime.now(UTC)
    with engine.begin() as conn:
        conn.execute(old.tables["feedback"].insert(), [{**VERDICT, "created_at": now}])
        conn.execute(
            old.tables["contact_sightings"].insert(),
            [
                {
                    "contact_hash": "a" * 64,
                    "submission_id": "s1",
                    "risk_level": "tinggi",
                    "created_at": now,
                }
            ],
        )
    if backend == "postgresql":
        id_type = inspect(engine).get_columns("contact_sightings")[0]["type"]
        assert str(id_type) == "INTEGER", "the legacy table must start 32-bit"
    engine.dispose()

    store = FeedbackStore(url)
    try:
        assert store.get(1)["note"] == "dari versi lama"
        assert store.lookup_sightings([["a" * 64]]) == [(1, 2)]
        assert store.add({**VERDICT, "note": "baru"}) == 2
        with store.sightings_writer(
            [
                {
                    "contact_hash": "a" * 64,
                    "submission_id": "s2",
                    "risk_level": "rendah",
                    "created_at": now,
                }
            ]
        ):
            pass
        assert store.lookup_sightings([["a" * 64]]) == [(2, 2)]
        with store.engine.connect() as conn:
            assert MigrationContext.configure(conn).get_current_revision() == head()
            columns = {c["name"]: c for c in inspect(conn).get_columns("contact_sightings")}
    finally:
        store.close()
    if backend == "postgresql":  # the column change of revision 0002 reached the old table
        assert str(columns["id"]["type"]) == "BIGINT"
    assert schema_differences(url) == []


@pytest.mark.parametrize("backend", BACKENDS)
def test_workers_starting_together_migrate_once(
    backend: str, pg_dsn: str | None, tmp_path: Path
) -> None:
    url = database(backend, pg_dsn, tmp_path)
    with ThreadPoolExecutor(4) as pool:
        stores = list(pool.map(lambda _: FeedbackStore(url), range(4)))
    for store in stores:
        store.close()
    assert schema_differences(url) == []
