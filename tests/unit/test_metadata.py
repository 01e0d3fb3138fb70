"""Metadata read from page text (fictional pages)."""

from datetime import date

from sitrep.clean.furniture import clean_page
from sitrep.clean.metadata import OutletHints, extract, refine_outlets

PARA = "Officials in the port city said the ferry service would resume on Friday after the storm passed."


def md(page, hints=None, **kw):
    return extract(clean_page(page, **kw), hints)


def test_published_line_beats_updated():
    page = f"Ferries to resume after storm\n\nPublished March 3, 2025 Updated March 5, 2025 10:25am\n\n{PARA}\n"
    m = md(page)
    assert m.published == date(2025, 3, 3) and not m.published_inferred


def test_byline_with_date_gives_author_and_date():
    page = f"Ferries to resume after storm\nBy Ledger Port bureau March 4, 2025\n\n{PARA}\n"
    m = md(page)
    assert m.published == date(2025, 3, 4)
    assert m.authors == ["Ledger Port bureau"]


def test_closing_credit_gives_outlet_and_date():
    page = f"Ferries to resume after storm\n\n{PARA}\n\nPublished in The Courier, March 6th, 2025\n\nOpinion\n"
    m = md(page)
    assert m.outlet == "The Courier"
    assert m.published == date(2025, 3, 6)


def test_told_outlet_needs_corroboration():
    one = md(f"Ferries to resume\n\n{PARA}\n\n\"It is safe now,\" the captain told Harbour Ledger.\n")
    assert one.outlet is None  # a single mention is not enough
    assert one.hints.names == ["Harbour Ledger"]
    two = md(f"Ferries to resume\n\nHarbour Ledger\n\n{PARA}\n\n\"It is safe now,\" the captain told Harbour Ledger.\n")
    assert two.outlet == "Harbour Ledger"


def test_wire_agency_is_never_the_outlet():
    page = f"Ferries to resume\n\n{PARA}\n\n\"It is safe,\" he told Reuters. \"Really,\" he told Reuters again.\n\nReuters\n"
    assert md(page).outlet is None


def test_photo_credit_matching_byline_brand_is_outlet():
    page = ("Ferries to resume after storm\nA ferry in the harbour. / kx Coastline\nBy kx Port bureau March 4, 2025\n\n"
            f"{PARA}\n")
    assert md(page).outlet == "kx Coastline"


def test_refine_outlets_uses_established_names_for_weak_brand():
    items = [("kx Coastline", OutletHints()), (None, OutletHints(brand="kx", names=["Coastline"])),
             (None, OutletHints(brand="zz", names=[])), (None, OutletHints())]
    assert refine_outlets(items, set()) == ["kx Coastline", "kx Coastline", None, None]
    # ambiguous: two established outlets share the brand
    assert refine_outlets([(None, OutletHints(brand="kx"))], {"kx Coastline", "kx Inland"}) == [None]


def test_inferred_date_from_caption_with_evidence():
    page = ("Ferries to resume after storm\nA ferry waits in the harbour on Mar. 2, 2025. (Kestrel Photo)\n\n"
            f"{PARA} The mayor spoke on Sunday and again on Monday.\n")
    m = md(page)
    assert m.published == date(2025, 3, 2)
    assert m.published_inferred
    assert "caption" in m.published_evidence and "monday" in m.published_evidence


def test_no_date_anywhere_is_none():
    m = md(f"Ferries to resume\n\n{PARA}\n")
    assert m.published is None and not m.published_inferred


def test_dateline_forms():
    assert md(f"Title line here\n\nPORT ARDEN, Coastal Province - {PARA}\n").dateline == "Port Arden"
    assert md(f"Title line here\n\nHALDA: {PARA}\n").dateline == "Halda"
    assert md(f"Title line here\n\nHALDA (MPA) - {PARA}\n").dateline == "Halda"
    assert md(f"Title line here\n\nAN official said the plan was ready. {PARA}\n").dateline is None


def test_format_hints_take_priority():
    m = md(f"Ferries\n\n{PARA}\n", {"title": "T", "published": "2025-03-09T10:00:00", "outlet": "Given", "authors": ["A B"]},
           title_hint="T", full=False)
    assert (m.title, m.published, m.outlet, m.authors) == ("T", date(2025, 3, 9), "Given", ["A B"])


def test_language():
    assert md(f"Ferries\n\n{PARA}\n").language == "en"
    fr = "Les autorités du port ont annoncé que le service de ferry reprendra vendredi après la tempête."
    assert md(f"Titre de la page\n\n{fr}\n").language == "fr"


def test_update_line_when_no_published_line():
    page = f"Ferries to resume after storm\n\nUpdated: March 7, 2025 4:15 PM\n\n{PARA}\n"
    m = md(page)
    assert m.published == date(2025, 3, 7) and not m.published_inferred
    assert "update line" in m.published_evidence


def test_agency_dateline_with_date():
    assert md(f"Ferries to resume\n\nPORT ARDEN, March 3 (MPA) - {PARA}\n").dateline == "Port Arden"
    assert md(f"Ferries to resume\n\nPORT ARDEN (Ledger) — {PARA}\n").dateline == "Port Arden"


def test_placeholder_published_hint_is_no_date():
    # "0001-01-01T00:00:00Z" is a zero timestamp, not a publication date: a
    # year-1 anchor would put every relative time before the calendar's start
    page = f"Ferries\n\n{PARA}\n"
    assert md(page, {"published": "0001-01-01T00:00:00Z"}, full=False).published is None
    assert md(page, {"published": "9999-12-31"}, full=False).published is None
    assert md(page, {"published": "2025-03-09"}, full=False).published == date(2025, 3, 9)


def test_has_learned_names_are_a_few_words_even_after_a_long_capitalised_run():
    from sitrep.clean.metadata import _LEARNED

    assert [m.group("name") for m in _LEARNED.finditer(
        "Officials said on Monday. The Ashvar Dispatch has learned that the convoy left.")] == ["The Ashvar Dispatch"]
    # a run of thousands of capitalised words (a pasted table, a shouted page) gives a short name,
    # found in one pass instead of trying every start against the whole run
    text = " ".join(["Word"] * 3000) + " The Ashvar Dispatch has learned that troops moved."
    names = [m.group("name") for m in _LEARNED.finditer(text)]
    assert len(names) == 1 and names[0].endswith("The Ashvar Dispatch") and len(names[0].split()) <= 6
