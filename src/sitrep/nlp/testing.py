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


def one_time(text: str, anchor, **kw):
    """The single time expression ``find_times`` finds in ``text`` (its
    span checked against the text)."""
    from .times import find_times

    found = find_times(text, anchor, **kw)
    assert len(found) == 1, [(m.text, m.value) for m in found]
    m = found[0]
    assert text[m.start:m.end] == m.text
    return m


def iso_date(s: str):
    from datetime import date

    return date.fromisoformat(s)


def check_time(m, text: str, value: str, earliest: str | None, latest: str | None, precision: str | None,
               type_: str = "DATE") -> None:
    """Assert a time mention's text, type, value, interval and precision."""
    assert (m.text, m.type, m.value) == (text, type_, value)
    assert m.earliest == (iso_date(earliest) if earliest else None)
    assert m.latest == (iso_date(latest) if latest else None)
    assert m.precision == precision
