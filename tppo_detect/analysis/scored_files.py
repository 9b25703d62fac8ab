"""Reading a scored file (what ``tppo-detect batch`` wrote) for campaigns and the report.

The delimiter and encoding are found the way ``batch`` finds them for its input
(:func:`tppo_detect.batch.reader.sniff`: records counted under each candidate delimiter), so a
file ``batch`` can read is a file the campaign grouping and the report can read.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tppo_detect.extras import require

if TYPE_CHECKING:
    import pandas as pd

PARQUET_SUFFIXES = (".parquet", ".pq")


def read_scored(
    path: Path, columns: list[str] | None = None, nrows: int | None = None
) -> pd.DataFrame:
    """A scored file (CSV with any common delimiter and encoding, or Parquet).

    Every CSV cell is read as text and nothing is turned into NaN ("NA" or "null" can be a
    post); numeric columns are converted where they are used. ``columns`` limits what is read.
    """
    import pandas as pd

    if path.suffix.lower() in PARQUET_SUFFIXES:
        require("pyarrow", "parquet", "Masukan Parquet")
        frame = pd.read_parquet(path, columns=columns)
        return frame.head(nrows) if nrows is not None else frame
    from tppo_detect.batch.reader import sniff

    info = sniff(path)
    encoding = "utf-8-sig" if info.encoding.startswith("utf-8") else info.encoding
    return pd.read_csv(
        path,
        sep=info.delimiter,
        dtype=str,
        keep_default_na=False,
        encoding=encoding,
        encoding_errors="replace",
        usecols=columns,
        nrows=nrows,
    )
