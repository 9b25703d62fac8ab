"""Service settings from ``TPPO_*`` variables (pydantic-settings): same names and defaults as
before, an unusable value stops the start with one Indonesian sentence naming the variable."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from service.app import create_app
from service.cli import serve
from service.keys import new_key
from service.settings import (
    BODY_TIMEOUT_S,
    MAX_BODY_BYTES,
    SCORE_BUDGET_S,
    SCORE_PROCESSES,
    SCORE_QUEUE,
    SCORE_THREADS,
    Settings,
    SettingsError,
)

from .conftest import BENIGN_POST, copy_models, run_asgi

_ALL_ENV = (
    "TPPO_MODELS_DIR", "TPPO_DATA_DIR", "TPPO_DB_URL", "TPPO_KEYS_FILE", "TPPO_API_KEYS",
    "TPPO_CONTACT_SECRET", "TPPO_DEV_MODE", "TPPO_SCORE_THREADS", "TPPO_SCORE_PROCESSES",
    "TPPO_SCORE_QUEUE", "TPPO_SCORE_BUDGET_S",
)  # fmt: skip


@pytest.fixture()
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in _ALL_ENV:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_defaults_without_variables(clean_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    clean_env.setenv("TPPO_MODELS_DIR", str(tmp_path))
    s = Settings.from_env()
    assert s.models_dir == tmp_path
    assert s.data_dir == Path(__file__).parents[2] / "service" / "data"
    assert (s.db_url, s.keys_file, s.api_keys_env, s.contact_secret, s.dev_mode) == (
        "",
        None,
        "",
        "",
        False,
    )
    assert (s.score_threads, s.score_processes, s.score_queue, s.score_budget_s) == (
        SCORE_THREADS,
        SCORE_PROCESSES,
        SCORE_QUEUE,
        SCORE_BUDGET_S,
    )


def test_every_variable_is_read_and_empty_means_default(
    clean_env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    values = {
        "TPPO_MODELS_DIR": str(tmp_path / "m"),
        "TPPO_DATA_DIR": str(tmp_path / "d"),
        "TPPO_DB_URL": "sqlite:///x.db",
        "TPPO_KEYS_FILE": str(tmp_path / "k.json"),
        "TPPO_API_KEYS": "a:admin:h",
        "TPPO_CONTACT_SECRET": "s" * 20,
        "TPPO_DEV_MODE": "1",
        "TPPO_SCORE_THREADS": "3",
        "TPPO_SCORE_PROCESSES": "0",
        "TPPO_SCORE_QUEUE": "7",
        "TPPO_SCORE_BUDGET_S": "2.5",
        # not a setting: the body limit stays a constant, as before
        "TPPO_MAX_BODY_BYTES": "12",
    }
    for name, value in values.items():
        clean_env.setenv(name, value)
    s = Settings.from_env()
    assert s.models_dir == tmp_path / "m" and s.data_dir == tmp_path / "d"
    assert s.resolved_keys_file == tmp_path / "k.json" and s.resolved_db_url == "sqlite:///x.db"
    assert (s.api_keys_env, s.contact_secret, s.dev_mode) == ("a:admin:h", "s" * 20, True)
    assert (s.score_threads, s.score_processes, s.score_queue, s.score_budget_s) == (3, 0, 7, 2.5)
    assert (s.max_body_bytes, s.body_timeout_s) == (MAX_BODY_BYTES, BODY_TIMEOUT_S)
    assert "s" * 20 not in repr(s)  # the contact secret stays out of logs
    for name in ("TPPO_SCORE_PROCESSES", "TPPO_SCORE_QUEUE", "TPPO_DEV_MODE"):
        clean_env.setenv(name, "")
    s = Settings.from_env()
    assert (s.score_processes, s.score_queue, s.dev_mode) == (SCORE_PROCESSES, SCORE_QUEUE, False)


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("TPPO_SCORE_QUEUE", "banyak", "harus bilangan bulat"),
        ("TPPO_SCORE_THREADS", "0", "minimal 1"),
        ("TPPO_SCORE_PROCESSES", "-1", "minimal 0"),
        ("TPPO_SCORE_BUDGET_S", "1,5", "harus angka (desimal ditulis dengan titik"),
        ("TPPO_SCORE_BUDGET_S", "0", "harus lebih dari 0"),
        ("TPPO_DEV_MODE", "yes", "harus 1 (mode pengembangan) atau 0"),
    ],
)
def test_a_bad_value_names_its_variable_in_indonesian(
    clean_env: pytest.MonkeyPatch, name: str, value: str, expected: str
) -> None:
    clean_env.setenv(name, value)
    with pytest.raises(SettingsError) as info:
        Settings.from_env()
    message = str(info.value)
    assert message.startswith(f"variabel lingkungan {name}={value!r} tidak valid: {expected}")
    assert "validation error" not in message and "pydantic" not in message


def test_every_bad_variable_is_named_at_once(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("TPPO_SCORE_QUEUE", "x")
    clean_env.setenv("TPPO_SCORE_THREADS", "y")
    with pytest.raises(SettingsError, match=r"TPPO_SCORE_THREADS='y'.*TPPO_SCORE_QUEUE='x'"):
        Settings.from_env()


def test_serve_stops_at_start_with_the_sentence(
    clean_env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    clean_env.setenv("TPPO_SCORE_BUDGET_S", "sepuluh")
    with pytest.raises(SystemExit) as info:
        serve("127.0.0.1", 0, 1, tmp_path, access_log=False)
    assert str(info.value).startswith("galat: variabel lingkungan TPPO_SCORE_BUDGET_S='sepuluh'")


def test_the_cli_prints_the_sentence_not_a_traceback(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "TPPO_SCORE_QUEUE": "banyak"}
    cli = Path(sys.executable).parent / "tppo-detect"
    done = subprocess.run(
        [str(cli), "keys", "list"], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 1
    assert "galat: variabel lingkungan TPPO_SCORE_QUEUE='banyak' tidak valid" in done.stderr
    assert "Traceback" not in done.stderr


def test_good_values_are_honoured_by_the_real_app(
    clean_env: pytest.MonkeyPatch, models_root: Path, tmp_path: Path
) -> None:
    """create_app() without settings reads the environment: the key given in TPPO_API_KEYS
    opens the API, the database lands in TPPO_DATA_DIR, the pool has the threads and queue."""
    key, record = new_key("scoring", "dari env")
    clean_env.setenv("TPPO_MODELS_DIR", str(copy_models(models_root, tmp_path / "models")))
    clean_env.setenv("TPPO_DATA_DIR", str(tmp_path / "data"))
    clean_env.setenv("TPPO_API_KEYS", record.env_entry())
    clean_env.setenv("TPPO_SCORE_PROCESSES", "0")
    clean_env.setenv("TPPO_SCORE_QUEUE", "5")
    clean_env.setenv("TPPO_SCORE_THREADS", "2")
    app = create_app()
    assert app.state.scorer._capacity == 2 + 5  # threads + waiting requests
    with run_asgi(app) as url:
        anonymous = httpx.post(f"{url}/v1/score", json={"text": BENIGN_POST}, timeout=60)
        keyed = httpx.post(
            f"{url}/v1/score", json={"text": BENIGN_POST}, headers={"X-API-Key": key}, timeout=60
        )
    assert anonymous.status_code == 401
    assert keyed.status_code == 200, keyed.text
    assert (tmp_path / "data" / "feedback.sqlite3").exists()
