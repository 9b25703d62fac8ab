"""Recruiter contacts in a post: phone/WhatsApp numbers, Telegram, e-mail, links, bank accounts
and e-wallets, normalised so the same recruiter links posts however the contact was typed.

Task forces act on a recruiter, not on one post: the same number, handle or account behind many
posts is what :mod:`tppo_detect.analysis.campaigns` links on. Every contact keeps its span in
the ORIGINAL text (so a report can highlight it) and a normalised ``value``:

==============  ==========================================================================
kind            value
==============  ==========================================================================
phone           E.164: "0812-3456-7890", "+62 812 3456 7890", "62812…", "0812.3456.7890" and
                "0 8 1 2 …" are all "+6281234567890"; "+60 12-345 6789" is "+60123456789"
whatsapp        a wa.me / api.whatsapp.com link's number, E.164 like ``phone``. We keep the
                kind "whatsapp" (the writer gave a WhatsApp link, a useful fact) but its
                :attr:`Contact.key` is the same as the phone number's, so "wa.me/62812…" and
                "WA 0812…" link the same posts. A wa.me link without a number (wa.link short
                links, wa.me/message/…) is a ``url``.
telegram        the lowercase name without "@" of a t.me/NAME link, or "+hash" for an invite
                link (t.me/+…, t.me/joinchat/…); also an @NAME right after "telegram"/"tele"/"tg"
handle          any other @NAME, lowercase without "@": usually Instagram/TikTok/X, so we do not
                call it Telegram. Its key equals a Telegram name's key (one writer, one name).
                "@2rb" (a price) and the @names opening a reply (the people addressed)
                are not contacts.
email           lowercase address; ``free_mail`` for gmail/yahoo/ymail/outlook/hotmail/…
url             lowercase, without scheme, "www." and trailing "/"; ``domain`` and
                ``short_link`` (bit.ly, s.id, tinyurl, cutt.ly, …)
bank_account    the account number's digits; ``provider`` is the bank named next to it
                (BRI, BCA, Mandiri, BNI, BSI, CIMB Niaga, …) or None after "no. rek" alone
ewallet         the number after DANA/OVO/GoPay/ShopeePay/LinkAja (E.164 when it is a phone
                number, which e-wallet accounts are); ``provider`` names the wallet(s)
==============  ==========================================================================

Phone numbers read digit by digit in words ("nol delapan satu dua …", "0812 tiga empat …") are
read as numbers by :mod:`tppo_detect.text.deobfuscate` before this module sees the text; landlines
are out of scope.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final

from tppo_detect.text.entities import (
    SHORTENER_DOMAINS,
    entity_stages_for,
    link_host,
    match_phone,
    phone_e164,
)
from tppo_detect.text.normalize import prepare

#: Contact kinds, in the order the batch column and reports list them.
CONTACT_KINDS: Final[tuple[str, ...]] = (
    "phone",
    "whatsapp",
    "telegram",
    "handle",
    "email",
    "url",
    "bank_account",
    "ewallet",
)

#: Indonesian names analysts read for each kind.
KIND_NAMES_ID: Final[dict[str, str]] = {
    "phone": "Telepon",
    "whatsapp": "WhatsApp",
    "telegram": "Telegram",
    "handle": "Akun",
    "email": "E-mail",
    "url": "Tautan",
    "bank_account": "Rekening",
    "ewallet": "Dompet digital",
}

#: First label of free webmail domains: an "HRD" with a gmail address is a classic red flag.
FREE_MAIL_PROVIDERS: Final[frozenset[str]] = frozenset(
    {
        "gmail", "googlemail", "yahoo", "ymail", "rocketmail", "outlook", "hotmail", "live",
        "msn", "icloud", "aol", "protonmail", "proton", "gmx", "yandex", "mail", "zoho",
    }
)  # fmt: skip

# Bank names as written in posts -> display name. Words that are also ordinary Indonesian
# ("mandiri" = independent, "permata" = gem) only count right next to a number (see below).
_BANKS: Final[dict[str, str]] = {
    "bri": "BRI", "bank rakyat indonesia": "BRI", "britama": "BRI",
    "bca": "BCA", "bank central asia": "BCA",
    "mandiri": "Mandiri", "bank mandiri": "Mandiri",
    "bni": "BNI", "bank negara indonesia": "BNI",
    "bsi": "BSI", "bank syariah indonesia": "BSI",
    "cimb": "CIMB Niaga", "cimb niaga": "CIMB Niaga",
    "danamon": "Danamon", "permata": "Permata", "permatabank": "Permata",
    "btn": "BTN", "btpn": "BTPN", "jenius": "Jenius", "bank jago": "Jago",
    "seabank": "SeaBank", "sea bank": "SeaBank", "bank mega": "Mega",
    "ocbc": "OCBC NISP", "ocbc nisp": "OCBC NISP", "panin": "Panin", "muamalat": "Muamalat",
    "bjb": "BJB", "bank bjb": "BJB", "maybank": "Maybank", "bank dki": "Bank DKI",
    "sinarmas": "Sinarmas", "bukopin": "KB Bukopin", "uob": "UOB", "hsbc": "HSBC",
    "dbs": "DBS", "bank neo": "Neo Commerce", "neobank": "Neo Commerce",
    "allo bank": "Allo Bank", "blu bca": "blu", "line bank": "LINE Bank", "bpd": "BPD",
    "bank jatim": "Bank Jatim", "bank jateng": "Bank Jateng", "bank sumut": "Bank Sumut",
    "bank nagari": "Bank Nagari", "bank kalbar": "Bank Kalbar", "bank ntt": "Bank NTT",
}  # fmt: skip
_AMBIGUOUS_BANKS: Final[frozenset[str]] = frozenset({"mandiri", "permata"})

_WALLETS: Final[dict[str, str]] = {
    "dana": "DANA", "ovo": "OVO", "gopay": "GoPay", "go-pay": "GoPay", "go pay": "GoPay",
    "shopeepay": "ShopeePay", "shopee pay": "ShopeePay", "spay": "ShopeePay",
    "linkaja": "LinkAja", "link aja": "LinkAja", "isaku": "i.saku", "sakuku": "Sakuku",
    "doku": "DOKU",
}  # fmt: skip


def _alternation(names: Iterable[str]) -> str:
    """Longest first, so "cimb niaga" wins over "cimb"; spaces match any run of spaces."""
    return "|".join(
        re.escape(n).replace(r"\ ", r"\s+") for n in sorted(names, key=len, reverse=True)
    )


_BANK: Final = r"(?:" + _alternation(_BANKS) + r")"
_WALLET: Final = r"(?:" + _alternation(_WALLETS) + r")"
# What may stand between a bank/wallet name and its number: punctuation and a few words
# ("BRI no. rek: 1234…", "DANA ke 0812…").
_GAP: Final = (
    r"[\s:.\-/=>()\[\],|#]*(?:(?:no|nomor|nomer|nmr|norek|rek|rekening|acc|akun|ke|di|via)"
    r"\.?[\s:.\-/=>()\[\],|#]*){0,3}"
)
_BANK_ADJACENT: Final = re.compile(r"(?<![a-z0-9])(?P<name>" + _BANK + r")" + _GAP + r"$")
_BANK_ANY: Final = re.compile(r"(?<![a-z0-9])(?P<name>" + _BANK + r")(?![a-z0-9])")
_BANK_AFTER: Final = re.compile(r"[\s:.\-/()\[\],]*(?:bank\s+)?(?P<name>" + _BANK + r")(?![a-z])")
_WALLET_ADJACENT: Final = re.compile(
    r"(?<![a-z0-9])(?P<names>"
    + _WALLET
    + r"(?:\s*(?:[/,&+|]|dan\b|atau\b)?\s*"
    + _WALLET
    + r")*)"
    + _GAP
    + r"$"
)
_WALLET_NAME: Final = re.compile(r"(?<![a-z0-9])" + _WALLET + r"(?![a-z0-9])")
_REK_ADJACENT: Final = re.compile(r"(?<![a-z])(?:no\.?\s*)?(?:norek|rek|rekening)\.?[\s:.\-]*$")
_REK_ANY: Final = re.compile(r"(?<![a-z])(?:norek|rek|rekening)(?![a-z])")

_CONTEXT_WORD: Final = re.compile(
    r"(?<![a-z0-9])(?:" + _BANK + "|" + _WALLET + r"|norek|rek|rekening)(?![a-z0-9])"
)
_ANY_DIGIT: Final = re.compile(r"\d")
# Where a phone, account or foreign number can start: every one of them has at least eight
# digits with at most one separator between two digits, so shorter runs (prices, "5jt", dates)
# are skipped by the regex engine instead of one by one.
_NUM_CANDIDATE: Final = re.compile(r"\+?\d(?:[\s.\-]?\d){7}")
# Without a bank/wallet word only phone numbers count, and those start with "+", "0" or "6":
# a run like "1 1 1 1 …" is then skipped by the regex engine, not tried digit by digit.
_PHONE_CANDIDATE: Final = re.compile(r"(?:\+\d|[06])(?:[\s.\-]?\d){7}")
_DIGITS: Final = re.compile(r"\d+")
_ACCOUNT: Final = re.compile(r"\d(?:[ .\-]?\d){7,17}(?!\d)")
_INTL: Final = re.compile(r"\+\s?(?!62)[1-9]\d(?:[ .\-]?\d){6,13}(?!\d)")
_LOOSE_TAIL: Final = re.compile(r"(?<=\d{3}) \d{1,2}$")
_GROUP3: Final = re.compile(r"\d{3}")
_MONEY_LIKE: Final = re.compile(r"\d{1,3}(?:[.,]\d{3})+")
_CURRENCY_BEFORE: Final = re.compile(r"(?:rp|idr|rm|usd|sgd|\$)\.?\s?$")
#: a clock time or a range of them ("01.00-03.00", "08:00 - 17:00"): opening hours, not accounts
_TIME_RANGE: Final = re.compile(r"[0-2]?\d[.:][0-5]\d(?:\s?[-–]\s?[0-2]?\d[.:][0-5]\d)?")
_TRAILING_PUNCT: Final = ".,;:!?)]}'\"*_~»”’>"
_URL_TAIL: Final = re.compile(r"[^\s<>\"'\x01]*")
_WA_NUMBER: Final = re.compile(r"(?:wa\.me/|phone=)(?:%2b|\+)?(\d{8,15})")
_TG_PATH: Final = re.compile(r"(?:t|telegram)\.(?:me|dog)/(?:(?:joinchat|s)/)?([^/?#\s]+)")
_PRICE_HANDLE: Final = re.compile(r"\d+(?:[.,]\d+)*(?:rb|ribu|k|jt|juta|an)?")
_TELEGRAM_CONTEXT: Final = re.compile(
    r"(?<![a-z])(?:telegram|telegr?am|tele|tg|tlg|telgram)(?![a-z])"
)
_REPLY_PREFIX: Final = re.compile(r"\s*(?:(?:replying to|membalas)\s+)?(?:@[\w.]+[\s,:]*)*")
_TG_HANDLE: Final = re.compile(r"[a-z0-9_]{3,32}")
_BEFORE_WINDOW: Final = 45
_AFTER_WINDOW: Final = 25

#: Link shorteners: the placeholder's list plus a few that do not change the model's tokens.
SHORT_LINK_DOMAINS: Final[frozenset[str]] = SHORTENER_DOMAINS | frozenset(
    {"wa.link", "t.co", "rebrand.ly", "bit.do", "v.gd", "cutt.us", "tiny.one", "shorturl.asia"}
)

#: Links that many unrelated posts share (platform home pages, government sites): never used to
#: link posts into one campaign, though they are still extracted.
GENERIC_DOMAINS: Final[frozenset[str]] = frozenset(
    {
        "facebook.com", "m.facebook.com", "fb.com", "instagram.com", "tiktok.com",
        "twitter.com", "x.com", "youtube.com", "google.com", "wa.me", "t.me", "linktr.ee",
        "whatsapp.com", "api.whatsapp.com", "shopee.co.id", "tokopedia.com",
    }
)  # fmt: skip
#: Official accounts that warnings and news cite; linking on them would merge unrelated posts.
OFFICIAL_HANDLES: Final[frozenset[str]] = frozenset(
    {
        "bp2mi_ri", "bp2mi", "kemnaker", "kemnakerri", "kemlu_ri", "safetravelkemlu",
        "divhumas_polri", "humaspolri", "ojkindonesia", "kominfo", "kemkominfo",
        "cekfakta", "turnbackhoax", "kp2mi", "kementerianp2mi",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Contact:
    """One contact in a post (see the module doc for each kind's normalised ``value``)."""

    kind: str
    value: str
    start: int
    end: int
    text: str
    domain: str | None = None
    provider: str | None = None
    free_mail: bool = False
    short_link: bool = False

    @property
    def key(self) -> str:
        """The identity posts are linked on: a phone, WhatsApp and e-wallet number share one."""
        return contact_key(self.kind, self.value)

    @property
    def linkable(self) -> bool:
        """False for contacts that many unrelated posts share (official sites, home pages)."""
        return is_linkable(self.kind, self.value)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "value": self.value,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "domain": self.domain,
            "provider": self.provider,
            "free_mail": self.free_mail,
            "short_link": self.short_link,
        }


def contact_key(kind: str, value: str) -> str:
    """``"tel:+62…"`` for phone, WhatsApp and phone-number e-wallets, ``"handle:name"`` for
    Telegram names and @handles, ``"kind:value"`` otherwise."""
    if kind in ("phone", "whatsapp") or (kind == "ewallet" and value.startswith("+")):
        return "tel:" + value
    if kind in ("telegram", "handle") and not value.startswith("+"):
        return "handle:" + value
    return f"{kind}:{value}"


def is_linkable(kind: str, value: str) -> bool:
    """Whether sharing this contact is evidence of one writer (see GENERIC_DOMAINS)."""
    if kind == "url":
        domain = _url_domain(value)
        if domain.endswith(".go.id") or domain.endswith(".polri.go.id"):
            return False
        bare = value.rstrip("/") == domain  # "lewat bit.ly" names a service, not a link
        return not (bare and (domain in GENERIC_DOMAINS or domain in SHORT_LINK_DOMAINS))
    if kind == "email":
        return not value.endswith(".go.id")
    if kind in ("telegram", "handle"):
        return value not in OFFICIAL_HANDLES
    return True


def link_keys(contacts: Iterable[Contact]) -> list[str]:
    """Distinct keys of the contacts that may link posts, in order of appearance."""
    return list(dict.fromkeys(c.key for c in contacts if c.linkable))


def format_contacts(contacts: Iterable[Contact]) -> str:
    """One CSV cell: ``"whatsapp:+62812…; bank_account:1234567890 (BRI)"`` (distinct, in order).

    Values never contain whitespace, so :func:`parse_contacts` can read the cell back.
    """
    cells: list[str] = []
    for c in contacts:
        cell = f"{c.kind}:{c.value}" + (f" ({c.provider})" if c.provider else "")
        cells.append(cell)
    return "; ".join(dict.fromkeys(cells))


def parse_contacts(cell: object) -> list[tuple[str, str, str | None]]:
    """``(kind, value, provider)`` for each entry of a :func:`format_contacts` cell."""
    if not isinstance(cell, str) or not cell.strip():
        return []
    out: list[tuple[str, str, str | None]] = []
    for part in cell.split(";"):
        part = part.strip().lstrip("'")  # a spreadsheet-escaped cell may start with '
        kind, sep, rest = part.partition(":")
        if not sep or kind not in KIND_NAMES_ID:
            continue
        value, _, provider = rest.partition(" (")
        out.append((kind, value.strip(), provider.rstrip(")").strip() or None))
    return out


def contact_label(kind: str, value: str, provider: str | None = None) -> str:
    """How an analyst reads a contact: "WhatsApp +62812…", "Rekening BRI 1234…", "@handle"."""
    if kind in ("telegram", "handle"):
        shown = value if value.startswith("+") else "@" + value
        return f"{KIND_NAMES_ID[kind]} {shown}"
    name = KIND_NAMES_ID.get(kind, kind)
    if provider:
        name = f"{name} {provider}"
    return f"{name} {value}"


def extract_contacts(
    text: str, prepared: tuple[str, list[int] | None] | None = None
) -> list[Contact]:
    """All contacts in ``text``, left to right, with spans into the original text.

    ``prepared`` may pass :func:`~tppo_detect.text.normalize.prepare`'s result for ``text`` when the
    caller already has it (scoring does), so it is not computed twice.
    """
    if not isinstance(text, str) or not text:
        return []
    prepared, offsets = prepare(text) if prepared is None else prepared
    found: list[tuple[int, int, str, str, dict[str, Any]]] = []
    work = prepared
    for stage, pattern in entity_stages_for(work):
        pieces: list[str] = []
        pos = 0
        # End of the "@user @user2 …" opening a reply: one match per stage, not one per handle
        # (matching the prefix again before each handle was quadratic).
        reply_end = _REPLY_PREFIX.match(work).end() if stage == "handle" else -1
        for m in pattern.finditer(work):
            start, end = m.start(), m.end()
            if start < pos or "\x01" in work[start:end]:
                continue  # overlaps a contact an earlier stage already took
            if stage in ("wa", "tg"):
                end += _URL_TAIL.match(work, end).end() - end  # wa.me/message/…, t.me/joinchat/…
            if stage == "email" and "://" in work[work.rfind(" ", 0, start) + 1 : start]:
                continue  # "http://user:pw@host/…": the login part of a link, not an e-mail
            end = _trim(work, start, end)
            item = _structured(stage, work[start:end])
            if item is None:
                continue
            kind, value, extra = item
            if kind == "handle" and start < reply_end:
                continue  # "@user @user2 …" opening a reply names who is addressed, not a contact
            if (
                kind == "handle"
                and "." not in value
                and _TELEGRAM_CONTEXT.search(work, max(0, start - 30), start)
            ):
                kind = "telegram"  # "gabung telegram @admin_x"; Telegram names have no "."
            found.append((start, end, kind, value, extra))
            pieces.append(work[pos:start])
            pieces.append("\x01" * (end - start))
            pos = end
        if pieces:
            pieces.append(work[pos:])
            work = "".join(pieces)
    if _ANY_DIGIT.search(work):
        found.extend(_numbers(work))
    found.sort(key=lambda f: (f[0], f[1]))
    contacts: list[Contact] = []
    for start, end, kind, value, extra in found:
        if offsets is not None:
            start, end = offsets[start], offsets[end - 1] + 1
        if kind == "url" and "/" in value:
            # the path as written: short-link slugs are case-sensitive (bit.ly/AbC12 is not
            # bit.ly/abc12); the host is compared in lower case
            path = _url_value(unicodedata.normalize("NFKC", text[start:end])).split("/", 1)
            if len(path) == 2 and path[0].lower() == value.split("/", 1)[0]:
                value = value.split("/", 1)[0] + "/" + path[1]
        contacts.append(Contact(kind, value, start, end, text[start:end], **extra))
    return contacts


def extract_many(texts: Sequence[str]) -> list[list[Contact]]:
    """:func:`extract_contacts` for each text (same order)."""
    return [extract_contacts(t) for t in texts]


def _trim(text: str, start: int, end: int) -> int:
    """Drop punctuation and chat formatting ("*bit.ly/x*", "(wa.me/62…).") glued to a link."""
    while end > start + 1 and text[end - 1] in _TRAILING_PUNCT:
        end -= 1
    return end


def _url_domain(value: str) -> str:
    return link_host(value)


def _url_value(surface: str) -> str:
    value = re.sub(r"^(?:https?://)?(?:www\.)?", "", surface).rstrip("/")
    return value.replace(";", "%3B")


def _structured(stage: str, surface: str) -> tuple[str, str, dict[str, Any]] | None:
    """(kind, value, extra fields) of a link/e-mail/handle match, or None to ignore it."""
    if stage == "email":
        domain = surface.rsplit("@", 1)[1]
        free = domain.split(".", 1)[0] in FREE_MAIL_PROVIDERS
        return "email", surface, {"domain": domain, "free_mail": free}
    if stage == "handle":
        name = surface.lstrip("@")
        if _PRICE_HANDLE.fullmatch(name):
            return None  # "5 misi @2rb" is a price, not an account
        return "handle", name, {}
    value = _url_value(surface)
    domain = _url_domain(value)
    if not domain or "." not in domain:
        return None
    wa = _WA_NUMBER.search(value) if domain in ("wa.me", "api.whatsapp.com") else None
    if wa:
        digits = wa.group(1)
        e164 = phone_e164(digits) if digits.startswith(("62", "0")) else None
        return "whatsapp", e164 or "+" + digits, {"domain": domain}
    tg = _TG_PATH.match(value)
    if tg:
        name = tg.group(1)
        if name.startswith("+") or "joinchat/" in value:
            return "telegram", "+" + name.lstrip("+"), {"domain": domain}
        if _TG_HANDLE.fullmatch(name):
            return "telegram", name, {"domain": domain}
    return "url", value, {"domain": domain, "short_link": domain in SHORT_LINK_DOMAINS}


def _numbers(work: str) -> list[tuple[int, int, str, str, dict[str, Any]]]:
    """Phone numbers, bank accounts and e-wallet numbers in the masked, prepared text."""
    found: list[tuple[int, int, str, str, dict[str, Any]]] = []
    # Whether any bank, e-wallet or "rekening" word occurs at all: most posts have none, and
    # then a number needs no look at its surroundings. Asked only once a number is found.
    has_context: bool | None = None
    candidate = _NUM_CANDIDATE
    pos = 0
    n = len(work)
    while pos < n:
        m = candidate.search(work, pos)
        if m is None:
            break
        start = m.start()
        run_end = _DIGITS.match(work, start + (work[start] == "+")).end()
        prev = work[start - 1] if start else " "
        if prev.isdigit() or (
            prev in ".," and start >= 2 and work[start - 2].isdigit()
        ):  # the tail of a longer number or of a decimal
            pos = run_end
            continue
        if has_context is None:
            has_context = _CONTEXT_WORD.search(work) is not None
            if not has_context:
                candidate = _PHONE_CANDIDATE
                if not _PHONE_CANDIDATE.match(work, start):
                    pos = run_end
                    continue
        item = _classify_number(work, start, has_context)
        if item is None:
            pos = run_end
            continue
        found.append(item)
        pos = item[1]
    return found


def _classify_number(
    work: str, start: int, has_context: bool
) -> tuple[int, int, str, str, dict[str, Any]] | None:
    phone = match_phone(work, start)
    if phone is not None:
        end = phone.end()
        value = phone_e164(work[start:end])
    elif work[start] == "+":
        intl = _INTL.match(work, start)
        if intl is None:
            return None
        end = intl.end()
        value = "+" + re.sub(r"\D", "", work[start:end])
        if not _valid_international(value):
            return None  # "bonus +500.000.000", "+99 1234 5678": no such telephone number
    elif not has_context:
        return None  # an account number needs a bank, wallet or "rekening" word
    else:
        acct = _ACCOUNT.match(work, start)
        if acct is None:
            return None
        end = acct.end()
        value = None
    tail = _LOOSE_TAIL.search(work, start, end)
    if tail is not None and _GROUP3.search(work, start, tail.start()):
        # "0812 3456 7890 2 orang": a short last group after a space belongs to the next words.
        trimmed = work[start : tail.start()]
        if value is None or phone_e164(trimmed) is not None or trimmed.startswith("+"):
            end = tail.start()
            if value is not None:
                value = phone_e164(trimmed) or "+" + re.sub(r"\D", "", trimmed)
    if work[end : end + 1] in ("x", "*"):
        return None  # partly hidden ("0572-01-02xxxx"): not an identifier
    surface = work[start:end]
    if not has_context:
        return (start, end, "phone", value, {}) if value is not None else None
    before = work[max(0, start - _BEFORE_WINDOW) : start]
    wallet = _WALLET_ADJACENT.search(before)
    if wallet is not None:
        names = [_WALLETS[_space(w)] for w in _WALLET_NAME.findall(wallet.group("names"))]
        provider = "/".join(dict.fromkeys(names))
        number = value or re.sub(r"\D", "", surface)
        return start, end, "ewallet", number, {"provider": provider}
    bank = _BANK_ADJACENT.search(before)
    if bank is not None and value is not None:
        # A phone-looking number after "(HC Mandiri)" is a phone; it is an account only right
        # after an unambiguous bank name or "rek".
        gap = before[bank.end("name") :]
        if ")" in gap or (_space(bank["name"]) in _AMBIGUOUS_BANKS and "rek" not in gap):
            bank = None
    if bank is not None:
        digits = re.sub(r"\D", "", surface)
        return start, end, "bank_account", digits, {"provider": _BANKS[_space(bank["name"])]}
    if value is not None:
        if _REK_ADJACENT.search(before):
            return start, end, "bank_account", re.sub(r"\D", "", surface), {}
        return start, end, "phone", value, {}
    # Not a phone number: an account number only next to a bank name or "rekening".
    if (
        _MONEY_LIKE.fullmatch(surface)
        or _TIME_RANGE.fullmatch(surface)
        or _CURRENCY_BEFORE.search(before)
    ):
        return None
    digits = re.sub(r"\D", "", surface)
    provider = None
    for cand in _BANK_ANY.finditer(before):
        if _space(cand["name"]) not in _AMBIGUOUS_BANKS:
            provider = _BANKS[_space(cand["name"])]
    after = _BANK_AFTER.match(work, end, min(len(work), end + _AFTER_WINDOW))
    if provider is None and after is not None:
        provider = _BANKS[_space(after["name"])]
    if provider is None and not _REK_ANY.search(before):
        return None
    return start, end, "bank_account", digits, {"provider": provider}


def _valid_international(e164: str) -> bool:
    """Whether a non-Indonesian ``+…`` number is a real telephone number by the ITU plan
    (``phonenumbers``, Google's libphonenumber metadata): a country code that exists and a
    length that country uses. Imported here: only posts with a foreign "+" number pay for it."""
    import phonenumbers

    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(number)


def _space(name: str) -> str:
    return " ".join(name.split())
