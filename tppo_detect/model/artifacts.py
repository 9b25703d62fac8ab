"""Saving and loading model artifacts, with integrity and authenticity checks.

A joblib file is pickled code: loading an unverified one runs whatever is in it. So every
artifact is listed with its sha256 in ``model_card.json`` and :func:`load_verified` refuses a
file whose hash is not the listed one — before unpickling anything.

A hash next to the file only detects corruption: whoever can edit the folder can rewrite both.
So the card (thresholds, the listed sha256, everything) is also signed with HMAC-SHA256 under a
key kept **outside** the models folder (``TPPO_MODEL_KEY`` or the file ``TPPO_MODEL_KEY_FILE``,
default ``~/.config/tppo-detect/model-signing.key``, created 0600 by the first training). An
unsigned card, or one changed after signing, is refused before the model file is even read.

Version folders are write-once: :func:`save_model` claims a folder that does not exist yet and
never writes into an existing one, so retraining cannot change a model a service is using.
"""

from __future__ import annotations

import gc
import hashlib
import hmac
import json
import os
import secrets
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import import_module
from pathlib import Path
from typing import Any, Final

MODEL_FILE: Final = "model.joblib"
CARD_FILE: Final = "model_card.json"
LATEST_FILE: Final = "LATEST"
MODELS_ENV: Final = "TPPO_MODELS_DIR"
KEY_ENV: Final = "TPPO_MODEL_KEY"
KEY_FILE_ENV: Final = "TPPO_MODEL_KEY_FILE"
SIGNATURE: Final = "signature"
MIN_KEY_CHARS: Final = 32


class ModelIntegrityError(ValueError):
    """The model file is missing from its card, or its bytes are not what the card lists."""


def signing_key_path() -> Path:
    """``$TPPO_MODEL_KEY_FILE``, else ``$XDG_CONFIG_HOME/tppo-detect/model-signing.key``."""
    configured = os.environ.get(KEY_FILE_ENV)
    if configured:
        return Path(configured)
    config = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(config) / "tppo-detect" / "model-signing.key"


def signing_key(*, create: bool = False) -> bytes:
    """The model signing key; ``create`` makes a random one (0600, folder 0700) when none exists.

    Loading never creates a key: a missing key must refuse every model, not sign a new truth.
    """
    value = os.environ.get(KEY_ENV, "").strip()
    if value:
        if len(value) < MIN_KEY_CHARS:
            raise ModelIntegrityError(f"{KEY_ENV} terlalu pendek: minimal {MIN_KEY_CHARS} karakter")
        return value.encode("utf-8")
    path = signing_key_path()
    if not path.exists() and create:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process created it first; read theirs
        else:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(secrets.token_hex(32) + "\n")
    try:
        key = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise ModelIntegrityError(
            f"kunci tanda tangan model tidak ditemukan ({path}; atur {KEY_FILE_ENV} atau "
            f"{KEY_ENV}): kartu model tidak bisa diperiksa keasliannya, model ditolak"
        ) from None
    if len(key) < MIN_KEY_CHARS:
        raise ModelIntegrityError(f"kunci tanda tangan model di {path} rusak atau terlalu pendek")
    return key.encode("utf-8")


def _card_mac(card: dict[str, Any], key: bytes) -> str:
    unsigned = {k: v for k, v in card.items() if k != SIGNATURE}
    canonical = json.dumps(unsigned, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hmac.new(key, canonical.encode("utf-8"), hashlib.sha256).hexdigest()


def sign_card(card: dict[str, Any], key: bytes | None = None) -> dict[str, Any]:
    """The card with an HMAC-SHA256 signature over everything else in it."""
    key = key if key is not None else signing_key(create=True)
    return {
        **{k: v for k, v in card.items() if k != SIGNATURE},
        SIGNATURE: {"alg": "hmac-sha256", "value": _card_mac(card, key)},
    }


def verify_card(card: dict[str, Any], card_path: Path, key: bytes | None = None) -> None:
    """Raise ModelIntegrityError (in Indonesian) unless the card carries our valid signature."""
    signature = card.get(SIGNATURE)
    value = signature.get("value") if isinstance(signature, dict) else None
    if not isinstance(value, str):
        raise ModelIntegrityError(
            f"{card_path} tidak bertanda tangan: keaslian kartu model (ambang, sha256) tidak "
            "bisa dipastikan, model ditolak; latih ulang dengan `tppo-detect train`"
        )
    key = key if key is not None else signing_key()
    if not hmac.compare_digest(value, _card_mac(card, key)):
        raise ModelIntegrityError(
            f"tanda tangan {card_path} tidak cocok: kartu model diubah setelah dilatih "
            "(atau ditandatangani dengan kunci lain), model ditolak"
        )


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def user_models_dir() -> Path:
    """The models folder in the user's data directory (``platformdirs``; on Linux
    ``$XDG_DATA_HOME/tppo-detect/models``, by default ``~/.local/share/tppo-detect/models``)."""
    from platformdirs import user_data_path

    return user_data_path("tppo-detect", appauthor=False) / "models"


def default_models_dir() -> Path:
    """Where every face looks for models when not told (one rule for CLI, service, notebooks):
    ``$TPPO_MODELS_DIR``; else ``./models`` when it holds a model (``LATEST``); else the user
    data directory (:func:`user_models_dir`), where ``make model``/``make run`` and
    ``tppo-detect train`` put the default model when the working folder has none — so
    ``tppo-detect score`` works from any folder."""
    env = os.environ.get(MODELS_ENV)
    if env:
        return Path(env)
    local = Path("models")
    if (local / LATEST_FILE).exists():
        return local
    return user_models_dir()


def no_model_message(root: Path) -> str:
    """The Indonesian "no model" sentence: where we looked and what to run."""
    return (
        f"belum ada model di {root}. Latih model bawaan dengan `make model` di folder proyek "
        "(atau `tppo-detect train --data data/posts.csv`), atau tunjuk folder model yang ada "
        f"dengan --models-dir / variabel lingkungan {MODELS_ENV}. Tanpa keduanya, model dicari "
        f"di ./models (bila berisi LATEST) lalu di {user_models_dir()}."
    )


def resolve_model_dir(path: str | Path | None = None) -> Path:
    """A model version directory from a version dir, a models root (via LATEST) or the default."""
    root = Path(path) if path is not None else default_models_dir()
    if (root / CARD_FILE).exists():
        return root
    latest = root / LATEST_FILE
    if latest.exists():
        version = latest.read_text(encoding="utf-8").strip()
        if not version or "/" in version or version.startswith("."):
            raise ModelIntegrityError(
                f"{latest} tidak menunjuk folder versi model: {version!r} (isinya harus nama "
                "satu folder versi di sebelahnya, mis. 20261205-1a2b3c4d)"
            )
        return root / version
    raise FileNotFoundError(no_model_message(root))


def claim_version_dir(models_root: Path, version: str, *, exact: bool) -> Path:
    """Create a new, empty version folder and return it; an existing one is never reused.

    With ``exact`` the name must be free (else FileExistsError); otherwise ``-2``, ``-3``, …
    is appended until a free name is found (mkdir is atomic, so two trainings cannot share one).
    """
    models_root.mkdir(parents=True, exist_ok=True)
    for n in range(1, 1000):
        name = version if n == 1 else f"{version}-{n}"
        try:
            (models_root / name).mkdir()
        except FileExistsError:
            if exact:
                raise FileExistsError(
                    f"versi {version} sudah ada di {models_root}: folder model tidak pernah "
                    "ditimpa, pilih nama versi lain"
                ) from None
            continue
        return models_root / name
    raise FileExistsError(f"terlalu banyak versi bernama {version}-… di {models_root}")


def save_model(model: Any, card: dict[str, Any], model_dir: Path) -> dict[str, Any]:
    """Write ``model.joblib`` and a signed card listing its sha256 into an *empty* folder (see
    :func:`claim_version_dir`); return the completed card."""
    model_dir.mkdir(parents=True, exist_ok=True)
    if any(model_dir.iterdir()):
        raise FileExistsError(
            f"{model_dir} tidak kosong: folder model hanya ditulis sekali, tidak pernah ditimpa"
        )
    key = signing_key(create=True)
    tmp = model_dir / (MODEL_FILE + ".tmp")
    import joblib

    joblib.dump(model, tmp, compress=3)
    tmp.replace(model_dir / MODEL_FILE)
    card = dict(card)
    card["artifacts"] = {
        MODEL_FILE: {
            "sha256": sha256_file(model_dir / MODEL_FILE),
            "bytes": (model_dir / MODEL_FILE).stat().st_size,
        }
    }
    card = sign_card(card, key)
    write_json_atomic(model_dir / CARD_FILE, card)
    return card


def write_json_atomic(path: Path, payload: dict[str, Any]) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)


def point_latest(models_root: Path, version: str) -> None:
    """Make ``models_root/LATEST`` name ``version`` (atomic rename)."""
    tmp = models_root / (LATEST_FILE + ".tmp")
    tmp.write_text(version + "\n", encoding="utf-8")
    tmp.replace(models_root / LATEST_FILE)


def read_card(model_dir: Path) -> dict[str, Any]:
    card_path = model_dir / CARD_FILE
    if not card_path.exists():
        raise FileNotFoundError(f"kartu model tidak ditemukan: {card_path}")
    return json.loads(card_path.read_text(encoding="utf-8"))


def verified_artifact(model_dir: Path) -> tuple[Path, dict[str, Any], str]:
    """The artifact's path, its card and sha256 — only if the card is signed with our key and
    the file's sha256 equals the one the card lists (the one check every loader goes through)."""
    card = read_card(model_dir)
    verify_card(card, model_dir / CARD_FILE)
    model_path = model_dir / MODEL_FILE
    listed = card.get("artifacts", {}).get(MODEL_FILE, {}).get("sha256")
    if not listed:
        raise ModelIntegrityError(
            f"{model_path} tidak tercantum di {CARD_FILE}: model ditolak; latih ulang dengan "
            "`tppo-detect train`"
        )
    if not model_path.exists():
        raise ModelIntegrityError(f"{model_path} tercantum di kartu model, berkasnya tidak ada")
    actual = sha256_file(model_path)
    if actual != listed:
        raise ModelIntegrityError(
            f"sha256 {model_path} ({actual[:12]}…) tidak sama dengan yang tercantum di kartu "
            f"({listed[:12]}…): berkas diubah atau rusak, model ditolak"
        )
    return model_path, card, listed


def load_verified(model_dir: Path) -> tuple[Any, dict[str, Any]]:
    """Unpickle ``model.joblib`` after :func:`verified_artifact` has checked it."""
    model_path, card, _ = verified_artifact(model_dir)
    import joblib

    with _old_module_paths(), gc_paused():
        return joblib.load(model_path), card


@contextmanager
def gc_paused() -> Iterator[None]:
    """The cyclic garbage collector paused (not off: it runs again afterwards, also on an
    error). For work that only allocates objects meant to stay, such as unpickling a model
    (some 10 % of a load is the collector walking what was just loaded, finding nothing) or
    importing the libraries."""
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


#: Where the classes a saved pipeline names lived before the package was grouped into
#: subpackages (models trained before 2026-12-05 name these paths in their pickle).
MOVED_MODULES: Final = {
    "tppo_detect.features": "tppo_detect.model.features",
    "tppo_detect.classifier": "tppo_detect.model.classifier",
    "tppo_detect.preprocess": "tppo_detect.text.preprocess",
}


@contextmanager
def _old_module_paths() -> Iterator[None]:
    """While a model is unpickled, the old module paths name the moved modules, so a model
    saved before the move loads unchanged (its file, sha256 and signature stay valid)."""
    added = [old for old in MOVED_MODULES if old not in sys.modules]
    for old in added:
        sys.modules[old] = import_module(MOVED_MODULES[old])
    try:
        yield
    finally:
        for old in added:
            sys.modules.pop(old, None)
