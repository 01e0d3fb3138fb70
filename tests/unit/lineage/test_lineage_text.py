"""Text views: tokens, sentences, quotes, hashes."""

from __future__ import annotations

import numpy as np

from sitrep.lineage import text as textmod


def test_tokens_are_casefolded_with_offsets():
    body = "Kostrel's al-Sayf  fighters\u2014300 of them."
    v = textmod.view(body)
    assert v.tokens == ["kostrel", "s", "al", "sayf", "fighters", "300", "of", "them"]
    assert [body[s:e] for s, e in zip(v.starts, v.ends)] == ["Kostrel", "s", "al", "Sayf", "fighters", "300", "of", "them"]
    assert [v.tokens[i] for i in v.content] == ["kostrel", "s", "al", "sayf", "fighters", "300"]
    assert textmod.stem("reinforcements") == "reinf"


def test_sentences_respect_abbreviations_initials_and_paragraphs():
    body = ("Mr. Smith met Gen. Jones on Dec. 2 in the U.S. capital. He said: \"We will go.\" Then they left! "
            "What next? A. B. Cole agreed.\nA crosshead without a full stop\n\n3 people died.")
    got = [body[a:b] for a, b in textmod.sentence_bounds(body)]
    assert got == ["Mr. Smith met Gen. Jones on Dec. 2 in the U.S. capital.", "He said: \"We will go.\"",
                   "Then they left!", "What next?", "A. B. Cole agreed.", "A crosshead without a full stop",
                   "3 people died."]
    v = textmod.view(body)
    assert len(v.sentences) == 7 and v.sentences[0] == (0, 13)


def test_quoted_tokens():
    v = textmod.view('He said \u201cwe stay\u201d and "we fight" but not this.')
    assert [t for t, q in zip(v.tokens, v.quoted) if q] == ["we", "stay", "we", "fight"]


def test_ngram_hashes_are_positional_and_stable():
    h = np.array([textmod.token_hash(t) for t in "a b c a b c".split()], dtype=np.uint64)
    g = textmod.ngram_hashes(h, 3)
    assert len(g) == 4 and g[0] == g[3] and g[0] != g[1]
    assert textmod.token_hash("bridge") == textmod.token_hash("bridge") and textmod.token_hash("bridge") < 2**64
    assert len(textmod.ngram_hashes(h[:2], 3)) == 0
