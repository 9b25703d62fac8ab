"""``tppo-detect lexicon check|explain``: the red-flag lexicon from an analyst's seat."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

lexicon_app = typer.Typer(
    help="Periksa leksikon tanda bahaya dan lihat pola mana yang cocok pada sebuah teks.",
    no_args_is_help=True,
)

LexiconFile = Annotated[
    Optional[Path],  # noqa: UP045 - typer needs Optional on Python 3.10
    typer.Option("--lexicon", help="Berkas leksikon (default: leksikon bawaan)."),
]


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        typer.secho(f"Tidak dapat membaca {path}: {exc}", err=True, fg=typer.colors.RED)
        raise typer.Exit(code=2) from exc


@lexicon_app.command("check")
def check_command(
    file: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Argument(help="Berkas leksikon (default: tppo_detect/data/lexicon.toml)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Periksa berkas leksikon: himpunan tak dikenal, pola kosong atau rusak, contoh positif
    yang tidak cocok, contoh negatif yang cocok, regex yang bisa berjalan super-linear."""
    from tppo_detect.resources import data_text
    from tppo_detect.text.lexicon import ERROR, check
    from tppo_detect.text.signals import LEXICON_FILE

    origin = str(file) if file is not None else LEXICON_FILE
    source = _read(file) if file is not None else data_text(LEXICON_FILE)
    problems = check(source, origin)
    errors = sum(p.level == ERROR for p in problems)
    if as_json:
        rows = [{"line": p.line, "level": p.level, "message": p.message} for p in problems]
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for p in problems:
            typer.echo(f"{origin}:{p.line}: {p.level}: {p.message}")
        warnings = len(problems) - errors
        if errors:
            typer.secho(f"{errors} galat, {warnings} peringatan.", err=True, fg=typer.colors.RED)
        else:
            typer.echo(f"{origin}: tidak ada galat ({warnings} peringatan).")
    if errors:
        raise typer.Exit(code=1)


@lexicon_app.command("explain")
def explain_command(
    text: Annotated[str, typer.Argument(help="Teks unggahan yang ingin dijelaskan.")],
    lexicon: LexiconFile = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Tampilkan tanda bahaya yang cocok pada TEXT: pola mana, di bagian teks mana, dan apakah
    kecocokan itu dinegasi ("tidak", "tanpa", ...) sehingga tidak dihitung."""
    from tppo_detect.text.lexicon import LexiconError, explain

    source = _read(lexicon) if lexicon is not None else None
    try:
        result = explain(text, source, str(lexicon) if lexicon else "lexicon.toml")
    except LexiconError as exc:
        typer.secho(str(exc), err=True, fg=typer.colors.RED)
        raise typer.Exit(code=2) from exc
    if as_json:
        out = {**result, "matches": [m.to_dict() for m in result["matches"]]}
        typer.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    typer.echo(f"Teks ternormalisasi: {result['normalised']}")
    matches = result["matches"]
    if not matches:
        typer.echo("Tidak ada tanda bahaya yang cocok.")
        return
    for m in matches:
        mark = "  [dinegasi, tidak dihitung]" if m.negated else ""
        typer.echo(f"- {m.signal} ({m.name}), pola {m.pattern}: karakter {m.start}–{m.end}{mark}")
        typer.echo(f"    teks : {m.text!r}")
        typer.echo(f"    pola : {m.source}")
    signals = result["signals"]
    typer.echo(f"Tanda bahaya terhitung: {', '.join(signals) if signals else 'tidak ada'}")
