"""What the web server reads from the store, and a cached view of it.

Reads never write and never run a stage: entities, quotes and places are
derived from the *stored* annotations (as ``pipeline.build_report`` does,
with the same functions), events and the ledger are the stored ones. A
database that was only ingested (never analysed) shows documents and search
but no stories, events or entities until ``sitrep analyze`` or an upload
runs the stages.

Deriving entities merges them over the whole corpus, so the result is kept
in one :class:`Snapshot` per process and rebuilt when
``Store.change_marker()`` changes (anything added or re-analysed, by this
server or by another command) or after :data:`MAX_AGE` seconds. Building it
takes ~0.3 s for the sample corpus and ~3.6 s for 1,000 documents (mostly
merging entities), paid by the first request after a change.
"""

from __future__ import annotations

import threading
from collections import Counter
import time
from dataclasses import dataclass, field
from typing import Any

from ..model import Document, LineageLink, Story, WireCredit, word_count
from ..report import build as build_report_dict
from ..report import document_entry

#: seconds after which a snapshot is rebuilt even when the marker is the same
#: (a safety net: a stage re-run that changes rows but no count or version)
MAX_AGE = 600.0


@dataclass
class Snapshot:
    marker: tuple
    built: float
    docs: dict[str, Document]  # latest revisions, in the store's order
    stories: list[Story]
    story_by_id: dict[str, Story]
    story_of: dict[str, str]
    links: list[LineageLink]
    credits: dict[str, WireCredit]
    entities: list[dict]
    entity_by_id: dict[str, dict]
    quotes: list[dict]
    places: list[dict]
    place_by_id: dict[str, dict]
    key_to_id: dict[tuple[str, str], str]
    events: list[dict]
    event_by_id: dict[str, dict]
    discrepancies: list[dict]
    discrepancy_by_id: dict[str, dict]
    annotation_version: str
    mentions_by_doc: dict[str, list[tuple[dict, dict]]] = field(default_factory=dict)
    quotes_by_doc: dict[str, list[dict]] = field(default_factory=dict)
    events_per_story: Counter = field(default_factory=Counter)
    discrepancies_per_story: Counter = field(default_factory=Counter)

    # -- views ------------------------------------------------------------------

    def story_docs(self, story_id: str | None) -> list[Document]:
        if story_id is None:
            return list(self.docs.values())
        story = self.story_by_id.get(story_id)
        members = set(story.documents) if story else set()
        return [d for d in self.docs.values() if d.id in members]

    def story_json(self, s: Story) -> dict[str, Any]:
        outlets = {self.docs[d].outlet for d in s.documents if d in self.docs} - {None}
        return {
            "id": s.id, "title": s.title, "documents": list(s.documents),
            "start": s.start.isoformat() if s.start else None, "end": s.end.isoformat() if s.end else None,
            "counts": {"documents": len(s.documents), "outlets": len(outlets),
                       "events": self.events_per_story[s.id],
                       "discrepancies": self.discrepancies_per_story[s.id]},
        }

    def document_json(self, d: Document, *, body: bool = False, removed: bool = False) -> dict[str, Any]:
        entry = document_entry(d, with_removed=removed, story=self.story_of.get(d.id), wire=self.credits.get(d.id))
        entry["words"] = word_count(d.body)
        if not body:
            entry.pop("body", None)
        return entry

    def lineage_json(self, doc_id: str) -> list[dict]:
        return [{"document": l.document, "source": l.source, "kind": l.kind, "overlap": round(l.overlap, 3),
                 "source_overlap": round(l.source_overlap, 3), "directed": l.directed}
                for l in self.links if doc_id in (l.document, l.source)]

    def in_story(self, items: list[dict], story_id: str | None) -> list[dict]:
        """Entities or places limited to one story's documents (as a report
        for that story would list them)."""
        if story_id is None:
            return items
        members = set(self.story_by_id[story_id].documents) if story_id in self.story_by_id else set()
        out = []
        for item in items:
            docs = [d for d in item["documents"] if d in members]
            if docs:
                out.append(dict(item, documents=docs))
        return out

    def report(self, story_id: str | None = None) -> dict[str, Any]:
        """The ``sitrep/1`` report of one story (or of everything)."""
        return build_report_dict(self.story_docs(story_id), links=self.links, credits=self.credits,
                                 stories=self.stories, entities=self.entities, quotes=self.quotes,
                                 places=self.places, events=self.events, discrepancies=self.discrepancies)

    def events_of_entity(self, entity_id: str) -> list[dict]:
        return [e for e in self.events if entity_id in (e.get("actors") or [])]

    def events_at_place(self, place_id: str) -> list[dict]:
        return [e for e in self.events if e.get("place") == place_id]

    def evidence(self, store, doc: Document) -> list[dict[str, Any]]:
        """Spans of the document's clean text that the report rests on:
        event mention sentences, quotes, entity and place mentions."""
        spans: list[dict[str, Any]] = []
        for event, m in self.mentions_by_doc.get(doc.id, []):
            if m.get("start") is None or m.get("end") is None:
                continue
            status = m.get("status") or event.get("status")
            spans.append({"kind": "event", "start": m["start"], "end": m["end"], "ref": event["id"],
                          "label": f"event: {event['type']} ({status}): {event['summary']}"})
        for q in self.quotes_by_doc.get(doc.id, []):
            who = q.get("speaker_text") or "unattributed"
            spans.append({"kind": "quote", "start": q["start"], "end": q["end"], "ref": q.get("speaker"),
                          "label": f"quote ({q.get('verb') or 'said'}): {who}"})
        data = store.load_annotations([doc.id], self.annotation_version).get(doc.id) or {}
        for ent in data.get("entities", []):
            eid = self.key_to_id.get((doc.id, ent.get("key")))
            name = self.entity_by_id[eid]["name"] if eid in self.entity_by_id else ent.get("name")
            for start, end, label in ent.get("mentions", []):
                spans.append({"kind": "entity", "start": start, "end": end, "ref": eid,
                              "label": f"{label}: {name}"})
        for p in data.get("places", []):
            if p.get("start") is None or p.get("id") not in self.place_by_id:
                continue
            spans.append({"kind": "place", "start": p["start"], "end": p["end"], "ref": p["id"],
                          "label": f"place: {p.get('name')} ({p.get('kind')}, {p.get('country')})"})
        n = len(doc.body)
        spans = [s for s in spans if isinstance(s["start"], int) and isinstance(s["end"], int)
                 and 0 <= s["start"] < s["end"] <= n]
        spans.sort(key=lambda s: (s["start"], -s["end"], s["kind"]))
        return spans


def build_snapshot(store) -> Snapshot:
    from .. import pipeline

    marker = store.change_marker()
    docs = store.documents(latest_only=True)
    version = pipeline.annotation_version()
    annotations = store.load_annotations([d.id for d in docs], version)
    entities, quotes, key_to_id = pipeline._entities_quotes_keys(docs, annotations)
    places = pipeline.places_of(docs, annotations)
    stories = store.stories()
    events = store.events()
    ledger = store.discrepancies()
    snap = Snapshot(
        marker=marker, built=time.monotonic(), docs={d.id: d for d in docs}, stories=stories,
        story_by_id={s.id: s for s in stories}, story_of={d: s.id for s in stories for d in s.documents},
        links=store.lineage_links(), credits=store.wire_credits(), entities=entities,
        entity_by_id={e["id"]: e for e in entities}, quotes=quotes, places=places,
        place_by_id={p["id"]: p for p in places}, key_to_id=key_to_id, events=events,
        event_by_id={e["id"]: e for e in events}, discrepancies=ledger,
        discrepancy_by_id={x["id"]: x for x in ledger}, annotation_version=version,
    )
    for e in events:
        for m in e.get("mentions", []):
            snap.mentions_by_doc.setdefault(m["document"], []).append((e, m))
    for q in quotes:
        snap.quotes_by_doc.setdefault(q["document"], []).append(q)
    snap.events_per_story.update(e.get("story") for e in events)
    snap.discrepancies_per_story.update(x.get("story") for x in ledger)
    return snap


class SnapshotCache:
    """One snapshot, rebuilt when the store changes; safe across threads
    (one rebuild at a time, readers keep the snapshot they got)."""

    def __init__(self, store, max_age: float = MAX_AGE):
        self.store = store
        self.max_age = max_age
        self._snap: Snapshot | None = None
        self._lock = threading.Lock()

    def invalidate(self) -> None:
        self._snap = None

    def get(self) -> Snapshot:
        snap = self._snap
        if snap is not None and time.monotonic() - snap.built < self.max_age \
                and snap.marker == self.store.change_marker():
            return snap
        with self._lock:
            if self._snap is not snap and self._snap is not None:
                return self._snap  # another thread rebuilt it meanwhile
            self._snap = build_snapshot(self.store)
            return self._snap


