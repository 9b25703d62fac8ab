"""Shared fixtures: a model trained once per test session into a temporary models root.

Tests never read or write the real ``models/`` folder: ``TPPO_MODELS_DIR`` is pointed at the
temporary root for the whole session.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tppo_detect.model.artifacts import KEY_ENV, KEY_FILE_ENV, MODELS_ENV
from tppo_detect.model.detector import Detector
from tppo_detect.training.train import TrainResult, train

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "data" / "posts.csv"
EXTERNAL = REPO.parent / "shared" / "external"


def require(condition: bool, reason: str) -> None:
    """Skip locally, but fail in CI, when a prerequisite is missing."""
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"prerequisite missing in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def trained(tmp_path_factory: pytest.TempPathFactory) -> TrainResult:
    """The default model, trained on data/posts.csv into a temporary models root."""
    root = tmp_path_factory.mktemp("models")
    return train(CORPUS, root)


@pytest.fixture(scope="session")
def models_root(trained: TrainResult) -> Path:
    """Temporary models root holding LATEST and one trained version."""
    return trained.model_dir.parent


@pytest.fixture(scope="session")
def detector(models_root: Path) -> Detector:
    return Detector.load(models_root)


@pytest.fixture(autouse=True, scope="session")
def _isolated_models_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Point the default models dir away from the real models/, and the model signing key away
    from the user's own (~/.config/tppo-detect), for the whole session."""
    empty = tmp_path_factory.mktemp("no-default-models")
    key_dir = tmp_path_factory.mktemp("model-key")
    saved = {name: os.environ.get(name) for name in (MODELS_ENV, KEY_ENV, KEY_FILE_ENV)}
    os.environ[MODELS_ENV] = str(empty)
    os.environ[KEY_FILE_ENV] = str(key_dir / "model-signing.key")
    os.environ.pop(KEY_ENV, None)
    yield
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


# --- headless Chromium (the staff page and the analyst report) -------------------------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's chromium driven by Playwright; missing either is a skip locally, a failure in CI."""
    path = CHROMIUM if CHROMIUM.exists() else Path(shutil.which("chromium") or CHROMIUM)
    require(path.exists(), "chromium not installed (apt-get install -y chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "the playwright python package is not installed")
        raise
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(path), args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()
