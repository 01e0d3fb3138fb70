"""What the briefing says, section by section, on a small hand-built report."""

from __future__ import annotations

import pytest

from sitrep.brief import model
from sitrep.brief.model import fact_status, support_text


# --- status rules ----------------------------------------------------------

@pytest.mark.parametrize("event, discs, expected", [
    ({"status": "asserted", "independent_sources": 3}, [], "confirmed"),
    ({"status": "asserted", "independent_sources": 2}, [], "confirmed"),
    ({"status": "asserted", "independent_sources": 1}, [], "single source"),
    ({"status": "alleged", "independent_sources": 0}, [], "single source"),
    ({"status": "asserted", "independent_sources": 5}, [{"field": "count"}], "disputed"),
    ({"status": "asserted", "independent_sources": 1}, [{"field": "date"}, {"field": "route"}], "disputed"),
    ({"status": "denied", "independent_sources": 4}, [], "denied"),
    ({"status": "asserted", "independent_sources": 4}, [{"field": "count"}, {"field": "occurred"}], "denied"),
])
def test_fact_status_rules(event, discs, expected):
    assert fact_status(event, discs) == expected


def test_support_text():
    assert support_text(3, 1) == "3 reports, 1 independent source"
    assert support_text(1, 1) == "1 report, 1 independent source"
    assert support_text(3, 1, "agency story (Coastal Wire)") == "3 reports, 1 independent source: agency story (Coastal Wire)"


def test_key_facts_status_and_support(report):
    s = model.build(report).stories[0]
    facts = {f.event: f for f in s.facts}
    assert facts["v-move"].status == "disputed" and facts["v-move"].disputed_fields == ["count"]
    assert facts["v-move"].support == "3 reports, 2 independent sources"
    assert facts["v-clash"].status == "disputed"
    assert facts["v-cross"].status == "denied"
    assert facts["v-support"].status == "single source"
    # two reports of one agency story: one independent source, and the briefing says why
    assert facts["v-drone"].support == "2 reports, 1 independent source: agency story (Coastal Wire)"
    assert facts["v-drone"].status == "single source"
    # without the ledger entry the clash has two independent sources: confirmed
    report["discrepancies"] = [x for x in report["discrepancies"] if x["event"] != "v-clash"]
    facts = {f.event: f for f in model.build(report).stories[0].facts}
    assert facts["v-clash"].status == "confirmed"


def test_key_facts_are_ranked_by_support_and_leave_out_background(report):
    s = model.build(report).stories[0]
    order = [f.event for f in s.facts]
    assert order.index("v-move") < order.index("v-drone") < order.index("v-support")
    assert "v-old" not in order
    assert [f.event for f in s.background] == ["v-old"]


# --- citations -------------------------------------------------------------

def test_every_citation_is_a_real_sentence_of_its_document(report):
    b = model.build(report)
    bodies = {d["id"]: d["body"] for d in report["documents"]}
    assert b.citations
    for c in b.citations:
        assert c.start is not None, c
        assert bodies[c.document][c.start:c.end] == c.sentence
    assert [c.n for c in b.citations] == list(range(1, len(b.citations) + 1))


def test_summary_sentences_cite_the_sentences_they_rest_on(report):
    b = model.build(report)
    s = b.stories[0]
    by_n = {c.n: c for c in b.citations}
    events = [c for c in s.summary if c.kind == "event"]
    assert 2 <= len(events) <= 3
    lead = events[0]
    # the lead claim is the best-supported event (the movement), cited from every report that carries it
    assert "entered Port Arden" in lead.text
    assert {by_n[n].document for n in lead.cites} == {"d-1", "d-2", "d-3"}
    for claim in s.summary:
        assert claim.cites, claim
        for n in claim.cites:
            assert n in by_n
    # each event claim is one of its own cited sentences (dateline stripped)
    for claim in events:
        assert any(by_n[n].sentence.endswith(claim.text) or claim.text in by_n[n].sentence for n in claim.cites)
    # the ledger shows up in the summary too
    assert any(c.kind == "discrepancy" and "about 300" in c.text and "dozens" in c.text for c in s.summary)


def test_citation_of_a_multi_paragraph_mention_is_cut_to_its_paragraph(report):
    body = report["documents"][0]["body"]
    first = "About 300 fighters of the Northern Front entered Port Arden on Sunday, two security sources said."
    second = "The Ostrava Guard fought the Northern Front near the harbour on Monday, killing at least 12 fighters."
    start = body.index(first)
    end = body.index(second) + len(second)
    ev = report["events"][1]
    ev["mentions"][0].update(sentence=body[start:end], start=start, end=end)
    b = model.build(report)
    cited = [c for c in b.citations if c.document == "d-1" and "Ostrava" in c.sentence]
    assert cited and all("\n" not in c.sentence and body[c.start:c.end] == c.sentence for c in cited)


# --- ledger, timeline, places, graph, sources, naming -----------------------

def test_ledger_rows_show_values_who_and_outlets(report):
    s = model.build(report).stories[0]
    rows = {x.id: x for x in s.ledger}
    count = rows["x-count"]
    assert count.field == "count"
    assert [v.label for v in count.values] == ["about 300", "dozens"]
    assert count.values[0].who == ["two security sources"] and count.values[0].outlets == ["Harbour Ledger"]
    assert count.values[1].outlets == ["Coastal Wire", "Valley Times"]
    assert all(v.cites for v in count.values)
    assert "movement" in count.about.lower()


def test_timeline_has_real_dates_precision_and_disputed_ranges(report):
    s = model.build(report).stories[0]
    items = {t.event: t for t in s.timeline}
    assert "v-old" not in items            # background: listed apart
    assert items["v-move"].value.isoformat() == "2025-03-02" and items["v-move"].precision == "day"
    assert [d.isoformat() for d, _ in items["v-clash"].disputed] == ["2025-03-01", "2025-03-03"]
    assert "v-cross" not in items          # dated only by its report's publication date, one source
    assert [t.value for t in s.timeline] == sorted(t.value for t in s.timeline)


def test_places_carry_precision_and_unplaced_count(report):
    s = model.build(report).stories[0]
    places = {p.id: p for p in s.places}
    assert places["p-arden"].precision == "city" and set(places["p-arden"].events) == {"v-move", "v-clash"}
    assert places["p-coast"].precision == "region"
    assert s.unplaced == 2                 # the drone strike and the support pledge name no place


def test_actor_graph_relations(report):
    s = model.build(report).stories[0]
    rels = {(e.source, e.relation, e.target) for e in s.graph.edges}
    assert ("e-og", "fights", "e-nf") in rels
    assert ("e-vc", "backs", "e-og") in rels
    assert ("e-md", "denies", "e-nf") in rels
    for e in s.graph.edges:
        assert e.source in s.graph.nodes and e.target in s.graph.nodes


def test_no_party_from_a_place_after_a_preposition(report):
    # 'entered Port Arden': the destination is a place, not someone the actor fights
    report["entities"].append({"id": "e-pa", "name": "Port Arden", "type": "GPE", "aliases": [], "documents": ["d-1"]})
    report["events"][0]["type"] = "clash"
    s = model.build(report).stories[0]
    assert not any(e.target == "e-pa" for e in s.graph.edges)


def test_sources_table_lineage_and_contribution(report):
    s = model.build(report).stories[0]
    rows = {r.document: r for r in s.sources}
    assert rows["d-3"].lineage == ["copy of Coastal Wire (2025-03-03, d-2)"]
    assert rows["d-2"].copied_by == ["copy by Valley Times (d-3)"]
    assert rows["d-1"].authors == ["Ana Brill"] and rows["d-1"].quotes == 1
    assert rows["d-1"].mentions == 4 and rows["d-1"].events == 4
    assert [r.published for r in s.sources] == sorted(r.published for r in s.sources)


def test_naming_by_outlet(report):
    s = model.build(report).stories[0]
    rows = {n.entity: dict(n.by_outlet) for n in s.naming}
    assert dict(rows["e-nf"]["Coastal Wire"]) == {"NF": 2, "Northern Front": 1}
    assert dict(rows["e-nf"]["Harbour Ledger"]) == {"Northern Front": 4}
    desc = dict(s.descriptors)
    assert dict(desc["Harbour Ledger"]) == {"rebels": 1, "militants": 1}
    assert dict(desc["Coastal Wire"]) == {"anti-government forces": 1}


def test_one_story_and_unknown_story(report):
    report["stories"].append({"id": "s-2", "title": "Other", "documents": [], "start": None, "end": None})
    b = model.build(report, "s-1")
    assert [s.id for s in b.stories] == ["s-1"]
    with pytest.raises(ValueError):
        model.build(report, "s-nope")


def test_empty_report_builds():
    b = model.build({"format": "sitrep/1", "documents": [], "lineage": [], "stories": [], "entities": [],
                     "places": [], "quotes": [], "events": [], "discrepancies": []})
    assert b.stories == [] and b.citations == []
