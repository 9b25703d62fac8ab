"""A joblib file is code: only a file whose sha256 matches its card is ever unpickled."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tppo_detect import Detector, ModelIntegrityError
from tppo_detect.model.artifacts import CARD_FILE, KEY_FILE_ENV, MODEL_FILE, sign_card, signing_key


@pytest.fixture
def model_copy(models_root: Path, tmp_path: Path) -> Path:
    root = tmp_path / "models"
    shutil.copytree(models_root, root)
    return root


def version_dir(root: Path) -> Path:
    return root / (root / "LATEST").read_text().strip()


def test_loads_through_latest(model_copy: Path) -> None:
    d = Detector.load(model_copy)
    assert d.version == (model_copy / "LATEST").read_text().strip()


def test_tampered_model_is_refused(model_copy: Path) -> None:
    path = version_dir(model_copy) / MODEL_FILE
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ModelIntegrityError, match="tidak sama dengan yang tercantum di kartu"):
        Detector.load(model_copy)


def test_unlisted_model_is_refused(model_copy: Path) -> None:
    card_path = version_dir(model_copy) / CARD_FILE
    card = json.loads(card_path.read_text())
    del card["artifacts"]
    card_path.write_text(json.dumps(sign_card(card)))  # signed, but lists no model file
    with pytest.raises(ModelIntegrityError, match="tidak tercantum di"):
        Detector.load(model_copy)


def test_a_card_changed_after_signing_is_refused(model_copy: Path) -> None:
    """Issue 14 #10: thresholds edited in the card used to load silently."""
    card_path = version_dir(model_copy) / CARD_FILE
    card = json.loads(card_path.read_text())
    card["thresholds"]["tinggi"] = 0.99
    card_path.write_text(json.dumps(card))
    with pytest.raises(ModelIntegrityError, match=r"tanda tangan .* tidak cocok"):
        Detector.load(model_copy)


def test_a_card_signed_with_another_key_or_unsigned_is_refused(model_copy: Path) -> None:
    card_path = version_dir(model_copy) / CARD_FILE
    card = json.loads(card_path.read_text())
    card_path.write_text(json.dumps(sign_card(card, b"k" * 64)))
    with pytest.raises(ModelIntegrityError, match="tidak cocok"):
        Detector.load(model_copy)
    del card["signature"]
    card_path.write_text(json.dumps(card))
    with pytest.raises(ModelIntegrityError, match="tidak bertanda tangan"):
        Detector.load(model_copy)


def test_without_the_signing_key_no_model_loads(
    model_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The key lives outside the models folder; loading never creates one."""
    missing = tmp_path / "elsewhere" / "model-signing.key"
    monkeypatch.setenv(KEY_FILE_ENV, str(missing))
    with pytest.raises(ModelIntegrityError, match="kunci tanda tangan model tidak ditemukan"):
        Detector.load(model_copy)
    assert not missing.exists()


def test_a_new_signing_key_is_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "cfg" / "tppo-detect" / "model-signing.key"
    monkeypatch.setenv(KEY_FILE_ENV, str(path))
    key = signing_key(create=True)
    assert len(key) >= 32 and signing_key() == key
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700


def test_missing_model_says_how_to_train(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="tppo-detect train"):
        Detector.load(tmp_path)


def test_latest_cannot_escape_the_models_dir(model_copy: Path) -> None:
    (model_copy / "LATEST").write_text("../elsewhere\n")
    with pytest.raises(ModelIntegrityError):
        Detector.load(model_copy)


def test_the_dask_engine_ships_only_a_verified_model(model_copy: Path) -> None:
    """The dask engine checks the model on the client with the same check as Detector.load:
    a card re-written by hand (unsigned) is refused, not only a changed model file."""
    pytest.importorskip("distributed")
    from tppo_detect.batch.dask_engine import verified_model

    _, card, sha256 = verified_model(model_copy)
    assert sha256 == card["artifacts"][MODEL_FILE]["sha256"]
    card_path = version_dir(model_copy) / CARD_FILE
    forged = json.loads(card_path.read_text())
    forged.pop("signature", None)
    card_path.write_text(json.dumps(forged))
    with pytest.raises(ModelIntegrityError, match="tidak bertanda tangan"):
        verified_model(model_copy)


def test_a_model_saved_before_the_subpackages_still_loads(model_copy: Path) -> None:
    """Models trained before tppo_detect was grouped into subpackages name the flat module
    paths (``tppo_detect.features`` …) in their pickle; they load and score unchanged, and the
    old names are not left behind in ``sys.modules``."""
    import sys
    from importlib import import_module

    import joblib

    from tppo_detect.model.artifacts import MOVED_MODULES, sha256_file

    vdir = version_dir(model_copy)
    before = Detector.load(model_copy)
    pipeline = joblib.load(vdir / MODEL_FILE)
    old_name = {new: old for old, new in MOVED_MODULES.items()}
    classes = {type(step) for _, step in pipeline.steps}
    classes |= {type(t) for _, t in pipeline.named_steps["features"].transformer_list}
    classes = {cls for cls in classes if cls.__module__ in old_name}  # ours, not sklearn's
    assert len(classes) == 6
    with pytest.MonkeyPatch.context() as mp:  # pickle as the flat package did
        for cls in classes:
            mp.setattr(cls, "__module__", old_name[cls.__module__])
        for old, new in MOVED_MODULES.items():
            mp.setitem(sys.modules, old, import_module(new))
        joblib.dump(pipeline, vdir / MODEL_FILE)
    raw = (vdir / MODEL_FILE).read_bytes()
    assert b"tppo_detect.features" in raw and b"tppo_detect.model.features" not in raw
    card_path = vdir / CARD_FILE
    card = json.loads(card_path.read_text())
    card["artifacts"][MODEL_FILE]["sha256"] = sha256_file(vdir / MODEL_FILE)
    card_path.write_text(json.dumps(sign_card(card)))

    after = Detector.load(model_copy)
    posts = ["Lowongan admin online Kamboja, gaji 20jt, paspor dibantu, chat wa.me/6281234567890"]
    assert after.score(posts)[0].to_dict() == before.score(posts)[0].to_dict()
    assert not set(MOVED_MODULES) & set(sys.modules)
