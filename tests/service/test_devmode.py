"""Without keys the service is open to loopback only; keys can also come from the environment."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from service.cli import check_bind
from service.keys import new_key
from service.settings import Settings

from .conftest import BENIGN_POST, LiveServer, copy_models, run_server, server_settings


@pytest.fixture(scope="module")
def dev_server(models_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    # no keys file, no TPPO_API_KEYS: dev mode; behind a proxy on loopback that it trusts
    settings = server_settings(models_root, tmp_path_factory.mktemp("dev"))
    with run_server(settings, forwarded_allow_ips="127.0.0.1") as server:
        yield server


def test_dev_mode_serves_loopback_without_a_key(dev_server: LiveServer) -> None:
    with dev_server.client() as client:
        r = client.post("/v1/score", json={"text": BENIGN_POST})
        assert r.status_code == 200, r.text
        assert client.get("/v1/feedback/export").status_code == 200


def test_dev_mode_refuses_clients_that_are_not_loopback(dev_server: LiveServer) -> None:
    """A reverse proxy on the same host forwards an outside client: that client is refused."""
    with dev_server.client() as client:
        r = client.post(
            "/v1/score", json={"text": BENIGN_POST}, headers={"X-Forwarded-For": "203.0.113.7"}
        )
    assert r.status_code == 403
    assert "localhost" in r.json()["detail"]


def test_dev_mode_warns_loudly_and_refuses_a_public_bind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = Settings(models_dir=tmp_path, data_dir=tmp_path)
    assert check_bind("127.0.0.1", settings) is False
    assert "TIDAK ADA KUNCI API" in capsys.readouterr().err
    for host in ("0.0.0.0", "::", "192.168.1.10"):
        with pytest.raises(SystemExit, match="menolak berjalan"):
            check_bind(host, settings)


def test_a_public_bind_is_allowed_once_a_key_exists(tmp_path: Path) -> None:
    _, record = new_key("admin")
    settings = Settings(models_dir=tmp_path, data_dir=tmp_path, api_keys_env=record.env_entry())
    assert check_bind("0.0.0.0", settings) is True


def test_keys_from_the_environment_variable(models_root: Path, tmp_path: Path) -> None:
    admin, admin_rec = new_key("admin")
    scoring, scoring_rec = new_key("scoring")
    settings = Settings(
        models_dir=copy_models(models_root, tmp_path / "models"),
        data_dir=tmp_path / "data",
        api_keys_env=f"{admin_rec.env_entry()}, {scoring_rec.env_entry()}",
    )
    with run_server(settings) as server:
        with server.client() as anon:
            assert anon.post("/v1/score", json={"text": BENIGN_POST}).status_code == 401
        with server.client(scoring) as client:
            assert client.post("/v1/score", json={"text": BENIGN_POST}).status_code == 200
            assert client.get("/v1/feedback/export").status_code == 403
        with server.client(admin) as client:
            assert client.get("/v1/feedback/export").status_code == 200
