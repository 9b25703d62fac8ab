"""Feedback store: analysts' verdicts, kept with the post, its score and the model version.

SQLAlchemy Core so the same code runs on the default embedded SQLite file (WAL, created on
start, nothing to install) and on PostgreSQL by setting ``TPPO_DB_URL``. Every write is one
transaction that is committed before the API answers, so an acknowledged verdict survives a
crash of the process.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    Float,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    create_engine,
    event,
    func,
    inspect,
    make_url,
    select,
)
from sqlalchemy.exc import DBAPIError

metadata = MetaData()

feedback = Table(
    "feedback",
    metadata,
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


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    """WAL so readers never block the writer; FULL sync so a committed row survives power loss."""
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def make_engine(url: str) -> Engine:
    """Engine for ``url``; for a SQLite file, create its folder and switch on WAL."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


class FeedbackStore:
    """Writes and reads feedback rows; one short transaction per call."""

    def __init__(self, url: str) -> None:
        self.engine = make_engine(url)
        self._create_tables()

    def _create_tables(self) -> None:
        """Create the table if missing. Several workers start at once and may all try: the
        losers of that race get an error for a table that now exists, which is fine."""
        try:
            metadata.create_all(self.engine)
        except DBAPIError:
            if not inspect(self.engine).has_table(feedback.name):
                raise

    def close(self) -> None:
        self.engine.dispose()

    def add(self, row: Mapping[str, Any]) -> int:
        """Insert one verdict and commit; returns its id only after the commit succeeded."""
        values = {"created_at": datetime.now(timezone.utc), **row}
        with self.engine.begin() as conn:
            result = conn.execute(feedback.insert().values(**values))
            (new_id,) = result.inserted_primary_key
        return int(new_id)

    def get(self, feedback_id: int) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(feedback).where(feedback.c.id == feedback_id)).first()
        return dict(row._mapping) if row else None

    def count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(feedback)).scalar_one())

    def iter_rows(self, *, since_id: int = 0, page: int = 500) -> Iterator[dict[str, Any]]:
        """All rows with ``id > since_id`` in id order, fetched page by page (keyset).

        Each page is its own short read, so a long export never holds a transaction open and
        rows committed meanwhile are simply picked up by a later page.
        """
        last = since_id
        while True:
            with self.engine.connect() as conn:
                rows = conn.execute(
                    select(feedback).where(feedback.c.id > last).order_by(feedback.c.id).limit(page)
                ).all()
            if not rows:
                return
            for row in rows:
                yield dict(row._mapping)
            last = rows[-1].id
