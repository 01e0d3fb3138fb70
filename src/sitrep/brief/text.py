"""Small text helpers shared by the briefing renderers and the exports.

Everything that comes from a report's text (titles, bodies, names, quotes,
attributions, outlets, URLs) is untrusted. Each output format has one
function here that makes such text inert in that format: HTML escaping is
done by Jinja's autoescape and ``markupsafe.escape``; markdown by
:func:`md_text`; CSV by :func:`csv_cell`; XML by :func:`xml_text`.
"""

from __future__ import annotations

import re
import unicodedata

# --- plain text -----------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def plain(text: object) -> str:
    """One line of display text: control and bidi-override characters
    removed, runs of white space (newlines included) made one space."""
    if text is None:
        return ""
    s = _CONTROL.sub("", str(text))
    return " ".join(s.split())


def shorten(text: object, limit: int) -> str:
    s = plain(text)
    if len(s) <= limit:
        return s
    cut = s[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + "…"


def capitalize(text: str) -> str:
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1:]
        if not (ch.isspace() or ch in "\"'“‘(«"):
            return text
    return text


_DATELINE = re.compile(r"^(?:[A-Z][A-Z'’.\- ]{2,40})(?:,[^:\-–—\n]{0,60})?\s*(?::|-|–|—)\s+(?=[A-Z\"“‘])")


def strip_dateline(sentence: str) -> str:
    """'AMMAN: Hundreds of fighters …' -> 'Hundreds of fighters …'."""
    m = _DATELINE.match(sentence)
    return sentence[m.end():] if m else sentence


def quoted(text: object) -> str:
    """The text in quotation marks, unless it already is quoted."""
    s = plain(text)
    if s[:1] in "“\"‘'" and s[-1:] in "”\"’'":
        return s
    return f"“{s}”"


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


# --- URLs -----------------------------------------------------------------

_SAFE_URL = re.compile(r"^https?://[^\s<>\"'`\\]+$", re.I)


def safe_url(url: object) -> str | None:
    """The URL when it is a plain http(s) address, else None (never
    ``javascript:``, ``data:`` or anything with quotes or spaces)."""
    if not isinstance(url, str):
        return None
    u = url.strip()
    if not _SAFE_URL.match(u) or any(ord(c) < 32 for c in u):
        return None
    return u


# --- markdown -------------------------------------------------------------

_MD_INLINE = re.compile(r"([\\`*_\[\]|~])")
_MD_BLOCK_START = re.compile(r"^(\s*)(\d*)([#+\-=.)])")
# anything a markdown renderer might turn into a link: schemes, www., e-mail
# addresses; these are put in code spans, which are never links
_MD_LINKISH = re.compile(
    r"(?:\b[a-z][a-z0-9+.\-]{1,20}:(?://)?[^\s]*|\bwww\.[^\s]+|[^\s@<>()\[\]]+@[^\s@<>()\[\]]+\.[^\s]+)",
    re.I,
)


def _md_escape(s: str) -> str:
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_INLINE.sub(r"\\\1", s)


def _md_code(s: str) -> str:
    s = s.replace("`", "ˋ")  # a code span cannot be closed from inside
    return f"`{s}`"


def md_text(text: object, limit: int | None = None) -> str:
    """Untrusted text as inert markdown on one line: HTML and markdown
    syntax escaped, link-like tokens (``http://…``, ``javascript:…``,
    ``www.…``, e-mail addresses) shown as code, never as links."""
    s = shorten(text, limit) if limit else plain(text)
    out: list[str] = []
    pos = 0
    for m in _MD_LINKISH.finditer(s):
        tok = m.group(0)
        if ":" in tok and not re.match(r"^[a-z][a-z0-9+.\-]*:(?://|[^\s\d])", tok, re.I):
            continue  # '10:30', 'said:' and the like are text
        out.append(_md_escape(s[pos:m.start()]))
        out.append(_md_code(tok))
        pos = m.end()
    out.append(_md_escape(s[pos:]))
    res = "".join(out)
    # a cell or paragraph must not start a heading, list, quote or rule
    m = _MD_BLOCK_START.match(res)
    if m and (m.group(2) == "" or m.group(3) in ".)"):
        res = res[:m.start(3)] + "\\" + res[m.start(3):]
    return res


# --- CSV and XML ----------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def csv_cell(value: object) -> object:
    """A CSV cell that a spreadsheet will not run as a formula: text that
    starts with ``= + - @`` (or a tab or carriage return) gets a leading
    apostrophe. Numbers are written as numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return value
    s = str(value)
    if s.startswith(_FORMULA_START):
        return "'" + s
    return s


_XML_BAD = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: object) -> str:
    """Text that XML 1.0 can carry (characters it forbids removed); the XML
    writer escapes the rest."""
    return _XML_BAD.sub("", "" if value is None else str(value))


def slug(text: str) -> str:
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-") or "x"
