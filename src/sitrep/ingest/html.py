"""HTML pages: bytes to text with the page's declared charset, then the
article body and its metadata through trafilatura.

Extraction (:func:`from_html`) runs entirely offline: trafilatura is given an
already-parsed tree and never fetches anything. The steps are

1. parse the page once with trafilatura's lenient lxml loader;
2. read the metadata the page *declares*: outlet from ``og:site_name``,
   ``application-name``, a publisher meta tag or JSON-LD ``publisher.name``
   (never guessed from the hostname or the ``<title>``), language from
   ``<html lang>``, ``Content-Language`` or ``og:locale``;
3. prune consent/cookie banners and link-only "related" lines, which
   trafilatura otherwise keeps on pages that have no article at all;
4. ``trafilatura.bare_extraction`` with ``favor_precision=True``,
   ``include_comments=False`` and htmldate's ``extensive_search`` off (a
   published date must come from markup: meta tags, ``<time>``, JSON-LD or
   the URL, not from a date that happens to appear in the prose);
5. the body's blocks joined by blank lines, minus the headline at the top
   and any short label above it (see :func:`_strip_headline`); fewer than ``settings.min_article_words`` words is a
   :class:`NoArticleError`, never a silent ``None``.

``favor_precision`` was chosen by measurement on the fixtures in
``tests/unit/ingest``: it keeps every article sentence that the default and
``favor_recall`` keep, and on a page with only navigation, teaser links and a
cookie banner it returns nothing where the others return ~50 words of menu
and headline links (which would pass the word-count floor).
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import trafilatura
from lxml.html import HtmlElement
from trafilatura.utils import load_html
from trafilatura.xml import xmltotxt

from ..config import Settings
from ..errors import InputError, NoArticleError
from ..model import RawDocument, word_count
from . import decode

__all__ = ["decode_html", "from_html", "read", "declared_charset"]

NO_ARTICLE = "no article text found in the HTML page"

#: WHATWG Encoding Standard: labels whose bytes browsers decode with another,
#: usually wider, codec (latin-1 and ASCII labels mean windows-1252; a page
#: cannot declare UTF-16 in a meta tag, so those labels mean UTF-8).
_LABEL_ALIASES = {
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
    "l1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252", "iso_8859-1": "cp1252",
    "iso-8859-9": "cp1254", "latin5": "cp1254", "iso-8859-11": "cp874", "tis-620": "cp874",
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030",
    "shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "x-sjis": "cp932",
    "euc-kr": "cp949", "big5": "big5hkscs",
    "utf-16": "utf-8", "utf-16le": "utf-8", "utf-16be": "utf-8",
}

_META_CHARSET = re.compile(rb"<meta\s[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_PRESCAN_BYTES = 4096

#: Elements whose id or class names a consent or cookie banner.
_LOWER_ID_CLASS = (
    "translate(concat(' ', @id, ' ', @class, ' '), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
)
_CONSENT_XPATH = (
    f"//*[self::div or self::section or self::aside or self::dialog or self::form or self::p]"
    f"[contains({_LOWER_ID_CLASS}, 'cookie') or contains({_LOWER_ID_CLASS}, 'consent')"
    f" or contains({_LOWER_ID_CLASS}, 'gdpr')]"
)
#: A block that is at least this share link text, with two or more links, is
#: a teaser line ("Related: A · B · C"), not prose.
_LINK_SHARE = 0.6

_PUBLISHER_NAMES = ("application-name", "publisher", "dc.publisher", "dcterms.publisher", "citation_publisher")
_LANG_TAG = re.compile(r"^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*$")


# --------------------------------------------------------------------- decoding


def declared_charset(data: bytes) -> str | None:
    """The codec named by a ``<meta charset>`` or ``http-equiv`` declaration
    in the first 4 KiB of ``data``, mapped as browsers map it (see
    ``_LABEL_ALIASES``); ``None`` when there is none or Python lacks it."""
    match = _META_CHARSET.search(data[:_PRESCAN_BYTES])
    return _codec(match.group(1).decode("ascii", "replace")) if match else None


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _LABEL_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_html(source: str, data: bytes, header_charset: str | None = None) -> str:
    """Decode an HTML page, honouring its declared charset.

    Precedence follows browsers: a byte-order mark, then ``header_charset``
    (an HTTP ``Content-Type`` parameter), then a ``<meta>`` declaration, then
    :func:`decode.decode`'s UTF-8-or-guess. Two guards: bytes that are valid
    UTF-8 and not plain ASCII are read as UTF-8 even when a single-byte
    charset is declared (a mis-declared UTF-8 page is far likelier than
    cp1252 text that happens to be valid UTF-8), and text that decodes to NUL
    or control characters goes through :func:`decode.decode` so binary data
    gets its :class:`BinaryInputError`. A declaration that does not decode the
    bytes is ignored.
    """
    if not data.strip() or data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode.decode(source, data)
    declared = _codec(header_charset) or declared_charset(data)
    if declared is None or declared == "utf-8":
        return decode.decode(source, data)
    if not data.isascii():
        try:
            return _checked(source, data, data.decode("utf-8"))
        except UnicodeDecodeError:
            pass
    try:
        text = data.decode(declared)
    except (UnicodeError, LookupError):  # UnicodeError: the "undefined" codec refuses everything
        return decode.decode(source, data)
    return _checked(source, data, text)


def _checked(source: str, data: bytes, text: str) -> str:
    sample = text[:4096]
    bad = sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f")
    if "\x00" in sample or (sample and bad / len(sample) > 0.05) or not decode.is_unicode(text):
        return decode.decode(source, data)  # not text: lone surrogates from a declared "unicode_escape" or "utf-7"
    return text


# ------------------------------------------------------------------- extraction


def from_html(
    source: str,
    html: str,
    settings: Settings,
    *,
    raw_hash: str,
    hints: dict[str, Any] | None = None,
    url: str | None = None,
) -> RawDocument:
    """Extract the article and its declared metadata from one HTML page.

    ``source`` names the input for the document and for errors. ``hints`` are
    what the caller already knows (a feed entry's title, a WARC record's
    ``fetched`` date); values the page declares take precedence and these
    fill the gaps. ``url``, when given, is where the page was found and wins
    over the page's canonical URL. Hints produced: ``title``, ``authors``
    (list), ``published`` (ISO ``YYYY-MM-DD``), ``outlet`` (only a declared
    site name), ``url``, ``language`` (primary subtag, lower case).

    Returns a ``RawDocument`` with ``format="html"`` and
    ``needs_cleaning=False``; callers that read HTML out of a WARC or from
    the web replace ``format``. Raises :class:`NoArticleError` when no text,
    or fewer than ``settings.min_article_words`` words, is extracted.
    """
    tree = load_html(_XML_DECL.sub("", html, count=1))
    if tree is None:
        raise NoArticleError(source, NO_ARTICLE)
    declared = {"outlet": _declared_outlet(tree), "language": _declared_language(tree)}
    _prune(tree)
    result = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        favor_precision=True,
        include_tables=True,
        include_images=False,
        include_links=False,
        date_extraction_params={
            "original_date": True,
            "extensive_search": False,
            "max_date": date.today().isoformat(),
        },
    )
    if result is None or result.body is None:
        raise NoArticleError(source, NO_ARTICLE)

    blocks = [(child.tag, xmltotxt(child, False).strip()) for child in result.body]
    title, blocks = _strip_headline(_clean(result.title), [(tag, text) for tag, text in blocks if text])
    text = "\n\n".join(block for _, block in blocks)
    words = word_count(text)
    if words == 0:
        raise NoArticleError(source, NO_ARTICLE)
    if words < settings.min_article_words:
        raise NoArticleError(
            source, f"{NO_ARTICLE} ({words} words of text, fewer than the minimum of {settings.min_article_words})"
        )

    found: dict[str, Any] = {
        "title": title,
        "authors": _authors(result.author),
        "published": _clean(result.date),
        "outlet": declared["outlet"],
        "url": url or _clean(result.url),
        "language": declared["language"],
    }
    merged = dict(hints or {})
    merged.update({key: value for key, value in found.items() if value})
    if url:
        merged["url"] = url
    return RawDocument(
        source=source, format="html", text=text, raw_hash=raw_hash, hints=merged, needs_cleaning=False
    )


def read(source: str, data: bytes, settings: Settings) -> Iterator[RawDocument | InputError]:
    """Read one saved ``.html``/``.htm`` file given as bytes.

    Checks the size limit, decodes with :func:`decode_html` (BOM, then
    ``<meta charset>``, then UTF-8 or a guess) and yields the one document.
    Every problem ruins the whole file, so it is raised, not yielded:
    :class:`TooLargeError`, :class:`EmptyInputError`,
    :class:`BinaryInputError`, :class:`DecodeError`, :class:`NoArticleError`.
    """
    decode.check_size(source, len(data), settings.max_bytes)
    text = decode_html(source, data)
    yield from_html(source, text, settings, raw_hash=decode.sha256(data))


# --------------------------------------------------------------------- helpers


def _clean(value: str | None) -> str | None:
    value = " ".join(value.split()) if value else None
    return value or None


def _strip_headline(title: str | None, blocks: list[tuple[str, str]]) -> tuple[str | None, list[tuple[str, str]]]:
    """Drop the headline from the top of the body, with any short labels
    above it (a kicker such as "Varnesia war"). The headline is a heading
    that repeats or extends the title (an extension becomes the title; with
    no title, the first heading is it) or a block that is exactly the title.
    Only the first four blocks are searched, and only past blocks of at most
    eight words: a longer block means the article has already begun."""
    for index, (tag, text) in enumerate(blocks[:4]):
        if tag == "head" and (title is None or _contains(text, title)):
            return text, blocks[index + 1:]
        if title and _contains(title, text) and (tag == "head" or _contains(text, title)):
            return title, blocks[index + 1:]
        if word_count(text) > 8:
            break
    return title, blocks


def _contains(outer: str, inner: str) -> bool:
    """Whether ``inner`` occurs in ``outer``, ignoring case and spacing."""
    return " ".join(inner.split()).casefold() in " ".join(outer.split()).casefold()


def _authors(value: str | None) -> list[str]:
    """trafilatura joins several authors with ``"; "``."""
    names = [_clean(part) for part in (value or "").split(";")]
    return list(dict.fromkeys(name for name in names if name))


def _meta(tree: HtmlElement, attribute: str, names: tuple[str, ...]) -> str | None:
    for element in tree.iterfind(".//meta[@content]"):
        if (element.get(attribute) or "").strip().lower() in names:
            value = _clean(element.get("content"))
            if value:
                return value
    return None


def _declared_outlet(tree: HtmlElement) -> str | None:
    """The site name the page states, or ``None``. A value that is a URL (as
    ``article:publisher`` often is) or a Twitter handle is not a name."""
    candidates = [
        _meta(tree, "property", ("og:site_name",)),
        _meta(tree, "name", ("og:site_name",)),
        _meta(tree, "name", _PUBLISHER_NAMES),
        _meta(tree, "property", ("article:publisher",)),
        _jsonld_publisher(tree),
    ]
    for candidate in candidates:
        if candidate and "://" not in candidate and not candidate.startswith("@"):
            return candidate
    return None


def _jsonld_publisher(tree: HtmlElement) -> str | None:
    for script in tree.iterfind(".//script[@type]"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):  # not JSON, or nested deeper than the parser goes
            continue
        name = _find_publisher(data, depth=0)
        if name:
            return name
    return None


def _find_publisher(data: Any, depth: int) -> str | None:
    if depth > 4:
        return None
    if isinstance(data, list):
        for item in data:
            name = _find_publisher(item, depth + 1)
            if name:
                return name
    elif isinstance(data, dict):
        publisher = data.get("publisher")
        if isinstance(publisher, list) and publisher:
            publisher = publisher[0]
        if isinstance(publisher, dict):
            publisher = publisher.get("name")
        if isinstance(publisher, str) and publisher.strip() and decode.is_unicode(publisher):
            return _clean(publisher)
        if "@graph" in data:
            return _find_publisher(data["@graph"], depth + 1)
    return None


def _declared_language(tree: HtmlElement) -> str | None:
    root = tree.getroottree().getroot()
    candidates = [
        root.get("lang"),
        root.get("{http://www.w3.org/XML/1998/namespace}lang"),
        root.get("xml:lang"),
        _meta(tree, "http-equiv", ("content-language",)),
        _meta(tree, "property", ("og:locale",)),
    ]
    for candidate in candidates:
        match = _LANG_TAG.match((candidate or "").split(",")[0].strip())
        if match:
            return match.group(1).lower()
    return None


def _prune(tree: HtmlElement) -> None:
    """Drop consent banners and teaser-link lines in place (tails are kept).

    A teaser line is a ``<p>``, ``<li>`` or paragraph-free ``<div>`` with two
    or more links whose link text is at least 60% of its text ("Related:
    A · B · C"); prose with inline links stays far below that share.
    """
    for element in tree.xpath(_CONSENT_XPATH):
        element.drop_tree()
    for element in list(tree.iter("p", "li", "div")):
        if element.getparent() is None or len(element) > 40:
            continue
        if element.tag == "div" and element.find(".//p") is not None:
            continue
        links = element.findall(".//a")
        if len(links) < 2:
            continue
        text = " ".join(element.text_content().split())
        linked = sum(len(" ".join(a.text_content().split())) for a in links)
        if text and linked / len(text) >= _LINK_SHARE:
            element.drop_tree()
