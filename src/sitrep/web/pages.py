"""Server-rendered pages: story list, story, document, entity, place,
document list and search.

jinja2 with autoescape on for every template; the only markup built in
Python is :mod:`sitrep.web.highlight`'s, which escapes every piece of text.
Links are made only from ids and from ``http``/``https`` URLs; anything else
a document carries (``javascript:``, ``data:``) is shown as text.
"""

from __future__ import annotations

import base64
import hashlib
import inspect
import logging
import re
from pathlib import Path
from typing import Annotated
from urllib.parse import quote, urlsplit

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from .api import find_document, reader, state
from .auth import COOKIE
from .envelope import ApiError
from .highlight import mark_ranges, render

log = logging.getLogger("sitrep.web")

TEMPLATES = Path(__file__).with_name("templates")
PAGE_SIZE = 50


def safe_url(value: str | None) -> str | None:
    """``value`` when it is an http(s) URL a link may point at, else None."""
    if not value:
        return None
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return None
    return value.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def _when(event: dict) -> str:
    d = event.get("date") or {}
    value = d.get("value") or "undated"
    if d.get("earliest") and d.get("latest") and d["earliest"] != d["latest"] and not d.get("inferred"):
        value += f" ({d['earliest']} … {d['latest']})"
    if d.get("precision") and d.get("precision") != "day":
        value += f" [{d['precision']}]"
    if d.get("inferred"):
        value += " (publication date)"
    return value


def _count(event: dict) -> str:
    c = event.get("count") or {}
    if not c:
        return ""
    n = c.get("low") if c.get("low") is not None else c.get("high")
    return " ".join(str(x) for x in (c.get("qualifier"), n, c.get("unit")) if x not in (None, ""))


def _value(v: dict) -> str:
    if v.get("label"):
        return str(v["label"])
    value = v.get("value")
    if isinstance(value, list):
        return ", ".join(str(x) for x in value)
    return "" if value is None else str(value)


env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(default=True, default_for_string=True),
                  trim_blocks=True, lstrip_blocks=True)
env.filters["safe_url"] = safe_url
env.filters["when"] = _when
env.filters["count"] = _count
env.filters["value"] = _value
env.filters["q"] = lambda s: quote(str(s), safe="")
env.filters["marks"] = mark_ranges


def page(name: str, status_code: int = 200, headers: dict | None = None, **context) -> HTMLResponse:
    return HTMLResponse(env.get_template(name).render(**context), status_code=status_code, headers=headers)


def error_page(request: Request, status: int, message: str, code: str, headers=None) -> HTMLResponse:
    login = code == "token_required"
    return page("error.html", status, headers, title=f"{status} {code.replace('_', ' ')}", status=status,
                message=message, code=code, login=login, next=request.url.path)


# -- the story page hook --------------------------------------------------------


def document_href(doc_id: str) -> str:
    return f"/documents/{quote(doc_id, safe='')}"


def briefing_html(report: dict, story_id: str) -> str | None:
    """HOOK: the live story page is the briefing ``sitrep.brief`` renders
    (``render_html(report, story_id=..., doc_link=...)``, built alongside in
    issue 6), with its citations linking to this server's document pages.
    Until that exists (ImportError), or if it fails, this returns None and
    the plain story page (``story.html``) is served instead."""
    try:
        from ..brief import render_html
    except ImportError:
        return None
    kwargs = {"doc_link": document_href} if "doc_link" in inspect.signature(render_html).parameters else {}
    try:
        return render_html(report, story_id=story_id, **kwargs)
    except Exception:  # the plain page is better than none
        log.exception("sitrep.brief.render_html failed for %s; serving the plain story page", story_id)
        return None


#: the way back to the rest of the site, put at the top of the briefing page
#: (inline style: the briefing's own policy admits no stylesheet from here)
NAV = ('<nav class="sitrep-web" style="font:14px system-ui,sans-serif;padding:6px 16px;background:#1f3a5f">'
       '<a href="/" style="color:#fff;margin-right:16px">sitrep: all stories</a>'
       '<a href="/documents" style="color:#fff;margin-right:16px">documents</a>'
       '<a href="/search" style="color:#fff">search</a></nav>')
_BODY = re.compile(r"<body\b[^>]*>", re.I)


def with_nav(html: str) -> str:
    """The briefing page with :data:`NAV` right after ``<body>``."""
    m = _BODY.search(html)
    return html[: m.end()] + NAV + html[m.end() :] if m else html


_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_JS_TYPES = ("", "text/javascript", "application/javascript", "module")


def briefing_csp(html: str) -> str:
    """The briefing is one self-contained file with inline scripts and
    styles: its policy allows exactly those inline scripts (by SHA-256) and
    inline styles, and nothing from any other origin."""
    hashes = []
    for m in _SCRIPT.finditer(html):
        attrs = m.group(1).lower()
        kind = re.search(r"""type\s*=\s*["']?([^"'\s>]+)""", attrs)
        if "src=" in attrs or (kind and kind.group(1) not in _JS_TYPES):
            continue
        digest = base64.b64encode(hashlib.sha256(m.group(2).encode("utf-8")).digest()).decode()
        hashes.append(f"'sha256-{digest}'")
    scripts = " ".join(sorted(set(hashes))) or "'none'"
    return (f"default-src 'none'; script-src {scripts}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            "font-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


# -- routes -----------------------------------------------------------------------


def router() -> APIRouter:
    r = APIRouter(include_in_schema=False, dependencies=[Depends(reader)])

    @r.get("/", response_class=HTMLResponse)
    def stories(request: Request):
        snap = state(request).cache.get()
        loose = sum(1 for d in snap.docs if d not in snap.story_of)
        return page("stories.html", title="Stories", snap=snap, stories=[snap.story_json(s) for s in snap.stories],
                    loose=loose)

    @r.get("/stories/{story_id}", response_class=HTMLResponse)
    def story(request: Request, story_id: str):
        snap = state(request).cache.get()
        s = snap.story_by_id.get(story_id)
        if s is None:
            raise ApiError(404, f"{story_id}: no such story")
        report = snap.report(story_id)
        live = briefing_html(report, story_id)
        if live is not None:
            return HTMLResponse(with_nav(live), headers={"Content-Security-Policy": briefing_csp(live)})
        return page("story.html", title=s.title or s.id, snap=snap, story=snap.story_json(s), report=report,
                    documents={d["id"]: d for d in report["documents"]},
                    top_entities=sorted(report["entities"], key=lambda e: (-len(e["documents"]), e["name"]))[:40])

    @r.get("/documents", response_class=HTMLResponse)
    def documents(request: Request, offset: Annotated[int, Query(ge=0, le=10**9)] = 0):
        snap = state(request).cache.get()
        docs = list(snap.docs.values())
        return page("documents.html", title="Documents", snap=snap, docs=docs[offset : offset + PAGE_SIZE],
                    total=len(docs), offset=offset, size=PAGE_SIZE)

    @r.get("/documents/{doc_id}", response_class=HTMLResponse)
    def document(request: Request, doc_id: str):
        st, snap, doc = find_document(request, doc_id)
        spans = snap.evidence(st.store, doc)
        events = []
        for e, m in snap.mentions_by_doc.get(doc.id, []):
            if e not in events:
                events.append(e)
        return page("document.html", title=doc.title or doc.id, snap=snap, doc=doc, body=render(doc.body, spans),
                    latest=doc.id in snap.docs, story=snap.story_of.get(doc.id), wire=snap.credits.get(doc.id),
                    lineage=snap.lineage_json(doc.id), events=events, quotes=snap.quotes_by_doc.get(doc.id, []),
                    kinds={k: sum(1 for s in spans if s["kind"] == k) for k in ("event", "quote", "entity", "place")})

    @r.get("/entities/{entity_id:path}", response_class=HTMLResponse)
    def entity(request: Request, entity_id: str):
        snap = state(request).cache.get()
        e = snap.entity_by_id.get(entity_id)
        if e is None:
            raise ApiError(404, f"{entity_id}: no such entity")
        quotes = [q for q in snap.quotes if q.get("speaker") == entity_id]
        return page("entity.html", title=e["name"], snap=snap, entity=e, quotes=quotes,
                    events=snap.events_of_entity(entity_id))

    @r.get("/places/{place_id:path}", response_class=HTMLResponse)
    def place(request: Request, place_id: str):
        snap = state(request).cache.get()
        p = snap.place_by_id.get(place_id)
        if p is None:
            raise ApiError(404, f"{place_id}: no such place")
        return page("place.html", title=p["name"] or p["id"], snap=snap, place=p, events=snap.events_at_place(place_id))

    @r.get("/search", response_class=HTMLResponse)
    def search(request: Request, q: Annotated[str, Query(max_length=500)] = "",
               offset: Annotated[int, Query(ge=0, le=10**9)] = 0):
        from .api import search_hit

        st = state(request)
        hits, total, problem = [], 0, None
        if q.strip():
            try:
                result = st.store.search(q, limit=PAGE_SIZE, offset=offset)
                hits, total = [search_hit(st, h) for h in result.hits], result.total
            except ValueError as exc:
                problem = str(exc)
        return page("search.html", title=f"Search: {q}" if q else "Search", q=q, hits=hits, total=total,
                    offset=offset, size=PAGE_SIZE, problem=problem, snap=st.cache.get())

    return r


def login_router() -> APIRouter:
    """Sign-in for servers that protect reads: the token form sets a cookie."""
    r = APIRouter(include_in_schema=False)

    @r.get("/login", response_class=HTMLResponse)
    def login_form(request: Request, next: str = "/"):
        return page("login.html", title="Sign in", next=_local(next), protected=state(request).access.reads_need_token)

    @r.post("/login")
    def login(request: Request, token: Annotated[str, Form(max_length=500)], next: Annotated[str, Form()] = "/"):
        access = state(request).access
        response = RedirectResponse(_local(next), status_code=303)
        if access.reads_need_token:
            access.check({"authorization": f"Bearer {token}"}, {}, write=False)
            response.set_cookie(COOKIE, token, httponly=True, samesite="strict", path="/")
        return response

    @r.get("/favicon.ico")
    def favicon():
        return Response((TEMPLATES.parent / "static" / "favicon.svg").read_bytes(), media_type="image/svg+xml")

    return r


def _local(path: str) -> str:
    """A redirect target on this server only."""
    return path if path.startswith("/") and not path.startswith("//") and "\\" not in path else "/"
