"""The ``sitrep/1`` report: one JSON object built from the store.

Every key of the contract (``../shared/CONTRACT.md``) is always present;
lists that later stages fill (lineage, stories, entities, places, quotes,
events, discrepancies) are empty until those stages exist. Documents carry
extra fields beyond the contract: the evidence for the publication date,
the URL, the revision, and what cleaning removed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..model import Document, LineageLink, Story, WireCredit

FORMAT = "sitrep/1"
LIST_KEYS = ("documents", "lineage", "stories", "entities", "places", "quotes", "events", "discrepancies")


def document_entry(doc: Document, *, with_removed: bool = True, story: str | None = None, wire: WireCredit | None = None) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": doc.id,
        "source": doc.source,
        "title": doc.title,
        "outlet": doc.outlet,
        "authors": list(doc.authors),
        "published": doc.published.isoformat() if doc.published else None,
        "published_inferred": bool(doc.published_inferred),
        "dateline": doc.dateline,
        "language": doc.language,
        "body": doc.body,
        "story": story,
        "wire": wire.agency if wire else None,
        "wire_inferred": wire.inferred if wire else None,
        "published_evidence": doc.published_evidence,
        "url": doc.url,
        "format": doc.format,
        "revision": doc.revision,
        "supersedes": doc.supersedes,
    }
    if with_removed:
        entry["removed"] = [{"line": r.line, "reason": r.reason, "text": r.text} for r in doc.removed]
    return entry


def build(
    documents: Sequence[Document],
    *,
    links: Sequence[LineageLink] = (),
    credits: Mapping[str, WireCredit] | None = None,
    stories: Sequence[Story] = (),
    entities: Sequence[dict] = (),
    quotes: Sequence[dict] = (),
    places: Sequence[dict] = (),
    events: Sequence[dict] = (),
    discrepancies: Sequence[dict] = (),
) -> dict[str, Any]:
    """The report for these documents (each once, in the order given).

    Links, stories and story memberships are limited to these documents, so
    the report is self-contained when the store holds more.
    """
    credits = credits or {}
    seen: set[str] = set()
    docs = []
    for doc in documents:
        if doc.id not in seen:
            seen.add(doc.id)
            docs.append(doc)
    story_of = {d: s.id for s in stories for d in s.documents if d in seen}
    report: dict[str, Any] = {"format": FORMAT}
    for key in LIST_KEYS:
        report[key] = []
    report["documents"] = [document_entry(d, story=story_of.get(d.id), wire=credits.get(d.id)) for d in docs]
    report["lineage"] = [
        {"document": l.document, "source": l.source, "kind": l.kind, "overlap": round(l.overlap, 3),
         "source_overlap": round(l.source_overlap, 3), "directed": l.directed,
         "passages": [list(p) for p in l.passages]}
        for l in links if l.document in seen and l.source in seen
    ]
    report["entities"] = [dict(e, documents=[d for d in e["documents"] if d in seen]) for e in entities
                          if any(d in seen for d in e["documents"])]
    report["quotes"] = [q for q in quotes if q["document"] in seen]
    report["places"] = [dict(p, documents=[d for d in p["documents"] if d in seen]) for p in places
                        if any(d in seen for d in p["documents"])]
    for s in stories:
        members = [d for d in s.documents if d in seen]
        if members:
            report["stories"].append({
                "id": s.id, "title": s.title, "documents": members,
                "start": s.start.isoformat() if s.start else None,
                "end": s.end.isoformat() if s.end else None,
            })
    kept_events = []
    for e in events:
        mentions = [m for m in e["mentions"] if m["document"] in seen]
        if mentions:
            kept_events.append(dict(e, mentions=mentions))
    report["events"] = kept_events
    event_ids = {e["id"] for e in kept_events}
    ledger = []
    for x in discrepancies:
        if x.get("event") is not None and x["event"] not in event_ids:
            continue
        values = []
        for v in x["values"]:
            docs_in = [d for d in v["documents"] if d in seen]
            if docs_in:
                values.append(dict(v, documents=docs_in))
        if len(values) >= 2:
            ledger.append(dict(x, values=values))
    report["discrepancies"] = ledger
    return report


def write(report: dict[str, Any], path: str | Path) -> Path:
    path = Path(path)
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path
