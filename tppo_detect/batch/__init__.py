"""Batch scoring of scraped CSVs (``tppo-detect batch``), locally or on a Dask cluster.

>>> from tppo_detect.batch import score_file
>>> summary = score_file("scrape.csv", "hasil.csv", min_level="sedang")
>>> print(summary.format())

Modules, one job each: ``columns`` (which column is the text), ``reader`` (encoding/delimiter
sniffing, streaming records with line numbers), ``scoring`` (each distinct text once),
``writer`` (CSV with formula escaping, Parquet), ``sink`` + ``checkpoint`` (ordered output and
``--resume``), ``local`` and ``dask_engine`` (the engines), ``summary``, ``progress``, ``api``
(:func:`score_file`) and ``cli`` (the typer command the main CLI mounts).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tppo_detect.batch.defaults import ENGINES
from tppo_detect.batch.errors import BatchInputError
from tppo_detect.lazy import lazy_names

if TYPE_CHECKING:
    from tppo_detect.batch.api import default_output, score_file
    from tppo_detect.batch.columns import (
        OUTPUT_COLUMNS,
        TEXT_COLUMN_CANDIDATES,
        detect_text_column,
    )
    from tppo_detect.batch.summary import BatchSummary, Counts

#: Imported on first use, so `import tppo_detect.batch` (the CLI's help) loads no pandas.
_LAZY = {
    "default_output": "tppo_detect.batch.api",
    "score_file": "tppo_detect.batch.api",
    "OUTPUT_COLUMNS": "tppo_detect.batch.columns",
    "TEXT_COLUMN_CANDIDATES": "tppo_detect.batch.columns",
    "detect_text_column": "tppo_detect.batch.columns",
    "BatchSummary": "tppo_detect.batch.summary",
    "Counts": "tppo_detect.batch.summary",
}


__getattr__ = lazy_names("tppo_detect.batch", _LAZY, globals())


__all__ = [
    "ENGINES",
    "OUTPUT_COLUMNS",
    "TEXT_COLUMN_CANDIDATES",
    "BatchInputError",
    "BatchSummary",
    "Counts",
    "default_output",
    "detect_text_column",
    "score_file",
]
