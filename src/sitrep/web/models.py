"""The shapes of what ``data`` holds, for the OpenAPI schema.

Items are the ``sitrep/1`` objects of ``../shared/CONTRACT.md`` (the same
fields ``sitrep analyze --json`` writes) plus a few fields the web API adds;
every model allows extra fields, as the contract does. The tests validate
each endpoint's responses against these models.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Counts(_Open):
    documents: int
    outlets: int
    events: int
    discrepancies: int


class Story(_Open):
    id: str
    title: str | None
    documents: list[str]
    start: str | None
    end: str | None
    counts: Counts


class DocumentSummary(_Open):
    """A ``sitrep/1`` document without its body (ask for one document, or
    pass ``include_body=true``, for the clean text)."""

    id: str
    source: str
    title: str | None
    outlet: str | None
    authors: list[str]
    published: str | None
    published_inferred: bool
    dateline: str | None
    language: str | None
    story: str | None
    wire: str | None
    words: int


class Removal(_Open):
    line: int
    reason: str
    text: str


class Lineage(_Open):
    document: str
    source: str
    kind: str
    overlap: float
    directed: bool


class Evidence(_Open):
    """A span of the clean text that something in the report rests on."""

    kind: str = Field(description="event (an event mention's sentence), quote, entity or place")
    start: int = Field(description="character offset into body")
    end: int
    ref: str | None = Field(description="the event (v-…), speaker entity (e-…), entity (e-…) or place (p-…) id")
    label: str


class Document(DocumentSummary):
    body: str = Field(description="The article text with page furniture removed.")
    removed: list[Removal] = Field(description="What cleaning removed, with the reason.")
    lineage: list[Lineage]
    evidence: list[Evidence]


class Mention(_Open):
    document: str
    sentence: str
    attributed_to: str | None


class Event(_Open):
    id: str
    story: str | None
    type: str
    summary: str
    date: dict[str, Any] | None
    place: str | None
    actors: list[str]
    count: dict[str, Any] | None
    status: str
    mentions: list[Mention]
    independent_sources: int


class DiscrepancyValue(_Open):
    value: Any
    text: str | None = None
    documents: list[str]
    attributed_to: list[str]


class Discrepancy(_Open):
    id: str
    story: str | None
    event: str | None
    field: str
    summary: str
    values: list[DiscrepancyValue]


class Entity(_Open):
    id: str
    name: str
    type: str
    aliases: list[str]
    documents: list[str]


class Quote(_Open):
    document: str
    speaker: str | None
    speaker_text: str | None
    text: str
    date: str | None


class EntityDetail(Entity):
    quotes: list[Quote] = Field(description="What this entity is quoted as saying.")
    events: list[str] = Field(description="Events this entity is an actor of.")


class Place(_Open):
    id: str
    name: str | None
    aliases: list[str]
    lat: float | None
    lon: float | None
    kind: str | None
    country: str | None
    documents: list[str]


class PlaceDetail(Place):
    events: list[str] = Field(description="Events that happened at this place.")


class SearchHit(_Open):
    document: str
    title: str | None
    outlet: str | None
    published: str | None
    story: str | None
    rank: float = Field(description="Higher is better; comparable within one response only.")
    snippet: str = Field(description="Plain text around the matches.")
    highlights: list[list[int]] = Field(description="[start, end) of each match in snippet.")


class CorpusCounts(_Open):
    documents: int
    lineage_links: int
    wire_credits: int
    stories: int
    events: int


class UploadResult(_Open):
    run: str
    ingested: int
    new: int
    revisions: int
    duplicates: int
    documents: list[str] = Field(description="Ids of the uploaded documents (new, revised or already stored).")
    corpus: CorpusCounts


class Auth(_Open):
    uploads: str = Field(description="open or token")
    reads: str = Field(description="open or token")


class Index(_Open):
    name: str
    api: str
    schema_revision: str | None
    counts: dict[str, int]
    auth: Auth
    endpoints: list[str]
