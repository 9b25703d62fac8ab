"""Strip outputs from notebooks before they are committed.

Executed notebooks carry outputs (tables of posts, plots, paths of a local machine) and
execution counts that change on every run. Committing them makes diffs unreadable and can leak
scraped posts into the repository, so notebooks are committed clean:
``make strip-notebooks`` rewrites them in place and ``--check`` (used by the tests) only reports.

Usage::

    python -m tppo_detect.nbstrip notebooks/*.ipynb          # strip in place
    python -m tppo_detect.nbstrip --check notebooks/*.ipynb  # exit 1 if any is not clean
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Final

import nbformat
from nbformat import NotebookNode

#: Per-cell metadata that only records a run (timings, collapsed views), never content.
RUN_METADATA_KEYS: Final = ("execution", "ExecuteTime", "collapsed", "scrolled")
#: Tag of the cell the notebook runner inserts with the parameters of one run.
INJECTED_TAG: Final = "injected-parameters"


def problems(nb: NotebookNode) -> list[str]:
    """What would have to be stripped from ``nb``; empty when it is clean."""
    found: list[str] = []
    for n, cell in enumerate(nb.cells, start=1):
        if INJECTED_TAG in cell.get("metadata", {}).get("tags", []):
            found.append(f"sel {n}: sel parameter hasil injeksi")
        present = [k for k in RUN_METADATA_KEYS if k in cell.get("metadata", {})]
        if present:
            found.append(f"sel {n}: metadata eksekusi {', '.join(present)}")
        if cell.cell_type != "code":
            continue
        if cell.get("outputs"):
            found.append(f"sel {n}: {len(cell.outputs)} keluaran")
        if cell.get("execution_count") is not None:
            found.append(f"sel {n}: nomor eksekusi {cell.execution_count}")
    return found


def strip(nb: NotebookNode) -> NotebookNode:
    """Remove outputs, execution counts, run metadata and injected parameter cells (in place)."""
    nb.cells = [
        cell for cell in nb.cells if INJECTED_TAG not in cell.get("metadata", {}).get("tags", [])
    ]
    for cell in nb.cells:
        meta = cell.get("metadata", {})
        for key in RUN_METADATA_KEYS:
            meta.pop(key, None)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return nb


def strip_file(path: str | Path) -> bool:
    """Strip one notebook file in place; returns whether it changed (unchanged files are not
    rewritten, so their modification time stays)."""
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    if not problems(nb):
        return False
    nbformat.write(strip(nb), path)
    return True


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tppo_detect.nbstrip",
        description="Hapus keluaran dan nomor eksekusi dari notebook (di tempat).",
    )
    parser.add_argument("paths", nargs="+", type=Path, help="berkas .ipynb")
    parser.add_argument(
        "--check",
        action="store_true",
        help="jangan ubah berkas; keluar dengan kode 1 bila ada notebook yang belum bersih",
    )
    args = parser.parse_args(argv)
    dirty = 0
    for path in args.paths:
        if not path.exists():
            print(f"{path}: berkas tidak ditemukan", file=sys.stderr)
            return 2
        if args.check:
            found = problems(nbformat.read(path, as_version=4))
            if found:
                dirty += 1
                print(f"{path}: belum bersih ({'; '.join(found[:5])})")
        elif strip_file(path):
            print(f"{path}: keluaran dihapus")
    return 1 if dirty else 0


if __name__ == "__main__":
    raise SystemExit(main())
