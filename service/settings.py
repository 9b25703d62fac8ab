"""Service settings, read once from the environment.

Every knob lives here so operators have one place (and one env-var table in docs/service.md) to
look at, and tests can build a :class:`Settings` directly instead of patching the environment.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .devmode import DEV_MODE_ENV

#: Package directory; the default data dir sits beside the code (gitignored ``service/data/``).
PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent

MAX_TEXT_CHARS = 10_000
MAX_BATCH = 1_000
MAX_BODY_BYTES = 2 * 1024 * 1024
MAX_NOTE_CHARS = 2_000
#: Contacts (phone numbers, accounts, links, ...) in one scoring request; more is refused with
#: 422 before anything is stored (a batch of 1,000 ordinary posts holds a few hundred).
MAX_CONTACTS_PER_REQUEST = 5_000
#: Connection timeouts (seconds): complete request headers within HEADER_TIMEOUT_S of the
#: connection opening or the previous response; the whole body within BODY_TIMEOUT_S of the
#: headers; an idle keep-alive connection is closed after KEEPALIVE_TIMEOUT_S.
HEADER_TIMEOUT_S = 10.0
BODY_TIMEOUT_S = 30.0
KEEPALIVE_TIMEOUT_S = 5
#: Scoring pool (service.scoring): threads, waiting requests beyond them, seconds per request.
SCORE_THREADS = 1
#: Child processes per service process that score (service.scoring); 0 = score on threads.
SCORE_PROCESSES = 1
#: GIL switch interval in a service process (service.app): short, so the loop is not starved.
SWITCH_INTERVAL_S = 0.001
SCORE_QUEUE = 64
SCORE_BUDGET_S = 10.0
#: In the data dir: how one worker tells the others which model a reload loaded.
RELOAD_SIGNAL_FILE = "model-reload.json"
#: Prometheus' multi-process directory; ``serve`` sets it when running several workers.
MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"


def _default_data_dir() -> Path:
    return Path(os.environ.get("TPPO_DATA_DIR") or PACKAGE_DIR / "data")


def _default_models_dir() -> Path:
    from tppo_detect.artifacts import default_models_dir

    return default_models_dir()


@dataclass(frozen=True)
class Settings:
    """Where the model, the feedback database and the API keys live, and the request limits."""

    models_dir: Path = field(default_factory=_default_models_dir)
    data_dir: Path = field(default_factory=_default_data_dir)
    #: SQLAlchemy URL; empty means ``sqlite:///<data_dir>/feedback.sqlite3``.
    db_url: str = ""
    #: JSON file with hashed keys; ``None`` means ``<data_dir>/keys.json``.
    keys_file: Path | None = None
    #: Extra hashed keys from the environment (``TPPO_API_KEYS``), comma separated.
    api_keys_env: str = ""
    #: HMAC secret for stored contacts (``TPPO_CONTACT_SECRET``); empty means the one generated
    #: once and kept beside the database (service.sightings). Not shown in repr (logs).
    contact_secret: str = field(default="", repr=False)
    #: Dev mode (``serve --dev``, ``TPPO_DEV_MODE=1``): no key needed, loopback clients only.
    #: Decided once at start; an empty key store never turns it on.
    dev_mode: bool = False
    #: Scoring pool: worker threads, requests that may wait for one (then 503), and the time
    #: budget of one request's scoring (then 504).
    score_threads: int = SCORE_THREADS
    score_processes: int = SCORE_PROCESSES
    score_queue: int = SCORE_QUEUE
    score_budget_s: float = SCORE_BUDGET_S
    switch_interval_s: float = SWITCH_INTERVAL_S
    #: The text and batch limits are part of the API schema (service.schemas), not settings.
    max_body_bytes: int = MAX_BODY_BYTES
    #: Seconds a client has to send the whole request body once its headers are in.
    body_timeout_s: float = BODY_TIMEOUT_S

    @classmethod
    def from_env(cls) -> Settings:
        """Build settings from ``TPPO_*`` environment variables (see docs/service.md)."""
        keys_file = os.environ.get("TPPO_KEYS_FILE")
        return cls(
            db_url=os.environ.get("TPPO_DB_URL", ""),
            keys_file=Path(keys_file) if keys_file else None,
            api_keys_env=os.environ.get("TPPO_API_KEYS", ""),
            contact_secret=os.environ.get("TPPO_CONTACT_SECRET", ""),
            dev_mode=os.environ.get(DEV_MODE_ENV, "") == "1",
            score_threads=int(os.environ.get("TPPO_SCORE_THREADS") or SCORE_THREADS),
            score_processes=int(os.environ.get("TPPO_SCORE_PROCESSES", SCORE_PROCESSES)),
            score_queue=int(os.environ.get("TPPO_SCORE_QUEUE") or SCORE_QUEUE),
            score_budget_s=float(os.environ.get("TPPO_SCORE_BUDGET_S") or SCORE_BUDGET_S),
        )

    @property
    def resolved_keys_file(self) -> Path:
        return self.keys_file or self.data_dir / "keys.json"

    @property
    def resolved_db_url(self) -> str:
        return self.db_url or f"sqlite:///{self.data_dir / 'feedback.sqlite3'}"
