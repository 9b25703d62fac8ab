"""Atomic reload: a good model swaps in, a tampered one is refused and the old one keeps serving."""

from __future__ import annotations

import json
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import joblib
import pytest

from service.modelstate import ModelHolder
from service.settings import Settings
from tppo_detect.model.artifacts import sha256_file, sign_card

from .conftest import (
    SCAM_POST,
    Keys,
    LiveServer,
    clone_model_version,
    copy_models,
    run_server,
    server_settings,
)


@pytest.fixture(scope="module")
def reload_server(
    models_root: Path, keys: Keys, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    settings = server_settings(models_root, tmp_path_factory.mktemp("reload"), keys)
    with run_server(settings) as server:
        yield server


@pytest.fixture()
def admin(reload_server: LiveServer, keys: Keys) -> Iterator[httpx.Client]:
    with reload_server.client(keys.admin) as client:
        yield client


def serving_version(client: httpx.Client) -> str:
    return client.get("/v1/model").json()["version"]


def clone_version(server: LiveServer, name: str) -> Path:
    return clone_model_version(server.settings.models_dir, name)


def test_reload_of_the_same_model(admin: httpx.Client) -> None:
    before = serving_version(admin)
    r = admin.post("/v1/admin/reload")
    assert r.status_code == 200, r.text
    assert r.json()["previous_version"] == r.json()["model_version"] == before


def test_reload_to_a_named_good_version_swaps_the_model(
    admin: httpx.Client, reload_server: LiveServer
) -> None:
    old = serving_version(admin)
    clone_version(reload_server, "good-copy")
    r = admin.post("/v1/admin/reload", json={"version": "good-copy"})
    assert r.status_code == 200, r.text
    assert r.json() == {
        "previous_version": old,
        "model_version": "good-copy",
        "request_id": r.headers["x-request-id"],
    }
    assert serving_version(admin) == "good-copy"
    assert admin.post("/v1/score", json={"text": SCAM_POST}).json()["model_version"] == "good-copy"
    assert 'tppo_model_info{version="good-copy"} 1.0' in admin.get("/metrics").text
    # back to what LATEST names
    assert admin.post("/v1/admin/reload").json()["model_version"] == old


def test_tampered_model_is_refused_and_the_old_one_keeps_serving(
    admin: httpx.Client, reload_server: LiveServer
) -> None:
    old = serving_version(admin)
    bad = clone_version(reload_server, "tampered")
    with (bad / "model.joblib").open("ab") as fh:
        fh.write(b"\x00evil")
    r = admin.post("/v1/admin/reload", json={"version": "tampered"})
    assert r.status_code == 409
    message = r.json()["detail"]
    assert (
        "integritas" in message and "sha256" in message and f"model {old} tetap dipakai" in message
    )
    assert serving_version(admin) == old
    scored = admin.post("/v1/score", json={"text": SCAM_POST})
    assert scored.status_code == 200 and scored.json()["model_version"] == old

    # Same when LATEST itself is pointed at the tampered version.
    latest = reload_server.settings.models_dir / "LATEST"
    good = latest.read_text()
    latest.write_text("tampered\n")
    try:
        r = admin.post("/v1/admin/reload")
        assert r.status_code == 409
        assert serving_version(admin) == old
    finally:
        latest.write_text(good)


def test_model_file_not_listed_in_the_card_is_refused(
    admin: httpx.Client, reload_server: LiveServer
) -> None:
    old = serving_version(admin)
    bad = clone_version(reload_server, "unlisted")
    card_path = bad / "model_card.json"
    card = json.loads(card_path.read_text())
    card.pop("artifacts", None)
    card_path.write_text(json.dumps(card))
    r = admin.post("/v1/admin/reload", json={"version": "unlisted"})
    assert r.status_code == 409
    assert serving_version(admin) == old


def test_a_model_file_that_is_listed_but_not_a_model_is_refused(
    admin: httpx.Client, reload_server: LiveServer
) -> None:
    """The hash matches (someone re-listed it), but the file is no model: 409, old one serves."""
    old = serving_version(admin)
    bad = clone_version(reload_server, "not-a-model")
    joblib.dump({"not": "a model"}, bad / "model.joblib")
    card_path = bad / "model_card.json"
    card = json.loads(card_path.read_text())
    card["artifacts"]["model.joblib"]["sha256"] = sha256_file(bad / "model.joblib")
    card_path.write_text(json.dumps(sign_card(card)))  # even by someone holding the key
    r = admin.post("/v1/admin/reload", json={"version": "not-a-model"})
    assert r.status_code == 409
    assert "tidak bisa dimuat" in r.json()["detail"]
    assert serving_version(admin) == old
    assert admin.post("/v1/score", json={"text": SCAM_POST}).status_code == 200


def test_unknown_version_is_404(admin: httpx.Client) -> None:
    r = admin.post("/v1/admin/reload", json={"version": "no-such-version"})
    assert r.status_code == 404
    assert "tidak ditemukan" in r.json()["detail"]


def test_version_must_be_a_plain_directory_name(admin: httpx.Client) -> None:
    for version in ("../models", "a/b", ".hidden", ""):
        r = admin.post("/v1/admin/reload", json={"version": version})
        assert r.status_code == 422, version


def test_reload_does_not_drop_in_flight_requests(
    admin: httpx.Client, reload_server: LiveServer, keys: Keys
) -> None:
    clone_version(reload_server, "swap-a")
    statuses: list[int] = []
    stop = threading.Event()

    def hammer() -> None:
        with reload_server.client(keys.scoring) as client:
            while not stop.is_set():
                statuses.append(client.post("/v1/score", json={"text": SCAM_POST}).status_code)

    workers = [threading.Thread(target=hammer) for _ in range(4)]
    for w in workers:
        w.start()
    try:
        for i in range(6):
            body = {"version": "swap-a"} if i % 2 == 0 else {}
            r = admin.post("/v1/admin/reload", json=body)
            assert r.status_code == 200, r.text
    finally:
        stop.set()
        for w in workers:
            w.join()
    assert statuses and set(statuses) == {200}


def test_readyz_is_503_until_a_model_exists(models_root: Path, keys: Keys, tmp_path: Path) -> None:
    empty = tmp_path / "models"
    empty.mkdir()
    settings = Settings(models_dir=empty, data_dir=tmp_path / "data", keys_file=keys.file)
    with run_server(settings) as server, server.client(keys.admin) as client:
        assert client.get("/healthz").status_code == 200
        r = client.get("/readyz")
        assert r.status_code == 503 and r.json() == {"detail": "model belum dimuat"}
        scored = client.post("/v1/score", json={"text": SCAM_POST})
        assert scored.status_code == 503 and "model belum dimuat" in scored.json()["detail"]
        assert client.post("/v1/admin/reload").status_code == 404

        shutil.rmtree(empty)
        shutil.copytree(models_root, empty)
        r = client.post("/v1/admin/reload")
        assert r.status_code == 200 and r.json()["previous_version"] is None
        assert client.get("/readyz").status_code == 200
        assert client.post("/v1/score", json={"text": SCAM_POST}).status_code == 200


def test_thresholds_edited_in_the_card_are_refused(
    admin: httpx.Client, reload_server: LiveServer
) -> None:
    """Issue 14 #10: an edited threshold used to be accepted on reload (the sha256 only covers
    model.joblib). The card is signed with a key outside the models folder now."""
    old = serving_version(admin)
    bad = clone_version(reload_server, "edited-thresholds")
    card_path = bad / "model_card.json"
    card = json.loads(card_path.read_text())
    card["thresholds"]["tinggi"] = 0.99
    card_path.write_text(json.dumps(card))
    r = admin.post("/v1/admin/reload", json={"version": "edited-thresholds"})
    assert r.status_code == 409, r.text
    assert "tanda tangan" in r.json()["detail"] and "diubah setelah dilatih" in r.json()["detail"]
    assert serving_version(admin) == old


def test_an_unsigned_card_is_refused(admin: httpx.Client, reload_server: LiveServer) -> None:
    old = serving_version(admin)
    bad = clone_version(reload_server, "unsigned")
    card_path = bad / "model_card.json"
    card = json.loads(card_path.read_text())
    del card["signature"]
    card_path.write_text(json.dumps(card))
    r = admin.post("/v1/admin/reload", json={"version": "unsigned"})
    assert r.status_code == 409, r.text
    assert "tidak bertanda tangan" in r.json()["detail"]
    assert serving_version(admin) == old


def test_every_reload_reaches_other_workers_even_with_coarse_file_timestamps(
    models_root: Path, tmp_path: Path
) -> None:
    """Issue 14 #11, two ModelHolders on one data dir as two uvicorn workers are. A reload
    whose signal file got the same timestamp and size as the one before (coarse mtime, e.g.
    two reloads within one jiffy) went unnoticed: the other worker kept the old model."""
    models = copy_models(models_root, tmp_path / "models")
    clone_model_version(models, "vnext")
    clone_model_version(models, "vbaru")  # same name length: the signal files' sizes match
    signal = tmp_path / "data" / "model-reload.json"
    a, b = ModelHolder(models, signal), ModelHolder(models, signal)
    a.load()
    b.load()
    latest = a.detector.version
    a.reload("vnext")
    assert b.signal_changed()
    b.follow()
    assert b.detector.version == "vnext"
    before = os.stat(signal)
    a.reload("vbaru")
    os.utime(signal, ns=(before.st_atime_ns, before.st_mtime_ns))  # same timestamp as before
    assert os.stat(signal).st_size == before.st_size
    assert b.signal_changed()
    b.follow()
    assert b.detector.version == "vbaru"
    assert not b.signal_changed()
    # A worker uvicorn starts after the reload (replacing a dead one) serves the same model.
    c = ModelHolder(models, signal)
    c.load()
    assert c.detector.version == "vbaru" != latest
