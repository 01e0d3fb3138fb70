"""The briefing as markdown (``briefing.md``).

Every piece of report text goes through :func:`text.md_text`: HTML and
markdown syntax escaped, link-like tokens shown as code, so nothing a report
says becomes a live link, an image or raw HTML. Citations are ``[n]``
markers with a numbered list at the end (never reference-style link
definitions). The drawings become tables: the timeline by date, the map as
the places with their precision and coordinates, the actor graph as its
relations.
"""

from __future__ import annotations

from . import model
from .text import md_text, quoted


def _cites(ns: list[int]) -> str:
    return "".join(f"[{n}]" for n in ns)


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(c if c else " " for c in cells) + " |"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = [_row(header), _row(["---"] * len(header))]
    out.extend(_row(r) for r in rows)
    return out


def render_markdown(report: dict, story_id: str | None = None, *, briefing: model.Briefing | None = None) -> str:
    b = briefing if briefing is not None else model.build(report, story_id)
    t = md_text
    lines: list[str] = []
    heading = b.stories[0].title if story_id is not None and len(b.stories) == 1 else "Situation report"
    lines.append(f"# {t(heading)}")
    lines.append("")
    lines.append(f"{len(b.stories)} stor{'y' if len(b.stories) == 1 else 'ies'}, {b.documents} reports from "
                 f"{b.outlets} outlets, {len(b.citations)} cited sentences (built from a {t(b.generated_from)} report).")
    lines.append("")
    lines.append("Status of a fact: **confirmed**: at least two independent sources; **single source**: one; "
                 "**disputed**: sources disagree on a detail (see the ledger); **denied**: someone denies it happened. "
                 "Copies and rewrites of one agency story count as one independent source. "
                 "Each \\[n\\] refers to a sentence in the citations at the end.")
    for s in b.stories:
        lines += ["", f"## {t(s.title)}", ""]
        span = f"{t(s.start)} to {t(s.end)}, " if s.start else ""
        lines.append(f"{span}{len(s.documents)} reports from {len(s.outlets)} outlets, {s.events} events (story {t(s.id)}).")
        lines += ["", "### Summary", ""]
        if s.summary:
            for c in s.summary:
                tail = f" *({t(c.status)}: {t(c.support)})*" if c.status else ""
                lines.append(f"{t(c.text)} {_cites(c.cites)}{tail}")
                lines.append("")
        else:
            lines += ["No events were found in these reports.", ""]
        if s.facts:
            lines += ["### Key facts", ""]
            lines += _table(["Status", "What", "When", "Where", "How many", "Sources", "Evidence"], [
                [t(f.status) + (f" ({t(f.event_status)})" if f.event_status and f.event_status != "asserted" else ""),
                 f"**{t(f.type)}**: {t(f.text)}" + (f" (disputed: {t(', '.join(f.disputed_fields))})" if f.disputed_fields else ""),
                 t(f.date), t(f.place or "—"), t(f.count or "—"), t(f.support), _cites(f.cites)]
                for f in s.facts])
            lines.append("")
        lines += ["### Discrepancy ledger", ""]
        if s.ledger:
            rows = []
            for x in s.ledger:
                for i, v in enumerate(x.values):
                    rows.append([f"**{t(x.field)}**" if i == 0 else "", t(x.about, 120) if i == 0 else "",
                                 f"**{t(v.label)}**" + (f" ({t(v.text, 140)})" if v.text and v.text != v.label else ""),
                                 t("; ".join(v.who)) if v.who else "(not attributed)", t(", ".join(v.outlets)), _cites(v.cites)])
            lines += _table(["Field", "Event", "Value", "Who says it", "Via", "Evidence"], rows)
        else:
            lines.append("No discrepancies.")
        lines += ["", "### Timeline", ""]
        if s.timeline:
            lines += _table(["Date", "Precision", "Event", "Status", "Competing dates", "Evidence"], [
                [t(it.date_text), t(it.precision) + (" (inferred)" if it.inferred else ""), f"**{t(it.type)}**: {t(it.label)}",
                 t(it.status), t("; ".join(f"{d.isoformat()} ({who})" for d, who in it.disputed)), _cites(it.cites)]
                for it in s.timeline])
        else:
            lines.append("No dated events.")
        if s.background:
            lines += ["", "Earlier background: " + "; ".join(f"{t(f.date)}: {t(f.text, 110)} {_cites(f.cites[:1])}" for f in s.background)]
        lines += ["", "### Places", ""]
        if s.places:
            lines += _table(["Place", "Precision", "Lat, lon", "Events"], [
                [t(p.name) + (f" ({t(p.country)})" if p.country else ""), t(p.precision), f"{p.lat:.3f}, {p.lon:.3f}",
                 t("; ".join(p.labels[:3]) + (f"; and {len(p.labels) - 3} more" if len(p.labels) > 3 else ""))]
                for p in s.places])
            if s.unplaced:
                lines += ["", f"{s.unplaced} events name no place that could be located."]
        else:
            lines.append("No event of this story has a located place.")
        lines += ["", "### Actors", ""]
        if s.graph.edges:
            lines += _table(["Actor", "Relation", "Actor", "Mentions", "Evidence"], [
                [t(s.graph.nodes[e.source]["name"]), t(e.relation), t(s.graph.nodes[e.target]["name"]), str(e.weight), _cites(e.cites)]
                for e in s.graph.edges])
        else:
            lines.append("No relations between named actors were found.")
        lines += ["", "### Sources", ""]
        lines += _table(["Published", "Outlet", "Report", "Lineage", "Contributed"], [
            [t(r.published or "undated") + (" (inferred)" if r.published_inferred else ""),
             t(r.outlet) + (f" ({t(', '.join(r.authors))})" if r.authors else "") + (f"; wire: {t(r.wire)}" if r.wire else ""),
             f"{t(r.title)} ({t(r.document)})",
             t("; ".join(r.lineage + r.copied_by)) or "original",
             f"{r.mentions} mentions of {r.events} events, {r.quotes} quotes" + (f", {r.ledger_values} ledger values" if r.ledger_values else "")]
            for r in s.sources])
        lines += ["", "### How outlets name the actors", ""]
        if s.naming:
            rows = []
            for n in s.naming:
                for i, (outlet, forms) in enumerate(n.by_outlet):
                    rows.append([f"**{t(n.name)}**" if i == 0 else "", t(outlet),
                                 ", ".join(f"{t(f)} ×{k}" for f, k in forms)])
            lines += _table(["Actor", "Outlet", "Names used"], rows)
        else:
            lines.append("Every outlet uses the same names for the actors.")
        if s.descriptors:
            lines.append("")
            lines += _table(["Outlet", "How it describes armed groups"], [
                [t(o), ", ".join(f"“{t(term)}” ×{k}" for term, k in terms)] for o, terms in s.descriptors])
    lines += ["", "## Citations", ""]
    for c in b.citations:
        att = f", attributed to {t(c.attributed_to)}" if c.attributed_to else ""
        where = f", characters {c.start}–{c.end}" if c.start is not None else ""
        lines.append(f"{c.n}. {t(quoted(c.sentence))} — {t(c.outlet)}, {t(c.published or 'undated')}{att}: "
                     f"{t(c.title or '(untitled)')} ({t(c.document)}{where})")
    return "\n".join(lines).rstrip() + "\n"
