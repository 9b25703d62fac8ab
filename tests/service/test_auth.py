"""API keys over real HTTP: 401 without, 403 wrong or insufficient, roles, revocation."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from service.app import create_app
from service.cli import keys_app
from service.keys import check_hash, parse_env_keys, read_keys_file

from .conftest import BENIGN_POST, Keys, LiveServer, run_asgi, server_settings

SCORING_ROUTES = [
    ("POST", "/v1/score", {"text": BENIGN_POST}),
    ("POST", "/v1/score/batch", {"posts": [{"text": BENIGN_POST}]}),
    ("GET", "/v1/model", None),
    (
        "POST",
        "/v1/feedback",
        {"text": BENIGN_POST, "illegal_recruitment": False, "online_scam": False},
    ),
]
ADMIN_ROUTES = [
    ("GET", "/v1/feedback/export", None),
    ("POST", "/v1/admin/reload", None),
]


def call(client: httpx.Client, method: str, path: str, body: object) -> httpx.Response:
    return (
        client.request(method, path, json=body)
        if body is not None
        else client.request(method, path)
    )


@pytest.mark.parametrize(("method", "path", "body"), SCORING_ROUTES + ADMIN_ROUTES)
def test_missing_key_is_401(
    anon_client: httpx.Client, method: str, path: str, body: object
) -> None:
    r = call(anon_client, method, path, body)
    assert r.status_code == 401
    assert r.json() == {"detail": "header X-API-Key wajib diisi"}
    assert r.headers["www-authenticate"].startswith("ApiKey")


@pytest.mark.parametrize(
    "bad_key",
    ["wrong", "tppo_deadbeef_notthesecret", "tppo__", "ключ"],
)
@pytest.mark.parametrize(("method", "path", "body"), SCORING_ROUTES + ADMIN_ROUTES)
def test_wrong_key_is_403(
    live: LiveServer, keys: Keys, bad_key: str, method: str, path: str, body: object
) -> None:
    with live.client() as client:
        # httpx refuses non-ASCII header values given as str; send the UTF-8 bytes instead.
        r = client.request(
            method,
            path,
            json=body,
            headers={"X-API-Key": bad_key.encode("utf-8")},  # type: ignore[dict-item]
        )
    assert r.status_code == 403
    assert r.json()["detail"] == "kunci API salah atau sudah dicabut"


def test_a_real_key_with_a_wrong_secret_is_403(live: LiveServer, keys: Keys) -> None:
    tampered = keys.scoring[:-4] + ("aaaa" if not keys.scoring.endswith("aaaa") else "bbbb")
    with live.client(tampered) as client:
        assert client.post("/v1/score", json={"text": BENIGN_POST}).status_code == 403


@pytest.mark.parametrize(("method", "path", "body"), ADMIN_ROUTES)
def test_scoring_key_cannot_use_admin_routes(
    scoring_client: httpx.Client, method: str, path: str, body: object
) -> None:
    r = call(scoring_client, method, path, body)
    assert r.status_code == 403
    assert "butuh peran admin" in r.json()["detail"]


@pytest.mark.parametrize(("method", "path", "body"), SCORING_ROUTES)
def test_admin_key_can_do_what_a_scoring_key_can(
    admin_client: httpx.Client, method: str, path: str, body: object
) -> None:
    assert call(admin_client, method, path, body).status_code in {200, 201}


@pytest.mark.parametrize("path", ["/healthz", "/readyz", "/metrics", "/", "/openapi.json"])
def test_public_routes_need_no_key(anon_client: httpx.Client, path: str) -> None:
    assert anon_client.get(path).status_code == 200


def test_keys_cli_create_list_revoke_takes_effect_without_restart(live: LiveServer) -> None:
    """A key made by the CLI works at once; revoking it locks it out at once."""
    runner = CliRunner()
    file = str(live.settings.resolved_keys_file)
    made = runner.invoke(keys_app, ["create", "--scoring", "--name", "cli", "--keys-file", file])
    assert made.exit_code == 0, made.output
    key = next(w for w in made.output.split() if w.startswith("tppo_"))
    stored = json.loads(live.settings.resolved_keys_file.read_text())
    assert key not in json.dumps(stored), "the key itself must never be written down"
    record = next(r for r in read_keys_file(live.settings.resolved_keys_file) if r.name == "cli")
    assert record.role == "scoring" and check_hash(key, record.hash)

    with live.client(key) as client:
        assert client.post("/v1/score", json={"text": BENIGN_POST}).status_code == 200
        listed = runner.invoke(keys_app, ["list", "--keys-file", file])
        assert record.id in listed.output and "aktif" in listed.output
        revoked = runner.invoke(keys_app, ["revoke", record.id, "--keys-file", file])
        assert revoked.exit_code == 0, revoked.output
        assert client.post("/v1/score", json={"text": BENIGN_POST}).status_code == 403
    listed = runner.invoke(keys_app, ["list", "--keys-file", file])
    assert "dicabut" in listed.output
    again = runner.invoke(keys_app, ["revoke", record.id, "--keys-file", file])
    assert again.exit_code == 1


def test_keys_cli_admin_flag_and_env_entry(tmp_path: object) -> None:
    runner = CliRunner()
    file = str(tmp_path) + "/k.json"  # type: ignore[operator]
    made = runner.invoke(keys_app, ["create", "--admin", "--keys-file", file])
    assert made.exit_code == 0, made.output
    key = next(w for w in made.output.split() if w.startswith("tppo_"))
    env_line = next(w for w in made.output.split() if ":admin:sha256$" in w)
    (record,) = parse_env_keys(env_line)
    assert record.role == "admin" and check_hash(key, record.hash)


@pytest.mark.parametrize("command", [["create", "--scoring"], ["list"], ["revoke", "k1"]])
def test_keys_cli_damaged_file_is_one_line_and_exit_2(tmp_path: object, command: list[str]) -> None:
    file = str(tmp_path) + "/k.json"  # type: ignore[operator]
    with open(file, "w", encoding="utf-8") as fh:
        fh.write("{not json")
    result = CliRunner().invoke(keys_app, [*command, "--keys-file", file])
    assert result.exit_code == 2
    assert result.output.startswith("galat: ") and result.exception is not None
    assert isinstance(result.exception, SystemExit)


def test_a_key_in_the_query_string_is_not_written_to_the_access_log(
    models_root: Path, keys: Keys, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Issue 14 #9: the key was refused (422) but uvicorn logged the request line in clear."""
    app = create_app(server_settings(models_root, tmp_path, keys))
    access = logging.getLogger("uvicorn.access")
    with run_asgi(app, access_log=True, log_level="info") as url:
        access.addHandler(caplog.handler)
        try:
            with httpx.Client(base_url=url) as client:
                for query in (
                    {"api_key": keys.scoring},
                    {"X-API-Key": keys.admin},
                    {"token": "rahasia-123", "q": "loker"},
                    {"x": keys.scoring},
                ):
                    r = client.get("/v1/model", params=query)
                    assert r.status_code in (401, 422), r.text
        finally:
            access.removeHandler(caplog.handler)
    lines = [m for m in caplog.messages if "/v1/model" in m]
    assert len(lines) == 4, caplog.messages
    logged = "\n".join(lines)
    for secret in (keys.scoring, keys.admin, "rahasia-123", keys.scoring.split("_", 2)[2]):
        assert secret not in logged
    assert "api_key=[disamarkan]" in logged and "q=loker" in logged
