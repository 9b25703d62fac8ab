"""The one exception batch scoring raises for problems the analyst can fix.

The CLI turns it into a short Indonesian message and exit code 2; anything else is a bug and
keeps its traceback.
"""

from __future__ import annotations


class BatchInputError(ValueError):
    """The input, the options or a checkpoint cannot be used as given (message in Indonesian)."""
