"""``--resume``: an interrupted run continues without duplicating or losing a row."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from tests.batch.conftest import POSTS, csv_lines, write_text
from tppo_detect.batch import BatchInputError, score_file

REPO = Path(__file__).resolve().parents[2]


def _scrape(tmp_path: Path, n: int = 40) -> Path:
    rows: list[list[str]] = [["id", "full_text", "username"]]
    for i in range(n):
        text = POSTS[i % len(POSTS)] + (f" #{i}" if i % 3 else "")  # some exact repeats
        if i % 5 == 0:
            text = text.replace(", ", ",\n", 1)
        rows.append([str(i), "" if i % 11 == 4 else text, f"@user{i}"])
    body = csv_lines(rows).replace("\n17,", "\n17,extra,cells,")  # one malformed row
    return write_text(tmp_path / "scrape.csv", body)


def _outputs(out: Path) -> tuple[bytes, bytes]:
    return out.read_bytes(), out.with_name(out.stem + ".rejects.csv").read_bytes()


@pytest.fixture
def reference(tmp_path: Path, model_dir: Path) -> tuple[Path, tuple[bytes, bytes], dict]:
    src = _scrape(tmp_path)
    out = tmp_path / "ref" / "hasil.csv"
    out.parent.mkdir()
    summary = score_file(src, out, model=model_dir, quiet=True, chunk_size=4)
    return src, _outputs(out), summary.counts.to_dict()


def _same_counts(a: dict, b: dict) -> bool:
    keep = ("rows_read", "rows_scored", "rows_written", "rows_rejected", "per_level")
    return all(a[k] == b[k] for k in keep)


def test_stop_after_chunks_then_resume_gives_the_same_file(
    tmp_path: Path, model_dir: Path, reference
) -> None:
    src, expected, counts = reference
    out = tmp_path / "hasil.csv"
    first = score_file(src, out, model=model_dir, quiet=True, chunk_size=4, max_chunks=3)
    assert not first.complete
    assert first.counts.rows_read == 12
    checkpoint = json.loads((tmp_path / "hasil.csv.checkpoint.json").read_text())
    assert checkpoint["position"]["record"] == 12
    assert "lanjutkan dengan --resume" in first.format()

    second = score_file(src, out, model=model_dir, quiet=True, chunk_size=4, resume=True)
    assert second.complete and second.resumed_from == 12
    assert second.rows_this_run == 28
    assert _outputs(out) == expected
    assert _same_counts(second.counts.to_dict(), counts) and second.consistent
    assert not (tmp_path / "hasil.csv.checkpoint.json").exists()


def test_half_written_chunk_is_dropped_on_resume(
    tmp_path: Path, model_dir: Path, reference
) -> None:
    """A crash after appending rows but before the checkpoint leaves extra bytes: resume
    truncates back to the checkpoint, so those rows are not duplicated."""
    src, expected, _ = reference
    out = tmp_path / "hasil.csv"
    score_file(src, out, model=model_dir, quiet=True, chunk_size=4, max_chunks=2)
    with out.open("ab") as fh:
        fh.write(b"99,setengah baris yang tidak pernah selesai")
    with (tmp_path / "hasil.rejects.csv").open("ab") as fh:
        fh.write(b"123,sisa\n")
    score_file(src, out, model=model_dir, quiet=True, chunk_size=4, resume=True)
    assert _outputs(out) == expected


def test_resume_one_chunk_at_a_time(tmp_path: Path, model_dir: Path, reference) -> None:
    src, expected, counts = reference
    out = tmp_path / "hasil.csv"
    runs = 0
    summary = score_file(src, out, model=model_dir, quiet=True, chunk_size=4, max_chunks=1)
    while not summary.complete:
        runs += 1
        summary = score_file(
            src, out, model=model_dir, quiet=True, chunk_size=4, max_chunks=1, resume=True
        )
    assert runs == 9  # 40 records in chunks of 4: 10 runs in all
    assert _outputs(out) == expected
    assert _same_counts(summary.counts.to_dict(), counts)


def test_resume_refuses_other_settings_or_a_changed_file(
    tmp_path: Path, model_dir: Path, reference
) -> None:
    src, _, _ = reference
    out = tmp_path / "hasil.csv"
    score_file(src, out, model=model_dir, quiet=True, chunk_size=4, max_chunks=1)
    with pytest.raises(BatchInputError, match="min_level"):
        score_file(src, out, model=model_dir, quiet=True, resume=True, min_level="tinggi")
    with src.open("ab") as fh:
        fh.write(b"41,postingan baru,@baru\n")
    with pytest.raises(BatchInputError, match="input"):
        score_file(src, out, model=model_dir, quiet=True, resume=True)


def test_resume_without_checkpoint_starts_over(tmp_path: Path, model_dir: Path, reference):
    src, expected, _ = reference
    out = tmp_path / "hasil.csv"
    summary = score_file(src, out, model=model_dir, quiet=True, chunk_size=4, resume=True)
    assert summary.resumed_from is None and summary.complete
    assert _outputs(out) == expected


def test_parquet_resume(tmp_path: Path, model_dir: Path, reference) -> None:
    src, _, _ = reference
    ref = tmp_path / "ref.parquet"
    score_file(src, ref, model=model_dir, quiet=True, chunk_size=4)
    out = tmp_path / "hasil.parquet"
    score_file(src, out, model=model_dir, quiet=True, chunk_size=4, max_chunks=4)
    assert not out.exists() and (tmp_path / "hasil.parquet.parts").is_dir()
    score_file(src, out, model=model_dir, quiet=True, chunk_size=4, resume=True)
    assert pq.read_table(out).equals(pq.read_table(ref))


_CHILD = """
import sys
from tppo_detect.batch import score_file
score_file(sys.argv[1], sys.argv[2], model=sys.argv[3], quiet=True, chunk_size=10)
"""


@pytest.mark.slow
def test_killed_process_resumes_to_the_same_rows(tmp_path: Path, model_dir: Path) -> None:
    """SIGKILL a real run part-way (no cleanup runs at all), then resume it."""
    rows = [["id", "text"]] + [
        [str(i), f"{POSTS[i % len(POSTS)]} (salinan {i})"] for i in range(3000)
    ]
    src = write_text(tmp_path / "besar.csv", csv_lines(rows))
    ref = tmp_path / "ref.csv"
    score_file(src, ref, model=model_dir, quiet=True, chunk_size=10)

    out = tmp_path / "hasil.csv"
    checkpoint = tmp_path / "hasil.csv.checkpoint.json"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(src), str(out), str(model_dir)], env=env
    )
    try:
        done = 0
        # Wait for some chunks to be on disk. Small chunks, each synced to disk, keep the
        # child busy for a while after that, however fast the model is.
        while done < 100 and child.poll() is None:
            time.sleep(0.02)
            if checkpoint.exists():
                done = json.loads(checkpoint.read_text())["position"]["record"]
        assert child.poll() is None, "the run finished before it could be interrupted"
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait()
    assert checkpoint.exists()
    summary = score_file(src, out, model=model_dir, quiet=True, chunk_size=10, resume=True)
    assert summary.resumed_from is not None and 0 < summary.resumed_from < 3000
    assert out.read_bytes() == ref.read_bytes()
    assert summary.counts.rows_read == summary.counts.rows_written == 3000
