"""WARC archives (``.warc`` and ``.warc.gz``): one document per archived HTML
page.

:func:`read` takes a **path** (preferred: the archive is streamed record by
record and never held in memory) or the archive's **bytes** (wrapped in a
``BytesIO``, for callers that already have them). Gzip is recognised by its
magic bytes, not the file name.

Each record is handled as follows:

- not a ``response`` record (``warcinfo``, ``request``, ``metadata``,
  ``revisit``, …): skipped silently and counted;
- a response whose HTTP status is not 2xx: skipped and counted;
- a 2xx response whose ``Content-Type`` is not HTML (``text/html``,
  ``application/xhtml+xml``; a missing type counts as HTML when the payload
  starts like HTML): skipped and counted;
- payload (after chunked/Content-Encoding decoding) over
  ``settings.max_bytes``: a :class:`TooLargeError` is yielded;
- otherwise the payload is decoded (charset from the HTTP ``Content-Type``,
  else the page's ``<meta charset>``, else :func:`decode.decode`) and
  extracted with :func:`html.from_html`; a page without an article yields a
  :class:`NoArticleError` and the next record is read.

Documents have ``source`` = the record's ``WARC-Target-URI``, ``format`` =
``"warc"``, ``raw_hash`` = SHA-256 of the payload bytes and the hints
``url`` (the target URI) and ``fetched`` (the ``WARC-Date``, a capture time,
never a publication date). Errors about one record name
``<archive source>#<target URI>`` so the user can find the record.

Truncation and corruption: warcio silently drops a gzip member cut short
and returns a short payload for an uncompressed record cut short, so this
module decompresses gzip itself (:class:`gzip.GzipFile` checks the stream
end and CRCs) and compares each record's bytes with its ``Content-Length``.
A broken archive produces ``TruncatedArchiveError("WARC archive is truncated
or corrupt after N records: <reason>")`` after the documents of the N
complete records before the damage: yielded when N > 0, raised when nothing
in the archive could be read (the whole input is unusable).

Counts of what was read and skipped go into an optional :class:`WarcStats`
passed by the caller and into one INFO log line per archive.
"""

from __future__ import annotations

import gzip
import io
import logging
import os
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..config import Settings
from ..errors import EmptyInputError, InputError, MissingInputError, TooLargeError, TruncatedArchiveError
from ..model import RawDocument
from . import decode
from .html import decode_html, from_html

__all__ = ["WarcStats", "read"]

log = logging.getLogger(__name__)

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL)
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([^\s;\"']+)", re.IGNORECASE)
_BLOCK = 64 * 1024

#: What warcio and the gzip/zlib modules raise on a damaged archive. warcio's
#: parser also fails with AttributeError/IndexError/KeyError/TypeError on
#: garbage record headers (for example a record cut inside its headers).
_ARCHIVE_ERRORS = (
    ArchiveLoadFailed, EOFError, OSError, zlib.error, ValueError,
    AttributeError, IndexError, KeyError, TypeError, UnicodeError,
)


@dataclass
class WarcStats:
    """What one :func:`read` call found. ``records`` counts complete records
    of every type; the ``skipped_*`` counters are the silent skips."""

    records: int = 0
    documents: int = 0
    rejected: int = 0
    skipped_type: int = 0
    skipped_status: int = 0
    skipped_content: int = 0
    truncated: bool = False


class _Damaged(Exception):
    """Raised by :class:`_GuardedGzip` in place of the gzip module's errors.

    warcio treats ``EOFError`` from its stream as a clean end of archive, so
    a truncated gzip must surface as something warcio does not catch."""

    def __init__(self, cause: BaseException):
        self.cause = cause
        super().__init__(_reason(cause))


class _GuardedGzip(io.RawIOBase):
    """A read-only view of a gzip stream whose errors become :class:`_Damaged`."""

    def __init__(self, raw: IO[bytes]):
        self._gz = gzip.GzipFile(fileobj=raw, mode="rb")
        self._offset = 0

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._offset

    def read(self, size: int = -1) -> bytes:
        try:
            data = self._gz.read1(size if size and size > 0 else _BLOCK)
        except (EOFError, OSError, zlib.error) as exc:
            raise _Damaged(exc) from exc
        self._offset += len(data)
        return data

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def read(
    source: str,
    data_or_path: str | os.PathLike[str] | bytes,
    settings: Settings,
    *,
    stats: WarcStats | None = None,
) -> Iterator[RawDocument | InputError]:
    """Yield a document (or a per-record :class:`InputError`) for every HTML
    response in the archive; see the module docstring for the rules.

    ``source`` is the archive's name as the user gave it; ``data_or_path`` is
    a filesystem path (streamed) or the archive's bytes. Raises
    :class:`MissingInputError` (path unreadable), :class:`EmptyInputError`
    (zero bytes) and :class:`TruncatedArchiveError` (nothing readable).
    """
    stats = stats if stats is not None else WarcStats()
    raw = _open(source, data_or_path)
    try:
        head = raw.read(2)
        if not head:
            raise EmptyInputError(source, "file is empty")
        raw.seek(0)
        stream: IO[bytes] = _GuardedGzip(raw) if head == b"\x1f\x8b" else raw
        yield from _records(source, stream, settings, stats)
    finally:
        raw.close()
        log.info(
            "%s: %d records, %d documents, %d rejected; skipped %d non-response, %d non-2xx, %d non-HTML%s",
            source, stats.records, stats.documents, stats.rejected, stats.skipped_type,
            stats.skipped_status, stats.skipped_content, "; truncated" if stats.truncated else "",
        )


def _open(source: str, data_or_path: str | os.PathLike[str] | bytes) -> IO[bytes]:
    if isinstance(data_or_path, (bytes, bytearray, memoryview)):
        return io.BytesIO(bytes(data_or_path))
    try:
        return open(data_or_path, "rb")
    except FileNotFoundError:
        raise MissingInputError(source, "no such file") from None
    except OSError as exc:
        raise MissingInputError(source, f"cannot be read: {exc.strerror or exc}") from None


def _records(
    source: str, stream: IO[bytes], settings: Settings, stats: WarcStats
) -> Iterator[RawDocument | InputError]:
    archive = ArchiveIterator(stream)
    records = iter(archive)
    while True:
        # Only warcio and the stream are guarded: an archive error ends the
        # archive, while extraction errors belong to one record.
        try:
            record = next(records, None)
            if record is None:
                _check_end(stream, archive)
                return
            page = _page(source, record, settings, stats)
        except (_Damaged, *_ARCHIVE_ERRORS) as exc:
            stats.truncated = True
            error = TruncatedArchiveError(
                source, f"WARC archive is truncated or corrupt after {stats.records} records: {_reason(exc)}"
            )
            if stats.records == 0:
                raise error from None
            yield error
            return
        stats.records += 1
        if page is None:
            continue
        item = _document(source, page, settings)
        if isinstance(item, InputError):
            stats.rejected += 1
        else:
            stats.documents += 1
        yield item


def _check_end(stream: IO[bytes], archive: ArchiveIterator) -> None:
    """warcio ends quietly when the stream ends inside a record's headers;
    bytes past the end of the last complete record mean just that."""
    while stream.read(_BLOCK):
        pass
    leftover = stream.tell() - archive.offset
    if leftover > 0:
        raise EOFError(f"the archive ends inside a record's headers ({leftover:,} bytes unread)")


@dataclass
class _Page:
    uri: str  # WARC-Target-URI, may be empty
    name: str  # what errors about this record are called: archive#uri
    content_type: str
    payload: bytes
    fetched: str | None


def _page(source: str, record: Any, settings: Settings, stats: WarcStats) -> _Page | None:
    """Read one record. Returns ``None`` for a silent skip (counted in
    ``stats``), else the HTML response; raises on a damaged archive."""
    length = (record.rec_headers.get_header("Content-Length") or "").strip()
    if not length.isdigit():
        # WARC requires Content-Length; without it the record was cut inside its headers.
        raise ValueError("a record's headers end before its Content-Length")
    if record.rec_type != "response" or record.http_headers is None:
        _drain(record)
        stats.skipped_type += 1
        return None
    status = record.http_headers.get_statuscode() or ""
    if not (status.isdigit() and 200 <= int(status) < 300):
        _drain(record)
        stats.skipped_status += 1
        return None
    content_type = record.http_headers.get_header("content-type") or ""
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type and media_type not in HTML_TYPES:
        _drain(record)
        stats.skipped_content += 1
        return None
    payload = record.content_stream().read(settings.max_bytes + 1)
    _drain(record)
    if not media_type and not _HTML_START.match(payload[:2048]):
        stats.skipped_content += 1
        return None
    uri = (record.rec_headers.get_header("WARC-Target-URI") or "").strip("<> ")
    name = f"{source}#{uri or f'record-{stats.records + 1}'}"
    return _Page(uri, name, content_type, payload, record.rec_headers.get_header("WARC-Date"))


def _document(source: str, page: _Page, settings: Settings) -> RawDocument | InputError:
    name = page.name
    if len(page.payload) > settings.max_bytes:
        return TooLargeError(name, f"page is over the size limit of {settings.max_bytes:,} bytes (--max-bytes)")
    match = _CHARSET.search(page.content_type)
    hints = {"fetched": page.fetched} if page.fetched else {}
    try:
        text = decode_html(name, page.payload, match.group(1) if match else None)
        doc = from_html(
            page.uri or name, text, settings, raw_hash=decode.sha256(page.payload), hints=hints, url=page.uri or None
        )
    except InputError as err:
        return type(err)(name, err.problem)
    return replace(doc, format="warc")


def _drain(record: Any) -> None:
    """Read the rest of the record block; raise if it ends before its
    ``Content-Length`` (an uncompressed archive cut mid-record)."""
    raw = record.raw_stream
    while raw.read(_BLOCK):
        pass
    missing = getattr(raw, "limit", 0)
    if missing:
        raise EOFError(f"a record ends {missing:,} bytes before its declared length")


def _reason(exc: BaseException) -> str:
    if isinstance(exc, _Damaged):
        exc = exc.cause
    if isinstance(exc, EOFError) and "marker" in str(exc):
        return "the gzip stream ends before its end-of-stream marker"
    text = " ".join(str(exc).split()) or type(exc).__name__
    if isinstance(exc, (AttributeError, IndexError, KeyError, TypeError)):
        return f"unreadable record headers ({type(exc).__name__}: {text})"
    return text[:200]
