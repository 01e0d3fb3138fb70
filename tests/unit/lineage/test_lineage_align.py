"""Alignment and classification on hand-made pairs, and link direction."""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.lineage import LineageDoc, Link, align_pairs, find_links
from sitrep.lineage import align as alignmod


def classify(t, a: list[str], b: list[str]) -> alignmod.Alignment:
    return alignmod.align(alignmod.prepare("a", t.body(a)), alignmod.prepare("b", t.body(b)))


def only_link(links: list[Link], x: str, y: str) -> Link:
    found = [l for l in links if {l.document, l.source} == {x, y}]
    assert len(found) == 1, f"expected one link {x}~{y}, found {found}"
    return found[0]


def test_light_edits_are_a_copy(t):
    al = classify(t, t.AGENCY, t.LIGHT_EDIT)
    assert al.kind == "copy"
    # nearly all of the edited copy is aligned despite "Over 120", "RLF", "armored"
    assert al.overlap_b > 0.9


def test_edits_inside_a_paragraph_do_not_split_its_passage(t):
    # "At least 120 ... armoured" vs "Over 120 ... armored": one passage, gaps inside
    al = classify(t, t.AGENCY[1:2], t.LIGHT_EDIT[1:2])
    assert len(al.chains) == 1
    assert al.cov_a > 0.9 and al.cov_b > 0.9


def test_paragraph_reorder_is_a_copy(t):
    al = classify(t, t.AGENCY, t.REORDERED)
    assert al.kind == "copy"
    assert al.overlap_a == pytest.approx(1.0) and al.overlap_b == pytest.approx(1.0)
    assert len(al.spans) >= 4  # the moved paragraphs are separate passages


def test_one_quoted_paragraph_is_an_excerpt(t):
    al = classify(t, t.EXCERPT, t.AGENCY)
    assert al.kind == "excerpt"
    assert 0.1 < al.overlap_a < 0.25
    doc = t.body(t.EXCERPT)
    ((d0, d1, s0, s1),) = al.spans
    assert doc[d0:d1].startswith("At least 120 rebel fighters")
    assert t.body(t.AGENCY)[s0:s1] == doc[d0:d1]


def test_unrelated_report_on_the_same_event_does_not_link(t):
    for other in (t.AGENCY, t.LIGHT_EDIT, t.REWRITE, t.EXCERPT):
        assert classify(t, t.SAME_TOPIC, other).kind is None


def test_rewrite(t):
    al = classify(t, t.REWRITE, t.AGENCY)
    assert al.kind == "rewrite"
    assert len(al.para) >= alignmod.REWRITE_MIN_SENTENCES
    # same order: the paraphrased sentences increase in both texts
    assert [j for _, j, _ in al.para] == sorted(j for _, j, _ in al.para)
    assert max(al.cov_a, al.cov_b) < alignmod.COPY_MIN
    assert al.overlap_a > al.cov_a  # paraphrased sentences count as aligned text


def test_shared_quote_is_not_an_excerpt(t):
    quote = ("\u201cWe will not give up one metre of the valley, and every soldier who crosses the river will be treated "
             "as an invader by the people of Pelmora and of every village along the Ister,\u201d Blask said.")
    a = ["Rebels said on Tuesday they would hold the bridge whatever the cost, and dug trenches on the western bank.",
         quote, "The army did not comment on the statement. A convoy of lorries carrying flour turned back at Kaltz, "
         "and the drivers said they would wait for the road to reopen before trying again."]
    b = ["In a video message the front's spokesman repeated his threat against the garrison in Pelmora.", quote,
         "Analysts doubt the rebels can hold the crossing for long. The front has few heavy weapons, and its supply "
         "lines run through forests that the air force has bombed every night since the autumn."]
    assert classify(t, a, b).kind is None
    # the same words outside quotation marks in one of the texts are copying
    b_plain = [b[0], quote.replace("\u201c", "").replace("\u201d", ""), b[2]]
    assert classify(t, a, b_plain).kind == "excerpt"


def test_find_links_on_the_hand_made_set(docs):
    links = find_links(list(docs.values()))
    ids = {k: d.id for k, d in docs.items()}
    assert only_link(links, ids["agency"], ids["light"]).kind == "copy"
    assert only_link(links, ids["agency"], ids["reordered"]).kind == "copy"
    assert only_link(links, ids["agency"], ids["excerpt"]).kind == "excerpt"
    assert only_link(links, ids["agency"], ids["rewrite"]).kind == "rewrite"
    assert not [l for l in links if ids["same_topic"] in (l.document, l.source)]
    for link in links:
        assert 0.0 < link.overlap <= 1.0 and 0.0 < link.source_overlap <= 1.0
        assert link.evidence
        for d0, d1, s0, s1 in link.passages:
            assert 0 <= d0 < d1 and 0 <= s0 < s1
    assert links == sorted(links, key=lambda l: (l.document, l.source))


def test_direction_earlier_date_is_the_source(docs):
    (link,) = find_links([docs["agency"], docs["light"]])
    assert (link.document, link.source, link.directed) == ("d-light", "d-agency", True)
    assert link.overlap > link.source_overlap  # the copy dropped a paragraph
    # passages are (document span, source span)
    for d0, d1, s0, s1 in link.passages:
        assert docs["light"].body[d0:d1].split()[-1] == docs["agency"].body[s0:s1].split()[-1]


def test_direction_same_date_longer_text_is_the_source(t):
    full = LineageDoc("d-1", t.body(t.AGENCY), date(2026, 3, 4))
    short = LineageDoc("d-0", t.body(t.AGENCY[:7]), date(2026, 3, 4))
    (link,) = find_links([full, short])
    assert (link.document, link.source, link.directed, link.kind) == ("d-0", "d-1", True, "copy")
    assert link.overlap == pytest.approx(1.0)


def test_direction_unknown_when_same_date_and_same_length(t):
    a = LineageDoc("d-b", t.body(t.AGENCY), date(2026, 3, 4), outlet="Ister Post")
    b = LineageDoc("d-a", t.body(t.AGENCY), date(2026, 3, 4), outlet="Valley Courier")
    (link,) = find_links([a, b])
    assert (link.document, link.source, link.directed) == ("d-a", "d-b", False)
    # unknown dates behave like equal ones
    (link,) = find_links([LineageDoc("d-b", t.body(t.AGENCY)), LineageDoc("d-a", t.body(t.REORDERED))])
    assert (link.document, link.directed) == ("d-a", False)


def test_direction_agency_page_is_the_source_on_the_same_day(t):
    page = LineageDoc("d-z", t.body(t.AGENCY), date(2026, 3, 4), outlet="Tessaly Press Agency")
    copy = LineageDoc("d-a", t.body(t.AGENCY).replace("PELMORA, March 4 (TPA)", "PELMORA (TPA)"), date(2026, 3, 4),
                      outlet="Ister Post")
    (link,) = find_links([page, copy])
    assert (link.document, link.source, link.directed) == ("d-a", "d-z", True)


def test_find_links_validates_input(docs):
    with pytest.raises(ValueError, match="duplicate document ids"):
        find_links([docs["agency"], docs["agency"]])
    with pytest.raises(ValueError, match="workers"):
        find_links([docs["agency"]], workers=0)
    assert find_links([]) == [] and find_links([docs["agency"]]) == []


def test_link_rejects_bad_values():
    with pytest.raises(ValueError, match="unknown lineage kind"):
        Link("a", "b", "quote", 0.5, True)
    with pytest.raises(ValueError, match="its own source"):
        Link("a", "a", "copy", 0.5, True)


def test_parallel_alignment_gives_the_same_result(docs):
    bodies = [d.body for d in docs.values()]
    pairs = [(0, 1), (0, 2), (0, 3), (0, 4), (1, 5)]
    kinds = [[r[2].kind if r[2] else None for r in align_pairs(bodies, pairs, frozenset(), w, chunk=2)] for w in (1, 2)]
    assert kinds[0] == kinds[1] == ["copy", "copy", "excerpt", "rewrite", None]
