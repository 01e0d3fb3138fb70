"""The ingest runner: inputs -> raw documents -> cleaned documents -> store.

Documents are processed in batches. Within a batch, short lines shared by
several pages (an outlet's menus and footers) are found first and handed to
the cleaner, then the corpus step resolves weak outlet evidence against the
outlets that other pages establish. Each document is stored in its own
transaction, so an interrupted run keeps everything stored before it.
A document whose content hash is already stored is counted as a duplicate
and not cleaned again: ingesting the same input twice stores nothing new.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from .clean import VERSION as CLEAN_VERSION
from .clean import Cleaned, clean
from .clean.furniture import short_lines
from .clean.metadata import refine_outlets
from .config import Settings
from .errors import InputError
from .ingest import Input, discover, read_input
from .model import RawDocument, Rejection, Story, content_hash, document_id

BATCH = 256


@dataclass
class IngestSummary:
    run_id: str | None = None
    new: int = 0
    revisions: int = 0
    duplicates: int = 0
    rejected: int = 0
    #: ids of every document the inputs produced (new, revised or already stored), in input order
    documents: list[str] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)

    @property
    def ingested(self) -> int:
        return self.new + self.revisions

    def line(self) -> str:
        return (
            f"ingested {self.ingested} ({self.new} new, {self.revisions} revisions) / "
            f"duplicates {self.duplicates} / rejected {self.rejected}"
        )


class Progress:
    """What the runner reports as it goes; the CLI draws it with rich."""

    def start(self, total_inputs: int) -> None: ...
    def advance(self, source: str) -> None: ...
    def error(self, message: str) -> None: ...
    def stop(self) -> None: ...


def _raw_stream(items: list[Input], settings: Settings, transport, stdin, progress: Progress,
                engine=None) -> Iterator[RawDocument | InputError]:
    """Every input's raw documents, in input order. With an engine of more
    than one worker, files are read on it, ``engine.inflight`` files at a
    time (:func:`read_task`: the readers run where the work runs, which is
    where HTML extraction's cost goes); standard input and URLs are read
    here."""
    parallel = engine is not None and engine.workers > 1
    run: list[Input] = []

    def flush() -> Iterator[RawDocument | InputError]:
        # read all of them before handing any on: the pool is gone before
        # the caller starts another one (no fork while a pool's threads run)
        read = list(engine.map(read_task, [(item, settings) for item in run]))
        for item, got in zip(run, read):
            yield from got
            progress.advance(item.source)
        run.clear()

    for item in items:
        if parallel and item.path is not None and item.kind in FILE_KINDS:
            run.append(item)
            if len(run) >= engine.inflight:
                yield from flush()
            continue
        if run:
            yield from flush()
        yield from read_input(item, settings, transport=transport, stdin=stdin)
        progress.advance(item.source)
    if run:
        yield from flush()


#: inputs an engine's workers can read (a path every worker sees)
FILE_KINDS = ("text", "html", "jsonl", "warc")


def read_task(task) -> list[RawDocument | InputError]:
    """One engine task of the readers: ``(input, settings)`` -> its raw documents."""
    item, settings = task
    return list(read_input(item, settings))


def ingest(
    inputs: list[str],
    store,
    settings: Settings,
    *,
    command: str = "ingest",
    progress: Progress | None = None,
    transport=None,
    stdin=None,
    on_reject: Callable[[Rejection], None] | None = None,
    engine=None,
) -> IngestSummary:
    """Read, clean and store the inputs. With an ``engine``
    (:mod:`sitrep.batch.engines`) several batches are cleaned at once on it,
    each by :func:`clean_batch`; deduplication, outlet refinement and
    storing stay here, in input order, so the store is the same."""
    progress = progress or Progress()
    summary = IngestSummary()
    summary.run_id = store.start_run(command, list(inputs))
    items: list[Input] = []

    def reject(err: InputError) -> None:
        rej = Rejection(source=err.source, reason=err.problem, kind=type(err).__name__)
        summary.rejected += 1
        summary.rejections.append(rej)
        store.record_rejection(rej, summary.run_id)
        if on_reject:
            on_reject(rej)

    for found in discover(list(inputs)):
        if isinstance(found, InputError):
            reject(found)
        else:
            items.append(found)
    progress.start(len(items))
    try:
        inflight = engine.inflight if engine is not None else 1
        batch: list[RawDocument] = []
        pending: list[list[RawDocument]] = []
        for got in _raw_stream(items, settings, transport, stdin, progress, engine):
            if isinstance(got, InputError):
                reject(got)
                continue
            batch.append(got)
            if len(batch) >= BATCH:
                pending.append(batch)
                batch = []
                if len(pending) >= inflight:
                    _ingest_batches(pending, store, summary, reject, engine)
                    pending = []
        if batch:
            pending.append(batch)
        if pending:
            _ingest_batches(pending, store, summary, reject, engine)
    finally:
        progress.stop()
        store.finish_run(
            summary.run_id,
            ingested=summary.new,
            duplicates=summary.duplicates,
            revisions=summary.revisions,
            rejected=summary.rejected,
        )
    return summary


def _ingest_batch(batch: list[RawDocument], store, summary: IngestSummary, reject) -> None:
    _ingest_batches([batch], store, summary, reject)


def _ingest_batches(batches: list[list[RawDocument]], store, summary: IngestSummary, reject, engine=None) -> None:
    """Store these batches (in order): documents already stored or seen
    earlier are counted as duplicates, the rest cleaned batch by batch
    (:func:`clean_batch`, on the ``engine`` when there is one), given the
    outlets the store and the batch establish, and stored one by one."""
    seen: set[str] = set()
    fresh_lists: list[list[RawDocument]] = []
    dup_lists: list[list[str]] = []
    for batch in batches:
        fresh: list[RawDocument] = []
        dups: list[str] = []
        for raw in batch:
            chash = content_hash(raw.text)
            if chash in seen or store.has_hash(chash) is not None:
                dups.append(document_id(chash))
                continue
            seen.add(chash)
            fresh.append(raw)
        fresh_lists.append(fresh)
        dup_lists.append(dups)
    results = list(engine.map(clean_batch, fresh_lists)) if engine is not None else map(clean_batch, fresh_lists)
    for dups, got in zip(dup_lists, results):
        summary.duplicates += len(dups)
        summary.documents.extend(dups)
        cleaned: list[Cleaned] = []
        for c in got:
            if isinstance(c, InputError):
                reject(c)
            else:
                cleaned.append(c)
        _store_cleaned(cleaned, store, summary)


def clean_batch(fresh: list[RawDocument]) -> list[Cleaned | InputError]:
    """Clean a batch of new raw documents: the short lines several of its
    pages share (menus, footers) are found first and handed to the cleaner.
    A document the cleaner refuses comes back as its :class:`InputError`."""
    shared = shared_short_lines([r.text for r in fresh if r.needs_cleaning])
    out: list[Cleaned | InputError] = []
    for raw in fresh:
        try:
            out.append(clean(raw, shared=shared))
        except InputError as err:
            out.append(err)
    return out


def _store_cleaned(cleaned: list[Cleaned], store, summary: IngestSummary) -> None:
    outlets = refine_outlets([(c.document.outlet, c.outlet_hints) for c in cleaned], set(store.outlets()))
    for c, outlet in zip(cleaned, outlets):
        if outlet and not c.document.outlet:
            c.document.outlet = outlet
        result = store.add_document(c.document, run_id=summary.run_id, stage_version=CLEAN_VERSION)
        if result.status == "new":
            summary.new += 1
        elif result.status == "revision":
            summary.revisions += 1
        else:
            summary.duplicates += 1
        summary.documents.append(result.id)


def shared_short_lines(texts: list[str], min_pages: int = 2) -> set[str]:
    """Short lines that appear on at least ``min_pages`` different pages."""
    counts: Counter[str] = Counter()
    for t in texts:
        counts.update(short_lines(t))
    return {k for k, n in counts.items() if n >= min_pages}


# ---------------------------------------------------------------- corpus stages


@dataclass
class CorpusSummary:
    documents: int = 0
    fingerprinted: int = 0
    links: int = 0
    wire: int = 0
    stories: int = 0
    events: int | None = None

    def line(self) -> str:
        return (f"corpus: {self.documents} documents, {self.links} lineage links, "
                f"{self.wire} wire credits, {self.stories} stories"
                + (f", {self.events} events" if self.events is not None else ""))


def analyze_corpus(store, engine=None) -> CorpusSummary:
    """Run the corpus stages over every current document in the store:
    fingerprints (cached by stage version), lineage links and wire credits,
    then story clustering with ids kept stable against the stored stories.
    Each stage replaces its own stored output in one transaction. With an
    ``engine`` (:mod:`sitrep.batch.engines`) fingerprints, lineage
    candidates and pair alignment run on it."""
    from . import lineage, stories
    from .model import LineageLink, WireCredit

    docs = store.documents(latest_only=True)
    summary = CorpusSummary(documents=len(docs))
    ldocs = [lineage.LineageDoc(id=d.id, body=d.body, published=d.published, title=d.title, outlet=d.outlet,
                                source=d.source, removed=tuple(r.text for r in d.removed))
             for d in docs]
    stored = store.load_fingerprints([d.id for d in ldocs], lineage.FINGERPRINT_VERSION)
    fps = {k: lineage.Fingerprint.from_bytes(v) for k, v in stored.items()}
    missing = [d for d in ldocs if d.id not in fps]
    if engine is not None and missing:
        size = engine.task_size * 16
        tasks = [missing[i : i + size] for i in range(0, len(missing), size)]
        fresh = {k: v for part in engine.map(fingerprint_task, tasks) for k, v in part.items()}
    else:
        fresh = {d.id: lineage.fingerprint(d) for d in missing}
    if fresh:
        store.save_fingerprints({k: v.to_bytes() for k, v in fresh.items()}, lineage.FINGERPRINT_VERSION)
        fps.update(fresh)
    summary.fingerprinted = len(fresh)

    links = lineage.find_links(ldocs, fps, engine=engine)
    explicit = {d.id: lineage.detect_wire(d) for d in ldocs}
    wire = lineage.propagate_wire(ldocs, links, explicit)
    credits = []
    for d in ldocs:
        agency = wire.get(d.id)
        if agency:
            own = explicit.get(d.id)
            credited = own is not None and own.strong and own.agency == agency
            credits.append(WireCredit(d.id, agency, inferred=not credited,
                                      evidence=own.evidence if credited else "copy or rewrite of a report that credits it"))
    store.replace_lineage(
        [LineageLink(l.document, l.source, l.kind, l.overlap, l.source_overlap, l.directed, list(l.passages)) for l in links],
        credits, lineage.VERSION,
    )
    summary.links, summary.wire = len(links), len(credits)

    groups = lineage.independence_groups([d.id for d in ldocs], links, wire)
    group_of = {doc_id: min(g) for g in groups for doc_id in g}
    sdocs = [stories.StoryDoc(id=d.id, title=d.title, body=d.body, published=d.published, group=group_of.get(d.id))
             for d in docs]
    clusters = stories.cluster_stories(sdocs)
    previous = {s.id: set(s.documents) for s in store.stories()}
    named = stories.assign_story_ids(clusters, previous, {d.id: d.published for d in docs})
    by_id = {d.id: d for d in sdocs}
    result = []
    for sid, members in sorted(named.items()):
        described = stories.describe_story(sid, [by_id[m] for m in members])
        result.append(Story(sid, sorted(members), described.title, described.start, described.end))
    store.replace_stories(result, stories.VERSION)
    summary.stories = len(result)
    return summary


def fingerprint_task(docs) -> dict:
    """One engine task of the lineage stage: documents -> their fingerprints."""
    from . import lineage

    return {d.id: lineage.fingerprint(d) for d in docs}


# ---------------------------------------------------------------- NLP stage

ANNOTATE_CHUNK = 200


def annotate_documents(store, docs, model: str | None = None, workers: int = 1, engine=None) -> dict[str, dict]:
    """NLP annotations for these documents: stored ones made by the current
    stage version are reused; the rest are parsed (one model load per
    process) and stored in chunks, so an interrupted run keeps its work.
    With ``workers`` > 1 the parsing runs in that many forked processes
    (the model loaded once, before the fork, and shared), each running the
    same :func:`annotate_one`; this process stays the only writer. With an
    ``engine`` (:mod:`sitrep.batch.engines`) the parsing runs on it in tasks
    of ``engine.task_size`` documents (:func:`annotate_task`, the model
    loaded once per worker process)."""
    version = annotation_version()
    have = store.load_annotations([d.id for d in docs], version)
    todo = [d for d in docs if d.id not in have]
    if not todo:
        return have
    nlp = task_pipeline(model)
    if engine is not None:
        size = engine.task_size
        tasks = [(model, todo[i : i + size]) for i in range(0, len(todo), size)]
        done: dict[str, dict] = {}
        for part in engine.map(annotate_task, tasks):
            done.update(part)
            if len(done) >= ANNOTATE_CHUNK:
                store.save_annotations(done, version)
                have.update(done)
                done = {}
        if done:
            store.save_annotations(done, version)
            have.update(done)
        return have
    if workers > 1 and len(todo) >= 2 * workers:
        for done in _annotate_in_pool(todo, model, workers):
            store.save_annotations(done, version)
            have.update(done)
        return have
    for i in range(0, len(todo), ANNOTATE_CHUNK):
        done = _annotate_chunk(todo[i : i + ANNOTATE_CHUNK], nlp)
        store.save_annotations(done, version)
        have.update(done)
    return have


#: documents a pool worker annotates per task
POOL_TASK = 16


def _annotate_in_pool(todo, model: str | None, workers: int):
    """Yield dicts of annotations, ``ANNOTATE_CHUNK`` documents at a time
    (the last one smaller), computed by a pool of forked workers."""
    import multiprocessing

    tasks = [todo[i : i + POOL_TASK] for i in range(0, len(todo), POOL_TASK)]
    ctx = multiprocessing.get_context("fork")
    done: dict[str, dict] = {}
    with ctx.Pool(workers, initializer=_pool_init, initargs=(model,)) as pool:
        for part in pool.imap(_pool_annotate, tasks):
            done.update(part)
            if len(done) >= ANNOTATE_CHUNK:
                yield done
                done = {}
    if done:
        yield done


_pool_nlp = None


def _pool_init(model: str | None) -> None:
    global _pool_nlp
    _pool_nlp = task_pipeline(model)  # the parent's, inherited through the fork


def _pool_annotate(chunk) -> dict[str, dict]:
    return _annotate_chunk(chunk, _pool_nlp)


def _annotate_chunk(chunk, nlp) -> dict[str, dict]:
    return {d.id: annotate_one(parsed, d, nlp) for d, parsed in zip(chunk, nlp.pipe((d.body for d in chunk), batch_size=32))}


_task_models: dict = {}


def task_pipeline(model: str | None):
    """The NLP pipeline for ``model``, loaded once per process (a forked
    worker inherits its parent's; a Spark worker loads it on its first task
    and keeps it for the next ones)."""
    nlp = _task_models.get(model)
    if nlp is None:
        from . import nlp as nlp_stage

        nlp = _task_models[model] = nlp_stage.load_pipeline(model)
    return nlp


def annotate_task(task) -> dict[str, dict]:
    """One engine task of the NLP stage: ``(model, documents)`` -> their annotations."""
    model, chunk = task
    return _annotate_chunk(chunk, task_pipeline(model))


def annotation_version() -> str:
    """The stored version of per-document annotations: the NLP stage's and
    the event mention extraction's."""
    from . import events, nlp

    return f"{nlp.VERSION}+events{events.VERSION}+captions{CAPTIONS_VERSION}"


#: version of caption place extraction (see :func:`caption_places`)
CAPTIONS_VERSION = "2"


def annotate_one(parsed, doc, nlp=None) -> dict:
    """Everything the per-document stages find in one parsed document."""
    from . import events
    from . import nlp as nlp_stage

    data = nlp_stage.annotate(parsed, doc.published, doc.dateline)
    data["events"] = events.extract_mentions(parsed, data, doc.published)
    data["caption_places"] = caption_places(doc, nlp, data) if nlp is not None else []
    return data


def caption_places(doc, nlp, data: dict) -> list[dict]:
    """Places named in the photo captions that cleaning removed from the
    body ("fighters celebrate in a street in Maaret al-Numan …"): the
    picture is part of the report and often names where it was taken. Each
    place carries the index of its removal and a span into that caption;
    places never enter the body's spans, events or quotes."""
    from .nlp.places import find_places

    captions = [(i, r.text) for i, r in enumerate(doc.removed)
                if r.reason == "caption" and len(r.text.split()) >= 6 and any(c.islower() for c in r.text)]
    if not captions:
        return []
    countries = sorted({p["country"] for p in data.get("places", []) if p.get("country")})
    out = []
    for (i, text), cap in zip(captions, nlp.pipe(t for _, t in captions)):
        for m in find_places(cap, context_countries=countries):
            if m.place is None:
                continue
            if m.place.kind not in ("country", "region") and m.place.country not in countries \
                    and (m.place.population or 0) < 100_000:
                continue  # a caption's small town counts only in a country the report is about
            p = m.place
            out.append({"removal": i, "start": m.start, "end": m.end, "text": m.text, "precision": m.precision,
                        "id": p.id, "name": p.name, "kind": p.kind, "lat": p.lat, "lon": p.lon, "country": p.country})
    return out


def entities_and_quotes(docs, annotations: dict[str, dict]) -> tuple[list[dict], list[dict]]:
    """Corpus entities (merged across these documents) and every quote with
    its speaker resolved to an entity id when a mention covers the speaker."""
    entities, quotes, _ = _entities_quotes_keys(docs, annotations)
    return entities, quotes


def _entities_quotes_keys(docs, annotations: dict[str, dict]):
    from .nlp import doc_entities
    from .nlp.aliases import merge_entities

    per_doc = {d.id: doc_entities(annotations[d.id]) for d in docs if d.id in annotations}
    entities, key_to_id = merge_entities(per_doc)
    out_entities = [{"id": e.id, "name": e.name, "type": e.type, "aliases": list(e.aliases), "documents": list(e.documents)}
                    for e in entities]
    quotes = []
    for d in docs:
        data = annotations.get(d.id)
        if not data:
            continue
        for q in data.get("quotes", []):
            speaker = None
            if q.get("speaker_start") is not None:
                for ent in per_doc.get(d.id, []):
                    if any(m.start < q["speaker_end"] and q["speaker_start"] < m.end for m in ent.mentions):
                        speaker = key_to_id.get((d.id, ent.key))
                        break
            quotes.append({"document": d.id, "speaker": speaker, "speaker_text": q.get("speaker_text"),
                           "text": q["text"], "date": q.get("date"), "direct": q.get("direct"), "verb": q.get("verb"),
                           "start": q["start"], "end": q["end"]})
    return out_entities, quotes, key_to_id


def events_version() -> str:
    """The stored version of events: the annotations' and the corpus stage's."""
    from . import events

    return f"{annotation_version()}/{events.CORPUS_VERSION}"


def _corpus_context(store, model: str | None = None, workers: int = 1, engine=None):
    docs = store.documents(latest_only=True)
    annotations = annotate_documents(store, docs, model, workers, engine)
    entities, quotes, key_to_id = _entities_quotes_keys(docs, annotations)
    places = places_of(docs, annotations)
    return docs, annotations, entities, quotes, key_to_id, places


def analyze_events(store, model: str | None = None, _context=None, *, run_id: str | None = None,
                   workers: int = 1, engine=None) -> int:
    """The events stage, incremental: mentions (from the stored annotations,
    made now when missing), events per story with ids kept from the stored
    ones, and the discrepancy ledger, recomputed only for the stories whose
    inputs changed since their events were stored (see
    :func:`story_signatures`; every story when the stage version changed).
    The changes are logged under ``run_id`` (``sitrep changes``). With an
    ``engine`` (:mod:`sitrep.batch.engines`) the NLP stage and the stories'
    reconciliation run on it, stories in parallel (:func:`story_events`).
    Returns the number of events stored."""
    from . import events as events_stage
    from . import lineage
    from .events.changes import diff

    docs, annotations, entities, _, key_to_id, places = _context or _corpus_context(store, model, workers, engine)
    credits = store.wire_credits()
    wire = {doc_id: c.agency for doc_id, c in credits.items()}
    groups = lineage.independence_groups([d.id for d in docs], store.lineage_links(), wire)
    group_of = {doc_id: min(g) for g in groups for doc_id in g}
    story_list = store.stories()
    story_of = {d: s.id for s in story_list for d in s.documents}
    version = events_version()
    signatures = story_signatures(story_list, annotations, group_of, key_to_id, entities, version)
    stored = store.story_state()
    full = store.events_version() not in (None, version) or any(v != version for _, _, v in stored.values())
    scope = {sid for sid, (sig, _) in signatures.items() if full or stored.get(sid, (None,))[0] != sig}
    scope |= set(stored) - set(signatures)  # stories that are gone
    if not scope:
        return len(store.events())
    old_events = [e for sid in sorted(scope) for e in store.events(story=sid)]
    old_ledger = [x for sid in sorted(scope) for x in store.discrepancies(story=sid)]
    # a story whose events were never stored counts as new only when it had no state either
    old_counts = {sid: n for sid, (_, n, _) in stored.items()}
    sub_docs = [d for d in docs if story_of.get(d.id) in scope]
    if engine is not None:
        found, ledger = _events_on_engine(engine, sub_docs, annotations, story_of, group_of, key_to_id, entities,
                                          places, store.event_anchors())
    else:
        found, ledger = events_stage.corpus_events(sub_docs, annotations, story_of=story_of, group_of=group_of,
                                                   key_to_id=key_to_id, entities=entities, places=places,
                                                   previous=store.event_anchors())
    log = diff(old_events, found, old_ledger, ledger, {k: v for k, v in old_counts.items() if k in scope},
               {sid: n for sid, (_, n) in signatures.items() if sid in scope}, sorted(scope))
    store.replace_story_events(scope, found, ledger, version, {sid: signatures[sid] for sid in scope if sid in signatures},
                               log, run_id)
    return len(store.events())


def _events_on_engine(engine, docs, annotations, story_of, group_of, key_to_id, entities, places, previous):
    """:func:`sitrep.events.corpus_events` for these documents, one task per
    group of whole stories (a story's events depend on its documents only),
    merged in the order one call over all of them gives: events by (date,
    id), the ledger in its events' order."""
    by_story: dict[str, list] = {}
    for d in docs:
        sid = story_of.get(d.id)
        if sid:
            by_story.setdefault(sid, []).append(d)
    # stories in tasks of about equal size, biggest first, at most 4 tasks per worker
    n_tasks = max(1, min(len(by_story), 4 * engine.workers))
    bins: list[list[str]] = [[] for _ in range(n_tasks)]
    load = [0] * n_tasks
    for sid in sorted(by_story, key=lambda k: (-len(by_story[k]), k)):
        i = load.index(min(load))
        bins[i].append(sid)
        load[i] += len(by_story[sid])
    ent_by_id = {e["id"]: e for e in entities}
    tasks = []
    for sids in bins:
        if not sids:
            continue
        sub = [d for sid in sids for d in by_story[sid]]
        ids = {d.id for d in sub}
        keys = {k: v for k, v in key_to_id.items() if k[0] in ids}
        used = set(keys.values())
        tasks.append((sub, {i: annotations[i] for i in ids if i in annotations},
                      {i: story_of[i] for i in ids}, {i: group_of.get(i, i) for i in ids}, keys,
                      [ent_by_id[e] for e in sorted(used) if e in ent_by_id],
                      [p for p in places if ids.intersection(p["documents"])],
                      {k: v for k, v in previous.items() if k[0] in ids}))
    found: list[dict] = []
    ledger: list[dict] = []
    for ev, led in engine.map(story_events, tasks):
        found.extend(ev)
        ledger.extend(led)
    found.sort(key=lambda e: ((e.get("date") or {}).get("value") or "9999", e["id"]))
    rank = {e["id"]: i for i, e in enumerate(found)}
    ledger.sort(key=lambda x: rank.get(x["event"], len(rank)))  # stable: a event's fields keep their order
    return found, ledger


def story_events(task) -> tuple[list[dict], list[dict]]:
    """One engine task of the events stage: the events and ledger of a group
    of whole stories (:func:`sitrep.events.corpus_events`)."""
    from . import events as events_stage

    docs, annotations, story_of, group_of, key_to_id, entities, places, previous = task
    return events_stage.corpus_events(docs, annotations, story_of=story_of, group_of=group_of, key_to_id=key_to_id,
                                      entities=entities, places=places, previous=previous)


def story_signatures(story_list, annotations: dict[str, dict], group_of: dict, key_to_id: dict, entities: list[dict],
                     version: str) -> dict[str, tuple[str, int]]:
    """story id -> (a hash of everything its events are computed from, its
    document count): its documents and their annotations' ids, their
    independence groups and the corpus entities their names resolve to
    (with those entities' names and types). A story whose hash is unchanged
    gets the same events again, so the events stage skips it."""
    import hashlib
    import json as _json

    ent = {e["id"]: (e["name"], e["type"]) for e in entities}
    keys_of: dict[str, list] = {}
    for (doc_id, key), eid in key_to_id.items():
        keys_of.setdefault(doc_id, []).append((key, eid, ent.get(eid)))
    out = {}
    for s in story_list:
        h = hashlib.sha1(version.encode())
        for d in sorted(s.documents):
            data = annotations.get(d) or {}
            h.update(_json.dumps([d, str(group_of.get(d, d)), len(data.get("events", [])),
                                  sorted(keys_of.get(d, []), key=str)], sort_keys=True, default=str).encode())
        out[s.id] = (h.hexdigest(), len(s.documents))
    return out


def build_report(store, docs, _context=None) -> dict:
    """The ``sitrep/1`` report for these documents from the store: lineage,
    stories, entities (merged over the whole corpus, so ids agree with the
    events'), places, quotes, events and the discrepancy ledger (the events
    stage runs first when its stored output is missing or outdated)."""
    from . import report as report_mod

    context = _context or _corpus_context(store)
    _, _, entities, quotes, _, places = context
    if store.events_version() != events_version():
        analyze_events(store, _context=context)
    return report_mod.build(docs, links=store.lineage_links(), credits=store.wire_credits(), stories=store.stories(),
                            entities=entities, quotes=quotes, places=places, events=store.events(),
                            discrepancies=store.discrepancies())


def places_of(docs, annotations: dict[str, dict]) -> list[dict]:
    """Resolved places across these documents, one entry per place with
    every surface form as an alias and the documents that mention it."""
    found: dict[str, dict] = {}
    for d in docs:
        data = annotations.get(d.id) or {}
        for p in [*data.get("places", []), *data.get("caption_places", [])]:
            if not p.get("id"):
                continue
            entry = found.setdefault(p["id"], {
                "id": p["id"], "name": p["name"], "aliases": [], "lat": p["lat"], "lon": p["lon"],
                "kind": p["kind"], "precision": p["precision"], "country": p["country"], "documents": [],
            })
            if p["text"] not in entry["aliases"]:
                entry["aliases"].append(p["text"])
            if d.id not in entry["documents"]:
                entry["documents"].append(d.id)
    return sorted(found.values(), key=lambda e: (-len(e["documents"]), e["name"] or "", e["id"]))
