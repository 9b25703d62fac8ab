"""The Dask engine on a LocalCluster of 2 worker processes: the same bytes as the local engine."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from tests.batch.conftest import POSTS, csv_lines, write_text
from tppo_detect.batch import score_file
from tppo_detect.batch.reader import plan_blocks, sniff

pytestmark = pytest.mark.slow

BLOCKSIZE = 1500  # a few KB file -> many partitions, many block edges near multi-line cells


def _scrape(tmp_path: Path, n: int = 120) -> Path:
    rows: list[list[str]] = [["id", "tanggal", "isi", "penulis"]]
    for i in range(n):
        text = POSTS[i % len(POSTS)] + (f" #{i}" if i % 4 else "")  # retweet-like repeats
        if i % 3 == 0:
            text = text.replace(", ", ",\n", 2)
        if i % 17 == 0:
            text = "=" + text
        rows.append([str(i), "2024-06-01", "" if i % 13 == 6 else text, f"akun_{i}"])
    body = csv_lines(rows, delimiter=";").replace("\n40;", "\n\n40;x;").replace("ç", "c")
    return write_text(tmp_path / "grup.csv", body + "café;terpotong\n", encoding="cp1252")


def _files(out: Path) -> tuple[bytes, bytes]:
    return out.read_bytes(), out.with_name(out.stem + ".rejects.csv").read_bytes()


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """An already running cluster, reached like a remote one through --scheduler."""
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    ) as lc:
        yield lc.scheduler_address


def test_local_cluster_gives_identical_output(tmp_path: Path, model_dir: Path) -> None:
    src = _scrape(tmp_path)
    assert len(plan_blocks(sniff(src), sniff(src).data_start, BLOCKSIZE)) > 10
    local = score_file(src, tmp_path / "local.csv", model=model_dir, quiet=True, chunk_size=7)
    dask = score_file(
        src, tmp_path / "dask.csv", model=model_dir, quiet=True, engine="dask", n_workers=2,
        blocksize=BLOCKSIZE,
    )  # fmt: skip
    assert dask.engine == "dask"
    assert _files(tmp_path / "dask.csv") == _files(tmp_path / "local.csv")
    for key in ("rows_read", "rows_scored", "rows_rejected", "blank_lines", "per_level"):
        assert getattr(dask.counts, key) == getattr(local.counts, key), key
    assert dask.counts.rows_rejected >= 10 and dask.consistent
    assert dask.encoding == "cp1252" and dask.delimiter == ";"


def test_existing_scheduler_min_level_and_parquet(
    tmp_path: Path, model_dir: Path, cluster: str
) -> None:
    src = _scrape(tmp_path)
    kw = {"model": model_dir, "quiet": True, "min_level": "sedang"}
    score_file(src, tmp_path / "local.parquet", **kw)
    summary = score_file(
        src, tmp_path / "dask.parquet", engine="dask", scheduler=cluster, blocksize=BLOCKSIZE,
        **kw,
    )  # fmt: skip
    assert summary.counts.rows_filtered > 0 and summary.consistent
    assert pq.read_table(tmp_path / "dask.parquet").equals(
        pq.read_table(tmp_path / "local.parquet")
    )


def test_dask_resume_after_some_partitions(tmp_path: Path, model_dir: Path, cluster: str) -> None:
    src = _scrape(tmp_path)
    score_file(src, tmp_path / "local.csv", model=model_dir, quiet=True)
    out = tmp_path / "dask.csv"
    kw = {"model": model_dir, "quiet": True, "engine": "dask", "scheduler": cluster}
    first = score_file(src, out, blocksize=BLOCKSIZE, max_chunks=3, **kw)
    assert not first.complete and first.counts.rows_read > 0
    # Resume may even use another block size: blocks are planned from the checkpoint on.
    second = score_file(src, out, blocksize=3 * BLOCKSIZE, resume=True, **kw)
    assert second.complete and second.resumed_from == first.counts.rows_read
    assert _files(out) == _files(tmp_path / "local.csv")
