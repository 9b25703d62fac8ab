"""``seen_before``: the service remembers (hashed) contacts of submitted posts.

Each test module server here has its own database, so the counts are exact and the database
bytes hold only what these tests sent. Every test uses its own numbers, so test order does not
matter.
"""

from __future__ import annotations

import os
import re
import sqlite3
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, event

from service.schemas import EXAMPLE_POST, EXAMPLE_SCORE
from service.settings import MAX_CONTACTS_PER_REQUEST, Settings
from service.sightings import (
    SECRET_FILE_NAME,
    ContactSecretError,
    load_contact_secret,
)
from tppo_detect.labels import RISK_LEVELS

from .conftest import Keys, LiveServer, new_database_url, run_server, server_settings

RECRUIT = (
    "LOWONGAN ADMIN ONLINE KAMBOJA, gaji $1.200, tiket + visa ditanggung, tanpa pengalaman. "
    "Minat hubungi WA 0812-7788-1234"
)
# Another post, same recruiter, the number written another way.
RECRUIT_AGAIN = (
    "Dicari 10 operator chat di Myanmar, berangkat minggu ini pakai visa turis, paspor dibantu. "
    "Info: +62 812 7788 1234 (Bu Rina)"
)
UNRELATED = "Dijual motor Beat 2019 mulus, pajak hidup. Hubungi 0857-1111-2222"
NO_CONTACT = "Info loker pabrik di Cikarang, lamaran dikirim langsung ke kantor."
NOT_SEEN = {"submissions": 0, "max_level": None}


@pytest.fixture(scope="module")
def fresh(
    models_root: Path,
    keys: Keys,
    backend: str,
    pg_dsn: str | None,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[LiveServer]:
    """A server with an empty database of its own (the shared one sees every other test),
    once on SQLite and once on PostgreSQL (the ``backend`` param)."""
    base = tmp_path_factory.mktemp(f"sightings-{backend}")
    settings = server_settings(models_root, base, keys, db_url=new_database_url(backend, pg_dsn))
    with run_server(settings) as server:
        yield server


@pytest.fixture()
def client(fresh: LiveServer, keys: Keys) -> Iterator[httpx.Client]:
    with fresh.client(keys.scoring) as c:
        yield c


def score(client: httpx.Client, text: str) -> dict[str, Any]:
    r = client.post("/v1/score", json={"text": text})
    assert r.status_code == 200, r.text
    return r.json()


def batch(client: httpx.Client, texts: list[str]) -> list[dict[str, Any]]:
    r = client.post("/v1/score/batch", json={"posts": [{"text": t} for t in texts]})
    assert r.status_code == 200, r.text
    return r.json()["results"]


def test_same_number_in_another_format_is_seen_before(client: httpx.Client) -> None:
    first = score(client, RECRUIT)
    assert [(c["kind"], c["value"]) for c in first["contacts"]] == [("phone", "+6281277881234")]
    assert first["seen_before"] == NOT_SEEN

    again = score(client, RECRUIT_AGAIN)
    assert again["contacts"][0]["value"] == "+6281277881234"
    assert again["contacts"][0]["text"] == "+62 812 7788 1234"
    assert again["seen_before"] == {"submissions": 1, "max_level": first["risk_level"]}

    assert score(client, UNRELATED)["seen_before"] == NOT_SEEN
    no_contact = score(client, NO_CONTACT)
    assert no_contact["contacts"] == [] and no_contact["seen_before"] == NOT_SEEN

    # Both earlier submissions count, with the higher of their levels.
    third = score(client, "Hubungi 081277881234 untuk info kerja.")
    top = max(first["risk_level"], again["risk_level"], key=RISK_LEVELS.index)
    assert third["seen_before"] == {"submissions": 2, "max_level": top}


def test_highest_level_among_earlier_submissions(client: httpx.Client) -> None:
    calm = score(client, "Dijual kulkas 2 pintu, masih dingin. WA 0821-3030-4040")
    risky = score(
        client,
        "LOWONGAN ADMIN ONLINE KAMBOJA, gaji $1.300, tanpa pengalaman, tiket dan visa turis "
        "ditanggung, berangkat minggu ini. WA 0821-3030-4040",
    )
    assert calm["risk_level"] != risky["risk_level"], "the check needs two different levels"
    assert risky["seen_before"] == {"submissions": 1, "max_level": calm["risk_level"]}
    later = score(client, "Info 0821 3030 4040")
    top = max(calm["risk_level"], risky["risk_level"], key=RISK_LEVELS.index)
    assert later["seen_before"] == {"submissions": 2, "max_level": top}


def test_a_submission_sharing_several_contacts_counts_once(client: httpx.Client) -> None:
    text = "Kerja di Taiwan, gaji 30jt. Tele @agen_tw_sight atau WA 0821-4455-6677"
    assert score(client, text)["seen_before"] == NOT_SEEN
    other = "Taiwan pabrik elektronik, hubungi @agen_tw_sight / 0821 4455 6677"
    assert score(client, other)["seen_before"]["submissions"] == 1
    # Only the Telegram name in common still links; the earlier two are counted once each.
    assert score(client, "Gabung grup telegram @agen_tw_sight")["seen_before"]["submissions"] == 2


def test_the_same_text_checked_again_is_not_an_earlier_post(client: httpx.Client) -> None:
    """Issue 15: "pernah muncul di N kiriman" counted every re-check of the same post."""
    text = "Loker kapal pesiar tanpa pengalaman, proses cepat. WA 0819-3131-4242"
    for _ in range(3):  # the staff page re-checking one post (spacing aside)
        assert score(client, text)["seen_before"] == NOT_SEEN
        assert score(client, "  " + text.replace(" ", "  "))["seen_before"] == NOT_SEEN
    results = batch(client, [text, text, "Kapal pesiar, WA +62 819 3131 4242"])
    assert [r["seen_before"]["submissions"] for r in results] == [0, 0, 1]
    assert score(client, "Info: WA 081931314242")["seen_before"]["submissions"] == 2


def test_batch_posts_see_earlier_posts_of_the_same_batch(client: httpx.Client) -> None:
    results = batch(
        client,
        [
            "Loker Malaysia, gaji besar, hubungi 0813-6060-7070",
            "Jual sepatu bekas, hubungi 0813-9999-0001",
            "Butuh cepat TKI ke Malaysia tanpa paspor, WA +62 813 6060 7070",
            "Tanpa kontak sama sekali, hanya kabar cuaca hari ini.",
        ],
    )
    assert [r["seen_before"]["submissions"] for r in results] == [0, 0, 1, 0]
    assert results[2]["seen_before"]["max_level"] == results[0]["risk_level"]
    assert results[2]["contacts"][0]["value"] == "+6281360607070"
    # And a later request sees both.
    later = score(client, "Info hub 6281360607070")
    assert later["seen_before"]["submissions"] == 2


def test_batch_of_1000_looks_up_all_contacts_in_one_query(
    client: httpx.Client, fresh: LiveServer
) -> None:
    """250 numbers, each in 4 posts: post i has i // 250 earlier posts with its number."""
    texts = [f"Loker pabrik #{i}, hubungi WA 08135{i % 250:03d}{i % 250:04d}" for i in range(1000)]
    statements: list[str] = []
    lock = threading.Lock()

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        with lock:
            statements.append(statement)

    engine = fresh.app.state.store.sightings_engine
    assert fresh.app.state.sightings.writer.flush()  # earlier tests' writes stay out of it
    event.listen(engine, "before_cursor_execute", record)
    try:
        results = batch(client, texts)
        assert fresh.app.state.sightings.writer.flush()
    finally:
        event.remove(engine, "before_cursor_execute", record)

    assert [r["seen_before"]["submissions"] for r in results] == [i // 250 for i in range(1000)]
    assert all(len(r["contacts"]) == 1 for r in results)
    lookups = [s for s in statements if re.search(r"\bJOIN contact_sightings\b", s)]
    inserts = [s for s in statements if s.startswith("INSERT INTO contact_sightings")]
    assert len(lookups) == 1 and len(inserts) == 1, statements


def test_concurrent_submissions_see_each_other_in_one_order(fresh: LiveServer, keys: Keys) -> None:
    """Sixteen posts with one number sent at once: each sees a different number of earlier
    ones (0..15), which fails if two lookups ran before either insert."""
    n = 16
    start = threading.Barrier(n)

    def send(i: int) -> int:
        with fresh.client(keys.scoring) as c:
            start.wait()
            return score(c, f"Kirim CV #{i} ke WA 0838-1212-3434")["seen_before"]["submissions"]

    with ThreadPoolExecutor(n) as pool:
        seen = list(pool.map(send, range(n)))
    assert sorted(seen) == list(range(n))


def test_database_holds_no_plain_phone_number(client: httpx.Client, fresh: LiveServer) -> None:
    number = "0852-9191-8282"
    score(client, f"Lowongan kerja Kamboja tanpa pengalaman, WA {number}")
    score(client, "Bisa juga lewat +62 852 9191 8282 atau wa.me/6285291918282")
    batch(client, [f"Rekrut ke Laos, hub {number}", "Info 085291918282"])
    assert fresh.app.state.sightings.writer.flush()

    blob = database_bytes(fresh)
    for plain in ("85291918282", number, "852 9191 8282", "9191-8282", "91918282"):
        assert plain.encode() not in blob, f"{plain} stored in clear"
    # What is stored instead: the keyed hash, found in the very same bytes.
    digest = fresh.app.state.sightings.digest("tel:+6285291918282")
    assert digest.encode() in blob
    with fresh.app.state.store.engine.connect() as conn:
        hashes = {h for (h,) in conn.exec_driver_sql("SELECT contact_hash FROM contact_sightings")}
    assert digest in hashes
    assert all(re.fullmatch(r"[0-9a-f]{64}", h) for h in hashes)


def database_bytes(server: LiveServer) -> bytes:
    """Everything the database holds as bytes: the SQLite files themselves, or on PostgreSQL
    every row of every table as text (its files are not ours to read)."""
    engine = server.app.state.store.engine
    if engine.dialect.name == "sqlite":
        db = Path(engine.url.database)
        return b"".join(p.read_bytes() for p in db.parent.glob(db.name + "*"))
    with engine.connect() as conn:
        tables = [
            t
            for (t,) in conn.exec_driver_sql(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            )
        ]
        dumps = [
            str(row).encode()
            for table in tables
            for row in conn.exec_driver_sql(f'SELECT * FROM "{table}"')
        ]
    return b"\n".join(dumps)


def test_openapi_example_contacts_are_what_the_api_returns(client: httpx.Client) -> None:
    assert score(client, EXAMPLE_POST)["contacts"] == EXAMPLE_SCORE["contacts"]


def test_generated_secret_is_kept_and_reused_after_a_restart(
    models_root: Path, keys: Keys, tmp_path: Path
) -> None:
    settings = server_settings(models_root, tmp_path, keys)
    post = "Loker Kamboja, WA 0878-5656-1212"
    with run_server(settings) as server, server.client(keys.scoring) as c:
        assert score(c, post)["seen_before"] == NOT_SEEN
    secret_path = settings.data_dir / SECRET_FILE_NAME
    assert secret_path.stat().st_mode & 0o777 == 0o600
    secret = secret_path.read_bytes()
    with run_server(settings) as server, server.client(keys.scoring) as c:
        again = "Kamboja admin online, hubungi WA 0878 5656 1212"
        assert score(c, again)["seen_before"]["submissions"] == 1
    assert secret_path.read_bytes() == secret


def test_secret_from_the_environment_setting(models_root: Path, keys: Keys, tmp_path: Path) -> None:
    settings = server_settings(models_root, tmp_path, keys, contact_secret="s" * 32)
    with run_server(settings) as server, server.client(keys.scoring) as c:
        assert score(c, "WA 0896-7070-8080")["seen_before"] == NOT_SEEN
        assert score(c, "WA 089670708080")["seen_before"]["submissions"] == 1
    assert not (settings.data_dir / SECRET_FILE_NAME).exists()
    # Another secret over the same database: the stored hashes no longer match.
    other = settings.model_copy(update={"contact_secret": "t" * 32})
    with run_server(other) as server, server.client(keys.scoring) as c:
        assert score(c, "WA 0896-7070-8080")["seen_before"] == NOT_SEEN


def test_too_short_or_damaged_secret_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ContactSecretError, match="TPPO_CONTACT_SECRET terlalu pendek"):
        load_contact_secret(Settings(data_dir=tmp_path, contact_secret="pendek"))
    (tmp_path / SECRET_FILE_NAME).write_text("rusak\n")
    with pytest.raises(ContactSecretError, match="rusak"):
        load_contact_secret(Settings(data_dir=tmp_path))


def test_secret_beside_the_keys_file_for_other_databases(tmp_path: Path) -> None:
    settings = Settings(
        data_dir=tmp_path / "data",
        db_url="postgresql://db.example/tppo",
        keys_file=tmp_path / "etc" / "keys.json",
    )
    secret = load_contact_secret(settings)
    assert (tmp_path / "etc" / SECRET_FILE_NAME).read_bytes().strip() == secret
    assert load_contact_secret(settings) == secret
    assert not (tmp_path / "data").exists()
    assert os.stat(tmp_path / "etc" / SECRET_FILE_NAME).st_mode & 0o777 == 0o600


@contextmanager
def write_lock_held(server: LiveServer) -> Iterator[None]:
    """Another client holds the sightings write lock: SQLite's database write lock, or on
    PostgreSQL a table lock that blocks inserts (and the old code's ``LOCK TABLE``) but not
    reads."""
    engine = server.app.state.store.engine
    if engine.dialect.name == "sqlite":
        conn = sqlite3.connect(engine.url.database, isolation_level=None, timeout=0)
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            conn.rollback()
            conn.close()
        return
    other = create_engine(engine.url)
    with other.connect() as conn, conn.begin():
        conn.exec_driver_sql("LOCK TABLE contact_sightings IN SHARE ROW EXCLUSIVE MODE")
        yield
    other.dispose()


def test_scoring_answers_while_the_database_write_lock_is_held(
    fresh: LiveServer, keys: Keys
) -> None:
    """Issue 14 item 3: the write is off the request path, retried, and never a 500. Before,
    the request itself waited for the lock (SQLite: 500 "database is locked" after 10 s)."""
    writer = fresh.app.state.sightings.writer
    assert writer.flush(timeout=30)  # earlier tests' submissions are in the database
    retries = writer.retries
    with fresh.client(keys.scoring, timeout=8) as c:
        with write_lock_held(fresh):
            first = score(c, "Loker Jepang tanpa biaya, WA 0819-4545-0101")
            results = batch(c, ["Info 081945450101", "Lagi: +62 819 4545 0101", NO_CONTACT])
            # Answered while the lock is still held, and counted from the queue in memory.
            assert first["seen_before"] == NOT_SEEN
            assert [r["seen_before"]["submissions"] for r in results] == [1, 2, 0]
            deadline = time.monotonic() + 20
            while writer.retries == retries:
                assert time.monotonic() < deadline, "the writer never met the held lock"
                time.sleep(0.05)
            assert writer.pending() == 3, "nothing written (or lost) while the lock is held"
        assert writer.flush(timeout=30)
        assert writer.pending() == 0
        assert score(c, "Hubungi 0819 4545 0101")["seen_before"]["submissions"] == 3
    assert writer.flush(timeout=30)
    digest = fresh.app.state.sightings.digest("tel:+6281945450101")
    assert fresh.app.state.store.lookup_sightings([[digest]])[0][0] == 4


def numbers_post(i: int, per_post: int) -> str:
    return "Lowongan, hubungi " + ", ".join(f"WA 0813-{i:04d}-{j:04d}" for j in range(per_post))


def test_more_contacts_than_the_cap_are_refused_and_nothing_is_stored(
    client: httpx.Client,
) -> None:
    """Issue 14 item 4: one request may hold at most MAX_CONTACTS_PER_REQUEST contacts."""
    assert MAX_CONTACTS_PER_REQUEST == 5_000
    over = {"posts": [{"text": numbers_post(i, 6)} for i in range(1000)]}
    r = client.post("/v1/score/batch", json=over)
    assert r.status_code == 422, r.text
    assert r.json() == {
        "detail": "kontak terlalu banyak dalam satu permintaan: 6.000, maksimum 5.000; "
        "bagi batch menjadi beberapa permintaan"
    }
    assert score(client, "Info WA 0813-0999-0005")["seen_before"] == NOT_SEEN

    at_cap = batch(client, [numbers_post(i, 5) for i in range(1000)])
    assert sum(len(r["contacts"]) for r in at_cap) == 5_000
    assert score(client, "Info WA 0813-0999-0004")["seen_before"]["submissions"] == 1
