"""Where to report: the sourced registry, the region file and the channels chosen per post."""

from __future__ import annotations

import re
import tomllib
from datetime import date
from pathlib import Path

import pytest

from tppo_detect.model.detector import Detector
from tppo_detect.model.next_steps import (
    CHANNELS_FILE,
    DEFAULT_REGION_FILE,
    REGION_ENV,
    RegistryError,
    load_registry,
    parse_channels,
    platform_of,
)
from tppo_detect.resources import data_text
from tppo_detect.text.signals import load_lexicon

REGISTRY_FILES = (CHANNELS_FILE, DEFAULT_REGION_FILE)
_SOURCE_DATE = re.compile(r"\b(19|20)\d\d\b")


@pytest.mark.parametrize("name", REGISTRY_FILES)
def test_every_entry_has_a_public_source_and_a_check_date(name: str) -> None:
    raw = tomllib.loads(data_text(name))["channel"]
    assert raw
    for entry in raw:
        assert entry["source"].strip(), entry["id"]
        # a URL or a publication with its date
        assert "http" in entry["source"] or _SOURCE_DATE.search(entry["source"]), entry["id"]
        checked = date.fromisoformat(entry["checked"])
        assert date(2025, 1, 1) <= checked <= date.today(), entry["id"]
        for key in ("url",):
            if key in entry:
                assert entry[key].startswith("https://"), entry["id"]


def test_registry_signals_and_platforms_exist() -> None:
    """A typo in a `when` table would silently never fire."""
    known = {s.id for s in load_lexicon().signals} | {
        "catut_instansi_kanal_tidak_resmi",
        "rekrutmen_instansi_tanpa_kanal_resmi",
    }
    registry = load_registry(None)
    for ch in registry.channels:
        assert ch.signals <= known, (ch.id, ch.signals - known)
    platforms = {p for ch in registry.channels for p in ch.platforms}
    assert platforms == {"facebook", "instagram", "tiktok", "x", "whatsapp", "telegram"}


def test_shipped_region_is_buleleng_and_has_the_four_offices() -> None:
    registry = load_registry(None)
    regional = [c.id for c in registry.channels if c.scope == "daerah"]
    assert regional == ["bp3mi_wilayah", "disnaker_daerah", "polres_daerah", "kominfo_daerah"]
    assert registry.region_name == "Kabupaten Buleleng"
    assert "Buleleng" in registry.publisher


def test_region_file_replaces_the_example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    region = tmp_path / "jember.toml"
    region.write_text(
        '[region]\nname = "Kabupaten Jember"\n\n'
        '[[channel]]\nid = "disnaker_daerah"\nname = "Disnaker Jember"\nscope = "daerah"\n'
        'action = "Laporkan."\nsource = "contoh uji, 2026"\nchecked = "2026-12-01"\n'
        '[channel.when]\nfamilies = ["illegal_recruitment"]\n',
        encoding="utf-8",
    )
    monkeypatch.setenv(REGION_ENV, str(region))
    from tppo_detect.model.next_steps import current_registry

    registry = current_registry()
    assert registry.region_name == "Kabupaten Jember"
    assert registry.publisher == "Kabupaten Jember"
    steps = registry.select("tinggi", ["illegal_recruitment"], [])
    assert [s.id for s in steps][:2] == ["disnaker_daerah", "kp2mi_pengaduan"]
    assert "bp3mi_wilayah" not in registry.by_id


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            'id = "x"\nname = "X"\nscope = "daerah"\naction = "a"\nchecked = "2026-01-01"\n',
            "source",
        ),
        ('id = "x"\nname = "X"\nscope = "daerah"\naction = "a"\nsource = "s 2026"\n', "checked"),
        (
            'id = "x"\nname = "X"\nscope = "daerah"\naction = "a"\nsource = "s"\n'
            'checked = "2026-01-01"\n[channel.when]\nplatforms = ["myspace"]\n',
            "platform tidak dikenal",
        ),
    ],
)
def test_bad_region_entries_are_refused_in_indonesian(body: str, message: str) -> None:
    with pytest.raises(RegistryError, match=message):
        parse_channels("[[channel]]\n" + body, "wilayah.toml")


def test_unreadable_region_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match="tidak bisa dibaca"):
        load_registry(str(tmp_path / "tidak-ada.toml"))


@pytest.mark.parametrize(
    ("value", "platform"),
    [
        ("Facebook", "facebook"),
        ("fb", "facebook"),
        ("Twitter", "x"),
        ("https://www.facebook.com/groups/loker/posts/1", "facebook"),
        ("https://m.facebook.com/story.php?id=1", "facebook"),
        ("https://vt.tiktok.com/ZS123/", "tiktok"),
        ("https://x.com/akun/status/1", "x"),
        ("https://t.me/lokerluar", "telegram"),
        ("instagram.com/p/abc", "instagram"),
        ("https://contoh.co.id/loker", None),
        ("", None),
        (None, None),
    ],
)
def test_platform_of_cells_and_urls(value: object, platform: str | None) -> None:
    assert platform_of(value) == platform


# Representative posts per family and platform: (text, platform, must include, must exclude).
CASES = [
    (
        # scam compound recruitment on Facebook with a WhatsApp link
        "LOWONGAN ADMIN ONLINE KAMBOJA gaji 20jt tanpa pengalaman, tiket + visa ditanggung, "
        "berangkat minggu ini pakai visa turis. Minat chat wa.me/6285311907264",
        "facebook",
        {
            "bp3mi_wilayah", "disnaker_daerah", "polres_daerah", "kp2mi_pengaduan",
            "kemlu_peduliwni", "polri_patrolisiber", "komdigi_aduankonten",
            "platform_facebook", "platform_whatsapp",
        },
        {"ojk_157", "ojk_iasc", "platform_tiktok", "bank_lain"},
    ),
    (
        # non-procedural placement (Middle East domestic work) on Instagram, no contact
        "Dibutuhkan ART ke Arab Saudi, proses cepat 2 minggu langsung terbang, tidak perlu "
        "lewat PT atau Disnaker, paspor dibuatkan, gaji 7 juta. DM aja",
        "instagram",
        {"bp3mi_wilayah", "kp2mi_pengaduan", "platform_instagram"},
        {"platform_whatsapp", "ojk_157", "kemlu_peduliwni", "bank_lain"},
    ),
    (
        # task/deposit scam on TikTok with a BRI account and a phone
        "Kerja part time modal HP, dibayar per like 50rb, komisi misi harian, deposit naik level "
        "VIP biar komisi besar. Daftar WA 0812-3456-7890, transfer ke BRI 1234567890",
        "tiktok",
        {
            "polri_patrolisiber", "komdigi_aduankonten", "ojk_157", "satgas_pasti", "ojk_iasc",
            "bank_bri", "platform_tiktok", "platform_whatsapp",
        },
        {"kp2mi_pengaduan", "bank_lain", "platform_facebook"},
    ),
    (
        # job-fee fraud on X with an account at a bank without its own entry
        "Dibutuhkan karyawan minimarket, langsung kerja tanpa tes. Biaya seragam & ID card "
        "Rp 350.000 ditransfer dulu ke rek BNI 0987654321 a.n HRD. WA 0813-9876-5432",
        "x",
        {
            "disnaker_daerah", "kemnaker_pengaduan", "polri_patrolisiber", "ojk_iasc",
            "bank_lain", "platform_x", "platform_whatsapp",
        },
        {"bank_bri", "bank_bca", "kemlu_peduliwni"},
    ),
    (
        # the same fee fraud forwarded in a Telegram channel, platform unknown to the caller
        "Loker admin gudang, wajib bayar biaya pendaftaran 200rb dulu sebelum interview, "
        "hubungi t.me/hrd_rekrut_cepat",
        None,
        {"polri_patrolisiber", "komdigi_aduankonten", "platform_telegram"},
        {"platform_facebook", "platform_whatsapp", "ojk_iasc"},
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "platform", "want", "never"), CASES)
def test_channels_chosen_per_family_and_platform(
    detector: Detector, text: str, platform: str | None, want: set[str], never: set[str]
) -> None:
    (score,) = detector.score([text], platforms=[platform])
    assert score.risk_level in ("sedang", "tinggi"), (score.risk_level, score.signal_ids)
    ids = [s.id for s in score.next_steps]
    assert want <= set(ids), (sorted(want - set(ids)), ids)
    assert not (never & set(ids)), sorted(never & set(ids))
    scopes = [s.channel.scope for s in score.next_steps]
    assert scopes == sorted(scopes, key=["daerah", "nasional", "bank", "platform"].index)
    assert all(s.reason for s in score.next_steps)


def test_low_risk_posts_get_no_next_steps(detector: Detector) -> None:
    (score,) = detector.score(
        ["Dijual motor Beat 2019 mulus, pajak hidup. Nego tipis, COD."], platforms=["facebook"]
    )
    assert score.risk_level == "rendah"
    assert score.next_steps == []
    assert score.to_dict()["next_steps"] == []


def test_platforms_must_match_texts(detector: Detector) -> None:
    with pytest.raises(ValueError, match="satu platform per teks"):
        detector.score(["a", "b"], platforms=["facebook"])


def test_a_broken_region_file_fails_when_the_model_loads(
    models_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "wilayah.toml"
    bad.write_text('[region]\nname = "X"\n[[channel]]\nid = "a"\n', encoding="utf-8")
    monkeypatch.setenv(REGION_ENV, str(bad))
    with pytest.raises(RegistryError, match=r"wilayah\.toml, saluran 'a': kolom 'name' wajib"):
        Detector.load(models_root)


def test_reasons_name_the_red_flag_in_indonesian(detector: Detector) -> None:
    (score,) = detector.score([CASES[2][0]])
    reasons = {s.id: s.reason for s in score.next_steps}
    assert reasons["ojk_157"].startswith("tanda bahaya: ")
    assert "_" not in reasons["ojk_157"]  # a name, not an id
