"""The briefing: a situation report a person reads, from a ``sitrep/1`` report.

- :func:`build` computes what the briefing says (``model.Briefing``): per
  story a headline summary with citations, key facts with their status and
  independent-source counts, the discrepancy ledger, the timeline, the event
  places, the actor graph, the sources and how each outlet names the actors.
- :func:`render_html` (one self-contained offline page; the web app reuses
  it, or :func:`render_fragment`, for its story page), :func:`render_markdown`
  and :func:`print_terminal` render it.
- :func:`write` writes ``briefing.md``, ``briefing.html`` and ``report.json``
  into a folder.

Everything works from the report dict alone, so the CLI (after the pipeline)
and the web app (from the store) draw the same briefing.
"""

from __future__ import annotations

import json
from pathlib import Path

from .html import render_fragment, render_html
from .markdown import render_markdown
from .model import Briefing, build, fact_status, support_text
from .terminal import print_terminal

__all__ = ["Briefing", "build", "fact_status", "support_text", "render_html", "render_fragment",
           "render_markdown", "print_terminal", "write"]


def _write_text(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def write(report: dict, out_dir: str | Path, story_id: str | None = None,
          briefing: Briefing | None = None) -> dict[str, Path]:
    """Write ``briefing.md``, ``briefing.html`` and ``report.json`` into
    ``out_dir`` (created when missing); returns the paths by name."""
    b = briefing if briefing is not None else build(report, story_id)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {"markdown": out / "briefing.md", "html": out / "briefing.html", "report": out / "report.json"}
    _write_text(paths["report"], json.dumps(report, ensure_ascii=False, indent=1) + "\n")
    _write_text(paths["markdown"], render_markdown(report, story_id, briefing=b))
    _write_text(paths["html"], render_html(report, story_id, briefing=b))
    return paths
