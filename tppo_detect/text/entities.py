"""Entity patterns (links, contacts, money) that become placeholder tokens.

Sastrawi's own cleaning drops every character outside ``[a-z0-9 -]``, so "+62", "wa.me/…",
"Rp50.000" and e-mail addresses would vanish or turn into noise digits. We recognise them first
and replace each with a placeholder that keeps the signal ("this post gives a phone number", "this
salary is very high") without letting the model memorise one recruiter's number.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any, Final, NamedTuple, Protocol
from urllib.parse import urlsplit

# Approximate rupiah value of one unit of each currency (late 2026). Only the magnitude bucket
# matters, so a few percent of drift does not change any placeholder.
RUPIAH_PER_UNIT: Final[dict[str, float]] = {
    "idr": 1.0,
    "usd": 16_000.0,
    "myr": 3_600.0,
    "twd": 500.0,
    "hkd": 2_050.0,
    "sgd": 12_300.0,
    "sar": 4_300.0,
    "qar": 4_400.0,
    "aed": 4_400.0,
    "kwd": 52_000.0,
    "jpy": 105.0,
    "krw": 11.5,
    "eur": 17_500.0,
    "thb": 470.0,
    "bnd": 12_300.0,
    "cny": 2_250.0,
}

_CURRENCY_WORDS: Final[dict[str, str]] = {
    "rp": "idr",
    "idr": "idr",
    "rupiah": "idr",
    "usd": "usd",
    "us$": "usd",
    "$": "usd",
    "dollar": "usd",
    "dolar": "usd",
    "rm": "myr",
    "myr": "myr",
    "ringgit": "myr",
    "nt$": "twd",
    "ntd": "twd",
    "twd": "twd",
    "hkd": "hkd",
    "hk$": "hkd",
    "sgd": "sgd",
    "s$": "sgd",
    "sar": "sar",
    "riyal": "sar",
    "real": "sar",
    "qar": "qar",
    "aed": "aed",
    "dirham": "aed",
    "kwd": "kwd",
    "dinar": "kwd",
    "yen": "jpy",
    "jpy": "jpy",
    "¥": "jpy",
    "won": "krw",
    "krw": "krw",
    "₩": "krw",
    "eur": "eur",
    "euro": "eur",
    "€": "eur",
    "baht": "thb",
    "thb": "thb",
    "bnd": "bnd",
    "yuan": "cny",
    "rmb": "cny",
    "cny": "cny",
}

_MULTIPLIERS: Final[dict[str, float]] = {
    "jt": 1e6,
    "juta": 1e6,
    "jeti": 1e6,
    "rb": 1e3,
    "ribu": 1e3,
    "k": 1e3,
    "m": 1e6,
    "million": 1e6,
    "miliar": 1e9,
}

#: Placeholder tokens, by rupiah amount: (upper bound exclusive, token).
MONEY_BUCKETS: Final[tuple[tuple[float, str], ...]] = (
    (1e6, "<money_low>"),
    (10e6, "<money_mid>"),
    (30e6, "<money_high>"),
    (float("inf"), "<money_vhigh>"),
)

PLACEHOLDERS: Final[frozenset[str]] = frozenset(
    {"<url>", "<url_short>", "<email>", "<phone>", "<telegram>"}
    | {token for _, token in MONEY_BUCKETS}
)

SHORTENER_DOMAINS: Final[frozenset[str]] = frozenset(
    {
        "bit.ly",
        "s.id",
        "tinyurl.com",
        "cutt.ly",
        "shorturl.at",
        "rb.gy",
        "t.ly",
        "is.gd",
        "ow.ly",
        "linktr.ee",
        "lynk.id",
        "bitly.com",
        "tiny.cc",
        "goo.gl",
    }
)

_NUM = r"\d+(?:[.,]\d+)*"
_CUR_BEFORE = (
    r"(?:rp\.?|idr|us\$|usd|nt\$|ntd|twd|hk\$|hkd|s\$|sgd|rm|myr|sar|qar|aed|kwd|\$|¥|₩|€)"
)
_CUR_AFTER = (
    r"(?:usd|dollar|dolar|ringgit|rm|myr|ntd|twd|hkd|sgd|sar|riyal|real|qar|aed|dirham|kwd|"
    r"dinar|yen|jpy|won|krw|eur|euro|baht|thb|bnd|yuan|rmb|cny|rupiah|idr)"
)
_MULT = r"(?:jt|juta|jeti|rb|ribu|k|miliar|million)"

_WA = r"(?:https?://)?(?:wa\.me|api\.whatsapp\.com/send\?phone=|wa\.link)/?\+?\w*"
_TG = r"(?:https?://)?(?:t\.me|telegram\.me)/[\w+]+"
# The lookbehind makes only the start of a local part a candidate: without it every character
# of a long run before "@" started a new try over the whole run (quadratic).
_EMAIL = r"(?<![a-z0-9._%+-])[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}"
_HANDLE = r"(?<![\w@])@[a-z0-9_](?:[a-z0-9_.]{1,30}[a-z0-9_])?"
# Indonesian mobile numbers: 08…, +62 8…, 62 8…, with spaces, dots or dashes. The left
# boundary is checked in code so the regex can start with a plain character class.
_PHONE = r"(?:\+\s?62|62|0)[\s.\-]?8(?:[\s.\-]?\d){7,11}(?!\d)"

# --- links ---------------------------------------------------------------------------------
# A link is "http(s)://…" or "www.…" as written, or a bare dotted host ("subsidi-kemnaker.com",
# "forms.gle/…", "karir.pln.co.id") whose ending is a public suffix of the Public Suffix List
# that tldextract bundles (no network), not a hand-written list of TLDs. Many suffixes are also
# words or abbreviations that posts glue to a dot ("terbatas.Promo", "M.Si", "dll.Be", "PT.Bank",
# "no.Pin"), so a bare host without a path must also pass the checks of :func:`is_link_host`,
# chosen by reviewing every link found in data/posts.csv and the public evaluation sets.

#: One host label: letters, digits and inner hyphens ("marah-.arab" is no host).
_LABEL = r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?"
#: A link written with its scheme or "www.": taken as written, as before.
_SCHEME_LINK = re.compile(r"(?:https?://|www\.)[^\s<>\"']+")
#: A bare host candidate at the start of a token. The host is atomic, so a token is read once
#: (linear time); what follows it is checked at once ("kopi.hr@gmail.com" is an e-mail).
_BARE_LINK = re.compile(
    r"(?<![\w.@-])(?P<host>(?>" + _LABEL + r"(?:\." + _LABEL + r")+))(?![\w@])"
    r"(?P<path>/[^\s<>\"']*)?"
)
#: Where a bare host can be: a dot before a label. A literal first character lets the regex
#: engine skip to the dots, so the tokens without one cost nothing.
_DOT_LABEL = re.compile(r"\.[a-z0-9]")
_HOST_CHARS: Final = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")
_HOST_RUN = re.compile(r"[a-z0-9.-]*")
#: Words written with a dot before a word glued to it: "PT.Bank", "no.Pin", "a.n.Erni",
#: "dll.Be" are not hosts even when the next word is a suffix.
_DOTTED_ABBREVIATIONS: Final[frozenset[str]] = frozenset(
    {
        "pt", "cv", "ud", "tbk", "no", "nmr", "nomor", "po", "a", "an", "dll", "dsb", "dst",
        "dkk", "rp", "jl", "jln", "tgl", "kab", "kec", "kel", "ds", "dr", "drs", "ir", "hj",
        "st", "hp", "telp", "tlp", "hub", "ms", "yth", "bpk", "ibu", "sdr", "sdri",
    }
)  # fmt: skip
#: Generic suffixes that posts also write as a word glued to the previous sentence
#: ("terbatas.Info", "berlaku.Promo", "ini.You"): a bare two-label host on one without a path
#: needs a digit or hyphen in its name, as the scam hosts on them have ("gopay-saldo.info").
_WORD_SUFFIXES: Final[frozenset[str]] = frozenset({"info", "promo", "you", "fyi", "pin", "office"})
#: Country codes that bare hosts without a path use as generic endings ("katadata.co",
#: "tempo.co"); any other country code there is a word glued to a dot ("dll.Be", "M.Si", "ya.In").
_GENERIC_COUNTRY_CODES: Final[frozenset[str]] = frozenset({"id", "co"})
#: At most this many shorter hosts are tried when a sentence is glued after a link.
_GLUED_TRIES = 3


@lru_cache(maxsize=1)
def domain_parser() -> Any:
    """tldextract with its bundled Public Suffix List snapshot: never goes to the network.

    The one extractor of the package (links here, registrable domains in
    :mod:`tppo_detect.text.impersonation`); imported on first use, not at start.
    """
    import tldextract

    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


@lru_cache(maxsize=16_384)
def is_link_host(host: str, has_path: bool = False) -> bool:
    """Whether a bare dotted token (lowercase, no scheme) is a link's host.

    Its ending must be a public suffix with a registrable label before it. Then, to keep out
    dotted words: neither the first label nor the suffix is an abbreviation written with a dot
    ("PT.", "No.", "a.n.", "Ir."); and without a path ("/…") the registrable label has a
    letter ("5.000.000", "264.xxx"), a single country code other than ``id``/``co`` is a word
    glued to a dot ("dll.be", "m.si", "ya.in"), and so is a two-label host of letters only on a
    suffix in ``_WORD_SUFFIXES`` ("terbatas.info"). Link shorteners (:data:`SHORTENER_DOMAINS`)
    are always hosts. Cached: hosts recur.
    """
    if host in SHORTENER_DOMAINS:
        return True
    parts = domain_parser()(host)
    suffix, domain = parts.suffix, parts.domain
    if not suffix or not domain:
        return False
    labels = host.split(".")
    if labels[0] in _DOTTED_ABBREVIATIONS or suffix in _DOTTED_ABBREVIATIONS:
        return False  # "pt.bank", "bri.no/rek…", "prof.dr.ir"
    if has_path:
        return True
    if not any(c.isalpha() for c in domain):
        return False  # "264.xxx", "3.ga"
    if len(suffix) == 2 and suffix not in _GENERIC_COUNTRY_CODES:
        return False  # "dll.be", "m.si", "ini.mandiri.no"
    return not (len(labels) == 2 and suffix in _WORD_SUFFIXES and domain.isalpha())


class LinkMatch(NamedTuple):
    """One link found by :data:`LINKS`, read like a regex match (``group(0)``, ``start()``)."""

    text: str
    begin: int
    finish: int

    def group(self, _: int = 0) -> str:
        return self.text[self.begin : self.finish]

    def start(self) -> int:
        return self.begin

    def end(self) -> int:
        return self.finish

    def span(self) -> tuple[int, int]:
        return self.begin, self.finish


class LinkFinder:
    """The ``url`` entity stage: links written with a scheme or "www.", and bare hosts that
    pass :func:`is_link_host`, with the regex ``finditer``/``sub`` interface the stages share."""

    def finditer(self, text: str) -> Iterator[LinkMatch]:
        found = self._bare(text)
        if "://" in text or "www." in text:
            found += [(m.start(), 0, m.end()) for m in _SCHEME_LINK.finditer(text)]
            found.sort()
        # leftmost first, as one regex would: a later link inside an earlier one is dropped
        covered = 0
        for start, _, end in found:
            if start >= covered:
                covered = end
                yield LinkMatch(text, start, end)

    def sub(self, repl: Callable[[LinkMatch], str], text: str) -> str:
        pieces: list[str] = []
        pos = 0
        for m in self.finditer(text):
            pieces.append(text[pos : m.start()])
            pieces.append(repl(m))
            pos = m.end()
        if not pieces:
            return text
        pieces.append(text[pos:])
        return "".join(pieces)

    @classmethod
    def _bare(cls, text: str) -> list[tuple[int, int, int]]:
        """``(start, 1, end)`` of each bare link: from each dot, back to its token's start, then
        one try there; the search goes on after the token (each character is read a bounded
        number of times)."""
        found: list[tuple[int, int, int]] = []
        pos = 0
        while (dot := _DOT_LABEL.search(text, pos)) is not None:
            start = dot.start()
            while start and text[start - 1] in _HOST_CHARS:
                start -= 1
            m = _BARE_LINK.match(text, start)
            if m is None:
                pos = max(_HOST_RUN.match(text, start).end(), dot.end())
                continue
            end = cls._end(m)
            if end is not None:
                found.append((start, 1, end))
            pos = max(m.end(), dot.end())
        return found

    @staticmethod
    def _end(m: re.Match[str]) -> int | None:
        """End of the link a bare candidate holds, or None when it holds none."""
        host = m["host"]
        if is_link_host(host, m["path"] is not None):
            return m.end()
        # a sentence glued after a link ("…kemnaker.com.Segera"): the longest host before it
        labels = host.split(".")
        for k in range(len(labels) - 1, max(1, len(labels) - 1 - _GLUED_TRIES), -1):
            shorter = ".".join(labels[:k])
            if is_link_host(shorter):
                return m.start() + len(shorter)
        return None


_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*://", re.IGNORECASE)

#: The link finder (the ``url`` stage).
LINKS: Final = LinkFinder()


def link_host(surface: str) -> str:
    """The lowercase host of a link as written: "HTTPS://user:pw@Bit.ly:80/x" -> "bit.ly"."""
    surface = surface.strip()
    scheme = _SCHEME.match(surface)  # anchored: a search would retry at every position
    bare = surface[scheme.end() :] if scheme else surface
    try:
        return urlsplit("//" + bare).hostname or ""
    except ValueError:  # a malformed port or IPv6 literal: the host as written
        return re.split(r"[/?#]", bare, maxsplit=1)[0].rsplit("@", 1)[-1].lower()


class EntityFinder(Protocol):
    """What an entity stage offers: regex-like ``finditer`` and ``sub``."""

    def finditer(self, text: str, /) -> Iterator[Any]: ...

    def sub(self, repl: Callable[[Any], str], text: str, /) -> str: ...


#: Entity stages in priority order: (kind, finder). Earlier stages mask their matches so later
#: ones cannot match inside them (an e-mail's domain is not also a URL). Money and phone
#: numbers are found by :func:`numeric_entities` instead: anchoring on digit runs is several
#: times faster than letting a regex try every position. Links are found by :data:`LINKS`.
ENTITY_STAGES: Final[tuple[tuple[str, EntityFinder], ...]] = (
    ("wa", re.compile(_WA)),
    ("tg", re.compile(_TG)),
    ("email", re.compile(_EMAIL)),
    ("url", LINKS),
    ("handle", re.compile(_HANDLE)),
)
_DIGIT_RUN = re.compile(r"\d+(?:[.,]\d+)*")
_CUR_BEFORE_RE = re.compile(r"(?<![a-z])" + _CUR_BEFORE + r"\s?$")
_AFTER_RE = re.compile(
    r"\s?(?:" + _MULT + r"\b(?:\s?" + _CUR_AFTER + r"\b)?|" + _CUR_AFTER + r"\b)"
)
_MULT_AFTER_RE = re.compile(r"\s?" + _MULT + r"\b")
_PHONE_RE = re.compile(_PHONE)
_NON_DIGIT = re.compile(r"\D")


#: ASCII digits -> "0", every other byte as is: ``_DIGIT_RUN`` over :meth:`str.encode` output
#: becomes a pattern that starts with a literal, which the regex engine skips to several times
#: faster than it tests ``\d`` on every character.
_DIGIT_CLASSES: Final = bytes(ord("0") if chr(b).isdigit() and b < 128 else b for b in range(256))
_DIGIT_RUN_CLASSES = re.compile(rb"0[0]*(?:[.,]0+)*")  # "0[0]*", not "0+": a literal first
_ASCII_BYTES: Final = bytes(range(128))


def non_ascii(text: str) -> str:
    """The non-ASCII characters of ``text``, in order (``"".join(re.findall(r"[^\x00-\x7f]",
    text))``): UTF-8 writes every non-ASCII character with bytes >= 0x80 only, so deleting the
    ASCII bytes and decoding is three C passes instead of a character-class scan."""
    raw = text.encode("utf-8", "surrogatepass")  # a lone surrogate goes through as well
    return raw.translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")


def _digit_runs(text: str) -> Iterator[re.Match[Any]]:
    r"""``_DIGIT_RUN.finditer(text)`` (the spans are the same): through the bytes above unless
    a non-ASCII character is a digit for ``\d`` (Arabic-Indic, Devanagari… digits NFKC keeps),
    which ``encode`` would turn into "?"."""
    if text.isascii() or not any(map(str.isdecimal, non_ascii(text))):
        return _DIGIT_RUN_CLASSES.finditer(
            text.encode("ascii", "replace").translate(_DIGIT_CLASSES)
        )
    return _DIGIT_RUN.finditer(text)


#: The last character of every currency form ``_CUR_BEFORE`` allows ("rp", "rp.", "us$", …).
_CURRENCY_LAST: Final = frozenset("p.r$dm¥₩€")


def _may_end_currency(before: str) -> bool:
    """Whether ``_CUR_BEFORE_RE`` can match ``before``: a currency form ends at its end, one
    whitespace before it, or (``$`` also matches before a final newline) two before a final
    "\n" — a superset test, the regex decides."""
    if before[-1] in _CURRENCY_LAST:
        return True
    if not before[-1].isspace() or len(before) < 2:
        return False
    return before[-2] in _CURRENCY_LAST or (
        before[-1] == "\n" and before[-2].isspace() and before[-3:-2] in _CURRENCY_LAST
    )


def numeric_entities(text: str) -> list[tuple[str, int, int]]:
    """``(kind, start, end)`` of money amounts and phone numbers, left to right.

    Walks the digit runs (few per post) and checks the characters around each one.
    """
    found: list[tuple[str, int, int]] = []
    covered = -1
    for m in _digit_runs(text):
        start, end = m.span()
        if start < covered:
            continue
        cur = None
        if start:
            prev = text[start - 1]
            # the currency search only where one can end (most digit runs have none there):
            # _may_end_currency is false unless the run follows a currency ending or a space
            if prev in _CURRENCY_LAST or prev.isspace():
                before = text[max(0, start - 5) : start]
                if _may_end_currency(before):
                    cur = _CUR_BEFORE_RE.search(before)
            if cur is None and prev.isalpha():
                continue  # a digit inside a word ("mp3", "b2b"); leet is handled later
        if text[start] in "06":
            pstart = start - 1 if start > 0 and text[start - 1] == "+" else start
            pm = _PHONE_RE.match(text, pstart)
            if pm and valid_left_boundary("phone", text, pstart):
                found.append(("phone", pstart, pm.end()))
                covered = pm.end()
                continue
        if cur is not None:
            mstart = start - (len(before) - cur.start())
            mult = _MULT_AFTER_RE.match(text, end)
            mend = mult.end() if mult else end
            found.append(("money", mstart, mend))
            covered = mend
        elif (after := _AFTER_RE.match(text, end)) is not None:
            found.append(("money", start, after.end()))
            covered = after.end()
    return found


def entity_stages_for(text: str) -> list[tuple[str, EntityFinder]]:
    """The entity stages that can match in ``text``, by cheap substring tests.

    Most posts have no link, e-mail or handle, and then no stage regex is run over them.
    """
    at = "@" in text
    url = "." in text or "://" in text
    if not (at or url):
        return []  # the wa and tg stages need a dot too
    if not at and "wa." not in text and "whatsapp.com" not in text and ".me/" not in text:
        return [_URL_STAGE]  # the common case: a dot, no "@", no WhatsApp or Telegram link
    applies = {
        "wa": "wa.me" in text or "whatsapp.com" in text or "wa.link" in text,
        "tg": "t.me/" in text or "telegram.me/" in text,
        "email": at,
        "url": url,
        "handle": at,
    }
    return [(kind, pattern) for kind, pattern in ENTITY_STAGES if applies[kind]]


_URL_STAGE: Final = next(stage for stage in ENTITY_STAGES if stage[0] == "url")


def valid_left_boundary(kind: str, text: str, start: int) -> bool:
    """Phone numbers and number-first money must not continue a longer word or number."""
    if start == 0 or kind not in ("phone", "money"):
        return True
    prev = text[start - 1]
    return not (prev.isalnum() or prev in "+_" or (kind == "phone" and prev in ".,"))


_AMOUNT_RE = re.compile(
    r"(?P<cur1>"
    + _CUR_BEFORE
    + r")?\s?(?P<num>"
    + _NUM
    + r")\s?(?P<mult>"
    + _MULT
    + r")?\s?(?P<cur2>"
    + _CUR_AFTER
    + r")?"
)


def parse_number(raw: str) -> float:
    """Parse "15.000.000", "1,5", "2.5", "1.500" the way Indonesian posts write them.

    A separator followed by exactly three digits is a thousands separator; any other
    separator is a decimal point.
    """
    parts = re.split(r"[.,]", raw)
    if len(parts) == 1:
        return float(parts[0])
    if all(len(p) == 3 for p in parts[1:]):
        return float("".join(parts))
    head = "".join(parts[:-1])
    return float(f"{head}.{parts[-1]}")


def money_to_rupiah(surface: str) -> float | None:
    """Rupiah value of a money expression such as "RM2500" or "15jt"; None if unparseable."""
    m = _AMOUNT_RE.search(surface.lower())
    if not m:
        return None
    value = parse_number(m.group("num"))
    mult = m.group("mult")
    if mult:
        value *= _MULTIPLIERS[mult]
    cur = m.group("cur1") or m.group("cur2")
    code = _CURRENCY_WORDS.get(cur.rstrip("."), "idr") if cur else "idr"
    return value * RUPIAH_PER_UNIT[code]


def money_bucket(rupiah: float) -> str:
    """Placeholder token for a rupiah amount."""
    for upper, token in MONEY_BUCKETS:
        if rupiah < upper:
            return token
    return MONEY_BUCKETS[-1][1]


def placeholder_for(kind: str, surface: str) -> str:
    """The placeholder token for an entity of ``kind`` with this surface text."""
    if kind in ("wa", "phone"):
        return "<phone>"
    if kind in ("tg", "handle"):
        return "<telegram>"
    if kind == "email":
        return "<email>"
    if kind == "url":
        host = link_host(surface)
        return "<url_short>" if host.removeprefix("www.") in SHORTENER_DOMAINS else "<url>"
    rupiah = money_to_rupiah(surface)
    return money_bucket(rupiah) if rupiah is not None else "<money_low>"


def match_phone(text: str, pos: int) -> re.Match[str] | None:
    """The Indonesian mobile number starting exactly at ``pos``, or None.

    Same pattern as the phone placeholder, but without :func:`numeric_entities`' left-boundary
    rules, so contact extraction can also read "WA0812…" and "hub.0812…" (the caller decides
    which boundaries it accepts). Adding this did not change any placeholder.
    """
    return _PHONE_RE.match(text, pos)


def phone_e164(surface: str) -> str | None:
    """E.164 form ("+6281234567890") of an Indonesian mobile number as written, or None.

    "0812-3456-7890", "+62 812 3456 7890", "62812…", "0812.3456.7890" and "0 8 1 2 …" all give
    the same value, so one recruiter's number links posts however it was typed.
    """
    if _PHONE_RE.fullmatch(surface.strip()) is None:
        return None
    digits = _NON_DIGIT.sub("", surface)
    national = digits[2:] if digits.startswith("62") else digits[1:]
    return "+62" + national
