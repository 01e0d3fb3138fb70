"""The JSON API under ``/api/`` (envelopes: :mod:`sitrep.web.envelope`).

| method and path | data |
|---|---|
| ``GET /api/`` | index: counts, auth rule, endpoints |
| ``GET /api/stories`` | stories with counts (paged) |
| ``GET /api/stories/{id}`` | one story |
| ``GET /api/stories/{id}/report`` | the ``sitrep/1`` report of the story |
| ``GET /api/documents?story=&include_body=`` | documents without body unless asked (paged) |
| ``GET /api/documents/{id}`` | one document: clean text, removed furniture, lineage, evidence spans |
| ``POST /api/documents`` | upload files (multipart ``files``) or JSON Lines (``jsonl``) |
| ``GET /api/events?story=`` | events by date (paged) |
| ``GET /api/events/{id}`` | one event |
| ``GET /api/discrepancies?story=`` | the ledger (paged) |
| ``GET /api/discrepancies/{id}`` | one discrepancy |
| ``GET /api/entities?story=&type=`` | entities, most documents first (paged) |
| ``GET /api/entities/{id}`` | one entity with its quotes and events |
| ``GET /api/places?story=`` | places, most documents first (paged) |
| ``GET /api/places/{id}`` | one place with its events |
| ``GET /api/search?q=`` | full-text search hits, best first (paged) |
| ``GET /api/openapi.json`` | the OpenAPI schema (not enveloped) |
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool

from . import models
from .envelope import ERROR_RESPONSES, ApiError, Envelope, ErrorEnvelope, ok, page_of

MAX_LIMIT = 200
DEFAULT_LIMIT = 50
MAX_QUERY = 500


def state(request: Request):
    return request.app.state.sitrep


def find_document(request: Request, doc_id: str):
    """``(state, snapshot, document)`` for a document id: a current one from
    the snapshot, else any stored revision; 404 when there is none."""
    st = state(request)
    snap = st.cache.get()
    doc = snap.docs.get(doc_id) or st.store.get_document(doc_id)
    if doc is None:
        raise ApiError(404, f"{doc_id}: no such document")
    return st, snap, doc


def reader(request: Request) -> None:
    """Reads need the token only when the server protects reads."""
    state(request).access.check(request.headers, request.cookies, write=False)


def writer(request: Request) -> None:
    state(request).access.check(request.headers, request.cookies, write=True)


class Paging:
    def __init__(
        self,
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Items per page (1–{MAX_LIMIT}).")] = DEFAULT_LIMIT,
        offset: Annotated[int, Query(ge=0, le=10**9, description="Items to skip.")] = 0,
    ):
        self.limit, self.offset = limit, offset


StoryQ = Annotated[str | None, Query(max_length=64, description="Only this story (s-…).")]


def _story(snap, story: str | None) -> str | None:
    if story is not None and story not in snap.story_by_id:
        raise ApiError(404, f"{story}: no such story")
    return story


def _paged(items: list, paging: Paging):
    chunk, page = page_of(items, paging.limit, paging.offset)
    return ok(chunk, page)


def router() -> APIRouter:
    r = APIRouter(prefix="/api", tags=["api"], responses=ERROR_RESPONSES)
    read = [Depends(reader)]

    @r.get("/", response_model=Envelope[models.Index], dependencies=read, summary="Index: counts, auth, endpoints")
    def index(request: Request):
        st = state(request)
        snap = st.cache.get()
        endpoints = [f"{method.upper()} {path}" for path, item in request.app.openapi()["paths"].items()
                     for method in item]
        return ok({
            "name": "sitrep", "api": "sitrep-api/1", "schema_revision": st.store.schema_version(),
            "counts": {"documents": len(snap.docs), "stories": len(snap.stories), "events": len(snap.events),
                       "discrepancies": len(snap.discrepancies), "entities": len(snap.entities),
                       "places": len(snap.places)},
            "auth": {"uploads": "token" if st.access.uploads_need_token else "open",
                     "reads": "token" if st.access.reads_need_token else "open"},
            "endpoints": endpoints + ["GET /api/openapi.json"],
        })

    # -- stories -----------------------------------------------------------------

    @r.get("/stories", response_model=Envelope[list[models.Story]], dependencies=read, summary="Stories")
    def stories(request: Request, paging: Annotated[Paging, Depends()]):
        snap = state(request).cache.get()
        return _paged([snap.story_json(s) for s in snap.stories], paging)

    @r.get("/stories/{story_id}", response_model=Envelope[models.Story], dependencies=read, summary="One story")
    def story(request: Request, story_id: str):
        snap = state(request).cache.get()
        s = snap.story_by_id.get(story_id)
        if s is None:
            raise ApiError(404, f"{story_id}: no such story")
        return ok(snap.story_json(s))

    @r.get("/stories/{story_id}/report", response_model=Envelope[dict[str, Any]], dependencies=read,
           summary="The sitrep/1 report of one story")
    def story_report(request: Request, story_id: str):
        snap = state(request).cache.get()
        if story_id not in snap.story_by_id:
            raise ApiError(404, f"{story_id}: no such story")
        return ok(snap.report(story_id))

    # -- documents ---------------------------------------------------------------

    @r.get("/documents", response_model=Envelope[list[models.DocumentSummary]], dependencies=read,
           summary="Documents (latest revisions)")
    def documents(request: Request, paging: Annotated[Paging, Depends()], story: StoryQ = None,
                  include_body: Annotated[bool, Query(description="Include each clean text.")] = False):
        snap = state(request).cache.get()
        docs = snap.story_docs(_story(snap, story))
        chunk, page = page_of(docs, paging.limit, paging.offset)
        return ok([snap.document_json(d, body=include_body) for d in chunk], page)

    @r.get("/documents/{doc_id}", response_model=Envelope[models.Document], dependencies=read,
           summary="One document with its clean text, removed furniture, lineage and evidence spans")
    def document(request: Request, doc_id: str):
        st, snap, doc = find_document(request, doc_id)
        entry = snap.document_json(doc, body=True, removed=True)
        entry["lineage"] = snap.lineage_json(doc.id)
        entry["evidence"] = snap.evidence(st.store, doc)
        return ok(entry)

    @r.post("/documents", response_model=Envelope[models.UploadResult], status_code=201,
            dependencies=[Depends(writer)],
            summary="Upload documents (files or JSON Lines); stored and analysed, all or nothing",
            responses={400: {"model": ErrorEnvelope, "description": "An upload is unusable (nothing stored)."},
                       411: {"model": ErrorEnvelope, "description": "No Content-Length header."},
                       413: {"model": ErrorEnvelope, "description": "Too large (64 MB per request by default)."},
                       415: {"model": ErrorEnvelope, "description": "A file type sitrep cannot read."}})
    async def upload(
        request: Request,
        files: Annotated[list[UploadFile] | None, File(description="Files: .txt, .html, .jsonl, .warc(.gz).")] = None,
        jsonl: Annotated[str | None, Form(description="JSON Lines text, one article per line.")] = None,
    ):
        from io import BytesIO

        from .upload import Upload, ingest_uploads

        st = state(request)
        ups = [Upload(f.filename, f.content_type, f.file) for f in files or []]
        if jsonl is not None and jsonl.strip():
            ups.append(Upload("form.jsonl", "application/x-ndjson", BytesIO(jsonl.encode("utf-8"))))
        try:
            result = await run_in_threadpool(ingest_uploads, st.store, ups, st.settings)
        finally:
            st.cache.invalidate()
        return ok(result, status=201)

    # -- events and discrepancies ---------------------------------------------------

    @r.get("/events", response_model=Envelope[list[models.Event]], dependencies=read, summary="Events by date")
    def events(request: Request, paging: Annotated[Paging, Depends()], story: StoryQ = None):
        snap = state(request).cache.get()
        story = _story(snap, story)
        return _paged([e for e in snap.events if story is None or e.get("story") == story], paging)

    @r.get("/events/{event_id}", response_model=Envelope[models.Event], dependencies=read, summary="One event")
    def event(request: Request, event_id: str):
        found = state(request).cache.get().event_by_id.get(event_id)
        if found is None:
            raise ApiError(404, f"{event_id}: no such event")
        return ok(found)

    @r.get("/discrepancies", response_model=Envelope[list[models.Discrepancy]], dependencies=read,
           summary="The discrepancy ledger")
    def discrepancies(request: Request, paging: Annotated[Paging, Depends()], story: StoryQ = None):
        snap = state(request).cache.get()
        story = _story(snap, story)
        return _paged([x for x in snap.discrepancies if story is None or x.get("story") == story], paging)

    @r.get("/discrepancies/{discrepancy_id}", response_model=Envelope[models.Discrepancy], dependencies=read,
           summary="One discrepancy")
    def discrepancy(request: Request, discrepancy_id: str):
        found = state(request).cache.get().discrepancy_by_id.get(discrepancy_id)
        if found is None:
            raise ApiError(404, f"{discrepancy_id}: no such discrepancy")
        return ok(found)

    # -- entities and places -----------------------------------------------------

    @r.get("/entities", response_model=Envelope[list[models.Entity]], dependencies=read,
           summary="Entities, most documents first")
    def entities(request: Request, paging: Annotated[Paging, Depends()], story: StoryQ = None,
                 type: Annotated[str | None, Query(max_length=32, description="PERSON, ORG, GPE, NORP, …")] = None):
        snap = state(request).cache.get()
        items = snap.in_story(snap.entities, _story(snap, story))
        if type:
            items = [e for e in items if e["type"] == type]
        items = sorted(items, key=lambda e: (-len(e["documents"]), e["name"], e["id"]))
        return _paged(items, paging)

    @r.get("/entities/{entity_id:path}", response_model=Envelope[models.EntityDetail], dependencies=read,
           summary="One entity with what it is quoted saying and its events")
    def entity(request: Request, entity_id: str):
        snap = state(request).cache.get()
        found = snap.entity_by_id.get(entity_id)
        if found is None:
            raise ApiError(404, f"{entity_id}: no such entity")
        quotes = [{k: q.get(k) for k in ("document", "speaker", "speaker_text", "text", "date", "start", "end")}
                  for q in snap.quotes if q.get("speaker") == entity_id]
        return ok(dict(found, quotes=quotes, events=[e["id"] for e in snap.events_of_entity(entity_id)]))

    @r.get("/places", response_model=Envelope[list[models.Place]], dependencies=read,
           summary="Places, most documents first")
    def places(request: Request, paging: Annotated[Paging, Depends()], story: StoryQ = None):
        snap = state(request).cache.get()
        return _paged(snap.in_story(snap.places, _story(snap, story)), paging)

    @r.get("/places/{place_id:path}", response_model=Envelope[models.PlaceDetail], dependencies=read,
           summary="One place with its events")
    def place(request: Request, place_id: str):
        snap = state(request).cache.get()
        found = snap.place_by_id.get(place_id)
        if found is None:
            raise ApiError(404, f"{place_id}: no such place")
        return ok(dict(found, events=[e["id"] for e in snap.events_at_place(place_id)]))

    # -- search ------------------------------------------------------------------

    @r.get("/search", response_model=Envelope[list[models.SearchHit]], dependencies=read,
           summary="Full-text search (SQLite FTS5 / PostgreSQL full text): words and \"phrases\", all must match")
    def search(request: Request, paging: Annotated[Paging, Depends()],
               q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY, description="Words and \"phrases\".")]):
        st = state(request)
        try:
            result = st.store.search(q, limit=paging.limit, offset=paging.offset)
        except ValueError as exc:
            raise ApiError(422, f"q: {exc}", "invalid_parameter") from None
        hits = [search_hit(st, h) for h in result.hits]
        nxt = paging.offset + paging.limit if paging.offset + paging.limit < result.total else None
        return ok(hits, {"limit": paging.limit, "offset": paging.offset, "total": result.total, "next_offset": nxt})

    return r


def search_hit(st, hit) -> dict:
    """A search hit with the document's title, outlet, date and story."""
    snap = st.cache.get()
    doc = snap.docs.get(hit.document) or st.store.get_document(hit.document)
    return {
        "document": hit.document, "title": doc.title if doc else None, "outlet": doc.outlet if doc else None,
        "published": doc.published.isoformat() if doc and doc.published else None,
        "story": snap.story_of.get(hit.document), "rank": round(hit.rank, 6), "snippet": hit.snippet,
        "highlights": [list(h) for h in hit.highlights],
    }
