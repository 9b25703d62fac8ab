"""``tppo-detect campaigns`` and ``tppo-detect report``: command functions the main CLI mounts.

Kept out of :mod:`tppo_detect.cli` so the campaign work can change without touching the main
app; the CLI registers them with ``app.command("campaigns")(campaigns_command)`` and
``app.command("report")(report_command)``. Like every command they parse options, call one
library function and print an Indonesian summary.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from tppo_detect.analysis.scored_files import PARQUET_SUFFIXES, read_scored
from tppo_detect.csvsafe import write_csv
from tppo_detect.extras import require
from tppo_detect.numbers import thousands

if TYPE_CHECKING:
    from tppo_detect.model.detector import Detector

ScoredCsv = Annotated[Path, typer.Argument(help="Berkas hasil `tppo-detect batch` (CSV/Parquet).")]
TextCol = Annotated[
    Optional[str],  # noqa: UP045 - typer needs Optional on Python 3.10
    typer.Option("--text-col", help="Kolom teks (default: dicari otomatis, mis. text/full_text)."),
]


def _fail(message: str) -> None:
    typer.secho(message, err=True, fg=typer.colors.RED)
    raise typer.Exit(code=2)


def campaigns_command(
    scored_csv: ScoredCsv,
    output: Annotated[
        Path, typer.Option("-o", "--output", help="CSV kampanye yang ditulis.")
    ] = Path("campaigns.csv"),
    text_col: TextCol = None,
    threshold: Annotated[
        float,
        typer.Option(
            help="Kemiripan minimum (Jaccard 5-gram karakter) agar dua teks satu templat."
        ),
    ] = 0.6,
    min_size: Annotated[int, typer.Option(help="Jumlah unggahan minimum per kampanye.")] = 2,
    max_contact_posts: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option(help="Abaikan kontak yang muncul di lebih dari N unggahan (mis. hotline)."),
    ] = None,
    posts_out: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(help="Tulis juga semua baris masukan + kolom campaign_id ke berkas ini."),
    ] = None,
) -> None:
    """Kelompokkan unggahan menjadi kampanye: kontak yang sama atau templat teks yang sama."""
    if not scored_csv.exists():
        _fail(f"berkas tidak ditemukan: {scored_csv}")
    try:
        run = campaigns_for_file(
            scored_csv, output, text_col=text_col, threshold=threshold, min_size=min_size,
            max_contact_posts=max_contact_posts, posts_out=posts_out,
        )  # fmt: skip
    except (ValueError, KeyError) as exc:
        _fail(str(exc))
        return
    typer.echo(run.format())


@dataclass(frozen=True)
class CampaignRun:
    """What :func:`campaigns_for_file` did, for the summary line."""

    output: Path
    posts: int
    campaigns: int
    linked_posts: int
    top_id: str
    top_size: int
    seconds: float

    def format(self) -> str:
        top = (
            f"; kampanye berisiko tertinggi {self.top_id}: {thousands(self.top_size)} unggahan"
            if self.campaigns
            else ""
        )
        return (
            f"{thousands(self.campaigns)} kampanye dari {thousands(self.posts)} unggahan "
            f"({thousands(self.linked_posts)} unggahan terhubung){top}. "
            f"Ditulis ke {self.output} dalam {self.seconds:.1f} dtk."
        )


def campaigns_for_file(
    scored: Path,
    output: Path,
    *,
    text_col: str | None = None,
    threshold: float = 0.6,
    min_size: int = 2,
    max_contact_posts: int | None = None,
    posts_out: Path | None = None,
) -> CampaignRun:
    """Group a scored file's posts into campaigns and write the campaigns CSV.

    Also what ``tppo-detect batch --campaigns`` calls once its output is complete. Only the
    columns grouping reads are loaded (unless ``posts_out`` asks for every row back with its
    ``campaign_id``), which keeps a wide scrape of a million rows within memory.
    """
    from tppo_detect.analysis.campaigns import group_campaigns

    start = time.perf_counter()
    columns = None if posts_out is not None else _grouping_columns(scored, text_col)
    df = read_scored(scored, columns)
    ids, campaigns = group_campaigns(
        df, text_col, threshold=threshold, min_size=min_size, max_contact_posts=max_contact_posts
    )
    write_csv(campaigns, output)
    if posts_out is not None:
        write_csv(df.assign(campaign_id=ids.fillna("")), posts_out)
    return CampaignRun(
        output=output,
        posts=len(df),
        campaigns=len(campaigns),
        linked_posts=int(ids.notna().sum()),
        top_id=str(campaigns.at[0, "campaign_id"]) if len(campaigns) else "",
        top_size=int(campaigns.at[0, "size"]) if len(campaigns) else 0,
        seconds=time.perf_counter() - start,
    )


def _grouping_columns(path: Path, text_col: str | None) -> list[str] | None:
    """The columns group_campaigns reads, found in the file's header (None = all)."""
    from tppo_detect.tables import (
        DATE_COLUMNS,
        ID_COLUMNS,
        PLATFORM_COLUMNS,
        TEXT_COLUMNS,
        find_column,
    )

    if path.suffix.lower() in PARQUET_SUFFIXES:
        pq = require("pyarrow.parquet", "parquet", "Masukan Parquet")
        header = list(pq.read_schema(path).names)
    else:
        header = list(read_scored(path, nrows=0).columns)
    wanted = [text_col or find_column(header, TEXT_COLUMNS)]
    for candidates in (DATE_COLUMNS, PLATFORM_COLUMNS, ID_COLUMNS):
        wanted.append(find_column(header, candidates))
    wanted += ["contacts", "risk_score", "risk_level", "signals"]
    chosen = [c for c in dict.fromkeys(wanted) if c is not None and c in header]
    return chosen if text_col is None or text_col in chosen else None


def report_command(
    scored_csv: ScoredCsv,
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Berkas HTML yang ditulis.")
    ] = Path("report.html"),
    model: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--model",
            help="Model untuk menyorot bukti pada contoh unggahan (default: model terbaru; "
            "tanpa model hanya kontak yang disorot).",
        ),
    ] = None,
    text_col: TextCol = None,
    campaigns_csv: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--campaigns", help="CSV dari `tppo-detect campaigns` (default: dihitung)."),
    ] = None,
    top_campaigns: Annotated[int, typer.Option(help="Jumlah kampanye yang ditampilkan.")] = 10,
    top_posts: Annotated[int, typer.Option(help="Jumlah unggahan berisiko tertinggi.")] = 20,
) -> None:
    """Tulis laporan HTML mandiri (satu berkas, tanpa server) untuk analis."""
    from tppo_detect.analysis.report_html import render_report

    if not scored_csv.exists():
        _fail(f"berkas tidak ditemukan: {scored_csv}")
    detector = _detector(model)
    df = read_scored(scored_csv)
    campaigns = read_scored(campaigns_csv) if campaigns_csv is not None else None
    try:
        html = render_report(
            df, campaigns, text_col=text_col, detector=detector, top_campaigns=top_campaigns,
            top_posts=top_posts, source_name=scored_csv.name,
        )  # fmt: skip
    except (ValueError, KeyError) as exc:
        _fail(str(exc))
        return
    output.write_text(html, encoding="utf-8")
    typer.echo(f"Laporan ditulis ke {output} ({thousands(len(df))} unggahan).")


def _detector(model: Path | None) -> Detector | None:
    """The model named by --model (errors are fatal), else the default one if there is one."""
    from tppo_detect.model.detector import Detector

    try:
        return Detector.load(model)
    except FileNotFoundError as exc:
        if model is not None:
            _fail(str(exc))
        typer.secho(
            "model tidak ditemukan: bukti tidak disorot, hanya kontak", err=True,
            fg=typer.colors.YELLOW,
        )  # fmt: skip
        return None
    except ValueError as exc:  # ModelIntegrityError: never use a model that fails its check
        _fail(str(exc))
        return None
