"""Fixtures for the service tests: real uvicorn servers on free loopback ports.

Every server runs the real app in a background thread on a socket we bound ourselves (port 0,
so no race for a "free" port), over a private copy of the session's trained model so reload
tests can tamper with files without touching the shared ``models_root``.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from sqlalchemy import create_engine, make_url

from service.app import create_app
from service.keys import new_key, write_keys_file
from service.server import TcpConfig
from service.settings import Settings
from tppo_detect.model.artifacts import sign_card

from ..conftest import REPO, require

#: A recruitment post for a Cambodian scam compound: the model must call it ``tinggi``.
SCAM_POST = (
    "🔥 LOWONGAN ADMIN ONLINE – KAMBOJA 🔥\n"
    "Dibutuhkan segera 20 org utk posisi admin chat / CS online, lokasi Phnom Penh.\n"
    "💰 Gaji $1.000 – $1.300 / bulan + bonus target\n"
    "✅ Tidak perlu pengalaman, diajari dari nol\n"
    "✅ Tiket pesawat PP + visa DITANGGUNG perusahaan, pakai visa turis dulu\n"
    "✅ Berangkat minggu ini!!\n"
    "Minat langsung chat Mr. Andre 👉 wa.me/6285311907264, slot terbatas"
)
BENIGN_POST = "Dijual motor Beat 2019 mulus, pajak hidup. Nego tipis, COD area Bekasi."
STARTUP_LIMIT_S = 60


@dataclass
class Keys:
    admin: str
    scoring: str
    file: Path


@dataclass
class LiveServer:
    url: str
    app: FastAPI
    settings: Settings

    def client(self, key: str | None = None, **kwargs: object) -> httpx.Client:
        headers = {"X-API-Key": key} if key else {}
        kwargs.setdefault("timeout", 60)
        return httpx.Client(base_url=self.url, headers=headers, **kwargs)  # type: ignore[arg-type]


@contextmanager
def run_server(settings: Settings, **config: Any) -> Iterator[LiveServer]:
    """Serve ``create_app(settings)`` with uvicorn on 127.0.0.1:<free port> until exit;
    ``config``: extra :class:`service.server.TcpConfig` arguments (e.g. ``header_timeout``)."""
    app = create_app(settings)
    with run_asgi(app, **config) as url:
        yield LiveServer(url=url, app=app, settings=settings)


@contextmanager
def run_asgi(app: Any, **config_kwargs: Any) -> Iterator[str]:
    """Serve any ASGI app with uvicorn in a thread, configured as ``serve`` does (timeouts,
    protocol); yields its base URL (``config_kwargs`` override the quiet defaults, e.g.
    ``access_log=True, log_level="info"``, or add ``header_timeout``)."""
    # proto=IPPROTO_TCP matters: asyncio only sets TCP_NODELAY on sockets that say they are TCP,
    # and without it every keep-alive response waits ~40 ms for a delayed ACK.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    options: dict[str, Any] = {"log_level": "warning", "access_log": False, **config_kwargs}
    config = TcpConfig(app, lifespan="on", **options)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_LIMIT_S
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start (see the log above)")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


def copy_models(models_root: Path, dest: Path) -> Path:
    shutil.copytree(models_root, dest)
    return dest


def server_settings(
    models_root: Path, base: Path, keys: Keys | None = None, **extra: Any
) -> Settings:
    """Settings of a server of its own under ``base``: a model copy, a data dir (so its own
    SQLite file) and, given ``keys``, the test keys file; without keys the server is in dev mode.
    """
    return Settings(
        models_dir=copy_models(models_root, base / "models"),
        data_dir=base / "data",
        keys_file=keys.file if keys else None,
        **extra,
    )


def clone_model_version(models_root: Path, name: str) -> Path:
    """A copy of the version LATEST names, under a new name and with that name as its card
    version, re-signed with the session's model key (as a real training would sign it)."""
    src = models_root / (models_root / "LATEST").read_text().strip()
    dest = models_root / name
    shutil.copytree(src, dest)
    card_path = dest / "model_card.json"
    card = json.loads(card_path.read_text())
    card["version"] = name
    card_path.write_text(json.dumps(sign_card(card)))
    return dest


@pytest.fixture(scope="session")
def keys(tmp_path_factory: pytest.TempPathFactory) -> Keys:
    path = tmp_path_factory.mktemp("keys") / "keys.json"
    admin, admin_rec = new_key("admin", "test admin")
    scoring, scoring_rec = new_key("scoring", "test scoring")
    write_keys_file(path, [admin_rec, scoring_rec])
    return Keys(admin=admin, scoring=scoring, file=path)


@pytest.fixture(scope="session")
def live(
    models_root: Path, keys: Keys, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """The shared server: keys configured, its own SQLite file and model copy."""
    with run_server(server_settings(models_root, tmp_path_factory.mktemp("live"), keys)) as server:
        yield server


@pytest.fixture()
def scoring_client(live: LiveServer, keys: Keys) -> Iterator[httpx.Client]:
    with live.client(keys.scoring) as client:
        yield client


@pytest.fixture()
def admin_client(live: LiveServer, keys: Keys) -> Iterator[httpx.Client]:
    with live.client(keys.admin) as client:
        yield client


@pytest.fixture()
def anon_client(live: LiveServer) -> Iterator[httpx.Client]:
    with live.client() as client:
        yield client


# --- Databases: every feedback and sightings test runs on SQLite and on PostgreSQL ----------

BACKENDS = ("sqlite", "postgresql")
PG_DSN_ENV = "TPPO_TEST_PG_DSN"
PG_MISSING = (
    "PostgreSQL tidak tersedia: pasang paket Debian `postgresql` (apt-get install postgresql) "
    f"atau atur {PG_DSN_ENV}; .ci/run memasang dan menyalakannya"
)


@pytest.fixture(scope="session")
def pg_dsn(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str | None]:
    """A PostgreSQL server: ``$TPPO_TEST_PG_DSN`` (.ci/run starts one), else a throwaway
    cluster started here with ``.ci/postgres`` when Debian's PostgreSQL is installed."""
    dsn = os.environ.get(PG_DSN_ENV)
    if dsn:
        yield dsn
        return
    script = REPO / ".ci" / "postgres"
    folder = Path(tempfile.mkdtemp(prefix="tppo-pg-"))
    started = subprocess.run(
        ["bash", str(script), "start", str(folder)], capture_output=True, text=True, check=False
    )
    if started.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        yield None
        return
    try:
        yield started.stdout.split("=", 1)[1].strip().strip("'")
    finally:
        subprocess.run(["bash", str(script), "stop", str(folder)], check=False)
        shutil.rmtree(folder, ignore_errors=True)


def new_database_url(backend: str, pg_dsn: str | None) -> str:
    """An empty database of its own: "" (the SQLite file in the server's data dir) or a new
    PostgreSQL database on the test server."""
    if backend == "sqlite":
        return ""
    require(pg_dsn is not None, PG_MISSING)
    assert pg_dsn is not None
    name = f"tppo_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(pg_dsn, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    return make_url(pg_dsn).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)
