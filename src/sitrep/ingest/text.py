"""Plain-text saved pages (``.txt``): the main input. The whole page,
furniture included, goes to the cleaner."""

from __future__ import annotations

from collections.abc import Iterator

from ..config import Settings
from ..errors import InputError
from ..model import RawDocument
from .decode import decode, sha256


def read(source: str, data: bytes, settings: Settings) -> Iterator[RawDocument | InputError]:
    text = decode(source, data)
    yield RawDocument(source=source, format="text", text=text, raw_hash=sha256(data), needs_cleaning=True)
