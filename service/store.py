"""Feedback store: analysts' verdicts, kept with the post, its score and the model version, and
the (hashed) contacts of every scored post, so a later post sharing one is recognised.

SQLAlchemy Core so the same code runs on the default embedded SQLite file (WAL, nothing to
install) and on PostgreSQL (psycopg 3) by setting ``TPPO_DB_URL``; the schema is brought up to
date on start by the Alembic migrations in service/migrations (:func:`migrate`). A verdict is
one transaction committed before the API answers, so an acknowledged verdict survives a crash
of the process and a power cut. Contact sightings are written off the request path by
:class:`service.sightings.SightingsWriter`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Engine,
    Float,
    Index,
    Integer,
    MetaData,
    Select,
    SmallInteger,
    String,
    Table,
    Text,
    case,
    column,
    create_engine,
    distinct,
    event,
    func,
    inspect,
    literal,
    make_url,
    select,
    values,
)

from tppo_detect.labels import RISK_LEVELS

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

#: One row per (scored post, contact): never the contact itself, only its keyed hash
#: (:mod:`service.sightings`). ``submission_id`` is a random id per scored post, so several
#: shared contacts count one earlier submission once. The index covers the lookup (hash ->
#: submission, level) so it never reads the table itself.
contact_sightings = Table(
    "contact_sightings",
    metadata,
    # 64-bit (migration 0002); SQLite's rowid already is, and must stay INTEGER to be one.
    Column(
        "id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    ),
    Column("contact_hash", String(64), nullable=False),
    Column("submission_id", String(32), nullable=False),
    Column("risk_level", String(8), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_contact_sightings_hash", "contact_hash", "submission_id", "risk_level"),
)

#: Posts per lookup query: a whole 1,000-post batch is one query unless its posts hold more
#: than this many contacts; posts are never split, so each one's count stays exact. Two bound
#: parameters a pair keep any batch under SQLite's and PostgreSQL's parameter limits.
LOOKUP_PAIRS = 8_000

#: How long one attempt of the sightings writer waits for the database's write lock.
SIGHTINGS_LOCK_WAIT_MS = 1000

_LEVEL_RANK = case(
    {level: rank for rank, level in enumerate(RISK_LEVELS)},
    value=contact_sightings.c.risk_level,
    else_=0,
)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    """WAL so readers never block the writer; FULL sync so a committed row survives power loss."""
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def _sqlite_relaxed_sync(dbapi_conn: Any, _record: Any) -> None:
    """NORMAL sync in WAL mode: a commit does not wait for the disk. A power cut may lose the
    last commits, never the database's consistency; a crash of the process loses nothing.

    The sightings writer also waits only :data:`SIGHTINGS_LOCK_WAIT_MS` for the write lock:
    it retries on its own, logging each time, instead of sitting silently in a long wait."""
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute(f"PRAGMA busy_timeout={SIGHTINGS_LOCK_WAIT_MS}")
    cur.close()


def is_sqlite_file(url: str) -> bool:
    """Whether ``url`` is a SQLite database in a file (not in memory, not another server)."""
    parsed = make_url(url)
    return parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:")


def make_engine(url: str, *, durable: bool = True) -> Engine:
    """Engine for ``url``; for a SQLite file, create its folder and switch on WAL.

    ``durable=False`` is for contact sightings (:class:`FeedbackStore`): see
    :func:`_sqlite_relaxed_sync`.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if is_sqlite_file(url):
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)  # type: ignore[arg-type]
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        if not durable:
            event.listen(engine, "connect", _sqlite_relaxed_sync)
        return engine
    return create_engine(url, pool_pre_ping=True)


class FeedbackStore:
    """Writes and reads feedback rows and contact sightings; one short transaction per call."""

    def __init__(self, url: str) -> None:
        self.engine = make_engine(url)
        #: Sightings are written on every scored post with contacts, so they do not wait for
        #: an fsync (measured: 4 ms -> 0.5 ms a post on a busy disk); losing the last few to a
        #: power cut is harmless, unlike an acknowledged analyst verdict. Same database file.
        self.sightings_engine = (
            make_engine(url, durable=False) if is_sqlite_file(url) else self.engine
        )
        migrate(self.engine)

    def close(self) -> None:
        self.engine.dispose()
        self.sightings_engine.dispose()

    def add(self, row: Mapping[str, Any]) -> int:
        """Insert one verdict and commit; returns its id only after the commit succeeded."""
        record = {"created_at": datetime.now(UTC), **row}
        with self.engine.begin() as conn:
            result = conn.execute(feedback.insert().values(**record))
            (new_id,) = result.inserted_primary_key
        return int(new_id)

    def lookup_sightings(
        self, posts: Sequence[Sequence[str]], own: Sequence[str] | None = None
    ) -> list[tuple[int, int | None]]:
        """For each post (its contact hashes): the distinct stored submissions sharing any of
        them and their highest risk rank (``(0, None)`` when there are none), not counting
        the post's own submission id (``own``: the same text checked again is not an earlier
        post). Read only: on SQLite (WAL) and PostgreSQL a read never waits for a writer."""
        found: list[tuple[int, int | None]] = [(0, None)] * len(posts)
        own = list(own) if own is not None else [""] * len(posts)
        with self.sightings_engine.connect() as conn:
            for chunk in _chunks(posts):
                for post, count, top in conn.execute(_lookup(chunk, own)):
                    if count:
                        found[post] = (int(count), int(top))
        return found

    def known_submissions(self, hashes: Sequence[str], ids: Sequence[str]) -> set[str]:
        """Which of ``ids`` are already stored with one of ``hashes`` (index-only: the index
        starts with the hash)."""
        if not hashes or not ids:
            return set()
        query = (
            select(contact_sightings.c.submission_id)
            .where(
                contact_sightings.c.contact_hash.in_(sorted(set(hashes))),
                contact_sightings.c.submission_id.in_(sorted(set(ids))),
            )
            .distinct()
        )
        with self.sightings_engine.connect() as conn:
            return {row[0] for row in conn.execute(query)}

    @contextmanager
    def sightings_writer(self, rows: Sequence[Mapping[str, Any]]) -> Iterator[None]:
        """Insert ``rows`` into ``contact_sightings`` in one transaction that commits when the
        ``with`` body ends, so the caller can make the commit and its own bookkeeping one step
        (:class:`service.sightings.SightingsWriter`). An exception in the body rolls back.

        SQLite: ``BEGIN IMMEDIATE`` takes the write lock before the insert (waiting up to the
        busy timeout for another process). Neither database waits for the disk at commit
        (``sightings_engine``; PostgreSQL: ``synchronous_commit`` off for this transaction).
        """
        with self.sightings_engine.begin() as conn:
            dialect = conn.dialect.name
            if dialect == "sqlite":
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            elif dialect == "postgresql":
                conn.exec_driver_sql("SET LOCAL synchronous_commit TO OFF")
                conn.exec_driver_sql(f"SET LOCAL lock_timeout = {SIGHTINGS_LOCK_WAIT_MS}")
            if rows:
                conn.execute(contact_sightings.insert(), list(rows))
            yield

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


#: Arbitrary constant naming the PostgreSQL advisory lock that serialises migrations.
_MIGRATION_LOCK = 0x7470_706F


def migrate(engine: Engine) -> None:
    """Bring the database's schema to the newest Alembic revision (service/migrations).

    Several workers start at once, so this runs under a lock (PostgreSQL: an advisory lock,
    SQLite: ``BEGIN IMMEDIATE``) and the others then find nothing to do. A database made by
    the code from before migrations (its tables, no ``alembic_version``) is stamped at the
    first revision, which describes exactly that schema, and upgraded from there.
    """
    from alembic import command
    from alembic.config import Config

    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(select(func.pg_advisory_xact_lock(_MIGRATION_LOCK)))
        elif conn.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        config = Config()
        config.set_main_option("script_location", "service:migrations")
        config.attributes["connection"] = conn
        tables = set(inspect(conn).get_table_names())
        if "alembic_version" not in tables and {"feedback", "contact_sightings"} <= tables:
            command.stamp(config, "0001")
        command.upgrade(config, "head")


def _lookup(pairs: list[tuple[int, str]], own: Sequence[str]) -> Select[Any]:
    """Per post of ``pairs`` (post position, hash): distinct stored submissions sharing any of
    its hashes and their highest risk rank (a count of 0 means none).

    One post (every ``/v1/score``) gets a plain ``IN`` query, which SQLAlchemy compiles once
    and caches; the VALUES list a batch needs is compiled afresh each time (~1 ms), fine once
    per batch but a noticeable share of a single post's few milliseconds.
    """
    submissions = func.count(distinct(contact_sightings.c.submission_id))
    posts = {post for post, _ in pairs}
    if len(posts) == 1:
        (post,) = posts
        return select(literal(post, Integer), submissions, func.max(_LEVEL_RANK)).where(
            contact_sightings.c.contact_hash.in_([h for _, h in pairs]),
            contact_sightings.c.submission_id != own[post],
        )
    wanted = (
        values(
            column("post", Integer),
            column("contact_hash", String),
            column("own", String),
            name="wanted",
        )
        .data([(post, h, own[post]) for post, h in pairs])
        .cte("wanted")
    )
    return (
        select(wanted.c.post, submissions, func.max(_LEVEL_RANK))
        .select_from(wanted)
        .join(contact_sightings, contact_sightings.c.contact_hash == wanted.c.contact_hash)
        .where(contact_sightings.c.submission_id != wanted.c.own)
        .group_by(wanted.c.post)
    )


def _chunks(posts: Sequence[Sequence[str]]) -> Iterator[list[tuple[int, str]]]:
    """(post position, hash) pairs, about ``LOOKUP_PAIRS`` at a time, never splitting a post."""
    chunk: list[tuple[int, str]] = []
    for i, hashes in enumerate(posts):
        if chunk and len(chunk) + len(hashes) > LOOKUP_PAIRS:
            yield chunk
            chunk = []
        chunk += [(i, h) for h in hashes]
    if chunk:
        yield chunk
