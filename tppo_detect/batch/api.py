"""``score_file``: the one entry point the CLI, notebooks and the benchmark call.

It wires the parts together: an engine (local or Dask) sniffs the input and produces scored
chunks in order, the text column is chosen, a :class:`~tppo_detect.batch.sink.Sink` writes
rows, rejects and the checkpoint, and a :class:`~tppo_detect.batch.summary.BatchSummary`
reports what happened.
"""

from __future__ import annotations

import time
from contextlib import closing
from pathlib import Path
from typing import Any

# First: pandas is then imported when the first frame is built, not with the batch modules,
# so the local engine's workers are scoring the first chunk while this process imports it.
import tppo_detect.model.deferred  # noqa: F401
from tppo_detect.batch import formats
from tppo_detect.batch.checkpoint import Checkpoint, checkpoint_path
from tppo_detect.batch.columns import detect_text_column
from tppo_detect.batch.defaults import (
    CACHE_ENTRIES,
    CHUNK_SIZE,
    DASK_BLOCKSIZE,
    DASK_WORKERS,
    ENGINES,
    EXPLAIN,
)
from tppo_detect.batch.errors import BatchInputError
from tppo_detect.batch.local import LocalEngine
from tppo_detect.batch.progress import Reporter
from tppo_detect.batch.reader import InputInfo
from tppo_detect.batch.sink import Sink, rejects_path
from tppo_detect.batch.summary import BatchSummary
from tppo_detect.extras import require
from tppo_detect.labels import risk_level_rank
from tppo_detect.model.detector import Detector, explain_rank
from tppo_detect.numbers import thousands


def default_output(input_path: Path) -> Path:
    """``scrape.csv`` -> ``scrape.scored.csv`` next to the input; an Excel input gets an Excel
    output (``laporan.xlsx`` -> ``laporan.scored.xlsx``)."""
    suffix = ".xlsx" if input_path.suffix.lower() in (".xlsx", ".xlsm") else ".csv"
    return input_path.with_name(input_path.stem + ".scored" + suffix)


def _engine(
    engine: str,
    model: str | Path | Detector | None,
    *,
    scheduler: str | None,
    chunk_size: int,
    blocksize: int,
    n_workers: int,
    cache_entries: int,
    jobs: int | None,
    explain: str,
) -> Any:
    if engine == "local":
        detector = model if isinstance(model, Detector) else Detector.load(model)
        return LocalEngine(
            detector,
            chunk_size=chunk_size,
            cache_entries=cache_entries,
            jobs=jobs,
            explain=explain,
        )
    if jobs is not None:
        raise BatchInputError("--jobs hanya berlaku dengan --engine local (Dask: --workers)")
    require("dask.dataframe", "dask", "Mesin batch Dask (--engine dask)")
    require("distributed", "dask", "Mesin batch Dask (--engine dask)")
    from tppo_detect.batch.dask_engine import DaskEngine

    path = model.card.get("path") if isinstance(model, Detector) else model
    return DaskEngine(
        path,
        scheduler=scheduler,
        n_workers=n_workers,
        blocksize=blocksize,
        cache_entries=cache_entries,
        explain=explain,
    )


def _with_images(info: InputInfo, image_col: str, original_input: Path) -> InputInfo:
    from dataclasses import replace

    from tppo_detect.text.ocr import OcrUnavailable, check_tesseract

    if image_col not in info.header:
        raise BatchInputError(
            f"kolom gambar {image_col!r} tidak ada; kolom yang ada: {', '.join(info.header)}"
        )
    try:
        check_tesseract()
    except OcrUnavailable as exc:
        raise BatchInputError(str(exc)) from None
    return replace(info, image_col=image_col, image_dir=str(original_input.parent.absolute()))


def score_file(
    input: str | Path,
    output: str | Path | None = None,
    *,
    text_col: str | None = None,
    image_col: str | None = None,
    min_level: str | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    resume: bool = False,
    quiet: bool = False,
    model: str | Path | Detector | None = None,
    chunk_size: int = CHUNK_SIZE,
    encoding: str | None = None,
    delimiter: str | None = None,
    blocksize: int = DASK_BLOCKSIZE,
    n_workers: int = DASK_WORKERS,
    cache_entries: int = CACHE_ENTRIES,
    max_chunks: int | None = None,
    jobs: int | None = None,
    explain: str = EXPLAIN,
) -> BatchSummary:
    """Score every row of a scraped CSV and write ``output`` (CSV or Parquet) plus rejects.

    ``output`` defaults to ``<input>.scored.csv``; rejects go to ``<output>.rejects.csv``.
    ``image_col`` names a column of image paths (absolute, or relative to the input's folder):
    each row's image is read with OCR and scored with its text as the caption; a row whose
    image cannot be read is rejected with its line number (Tesseract: ``tppo_detect.text.ocr``).
    ``max_chunks`` stops after that many chunks (Dask: partitions) and leaves a checkpoint, as
    an interrupted run would; ``resume=True`` continues from it. Raises
    :class:`~tppo_detect.batch.errors.BatchInputError` for problems the user can fix.

    ``jobs`` (local engine): worker processes scoring chunks, default every core this process
    may use, 1 = in this process; the output order is the input's whatever ``jobs``.
    ``explain``: ``sedang`` (default) fills ``signals``, ``contacts`` and ``next_steps`` for
    posts at ``sedang`` and above only, ``tinggi`` for ``tinggi`` only, ``all`` for every post;
    probabilities and levels are the same whatever it is.
    """
    started = time.perf_counter()
    if engine not in ENGINES:
        raise BatchInputError(f"mesin {engine!r} tidak dikenal (pilihan: {', '.join(ENGINES)})")
    if scheduler and engine != "dask":
        raise BatchInputError("--scheduler hanya berlaku dengan --engine dask")
    try:
        explain_rank(explain)
    except ValueError as exc:
        raise BatchInputError(str(exc)) from None
    if jobs is not None and jobs < 1:
        raise BatchInputError("--jobs minimal 1")
    if min_level is not None:
        try:
            risk_level_rank(min_level)
        except ValueError as exc:
            raise BatchInputError(str(exc)) from None
    original_input = input_path = Path(input)
    output_path = Path(output) if output is not None else default_output(input_path)
    out_format = formats.output_format(output_path)  # unknown extensions refused before work
    taken = {input_path.absolute()}
    if output_path.absolute() in taken or rejects_path(output_path).absolute() in taken:
        raise BatchInputError("berkas keluaran tidak boleh sama dengan berkas masukan")
    kind = formats.input_format(input_path)
    converted: Path | None = None
    if kind != "csv":
        # Excel/JSON/Parquet are scored from a CSV copy next to the output (formats module).
        output_path.parent.mkdir(parents=True, exist_ok=True)
        converted = output_path.with_name(output_path.name + ".masukan.csv")
        input_path = formats.convert_to_csv(input_path, kind, converted)
    reporter = Reporter(quiet=quiet)
    runner = _engine(
        engine,
        model,
        scheduler=scheduler,
        chunk_size=chunk_size,
        blocksize=blocksize,
        n_workers=n_workers,
        cache_entries=cache_entries,
        jobs=jobs,
        explain=explain,
    )
    with runner, reporter:
        info = runner.inspect(input_path, encoding=encoding, delimiter=delimiter)
        choice = detect_text_column(info.header, text_col)
        reporter.info(choice.describe())
        if image_col is not None:
            info = _with_images(info, image_col, original_input)
            reporter.info(f"kolom gambar {image_col!r}: teks gambar dibaca dengan OCR")
        reporter.info(f"encoding {info.encoding}, pemisah kolom {info.delimiter!r}")
        settings = {
            "input": info.fingerprint(),
            "encoding": info.encoding,
            "delimiter": info.delimiter,
            "header": info.header,
            "text_col": choice.name,
            "image_col": image_col,
            "min_level": min_level,
            "model_version": runner.model_version,
            "output_format": out_format,
            "explain": explain,
        }
        cp_path = checkpoint_path(output_path)
        previous: Checkpoint | None = None
        if resume and cp_path.exists():
            previous = Checkpoint.load(cp_path)
            previous.check_settings(settings, cp_path)
            reporter.info(
                f"melanjutkan: {thousands(previous.position.record)} baris data sudah selesai, "
                f"mulai dari baris berkas {thousands(previous.position.line + 1)}"
            )
        elif resume:
            reporter.info("tidak ada checkpoint untuk dilanjutkan; mulai dari awal")
        elif cp_path.exists():
            reporter.info("checkpoint lama diabaikan (pakai --resume untuk melanjutkan)")
        sink = Sink(
            output_path,
            info.header,
            info.delimiter,
            start=info.data_start,
            settings=settings,
            min_level=min_level,
            resume=previous,
        )
        read_before = sink.counts.rows_read
        reporter.start(info.size, sink.position.offset)
        try:
            with closing(runner.chunks(info, choice.name, sink.position)) as chunks:
                for n, (frame, block) in enumerate(chunks, 1):
                    sink.write(frame, block)
                    reporter.advance(block.nbytes)
                    if max_chunks is not None and n >= max_chunks:
                        break
        except BaseException:
            sink.close()
            raise
        complete = sink.position.offset >= info.size
        if complete:
            sink.finish()
            if converted is not None:
                converted.unlink(missing_ok=True)
        else:
            sink.close()
    return BatchSummary(
        input=str(original_input),
        output=str(output_path),
        rejects=str(sink.rejects_path),
        engine=runner.name,
        encoding=info.encoding,
        delimiter=info.delimiter,
        text_column=choice.name,
        text_column_source=choice.source,
        model_version=runner.model_version,
        min_level=min_level,
        counts=sink.counts,
        seconds=time.perf_counter() - started,
        rows_this_run=sink.counts.rows_read - read_before,
        resumed_from=previous.position.record if previous else None,
        complete=complete,
    )
