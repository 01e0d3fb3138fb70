"""A small hand-built ``sitrep/1`` report about a fictional story, for the
briefing and export tests. Offsets (sentence spans, triggers) are computed
from the bodies, so every mention points at a real sentence."""

from __future__ import annotations

import copy

import pytest

D1 = ("Fighters enter Port Arden\n\n"
      "PORT ARDEN - About 300 fighters of the Northern Front entered Port Arden on Sunday, two security sources said.\n\n"
      "The Ostrava Guard fought the Northern Front near the harbour on Monday, killing at least 12 fighters.\n\n"
      "Marek Dunn denied that the Northern Front had crossed into Coastal Province.\n\n"
      "In 2015 the Northern Front first crossed the river, residents said.\n\n"
      "Rebels and militants were seen near the harbour.")
D2 = ("NF fighters reach the harbour\n\n"
      "Dozens of NF fighters entered Port Arden on Sunday, a port official said.\n\n"
      "The Ostrava Guard fought the Northern Front near the harbour on Monday, residents said.\n\n"
      "Drones struck a depot near Port Arden on Monday, the Coastal Wire reported.\n\n"
      "The Valley Council pledged support to the Ostrava Guard on Monday.\n\n"
      "Anti-government forces held the old town.")
# a copy of D2 (agency story)
D3 = D2.replace("NF fighters reach the harbour", "Harbour fighting spreads")


def _mention(bodies, doc, sentence, trigger, status="asserted", attributed_to=None):
    body = bodies[doc]
    start = body.index(sentence)
    t0 = start + sentence.index(trigger)
    return {"document": doc, "sentence": sentence, "attributed_to": attributed_to, "status": status,
            "start": start, "end": start + len(sentence), "trigger": [t0, t0 + len(trigger)]}


def _day(d, inferred=False):
    return {"value": d, "precision": "day", "earliest": d, "latest": d, "inferred": inferred}


def build_report() -> dict:
    bodies = {"d-1": D1, "d-2": D2, "d-3": D3}
    m = lambda *a, **k: _mention(bodies, *a, **k)  # noqa: E731
    docs = [
        {"id": "d-1", "source": "https://harbour-ledger.example/arden", "url": "https://harbour-ledger.example/arden",
         "title": "Fighters enter Port Arden", "outlet": "Harbour Ledger", "authors": ["Ana Brill"],
         "published": "2025-03-03", "published_inferred": False, "dateline": "Port Arden", "language": "en",
         "body": D1, "story": "s-1", "wire": None},
        {"id": "d-2", "source": "feeds/coastal.jsonl", "url": None, "title": "NF fighters reach the harbour",
         "outlet": "Coastal Wire", "authors": [], "published": "2025-03-03", "published_inferred": False,
         "dateline": None, "language": "en", "body": D2, "story": "s-1", "wire": "Coastal Wire"},
        {"id": "d-3", "source": "pages/valley.txt", "url": None, "title": "Harbour fighting spreads",
         "outlet": "Valley Times", "authors": [], "published": "2025-03-04", "published_inferred": False,
         "dateline": None, "language": "en", "body": D3, "story": "s-1", "wire": "Coastal Wire"},
    ]
    entities = [
        {"id": "e-nf", "name": "Northern Front", "type": "ORG", "aliases": ["NF"], "documents": ["d-1", "d-2", "d-3"]},
        {"id": "e-og", "name": "Ostrava Guard", "type": "ORG", "aliases": [], "documents": ["d-1", "d-2", "d-3"]},
        {"id": "e-md", "name": "Marek Dunn", "type": "PERSON", "aliases": ["Dunn"], "documents": ["d-1"]},
        {"id": "e-vc", "name": "Valley Council", "type": "ORG", "aliases": [], "documents": ["d-2", "d-3"]},
    ]
    places = [
        {"id": "p-arden", "name": "Port Arden", "aliases": ["Port Arden"], "lat": 43.1, "lon": 5.9, "kind": "city",
         "precision": "city", "country": "FR", "documents": ["d-1", "d-2", "d-3"]},
        {"id": "p-coast", "name": "Coastal Province", "aliases": ["Coastal Province"], "lat": 43.6, "lon": 6.6,
         "kind": "region", "precision": "region", "country": "FR", "documents": ["d-1"]},
    ]
    events = [
        {"id": "v-move", "story": "s-1", "type": "movement",
         "summary": "About 300 fighters of the Northern Front entered Port Arden on Sunday",
         "date": _day("2025-03-02"), "place": "p-arden", "actors": ["e-nf"],
         "count": {"low": 300, "high": 300, "unit": "fighter", "qualifier": "about"}, "status": "asserted",
         "mentions": [m("d-1", "About 300 fighters of the Northern Front entered Port Arden on Sunday, two security sources said.",
                        "entered", attributed_to="two security sources"),
                      m("d-2", "Dozens of NF fighters entered Port Arden on Sunday, a port official said.", "entered",
                        attributed_to="a port official"),
                      m("d-3", "Dozens of NF fighters entered Port Arden on Sunday, a port official said.", "entered",
                        attributed_to="a port official")],
         "independent_sources": 2},
        {"id": "v-clash", "story": "s-1", "type": "clash", "summary": "The Ostrava Guard fought the Northern Front near the harbour",
         "date": _day("2025-03-03"), "place": "p-arden", "actors": ["e-og"], "count": None, "status": "asserted",
         "mentions": [m("d-1", "The Ostrava Guard fought the Northern Front near the harbour on Monday, killing at least 12 fighters.", "fought"),
                      m("d-2", "The Ostrava Guard fought the Northern Front near the harbour on Monday, residents said.", "fought",
                        attributed_to="residents")],
         "independent_sources": 2},
        {"id": "v-cross", "story": "s-1", "type": "movement", "summary": "the Northern Front had crossed into Coastal Province",
         "date": _day("2025-03-03", inferred=True), "place": "p-coast", "actors": ["e-nf"], "count": None, "status": "denied",
         "mentions": [m("d-1", "Marek Dunn denied that the Northern Front had crossed into Coastal Province.", "crossed",
                        status="denied", attributed_to="Marek Dunn")],
         "independent_sources": 1},
        {"id": "v-drone", "story": "s-1", "type": "airstrike", "summary": "Drones struck a depot near Port Arden on Monday",
         "date": _day("2025-03-03"), "place": None, "actors": [], "count": None, "status": "asserted",
         "mentions": [m("d-2", "Drones struck a depot near Port Arden on Monday, the Coastal Wire reported.", "struck"),
                      m("d-3", "Drones struck a depot near Port Arden on Monday, the Coastal Wire reported.", "struck")],
         "independent_sources": 1},
        {"id": "v-support", "story": "s-1", "type": "support", "summary": "The Valley Council pledged support to the Ostrava Guard",
         "date": _day("2025-03-03"), "place": None, "actors": ["e-vc"], "count": None, "status": "asserted",
         "mentions": [m("d-2", "The Valley Council pledged support to the Ostrava Guard on Monday.", "support")],
         "independent_sources": 1},
        {"id": "v-old", "story": "s-1", "type": "movement", "summary": "In 2015 the Northern Front first crossed the river",
         "date": {"value": "2015-01-01", "precision": "year", "earliest": "2015-01-01", "latest": "2015-12-31", "inferred": False},
         "place": None, "actors": ["e-nf"], "count": None, "status": "asserted",
         "mentions": [m("d-1", "In 2015 the Northern Front first crossed the river, residents said.", "crossed",
                        attributed_to="residents")],
         "independent_sources": 1},
    ]
    discrepancies = [
        {"id": "x-count", "story": "s-1", "event": "v-move", "field": "count",
         "summary": "How many: about 300 (two security sources) vs dozens (a port official)",
         "values": [
             {"value": 300, "label": "about 300", "text": "About 300 fighters", "documents": ["d-1"],
              "attributed_to": ["two security sources"],
              "sentences": ["About 300 fighters of the Northern Front entered Port Arden on Sunday, two security sources said."]},
             {"value": "dozens", "label": "dozens", "text": "Dozens of NF fighters", "documents": ["d-2", "d-3"],
              "attributed_to": ["a port official"],
              "sentences": ["Dozens of NF fighters entered Port Arden on Sunday, a port official said."]}]},
        {"id": "x-date", "story": "s-1", "event": "v-clash", "field": "date",
         "summary": "When: 2025-03-03 vs 2025-03-01",
         "values": [
             {"value": "2025-03-03", "label": "2025-03-03", "text": "Monday", "documents": ["d-1"], "attributed_to": [],
              "sentences": ["The Ostrava Guard fought the Northern Front near the harbour on Monday, killing at least 12 fighters."]},
             {"value": "2025-03-01", "label": "2025-03-01", "text": "Saturday", "documents": ["d-2"], "attributed_to": ["residents"],
              "sentences": ["The Ostrava Guard fought the Northern Front near the harbour on Monday, residents said."]}]},
    ]
    quotes = [
        {"document": "d-1", "speaker": "e-md", "speaker_text": "Marek Dunn", "text": "that the Northern Front had crossed into Coastal Province",
         "date": None, "direct": False, "verb": "denied",
         "start": D1.index("that the Northern Front had crossed"),
         "end": D1.index("that the Northern Front had crossed") + len("that the Northern Front had crossed into Coastal Province")},
    ]
    return {
        "format": "sitrep/1",
        "documents": docs,
        "lineage": [{"document": "d-3", "source": "d-2", "kind": "copy", "overlap": 0.97, "source_overlap": 0.97,
                     "directed": True, "passages": []}],
        "stories": [{"id": "s-1", "title": "Fighting for Port Arden", "documents": ["d-1", "d-2", "d-3"],
                     "start": "2025-03-03", "end": "2025-03-04"}],
        "entities": entities, "places": places, "quotes": quotes, "events": events, "discrepancies": discrepancies,
    }


HOSTILE_TITLE = 'Breaking <script>alert("t")</script> "><img src=x onerror=alert(1)>'
HOSTILE_SENTENCE = ('=HYPERLINK("http://evil.example") <script>alert(1)</script> fighters of the Northern Front entered Port Arden '
                    '"><img src=x onerror=alert(2)> see [click](javascript:alert(3)) and <a href="javascript:alert(4)">here</a>.')


def build_hostile_report() -> dict:
    """The same story plus a report whose title, outlet and body carry
    script tags, an attribute break-out, javascript: links and a formula."""
    rep = build_report()
    body = f"{HOSTILE_TITLE}\n\n{HOSTILE_SENTENCE}\n\n@SUM(1+1) -2+3 +cmd|' /C calc'!A0"
    rep["documents"].append({
        "id": "d-x", "source": "javascript:alert(5)", "url": "javascript:alert(6)", "title": HOSTILE_TITLE,
        "outlet": '<b onmouseover="alert(7)">Evil</b> [x](javascript:alert(8))', "authors": ["<script>a()</script>"],
        "published": "2025-03-04", "published_inferred": False, "dateline": None, "language": "en",
        "body": body, "story": "s-1", "wire": None})
    rep["stories"][0]["documents"].append("d-x")
    rep["stories"][0]["title"] = "Port <script>alert(9)</script> story"
    start = body.index(HOSTILE_SENTENCE)
    trig = start + HOSTILE_SENTENCE.index("entered")
    rep["entities"].append({"id": "e-evil", "name": '<img src=x onerror=alert(10)>', "type": "ORG",
                            "aliases": ["=cmd()"], "documents": ["d-x"]})
    ev = {"id": "v-evil", "story": "s-1", "type": "movement", "summary": HOSTILE_SENTENCE,
          "date": _day("2025-03-04"), "place": "p-arden", "actors": ["e-evil", "e-nf"],
          "count": None, "status": "asserted",
          "mentions": [{"document": "d-x", "sentence": HOSTILE_SENTENCE, "attributed_to": "<script>alert(11)</script>",
                        "status": "asserted", "start": start, "end": start + len(HOSTILE_SENTENCE), "trigger": [trig, trig + 7]}],
          "independent_sources": 3}
    rep["events"].append(ev)
    rep["places"][0]["name"] = 'Port Arden"><script>alert(12)</script>'
    rep["discrepancies"].append({
        "id": "x-evil", "story": "s-1", "event": "v-evil", "field": "count", "summary": "<script>alert(13)</script>",
        "values": [{"value": "=1+1", "label": "=1+1 <script>", "text": "<img src=x onerror=alert(14)>", "documents": ["d-x"],
                    "attributed_to": ["<script>alert(15)</script>"], "sentences": [HOSTILE_SENTENCE]},
                   {"value": "-5", "label": "@evil", "text": "javascript:alert(16)", "documents": ["d-1"],
                    "attributed_to": ["two security sources"],
                    "sentences": ["About 300 fighters of the Northern Front entered Port Arden on Sunday, two security sources said."]}]})
    return rep


@pytest.fixture
def report() -> dict:
    return copy.deepcopy(build_report())


@pytest.fixture
def hostile_report() -> dict:
    return build_hostile_report()
