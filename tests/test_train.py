"""Training: schema errors name the row, the card is complete, and its metrics reproduce."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from tppo_detect import Detector
from tppo_detect.labels import TARGETS
from tppo_detect.training.schema import SchemaError, read_labeled_csv
from tppo_detect.training.train import TrainResult, evaluate_file, train

from .conftest import CORPUS, REPO


def write(tmp_path: Path, rows: list[dict], name: str = "bad.csv") -> Path:
    path = tmp_path / name
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def test_missing_column_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, [{"text": "x", "illegal_recruitment": 0}])
    with pytest.raises(SchemaError, match="online_scam"):
        read_labeled_csv(path)


def test_bad_label_and_empty_text_name_their_line(tmp_path: Path) -> None:
    rows = [
        {"text": "lowongan admin", "illegal_recruitment": 0, "online_scam": 1},
        {"text": "gaji besar", "illegal_recruitment": 2, "online_scam": 0},
        {"text": "  ", "illegal_recruitment": 0, "online_scam": 0},
    ]
    with pytest.raises(SchemaError) as err:
        read_labeled_csv(write(tmp_path, rows))
    message = str(err.value)
    assert "baris 3: label illegal_recruitment harus 0 atau 1" in message
    assert "baris 4: kolom text kosong" in message


def test_card_is_complete(trained: TrainResult) -> None:
    card = trained.card
    for key in ("version", "created", "data", "metrics", "thresholds", "packages", "cv"):
        assert key in card
    assert card["packages"]["PySastrawi"] == "1.2.1"
    data = card["data"][0]
    assert data["rows"] == data["rows_train"] + data["rows_test"]
    assert len(data["sha256"]) == 64
    assert len(card["artifacts"]["model.joblib"]["sha256"]) == 64
    for target in TARGETS:
        assert card["cv"][target]["f1_mean"] > 0.7
        assert card["metrics"]["test"][target]["f1"] > 0.7


def test_evaluate_reproduces_the_cards_metrics(trained: TrainResult) -> None:
    detector = Detector.load(trained.model_dir)
    again = evaluate_file(detector, CORPUS, split="test")
    assert again.pop("split") == "test"
    assert again == trained.card["metrics"]["test"]


@pytest.mark.slow
def test_training_is_deterministic(trained: TrainResult, tmp_path: Path) -> None:
    second = train(CORPUS, tmp_path / "models")
    assert second.version == trained.version
    assert second.card["metrics"] == trained.card["metrics"]
    assert second.card["thresholds"] == trained.card["thresholds"]


def folder_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_retraining_never_overwrites_an_existing_version_folder(tmp_path: Path) -> None:
    """Issue 14 #17: the same data and parameters on the same day gave the same version name,
    and a retraining (notebook 02, even with PROMOTE = False) rewrote that folder's model and
    card while a service was using them. Version folders are write-once now."""
    rows = pd.read_csv(CORPUS).sample(400, random_state=3)
    path = tmp_path / "small.csv"
    rows.to_csv(path, index=False)
    root = tmp_path / "models"
    first = train(path, root)
    before = folder_bytes(first.model_dir)
    second = train(path, root, promote=False)
    assert second.version == f"{first.version}-2"
    assert second.model_dir != first.model_dir
    assert folder_bytes(first.model_dir) == before
    assert (root / "LATEST").read_text().strip() == first.version
    assert Detector.load(second.model_dir).version == second.version
    with pytest.raises(FileExistsError, match="tidak pernah ditimpa"):
        train(path, root, version=first.version)
    assert folder_bytes(first.model_dir) == before
    assert sorted(p.name for p in root.iterdir()) == sorted(
        ["LATEST", first.version, second.version]
    )


def test_train_without_split_column_assigns_one(tmp_path: Path) -> None:
    df = pd.read_csv(CORPUS).drop(columns=["split", "id", "platform", "kind", "source"])
    path = tmp_path / "nosplit.csv"
    df.sample(600, random_state=1).to_csv(path, index=False)
    result = train(path, tmp_path / "models")
    assert result.card["data"][0]["rows_test"] > 0


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tppo_detect.cli", *args],
        capture_output=True, text=True, cwd=REPO, check=False,
    )  # fmt: skip


def test_cli_score_json_contract(models_root: Path) -> None:
    scam = "Loker admin online Kamboja gaji 20jt tiket ditanggung"
    out = cli("score", "--json", "--model", str(models_root), scam, "Jual bakso enak")
    assert out.returncode == 0, out.stderr
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(lines) == 2
    for obj in lines:
        for key in (*TARGETS, "risk_score", "risk_level", "evidence", "model_version"):
            assert key in obj
    assert lines[0]["risk_score"] > lines[1]["risk_score"]


def test_cli_score_json_next_steps_platform_and_draft(models_root: Path) -> None:
    scam = "Loker admin online Kamboja gaji 20jt tiket ditanggung, chat WA 0812-7788-9911"
    out = cli("score", "--json", "--draft", "--platform", "https://www.facebook.com/groups/1",
              "--model", str(models_root), scam, "Jual bakso enak")  # fmt: skip
    assert out.returncode == 0, out.stderr
    risky, plain = (json.loads(line) for line in out.stdout.splitlines())
    ids = [s["id"] for s in risky["next_steps"]]
    assert {"kp2mi_pengaduan", "platform_facebook", "platform_whatsapp"} <= set(ids)
    assert "(nomor disamarkan)" in risky["draft"] and "7788" not in risky["draft"]
    assert plain["next_steps"] == [] and plain["draft"] is None

    human = cli("score", "--platform", "tiktok", "--model", str(models_root), scam)
    assert "langkah lanjut — laporkan ke:" in human.stdout and "TikTok" in human.stdout

    bad = cli("score", "--platform", "friendster", "--model", str(models_root), scam)
    assert bad.returncode == 2 and "platform 'friendster' tidak dikenal" in bad.stderr


def test_cli_evaluate_json_contract(models_root: Path, trained: TrainResult) -> None:
    out = cli("evaluate", "--json", "--model", str(models_root), "--data", str(CORPUS),
              "--split", "test")  # fmt: skip
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout)
    assert set(got) == {"rows", *TARGETS, "macro_f1"}
    assert set(got["online_scam"]) == {"precision", "recall", "f1", "pr_auc"}
    assert got["macro_f1"] == pytest.approx(trained.card["metrics"]["test"]["macro_f1"])


def test_cli_train_reports_bad_csv(tmp_path: Path) -> None:
    path = write(tmp_path, [{"text": "", "illegal_recruitment": 0, "online_scam": 0}])
    out = cli("train", "--data", str(path), "--models-dir", str(tmp_path / "m"))
    assert out.returncode == 2
    assert "baris 2" in out.stderr


def test_cli_human_score_output(models_root: Path) -> None:
    out = cli("score", "--model", str(models_root), "Biaya seragam 300rb transfer dulu ya kak")
    assert out.returncode == 0, out.stderr
    assert "risiko:" in out.stdout
