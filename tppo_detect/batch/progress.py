"""Messages and the progress bar, on stderr so stdout stays clean for the summary.

The bar only appears on an interactive terminal: in a pipe, a log file or CI it would be
noise. Messages (which column was chosen, encoding, ...) are printed unless ``quiet``.
"""

from __future__ import annotations

import sys

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)


class Reporter:
    """Info lines and a byte-based progress bar (no-ops when quiet)."""

    def __init__(self, *, quiet: bool = False) -> None:
        self.quiet = quiet
        self._console = Console(stderr=True, highlight=False)
        self._progress: Progress | None = None
        self._task = None

    def info(self, message: str) -> None:
        if not self.quiet:
            self._console.print(message, markup=False)

    def start(self, total_bytes: int, done_bytes: int = 0) -> None:
        """Show the bar if stderr is a terminal."""
        if self.quiet or not sys.stderr.isatty():
            return
        self._progress = Progress(
            TextColumn("menskor"),
            BarColumn(),
            DownloadColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=self._console,
            transient=True,
        )
        self._progress.start()
        self._task = self._progress.add_task("menskor", total=total_bytes, completed=done_bytes)

    def advance(self, nbytes: int) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task, nbytes)

    def stop(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def __enter__(self) -> Reporter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
