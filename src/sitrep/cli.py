"""The ``sitrep`` command line. Thin: parse options, call the library, print.

Exit codes: 0 success; 2 when nothing could be ingested or an input/setting
is unusable; 1 for an internal error (reported in one line, no traceback).
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import report as report_mod
from .config import DEFAULT_MAX_BYTES, Settings, resolve_db_url
from .errors import SitrepError
from .model import Rejection, word_count
from .pipeline import IngestSummary, analyze_corpus, analyze_events, build_report
from .pipeline import Progress as ProgressBase
from .pipeline import ingest as run_ingest

app = typer.Typer(
    name="sitrep",
    help="Turn news reports about a developing story into a cross-checked situation report.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
out = Console()
err = Console(stderr=True)

DbOpt = Annotated[
    Optional[str],
    typer.Option("--db", help="Database: a SQLite file path or a SQLAlchemy URL (postgresql+psycopg://…). Default: $SITREP_DATABASE_URL or ./sitrep.db."),
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no per-file messages; errors and the summary line only.")]
MaxBytesOpt = Annotated[int, typer.Option("--max-bytes", help="Largest input file (or JSONL/WARC record) accepted, in bytes.", min=1)]
InputsArg = Annotated[
    list[str],
    typer.Argument(help="Files, folders (walked recursively), globs, URLs or feed URLs, or - for JSON Lines on standard input.", show_default=False),
]


class RichProgress(ProgressBase):
    def __init__(self) -> None:
        self.bar = Progress(
            TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            TextColumn("{task.fields[name]}", style="dim"), console=err, transient=True,
        )
        self.task = None

    def start(self, total_inputs: int) -> None:
        self.bar.start()
        self.task = self.bar.add_task("ingest", total=total_inputs, name="")

    def advance(self, source: str) -> None:
        if self.task is not None:
            self.bar.update(self.task, advance=1, name=source[-50:])

    def stop(self) -> None:
        self.bar.stop()


def _open_store(db: str | None):
    from .store import Store

    return Store(resolve_db_url(db))


def _do_ingest(inputs: list[str], db: str | None, quiet: bool, max_bytes: int, command: str):
    settings = Settings(db_url=resolve_db_url(db), max_bytes=max_bytes)
    store = _open_store(db)
    show_bar = not quiet and err.is_terminal

    def on_reject(rej: Rejection) -> None:
        err.print(f"sitrep: {rej.message()}", markup=False, highlight=False, soft_wrap=True)

    summary = run_ingest(
        inputs, store, settings, command=command,
        progress=RichProgress() if show_bar else None, on_reject=on_reject,
    )
    return store, summary


def _finish(summary: IngestSummary) -> None:
    err.print(summary.line(), markup=False, highlight=False)
    if not summary.documents:
        raise typer.Exit(2)


@app.command()
def analyze(
    inputs: InputsArg,
    json_path: Annotated[Optional[str], typer.Option("--json", help="Write the sitrep/1 report to this file.")] = None,
    db: DbOpt = None,
    quiet: QuietOpt = False,
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
    workers: Annotated[int, typer.Option("--workers", min=1, max=256,
                                         help="Processes for the per-document NLP stage (the model is loaded once and shared).")] = 1,
) -> None:
    """Ingest and clean the inputs, then write the sitrep/1 report and print a summary."""
    store, summary = _do_ingest(inputs, db, quiet, max_bytes, "analyze")
    with store:
        corpus = analyze_corpus(store) if summary.documents else None
        if corpus:
            corpus.events = analyze_events(store, run_id=summary.run_id, workers=workers)
        docs = [d for d in (store.get_document(i) for i in summary.documents) if d is not None]
        rep = build_report(store, docs)
        if json_path:
            report_mod.write(rep, json_path)
    if not quiet and docs:
        _documents_table(docs, title=f"{len(docs)} documents")
        _stories_table(rep["stories"], {d["id"]: d for d in rep["documents"]})
    if corpus:
        err.print(corpus.line(), markup=False, highlight=False)
    if json_path:
        err.print(f"report: {json_path}", markup=False, highlight=False)
    _finish(summary)


@app.command()
def batch(
    inputs: InputsArg,
    out_dir: Annotated[str, typer.Option("--out", help="Folder for report.json, parquet/ and (without --db) sitrep.db.")],
    engine: Annotated[str, typer.Option("--engine", help="Where the parallel work runs: local (a process pool) or spark (PySpark; pip install 'sitrep[spark]').")] = "local",
    workers: Annotated[int, typer.Option("--workers", min=1, max=256, help="Processes of the local engine's pool.")] = 1,
    master: Annotated[Optional[str], typer.Option("--master", help="Spark master URL (default local[2]; under spark-submit, the one it was given).")] = None,
    conf: Annotated[Optional[list[str]], typer.Option("--conf", help="A Spark setting KEY=VALUE (repeatable), e.g. spark.driver.memory=4g.")] = None,
    db: Annotated[Optional[str], typer.Option("--db", help="Load the results into this database (a PostgreSQL URL or SQLite path) instead of OUT/sitrep.db.")] = None,
    quiet: QuietOpt = False,
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
) -> None:
    """Run the whole pipeline over many inputs on a process pool or Spark: the sitrep/1 report, Parquet tables and the store."""
    from .batch import run_batch

    settings: dict[str, str] = {}
    for item in conf or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise SitrepError(f"--conf {item}: expected KEY=VALUE")
        settings[key.strip()] = value.strip()
    if engine != "spark" and (master or settings):
        raise SitrepError("--master and --conf are Spark settings; add --engine spark")

    def on_reject(rej: Rejection) -> None:
        if not quiet:
            err.print(f"sitrep: {rej.message()}", markup=False, highlight=False, soft_wrap=True)

    show_bar = not quiet and err.is_terminal
    result = run_batch(inputs, out_dir, engine=engine, workers=workers, master=master, conf=settings, db=db,
                       max_bytes=max_bytes, on_reject=on_reject, progress=RichProgress() if show_bar else None)
    if result.corpus:
        err.print(result.corpus.line(), markup=False, highlight=False)
    err.print(result.line(), markup=False, highlight=False)
    err.print(f"report: {result.report}", markup=False, highlight=False)
    _finish(result.ingest)


@app.command()
def ingest(inputs: InputsArg, db: DbOpt = None, quiet: QuietOpt = False, max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES) -> None:
    """Ingest and clean the inputs into the store, without writing a report."""
    store, summary = _do_ingest(inputs, db, quiet, max_bytes, "ingest")
    store.close()
    _finish(summary)


@app.command()
def documents(
    db: DbOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the documents as sitrep/1 document objects (JSON).")] = False,
    limit: Annotated[Optional[int], typer.Option("--limit", help="Show at most this many.", min=1)] = None,
    all_revisions: Annotated[bool, typer.Option("--all-revisions", help="Include superseded revisions.")] = False,
) -> None:
    """List the stored documents."""
    with _open_store(db) as store:
        docs = store.documents(latest_only=not all_revisions, limit=limit)
    if as_json:
        sys.stdout.write(json.dumps([report_mod.document_entry(d, with_removed=False) for d in docs], ensure_ascii=False, indent=1) + "\n")
    else:
        _documents_table(docs, title=f"{len(docs)} stored documents")


@app.command()
def show(
    doc_id: Annotated[str, typer.Argument(help="A document id (d-…).")],
    db: DbOpt = None,
    removed: Annotated[bool, typer.Option("--removed", help="Also list what cleaning removed, with reasons.")] = False,
) -> None:
    """Show one stored document: metadata, clean text and (optionally) removed furniture."""
    with _open_store(db) as store:
        doc = store.get_document(doc_id)
    if doc is None:
        raise SitrepError(f"{doc_id}: no such document in the store")
    out.print(f"[bold]{doc.title or '(untitled)'}[/bold]")
    meta = [
        ("id", doc.id), ("source", doc.source), ("outlet", doc.outlet), ("authors", ", ".join(doc.authors) or None),
        ("published", f"{doc.published}{' (inferred: ' + (doc.published_evidence or '') + ')' if doc.published_inferred else ''}" if doc.published else None),
        ("dateline", doc.dateline), ("language", doc.language), ("revision", doc.revision),
    ]
    for k, v in meta:
        out.print(f"[dim]{k}:[/dim] {v if v is not None else '—'}", highlight=False)
    out.print()
    out.print(doc.body, markup=False, highlight=False)
    if removed:
        out.print()
        t = Table(title="removed furniture")
        t.add_column("line", justify="right")
        t.add_column("reason")
        t.add_column("text", overflow="fold")
        for r in doc.removed:
            t.add_row(str(r.line), r.reason, r.text[:200])
        out.print(t)


@app.command()
def stories(
    db: DbOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the stories as sitrep/1 story objects (JSON).")] = False,
) -> None:
    """List the stories: title, document count and date range."""
    with _open_store(db) as store:
        items = store.stories()
        docs = {d.id: d for d in store.documents()}
    rows = [{"id": s.id, "title": s.title, "documents": s.documents,
             "start": s.start.isoformat() if s.start else None, "end": s.end.isoformat() if s.end else None}
            for s in items]
    if as_json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
    else:
        _stories_table(rows, {i: {"outlet": d.outlet} for i, d in docs.items()})


def _story_report(db: str | None, story: str | None) -> dict:
    """The report of the stored corpus (or of one story's documents)."""
    with _open_store(db) as store:
        docs = store.documents(latest_only=True)
        if story:
            members = next((set(s.documents) for s in store.stories() if s.id == story), None)
            if members is None:
                raise SitrepError(f"{story}: no such story in the store (see `sitrep stories`)")
            docs = [d for d in docs if d.id in members]
        return build_report(store, docs)


StoryOpt = Annotated[Optional[str], typer.Option("--story", help="Only this story (s-…).")]


@app.command()
def events(db: DbOpt = None, story: StoryOpt = None,
           as_json: Annotated[bool, typer.Option("--json", help="Print sitrep/1 event objects (JSON).")] = False) -> None:
    """The timeline: events by date, with type, status, count and independent sources."""
    rep = _story_report(db, story)
    if as_json:
        sys.stdout.write(json.dumps(rep["events"], ensure_ascii=False, indent=1) + "\n")
        return
    places = {p["id"]: p["name"] for p in rep["places"]}
    t = Table(title=f"{len(rep['events'])} events", title_justify="left")
    for col in ("date", "type", "status", "what", "where", "count", "mentions", "sources"):
        t.add_column(col, overflow="fold")
    for e in rep["events"]:
        d = e.get("date") or {}
        when = (d.get("value") or "") + (" ~" if d.get("inferred") else "")
        if d.get("earliest") and d.get("latest") and d["earliest"] != d["latest"] and not d.get("inferred"):
            when += f" ({d['earliest']}…{d['latest']})"
        c = e.get("count") or {}
        count = " ".join(str(x) for x in (c.get("qualifier"), c.get("low") if c.get("low") is not None else c.get("high"),
                                          c.get("unit")) if x not in (None, "")) if c else ""
        t.add_row(when, e["type"], e["status"], e["summary"][:120], places.get(e.get("place"), ""), count,
                  str(len(e["mentions"])), str(e["independent_sources"]))
    out.print(t)


@app.command()
def changes(
    db: DbOpt = None,
    since: Annotated[Optional[str], typer.Option("--since", help="The changes of the runs after this run id (see `sitrep runs`).")] = None,
    run: Annotated[Optional[str], typer.Option("--run", help="The changes of this run only.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the changes as JSON.")] = False,
) -> None:
    """What analysis changed: new stories, new events, a count or date that moved, a new denial, new discrepancies."""
    with _open_store(db) as store:
        if since is not None and store.run(since) is None:
            raise SitrepError(f"{since}: no such run in the store (see `sitrep runs`)")
        if run is not None and store.run(run) is None:
            raise SitrepError(f"{run}: no such run in the store (see `sitrep runs`)")
        if since is None and run is None:  # the latest run that changed anything
            items = store.changes()
            last = items[-1]["run"] if items else None
            items = [c for c in items if c["run"] == last]
        else:
            items = store.changes(since_run=since, run=run)
    if as_json:
        sys.stdout.write(json.dumps(items, ensure_ascii=False, indent=1) + "\n")
        return
    t = Table(title=f"{len(items)} changes", title_justify="left")
    for col in ("run", "kind", "story", "event", "change", "what"):
        t.add_column(col, overflow="fold")
    for c in items:
        moved = "" if c.get("old") is None and c.get("new") is None else f"{c.get('old') if c.get('old') is not None else '—'} → {c.get('new') if c.get('new') is not None else '—'}"
        t.add_row(c.get("run") or "", c["kind"], c.get("story") or "", c.get("event") or "",
                  (f"{c['field']}: " if c.get("field") else "") + moved, (c.get("summary") or "")[:120])
    out.print(t)


@app.command()
def runs(db: DbOpt = None,
         as_json: Annotated[bool, typer.Option("--json", help="Print the runs as JSON.")] = False) -> None:
    """The runs recorded in the store: id, command, when, and what each ingested."""
    with _open_store(db) as store:
        items = store.runs()
        counts: dict[str, int] = {}
        for c in store.changes():
            counts[c["run"]] = counts.get(c["run"], 0) + 1
    rows = [{"id": r.id, "command": r.command, "started_at": r.started_at.isoformat() if r.started_at else None,
             "finished_at": r.finished_at.isoformat() if r.finished_at else None, "ingested": r.ingested,
             "duplicates": r.duplicates, "revisions": r.revisions, "rejected": r.rejected,
             "changes": counts.get(r.id, 0)} for r in items]
    if as_json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
        return
    t = Table(title=f"{len(rows)} runs", title_justify="left")
    for col in ("id", "command", "started", "ingested", "duplicates", "rejected", "changes"):
        t.add_column(col, overflow="fold")
    for r in rows:
        t.add_row(r["id"], r["command"], (r["started_at"] or "")[:19], str(r["ingested"]), str(r["duplicates"]),
                  str(r["rejected"]), str(r["changes"]))
    out.print(t)


@app.command()
def discrepancies(db: DbOpt = None, story: StoryOpt = None,
                  as_json: Annotated[bool, typer.Option("--json", help="Print sitrep/1 discrepancy objects (JSON).")] = False
                  ) -> None:
    """The discrepancy ledger: for each disputed field, every value and who says it."""
    rep = _story_report(db, story)
    if as_json:
        sys.stdout.write(json.dumps(rep["discrepancies"], ensure_ascii=False, indent=1) + "\n")
        return
    outlets = {d["id"]: d.get("outlet") or d["id"] for d in rep["documents"]}
    t = Table(title=f"{len(rep['discrepancies'])} discrepancies", title_justify="left", show_lines=True)
    for col in ("field", "event", "value", "who says it", "via"):
        t.add_column(col, overflow="fold")
    events_by_id = {e["id"]: e for e in rep["events"]}
    for x in rep["discrepancies"]:
        about = (events_by_id.get(x.get("event")) or {}).get("summary", "")[:80]
        for i, v in enumerate(x["values"]):
            label = v.get("label") or json.dumps(v["value"], ensure_ascii=False)
            t.add_row(x["field"] if i == 0 else "", about if i == 0 else "", label,
                      "; ".join(v.get("attributed_to") or []) or "(not attributed)",
                      ", ".join(dict.fromkeys(outlets.get(d, d) for d in v["documents"])))
    out.print(t)


@app.command("brief")
def brief_cmd(
    inputs: Annotated[Optional[list[str]], typer.Argument(
        help="Files, folders, globs, URLs, feed URLs or - (as for analyze). None: brief the stored corpus.",
        show_default=False)] = None,
    out_dir: Annotated[str, typer.Option("--out", help="Folder for briefing.md, briefing.html and report.json.")] = "briefing",
    story: StoryOpt = None,
    db: DbOpt = None,
    quiet: QuietOpt = False,
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
) -> None:
    """Run the pipeline (or read the store) and write the briefing: briefing.md, a self-contained briefing.html and report.json."""
    from . import brief as brief_mod

    summary = None
    if inputs:
        store, summary = _do_ingest(inputs, db, quiet, max_bytes, "brief")
        if not summary.documents:
            store.close()
            _finish(summary)
        with store:
            corpus = analyze_corpus(store)
            corpus.events = analyze_events(store, run_id=summary.run_id)
            docs = [d for d in (store.get_document(i) for i in summary.documents) if d is not None]
            if story:
                members = next((set(s.documents) for s in store.stories() if s.id == story), None)
                if members is None:
                    raise SitrepError(f"{story}: no such story in the store (see `sitrep stories`)")
                docs = [d for d in docs if d.id in members]
            rep = build_report(store, docs)
        err.print(corpus.line(), markup=False, highlight=False)
    else:
        rep = _story_report(db, story)
    if not rep["documents"]:
        raise SitrepError("nothing to brief: the store has no documents (give INPUT files, or --db with a store)")
    briefing = brief_mod.build(rep)
    paths = brief_mod.write(rep, out_dir, briefing=briefing)
    if not quiet:
        brief_mod.print_terminal(rep, out, briefing=briefing)
    for name in ("html", "markdown", "report"):
        err.print(f"{'briefing' if name == 'html' else name}: {paths[name]}", markup=False, highlight=False)
    if summary is not None:
        _finish(summary)


class ExportFormat(str, Enum):
    csv = "csv"
    geojson = "geojson"
    graphml = "graphml"
    json = "json"


@app.command("export")
def export_cmd(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="csv (ACLED-like columns), geojson (located events), graphml (actor graph) or json (the sitrep/1 report).")] = ExportFormat.csv,
    story: StoryOpt = None,
    out_path: Annotated[Optional[str], typer.Option("--out", "-o", help="Write to this file instead of standard output.")] = None,
    db: DbOpt = None,
) -> None:
    """Export the stored events, places and actors as CSV, GeoJSON, GraphML or JSON."""
    from . import export as export_mod

    rep = _story_report(db, story)
    if not rep["documents"]:
        raise SitrepError("nothing to export: the store has no documents (see `sitrep ingest` or --db)")
    text = export_mod.export(rep, fmt.value)
    if out_path:
        from pathlib import Path

        Path(out_path).parent.mkdir(parents=True, exist_ok=True)
        Path(out_path).write_text(text, encoding="utf-8", newline="")
        err.print(f"{fmt.value}: {out_path}", markup=False, highlight=False)
    else:
        sys.stdout.write(text)


@app.command()
def lineage(
    doc_id: Annotated[str, typer.Argument(help="A document id (d-…).")],
    db: DbOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the links as JSON.")] = False,
) -> None:
    """What this report copies, rewrites or excerpts, and what copies it, with overlap."""
    with _open_store(db) as store:
        doc = store.get_document(doc_id)
        if doc is None:
            raise SitrepError(f"{doc_id}: no such document in the store")
        links = store.lineage_links(doc_id)
        credit = store.wire_credits().get(doc_id)
        others = {i: store.get_document(i) for l in links for i in (l.document, l.source) if i != doc_id}
    if as_json:
        sys.stdout.write(json.dumps({
            "document": doc_id, "wire": credit.agency if credit else None,
            "links": [{"document": l.document, "source": l.source, "kind": l.kind, "overlap": round(l.overlap, 3),
                       "source_overlap": round(l.source_overlap, 3), "directed": l.directed} for l in links],
        }, ensure_ascii=False, indent=1) + "\n")
        return
    out.print(f"[bold]{doc.title or doc_id}[/bold] ({doc.outlet or 'outlet unknown'}, {doc.published or 'undated'})", highlight=False)
    if credit:
        out.print(f"wire: {credit.agency}{' (inferred from its copies)' if credit.inferred else ''}", highlight=False)
    if not links:
        out.print("no lineage: this report shares no passages with any other stored report")
        return
    t = Table(title_justify="left")
    for col in ("relation", "other report", "outlet", "published", "overlap"):
        t.add_column(col)
    for l in links:
        other_id = l.source if l.document == doc_id else l.document
        other = others.get(other_id)
        if not l.directed:
            rel = f"{l.kind} (direction unknown)"
        elif l.document == doc_id:
            rel = f"{l.kind} of"
        else:
            rel = f"source of ({l.kind})"
        ov = l.overlap if l.document == doc_id else l.source_overlap
        t.add_row(rel, f"{other_id} {other.title if other and other.title else ''}", (other.outlet if other else None) or "—",
                  str(other.published) if other and other.published else "—", f"{ov:.0%}")
    out.print(t)


@app.command()
def serve(
    db: DbOpt = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on. Anything but 127.0.0.1/localhost/::1 makes uploads need the token ($SITREP_TOKEN, or one generated and printed).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on (0: any free port).", min=0, max=65535)] = 8000,
    protect_reads: Annotated[bool, typer.Option("--protect-reads", help="Reads need the token too (also $SITREP_PROTECT_READS=1).")] = False,
) -> None:
    """Serve the web UI and the JSON API (/api/) over the store, with ingest by upload."""
    from .web.server import serve as run_server

    run_server(resolve_db_url(db), host=host, port=port, protect_reads=protect_reads,
               echo=lambda line: err.print(line, markup=False, highlight=False, soft_wrap=True))


def _stories_table(rows, docs: dict) -> None:
    if not rows:
        return
    t = Table(title=f"{len(rows)} stories", title_justify="left")
    t.add_column("id", no_wrap=True)
    t.add_column("from", no_wrap=True)
    t.add_column("to", no_wrap=True)
    t.add_column("docs", justify="right")
    t.add_column("outlets", justify="right")
    t.add_column("title", overflow="fold")
    for s in rows:
        outlets = {docs.get(d, {}).get("outlet") for d in s["documents"]} - {None}
        t.add_row(s["id"], s["start"] or "—", s["end"] or "—", str(len(s["documents"])), str(len(outlets)), s["title"] or "—")
    out.print(t)


def _documents_table(docs, title: str) -> None:
    t = Table(title=title, title_justify="left")
    t.add_column("id", no_wrap=True)
    t.add_column("published", no_wrap=True)
    t.add_column("outlet")
    t.add_column("title", overflow="fold")
    t.add_column("words", justify="right")
    t.add_column("source", overflow="fold", style="dim")
    for d in docs:
        pub = (d.published.isoformat() + ("*" if d.published_inferred else "")) if d.published else "—"
        t.add_row(d.id, pub, d.outlet or "—", d.title or "—", str(word_count(d.body)), d.source)
    out.print(t)


def main() -> None:
    try:
        rc = app(standalone_mode=False)
        sys.exit(rc if isinstance(rc, int) else 0)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        err.print("sitrep: interrupted", markup=False)
        sys.exit(130)
    except SitrepError as exc:
        err.print(f"sitrep: {exc}", markup=False, highlight=False, soft_wrap=True)
        sys.exit(2)
    except typer.TyperException as exc:  # usage errors: typer prints usage and the problem
        if hasattr(exc, "show"):
            exc.show()
        else:
            err.print(f"sitrep: {exc.format_message()}", markup=False, highlight=False)
        sys.exit(exc.exit_code if exc.exit_code else 2)
    except Exception as exc:  # anything unexpected: one line, no traceback
        err.print(f"sitrep: internal error: {type(exc).__name__}: {exc}", markup=False, highlight=False, soft_wrap=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
