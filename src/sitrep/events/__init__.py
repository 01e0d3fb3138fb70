"""Events, claims and cross-source reconciliation.

Per document (in the NLP workers): :func:`extract_mentions` finds event
mentions with their slots, attribution and status (:mod:`.mentions`, types
in :mod:`.taxonomy`). Per corpus: :func:`corpus_events` resolves the
mentions of each story into events (:mod:`.coref`, :mod:`.resolve`) and
builds the discrepancy ledger (:mod:`.reconcile`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

#: version of the per-document mention extraction (stored with the NLP
#: annotations: a new version re-extracts)
VERSION = "1"
#: version of the corpus stage (resolution, values, reconciliation)
CORPUS_VERSION = "4"


def extract_mentions(doc, annotations: dict, published: date | None) -> list[dict]:
    """Event mentions of one parsed document (see :mod:`.mentions`)."""
    from .mentions import extract

    return extract(doc, annotations, published)


def corpus_events(docs: Sequence, annotations: Mapping[str, dict], *, story_of: Mapping[str, str | None],
                  group_of: Mapping[str, Any], key_to_id: Mapping[tuple[str, str], str],
                  entities: Iterable[dict] = (), places: Iterable[dict] = (),
                  previous: Mapping[tuple[str, int], str] | None = None) -> tuple[list[dict], list[dict]]:
    """``(events, discrepancies)`` in ``sitrep/1`` form for these documents.

    ``story_of`` maps a document to its story, ``group_of`` to its
    independence group, ``key_to_id`` a (document, entity key) to the corpus
    entity id (from :func:`sitrep.nlp.aliases.merge_entities`). ``previous``
    maps (document, trigger start) of stored mentions to their event ids: an
    event keeps the id of the stored event most of its mentions belonged to,
    so ids survive re-runs and added documents."""
    from .reconcile import discrepancies
    from .resolve import Mention, build_events, event_entry

    entity_type = {e["id"]: e["type"] for e in entities}
    entity_name = {e["id"]: e["name"] for e in entities}
    place_parents = {p["id"]: ["p-" + p["country"]] for p in places
                     if p.get("country") and p.get("kind") != "country"}
    groups: dict[Any, int] = {}
    mentions: list[Mention] = []
    attribution_ids: dict[str, list[str]] = {}
    for d in docs:
        story = story_of.get(d.id)
        data = annotations.get(d.id) or {}
        if not story:
            continue
        g = groups.setdefault(group_of.get(d.id, d.id), len(groups))
        for m in data.get("events", []):
            s0, s1 = m["sentence"]
            mention = Mention(key=f"{d.id}:{m['n']}", doc=d.id, story=story, data=m, sentence=d.body[s0:s1].strip(),
                              published=d.published, group=g,
                              agents=[key_to_id[(d.id, k)] for k in m.get("agents", []) if (d.id, k) in key_to_id],
                              targets=[key_to_id[(d.id, k)] for k in m.get("targets", []) if (d.id, k) in key_to_id])
            att = m.get("attribution") or {}
            ids = [key_to_id[(d.id, k)] for k in att.get("entities", []) if (d.id, k) in key_to_id
                   and entity_type.get(key_to_id[(d.id, k)]) in ("PERSON", "ORG")]
            if ids:
                attribution_ids[mention.key] = ids
            mentions.append(mention)
    events = build_events(mentions, place_parents=place_parents, attribution_ids=attribution_ids)
    if previous:
        _keep_ids(events, previous)
    outlet_of = {d.id: d.outlet for d in docs}
    ledger = discrepancies(events, entity_type=entity_type, entity_name=entity_name, outlet_of=outlet_of)
    return [event_entry(e, entity_name) for e in events], ledger


def _keep_ids(events, previous: Mapping[tuple[str, int], str]) -> None:
    """Give each event the stored id most of its mentions had (each stored
    id to one event: the one holding most of its mentions)."""
    from collections import Counter

    claims = []
    for i, ev in enumerate(events):
        votes = Counter(previous.get((m.doc, m.data["trigger"][0])) for m in ev.mentions)
        votes.pop(None, None)
        for old, n in votes.items():
            claims.append((-n, old, i))
    claims.sort()
    taken: set[str] = set()
    done: set[int] = set()
    fresh = {ev.id for ev in events}
    for _, old, i in claims:
        if old in taken or i in done:
            continue
        if old != events[i].id and old in fresh:
            continue  # another event was just given this id by its own anchor
        taken.add(old)
        done.add(i)
        events[i].id = old
