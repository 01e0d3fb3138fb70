"""The per-document NLP stage: one spaCy parse, then entities, quotes,
quantities and time expressions as character spans into the body.

:func:`annotate` is a pure function of the document text, its anchor date
and the loaded pipeline, so it runs in worker processes with one model load
each. Its output is plain JSON (stored per document and stage version);
cross-document work (merging entities) is :mod:`sitrep.nlp.aliases`.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

VERSION = "1"


def annotate(doc, anchor: date | None) -> dict[str, Any]:
    """Annotations of one parsed document (a spaCy ``Doc`` of the body)."""
    from .entities import find_entities
    from .quantities import find_quantities
    from .quotes import find_quotes
    from .times import find_times

    entities = find_entities(doc)
    quotes = find_quotes(doc)
    times = find_times(doc.text, anchor, doc=doc)
    quantities = find_quantities(doc)
    out_quotes = []
    for q in quotes:
        item = asdict(q)
        item["date"] = None
        if q.date_text and anchor:
            found = find_times(q.date_text, anchor, tense="past")
            if found and found[0].earliest and found[0].earliest == found[0].latest:
                item["date"] = found[0].earliest.isoformat()
        out_quotes.append(item)
    return {
        "entities": [
            {"key": e.key, "name": e.name, "label": e.label, "forms": list(e.forms),
             "mentions": [[m.start, m.end, m.label] for m in e.mentions]}
            for e in entities
        ],
        "quotes": out_quotes,
        "times": [t.as_dict() for t in times],
        "quantities": [asdict(q) for q in quantities],
    }


def doc_entities(data: dict[str, Any]):
    """Rebuild :class:`DocEntity` objects from stored annotations."""
    from .entities import DocEntity, EntityMention

    out = []
    for e in data.get("entities", []):
        mentions = [EntityMention(s, t, "", label, e["key"]) for s, t, label in e["mentions"]]
        out.append(DocEntity(e["key"], e["name"], e["label"], list(e["forms"]), mentions))
    return out
