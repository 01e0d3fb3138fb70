"""Page-furniture removal on hand-written pages (fictional content)."""

from sitrep.clean.furniture import best_span, clean_page, is_caption, segment

PAGE = """Home

Floodwaters cut off river towns in the Pell valley

The Harbour Ledger

Mar. 14, 2025 • 4 min read
Image of Floodwaters cut off river towns A man wades through water in Dunmore on March 13, 2025. Photo: Kestrel Images

Rescue crews struggled to reach villages along the Pell river on Thursday

DUNMORE, Pell Valley - Rescue crews used boats to reach three villages cut off by rising water, the regional council said on Thursday.

The council said 40 families had been moved to a school gym overnight, and that the water was still rising.

Roads closed

Engineers closed the two bridges into Dunmore after cracks were found in a support pier, a spokesperson told The Harbour Ledger.

"We will not reopen them until every pier has been inspected," the spokesperson said.

Author The Harbour Ledger

MORNING BRIEF

Sign up for our morning briefing, sent to your inbox every day.

More from Opinion

Parking wars
14 Mar, 2025

Parking wars

The town needs a plan, not another committee of residents arguing about it...
Budget blues
13 Mar, 2025

Budget blues

Every year the same promises are made and broken, and the voters notice.
"""


def test_keeps_every_article_paragraph_and_crosshead():
    r = clean_page(PAGE)
    body = r.body
    for s in [
        "Rescue crews struggled to reach villages",
        "DUNMORE, Pell Valley - Rescue crews used boats",
        "40 families had been moved",
        "Roads closed",
        "We will not reopen them until every pier has been inspected",
    ]:
        assert s in body, s


def test_drops_furniture_with_reasons():
    r = clean_page(PAGE)
    for s in ["Home", "Photo: Kestrel Images", "4 min read", "Sign up for our morning briefing", "Parking wars",
              "Budget blues", "the voters notice", "Author The Harbour Ledger", "MORNING BRIEF", "14 Mar, 2025"]:
        assert s not in r.body, s
    reasons = {x.reason for x in r.removed}
    assert {"title", "caption", "read-time", "boilerplate"} <= reasons
    assert all(x.line >= 1 for x in r.removed)
    # the removal record points at the raw line it came from
    lines = PAGE.split("\n")
    for x in r.removed:
        assert lines[x.line - 1].strip().startswith(x.text[:20])


def test_title_is_found_and_not_in_body():
    r = clean_page(PAGE)
    assert r.title == "Floodwaters cut off river towns in the Pell valley"
    assert r.title not in r.body


def test_repeated_title_prefers_repetition():
    page = "News\nSmall label\nQuarry blast shakes hillside town\nQuarry blast shakes hillside town\n\n" + (
        "A controlled blast at the old quarry rattled windows across the town on Friday, residents said.\n" * 1
    ) + "The operator said the charge had been larger than planned and apologised to residents.\n"
    r = clean_page(page)
    assert r.title == "Quarry blast shakes hillside town"
    assert "Quarry blast" not in r.body


def test_caption_in_middle_of_article_removed_twice_repeated():
    cap = "A boat carries supplies across the flooded square in Dunmore on Thursday.—Kestrel"
    page = "\n\n".join([
        "Headline about the floods in the valley",
        "The first paragraph is a full sentence about the flood and what the council said about it.",
        cap, cap,
        "The second paragraph also reports what officials said, with more detail about the roads.",
    ])
    r = clean_page(page)
    assert "boat carries supplies" not in r.body
    assert "second paragraph" in r.body and "first paragraph" in r.body
    assert [x.reason for x in r.removed].count("caption") == 2


def test_soft_wrapped_lines_are_joined():
    page = ("Title of a wrapped story\n\nThe council met on Friday and agreed a plan that would see the\n"
            "bridges inspected before the end of the month, officials said.\n")
    paras = segment(page)
    assert len(paras) == 2
    assert "see the bridges inspected" in paras[1].text


def test_light_cleaning_keeps_short_first_line():
    text = "Short intro line\n\nA long paragraph of article text that ends with a full stop, as text from an extractor does."
    r = clean_page(text, title_hint="Some title", full=False)
    assert "Short intro line" in r.body


def test_shared_lines_are_dropped_outside_but_kept_inside_the_article():
    page = "\n\n".join([
        "Market prices climb for the third week",
        "Top stories",
        "Grain prices rose again this week, traders in the capital said on Monday.",
        "Top stories",
        "The ministry said it would release reserves if prices kept climbing.",
        "Latest",
    ])
    r = clean_page(page, shared={"top stories", "latest"})
    assert r.body.startswith("Grain prices")
    assert "Latest" not in r.body


def test_is_caption():
    assert is_caption("Soldiers stand guard at the crossing on Monday. / Harbour Ledger")
    assert is_caption("A handout picture shows trucks near the border. (Kestrel Photo)")
    assert is_caption("Image of a bridge")
    assert not is_caption("The minister said the talks - which began in May - would resume.")
    assert not is_caption("He said the plan was agreed on Friday.")


def test_best_span():
    assert best_span([-4, 10, 12, -20, 3, -4]) == (1, 3)
    assert best_span([-1, -2]) == (0, 0)
    assert best_span([5, -2, 5]) == (0, 3)
