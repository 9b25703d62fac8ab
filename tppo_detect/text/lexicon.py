"""The declarative red-flag format (``data/lexicon.toml``) and its compiler.

An analyst writes named word sets and token patterns ("{peran_online} ~8 {negara_rawan}"); this
module parses them, reports mistakes with line numbers (:func:`check`), and compiles each
pattern into what :class:`tppo_detect.text.signals.Lexicon` runs: a regex over the normalised text
(tokens joined by single spaces), plus a *plan* derived from the pattern's structure (token
groups a post must contain, the tokens a match starts with, a key sub-pattern for windows). The
compiled form is cached on disk keyed by the file's sha256, so a second process skips compiling.

Pattern syntax (the reference, in Indonesian, is ``docs/lexicon.md``)::

    kata            one token (lowercase letters/digits), or a placeholder such as <money_high>
    {nama}          any phrase of the named set
    (a b | c)       alternatives (each a sequence)
    X?              X is optional
    ~N  ~M-N        M..N arbitrary tokens (greedy); ~N? lazy (the shortest gap first)
    ~N!(a | b)      a gap none of whose tokens starts one of these phrases
    <!(a | b) X     X is not directly preceded by one of these phrases
    !(a | b)        the next token(s) are not one of these phrases (zero width)
    /regex/         one token matching a regex (e.g. /\\d{1,2}/); only simple constructs
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Final

_log = logging.getLogger(__name__)

FORMAT_VERSION: Final = 2
CACHE_ENV: Final = "TPPO_LEXICON_CACHE"
#: a placeholder that a plain word inside it also matches with \b (``\bphone\b`` in <phone>)
HOSTS: Final = frozenset({"url", "phone", "email", "telegram"})
MAX_GROUPS: Final = 4
_SIGNAL_KEYS: Final = (
    "id", "family", "name", "description", "source", "triggers", "patterns",
    "examples_pos", "examples_neg",
)  # fmt: skip
_WORD = re.compile(r"[a-z0-9]+")
_PLACEHOLDER = re.compile(r"<[a-z_]+>")


class LexiconError(ValueError):
    """A mistake in a lexicon file; ``line`` is 1-based (0: unknown)."""

    def __init__(self, message: str, line: int = 0, origin: str = "") -> None:
        self.message, self.line, self.origin = message, line, origin
        where = f"{origin}:{line}: " if line else (f"{origin}: " if origin else "")
        super().__init__(where + message)


# ---------------------------------------------------------------- pattern syntax tree


@dataclass(frozen=True)
class Word:
    text: str  # a token or a placeholder


@dataclass(frozen=True)
class SetRef:
    name: str


@dataclass(frozen=True)
class Alt:
    options: tuple[tuple[Any, ...], ...]


@dataclass(frozen=True)
class OptionalItem:
    item: Any


@dataclass(frozen=True)
class Gap:
    lo: int
    hi: int
    lazy: bool = False
    exclude: Any = None  # an item (Alt/SetRef/Word) of phrases the gap's tokens may not start


@dataclass(frozen=True)
class NotBefore:
    """Zero width: the text here is not preceded by one of the phrases."""

    item: Any


@dataclass(frozen=True)
class NotNext:
    """Zero width: the next tokens are not one of the phrases."""

    item: Any


@dataclass(frozen=True)
class TokenRegex:
    pattern: str


_TOKEN = re.compile(
    r"\s*(?:(?P<set>\{[a-z0-9_]+\})|(?P<gap>~\d+(?:-\d+)?\??)|(?P<nb><!)|(?P<nn>!)"
    r"|(?P<regex>/(?:[^/\\]|\\.)+/)|(?P<word>[a-z0-9]+|<[a-z_]+>)|(?P<punct>[()|?]))"
)


def _lex(src: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    src = src.rstrip()
    while pos < len(src):
        m = _TOKEN.match(src, pos)
        if m is None or m.end() == pos:
            bad = src[pos:].strip()[:20]
            raise LexiconError(f"tidak dikenali di pola: {bad!r}")
        kind = m.lastgroup or ""
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


class _Parser:
    def __init__(self, src: str) -> None:
        self.toks = _lex(src)
        self.i = 0

    def peek(self) -> tuple[str, str] | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self) -> tuple[str, str]:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def seq(self) -> tuple[Any, ...]:
        items: list[Any] = []
        while (tok := self.peek()) is not None and tok[1] not in ("|", ")"):
            items.append(self.item())
        return tuple(items)

    def phrases(self) -> Any:
        """The operand of a guard or a gap exclusion: a word, set or group."""
        tok = self.peek()
        if tok is None or (tok[0] not in ("word", "set") and tok[1] != "("):
            raise LexiconError("tanda ! atau <! harus diikuti kata, {himpunan} atau (…)")
        return self.atom()

    def item(self) -> Any:
        kind, text = self.peek() or ("", "")
        if kind == "gap":
            self.take()
            lazy = text.endswith("?")
            lo, _, hi = text.strip("~?").partition("-")
            lo_n, hi_n = (0, int(lo)) if not hi else (int(lo), int(hi))
            if hi_n < lo_n or hi_n == 0:
                raise LexiconError(f"jarak {text} tidak sah (batas atas harus > 0 dan ≥ bawah)")
            exclude = None
            if (nxt := self.peek()) is not None and nxt[0] == "nn":
                self.take()
                exclude = self.phrases()
            return Gap(lo_n, hi_n, lazy, exclude)
        if kind == "nb":
            self.take()
            return NotBefore(self.phrases())
        if kind == "nn":
            self.take()
            return NotNext(self.phrases())
        atom = self.atom()
        if (nxt := self.peek()) is not None and nxt[1] == "?":
            self.take()
            return OptionalItem(atom)
        return atom

    def atom(self) -> Any:
        kind, text = self.take()
        if kind == "word":
            return Word(text)
        if kind == "set":
            return SetRef(text[1:-1])
        if kind == "regex":
            try:
                re.compile(text[1:-1])
            except re.error as exc:
                raise LexiconError(f"regex {text} tidak sah: {exc}") from exc
            return TokenRegex(text[1:-1])
        if text == "(":
            options = [self.seq()]
            while (tok := self.peek()) is not None and tok[1] == "|":
                self.take()
                options.append(self.seq())
            if self.peek() is None or self.take()[1] != ")":
                raise LexiconError("kurung ( tidak ditutup")
            if any(not o for o in options):
                raise LexiconError("ada alternatif kosong di dalam (…)")
            return Alt(tuple(options))
        raise LexiconError(f"{text!r} tidak boleh di sini")


def parse_pattern(src: str) -> tuple[Any, ...]:
    """The syntax tree of one pattern; raise LexiconError (no line) when it is malformed."""
    p = _Parser(src)
    items = p.seq()
    if p.peek() is not None:
        raise LexiconError(f"{p.peek()[1]!r} tanpa pasangan")  # type: ignore[index]
    if not any(_consumes(x) for x in items):
        raise LexiconError("pola kosong: tidak ada kata yang harus cocok")
    consuming = [x for x in items if not isinstance(x, NotBefore | NotNext)]
    if isinstance(consuming[0], Gap) or isinstance(consuming[-1], Gap):
        raise LexiconError("pola tidak boleh diawali atau diakhiri jarak ~N")
    return items


def _consumes(item: Any) -> bool:
    """Whether every match of item covers at least one token."""
    if isinstance(item, Word | SetRef | TokenRegex):
        return True
    if isinstance(item, Alt):
        return all(any(_consumes(x) for x in o) for o in item.options)
    if isinstance(item, Gap):
        return item.lo > 0
    return False


# ---------------------------------------------------------------- compiling to a regex


def trie_regex(phrases: list[str]) -> str:
    """Alternation of literal phrases with shared prefixes factored out (sre tries the branches
    of a plain alternation one by one; the trie costs a char test or two). A phrase that is a
    prefix of another comes last, so the longer one is preferred."""
    trie: dict[str, Any] = {}
    for w in phrases:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        keys = sorted(k for k in node if k)
        if not keys:
            return ""
        parts = [k + build(node[k]) for k in keys]  # phrases are [a-z0-9 <>_]: no escaping
        if len(parts) == 1 and "" not in node:
            return parts[0]
        return "(?:" + "|".join(parts) + ")" + ("?" if "" in node else "")

    return build(trie)


class _Compiler:
    def __init__(self, sets: dict[str, tuple[str, ...]]) -> None:
        self.sets = sets
        self._phrase_regex: dict[tuple[str, ...], str] = {}  # sets recur in many patterns

    # phrases: the finite list of token strings an item stands for (None: not finite)
    def phrases(self, item: Any) -> list[str] | None:
        if isinstance(item, Word):
            return [item.text]
        if isinstance(item, SetRef):
            if item.name not in self.sets:
                raise LexiconError(f"himpunan {{{item.name}}} tidak dikenal")
            return list(self.sets[item.name])
        if isinstance(item, Alt):
            return _alt_phrases(item, self.phrases)
        return None

    def phrase_regex(self, phrases: list[str]) -> str:
        """The regex of "one of these phrases", \\b around the word ones."""
        key = tuple(phrases)
        found = self._phrase_regex.get(key)
        if found is None:
            found = self._phrase_regex[key] = self._phrase_regex_of(phrases)
        return found

    def _phrase_regex_of(self, phrases: list[str]) -> str:
        words = [p for p in dict.fromkeys(phrases) if not p.startswith("<")]
        other = [p for p in dict.fromkeys(phrases) if p.startswith("<")]
        parts = [f"\\b{trie_regex(words)}\\b"] if words else []  # the trie is one concatenation
        return _group("|".join(parts + other)) if len(parts + other) > 1 else (parts + other)[0]

    def guard_phrases(self, item: Any) -> list[str]:
        ps = self.phrases(item)
        if ps is None:
            raise LexiconError("isi ! dan <! harus daftar frasa (kata, {himpunan}, (a | b))")
        return ps

    def flush(self, pending: list[Any], lead: bool) -> str:
        """Guards written before a gap or an optional part: they look at what follows the
        previous token (a "not preceded by" needs a token to stand before)."""
        if any(not isinstance(p, NotNext) for p in pending):
            raise LexiconError("<! harus tepat sebelum kata, {himpunan} atau (…)")
        out = "".join(self.not_next(p, lead) for p in pending)
        pending.clear()
        return out

    def not_next(self, guard: NotNext, lead: bool) -> str:
        """``(?!…)`` for "what follows is not this"; ``lead``: a space comes first."""
        ps = self.phrases(guard.item)
        if ps is not None:
            return f"(?!{' ' if lead else ''}{self.phrase_regex(ps)})"
        options = guard.item.options if isinstance(guard.item, Alt) else ((guard.item,),)
        return "(?!" + "|".join(self.seq(o, lead) for o in options) + ")"

    def first_words(self, items: tuple[Any, ...]) -> set[str] | None:
        """The tokens a match of the sequence starts with (None: not known)."""
        out: set[str] = set()
        for item in items:
            if isinstance(item, NotBefore | NotNext):
                continue
            if isinstance(item, Gap | TokenRegex):
                return None
            inner = item.item if isinstance(item, OptionalItem) else item
            if isinstance(inner, Alt) and self.phrases(inner) is None:
                for option in inner.options:
                    words = self.first_words(option)
                    if words is None:
                        return None
                    out |= words
            elif isinstance(inner, TokenRegex):
                return None
            else:
                out |= {p.split(" ", 1)[0] for p in self.phrases(inner) or ()}
            if not isinstance(item, OptionalItem):
                return out
        return None

    def item(self, item: Any) -> str:
        """Regex of a consuming item (no surrounding spaces)."""
        if isinstance(item, TokenRegex):
            return f"\\b(?:{item.pattern})\\b"
        if isinstance(item, Alt):
            ps = self.phrases(item)
            if ps is not None:
                return self.phrase_regex(ps)
            return "(?:" + "|".join(self.seq(o) for o in item.options) + ")"
        ps = self.phrases(item)
        assert ps is not None
        return self.phrase_regex(ps)

    def seq(self, items: tuple[Any, ...], lead: bool = False) -> str:
        """Regex of a sequence; ``lead``: a token precedes it, so its first token comes after
        a space."""
        out: list[str] = []
        pending: list[Any] = []  # zero-width guards waiting for the next token's position
        for item in items:
            if isinstance(item, NotBefore):
                pending.append(_lookbehinds(self.guard_phrases(item.item)))
                continue
            if isinstance(item, NotNext):
                pending.append(item)
                continue
            if isinstance(item, Gap):
                body = "\\S+"
                if item.exclude is not None:
                    excluded = self.phrase_regex(self.guard_phrases(item.exclude))
                    if lead:  # the gap's tokens follow a space: the leading \b is given
                        excluded = excluded.removeprefix("\\b")
                    body = f"(?!{excluded})\\S+"
                reps = f"{{{item.lo},{item.hi}}}" + ("?" if item.lazy else "")
                out.append(self.flush(pending, lead))
                out.append(f"(?: {body}){reps}" if lead else f"(?:{body} ){reps}")
                continue
            if isinstance(item, OptionalItem):
                inner = item.item
                body = self.seq(inner.options[0], lead) if _is_single_seq(inner) else None
                if body is None:
                    body = self.item(inner)
                    body = f" {body}" if lead else f"{body} "
                elif not lead:
                    body = body + " "
                out.append(self.flush(pending, lead))
                out.append(f"(?:{body})?")
                continue
            regex = self.item(item)
            guards = "".join(
                self.not_next(p, False) if isinstance(p, NotNext) else p for p in pending
            )
            first = self.first_words((item,)) if guards else None
            if first:
                # sre cannot skip ahead to a literal behind lookarounds: without this cheap
                # look at the first word, every lookbehind runs wherever a match is tried
                guards = f"(?={self.phrase_regex(sorted(first))})" + guards
            out.append((" " if lead else "") + guards + regex)
            pending = []
            lead = True
        out.append(self.flush(pending, True))  # at the end: what follows the match
        return "".join(out)


def _has_window(items: tuple[Any, ...]) -> bool:
    return any(isinstance(x, Gap) and x.hi >= 4 for x in items)


def _tidy(regex: str) -> str:
    """Drop the \\b next to a space: the compiler puts \\b only beside a word character, and
    a space beside a word character is always a token edge (fewer checks per attempt)."""
    return regex.replace(" \\b", " ").replace("\\b ", " ")


def _is_single_seq(item: Any) -> bool:
    return isinstance(item, Alt) and len(item.options) == 1


def _group(regex: str) -> str:
    return regex if re.fullmatch(r"[a-z0-9 _<>\\]*", regex) else f"(?:{regex})"


def _lookbehinds(phrases: list[str]) -> str:
    """ "Not preceded by": one fixed-width lookbehind per phrase length."""
    by_width: dict[int, list[str]] = {}
    for p in dict.fromkeys(phrases):
        by_width.setdefault(len(p), []).append(p + " ")
    return "".join("(?<!" + "|".join(ws) + ")" for ws in by_width.values())


# ---------------------------------------------------------------- plans from the tree


@dataclass(frozen=True)
class CompiledPattern:
    source: str
    regex: str
    #: alternatives of token groups: a post must hit every group of some alternative
    requires: tuple[tuple[tuple[str, ...], ...], ...] = ()
    starts: tuple[str, ...] | None = None
    key: str | None = None  # regex of the window's far side
    key_starts: tuple[str, ...] | None = None
    lead: int = 0


def _first_tokens(phrases: list[str]) -> set[str] | None:
    out: set[str] = set()
    for p in phrases:
        first = p.split(" ", 1)[0]
        if first in HOSTS:  # \bphone\b also matches inside <phone>, not at a token start
            return None
        out.add(first)
    return out


#: Share of posts containing a token, in rough tiers (a fixed table, so a plan does not depend on
#: the corpus at hand); a token not listed counts as rare. Plans prefer groups of rare tokens.
_TIERS: Final = {
    0.3: "<money_low> <money_mid> <phone> ada biaya bisa dari di gaji ke kerja lowongan tidak "
    "untuk yang",
    0.15: "1 2 3 <money_high> admin berangkat buat bulan butuh dan dm hari hubungi info ini kakak "
    "kami langsung lewat mau online orang pengalaman perlu resmi sudah tahun tanpa tiket visa wa "
    "ya",
    0.07: "18 20 30 4 5 6 <telegram> abk aku atau bahasa bayar bst cari cepat daftar dapat dengan "
    "dibayar dibutuhkan ditanggung dulu gratis ibu itu jadi jalan jalur jam jangan kalau kantor "
    "kapal kirim kontrak ktp lagi luar makan masuk medical min minggu nanti pabrik pakai paspor "
    "pekerja pelatihan pendaftaran per perempuan perusahaan proses pt rekening rekrutmen rumah "
    "saja saya sebelum semua setelah syarat taiwan tes tiap transfer tugas turis uang usia via "
    "wajib",
    0.03: "00 000 10 12 15 25 35 40 50 7 8 9 <email> <money_vhigh> <url_short> a agen akan akhir "
    "aktif akun aman anak anda antar aplikasi area asal bagi bantu banyak bapak baru bawa bekerja "
    "belum besar biar bio blk boleh bonus bos bp3mi bpjs bu buka bukan buku calon cek chat cs "
    "cukup cuma cv d3 dalam dana data datang denpasar depan desa dibantu dicari dikirim disnaker "
    "diurus dokumen email eps foto grup halo hanya harian harus hotel hp hrd ikan ikut indonesia "
    "interview isi izin jakarta jawa jepang juga kabupaten kamboja kamu karena karyawan kasih "
    "katanya keluarga kesehatan khusus komisi komputer kontak korban korea kota kuota kupang laki "
    "lalu lamaran lebih like link lokasi lolos lombok lpk lulus lulusan majikan malam malaysia "
    "masih media melalui membuka mess minat minta mitra modal mohon motor mulai nama negeri no "
    "nomor operator p3mi pagi pak pas pekerjaan pelaut pembayaran penempatan penipuan pernah "
    "peserta pmi posisi potong pria pribadi program pulang punya saldo sama sampai sana sebagai "
    "segera sehat sekarang selamat seleksi sendiri seragam sertifikat service sesuai share siang "
    "silakan sma smk sosial tanya tapi telegram teman tempat tenaga tengah terima terus timur "
    "tinggal to toko tukang ujian umur up urus video waktu wanita warga",
}
_WEIGHT: Final = {tok: w for w, words in _TIERS.items() for tok in words.split()}
_RARE: Final = 0.01
MAX_GROUP_COST: Final = 0.9  # a group this likely to be present filters nothing
MAX_TERMS: Final = 8  # alternatives kept per pattern (more are merged)
_TRUE: Final[list[tuple[frozenset[str], ...]]] = [()]


def _weight(token: str) -> float:
    return _WEIGHT.get(token, _RARE)


def _cost(group: frozenset[str]) -> float:
    """Rough chance that a post has a token of the group."""
    return min(1.0, sum(_weight(t) for t in sorted(group)))


def _collapse(dnf: list[tuple[frozenset[str], ...]]) -> list[tuple[frozenset[str], ...]]:
    """One alternative implied by the OR of all: the union of each one's cheapest group."""
    if any(not alt for alt in dnf):
        return _TRUE
    cheapest = [min(alt, key=lambda g: (_cost(g), len(g), sorted(g))) for alt in dnf]
    return [(frozenset().union(*cheapest),)]


def _or(dnfs: list[list[tuple[frozenset[str], ...]]]) -> list[tuple[frozenset[str], ...]]:
    out: list[tuple[frozenset[str], ...]] = []
    for d in dnfs:
        if any(not alt for alt in d):
            return _TRUE
        out.extend(d)
    out = list(dict.fromkeys(out))
    return _collapse(out) if len(out) > MAX_TERMS else out


def _and(
    a: list[tuple[frozenset[str], ...]], b: list[tuple[frozenset[str], ...]]
) -> list[tuple[frozenset[str], ...]]:
    """Both hold: every pairing of an alternative of each (merged when there are too many)."""
    if len(a) * len(b) > MAX_TERMS:
        a, b = (_collapse(a), b) if len(a) >= len(b) else (a, _collapse(b))
        if len(a) * len(b) > MAX_TERMS:
            a, b = _collapse(a), _collapse(b)
    return list(dict.fromkeys(tuple(dict.fromkeys(x + y)) for x in a for y in b))


def _regex_words(pattern: str, limit: int = 300) -> list[str] | None:
    """The strings a /regex/ token matches, when they are few (``\\d{1,2}``: 110), else None.
    Plans then know the tokens such an item starts with, as for a word set."""
    try:
        import re._constants as sre_c
        import re._parser as sre_parse
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_constants as sre_c  # type: ignore[no-redef]
        import sre_parse  # type: ignore[no-redef]

    def seq(items: Any) -> set[str] | None:
        acc = {""}
        for op, av in items:
            part = node(op, av)
            if part is None:
                return None
            acc = {a + b for a in acc for b in part}
            if len(acc) > limit:
                return None
        return acc

    def node(op: Any, av: Any) -> set[str] | None:
        if op is sre_c.LITERAL:
            return {chr(av)}
        if op is sre_c.IN:
            out: set[str] = set()
            for o, a in av:
                if o is sre_c.LITERAL:
                    out.add(chr(a))
                elif o is sre_c.RANGE:
                    out |= {chr(c) for c in range(a[0], a[1] + 1)}
                elif o is sre_c.CATEGORY and a is sre_c.CATEGORY_DIGIT:
                    out |= set("0123456789")  # the normalised text has ASCII digits only
                else:
                    return None
            return out
        if op is sre_c.SUBPATTERN:
            return seq(av[-1])
        if op is sre_c.BRANCH:
            out = set()
            for branch in av[1]:
                part = seq(branch)
                if part is None:
                    return None
                out |= part
            return out
        if op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT) and av[1] <= 4:
            body = seq(av[2])
            if body is None:
                return None
            out, acc = set(), {""}
            for n in range(av[1] + 1):
                if n >= av[0]:
                    out |= acc
                acc = {a + b for a in acc for b in body}
                if len(out) > limit:
                    return None
            return out
        return None

    try:
        words = seq(sre_parse.parse(pattern))
    except re.error:
        return None
    if words is None or not all(_WORD.fullmatch(w) for w in words):
        return None
    return sorted(words)


class _Planner:
    def __init__(self, comp: _Compiler) -> None:
        self.comp = comp
        self._words: dict[str, list[str] | None] = {}

    def phrases(self, item: Any) -> list[str] | None:
        """As :meth:`_Compiler.phrases`, also for /regex/ tokens whose strings are few."""
        if isinstance(item, TokenRegex):
            if item.pattern not in self._words:
                self._words[item.pattern] = _regex_words(item.pattern)
            return self._words[item.pattern]
        if isinstance(item, Alt):
            return _alt_phrases(item, self.phrases)
        return self.comp.phrases(item)

    def phrase_groups(self, phrases: list[str]) -> tuple[frozenset[str], ...]:
        """For "one of these phrases": groups one token of which a match certainly has (the
        phrases' first tokens, their last tokens, their rarest tokens)."""
        picks = (
            lambda ts: ts[0],
            lambda ts: ts[-1],
            lambda ts: min(ts, key=lambda t: (_weight(t), -len(t), t)),
        )
        out = []
        for pick in picks:
            group: set[str] = set()
            for p in phrases:
                token = pick(p.split(" "))
                group.add(token)
                if token in HOSTS:  # \bphone\b also matches inside <phone>
                    group.add(f"<{token}>")
            out.append(frozenset(group))
        return tuple(dict.fromkeys(out))

    def item_dnf(self, item: Any) -> list[tuple[frozenset[str], ...]]:
        """Alternatives of token groups for a consuming item (see :func:`_and`)."""
        ps = self.phrases(item)
        if ps is not None:
            return [self.phrase_groups(ps)]
        if isinstance(item, Alt):
            return _or([self.dnf(o) for o in item.options])
        return _TRUE

    def dnf(self, items: tuple[Any, ...]) -> list[tuple[frozenset[str], ...]]:
        out = _TRUE
        for x in items:
            if _consumes(x):
                out = _and(out, self.item_dnf(x))
        return out

    def covers(self, items: tuple[Any, ...], triggers: frozenset[str]) -> bool:
        """Whether every match of the sequence contains one of ``triggers`` as a token."""
        return any(self.item_covers(x, triggers) for x in items if _consumes(x))

    def item_covers(self, item: Any, triggers: frozenset[str]) -> bool:
        if isinstance(item, Alt):
            return all(self.covers(o, triggers) for o in item.options)
        ps = self.phrases(item)
        return ps is not None and all(not triggers.isdisjoint(p.split(" ")) for p in ps)

    def requires(self, items: tuple[Any, ...]) -> tuple[tuple[tuple[str, ...], ...], ...]:
        """Alternatives of token groups: unless, for one alternative, the post has a token of
        every group, the pattern cannot match. Groups too common to filter are left out."""
        out = []
        for alternative in self.dnf(items):
            groups = sorted(
                (g for g in alternative if _cost(g) <= MAX_GROUP_COST),
                key=lambda g: (_cost(g), len(g), sorted(g)),
            )[:MAX_GROUPS]
            if not groups:
                return ()
            out.append(tuple(tuple(sorted(g)) for g in groups))
        return tuple(dict.fromkeys(out))

    def starts(self, items: tuple[Any, ...]) -> set[str] | None:
        out: set[str] = set()
        for item in items:
            if isinstance(item, NotBefore | NotNext):
                continue
            if isinstance(item, Gap):
                return None
            if isinstance(item, OptionalItem):
                inner = self.item_starts(item.item)
                if inner is None:
                    return None
                out |= inner
                continue
            inner = self.item_starts(item)
            return None if inner is None else out | inner
        return None

    def item_starts(self, item: Any) -> set[str] | None:
        if isinstance(item, Alt):
            out: set[str] = set()
            for option in item.options:
                s = self.starts(option)
                if s is None:
                    return None
                out |= s
            return out
        ps = self.phrases(item)
        return None if ps is None else _first_tokens(ps)

    def max_tokens(self, items: tuple[Any, ...]) -> int | None:
        total = 0
        for item in items:
            n = self.item_max(item)
            if n is None:
                return None
            total += n
        return total

    def item_max(self, item: Any) -> int | None:
        if isinstance(item, NotBefore | NotNext):
            return 0
        if isinstance(item, Gap):
            return item.hi
        if isinstance(item, OptionalItem):
            return self.item_max(item.item)
        if isinstance(item, TokenRegex):
            return 1
        if isinstance(item, Alt):
            ns = [self.max_tokens(o) for o in item.options]
            return None if None in ns else max(n for n in ns if n is not None)
        ps = self.phrases(item)
        return None if ps is None else max(len(p.split(" ")) for p in ps)


def compile_pattern(src: str, sets: dict[str, tuple[str, ...]]) -> CompiledPattern:
    """One pattern's regex and plan; raise LexiconError (no line) on a mistake."""
    return _compile_pattern(src, sets)[0]


def _compile_pattern(
    src: str, sets: dict[str, tuple[str, ...]], comp: _Compiler | None = None
) -> tuple[CompiledPattern, tuple[tuple[str, tuple[str, ...], int], ...]]:
    """The pattern compiled, and the sides a window may find first (the first one chosen).
    ``comp``: a compiler shared by the file's patterns (it memoises each set's regex)."""
    items = parse_pattern(src)
    comp = comp or _Compiler(sets)
    regex = _tidy(comp.seq(items))
    planner = _Planner(comp)
    starts = planner.starts(items)
    windows = [k for k, x in enumerate(items) if isinstance(x, Gap) and x.hi >= 4]
    # a window "H ~n T": find one side first (a key), then try the pattern only at H's starts
    # at most ``lead`` tokens before where the key matched. The rarer side by default; the
    # signal may switch to the side another of its patterns already finds (see _share_keys)
    sides: tuple[tuple[str, tuple[str, ...], int], ...] = ()
    if starts is not None and windows:
        k = windows[0]
        head, tail = items[:k], items[k + 1 :]
        tail_starts = planner.starts(tail)
        head_max = planner.max_tokens(head)
        by_head = (_tidy(comp.seq(head)), tuple(sorted(starts)), 0)
        # a side with a window of its own is slow to find on its own: not a key
        if tail_starts is not None and head_max is not None and not _has_window(tail):
            by_tail = (_tidy(comp.seq(tail)), tuple(sorted(tail_starts)), head_max + items[k].hi)
            gap = items[k]
            if gap.lazy:  # "X ~n? {context}" / "{context} ~n?!{context} X": X is the flag
                rarer = gap.exclude is not None
            else:
                rarer = _cost(frozenset(tail_starts)) < _cost(frozenset(starts))
            sides = (by_tail, by_head) if rarer else (by_head, by_tail)
        elif not _has_window(head):
            sides = (by_head,)
    key, key_starts, lead = sides[0] if sides else (None, None, 0)
    compiled = CompiledPattern(
        src,
        regex,
        planner.requires(items),
        None if starts is None else tuple(sorted(starts)),
        key,
        key_starts,
        lead,
    )
    return compiled, sides


def _share_keys(
    patterns: list[tuple[CompiledPattern, tuple[tuple[str, tuple[str, ...], int], ...]]],
) -> list[CompiledPattern]:
    """A window whose other side is the key of another pattern of the signal uses that key:
    its positions are then found once per post for both ("A ~n B" and "B ~n A")."""
    chosen = {p.key for p, _ in patterns if p.key is not None}
    out = []
    for p, sides in patterns:
        for key, starts, lead in sides[1:]:
            if key in chosen and key != p.key:
                p = CompiledPattern(p.source, p.regex, p.requires, p.starts, key, starts, lead)
                break
        out.append(p)
    # a key at the match's own start (lead 0) only pays when another pattern shares it;
    # alone it is the pattern's starts with extra bookkeeping
    uses: dict[str, int] = {}
    for p in out:
        if p.key is not None:
            uses[p.key] = uses.get(p.key, 0) + 1
    return [
        CompiledPattern(p.source, p.regex, p.requires, p.starts)
        if p.key is not None and p.lead == 0 and uses[p.key] == 1
        else p
        for p in out
    ]


# ---------------------------------------------------------------- the file


@dataclass
class SignalSpec:
    """One signal as written in the file (before compiling)."""

    raw: dict[str, Any]
    line: int
    pattern_lines: list[int] = field(default_factory=list)
    #: the signal's own ``[signal.sets]`` (visible to its patterns only)
    sets: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def all_sets(self, shared: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        return {**shared, **self.sets} if self.sets else shared


@dataclass
class LexiconSpec:
    sets: dict[str, tuple[str, ...]]
    set_lines: dict[str, int]
    signals: list[SignalSpec]
    origin: str


def _line_index(source: str) -> tuple[list[int], list[int], dict[str, int]]:
    """Lines of each ``[[signal]]`` header, of each pattern string, and of each set name."""
    signal_lines, pattern_lines, set_lines = [], [], {}
    in_patterns = in_sets = False
    for n, line in enumerate(source.splitlines(), start=1):
        s = line.strip()
        if s.startswith("["):
            in_sets = s in ("[sets]", "[signal.sets]")
            if s == "[[signal]]":
                signal_lines.append(n)
            if not s.startswith("[["):
                in_patterns = False
            continue
        if in_sets and (m := re.match(r"([a-z0-9_]+)\s*=", s)):
            set_lines[m.group(1)] = n
        if s.startswith("patterns"):
            in_patterns = True
            if "[" in s and s.endswith("]"):
                for _ in re.findall(r"'[^']*'|\"(?:[^\"\\]|\\.)*\"", s.split("=", 1)[1]):
                    pattern_lines.append(n)
                in_patterns = False
            continue
        if in_patterns:
            if s.startswith("]"):
                in_patterns = False
            elif s[:1] in ("'", '"'):
                pattern_lines.append(n)
    return signal_lines, pattern_lines, set_lines


def read_spec(source: str, origin: str = "lexicon.toml") -> LexiconSpec:
    """The file's sets and signals; raise LexiconError for TOML or structure mistakes."""
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise LexiconError(f"TOML tidak sah: {exc}", int(m.group(1)) if m else 0, origin) from exc
    signal_lines, pattern_lines, set_lines = _line_index(source)
    if data.get("version") != FORMAT_VERSION:
        raise LexiconError(f"baris version = {FORMAT_VERSION} tidak ada", 1, origin)
    sets = _read_sets(data.get("sets", {}), set_lines, origin)
    raw_signals = data.get("signal", [])
    if not raw_signals:
        raise LexiconError("tidak ada [[signal]]", 0, origin)
    specs = []
    k = 0
    for n, raw in enumerate(raw_signals):
        line = signal_lines[n] if n < len(signal_lines) else 0
        patterns = raw.get("patterns", [])
        lines = pattern_lines[k : k + len(patterns)] if isinstance(patterns, list) else []
        k += len(lines)
        local = _read_sets(raw.get("sets", {}), set_lines, origin)
        clash = sorted(set(local) & set(sets))
        if clash:
            raise LexiconError(
                f"sinyal {raw.get('id', '?')}: himpunan {{{clash[0]}}} sudah ada di [sets]",
                set_lines.get(clash[0], line),
                origin,
            )
        lines += [line] * (len(patterns) - len(lines))
        specs.append(SignalSpec(raw, line, lines, local))
    return LexiconSpec(sets, set_lines, specs, origin)


_SET_ENTRY: Final = re.compile(r"(?:[a-z0-9]+|<[a-z_]+>)(?: (?:[a-z0-9]+|<[a-z_]+>))*")


def _read_sets(table: Any, set_lines: dict[str, int], origin: str) -> dict[str, tuple[str, ...]]:
    if not isinstance(table, dict):
        raise LexiconError("sets harus tabel nama = [kata, ...]", 0, origin)
    sets: dict[str, tuple[str, ...]] = {}
    for name, words in table.items():
        line = set_lines.get(name, 0)
        if not re.fullmatch(r"[a-z0-9_]+", name):
            raise LexiconError(
                f"nama himpunan {name!r}: huruf kecil, angka dan _ saja", line, origin
            )
        if not isinstance(words, list) or not words:
            raise LexiconError(f"himpunan {name!r} kosong atau bukan daftar", line, origin)
        for w in words:
            if not isinstance(w, str) or not _SET_ENTRY.fullmatch(w):
                raise LexiconError(
                    f"himpunan {name!r}: {w!r} harus kata kecil/angka dipisah satu spasi",
                    line,
                    origin,
                )
        sets[name] = tuple(words)
    return sets


def _alt_phrases(item: Alt, phrases: Any) -> list[str] | None:
    """Every phrase an alternation can spell (``phrases`` gives a part's phrases or None when
    it is not a finite list); None past 5,000 phrases."""
    out: list[str] = []
    for option in item.options:
        acc = [""]
        for x in option:
            ps = phrases(x)
            if ps is None:
                return None
            acc = [f"{a} {p}".strip() for a in acc for p in ps]
            if len(acc) > 5000:
                return None
        out.extend(acc)
    return out


@dataclass(frozen=True)
class RedFlag:
    """What a red flag is, whichever form its patterns take: the compiled lexicon
    (:class:`CompiledSignal`) or the matcher's (:class:`tppo_detect.text.signals.Signal`)."""

    id: str
    family: str
    name: str
    description: str
    source: str
    triggers: tuple[str, ...]
    examples_pos: tuple[str, ...]
    examples_neg: tuple[str, ...]

    def facts(self) -> dict[str, Any]:
        """The :class:`RedFlag` fields, to build the other form from this one."""
        return {f.name: getattr(self, f.name) for f in fields(RedFlag)}


@dataclass(frozen=True)
class CompiledSignal(RedFlag):
    patterns: tuple[CompiledPattern, ...]


def compile_spec(spec: LexiconSpec) -> list[CompiledSignal]:
    """Every signal compiled; raise LexiconError at the first mistake (see :func:`check` for
    all of them)."""
    from tppo_detect.labels import TARGETS

    out: list[CompiledSignal] = []
    seen: set[str] = set()
    comp = _Compiler(spec.sets)
    for s in spec.signals:
        raw = s.raw
        missing = [k for k in _SIGNAL_KEYS if k not in raw]
        sid = raw.get("id", "?")
        unknown = sorted(set(raw) - {*_SIGNAL_KEYS, "sets"})
        if unknown:
            raise LexiconError(
                f"sinyal {sid}: kunci tidak dikenal: {', '.join(unknown)}", s.line, spec.origin
            )
        if missing:
            raise LexiconError(
                f"sinyal {sid}: kunci {', '.join(missing)} tidak ada", s.line, spec.origin
            )
        if sid in seen:
            raise LexiconError(f"sinyal {sid}: id dipakai dua kali", s.line, spec.origin)
        seen.add(sid)
        if raw["family"] not in TARGETS:
            raise LexiconError(
                f"sinyal {sid}: family harus salah satu dari {', '.join(TARGETS)}",
                s.line,
                spec.origin,
            )
        if not raw["triggers"] or not raw["patterns"]:
            raise LexiconError(
                f"sinyal {sid}: perlu minimal satu trigger dan satu pola", s.line, spec.origin
            )
        patterns = []
        for p, line in zip(raw["patterns"], s.pattern_lines, strict=True):
            try:
                sets = s.all_sets(spec.sets)
                if sets is spec.sets:
                    patterns.append(_compile_pattern(p, sets, comp))
                else:
                    patterns.append(_compile_pattern(p, sets, _Compiler(sets)))
            except LexiconError as exc:
                raise LexiconError(f"sinyal {sid}: {exc.message}", line, spec.origin) from exc
            except re.error as exc:
                raise LexiconError(
                    f"sinyal {sid}: regex tidak sah: {exc}", line, spec.origin
                ) from exc
        out.append(
            CompiledSignal(
                sid,
                raw["family"],
                raw["name"],
                raw["description"],
                raw["source"],
                tuple(raw["triggers"]),
                tuple(raw["examples_pos"]),
                tuple(raw["examples_neg"]),
                tuple(_share_keys(patterns)),
            )
        )
    return out


# ---------------------------------------------------------------- the cache


def cache_dir() -> Path | None:
    """$TPPO_LEXICON_CACHE ("" or "0": no cache), else ~/.cache/tppo_detect/lexicon."""
    env = os.environ.get(CACHE_ENV)
    if env is not None:
        return Path(env) if env not in ("", "0") else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tppo_detect" / "lexicon"


_CACHE_VERSION: Final = "10"  # bump when the compiler's output changes


def _cache_key(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8"))
    digest.update(f"\0{_CACHE_VERSION}\0{Path(__file__).stat().st_mtime_ns}".encode())
    return digest.hexdigest()


def _dump(signals: list[CompiledSignal]) -> str:
    def pat(p: CompiledPattern) -> dict[str, Any]:
        return {k: getattr(p, k) for k in CompiledPattern.__dataclass_fields__}

    return json.dumps(
        [{**s.__dict__, "patterns": [pat(p) for p in s.patterns]} for s in signals],
        ensure_ascii=False,
    )


def _load(text: str) -> list[CompiledSignal]:
    out = []
    for s in json.loads(text):
        pats = tuple(
            CompiledPattern(
                p["source"],
                p["regex"],
                tuple(tuple(tuple(g) for g in alt) for alt in p["requires"]),
                None if p["starts"] is None else tuple(p["starts"]),
                p["key"],
                None if p["key_starts"] is None else tuple(p["key_starts"]),
                p["lead"],
            )
            for p in s["patterns"]
        )
        tuples = ("triggers", "examples_pos", "examples_neg")
        out.append(CompiledSignal(**{**s, **{k: tuple(s[k]) for k in tuples}, "patterns": pats}))
    return out


def compiled(source: str, origin: str = "lexicon.toml") -> list[CompiledSignal]:
    """The compiled signals of a lexicon text, from the cache when it holds this text's hash."""
    folder = cache_dir()
    path = folder / f"{_cache_key(source)}.json" if folder is not None else None
    if path is not None and path.exists():
        try:
            return _load(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, KeyError, TypeError) as exc:  # compiled again below
            _log.warning("Cache leksikon %s tidak terbaca (%s); dikompilasi ulang.", path, exc)
    signals = compile_spec(read_spec(source, origin))
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(_dump(signals), encoding="utf-8")
            tmp.replace(path)
        except OSError as exc:  # the next process only pays a compile again
            _log.warning("Cache leksikon tidak dapat ditulis ke %s: %s", path, exc)
    return signals


# ---------------------------------------------------------------- check


_NESTED_QUANTIFIER = re.compile(r"\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)[+*{]")


ERROR: Final = "galat"
WARNING: Final = "peringatan"


@dataclass(frozen=True)
class Problem:
    """One finding of :func:`check`; only errors make a file unusable."""

    line: int
    message: str
    level: str = ERROR

    def __str__(self) -> str:
        return f"baris {self.line}: {self.level}: {self.message}"


def needs_trigger(pattern: str, sets: dict[str, tuple[str, ...]], triggers: Any) -> bool:
    """Whether every match of ``pattern`` contains one of ``triggers`` as a token (the
    prefilter skips posts that have none, so a pattern without one misses such posts)."""
    planner = _Planner(_Compiler(sets))
    return planner.covers(parse_pattern(pattern), frozenset(triggers))


def check(source: str, origin: str = "lexicon.toml") -> list[Problem]:
    """Every mistake in a lexicon text, with line numbers (empty: the file is fine)."""
    from tppo_detect.text.normalize import signal_text

    try:
        spec = read_spec(source, origin)
    except LexiconError as exc:
        return [Problem(exc.line, exc.message)]
    problems: list[Problem] = []
    used: set[str] = set()
    for s in spec.signals:
        raw = s.raw
        sid = raw.get("id", "?")
        missing = [k for k in _SIGNAL_KEYS if k not in raw]
        unknown = sorted(set(raw) - {*_SIGNAL_KEYS, "sets"})
        if unknown:
            problems.append(
                Problem(s.line, f"sinyal {sid}: kunci tidak dikenal: {', '.join(unknown)}")
            )
        if missing:
            problems.append(Problem(s.line, f"sinyal {sid}: kunci {', '.join(missing)} tidak ada"))
            continue
        compiled_ok: list[tuple[re.Pattern[str], str, int]] = []  # (regex, pattern, line)
        for p, line in zip(raw["patterns"], s.pattern_lines, strict=True):
            if not isinstance(p, str) or not p.strip():
                problems.append(Problem(line, f"sinyal {sid}: pola kosong"))
                continue
            used.update(re.findall(r"\{([a-z0-9_]+)\}", p))
            for rx in re.findall(r"/((?:[^/\\]|\\.)+)/", p):
                if _NESTED_QUANTIFIER.search(rx) or re.search(r"\\[1-9]|\(\?[=!<]", rx):
                    problems.append(
                        Problem(
                            line,
                            f"sinyal {sid}: regex /{rx}/ bisa berjalan super-linear "
                            "(kuantifier bersarang, backreference atau lookaround); "
                            "pakai kata, {himpunan} dan ~N",
                        )
                    )
            try:
                regex = re.compile(compile_pattern(p, s.all_sets(spec.sets)).regex)
                compiled_ok.append((regex, p, line))
                if not needs_trigger(p, s.all_sets(spec.sets), raw["triggers"]):
                    problems.append(
                        Problem(
                            line,
                            f"sinyal {sid}: pola bisa cocok tanpa satu pun kata triggers, jadi "
                            "hanya terdeteksi bila kata triggers ada di tempat lain postingan; "
                            "tambahkan kata pemicunya ke triggers",
                            WARNING,
                        )
                    )
            except LexiconError as exc:
                problems.append(Problem(line, f"sinyal {sid}: {exc.message}"))
            except re.error as exc:
                problems.append(Problem(line, f"sinyal {sid}: regex tidak sah: {exc}"))
        for ex in raw["examples_pos"] if len(compiled_ok) == len(raw["patterns"]) else []:
            text = signal_text(ex)
            if not any(r.search(text) for r, _, _ in compiled_ok):
                problems.append(
                    Problem(s.line, f"sinyal {sid}: contoh positif tidak cocok: {ex!r}")
                )
        for ex in raw["examples_neg"]:
            text = signal_text(ex)
            for r, p, line in compiled_ok:
                if r.search(text):
                    problems.append(
                        Problem(
                            line, f"sinyal {sid}: pola {p!r} cocok dengan contoh negatif {ex!r}"
                        )
                    )
    for name, line in spec.set_lines.items():
        if name not in used and not any(
            f"{{{name}}}" in str(s.raw.get("patterns")) for s in spec.signals
        ):
            problems.append(
                Problem(line, f"himpunan {{{name}}} tidak dipakai pola mana pun", WARNING)
            )
    return sorted(problems, key=lambda p: p.line)


# ---------------------------------------------------------------- explain


@dataclass(frozen=True)
class Explained:
    """One match of one pattern in a post, for ``tppo-detect lexicon explain``."""

    signal: str
    family: str
    name: str
    pattern: int  # 1-based, as an analyst counts them in the file
    source: str  # the pattern as written
    start: int  # in the original text
    end: int
    text: str
    negated: bool

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def explain(text: str, source: str | None = None, origin: str = "lexicon.toml") -> dict[str, Any]:
    """Every pattern match in ``text`` (the packaged lexicon, or the lexicon text ``source``),
    with its span in the original text and whether a negation ("tidak", "tanpa" …) voids it,
    exactly as scoring decides (negation rules from ``negation.toml``)."""
    from tppo_detect.resources import data_text
    from tppo_detect.text.normalize import clause_breaks
    from tppo_detect.text.preprocess import prepare_one
    from tppo_detect.text.signals import LEXICON_FILE, NEGATION_FILE, parse_lexicon, parse_negation

    lexicon = parse_lexicon(source if source is not None else data_text(LEXICON_FILE), origin)
    negation = parse_negation(data_text(NEGATION_FILE))
    doc = prepare_one(text)
    tokens, spans = doc.tokens, doc.spans()
    joined = " ".join(tokens)
    scope = negation.scope(tokens, lambda: clause_breaks(doc.masked))
    found: list[Explained] = []
    for sig in lexicon.signals:
        triggers = frozenset(sig.triggers)
        if triggers.isdisjoint(tokens):  # the prefilter: scoring never looks further
            continue
        for k, pattern in enumerate(sig.patterns):
            for m in pattern.finditer(joined):
                if m.end() <= m.start():
                    continue
                first, last = joined.count(" ", 0, m.start()), joined.count(" ", 0, m.end() - 1)
                negated = bool(scope) and scope.negates(first, last, tokens, triggers, sig.family)
                start, end = spans[first][1], spans[last][2]
                found.append(
                    Explained(
                        sig.id,
                        sig.family,
                        sig.name,
                        k + 1,
                        sig.sources[k] if sig.sources else pattern.pattern,
                        start,
                        end,
                        text[start:end],
                        negated,
                    )
                )
    found.sort(key=lambda e: (e.start, e.end, e.signal, e.pattern))
    return {
        "normalised": joined,
        "signals": sorted({e.signal for e in found if not e.negated}),
        "matches": found,
    }
