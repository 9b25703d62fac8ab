"""Official-channel impersonation: an institution's name with a channel that is not its own.

The commonest real job scam is a "REKRUTMEN RESMI" post in the name of a ministry, a BUMN, a
large brand or a public service that asks for no fee at all and sends the reader to a Telegram
group, a WhatsApp number, a short link, a free blog or ``*.my.id`` site, a Google Form or a gmail
address. Its words are those of a genuine announcement; what gives it away is the channel.

``data/official_channels.toml`` (one entry per institution, each with its public source) lists
the institutions scams impersonate, the names people write them by, their official domains and
handles, and the channel families no institution recruits through. :class:`Registry` finds, in
one post:

* ``catut_instansi_kanal_tidak_resmi`` — an institution named in a recruitment or aid context,
  a contact that is not one of its channels (personal phone/WhatsApp, Telegram, free mail, short
  link, free site, form, look-alike domain), and no official channel of it anywhere in the post;
* ``rekrutmen_instansi_tanpa_kanal_resmi`` — an institution's recruitment announced as open
  ("telah dibuka", "resmi dibuka", "open recruitment") with no channel at all, official or not.

A post that links the institution's own domain (or any ``go.id`` government domain) never fires.
Evidence shows both ends: the name as written and the channel.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress
from typing import Any, Final

from tppo_detect.resources import data_text
from tppo_detect.text.contacts import Contact
from tppo_detect.text.entities import MONEY_BUCKETS, PLACEHOLDERS, domain_parser
from tppo_detect.text.normalize import tokenize
from tppo_detect.text.signals import NEGATION_FILE, SignalMatch, parse_negation

REGISTRY_FILE: Final = "official_channels.toml"
OFF_CHANNEL: Final = "catut_instansi_kanal_tidak_resmi"
NO_CHANNEL: Final = "rekrutmen_instansi_tanpa_kanal_resmi"
SIGNAL_IDS: Final = (OFF_CHANNEL, NO_CHANNEL)
#: The normaliser's contact placeholders (its placeholders less the money buckets)
_CONTACT_PLACEHOLDERS: Final = PLACEHOLDERS - {token for _, token in MONEY_BUCKETS}
#: Its link, short-link and e-mail placeholders, and free-mail providers written as a word (an
#: address cut off as "hrd.rekrut@gmail"): a channel the contact extractor could not read whole
_LINK_PLACEHOLDERS: Final = (_CONTACT_PLACEHOLDERS - {"<phone>", "<telegram>"}) | frozenset(
    {"gmail", "googlemail", "yahoo", "ymail", "hotmail"}
)
FAMILY: Final = "online_scam"


@dataclass(frozen=True)
class Institution:
    """One institution that scams impersonate, with its official channels."""

    id: str
    name: str
    kind: str
    aliases: tuple[tuple[str, ...], ...]
    domains: frozenset[str]
    handles: frozenset[str]
    source: str
    checked: str


@dataclass(frozen=True)
class Finding:
    """One impersonation signal in a post: the institution and the spans to show."""

    signal: str
    institution: Institution
    #: (start, end) of the name as written, in the ORIGINAL text
    name_span: tuple[int, int]
    #: the off-channel contacts (empty for NO_CHANNEL)
    channels: tuple[Contact, ...]
    #: the channel is a link or address that could not be read whole (a cut-off "https://…",
    #: "…@gmail"): weaker evidence than a readable one, so a warning's stance still counts
    unread: bool = False


def registered_domain(host: str) -> tuple[str, str]:
    """``(registrable domain, public suffix)`` of a host: "karir.pln.co.id" -> ("pln.co.id",
    "co.id"); a host that is itself a suffix ("blogspot.com") is its own domain."""
    parts = domain_parser()(host.lower().strip("."))
    suffix = parts.suffix
    domain = f"{parts.domain}.{suffix}" if parts.domain and suffix else (parts.domain or suffix)
    return domain, suffix


def _alias_tokens(alias: str, where: str) -> tuple[str, ...]:
    """An alias as the normaliser's tokens; refused when the slang dictionary would rewrite one
    of its words ("pgn" is read as "ingin"), since it would then match ordinary words."""
    tokens = tuple(tokenize(alias))
    written = tuple(re.findall(r"[a-z0-9]+", alias.lower()))
    if tokens != written:
        raise ValueError(
            f"{where}: alias {alias!r} dibaca sebagai {' '.join(tokens)!r} oleh kamus slang; "
            "tulis bentuk lain yang tidak diubah kamus"
        )
    return tokens


def _word_list(raw: Any, where: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(w, str) and w.strip() for w in raw):
        raise ValueError(f"{where}: harus daftar teks yang tidak kosong")
    return tuple(w.strip().lower() for w in raw)


class Registry:
    """The parsed ``official_channels.toml``: who is impersonated and how to tell."""

    def __init__(self, source: str, origin: str = REGISTRY_FILE) -> None:
        data = tomllib.loads(source)
        self.sha256 = hashlib.sha256(source.encode("utf-8")).hexdigest()
        self.neutral_sites = frozenset(
            _word_list(data.get("neutral_sites", {}).get("domains", []), "neutral_sites")
        )
        restricted = data.get("restricted_suffixes", {})
        self.official_suffixes = frozenset(
            _word_list(restricted.get("official", ["go.id"]), "restricted_suffixes.official")
        )
        self.neutral_suffixes = frozenset(
            _word_list(restricted.get("neutral", []), "restricted_suffixes.neutral")
        )
        #: channel family -> hosts (or host/path prefixes) from [free_channels.*]
        self.families: dict[str, tuple[str, ...]] = {
            name: _word_list(table.get("domains", []), f"free_channels.{name}")
            for name, table in data.get("free_channels", {}).items()
            if isinstance(table, dict)
        }
        context = data.get("context", {})
        self.context_words = frozenset(_word_list(context.get("words", []), "context.words"))
        self.benefit_words = frozenset(
            _word_list(context.get("benefit_words", []), "context.benefit_words")
        )
        self.window = int(context.get("window", 6))
        #: words that open a company's name ("PT", "CV"): see :meth:`other_company_first`
        self.company_words = frozenset(
            _word_list(context.get("company_words", []), "context.company_words")
        )
        #: a name is the subject of "… membuka lowongan": context words may come further after it
        self.window_after = int(context.get("window_after", self.window))
        #: a post this short (tokens) is one context: a recruitment word anywhere in it counts
        self.short_post = int(context.get("short_post", 0))
        #: how far from the name an "open recruitment" phrase may stand (NO_CHANNEL)
        self.open_window = int(context.get("open_window", 4))
        #: open-recruitment phrases as " word word " strings, to find in a padded token window
        self.open_phrases = tuple(
            f" {' '.join(tokenize(p))} "
            for p in _word_list(context.get("open_phrases", []), "open_phrases")
        )
        institutions: list[Institution] = []
        seen: set[str] = set()
        for n, raw in enumerate(data.get("institution", []), start=1):
            where = f"{origin}: institution #{n} ({raw.get('id', '?')})"
            try:
                iid = raw["id"]
                aliases = tuple(_alias_tokens(a, where) for a in _word_list(raw["aliases"], where))
                inst = Institution(
                    id=iid,
                    name=raw["name"],
                    kind=raw["kind"],
                    aliases=tuple(a for a in aliases if a),
                    domains=frozenset(
                        registered_domain(d)[0]
                        for d in (*raw.get("domains", []), *raw.get("recruits_via", []))
                    ),
                    handles=frozenset(h.lower().lstrip("@") for h in raw.get("handles", [])),
                    source=raw["source"],
                    checked=str(raw["checked"]),
                )
            except KeyError as exc:
                raise ValueError(f"{where}: kunci {exc} tidak ada") from exc
            if iid in seen:
                raise ValueError(f"{where}: id ganda")
            if not inst.aliases:
                raise ValueError(f"{where}: tidak ada alias")
            seen.add(iid)
            institutions.append(inst)
        if not institutions:
            raise ValueError(f"{origin}: tidak ada [[institution]]")
        self.institutions = tuple(institutions)
        # first token of an alias -> [(alias tokens, institution)], longest alias first
        index: dict[str, list[tuple[tuple[str, ...], Institution]]] = {}
        for inst in institutions:
            for alias in inst.aliases:
                index.setdefault(alias[0], []).append((alias, inst))
        for entries in index.values():
            entries.sort(key=lambda e: -len(e[0]))
        self._firsts = frozenset(index)
        # the same, split for :meth:`mentions` by the alias's second token ("pt" begins dozens
        # of names: only those whose second token follows it are compared): first token ->
        # (second token -> [(length, alias, institution)] longest first, the institution of
        # the first one-token alias or None)
        self._names: dict[str, tuple[dict[str, list[tuple[int, tuple[str, ...], Institution]]],
                                     Institution | None]] = {}  # fmt: skip
        for first, entries in index.items():
            longer: dict[str, list[tuple[int, tuple[str, ...], Institution]]] = {}
            single = None
            for alias, inst in entries:
                if len(alias) > 1:
                    longer.setdefault(alias[1], []).append((len(alias), alias, inst))
                elif single is None:
                    single = inst
            self._names[first] = (longer, single)
        # one-letter misspellings of long one-word names ("Pukesmas", "Pertaminna"): every
        # one-deletion variant of the name -> its entries (a SymSpell-style index)
        fuzzy: dict[str, list[tuple[tuple[str, ...], Institution]]] = {}
        for inst in institutions:
            for alias in inst.aliases:
                if len(alias) == 1 and len(alias[0]) >= FUZZY_MIN_LENGTH:
                    for v in {alias[0], *_deletions(alias[0])}:
                        fuzzy.setdefault(v, []).append((alias, inst))
        self._fuzzy = fuzzy
        self._fuzzy_cache: dict[str, Institution | None] = {}

    # -- finding names -------------------------------------------------------------------
    def mentions(self, tokens: Sequence[str]) -> list[tuple[Institution, int, int]]:
        """Institutions named in a post: ``(institution, first token, last token)``.

        Left to right, the longest alias at a token wins and the scan resumes after it. Only
        the positions of tokens that begin an alias are visited, found in one C-level pass
        (a set look-up per token: cheaper than a ``list.count`` and ``index`` walk, which
        compares strings, per alias word present).
        """
        starts = list(compress(range(len(tokens)), map(self._firsts.__contains__, tokens)))
        found: list[tuple[Institution, int, int]] = []
        end = 0  # the token after the last name found: names do not overlap
        for i in starts:
            if i >= end and (named := self._name_at(tokens, i)) is not None:
                inst, k = named
                found.append((inst, i, i + k - 1))
                end = i + k
        return found

    def _name_at(self, tokens: Sequence[str], i: int) -> tuple[Institution, int] | None:
        """The longest alias beginning at token i (whose token begins one): its institution
        and length in tokens."""
        longer, single = self._names[tokens[i]]
        if longer and i + 1 < len(tokens):
            for k, alias, inst in longer.get(tokens[i + 1], ()):
                if tuple(tokens[i : i + k]) == alias:
                    return inst, k
        return None if single is None else (single, 1)

    def misspelled_mentions(self, tokens: Sequence[str]) -> list[tuple[Institution, int, int]]:
        """Institutions named with one letter wrong, added, dropped: only tokens that are not
        Indonesian words (Sastrawi's dictionary) count, so "migrasi" is never "imigrasi"."""
        # each distinct unknown word is looked up once (and remembered): most posts have none
        misspelled: dict[str, Institution] = {}
        for token in set(tokens).difference(_known_words()):
            if len(token) < FUZZY_MIN_LENGTH - 1 or not token.isalpha():
                continue
            inst = self._misspelling(token)
            if inst is not None:
                misspelled[token] = inst
        if not misspelled:
            return []
        return [(misspelled[t], i, i) for i, t in enumerate(tokens) if t in misspelled]

    def _misspelling(self, token: str) -> Institution | None:
        """The institution whose long one-word name ``token`` misspells by one letter, if any
        (cached: a scrape repeats its unknown words; the cache is emptied when full)."""
        cache = self._fuzzy_cache
        if token in cache:
            return cache[token]
        inst = None
        for v in (token, *_deletions(token)):
            entries = self._fuzzy.get(v)
            if entries:
                inst = entries[0][1]
                break
        if len(cache) >= FUZZY_CACHE_SIZE:
            cache.clear()
        cache[token] = inst
        return inst

    def in_context(self, tokens: Sequence[str]) -> bool:
        """Whether the post speaks of recruitment or aid at all (a cheap first test)."""
        return not self.context_words.isdisjoint(tokens)

    def recruits(self, tokens: Sequence[str], first: int, last: int) -> bool:
        """Whether the name at tokens first..last is the recruiter or the giver of aid: a
        recruitment/aid word in it, within ``window`` tokens before it or ``window_after`` tokens
        after it ("PT X, perusahaan tambang timah, kini membuka lowongan") or anywhere in a post
        of at most ``short_post`` tokens, and no benefit word ("fasilitas", "BPJS" as a benefit)
        just before it."""
        before = tokens[max(0, first - 3) : first]
        # a benefit ("BPJS" as a facility) or a route the post bypasses ("tanpa lewat BP2MI")
        if not self.benefit_words.isdisjoint(before) or not _negators().isdisjoint(before):
            return False
        if len(tokens) <= self.short_post:
            return not self.context_words.isdisjoint(tokens)
        lo, hi = max(0, first - self.window), last + 1 + self.window_after
        return not self.context_words.isdisjoint(tokens[lo:hi])

    def other_company_first(
        self, tokens: Sequence[str], inst: Institution, first: int, named: Sequence[tuple]
    ) -> bool:
        """Whether the post names another company ("PT …", "CV …") before this institution: the
        poster is then that company, a vendor or outsourcer naming its client ("PT Mitra Jaya,
        mitra PLN Grup, membuka lowongan"), or the alias is part of a longer company name ("PT
        Simba Hutama Karya"). "PT PLN" itself (the company word right before, or opening, a
        name of this institution) is not."""
        for j in range(first):
            if tokens[j] in self.company_words:
                return not any(other.id == inst.id and a in (j, j + 1) for other, a, _ in named)
        return False

    def announces_open(self, tokens: Sequence[str]) -> bool:
        padded = f" {' '.join(tokens)} "
        return any(p in padded for p in self.open_phrases)

    # -- judging channels ------------------------------------------------------------------
    def is_official(self, contact: Contact, inst: Institution) -> bool:
        """Whether a contact is one of the institution's own channels."""
        if contact.kind in ("url", "email") and contact.domain:
            if contact.kind == "email" and contact.free_mail:
                return False
            domain, suffix = registered_domain(contact.domain)
            return domain in inst.domains or suffix in self.official_suffixes
        if contact.kind in ("handle", "telegram"):
            return contact.value in inst.handles
        return False

    def is_off_channel(self, contact: Contact) -> bool:
        """Whether a contact is a channel an institution does not recruit through: a mobile
        number or WhatsApp, Telegram, a handle, free mail, a short link, a free site or form,
        or any other domain (a look-alike). Landlines, bank accounts and e-wallets are not
        channels here (other red flags cover payment)."""
        kind = contact.kind
        if kind == "whatsapp" or kind == "telegram":
            return True
        if kind == "phone":
            return contact.value.startswith("+628")  # Indonesian mobile numbers
        if kind == "email":
            return True  # official addresses were accepted by is_official
        if kind == "url" and contact.domain:
            # short links, free sites, forms, messengers and look-alike domains alike; only the
            # big social platforms and schools', universities' and NGOs' domains stay neutral
            domain, suffix = registered_domain(contact.domain)
            return domain not in self.neutral_sites and suffix not in self.neutral_suffixes
        return False

    def find(
        self,
        tokens: Sequence[str],
        contacts: Callable[[], Sequence[Contact]],
        spans: Callable[[], Any],
    ) -> list[Finding]:
        """Impersonation findings of one post. ``contacts`` and ``spans`` are callables giving
        the post's contacts and ``(token, start, end)`` list: contacts are only extracted for a
        post that names an institution in a recruitment or aid context, spans only when
        something fires."""
        if not self.in_context(tokens):
            return []
        named = self.mentions(tokens)
        misspelled = False
        if not named:
            # a misspelled name counts only with an unofficial channel (checked below), so only
            # posts with a contact placeholder are scanned for one
            if _CONTACT_PLACEHOLDERS.isdisjoint(tokens):
                return []
            named = self.misspelled_mentions(tokens)
            misspelled = True
            if not named:
                return []
        found_contacts: Sequence[Contact] | None = None
        findings: list[Finding] = []
        seen: set[str] = set()
        spanned = None
        for inst, first, last in named:
            if inst.id in seen or not self.recruits(tokens, first, last):
                continue
            if _in_enumeration(named, inst, first, last):
                continue  # "Shopee, Tokped, Traveloka, Grab, Gojek": a list, not a recruiter
            if self.other_company_first(tokens, inst, first, named):
                continue  # the recruiter is the company named first, not this institution
            seen.add(inst.id)
            if found_contacts is None:
                found_contacts = contacts()
            if any(self.is_official(c, inst) for c in found_contacts):
                continue
            off = tuple(c for c in found_contacts if self.is_off_channel(c))
            unread: tuple[int, ...] = ()
            if not found_contacts:
                # a link or address the normaliser masked but no contact could be read from
                # ("https://lokerterkini224", a cut-off "bit.ly/…"): not the official domain
                unread = tuple(i for i, t in enumerate(tokens) if t in _LINK_PLACEHOLDERS)
            w = self.open_window
            if off or unread:
                signal = OFF_CHANNEL
            elif misspelled:
                continue
            elif not found_contacts and self.announces_open(
                tokens[max(0, first - w) : last + 1 + w]
            ):
                signal = NO_CHANNEL
            else:
                continue
            if spanned is None:
                spanned = spans()
            if unread:
                off = tuple(
                    Contact("url", tokens[i], spanned[i][1], spanned[i][2], "") for i in unread
                )
            findings.append(
                Finding(signal, inst, (spanned[first][1], spanned[last][2]), off, bool(unread))
            )
        return findings


#: Shortest one-word name matched with one letter wrong (shorter names collide with words)
FUZZY_MIN_LENGTH: Final = 7
#: Most distinct unknown words whose misspelling look-up a registry remembers
FUZZY_CACHE_SIZE: Final = 8192


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


@lru_cache(maxsize=1)
def _negators() -> frozenset[str]:
    """Negation words (``negation.toml``): a name right after one ("tidak perlu lewat BP2MI") is
    a channel the post bypasses, not the recruiter."""
    return parse_negation(data_text(NEGATION_FILE)).negators


@lru_cache(maxsize=1)
def _known_words() -> frozenset[str]:
    """Sastrawi's Indonesian root-word dictionary (loaded once, only for misspelling checks)."""
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return frozenset(StemmerFactory().get_words())


#: How each channel family is named in the evidence (keys of [free_channels.*]).
FAMILY_NAMES: Final[dict[str, str]] = {
    "shorteners": "tautan pendek",
    "free_sites": "situs/blog gratis",
    "forms": "formulir daring",
    "messengers": "grup/obrolan aplikasi pesan",
    "free_mail": "e-mail gratisan",
}


def channel_name(registry: Registry, contact: Contact) -> str:
    """What kind of unofficial channel a contact is, in words an analyst reads."""
    if contact.kind in ("phone", "whatsapp"):
        return "nomor HP/WhatsApp pribadi"
    if contact.kind in ("telegram", "handle"):
        return "akun Telegram/media sosial"
    if contact.value in _LINK_PLACEHOLDERS:
        return "tautan/alamat yang tidak terbaca utuh (bukan domain resmi)"
    value = contact.value.lower()
    host = (contact.domain or "").lower()
    for family, entries in registry.families.items():
        for entry in entries:
            if "/" in entry:
                if value.startswith(entry):
                    return FAMILY_NAMES.get(family, family)
            elif host == entry or host.endswith("." + entry):
                return FAMILY_NAMES.get(family, family)
    if contact.short_link:
        return FAMILY_NAMES["shorteners"]
    if contact.kind == "email":
        return "alamat e-mail di luar domain resmi"
    return "domain yang bukan milik lembaga itu"


def _in_enumeration(
    named: Sequence[tuple[Institution, int, int]], inst: Institution, first: int, last: int
) -> bool:
    """Whether two or more other institutions are named within four tokens of this one."""
    near = {
        other.id
        for other, a, b in named
        if other.id != inst.id and a <= last + 4 and b >= first - 4
    }
    return len(near) >= 2


SIGNAL_NAMES: Final[dict[str, str]] = {
    OFF_CHANNEL: "Nama instansi dengan saluran pendaftaran tidak resmi",
    NO_CHANNEL: "Rekrutmen atas nama instansi tanpa saluran resmi",
}


def evidence(
    text: str, findings: Sequence[Finding], registry: Registry | None = None
) -> list[SignalMatch]:
    """Evidence items: the institution's name and each off-channel contact, under one signal and
    one description per finding ("…: PT PLN (Persero), lewat grup/obrolan aplikasi pesan"); a
    channel shared by two findings is listed once."""
    registry = registry or load_registry()
    out: list[SignalMatch] = []
    seen: set[tuple[str, int, int]] = set()
    for f in findings:
        kinds = list(dict.fromkeys(channel_name(registry, c) for c in f.channels))
        what = f"{SIGNAL_NAMES[f.signal]}: {f.institution.name}"
        if kinds:
            what += ", lewat " + " dan ".join(kinds)
        spans = [f.name_span, *((c.start, c.end) for c in f.channels)]
        for start, end in spans:
            if (f.signal, start, end) not in seen:
                seen.add((f.signal, start, end))
                out.append(SignalMatch(f.signal, FAMILY, start, end, text[start:end], what))
    return out


@lru_cache(maxsize=1)
def load_registry() -> Registry:
    """The packaged registry, parsed once per process."""
    return Registry(data_text(REGISTRY_FILE))
