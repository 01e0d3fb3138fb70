"""Inline SVG for the briefing: timeline, map and actor graph.

Each function returns ``markupsafe.Markup``; every piece of report text
that goes into it passes through ``escape`` (element text and attribute
values alike), and the only links are fragment links (``#c-3``) to the
citation list. Styling is by class names that the page's CSS defines.
Layouts are deterministic: the same briefing draws the same picture.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

from markupsafe import Markup, escape

from . import geo
from .model import Graph, MapPlace, StoryBrief, TimelineItem
from .text import shorten

STATUS_ORDER = {"denied": 0, "disputed": 1, "confirmed": 2, "single source": 3}
STATUS_CLASS = {"denied": "st-denied", "disputed": "st-disputed", "confirmed": "st-confirmed", "single source": "st-single"}
RELATIONS = ("fights", "backs", "meets", "denies", "threatens", "accuses", "acts on")


def _cls(status: str) -> str:
    return STATUS_CLASS.get(status, "st-single")


def _f(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


# --- timeline -------------------------------------------------------------

def _ticks(lo: date, hi: date) -> list[tuple[date, str]]:
    span = (hi - lo).days
    out: list[tuple[date, str]] = []
    if span <= 16:
        d = lo
        while d <= hi:
            out.append((d, d.strftime("%b %d").replace(" 0", " ")))
            d += timedelta(days=1)
    elif span <= 90:
        d = lo + timedelta(days=(7 - lo.weekday()) % 7)
        while d <= hi:
            out.append((d, d.strftime("%b %d").replace(" 0", " ")))
            d += timedelta(days=7)
    elif span <= 800:
        d = date(lo.year, lo.month, 1)
        while d <= hi:
            if d >= lo:
                out.append((d, d.strftime("%b %Y")))
            d = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    else:
        step = max(1, span // 3650 + 1)
        y = lo.year + 1
        while date(y, 1, 1) <= hi:
            out.append((date(y, 1, 1), str(y)))
            y += step
    return out


def _short_date(t: TimelineItem) -> str:
    """The date column's text, short enough for its 78 px: a day as ISO, a
    range as "Oct 27–Nov 2" (the full text is in the row's title)."""
    text = t.date_text.split(" (")[0]
    if len(text) <= 10:
        return text
    a, b = t.earliest, t.latest
    if a.year != b.year:
        return f"{a.year}–{b.year}" if (a.month, a.day, b.month, b.day) == (1, 1, 12, 31) else f"{a:%b %Y}–{b:%b %Y}"[:16]
    if (a.month, a.day, b.month, b.day) == (1, 1, 12, 31):
        return str(a.year)
    if a.month == b.month and a.day == 1 and (b + timedelta(days=1)).day == 1:
        return f"{a:%b %Y}"
    return f"{a:%b} {a.day}–{b:%b} {b.day}" if a.month != b.month else f"{a:%b} {a.day}–{b.day}"


def timeline_svg(story: StoryBrief, uid: str) -> Markup:
    items: list[TimelineItem] = story.timeline
    if not items:
        return Markup("")
    # the axis spans the dates known to the day or week (and their competing
    # values); month- and year-precision dates outside it are drawn at its
    # edge with an arrow
    exact = [t for t in items if t.precision in ("day", "week")] or items
    values = [t.value for t in exact] + [d for t in exact for d, _ in t.disputed]
    lo, hi = min(values), max(values)
    for t in exact:
        if (t.latest - t.earliest).days <= 10:
            lo, hi = min(lo, t.earliest), max(hi, t.latest)
    if (hi - lo).days < 6:
        pad = (6 - (hi - lo).days) // 2 + 1
        lo, hi = lo - timedelta(days=pad), hi + timedelta(days=pad)
    else:
        lo, hi = lo - timedelta(days=1), hi + timedelta(days=1)
    W, x0, x1, label_x = 980, 84, 560, 574
    top, row = 40, 21
    H = top + row * len(items) + 12
    span = max(1, (hi - lo).days)

    def X(d: date) -> float:
        return x0 + (min(max(d, lo), hi) - lo).days / span * (x1 - x0)

    parts = [f'<svg class="timeline" viewBox="0 0 {W} {H}" width="100%" role="img" '
             f'aria-label="{escape("Timeline of " + str(len(items)) + " events")}">',
             f'<defs><pattern id="{uid}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
             '<rect width="3" height="6" class="tl-hatch"/></pattern></defs>']
    ticks = _ticks(lo, hi)
    # a label needs ~48 px: with closer ticks only every k-th is labelled
    gap = (X(ticks[1][0]) - X(ticks[0][0])) if len(ticks) > 1 else x1 - x0
    every = max(1, -(-48 // max(1, int(gap))))
    for k, (d, label) in enumerate(ticks):
        x = _f(X(d))
        parts.append(f'<line class="tl-grid" x1="{x}" y1="{top - 8}" x2="{x}" y2="{H - 8}"/>')
        if k % every == 0:
            parts.append(f'<text class="tl-tick" x="{x}" y="{top - 14}" text-anchor="middle">{escape(label)}</text>')
    parts.append(f'<line class="tl-axis" x1="{x0}" y1="{top - 8}" x2="{x1}" y2="{top - 8}"/>')
    for i, t in enumerate(items):
        y = top + i * row + row / 2
        title = f"{t.type} — {t.date_text} — {t.status}: {t.label}"
        if t.disputed:
            title += " — competing dates: " + "; ".join(f"{d.isoformat()} ({who})" for d, who in t.disputed)
        href = f"#c-{t.cites[0]}" if t.cites else f"#{uid}-fact-{t.event}"
        parts.append(f'<a href="{escape(href)}" class="tl-link"><g class="tl-row {_cls(t.status)}"'
                     f' data-event="{escape(t.event)}"><title>{escape(title)}</title>')
        parts.append(f'<rect class="tl-band" x="0" y="{_f(y - row / 2)}" width="{W}" height="{row}"/>')
        if t.latest > t.earliest and t.latest >= lo and t.earliest <= hi:
            a, b = X(t.earliest), X(t.latest)
            parts.append(f'<rect class="tl-range prec-{escape(t.precision)}" x="{_f(a)}" y="{_f(y - 3)}" '
                         f'width="{_f(max(2.0, b - a))}" height="6" rx="3"/>')

        if t.disputed:
            ds = [d for d, _ in t.disputed]
            a, b = X(min(ds)), X(max(ds))
            parts.append(f'<rect class="tl-disputed" x="{_f(a - 4)}" y="{_f(y - 7)}" width="{_f(b - a + 8)}" height="14" '
                         f'rx="4" fill="url(#{uid}-hatch)"/>')
            for d, who in t.disputed:
                parts.append(f'<line class="tl-alt" x1="{_f(X(d))}" y1="{_f(y - 8)}" x2="{_f(X(d))}" y2="{_f(y + 8)}">'
                             f'<title>{escape(d.isoformat() + " — " + who)}</title></line>')
        if t.earliest < lo:
            parts.append(f'<path class="tl-clip" d="M{_f(x0 - 9)} {_f(y)} l7 -5 v10 z"/>')
        if t.latest > hi:
            parts.append(f'<path class="tl-clip" d="M{_f(x1 + 9)} {_f(y)} l-7 -5 v10 z"/>')
        shape = "tl-dot-inferred" if t.inferred else "tl-dot"
        parts.append(f'<circle class="{shape}" cx="{_f(X(t.value))}" cy="{_f(y)}" r="5"/>')
        parts.append(f'<text class="tl-date" x="6" y="{_f(y + 4)}">{escape(_short_date(t))}</text>')
        parts.append(f'<text class="tl-label" x="{label_x}" y="{_f(y + 4)}"><tspan class="tl-type">{escape(t.type)}</tspan> '
                     f'{escape(shorten(t.label, max(20, 54 - len(t.type))))}</text>')
        parts.append("</g></a>")
    parts.append("</svg>")
    return Markup("".join(parts))


# --- map ------------------------------------------------------------------

_PRECISION_KM = {"country": 250.0, "region": 70.0, "district": 12.0}


def _worst(statuses: list[str]) -> str:
    return min(statuses, key=lambda s: STATUS_ORDER.get(s, 9)) if statuses else "single source"


FOCUS_KM = 2000.0


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    (lon1, lat1), (lon2, lat2) = a, b
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def map_focus(places: list[MapPlace]) -> tuple[list[MapPlace], list[MapPlace]]:
    """(places drawn, places left off): the map frames the places within
    FOCUS_KM of the event-weighted median place, unless that leaves out
    half the events or more; far outliers (a meeting in Washington for a
    war in Syria) are listed instead of shrinking the map to the world."""
    if len(places) <= 1:
        return places, []
    weights = [(p, len(p.events)) for p in places]
    total = sum(w for _, w in weights)

    def wmedian(vals: list[tuple[float, int]]) -> float:
        acc = 0
        for v, w in sorted(vals):
            acc += w
            if acc * 2 >= total:
                return v
        return vals[-1][0]
    center = (wmedian([(p.lon, w) for p, w in weights]), wmedian([(p.lat, w) for p, w in weights]))
    near = [p for p in places if _km((p.lon, p.lat), center) <= FOCUS_KM]
    if sum(len(p.events) for p in near) * 2 <= total:
        return places, []
    return near, [p for p in places if p not in near]


def map_svg(story: StoryBrief, uid: str) -> Markup:
    if not story.places:
        return Markup("")
    places, off = map_focus(story.places)
    W = 980
    proj = geo.Projection.fit([(p.lon, p.lat) for p in places], width=W, max_height=540)
    H = proj.height
    parts = [f'<svg class="map" viewBox="0 0 {_f(W)} {_f(H)}" width="100%" role="img" '
             f'aria-label="{escape("Map of " + str(len(places)) + " event places")}">',
             f'<rect class="map-sea" x="0" y="0" width="{_f(W)}" height="{_f(H)}"/>']
    # graticule
    span = max(proj.lon1 - proj.lon0, proj.lat1 - proj.lat0)
    step = 1 if span <= 12 else 5 if span <= 50 else 10 if span <= 120 else 30
    lon = math.ceil(proj.lon0 / step) * step
    while lon <= proj.lon1:
        x = _f(proj.xy(lon, 0)[0])
        parts.append(f'<line class="map-grat" x1="{x}" y1="0" x2="{x}" y2="{_f(H)}"/>')
        lon += step
    lat = math.ceil(proj.lat0 / step) * step
    while lat <= proj.lat1:
        y = _f(proj.xy(0, lat)[1])
        parts.append(f'<line class="map-grat" x1="0" y1="{y}" x2="{_f(W)}" y2="{y}"/>')
        lat += step
    labels = []
    for c in geo.countries():
        if not proj.sees(c.bbox):
            continue
        d = geo.path_data(proj, c.polygons)
        if d:
            parts.append(f'<path class="map-land" d="{d}"><title>{escape(c.name)}</title></path>')
        if c.label_at:
            lx, ly = proj.xy(*c.label_at)
            bw = proj.xy(c.bbox[2], 0)[0] - proj.xy(c.bbox[0], 0)[0]
            if 0 < lx < W and 0 < ly < H and bw > 70:
                labels.append(f'<text class="map-country" x="{_f(lx)}" y="{_f(ly)}" text-anchor="middle">{escape(c.name)}</text>')
    parts.extend(labels)
    taken: list[tuple[float, float, float, float]] = []
    marks, texts = [], []
    for p in places:
        x, y = proj.xy(p.lon, p.lat)
        status = _worst(p.statuses)
        n = len(p.events)
        r = 4.5 + min(5.0, 1.6 * math.log2(n + 1))
        title = f"{p.name} — {p.precision} precision ({p.lat:.2f}, {p.lon:.2f}) — {n} event{'s' if n != 1 else ''}: " + "; ".join(p.labels[:6])
        g = [f'<g class="map-place {_cls(status)} prec-{escape(p.precision)}" data-place="{escape(p.id)}"><title>{escape(title)}</title>']
        km = _PRECISION_KM.get(p.precision) or _PRECISION_KM.get(p.kind)
        if km:
            g.append(f'<circle class="map-area" cx="{_f(x)}" cy="{_f(y)}" r="{_f(max(r + 6, proj.km_to_px(km)))}"/>')
        g.append(f'<circle class="map-dot" cx="{_f(x)}" cy="{_f(y)}" r="{_f(r)}"/>')
        if n > 1:
            g.append(f'<text class="map-n" x="{_f(x)}" y="{_f(y + 3.5)}" text-anchor="middle">{n}</text>')
        g.append("</g>")
        marks.append("".join(g))
        label = f"{p.name}"
        w = 7.0 * len(label) + 6
        box = (x + r + 3, y - 9, x + r + 3 + w, y + 5)
        if box[2] > W:
            box = (x - r - 3 - w, y - 9, x - r - 3, y + 5)
        if all(box[2] < b[0] or box[0] > b[2] or box[3] < b[1] or box[1] > b[3] for b in taken):
            taken.append(box)
            texts.append(f'<text class="map-label" x="{_f(box[0])}" y="{_f(y + 4)}">{escape(label)}</text>')
    parts.extend(marks)
    parts.extend(texts)
    if off:
        note = "Off the map: " + ", ".join(f"{p.name} ({len(p.events)})" for p in off[:6]) + (" …" if len(off) > 6 else "")
        parts.append(f'<text class="map-off" x="8" y="{_f(H - 8)}">{escape(note)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


# --- actor graph ----------------------------------------------------------

def _order(graph: Graph) -> list[str]:
    """Nodes around the circle: breadth-first from the busiest node, so
    that connected actors sit together."""
    adj: dict[str, set[str]] = {n: set() for n in graph.nodes}
    for e in graph.edges:
        adj[e.source].add(e.target)
        adj[e.target].add(e.source)
    rank = {n: i for i, n in enumerate(graph.nodes)}   # nodes come sorted by degree
    seen: list[str] = []
    for start in graph.nodes:
        if start in seen:
            continue
        queue = [start]
        seen.append(start)
        while queue:
            cur = queue.pop(0)
            for nb in sorted(adj[cur], key=lambda n: rank[n]):
                if nb not in seen:
                    seen.append(nb)
                    queue.append(nb)
    return seen


def graph_layout(graph: Graph, width: float = 980, height: float = 600) -> dict[str, tuple[float, float]]:
    """Nodes on an ellipse, equally spaced along its length, in the order
    of :func:`_order`; room is left at the sides for the labels."""
    order = _order(graph)
    n = len(order)
    cx, cy = width / 2, height / 2
    rx, ry = width / 2 - 190, height / 2 - 55
    if n == 1:
        return {order[0]: (cx, cy)}
    # arc length along the ellipse, sampled finely, then cut into n equal parts
    steps = 720
    pts = [(-math.pi / 2 + 2 * math.pi * k / steps) for k in range(steps + 1)]
    xy = [(cx + rx * math.cos(a), cy + ry * math.sin(a)) for a in pts]
    cum = [0.0]
    for k in range(1, len(xy)):
        cum.append(cum[-1] + math.dist(xy[k - 1], xy[k]))
    total = cum[-1]
    pos: dict[str, tuple[float, float]] = {}
    k = 0
    for i, node in enumerate(order):
        target = total * i / n
        while k < len(cum) - 1 and cum[k] < target:
            k += 1
        pos[node] = xy[k]
    return pos


def graph_svg(story: StoryBrief, uid: str) -> Markup:
    g = story.graph
    if not g.edges:
        return Markup("")
    W, H = 980, 600
    pos = graph_layout(g, W, H)
    radius = {n: 6 + 2.2 * math.sqrt(v["degree"]) for n, v in g.nodes.items()}
    parts = [f'<svg class="graph" viewBox="0 0 {W} {H}" width="100%" role="img" '
             f'aria-label="{escape(f"Actor graph: {len(g.nodes)} actors, {len(g.edges)} relations")}"><defs>']
    for rel in RELATIONS:
        rid = rel.replace(" ", "-")
        parts.append(f'<marker id="{uid}-arrow-{rid}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" markerHeight="9" '
                     f'markerUnits="userSpaceOnUse" '
                     f'orient="auto-start-reverse"><path class="gr-head rel-{rid}" d="M0 0 L10 5 L0 10 z"/></marker>')
    parts.append("</defs>")
    for e in g.edges:
        (x1, y1), (x2, y2) = pos[e.source], pos[e.target]
        dx, dy = x2 - x1, y2 - y1
        dist = math.hypot(dx, dy) or 1.0
        # a slight curve, to the left of the direction of travel (two
        # relations between the same pair curve apart)
        off = 0.12 * dist
        mx, my = (x1 + x2) / 2 - dy / dist * off, (y1 + y2) / 2 + dx / dist * off
        # end at the target's rim
        tx, ty = x2 - mx, y2 - my
        tl = math.hypot(tx, ty) or 1.0
        ex, ey = x2 - tx / tl * (radius[e.target] + 2), y2 - ty / tl * (radius[e.target] + 2)
        rid = e.relation.replace(" ", "-")
        marker = "" if e.relation == "meets" else f' marker-end="url(#{uid}-arrow-{rid})"'
        title = (f"{g.nodes[e.source]['name']} {e.relation} {g.nodes[e.target]['name']}"
                 f" ({e.weight} mention{'s' if e.weight != 1 else ''})" + (": " + " | ".join(e.evidence) if e.evidence else ""))
        href = f"#c-{e.cites[0]}" if e.cites else "#"
        parts.append(f'<a href="{escape(href)}"><path class="gr-edge rel-{rid}" d="M{_f(x1)} {_f(y1)} Q{_f(mx)} {_f(my)} {_f(ex)} {_f(ey)}" '
                     f'stroke-width="{_f(1.2 + math.log2(e.weight + 1))}"{marker}><title>{escape(title)}</title></path></a>')
    cx, cy = W / 2, H / 2
    for node, (x, y) in pos.items():
        v = g.nodes[node]
        typ = (v.get("type") or "other").lower()
        r = radius[node]
        if abs(x - cx) < 90:      # top and bottom of the ring: label above / below
            anchor, lx, ly = "middle", x, (y - r - 6 if y < cy else y + r + 14)
        elif x > cx:
            anchor, lx, ly = "start", x + r + 5, y + 4
        else:
            anchor, lx, ly = "end", x - r - 5, y + 4
        parts.append(f'<g class="gr-node type-{escape(typ)}" data-entity="{escape(node)}">'
                     f'<title>{escape(v["name"] + " (" + (v.get("type") or "") + "), " + str(v["degree"]) + " relations")}</title>'
                     f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(r)}"/>'
                     f'<text x="{_f(lx)}" y="{_f(ly)}" text-anchor="{anchor}">{escape(shorten(v["name"], 32))}</text></g>')
    parts.append("</svg>")
    return Markup("".join(parts))
