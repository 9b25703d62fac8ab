"""Dev mode (no API key configured): who may still be served, and the warning operators see.

Kept free of web-framework imports so ``tppo-detect serve`` can check the bind address
before anything heavy is loaded.
"""

from __future__ import annotations

import ipaddress

DEV_MODE_BANNER = (
    "\n" + "!" * 78 + "\n"
    "!! TIDAK ADA KUNCI API: mode pengembangan, tanpa autentikasi.\n"
    "!! Layanan hanya menjawab klien loopback (127.0.0.1 / ::1).\n"
    "!! Buat kunci dengan `tppo-detect keys create --admin` sebelum dipakai bersama.\n" + "!" * 78
)


def is_loopback(host: str | None) -> bool:
    """True for 127.0.0.0/8, ::1, "localhost" and unix sockets (no host); other names are not."""
    if not host:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"
