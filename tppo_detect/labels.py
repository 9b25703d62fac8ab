"""Label names, risk levels and signal families: the single place these facts live.

Everything that names a target (training, evaluation, the service, batch output, notebooks)
imports from here so a renamed label cannot drift between components.
"""

from __future__ import annotations

from typing import Final, Literal, get_args

#: The two signal families the model scores, in output order.
TARGETS: Final[tuple[str, str]] = ("illegal_recruitment", "online_scam")

#: Indonesian names analysts read for each family.
TARGET_NAMES_ID: Final[dict[str, str]] = {
    "illegal_recruitment": "perekrutan ilegal / non-prosedural (indikasi TPPO)",
    "online_scam": "penipuan online",
}

#: Risk levels, lowest first. Analysts read these words, so they are Indonesian.
RiskLevel = Literal["rendah", "sedang", "tinggi"]
RISK_LEVELS: Final[tuple[str, str, str]] = get_args(RiskLevel)

#: Which posts get evidence, top terms, contacts and an explanation (``Detector.score``'s
#: ``explain``): every post, or those at this level and above.
EXPLAIN_ALL: Final = "all"
EXPLAIN_CHOICES: Final[tuple[str, ...]] = (EXPLAIN_ALL, *RISK_LEVELS[1:])

#: How a post that is not read as an offer reads instead (the ``stance`` of context cues in
#: ``data/context_cues.toml``), with the words the explanation uses for it.
STANCE_NAMES: Final[dict[str, str]] = {
    "peringatan": "peringatan/imbauan",
    "berita": "berita",
    "cerita": "cerita pengalaman",
    "pertanyaan": "pertanyaan atau balasan",
    "klarifikasi": "klarifikasi resmi",
}
Family = Literal["illegal_recruitment", "online_scam"]


def risk_level_rank(level: str) -> int:
    """Order of a risk level (0 = rendah); raises ValueError naming the valid levels."""
    try:
        return RISK_LEVELS.index(level)
    except ValueError:
        raise ValueError(
            f"tingkat risiko tidak dikenal: {level!r} (pilihan: {', '.join(RISK_LEVELS)})"
        ) from None
