"""The sidecar file that makes ``--resume`` exact.

After every chunk the run appends the chunk's rows and rejects, syncs both files, then
atomically replaces ``OUT.checkpoint.json`` with: where the next input record starts (byte
offset, line, record number), the sizes of the output and rejects files, and the counters so
far. A run killed at any moment leaves a checkpoint that describes a consistent prefix; resume
truncates the outputs to the recorded sizes (dropping a half-written chunk) and reads on from
the recorded offset, so no row is duplicated or lost. The checkpoint also records the input's
identity and the options, and refuses to resume a different file or different settings.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from tppo_detect.batch.errors import BatchInputError
from tppo_detect.batch.reader import Position
from tppo_detect.batch.summary import Counts

FORMAT_VERSION: Final = 1


def checkpoint_path(output: Path) -> Path:
    return output.with_name(output.name + ".checkpoint.json")


@dataclass
class Checkpoint:
    """Progress of one run; ``settings`` must match for a resume to be allowed."""

    settings: dict[str, Any]
    position: Position
    output_position: int
    rejects_position: int
    counts: Counts

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT_VERSION,
            "settings": self.settings,
            "position": self.position.to_dict(),
            "output_position": self.output_position,
            "rejects_position": self.rejects_position,
            "counts": self.counts.to_dict(),
        }

    def save(self, path: Path) -> None:
        tmp = path.with_name(path.name + ".tmp")
        with tmp.open("w", encoding="utf-8") as fh:
            json.dump(self.to_dict(), fh, ensure_ascii=False, indent=1)
            fh.flush()
            os.fsync(fh.fileno())
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> Checkpoint:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT_VERSION:
                raise ValueError(f"format {data.get('format')!r}")
            return cls(
                settings=data["settings"],
                position=Position(**data["position"]),
                output_position=int(data["output_position"]),
                rejects_position=int(data["rejects_position"]),
                counts=Counts.from_dict(data["counts"]),
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise BatchInputError(
                f"checkpoint {path} tidak dapat dibaca ({exc}); jalankan ulang tanpa --resume"
            ) from None

    def check_settings(self, settings: dict[str, Any], path: Path) -> None:
        """Refuse to resume when the input file or an option differs from the first run."""
        diffs = [
            f"{key}: {self.settings.get(key)!r} -> {value!r}"
            for key, value in settings.items()
            if self.settings.get(key) != value
        ]
        if diffs:
            raise BatchInputError(
                f"checkpoint {path} dibuat untuk masukan/pengaturan lain, tidak bisa dilanjutkan "
                f"({'; '.join(diffs)}). Jalankan ulang tanpa --resume untuk mulai dari awal."
            )
