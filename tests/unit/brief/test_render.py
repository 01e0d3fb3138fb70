"""The three renderings of the briefing: a self-contained HTML page, markdown
and the compact terminal version; and the drawings inside the page."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

from lxml import html as lxml_html
from rich.console import Console

from sitrep import brief
from sitrep.brief import geo, svg
from sitrep.brief.model import MapPlace, build



def test_html_is_one_self_contained_page(report):
    page = brief.render_html(report)
    doc = lxml_html.document_fromstring(page)
    # nothing to fetch: no external scripts, styles, fonts, images, frames
    assert not doc.xpath("//script[@src] | //link | //img | //iframe | //object | //embed | //source")
    assert "@import" not in page and "url(http" not in page and "@font-face" not in page
    # the only http(s) links are the cited documents' own URLs
    for a in doc.xpath("//*[@href]"):
        href = a.get("href")
        assert href.startswith("#") or href == "https://harbour-ledger.example/arden", href
    csp = doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
    assert csp and "default-src 'none'" in csp[0] and "script-src 'sha256-" in csp[0]
    assert len(doc.xpath("//script")) == 1


def test_html_sections_and_drawings(report):
    page = brief.render_html(report)
    doc = lxml_html.document_fromstring(page)
    text = doc.text_content()
    for heading in ("Summary", "Key facts", "Discrepancy ledger", "Timeline", "Map", "Actors", "Sources",
                    "How outlets name the actors", "Citations"):
        assert doc.xpath(f"//h3[normalize-space()='{heading}'] | //h2[normalize-space()='{heading}']"), heading
    assert len(doc.xpath("//svg[contains(@class,'timeline')]")) == 1
    assert len(doc.xpath("//svg[contains(@class,'map')]")) == 1
    assert len(doc.xpath("//svg[contains(@class,'graph')]")) == 1
    assert doc.xpath("//svg[contains(@class,'map')]//path[contains(@class,'map-land')]"), "country outlines drawn"
    assert "3 reports, 2 independent sources" in text
    assert "agency story (Coastal Wire)" in text
    # every citation marker points at an entry of the list, which quotes the sentence
    ids = set(doc.xpath("//ol[@class='citations']/li/@id"))
    for a in doc.xpath("//a[@class='cite']"):
        assert a.get("href")[1:] in ids
    li = doc.get_element_by_id("c-1")
    assert "“" in li.text_content() and "Coastal Wire" in li.text_content() or "Harbour Ledger" in li.text_content()


def test_html_doc_link_hook_for_the_web_app(report):
    page = brief.render_html(report, "s-1", doc_link=lambda d: f"/documents/{d}")
    doc = lxml_html.document_fromstring(page)
    assert "/documents/d-2" in doc.xpath("//a/@href")
    assert not [h for h in doc.xpath("//a/@href") if h.startswith("http")]
    # a hook that returns a script URL is refused
    page = brief.render_html(report, "s-1", doc_link=lambda d: "javascript:alert(1)")
    assert "javascript:" not in page.lower()
    frag = brief.render_fragment(report, "s-1")
    assert frag.startswith("<style>") and "<main" in frag and "<html" not in frag


def test_markdown_sections_and_citations(report):
    md = brief.render_markdown(report)
    for heading in ("## Fighting for Port Arden", "### Summary", "### Key facts", "### Discrepancy ledger",
                    "### Timeline", "### Places", "### Actors", "### Sources", "### How outlets name the actors",
                    "## Citations"):
        assert heading in md, heading
    assert "| Status | What | When |" in md
    b = build(report)
    for c in b.citations:
        assert re.search(rf"^{c.n}\. ", md, re.M), c.n
    assert "Marek Dunn" in md
    # no reference-style link definitions anywhere
    assert not re.search(r"^\s*\[[^\]]+\]:", md, re.M)


def test_terminal_prints_compact_version(report):
    console = Console(record=True, width=120, color_system=None)
    brief.print_terminal(report, console)
    out = console.export_text()
    assert "Fighting for Port Arden" in out
    assert "key facts" in out and "discrepancies" in out
    assert "disputed" in out and "denied" in out
    assert re.search(r"\[1\]", out)


def test_write_creates_the_three_files(report, tmp_path):
    paths = brief.write(report, tmp_path / "out")
    assert {p.name for p in paths.values()} == {"briefing.md", "briefing.html", "report.json"}
    assert json.loads(paths["report"].read_text())["format"] == "sitrep/1"
    assert "<svg" in paths["html"].read_text()


# --- drawings --------------------------------------------------------------

def test_country_outlines_come_from_the_installed_package():
    countries = geo.countries()
    assert len(countries) > 150
    codes = {c.iso2 for c in countries}
    assert {"SY", "IQ", "FR", "BR"} <= codes
    fr = next(c for c in countries if c.iso2 == "FR")
    assert -6 < fr.bbox[0] < 0 and 40 < fr.bbox[1] < 44


def test_projection_keeps_points_inside():
    proj = geo.Projection.fit([(35.0, 33.0), (44.4, 33.3), (37.2, 36.2)], width=900, max_height=500)
    for lon, lat in [(35.0, 33.0), (44.4, 33.3), (37.2, 36.2)]:
        x, y = proj.xy(lon, lat)
        assert 0 < x < proj.width and 0 < y < proj.height
    assert proj.height <= 500


def test_map_focus_lists_far_outliers():
    def place(i, lon, lat, n):
        return MapPlace(id=f"p-{i}", name=f"P{i}", lat=lat, lon=lon, kind="city", precision="city", country=None,
                        events=[f"v-{i}-{k}" for k in range(n)], labels=[], statuses=[])
    near = [place(1, 36.0, 35.0, 5), place(2, 37.2, 36.2, 3), place(3, 44.4, 33.3, 2)]
    far = place(4, -98.0, 39.0, 1)
    drawn, off = svg.map_focus(near + [far])
    assert off == [far] and drawn == near
    # when most events are far apart, everything is drawn
    drawn, off = svg.map_focus([place(1, 36.0, 35.0, 1), place(4, -98.0, 39.0, 1)])
    assert off == []


def test_timeline_draws_disputed_dates_as_ranges(report):
    s = build(report).stories[0]
    out = str(svg.timeline_svg(s, "t1"))
    assert out.startswith("<svg") and out.count('class="tl-disputed"') == 1
    assert out.count('class="tl-alt"') == 2      # the two competing dates of the clash
    assert 'href="#c-' in out


def test_graph_layout_is_deterministic(report):
    s = build(report).stories[0]
    assert svg.graph_layout(s.graph) == svg.graph_layout(s.graph)
    a, b = str(svg.graph_svg(s, "g1")), str(svg.graph_svg(s, "g1"))
    assert a == b and "marker-end" in a


def _item(day: date, earliest: date | None = None, latest: date | None = None, text: str | None = None):
    from sitrep.brief.model import TimelineItem

    return TimelineItem("e1", "Troops crossed the river", "Movement", "single source", day, earliest or day,
                        latest or day, "day", False, text or day.isoformat(), [], [1])


def test_timeline_tick_labels_never_crowd():
    from types import SimpleNamespace

    start = date(2025, 10, 27)
    for days in (3, 12, 16, 40, 200):
        story = SimpleNamespace(timeline=[_item(start), _item(start + timedelta(days=days))])
        out = str(svg.timeline_svg(story, "t"))
        xs = [float(x) for x in re.findall(r'<text class="tl-tick" x="([\d.]+)"', out)]
        assert len(xs) >= 2, days
        assert min(b - a for a, b in zip(xs, xs[1:])) >= 44, (days, xs)
        assert out.count('class="tl-grid"') >= len(xs)


def test_timeline_date_column_is_short():
    a, b = date(2025, 10, 27), date(2025, 11, 2)
    assert svg._short_date(_item(a, a, b, "2025-10-27…2025-11-02 (week)")) == "Oct 27–Nov 2"
    assert svg._short_date(_item(a, date(2025, 11, 1), date(2025, 11, 5), "2025-11-01…2025-11-05")) == "Nov 1–5"
    assert svg._short_date(_item(a, date(2025, 11, 1), date(2025, 11, 30), "2025-11-01…2025-11-30")) == "Nov 2025"
    assert svg._short_date(_item(a, date(2014, 1, 1), date(2016, 12, 31), "2014-01-01…2016-12-31")) == "2014–2016"
    assert svg._short_date(_item(a)) == "2025-10-27"
