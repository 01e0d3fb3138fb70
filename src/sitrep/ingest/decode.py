"""Bytes to text, with the checks every text-bearing input needs.

Order of decisions (first that applies wins):
1. zero bytes or only whitespace -> :class:`EmptyInputError`;
2. a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32) -> that encoding;
3. signatures of common binary formats (PNG, JPEG, GIF, PDF, ZIP, gzip, …)
   or NUL bytes in a text that is not UTF-16/32 -> :class:`BinaryInputError`;
4. strict UTF-8;
5. charset-normalizer's best guess (cp1252, latin-1, …) if it decodes the
   bytes with little chaos; else :class:`DecodeError`.
"""

from __future__ import annotations

import codecs
import hashlib

from charset_normalizer import from_bytes

from ..errors import BinaryInputError, DecodeError, EmptyInputError, TooLargeError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF file"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"BZh", "bzip2-compressed data"),
    (b"\x7fELF", "an executable"),
    (b"RIFF", "a RIFF media file"),
    (b"OggS", "an Ogg media file"),
    (b"\x00\x00\x00", "binary data"),
)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def is_unicode(s: str) -> bool:
    """False for a string with a lone surrogate, which JSON's ``\\ud800``
    escapes can produce but no text encoding can hold."""
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_size(source: str, size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise TooLargeError(source, f"file is {size:,} bytes, over the size limit of {max_bytes:,} bytes (--max-bytes)")


def decode(source: str, data: bytes) -> str:
    """Decode ``data`` to ``str`` or raise an :class:`InputError` naming ``source``."""
    if not data.strip():
        raise EmptyInputError(source, "file is empty")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError as exc:
                raise DecodeError(source, f"has a {enc} byte-order mark but is not valid {enc} ({exc.reason} at byte {exc.start})") from None
            if not text.strip():
                raise EmptyInputError(source, "file is empty")
            return text.lstrip("\ufeff")
    for sig, what in _SIGNATURES:
        if data.startswith(sig):
            raise BinaryInputError(source, f"is {what}, not text")
    head = data[:8192]
    if b"\x00" in head:
        raise BinaryInputError(source, "contains NUL bytes: binary data, not text")
    try:
        return _not_blank(source, data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None or best.encoding is None or best.chaos > 0.3:
        raise DecodeError(source, "is not valid UTF-8 and no other text encoding fits it")
    text = str(best)
    if _control_ratio(text) > 0.05:
        raise BinaryInputError(source, "decodes only to control characters: binary data, not text")
    return _not_blank(source, text)


def _not_blank(source: str, text: str) -> str:
    """``text``, or :class:`EmptyInputError` when it is only whitespace that
    ``bytes.strip`` does not know ("\\u3000", "\\x1c")."""
    if not text.strip():
        raise EmptyInputError(source, "file is empty")
    return text


def _control_ratio(text: str) -> float:
    sample = text[:4096]
    if not sample:
        return 0.0
    bad = sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f")
    return bad / len(sample)
