"""The search's match offsets (``Lexicon._search``'s ``where``): a hit whose match found by the
search starts outside every negator's reach is kept without searching its patterns again.
Pinned here to the plain reading (every hit asked again, as without the offsets)."""

from __future__ import annotations

from tppo_detect.resources import data_text
from tppo_detect.text.normalize import clause_breaks, masked, tokenize, tokens_of_masked
from tppo_detect.text.signals import NEGATION_FILE, Scope, parse_negation

from .test_signals import LEXICON, plan_test_texts

NEGATION = parse_negation(data_text(NEGATION_FILE))


def test_each_offset_is_where_a_match_of_the_pattern_found_starts() -> None:
    for text in plan_test_texts():
        tokens = tokenize(text)
        hits, _, matched, where = LEXICON._search(tokens)
        assert len(hits) == len(matched) == len(where)
        joined = " ".join(tokens)
        for i, k, at in zip(hits, matched, where, strict=True):
            assert at >= 0, (LEXICON.ids[i], joined)  # the packaged lexicon has no empty matches
            m = LEXICON.signals[i].patterns[k].match(joined, at)
            assert m is not None and m.end() > at, (LEXICON.ids[i], joined, at)


def test_negated_hits_are_the_same_with_and_without_the_offsets() -> None:
    """Over the corpus, the lexicon's examples and spliced posts, and each of them with a
    negator put before every token (so that many matches start inside a reach)."""
    texts = list(plan_test_texts())
    texts += [" ".join(f"tidak {t}" for t in tokenize(x)) for x in texts[::7]]
    kept_early = 0
    for text in texts:
        out = masked(text)[0]
        tokens = tokens_of_masked(out)

        def scope(tokens: list[str] = tokens, out: str = out) -> Scope:
            return NEGATION.scope(tokens, lambda: clause_breaks(out))

        hits, post, matched, where = LEXICON._search(tokens)
        reach = NEGATION.reach(tokens)
        fast = LEXICON.unnegated_lazily(tokens, hits, reach, scope, post, matched, where)
        plain = LEXICON.unnegated_lazily(tokens, hits, reach, scope, None, matched)
        assert fast == plain, " ".join(tokens)
        assert LEXICON.detect_unnegated(tokens, lambda r=reach: r, scope) == plain
        if reach and post is not None:
            count = post.text.count
            kept_early += sum(count(" ", 0, at) not in reach.scoped for at in where)
    assert kept_early > 0  # the shortcut is taken on this corpus
