"""The compact terminal briefing (rich).

Report text is always wrapped in ``rich.text.Text`` (never parsed as rich
markup) after :func:`text.plain` has removed control characters, so a
report cannot style, hide or rewrite the terminal output.
"""

from __future__ import annotations

from rich.console import Console
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from . import model
from .text import plain, quoted, shorten

STATUS_STYLE = {"confirmed": "bold green", "single source": "dim", "disputed": "bold yellow", "denied": "bold red"}


def _t(s: object, style: str = "") -> Text:
    return Text(plain(s), style=style)


def _cites(ns: list[int]) -> Text:
    return Text("".join(f"[{n}]" for n in ns), style="cyan")


def print_terminal(report: dict, console: Console, story_id: str | None = None, *, max_facts: int = 6,
                   max_ledger: int = 6, briefing: model.Briefing | None = None) -> model.Briefing:
    """Print the summary, the top key facts and the ledger of each story,
    then the sentences the summaries cite. Returns the briefing."""
    b = briefing if briefing is not None else model.build(report, story_id)
    if not b.stories:
        console.print(Text("No stories in this report.", style="dim"))
        return b
    by_n = {c.n: c for c in b.citations}
    for s in b.stories:
        console.print(Rule(Text(shorten(s.title, 100), style="bold"), align="left"))
        meta = f"{s.start} – {s.end} · " if s.start else ""
        console.print(_t(f"{meta}{len(s.documents)} reports from {len(s.outlets)} outlets · {s.events} events · {s.id}", "dim"))
        shown: list[int] = []
        for c in s.summary:
            line = Text("• ")
            line.append(plain(c.text))
            line.append(" ")
            line.append_text(_cites(c.cites))
            if c.status:
                line.append(f"  {c.status}", style=STATUS_STYLE.get(c.status, ""))
                line.append(f" ({plain(c.support)})", style="dim")
            console.print(line)
            if c.cites and c.cites[0] not in shown:
                shown.append(c.cites[0])
        if s.facts:
            t = Table(title=Text(f"key facts ({min(max_facts, len(s.facts))} of {len(s.facts)})"), title_justify="left",
                      show_edge=False, pad_edge=False, expand=True)
            t.add_column("status", no_wrap=True)
            t.add_column("what", ratio=3, overflow="fold")
            t.add_column("when", no_wrap=True)
            t.add_column("sources", ratio=1, overflow="fold")
            for f in s.facts[:max_facts]:
                what = Text(f"{f.type}: ", style="bold")
                what.append(shorten(f.text, 110))
                if f.place:
                    what.append(f" ({plain(f.place)})", style="dim")
                short = f"{f.independent} indep. of {f.reports} report{'s' if f.reports != 1 else ''}"
                t.add_row(_t(f.status, STATUS_STYLE.get(f.status, "")), what, _t(f.when), _t(short, "dim"))
            console.print(t)
        if s.ledger:
            t = Table(title=Text(f"discrepancies ({min(max_ledger, len(s.ledger))} of {len(s.ledger)})"), title_justify="left",
                      show_edge=False, pad_edge=False, show_lines=False)
            t.add_column("field", no_wrap=True)
            t.add_column("competing values (who says it, via)", overflow="fold")
            for x in s.ledger[:max_ledger]:
                vals = Text()
                for i, v in enumerate(x.values):
                    if i:
                        vals.append("  vs  ", style="dim")
                    vals.append(shorten(v.label, 60), style="bold")
                    who = "; ".join(v.who[:2]) or "not attributed"
                    vals.append(f" ({shorten(who, 60)}, via {shorten(', '.join(v.outlets), 60)})", style="dim")
                t.add_row(_t(x.field), vals)
            console.print(t)
        for n in shown:
            c = by_n[n]
            line = Text(f"[{n}] ", style="cyan")
            line.append(quoted(shorten(c.sentence, 200)))
            line.append(f" — {plain(c.outlet)}, {c.published or 'undated'}", style="dim")
            console.print(line)
        console.print()
    return b
