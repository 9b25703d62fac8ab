"""The analyst notebooks: committed clean, executable headless with parameters, one code path.

The execution tests run every notebook top to bottom on the shipped corpus (``slow``), always
with ``MODELS_DIR`` pointed at a temporary copy, and check the real ``models/`` is untouched.
The retrain notebook's candidate must have exactly the metrics ``tppo-detect train`` reports for
the same data and hyper-parameters.
"""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
import pandas as pd
import pytest
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from tppo_detect import Detector
from tppo_detect.analysis.notebooks import (
    INJECTED_TAG,
    PARAMETERS_TAG,
    evidence_summary,
    highlight_html,
    inject_parameters,
    parameter_cell_index,
    promotion_decision,
    run_notebook,
    summary,
)
from tppo_detect.labels import RISK_LEVELS, TARGETS
from tppo_detect.model.artifacts import LATEST_FILE
from tppo_detect.text.signals import SignalMatch
from tppo_detect.training.schema import CORPUS_COLUMNS
from tppo_detect.training.train import TrainConfig, TrainResult

from .conftest import CORPUS, REPO

NOTEBOOKS = REPO / "notebooks"
EXPLORE = NOTEBOOKS / "01_explore_corpus.ipynb"
RETRAIN = NOTEBOOKS / "02_retrain_evaluate.ipynb"
ERRORS = NOTEBOOKS / "03_error_analysis.ipynb"
ALL_NOTEBOOKS = (EXPLORE, RETRAIN, ERRORS)

#: Hyper-parameters of the retrain run: not the defaults, so the test shows they reach training.
RETRAIN_PARAMS = {"C": 4.0, "MIN_DF": 3, "SIGNAL_WEIGHT": 0.5, "SEED": 0}

#: Analyst verdicts in the shape of the service's feedback export (corpus schema, split train).
FEEDBACK_ROWS = [
    ("Dicari pekerja kebun di Sarawak, berangkat lewat jalur tikus Entikong, paspor diurus "
     "agen di sana, tidak perlu ke BP2MI. Hubungi WA 0812-5550-1199", 1, 0),
    ("Kerja paruh waktu like video TikTok dibayar 50rb per tugas, wajib deposit 200rb dulu "
     "untuk aktivasi akun misi", 0, 1),
    ("Lowongan operator CS online di Kamboja gaji 15jt, tiket ditanggung, bayar biaya "
     "administrasi visa 3jt ke rekening admin", 1, 1),
    ("Pelatihan resmi calon pekerja migran di BLK Disnaker kabupaten, gratis, daftar lewat "
     "SISKOP2MI", 0, 0),
    ("Info lowongan kasir minimarket di Bekasi, lamaran diantar langsung ke toko, tanpa "
     "biaya apa pun", 0, 0),
    ("Selamat akun Anda terpilih hadiah 10jt, klik bit.ly/hadiah-resmi dan isi kode OTP "
     "untuk pencairan", 0, 1),
]  # fmt: skip


# ---------------------------------------------------------------- committed notebooks


def test_the_three_notebooks_are_committed() -> None:
    found = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
    assert found == sorted(p.name for p in ALL_NOTEBOOKS)


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_notebook_has_no_outputs(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code), (
        f"run `make strip-notebooks`: {path.name} has outputs"
    )
    assert nb.metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=lambda p: p.stem)
def test_parameters_cell_comes_first_and_is_plain_assignments(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    index = parameter_cell_index(nb)
    assert all(c.cell_type == "markdown" for c in nb.cells[:index])
    tree = ast.parse(nb.cells[index].source)
    assert tree.body and all(isinstance(node, ast.Assign) for node in tree.body)


def notebook_defaults(path: Path) -> dict[str, Any]:
    nb = nbformat.read(path, as_version=4)
    namespace: dict[str, Any] = {}
    exec(nb.cells[parameter_cell_index(nb)].source, namespace)
    return {k: v for k, v in namespace.items() if k.isupper()}


#: Retrain-notebook parameter -> TrainConfig field (the CLI exposes the same ones).
HYPER_PARAMETERS = {
    "C": "C",
    "MIN_DF": "min_df",
    "SIGNAL_WEIGHT": "signal_weight",
    "CONTEXT_WEIGHT": "context_weight",
    "SEED": "seed",
}


def test_retrain_defaults_are_the_library_defaults_and_do_not_promote() -> None:
    """Running the notebook unchanged trains what `tppo-detect train` trains, and never
    moves LATEST unless the analyst asks. (Fails when TrainConfig's defaults change without
    the notebook's parameters cell.)"""
    defaults = notebook_defaults(RETRAIN)
    config = TrainConfig()
    for name, field in HYPER_PARAMETERS.items():
        assert defaults[name] == getattr(config, field), f"{name} != TrainConfig.{field}"
    assert defaults["PROMOTE"] is False
    assert defaults["EXTRA_CSVS"] == []
    assert defaults["DATA"] == ["../data/posts.csv"]
    assert defaults["MODELS_DIR"] == "../models"
    assert (NOTEBOOKS / defaults["DATA"][0]).resolve() == CORPUS.resolve()


# ---------------------------------------------------------------- nbstrip


def executed_like_notebook() -> NotebookNode:
    nb = new_notebook()
    nb.cells = [
        new_markdown_cell("# judul"),
        new_code_cell("X = 1", metadata={"tags": [PARAMETERS_TAG]}),
        new_code_cell("X = 2", metadata={"tags": [INJECTED_TAG]}),
        new_code_cell(
            "print(X)",
            execution_count=3,
            metadata={"execution": {"iopub.status.busy": "2026-11-23T10:00:00Z"}, "tags": ["t"]},
            outputs=[nbformat.v4.new_output("stream", name="stdout", text="2\n")],
        ),
    ]
    return nb


def _nbstrip_command() -> list[str]:
    """The command `make lint` / `make strip-notebooks` use (the Makefile is its one home)."""
    line = next(
        ln for ln in (REPO / "Makefile").read_text().splitlines() if ln.startswith("NBSTRIP :=")
    )
    words = line.split(":=", 1)[1].split()
    return [str(REPO / words[0].replace("$(VENV)", ".venv")), *words[1:]]


def test_committed_notebooks_are_clean_and_an_executed_one_is_stripped(tmp_path: Path) -> None:
    """nbstripout with the Makefile's options removes outputs, counts, run metadata and the
    runner's injected parameters; the committed notebooks pass its --verify."""
    command = _nbstrip_command()
    notebooks = sorted(str(p) for p in NOTEBOOKS.glob("*.ipynb"))
    assert subprocess.run([*command, "--verify", *notebooks], check=False).returncode == 0
    path = tmp_path / "run.ipynb"
    nbformat.write(executed_like_notebook(), path)
    assert subprocess.run([*command, "--verify", str(path)], check=False).returncode != 0
    subprocess.run([*command, str(path)], check=True)
    nb = nbformat.read(path, as_version=4)
    assert [c.source for c in nb.cells] == ["# judul", "X = 1", "print(X)"]
    assert nb.cells[2].outputs == [] and nb.cells[2].execution_count is None
    assert nb.cells[2].metadata == {"tags": ["t"]}
    assert subprocess.run([*command, "--verify", str(path)], check=False).returncode == 0


# ---------------------------------------------------------------- runner and helpers


def test_inject_parameters_goes_after_the_parameters_cell_and_replaces_a_previous_one() -> None:
    nb = executed_like_notebook()
    inject_parameters(nb, {"X": Path("/tmp/a b")})
    injected = [c for c in nb.cells if INJECTED_TAG in c.metadata.get("tags", [])]
    assert len(injected) == 1
    assert nb.cells.index(injected[0]) == parameter_cell_index(nb) + 1
    assert "X = '/tmp/a b'" in injected[0].source


def test_inject_parameters_refuses_names_the_notebook_does_not_define() -> None:
    """A typo must not silently fall back to the default (the real models/)."""
    with pytest.raises(ValueError, match="MODEL_DIR"):
        inject_parameters(executed_like_notebook(), {"MODEL_DIR": "/tmp/x"})


def test_promotion_needs_the_request_and_a_candidate_not_worse() -> None:
    def m(ir: float, scam: float) -> dict[str, Any]:
        return {TARGETS[0]: {"f1": ir}, TARGETS[1]: {"f1": scam}, "macro_f1": (ir + scam) / 2}

    assert promotion_decision(True, m(0.8, 0.8), None).promote
    assert not promotion_decision(False, m(0.8, 0.8), None).promote
    assert not promotion_decision(False, m(0.9, 0.9), m(0.8, 0.8)).promote
    assert not promotion_decision(True, m(0.79, 0.8), m(0.8, 0.8)).promote
    tie = promotion_decision(True, m(0.8, 0.8), m(0.8, 0.8))
    assert tie.promote
    mixed = promotion_decision(True, m(0.7, 0.95), m(0.8, 0.8))
    assert mixed.promote and TARGETS[0] in mixed.reason


def test_highlight_marks_evidence_and_escapes_the_rest() -> None:
    text = "<b>Gaji</b> besar di K4mboja, wa 0812"
    start = text.index("K4mboja")
    evidence = [
        SignalMatch("a", TARGETS[0], start, start + 7, "K4mboja", "negara rawan"),
        SignalMatch("b", TARGETS[0], start + 3, len(text), text[start + 3 :], "kontak"),
    ]
    out = highlight_html(text, evidence)
    assert out.startswith("&lt;b&gt;Gaji&lt;/b&gt;")
    assert out.count("<mark") == 1, "overlapping spans are merged"
    assert "title='a: negara rawan; b: kontak'" in out
    assert out.endswith(">K4mboja, wa 0812</mark>")


def test_evidence_summary_lists_each_signal_once_with_its_distinct_surfaces() -> None:
    evidence = [
        SignalMatch("negara", TARGETS[0], 0, 8, "MALAYSIA", "negara rawan"),
        SignalMatch("paspor", TARGETS[0], 10, 16, "paspor", "paspor"),
        SignalMatch("negara", TARGETS[0], 20, 28, "Malaysia", "negara rawan"),
        SignalMatch("negara", TARGETS[0], 30, 37, "Kamboja", "negara rawan"),
    ]
    assert evidence_summary(evidence) == "negara: «MALAYSIA», «Kamboja»; paspor: «paspor»"
    assert evidence_summary([]) == ""
    long = SignalMatch("x", TARGETS[1], 0, 100, "kata " * 20, "panjang")
    assert evidence_summary([long], max_chars=12) == "x: «kata kata k…»"


def test_notebook_kernel_is_this_interpreter(tmp_path: Path) -> None:
    """The kernel must run the project venv (where tppo_detect is installed), not a system
    Python that happens to be on PATH."""
    nb = new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [
        new_code_cell("WHERE = None", metadata={"tags": [PARAMETERS_TAG]}),
        new_code_cell(
            "import json, os, sys\nprint(json.dumps([sys.executable, os.getcwd(), WHERE]))",
            metadata={"tags": ["summary"]},
        ),
    ]
    path = tmp_path / "probe.ipynb"
    nbformat.write(nb, path)
    executable, cwd, where = summary(run_notebook(path, {"WHERE": "x"}, cwd=REPO))
    assert Path(executable).resolve() == Path(sys.executable).resolve()
    assert Path(cwd).resolve() == REPO.resolve()
    assert where == "x"


# ---------------------------------------------------------------- executing the notebooks


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Name -> (size, mtime) of everything under ``folder``: to prove tests leave it alone."""
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def real_models_before() -> dict[str, tuple[int, int]]:
    return snapshot(REPO / "models")


@pytest.fixture(scope="module")
def feedback_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rows = [
        {
            "id": f"feedback-{n}",
            "text": text,
            TARGETS[0]: ir,
            TARGETS[1]: scam,
            "platform": "web",
            "kind": "other",
            "split": "train",
            "source": f"feedback:{n}",
        }
        for n, (text, ir, scam) in enumerate(FEEDBACK_ROWS, start=1)
    ]
    path = tmp_path_factory.mktemp("feedback") / "feedback-export.csv"
    pd.DataFrame(rows, columns=list(CORPUS_COLUMNS)).to_csv(path, index=False)
    return path


@dataclass
class RetrainRun:
    nb: NotebookNode
    summary: dict[str, Any]
    models_dir: Path
    latest_before: str


@pytest.fixture(scope="module")
def cli_train(
    feedback_csv: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[subprocess.Popen[str]]:
    """`tppo-detect train --json` on the retrain run's data and parameters, started before the
    notebook so the two trainings overlap on a multi-core runner."""
    models_dir = tmp_path_factory.mktemp("cli-models")
    proc = subprocess.Popen(
        [
            sys.executable, "-m", "tppo_detect.cli", "train",
            "--data", str(CORPUS), "--data", str(feedback_csv),
            "--models-dir", str(models_dir),
            *[f"--{field.replace('_', '-')}={RETRAIN_PARAMS[name]}"
              for name, field in HYPER_PARAMETERS.items() if name in RETRAIN_PARAMS],
            "--json",
        ],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO,
    )  # fmt: skip
    yield proc
    if proc.poll() is None:  # the comparison test did not run (deselected or failed earlier)
        proc.kill()
    proc.communicate()


@pytest.fixture(scope="module")
def retrain_run(
    models_root: Path,
    feedback_csv: Path,
    cli_train: subprocess.Popen[str],
    real_models_before: dict[str, tuple[int, int]],
    tmp_path_factory: pytest.TempPathFactory,
) -> RetrainRun:
    """The retrain notebook with PROMOTE=True on a copy of the session's models root (so a
    LATEST exists to compare against), the corpus plus a feedback export."""
    models_dir = tmp_path_factory.mktemp("notebook-models")
    shutil.copytree(models_root, models_dir, dirs_exist_ok=True)
    latest_before = (models_dir / LATEST_FILE).read_text(encoding="utf-8").strip()
    nb = run_notebook(
        RETRAIN,
        {
            "DATA": [CORPUS],
            "EXTRA_CSVS": [feedback_csv],
            "MODELS_DIR": models_dir,
            "PROMOTE": True,
            **RETRAIN_PARAMS,
        },
    )
    return RetrainRun(nb, summary(nb), models_dir, latest_before)


@pytest.mark.slow
def test_explore_notebook_runs_on_the_corpus(real_models_before: dict) -> None:
    nb = run_notebook(EXPLORE, {"DATA": CORPUS})
    out = summary(nb)
    corpus = pd.read_csv(CORPUS, dtype=str, keep_default_na=False)
    assert out["rows"] == len(corpus)
    for target in TARGETS:
        assert out["counts"][target] == int(corpus[target].astype(int).sum())
        assert out["top_signals"][target], f"no signal found for {target}"
    assert sum(out["classes"].values()) == len(corpus)
    assert any(o.get("output_type") == "display_data" and "image/png" in o.get("data", {})
               for c in nb.cells for o in c.get("outputs", [])), "plots are rendered"  # fmt: skip
    assert snapshot(REPO / "models") == real_models_before


@pytest.mark.slow
def test_retrain_notebook_compares_with_latest_and_promotes_only_when_not_worse(
    retrain_run: RetrainRun, trained: TrainResult, real_models_before: dict
) -> None:
    out = retrain_run.summary
    candidate, current = out["metrics"]["kandidat"], out["metrics"]["LATEST"]
    assert out["current_version"] == retrain_run.latest_before == trained.version
    assert out["candidate_version"] != trained.version
    # Same held-out rows: LATEST measured here equals what its own card says.
    assert current == trained.card["metrics"]["test"]
    card = json.loads(Path(out["card_path"]).read_text(encoding="utf-8"))
    assert card["metrics"]["test"] == candidate
    for name, value in RETRAIN_PARAMS.items():
        assert card["config"][HYPER_PARAMETERS[name]] == value, name
    assert [Path(d["path"]).name for d in card["data"]] == ["posts.csv", "feedback-export.csv"]

    not_worse = candidate["macro_f1"] >= current["macro_f1"]
    assert out["promoted"] is not_worse
    latest = (retrain_run.models_dir / LATEST_FILE).read_text(encoding="utf-8").strip()
    assert latest == out["latest"]
    assert latest == (out["candidate_version"] if not_worse else retrain_run.latest_before)
    assert Detector.load(retrain_run.models_dir).version == latest
    for target in TARGETS:
        assert out["top_terms"][target]
    assert snapshot(REPO / "models") == real_models_before


@pytest.mark.slow
def test_retrain_notebook_metrics_equal_the_cli(
    retrain_run: RetrainRun, cli_train: subprocess.Popen[str]
) -> None:
    """One code path: `tppo-detect train` on the same data and parameters gives the same card."""
    stdout, stderr = cli_train.communicate(timeout=600)
    assert cli_train.returncode == 0, stderr
    cli_card = json.loads(stdout)
    nb_card = json.loads(Path(retrain_run.summary["card_path"]).read_text(encoding="utf-8"))
    assert cli_card["metrics"]["test"] == nb_card["metrics"]["test"]
    assert cli_card["metrics"]["test"] == retrain_run.summary["metrics"]["kandidat"]
    for key in ("config", "cv", "thresholds", "lexicon", "features"):
        assert cli_card[key] == nb_card[key], key
    # Version names are <UTC date>-<hash of data, parameters, lexicon>.
    assert cli_card["version"].split("-")[-1] == nb_card["version"].split("-")[-1]


@pytest.mark.slow
def test_error_analysis_notebook_scores_a_csv_and_finds_disagreements(
    models_root: Path,
    detector: Detector,
    trained: TrainResult,
    tmp_path: Path,
    real_models_before: dict,
) -> None:
    """A scrape-like CSV (other column names, a blank row) that happens to carry labels: the
    notebook's counts are those of Detector.score, and its metrics those of the model card."""
    corpus = pd.read_csv(CORPUS, dtype=str, keep_default_na=False)
    blank = {c: "0" for c in corpus.columns} | {"id": "kosong", "text": "  ", "split": "test"}
    scrape = pd.concat([corpus, pd.DataFrame([blank])], ignore_index=True)
    scrape = scrape.rename(columns={"text": "caption", "id": "post_id"})
    scrape_path = tmp_path / "scrape.csv"
    scrape.to_csv(scrape_path, index=False)
    output = tmp_path / "scored.csv"
    nb = run_notebook(
        ERRORS,
        {
            "INPUT_CSV": scrape_path,
            "TEXT_COL": "caption",
            "ID_COL": "post_id",
            "ONLY_SPLIT": "test",
            "MODELS_DIR": models_root,
            "OUTPUT_CSV": output,
        },
    )
    out = summary(nb)
    held_out = scrape[(scrape["split"] == "test") & (scrape["post_id"] != "kosong")]
    assert (out["rows"], out["skipped_empty"]) == (len(held_out), 1)
    assert out["model_version"] == detector.version
    scores = detector.score(held_out["caption"].tolist())
    expected = {level: sum(s.risk_level == level for s in scores) for level in RISK_LEVELS}
    assert out["by_level"] == expected
    assert out["high"] == expected["tinggi"]
    assert out["signals_but_low_risk"] == sum(
        bool(s.evidence) and s.risk_level == "rendah" for s in scores
    )
    assert out["high_risk_without_signal"] == sum(
        not s.evidence and s.risk_level == "tinggi" for s in scores
    )
    assert out["labeled"] is True
    assert out["macro_f1"] == pytest.approx(trained.card["metrics"]["test"]["macro_f1"])
    written = pd.read_csv(output, dtype=str, keep_default_na=False)
    assert written["id"].tolist() == held_out["post_id"].tolist()
    assert written["risk_score"].astype(int).tolist() == [s.risk_score for s in scores]
    assert snapshot(REPO / "models") == real_models_before


@pytest.mark.slow
def test_retrain_notebook_trains_with_an_edited_lexicon_and_shows_the_difference(
    tmp_path: Path, real_models_before: dict
) -> None:
    """Issue 16: an analyst edits the lexicon (one word fewer in a set, one new signal) and the
    notebook trains with it and reports what changed, on a small sample of the corpus."""
    from tppo_detect.resources import data_text
    from tppo_detect.text.signals import LEXICON_FILE

    from .test_lexicon import SNIPPET

    packaged = data_text(LEXICON_FILE)
    edited = packaged.replace('"visit", ', "", 1) + SNIPPET  # "visa visit" no longer counts
    assert edited != packaged + SNIPPET
    lexicon = tmp_path / "lexicon.toml"
    lexicon.write_text(edited, encoding="utf-8")
    df = pd.read_csv(CORPUS)
    small = pd.concat([df[df["split"] == s].head(n) for s, n in (("train", 500), ("test", 150))])
    small = pd.concat([small, df[df["text"].str.contains("visit", case=False)]]).drop_duplicates()
    data = tmp_path / "small.csv"
    small.to_csv(data, index=False)

    nb = run_notebook(
        RETRAIN, {"DATA": [data], "MODELS_DIR": tmp_path / "models", "LEXICON": lexicon}
    )
    out = summary(nb)["lexicon"]
    assert out["added"] == ["magang_jepang_berbayar"]
    assert out["removed"] == []
    visa = out["per_signal"]["visa_non_kerja"]
    assert visa["after"] < visa["before"]
    assert out["changed_rows"] >= visa["before"] - visa["after"]
    card = json.loads(Path(summary(nb)["card_path"]).read_text(encoding="utf-8"))
    assert card["lexicon"]["signals"] == len(load_lexicon_ids()) + 1
    assert snapshot(REPO / "models") == real_models_before


def load_lexicon_ids() -> tuple[str, ...]:
    from tppo_detect.text.signals import load_lexicon

    return load_lexicon().ids
