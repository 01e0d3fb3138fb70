"""Time expressions against TempEval-3 training data (TimeBank 1.2 + AQUAINT).

    .venv/bin/python bench/timex.py [DATA_DIR] [--spacy] [--errors N] [--only TimeBank|AQUAINT]
                                    [--analyse [N]] [--timeml]

DATA_DIR defaults to ``<repo>/../shared/bench/timex`` (folders of TimeML
``.tml`` files). For each document the tags are stripped to rebuild the
text; the inline ``<TIMEX3 type value>`` elements inside ``<TEXT>`` are the
gold mentions and ``<DCT><TIMEX3 value>`` is the anchor given to
:func:`sitrep.nlp.times.find_times`. ``--spacy`` parses each document with
``sitrep.nlp.pipeline.load()`` and passes the ``Doc`` (sentences and verb
tense from the parse) instead of the regex fallbacks. ``--baseline
dateparser`` scores ``dateparser.search.search_dates`` instead (slow).
``--timeml`` scores :func:`sitrep.nlp.times.timeml_view` of the mentions:
a range sitrep keeps as one mention ("from 1991 to 1997") is scored as
its two ends and "since 1949" as "1949", as TimeML annotates them.
``--analyse`` prints the error breakdown by kind (see :func:`error_kind`)
with the most frequent (text shape, system value, gold value) per kind.

Measures (TempEval-3 definitions):

- strict span P/R/F1: exact (start, end) match;
- relaxed span P/R/F1: any overlap (one-to-one, first overlapping gold);
- value accuracy: correct values / relaxed matches;
- value F1: P = correct values / system mentions, R = correct values / gold
  mentions (values compared over relaxed matches); type F1 the same way;
- gold week values are zero-padded ("2000-W7" → "2000-W07", as ISO 8601
  writes them); nothing else in the gold is changed;
- the same per gold type, per corpus (TimeBank vs AQUAINT) and docs/second.

Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import collections
import html
import re
import sys
import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sitrep.nlp.times import find_times, timeml_view

TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
ATTR = re.compile(r'(\w+)="([^"]*)"')


def _norm_value(value: str | None) -> str | None:
    """ISO week numbers have two digits; a few gold values write "2000-W7"."""
    return re.sub(r"-W(\d)(?!\d)", r"-W0\1", value) if value else value


def load_tml(path: Path):
    """(text, anchor, gold) where gold is a list of (start, end, type, value)."""
    raw = path.read_bytes().decode("utf-8", errors="replace")
    dct = re.search(r"<DCT>\s*<TIMEX3([^>]*)>", raw)
    value = dict(ATTR.findall(dct.group(1)))["value"][:10]
    anchor = date.fromisoformat(value)
    body = raw[raw.index("<TEXT>") + len("<TEXT>"): raw.index("</TEXT>")]
    out: list[str] = []
    pos = 0
    length = 0
    gold = []
    open_timex = None
    for m in TAG.finditer(body):
        piece = html.unescape(body[pos:m.start()])
        out.append(piece)
        length += len(piece)
        pos = m.end()
        closing, name, attrs = m.group(1), m.group(2), m.group(3)
        if name != "TIMEX3":
            continue
        if not closing:
            a = dict(ATTR.findall(attrs))
            open_timex = (length, a.get("type"), a.get("value"))
        elif open_timex is not None:
            start, typ, val = open_timex
            gold.append((start, length, typ, _norm_value(val)))
            open_timex = None
    piece = html.unescape(body[pos:])
    out.append(piece)
    return "".join(out), anchor, gold


@dataclass
class _Found:
    start: int
    end: int
    type: str
    value: str | None


def dateparser_times(text: str, anchor: date) -> list[_Found]:
    """The baseline: ``dateparser.search.search_dates`` with the anchor as
    RELATIVE_BASE; every hit is a DATE whose value is the parsed day."""
    from dateparser.search import search_dates

    settings = {"RELATIVE_BASE": datetime(anchor.year, anchor.month, anchor.day), "PREFER_DATES_FROM": "past",
                "RETURN_AS_TIMEZONE_AWARE": False}
    out = []
    pos = 0
    for phrase, when in search_dates(text, languages=["en"], settings=settings) or []:
        i = text.find(phrase, pos)
        if i < 0:
            continue
        pos = i + len(phrase)
        out.append(_Found(i, pos, "DATE", when.date().isoformat()))
    return out


def granularity(value: str | None) -> str:
    """The shape of a TimeML value: day, time, week, weekend, month, quarter,
    half, season, year, decade, century, ref, duration, set-like, range, X
    (underspecified), other."""
    if not value:
        return "none"
    if "/" in value:
        return "range"
    if value.endswith("_REF"):
        return "ref"
    if value.startswith("P"):
        return "duration"
    if "X" in value:
        return "X"
    for name, rx in (("time", r"\d{4}-\d\d-\d\dT"), ("day", r"\d{4}-\d\d-\d\d$"),
                     ("weekend", r"\d{4}-W\d\d-WE$"), ("week", r"\d{4}-W\d\d$"), ("month", r"\d{4}-\d\d$"),
                     ("quarter", r"\d{4}-Q\d$"), ("half", r"\d{4}-H\d$"), ("season", r"\d{4}-(?:SP|SU|FA|WI)$"),
                     ("year", r"\d{4}$"), ("decade", r"\d{3}$"), ("century", r"\d\d$")):
        if re.match(rx, value):
            return name
    return "other"


def error_kind(e, anchors) -> str:
    """One error's kind: missed span, spurious, gold underspecified (an X in
    the gold value), DURATION/SET value, reference (PRESENT_REF...), wrong
    granularity, off by one unit / anchored wrongly (same granularity: the
    system's value is the anchor's period while the gold is not, "DCT"; or
    the gold is the anchor's and the system not, "not DCT"), else wrong value."""
    name, kind, stext, styp, sval, gtext, gval = e
    if kind != "value":
        return kind if kind == "spurious" else "missed span"
    gold_type = None
    if gval and gval.startswith(("P", "PT")) and not gval.endswith("_REF"):
        gold_type = "DURATION"
    if "X" in (gval or "") and not gval.startswith("P") and not gval.endswith("_REF"):
        return "gold underspecified (X)"
    span = "" if stext == gtext else " (span differs)"
    if gold_type == "DURATION" or styp in ("DURATION", "SET"):
        return "DURATION/SET value" + span
    gs, ss = granularity(gval), granularity(sval)
    if "ref" in (gs, ss):
        return "reference (_REF)" + span
    if gs != ss:
        return f"wrong granularity{span}"
    anchor = anchors.get(name)
    if anchor and gs in ("day", "time", "week", "month", "year", "quarter"):
        from sitrep.nlp.timex_calendar import value_at
        code = {"day": "D", "time": "D", "week": "W", "month": "M", "year": "Y", "quarter": "Q"}[gs]
        here = value_at(anchor, code)
        if sval.split("T")[0] == here and gval.split("T")[0] != here:
            return "wrong value: system = DCT's" + span
        if gval.split("T")[0] == here and sval.split("T")[0] != here:
            return "wrong value: gold = DCT's" + span
    return "wrong value" + span


def analyse(errors, anchors, n: int) -> None:
    by_kind = collections.defaultdict(list)
    for e in errors:
        by_kind[error_kind(e, anchors)].append(e)
    print("  error breakdown:")
    for kind, es in sorted(by_kind.items(), key=lambda kv: -len(kv[1])):
        print(f"    {len(es):>4}  {kind}")
        shapes = collections.Counter()
        for e in es:
            t = e[2] or e[5]
            shape = re.sub(r"\d", "9", t.lower())
            shapes[(shape, granularity(e[4]) if e[4] else "", e[6] if e[1] != "value" else granularity(e[6]))] += 1
        for (shape, sg, gv), k in shapes.most_common(n):
            print(f"          {k:>3}  {shape!r}  sys {sg or '-'}  gold {gv or '-'}")


def score(docs, use_spacy: bool, n_errors: int, label: str, finder=None, n_analyse: int = 0,
          timeml: bool = False):
    nlp = None
    if use_spacy:
        from sitrep.nlp.pipeline import load
        nlp = load()
    c = collections.Counter()
    per_type = collections.defaultdict(collections.Counter)
    errors = []
    t0 = time.perf_counter()
    parse_time = 0.0
    for name, text, anchor, gold in docs:
        kw = {}
        if nlp is not None:
            tp = time.perf_counter()
            kw["doc"] = nlp(text)
            parse_time += time.perf_counter() - tp
        system = finder(text, anchor) if finder else find_times(text, anchor, **kw)
        if timeml and not finder:
            system = timeml_view(system)
        c["gold"] += len(gold)
        c["sys"] += len(system)
        for g in gold:
            per_type[g[2]]["gold"] += 1
        for s in system:
            per_type[s.type]["sys"] += 1
        used: set[int] = set()
        for s in system:
            strict = None
            relaxed = None
            for i, g in enumerate(gold):
                if i in used:
                    continue
                if g[0] == s.start and g[1] == s.end:
                    strict = i
                    break
                if relaxed is None and g[0] < s.end and s.start < g[1]:
                    relaxed = i
            hit = strict if strict is not None else relaxed
            if hit is None:
                errors.append((name, "spurious", text[s.start:s.end], s.type, s.value, "", ""))
                continue
            used.add(hit)
            g = gold[hit]
            c["relaxed"] += 1
            per_type[g[2]]["relaxed"] += 1
            if strict is not None:
                c["strict"] += 1
                per_type[g[2]]["strict"] += 1
            if s.value == g[3]:
                c["value"] += 1
                per_type[g[2]]["value"] += 1
            else:
                errors.append((name, "value", text[s.start:s.end], s.type, s.value, text[g[0]:g[1]], g[3]))
            if s.type == g[2]:
                c["type"] += 1
        for i, g in enumerate(gold):
            if i not in used:
                errors.append((name, "missed", "", "", "", text[g[0]:g[1]], f"{g[2]} {g[3]}"))
    elapsed = time.perf_counter() - t0

    def prf(num, sys_n, gold_n):
        p = num / sys_n if sys_n else 0.0
        r = num / gold_n if gold_n else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    print(f"== {label}: {len(docs)} documents, {c['gold']} gold, {c['sys']} system timexes")
    for key in ("strict", "relaxed", "value", "type"):
        p, r, f = prf(c[key], c["sys"], c["gold"])
        print(f"  {key + ' F1':<12} P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    if c["relaxed"]:
        print(f"  value accuracy on relaxed matches: {c['value'] / c['relaxed']:.3f}")
    print("  per type (gold type; system counts by system type):")
    for typ in ("DATE", "TIME", "DURATION", "SET"):
        t = per_type[typ]
        p, r, f = prf(t["value"], t["sys"], t["gold"])
        sr = t["strict"] / t["gold"] if t["gold"] else 0
        print(f"    {typ:<9} gold {t['gold']:>4} sys {t['sys']:>4}  strict R {sr:.3f}  "
              f"value P {p:.3f} R {r:.3f} F1 {f:.3f}")
    tagger = elapsed - parse_time
    print(f"  speed: {len(docs) / elapsed:.1f} docs/s overall"
          + (f" ({len(docs) / tagger:.1f} docs/s tagger only, spaCy parse {parse_time:.1f} s)" if nlp else ""))
    if n_errors:
        print(f"  first {n_errors} errors:")
        for e in errors[:n_errors]:
            print("   ", " | ".join(str(x) for x in e))
    if n_analyse:
        analyse(errors, {name: anchor for name, _, anchor, _ in docs}, n_analyse)
    return c


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(__file__).resolve().parents[1].parent / "shared/bench/timex"
    ap.add_argument("data_dir", nargs="?", default=str(default))
    ap.add_argument("--spacy", action="store_true", help="pass a spaCy Doc (tense from the parse)")
    ap.add_argument("--errors", type=int, default=0, help="print the first N errors")
    ap.add_argument("--analyse", "--analyze", type=int, nargs="?", const=8, default=0, metavar="N",
                    help="error breakdown by kind, with the N most frequent shapes of each (default 8)")
    ap.add_argument("--timeml", action="store_true",
                    help="score ranges as their two ends and 'since X' as X, as TimeML annotates them")
    ap.add_argument("--only", default=None, help="score one sub-corpus folder only")
    ap.add_argument("--baseline", choices=["dateparser"], help="score a library instead of sitrep.nlp.times")
    args = ap.parse_args(argv)
    root = Path(args.data_dir)
    if not root.is_dir():
        print(f"no benchmark data at {root}", file=sys.stderr)
        return 2
    corpora = collections.defaultdict(list)
    for path in sorted(root.rglob("*.tml")):
        if path.name.startswith("._"):  # macOS AppleDouble metadata, not TimeML
            continue
        corpus = path.relative_to(root).parts[0] if path.parent != root else root.name
        if args.only and corpus != args.only:
            continue
        text, anchor, gold = load_tml(path)
        corpora[corpus].append((path.stem, text, anchor, gold))
    all_docs = [d for docs in corpora.values() for d in docs]
    finder = dateparser_times if args.baseline == "dateparser" else None
    score(all_docs, args.spacy, args.errors, "all", finder, args.analyse, args.timeml)
    if len(corpora) > 1 and finder is None:
        for corpus, docs in sorted(corpora.items()):
            score(docs, args.spacy, 0, corpus, timeml=args.timeml)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
