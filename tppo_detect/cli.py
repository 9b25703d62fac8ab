"""The ``tppo-detect`` command line: a thin layer over the library.

Every command parses options, calls one library function and prints its result; no logic lives
here that a notebook or the service would need too.
"""

from __future__ import annotations

import atexit
import gc
import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from tppo_detect.model.artifacts import default_models_dir
from tppo_detect.model.hyperparams import DEFAULTS

app = typer.Typer(
    help="Deteksi tawaran kerja ilegal (TPPO) dan penipuan online pada unggahan media sosial.",
    no_args_is_help=True,
    add_completion=False,
)

ModelsDir = Annotated[
    Optional[Path],  # noqa: UP045 - typer needs Optional on Python 3.10
    typer.Option(
        "--models-dir",
        help="Folder model (bawaan: $TPPO_MODELS_DIR, lalu ./models bila berisi model, lalu "
        "folder data pengguna; lihat `tppo-detect models-dir`).",
    ),
]
ModelPath = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option("--model", help="Folder versi model atau folder models/ dengan LATEST."),
]


def _fail(message: str) -> None:
    typer.secho(message, err=True, fg=typer.colors.RED)
    raise typer.Exit(code=2)


@app.command()
def train(
    data: Annotated[list[Path], typer.Option("--data", help="CSV berlabel (boleh diulang).")],
    models_dir: ModelsDir = None,
    version: Annotated[Optional[str], typer.Option(help="Nama versi (default: otomatis).")] = None,  # noqa: UP045
    c: Annotated[float, typer.Option("--C", help="Regularisasi regresi logistik.")] = DEFAULTS.C,
    min_df: Annotated[
        int, typer.Option(help="Frekuensi dokumen minimum sebuah term.")
    ] = DEFAULTS.min_df,
    signal_weight: Annotated[
        float, typer.Option(help="Bobot fitur tanda bahaya.")
    ] = DEFAULTS.signal_weight,
    context_weight: Annotated[
        float, typer.Option(help="Bobot fitur konteks.")
    ] = DEFAULTS.context_weight,
    seed: Annotated[int, typer.Option(help="Seed untuk CV dan model.")] = DEFAULTS.seed,
    no_promote: Annotated[
        bool, typer.Option("--no-promote", help="Jangan pindahkan LATEST ke model baru.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Cetak model card sebagai JSON.")] = False,
    lexicon: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--lexicon", help="Berkas leksikon tanda bahaya (default: bawaan)."),
    ] = None,
) -> None:
    """Latih model, evaluasi pada data uji, simpan ke models/<versi>/ dan perbarui LATEST."""
    from tppo_detect.training.schema import SchemaError
    from tppo_detect.training.train import TrainConfig
    from tppo_detect.training.train import train as run_train

    config = TrainConfig(
        C=c, min_df=min_df, seed=seed, signal_weight=signal_weight, context_weight=context_weight
    )
    try:
        lexicon_source = lexicon.read_text(encoding="utf-8") if lexicon is not None else None
        result = run_train(
            data, models_dir or default_models_dir(), config=config, version=version,
            promote=not no_promote, lexicon_source=lexicon_source,
        )  # fmt: skip
    except (SchemaError, ValueError, OSError) as exc:
        _fail(str(exc))
        return
    if as_json:
        typer.echo(json.dumps(result.card, ensure_ascii=False, indent=2))
        return
    from tppo_detect.analysis.report import format_training

    typer.echo(format_training(result.card, result.model_dir))


@app.command()
def evaluate(
    data: Annotated[Path, typer.Option("--data", help="CSV berlabel: text + dua kolom label.")],
    model: ModelPath = None,
    split: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            help="Baris split mana yang diukur: bawaan test bila berkas punya kolom split "
            "(baris latih hanya mengukur hafalan), 'semua' untuk setiap baris."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Cetak metrik sebagai JSON.")] = False,
) -> None:
    """Ukur model pada CSV berlabel mana pun (precision, recall, F1, PR-AUC, Brier)."""
    from tppo_detect.analysis.report import format_metrics, metrics_contract
    from tppo_detect.model.detector import Detector
    from tppo_detect.training.schema import SchemaError
    from tppo_detect.training.train import evaluate_file

    try:
        detector = Detector.load(model)
        metrics = evaluate_file(detector, data, split=split)
    except (SchemaError, ValueError, FileNotFoundError) as exc:
        _fail(str(exc))
        return
    if as_json:
        typer.echo(json.dumps(metrics_contract(metrics), ensure_ascii=False))
    else:
        rows = "semua baris" if metrics["split"] == "semua" else f"split {metrics['split']}"
        typer.echo(
            format_metrics(metrics, title=f"Evaluasi {data}, {rows} (model {detector.version})")
        )


@app.command()
def score(
    texts: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Argument(help="Teks unggahan; '-' atau kosong = baca per baris dari stdin."),
    ] = None,
    model: ModelPath = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Satu objek JSON per teks (kontrak mesin).")
    ] = False,
    platform: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            help="Asal unggahan (facebook, instagram, x, tiktok, whatsapp, telegram, web) "
            "atau tautannya; menambah jalur lapor platform itu ke langkah lanjut."
        ),
    ] = None,
    draft: Annotated[
        bool,
        typer.Option("--draft", help="Sertakan draf peringatan publik (kontak disamarkan)."),
    ] = False,
    images: Annotated[
        Optional[list[Path]],  # noqa: UP045
        typer.Option(
            "--image",
            help="Gambar unggahan (PNG, JPEG, WebP; boleh diulang): teksnya dibaca dengan OCR "
            "(Tesseract) lalu diskor; bukti diberi kotak letaknya di gambar.",
        ),
    ] = None,
) -> None:
    """Skor satu atau beberapa unggahan dan tampilkan tingkat risiko beserta buktinya."""
    from tppo_detect.analysis.report import format_score
    from tppo_detect.model.detector import Detector
    from tppo_detect.model.next_steps import platform_of
    from tppo_detect.model.warning_draft import draft_for_score

    if images:
        if texts:
            _fail("--image tidak bisa digabung dengan teks; skor gambar dan teks secara terpisah")
        _score_images(images, model, as_json=as_json, platform=platform)
        return
    if not texts or texts == ["-"]:
        texts = [line.rstrip("\n") for line in sys.stdin if line.strip()]
    if not texts:
        _fail("tidak ada teks untuk diskor")
    try:
        detector = Detector.load(model)
    except (ValueError, FileNotFoundError) as exc:
        _fail(str(exc))
        return
    where = platform_of(platform)
    if platform is not None and where is None:
        _fail(f"platform {platform!r} tidak dikenal (facebook, instagram, x, tiktok, whatsapp, "
              "telegram, web, atau tautan unggahannya)")  # fmt: skip
    results = detector.score(texts, platforms=[where] * len(texts))
    for text, result in zip(texts, results, strict=True):
        warning = draft_for_score(result) if draft else None
        if as_json:
            out = result.to_dict()
            if draft:
                out["draft"] = warning
            typer.echo(json.dumps(out, ensure_ascii=False))
        else:
            typer.echo(format_score(text, result))
            if warning:
                typer.echo("\n" + warning + "\n")


def _score_images(
    images: list[Path], model: Path | None, *, as_json: bool, platform: str | None
) -> None:
    from tppo_detect.analysis.report import format_image_score
    from tppo_detect.model.detector import Detector
    from tppo_detect.model.next_steps import platform_of
    from tppo_detect.text.ocr import ImageError, OcrUnavailable, check_tesseract, score_image

    where = platform_of(platform)
    if platform is not None and where is None:
        _fail(f"platform {platform!r} tidak dikenal")
    try:
        check_tesseract()
        detector = Detector.load(model)
    except (ValueError, FileNotFoundError, OcrUnavailable) as exc:
        _fail(str(exc))
        return
    failed = False
    for path in images:
        try:
            result = score_image(detector, path, platform=where)
        except ImageError as exc:
            typer.secho(f"{path}: {exc}", err=True, fg=typer.colors.RED)
            failed = True
            continue
        if as_json:
            out = {"image": str(path), **result.to_dict()}
            typer.echo(json.dumps(out, ensure_ascii=False))
        else:
            typer.echo(format_image_score(str(path), result))
    if failed:
        raise typer.Exit(code=2)


@app.command("models-dir")
def models_dir_command() -> None:
    """Cetak folder model bawaan (aturan: $TPPO_MODELS_DIR, ./models bila berisi model, lalu
    folder data pengguna)."""
    typer.echo(str(default_models_dir()))


@app.command("corpus-check")
def corpus_check(
    data: Annotated[Path, typer.Option("--data")] = Path("data/posts.csv"),
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Periksa korpus: skema, jumlah per label/jenis, duplikat mirip, kebocoran train/test."""
    from tppo_detect.training.corpus import check_corpus
    from tppo_detect.training.schema import SchemaError

    try:
        report = check_corpus(data)
    except SchemaError as exc:
        _fail(str(exc))
        return
    if as_json:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        typer.echo(report.format())
    if not report.ok:
        raise typer.Exit(code=1)


#: Entry-point group through which other installed parts (the HTTP service: `serve`, `keys`)
#: add their commands: the core never imports a face by name.
COMMANDS_GROUP = "tppo_detect.commands"


#: Names under which this program runs (the installed script, ``python -m tppo_detect.cli``).
PROGRAM_NAMES = frozenset({"tppo-detect", "cli.py"})


def _core_names() -> set[str]:
    """The commands and command groups defined in this package."""
    names = {c.name or c.callback.__name__.replace("_", "-") for c in app.registered_commands}
    return names | {g.name for g in app.registered_groups if g.name}


def runs_core_command(argv: list[str], core: set[str]) -> bool:
    """Whether ``argv`` is this program running one of the ``core`` commands (``tppo-detect
    batch ...``): the commands of other packages are then not loaded, which would only add
    their imports (the service's settings) to the start-up of a batch run."""
    return len(argv) > 1 and Path(argv[0]).name in PROGRAM_NAMES and argv[1] in core


def _mount() -> None:
    """Commands that live beside the features they drive (one module each), then the commands
    other installed packages register under :data:`COMMANDS_GROUP` (unless the command line
    runs one of ours: :func:`runs_core_command`)."""
    from tppo_detect.batch.cli import batch_command
    from tppo_detect.campaigns_cli import campaigns_command, report_command
    from tppo_detect.lexicon_cli import lexicon_app

    app.command("batch")(batch_command)
    app.command("campaigns")(campaigns_command)
    app.command("report")(report_command)
    app.add_typer(lexicon_app, name="lexicon")
    if runs_core_command(sys.argv, _core_names()):
        # This process ends with the command. At exit the interpreter's garbage collector
        # would walk every object of scikit-learn, SciPy, pandas and the model once more
        # (~0.15 s, most of what a run spends exiting): frozen, they are left to the OS.
        # (atexit runs its functions last-registered first: this one after the others.)
        atexit.register(gc.freeze)
        return
    from importlib.metadata import entry_points

    for ep in sorted(entry_points(group=COMMANDS_GROUP), key=lambda e: e.name):
        ep.load()(app)


_mount()

if __name__ == "__main__":
    app()
