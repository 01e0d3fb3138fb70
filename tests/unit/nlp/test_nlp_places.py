"""find_places / resolve on hand-built sentences and a hand-built gazetteer.

No model is loaded: documents come from spaCy's blank English tokenizer with
NER spans set by hand the way en_core_web_sm sets them, mistakes included
("Aleppo" as NORP, "Al-Bukamal" as ORG, "Khan Sheikhoun" as PERSON). The
gazetteer is a few real places (GeoNames names, ids and coordinates,
rounded), so every rule is tested without the 270,000-place build.
"""

from __future__ import annotations


import pytest

spacy = pytest.importorskip("spacy")

from sitrep.nlp.testing import doc_with_entities  # noqa: E402
from sitrep.nlp import geo_data, pipeline  # noqa: E402
from sitrep.nlp.gazetteer import Gazetteer, Place  # noqa: E402
from sitrep.nlp.places import PlaceMention, find_places, resolve, resolve_spans  # noqa: E402

NLP = spacy.blank("en")

P = Place
PLACES = [
    P("p-SY", "Syria", "country", 35.0, 38.0, "SY", 16_906_283, ("Syrian Arab Republic",)),
    P("p-IQ", "Iraq", "country", 33.0, 44.0, "IQ", 38_433_600),
    P("p-LB", "Lebanon", "country", 33.83, 35.83, "LB", 6_848_925),
    P("p-LY", "Libya", "country", 25.0, 17.0, "LY", 6_678_567),
    P("p-US", "United States", "country", 39.83, -98.58, "US", 327_167_434, ("U.S.", "US", "America")),
    P("p-GE", "Georgia", "country", 42.0, 43.5, "GE", 3_731_000),
    P("p-170063", "Aleppo", "city", 36.20, 37.16, "SY", 2_098_210, ("Halab",), "SY.09"),
    P("p-SY-HL", "Ḩalab", "region", 36.35, 37.55, "SY", 0, ("Aleppo Governorate", "Aleppo"), "SY.09"),
    P("p-169389", "Idlib", "city", 35.93, 36.63, "SY", 128_840, (), "SY.12"),
    P("p-SY-ID", "Idlib", "region", 35.83, 36.67, "SY", 0, ("Idlib Governorate",), "SY.12"),
    P("p-170017", "Ḩamāh", "city", 35.13, 36.76, "SY", 460_602, ("Hama",), "SY.10"),
    P("p-SY-HM", "Ḩamāh", "region", 35.11, 36.68, "SY", 0, ("Hama Governorate", "Hama"), "SY.10"),
    P("p-174448", "Ālbū Kamāl", "city", 34.45, 40.92, "SY", 57_572, ("Abu Kamal", "Al Bukamal", "Albu Kamal"), "SY.07"),
    P("p-167611", "Ma‘arrat an Nu‘mān", "city", 35.65, 36.68, "SY", 0, ("Ma'arrat al-Nu'man", "Maarat al-Numaan"), "SY.12"),
    P("p-168325", "Khān Shaykhūn", "city", 35.44, 36.65, "SY", 48_975, (), "SY.12"),
    P("p-163476", "Tall Rif‘at", "city", 36.47, 37.09, "SY", 25_658, ("Tal Refaat", "Tell Rifat"), "SY.09"),
    P("p-170654", "Damascus", "city", 33.51, 36.29, "SY", 1_569_394, ("Dimashq",), "SY.13"),
    P("p-95446", "Erbil", "city", 36.19, 44.01, "IQ", 1_612_700, ("Arbil", "Irbil", "Hawler"), "IQ.11"),
    P("p-2210247", "Tripoli", "city", 32.89, 13.19, "LY", 1_302_947, (), "LY.77"),
    P("p-266826", "Tripoli", "city", 34.43, 35.84, "LB", 229_398, (), "LB.09"),
    P("p-4180439", "Atlanta", "city", 33.75, -84.39, "US", 510_823, (), "US.GA", "US.GA.121"),
    P("p-US-GA", "Georgia", "region", 33.29, -83.79, "US", 0, ("State of Georgia",), "US.GA"),
    P("p-US-AR", "Arkansas", "region", 34.9, -92.4, "US", 0, (), "US.AR"),
    P("p-4196508", "Fulton County", "county", 33.71, -84.41, "US", 0, ("Fulton",), "US.GA", "US.GA.121"),
    P("p-4180386", "Athens", "city", 33.96, -83.38, "US", 115_452, (), "US.GA", "US.GA.059"),
    P("p-264371", "Athens", "city", 37.98, 23.73, "GR", 664_046, ("Athina",), "GR.ESYE31"),
    P("p-4076598", "Mobile", "city", 30.69, -88.04, "US", 187_041, (), "US.AL"),
    P("p-4115412", "Hope", "city", 33.67, -93.59, "US", 9_871, (), "US.AR"),
    P("p-2639577", "Reading", "city", 51.46, -0.97, "GB", 318_014, (), "GB.ENG"),
    P("p-4156404", "Gainesville", "city", 29.65, -82.32, "US", 141_085, (), "US.FL"),
    P("p-4196586", "Gainesville", "city", 34.30, -83.82, "US", 42_296, (), "US.GA", "US.GA.139"),
    P("p-IN", "India", "country", 22.0, 79.0, "IN", 1_352_617_328),
    P("p-1253405", "Varanasi", "city", 25.32, 82.99, "IN", 1_164_404, ("Benares",), "IN.36"),
    P("p-5085520", "Canaan", "city", 43.67, -72.01, "US", 3_909, ("Kanaan",), "US.NH"),
    P("p-4369076", "Severn", "city", 39.14, -76.70, "US", 44_231, (), "US.MD"),
]


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.from_places(PLACES)


def make_doc(text: str, ents=()):
    return doc_with_entities(NLP, text, ents)


def places(doc, gaz, **kw) -> dict[str, PlaceMention]:
    out = {}
    for m in find_places(doc, gazetteer=gaz, **kw):
        assert doc.text[m.start:m.end] == m.text
        out.setdefault(m.text, m)
    return out


# ------------------------------------------------------------ mislabelled places
def test_aleppo_tagged_norp_is_a_place(gaz):
    doc = make_doc("Rebels entered Aleppo on Friday, a Syrian monitor said.", [("Aleppo", "NORP"), ("Syrian", "NORP")])
    got = places(doc, gaz)
    assert got["Aleppo"].place.id == "p-170063"
    assert got["Aleppo"].precision == "city"
    assert "Syrian" not in got


def test_place_spacy_tagged_person_after_town_of(gaz):
    doc = make_doc("The SNA had taken the town of Tal Rifaat from the YPG.", [("Tal Rifaat", "PERSON"), ("SNA", "ORG")])
    got = places(doc, gaz, context_countries=["SY"])
    assert got["Tal Rifaat"].place.id == "p-163476"


def test_places_in_a_list_after_a_kept_place(gaz):
    text = "They took Idlib, including the cities of Maarat al-Numan and Khan Sheikhoun in Syria."
    doc = make_doc(text, [("Idlib", "GPE"), ("Maarat al-Numan", "PERSON"), ("Khan Sheikhoun", "PERSON"), ("Syria", "GPE")])
    got = places(doc, gaz)
    assert got["Maarat al-Numan"].place.id == "p-167611"
    assert got["Khan Sheikhoun"].place.id == "p-168325"  # a transliteration of Khān Shaykhūn


def test_place_spacy_missed_found_by_the_ruler(gaz):
    doc = make_doc("Fighting was reported near Saraqib and in Damascus.", [])
    got = places(doc, gaz, context_countries=["SY"])
    assert got["Damascus"].place.id == "p-170654"


# ------------------------------------------------------------ nationality adjectives
def test_nationality_adjectives_are_not_places(gaz):
    doc = make_doc("Iraqi and Syrian officials met Lebanese envoys; Syrians fled.",
                   [("Iraqi", "NORP"), ("Syrian", "NORP"), ("Lebanese", "NORP"), ("Syrians", "NORP")])
    assert find_places(doc, gazetteer=gaz) == []


def test_country_name_is_a_place_with_country_precision(gaz):
    doc = make_doc("Iraqi fighters crossed from Iraq into Syria.", [("Iraqi", "NORP"), ("Iraq", "GPE"), ("Syria", "GPE")])
    got = places(doc, gaz)
    assert set(got) == {"Iraq", "Syria"}
    assert got["Iraq"].place.kind == "country" and got["Iraq"].precision == "country"
    assert got["Iraq"].place.id == "p-IQ"


def test_resolve_maps_a_demonym_given_as_a_place_to_its_country(gaz):
    # gold spans (LGL) tag "Iraqi" as a toponym; resolve() takes the name as a place
    assert resolve("Iraqi", gazetteer=gaz).place.id == "p-IQ"
    assert geo_data.DEMONYMS["south korean"] == "KR"


# ------------------------------------------------------------ districts, regions, crossings
def test_district_resolves_to_its_city_with_district_precision(gaz):
    text = ("An Aleppo resident said the YPG was pulling out of the city's Sheikh Maqsoud district. "
            "The YPG had long held Sheikh Maqsoud.")
    doc = make_doc(text, [("Aleppo", "NORP"), ("Sheikh Maqsoud", "PERSON"), ("YPG", "ORG")])
    ms = [m for m in find_places(doc, gazetteer=gaz, context_countries=["SY"]) if m.text == "Sheikh Maqsoud"]
    assert len(ms) == 2  # the later bare mention resolves the same way
    for m in ms:
        assert m.precision == "district"
        assert m.place.kind == "district" and m.place.id == "p-170063/sheikh-maqsoud"
        assert (m.place.lat, m.place.lon) == (36.20, 37.16)  # Aleppo's point
        assert m.score < 1.0


def test_district_of_a_named_city(gaz):
    doc = make_doc("Shelling hit the Hamdaniya district of Aleppo and Idlib.", [("Aleppo", "GPE"), ("Idlib", "GPE")])
    got = places(doc, gaz)
    assert got["Hamdaniya"].precision == "district"
    assert got["Hamdaniya"].place.id.startswith("p-170063/")


def test_province_is_a_region(gaz):
    doc = make_doc("Opposition forces advanced in Hama province and took Idlib province.",
                   [("Hama province", "GPE"), ("Idlib", "GPE")])
    got = places(doc, gaz)
    assert got["Hama"].place.id == "p-SY-HM" and got["Hama"].precision == "region"
    assert got["Idlib"].place.id == "p-SY-ID" and got["Idlib"].precision == "region"


def test_bare_idlib_is_the_city(gaz):
    doc = make_doc("Fighters entered Idlib and Aleppo.", [("Idlib", "GPE"), ("Aleppo", "NORP")])
    assert places(doc, gaz)["Idlib"].place.id == "p-169389"


def test_kurdistan_region_is_a_region_at_erbil(gaz):
    doc = make_doc("ERBIL, Kurdistan Region of Iraq - Iraqi groups are weighing involvement.",
                   [("Kurdistan Region", "GPE"), ("Iraq", "GPE"), ("Iraqi", "NORP")])
    got = places(doc, gaz)
    assert got["ERBIL"].place.id == "p-95446"
    kr = got["Kurdistan Region"]
    assert kr.precision == "region" and kr.place.kind == "region" and kr.place.country == "IQ"
    assert (kr.place.lat, kr.place.lon) == (36.19, 44.01)


def test_border_crossing_is_the_town_with_kind_crossing(gaz):
    doc = make_doc("Nearly 200 fighters crossed using the strategic Al-Bukamal crossing into Syria.",
                   [("Al-Bukamal", "ORG"), ("Syria", "GPE")])
    m = places(doc, gaz)["Al-Bukamal"]
    assert m.place.kind == "crossing" and m.precision == "city"
    assert m.place.id == "p-174448/crossing"
    assert (m.place.lat, m.place.lon) == (34.45, 40.92)
    assert "Al-Bukamal" in m.place.aliases  # the surface form, for matching by name


# ------------------------------------------------------------ transliterations
@pytest.mark.parametrize("name,pid", [
    ("Al-Bukamal", "p-174448"), ("Albu Kamal", "p-174448"), ("Abu Kamal", "p-174448"), ("al bukamal", "p-174448"),
    ("Maaret al-Numan", "p-167611"), ("Maarat al-Numan", "p-167611"), ("Ma'arrat al-Nu'man", "p-167611"),
    ("Tal Rifaat", "p-163476"), ("Tall Rif'at", "p-163476"), ("Tell Rifaat", "p-163476"),
    ("Khan Sheikhoun", "p-168325"), ("KHAN SHAYKHUN", "p-168325"), ("Irbil", "p-95446"), ("Hamah", "p-170017"),
])
def test_transliteration_variants(gaz, name, pid):
    assert pid in [p.id for p in gaz.lookup(name, country="SY" if pid != "p-95446" else "IQ")][:2]


# ------------------------------------------------------------ context disambiguation
def test_tripoli_in_a_lebanese_context(gaz):
    doc = make_doc("Clashes broke out in Tripoli, the Lebanese army said, near the Syrian border.",
                   [("Tripoli", "GPE"), ("Lebanese", "NORP"), ("Syrian", "NORP")])
    assert places(doc, gaz)["Tripoli"].place.country == "LB"


def test_tripoli_in_a_libyan_context_and_alone(gaz):
    doc = make_doc("Clashes broke out in Tripoli, Libya's capital.", [("Tripoli", "GPE"), ("Libya", "GPE")])
    assert places(doc, gaz)["Tripoli"].place.country == "LY"
    doc = make_doc("Clashes broke out in Tripoli.", [("Tripoli", "GPE")])
    assert places(doc, gaz)["Tripoli"].place.country == "LY"  # the bigger one, by population


def test_dateline_country_as_context(gaz):
    doc = make_doc("Clashes broke out in Tripoli overnight.", [("Tripoli", "GPE")])
    assert places(doc, gaz, context_countries=["LB"])["Tripoli"].place.country == "LB"


def test_state_qualifier_decides(gaz):
    doc = make_doc("ATHENS, Ga. - The council met on Monday.", [("ATHENS", "GPE")])
    got = places(doc, gaz)
    assert got["ATHENS"].place.id == "p-4180386"
    assert got["Ga."].place.id == "p-US-GA" and got["Ga."].precision == "region"


def test_admin1_context_picks_the_local_town(gaz):
    doc = make_doc("A man from Gainesville was arrested in Atlanta, Georgia.",
                   [("Gainesville", "GPE"), ("Atlanta", "GPE"), ("Georgia", "GPE")])
    got = places(doc, gaz)
    assert got["Gainesville"].place.id == "p-4196586"  # Gainesville, Ga., not the bigger one in Florida
    assert got["Georgia"].place.id == "p-US-GA"  # the state, not the country
    doc = make_doc("Students in Gainesville protested.", [("Gainesville", "GPE")])
    assert places(doc, gaz)["Gainesville"].place.id == "p-4156404"


def test_resolve_spans_jointly(gaz):
    text = "Athens and Fulton County officials met in Atlanta."
    spans = [(0, 6), (11, 24), (42, 49)]
    ms = resolve_spans(text, spans, gazetteer=gaz)
    assert [m.place.id for m in ms] == ["p-4180386", "p-4196508", "p-4180439"]
    assert ms[1].precision == "region"


# ------------------------------------------------------------ false positives
def test_common_words_that_are_towns_are_not_places(gaz):
    doc = make_doc("Hope remains that Mobile networks will return. Reading the report, he said nothing.", [])
    assert find_places(doc, gazetteer=gaz) == []


def test_small_town_needs_evidence(gaz):
    doc = make_doc("He said Hope was a good name for the project.", [("Hope", "PERSON")])
    assert find_places(doc, gazetteer=gaz) == []
    doc = make_doc("A storm hit Hope, Ark., on Tuesday.", [])
    got = places(doc, gaz)
    assert got["Hope"].place.id == "p-4115412" and got["Ark."].place.id == "p-US-AR"


def test_surname_is_not_a_place(gaz):
    doc = make_doc("Jim Atlanta spoke. Later Atlanta said he would run.", [("Jim Atlanta", "PERSON"), ("Atlanta", "PERSON", 1)])
    assert "Atlanta" not in places(doc, gaz)


def test_unresolved_spacy_place_is_kept_without_a_place(gaz):
    doc = make_doc("Opposition forces seized Jalma in rural Hama.", [("Jalma", "GPE"), ("Hama", "GPE")])
    got = places(doc, gaz)
    assert got["Jalma"].place is None and got["Jalma"].score == 0.0
    assert got["Hama"].place.country == "SY"


def test_look_alike_name_resolves_only_in_its_country(gaz):
    # an unknown name is not a far-away town that merely looks like it
    doc = make_doc("Troops crossed into Varnesia on Monday, officials in Iraq said.",
                   [("Varnesia", "GPE"), ("Iraq", "GPE")])
    got = places(doc, gaz)
    assert got["Varnesia"].place is None
    assert got["Iraq"].place.id == "p-IQ"
    # the same kind of look-alike, in a document about its country, is a transliteration
    doc = make_doc("Pilgrims reached Varanasy in northern India on Monday.", [("Varanasy", "GPE"), ("India", "GPE")])
    assert places(doc, gaz)["Varanasy"].place.id == "p-1253405"


def test_coincidences_do_not_vouch_for_each_other(gaz):
    # "Kanaan" is another name of a small US town and "Sevrin" looks like
    # Severn, US: neither stands alone, and one does not make the other American
    doc = make_doc("Rebels held Kanaan and shelled Sevrin overnight.", [("Kanaan", "GPE"), ("Sevrin", "GPE")])
    got = places(doc, gaz)
    assert got["Kanaan"].place is None and got["Sevrin"].place is None
    # with the country in context the other name is taken
    doc = make_doc("Rebels held Kanaan overnight, U.S. officials said.", [("Kanaan", "GPE"), ("U.S.", "GPE")])
    assert places(doc, gaz)["Kanaan"].place.id == "p-5085520"


# ------------------------------------------------------------ the spaCy component
def test_component_relabels_ents_and_caches_mentions(gaz):
    assert "sitrep_places" in pipeline.EXTRA_COMPONENTS
    nlp = spacy.blank("en")
    pipeline.EXTRA_COMPONENTS["sitrep_places"](nlp)
    nlp.get_pipe("sitrep_places").gazetteer = gaz
    doc = nlp("Rebels entered Aleppo and Idlib province on Friday.")
    assert [(e.text, e.label_) for e in doc.ents] == [("Aleppo", "GPE"), ("Idlib", "GPE")]
    ms = find_places(doc, gazetteer=gaz)
    assert [m.place.id for m in ms] == ["p-170063", "p-SY-ID"]
    assert isinstance(doc.user_data["sitrep_places"][1][0], list)  # plain data: Docs still pickle
