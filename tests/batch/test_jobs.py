"""The local engine's process pool (issue #18): ``--jobs 2`` writes exactly what ``--jobs 1``
writes, and ``--explain`` only decides which rows carry signals, contacts and next steps."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from tppo_detect.batch import score_file
from tppo_detect.batch.errors import BatchInputError

from ..conftest import CORPUS, REPO


def _scored(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


@pytest.mark.slow
def test_two_jobs_write_the_same_file_as_one(tmp_path: Path, models_root: Path) -> None:
    # the corpus repeated: copies of a text fall in chunks that are in flight together
    corpus = pd.read_csv(CORPUS, dtype=str, keep_default_na=False)
    src = tmp_path / "scrape.csv"
    pd.concat([corpus, corpus.iloc[::7]]).to_csv(src, index=False)
    outs = {}
    summaries = {}
    for jobs in (1, 2):
        out = tmp_path / f"jobs{jobs}.csv"
        summaries[jobs] = score_file(
            src, out, model=models_root, quiet=True, chunk_size=300, jobs=jobs
        )
        outs[jobs] = out.read_bytes()
    assert outs[1] == outs[2]
    assert summaries[1].counts == summaries[2].counts
    assert summaries[1].counts.distinct_texts < summaries[1].counts.rows_scored


@pytest.mark.slow
def test_explain_all_fills_every_row_and_keeps_scores(tmp_path: Path, models_root: Path) -> None:
    src = tmp_path / "scrape.csv"
    pd.read_csv(CORPUS, dtype=str, keep_default_na=False).to_csv(src, index=False)
    default, every = tmp_path / "default.csv", tmp_path / "all.csv"
    score_file(src, default, model=models_root, quiet=True, jobs=1)
    score_file(src, every, model=models_root, quiet=True, jobs=1, explain="all")
    a, b = _scored(default), _scored(every)
    same = ["illegal_recruitment", "online_scam", "risk_score", "risk_level"]
    assert a[same].equals(b[same])
    risky = a["risk_level"] != "rendah"
    cols = ["signals", "contacts", "next_steps"]
    assert a[risky][cols].equals(b[risky][cols])
    assert (a[~risky]["signals"] == "").all() and (a[~risky]["contacts"] == "").all()
    # below sedang, --explain all still names the red flags and contacts some posts carry
    assert (b[~risky]["signals"] != "").any() and (b[~risky]["contacts"] != "").any()


def test_jobs_and_explain_are_checked_before_any_work(tmp_path: Path, models_root: Path) -> None:
    src = tmp_path / "x.csv"
    src.write_text("text\nhalo\n", encoding="utf-8")
    with pytest.raises(BatchInputError, match="pilihan: all, sedang, tinggi"):
        score_file(src, tmp_path / "o.csv", model=models_root, quiet=True, explain="semua")
    with pytest.raises(BatchInputError, match="--jobs minimal 1"):
        score_file(src, tmp_path / "o.csv", model=models_root, quiet=True, jobs=0)


def test_cli_takes_jobs_and_explain(tmp_path: Path, models_root: Path) -> None:
    src = tmp_path / "x.csv"
    src.write_text(
        'text\n"Dijual motor Beat 2019 mulus, hubungi WA 0812-3456-7890"\n', encoding="utf-8"
    )
    out = tmp_path / "o.csv"
    done = subprocess.run(
        [sys.executable, "-m", "tppo_detect.cli", "batch", str(src), "-o", str(out),
         "--model", str(models_root), "--quiet", "--jobs", "2", "--explain", "all"],
        capture_output=True, text=True, cwd=REPO, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    (row,) = _scored(out).to_dict("records")
    assert row["risk_level"] == "rendah" and "+6281234567890" in row["contacts"]


@pytest.mark.slow
def test_workers_exit_when_the_batch_process_is_killed(tmp_path: Path, models_root: Path) -> None:
    import signal
    import time

    import psutil

    src = tmp_path / "scrape.csv"
    corpus = pd.read_csv(CORPUS, dtype=str, keep_default_na=False)
    pd.concat([corpus] * 5).to_csv(src, index=False)
    code = (
        "import sys\nfrom tppo_detect.batch import score_file\n"
        "score_file(sys.argv[1], sys.argv[2], model=sys.argv[3], quiet=True, jobs=2)\n"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", code, str(src), str(tmp_path / "o.csv"), str(models_root)],
        cwd=REPO,
    )
    try:
        parent = psutil.Process(child.pid)
        workers: list[psutil.Process] = []
        for _ in range(600):  # until the pool is up (the model loads first)
            workers = parent.children()
            if len(workers) >= 2 or child.poll() is not None:
                break
            time.sleep(0.1)
        assert len(workers) >= 2, "the pool did not start"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    _, alive = psutil.wait_procs(workers, timeout=30)
    for proc in alive:  # do not leave them behind, but fail
        proc.kill()
    assert not alive, "pool workers outlived the killed batch process"


def test_a_chunk_is_split_into_one_task_per_worker() -> None:
    from tppo_detect.batch.local import split

    assert split(list(range(7)), 2) == [[0, 1, 2, 3], [4, 5, 6]]
    assert split(list(range(6)), 3) == [[0, 1], [2, 3], [4, 5]]
    assert split([5], 2) == [[5]]  # no empty task
    assert split([], 2) == []


def test_a_chunk_is_planned_from_its_records_as_a_frame_would_be(tmp_path: Path) -> None:
    """The pool plans a chunk from the records as read (no frame yet): same distinct texts,
    numbers and accepted rows as the plan of the chunk's frame."""
    import numpy as np

    from tppo_detect.batch.reader import read_chunks, sniff
    from tppo_detect.batch.scoring import plan_frame, plan_texts

    src = tmp_path / "scrape.csv"
    src.write_text("id,text\n1,b\n2,a\n3,\n4,b\n5,c,x\n6,a\n7,d\n", encoding="utf-8")
    info = sniff(src)
    (chunk,) = read_chunks(info, "text", info.data_start, 100)
    by_rows = plan_texts(*chunk.accepted(1), None)
    by_frame = plan_frame(chunk.frame(info.header), "text", None)
    assert by_rows.uniques == by_frame.uniques == ["b", "a", "d"]
    np.testing.assert_array_equal(by_rows.codes, by_frame.codes)
    np.testing.assert_array_equal(by_rows.ok, by_frame.ok)
    assert by_rows.ok.tolist() == [True, True, False, True, False, True, True]
