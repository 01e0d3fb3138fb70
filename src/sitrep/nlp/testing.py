"""Helpers for tests of NLP rules: spaCy ``Doc`` objects with hand-set
entity spans, so rules are tested without loading a model."""

from __future__ import annotations

import re


def doc_with_entities(nlp, text: str, ents=()):
    """``ents``: (surface, label) marks every occurrence of ``surface``;
    (surface, label, n) marks only the n-th (0-based)."""
    doc = nlp(text)
    spans = []
    for item in ents:
        surface, label = item[0], item[1]
        starts = [m.start() for m in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text)]
        if not starts:
            raise ValueError(f"{surface!r} does not occur in the text")
        if len(item) > 2:
            starts = [starts[item[2]]]
        for s in starts:
            span = doc.char_span(s, s + len(surface), label=label)
            if span is None:
                raise ValueError(f"{surface!r} does not fall on token boundaries")
            spans.append(span)
    doc.ents = spans
    return doc
