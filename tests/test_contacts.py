"""Contact extraction: one normalised value per recruiter contact, with spans into the original."""

from __future__ import annotations

import pandas as pd
import pytest

from tppo_detect.text.contacts import (
    CONTACT_KINDS,
    Contact,
    extract_contacts,
    format_contacts,
    link_keys,
    parse_contacts,
)
from tppo_detect.text.normalize import prepare

from .conftest import CORPUS


def _only(text: str, kind: str | None = None) -> Contact:
    found = [c for c in extract_contacts(text) if kind is None or c.kind == kind]
    assert len(found) == 1, found
    return found[0]


def _assert_spans(text: str, contacts: list[Contact]) -> None:
    for c in contacts:
        assert text[c.start : c.end] == c.text, c


@pytest.mark.parametrize(
    "written",
    [
        "0812-3456-7890",
        "+62 812 3456 7890",
        "6281234567890",
        "+6281234567890",
        "0812.3456.7890",
        "0812 3456 7890",
        "0 8 1 2 3 4 5 6 7 8 9 0",
        "+62-812-3456-7890",
        "０８１２３４５６７８９０",  # full-width digits
        "WA0812-3456-7890",
    ],
)
def test_phone_formats_normalise_to_one_e164_value(written: str) -> None:
    text = f"Info loker hub {written} (Pak Budi)"
    phone = _only(text)
    assert phone.kind == "phone"
    assert phone.value == "+6281234567890"
    _assert_spans(text, [phone])
    assert phone.text == written.removeprefix("WA")


def test_spans_point_into_the_original_text_after_unicode_changes() -> None:
    text = "🔥 Ｌｏｋｅｒ 🔥\u200b hub 0812-3456-7890 atau t.me/Rekrut_Cepat, cv@Gmail.com"
    contacts = extract_contacts(text)
    assert [c.kind for c in contacts] == ["phone", "telegram", "email"]
    _assert_spans(text, contacts)


def test_whatsapp_links_share_the_phone_key() -> None:
    text = "Daftar: wa.me/6281234567890 atau https://api.whatsapp.com/send?phone=6281234567890"
    links = extract_contacts(text)
    assert [c.kind for c in links] == ["whatsapp", "whatsapp"]
    assert {c.value for c in links} == {"+6281234567890"}
    plain = _only("hub 0812-3456-7890")
    assert links[0].key == plain.key == "tel:+6281234567890"
    _assert_spans(text, links)


def test_wa_link_without_number_is_a_short_link() -> None:
    link = _only("klik wa.link/abc123 sekarang")
    assert (link.kind, link.value, link.short_link) == ("url", "wa.link/abc123", True)


def test_international_numbers_keep_their_country_code() -> None:
    contacts = extract_contacts("Malaysia +60 12-345 6789, Taiwan +886 912 345 678")
    assert [c.value for c in contacts] == ["+60123456789", "+886912345678"]


def test_telegram_links_and_handles() -> None:
    text = (
        "Join t.me/LokerKamboja_VIP, grup t.me/joinchat/AbCd123 atau tele @Admin_Rekrut; "
        "IG kami @toko.baju.id"
    )
    contacts = extract_contacts(text)
    assert [(c.kind, c.value) for c in contacts] == [
        ("telegram", "lokerkamboja_vip"),
        ("telegram", "+abcd123"),
        ("telegram", "admin_rekrut"),
        ("handle", "toko.baju.id"),
    ]
    _assert_spans(text, contacts)
    # The same name as a t.me link and as an @handle is one writer.
    assert _only("t.me/admin_rekrut").key == _only("dm @Admin_Rekrut").key


def test_reply_mentions_are_not_contacts() -> None:
    text = "@detikcom @kemnaker ini lowongan palsu, pelakunya @rekrut.cepat"
    assert [c.value for c in extract_contacts(text)] == ["rekrut.cepat"]
    assert extract_contacts("replying to @dewi.kerja: iya kak") == []


def test_prices_written_with_at_are_not_handles() -> None:
    assert extract_contacts("Top up 50rb dapat 5 misi @2rb, 10 misi @10rb") == []


def test_email_is_lowercased_and_free_mail_flagged() -> None:
    free = _only("Kirim CV ke HRD.PTMaju@Gmail.com segera")
    assert (free.kind, free.value, free.domain, free.free_mail) == (
        "email",
        "hrd.ptmaju@gmail.com",
        "gmail.com",
        True,
    )
    company = _only("atau recruit@ptmaju.co.id")
    assert company.free_mail is False
    for provider in ("yahoo.co.id", "outlook.com", "ymail.com", "hotmail.com"):
        assert _only(f"cv ke a.b@{provider}").free_mail


def test_urls_have_domain_and_short_link_flag() -> None:
    text = "Info: *bit.ly/LokerJepang2025* dan https://www.ptmaju.co.id/karir/ (s.id/abc)."
    urls = extract_contacts(text)
    assert [(c.value, c.domain, c.short_link) for c in urls] == [
        ("bit.ly/LokerJepang2025", "bit.ly", True),  # slugs are case-sensitive
        ("ptmaju.co.id/karir", "ptmaju.co.id", False),
        ("s.id/abc", "s.id", True),
    ]
    _assert_spans(text, urls)
    assert urls[0].text == "bit.ly/LokerJepang2025"  # chat formatting is not part of the link


@pytest.mark.parametrize(
    ("text", "provider", "digits"),
    [
        ("Transfer ke BRI 0123-01-012345-50-3 a.n. Siti", "BRI", "012301012345503"),
        ("biaya admin ke BCA: 1234567890 ya", "BCA", "1234567890"),
        ("Mandiri 137-00-1234567-8 an PT Maju", "Mandiri", "1370012345678"),
        ("No rek 1234567890 (BNI) atas nama Budi", "BNI", "1234567890"),
        ("rekening BSI no. 7123456789", "BSI", "7123456789"),
        ("CIMB Niaga 800123456700", "CIMB Niaga", "800123456700"),
        ("transfer ke rek BRI 081234567890", "BRI", "081234567890"),
        ("no. rekening 9988776655 a/n Sari", None, "9988776655"),
    ],
)
def test_bank_accounts_found_with_bank_name_and_span(
    text: str, provider: str | None, digits: str
) -> None:
    account = _only(text)
    assert (account.kind, account.provider, account.value) == ("bank_account", provider, digits)
    _assert_spans(text, [account])


@pytest.mark.parametrize(
    "text",
    [
        "Gaji Rp 15.000.000 per bulan, transfer via BCA",  # money, not an account
        "NIK 3201234567890123 wajib",  # no bank or rekening nearby
        "rek BRI 0572-01-02xxxx-53-x",  # partly hidden: not an identifier
        "tanggal 12-05-2024 di kantor BRI",
        "BRI: pemeliharaan sistem Minggu 01.00-03.00 WIB",  # opening hours, not an account
        "Kantor BNI buka 08:00 - 15:00",
    ],
)
def test_other_numbers_are_not_bank_accounts(text: str) -> None:
    assert [c for c in extract_contacts(text) if c.kind == "bank_account"] == []


def test_ordinary_words_that_are_bank_names_do_not_make_phones_accounts() -> None:
    text = "kerja mandiri di rumah, hub (HC Mandiri) 0812-1887-6402"
    assert _only(text).kind == "phone"


def test_ewallets_found_with_provider_and_span() -> None:
    text = "Bayar via DANA/OVO/GoPay 0812-9999-8888 ya kak, atau ShopeePay: 0813 2222 3333"
    wallets = extract_contacts(text)
    assert [(c.kind, c.provider, c.value) for c in wallets] == [
        ("ewallet", "DANA/OVO/GoPay", "+6281299998888"),
        ("ewallet", "ShopeePay", "+6281322223333"),
    ]
    _assert_spans(text, wallets)
    # The e-wallet number and the same number given as WhatsApp link the same posts.
    assert wallets[0].key == _only("wa 0812 9999 8888").key


def test_dana_as_a_word_is_not_a_wallet() -> None:
    text = "cairkan dana 500rb hari ini, hub 0857 1234 5678"
    assert _only(text).kind == "phone"


def test_short_trailing_group_after_a_phone_is_not_part_of_it() -> None:
    assert _only("hub 0812 3456 7890 2 orang").value == "+6281234567890"
    assert _only("WA 0812 3456 78 90").value == "+6281234567890"


def test_format_and_parse_round_trip() -> None:
    text = "WA 0812-3456-7890, BCA 1234567890, bit.ly/a;b, @admin_x, DANA 0813-1111-2222"
    contacts = extract_contacts(text)
    cell = format_contacts(contacts)
    assert parse_contacts(cell) == [(c.kind, c.value, c.provider) for c in contacts]
    assert parse_contacts("'" + cell) == parse_contacts(cell)  # spreadsheet-escaped cell
    assert parse_contacts(None) == parse_contacts("") == []


def test_official_and_generic_contacts_do_not_link() -> None:
    contacts = extract_contacts(
        "cek bp2mi.go.id, facebook.com, @bp2mi_ri, info@kemnaker.go.id, jangan isi form "
        "lewat bit.ly; hub 0812-3456-7890"
    )
    assert link_keys(contacts) == ["tel:+6281234567890"]
    assert link_keys(extract_contacts("form bit.ly/daftar-abk")) == ["url:bit.ly/daftar-abk"]


def test_to_dict_is_json_ready() -> None:
    c = _only("hub 0812-3456-7890")
    assert c.to_dict() == {
        "kind": "phone",
        "value": "+6281234567890",
        "start": 4,
        "end": 18,
        "text": "0812-3456-7890",
        "domain": None,
        "provider": None,
        "free_mail": False,
        "short_link": False,
    }
    assert all(c.kind in CONTACT_KINDS for c in extract_contacts("x@y.com bit.ly/x @abc"))


def test_empty_and_non_text_input() -> None:
    assert extract_contacts("") == []
    assert extract_contacts(None) == []  # type: ignore[arg-type]


def test_passing_the_prepared_text_changes_nothing() -> None:
    """Scoring hands over its already prepared text; the contacts must be the same."""
    for text in pd.read_csv(CORPUS)["text"].tolist():
        assert extract_contacts(text, prepare(text)) == extract_contacts(text), text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # issue 15: each was wrong with the hand-written rules
        ("daftar di forms.gle/AbC123xyz sekarang", [("url", "forms.gle/AbC123xyz")]),
        ("klik BIT.LY/AbC12 ya", [("url", "bit.ly/AbC12")]),
        ("login http://user:pw@example.com/x", [("url", "user:pw@example.com/x")]),
        ("bonus +500.000.000 untuk member baru", []),
        ("hubungi +99 1234 5678", []),
        # still found
        ("WA Malaysia +60 12-345 6789", [("phone", "+60123456789")]),
        ("email:hrd@pt-maju.co.id", [("email", "hrd@pt-maju.co.id")]),
    ],
)
def test_links_and_foreign_numbers_read_as_written(text: str, expected: list) -> None:
    assert [(c.kind, c.value) for c in extract_contacts(text)] == expected
