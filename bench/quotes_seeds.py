"""Quotes and quantities on cleaned bodies: gold check and speed.

    .venv/bin/sitrep analyze ../shared/seeds --json /tmp/s.json --db /tmp/s.db -q
    .venv/bin/python bench/quotes_seeds.py /tmp/s.json ../shared/eval/seeds.gold.json [--list]
    .venv/bin/python bench/quotes_seeds.py ../shared/seeds ../shared/eval/seeds.gold.json

Reads ``documents[].body`` of a sitrep/1 report (or, given a folder, reads
and cleans its files the way ``sitrep analyze`` does), parses each body once with
the sitrep pipeline, runs ``find_quotes`` and ``find_quantities`` and prints:
the gold quotes found by score.py's rule (speaker_text holds the gold
speaker's last name without "al-", text holds the gold snippet), every
quantity with its interval (``--list`` also prints every quote), and the
milliseconds per document of each finder on top of the spaCy parse (best of
5 runs). Printed, never asserted.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
import unicodedata


def norm(s):
    s = unicodedata.normalize("NFKC", str(s or ""))
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    s = s.replace("\u00a0", " ")
    return re.sub(r"\s+", " ", s).strip().lower()


def _clean_folder(folder: str) -> list[dict]:
    """Bodies of the documents in ``folder``, cleaned as by ``sitrep analyze``."""
    from sitrep.clean import clean
    from sitrep.config import Settings
    from sitrep.errors import SitrepError
    from sitrep.ingest import discover, read_input
    from sitrep.pipeline import shared_short_lines

    settings = Settings()
    raws = []
    for item in discover([folder]):
        if isinstance(item, Exception):
            continue
        raws += [r for r in read_input(item, settings) if not isinstance(r, Exception)]
    shared = shared_short_lines([r.text for r in raws if r.needs_cleaning])
    out = []
    for raw in raws:
        try:
            doc = clean(raw, shared=shared).document
        except SitrepError:
            continue
        out.append({"source": doc.source, "body": doc.body})
    return out


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    if len(args) != 2:
        print(__doc__)
        return 2
    gold = json.load(open(args[1], encoding="utf-8"))
    if os.path.isdir(args[0]):
        report = {"documents": _clean_folder(args[0])}
    else:
        report = json.load(open(args[0], encoding="utf-8"))
    from sitrep.nlp.pipeline import load
    from sitrep.nlp.quantities import find_quantities
    from sitrep.nlp.quotes import find_quotes

    nlp = load()
    docs = [(os.path.basename(d["source"]), d["body"]) for d in report["documents"]]
    t0 = time.perf_counter()
    parsed = [(name, nlp(body)) for name, body in docs]
    parse_ms = (time.perf_counter() - t0) * 1000 / max(len(docs), 1)

    quotes = {name: find_quotes(doc) for name, doc in parsed}
    quantities = {name: find_quantities(doc) for name, doc in parsed}

    ok = 0
    for g in gold.get("quotes", []):
        last = norm(g["speaker"]).split()[-1].replace("al-", "")
        hit = None
        for name, qs in quotes.items():
            if not name.startswith(g["doc"]):
                continue
            for q in qs:
                if last in norm(q.speaker_text) and norm(g["contains"]) in norm(q.text):
                    hit = (name, q)
                    break
        ok += hit is not None
        print(f"{'ok  ' if hit else 'MISS'} quote by {g['speaker']}: {g['contains'][:45]!r}"
              + (f" -> [{hit[1].speaker_text}] ({hit[1].verb})" if hit else ""))
    print(f"quotes: {ok}/{len(gold.get('quotes', []))}")

    for name, _ in parsed:
        print(f"== {name}: {len(quotes[name])} quotes, {len(quantities[name])} quantities")
        for i, q in enumerate(quantities[name]):
            sub = f" subset_of={q.subset_of}" if q.subset_of is not None else ""
            print(f"   q[{i}] {q.text!r}: [{q.low}, {q.high}] unit={q.unit} qualifier={q.qualifier}{sub}")
        if "--list" in argv:
            for q in quotes[name]:
                kind = "direct  " if q.direct else "indirect"
                print(f"   {kind} [{q.speaker_text}] {q.verb} {q.date_text or ''}: {q.text[:90]!r}")

    def best(fn):
        runs = []
        for _ in range(5):
            t = time.perf_counter()
            for _, doc in parsed:
                fn(doc)
            runs.append((time.perf_counter() - t) * 1000 / max(len(parsed), 1))
        return min(runs)

    print(f"spaCy parse: {parse_ms:.1f} ms/doc ({len(docs)} docs)")
    print(f"find_quotes: {best(find_quotes):.2f} ms/doc; find_quantities: {best(find_quantities):.2f} ms/doc")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
