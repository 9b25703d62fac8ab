"""One-line Indonesian explanations of a score, for analysts and staff."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from tppo_detect.labels import STANCE_NAMES, TARGET_NAMES_ID

if TYPE_CHECKING:
    from tppo_detect.text.signals import SignalMatch

#: How placeholder tokens are shown to analysts.
PLACEHOLDER_NAMES: dict[str, str] = {
    "<url>": "[tautan]",
    "<url_short>": "[tautan pendek]",
    "<email>": "[email]",
    "<phone>": "[nomor telepon/WA]",
    "<telegram>": "[akun Telegram/@]",
    "<money_low>": "[nominal < 1 juta]",
    "<money_mid>": "[nominal 1–10 juta]",
    "<money_high>": "[nominal 10–30 juta]",
    "<money_vhigh>": "[nominal > 30 juta]",
}

_MAX_NAMED = 3


def explanation(
    level: str,
    p_ir: float,
    p_scam: float,
    evidence: Sequence[SignalMatch],
    context: Sequence[str] = (),
    stance: str | None = None,
) -> str:
    """E.g. "Risiko tinggi: indikasi penipuan online (91%); tanda bahaya: Biaya seragam …".

    ``context`` names the context cues found (warning, news, official channel): when red flags
    fire but the risk is low, that is usually why, and analysts should see it. ``stance`` (a key
    of ``STANCE_NAMES``) adds "Unggahan ini tampak sebagai peringatan, bukan tawaran."
    """
    text = _explanation(level, p_ir, p_scam, evidence, context)
    if stance in STANCE_NAMES:
        text += f" Unggahan ini tampak sebagai {STANCE_NAMES[stance]}, bukan tawaran."
    return text


def _explanation(
    level: str,
    p_ir: float,
    p_scam: float,
    evidence: Sequence[SignalMatch],
    context: Sequence[str],
) -> str:
    family = "illegal_recruitment" if p_ir >= p_scam else "online_scam"
    prob = max(p_ir, p_scam)
    names = list(dict.fromkeys(e.description for e in evidence))
    if level == "rendah":
        head = f"Risiko rendah ({round(100 * prob)}%): tidak ada indikasi kuat"
        if names and context:
            return head + (
                f"; tanda bahaya dikutip ({_join(names)}) dalam konteks {_join(list(context))}."
            )
        if names:
            return head + f"; kata kunci yang muncul: {_join(names)} (konteks tampak aman)."
        return head + "."
    both = min(p_ir, p_scam) >= 0.5
    what = (
        f"{TARGET_NAMES_ID['illegal_recruitment']} sekaligus {TARGET_NAMES_ID['online_scam']}"
        if both
        else TARGET_NAMES_ID[family]
    )
    head = f"Risiko {level}: indikasi {what} ({round(100 * prob)}%)"
    if not names:
        return head + "; tidak ada tanda bahaya bernama, skor berasal dari pola kata."
    text = head + f"; tanda bahaya: {_join(names)}."
    # A family scored high with no red flag of its own: say where that score comes from, or a
    # high scam score next to recruitment-only evidence reads as a contradiction.
    flagged = {e.family for e in evidence}
    for fam, p in (("illegal_recruitment", p_ir), ("online_scam", p_scam)):
        if p >= 0.5 and fam not in flagged:
            text += (
                f" Skor {TARGET_NAMES_ID[fam]} ({round(100 * p)}%) tidak berasal dari tanda bahaya "
                "bernama, tetapi dari pola kata (lihat kata yang paling menaikkan skor)."
            )
    return text


def _join(names: list[str]) -> str:
    shown = names[:_MAX_NAMED]
    rest = len(names) - len(shown)
    text = ", ".join(shown)
    return text + (f" (+{rest} lainnya)" if rest else "")
