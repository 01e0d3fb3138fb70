"""The ``sitrep/1`` report: one JSON object built from the store.

Every key of the contract (``../shared/CONTRACT.md``) is always present;
lists that later stages fill (lineage, stories, entities, places, quotes,
events, discrepancies) are empty until those stages exist. Documents carry
extra fields beyond the contract: the evidence for the publication date,
the URL, the revision, and what cleaning removed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..model import Document

FORMAT = "sitrep/1"
LIST_KEYS = ("documents", "lineage", "stories", "entities", "places", "quotes", "events", "discrepancies")


def document_entry(doc: Document, *, with_removed: bool = True) -> dict[str, Any]:
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
        "story": None,
        "wire": None,
        "published_evidence": doc.published_evidence,
        "url": doc.url,
        "format": doc.format,
        "revision": doc.revision,
        "supersedes": doc.supersedes,
    }
    if with_removed:
        entry["removed"] = [{"line": r.line, "reason": r.reason, "text": r.text} for r in doc.removed]
    return entry


def build(documents: list[Document]) -> dict[str, Any]:
    """The report for these documents (each once, in the order given)."""
    seen: set[str] = set()
    entries = []
    for doc in documents:
        if doc.id in seen:
            continue
        seen.add(doc.id)
        entries.append(document_entry(doc))
    report: dict[str, Any] = {"format": FORMAT}
    for key in LIST_KEYS:
        report[key] = []
    report["documents"] = entries
    return report


def write(report: dict[str, Any], path: str | Path) -> Path:
    path = Path(path)
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path
