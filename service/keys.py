"""API keys: creation, salted hashing, the keys file and the ``TPPO_API_KEYS`` variable.

Only salted hashes are ever written down, so a leaked keys file or environment does not leak a
usable key. A key looks like ``tppo_<id>_<secret>``; the public ``id`` finds the record in O(1)
and the secret is checked against its HMAC-SHA256 hash in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
import tempfile
import threading
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

log = logging.getLogger(__name__)

Role = Literal["scoring", "admin"]
ROLES: tuple[Role, ...] = ("scoring", "admin")
KEY_PREFIX = "tppo"
#: Logged when the key store holds no active key (at start or after the last revoke/delete).
NO_KEYS_LOG = (
    "TIDAK ADA KUNCI API AKTIF di %s (atau TPPO_API_KEYS): SEMUA permintaan /v1/* ditolak "
    "(403) sampai kunci dibuat dengan `tppo-detect keys create`"
)


class KeysFileError(ValueError):
    """The keys file or ``TPPO_API_KEYS`` cannot be read; the message says which entry."""


@dataclass(frozen=True)
class KeyRecord:
    """One stored key: never the key itself, only its salted hash."""

    id: str
    role: Role
    hash: str
    name: str = ""
    created: str = ""
    revoked: str | None = None

    @property
    def active(self) -> bool:
        return self.revoked is None

    def allows(self, role: Role) -> bool:
        """Admin keys may do everything a scoring key may."""
        return self.role == "admin" or self.role == role

    def env_entry(self) -> str:
        """The form ``TPPO_API_KEYS`` takes: ``<id>:<role>:<hash>``."""
        return f"{self.id}:{self.role}:{self.hash}"


def hash_key(key: str, salt: bytes | None = None) -> str:
    """Salted HMAC-SHA256 of a key as ``sha256$<salt hex>$<digest hex>``."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hmac.new(salt, key.encode("utf-8"), hashlib.sha256).hexdigest()
    return f"sha256${salt.hex()}${digest}"


def check_hash(key: str, stored: str) -> bool:
    """Constant-time comparison of ``key`` against a stored ``sha256$salt$digest``."""
    try:
        scheme, salt_hex, digest = stored.split("$")
        salt = bytes.fromhex(salt_hex)
    except ValueError:
        return False
    if scheme != "sha256":
        return False
    return hmac.compare_digest(hash_key(key, salt).rsplit("$", 1)[1], digest)


def key_id(key: str) -> str | None:
    """Public id part of a presented key, or None when it is not shaped like one of ours."""
    parts = key.split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX or not parts[1] or not parts[2]:
        return None
    return parts[1]


def new_key(role: Role, name: str = "") -> tuple[str, KeyRecord]:
    """A fresh random key and its record; the key is shown once and never stored."""
    if role not in ROLES:
        raise ValueError(f"peran tidak dikenal: {role!r} (pilihan: {', '.join(ROLES)})")
    kid = secrets.token_hex(4)
    key = f"{KEY_PREFIX}_{kid}_{secrets.token_urlsafe(32)}"
    created = datetime.now(UTC).isoformat(timespec="seconds")
    return key, KeyRecord(id=kid, role=role, hash=hash_key(key), name=name, created=created)


def _record_from_dict(raw: object, where: str) -> KeyRecord:
    if not isinstance(raw, dict):
        raise KeysFileError(f"{where}: entri kunci harus berupa objek JSON")
    try:
        record = KeyRecord(**raw)
    except TypeError as exc:
        raise KeysFileError(f"{where}: entri kunci tidak valid ({exc})") from None
    if record.role not in ROLES:
        raise KeysFileError(f"{where}: peran {record.role!r} tidak dikenal")
    return record


def read_keys_file(path: Path) -> list[KeyRecord]:
    """All records in a keys file (revoked ones included); a missing file means no keys."""
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise KeysFileError(f"{path}: berkas kunci tidak bisa dibaca ({exc})") from None
    entries = data.get("keys") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise KeysFileError(f"{path}: format harus {{'keys': [...]}}")
    return [_record_from_dict(e, f"{path} entri {i}") for i, e in enumerate(entries)]


def write_keys_file(path: Path, records: list[KeyRecord]) -> None:
    """Atomically replace the keys file (owner-only permissions) so a crash never truncates it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps({"keys": [asdict(r) for r in records]}, indent=2, ensure_ascii=False)
    fd, tmp = tempfile.mkstemp(prefix=".keys-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(payload + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def parse_env_keys(value: str) -> list[KeyRecord]:
    """Records from ``TPPO_API_KEYS`` (comma-separated ``<id>:<role>:sha256$salt$digest``)."""
    records = []
    for i, entry in enumerate(e.strip() for e in value.split(",")):
        if not entry:
            continue
        parts = entry.split(":")
        if len(parts) != 3 or parts[1] not in ROLES or not parts[2].startswith("sha256$"):
            raise KeysFileError(
                f"TPPO_API_KEYS entri {i}: format harus <id>:<scoring|admin>:sha256$<salt>$<hash>"
            )
        records.append(KeyRecord(id=parts[0], role=parts[1], hash=parts[2], name="env"))  # type: ignore[arg-type]
    return records


class KeyRing:
    """The active keys, re-read when the keys file changes so revocation needs no restart."""

    def __init__(self, path: Path, env_value: str = "") -> None:
        self.path = path
        self._env_records = parse_env_keys(env_value)
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._by_id: dict[str, KeyRecord] = {}
        self._refresh(strict=True)

    def _file_stamp(self) -> tuple[int, int] | None:
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return None
        return (st.st_mtime_ns, st.st_size)

    def _refresh(self, *, strict: bool = False) -> None:
        stamp = self._file_stamp()
        if stamp == self._stamp and not strict:
            return
        with self._lock:
            if stamp == self._stamp and not strict:
                return
            try:
                file_records = read_keys_file(self.path)
            except KeysFileError:
                if strict:
                    raise
                # A hand-edited broken file must not lock every user out; keep the last good set.
                log.exception("berkas kunci rusak, kunci sebelumnya tetap dipakai")
                self._stamp = stamp
                return
            by_id = {r.id: r for r in [*self._env_records, *file_records] if r.active}
            if not by_id and self._by_id:
                log.warning(NO_KEYS_LOG, self.path)
            self._by_id = by_id
            self._stamp = stamp

    @property
    def empty(self) -> bool:
        """No active key at all: outside dev mode every request is refused (service.auth)."""
        self._refresh()
        return not self._by_id

    def verify(self, key: str) -> KeyRecord | None:
        """The active record a presented key belongs to, or None."""
        self._refresh()
        kid = key_id(key)
        record = self._by_id.get(kid) if kid else None
        if record is None or not check_hash(key, record.hash):
            return None
        return record
