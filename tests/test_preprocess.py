"""Sastrawi through our preprocessing, with its known traps handled (real Sastrawi)."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from Sastrawi.StopWordRemover.StopWordRemoverFactory import StopWordRemoverFactory

from tppo_detect.resources import keep_words, no_stem_words, slang_map
from tppo_detect.text.preprocess import IndonesianPreprocessor, prepare_one, sastrawi_version


def terms(text: str) -> list[str]:
    return prepare_one(text).terms


@pytest.mark.parametrize(
    ("word", "stem"),
    [("pekerjaan", "kerja"), ("memberangkatkan", "berangkat"), ("dibayarkan", "bayar")],
)
def test_real_sastrawi_stems(word: str, stem: str) -> None:
    assert terms(word) == [stem]


def test_signal_stop_words_are_kept() -> None:
    stop = set(StopWordRemoverFactory().get_stop_words())
    # the trap: Sastrawi's list really does contain these
    assert {"tanpa", "besar", "langsung", "segera", "kerja"} <= stop
    assert terms("tanpa biaya") == ["tanpa", "biaya"]
    assert "besar" in terms("gaji besar")
    assert "langsung" in terms("langsung berangkat")


def test_domain_words_are_not_over_stemmed() -> None:
    assert terms("pengalaman") == ["pengalaman"]  # Sastrawi alone: "alam"
    assert terms("lowongan") == ["lowongan"]
    assert {"pengalaman", "lowongan"} <= no_stem_words()


def test_placeholders_survive_sastrawi_cleaning() -> None:
    t = terms("Gaji Rp50.000/hari, hub +62 812 3456 7890 😍 https://bit.ly/x")
    assert {"<money_low>", "<phone>", "<url_short>"} <= set(t)


def test_plain_stop_words_are_dropped() -> None:
    assert "yang" not in terms("kerja yang mudah")
    assert "dan" not in terms("admin dan operator")


def test_word_lists_meet_their_size() -> None:
    assert len(slang_map()) >= 300
    assert "tanpa" in keep_words()


def test_transformer_api() -> None:
    pre = IndonesianPreprocessor().fit(["a"])
    out = pre.transform(["Loker yg gk ribet", "gaji besar"])
    assert out[0].tokens[:2] == ["lowongan", "kerja"]
    assert pre.get_feature_names_out() == ["prepared"]
    with pytest.raises(TypeError, match="post 1"):
        pre.transform(["ok", None])


def test_sastrawi_version_is_the_pinned_one() -> None:
    assert sastrawi_version() == "1.2.1"


def test_the_term_memo_is_bounded_and_keeps_the_common_tokens() -> None:
    """Issue 14 #19: the token memo (and Sastrawi's own cache behind it) kept every distinct
    token a service ever saw: new names, handles and numbers grew RSS without end."""
    from tppo_detect.text.preprocess import _CACHE as process_cache
    from tppo_detect.text.preprocess import MAX_TERMS, TermCache, _sastrawi, prepare_one

    cache = TermCache(max_entries=1_000)
    common = ["bekerja", "kamboja", "gaji", "dan"]
    expected = {tok: cache.term(tok) for tok in common}
    for i in range(5_000):
        cache.term(f"rekruter{i}x")
        assert len(cache) <= 1_000
    assert {tok: cache.known.get(tok) for tok in common} == expected  # seen first, kept
    assert cache.term("menyeberangkan") == TermCache().term("menyeberangkan") != ""

    stemmer, _ = _sastrawi()
    before = len(getattr(getattr(stemmer, "cache", None), "data", {}))
    for i in range(300):
        prepare_one(f"dicari pekerja{i}an baru untuk penempatan{i}nya segera")
    assert len(getattr(getattr(stemmer, "cache", None), "data", {})) == before == 0
    assert process_cache.max_entries == MAX_TERMS and len(process_cache) <= MAX_TERMS


def test_fit_records_the_term_of_every_training_token_most_frequent_first() -> None:
    from tppo_detect.text.preprocess import TermCache, term_rules_digest

    posts = ["Dibutuhkan admin online, gaji besar", "admin online ke Kamboja", "admin"]
    pre = IndonesianPreprocessor().fit(posts)
    tokens = {tok for doc in pre.transform(posts) for tok in doc.tokens}
    assert set(pre.term_table_) == tokens
    assert next(iter(pre.term_table_)) == "admin"  # three times, the most frequent
    # each term is what the rules compute today, not a copy of some other cache
    assert pre.term_table_ == {tok: TermCache._compute(tok) for tok in pre.term_table_}
    assert pre.term_table_["dibutuhkan"] == "butuh"
    assert pre.term_rules_ == term_rules_digest()


def test_loading_a_model_hands_its_terms_to_a_fresh_process(models_root: Path) -> None:
    """A new process (a batch worker, a restarted service) starts with the training posts'
    vocabulary already known instead of running Sastrawi's stemmer on it again."""
    code = (
        "import sys, json\n"
        "from tppo_detect import Detector\n"
        "from tppo_detect.text import preprocess\n"
        "before = len(preprocess._CACHE)\n"
        "d = Detector.load(sys.argv[1])\n"
        "table = d.pipeline.named_steps['prep'].term_table_\n"
        "known = preprocess._CACHE.known\n"
        "same = all(known.get(t) == v for t, v in table.items())\n"
        "print(json.dumps([before, len(table), same]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(models_root)],
        capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    before, size, all_known = json.loads(done.stdout)
    assert before == 0 and size > 5_000 and all_known


def test_a_term_table_made_under_other_rules_is_not_used() -> None:
    """Another Sastrawi or edited word lists: the stored terms may be wrong, so they are
    ignored and the terms are computed as always."""
    from tppo_detect.text.preprocess import _CACHE

    pre = IndonesianPreprocessor().fit(["kerja"])
    pre.term_table_ = {"qzxmenyeberang": "bukan-ini"}
    pre.term_rules_ = "aturan-lain"
    pickle.loads(pickle.dumps(pre))
    assert _CACHE.known.get("qzxmenyeberang") is None
    assert prepare_one("qzxmenyeberang").terms == ["qzxmenyeberang"]
