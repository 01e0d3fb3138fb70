"""The pages in a real headless Chromium (Debian's ``chromium``, driven by
Playwright with ``executable_path``; never ``playwright install``).

A uvicorn server on a free 127.0.0.1 port serves the analysed sample corpus
plus a hostile report. Every test walks pages the way a reader would and
checks: no console errors or page errors, no failed or >= 400 responses, no
request leaving 127.0.0.1 (every other request is aborted and recorded), and
no JavaScript dialog (the hostile text's ``alert(1)`` never runs).
Screenshots go to ``$SITREP_TEST_ARTIFACTS`` (default ``out/test-artifacts``)
under ``web/``.

Without /usr/bin/chromium (or ``$SITREP_CHROMIUM``) or Playwright the tests
are skipped with a message; with ``CI`` set they fail instead
(``tools/ensure-chromium.sh`` installs the browser).
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("SITREP_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(os.environ.get("SITREP_TEST_ARTIFACTS", ROOT / "out" / "test-artifacts")) / "web"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--disable-extensions", "--no-default-browser-check"]


def _missing(message: str):
    if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
        pytest.fail(f"{message} (CI is set, so the browser tests must run)", pytrace=False)
    pytest.skip(f"{message}; browser tests skipped")


@pytest.fixture(scope="session")
def chromium() -> str:
    """The browser executable; checked before anything else is built."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        _missing(f"no Chromium at {CHROMIUM}; run tools/ensure-chromium.sh (Debian package chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _missing("playwright is not installed (pip install playwright==1.65.2; no `playwright install` needed)")
    return CHROMIUM


@pytest.fixture(scope="session")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, headless=True, args=FLAGS)
        try:
            yield b
        finally:
            b.close()



class LiveServer:
    """uvicorn serving ``app`` in a thread on a free 127.0.0.1 port."""

    def __init__(self, app):
        import uvicorn

        from sitrep.web.server import listen, url_of

        self.sock = listen("127.0.0.1", 0)
        self.url = url_of(self.sock).rstrip("/")
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on",
                                                  timeout_graceful_shutdown=1))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self) -> "LiveServer":
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()


@pytest.fixture(scope="session")
def live_server(chromium, corpus_db):
    from sitrep.config import sqlite_url
    from sitrep.web.app import create_app

    with LiveServer(create_app(sqlite_url(corpus_db), host="127.0.0.1")) as server:
        yield server

class Watched:
    """A page whose console, errors, dialogs and requests are recorded."""

    def __init__(self, browser, base: str):
        self.base = base
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
        self.console: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.outside: list[str] = []
        self.bad: list[str] = []
        self.context.set_default_timeout(10_000)
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}") if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        # ERR_ABORTED: a load the next navigation cancelled (the favicon, typically)
        self.page.on("requestfailed", lambda r: None if "ERR_ABORTED" in (r.failure or "")
                     else self.bad.append(f"failed {r.url}: {r.failure}"))
        self.page.on("response", lambda r: self.bad.append(f"{r.status} {r.url}") if r.status >= 400 else None)

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(("data:", "blob:", "about:")) or urlsplit(url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def goto(self, path: str):
        response = self.page.goto(self.base + path, wait_until="load")
        assert response is not None and response.status == 200, (path, response and response.status)
        return response

    def shot(self, name: str, full_page: bool = True) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)

    def assert_clean(self) -> None:
        self.page.wait_for_timeout(100)  # late console messages
        assert self.dialogs == [], "a dialog fired: hostile text executed"
        assert self.outside == [], "requests left 127.0.0.1"
        assert self.errors == [], "page errors"
        assert self.console == [], "console errors"
        assert self.bad == [], "failed requests"

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def watched(browser, live_server):
    w = Watched(browser, live_server.url)
    yield w
    w.close()


@pytest.fixture(params=["plain", "briefing"])
def story_page(request, monkeypatch):
    """The story page as this package renders it, and through the briefing
    hook (``sitrep.brief.render_html`` when it exists)."""
    if request.param == "plain":
        monkeypatch.setattr("sitrep.web.pages.briefing_html", lambda report, story_id: None)
    return request.param


def test_story_list_to_story_to_document(watched, story_page):
    w = watched
    w.goto("/")
    assert w.page.title().startswith("Stories")
    assert w.page.locator("a.story").count() >= 3
    w.shot(f"1-stories-{story_page}")
    # the biggest story: most reports
    rows = w.page.locator("table.stories tbody tr")
    counts = [int(rows.nth(i).locator("td.num").first.inner_text()) for i in range(rows.count())]
    rows.nth(counts.index(max(counts))).locator("a.story").click()
    w.page.wait_for_load_state("load")
    assert "/stories/s-" in w.page.url
    w.shot(f"2-story-{story_page}", full_page=False)
    link = w.page.locator('a[href^="/documents/d-"] >> visible=true').first
    if story_page == "plain" or link.count():
        link.click()
    else:  # a briefing without links to this server's documents: open one directly
        w.page.goto(w.base + "/documents")
        w.page.locator('a[href^="/documents/d-"] >> visible=true').first.click()
    w.page.wait_for_load_state("load")
    assert "/documents/d-" in w.page.url
    body = w.page.locator("article.body")
    assert body.count() == 1 and len(body.inner_text()) > 200
    assert w.page.locator("article.body mark.ev").count() > 0, "event sentences are highlighted"
    removed = w.page.locator("details.removed")
    assert removed.count() == 1 and removed.get_attribute("open") is None, "furniture starts collapsed"
    removed.locator("summary").click()
    assert removed.get_attribute("open") is not None
    w.shot(f"3-document-{story_page}")
    w.assert_clean()


def test_hostile_text_is_shown_not_run(watched, hostile_id, hostile, story_page):
    w = watched
    w.goto(f"/documents/{hostile_id}")
    assert w.page.locator("h1").inner_text().strip() == hostile.title
    text = w.page.locator("article.body").inner_text()
    assert hostile.script in text and hostile.img in text and "javascript:alert(1)" in text
    assert w.page.locator("article.body img, article.body script, h1 img, h1 script").count() == 0
    assert w.page.locator('a[href^="javascript:"]').count() == 0
    w.shot(f"4-hostile-document-{story_page}")
    story = w.page.locator(".crumbs a").nth(1)
    if story.count():
        story.click()
        w.page.wait_for_load_state("load")
        assert w.page.locator('a[href^="javascript:"]').count() == 0
        assert w.page.locator("img[src=x]").count() == 0
        w.shot(f"5-hostile-story-{story_page}", full_page=False)
    w.goto("/")
    w.goto("/search?q=Varnesia+militias")
    assert w.page.locator("ol.hits li").count() > 0
    assert w.page.locator("img[src=x]").count() == 0
    w.goto("/documents")
    w.assert_clean()


def test_entity_and_place_pages(watched, live_server):
    import httpx

    w = watched
    entity = quote(httpx.get(live_server.url + "/api/entities?limit=1").json()["data"][0]["id"], safe="")
    place = quote(httpx.get(live_server.url + "/api/places?limit=1").json()["data"][0]["id"], safe="")
    w.goto(f"/entities/{entity}")
    assert w.page.locator("h1").count() == 1
    w.shot("6-entity", full_page=False)
    w.goto(f"/places/{place}")
    assert "coordinates" in w.page.locator("dl.meta").inner_text()
    w.shot("7-place")
    w.assert_clean()


def _check_briefing(page, shot) -> None:
    """The map, the timeline and the citations of a rendered briefing."""
    # the map: country outlines and at least one event place, drawn with a size
    land = page.locator("svg.map path.map-land")
    assert land.count() > 0, "the map has no country outlines"
    places = page.locator("svg.map g.map-place")
    assert places.count() > 0, "the map has no places"
    box = page.locator("svg.map").first.bounding_box()
    assert box and box["width"] > 200 and box["height"] > 100
    assert places.first.bounding_box()["width"] > 0
    # the timeline: one row per dated event, each with its marker
    rows = page.locator("svg.timeline g.tl-row")
    assert rows.count() > 0, "the timeline has no events"
    assert page.locator("svg.timeline").first.bounding_box()["height"] > 50
    page.locator("svg.timeline").first.scroll_into_view_if_needed()
    shot("map-timeline")
    # a citation in the headline summary opens the evidence panel with its sentence
    panel = page.locator("#evidence")
    assert not panel.is_visible()
    cite = page.locator("a.cite >> visible=true").first
    n = cite.get_attribute("href").removeprefix("#c-")
    sentence = page.locator(f"#c-{n} .quote").inner_text().strip().strip("“”\"")
    assert len(sentence) > 20
    cite.click()
    panel.wait_for(state="visible")
    text = panel.inner_text()
    assert sentence[:80] in text, (sentence, text)
    assert f"[{n}]" in text
    assert page.locator(f"#c-{n}").get_attribute("class") == "flash"
    shot("citation")
    page.keyboard.press("Escape")
    panel.wait_for(state="hidden")


def _mapped_story(live_server) -> str:
    """The id of the story of the reports in real places (conftest.MAPPED)."""
    import httpx

    for s in httpx.get(live_server.url + "/api/stories?limit=200").json()["data"]:
        if "Lyon" in (s.get("title") or ""):
            return s["id"]
    raise AssertionError("the mapped story was not found")


def test_story_briefing_map_timeline_and_citation(watched, live_server):
    w = watched
    w.goto(f"/stories/{_mapped_story(live_server)}")
    assert w.page.locator("section.map-section").count() > 0, "the story page is the briefing"
    _check_briefing(w.page, lambda name: w.shot(f"8-story-{name}", full_page=False))
    w.assert_clean()


def test_standalone_briefing_file_works_offline(browser, corpus_db, tmp_path):
    """``briefing.html`` as `sitrep brief` writes it, opened from disk with
    every network request refused: everything it shows is inside the file."""
    from sitrep import brief
    from sitrep.config import sqlite_url
    from sitrep.pipeline import build_report
    from sitrep.store import Store

    with Store(sqlite_url(corpus_db)) as store:
        story = next(s for s in store.stories() if "Lyon" in (s.title or ""))
        docs = [d for d in (store.get_document(i) for i in story.documents) if d is not None]
        report = build_report(store, docs)
    html = brief.write(report, tmp_path)["html"]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    requested, errors = [], []

    def route(r):
        if r.request.url.startswith(("file:", "data:", "about:", "blob:")):
            r.continue_()
        else:
            requested.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(html.as_uri(), wait_until="load")
        assert page.title()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        _check_briefing(page, lambda name: page.screenshot(path=str(ARTIFACTS / f"9-file-{name}.png")))
        page.screenshot(path=str(ARTIFACTS / "9-file-briefing.png"), full_page=True)
        assert requested == [], f"the briefing file asked the network for {requested}"
        assert errors == []
    finally:
        context.close()
