"""Ingest by upload: the same readers, cleaning and corpus stages as
``sitrep analyze``, all or nothing.

Each uploaded file is written to a private temporary folder and read by the
reader its name (or, without a known ending, its content type) selects; a
``jsonl`` form field is read as a ``.jsonl`` file. Its source is
``upload:<file name>`` (a JSONL line: its ``url``, else
``upload:<file name>#L<n>``), so uploading a changed file of the same name
stores a new revision.

All or nothing: every file is read and cleaned *before* anything is
stored; the first unusable one (not text, empty, too large, a bad JSONL
line, no article left) fails the whole upload with its one-line reason and
the store is not touched. Then the documents are stored (one run) and the
corpus stages run: lineage and stories, NLP annotations and events. One
upload runs at a time per server.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import threading
from dataclasses import dataclass
from typing import BinaryIO

from ..clean import clean
from ..config import Settings
from ..errors import InputError, SitrepError
from ..ingest import Input, SUPPORTED, format_of, read_input
from ..model import RawDocument
from .. import pipeline
from .envelope import ApiError

#: content type -> file ending, for uploads whose name has no known ending
CONTENT_TYPES = {
    "text/plain": ".txt",
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "application/x-ndjson": ".jsonl",
    "application/jsonl": ".jsonl",
    "application/jsonlines": ".jsonl",
    "application/x-jsonlines": ".jsonl",
    "application/warc": ".warc",
}
#: most files one upload may carry
MAX_FILES = 100

_LOCK = threading.Lock()


@dataclass
class Upload:
    """One uploaded file as received: its name, content type and a binary
    file object with its bytes."""

    name: str | None
    content_type: str | None
    file: BinaryIO


def safe_name(name: str | None, index: int) -> str:
    """The file name to show and to use as source: its last path part,
    without control characters; ``upload-<n>`` when there is none."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip()[:200]
    return base or f"upload-{index + 1}"


def _input_for(up: Upload, index: int, folder: str) -> Input:
    name = safe_name(up.name, index)
    kind = format_of(name)
    suffix = ""
    if kind is None:
        ctype = (up.content_type or "").split(";")[0].strip().lower()
        suffix = CONTENT_TYPES.get(ctype, "")
        kind = format_of(suffix) if suffix else None
    if kind is None:
        raise ApiError(415, f"upload:{name}: unsupported file type (supported: {SUPPORTED}, or a content type of "
                            f"{', '.join(sorted(CONTENT_TYPES))})", "unsupported_media_type")
    # the reader finds the format from the path: give the file its ending
    target = os.path.join(folder, f"{index:03d}{suffix or _ending(name)}")
    with open(target, "wb") as fh:
        shutil.copyfileobj(up.file, fh, 1 << 20)
    return Input(kind, f"upload:{name}", target)


def _ending(name: str) -> str:
    low = name.lower()
    for ending in (".warc.gz", ".warc", ".jsonl", ".ndjson", ".html", ".htm", ".xhtml", ".txt", ".text"):
        if low.endswith(ending):
            return ending
    return ""


def read_all(items: list[Input], settings: Settings) -> list[RawDocument]:
    """Every raw document of the upload, cleaned once to prove it is usable;
    :class:`ApiError` 400 ``bad_input`` with the first problem otherwise."""
    raws: list[RawDocument] = []
    for item in items:
        for got in read_input(item, settings):
            if isinstance(got, InputError):
                raise ApiError(400, got.args[0] if got.args else str(got), "bad_input")
            raws.append(got)
    if not raws:
        raise ApiError(400, "the upload holds no documents", "bad_input")
    shared = pipeline.shared_short_lines([r.text for r in raws if r.needs_cleaning])
    for raw in raws:
        try:
            clean(raw, shared=shared)
        except InputError as err:
            raise ApiError(400, str(err), "bad_input") from None
    return raws


def ingest_uploads(store, uploads: list[Upload], settings: Settings) -> dict:
    """Validate, store and analyse the uploads; the ``UploadResult`` dict."""
    if not uploads:
        raise ApiError(400, "nothing uploaded: send files in the 'files' field or JSON Lines in 'jsonl'", "bad_input")
    if len(uploads) > MAX_FILES:
        raise ApiError(413, f"{len(uploads)} files in one upload; at most {MAX_FILES}", "too_large")
    with tempfile.TemporaryDirectory(prefix="sitrep-upload-") as folder:
        items = [_input_for(up, i, folder) for i, up in enumerate(uploads)]
        for item in items:
            size = os.path.getsize(item.path)
            if size > settings.max_bytes and item.kind not in ("jsonl", "warc"):
                raise ApiError(413, f"{item.source}: file is {size:,} bytes, over the size limit of "
                                    f"{settings.max_bytes:,} bytes", "too_large")
        raws = read_all(items, settings)
        with _LOCK:
            return _store_and_analyse(store, raws, [i.source for i in items])


def _store_and_analyse(store, raws: list[RawDocument], sources: list[str]) -> dict:
    summary = pipeline.IngestSummary()
    summary.run_id = store.start_run("serve upload", sources)
    problems: list[str] = []

    def reject(err: InputError) -> None:  # validated above: only a changed store could get here
        problems.append(str(err))
        summary.rejected += 1

    try:
        pipeline._ingest_batch(raws, store, summary, reject)
    finally:
        store.finish_run(summary.run_id, ingested=summary.new, duplicates=summary.duplicates,
                         revisions=summary.revisions, rejected=summary.rejected)
    if problems:
        raise ApiError(400, problems[0], "bad_input")
    try:
        corpus = pipeline.analyze_corpus(store)
        corpus.events = pipeline.analyze_events(store, run_id=summary.run_id)
    except SitrepError as exc:
        raise ApiError(500, f"documents stored, but analysing them failed: {exc}", "analysis_failed") from exc
    return {
        "run": summary.run_id, "ingested": summary.ingested, "new": summary.new, "revisions": summary.revisions,
        "duplicates": summary.duplicates, "documents": list(dict.fromkeys(summary.documents)),
        "corpus": {"documents": corpus.documents, "lineage_links": corpus.links, "wire_credits": corpus.wire,
                   "stories": corpus.stories, "events": corpus.events or 0},
    }
