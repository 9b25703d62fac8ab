"""Stance: a post ABOUT an offer (a warning, a victim's story, a question, a clarification, a
news report) is not scored as an offer, in every language the cues cover, and the explanation
says how the post reads. The same bait written as an offer still is."""

from __future__ import annotations

import pytest

from tppo_detect.labels import STANCE_NAMES
from tppo_detect.model.detector import Detector

ABOUT_OFFERS: list[tuple[str, str]] = [
    # Indonesian
    (
        "peringatan",
        "WASPADA! Beredar pesan lowongan admin online ke Kamboja gaji 20 juta, tiket ditanggung. "
        "Itu modus TPPO. Jangan mudah tergiur, pastikan lewat P3MI resmi dan cek di SISKOP2MI.",
    ),
    (
        "cerita",
        "Pengalaman saya tahun lalu: sudah transfer 750 ribu buat biaya seragam dan medical, "
        "ternyata penipuan. Nomornya tidak bisa dihubungi lagi, uang saya hilang.",
    ),
    (
        "pertanyaan",
        "Ada yang tahu PT Samudra Jaya Abadi itu resmi atau tidak? Saya ditawari kerja di kapal "
        "pesiar tapi diminta biaya proses 8 juta dulu. Aman tidak ya?",
    ),
    (
        "klarifikasi",
        "KLARIFIKASI: PT Kereta Api Indonesia tidak pernah membuka lowongan melalui WhatsApp atau "
        "Telegram dan tidak pernah memungut biaya. Informasi resmi hanya melalui situs resmi kami.",
    ),
    # Javanese
    (
        "peringatan",
        "Dulur-dulur, ojo gampang percoyo karo tawaran kerjo neng Malaysia sing jare gajine gedhe "
        "lan paspor diurusi. Ati-ati, kuwi modus penipuan.",
    ),
    (
        "cerita",
        "Aku wis mbayar 2 juta kanggo biaya administrasi kerjo neng Taiwan, ternyata kapusan. "
        "Saiki wonge ilang, nomere diblokir.",
    ),
    # Sundanese
    (
        "peringatan",
        "Wargi sadayana, ulah gampang percanten kana lowongan damel ka luar negeri anu menta "
        "biaya heula. Waspada, eta modus penipuan.",
    ),
    (
        "cerita",
        "Abdi kantos katipu lowongan kerja di pabrik, tos mayar biaya seragam 500 rebu, "
        "ternyata perusahaanna teu aya.",
    ),
    # Balinese
    (
        "peringatan",
        "Nyama Buleleng, da gampang ngugu tawaran kerja di kapal pesiar sane nunas biaya proses. "
        "Waspada, cek dumun ring Disnaker.",
    ),
    (
        "cerita",
        "Tiang sampun mayah 5 juta ke agen kapal pesiar, ternyata penipuan. Agennya kabur, "
        "nomornya tidak aktif.",
    ),
    # Malay
    (
        "peringatan",
        "Awas! Jangan terpedaya dengan tawaran kerja di Kemboja gaji tinggi, tiket percuma. "
        "Berhati-hati, ini modus penipuan dan pemerdagangan orang.",
    ),
    (
        "pertanyaan",
        "Betul ke ada kerja kilang di Johor yang minta bayaran pendahuluan RM500? Ada yang pernah "
        "kena ke tidak?",
    ),
    # English
    (
        "peringatan",
        "Scam alert: fake recruiters offer remote jobs liking videos for commission, then ask you "
        "to top up a deposit. Never pay to get a job. Stay safe.",
    ),
    (
        "cerita",
        "I paid 3 million rupiah for a so-called training fee for a cruise ship job. Got scammed, "
        "the agent blocked my number the next day.",
    ),
    # rules and talk about illegal placement: an offer never calls itself illegal
    (
        "peringatan",
        "Visa ziarah dan visa turis tidak diperbolehkan untuk bekerja di Arab Saudi. Pekerja "
        "ilegal yang berangkat dengan visa itu tidak terlindungi hukum.",
    ),
    # a plea from people stranded abroad
    (
        "cerita",
        "Kami memohon kepada Bapak Presiden dan pemerintah agar membantu kami pulang ke "
        "Indonesia. Kami ingin segera pulang, paspor kami ditahan di sini.",
    ),
    # one word a news report uses and an offer never does about itself is enough
    (
        "berita",
        "Pelaku menawarkan kerja di Kamboja dengan gaji 20 juta, tiket dan paspor ditanggung.",
    ),
]


@pytest.mark.parametrize(
    ("stance", "text"), ABOUT_OFFERS, ids=[f"{s}-{i}" for i, (s, _) in enumerate(ABOUT_OFFERS)]
)
def test_posts_about_offers_are_not_offers(detector: Detector, stance: str, text: str) -> None:
    (score,) = detector.score([text])
    assert score.risk_level == "rendah", (score.risk_score, score.explanation)
    assert score.stance == stance and stance in STANCE_NAMES
    assert "tampak sebagai" in score.explanation and "bukan tawaran" in score.explanation


@pytest.mark.parametrize(
    "text",
    [
        "Lowongan admin online ke Kamboja gaji 20 juta, tiket ditanggung, paspor dibantu, "
        "berangkat minggu depan. Minat hub WA 0812-4455-6677",
        "Dibutuhkan kru kapal pesiar, biaya proses 8 juta ditransfer dulu ke rekening agen, "
        "berangkat bulan depan. DM sekarang!",
    ],
)
def test_the_same_bait_as_an_offer_is_flagged(detector: Detector, text: str) -> None:
    (score,) = detector.score([text])
    assert score.risk_level != "rendah", score.explanation
    assert score.stance is None


def test_a_question_mark_in_a_vacancy_layout_is_rhetorical(detector: Detector) -> None:
    text = (
        "Penerimaan Pegawai Baru BUMN Group, penempatan sesuai domisili kalian??\n"
        "Syarat: pria/wanita usia 17-40 tahun, lulusan SMP/SMA/SMK.\n"
        "Posisi: helper, operator, satpam, driver.\nFasilitas: lembur, seragam, makan.\n"
        "Pendaftaran gratis tidak dipungut biaya??"
    )
    (score,) = detector.score([text])
    assert score.stance is None
    assert score.risk_level != "rendah", score.explanation
    assert "Rekrutmen atas nama instansi tanpa saluran resmi" in score.explanation


def test_official_words_in_a_vacancy_layout_do_not_make_it_a_clarification(
    detector: Detector,
) -> None:
    """A hoax copies the official register ("daftar melalui laman resmi", "tidak dipungut
    biaya"); laid out as a vacancy that tells the reader how to apply, it is an offer."""
    text = (
        "Rekrutmen Karyawan PT Kereta Api Indonesia (Persero) 2026\n"
        "Kualifikasi: usia maksimal 28 tahun, pendidikan minimal SMA/SMK, tinggi badan 160 cm.\n"
        "Penempatan sesuai domisili. Posisi: operator, teknisi, petugas loket.\n"
        "Cara daftar: kirim berkas melalui laman resmi yang tertera di bawah ini. "
        "Informasi resmi, tidak dipungut biaya."
    )
    (score,) = detector.score([text])
    assert score.stance != "klarifikasi", score.explanation
    assert score.risk_level != "rendah", score.explanation


def test_a_clarification_that_names_the_vacancy_keeps_its_stance(detector: Detector) -> None:
    text = (
        "Klarifikasi: PT Kereta Api Indonesia menegaskan tidak pernah membuka lowongan melalui "
        "blog atau grup WhatsApp dan tidak pernah memungut biaya. Informasi resmi hanya melalui "
        "situs resmi recruitment.kai.id."
    )
    (score,) = detector.score([text])
    assert score.stance == "klarifikasi", score.explanation
    assert score.risk_level == "rendah", score.explanation


def test_a_real_question_about_a_vacancy_keeps_its_stance(detector: Detector) -> None:
    text = (
        "Apakah lowongan BUMN yang penempatannya sesuai domisili itu resmi? Gajinya 4 juta katanya"
    )
    (score,) = detector.score([text])
    assert score.stance == "pertanyaan"
    assert score.risk_level == "rendah", score.explanation


def test_a_question_asked_by_the_one_making_the_offer_is_part_of_it(detector: Detector) -> None:
    text = (
        "Selamat siang, perkenalkan saya Dinda dari agensi pemasaran digital. Saya ingin "
        "menawarkan pekerjaan paruh waktu dari rumah, komisi dibayar harian. "
        "Bolehkah saya jelaskan singkat?"
    )
    (score,) = detector.score([text])
    assert score.stance is None, score.explanation


@pytest.mark.parametrize(
    "text",
    [
        "ada yg mau kerja kebun di Brunei? gaji $500, paspor bisa dibuatin, visa turis aja, "
        "berangkat minggu depan",
        "Siapa yang mau kerja di kapal pesiar tanpa sekolah perhotelan? Cukup bayar biaya "
        "pengurusan 25 juta, gaji nanti 1.500 dolar",
    ],
)
def test_a_question_hook_does_not_hide_a_clear_offer(detector: Detector, text: str) -> None:
    (score,) = detector.score([text])
    assert score.risk_level != "rendah", score.explanation
