"""The briefing as one self-contained HTML file.

CSS, JavaScript and SVG are inlined; nothing is fetched (no fonts, no
scripts, no images, no tiles), and the page's Content-Security-Policy says
so: ``default-src 'none'``, styles inline, and only the page's own script
(by hash) may run, so even text that escaped escaping could not load or run
anything. Autoescape is on for the whole template.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Callable

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from . import model, svg
from .text import plain, quoted, safe_url, shorten

DocLink = Callable[[str], "str | None"]


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(loader=PackageLoader("sitrep.brief", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=False, lstrip_blocks=False, keep_trailing_newline=True)
    env.filters["quoted"] = quoted
    return env


@lru_cache(maxsize=None)
def _asset(name: str) -> str:
    return (resources.files("sitrep.brief") / "templates" / name).read_text(encoding="utf-8")


def _css() -> str:
    return _asset("briefing.css")


def _js() -> str:
    return _asset("briefing.js")


@dataclass
class _StoryView:
    """A story brief with its drawings and a page-unique id."""
    brief: model.StoryBrief
    uid: str
    timeline_svg: Markup
    map_svg: Markup
    graph_svg: Markup

    def __getattr__(self, name):
        return getattr(self.brief, name)


@dataclass
class _BriefingView:
    stories: list
    citations: list
    documents: int
    outlets: int
    generated_from: str


def _views(b: model.Briefing) -> _BriefingView:
    stories = []
    for i, s in enumerate(b.stories, 1):
        uid = f"story-{i}"
        stories.append(_StoryView(brief=s, uid=uid, timeline_svg=svg.timeline_svg(s, uid),
                                  map_svg=svg.map_svg(s, uid), graph_svg=svg.graph_svg(s, uid)))
    return _BriefingView(stories=stories, citations=b.citations, documents=b.documents, outlets=b.outlets,
                         generated_from=b.generated_from)


def _context(report: dict, story_id: str | None, doc_link: DocLink | None, briefing: model.Briefing | None = None) -> dict:
    b = briefing if briefing is not None else model.build(report, story_id)
    by_n = {c.n: c for c in b.citations}
    docs = {d["id"]: d for d in report.get("documents") or []}

    def doc_href(doc_id: str) -> str | None:
        if doc_link is not None:
            href = doc_link(doc_id)
            # the caller's links are its own pages; refuse scripts and the like
            if href and not href.lower().lstrip().startswith(("javascript:", "data:", "vbscript:")):
                return href
            return None
        d = docs.get(doc_id) or {}
        return safe_url(d.get("url")) or safe_url(d.get("source"))

    def cite_title(n: int) -> str:
        c = by_n.get(n)
        if c is None:
            return ""
        return f"{c.outlet}, {c.published or 'undated'}: “{shorten(c.sentence, 200)}”"

    if story_id is not None and len(b.stories) == 1:
        heading = b.stories[0].title
    else:
        heading = "Situation report"
    return {"b": _views(b), "heading": heading, "doc_href": doc_href, "cite_title": cite_title,
            "status_class": lambda st: svg.STATUS_CLASS.get(st, "st-single")}


def render_fragment(report: dict, story_id: str | None = None, *, doc_link: DocLink | None = None,
                    briefing: model.Briefing | None = None) -> str:
    """The briefing's content (``<style>``, ``<main>``, ``<script>``) for
    embedding in another page. ``doc_link(doc_id)`` gives the href of a
    document (the web app's document page); by default a document links to
    its own http(s) URL when it has one."""
    body = _env().get_template("body.html.j2").render(**_context(report, story_id, doc_link, briefing))
    return f"<style>{_css()}</style>\n{body}<script>{_js()}</script>\n"


def render_html(report: dict, story_id: str | None = None, *, doc_link: DocLink | None = None,
                briefing: model.Briefing | None = None) -> str:
    """The whole briefing page: one self-contained HTML document.
    ``briefing``: the already built ``model.build(report, story_id)``."""
    ctx = _context(report, story_id, doc_link, briefing)
    body = _env().get_template("body.html.j2").render(**ctx)
    js = _js()
    digest = base64.b64encode(hashlib.sha256(js.encode("utf-8")).digest()).decode()
    csp = (f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{digest}'; img-src data:; "
           "base-uri 'none'; form-action 'none'")
    title = plain(ctx["heading"]) or "Situation report"
    env = _env()
    head = env.from_string(
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta http-equiv="Content-Security-Policy" content="{{ csp }}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<title>{{ title }} — sitrep briefing</title>\n').render(csp=csp, title=title)
    return f"{head}<style>{_css()}</style>\n</head>\n<body>\n{body}<script>{js}</script>\n</body>\n</html>\n"
