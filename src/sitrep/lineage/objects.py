"""The objects lineage takes and returns. No I/O; no logic beyond validation."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

#: Relation kinds, strongest first.
KINDS = ("copy", "rewrite", "excerpt")


@dataclass
class LineageDoc:
    """What lineage needs of a stored document.

    ``removed`` optionally carries the text of the lines cleaning dropped from
    the page (``Document.removed[].text``): agency credit lines such as "Wire
    copy supplied by the Meridian Press Agency" are furniture for the reader
    but evidence for :func:`sitrep.lineage.detect_wire`. Alignment never
    looks at it.
    """

    id: str
    body: str
    published: date | None = None
    title: str | None = None
    outlet: str | None = None
    source: str | None = None
    removed: tuple[str, ...] = ()


@dataclass
class Link:
    """``document`` copies, rewrites or excerpts ``source``.

    ``overlap``: share of the document's word tokens inside aligned passages;
    ``source_overlap``: the same share of the source's tokens. ``directed`` is
    False when neither text can be known to be the original (same or unknown
    date, same length, neither published by the agency the other credits):
    ``document``/``source`` are then in id order and the link is symmetric.
    ``passages``: aligned ``(doc_start, doc_end, src_start, src_end)``
    character spans into the two bodies, in document order; for a rewrite
    they include the paraphrased sentence pairs. ``evidence`` says which rule
    classified the pair (for ``sitrep lineage DOC`` and debugging).
    """

    document: str
    source: str
    kind: str
    overlap: float
    directed: bool
    passages: list[tuple[int, int, int, int]] = field(default_factory=list)
    source_overlap: float = 0.0
    evidence: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown lineage kind {self.kind!r}; expected one of {KINDS}")
        if self.document == self.source:
            raise ValueError(f"a document cannot be its own source ({self.document})")


@dataclass
class WireCredit:
    """An explicit agency credit found in one document.

    ``agency``: canonical agency name ("Reuters", "AFP", "AP", or the expanded
    name of an agency the lists do not know, e.g. "Meridian Press Agency").
    ``kind``: ``dateline`` ("HALDA, Nov 3 (MPA) -"), ``credit_line`` ("Wire copy
    supplied by ...", "Additional reporting by Reuters") or ``attribution``
    ("told Reuters", "Reuters reported", "Anadolu Agency said").
    ``strong``: True for a dateline or credit line, or for two or more
    attributions to the same agency; a single attribution is a source
    citation inside the document's own reporting, not a wire credit.
    ``start``/``end``: character span of the evidence in the body, or None
    when it was found in ``LineageDoc.removed``. ``mentions``: attributions to
    this agency in the body.
    """

    agency: str
    evidence: str
    kind: str
    strong: bool
    start: int | None = None
    end: int | None = None
    mentions: int = 1
    raw: str = ""
