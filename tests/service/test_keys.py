"""Key hashing and the keys file, without a server."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from service.keys import (
    KeyRing,
    KeysFileError,
    check_hash,
    hash_key,
    key_id,
    new_key,
    parse_env_keys,
    read_keys_file,
    write_keys_file,
)


def test_hash_is_salted_and_verifies() -> None:
    key, record = new_key("scoring")
    assert check_hash(key, record.hash)
    assert not check_hash(key + "x", record.hash)
    assert hash_key(key) != hash_key(key), "a fresh salt each time"
    assert key not in record.hash
    assert not check_hash(key, "md5$00$00") and not check_hash(key, "garbage")


def test_key_id_only_for_our_shape() -> None:
    assert key_id("tppo_ab12cd34_s3cr_et") == "ab12cd34"
    assert key_id("tppo__x") is None and key_id("other_ab_cd") is None and key_id("") is None


def test_unknown_role_is_refused() -> None:
    with pytest.raises(ValueError, match="peran tidak dikenal"):
        new_key("root")  # type: ignore[arg-type]


def test_keys_file_is_private_and_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "keys.json"
    _, a = new_key("admin", "a")
    _, b = new_key("scoring", "b")
    write_keys_file(path, [a, b])
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert read_keys_file(path) == [a, b]
    assert read_keys_file(tmp_path / "missing.json") == []


@pytest.mark.parametrize(
    "content", ["{not json", '{"keys": 3}', '{"keys": [1]}', '{"keys": [{"id": "x"}]}']
)
def test_broken_keys_file_is_a_clear_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "keys.json"
    path.write_text(content)
    with pytest.raises(KeysFileError, match=str(path)):
        read_keys_file(path)
    with pytest.raises(KeysFileError):
        KeyRing(path)


def test_ring_keeps_the_last_good_keys_when_the_file_breaks_later(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    key, record = new_key("scoring")
    write_keys_file(path, [record])
    ring = KeyRing(path)
    assert ring.verify(key) == record
    path.write_text("{broken")
    assert ring.verify(key) == record


def test_ring_sees_new_and_revoked_keys(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    ring = KeyRing(path)
    assert ring.empty
    key, record = new_key("admin")
    write_keys_file(path, [record])
    assert not ring.empty and ring.verify(key) == record
    data = json.loads(path.read_text())
    data["keys"][0]["revoked"] = "2026-01-01T00:00:00+00:00"
    path.write_text(json.dumps(data) + " ")  # different size, so a new stamp
    assert ring.verify(key) is None and ring.empty


def test_env_keys(tmp_path: Path) -> None:
    key, record = new_key("admin")
    ring = KeyRing(tmp_path / "none.json", f" {record.env_entry()} ,")
    assert ring.verify(key) is not None and ring.verify(key).role == "admin"  # type: ignore[union-attr]
    with pytest.raises(KeysFileError, match="TPPO_API_KEYS"):
        parse_env_keys("abc:superuser:sha256$00$00")
