"""Dev mode (``serve --dev``): who may still be served, and the warning operators see.

Dev mode is chosen once, at start-up, by the operator (``tppo-detect serve --dev``, which sets
``TPPO_DEV_MODE=1`` for the workers) and only with a loopback bind. It is never inferred from an
empty key store: a service whose last key is revoked or whose keys file disappears refuses
every request instead (:mod:`service.auth`).

Kept free of web-framework imports so ``tppo-detect serve`` can check the bind address
before anything heavy is loaded.
"""

from __future__ import annotations

import ipaddress

DEV_MODE_BANNER = (
    "\n" + "!" * 78 + "\n"
    "!! MODE PENGEMBANGAN (--dev): tanpa autentikasi kunci API.\n"
    "!! Layanan hanya menjawab klien loopback (127.0.0.1 / ::1).\n"
    "!! Untuk dipakai bersama: buat kunci dengan `tppo-detect keys create --admin` dan\n"
    "!! jalankan `tppo-detect serve` tanpa --dev.\n" + "!" * 78
)
#: Environment variable ``serve --dev`` sets for its worker processes.
DEV_MODE_ENV = "TPPO_DEV_MODE"


def is_loopback(host: str | None) -> bool:
    """A *client* address: True for 127.0.0.0/8, ::1, "localhost" and unix sockets (no host)."""
    if not host:
        return True
    return is_loopback_bind(host)


def is_loopback_bind(host: str) -> bool:
    """A *bind* address: only a loopback IP literal or "localhost". An empty host is not: uvicorn
    (asyncio) binds every interface for ``--host ""``."""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"
