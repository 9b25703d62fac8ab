"""The ``tppo-detect batch`` command, mounted by the main CLI with
``app.command("batch")(batch_command)``.

It only parses options, calls :func:`~tppo_detect.batch.api.score_file` and prints the summary
(stdout); messages and the progress bar go to stderr.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from tppo_detect.batch.defaults import CHUNK_SIZE, DASK_WORKERS, ENGINES, EXPLAIN
from tppo_detect.batch.errors import BatchInputError
from tppo_detect.labels import EXPLAIN_ALL


def batch_command(
    input: Annotated[
        Path,
        typer.Argument(
            metavar="IN",
            help="Hasil scraping (X, FB, IG, TikTok): CSV/TSV, Excel .xlsx, JSON Lines .jsonl, "
            "larik JSON .json, atau Parquet.",
        ),
    ],
    output: Annotated[
        Optional[Path],  # noqa: UP045 - typer needs Optional on Python 3.10
        typer.Option(
            "-o",
            "--output",
            metavar="OUT",
            help="OUT.csv, .tsv, .xlsx, .jsonl atau .parquet (bawaan: IN.scored.csv; masukan "
            ".xlsx -> IN.scored.xlsx). Ekstensi lain ditolak. Baris ditolak ke OUT.rejects.csv.",
        ),
    ] = None,
    text_col: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--text-col", help="Kolom teks (default: dideteksi otomatis)."),
    ] = None,
    image_col: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--image-col",
            help="Kolom berisi path gambar unggahan (absolut atau relatif ke folder berkas "
            "masukan): teks gambar dibaca dengan OCR dan diskor bersama teks/keterangannya.",
        ),
    ] = None,
    min_level: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--min-level", help="Hanya tulis baris berisiko ini ke atas: sedang|tinggi."),
    ] = None,
    engine: Annotated[
        str, typer.Option("--engine", help=f"Mesin: {' atau '.join(ENGINES)}.")
    ] = "local",
    scheduler: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--scheduler", help="Cluster Dask yang sudah ada, mis. tcp://10.0.0.5:8786."),
    ] = None,
    workers: Annotated[
        int, typer.Option("--workers", help="Jumlah worker LocalCluster (tanpa --scheduler).")
    ] = DASK_WORKERS,
    resume: Annotated[
        bool, typer.Option("--resume", help="Lanjutkan proses yang terputus (checkpoint).")
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Tanpa pesan dan progress bar.")
    ] = False,
    model: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--model", help="Folder versi model atau folder models/ dengan LATEST."),
    ] = None,
    delimiter: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--delimiter", help="Pemisah kolom (default: dideteksi; '\\t' untuk tab)."),
    ] = None,
    encoding: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--encoding", help="Encoding (default: dideteksi: utf-8/utf-8-sig/cp1252)."),
    ] = None,
    chunk_size: Annotated[
        int, typer.Option("--chunk-size", help="Baris per potongan (mesin local).", min=1)
    ] = CHUNK_SIZE,
    jobs: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Proses penilai (mesin local; bawaan: semua inti CPU; 1 = dalam proses ini).",
        ),
    ] = None,
    explain: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--explain",
            help=f"Unggahan yang diberi sinyal, kontak dan langkah lanjut: {EXPLAIN} (bawaan: "
            "sedang ke atas), tinggi, atau all (semua unggahan; lebih lambat; bawaan dengan "
            "--campaigns, yang mengelompokkan menurut kontak). Peluang dan tingkat risiko sama "
            "apa pun pilihannya.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Ringkasan sebagai JSON.")] = False,
    campaigns: Annotated[
        bool,
        typer.Option(
            "--campaigns",
            help="Setelah selesai, kelompokkan unggahan menjadi kampanye (OUT.campaigns.csv).",
        ),
    ] = False,
) -> None:
    """Skor seluruh CSV hasil scraping per potongan; tulis hasil, baris ditolak dan ringkasan."""
    from tppo_detect.model.artifacts import gc_paused

    # the engines (scikit-learn, the model) load when a batch starts, not for `--help`
    with gc_paused():  # modules only: nothing for the collector to find
        from tppo_detect.batch.api import default_output, score_file
        from tppo_detect.batch.sink import rejects_path

    if delimiter == "\\t":
        delimiter = "\t"
    try:
        summary = score_file(
            input,
            output,
            text_col=text_col,
            image_col=image_col,
            min_level=min_level,
            engine=engine,
            scheduler=scheduler,
            n_workers=workers,
            resume=resume,
            quiet=quiet,
            model=model,
            delimiter=delimiter,
            encoding=encoding,
            chunk_size=chunk_size,
            jobs=jobs,
            # campaigns are grouped by contacts: every post needs its own
            explain=explain or (EXPLAIN_ALL if campaigns else EXPLAIN),
        )
    except (BatchInputError, FileNotFoundError, ValueError) as exc:
        typer.secho(str(exc), err=True, fg=typer.colors.RED)
        raise typer.Exit(code=2) from None
    except KeyboardInterrupt:
        out = output or default_output(input)
        typer.secho(
            f"dihentikan. Hasil sejauh ini aman di {out} (ditolak: {rejects_path(out)}); "
            "jalankan perintah yang sama dengan --resume untuk melanjutkan.",
            err=True,
            fg=typer.colors.YELLOW,
        )
        raise typer.Exit(code=130) from None
    if as_json:
        typer.echo(json.dumps(summary.to_dict(), ensure_ascii=False))
    else:
        typer.echo(summary.format())
    if not summary.consistent:
        raise typer.Exit(code=1)
    if campaigns and summary.output.endswith(".csv"):
        from tppo_detect.campaigns_cli import campaigns_for_file

        out = Path(summary.output)
        run = campaigns_for_file(
            out, out.with_name(out.stem + ".campaigns.csv"), text_col=summary.text_column
        )
        typer.echo(run.format(), err=as_json)
    elif campaigns:
        typer.secho("--campaigns membutuhkan keluaran CSV", err=True, fg=typer.colors.YELLOW)
