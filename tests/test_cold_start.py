"""Start fast (issue #18): loading a model and scoring a post imports neither pandas nor
pyarrow, and code that does use them later gets the real modules."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCORE_ONE = (
    "import sys; from tppo_detect import Detector; "
    "d = Detector.load(sys.argv[1]); "
    "print(d.score(['Loker Kamboja gaji 20 juta, WA 0812-3456-7890'])[0].risk_level)"
)


def _run(code: str, models_root: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code, str(models_root)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def _imported(stderr: str) -> set[str]:
    return {
        line.split("|")[-1].strip()
        for line in stderr.splitlines()
        if line.startswith("import time:")
    }


def test_scoring_imports_no_pandas_nor_pyarrow(models_root: Path) -> None:
    done = _run(SCORE_ONE, models_root)
    assert done.stdout.strip() == "tinggi"
    loaded = _imported(done.stderr)
    assert "sklearn.pipeline" in loaded  # the artifact is still the sklearn pipeline
    assert not {m for m in loaded if m.split(".")[0] in ("pandas", "pyarrow")}


def test_deferred_modules_are_real_when_used(models_root: Path) -> None:
    code = SCORE_ONE + (
        "; import pandas as pd; import sklearn.utils.fixes as fixes; "
        "print(len(pd.DataFrame({'a': [1, 2]})), fixes.pd.DataFrame is pd.DataFrame, "
        "type(sys.modules['pandas']).__name__)"
    )
    done = _run(code, models_root)
    assert done.stdout.split("\n")[1] == "2 True module"
    assert "pandas.core.frame" in _imported(done.stderr)


def test_scoring_imports_neither_the_calibration_nor_scipy_stats(models_root: Path) -> None:
    """The fold ensembles are kept pickled inside the model until used (issue #18)."""
    loaded = _imported(_run(SCORE_ONE, models_root).stderr)
    assert not {"sklearn.calibration", "sklearn.linear_model", "scipy.stats._stats_py"} & loaded


def test_the_fold_ensembles_are_there_when_used(detector) -> None:
    import numpy as np

    clf = detector._clf
    X = detector.features(detector.prepare(["Loker Kamboja gaji 20 juta", "halo apa kabar"]))
    assert len(clf.estimators_) == 2
    np.testing.assert_allclose(clf.predict_proba(X), clf.predict_proba_sklearn(X), atol=1e-12)


def test_names_taken_from_deferred_modules_work(models_root: Path) -> None:
    """``from scipy.stats import gmean`` (what scikit-learn's modules do) leaves the module
    deferred; the name works when called, and submodule imports still get the real package."""
    code = SCORE_ONE + (
        "; from tppo_detect.model.deferred import is_loaded; "
        "from scipy.stats import gmean; print(is_loaded('scipy.stats')); "
        "print(round(float(gmean([1.0, 4.0])), 6), is_loaded('scipy.stats')); "
        "import scipy.interpolate._bsplines as b; from scipy.interpolate import BSpline; "
        "print(BSpline is b.BSpline)"
    )
    lines = _run(code, models_root).stdout.split("\n")
    assert lines[1:4] == ["False", "2.0 True", "True"]


BATCH_CSV = (
    "import sys, pathlib; from tppo_detect.batch import score_file; "
    "src = pathlib.Path(sys.argv[2]); "
    "s = score_file(src, src.with_name('out.csv'), model=sys.argv[1], quiet=True, jobs=1); "
    "print(s.counts.rows_scored)"
)


def test_a_csv_to_csv_batch_imports_no_pandas(models_root: Path, tmp_path: Path) -> None:
    """The local engine writes a CSV output from the records as read: no frame is built."""
    src = tmp_path / "scrape.csv"
    src.write_text("id,text\n1,Loker Kamboja gaji 20 juta\n2,\n3,Selamat pagi\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", BATCH_CSV, str(models_root), str(src)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "2"
    assert "pandas" not in _imported(done.stderr)
