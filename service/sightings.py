"""Contacts seen in earlier submissions: the ``seen_before`` part of every score answer.

Task forces act on a recruiter, not on one post, so an analyst looking at a post wants to know
whether its WhatsApp number, Telegram name or bank account already turned up in posts sent to
this service before, and how risky those were. Every scored post's link keys
(:func:`tppo_detect.text.contacts.link_keys`, e.g. ``tel:+6281234567890``, official contacts
excluded) are looked up and then recorded in the feedback store.

Only an HMAC-SHA256 of each key is stored, under a server secret, so the database never holds a
plain phone number or account. The secret is what makes that worth anything: phone numbers are
few enough to hash them all, so a plain SHA-256 would be reversible by brute force. It comes
from ``TPPO_CONTACT_SECRET`` or, when that is unset, from a random secret generated once and
kept in a ``contact-secret`` file next to the SQLite database (or the keys file, for other
databases). Losing or changing it does not break anything, but earlier sightings no longer
match: the service then starts remembering afresh.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
import tempfile
import threading
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import HTTPException
from sqlalchemy import make_url
from sqlalchemy.exc import OperationalError

from tppo_detect.labels import RISK_LEVELS, risk_level_rank
from tppo_detect.model.detector import Score
from tppo_detect.numbers import short, thousands
from tppo_detect.text.contacts import link_keys

from .settings import MAX_CONTACTS_PER_REQUEST, Settings
from .store import FeedbackStore, is_sqlite_file

log = logging.getLogger(__name__)

SECRET_ENV = "TPPO_CONTACT_SECRET"
SECRET_FILE_NAME = "contact-secret"
#: An operator-chosen secret shorter than this is refused: it would be guessable.
MIN_SECRET_CHARS = 16
#: The writer waits this long after the first queued submission so that concurrent requests
#: share one transaction (one lock, one commit) instead of queueing for the lock one by one.
FLUSH_DELAY_S = 0.02
#: Pauses between failed write attempts: doubling from the first up to the last.
RETRY_FIRST_S = 0.1
RETRY_MAX_S = 5.0
#: Rows kept in memory while the database does not take them (about 100 bytes each).
MAX_QUEUED_ROWS = 200_000
#: Attempts at the read part of a lookup before answering 503.
READ_ATTEMPTS = 4


class ContactSecretError(ValueError):
    """The contact secret is unusable; the message says why and how to fix it."""


@dataclass(frozen=True)
class SeenBefore:
    """How many earlier submissions shared a contact with a post, and their highest risk."""

    submissions: int
    max_level: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"submissions": self.submissions, "max_level": self.max_level}


NOT_SEEN = SeenBefore(submissions=0, max_level=None)


def secret_file(settings: Settings) -> tuple[Path, bool]:
    """Where a generated secret is kept, and whether that place is next to the database.

    Beside a SQLite file, the secret travels with the database it belongs to. Any other
    database may be shared by several hosts, each with its own data dir, so the file goes
    beside the keys file and the caller warns that hosts must share ``TPPO_CONTACT_SECRET``.
    """
    url = settings.resolved_db_url
    if is_sqlite_file(url):
        return Path(make_url(url).database or "").parent / SECRET_FILE_NAME, True
    return settings.resolved_keys_file.parent / SECRET_FILE_NAME, False


def load_contact_secret(settings: Settings) -> bytes:
    """The HMAC secret: ``TPPO_CONTACT_SECRET`` if set, else the persisted (or a new) one."""
    if settings.contact_secret:
        if len(settings.contact_secret) < MIN_SECRET_CHARS:
            raise ContactSecretError(
                f"{SECRET_ENV} terlalu pendek: minimal {MIN_SECRET_CHARS} karakter "
                "(buat dengan: python -c 'import secrets; print(secrets.token_hex(32))')"
            )
        return settings.contact_secret.encode("utf-8")
    path, beside_db = secret_file(settings)
    secret = _read_or_create_secret(path)
    if not beside_db:
        log.warning(
            "%s tidak diatur: kunci rahasia kontak diambil dari %s. Bila beberapa server "
            "memakai basis data yang sama, pasang %s yang sama di semuanya, atau kontak "
            "tidak akan saling tertaut.",
            SECRET_ENV,
            path,
            SECRET_ENV,
        )
    return secret


def _read_or_create_secret(path: Path) -> bytes:
    """Read the secret file, or create it exactly once even when several workers start at once.

    The new secret is written to a private temporary file and hard-linked into place: the link
    fails if another worker got there first (we then use theirs), and nobody ever reads a
    half-written file.
    """
    if path.exists():
        return _read_secret(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".contact-secret-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(secrets.token_hex(32) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        try:
            os.link(tmp, path)
        except FileExistsError:
            return _read_secret(path)
    finally:
        Path(tmp).unlink(missing_ok=True)
    log.warning(
        "Kunci rahasia kontak baru dibuat di %s (atau pasang %s). Simpan berkas ini bersama "
        "basis data: tanpanya kontak yang sudah tercatat tidak bisa dicocokkan lagi.",
        path,
        SECRET_ENV,
    )
    return _read_secret(path)


def _read_secret(path: Path) -> bytes:
    secret = path.read_text(encoding="ascii").strip()
    if len(secret) < MIN_SECRET_CHARS:
        raise ContactSecretError(
            f"{path}: kunci rahasia kontak rusak (kurang dari {MIN_SECRET_CHARS} karakter); "
            f"pulihkan dari cadangan, atau hapus berkasnya agar dibuat ulang"
        )
    return secret.encode("ascii")


class ContactLimitError(HTTPException):
    """More contacts in one request than :data:`MAX_CONTACTS_PER_REQUEST`: 422, nothing stored."""

    def __init__(self, found: int) -> None:
        super().__init__(
            422,
            f"kontak terlalu banyak dalam satu permintaan: {thousands(found)}, maksimum "
            f"{thousands(MAX_CONTACTS_PER_REQUEST)}; bagi batch menjadi beberapa permintaan",
        )


class ContactSightings:
    """Looks up and records the contacts of scored posts (hashed) in the feedback store.

    The request path only reads: its lookup is a plain read, which neither SQLite (WAL) nor
    PostgreSQL makes wait for a writer. Recording is handed to a :class:`SightingsWriter`
    thread that commits the queued rows of many requests in one transaction and retries when
    the database is busy, so scoring never waits for, or fails on, the database write lock.
    """

    def __init__(self, store: FeedbackStore, secret: bytes, *, start: bool = True) -> None:
        self.store = store
        self._secret = secret
        self.writer = SightingsWriter(store)
        if start:
            self.writer.start()

    def digest(self, key: str) -> str:
        """HMAC-SHA256 of one normalised link key, as hex."""
        return hmac.new(self._secret, key.encode("utf-8"), hashlib.sha256).hexdigest()

    @staticmethod
    def has_contacts(score: Score) -> bool:
        """Whether a post has anything to look up (most do not, and then skip the database)."""
        return bool(link_keys(score.contacts))

    def submission_id(self, text: str) -> str:
        """A submission is a distinct text (whitespace aside): checking the same post again,
        from the page or a batch, is not one more earlier post (issue 15). Keyed with the
        contact secret, so the stored id says nothing about the text."""
        return self.digest("text\0" + " ".join(text.split()))[:32]

    def observe(
        self, scores: Sequence[Score], texts: Sequence[str] | None = None
    ) -> list[SeenBefore]:
        """``seen_before`` of each post, then queue the posts to be recorded, in order.

        A post counts every earlier submission once, however many contacts they share; with
        ``texts``, a submission is a distinct text, so the same post checked again counts
        neither itself nor its earlier checks. Posts of one batch are submissions in their own
        right: a later post sees the earlier ones.
        Raises :class:`ContactLimitError` (before touching the database) when the request holds
        more than :data:`MAX_CONTACTS_PER_REQUEST` contacts.
        """
        hashed = [[self.digest(k) for k in link_keys(s.contacts)] for s in scores]
        total = sum(len(h) for h in hashed)
        if total > MAX_CONTACTS_PER_REQUEST:
            raise ContactLimitError(total)
        if not total:
            return [NOT_SEEN] * len(scores)
        ranks = [risk_level_rank(s.risk_level) for s in scores]
        ids = (
            [self.submission_id(t) for t in texts]
            if texts is not None
            else [uuid.uuid4().hex for _ in scores]
        )
        stored, known = self.writer.lookup_and_queue(hashed, ranks, ids)

        seen: list[SeenBefore] = []
        earlier: dict[str, list[int]] = {}  # hash -> positions of earlier posts of this batch
        for i, hashes in enumerate(hashed):
            in_batch: dict[str, int] = {}  # other submission id -> its highest rank
            for h in hashes:
                for j in earlier.get(h, ()):
                    # an earlier post of this batch whose text was sent before is already
                    # among the stored/queued submissions counted above
                    if ids[j] != ids[i] and ids[j] not in known:
                        in_batch[ids[j]] = max(in_batch.get(ids[j], -1), ranks[j])
                earlier.setdefault(h, []).append(i)
            count, top = stored[i]
            if in_batch:
                count += len(in_batch)
                top = max(top if top is not None else -1, *in_batch.values())
            seen.append(SeenBefore(count, RISK_LEVELS[top] if top is not None else None))
        return seen

    def close(self, timeout: float = 10.0) -> None:
        """Write what is still queued (up to ``timeout`` seconds), then stop the writer."""
        self.writer.stop(timeout)


class SightingsWriter:
    """One thread per process that records queued sightings, many requests per transaction.

    Correctness of ``seen_before`` with writes off the request path: a queued submission is
    counted from memory until the transaction holding it commits, and the commit and its
    removal from memory happen under the same lock that lookups take, so each lookup sees every
    earlier submission of this process exactly once, either in memory or in the database.
    Submissions made by *other* worker processes become visible once their writer commits
    (normally within :data:`FLUSH_DELAY_S` plus one insert).

    A busy or unreachable database never fails a request: the transaction is retried with a
    growing pause (logged), and the rows wait in memory meanwhile. Past
    :data:`MAX_QUEUED_ROWS` waiting rows, new submissions are answered but not recorded, with
    a log line (``dropped`` counts them), so memory stays bounded while the database is down.
    """

    def __init__(self, store: FeedbackStore) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._queue: list[_Pending] = []  # waiting to be written, in order
        self._in_flight: list[_Pending] = []  # in the transaction now being written
        self._by_hash: dict[str, list[_Pending]] = {}  # queued + in flight, by contact hash
        self._rows = 0
        self._stopping = False
        self._thread: threading.Thread | None = None
        self.dropped = 0
        self.retries = 0

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="sightings-writer", daemon=True)
        self._thread.start()

    def lookup_and_queue(
        self, hashed: Sequence[Sequence[str]], ranks: Sequence[int], ids: Sequence[str]
    ) -> tuple[list[tuple[int, int | None]], set[str]]:
        """Per post: earlier submissions (stored or still queued in this process) sharing a
        hash, other than the post's own id, and their highest rank; and which of ``ids`` were
        already stored or queued (the same text sent before). Then queue the posts as new
        submissions under ``ids``."""
        with self._lock:
            stored = _read_with_retry(self.store, hashed, ids)
            all_hashes = [h for hashes in hashed for h in hashes]
            queued = {p.submission for h in all_hashes for p in self._by_hash.get(h, ())}
            # submissions both in the database and still queued here (the same text sent
            # again before the writer committed) are counted by the database read only
            # (asked only when it can matter: something queued, or several posts whose earlier
            # ones may have been sent before; a single post with nothing queued needs no read)
            probe = queued | (set(ids) if len(ids) > 1 else set())
            in_db = self.store.known_submissions(all_hashes, sorted(probe)) if probe else set()
            known = (queued | in_db) & set(ids)
            found: list[tuple[int, int | None]] = []
            for hashes, own, (count, top) in zip(hashed, ids, stored, strict=True):
                waiting: dict[str, int] = {}
                for h in hashes:
                    for p in self._by_hash.get(h, ()):
                        if p.submission != own and p.submission not in in_db:
                            waiting[p.submission] = max(waiting.get(p.submission, -1), p.rank)
                if waiting:
                    count += len(waiting)
                    top = max(top if top is not None else -1, *waiting.values())
                found.append((count, top))
            self._enqueue(hashed, ranks, ids)
        return found, known

    def _enqueue(
        self, hashed: Sequence[Sequence[str]], ranks: Sequence[int], ids: Sequence[str]
    ) -> None:
        """Queue the posts (caller holds the lock); drop them, logged, when the queue is full."""
        new = [
            _Pending(sid, hashes, rank)
            for hashes, rank, sid in zip(hashed, ranks, ids, strict=True)
            if hashes
        ]
        size = sum(len(p.hashes) for p in new)
        if self._rows + size > MAX_QUEUED_ROWS:
            self.dropped += len(new)
            log.error(
                "Antrean penulisan kontak penuh (%s baris menunggu basis data): %s kiriman "
                "tidak dicatat; periksa basis data",
                thousands(self._rows),
                thousands(len(new)),
            )
            return
        for p in new:
            for h in set(p.hashes):
                self._by_hash.setdefault(h, []).append(p)
        self._queue += new
        self._rows += size
        self._wake.notify()

    def pending(self) -> int:
        """Submissions not yet committed (queued or being written)."""
        with self._lock:
            return len(self._queue) + len(self._in_flight)

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until everything queued so far is committed; False on timeout."""
        deadline = time.monotonic() + timeout
        with self._wake:
            self._wake.notify()
            while self._queue or self._in_flight:
                left = deadline - time.monotonic()
                if left <= 0 or self._thread is None or not self._thread.is_alive():
                    return False
                self._wake.wait(min(left, 0.05))
        return True

    def stop(self, timeout: float = 10.0) -> None:
        if not self.flush(timeout):
            log.error(
                "%s kiriman kontak belum tercatat saat layanan berhenti (basis data tidak "
                "menjawab)",
                thousands(self.pending()),
            )
        with self._wake:
            self._stopping = True
            self._wake.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _run(self) -> None:
        pause = RETRY_FIRST_S
        while True:
            with self._wake:
                while not self._queue and not self._stopping:
                    self._wake.wait()
                if self._stopping and not self._queue:
                    return
            time.sleep(FLUSH_DELAY_S)  # let concurrent requests join this transaction
            with self._lock:
                self._in_flight, self._queue = self._queue, []
            try:
                self._write(self._in_flight)
            except Exception as exc:
                with self._lock:  # back to the front of the queue, in order
                    self._queue = self._in_flight + self._queue
                    self._in_flight = []
                self.retries += 1
                log.warning(
                    "Gagal mencatat kontak ke basis data (%s: %s); dicoba lagi dalam %s detik",
                    type(exc).__name__,
                    str(exc).splitlines()[0] if str(exc) else "",
                    short(pause),
                )
                with self._wake:
                    if self._stopping:
                        return  # stop() already gave the database its time; it logs the loss
                    self._wake.wait(pause)
                pause = min(pause * 2, RETRY_MAX_S)
                continue
            pause = RETRY_FIRST_S

    def _write(self, batch: list[_Pending]) -> None:
        """Insert and commit ``batch``; the commit and forgetting it happen under the lock."""
        now = datetime.now(UTC)
        rows = [
            {
                "contact_hash": h,
                "submission_id": p.submission,
                "risk_level": RISK_LEVELS[p.rank],
                "created_at": now,
            }
            for p in batch
            for h in p.hashes
        ]
        locked = False
        try:
            with self.store.sightings_writer(rows):
                self._lock.acquire()
                locked = True
        except BaseException:
            if locked:
                self._lock.release()
            raise
        # Committed while we hold the lock: forget the batch before any lookup can run.
        try:
            for p in batch:
                for h in set(p.hashes):
                    waiting = self._by_hash[h]
                    waiting.remove(p)
                    if not waiting:
                        del self._by_hash[h]
            self._rows -= sum(len(p.hashes) for p in batch)
            self._in_flight = []
            self._wake.notify_all()
        finally:
            self._lock.release()


@dataclass(eq=False)
class _Pending:
    """One submission waiting to be written: its random id, contact hashes and risk rank."""

    submission: str
    hashes: Sequence[str]
    rank: int


def _read_with_retry(
    store: FeedbackStore, hashed: Sequence[Sequence[str]], own: Sequence[str]
) -> list[tuple[int, int | None]]:
    """The stored part of the lookup; a read that fails (a SQLite checkpoint, a PostgreSQL
    restart) is retried briefly, then answered with 503 rather than a 500."""
    pause = 0.05
    for attempt in range(READ_ATTEMPTS):
        try:
            return store.lookup_sightings(hashed, own)
        except OperationalError as exc:
            if attempt == READ_ATTEMPTS - 1:
                log.error("Pencarian kontak gagal: %s", str(exc).splitlines()[0])
                raise HTTPException(
                    503, "basis data kontak sedang tidak bisa dibaca; coba lagi sebentar"
                ) from exc
            time.sleep(pause)
            pause *= 2
    raise AssertionError("unreachable")
