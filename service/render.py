"""The scoring answers as JSON, built where the scoring happens.

A 1.000-post answer with evidence, contacts and warning drafts is ~11 MB of JSON and ~0,8 s of
Python to build and validate. Built in the service process it would hold that process's GIL
while its event loop has requests to answer, so the scoring children (``service.scoring``)
build each result's JSON themselves — validated by :class:`~service.schemas.ScoreResult`, as
FastAPI would — and hand back the bytes with a light copy of the score (level and contacts,
what the service process still needs for metrics and ``seen_before``). The service process only
splices in ``seen_before`` and the request's id.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from typing import Any

from tppo_detect.model.detector import Score
from tppo_detect.model.warning_draft import draft_for_score

from .schemas import ScoreResult
from .sightings import NOT_SEEN, SeenBefore


def draft(result: Score) -> dict[str, str] | None:
    """Both versions of the warning draft, so the page can switch without asking again."""
    masked = draft_for_score(result)
    if masked is None:
        return None
    return {"masked": masked, "with_contacts": draft_for_score(result, show_contacts=True) or ""}


@dataclasses.dataclass(frozen=True, slots=True)
class Rendered:
    """One scored post: its answer's JSON without ``seen_before``, and a light score (no
    evidence, terms, explanation or next steps) for metrics and contact sightings."""

    score: Score
    fragment: bytes


def render(results: Sequence[Score]) -> list[Rendered]:
    out = []
    for r in results:
        item = ScoreResult.model_validate(
            {**r.to_dict(), "seen_before": NOT_SEEN.to_dict(), "draft": draft(r)}
        )
        light = dataclasses.replace(r, evidence=[], top_terms=[], explanation="", next_steps=[])
        out.append(Rendered(light, item.model_dump_json(exclude={"seen_before"}).encode()))
    return out


def batch_body(
    request_id: str, version: str, rendered: Sequence[Rendered], seen: Sequence[SeenBefore]
) -> bytes:
    """The batch answer (:class:`~service.schemas.BatchOut`) from rendered results."""
    head: dict[str, Any] = {"request_id": request_id, "model_version": version}
    head["count"] = len(rendered)
    items = [
        r.fragment[:-1] + b',"seen_before":' + json.dumps(s.to_dict()).encode() + b"}"
        for r, s in zip(rendered, seen, strict=True)
    ]
    return json.dumps(head).encode()[:-1] + b',"results":[' + b",".join(items) + b"]}"
