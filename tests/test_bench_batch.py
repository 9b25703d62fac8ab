"""The batch benchmark's memory figure is the engine's own, not the process that started it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import bench_batch

#: more than any batch process uses at a few hundred rows (~200-250 MB)
BALLAST_MB = 700


@pytest.mark.slow
def test_peak_rss_is_the_engines_not_the_benchmarks(models_root: Path, tmp_path: Path) -> None:
    """``os.wait4``'s ``ru_maxrss`` carries the spawning process's high-water mark over exec:
    started from ``make bench`` (hundreds of MB by then) every engine run "peaked" at the
    benchmark's size, whatever its row count. The figure now comes from each process's VmHWM."""
    ballast = bytearray(BALLAST_MB * 2**20)
    ballast[::4096] = b"\x01" * len(range(0, len(ballast), 4096))  # make the pages resident
    result = bench_batch.run(
        300, engines=("local",), model=models_root, workdir=tmp_path, flat_check=False
    )
    local = result["local"]
    assert local["rows_written"] == 300 and local["consistent"]
    assert 50 < local["peak_rss_mb"] < BALLAST_MB
    del ballast
