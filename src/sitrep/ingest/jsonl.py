"""JSON Lines: one article per line.

Each line is an object with a non-empty string ``text``; ``title``, ``url``,
``published``, ``outlet``, ``authors`` (list or string) and ``language`` are
optional. A bad line is reported with its line number and the other lines
are still read. A line's source is its ``url`` when given, else
``<file>#L<line>``. The text is taken as article text (light cleaning only).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from ..config import Settings
from ..errors import DecodeError, InputError, MalformedRecordError, TooLargeError
from ..model import RawDocument
from .decode import is_unicode, sha256

OPTIONAL_STR = ("title", "url", "published", "outlet", "language")


def read(source: str, data: bytes, settings: Settings) -> Iterator[RawDocument | InputError]:
    yield from read_lines(source, data.splitlines(), settings)


def read_lines(source: str, lines: Iterable[bytes], settings: Settings) -> Iterator[RawDocument | InputError]:
    seen_any = False
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        seen_any = True
        if n == 1 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        if len(line) > settings.max_bytes:
            yield TooLargeError(source, f"line {n}: record is {len(line):,} bytes, over the size limit of {settings.max_bytes:,} bytes")
            continue
        try:
            item = json.loads(line.decode("utf-8"))
        except UnicodeDecodeError as exc:
            yield DecodeError(source, f"line {n}: not valid UTF-8 (byte {exc.start})")
            continue
        except json.JSONDecodeError as exc:
            yield MalformedRecordError(source, f"line {n}: invalid JSON ({exc.msg} at column {exc.colno})")
            continue
        except RecursionError:  # "[[[[...": deeper than the parser's recursion limit
            yield MalformedRecordError(source, f"line {n}: invalid JSON (nested too deeply)")
            continue
        problem = _check(item)
        if problem:
            yield MalformedRecordError(source, f"line {n}: {problem}")
            continue
        hints = {k: item[k] for k in OPTIONAL_STR if isinstance(item.get(k), str) and item[k].strip()}
        authors = item.get("authors")
        if isinstance(authors, str):
            authors = [authors]
        if isinstance(authors, list):
            hints["authors"] = [a for a in authors if isinstance(a, str) and a.strip()]
        yield RawDocument(
            source=hints.get("url") or f"{source}#L{n}",
            format="jsonl",
            text=item["text"],
            raw_hash=sha256(line),
            hints=hints,
            needs_cleaning=False,
        )
    if not seen_any:
        from ..errors import EmptyInputError

        raise EmptyInputError(source, "file is empty")


def _check(item) -> str | None:
    if not isinstance(item, dict):
        return f"expected a JSON object, got {type(item).__name__}"
    text = item.get("text")
    if text is None:
        return "missing required field 'text'"
    if not isinstance(text, str):
        return f"field 'text' must be a string, got {type(text).__name__}"
    if not text.strip():
        return "field 'text' is empty"
    for k in OPTIONAL_STR:
        if k in item and item[k] is not None and not isinstance(item[k], str):
            return f"field {k!r} must be a string, got {type(item[k]).__name__}"
    authors = item.get("authors")
    named = [(k, item.get(k)) for k in ("text", *OPTIONAL_STR)]
    named += [("authors", a) for a in (authors if isinstance(authors, list) else [authors])]
    for k, value in named:
        if isinstance(value, str) and not is_unicode(value):
            return f"field {k!r} is not valid Unicode (an unpaired surrogate such as \\ud800)"
    return None
