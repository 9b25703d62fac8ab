"""A public-warning draft in Bahasa Indonesia, built from templates (no text-generation model).

The draft says the modus in plain words (chosen from the red flags that fired), the signs to
look for (the red flags' names), the safe route, and where to report (the post's next steps).
The post's own text is never copied into it, so names in the post cannot leak; its contacts are
listed **masked** by default — no digit of a phone, WhatsApp, e-wallet or account number and no
handle, e-mail or link path survives — and in full only when the office chooses to publish them
as a warning (``show_contacts=True``). Templates: ``data/warning_templates.toml``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Final

from tppo_detect.labels import TARGETS
from tppo_detect.model.next_steps import NextStep, Registry, current_registry, families_of
from tppo_detect.resources import data_text
from tppo_detect.text.contacts import KIND_NAMES_ID

if TYPE_CHECKING:
    from tppo_detect.model.detector import Score

TEMPLATES_FILE: Final = "warning_templates.toml"
MAX_MODUS: Final = 2
MAX_SIGNS: Final = 6
MAX_CONTACTS: Final = 10
_PHONE_KINDS: Final = frozenset({"phone", "whatsapp", "ewallet"})

#: (kind, value, provider), as in ``contacts.parse_contacts``.
ContactTriple = tuple[str, str, "str | None"]


@lru_cache(maxsize=1)
def templates() -> dict[str, Any]:
    data = tomllib.loads(data_text(TEMPLATES_FILE))
    for key in ("title", "safe_route"):
        missing = [f for f in TARGETS if not data.get(key, {}).get(f)]
        if missing:
            raise ValueError(f"{TEMPLATES_FILE}: [{key}] belum punya teks untuk {missing}")
    return data


@lru_cache(maxsize=1)
def default_signal_names() -> dict[str, str]:
    """Red-flag id → its Indonesian name (lexicon plus the impersonation check)."""
    from tppo_detect.text.impersonation import SIGNAL_NAMES
    from tppo_detect.text.signals import load_lexicon

    names = {s.id: s.name for s in load_lexicon().signals}
    names.update(SIGNAL_NAMES)
    return names


def local_phone(e164: str) -> str:
    """ "+6281234567890" → "0812-3456-7890" (Indonesian numbers as people write them)."""
    if not e164.startswith("+62"):
        return e164
    digits = "0" + e164[3:]
    return "-".join(digits[i : i + 4] for i in range(0, len(digits), 4))


def mask_contact(kind: str, value: str, provider: str | None) -> str:
    """What the draft shows of a contact by default: its kind and provider, never its digits,
    handle, address or link path."""
    name = KIND_NAMES_ID.get(kind, kind)
    if provider:
        name = f"{name} {provider}"
    if kind in _PHONE_KINDS or kind == "bank_account":
        return f"{name} (nomor disamarkan)"
    if kind == "email":
        domain = value.rpartition("@")[2]
        return f"{name} @{domain} (alamat disamarkan)"
    if kind == "url":
        domain = value.split("/", 1)[0]
        return f"{name} {domain} (disamarkan)"
    return f"{name} (disamarkan)"


def show_contact(kind: str, value: str, provider: str | None) -> str:
    """A contact in full, for a warning that publishes it."""
    name = KIND_NAMES_ID.get(kind, kind)
    if provider:
        name = f"{name} {provider}"
    if kind in _PHONE_KINDS and value.startswith("+"):
        return f"{name} {local_phone(value)}"
    if kind in ("telegram", "handle") and not value.startswith("+"):
        return f"{name} @{value}"
    return f"{name} {value}"


def _modus(signal_ids: Sequence[str], families: Sequence[str]) -> list[str]:
    chosen: list[str] = []
    present = set(signal_ids)
    for m in templates().get("modus", []):
        if len(chosen) >= MAX_MODUS:
            break
        if present & set(m.get("signals", [])):
            chosen.append(m["text"])
    if not chosen:
        for m in templates().get("modus", []):
            if set(m.get("families", [])) & set(families):
                chosen.append(m["text"])
                break
    return chosen


def build_draft(
    families: Sequence[str],
    signal_ids: Sequence[str],
    contacts: Iterable[ContactTriple],
    steps: Sequence[NextStep],
    *,
    show_contacts: bool = False,
    registry: Registry | None = None,
    signal_names: Mapping[str, str] | None = None,
) -> str:
    """The warning as plain text (line breaks and "•" bullets, ready to paste)."""
    t = templates()
    text = t["text"]
    registry = registry or current_registry()
    names = default_signal_names() if signal_names is None else signal_names
    families = [f for f in TARGETS if f in families] or [TARGETS[0]]
    main = families[0]
    lines = [f"⚠️ {t['title'][main]}", ""]
    lines += [p for m in _modus(signal_ids, families) for p in (m, "")]
    signs = [names.get(s, s) for s in dict.fromkeys(signal_ids)][:MAX_SIGNS]
    if signs:
        lines.append(text["signs"])
        lines += [f"• {s}" for s in signs]
        lines.append("")
    shown = list(dict.fromkeys((k, v, p) for k, v, p in contacts))[:MAX_CONTACTS]
    if shown:
        lines.append(text["contacts_shown"] if show_contacts else text["contacts_masked"])
        render = show_contact if show_contacts else mask_contact
        lines += [f"• {line}" for line in dict.fromkeys(render(*c) for c in shown)]
        lines.append("")
    lines.append(text["safe"])
    lines += [f"• {t['safe_route'][f]}" for f in families]
    lines.append("")
    if steps:
        lines.append(text["report"])
        for s in steps:
            contact = s.channel.contact_line()
            lines.append(f"• {s.channel.name}" + (f" — {contact}" if contact else ""))
        lines.append("")
    lines.append(text["closing"])
    lines.append(f"— {registry.publisher}")
    return "\n".join(lines)


def draft_for_score(score: Score, *, show_contacts: bool = False) -> str | None:
    """The draft for a scored post, or None below ``sedang`` (nothing to warn about)."""
    if not score.next_steps:
        return None
    families = families_of(
        (e.family for e in score.evidence), score.illegal_recruitment, score.online_scam
    )
    contacts = [(c.kind, c.value, c.provider) for c in score.contacts if c.linkable]
    return build_draft(
        families, score.signal_ids, contacts, score.next_steps, show_contacts=show_contacts
    )
