"""The objects every stage shares. No I/O here; standard library only.

A reader turns an input (file, JSONL line, WARC record, URL) into a
:class:`RawDocument`: the text as the source gave it plus whatever metadata the
format itself carries (an HTML ``<title>``, a JSONL ``published`` field).
Cleaning turns a ``RawDocument`` into a :class:`Document`: the article body
with page furniture removed, a record of every removal, and metadata read from
the text. Later stages annotate a ``Document`` with spans (``start_char`` /
``end_char``) into ``Document.body``, the one text sitrep owns.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

#: Input formats a reader can produce.
FORMATS = ("text", "html", "jsonl", "warc", "url", "feed")


def normalise_text(text: str) -> str:
    """The canonical form of a text for hashing and storage.

    Unicode NFC, ``\\r\\n``/``\\r`` to ``\\n``, no NUL characters, trailing spaces
    stripped from each line, no leading/trailing blank lines. Two saves of the
    same page that differ only in these respects hash the same.
    """
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return text.strip("\n")


def content_hash(text: str) -> str:
    """SHA-256 (hex) of the normalised text: the identity of a report."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def document_id(chash: str) -> str:
    """Stable document id from a content hash (``d-`` + 12 hex digits)."""
    return "d-" + chash[:12]


@dataclass
class RawDocument:
    """One report as a reader found it, before cleaning.

    ``source`` is the path or URL exactly as the input named it (for a JSONL
    line without a URL: ``path#L<n>``; for a WARC record: its target URI).
    ``text`` is the decoded text. ``hints`` holds metadata the *format*
    supplies (``title``, ``url``, ``published``, ``outlet``, ``authors``,
    ``language``); cleaning prefers what the text itself says and falls back to
    these. ``needs_cleaning`` is true for saved pages with furniture (plain
    text pages) and false for text an extractor already reduced to the article
    (HTML via trafilatura, JSONL ``text``), which gets only light cleaning.
    """

    source: str
    format: str
    text: str
    raw_hash: str
    hints: dict[str, Any] = field(default_factory=dict)
    needs_cleaning: bool = True

    def __post_init__(self) -> None:
        if self.format not in FORMATS:
            raise ValueError(f"unknown format {self.format!r}; expected one of {FORMATS}")


@dataclass
class Removal:
    """A block of the raw text that cleaning dropped, and why.

    ``line`` is the 1-based line number in the raw text where the block starts,
    ``text`` the removed text, ``reason`` a short machine-readable code (for
    example ``caption``, ``menu``, ``newsletter``, ``teasers``) and ``detail``
    a human explanation.
    """

    line: int
    text: str
    reason: str
    detail: str = ""


@dataclass
class Document:
    """A cleaned report: the unit every later stage works on."""

    id: str
    source: str
    format: str
    content_hash: str
    raw_hash: str
    body: str
    title: str | None = None
    outlet: str | None = None
    authors: list[str] = field(default_factory=list)
    published: date | None = None
    published_inferred: bool = False
    published_evidence: str | None = None
    dateline: str | None = None
    language: str | None = None
    url: str | None = None
    removed: list[Removal] = field(default_factory=list)
    revision: int = 1
    supersedes: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["published"] = self.published.isoformat() if self.published else None
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Document":
        d = dict(d)
        pub = d.get("published")
        if isinstance(pub, str):
            d["published"] = date.fromisoformat(pub)
        d["removed"] = [r if isinstance(r, Removal) else Removal(**r) for r in d.get("removed") or []]
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in d.items() if k in known})


@dataclass
class Rejection:
    """An input that could not become a document, with the one-line reason."""

    source: str
    reason: str
    kind: str = "input"

    def message(self) -> str:
        return f"{self.source}: {self.reason}"


_WORD = re.compile(r"\w+", re.UNICODE)


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


@dataclass
class LineageLink:
    """``document`` copies, rewrites or excerpts ``source`` (see lineage/).

    ``overlap`` is the share of the document's text aligned to the source,
    ``source_overlap`` the share of the source's. ``directed`` is False when
    neither text can be known to be the original: the pair is then a
    symmetric link stored in id order. ``passages`` are aligned character
    spans ``(doc_start, doc_end, src_start, src_end)`` into the two bodies.
    """

    document: str
    source: str
    kind: str
    overlap: float
    source_overlap: float = 0.0
    directed: bool = True
    passages: list[tuple[int, int, int, int]] = field(default_factory=list)


@dataclass
class WireCredit:
    """The news agency behind a document: credited in its text, or inferred
    from the copies it belongs to (``inferred``)."""

    document: str
    agency: str
    inferred: bool = False
    evidence: str | None = None


@dataclass
class Story:
    """Reports about one development."""

    id: str
    documents: list[str]
    title: str | None = None
    start: date | None = None
    end: date | None = None
