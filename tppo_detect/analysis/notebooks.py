"""Running the analyst notebooks headless, and the small decisions they share.

The notebooks in ``notebooks/`` open with a cell tagged ``parameters`` (data paths, models
folder, hyper-parameters). :func:`run_notebook` executes a notebook the way papermill does:
it inserts a cell tagged ``injected-parameters`` right after that cell, so a run's values
override the defaults while the notebook file itself stays untouched. The test suite and CI use
this to execute every notebook on the shipped corpus against a temporary models folder.

The notebooks themselves import the small helpers below (the promotion gate, evidence
formatting), so they are unit-tested here instead of living untested in notebook cells.
nbclient/nbformat are imported lazily: they are development dependencies.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from tppo_detect.labels import TARGETS

if TYPE_CHECKING:
    from nbformat import NotebookNode

PARAMETERS_TAG: Final = "parameters"
INJECTED_TAG: Final = "injected-parameters"
#: Tag of the cell whose stdout is the notebook's machine-readable summary (one JSON object).
SUMMARY_TAG: Final = "summary"


def _literal(name: str, value: Any) -> str:
    """``NAME = <python literal>``; paths become strings so the cell is plain Python."""
    if isinstance(value, Path):
        value = str(value)
    elif isinstance(value, (list, tuple)):
        value = type(value)(str(v) if isinstance(v, Path) else v for v in value)
    if not name.isidentifier():
        raise ValueError(f"parameter name is not a Python identifier: {name!r}")
    text = f"{name} = {value!r}"
    try:
        compile(text, "<parameters>", "exec")
    except SyntaxError as exc:  # e.g. an object whose repr is not a literal
        raise ValueError(f"parameter {name} has no literal form: {value!r}") from exc
    return text


def parameter_cell_index(nb: NotebookNode) -> int:
    """Index of the cell tagged ``parameters``; a notebook without one cannot take parameters."""
    for i, cell in enumerate(nb.cells):
        if PARAMETERS_TAG in cell.get("metadata", {}).get("tags", []):
            return i
    raise ValueError("notebook has no cell tagged 'parameters'")


def inject_parameters(nb: NotebookNode, parameters: Mapping[str, Any]) -> NotebookNode:
    """Insert (or replace) the ``injected-parameters`` cell after the ``parameters`` cell.

    Unknown names are refused: a typo ("MODEL_DIR") would otherwise silently run the notebook
    with its default and, for the retrain notebook, touch the real ``models/``.
    """
    import nbformat

    index = parameter_cell_index(nb)
    defaults = _assigned_names(nb.cells[index].source)
    unknown = sorted(set(parameters) - defaults)
    if unknown:
        raise ValueError(
            f"unknown notebook parameters {unknown}; the parameters cell defines {sorted(defaults)}"
        )
    nb.cells = [c for c in nb.cells if INJECTED_TAG not in c.get("metadata", {}).get("tags", [])]
    lines = ["# Parameters of this run (inserted by tppo_detect.analysis.notebooks.run_notebook)"]
    lines += [_literal(name, value) for name, value in parameters.items()]
    cell = nbformat.v4.new_code_cell("\n".join(lines), metadata={"tags": [INJECTED_TAG]})
    nb.cells.insert(index + 1, cell)
    return nb


def _assigned_names(source: str) -> set[str]:
    import ast

    names: set[str] = set()
    for node in ast.parse(source).body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign):
            targets = [node.target]
        names.update(t.id for t in targets if isinstance(t, ast.Name))
    return names


def run_notebook(
    path: str | Path,
    parameters: Mapping[str, Any] | None = None,
    cwd: str | Path | None = None,
    *,
    timeout: int = 600,
    kernel_name: str = "python3",
) -> NotebookNode:
    """Execute a notebook top to bottom with ``parameters``; return the executed notebook.

    ``cwd`` defaults to the notebook's folder (where Jupyter Lab would run it). The kernel is
    ``python3``, which jupyter_client starts with this process's interpreter (``sys.executable``),
    i.e. the project venv. A failing cell raises ``nbclient.exceptions.CellExecutionError`` with
    the cell's traceback.
    """
    import nbformat
    from nbclient import NotebookClient

    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    if parameters:
        inject_parameters(nb, parameters)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name=kernel_name,
        resources={"metadata": {"path": str(Path(cwd) if cwd else path.parent)}},
    )
    client.execute()
    return nb


def cell_stdout(nb: NotebookNode, tag: str) -> str:
    """Concatenated stdout of the (first) cell tagged ``tag`` in an executed notebook."""
    for cell in nb.cells:
        if tag in cell.get("metadata", {}).get("tags", []):
            return "".join(
                o.get("text", "")
                for o in cell.get("outputs", [])
                if o.get("output_type") == "stream" and o.get("name") == "stdout"
            )
    raise ValueError(f"no cell tagged {tag!r}")


def summary(nb: NotebookNode) -> dict[str, Any]:
    """The JSON object printed by the executed notebook's ``summary`` cell."""
    return json.loads(cell_stdout(nb, SUMMARY_TAG))


@dataclass(frozen=True)
class PromotionDecision:
    """Whether a candidate may replace ``LATEST``, and the reason analysts read."""

    promote: bool
    reason: str


def promotion_decision(
    requested: bool,
    candidate: Mapping[str, Any],
    current: Mapping[str, Any] | None,
) -> PromotionDecision:
    """The retrain notebook's gate: promote only on request and when not worse on held-out.

    ``candidate`` and ``current`` are :func:`tppo_detect.training.train.evaluate` results on the
    SAME held-out rows (``current`` is ``None`` when there is no ``LATEST`` yet). "Not worse" means
    macro-F1 at least the current model's; ties promote, so retraining on the same data with
    new feedback rows is not blocked by a draw.
    """
    cand = float(candidate["macro_f1"])
    if current is None:
        if requested:
            return PromotionDecision(
                True, f"belum ada LATEST; kandidat (macro-F1 {cand:.3f}) dipakai"
            )
        return PromotionDecision(False, "PROMOTE = False: kandidat disimpan tanpa mengubah LATEST")
    cur = float(current["macro_f1"])
    compare = f"macro-F1 kandidat {cand:.3f} vs LATEST {cur:.3f}"
    if not requested:
        return PromotionDecision(False, f"PROMOTE = False ({compare}): LATEST tidak diubah")
    if cand < cur:
        return PromotionDecision(False, f"kandidat lebih buruk ({compare}): LATEST tidak diubah")
    worse = [t for t in TARGETS if float(candidate[t]["f1"]) < float(current[t]["f1"])]
    note = f"; F1 turun untuk {', '.join(worse)}" if worse else ""
    return PromotionDecision(True, f"kandidat tidak lebih buruk ({compare}){note}: dipromosikan")


def highlight_html(text: str, evidence: Sequence[Any]) -> str:
    """``text`` as HTML with each evidence span (``start``/``end`` into the original text)
    wrapped in ``<mark>``; overlapping spans are merged and titled with all their signals. The
    report's highlighter (one home for evidence marks), with line breaks kept.

    Everything outside the marks is escaped, so a scraped post cannot inject markup into the
    notebook.
    """
    from tppo_detect.analysis.report_html import evidence_class, highlight

    spans = [
        (e.start, e.end, evidence_class(e.family), f"{e.signal}: {e.description}") for e in evidence
    ]
    return highlight(text, spans).replace("\n", "<br>")


def evidence_summary(evidence: Sequence[Any], max_chars: int = 60) -> str:
    """Evidence as one short line per post: ``signal: «surface», «surface»; ...``.

    A signal that matched the same words several times ("Malaysia" in the title and the body)
    is listed once with its distinct surfaces, and long surfaces are cut at ``max_chars``, so
    tables of errors stay readable (the full spans are in ``Score.evidence``).
    """
    by_signal: dict[str, dict[str, str]] = {}
    for e in evidence:
        surface = " ".join(e.text.split())
        if len(surface) > max_chars:
            surface = surface[: max_chars - 1] + "…"
        by_signal.setdefault(e.signal, {}).setdefault(surface.lower(), surface)
    return "; ".join(
        f"{signal}: " + ", ".join(f"«{s}»" for s in surfaces.values())
        for signal, surfaces in by_signal.items()
    )


def lexicon_difference(
    texts: Sequence[str], before: str | None, after: str | None
) -> dict[str, Any]:
    """What changing the red-flag lexicon (text ``before`` → ``after``; None: the packaged one)
    does to the posts ``texts``: signals added/removed, posts per signal before and after
    (only signals whose count changed), and each post whose signals changed. Detection as
    scoring does it (negation included)."""
    from tppo_detect.model.features import SignalIndicators
    from tppo_detect.text.preprocess import prepare_one

    old = SignalIndicators(lexicon_source=before).fit([])
    new = SignalIndicators(lexicon_source=after).fit([])
    counts: dict[str, list[int]] = {}
    rows = []
    for i, text in enumerate(texts):
        doc = prepare_one(text)
        a = {old.lexicon.ids[h] for h in old.hits(doc)}
        b = {new.lexicon.ids[h] for h in new.hits(doc)}
        for sid in a:
            counts.setdefault(sid, [0, 0])[0] += 1
        for sid in b:
            counts.setdefault(sid, [0, 0])[1] += 1
        if a != b:
            rows.append({"row": i, "lost": sorted(a - b), "gained": sorted(b - a)})
    return {
        "added": sorted(set(new.lexicon.ids) - set(old.lexicon.ids)),
        "removed": sorted(set(old.lexicon.ids) - set(new.lexicon.ids)),
        "per_signal": {
            sid: {"before": n, "after": m} for sid, (n, m) in sorted(counts.items()) if n != m
        },
        "rows": rows,
    }
