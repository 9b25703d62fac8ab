"""Access-log redaction: an API key sent in the query string never reaches the log in clear.

The API refuses keys in the query string (422, unknown parameter), but uvicorn writes the
request line, query included, to its access log before anyone answers. This filter rewrites
the logged path: values of parameters whose name suggests a secret, and anything shaped like
one of our keys (``tppo_<id>_<secret>``) anywhere in it, become ``[disamarkan]``.
"""

from __future__ import annotations

import logging
import re

ACCESS_LOGGER = "uvicorn.access"
REDACTED = "[disamarkan]"
_SECRET_PARAM = re.compile(
    r"(?i)([?&;](?:[^=&;]*(?:key|token|secret|passw|auth|sig)[^=&;]*)=)[^&;#\s]*"
)
_KEY_SHAPE = re.compile(r"tppo_[A-Za-z0-9]+_[A-Za-z0-9_\-]+")


def redact(path: str) -> str:
    """``path`` (with its query) with secrets replaced by ``[disamarkan]``."""
    if "?" not in path and "tppo_" not in path:
        return path
    return _KEY_SHAPE.sub(REDACTED, _SECRET_PARAM.sub(r"\1" + REDACTED, path))


class RedactQueryFilter(logging.Filter):
    """For uvicorn's access records: args are (client, method, full path, http version, status)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], redact(args[2]), *args[3:])
        return True


def install() -> None:
    """Add the filter to uvicorn's access logger once per process."""
    logger = logging.getLogger(ACCESS_LOGGER)
    if not any(isinstance(f, RedactQueryFilter) for f in logger.filters):
        logger.addFilter(RedactQueryFilter())
