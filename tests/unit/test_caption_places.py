"""Places named in removed photo captions reach the report's places, and
nothing else: body spans, events and short credit captions are untouched."""

from __future__ import annotations

from datetime import date


from sitrep.model import Document, Removal
from sitrep.pipeline import annotate_one, places_of


def doc(removed):
    body = "Rebel fighters advanced in northern Syria on Saturday, commanders said."
    return Document(id="d-00000000000a", source="a.txt", format="text", content_hash="a" * 64, raw_hash="a" * 64,
                    body=body, published=date(2024, 12, 1), removed=removed)


def test_caption_place_joins_the_report_places(nlp):
    d = doc([Removal(3, "Fighters celebrate in a street in Maarat al-Numan in Syria's Idlib province on Saturday. "
                        "Photo: agency", "caption"),
             Removal(9, "Profile picture of the outlet", "caption"),
             Removal(12, "Subscribe to our newsletter from Damascus", "boilerplate")])
    data = annotate_one(nlp(d.body), d, nlp)
    caps = data["caption_places"]
    assert caps and all(c["removal"] == 0 for c in caps)
    text = d.removed[0].text
    assert all(text[c["start"]:c["end"]] == c["text"] for c in caps)
    names = {p["name"] for p in places_of([d], {d.id: data})}
    assert any("Nu" in n for n in names)  # the town, found only in the caption
    assert "Damascus" not in names  # other furniture is not read
    # body places keep spans into the body only
    assert all(d.body[p["start"]:p["end"]] == p["text"] for p in data["places"] if p.get("start") is not None)


def test_no_captions_no_caption_places(nlp):
    d = doc([])
    assert annotate_one(nlp(d.body), d, nlp)["caption_places"] == []


def test_a_caption_town_needs_the_report_country(nlp):
    # the body names no real place: a small town in a caption is not taken on its name alone
    body = "Rebel fighters advanced on the northern front on Saturday, commanders said."
    d = Document(id="d-00000000000b", source="b.txt", format="text", content_hash="b" * 64, raw_hash="b" * 64,
                 body=body, published=date(2024, 12, 1),
                 removed=[Removal(2, "Farmland near the front line lies flooded after the dam burst on Friday. "
                                     "Photo: agency", "caption"),
                          Removal(5, "Displaced families queue for bread in Aleppo on Saturday morning. "
                                     "Photo: agency", "caption")])
    names = {c["name"] for c in annotate_one(nlp(d.body), d, nlp)["caption_places"]}
    assert "Farmland" not in names
    assert "Aleppo" in names  # a city over 100,000 people still counts
