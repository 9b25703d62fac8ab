"""Build tppo_detect/data/slang.tsv from tools/lexicon/slang_spec.txt.

The spec is easier to edit than the TSV: one line per standard form, ``standard: slang slang …``,
so every spelling of a word sits together and a slang that maps to two words is caught at build
time (a slang may appear only once). ``##`` lines become ``#`` comments in the output.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

HEADER = """# Kamus normalisasi slang/alay/singkatan bahasa Indonesia untuk tppo_detect.
# Format: satu entri per baris, `slang<TAB>bentuk_baku`, huruf kecil, baris yang diawali '#' adalah komentar.
# - Kolom kiri: satu token [a-z0-9]+ persis seperti hasil tokenisasi (tanda baca sudah dibuang, angka di antara
#   huruf sudah dibaca sebagai huruf: "l0ker" -> "loker"). Setiap slang hanya muncul sekali.
# - Kolom kanan: bentuk baku, boleh beberapa kata dipisah spasi ("loker" -> "lowongan kerja"); ditulis dalam
#   bentuk yang sama dengan teks ternormalisasi (tanpa tanda hubung: "laki laki", "anak anak", "di sana").
#   Bentuk baku tidak pernah menjadi kunci di kolom kiri (penggantian hanya satu langkah, tidak berantai).
# - Hanya singkatan dan variasi ejaan yang jelas. Kata yang bermakna ganda sengaja tidak dipetakan:
#   "min" (admin / minimal), "g" ("G to G"), "kk" (kakak / kartu keluarga), "km" (kamu / kilometer),
#   "cm", "umr", "sma", "smp", "sd", "cs" (customer service / cleaning service), "depo" (deposit / depo air),
#   "kl" (Kuala Lumpur / kalau), "smg" (semoga / Semarang), "hr" (hari / HR), "buat", "no", "dp", "wa".
# - Istilah domain tetap seperti ditulis: tki, tkw, pmi, cpmi, p3mi, bp2mi, kp2mi, art, prt, abk, lc, pt, cv, hrd.
# - Bentuk baku yang dipilih: "hongkong" (satu kata; "hong kong" dua kata tetap dua token), "kamboja",
#   "filipina", "singapura", "jepang", "whatsapp" untuk salah eja WhatsApp (tetapi "wa" tetap "wa"),
#   "administrasi" untuk "adm" (paling sering "biaya adm"), "instal" untuk "install", "gratis" untuk "free",
#   "gaji" untuk "salary", "p3mi"/"bp3mi" untuk "pemi"/"bpemi" (langkah angka-jadi-huruf membaca "p3mi" sebagai "pemi").
"""


def build(spec: Path) -> tuple[str, int]:
    """The TSV text for ``spec`` and its number of entries; asserts the spec is well formed."""
    seen: dict[str, str] = {}
    lines = [HEADER.rstrip("\n")]
    n = 0
    for raw in spec.read_text(encoding="utf-8").splitlines():
        if not raw.strip():
            continue
        if raw.startswith("##"):
            lines.append("#" + raw[2:])
            continue
        std, slangs = raw.split(":", 1)
        std = std.strip()
        for s in slangs.split():
            if not re.fullmatch(r"[a-z0-9]+", s):
                raise SystemExit(f"{spec}: slang {s!r} is not one lowercase token")
            if s in seen:
                raise SystemExit(f"{spec}: slang {s!r} listed twice ({seen[s]} / {std})")
            if s == std:
                continue
            seen[s] = std
            lines.append(f"{s}\t{std}")
            n += 1
    return "\n".join(lines) + "\n", n


def main(argv: list[str]) -> None:
    spec, out = Path(argv[1]), Path(argv[2])
    text, n = build(spec)
    out.write_text(text, encoding="utf-8")
    print(n, "entries")


if __name__ == "__main__":
    main(sys.argv)
