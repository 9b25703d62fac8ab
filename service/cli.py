"""Command-line pieces the main ``tppo-detect`` CLI mounts: ``keys`` and ``serve``.

Kept here (not in tppo_detect/cli.py) so the core library does not import the web stack.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from datetime import UTC
from pathlib import Path
from typing import Annotated, Optional

import typer

from .datadir import secure_data_dir
from .devmode import DEV_MODE_BANNER, DEV_MODE_ENV, is_loopback_bind
from .keys import KeyRecord, KeyRing, KeysFileError, new_key, read_keys_file, write_keys_file
from .settings import MULTIPROC_ENV, RELOAD_SIGNAL_FILE, Settings, SettingsError

keys_app = typer.Typer(
    help="Kelola kunci API layanan (hanya hash bergaram yang disimpan).", no_args_is_help=True
)

KeysFile = Annotated[
    Optional[Path],  # noqa: UP045 - typer needs Optional on Python 3.10
    typer.Option(
        "--keys-file",
        envvar="TPPO_KEYS_FILE",
        help="Berkas kunci (bawaan: service/data/keys.json atau $TPPO_DATA_DIR/keys.json).",
    ),
]


def settings_from_env() -> Settings:
    """:meth:`Settings.from_env`; an unusable ``TPPO_*`` value ends the command with its
    Indonesian reason (exit code 1, no traceback), like the other start-up checks."""
    try:
        return Settings.from_env()
    except SettingsError as exc:
        raise SystemExit(f"galat: {exc}") from None


def _keys_path(keys_file: Path | None) -> Path:
    return keys_file or settings_from_env().resolved_keys_file


def _read_records(path: Path) -> list[KeyRecord]:
    """The keys file's records; a damaged file ends the command with its reason and exit 2."""
    try:
        return read_keys_file(path)
    except KeysFileError as exc:
        typer.echo(f"galat: {exc}", err=True)
        raise typer.Exit(2) from None


@keys_app.command("create")
def create_key(
    admin: Annotated[
        bool, typer.Option("--admin/--scoring", help="Peran kunci: admin atau skor (bawaan).")
    ] = False,
    name: Annotated[str, typer.Option(help="Catatan pemilik kunci, mis. 'tim analis'.")] = "",
    keys_file: KeysFile = None,
) -> None:
    """Buat kunci baru dan cetak SEKALI; yang disimpan hanya hash-nya."""
    path = _keys_path(keys_file)
    records = _read_records(path)
    key, record = new_key("admin" if admin else "scoring", name)
    write_keys_file(path, [*records, record])
    typer.echo(f"Kunci {record.role} baru (id {record.id}) disimpan di {path}.")
    typer.echo("Salin sekarang, kunci ini TIDAK akan ditampilkan lagi:\n")
    typer.echo(f"    {key}\n")
    typer.echo("Atau pasang lewat variabel lingkungan TPPO_API_KEYS (tanpa berkas):")
    typer.echo(f"    {record.env_entry()}")


@keys_app.command("list")
def list_keys(keys_file: KeysFile = None) -> None:
    """Daftar kunci (id, peran, nama, dibuat, status); kunci itu sendiri tidak pernah tampil."""
    path = _keys_path(keys_file)
    records = _read_records(path)
    if not records:
        typer.echo(f"Belum ada kunci di {path}.")
        return
    typer.echo(f"{'id':<10} {'peran':<8} {'dibuat':<26} {'status':<10} nama")
    for r in records:
        status = "aktif" if r.active else "dicabut"
        typer.echo(f"{r.id:<10} {r.role:<8} {r.created:<26} {status:<10} {r.name}")


@keys_app.command("revoke")
def revoke_key(
    key_id: Annotated[str, typer.Argument(help="id kunci (lihat `keys list`).")],
    keys_file: KeysFile = None,
) -> None:
    """Cabut kunci; layanan yang berjalan membaca ulang berkas dan langsung menolaknya."""
    from dataclasses import replace
    from datetime import datetime

    path = _keys_path(keys_file)
    records = _read_records(path)
    if not any(r.id == key_id and r.active for r in records):
        typer.echo(f"galat: tidak ada kunci aktif dengan id {key_id!r} di {path}", err=True)
        raise typer.Exit(1)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    write_keys_file(
        path, [replace(r, revoked=now) if r.id == key_id and r.active else r for r in records]
    )
    typer.echo(f"Kunci {key_id} dicabut.")


def check_bind(host: str, settings: Settings, *, dev: bool = False) -> bool:
    """The start-up decision: dev mode (True) only when asked for and bound to loopback;
    otherwise at least one active key must exist. Anything else stops ``serve`` with a reason."""
    if dev:
        if not is_loopback_bind(host):
            raise SystemExit(
                f"menolak --dev di alamat {host!r}: mode pengembangan hanya untuk loopback "
                "(--host 127.0.0.1 atau ::1)"
            )
        print(DEV_MODE_BANNER, file=sys.stderr, flush=True)
        return True
    try:
        ring = KeyRing(settings.resolved_keys_file, settings.api_keys_env)
    except KeysFileError as exc:
        raise SystemExit(f"galat: {exc}") from None
    if ring.empty:
        raise SystemExit(
            f"tidak ada kunci API aktif di {settings.resolved_keys_file} (atau TPPO_API_KEYS): "
            "buat kunci dengan `tppo-detect keys create --admin`, atau jalankan "
            "`tppo-detect serve --dev` untuk pengembangan lokal (loopback saja, tanpa kunci)"
        )
    return False


def check_port_free(host: str, port: int) -> None:
    """Stop with one Indonesian sentence when the address is taken (uvicorn would print a raw
    ``[Errno 98]`` per worker): which port, and how to pick another."""
    import socket

    try:
        infos = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise SystemExit(f"galat: alamat {host!r} tidak dikenal ({exc.strerror})") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            raise SystemExit(
                f"galat: port {port} di {host} sudah dipakai program lain ({exc.strerror}). "
                f"Hentikan program itu atau pilih port lain, mis. `make run PORT={port + 1}` "
                f"atau `tppo-detect serve --port {port + 1}`."
            ) from None


def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int = 1,
    models_dir: Path | None = None,
    *,
    dev: bool = False,
    access_log: bool = True,
    forwarded_allow_ips: str | None = None,
) -> None:
    """Run the service under uvicorn (blocks until stopped).

    ``forwarded_allow_ips``: the reverse proxy's addresses (comma separated); only requests
    from them have their client address taken from ``X-Forwarded-For``. None: never.

    Settings travel to worker processes through the environment, so ``models_dir`` is exported
    as ``TPPO_MODELS_DIR``; with several workers a shared Prometheus directory is set up so
    ``/metrics`` adds up every worker. The contact secret is checked (and, the first time,
    created) here, so a bad one stops ``serve`` with one sentence instead of a traceback per
    worker.
    """
    from .server import run_uvicorn
    from .sightings import ContactSecretError, load_contact_secret

    check_port_free(host, port)
    if models_dir is not None:
        os.environ["TPPO_MODELS_DIR"] = str(Path(models_dir).resolve())
    os.environ.pop(DEV_MODE_ENV, None)
    if check_bind(host, settings_from_env(), dev=dev):
        os.environ[DEV_MODE_ENV] = "1"
    settings = settings_from_env()
    secure_data_dir(settings)
    # A reload signal from a previous run would pin this run's workers to that version.
    (settings.data_dir / RELOAD_SIGNAL_FILE).unlink(missing_ok=True)
    try:
        load_contact_secret(settings)
    except ContactSecretError as exc:
        raise SystemExit(f"galat: {exc}") from None
    multiproc_dir = None
    if workers > 1 and not os.environ.get(MULTIPROC_ENV):
        multiproc_dir = tempfile.mkdtemp(prefix="tppo-metrics-")
        os.environ[MULTIPROC_ENV] = multiproc_dir
    try:
        run_uvicorn(
            "service.app:create_app",
            host,
            port,
            workers,
            access_log=access_log,
            forwarded_allow_ips=forwarded_allow_ips,
        )
    finally:
        os.environ.pop(DEV_MODE_ENV, None)
        if multiproc_dir:
            shutil.rmtree(multiproc_dir, ignore_errors=True)
            os.environ.pop(MULTIPROC_ENV, None)


def serve_command(
    host: Annotated[str, typer.Option(help="Alamat bind (dengan --dev: hanya loopback).")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(help="Port TCP.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Jumlah proses uvicorn.")] = 1,
    models_dir: Annotated[
        Optional[Path],  # noqa: UP045 - typer needs Optional on Python 3.10
        typer.Option(help="Folder model (bawaan: $TPPO_MODELS_DIR atau models/)."),
    ] = None,
    forwarded_allow_ips: Annotated[
        str,
        typer.Option(
            envvar="TPPO_FORWARDED_ALLOW_IPS",
            help="Alamat reverse proxy (dipisah koma) yang X-Forwarded-For-nya dipercaya, "
            "mis. 127.0.0.1 di belakang nginx. Bawaan: kosong, header itu diabaikan.",
        ),
    ] = "",
    dev: Annotated[
        bool,
        typer.Option(
            "--dev",
            help="Mode pengembangan: tanpa kunci API, hanya loopback (untuk `make run`).",
        ),
    ] = False,
) -> None:
    """Jalankan layanan skor (API + halaman staf) dengan uvicorn."""
    serve(
        host,
        port,
        workers,
        models_dir,
        dev=dev,
        forwarded_allow_ips=forwarded_allow_ips or None,
    )


def register(app: typer.Typer) -> None:
    """Entry point ``tppo_detect.commands``: add ``serve`` and ``keys`` to ``tppo-detect``."""
    app.command("serve")(serve_command)
    app.add_typer(keys_app, name="keys")
