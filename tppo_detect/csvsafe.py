"""CSV cells that stay cells in a spreadsheet: one home for formula escaping and line endings.

Spreadsheet programs run a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some,
tab or carriage return) as a formula, so a scraped post such as ``=HYPERLINK("http://…")``
becomes a live link or worse when an analyst opens the CSV. Such cells get a leading ``'``
(the OWASP "CSV injection" advice); plain negative numbers such as ``-6.2`` are left alone
because a spreadsheet reads them as numbers, never as formulas.

Rows end with ``\\r\\n`` (RFC 4180). That is also what makes Python's csv writer quote a cell
holding a bare carriage return: it only quotes line-break characters that appear in its line
terminator, so with ``\\n`` a ``\\r`` was written bare, readers split the row there, and the
new "row" could start with an unescaped formula.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

#: First characters that make a spreadsheet evaluate a cell.
FORMULA_PREFIXES: Final[tuple[str, ...]] = ("=", "+", "-", "@", "\t", "\r")
#: Row terminator for every CSV this project writes.
LINE_TERMINATOR: Final = "\r\n"
_NEGATIVE_NUMBER: Final = re.compile(r"-\d+(?:[.,]\d+)?")
_NEGATIVE_NUMBER_PATTERN: Final = r"^-\d+(?:[.,]\d+)?$"
#: :data:`_NEGATIVE_NUMBER_PATTERN` as :func:`escape_series` reads it (``$``: also before a
#: final newline), for one string.
NEGATIVE_NUMBER_MATCH: Final = re.compile(_NEGATIVE_NUMBER_PATTERN).match


if TYPE_CHECKING:
    from pathlib import Path

    import pandas as pd


def escape_formula(value: str) -> str:
    """``value`` with a leading ``'`` if a spreadsheet would run it as a formula."""
    if value.startswith(FORMULA_PREFIXES) and not _NEGATIVE_NUMBER.fullmatch(value):
        return "'" + value
    return value


def escape_cell(value: object) -> object:
    """:func:`escape_formula` for strings; numbers and other values unchanged."""
    return escape_formula(value) if isinstance(value, str) else value


def escape_series(values: pd.Series) -> pd.Series:
    """Vectorised :func:`escape_formula` for a string column."""
    risky = values.str.startswith(FORMULA_PREFIXES) & ~values.str.match(_NEGATIVE_NUMBER_PATTERN)
    if not risky.any():
        return values
    out = values.copy()
    out[risky] = "'" + values[risky]
    return out


def escape_value(value: str) -> str:
    """:func:`escape_series` for one string, without pandas (the batch writer's rows).

    The column version reads its pattern with ``match`` and ``$``, so a negative number
    followed by one final newline (``"-5\\n"``) is left alone too, unlike
    :func:`escape_formula`; the batch output has always been written that way, so this keeps it.
    """
    if value.startswith(FORMULA_PREFIXES) and not NEGATIVE_NUMBER_MATCH(value):
        return "'" + value
    return value


def write_csv(df: pd.DataFrame, path: Path) -> None:
    """``df`` as UTF-8 CSV with BOM (Excel shows emoji and accents), formula-like cells and
    column names escaped, rows ending in ``\\r\\n``."""
    import pandas as pd

    safe = df.copy()
    for col in safe.columns:
        if safe[col].dtype == object or pd.api.types.is_string_dtype(safe[col]):
            safe[col] = safe[col].map(escape_cell)
    safe.columns = [escape_cell(c) for c in safe.columns]
    safe.to_csv(path, index=False, encoding="utf-8-sig", lineterminator=LINE_TERMINATOR)
