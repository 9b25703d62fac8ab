"""Contacts seen in earlier submissions: the ``seen_before`` part of every score answer.

Task forces act on a recruiter, not on one post, so an analyst looking at a post wants to know
whether its WhatsApp number, Telegram name or bank account already turned up in posts sent to
this service before, and how risky those were. Every scored post's link keys
(:func:`tppo_detect.contacts.link_keys`, e.g. ``tel:+6281234567890``, official contacts
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
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import make_url

from tppo_detect.contacts import link_keys
from tppo_detect.labels import RISK_LEVELS, risk_level_rank
from tppo_detect.model import Score

from .settings import Settings
from .store import FeedbackStore, is_sqlite_file

log = logging.getLogger(__name__)

SECRET_ENV = "TPPO_CONTACT_SECRET"
SECRET_FILE_NAME = "contact-secret"
#: An operator-chosen secret shorter than this is refused: it would be guessable.
MIN_SECRET_CHARS = 16


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


class ContactSightings:
    """Looks up and records the contacts of scored posts (hashed) in the feedback store."""

    def __init__(self, store: FeedbackStore, secret: bytes) -> None:
        self.store = store
        self._secret = secret

    def digest(self, key: str) -> str:
        """HMAC-SHA256 of one normalised link key, as hex."""
        return hmac.new(self._secret, key.encode("utf-8"), hashlib.sha256).hexdigest()

    @staticmethod
    def has_contacts(score: Score) -> bool:
        """Whether a post has anything to look up (most do not, and then skip the database)."""
        return bool(link_keys(score.contacts))

    def observe(self, scores: Sequence[Score]) -> list[SeenBefore]:
        """``seen_before`` of each post, then record the posts as submissions, in order.

        A post counts every earlier submission once, however many contacts they share. Posts of
        one batch are submissions in their own right: a later post sees the earlier ones. The
        database part (one lookup for the whole batch, one insert) is one transaction that holds
        the store's write lock, so concurrent requests see each other in a single order.
        """
        hashed = [[self.digest(k) for k in link_keys(s.contacts)] for s in scores]
        if not any(hashed):
            return [NOT_SEEN] * len(scores)
        ranks = [risk_level_rank(s.risk_level) for s in scores]
        stored = self.store.record_sightings(list(zip(hashed, ranks, strict=True)))

        seen: list[SeenBefore] = []
        earlier: dict[str, list[int]] = {}  # hash -> positions of earlier posts of this batch
        for i, hashes in enumerate(hashed):
            in_batch: set[int] = set()
            for h in hashes:
                in_batch.update(earlier.get(h, ()))
                earlier.setdefault(h, []).append(i)
            count, top = stored[i]
            if in_batch:
                count += len(in_batch)
                top = max(top if top is not None else -1, *(ranks[j] for j in in_batch))
            seen.append(SeenBefore(count, RISK_LEVELS[top] if top is not None else None))
        return seen
