"""Official-channel impersonation: for every institution in the registry, a post that links its
official domain does not fire, and the same post pointing at a look-alike domain, a Telegram
group or a personal WhatsApp number does — with both ends (name and channel) as evidence."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tppo_detect.text.impersonation import NO_CHANNEL, OFF_CHANNEL, evidence, load_registry
from tppo_detect.text.preprocess import prepare_one

REGISTRY = load_registry()


def findings(text: str):
    doc = prepare_one(text)
    return REGISTRY.find(doc.tokens, doc.contact_list, doc.spans)


def _alias(inst) -> str:
    return " ".join(inst.aliases[0]).upper()


def _official_host(inst) -> str:
    domain = sorted(inst.domains)[0]
    # "go.id" alone stands for any government domain: use a regency's
    return "puskesmas-kota.bulelengkab.go.id" if domain == "go.id" else f"karir.{domain}"


def _announcement(inst, channel: str) -> str:
    return (
        f"REKRUTMEN {_alias(inst)} 2026 telah dibuka untuk lulusan SMA/SMK/D3/S1.\n"
        "Penempatan sesuai domisili. Persyaratan lengkap dan pendaftaran: " + channel
    )


def _slug(inst) -> str:
    return re.sub(r"[^a-z0-9]+", "", inst.id)


def test_registry_entries_are_sourced_and_dated() -> None:
    assert len(REGISTRY.institutions) >= 40
    ids = [i.id for i in REGISTRY.institutions]
    assert len(ids) == len(set(ids))
    for inst in REGISTRY.institutions:
        assert inst.source.strip(), inst.id
        assert date.fromisoformat(inst.checked) <= date.today(), inst.id
        assert inst.domains, f"{inst.id}: no official domain"
        assert all(alias for alias in inst.aliases), inst.id


@pytest.mark.parametrize("inst", REGISTRY.institutions, ids=lambda i: i.id)
def test_official_domain_does_not_fire(inst) -> None:
    text = _announcement(inst, f"https://{_official_host(inst)}/rekrutmen")
    assert findings(text) == [], text


@pytest.mark.parametrize("inst", REGISTRY.institutions, ids=lambda i: i.id)
@pytest.mark.parametrize(
    "channel",
    [
        "https://{slug}-rekrutmen2026.my.id/daftar",
        "https://t.me/rekrutmen_{slug}_2026",
        "admin WA 0812-7788-{n:04d}",
        "bit.ly/daftar-{slug}",
        "https://forms.gle/{slug}Daftar26",
        "hrd.{slug}.recruitment@gmail.com",
    ],
    ids=["lookalike", "telegram", "whatsapp", "shortlink", "form", "freemail"],
)
def test_off_channel_fires_with_both_ends(inst, channel: str) -> None:
    n = sum(map(ord, inst.id)) % 10_000
    text = _announcement(inst, channel.format(slug=_slug(inst), n=n))
    found = findings(text)
    assert [f.signal for f in found] == [OFF_CHANNEL], text
    items = evidence(text, found)
    names = [e for e in items if text[e.start : e.end].upper() == text[e.start : e.end]]
    assert names, "the institution's name is evidence"
    assert any(e.start > text.index("pendaftaran:") for e in items), "the channel is evidence"
    for e in items:
        assert text[e.start : e.end] == e.text


def test_official_link_next_to_a_phone_does_not_fire() -> None:
    inst = next(i for i in REGISTRY.institutions if i.kind == "bumn")
    text = _announcement(inst, f"https://{_official_host(inst)} (info: 0812-1111-2222)")
    assert findings(text) == []


def test_announced_open_without_any_channel() -> None:
    inst = REGISTRY.institutions[0]
    text = f"Pendaftaran lowongan {_alias(inst)} tahun 2026 telah dibuka. Daftarkan diri segera!"
    assert [f.signal for f in findings(text)] == [NO_CHANNEL]


@pytest.mark.parametrize(
    "text",
    [
        # an institution named outside any recruitment or aid context
        "Token listrik PLN 100rb tinggal 98rb, order via WA 0812-3344-5566",
        # recruitment context, a personal number, but no institution named
        "Dicari karyawati toko kue di Singaraja, hubungi 0813-5566-7788",
    ],
)
def test_no_institution_or_no_context_does_not_fire(text: str) -> None:
    assert findings(text) == []


def _inst(iid: str):
    return next(i for i in REGISTRY.institutions if i.id == iid)


@pytest.mark.parametrize(
    "channel",
    [
        "https://rekrutmen-terbaru224",  # a link cut off before its domain ends
        "kirim berkas ke hrd.rekrutmen01@gmail",  # a free-mail address cut off
    ],
)
def test_a_link_or_address_that_cannot_be_read_whole_is_not_official(channel: str) -> None:
    text = _announcement(_inst("pln"), channel)
    (found,) = findings(text)
    assert found.signal == OFF_CHANNEL and found.unread
    shown = [e.text for e in evidence(text, [found])]
    assert "PLN" in shown[0] and len(shown) == 2


def test_the_official_domain_still_wins_over_an_unreadable_mention() -> None:
    text = _announcement(_inst("pln"), "https://rekrutmen.pln.co.id (bukan lewat gmail)")
    assert findings(text) == []


def test_a_name_as_subject_far_from_the_vacancy_words() -> None:
    text = (
        "PT Timah Tbk merupakan perusahaan kontraktor tambang berbasis timah di Bangka, "
        "kini membuka lowongan kerja terbaru untuk beberapa posisi jabatan."
    )
    assert [f.signal for f in findings(text)] == [NO_CHANNEL]


@pytest.mark.parametrize(
    "text",
    [
        # an outsourcing firm recruiting for its client
        "PT Artha Mandiri Kreasi, penyedia tenaga kerja, membuka lowongan untuk klien kami "
        "contact center PLN. Hubungi 0812-3456-7788",
        # the alias is part of another company's name
        "PT Simba Hutama Karya membuka lowongan Staff Teknik. Kirim CV ke 0813-2222-3333",
    ],
)
def test_another_company_named_first_is_the_recruiter(text: str) -> None:
    assert findings(text) == []


def test_a_misspelled_name_with_an_unofficial_channel_fires() -> None:
    text = (
        "Dibutuhkan pekerja kebersihan Pukesmas Majalengka, gaji 2,5jt. Minat chat 0851-8227-6577"
    )
    (found,) = findings(text)
    assert found.signal == OFF_CHANNEL and found.institution.id == "puskesmas"


@pytest.mark.parametrize(
    "text",
    [
        # "migrasi" is an Indonesian word, not a misspelled "Imigrasi"
        "Dibutuhkan pekerja, info migrasi aman ke luar negeri, hubungi 0812-9999-0000",
        # a misspelled name without any channel is not enough
        "Lowongan kerja Pukesmas Majalengka telah dibuka untuk lulusan SMA",
    ],
)
def test_misspellings_need_a_non_word_and_an_unofficial_channel(text: str) -> None:
    assert findings(text) == []


def test_the_institution_named_first_as_pt_is_itself_the_recruiter() -> None:
    text = (
        "PT PERTAMINA (Persero) adalah perusahaan energi terintegrasi. Bekerja di Pertamina Group "
        "membuka karier Anda. Lowongan Pertamina untuk lulusan SMA/SMK dibuka. "
        "Daftar lewat WA 0877-8338-6989"
    )
    assert [f.signal for f in findings(text)] == [OFF_CHANNEL]


def test_a_bank_named_as_where_to_pay_is_not_the_recruiter() -> None:
    text = (
        "Lowongan kerja pabrik, biaya pendaftaran 150rb transfer ke BRI 1234567890, "
        "konfirmasi ke WA 0812-7777-8888"
    )
    assert findings(text) == []


def test_a_short_post_is_one_context() -> None:
    # "loker" stands eight tokens before the name: too far in a long post, not in a short one
    text = (
        "Loker harian cewek cowok bersih bersih kantor gedung Pertamina Cilacap, WA 0813-1111-2222"
    )
    (found,) = findings(text)
    assert found.signal == OFF_CHANNEL and found.institution.id == "pertamina"
    long_text = text + " " + " ".join(["Info lain: jual beli motor bekas murah di Cilacap."] * 8)
    assert findings(long_text) == []


def test_an_institution_the_post_says_to_bypass_is_not_the_recruiter() -> None:
    text = (
        "Lowongan kerja Kamboja admin online gaji 20 juta, berangkat minggu depan tidak perlu "
        "lewat BP2MI. Hubungi WA 0812-1111-2222"
    )
    assert findings(text) == []
