"""Defaults of batch scoring, kept apart from the engines so the CLI's help (and
``import tppo_detect.batch``) reads them without loading pandas or the model."""

from __future__ import annotations

from typing import Final

#: Engines ``tppo-detect batch --engine`` accepts.
ENGINES: Final = ("local", "dask")
#: Bytes per Dask partition.
DASK_BLOCKSIZE: Final = 16 * 1024 * 1024
#: LocalCluster workers when no scheduler is given.
DASK_WORKERS: Final = 2
#: Rows per chunk of the local engine (a checkpoint after each).
CHUNK_SIZE: Final = 2000
#: Distinct texts remembered per process (a repost is scored once).
CACHE_ENTRIES: Final = 50_000
#: Posts that get evidence, contacts and next steps in a batch: ``sedang`` and above
#: (``--explain all``: every post). See ``tppo_detect.model.detector.EXPLAIN_CHOICES``.
EXPLAIN: Final = "sedang"
