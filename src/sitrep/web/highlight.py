"""The clean text as HTML with its evidence spans marked.

Spans overlap freely (an entity inside a quote inside an event sentence; a
quote running across two sentences), so the text is cut at every span edge
and each piece is wrapped in the spans that cover it, in a fixed order:
event sentence ``<mark class="ev">``, quote ``<mark class="qt">``, then one
link, to the place (preferred) or the entity. Every piece is closed before
the next opens, so the markup is always well nested. All text and attribute
values go through :func:`markupsafe.escape`; nothing of the document is
emitted raw.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from urllib.parse import quote

from markupsafe import Markup, escape



def _attr(value: object) -> Markup:
    return escape(str(value))


def _href(kind: str, ref: str) -> str:
    folder = "places" if kind == "place" else "entities"
    return f"/{folder}/{quote(ref, safe='')}"


def render(text: str, spans: Sequence[dict], href: Callable[[str, str], str] = _href) -> Markup:
    """``text`` as HTML with ``spans`` (dicts with kind, start, end, ref,
    label) marked. Spans outside the text or empty are ignored."""
    n = len(text)
    valid = [s for s in spans if 0 <= s["start"] < s["end"] <= n]
    cuts = sorted({0, n, *(s["start"] for s in valid), *(s["end"] for s in valid)})
    valid.sort(key=lambda s: (s["start"], -s["end"]))
    out: list[str] = []
    active: list[dict] = []
    i = 0
    for a, b in zip(cuts, cuts[1:]):
        while i < len(valid) and valid[i]["start"] <= a:
            active.append(valid[i])
            i += 1
        active = [s for s in active if s["end"] > a]
        piece = escape(text[a:b])
        if not active:
            out.append(piece)
            continue
        event = next((s for s in active if s["kind"] == "event"), None)
        quote_ = next((s for s in active if s["kind"] == "quote"), None)
        link = next((s for s in active if s["kind"] == "place" and s.get("ref")), None) or \
            next((s for s in active if s["kind"] == "entity" and s.get("ref")), None)
        opened: list[str] = []
        if event is not None:
            out.append(f'<mark class="ev" data-event="{_attr(event["ref"])}" title="{_attr(event["label"])}">')
            opened.append("</mark>")
        if quote_ is not None:
            out.append(f'<mark class="qt" title="{_attr(quote_["label"])}">')
            opened.append("</mark>")
        if link is not None:
            cls = "pl" if link["kind"] == "place" else "en"
            out.append(f'<a class="{cls}" href="{_attr(href(link["kind"], link["ref"]))}" '
                       f'title="{_attr(link["label"])}">')
            opened.append("</a>")
        out.append(piece)
        out.extend(reversed(opened))
    return Markup("".join(out))


def mark_ranges(text: str, ranges: Sequence[Sequence[int]]) -> Markup:
    """``text`` escaped, with each ``[start, end)`` range in ``<mark>`` (search snippets)."""
    out: list[str] = []
    pos = 0
    for start, end in sorted((int(s), int(e)) for s, e in ranges):
        if start < pos or end <= start or end > len(text):
            continue
        out.append(escape(text[pos:start]))
        out.append(Markup("<mark>") + escape(text[start:end]) + Markup("</mark>"))
        pos = end
    out.append(escape(text[pos:]))
    return Markup("".join(out))
