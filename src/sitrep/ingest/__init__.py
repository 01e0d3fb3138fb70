"""Readers: inputs (paths, folders, globs, ``-``, URLs) to raw documents.

:func:`discover` expands what the user typed into :class:`Input` items (or
:class:`InputError`s for paths that do not exist or folders with nothing to
read); :func:`read_input` runs the reader for one input. Every reader yields
``RawDocument | InputError`` so one bad record never stops the rest.

One module per format: ``text`` (saved pages), ``html`` (trafilatura),
``jsonl``, ``warc`` (warcio) and ``web`` (URLs and RSS/Atom feeds, behind an
httpx transport seam).
"""

from __future__ import annotations

import glob
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from ..config import Settings
from ..errors import InputError, MissingInputError, NoSupportedFilesError
from ..model import RawDocument
from .decode import check_size

#: file name endings sitrep reads, and the reader for each
SUFFIXES = {
    ".warc.gz": "warc",
    ".warc": "warc",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".txt": "text",
    ".text": "text",
}
SUPPORTED = ", ".join(SUFFIXES)


@dataclass(frozen=True)
class Input:
    kind: str  # text | html | jsonl | warc | url | stdin
    source: str  # as the user named it (or the path under the folder they named)
    path: str | None = None


def format_of(path: str) -> str | None:
    low = path.lower()
    for suffix, kind in SUFFIXES.items():
        if low.endswith(suffix):
            return kind
    return None


def is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def discover(inputs: list[str]) -> Iterator[Input | InputError]:
    """Expand inputs: folders recursively (hidden entries skipped, sorted),
    globs (``**`` allowed), ``-`` for JSONL on standard input, URLs."""
    for value in inputs:
        if value == "-":
            yield Input("stdin", "-")
        elif is_url(value):
            yield Input("url", value)
        elif os.path.isdir(value):
            found = False
            for root, dirs, files in os.walk(value):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.startswith("."):
                        continue
                    kind = format_of(name)
                    if kind:
                        found = True
                        yield Input(kind, os.path.join(root, name), os.path.join(root, name))
            if not found:
                yield NoSupportedFilesError(value, f"no supported files in this folder (supported: {SUPPORTED})")
        elif os.path.exists(value):
            kind = format_of(value)
            if kind is None:
                yield InputError(value, f"unsupported file type (supported: {SUPPORTED})")
            else:
                yield Input(kind, value, value)
        elif glob.has_magic(value):
            matches = sorted(m for m in glob.glob(value, recursive=True) if os.path.isfile(m) and format_of(m))
            if not matches:
                yield MissingInputError(value, "no supported files match this pattern")
            for m in matches:
                yield Input(format_of(m), m, m)  # type: ignore[arg-type]
        else:
            yield MissingInputError(value, "no such file or folder")


def read_input(item: Input, settings: Settings, *, transport=None, stdin: BinaryIO | None = None) -> Iterator[RawDocument | InputError]:
    """Run the reader for one input. Errors that ruin the whole input are
    yielded too (as the last item), so callers handle one stream."""
    try:
        yield from _read(item, settings, transport, stdin)
    except InputError as exc:
        yield exc
    except OSError as exc:
        yield InputError(item.source, f"cannot read: {exc.strerror or exc}")


def _read(item: Input, settings: Settings, transport, stdin) -> Iterator[RawDocument | InputError]:
    if item.kind == "stdin":
        from . import jsonl

        stream = stdin if stdin is not None else sys.stdin.buffer
        yield from jsonl.read_lines("-", stream, settings)
        return
    if item.kind == "url":
        from . import web

        yield from web.fetch_url(item.source, settings, transport=transport)
        return
    assert item.path is not None
    if item.kind == "warc":
        from . import warc

        yield from warc.read(item.source, item.path, settings)
        return
    if item.kind != "jsonl":
        check_size(item.source, os.path.getsize(item.path), settings.max_bytes)
    with open(item.path, "rb") as fh:
        data = fh.read()
    if item.kind == "text":
        from . import text

        yield from text.read(item.source, data, settings)
    elif item.kind == "html":
        from . import html

        yield from html.read(item.source, data, settings)
    elif item.kind == "jsonl":
        from . import jsonl

        yield from jsonl.read(item.source, data, settings)
    else:  # pragma: no cover - discover() only yields known kinds
        raise InputError(item.source, f"no reader for {item.kind!r}")
