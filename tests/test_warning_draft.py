"""The public-warning draft: built from templates, Indonesian, contacts masked by default."""

from __future__ import annotations

import re

import pytest

from tppo_detect.model.detector import Detector
from tppo_detect.model.next_steps import load_registry
from tppo_detect.model.warning_draft import build_draft, draft_for_score, local_phone, mask_contact

POST = (
    "LOWONGAN ADMIN ONLINE KAMBOJA gaji 20jt tanpa pengalaman, tiket + visa ditanggung. "
    "Hubungi Mr. Andre Wijaya wa.me/6285311907264 atau 0812 7788 9911, DP tiket ke "
    "BCA 5430987612 a.n. Andre, e-mail andre.hrd@gmail.com, grup t.me/rekrut_andre"
)
PHONE_DIGITS = ("6285311907264", "081277889911")
ACCOUNT_DIGITS = "5430987612"


def _digit_runs(text: str) -> set[str]:
    """Every digit run of the text, separators between digits ignored."""
    return {re.sub(r"\D", "", m) for m in re.findall(r"\d(?:[\s.\-]?\d)*", text)}


def _survives(number: str, text: str, window: int = 4) -> bool:
    """Whether any `window` consecutive digits of `number` appear in a digit run of `text`."""
    runs = _digit_runs(text)
    return any(
        number[i : i + window] in run for i in range(len(number) - window + 1) for run in runs
    )


@pytest.fixture(scope="module")
def score(detector: Detector):
    (s,) = detector.score([POST], platforms=["facebook"])
    assert s.risk_level == "tinggi"
    assert {c.kind for c in s.contacts} >= {"whatsapp", "phone", "bank_account", "email"}
    return s


def test_draft_masks_every_phone_and_account_digit_by_default(score) -> None:
    draft = draft_for_score(score)
    assert draft is not None
    for number in (*PHONE_DIGITS, ACCOUNT_DIGITS, "85311907264", "8127788991"):
        assert not _survives(number, draft), number
    assert "Andre" not in draft and "andre" not in draft  # the recruiter's name and handles
    assert "rekrut_andre" not in draft and "gmail.com (alamat disamarkan)" in draft
    assert "Rekening BCA (nomor disamarkan)" in draft


def test_draft_with_contacts_shows_them_as_a_warning(score) -> None:
    draft = draft_for_score(score, show_contacts=True)
    assert "0853-1190-7264" in draft and "0812-7788-9911" in draft
    assert "Rekening BCA 5430987612" in draft
    assert "@rekrut_andre" in draft
    assert "Jangan menghubungi atau mentransfer" in draft
    assert "Mr. Andre Wijaya" not in draft  # names from the text are never copied


def test_draft_says_modus_signs_safe_route_and_where_to_report(score) -> None:
    draft = draft_for_score(score)
    assert draft.startswith("⚠️ WASPADA TAWARAN KERJA KE LUAR NEGERI TIDAK RESMI")
    assert "Kamboja, Myanmar, Laos" in draft  # scam-compound modus from the red flags
    assert "Kenali tanda-tandanya:" in draft
    assert "lewat P3MI resmi, cek di SISKOP2MI" in draft and "tanpa calo" in draft
    for step in score.next_steps:
        assert step.channel.name in draft
    assert "0-800-1000" in draft  # KP2MI call centre from the registry
    assert draft.rstrip().endswith("Kabupaten Buleleng")
    # the post's own wording is not in the draft
    assert "20jt" not in draft and "LOWONGAN ADMIN ONLINE KAMBOJA" not in draft


def test_no_draft_for_a_low_risk_post(detector: Detector) -> None:
    (s,) = detector.score(["Selamat pagi, info jadwal posyandu hari Sabtu di balai banjar."])
    assert draft_for_score(s) is None


def test_scam_draft_uses_the_scam_templates() -> None:
    registry = load_registry(None)
    steps = registry.select(
        "tinggi", ["online_scam"], ["deposit_naik_level"], [("bank_account", "BRI")], "tiktok"
    )
    draft = build_draft(
        ["online_scam"], ["deposit_naik_level"], [("bank_account", "1234567890", "BRI")], steps
    )
    assert draft.startswith("⚠️ WASPADA PENIPUAN")
    assert "deposit untuk naik level" in draft
    assert "tidak pernah memungut biaya" in draft
    assert "1234567890" not in draft and "Call Center BRI — telp. 14017" in draft


@pytest.mark.parametrize(
    ("kind", "value", "provider"),
    [
        ("phone", "+6281234567890", None),
        ("whatsapp", "+60123456789", None),
        ("ewallet", "+6281299887766", "DANA"),
        ("bank_account", "1234567890123", "BRI"),
        ("telegram", "budi_rekrut", None),
        ("handle", "siti.hrd", None),
        ("url", "bit.ly/loker-andre", None),
    ],
)
def test_mask_contact_keeps_no_digit_or_name(kind: str, value: str, provider: str | None) -> None:
    masked = mask_contact(kind, value, provider)
    assert not re.search(r"\d", masked), masked
    assert value.split("/")[-1] not in masked


def test_local_phone_is_written_the_indonesian_way() -> None:
    assert local_phone("+6281234567890") == "0812-3456-7890"
    assert local_phone("+60123456789") == "+60123456789"
