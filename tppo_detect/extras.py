"""Optional dependencies, imported where the work that needs them starts.

A staff server only scores posts: Dask, distributed, PyArrow and psycopg (~250 MB) are extras
(``pip install 'tppo-detect[dask]'`` …, see pyproject.toml). When one is missing, the user
reads which extra to install, in Indonesian, instead of a bare ``ModuleNotFoundError``.
"""

from __future__ import annotations

import importlib
from types import ModuleType


class ExtraMissing(ValueError):
    """An optional dependency is not installed (message in Indonesian, says what to install).

    A ``ValueError`` so every face that reports bad input (the batch CLI, the campaigns CLI)
    shows it as a one-line message rather than a traceback."""


def require(module: str, extra: str, purpose: str) -> ModuleType:
    """Import ``module`` or raise :class:`ExtraMissing` naming the extra that brings it."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        raise ExtraMissing(
            f"{purpose} butuh paket tambahan yang belum terpasang ({exc.name}). Pasang dengan: "
            f".venv/bin/pip install -e '.[{extra}]' (atau `pip install 'tppo-detect[{extra}]'`)."
        ) from None
