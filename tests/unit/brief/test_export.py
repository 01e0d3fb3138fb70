"""Exports parse back: CSV with the csv module, GeoJSON with json, GraphML
with an XML parser; and carry what the report says."""

from __future__ import annotations

import csv
import io
import json

import pytest
from lxml import etree

from sitrep import export

G = {"g": "http://graphml.graphdrawing.org/xmlns"}


def test_csv_columns_and_rows(report):
    text = export.export(report, "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    header = next(csv.reader(io.StringIO(text)))
    assert header[:13] == ["event_date", "event_type", "actor1", "actor2", "location", "latitude", "longitude",
                           "geo_precision", "time_precision", "source", "notes", "independent_sources", "disputed"]
    assert len(rows) == len(report["events"])
    by_id = {r["event_id"]: r for r in rows}
    move = by_id["v-move"]
    assert move["event_date"] == "2025-03-02" and move["event_type"] == "movement"
    assert move["actor1"] == "Northern Front" and move["location"] == "Port Arden"
    assert float(move["latitude"]) == 43.1 and float(move["longitude"]) == 5.9
    assert move["geo_precision"] == "1" and move["time_precision"] == "1"
    assert move["source"] == "Harbour Ledger; Coastal Wire; Valley Times"
    assert move["independent_sources"] == "2" and move["disputed"] == "true"
    assert "disputed count: about 300 vs dozens" in move["notes"]
    clash = by_id["v-clash"]
    assert clash["actor2"] == "Northern Front" and clash["fact_status"] == "disputed"
    assert by_id["v-cross"]["geo_precision"] == "3"                 # a region
    assert by_id["v-cross"]["time_precision"] == "2"                # only the publication date
    assert by_id["v-old"]["time_precision"] == "3"                  # a year
    assert by_id["v-drone"]["location"] == "" and by_id["v-drone"]["latitude"] == ""
    assert by_id["v-drone"]["disputed"] == "false"
    assert [r["event_date"] for r in rows] == sorted(r["event_date"] for r in rows)


def test_geojson_is_valid_points_in_lon_lat_order(report):
    g = json.loads(export.export(report, "geojson"))
    assert g["type"] == "FeatureCollection"
    ids = {f["id"] for f in g["features"]}
    assert ids == {"v-move", "v-clash", "v-cross"}
    assert g["unplaced_events"] == 3
    for f in g["features"]:
        assert f["type"] == "Feature" and f["geometry"]["type"] == "Point"
        lon, lat = f["geometry"]["coordinates"]
        assert isinstance(lon, float) and isinstance(lat, float)
        assert -180 <= lon <= 180 and -90 <= lat <= 90
    move = next(f for f in g["features"] if f["id"] == "v-move")
    assert move["geometry"]["coordinates"] == [5.9, 43.1]
    assert move["properties"]["fact_status"] == "disputed" and move["properties"]["independent_sources"] == 2
    assert move["properties"]["place_precision"] == "city"


def test_graphml_parses_and_holds_the_actor_graph(report):
    xml = export.export(report, "graphml")
    root = etree.fromstring(xml.encode("utf-8"))
    assert root.tag == "{http://graphml.graphdrawing.org/xmlns}graphml"
    keys = {k.get("attr.name"): k.get("id") for k in root.xpath("//g:key", namespaces=G)}
    assert {"name", "type", "relation", "weight", "events", "evidence"} <= set(keys)
    nodes = {n.get("id"): n.xpath(f"g:data[@key='{keys['name']}']/text()", namespaces=G)[0]
             for n in root.xpath("//g:node", namespaces=G)}
    assert nodes["e-og"] == "Ostrava Guard" and nodes["e-nf"] == "Northern Front"
    edges = set()
    for e in root.xpath("//g:edge", namespaces=G):
        assert e.get("source") in nodes and e.get("target") in nodes
        rel = e.xpath(f"g:data[@key='{keys['relation']}']/text()", namespaces=G)[0]
        edges.add((e.get("source"), rel, e.get("target")))
        assert int(e.xpath(f"g:data[@key='{keys['weight']}']/text()", namespaces=G)[0]) >= 1
    assert {("e-og", "fights", "e-nf"), ("e-vc", "backs", "e-og"), ("e-md", "denies", "e-nf")} <= edges


def test_json_is_the_report(report):
    assert json.loads(export.export(report, "json")) == report


def test_unknown_format(report):
    with pytest.raises(ValueError):
        export.export(report, "xlsx")
