"""Service settings, read once from the environment (``pydantic-settings``).

Every knob lives here so operators have one place (and one env-var table in docs/service.md) to
look at, and tests can build a :class:`Settings` directly with keyword arguments (they win over
the environment). A value that cannot be read (``TPPO_SCORE_QUEUE=banyak``) stops the start with
one Indonesian sentence naming the variable (:class:`SettingsError`), not a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from pydantic import Field, ValidationError, field_validator
from pydantic.fields import FieldInfo
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from tppo_detect.numbers import short, thousands

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


ENV_PREFIX = "TPPO_"


def _default_data_dir() -> Path:
    return PACKAGE_DIR / "data"


def _default_models_dir() -> Path:
    from tppo_detect.model.artifacts import default_models_dir

    return default_models_dir()


class SettingsError(ValueError):
    """An environment variable with a value the service cannot use (message in Indonesian)."""


#: What each kind of pydantic error means, for the operator.
_EXPECTED: dict[str, str] = {
    "int_parsing": "harus bilangan bulat",
    "int_from_float": "harus bilangan bulat",
    "float_parsing": "harus angka (desimal ditulis dengan titik, mis. 2.5)",
    "finite_number": "harus angka",
    "greater_than_equal": "minimal {ge}",
    "greater_than": "harus lebih dari {gt}",
    "path_type": "harus path berkas atau folder",
}


class _ServiceEnv(EnvSettingsSource):
    """``TPPO_*`` variables for the fields in :attr:`Settings.ENV_FIELDS` only: the others
    (body limits, GIL interval) are not environment knobs, as before."""

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        if field_name not in Settings.ENV_FIELDS:
            return None, field_name, False
        return super().get_field_value(field, field_name)


class Settings(BaseSettings):
    """Where the model, the feedback database and the API keys live, and the request limits.

    Each field marked "env" is read from ``TPPO_<FIELD>`` (``api_keys_env`` from
    ``TPPO_API_KEYS``); an empty variable counts as unset, so the default applies.
    """

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_ignore_empty=True,
        extra="ignore",
        frozen=True,
        validate_by_name=True,
        validate_by_alias=True,
    )

    #: Fields read from the environment (see docs/service.md for the table).
    ENV_FIELDS: ClassVar[frozenset[str]] = frozenset(
        {
            "models_dir", "data_dir", "db_url", "keys_file", "api_keys_env", "contact_secret",
            "dev_mode", "score_threads", "score_processes", "score_queue", "score_budget_s",
        }
    )  # fmt: skip

    #: env. Model folder; unset means tppo_detect.model.artifacts.default_models_dir (one rule).
    models_dir: Path = Field(default_factory=_default_models_dir)
    #: env. Keys, feedback database, contact secret, reload signal.
    data_dir: Path = Field(default_factory=_default_data_dir)
    #: env. SQLAlchemy URL; empty means ``sqlite:///<data_dir>/feedback.sqlite3``.
    db_url: str = ""
    #: env. JSON file with hashed keys; ``None`` means ``<data_dir>/keys.json``.
    keys_file: Path | None = None
    #: env ``TPPO_API_KEYS``. Extra hashed keys, comma separated.
    api_keys_env: str = Field(default="", validation_alias="TPPO_API_KEYS")
    #: env. HMAC secret for stored contacts; empty means the one generated once and kept beside
    #: the database (service.sightings). Not shown in repr (logs).
    contact_secret: str = Field(default="", repr=False)
    #: env (``serve --dev`` sets it). Dev mode: no key needed, loopback clients only. Decided
    #: once at start; an empty key store never turns it on. Only "1" turns it on.
    dev_mode: bool = False
    #: env. Scoring pool: worker threads, requests that may wait for one (then 503), and the
    #: time budget of one request's scoring (then 504).
    score_threads: int = Field(default=SCORE_THREADS, ge=1)
    score_processes: int = Field(default=SCORE_PROCESSES, ge=0)
    score_queue: int = Field(default=SCORE_QUEUE, ge=0)
    score_budget_s: float = Field(default=SCORE_BUDGET_S, gt=0, allow_inf_nan=False)
    switch_interval_s: float = SWITCH_INTERVAL_S
    #: The text and batch limits are part of the API schema (service.schemas), not settings.
    max_body_bytes: int = MAX_BODY_BYTES
    #: Seconds a client has to send the whole request body once its headers are in.
    body_timeout_s: float = BODY_TIMEOUT_S

    @field_validator("dev_mode", mode="before")
    @classmethod
    def _dev_mode_is_one_or_zero(cls, value: Any) -> Any:
        """``TPPO_DEV_MODE`` is "1" or "0": "true"/"yes" must not be guessed either way."""
        if isinstance(value, str):
            if value.strip() not in ("0", "1"):
                raise ValueError("dev_mode")
            return value.strip() == "1"
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # keyword arguments first, then the environment; no .env file, no secrets directory
        return init_settings, _ServiceEnv(settings_cls)

    @classmethod
    def from_env(cls) -> Settings:
        """Build settings from ``TPPO_*`` environment variables (see docs/service.md).

        Raises :class:`SettingsError` naming each variable whose value cannot be used.
        """
        try:
            return cls()
        except ValidationError as exc:
            raise SettingsError(_explain(exc)) from None

    @property
    def resolved_keys_file(self) -> Path:
        return self.keys_file or self.data_dir / "keys.json"

    @property
    def resolved_db_url(self) -> str:
        return self.db_url or f"sqlite:///{self.data_dir / 'feedback.sqlite3'}"


def env_name(field_name: str) -> str:
    """The environment variable of a settings field: "score_queue" -> "TPPO_SCORE_QUEUE"."""
    if field_name.startswith(ENV_PREFIX):
        return field_name  # an alias is the variable's name itself
    return ENV_PREFIX + field_name.upper()


def _explain(exc: ValidationError) -> str:
    """One Indonesian sentence per unusable variable: name, value as given, what it must be."""
    parts: list[str] = []
    for err in exc.errors(include_url=False):
        field = str(err["loc"][0]) if err["loc"] else ""
        name = env_name(field)
        if field == "dev_mode" or name == DEV_MODE_ENV:
            expected = "harus 1 (mode pengembangan) atau 0"
        else:
            ctx = {k: _number(v) for k, v in (err.get("ctx") or {}).items()}
            template = _EXPECTED.get(err["type"], "tidak dapat dipakai")
            expected = template.format(**ctx) if ctx else template
        parts.append(f"variabel lingkungan {name}={err['input']!r} tidak valid: {expected}")
    return "; ".join(parts) + ". Perbaiki atau hapus variabel itu (kosong = nilai bawaan)."


def _number(value: Any) -> Any:
    """Bounds as Indonesians write them: "0,5", "1.000"."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return thousands(value) if float(value).is_integer() else short(value)
    return value
