"""URLs: an HTML page, or an RSS/Atom feed whose entries are fetched in turn.

All network traffic goes through one :class:`httpx.Client` built by
:func:`fetch_url`; passing ``transport`` (an :class:`httpx.MockTransport` in
tests) replaces the network entirely. Nothing here touches the network at
import time, and trafilatura/feedparser are only ever given bytes already
fetched (feedparser gets a ``BytesIO``: given a string it may fetch by itself).

What a response is, decided from its ``Content-Type`` and its first bytes:

- a feed: ``application/rss+xml``, ``application/atom+xml``,
  ``application/rdf+xml``; or any XML, text or
  untyped body whose first element is ``<rss>``, ``<feed>`` or ``<rdf:RDF>``;
- an HTML page: ``text/html``, ``application/xhtml+xml``; or an XML, text
  or untyped body that starts like HTML;
- anything else is rejected: image, audio, video, font, PDF, archives and
  other binary types with :class:`BinaryInputError`, other types (JSON,
  plain text) with :class:`FetchError` ("unsupported content type").

Errors, each naming the URL as given (or the entry link):

- connection failures, timeouts, too many redirects, non-2xx statuses:
  :class:`FetchError` ("HTTP 404 Not Found", "could not connect: …");
- a body (after Content-Encoding decoding) over ``settings.max_bytes``:
  :class:`TooLargeError`, detected from ``Content-Length`` before reading
  or while streaming;
- a page without an article: :class:`NoArticleError` from
  :func:`html.from_html`.

A problem with the URL itself is raised; a problem with one feed entry is
yielded and the next entry is fetched. When an entry's page cannot be used,
its error is yielded and, if the entry's own content/summary has at least
``settings.min_article_words`` words, that text becomes a document with
``format="feed"``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any

import feedparser
import httpx
import lxml.html
from lxml import etree

from ..config import Settings
from ..errors import (
    BinaryInputError, EmptyInputError, FetchError, InputError, MalformedRecordError, NoArticleError, TooLargeError,
)
from ..model import RawDocument, word_count
from . import decode
from .html import decode_html, from_html

__all__ = ["fetch_url"]

FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml"})
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
#: Types whose body is sniffed because servers use them for feeds and pages.
SNIFFED_TYPES = frozenset({"", "text/xml", "application/xml", "text/plain", "application/octet-stream"})
BINARY_PREFIXES = ("image/", "audio/", "video/", "font/", "model/")
BINARY_TYPES = frozenset(
    {"application/pdf", "application/zip", "application/gzip", "application/x-gzip", "application/msword",
     "application/octet-stream", "application/x-tar", "application/vnd.ms-excel", "application/x-7z-compressed"}
)

_PROLOGUE = rb"^(?:\xef\xbb\xbf)?\s*(?:<\?[^>]*\?>\s*|<!--.*?-->\s*|<!doctype[^>]*>\s*)*"
_FEED_START = re.compile(_PROLOGUE + rb"<(?:rss|feed|rdf:rdf)\b", re.IGNORECASE | re.DOTALL)
_HTML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?[^>]*\?>\s*|<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
    re.IGNORECASE | re.DOTALL,
)
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([^\s;\"']+)", re.IGNORECASE)
_SNIFF_BYTES = 4096
_CHUNK = 64 * 1024
_BLOCK_TAGS = ("p", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "pre")


def fetch_url(
    url: str, settings: Settings, transport: httpx.BaseTransport | None = None
) -> Iterator[RawDocument | InputError]:
    """Fetch ``url`` and yield its document, or one document per feed entry.

    ``source`` of a page's document is ``url`` exactly as given, with
    ``format="url"``; a feed entry's document has the entry link as source
    (``format="url"`` from its page, ``"feed"`` from its own text). The
    ``url`` hint is the address after redirects. Raises an
    :class:`InputError` when the URL itself is unusable; see the module
    docstring for which.
    """
    headers = {"User-Agent": settings.user_agent}
    with httpx.Client(
        transport=transport, timeout=settings.fetch_timeout, follow_redirects=True, headers=headers
    ) as client:
        body, content_type, final_url = _get(client, url, settings)
        kind = _kind(url, body, content_type)
        if kind == "html":
            yield _page(url, body, content_type, final_url, settings)
        else:
            yield from _feed(client, url, body, content_type, final_url, settings)


# ------------------------------------------------------------------ transport


def _get(client: httpx.Client, url: str, settings: Settings) -> tuple[bytes, str, str]:
    """GET ``url``; returns (body, Content-Type, final URL) or raises."""
    timeout = f"{settings.fetch_timeout:g} s"
    try:
        with client.stream("GET", url) as response:
            if not response.is_success:
                reason = response.reason_phrase or "error"
                raise FetchError(url, f"HTTP {response.status_code} {reason}")
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > settings.max_bytes:
                raise _too_large(url, int(declared), settings)
            chunks, size = [], 0
            for chunk in response.iter_bytes(_CHUNK):
                size += len(chunk)
                if size > settings.max_bytes:
                    raise _too_large(url, None, settings)
                chunks.append(chunk)
            return b"".join(chunks), response.headers.get("content-type", ""), str(response.url)
    except httpx.ConnectTimeout:
        raise FetchError(url, f"could not connect: timed out after {timeout}") from None
    except httpx.TimeoutException:
        raise FetchError(url, f"timed out after {timeout} waiting for the server") from None
    except httpx.ConnectError as exc:
        raise FetchError(url, f"could not connect: {_say(exc)}") from None
    except httpx.TooManyRedirects:
        raise FetchError(url, "too many redirects") from None
    except httpx.UnsupportedProtocol:
        raise FetchError(url, "not an http:// or https:// URL") from None
    except httpx.InvalidURL as exc:
        raise FetchError(url, f"not a valid URL: {_say(exc)}") from None
    except httpx.HTTPError as exc:
        raise FetchError(url, f"request failed: {_say(exc)}") from None


def _too_large(url: str, size: int | None, settings: Settings) -> TooLargeError:
    what = f"response is {size:,} bytes" if size is not None else "response is"
    return TooLargeError(url, f"{what} over the size limit of {settings.max_bytes:,} bytes (--max-bytes)")


def _say(exc: Exception) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def _kind(url: str, body: bytes, content_type: str) -> str:
    """``"html"`` or ``"feed"``; raises for anything else."""
    if not body.strip():
        raise EmptyInputError(url, "the response body is empty")
    media = _media_type(content_type)
    head = body[:_SNIFF_BYTES]
    if media in FEED_TYPES:
        return "feed"
    if media in HTML_TYPES:
        return "feed" if _FEED_START.match(head) else "html"
    if media in SNIFFED_TYPES or media.endswith("+xml"):
        if _FEED_START.match(head):
            return "feed"
        if _HTML_START.match(head):
            return "html"
    if media.startswith(BINARY_PREFIXES) or media in BINARY_TYPES:
        raise BinaryInputError(url, f"is {media} content, not an HTML page or an RSS/Atom feed")
    raise FetchError(url, f"unsupported content type {media or '(none)'}: expected an HTML page or an RSS/Atom feed")


# ---------------------------------------------------------------------- pages


def _page(
    source: str, body: bytes, content_type: str, final_url: str, settings: Settings,
    hints: dict[str, Any] | None = None,
) -> RawDocument:
    match = _CHARSET.search(content_type)
    text = decode_html(source, body, match.group(1) if match else None)
    doc = from_html(source, text, settings, raw_hash=decode.sha256(body), hints=hints, url=final_url)
    return replace(doc, format="url")


# ---------------------------------------------------------------------- feeds


def _feed(
    client: httpx.Client, url: str, body: bytes, content_type: str, final_url: str, settings: Settings
) -> Iterator[RawDocument | InputError]:
    parsed = feedparser.parse(
        io.BytesIO(body),
        response_headers={"content-type": content_type or "application/xml", "content-location": final_url},
    )
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            raise MalformedRecordError(url, f"is not a readable RSS/Atom feed: {_say(parsed.get('bozo_exception'))}")
        raise NoArticleError(url, "the feed has no entries")
    for number, entry in enumerate(entries, start=1):
        yield from _entry(client, url, number, entry, settings)


def _entry(
    client: httpx.Client, feed_url: str, number: int, entry: Any, settings: Settings
) -> Iterator[RawDocument | InputError]:
    hints = _entry_hints(entry)
    link = (entry.get("link") or "").strip()
    source = link or f"{feed_url}#entry-{number}"
    if link:
        try:
            body, content_type, final_url = _get(client, link, settings)
            if _kind(link, body, content_type) != "html":
                raise FetchError(link, "the entry link points to a feed, not an article page")
            yield _page(link, body, content_type, final_url, settings, hints)
            return
        except InputError as err:
            yield err
    text = _entry_text(entry)
    if word_count(text) >= settings.min_article_words:
        if link:
            hints.setdefault("url", link)
        yield RawDocument(
            source=source, format="feed", text=text, raw_hash=decode.sha256(text.encode("utf-8")),
            hints=hints, needs_cleaning=True,
        )
    elif not link:
        yield MalformedRecordError(source, "feed entry has no link and too little text to use")


def _entry_hints(entry: Any) -> dict[str, Any]:
    hints: dict[str, Any] = {}
    title = " ".join((entry.get("title") or "").split())
    if title:
        hints["title"] = title
    published = _entry_date(entry)
    if published:
        hints["published"] = published
    authors = [" ".join((a.get("name") or "").split()) for a in entry.get("authors") or [] if isinstance(a, dict)]
    authors = [a for a in authors if a] or ([entry["author"].strip()] if (entry.get("author") or "").strip() else [])
    if authors:
        hints["authors"] = list(dict.fromkeys(authors))
    return hints


def _entry_date(entry: Any) -> str | None:
    """ISO 8601 with the feed's own UTC offset kept (so the local date is
    right), falling back to feedparser's UTC struct_time."""
    for key in ("published", "updated"):
        raw = (entry.get(key) or "").strip()
        if not raw:
            continue
        for parse in (parsedate_to_datetime, lambda s: datetime.fromisoformat(s.replace("Z", "+00:00"))):
            try:
                return parse(raw).isoformat()
            except (TypeError, ValueError, IndexError):
                continue
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            return datetime(*parsed[:6], tzinfo=timezone.utc).isoformat()
    return None


def _entry_text(entry: Any) -> str:
    """The longest of the entry's content and summary as plain text, one
    blank line between paragraphs. feedparser has already sanitised it."""
    candidates = [c.get("value") or "" for c in entry.get("content") or [] if isinstance(c, dict)]
    candidates.append(entry.get("summary") or "")
    texts = [_fragment_text(value) for value in candidates if value.strip()]
    return max(texts, key=len, default="")


def _fragment_text(fragment: str) -> str:
    if "<" not in fragment:
        return "\n\n".join(" ".join(p.split()) for p in re.split(r"\n\s*\n", fragment) if p.strip())
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (ValueError, etree.ParserError):
        return ""
    for bad in root.xpath(".//script|.//style"):
        bad.drop_tree()
    for element in root.iter(*_BLOCK_TAGS):
        element.tail = ("\n" if element.tag == "br" else "\n\n") + (element.tail or "")
    paragraphs = re.split(r"\n\s*\n", root.text_content())
    return "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip())
