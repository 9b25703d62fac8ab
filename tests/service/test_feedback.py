"""Analyst verdicts go in, and come out of the export as a valid corpus CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tppo_detect.training.schema import CORPUS_COLUMNS, read_labeled_csv

from .conftest import (
    BENIGN_POST,
    SCAM_POST,
    Keys,
    LiveServer,
    new_database_url,
    run_server,
    server_settings,
)


@pytest.fixture(scope="module")
def live(
    models_root: Path,
    keys: Keys,
    backend: str,
    pg_dsn: str | None,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[LiveServer]:
    """This module's server, once on SQLite and once on PostgreSQL (the ``backend`` param)."""
    base = tmp_path_factory.mktemp(f"feedback-{backend}")
    settings = server_settings(models_root, base, keys, db_url=new_database_url(backend, pg_dsn))
    with run_server(settings) as server:
        yield server


TRICKY = 'Kerja "admin" di Myanmar, gaji 20jt;\nhubungi, WA 0812-3456-7890 🙏 ,,"'


def export(client: httpx.Client, since_id: int = 0) -> list[dict[str, str]]:
    r = client.get("/v1/feedback/export", params={"since_id": since_id})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert r.text.splitlines()[0] == ",".join(CORPUS_COLUMNS)
    return rows


def test_feedback_round_trip_into_the_corpus_export(
    scoring_client: httpx.Client, admin_client: httpx.Client, tmp_path: Path
) -> None:
    scored = scoring_client.post("/v1/score", json={"text": SCAM_POST}).json()
    first = scoring_client.post(
        "/v1/feedback",
        json={
            "text": SCAM_POST,
            "illegal_recruitment": True,
            "online_scam": False,
            "note": "rekrutmen scam compound",
            "platform": "facebook",
            "kind": "scam_compound",
            "request_id": scored["request_id"],
        },
    )
    assert first.status_code == 201, first.text
    saved = first.json()
    assert saved["model_version"] == scored["model_version"]
    assert saved["risk_level"] == scored["risk_level"]
    assert saved["risk_score"] == scored["risk_score"]

    second = scoring_client.post(
        "/v1/feedback",
        json={"text": TRICKY, "illegal_recruitment": 1, "online_scam": 1, "split": "test"},
    )
    third = scoring_client.post(
        "/v1/feedback", json={"text": BENIGN_POST, "illegal_recruitment": 0, "online_scam": 0}
    )
    assert second.status_code == third.status_code == 201

    since = saved["id"] - 1
    rows = {row["id"]: row for row in export(admin_client, since_id=since)}
    a, b, c = (rows[f"feedback-{r.json()['id']}"] for r in (first, second, third))
    assert a == {
        "id": f"feedback-{saved['id']}",
        "text": SCAM_POST,
        "illegal_recruitment": "1",
        "online_scam": "0",
        "platform": "facebook",
        "kind": "scam_compound",
        "split": "train",
        "source": f"feedback:{saved['id']}",
    }
    assert b["text"] == TRICKY, "quotes, commas, newlines and emoji survive the CSV"
    assert (b["illegal_recruitment"], b["online_scam"], b["split"]) == ("1", "1", "test")
    assert (c["platform"], c["kind"], c["split"]) == ("web", "other", "train")

    # The retraining notebook reads it with the corpus validator.
    path = tmp_path / "feedback.csv"
    path.write_text(admin_client.get("/v1/feedback/export").text, encoding="utf-8")
    df = read_labeled_csv(path, corpus=True)
    assert len(df) >= 3
    assert list(df.columns) == list(CORPUS_COLUMNS)


def test_export_since_id_skips_older_rows(
    scoring_client: httpx.Client, admin_client: httpx.Client
) -> None:
    r = scoring_client.post(
        "/v1/feedback", json={"text": BENIGN_POST, "illegal_recruitment": 0, "online_scam": 0}
    )
    newest = r.json()["id"]
    assert export(admin_client, since_id=newest) == []
    assert [row["id"] for row in export(admin_client, since_id=newest - 1)] == [
        f"feedback-{newest}"
    ]


def test_export_streams_many_rows_in_order(
    scoring_client: httpx.Client, admin_client: httpx.Client
) -> None:
    """More rows than one store page (500) and one CSV chunk (200): all there, in id order."""
    before = export(admin_client)
    start = max((int(r["id"].split("-")[1]) for r in before), default=0)
    for i in range(520):
        body = {"text": f"{BENIGN_POST} no {i}", "illegal_recruitment": 0, "online_scam": i % 2}
        assert scoring_client.post("/v1/feedback", json=body).status_code == 201
    rows = export(admin_client, since_id=start)
    assert len(rows) == 520
    ids = [int(r["id"].split("-")[1]) for r in rows]
    assert ids == sorted(ids)
    assert rows[-1]["text"].endswith("no 519")


def test_feedback_validation(scoring_client: httpx.Client) -> None:
    r = scoring_client.post("/v1/feedback", json={"text": BENIGN_POST})
    assert r.status_code == 422
    assert "illegal_recruitment wajib diisi" in r.json()["detail"]
    r = scoring_client.post(
        "/v1/feedback",
        json={"text": "x", "illegal_recruitment": 1, "online_scam": 0, "kind": "spam"},
    )
    assert r.status_code == 422 and "kind harus salah satu dari" in r.json()["detail"]
    r = scoring_client.post(
        "/v1/feedback",
        json={"text": "x", "illegal_recruitment": 1, "online_scam": 0, "note": "n" * 2001},
    )
    assert r.status_code == 422 and "note terlalu panjang" in r.json()["detail"]


def test_export_escapes_formulas_and_quotes_bare_carriage_returns(
    scoring_client: httpx.Client, admin_client: httpx.Client
) -> None:
    """Issue 14 #6: the export escaped no formulas, and a text with a bare CR was written
    unquoted, so a spreadsheet split the row and ran the second half as a formula."""
    since = int(max((r["id"].split("-")[1] for r in export(admin_client)), key=int, default=0))
    texts = [
        '=HYPERLINK("http://bit.ly/x","Klik untuk daftar kerja Kamboja")',
        "Lowongan admin online\r=cmd|' /C calc'!A0",
        "@SUM(1+1) loker cepat",
    ]
    for text in texts:
        body = {"text": text, "illegal_recruitment": True, "online_scam": False, "note": "-x"}
        assert scoring_client.post("/v1/feedback", json=body).status_code == 201
    r = admin_client.get("/v1/feedback/export", params={"since_id": since})
    raw = r.text
    assert raw.replace("\r\n", "").count("\r") == 1  # the one CR is inside a quoted cell
    rows = list(csv.DictReader(io.StringIO(raw, newline="")))
    assert [row["text"] for row in rows] == ["'" + texts[0], texts[1], "'" + texts[2]]
    for row in rows:
        for cell in row.values():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
