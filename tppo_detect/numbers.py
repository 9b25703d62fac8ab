"""Numbers as Indonesian readers write them — one home for every face (CLI, batch, campaigns,
report, API messages, benchmarks): ``10.000`` (dot groups thousands), ``0,94`` (comma before
decimals), ``12,5 %``."""

from __future__ import annotations


def thousands(n: float) -> str:
    """Whole number with dots between thousands: 60000 -> '60.000' (rounded)."""
    return f"{round(n):,}".replace(",", ".")


def decimal(x: float, digits: int = 2) -> str:
    """Fixed decimals with a comma and grouped thousands: 1234.5 -> '1.234,50'."""
    text = f"{x:,.{digits}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def short(x: float) -> str:
    """The shortest form (``%g``) with a decimal comma: 0.02 -> '0,02', 10.0 -> '10'."""
    return f"{x:g}".replace(".", ",")


def percent(part: float, whole: float | None = None, digits: int = 1) -> str:
    """A share as a percentage: percent(0.125) -> '12,5 %', percent(1, 8) -> '12,5 %'."""
    share = part if whole is None else (part / whole if whole else 0.0)
    return f"{decimal(100 * share, digits)} %"
