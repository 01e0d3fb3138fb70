"""Rows that corpus stages derive: fingerprints, wire credits, lineage
links and stories. Each ``replace_*`` call swaps a stage's whole output in
one transaction, so readers see the old result or the new one, never half.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from datetime import datetime, timezone

from sqlalchemy import delete, insert, select

from ..model import LineageLink, Story, WireCredit
from .schema import (annotations, changes, discrepancies, event_mentions, events, fingerprints, lineage, runs, stories,
                     story_documents, story_state, wire_credits)

_CHUNK = 500


class CorpusRows:
    """Mixed into :class:`~sitrep.store.Store`; uses its ``_transaction``."""

    # -- per-document rows: fingerprints and NLP annotations -----------------------

    def _save_per_document(self, table, items: Mapping[str, object], stage_version: str) -> None:
        stage_version = str(stage_version)  # the column is text on every backend (PostgreSQL will not compare 1 to '1')
        ids = list(items)
        with self._transaction(write=True) as conn:
            for i in range(0, len(ids), _CHUNK):
                chunk = ids[i : i + _CHUNK]
                conn.execute(delete(table).where(table.c.document_id.in_(chunk)))
                conn.execute(insert(table), [
                    {"document_id": d, "stage_version": stage_version, "data": items[d]} for d in chunk
                ])

    def _load_per_document(self, table, ids: Iterable[str], stage_version: str) -> dict[str, object]:
        stage_version = str(stage_version)
        ids = list(ids)
        out: dict[str, object] = {}
        with self._transaction(write=False) as conn:
            for i in range(0, len(ids), _CHUNK):
                q = select(table.c.document_id, table.c.data).where(
                    table.c.document_id.in_(ids[i : i + _CHUNK]), table.c.stage_version == stage_version
                )
                out.update({r.document_id: r.data for r in conn.execute(q)})
        return out

    def save_fingerprints(self, items: Mapping[str, bytes], stage_version: str) -> None:
        """Store (or replace) the fingerprint of each document id."""
        self._save_per_document(fingerprints, items, stage_version)

    def load_fingerprints(self, ids: Iterable[str], stage_version: str) -> dict[str, bytes]:
        """Stored fingerprints of these ids made by this stage version."""
        return {k: bytes(v) for k, v in self._load_per_document(fingerprints, ids, stage_version).items()}

    def save_annotations(self, items: Mapping[str, dict], stage_version: str) -> None:
        """Store (or replace) the NLP annotations of each document id."""
        self._save_per_document(annotations, items, stage_version)

    def load_annotations(self, ids: Iterable[str], stage_version: str) -> dict[str, dict]:
        """Stored annotations of these ids made by this stage version."""
        return self._load_per_document(annotations, ids, stage_version)

    # -- lineage and wire --------------------------------------------------------

    def replace_lineage(self, links: Sequence[LineageLink], credits: Sequence[WireCredit], stage_version: str) -> None:
        """Replace every lineage link and wire credit with these."""
        with self._transaction(write=True) as conn:
            conn.execute(delete(lineage))
            conn.execute(delete(wire_credits))
            if links:
                conn.execute(insert(lineage), [
                    {"document_id": l.document, "source_id": l.source, "kind": l.kind, "overlap": float(l.overlap),
                     "source_overlap": float(l.source_overlap), "directed": bool(l.directed),
                     "passages": [list(p) for p in l.passages], "stage_version": stage_version}
                    for l in links
                ])
            if credits:
                conn.execute(insert(wire_credits), [
                    {"document_id": c.document, "agency": c.agency, "inferred": bool(c.inferred),
                     "evidence": c.evidence, "stage_version": stage_version}
                    for c in credits
                ])

    def lineage_links(self, document: str | None = None) -> list[LineageLink]:
        """All links, or those where ``document`` is either end."""
        q = select(lineage)
        if document is not None:
            q = q.where((lineage.c.document_id == document) | (lineage.c.source_id == document))
        q = q.order_by(lineage.c.document_id, lineage.c.source_id)
        with self._transaction(write=False) as conn:
            return [
                LineageLink(r.document_id, r.source_id, r.kind, r.overlap, r.source_overlap, bool(r.directed),
                            [tuple(p) for p in r.passages])
                for r in conn.execute(q)
            ]

    def wire_credits(self) -> dict[str, WireCredit]:
        with self._transaction(write=False) as conn:
            return {
                r.document_id: WireCredit(r.document_id, r.agency, bool(r.inferred), r.evidence)
                for r in conn.execute(select(wire_credits))
            }

    # -- stories -----------------------------------------------------------------

    def replace_stories(self, items: Sequence[Story], stage_version: str) -> None:
        """Replace every story and story membership with these."""
        with self._transaction(write=True) as conn:
            conn.execute(delete(story_documents))
            conn.execute(delete(stories))
            if items:
                conn.execute(insert(stories), [
                    {"id": s.id, "title": s.title, "start": s.start, "end": s.end, "stage_version": stage_version}
                    for s in items
                ])
                rows = [{"document_id": d, "story_id": s.id} for s in items for d in s.documents]
                for i in range(0, len(rows), _CHUNK):
                    conn.execute(insert(story_documents), rows[i : i + _CHUNK])

    def stories(self) -> list[Story]:
        """Stories with their document ids, by start date then id."""
        with self._transaction(write=False) as conn:
            members: dict[str, list[str]] = {}
            for r in conn.execute(select(story_documents).order_by(story_documents.c.document_id)):
                members.setdefault(r.story_id, []).append(r.document_id)
            rows = conn.execute(select(stories)).all()
        out = [Story(r.id, members.get(r.id, []), r.title, r.start, r.end) for r in rows]
        out.sort(key=lambda s: (s.start is None, str(s.start), s.id))
        return out

    # -- events and discrepancies ------------------------------------------------

    def replace_events(self, items: Sequence[dict], ledger: Sequence[dict], stage_version: str) -> None:
        """Replace every event, event mention and discrepancy with these
        (``sitrep/1`` objects; each event's mentions carry ``document`` and
        ``trigger``)."""
        with self._transaction(write=True) as conn:
            conn.execute(delete(event_mentions))
            conn.execute(delete(discrepancies))
            conn.execute(delete(events))
            conn.execute(delete(story_state))
            self._insert_events(conn, items, ledger, stage_version)

    @staticmethod
    def _insert_events(conn, items: Sequence[dict], ledger: Sequence[dict], stage_version: str) -> None:
        rows = [{"id": e["id"], "story_id": e.get("story"), "date": (e.get("date") or {}).get("value"),
                 "stage_version": stage_version, "data": e} for e in items]
        for i in range(0, len(rows), _CHUNK):
            conn.execute(insert(events), rows[i : i + _CHUNK])
        seen: set[tuple[str, int]] = set()
        mrows = []
        for e in items:
            for m in e["mentions"]:
                key = (m["document"], int(m["trigger"][0]))
                if key not in seen:
                    seen.add(key)
                    mrows.append({"document_id": key[0], "trigger_start": key[1], "event_id": e["id"]})
        for i in range(0, len(mrows), _CHUNK):
            conn.execute(insert(event_mentions), mrows[i : i + _CHUNK])
        xrows = [{"id": x["id"], "story_id": x.get("story"), "event_id": x.get("event"), "field": x["field"],
                  "data": x} for x in ledger]
        for i in range(0, len(xrows), _CHUNK):
            conn.execute(insert(discrepancies), xrows[i : i + _CHUNK])

    def replace_story_events(self, scope: Iterable[str], items: Sequence[dict], ledger: Sequence[dict],
                             stage_version: str, state: Mapping[str, tuple[str, int]],
                             change_log: Sequence[dict] = (), run_id: str | None = None) -> None:
        """Incremental form of :meth:`replace_events`: replace the events,
        mentions and discrepancies of the stories in ``scope`` only (those of
        other stories stay), set their ``state`` (story id → (signature,
        document count); a story in ``scope`` without state is gone), and log
        ``change_log`` under ``run_id``; one transaction."""
        scope = sorted(set(scope))
        with self._transaction(write=True) as conn:
            for k in range(0, len(scope), _CHUNK):
                part = scope[k : k + _CHUNK]
                ids = select(events.c.id).where(events.c.story_id.in_(part))
                conn.execute(delete(event_mentions).where(event_mentions.c.event_id.in_(ids)))
                conn.execute(delete(discrepancies).where(discrepancies.c.story_id.in_(part)))
                conn.execute(delete(events).where(events.c.story_id.in_(part)))
                conn.execute(delete(story_state).where(story_state.c.story_id.in_(part)))
            self._insert_events(conn, items, ledger, stage_version)
            rows = [{"story_id": sid, "signature": sig, "documents": n, "stage_version": stage_version}
                    for sid, (sig, n) in sorted(state.items()) if sid in set(scope)]
            for i in range(0, len(rows), _CHUNK):
                conn.execute(insert(story_state), rows[i : i + _CHUNK])
            now = datetime.now(timezone.utc)
            crows = [{"run_id": run_id, "at": now, "kind": c["kind"], "story_id": c.get("story"),
                      "event_id": c.get("event"), "data": c} for c in change_log]
            for i in range(0, len(crows), _CHUNK):
                conn.execute(insert(changes), crows[i : i + _CHUNK])

    def story_state(self) -> dict[str, tuple[str, int, str]]:
        """story id → (input signature, document count, stage version) of
        the stored events of each story."""
        with self._transaction(write=False) as conn:
            return {r.story_id: (r.signature, r.documents, r.stage_version) for r in conn.execute(select(story_state))}

    def changes(self, *, since_run: str | None = None, run: str | None = None) -> list[dict]:
        """Logged changes in order, each with ``run`` and ``at``: all of them,
        those of one ``run``, or those of the runs that started after
        ``since_run`` (and unattributed ones logged after it started)."""
        q = select(changes, runs.c.started_at).select_from(changes.outerjoin(runs, changes.c.run_id == runs.c.id))
        if run is not None:
            q = q.where(changes.c.run_id == run)
        if since_run is not None:
            with self._transaction(write=False) as conn:
                start = conn.execute(select(runs.c.started_at).where(runs.c.id == since_run)).scalar()
            if start is None:
                raise KeyError(since_run)
            q = q.where(((runs.c.started_at > start) | ((changes.c.run_id.is_(None)) & (changes.c.at > start))))
        with self._transaction(write=False) as conn:
            rows = conn.execute(q.order_by(changes.c.seq)).all()
        return [{**r.data, "run": r.run_id, "at": r.at.isoformat() if r.at else None, "seq": r.seq} for r in rows]

    def events(self, story: str | None = None, stage_version: str | None = None) -> list[dict]:
        """Stored events (``sitrep/1`` objects) by date, of one story or all."""
        q = select(events.c.data, events.c.stage_version)
        if story is not None:
            q = q.where(events.c.story_id == story)
        with self._transaction(write=False) as conn:
            rows = conn.execute(q).all()
        out = [r.data for r in rows if stage_version is None or r.stage_version == stage_version]
        out.sort(key=lambda e: ((e.get("date") or {}).get("value") or "9999", e["id"]))
        return out

    def events_version(self) -> str | None:
        """The stage version of the stored events (``None`` when there are none)."""
        with self._transaction(write=False) as conn:
            return conn.execute(select(events.c.stage_version).limit(1)).scalar()

    def discrepancies(self, story: str | None = None) -> list[dict]:
        """Stored discrepancies (``sitrep/1`` objects), of one story or all."""
        q = select(discrepancies.c.data)
        if story is not None:
            q = q.where(discrepancies.c.story_id == story)
        with self._transaction(write=False) as conn:
            out = [r.data for r in conn.execute(q)]
        out.sort(key=lambda x: (x.get("story") or "", x.get("event") or "", x["field"]))
        return out

    def event_anchors(self) -> dict[tuple[str, int], str]:
        """(document id, trigger start) → event id, for keeping ids stable."""
        with self._transaction(write=False) as conn:
            return {(r.document_id, r.trigger_start): r.event_id for r in conn.execute(select(event_mentions))}

    def story_of(self) -> dict[str, str]:
        """document id -> story id."""
        with self._transaction(write=False) as conn:
            return {r.document_id: r.story_id for r in conn.execute(select(story_documents))}
