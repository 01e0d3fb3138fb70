"""The per-document NLP stage: one spaCy parse, then entities, quotes,
quantities and time expressions as character spans into the body.

:func:`annotate` is a pure function of the document text, its anchor date
and the loaded pipeline, so it runs in worker processes with one model load
each. Its output is plain JSON (stored per document and stage version);
cross-document work (merging entities) is :mod:`sitrep.nlp.aliases`.
"""

from __future__ import annotations

import functools
from dataclasses import fields
from datetime import date
from typing import Any

VERSION = "3"
#: pipeline components the stage adds to the spaCy model (see nlp/places.py)
EXTRAS = ("sitrep_places",)


def load_pipeline(model: str | None = None):
    """The spaCy pipeline this stage needs, loaded once per process."""
    # the stage's modules, imported before the load freezes the collector's
    # view: a pool's workers, forked after loading, then share them instead
    # of each importing them (and compiling their patterns) again
    from . import entities, places, quantities, quotes, times  # noqa: F401  (places registers its component)
    from .pipeline import load

    return load(model, extras=EXTRAS)


def _place(m) -> dict[str, Any]:
    p = m.place
    return {"start": m.start, "end": m.end, "text": m.text, "precision": m.precision, "score": round(m.score, 3),
            "id": p.id if p else None, "name": p.name if p else None, "kind": p.kind if p else None,
            "lat": p.lat if p else None, "lon": p.lon if p else None, "country": p.country if p else None}


def _fields(obj) -> dict[str, Any]:
    """``dataclasses.asdict`` for a dataclass of plain values (quotes,
    quantities), without its deep copy."""
    names = _FIELDS.get(type(obj))
    if names is None:
        names = _FIELDS[type(obj)] = tuple(f.name for f in fields(obj))
    return {n: getattr(obj, n) for n in names}


_FIELDS: dict[type, tuple[str, ...]] = {}


@functools.lru_cache(maxsize=4096)
def _quote_date(date_text: str, anchor: date) -> str | None:
    """The day a quote's stated date ("on Monday") names, as ISO text."""
    from .times import find_times

    found = find_times(date_text, anchor, tense="past")
    if found and found[0].earliest and found[0].earliest == found[0].latest:
        return found[0].earliest.isoformat()
    return None


def annotate(doc, anchor: date | None, dateline: str | None = None) -> dict[str, Any]:
    """Annotations of one parsed document (a spaCy ``Doc`` of the body).
    ``dateline`` (the city the report was filed from) is context for place
    resolution and a place of the document itself."""
    from .entities import find_entities
    from .places import find_places, resolve
    from .quantities import find_quantities
    from .quotes import find_quotes
    from .times import find_times
    from .pipeline import doc_text

    entities = find_entities(doc)
    quotes = find_quotes(doc)
    times = find_times(doc_text(doc), anchor, doc=doc)
    quantities = find_quantities(doc)
    context = [dateline] if dateline else []
    places = [_place(m) for m in find_places(doc, context_countries=context) if m.place is not None]
    if dateline:
        m = resolve(dateline)
        if m is not None and m.place is not None:
            item = _place(m)
            item.update(start=None, end=None, text=dateline, dateline=True)
            places.append(item)
    out_quotes = []
    for q in quotes:
        item = _fields(q)
        item["date"] = _quote_date(q.date_text, anchor) if q.date_text and anchor else None
        out_quotes.append(item)
    return {
        "entities": [
            {"key": e.key, "name": e.name, "label": e.label, "forms": list(e.forms),
             "mentions": [[m.start, m.end, m.label] for m in e.mentions]}
            for e in entities
        ],
        "quotes": out_quotes,
        "times": [t.as_dict() for t in times],
        "quantities": [_fields(q) for q in quantities],
        "places": places,
    }


def doc_entities(data: dict[str, Any]):
    """Rebuild :class:`DocEntity` objects from stored annotations."""
    from .entities import DocEntity, EntityMention

    out = []
    for e in data.get("entities", []):
        mentions = [EntityMention(s, t, "", label, e["key"]) for s, t, label in e["mentions"]]
        out.append(DocEntity(e["key"], e["name"], e["label"], list(e["forms"]), mentions))
    return out
