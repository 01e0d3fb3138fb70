"""sitrep.ingest.web: pages and feeds through httpx.MockTransport (never the
real network)."""

from __future__ import annotations

import importlib
import socket
from collections.abc import Callable
from html import escape

import httpx
import pytest

from sitrep.errors import (
    BinaryInputError, EmptyInputError, FetchError, InputError, MalformedRecordError, NoArticleError, TooLargeError,
)
from sitrep.ingest import decode, web
from sitrep.ingest.web import fetch_url
from sitrep.model import RawDocument

HTML = "text/html; charset=utf-8"


@pytest.fixture(autouse=True)
def no_real_network(monkeypatch):
    """Any attempt at a real connection fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("a test tried to reach the real network")

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


def mock(routes: dict[str, Callable[[httpx.Request], httpx.Response] | httpx.Response], seen: list | None = None):
    def handler(request: httpx.Request) -> httpx.Response:
        if seen is not None:
            seen.append(request)
        route = routes.get(str(request.url))
        if route is None:
            return httpx.Response(404, text="not found")
        return route(request) if callable(route) else route

    return httpx.MockTransport(handler)


def run(url, settings, routes, seen=None) -> list[RawDocument | InputError]:
    return list(fetch_url(url, settings, transport=mock(routes, seen)))


def rss(entries: list[dict[str, str]]) -> bytes:
    items = "".join(
        "<item>"
        + "".join(f"<{key}>{escape(value)}</{key}>" for key, value in entry.items())
        + "</item>"
        for entry in entries
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Island wire</title>'
        f"<link>https://islands.example/</link><description>News</description>{items}</channel></rss>"
    ).encode("utf-8")


# ----------------------------------------------------------------------- pages


def test_html_page(page, settings):
    seen: list[httpx.Request] = []
    body = page().encode("utf-8")
    (doc,) = run("https://courier.example/flood", settings,
                 {"https://courier.example/flood": httpx.Response(200, content=body, headers={"content-type": HTML})},
                 seen)
    assert isinstance(doc, RawDocument)
    assert doc.source == "https://courier.example/flood"
    assert doc.format == "url"
    assert doc.needs_cleaning is False
    assert doc.raw_hash == decode.sha256(body)
    assert doc.hints["url"] == "https://courier.example/flood"
    assert doc.hints["outlet"] == "The Kestrel Valley Courier"
    assert doc.text.startswith("Around 400 residents")
    assert seen[0].headers["user-agent"] == settings.user_agent


def test_redirect_is_followed_and_source_stays_as_given(page, settings):
    routes = {
        "http://courier.example/f": httpx.Response(301, headers={"location": "https://courier.example/2024/flood"}),
        "https://courier.example/2024/flood": httpx.Response(200, content=page().encode(), headers={"content-type": HTML}),
    }
    (doc,) = run("http://courier.example/f", settings, routes)
    assert doc.source == "http://courier.example/f"
    assert doc.hints["url"] == "https://courier.example/2024/flood"


def test_redirect_loop(settings):
    routes = {"https://loop.example/a": httpx.Response(302, headers={"location": "https://loop.example/a"})}
    with pytest.raises(FetchError, match="too many redirects"):
        run("https://loop.example/a", settings, routes)


def test_charset_from_content_type_header(page, settings):
    html = page(charset=None).replace("Oskar Pellworth", "Oskar \u201cOzzy\u201d Pellworth")
    routes = {"https://c.example/": httpx.Response(200, content=html.encode("cp1252"),
                                                   headers={"content-type": "text/html; charset=windows-1252"})}
    (doc,) = run("https://c.example/", settings, routes)
    assert "Oskar \u201cOzzy\u201d Pellworth" in doc.text


def test_untyped_html_is_sniffed(page, settings):
    routes = {"https://c.example/": httpx.Response(200, content=page().encode(), headers={"content-type": "text/plain"})}
    assert isinstance(run("https://c.example/", settings, routes)[0], RawDocument)


def test_page_without_article(settings):
    body = b"<html><body><nav><a href='/a'>News</a> <a href='/b'>Sport</a></nav></body></html>"
    routes = {"https://c.example/": httpx.Response(200, content=body, headers={"content-type": HTML})}
    with pytest.raises(NoArticleError) as info:
        run("https://c.example/", settings, routes)
    assert info.value.source == "https://c.example/"


# ---------------------------------------------------------------------- errors


def test_404(settings):
    with pytest.raises(FetchError) as info:
        run("https://c.example/gone", settings, {})
    assert str(info.value) == "https://c.example/gone: HTTP 404 Not Found"


def test_500(settings):
    routes = {"https://c.example/": httpx.Response(500, text="oops")}
    with pytest.raises(FetchError, match=r"^https://c\.example/: HTTP 500 Internal Server Error$"):
        run("https://c.example/", settings, routes)


def test_connect_timeout(settings):
    def slow(request):
        raise httpx.ConnectTimeout("timed out", request=request)

    with pytest.raises(FetchError) as info:
        run("https://slow.example/", settings.with_(fetch_timeout=2.5), {"https://slow.example/": slow})
    assert info.value.problem == "could not connect: timed out after 2.5 s"


def test_read_timeout(settings):
    def slow(request):
        raise httpx.ReadTimeout("timed out", request=request)

    with pytest.raises(FetchError, match="timed out after 20 s"):
        run("https://slow.example/", settings, {"https://slow.example/": slow})


def test_connection_refused(settings):
    def refused(request):
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)

    with pytest.raises(FetchError, match="could not connect: .*Connection refused"):
        run("https://down.example/", settings, {"https://down.example/": refused})


def test_unsupported_scheme(settings):
    with pytest.raises(FetchError):
        run("ftp://files.example/report.html", settings, {})


@pytest.mark.parametrize("content_type", ["image/jpeg", "application/pdf", "video/mp4"])
def test_binary_content_type(settings, content_type):
    routes = {"https://c.example/x": httpx.Response(200, content=b"\xff\xd8\xff\xe0" + bytes(100),
                                                    headers={"content-type": content_type})}
    with pytest.raises(BinaryInputError) as info:
        run("https://c.example/x", settings, routes)
    assert isinstance(info.value, InputError)
    assert content_type in info.value.problem


def test_other_unsupported_type(settings):
    routes = {"https://c.example/api": httpx.Response(200, json={"a": 1})}
    with pytest.raises(FetchError, match="unsupported content type application/json"):
        run("https://c.example/api", settings, routes)


def test_empty_body(settings):
    routes = {"https://c.example/": httpx.Response(200, content=b"  \n", headers={"content-type": HTML})}
    with pytest.raises(EmptyInputError, match="response body is empty"):
        run("https://c.example/", settings, routes)


def test_json_feed_is_not_supported(settings):
    routes = {"https://c.example/feed.json": httpx.Response(200, content=b'{"version": "https://jsonfeed.org/version/1.1"}',
                                                            headers={"content-type": "application/feed+json"})}
    with pytest.raises(FetchError, match="unsupported content type application/feed\\+json"):
        run("https://c.example/feed.json", settings, routes)


def test_oversize_body_by_content_length(page, settings):
    body = page().encode()
    routes = {"https://c.example/": httpx.Response(200, content=body, headers={"content-type": HTML})}
    with pytest.raises(TooLargeError, match="over the size limit"):
        run("https://c.example/", settings.with_(max_bytes=len(body) - 1), routes)


def test_oversize_streamed_body_without_length(settings):
    def endless(request):
        chunks = (b"<p>" + b"flood " * 1000 + b"</p>" for _ in range(1000))
        return httpx.Response(200, content=chunks, headers={"content-type": HTML})

    with pytest.raises(TooLargeError) as info:
        run("https://c.example/", settings.with_(max_bytes=50_000), {"https://c.example/": endless})
    assert info.value.source == "https://c.example/"


# ----------------------------------------------------------------------- feeds


def test_feed_with_two_entries_one_page_404s(page, settings):
    summary = " ".join(page.FERRY[:2])
    feed = rss([
        {"title": "Marrowby evacuated", "link": "https://courier.example/flood",
         "pubDate": "Thu, 14 Mar 2024 01:30:00 +0200", "author": "desk@courier.example (Ilse Vantongeren)",
         "description": "Short teaser."},
        {"title": "Ferry strike: day three", "link": "https://harbourline.example/ferry",
         "pubDate": "Thu, 02 Nov 2023 06:00:00 GMT", "description": summary},
    ])
    routes = {
        "https://islands.example/feed.xml": httpx.Response(200, content=feed,
                                                           headers={"content-type": "application/rss+xml"}),
        "https://courier.example/flood": httpx.Response(200, content=page(published=None).encode(),
                                                        headers={"content-type": HTML}),
    }
    items = run("https://islands.example/feed.xml", settings, routes)
    assert [type(i).__name__ for i in items] == ["RawDocument", "FetchError", "RawDocument"]
    first, error, fallback = items
    assert first.source == "https://courier.example/flood" and first.format == "url"
    assert first.hints["title"] == "Flooding forces evacuation of Marrowby riverside district"  # the page's own
    assert first.hints["published"] == "2024-03-14T01:30:00+02:00"  # from the entry, offset kept
    assert error.source == "https://harbourline.example/ferry"
    assert error.problem == "HTTP 404 Not Found"
    assert fallback.source == "https://harbourline.example/ferry"
    assert fallback.format == "feed"
    assert fallback.text == summary
    assert fallback.hints["title"] == "Ferry strike: day three"
    assert fallback.hints["published"] == "2023-11-02T06:00:00+00:00"
    assert fallback.hints["url"] == "https://harbourline.example/ferry"
    assert fallback.raw_hash == decode.sha256(summary.encode("utf-8"))


def test_failed_entry_with_short_summary_has_no_fallback(settings):
    feed = rss([{"title": "Gone", "link": "https://c.example/gone", "description": "Too short to use."}])
    routes = {"https://c.example/rss": httpx.Response(200, content=feed, headers={"content-type": "text/xml"})}
    items = run("https://c.example/rss", settings, routes)
    assert [type(i) for i in items] == [FetchError]


def test_atom_feed_sniffed_with_html_content(page, settings):
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in page.FERRY)
    atom = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Harbourline</title><id>urn:h</id><updated>2023-11-02T06:00:00Z</updated>
<entry><title>Ferry strike enters third day</title><id>urn:h:1</id>
<link href="/ferry-strike"/><published>2023-11-02T08:00:00+02:00</published><updated>2023-11-02T08:00:00+02:00</updated>
<author><name>Tamsin Okafor-Reyes</name></author>
<content type="html">{escape(paragraphs + '<script>alert("x")</script>')}</content></entry></feed>""".encode()
    def timeout(request):
        raise httpx.ReadTimeout("slow", request=request)

    routes = {
        "https://harbourline.example/atom": httpx.Response(200, content=atom, headers={"content-type": "text/plain"}),
        "https://harbourline.example/ferry-strike": timeout,
    }
    items = run("https://harbourline.example/atom", settings, routes)
    assert [type(i) for i in items] == [FetchError, RawDocument]
    doc = items[1]
    assert doc.source == "https://harbourline.example/ferry-strike"  # relative link resolved
    assert doc.text == "\n\n".join(page.FERRY)
    assert doc.hints["authors"] == ["Tamsin Okafor-Reyes"]
    assert doc.hints["published"] == "2023-11-02T08:00:00+02:00"
    assert "alert" not in doc.text


def test_entry_page_that_is_an_image(settings, page):
    feed = rss([{"title": "Photo", "link": "https://c.example/photo.jpg", "description": " ".join(page.FLOOD)}])
    routes = {
        "https://c.example/rss": httpx.Response(200, content=feed, headers={"content-type": "application/rss+xml"}),
        "https://c.example/photo.jpg": httpx.Response(200, content=b"\xff\xd8\xff" + bytes(50),
                                                      headers={"content-type": "image/jpeg"}),
    }
    items = run("https://c.example/rss", settings, routes)
    assert [type(i) for i in items] == [BinaryInputError, RawDocument]


def test_entry_without_link_uses_its_content(settings, page):
    feed = rss([{"title": "No link", "description": " ".join(page.FLOOD)}])
    routes = {"https://c.example/rss": httpx.Response(200, content=feed, headers={"content-type": "application/rss+xml"})}
    (doc,) = run("https://c.example/rss", settings, routes)
    assert doc.source == "https://c.example/rss#entry-1"
    assert doc.format == "feed"


def test_empty_feed(settings):
    routes = {"https://c.example/rss": httpx.Response(200, content=rss([]),
                                                      headers={"content-type": "application/rss+xml"})}
    with pytest.raises(NoArticleError, match="no entries"):
        run("https://c.example/rss", settings, routes)


def test_unreadable_feed_is_raised(settings):
    routes = {"https://c.example/rss": httpx.Response(200, content=b"{ this is not a feed",
                                                      headers={"content-type": "application/rss+xml"})}
    with pytest.raises(MalformedRecordError, match="not a readable RSS/Atom feed"):
        run("https://c.example/rss", settings, routes)


def test_cut_off_feed_salvages_what_it_can(settings):
    routes = {"https://c.example/rss": httpx.Response(200, content=b"<rss><channel><item><title>x</ti",
                                                      headers={"content-type": "application/rss+xml"})}
    items = run("https://c.example/rss", settings, routes)
    assert items and all(isinstance(i, InputError) for i in items)
    assert items[0].source == "https://c.example/rss#entry-1"


# --------------------------------------------------------------------- imports


def test_import_touches_no_network():
    importlib.reload(web)  # the autouse fixture makes any connection fail
