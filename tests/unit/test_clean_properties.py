"""Property tests: the cleaner never raises and never invents text."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitrep.clean import clean
from sitrep.clean.furniture import clean_page, normalise_line, segment
from sitrep.errors import NoArticleError
from sitrep.model import RawDocument

line = st.one_of(
    st.text(min_size=0, max_size=120),
    st.sampled_from(["News", "Dismiss", "03 Dec, 2024", "By Desk bureau May 1, 2024", "Photo: X", "— AFP", "|||", "   "]),
    st.lists(st.sampled_from("the army said on Monday that fighters crossed the border near town".split()), min_size=1, max_size=30)
    .map(lambda ws: " ".join(ws) + "."),
)
pages = st.lists(line, min_size=0, max_size=40).map("\n".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pages)
def test_every_paragraph_is_kept_or_removed_once(page):
    r = clean_page(page)
    paras = segment(page)
    assert len(r.kept) + len(r.removed) == len(paras)
    kept_lines = {p.line for p in r.kept}
    removed_lines = [x.line for x in r.removed]
    assert not kept_lines & set(removed_lines)
    assert len(set(removed_lines)) == len(removed_lines)
    normalised = {normalise_line(x) for x in page.split("\n")}
    for p in r.kept:  # kept text is input text (joined soft-wrapped lines aside)
        assert p.text in normalised or " " in p.text


@settings(max_examples=200, deadline=None)
@given(pages)
def test_clean_raises_only_no_article(page):
    raw = RawDocument(source="p.txt", format="text", text=page, raw_hash="0" * 64)
    try:
        doc = clean(raw).document
    except NoArticleError as exc:
        assert str(exc).startswith("p.txt: ")
        return
    assert doc.body and doc.id.startswith("d-")
    assert doc.published_inferred is False or doc.published is not None
