"""The HTML pages in process: each renders, is escaped, links safely, and
sends the security headers; the document page marks the evidence and keeps
the removed furniture collapsed; the story page hook."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import quote

import pytest

from sitrep.config import sqlite_url
from sitrep.model import Document, content_hash, document_id
from sitrep.store import Store
from sitrep.web import pages

VOID = {"meta", "link", "input", "br", "img", "hr", "wbr", "source", "area", "base", "col", "embed", "param",
        "track"}


class Nesting(HTMLParser):
    """Fails on a close tag that does not close the innermost open element."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


def parse(html: str) -> Nesting:
    p = Nesting()
    p.feed(html)
    p.close()
    return p


def html_ok(response, status: int = 200) -> str:
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers.get("content-security-policy")
    return response.text


def assert_escaped(html: str, raw: tuple[str, ...], where: str, scripts: bool = False) -> None:
    """No hostile fragment, no element or attribute that runs code; with
    ``scripts`` (the briefing, one self-contained page) its own inline
    scripts are allowed but none may carry the hostile text."""
    for fragment in raw:
        assert fragment not in html, f"{where}: {fragment!r} unescaped"
    if scripts:
        for body in re.findall(r"<script\b[^>]*>(.*?)</script>", html, re.S | re.I):
            assert "alert(1)" not in body, f"{where}: hostile text inside a script"
    tree = parse(html)
    for tag, attrs in tree.tags:
        forbidden = ("img", "iframe", "object", "embed") + (() if scripts else ("script",))
        assert tag not in forbidden, f"{where}: a <{tag}> element"
        for name, value in attrs.items():
            assert not name.startswith("on"), f"{where}: event handler attribute {name}"
            if name in ("href", "src", "action") and value:
                assert not value.strip().lower().startswith(("javascript:", "data:", "vbscript:")), (where, value)


@pytest.fixture
def plain(monkeypatch):
    monkeypatch.setattr(pages, "briefing_html", lambda report, story_id: None)


def test_every_page_renders(client):
    api = lambda path: client.get(path).json()["data"]  # noqa: E731
    story = api("/api/stories")[0]["id"]
    doc = api("/api/documents?limit=1")[0]["id"]
    entity = quote(api("/api/entities?limit=1")[0]["id"], safe="")
    place = quote(api("/api/places?limit=1")[0]["id"], safe="")
    for path in ("/", f"/stories/{story}", f"/documents/{doc}", f"/entities/{entity}", f"/places/{place}",
                 "/documents", "/documents?offset=20", "/search", "/search?q=militias", "/login"):
        html = html_ok(client.get(path))
        assert "<!doctype html>" in html.lower()[:50], path
        if path != f"/stories/{story}":  # the briefing is a page of its own
            assert parse(html).problems == [], path
            assert '<link rel="stylesheet" href="/static/sitrep.css">' in html
    css = client.get("/static/sitrep.css")
    assert css.status_code == 200 and "text/css" in css.headers["content-type"]
    assert client.get("/favicon.ico").headers["content-type"].startswith("image/svg+xml")


def test_no_external_resources(client, plain):
    story = client.get("/api/stories").json()["data"][1]["id"]
    for path in ("/", f"/stories/{story}", "/documents", "/search?q=militias"):
        html = client.get(path).text
        for tag, attrs in parse(html).tags:
            if tag in ("link", "script", "img", "iframe", "source"):
                url = attrs.get("href") or attrs.get("src") or ""
                assert url.startswith("/") and not url.startswith("//"), (path, tag, url)
        assert "fonts.googleapis" not in html and "cdn" not in html.lower()


def test_story_list(client, hostile):
    html = html_ok(client.get("/"))
    stories = client.get("/api/stories").json()["data"]
    for s in stories:
        assert f'href="/stories/{s["id"]}"' in html
    assert "<script>alert" not in html
    if any("<script>" in (s.get("title") or "") for s in stories):
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # the hostile story's title, as text
    docs = html_ok(client.get("/documents"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in docs and "<script>alert" not in docs  # the hostile title


def test_plain_story_page(client, plain):
    story = max(client.get("/api/stories").json()["data"], key=lambda s: s["counts"]["documents"])
    html = html_ok(client.get(f"/stories/{story['id']}"))
    assert parse(html).problems == []
    for doc in story["documents"]:
        assert f'href="/documents/{doc}"' in html
    events = client.get(f"/api/events?story={story['id']}&limit=200").json()["data"]
    assert all(f'id="{e["id"]}"' in html for e in events)
    assert "Where the sources disagree" in html and 'class="ledger"' in html
    html_ok(client.get("/stories/s-nope"), 404)


def test_briefing_hook(client, monkeypatch):
    """The story page is whatever ``briefing_html`` renders, with a policy
    allowing exactly its inline scripts."""
    script = "document.body.dataset.ready = '1';"
    seen = {}

    def fake(report, story_id):
        seen["report"], seen["story"] = report, story_id
        return f"<!doctype html><html><body><h1>briefing</h1><script>{script}</script></body></html>"

    monkeypatch.setattr(pages, "briefing_html", fake)
    story = client.get("/api/stories").json()["data"][0]["id"]
    response = client.get(f"/stories/{story}")
    assert response.status_code == 200 and "<h1>briefing</h1>" in response.text
    assert '<body><nav class="sitrep-web"' in response.text and '<a href="/"' in response.text
    assert seen["story"] == story and seen["report"]["format"] == "sitrep/1"
    assert [s["id"] for s in seen["report"]["stories"]] == [story]
    import base64
    import hashlib

    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    policy = response.headers["content-security-policy"]
    assert f"'sha256-{digest}'" in policy and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]


def test_briefing_hook_falls_back(monkeypatch):
    import sys
    import types

    broken = types.ModuleType("sitrep.brief")

    def render_html(report, story_id=None):
        raise RuntimeError("not yet")

    broken.render_html = render_html
    monkeypatch.setitem(sys.modules, "sitrep.brief", broken)
    assert pages.briefing_html({"format": "sitrep/1"}, "s-1") is None
    monkeypatch.setitem(sys.modules, "sitrep.brief", None)  # not installed: ImportError
    assert pages.briefing_html({"format": "sitrep/1"}, "s-1") is None


def test_document_page_marks_evidence(client):
    story = max(client.get("/api/stories").json()["data"], key=lambda s: s["counts"]["documents"])
    doc_id = story["documents"][0]
    doc = client.get(f"/api/documents/{doc_id}").json()["data"]
    html = html_ok(client.get(f"/documents/{doc_id}"))
    tree = parse(html)
    assert tree.problems == []
    article = re.search(r'<article id="text" class="body">(.*?)</article>', html, re.S).group(1)
    # the marked text is the clean text, character for character
    from html import unescape

    assert unescape(re.sub(r"<[^>]+>", "", article)) == doc["body"]
    assert 'class="ev"' in article and 'class="en"' in article
    places = [x for x in doc["evidence"] if x["kind"] == "place"]
    for x in doc["evidence"]:
        if x["kind"] == "entity" and x["ref"] and not any(p["start"] < x["end"] and x["start"] < p["end"]
                                                          for p in places):  # a place's link wins
            assert f'href="/entities/{quote(x["ref"], safe="")}"' in article
    for p in places:
        assert f'href="/places/{quote(p["ref"], safe="")}"' in article
    # removed furniture: collapsed, every removal listed
    details = re.search(r'<details class="removed">(.*?)</details>', html, re.S)
    assert details and "<details class=\"removed\" open" not in html
    assert f"Removed page furniture ({len(doc['removed'])})" in details.group(1)
    for r in doc["removed"]:
        assert f'<td class="num">{r["line"]}</td>' in details.group(1)
    html_ok(client.get("/documents/d-000000000000"), 404)


def test_superseded_revision_page(make_client, db_copy):
    def doc(body):
        h = content_hash(body)
        return Document(id=document_id(h), source="reports/ferry.txt", format="text", content_hash=h, raw_hash=h,
                        body=body, title="Ferry", url="https://example.com/ferry")

    old, new = doc("The ferry sank off the coast."), doc("The ferry sank off the coast; 30 were rescued.")
    with Store(sqlite_url(db_copy)) as store:
        store.add_document(old)
        store.add_document(new)
    with make_client(db_copy) as c:
        assert "earlier revision" in html_ok(c.get(f"/documents/{old.id}"))
        html = html_ok(c.get(f"/documents/{new.id}"))
        assert "earlier revision" not in html
        assert '<a href="https://example.com/ferry" rel="noopener noreferrer nofollow">' in html


def test_entity_and_place_pages(client):
    entity = max(client.get("/api/entities?limit=200").json()["data"], key=lambda e: len(e["documents"]))
    html = html_ok(client.get(f"/entities/{quote(entity['id'], safe='')}"))
    assert all(f'href="/documents/{d}"' in html for d in entity["documents"])
    place = client.get("/api/places?limit=1").json()["data"][0]
    html = html_ok(client.get(f"/places/{quote(place['id'], safe='')}"))
    assert f"{place['lat']:.4f}" in html
    html_ok(client.get("/entities/e-nope"), 404)
    html_ok(client.get("/places/p-nope/crossing"), 404)


def test_search_page(client):
    html = html_ok(client.get("/search?q=militias"))
    assert "<mark>" in html and 'class="hits"' in html
    assert "no words" in html_ok(client.get("/search?q=%3F%3F"))
    assert 'class="hits"' not in html_ok(client.get("/search"))


def test_hostile_text_escaped_on_every_page(client, hostile_id, hostile, monkeypatch):
    doc = client.get(f"/api/documents/{hostile_id}").json()["data"]
    entities = [quote(x["ref"], safe="") for x in doc["evidence"] if x["kind"] == "entity" and x["ref"]]
    places = [quote(x["ref"], safe="") for x in doc["evidence"] if x["kind"] == "place"]
    paths = ["/", f"/documents/{hostile_id}", "/documents", "/search?q=ministry",
             f"/search?q={quote(hostile.script)}+ministry", *{f"/entities/{e}" for e in entities},
             *{f"/places/{p}" for p in places}]
    for path in paths:
        html = html_ok(client.get(path))
        assert_escaped(html, hostile.raw, path)
    page = client.get(f"/documents/{hostile_id}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<dd class=\"src\">javascript:alert(1)</dd>" in page  # shown, never a link
    # the story page: plain and through the briefing hook
    story = doc["story"]
    assert_escaped(html_ok(client.get(f"/stories/{story}")), hostile.raw, "story (briefing hook)", scripts=True)
    monkeypatch.setattr(pages, "briefing_html", lambda report, story_id: None)
    assert_escaped(html_ok(client.get(f"/stories/{story}")), hostile.raw, "story (plain)")
    # an error page echoing a hostile path
    html = html_ok(client.get(f"/documents/{quote(hostile.script + hostile.img)}"), 404)
    assert_escaped(html, hostile.raw, "404 page")
