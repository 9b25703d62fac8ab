"""The newcomer walk (issue 15), for real: a fresh clone in a temporary folder, `make run` in
the background until /readyz, then `tppo-detect score` from another folder, `batch` on an Excel
file and on a JSON Lines file, and `/docs` with no external URL. Slow (it builds a venv from the
package index, with constraints.txt), so marked slow; CI runs it."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import httpx
import openpyxl
import pytest

REPO = Path(__file__).resolve().parents[1]
SCAM = "Dicari admin online Kamboja gaji 20jt, tiket ditanggung, paspor dibantu. WA 081234567890"

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_newcomer_clones_runs_and_scores(tmp_path: Path) -> None:
    if shutil.which("git") is None or shutil.which("make") is None:
        pytest.skip("git and make are needed for the newcomer walk")
    clone = tmp_path / "tppo-detect"
    subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], check=True, timeout=120)
    port = free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TPPO_", "VIRTUAL_ENV", "PYTHONPATH"))
    }
    env["XDG_DATA_HOME"] = str(tmp_path / "data-home")  # the user data directory, empty
    env["TPPO_MODEL_KEY_FILE"] = str(tmp_path / "model-signing.key")
    log = (tmp_path / "make-run.log").open("w")
    run = subprocess.Popen(
        ["make", "run", f"PORT={port}"],
        cwd=clone,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 900
        while True:
            assert run.poll() is None, (tmp_path / "make-run.log").read_text()[-3000:]
            try:
                if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "make run did not become ready"
            time.sleep(1)
        # the default model went to the user data directory (./models of a clone has none)
        assert list((tmp_path / "data-home" / "tppo-detect" / "models").glob("*/model_card.json"))

        cli = clone / ".venv" / "bin" / "tppo-detect"
        elsewhere = tmp_path / "somewhere-else"
        elsewhere.mkdir()
        scored = subprocess.run(
            [str(cli), "score", "--json", SCAM],
            cwd=elsewhere,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert scored.returncode == 0, scored.stderr
        assert json.loads(scored.stdout.splitlines()[0])["risk_level"] == "tinggi"

        book = openpyxl.Workbook()
        book.active.append(["id", "text"])
        book.active.append(["1", SCAM])
        book.active.append(["2", "Toko roti di Singaraja cari karyawan, kirim lamaran ke toko"])
        book.save(elsewhere / "laporan.xlsx")
        (elsewhere / "posts.jsonl").write_text(
            json.dumps({"caption": SCAM}) + "\n", encoding="utf-8"
        )
        for name, out in (("laporan.xlsx", "laporan.scored.xlsx"), ("posts.jsonl", "hasil.jsonl")):
            args = [str(cli), "batch", name, "--quiet"]
            if name.endswith(".jsonl"):
                args += ["-o", out]
            done = subprocess.run(
                args, cwd=elsewhere, env=env, capture_output=True, text=True, timeout=300
            )
            assert done.returncode == 0, done.stderr
            assert (elsewhere / out).exists()
        rows = list(openpyxl.load_workbook(elsewhere / "laporan.scored.xlsx").active.values)
        assert "risk_level" in rows[0] and len(rows) == 3
        record = json.loads((elsewhere / "hasil.jsonl").read_text(encoding="utf-8"))
        assert record["risk_level"] == "tinggi"

        docs = httpx.get(f"{url}/docs", timeout=10)
        assert docs.status_code == 200
        external = [
            u
            for u in re.findall(r"""(?:src|href)=["'](https?://[^"']+)""", docs.text)
            if not u.startswith(url)
        ]
        assert not external, external
    finally:
        os.killpg(run.pid, signal.SIGTERM)
        run.wait(timeout=60)
        log.close()
