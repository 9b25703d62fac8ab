"""From a flag to action: where a risky post is reported (``Score.next_steps``).

The facts live in two data files with the same schema (see their header comments):

* ``data/report_channels.toml`` — national complaint channels (KP2MI, Polri patroli siber,
  Komdigi aduan konten, OJK 157/Satgas PASTI/IASC, Kemnaker, Kemlu), bank fraud lines and the
  platforms' own report paths, each with its public source and the date it was checked;
* a **region file** — the regency's own offices (BP3MI of the province, Disnaker, Polres,
  the communication office). ``data/region_buleleng.toml`` ships as the example; a regency
  points ``TPPO_REGION_FILE`` at its own copy.

Which channels apply is decided by each entry's ``when`` table from the post's families, its
red flags, its contacts (a bank account → that bank's fraud line) and its platform. Only
``sedang``/``tinggi`` posts get next steps.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

from tppo_detect.labels import RISK_LEVELS, TARGETS
from tppo_detect.resources import data_text
from tppo_detect.training.schema import PLATFORMS

CHANNELS_FILE: Final = "report_channels.toml"
DEFAULT_REGION_FILE: Final = "region_buleleng.toml"
#: Environment variable naming a regency's own region file (replaces the shipped example).
REGION_ENV: Final = "TPPO_REGION_FILE"
#: Levels that get next steps.
ACTION_LEVELS: Final = frozenset(RISK_LEVELS[1:])
SCOPES: Final = ("daerah", "nasional", "bank", "platform")
_CONTACT_FIELDS: Final = ("phone", "phone_abroad", "whatsapp", "email", "url")
_WHEN_KEYS: Final = frozenset({"families", "signals", "contacts", "banks", "platforms"})

#: Host (registered domain) → platform of the corpus schema, for URL columns and the API's url.
PLATFORM_HOSTS: Final[dict[str, str]] = {
    "facebook.com": "facebook", "fb.com": "facebook", "fb.watch": "facebook",
    "fb.me": "facebook", "instagram.com": "instagram", "instagr.am": "instagram",
    "tiktok.com": "tiktok", "x.com": "x", "twitter.com": "x", "t.co": "x",
    "whatsapp.com": "whatsapp", "wa.me": "whatsapp", "t.me": "telegram",
    "telegram.me": "telegram", "telegram.org": "telegram",
}  # fmt: skip
#: How platforms are written in scraped exports → platform of the corpus schema.
PLATFORM_ALIASES: Final[dict[str, str]] = {
    "fb": "facebook", "ig": "instagram", "insta": "instagram", "twitter": "x",
    "tweet": "x", "wa": "whatsapp", "tele": "telegram", "tg": "telegram", "tik tok": "tiktok",
}  # fmt: skip
_HOST: Final = re.compile(r"^(?:[a-z][a-z0-9+.-]*://)?(?:www\.|m\.|mobile\.|web\.)?([^/:?#\s]+)")


class RegistryError(ValueError):
    """A registry or region file that breaks the schema (message in Bahasa Indonesia)."""


@dataclass(frozen=True, slots=True)
class Channel:
    """One place to report, as written in a registry file."""

    id: str
    name: str
    scope: str
    action: str
    source: str
    checked: date
    phone: str | None = None
    phone_abroad: str | None = None
    whatsapp: str | None = None
    email: str | None = None
    url: str | None = None
    note: str | None = None
    families: frozenset[str] = frozenset()
    signals: frozenset[str] = frozenset()
    contacts: frozenset[str] = frozenset()
    banks: frozenset[str] = frozenset()
    platforms: frozenset[str] = frozenset()

    def contact_line(self) -> str:
        """ "telp. 0-800-1000 · WA 0811-… · https://…" (only the fields the source gave)."""
        parts = []
        if self.phone:
            parts.append(f"telp. {self.phone}")
        if self.whatsapp:
            parts.append(f"WA {self.whatsapp}")
        if self.email:
            parts.append(self.email)
        if self.url:
            parts.append(self.url)
        return " · ".join(parts)


@dataclass(frozen=True, slots=True)
class NextStep:
    """A channel chosen for one post, with why it was chosen."""

    channel: Channel
    reason: str

    @property
    def id(self) -> str:
        return self.channel.id

    def to_dict(self) -> dict[str, Any]:
        c = self.channel
        return {
            "id": c.id,
            "name": c.name,
            "scope": c.scope,
            "action": c.action,
            "reason": self.reason,
            "phone": c.phone,
            "whatsapp": c.whatsapp,
            "email": c.email,
            "url": c.url,
        }


@dataclass(frozen=True)
class Registry:
    """The national channels plus one region's, in the order they are shown."""

    channels: tuple[Channel, ...]
    region_name: str
    publisher: str
    by_id: dict[str, Channel] = field(init=False, repr=False, compare=False)
    #: display order: scope (regional first, platforms last), then place in the files
    rank: dict[str, tuple[int, int]] = field(init=False, repr=False, compare=False)
    #: banks that have an entry of their own (other accounts go to the generic bank channel)
    banks_with_entry: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_id", {c.id: c for c in self.channels})
        rank = {c.id: (SCOPES.index(c.scope), i) for i, c in enumerate(self.channels)}
        object.__setattr__(self, "rank", rank)
        banks = frozenset(b for c in self.channels for b in c.banks)
        object.__setattr__(self, "banks_with_entry", banks)

    def select(
        self,
        level: str,
        families: Iterable[str],
        signals: Iterable[str],
        contacts: Iterable[tuple[str, str | None]] = (),
        platform: str | None = None,
        signal_names: Mapping[str, str] | None = None,
    ) -> list[NextStep]:
        """The channels for one post, regional offices first, platforms last.

        ``contacts`` are ``(kind, provider)`` pairs; ``platform`` a schema platform or None;
        ``signal_names`` (red-flag id → Indonesian name) words the reasons. Posts below
        ``sedang`` get none.
        """
        if level not in ACTION_LEVELS:
            return []
        fams = set(families)
        sigs = set(signals)
        contacts = list(contacts)
        kinds = {k for k, _ in contacts}
        banks = {p for k, p in contacts if k == "bank_account" and p}
        with_entry = self.banks_with_entry
        unmatched = any(k == "bank_account" and p not in with_entry for k, p in contacts)
        steps: list[NextStep] = []
        for ch in self.channels:
            reason = _reason(ch, fams, sigs, kinds, banks, platform, unmatched, signal_names)
            if reason is not None:
                steps.append(NextStep(ch, reason))
        return sorted(steps, key=lambda s: self.rank[s.id])

    def select_group(
        self,
        level: str,
        families: Iterable[str],
        signals: Iterable[str],
        contacts: Iterable[tuple[str, str | None]],
        platforms: Iterable[str | None],
        signal_names: Mapping[str, str] | None = None,
    ) -> list[NextStep]:
        """The channels for a group of posts (a campaign) seen on several platforms."""
        families, signals, contacts = list(families), list(signals), list(contacts)
        merged: dict[str, NextStep] = {}
        for platform in [None, *platforms]:
            for step in self.select(level, families, signals, contacts, platform, signal_names):
                merged.setdefault(step.id, step)
        return sorted(merged.values(), key=lambda s: self.rank[s.id])

    def add_platform(self, ids: str, platform: str | None) -> str:
        """A ``steps_ids`` cell chosen without a platform, plus that platform's own report path
        (batch output scores each distinct text once, then adds each row's platform)."""
        if not ids or platform is None:
            return ids
        chosen = ids.split(";")
        added = [c.id for c in self.channels if platform in c.platforms and c.id not in chosen]
        if not added:
            return ids
        return ";".join(sorted([*chosen, *added], key=lambda cid: self.rank.get(cid, (9, 0))))


def _reason(
    ch: Channel,
    fams: set[str],
    sigs: set[str],
    kinds: set[str],
    banks: set[str],
    platform: str | None,
    unmatched_account: bool,
    signal_names: Mapping[str, str] | None,
) -> str | None:
    """Why ``ch`` applies (Bahasa Indonesia), or None."""
    if platform is not None and platform in ch.platforms:
        return f"unggahan dari {PLATFORM_NAMES.get(platform, platform)}"
    bank = sorted(banks & ch.banks)
    if bank:
        return f"rekening {bank[0]} di unggahan"
    kind = sorted(kinds & ch.contacts)
    generic_bank = ch.scope == "bank" and not ch.banks
    if kind and (unmatched_account or not generic_bank):
        return f"ada {_KIND_WORDS.get(kind[0], kind[0])} di unggahan"
    sig = sorted(sigs & ch.signals)
    if sig:
        return f"tanda bahaya: {(signal_names or {}).get(sig[0], sig[0])}"
    fam = [f for f in TARGETS if f in fams and f in ch.families]
    if fam:
        return f"indikasi {FAMILY_WORDS[fam[0]]}"
    return None


PLATFORM_NAMES: Final[dict[str, str]] = {
    "facebook": "Facebook", "instagram": "Instagram", "x": "X (Twitter)", "tiktok": "TikTok",
    "whatsapp": "WhatsApp", "telegram": "Telegram", "web": "situs web",
}  # fmt: skip
FAMILY_WORDS: Final[dict[str, str]] = {
    "illegal_recruitment": "perekrutan ilegal/TPPO",
    "online_scam": "penipuan daring",
}
_KIND_WORDS: Final[dict[str, str]] = {
    "phone": "nomor telepon/WhatsApp",
    "whatsapp": "tautan WhatsApp",
    "telegram": "akun Telegram",
    "bank_account": "nomor rekening",
    "ewallet": "nomor dompet digital",
}


def platform_of(value: object) -> str | None:
    """A schema platform from a platform cell ("Facebook", "fb", "Twitter") or a post URL.

    Returns None when the value names nothing we know (an empty cell, another site).
    """
    if not isinstance(value, str):
        return None
    text = value.strip().lower()
    if not text:
        return None
    if text in PLATFORMS:
        return text
    if text in PLATFORM_ALIASES:
        return PLATFORM_ALIASES[text]
    m = _HOST.match(text)
    if m is None:
        return None
    host = m.group(1)
    labels = host.split(".")
    for n in range(len(labels) - 1):
        found = PLATFORM_HOSTS.get(".".join(labels[n:]))
        if found:
            return found
    return None


def _words(raw: Any, where: str) -> frozenset[str]:
    if raw is None:
        return frozenset()
    if not isinstance(raw, list) or not all(isinstance(x, str) and x for x in raw):
        raise RegistryError(f"{where}: harus berupa daftar teks")
    return frozenset(raw)


def _channel(raw: dict[str, Any], origin: str, n: int) -> Channel:
    where = f"{origin}, saluran ke-{n}"
    cid = raw.get("id")
    if not isinstance(cid, str) or not re.fullmatch(r"[a-z0-9_]+", cid):
        raise RegistryError(f"{where}: 'id' wajib (huruf kecil, angka, garis bawah)")
    where = f"{origin}, saluran {cid!r}"
    for key in ("name", "scope", "action", "source"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise RegistryError(f"{where}: kolom {key!r} wajib diisi")
    if raw["scope"] not in SCOPES:
        raise RegistryError(f"{where}: scope {raw['scope']!r} tidak dikenal ({', '.join(SCOPES)})")
    checked = raw.get("checked")
    if isinstance(checked, str):
        try:
            checked = date.fromisoformat(checked)
        except ValueError:
            checked = None
    if not isinstance(checked, date):
        raise RegistryError(f"{where}: 'checked' wajib berupa tanggal YYYY-MM-DD")
    when = raw.get("when")
    if not isinstance(when, dict) or not when:
        raise RegistryError(f"{where}: tabel [channel.when] wajib dan tidak boleh kosong")
    unknown = set(when) - _WHEN_KEYS
    if unknown:
        raise RegistryError(f"{where}: kunci when tidak dikenal: {', '.join(sorted(unknown))}")
    platforms = _words(when.get("platforms"), f"{where}, when.platforms")
    if platforms - PLATFORMS:
        raise RegistryError(f"{where}: platform tidak dikenal: {sorted(platforms - PLATFORMS)}")
    families = _words(when.get("families"), f"{where}, when.families")
    if families - set(TARGETS):
        raise RegistryError(f"{where}: keluarga tidak dikenal: {sorted(families - set(TARGETS))}")
    extra = {
        k: raw[k]
        for k in (*_CONTACT_FIELDS, "note")
        if isinstance(raw.get(k), str) and raw[k].strip()
    }
    return Channel(
        id=cid,
        name=raw["name"].strip(),
        scope=raw["scope"],
        action=raw["action"].strip(),
        source=raw["source"].strip(),
        checked=checked,
        families=families,
        signals=_words(when.get("signals"), f"{where}, when.signals"),
        contacts=_words(when.get("contacts"), f"{where}, when.contacts"),
        banks=_words(when.get("banks"), f"{where}, when.banks"),
        platforms=platforms,
        **extra,
    )


def parse_channels(text: str, origin: str) -> tuple[list[Channel], dict[str, Any]]:
    """Channels of one registry file and its ``[region]`` table (empty for the national file)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"{origin}: bukan TOML yang sah: {exc}") from None
    raw = data.get("channel", [])
    if not isinstance(raw, list):
        raise RegistryError(f"{origin}: [[channel]] harus berupa daftar tabel")
    return [_channel(r, origin, n) for n, r in enumerate(raw, start=1)], data.get("region", {})


def region_path() -> str | None:
    """The region file set by ``TPPO_REGION_FILE``, or None for the shipped example."""
    value = os.environ.get(REGION_ENV, "").strip()
    return value or None


@lru_cache(maxsize=4)
def load_registry(region_file: str | None = None) -> Registry:
    """National channels + the region's (``region_file``, else the shipped Buleleng example)."""
    national, _ = parse_channels(data_text(CHANNELS_FILE), CHANNELS_FILE)
    if region_file is None:
        text, origin = data_text(DEFAULT_REGION_FILE), DEFAULT_REGION_FILE
    else:
        try:
            text = Path(region_file).read_text(encoding="utf-8")
        except OSError as exc:
            raise RegistryError(
                f"berkas wilayah {region_file} ({REGION_ENV}) tidak bisa dibaca: {exc}"
            ) from None
        origin = region_file
    regional, region = parse_channels(text, origin)
    if any(c.scope != "daerah" for c in regional):
        raise RegistryError(f"{origin}: semua saluran di berkas wilayah harus scope 'daerah'")
    if any(c.scope == "daerah" for c in national):
        raise RegistryError(f"{CHANNELS_FILE}: saluran 'daerah' hanya di berkas wilayah")
    ids = [c.id for c in (*regional, *national)]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        raise RegistryError(f"id saluran dipakai dua kali: {', '.join(dup)}")
    name = str(region.get("name") or "").strip()
    if not name:
        raise RegistryError(f"{origin}: tabel [region] dengan 'name' wajib ada")
    return Registry(
        channels=(*regional, *national),
        region_name=name,
        publisher=str(region.get("publisher") or name).strip(),
    )


def current_registry() -> Registry:
    """The registry for this process's ``TPPO_REGION_FILE``."""
    return load_registry(region_path())


def families_of(
    evidence_families: Iterable[str], illegal_recruitment: float, online_scam: float
) -> list[str]:
    """The families a post's steps are chosen for: those of its red flags plus the likelier."""
    fams = set(evidence_families)
    fams.add(TARGETS[0] if illegal_recruitment >= online_scam else TARGETS[1])
    return [f for f in TARGETS if f in fams]


def steps_ids(steps: Sequence[NextStep]) -> str:
    """One CSV cell: ``"bp3mi_wilayah;kp2mi_pengaduan;…"``."""
    return ";".join(s.id for s in steps)
