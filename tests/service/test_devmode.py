"""Dev mode is an explicit start-up choice (loopback only); losing every key denies everything.

Keys can also come from the environment."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from service.cli import check_bind
from service.keys import new_key, read_keys_file, write_keys_file
from service.settings import Settings

from .conftest import BENIGN_POST, LiveServer, copy_models, run_server, server_settings


@pytest.fixture(scope="module")
def dev_server(models_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    # no keys file, no TPPO_API_KEYS, dev mode chosen explicitly (what `serve --dev` sets);
    # behind a proxy on loopback that it trusts
    settings = server_settings(models_root, tmp_path_factory.mktemp("dev"), dev_mode=True)
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
    assert check_bind("127.0.0.1", settings, dev=True) is True
    assert check_bind("::1", settings, dev=True) is True
    assert "MODE PENGEMBANGAN" in capsys.readouterr().err
    # "" made uvicorn bind every interface while passing the old loopback check (issue 14 #13)
    for host in ("0.0.0.0", "::", "192.168.1.10", "", "example.org"):
        with pytest.raises(SystemExit, match="menolak --dev"):
            check_bind(host, settings, dev=True)


def test_without_dev_and_without_keys_serve_refuses_to_start(tmp_path: Path) -> None:
    """No keys no longer means dev mode: `serve` stops and says what to do."""
    settings = Settings(models_dir=tmp_path, data_dir=tmp_path)
    for host in ("127.0.0.1", "0.0.0.0"):
        with pytest.raises(SystemExit, match=r"tidak ada kunci API aktif.*--dev"):
            check_bind(host, settings)


def test_a_public_bind_is_allowed_once_a_key_exists(tmp_path: Path) -> None:
    _, record = new_key("admin")
    settings = Settings(models_dir=tmp_path, data_dir=tmp_path, api_keys_env=record.env_entry())
    assert check_bind("0.0.0.0", settings) is False  # keys, not dev mode


def test_an_empty_key_store_without_dev_mode_denies_loopback_too(
    models_root: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    with run_server(server_settings(models_root, tmp_path)) as server, server.client() as client:
        r = client.post("/v1/score", json={"text": BENIGN_POST})
        assert r.status_code == 403, r.text
        assert "tidak punya kunci API aktif" in r.json()["detail"]
    assert any("TIDAK ADA KUNCI API AKTIF" in m for m in caplog.messages)


@pytest.mark.parametrize("how", ["revoke", "delete", "empty"])
def test_losing_the_last_key_at_runtime_denies_everything_and_logs(
    how: str, models_root: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Issue 14 #1: revoking the last key, deleting keys.json or writing {"keys": []} used to
    switch a running server to dev mode (score, export and reload open to loopback)."""
    caplog.set_level(logging.WARNING)
    keys_file = tmp_path / "keys.json"
    admin, record = new_key("admin")
    write_keys_file(keys_file, [record])
    settings = server_settings(models_root, tmp_path / "srv").model_copy(
        update={"keys_file": keys_file}
    )
    with run_server(settings) as server, server.client() as anon, server.client(admin) as client:
        assert client.post("/v1/score", json={"text": BENIGN_POST}).status_code == 200
        assert anon.post("/v1/score", json={"text": BENIGN_POST}).status_code == 401
        if how == "revoke":
            (rec,) = read_keys_file(keys_file)
            write_keys_file(keys_file, [replace(rec, revoked="2026-12-04T00:00:00+00:00")])
        elif how == "delete":
            keys_file.unlink()
        else:
            keys_file.write_text('{"keys": []}')
        for c in (anon, client):
            assert c.post("/v1/score", json={"text": BENIGN_POST}).status_code == 403
            assert c.get("/v1/feedback/export").status_code == 403
            assert c.post("/v1/admin/reload").status_code == 403
    assert sum("TIDAK ADA KUNCI API AKTIF" in m for m in caplog.messages) == 1


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
