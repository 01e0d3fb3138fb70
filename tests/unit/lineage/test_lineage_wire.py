"""Wire credits: detection (photo credits excluded) and propagation."""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.lineage import LineageDoc, Link, WireCredit, canonical_agency, detect_wire, propagate_wire

STORY = ("Rebels seized the Sable Bridge over the Ister river early on Tuesday, cutting the main supply road "
         "between Pelmora and the port city of Varn, two army officers said.")


def credit(body: str, **kw) -> WireCredit | None:
    return detect_wire(LineageDoc("d-x", body, **kw))


@pytest.mark.parametrize("head, agency", [
    ("BEIRUT, Dec 2 (Reuters) - ", "Reuters"),
    ("PELMORA, March 4 (AFP) - ", "AFP"),
    ("PELMORA (AP) \u2014 ", "AP"),
    ("(Reuters) - ", "Reuters"),
    ("Pelmora, March 4 (Agence France-Presse) - ", "AFP"),
    ("ISTANBUL (Anadolu Agency) - ", "Anadolu"),
    ("PELMORA, March 4 (TPA) - ", "TPA"),
    ("PELMORA (Tessaly Press Agency) - ", "Tessaly Press Agency"),
])
def test_dateline_credit(head, agency):
    c = credit(head + STORY + "\n\nThe army said it would retake the bridge.")
    assert c is not None and (c.agency, c.kind, c.strong) == (agency, "dateline", True)
    assert c.start == 0 and c.evidence.startswith(head.split(" ")[0])


def test_unknown_acronym_is_expanded_from_the_document():
    c = credit("HALDA, Nov 3 (MPA) - " + STORY, outlet="Meridian Press Agency")
    assert c.agency == "Meridian Press Agency" and c.raw == "MPA"
    c = credit("HALDA (MPA) - " + STORY, removed=("Wire copy supplied by the Meridian Press Agency.",))
    assert c.agency == "Meridian Press Agency"
    assert credit("HALDA (MPA) - " + STORY).agency == "MPA"


def test_parenthesised_abbreviation_is_not_a_dateline_credit():
    assert credit("National Guard Committees (NGC) - the umbrella body said on Monday that " + STORY) is None


@pytest.mark.parametrize("line, agency", [
    ("Wire copy supplied by the Meridian Press Agency and published unedited.", "Meridian Press Agency"),
    ("This story was provided by AFP.", "AFP"),
    ("With AFP", "AFP"),
    ("Additional reporting by Reuters", "Reuters"),
    ("Source: Reuters", "Reuters"),
    ("\u00a9 2026 Thomson Reuters", "Reuters"),
])
def test_credit_lines_in_body_or_removed_furniture(line, agency):
    c = credit(STORY + "\n\n" + line)
    assert c is not None and (c.agency, c.kind, c.strong) == (agency, "credit_line", True)
    c = credit(STORY, removed=(line,))
    assert c is not None and c.agency == agency and c.start is None


@pytest.mark.parametrize("caption", [
    "A fighter tears down a poster at the airport in Pelmora on Monday.\u2014AFP",
    "A fighter tears down a poster at the airport in Pelmora on Monday. \u2014 AFP",
    "Smoke rises over the bridge. (AFP Photo)",
    "Smoke rises over the bridge. Photo: AFP",
    "Smoke rises over the bridge. (Photo: Reuters/Jane Doe)",
    "Smoke rises over the bridge. AFP/Getty Images",
    "Smoke rises over the bridge. Photograph: AP",
    "PELMORA (AFP Photo) - Smoke rises over the bridge.",
])
def test_photo_credits_are_not_wire_credits(caption):
    assert credit(caption + "\n\n" + STORY) is None
    assert credit(STORY, removed=(caption,)) is None


def test_single_attribution_is_weak_and_two_are_strong():
    once = credit(STORY + " The minister told Reuters the bridge would be retaken.")
    assert (once.agency, once.kind, once.strong, once.mentions) == ("Reuters", "attribution", False, 1)
    assert once.evidence.startswith("Rebels seized")
    twice = credit(STORY + " The minister told Reuters the bridge would be retaken.\n\n"
                   "A Reuters witness saw smoke over the river.")
    assert (twice.agency, twice.strong, twice.mentions) == ("Reuters", True, 2)
    anadolu = credit(STORY + "\n\nAnadolu Agency said the army had retaken two villages.")
    assert (anadolu.agency, anadolu.strong) == ("Anadolu", False)
    ap = credit("Officials told the Associated Press that " + STORY)
    assert (ap.agency, ap.strong) == ("AP", False)
    generic = credit("As the Meridian Press Agency reported on Monday, " + STORY)
    assert (generic.agency, generic.strong) == ("Meridian Press Agency", False)


def test_no_credit():
    assert credit(STORY) is None
    assert credit("The AP course is popular, said a teacher at the school in Varn.") is None


def test_canonical_names():
    assert canonical_agency("Agence France-Presse") == "AFP"
    assert canonical_agency("the Associated Press") == "AP"
    assert canonical_agency("Anadolu Agency") == "Anadolu"
    assert canonical_agency("Xinhua") == "Xinhua"
    assert canonical_agency("TPA", ["Tessaly Press Agency"]) == "Tessaly Press Agency"
    assert canonical_agency("TPA", ["Ister Post"]) == "TPA"


def doc(i: str, body: str = STORY, outlet: str | None = None) -> LineageDoc:
    return LineageDoc(i, body, date(2026, 3, 4), outlet=outlet)


def strong(agency: str) -> WireCredit:
    return WireCredit(agency, f"({agency}) -", "dateline", True)


def test_copy_that_dropped_the_credit_inherits_it():
    docs = [doc("a"), doc("b"), doc("c"), doc("d")]
    links = [Link("b", "a", "copy", 0.9, True), Link("c", "b", "rewrite", 0.3, True), Link("d", "a", "excerpt", 0.1, True)]
    wire = propagate_wire(docs, links, {"a": strong("Reuters"), "b": None, "c": None, "d": None})
    assert wire == {"a": "Reuters", "b": "Reuters", "c": "Reuters", "d": None}


def test_weak_attribution_alone_is_not_wire_copy():
    weak = WireCredit("Reuters", "told Reuters", "attribution", False)
    assert propagate_wire([doc("a"), doc("b")], [], {"a": weak, "b": None}) == {"a": None, "b": None}
    # and it does not conflict with the group's agency
    links = [Link("b", "a", "copy", 0.9, True)]
    assert propagate_wire([doc("a"), doc("b")], links, {"a": strong("AFP"), "b": weak}) == {"a": "AFP", "b": "AFP"}


def test_conflicting_credits_keep_uncertain_documents_null():
    docs = [doc(x) for x in "abcd"]
    links = [Link("b", "a", "copy", 0.9, True), Link("b", "c", "copy", 0.9, True), Link("d", "a", "copy", 0.9, True)]
    wire = propagate_wire(docs, links, {"a": strong("Reuters"), "c": strong("AFP")})
    assert wire == {"a": "Reuters", "b": None, "c": "AFP", "d": "Reuters"}


def test_acronym_and_agency_page_are_unified():
    docs = [doc("page", outlet="Meridian Press Agency"), doc("copy", outlet="The Eastern Ledger"), doc("edit")]
    links = [Link("copy", "page", "copy", 1.0, True), Link("edit", "page", "copy", 0.8, True)]
    wire = propagate_wire(docs, links, {"copy": strong("MPA")})
    assert wire == {"page": "Meridian Press Agency", "copy": "Meridian Press Agency", "edit": "Meridian Press Agency"}


def test_outlet_that_is_an_agency_is_its_own_credit():
    wire = propagate_wire([doc("a", outlet="Reuters"), doc("b")], [Link("b", "a", "copy", 0.9, True)], {})
    assert wire == {"a": "Reuters", "b": "Reuters"}


def test_end_to_end_on_the_hand_made_set(docs):
    from sitrep.lineage import find_links

    ds = list(docs.values())
    links = find_links(ds)
    credits = {d.id: detect_wire(d) for d in ds}
    assert credits["d-agency"].agency == "Tessaly Press Agency"
    assert credits["d-excerpt"] is None or not credits["d-excerpt"].strong
    wire = propagate_wire(ds, links, credits)
    assert wire["d-light"] == wire["d-reordered"] == wire["d-rewrite"] == "Tessaly Press Agency"
    assert wire["d-excerpt"] is None and wire["d-same-topic"] is None


def test_names_that_are_also_words_need_the_word_agency():
    assert credit("Petra said she had left Varn.\n\nPetra said the bridge was burning.") is None
    c = credit("The state news agency Petra said the bridge was burning.")
    assert c is not None and c.agency == "Petra"


def test_dateline_with_two_cities():
    c = credit("LONDON/PARIS (Reuters) - " + STORY)
    assert c is not None and (c.agency, c.kind) == ("Reuters", "dateline")


def test_known_acronym_never_matches_an_outlet_by_initials():
    docs = [doc("a", outlet="Arab Post"), doc("b", outlet="Ister Post")]
    wire = propagate_wire(docs, [], {"b": strong("AP")})
    assert wire == {"a": None, "b": "AP"}
