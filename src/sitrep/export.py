"""Exports of a ``sitrep/1`` report: CSV, GeoJSON, GraphML and JSON.

- **csv**: one row per event with ACLED-like columns (``event_date,
  event_type, actor1, actor2, location, latitude, longitude, geo_precision,
  time_precision, source, notes``) plus sitrep's ``independent_sources`` and
  ``disputed``, then extra columns (event id, story, status, …).
  ``geo_precision`` and ``time_precision`` use ACLED's codes: geo 1 = the
  town or site itself, 2 = a district or a place near it, 3 = a region or a
  whole country; time 1 = the day is known, 2 = within a week (or only the
  report's publication date is known), 3 = a month or more. Text cells that
  start with ``= + - @`` (or a tab or carriage return) get a leading
  apostrophe so that a spreadsheet does not run them as formulas.
- **geojson**: a FeatureCollection with one Point per located event
  (RFC 7946 order: longitude, latitude).
- **graphml**: the actor graph (who fights, backs, meets, denies … whom),
  every relation found, with the events behind each edge.
- **json**: the report itself.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from datetime import date

from .brief import model
from .brief.text import csv_cell, plain, xml_text

FORMATS = ("csv", "geojson", "graphml", "json")
ACLED_COLUMNS = ["event_date", "event_type", "actor1", "actor2", "location", "latitude", "longitude",
                 "geo_precision", "time_precision", "source", "notes", "independent_sources", "disputed"]
EXTRA_COLUMNS = ["event_id", "story", "status", "fact_status", "assoc_actor_1", "date_earliest", "date_latest",
                 "reports", "count_low", "count_high", "count_unit", "place_id"]
CSV_COLUMNS = ACLED_COLUMNS + EXTRA_COLUMNS

_GEO_CODE = {"city": 1, "town": 1, "village": 1, "crossing": 1, "site": 1, "district": 2, "region": 3, "country": 3}


def geo_precision(place: dict | None) -> int | None:
    if not place:
        return None
    return _GEO_CODE.get(place.get("precision") or place.get("kind") or "", 2)


def time_precision(d: dict | None) -> int | None:
    if not d or not d.get("value"):
        return None
    if d.get("inferred"):
        return 2
    p = d.get("precision") or "day"
    if p in ("month", "year"):
        return 3
    try:
        span = (date.fromisoformat(d.get("latest") or d["value"]) - date.fromisoformat(d.get("earliest") or d["value"])).days
    except ValueError:
        span = 0
    if p == "week" or 0 < span <= 7:
        return 2 if span <= 7 else 3
    return 1 if span == 0 else 3


def event_rows(report: dict, briefing: model.Briefing | None = None) -> list[dict]:
    """One dict per event of the report, keyed by :data:`CSV_COLUMNS`."""
    b = briefing or model.build(report)
    docs = {d["id"]: d for d in report.get("documents") or []}
    places = {p["id"]: p for p in report.get("places") or []}
    names = b.entity_names
    disc: dict[str, list[dict]] = {}
    for x in report.get("discrepancies") or []:
        if x.get("event"):
            disc.setdefault(x["event"], []).append(x)
    rows = []
    for ev in report.get("events") or []:
        d = ev.get("date") or {}
        place = places.get(ev.get("place") or "")
        actors = [names.get(a, a) for a in ev.get("actors") or []]
        targets = [names.get(t, t) for t, _ in b.targets.get(ev.get("id") or "", [])]
        reports = list(dict.fromkeys(m.get("document") for m in ev.get("mentions") or [] if m.get("document")))
        outlets = list(dict.fromkeys(model.outlet_label(docs[r]) for r in reports if r in docs))
        xs = disc.get(ev.get("id") or "", [])
        notes = [plain(ev.get("summary"))]
        atts = list(dict.fromkeys(plain(m.get("attributed_to")) for m in ev.get("mentions") or [] if m.get("attributed_to")))
        if atts:
            notes.append("according to " + "; ".join(atts[:4]) + ("; …" if len(atts) > 4 else ""))
        if d.get("inferred"):
            notes.append("date: the report's publication date")
        for x in xs:
            notes.append(f"disputed {plain(x.get('field'))}: " + " vs ".join(
                plain(v.get("label") if v.get("label") is not None else v.get("value")) for v in x.get("values") or []))
        count = ev.get("count") or {}
        rows.append({
            "event_date": d.get("value") or "",
            "event_type": plain(ev.get("type")),
            "actor1": actors[0] if actors else "",
            "actor2": targets[0] if targets else "",
            "location": plain(place.get("name")) if place else "",
            "latitude": place.get("lat") if place else None,
            "longitude": place.get("lon") if place else None,
            "geo_precision": geo_precision(place),
            "time_precision": time_precision(d),
            "source": "; ".join(outlets),
            "notes": ". ".join(n for n in notes if n),
            "independent_sources": ev.get("independent_sources") or 0,
            "disputed": bool(xs),
            "event_id": ev.get("id") or "",
            "story": ev.get("story") or "",
            "status": plain(ev.get("status")),
            "fact_status": model.fact_status(ev, xs),
            "assoc_actor_1": "; ".join(actors[1:]),
            "date_earliest": d.get("earliest") or "",
            "date_latest": d.get("latest") or "",
            "reports": len(reports),
            "count_low": count.get("low"),
            "count_high": count.get("high"),
            "count_unit": plain(count.get("unit")),
            "place_id": ev.get("place") or "",
        })
    rows.sort(key=lambda r: (r["event_date"] or "9999", r["event_id"]))
    return rows


def to_csv(report: dict) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(CSV_COLUMNS)
    for row in event_rows(report):
        w.writerow([csv_cell(row[c]) for c in CSV_COLUMNS])
    return buf.getvalue()


def to_geojson(report: dict) -> dict:
    b = model.build(report)
    rows = {r["event_id"]: r for r in event_rows(report, b)}
    places = {p["id"]: p for p in report.get("places") or []}
    names = b.entity_names
    features = []
    unplaced = 0
    for ev in report.get("events") or []:
        p = places.get(ev.get("place") or "")
        try:
            lon, lat = float(p["lon"]), float(p["lat"])
        except (TypeError, ValueError, KeyError):
            unplaced += 1
            continue
        r = rows[ev["id"]]
        d = ev.get("date") or {}
        features.append({
            "type": "Feature",
            "id": ev["id"],
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {
                "event_id": ev["id"], "story": ev.get("story"), "type": ev.get("type"), "summary": plain(ev.get("summary")),
                "date": d.get("value"), "date_precision": d.get("precision"), "date_earliest": d.get("earliest"),
                "date_latest": d.get("latest"), "date_inferred": bool(d.get("inferred")),
                "place_id": p["id"], "place": plain(p.get("name")), "place_kind": p.get("kind"),
                "place_precision": p.get("precision") or p.get("kind"), "country": p.get("country"),
                "geo_precision": r["geo_precision"], "time_precision": r["time_precision"],
                "status": ev.get("status"), "fact_status": r["fact_status"],
                "independent_sources": ev.get("independent_sources") or 0, "reports": r["reports"],
                "disputed": r["disputed"], "actors": [names.get(a, a) for a in ev.get("actors") or []],
                "targets": [names.get(t, t) for t, _ in b.targets.get(ev["id"], [])], "sources": r["source"],
            },
        })
    return {"type": "FeatureCollection", "features": features, "unplaced_events": unplaced}


_NS = "http://graphml.graphdrawing.org/xmlns"


def to_graphml(report: dict) -> str:
    b = model.build(report)
    ET.register_namespace("", _NS)
    root = ET.Element(f"{{{_NS}}}graphml")
    keys = [("d0", "node", "name", "string"), ("d1", "node", "type", "string"),
            ("d2", "edge", "relation", "string"), ("d3", "edge", "weight", "int"),
            ("d4", "edge", "events", "string"), ("d5", "edge", "evidence", "string")]
    for kid, kfor, name, typ in keys:
        ET.SubElement(root, f"{{{_NS}}}key", {"id": kid, "for": kfor, "attr.name": name, "attr.type": typ})
    graph = ET.SubElement(root, f"{{{_NS}}}graph", {"id": "actors", "edgedefault": "directed"})
    ents = {e["id"]: e for e in report.get("entities") or []}
    nodes: list[str] = []
    for e in b.relations:
        for n in (e.source, e.target):
            if n not in nodes:
                nodes.append(n)
    for n in nodes:
        el = ET.SubElement(graph, f"{{{_NS}}}node", {"id": xml_text(n)})
        ET.SubElement(el, f"{{{_NS}}}data", {"key": "d0"}).text = xml_text(b.entity_names.get(n, n))
        ET.SubElement(el, f"{{{_NS}}}data", {"key": "d1"}).text = xml_text((ents.get(n) or {}).get("type") or "")
    for i, e in enumerate(b.relations):
        el = ET.SubElement(graph, f"{{{_NS}}}edge", {"id": f"r{i}", "source": xml_text(e.source), "target": xml_text(e.target)})
        ET.SubElement(el, f"{{{_NS}}}data", {"key": "d2"}).text = xml_text(e.relation)
        ET.SubElement(el, f"{{{_NS}}}data", {"key": "d3"}).text = str(e.weight)
        ET.SubElement(el, f"{{{_NS}}}data", {"key": "d4"}).text = xml_text(" ".join(e.events))
        ET.SubElement(el, f"{{{_NS}}}data", {"key": "d5"}).text = xml_text(" | ".join(e.evidence))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def export(report: dict, fmt: str) -> str:
    """The report in this format, as text."""
    if fmt == "csv":
        return to_csv(report)
    if fmt == "geojson":
        return json.dumps(to_geojson(report), ensure_ascii=False, indent=1) + "\n"
    if fmt == "graphml":
        return to_graphml(report)
    if fmt == "json":
        return json.dumps(report, ensure_ascii=False, indent=1) + "\n"
    raise ValueError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})")
