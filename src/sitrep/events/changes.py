"""What an analysis changed: the difference between the stored events,
discrepancies and stories of the affected stories before and after a run.

Each change is a dict ``{"kind", "story", "event", "field", "old", "new",
"summary"}`` (``event``/``field``/``old``/``new`` may be ``None``). Kinds:

- ``new_story`` / ``story_removed``; ``story_grew`` (documents added:
  ``old``/``new`` are the document counts);
- ``new_event`` / ``event_removed``;
- ``count_changed``, ``date_changed``, ``place_changed``: the event's value
  moved (``old`` → ``new``, as the report prints them);
- ``status_changed`` (``asserted`` → ``denied``, …) and ``new_denial`` when
  an event is denied for the first time (its status became ``denied``, or a
  new ``occurred`` discrepancy says someone denies it);
- ``new_discrepancy`` / ``discrepancy_resolved``;
- ``sources_changed``: the number of independent sources moved.

Event ids are stable across runs (kept through the stored mention anchors),
so the same id before and after is the same event.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

KINDS = ("new_story", "story_removed", "story_grew", "new_event", "event_removed", "count_changed",
         "date_changed", "place_changed", "status_changed", "new_denial", "sources_changed", "new_discrepancy",
         "discrepancy_resolved")


def _count(e: dict) -> str | None:
    c = e.get("count") or {}
    lo, hi = c.get("low"), c.get("high")
    if lo is None and hi is None:
        return None
    value = f"{lo:g}" if lo == hi else f"{'' if lo is None else format(lo, 'g')}–{'' if hi is None else format(hi, 'g')}"
    return f"{value} {c['unit']}" if c.get("unit") else value


def _date(e: dict) -> str | None:
    d = e.get("date") or {}
    return d.get("value")


def _place(e: dict) -> str | None:
    p = e.get("place") or {}
    return p.get("name") or p.get("text") if isinstance(p, dict) else (p or None)


def _sources(e: dict) -> int | None:
    v = e.get("independent_sources")
    return v if isinstance(v, int) else None


def _label(e: dict) -> str:
    s = (e.get("summary") or e.get("type") or "").strip()
    return s if len(s) <= 120 else s[:119] + "…"


def _change(kind: str, story: str | None, event: str | None = None, field: str | None = None,
            old=None, new=None, summary: str = "") -> dict:
    return {"kind": kind, "story": story, "event": event, "field": field, "old": old, "new": new, "summary": summary}


def diff(old_events: Iterable[dict], new_events: Iterable[dict], old_ledger: Iterable[dict],
         new_ledger: Iterable[dict], old_stories: Mapping[str, int], new_stories: Mapping[str, int],
         stories: Sequence[str] | None = None) -> list[dict]:
    """The changes from the old state to the new one. ``old_stories`` /
    ``new_stories``: story id → document count; ``stories``: the stories
    compared (default: every story on either side)."""
    scope = set(stories) if stories is not None else set(old_stories) | set(new_stories)
    out: list[dict] = []
    for sid in sorted(scope):
        before, after = old_stories.get(sid), new_stories.get(sid)
        if before is None and after is not None:
            out.append(_change("new_story", sid, new=after, summary=f"new story with {after} documents"))
        elif before is not None and after is None:
            out.append(_change("story_removed", sid, old=before, summary="story merged or removed"))
        elif before is not None and after is not None and after > before:
            out.append(_change("story_grew", sid, old=before, new=after, summary=f"{after - before} documents added"))
    olds = {e["id"]: e for e in old_events if e.get("story") in scope}
    news = {e["id"]: e for e in new_events if e.get("story") in scope}
    for eid, e in sorted(news.items(), key=lambda kv: (kv[1].get("story") or "", _date(kv[1]) or "", kv[0])):
        o = olds.get(eid)
        story = e.get("story")
        if o is None:
            out.append(_change("new_event", story, eid, summary=_label(e)))
            if e.get("status") == "denied":
                out.append(_change("new_denial", story, eid, "occurred", None, "denied", _label(e)))
            continue
        for kind, field, get in (("count_changed", "count", _count), ("date_changed", "date", _date),
                                 ("place_changed", "place", _place), ("sources_changed", "independent_sources", _sources)):
            a, b = get(o), get(e)
            if a != b:
                out.append(_change(kind, story, eid, field, a, b, _label(e)))
        if o.get("status") != e.get("status"):
            out.append(_change("status_changed", story, eid, "status", o.get("status"), e.get("status"), _label(e)))
            if e.get("status") == "denied":
                out.append(_change("new_denial", story, eid, "occurred", o.get("status"), "denied", _label(e)))
    for eid in sorted(set(olds) - set(news)):
        o = olds[eid]
        out.append(_change("event_removed", o.get("story"), eid, summary=_label(o)))
    old_x = {x["id"]: x for x in old_ledger if x.get("story") in scope}
    new_x = {x["id"]: x for x in new_ledger if x.get("story") in scope}
    denied_now = {c["event"] for c in out if c["kind"] == "new_denial"}
    for xid in sorted(set(new_x) - set(old_x)):
        x = new_x[xid]
        values = "; ".join(str(v.get("label") or v.get("value")) for v in x.get("values", []))
        out.append(_change("new_discrepancy", x.get("story"), x.get("event"), x.get("field"), None, values,
                           f"{x.get('field')}: {values}"))
        if x.get("field") == "occurred" and x.get("event") not in denied_now:
            out.append(_change("new_denial", x.get("story"), x.get("event"), "occurred", None, "denied",
                               f"someone denies it: {values}"))
    for xid in sorted(set(old_x) - set(new_x)):
        x = old_x[xid]
        out.append(_change("discrepancy_resolved", x.get("story"), x.get("event"), x.get("field"),
                           summary=f"{x.get('field')} no longer disputed"))
    return out
