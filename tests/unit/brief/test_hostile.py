"""Hostile text in a report (script tags, an attribute break-out, javascript:
links, spreadsheet formulas, rich markup) comes out inert in every output."""

from __future__ import annotations

import csv
import io
import json
import re

from lxml import etree
from lxml import html as lxml_html
from rich.console import Console

from sitrep import brief, export
from sitrep.brief.text import csv_cell, md_text

from .conftest import HOSTILE_SENTENCE, HOSTILE_TITLE


def _no_live_markup(doc) -> None:
    # one script element: the page's own; no element or attribute came from the text
    scripts = doc.xpath("//script")
    assert len(scripts) == 1 and "alert" not in (scripts[0].text or "")
    assert not doc.xpath("//img | //iframe | //object | //embed | //a[not(@href)] | //b[.='Evil']")
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on"), (el.tag, name)
            if name in ("href", "src", "xlink:href", "action", "formaction", "style", "data"):
                assert "javascript:" not in value.lower(), (el.tag, name, value)
            if name in ("href", "src"):
                assert value.startswith("#") or value.startswith("https://harbour-ledger.example/"), value


def test_html_escapes_hostile_text(hostile_report):
    page = brief.render_html(hostile_report)
    assert "<script>alert" not in page
    assert "<img" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    doc = lxml_html.document_fromstring(page)
    _no_live_markup(doc)
    text = doc.text_content()
    # the text is still there for the reader, as text
    assert HOSTILE_TITLE in text
    assert '<script>alert(1)</script> fighters of the Northern Front entered Port Arden' in text
    assert "[click](javascript:alert(3))" in text


def test_html_fragment_escapes_hostile_text(hostile_report):
    frag = brief.render_fragment(hostile_report, "s-1")
    doc = lxml_html.fragment_fromstring(frag, create_parent="div")
    assert "<script>alert" not in frag and "<img" not in frag
    assert len(doc.xpath("//script")) == 1


def test_markdown_creates_no_live_links_or_html(hostile_report):
    md = brief.render_markdown(hostile_report)
    assert "<script" not in md and "<img" not in md and "<a " not in md and "<b " not in md
    assert "](javascript:" not in md and "](http" not in md
    # link-like text is shown as code, never as a link
    assert "`javascript:alert(3))`" in md or "`javascript:alert(3)`" in md
    assert "`http://evil.example\")`" in md or "`http://evil.example\"`" in md
    assert not re.search(r"^\s*\[[^\]]*\]:", md, re.M)           # no link reference definitions
    assert not re.search(r"(?<!\\)\[[^\]\n]*(?<!\\)\]\((?!#)", md)    # no inline links


def test_md_text_unit():
    assert md_text("<script>x</script>") == "&lt;script&gt;x&lt;/script&gt;"
    assert md_text("[a](javascript:b)") == "\\[a\\](`javascript:b)`"
    assert md_text("see www.example.org now") == "see `www.example.org` now"
    assert md_text("at 10:30, he said: no") == "at 10:30, he said: no"
    assert md_text("# not a heading") == "\\# not a heading"
    assert md_text("1. not a list") == "1\\. not a list"
    assert md_text("a | b") == "a \\| b"


def test_csv_is_not_formula_injectable(hostile_report):
    text = export.to_csv(hostile_report)
    rows = list(csv.reader(io.StringIO(text)))
    header, body = rows[0], rows[1:]
    numeric = {"latitude", "longitude", "geo_precision", "time_precision", "independent_sources", "reports",
               "count_low", "count_high"}
    seen_hostile = False
    for row in body:
        for name, cell in zip(header, row):
            if name in numeric:
                continue
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (name, cell)
        if any("<script>" in c for c in row):
            seen_hostile = True
    assert seen_hostile
    evil = next(r for r in body if r[header.index("event_id")] == "v-evil")
    assert evil[header.index("notes")].startswith("'=HYPERLINK(")
    assert evil[header.index("actor1")] == "<img src=x onerror=alert(10)>"


def test_csv_cell_unit():
    assert csv_cell("=1+1") == "'=1+1"
    assert csv_cell("+1") == "'+1" and csv_cell("-1") == "'-1" and csv_cell("@x") == "'@x"
    assert csv_cell("\t=x") == "'\t=x"
    assert csv_cell("plain") == "plain" and csv_cell(-5.5) == -5.5 and csv_cell(None) == ""


def test_geojson_and_graphml_carry_hostile_text_as_data(hostile_report):
    g = json.loads(export.export(hostile_report, "geojson"))
    evil = next(f for f in g["features"] if f["id"] == "v-evil")
    assert evil["properties"]["summary"] == HOSTILE_SENTENCE
    xml = export.to_graphml(hostile_report)
    root = etree.fromstring(xml.encode("utf-8"))         # well-formed despite the text
    assert not root.xpath("//*[local-name()='script']")
    names = root.xpath("//g:node/g:data[@key='d0']/text()", namespaces={"g": "http://graphml.graphdrawing.org/xmlns"})
    assert names and all("<" not in n or n == "<img src=x onerror=alert(10)>" for n in names)


def test_terminal_does_not_interpret_markup(hostile_report):
    hostile_report["stories"][0]["title"] = "[bold red]Port[/bold red] \x1b[31mred\x1b[0m story"
    console = Console(record=True, width=160, color_system=None)
    brief.print_terminal(hostile_report, console)
    out = console.export_text()
    assert "[bold red]Port[/bold red]" in out
    assert "\x1b" not in out
