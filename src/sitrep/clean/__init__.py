"""Cleaning: a :class:`RawDocument` becomes a :class:`Document`.

A pure function of the raw document and the batch context (short lines that
other pages of the batch share), so it runs in parallel workers.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import NoArticleError
from ..model import Document, RawDocument, content_hash, document_id
from . import metadata
from .furniture import clean_page

STAGE = "clean"
VERSION = "1"


@dataclass
class Cleaned:
    document: Document
    outlet_hints: metadata.OutletHints


def clean(raw: RawDocument, *, shared: set[str] | None = None) -> Cleaned:
    """Remove page furniture, read metadata, and build the stored document.

    Raises :class:`NoArticleError` when no article text is left.
    """
    result = clean_page(
        raw.text,
        title_hint=raw.hints.get("title") if not raw.needs_cleaning else None,
        shared=shared if raw.needs_cleaning else None,
        full=raw.needs_cleaning,
    )
    if not result.kept:
        raise NoArticleError(raw.source, "no article text left after removing page furniture")
    md = metadata.extract(result, raw.hints)
    chash = content_hash(raw.text)
    doc = Document(
        id=document_id(chash),
        source=raw.source,
        format=raw.format,
        content_hash=chash,
        raw_hash=raw.raw_hash,
        body=result.body,
        title=md.title,
        outlet=md.outlet,
        authors=md.authors,
        published=md.published,
        published_inferred=md.published_inferred,
        published_evidence=md.published_evidence,
        dateline=md.dateline,
        language=md.language,
        url=raw.hints.get("url"),
        removed=result.removed,
    )
    return Cleaned(doc, md.hints)
