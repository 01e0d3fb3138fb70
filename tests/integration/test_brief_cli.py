"""`sitrep brief` and `sitrep export` end to end, in a subprocess, on the
sample corpus and on a hostile JSONL record."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "examples" / "corpus"
URL_IN_ATTR = re.compile(r"""\b(?:src|href|xlink:href|action|poster|srcset)\s*=\s*["']?\s*((?:https?:)?//[^"'\s>]*)""", re.I)


def no_traceback(r):
    assert "Traceback" not in r.err and "Traceback" not in r.out, r.err


def test_brief_and_export_on_the_sample_corpus(sitrep, tmp_path):
    out = tmp_path / "brief"
    db = tmp_path / "b.db"
    r = sitrep("brief", str(CORPUS), "--out", str(out), "--db", str(db))
    no_traceback(r)
    assert r.code == 0, r.err
    for name in ("briefing.md", "briefing.html", "report.json"):
        assert (out / name).is_file() and (out / name).stat().st_size > 0, name
    rep = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert rep["format"] == "sitrep/1" and rep["events"] and rep["stories"]
    page = (out / "briefing.html").read_text(encoding="utf-8")
    # offline: the only http(s) URLs in src/href are the cited documents' own links
    doc_urls = {d.get("url") for d in rep["documents"]} | {d.get("source") for d in rep["documents"]}
    for url in URL_IN_ATTR.findall(page):
        assert url in doc_urls, url
    tree = lxml_html.document_fromstring(page)
    assert not tree.xpath("//script[@src] | //link[@href] | //img | //iframe")
    assert "<svg" in page
    # the sample corpus's world is fictional: every story has its map section, none invents a place
    sections = tree.xpath("//section[contains(@class,'map-section')]")
    assert len(sections) == len(rep["stories"])
    assert all("No event of this story has a located place." in sec.text_content()
               or sec.xpath(".//path[contains(@class,'map-land')]") for sec in sections)
    assert not any(p.get("country") in ("IN", "FR", "TR", "IL", "BR", "US") for p in rep["places"]), rep["places"]
    assert tree.xpath("//svg[contains(@class,'timeline')]") and tree.xpath("//svg[contains(@class,'graph')]")
    # citations in the HTML quote sentences of the report's documents
    bodies = "\n".join(d["body"] for d in rep["documents"])
    quotes = [q.text_content().strip("“”") for q in tree.xpath("//ol[@class='citations']/li/span[@class='quote']")]
    assert quotes and all(q in bodies for q in quotes[:50])
    md = (out / "briefing.md").read_text(encoding="utf-8")
    assert "## Citations" in md and "### Discrepancy ledger" in md
    # the compact terminal version and the file paths
    assert "key facts" in r.out
    assert "briefing.html" in r.err

    r = sitrep("export", "--format", "csv", "--db", str(db))
    no_traceback(r)
    assert r.code == 0, r.err
    rows = list(csv.DictReader(io.StringIO(r.out)))
    assert len(rows) == len(rep["events"])
    assert {"event_date", "actor1", "actor2", "latitude", "independent_sources", "disputed"} <= set(rows[0])

    story = rep["stories"][0]["id"]
    r = sitrep("export", "--format", "geojson", "--story", story, "--out", str(tmp_path / "e.geojson"), "--db", str(db))
    assert r.code == 0, r.err
    g = json.loads((tmp_path / "e.geojson").read_text(encoding="utf-8"))
    assert g["type"] == "FeatureCollection" and all(f["properties"]["story"] == story for f in g["features"])

    r = sitrep("export", "--format", "graphml", "--db", str(db))
    assert r.code == 0, r.err
    etree.fromstring(r.out.encode("utf-8"))

    r = sitrep("export", "--format", "xlsx", "--db", str(db))
    no_traceback(r)
    assert r.code == 2

    # brief from the store alone (no inputs), one story
    r = sitrep("brief", "--story", story, "--out", str(tmp_path / "one"), "--db", str(db), "--quiet")
    no_traceback(r)
    assert r.code == 0, r.err
    one = json.loads((tmp_path / "one" / "report.json").read_text(encoding="utf-8"))
    assert [s["id"] for s in one["stories"]] == [story]


def test_brief_escapes_a_hostile_record(sitrep, tmp_path):
    record = {
        "title": 'Militias cross <script>alert(1)</script> "><img src=x onerror=alert(2)>',
        "outlet": "Harbour Ledger", "published": "2025-03-03",
        "url": "javascript:alert(3)",
        "text": ("About 300 fighters of the Northern Front <script>alert(4)</script> crossed into Port Arden on Sunday, "
                 "two security sources said, \"><img src=x onerror=alert(5)> and <a href=\"javascript:alert(6)\">more</a>.\n\n"
                 "=HYPERLINK(\"http://evil.example\",\"x\") the Northern Front said it had not crossed, see "
                 "[here](javascript:alert(7)).\n\n"
                 "The Ostrava Guard said it fought the Northern Front near the harbour on Monday."),
    }
    src = tmp_path / "hostile.jsonl"
    src.write_text(json.dumps(record) + "\n", encoding="utf-8")
    out = tmp_path / "brief"
    r = sitrep("brief", str(src), "--out", str(out), "--db", str(tmp_path / "h.db"))
    no_traceback(r)
    assert r.code == 0, r.err
    page = (out / "briefing.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "<img" not in page and 'href="javascript' not in page.lower()
    tree = lxml_html.document_fromstring(page)
    assert len(tree.xpath("//script")) == 1
    assert "<script>alert(1)</script>" in tree.text_content()      # shown as text
    md = (out / "briefing.md").read_text(encoding="utf-8")
    assert "<script" not in md and "<img" not in md and "](javascript:" not in md
    r = sitrep("export", "--format", "csv", "--db", str(tmp_path / "h.db"))
    assert r.code == 0, r.err
    for row in csv.reader(io.StringIO(r.out)):
        for cell in row:
            assert not cell.startswith(("=", "@", "+")), cell


def test_brief_with_nothing_to_brief(sitrep, tmp_path):
    r = sitrep("brief", "--out", str(tmp_path / "x"), "--db", str(tmp_path / "empty.db"))
    no_traceback(r)
    assert r.code == 2 and "nothing to brief" in r.err
    assert not (tmp_path / "x" / "briefing.html").exists()


def test_brief_maps_real_places(sitrep, tmp_path):
    records = [
        {"title": "Police arrest 12 after clashes in Lyon", "outlet": "Rhone Ledger", "published": "2025-06-15",
         "url": "https://rhone-ledger.example/a",
         "text": "Police arrested 12 people in Lyon late on Saturday after clashes between rival supporters near "
                 "the Part-Dieu station, the prefecture said on Sunday.\n\nOfficers fired tear gas as about 300 "
                 "fans threw bottles, a police spokesman said."},
        {"title": "Fifteen held in Lyon after clashes", "outlet": "Harbour Post", "published": "2025-06-15",
         "url": "https://harbour-post.example/b",
         "text": "Fifteen people were arrested in Lyon on Saturday night when rival supporters clashed outside the "
                 "Part-Dieu station, a police union official said.\n\nIn Marseille, the match went ahead without "
                 "incident, the city's police chief said."},
    ]
    src = tmp_path / "lyon.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    r = sitrep("brief", str(src), "--out", str(tmp_path / "b"), "--db", str(tmp_path / "l.db"), "--quiet")
    no_traceback(r)
    assert r.code == 0, r.err
    tree = lxml_html.document_fromstring((tmp_path / "b" / "briefing.html").read_text(encoding="utf-8"))
    assert tree.xpath("//svg[contains(@class,'map')]//path[contains(@class,'map-land')]")
    names = [t.text_content() for t in tree.xpath("//svg[contains(@class,'map')]//g[contains(@class,'map-place')]/title")]
    assert any("Lyon" in n for n in names), names
