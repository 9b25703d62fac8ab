"""Links: found by their public suffix (tldextract's bundled list), not by a hand-written TLD
list, and dotted words that are not links left alone (issue 15)."""

from __future__ import annotations

import pytest

from tppo_detect.text import impersonation
from tppo_detect.text.contacts import extract_contacts
from tppo_detect.text.entities import LINKS, domain_parser, is_link_host, link_host
from tppo_detect.text.normalize import tokenize

_LINK_TOKENS = {"<url>", "<url_short>"}


def _urls(text: str) -> list[str]:
    return [c.value for c in extract_contacts(text) if c.kind == "url"]


@pytest.mark.parametrize(
    ("text", "value", "token"),
    [
        ("daftar di subsidi-kemnaker.com sekarang", "subsidi-kemnaker.com", "<url>"),
        ("cek karir.pln.co.id ya", "karir.pln.co.id", "<url>"),
        ("isi bumngroup-rekrutmen.my.id/daftar ya", "bumngroup-rekrutmen.my.id/daftar", "<url>"),
        ("portal bsu-kemnaker.web.id", "bsu-kemnaker.web.id", "<url>"),
        ("formulir forms.gle/AbC123xyz", "forms.gle/AbC123xyz", "<url>"),
        ("klik bit.ly/Kerja-JPN ya", "bit.ly/Kerja-JPN", "<url_short>"),
        ("lihat youtu.be/Xy12?si=ab", "youtu.be/Xy12?si=ab", "<url>"),
        ("aktifkan im3.do/pulsadarurat", "im3.do/pulsadarurat", "<url>"),
        # suffixes the old hand-written list did not know
        ("klaim di kartuprakerja-daftar.click", "kartuprakerja-daftar.click", "<url>"),
        ("info prakerja-gelombang.vip", "prakerja-gelombang.vip", "<url>"),
        ("cek https://siskop2mi.bp2mi.go.id ya", "siskop2mi.bp2mi.go.id", "<url>"),
        ("WWW.Promo-Hadiah.TK", "promo-hadiah.tk", "<url>"),
        ("blog lokerbumn2026.blogspot.com", "lokerbumn2026.blogspot.com", "<url>"),
        ("berita katadata.co hari ini", "katadata.co", "<url>"),
        # a sentence glued after the link, a dash after it
        ("daftar subsidi-kemnaker.com.Segera isi", "subsidi-kemnaker.com", "<url>"),
        ("sumber: satumedia.com- berita", "satumedia.com", "<url>"),
        ("(bit.ly/AbC12).", "bit.ly/AbC12", "<url_short>"),
    ],
)
def test_links_in_several_shapes(text: str, value: str, token: str) -> None:
    assert _urls(text) == [value]
    assert tokenize(text).count(token) == 1


@pytest.mark.parametrize(
    "text",
    [
        "gaji Rp.5.000.000 per bulan",
        "transfer ke BRI a.n. Budi Santoso",
        "KTP, KK, ijazah dll.Semua asli",
        "dll.Be sure",
        "PT.Maju Jaya Abadi dan PT.Bank Sejahtera",
        "butuh kerja.Hubungi kami",
        "kuota terbatas.Info lengkap",
        "penawaran terbatas.Promo berlaku",
        "dosen M.Si dan A.Md.Kes",
        "No.ID 123456 dan No.Pin 4455",
        "BRI No/Rek.1234567890",
        "oleh Prof.Dr.Ir Budi",
        "harga 264.xxx saja",
        "hub wa . me sekarang",
        "klik bit[.]ly/AbC12 ya",
    ],
)
def test_dotted_words_are_not_links(text: str) -> None:
    assert _urls(text) == []
    assert not _LINK_TOKENS & set(tokenize(text))


def test_dotted_words_keep_their_words() -> None:
    """A glued sentence end is read as two words, not dropped as a link."""
    assert tokenize("butuh kerja.Hubungi kami") == ["butuh", "kerja", "hubungi", "kami"]


def test_short_link_paths_keep_their_case_and_hosts_do_not() -> None:
    upper, lower = _urls("klik BIT.LY/AbC12"), _urls("klik bit.ly/abc12")
    assert upper == ["bit.ly/AbC12"]
    assert lower == ["bit.ly/abc12"]
    assert upper != lower


def test_login_part_of_a_link_is_not_an_email() -> None:
    found = [(c.kind, c.value) for c in extract_contacts("login http://user:pw@example.com/x")]
    assert found == [("url", "user:pw@example.com/x")]
    assert link_host("http://user:pw@Example.COM:8080/x") == "example.com"


def test_host_rules() -> None:
    assert is_link_host("pln.co.id")
    assert is_link_host("t.me", has_path=True)
    assert not is_link_host("t.me")  # "t.me" alone is a word-like ending, not a channel
    assert is_link_host("s.id")  # a link shortener is always a host
    assert not is_link_host("kerja.hubungi")  # no such suffix
    assert not is_link_host("my.id")  # a suffix alone has no registrable name
    assert not is_link_host("pt.bank", has_path=True)
    assert not is_link_host("berlaku.promo")
    assert is_link_host("berlaku.promo", has_path=True)


def test_masking_and_contacts_find_the_same_links() -> None:
    text = "daftar di karir-bumn.site/form, bit.ly/Xy1 atau kerja.Hubungi PT.Maju"
    links = [m.group(0) for m in LINKS.finditer(text.lower())]
    assert links == ["karir-bumn.site/form,", "bit.ly/xy1"]
    assert _urls(text) == ["karir-bumn.site/form", "bit.ly/Xy1"]
    assert tokenize(text).count("<url>") + tokenize(text).count("<url_short>") == 2


def test_one_offline_suffix_extractor() -> None:
    """Links and impersonation read the same bundled list, and never ask the network."""
    parser = domain_parser()
    assert impersonation.domain_parser is domain_parser
    assert parser.suffix_list_urls == ()
    assert impersonation.registered_domain("karir.pln.co.id") == ("pln.co.id", "co.id")
