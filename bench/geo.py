"""Place resolution on LGL (Lieberman 2010, Gritta's XML) and on the seeds.

    .venv/bin/python bench/geo.py [LGL_XML] [--limit N] [--docbin FILE] [--errors N]
    .venv/bin/python bench/geo.py --seeds REPORT.json      # sitrep/1 JSON from `sitrep analyze`
    .venv/bin/python bench/geo.py --mode speed [--limit N] # words/s with and without the component

LGL_XML defaults to <repo>/../shared/bench/geo/lgl.xml. Prints:

(a) gold toponym spans: each gold span is resolved with the article as
    context (:func:`sitrep.nlp.places.resolve_spans`: the other gold spans
    plus the places the finder sees elsewhere in the text); accuracy within
    161 km, mean/median error, and the AUC of the log error as Gritta et al.
    (2018) define it: errors sorted, each ln(1 + km) / ln(20039), area under
    that curve by the trapezoid rule divided by the count (lower is better;
    an unresolved span counts as 20,039 km). Coverage: gold toponyms for
    which the gazetteer has no candidate at all, and those whose candidates
    include none within 161 km of the gold point.
(b) end to end: :func:`sitrep.nlp.places.find_places` spans against gold
    spans, exact and overlapping, precision/recall/F1, and accuracy@161 on
    the matched ones; also against the gold without nationality adjectives
    ("American", "Russian": LGL tags them, sitrep does not call them places).

Gold toponyms without coordinates (LGL has some) are left out of (a) and
count as gold spans in (b). spaCy runs once per article; --docbin caches
the parsed articles between runs. Prints numbers; asserts nothing.

--seeds: the places of each seed document (its body, with the dateline as
context; the dateline itself is also resolved, as a report builder would),
scored like ../shared/eval/score.py scores a report's "places".
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from sitrep.nlp import geo_data  # noqa: E402
from sitrep.nlp.gazetteer import get_gazetteer  # noqa: E402
from sitrep.nlp.geo_resolve import km  # noqa: E402
from sitrep.nlp.places import find_places, gold_toponyms, resolve, resolve_spans  # noqa: E402

MAX_KM = 20039.0


def load_lgl(path: Path) -> list[dict]:
    arts = []
    for a in ET.parse(path).getroot().findall("article"):
        tops = []
        for t in a.find("toponyms"):
            g = t.find("gaztag")
            point = None
            if g is not None and g.find("lat") is not None:
                point = (float(g.findtext("lat")), float(g.findtext("lon")))
            tops.append({"start": int(t.findtext("start")), "end": int(t.findtext("end")),
                         "phrase": t.findtext("phrase"), "point": point,
                         "fcode": g.findtext("fcode") if g is not None else None})
        arts.append({"id": a.get("docid"), "text": a.findtext("text"), "toponyms": tops})
    return arts


def auc(errors_km: list[float]) -> float:
    """Gritta et al. 2018: area under the sorted, scaled log-error curve."""
    if not errors_km:
        return float("nan")
    ys = sorted(math.log(1 + e) / math.log(1 + MAX_KM) for e in errors_km)
    if len(ys) == 1:
        return ys[0]
    area = sum((ys[i] + ys[i + 1]) / 2 for i in range(len(ys) - 1))
    return area / (len(ys) - 1)


def parse_all(arts: list[dict], docbin: str | None):
    import spacy
    from spacy.tokens import DocBin

    from sitrep.nlp import pipeline

    nlp = pipeline.load()
    if docbin and Path(docbin).exists():
        docs = list(DocBin().from_disk(docbin).get_docs(nlp.vocab))
        if len(docs) == len(arts):
            return nlp, docs, 0.0
    t0 = time.perf_counter()
    docs = list(nlp.pipe([a["text"] for a in arts], batch_size=32))
    spent = time.perf_counter() - t0
    if docbin:
        db = DocBin(store_user_data=False)
        for d in docs:
            db.add(d)
        db.to_disk(docbin)
    del spacy
    return nlp, docs, spent


def is_demonym(phrase: str) -> bool:
    low = phrase.lower()
    return low in geo_data.DEMONYMS or low.rstrip("s") in geo_data.DEMONYMS


def gold_spans(arts, docs, gaz, show_errors: int) -> None:
    errors, n_nocand, n_unreach, worst = [], 0, 0, []
    t0 = time.perf_counter()
    for a, doc in zip(arts, docs):
        tops = [t for t in a["toponyms"] if t["point"] is not None]
        spans = [(t["start"], t["end"]) for t in tops]
        pms = resolve_spans(doc, spans, gazetteer=gaz)
        for t, pm, top in zip(tops, pms, gold_toponyms(gaz, a["text"], spans)):
            points = [(gaz.row(c.index)[4], gaz.row(c.index)[5]) for c in top.cands]
            if not points:
                n_nocand += 1
            elif all(km(t["point"], p) > 161 for p in points):
                n_unreach += 1
            err = MAX_KM if pm.place is None else km(t["point"], (pm.place.lat, pm.place.lon))
            errors.append(err)
            if err > 161:
                worst.append((err, t["phrase"], t["fcode"], t["point"], pm.place and (pm.place.name, pm.place.kind, pm.place.country, pm.place.lat, pm.place.lon), a["id"]))
    spent = time.perf_counter() - t0
    n = len(errors)
    print(f"(a) gold spans: {n} toponyms with coordinates in {len(arts)} articles")
    print(f"    accuracy@161km {sum(e <= 161 for e in errors) / n:.3f}   AUC {auc(errors):.3f}   "
          f"mean {statistics.fmean(errors):.0f} km   median {statistics.median(errors):.0f} km")
    print(f"    coverage: {n_nocand} ({n_nocand / n:.1%}) have no candidate at all; "
          f"{n_unreach} ({n_unreach / n:.1%}) have candidates but none within 161 km")
    print(f"    resolution time {spent:.1f} s ({1000 * spent / len(arts):.1f} ms/article)")
    if show_errors:
        from collections import Counter

        c = Counter((w[1], w[2], w[4][0] if w[4] else None) for w in worst)
        for (phrase, fcode, got), k in c.most_common(show_errors):
            print(f"      {k:3d}x {phrase!r} gold {fcode} -> {got}")


def end_to_end(arts, docs, gaz, show_errors: int) -> None:
    tp_exact = tp_overlap = n_pred = n_gold = n_gold_nd = tp_overlap_nd = 0
    errs = []
    fps, fns = [], []
    t0 = time.perf_counter()
    for a, doc in zip(arts, docs):
        pms = find_places(doc, gazetteer=gaz)
        gold = a["toponyms"]
        n_pred += len(pms)
        n_gold += len(gold)
        gnd = [g for g in gold if not is_demonym(g["phrase"])]
        n_gold_nd += len(gnd)
        exact = {(g["start"], g["end"]): g for g in gold}
        for pm in pms:
            g = exact.get((pm.start, pm.end))
            if g is not None:
                tp_exact += 1
            ov = [g for g in gold if g["start"] < pm.end and pm.start < g["end"]]
            if ov:
                tp_overlap += 1
                g = ov[0]
                if g["point"] is not None:
                    errs.append(MAX_KM if pm.place is None else km(g["point"], (pm.place.lat, pm.place.lon)))
                if any(not is_demonym(x["phrase"]) for x in ov):
                    tp_overlap_nd += 1
            else:
                fps.append(pm.text)
        for g in gnd:
            if not any(g["start"] < pm.end and pm.start < g["end"] for pm in pms):
                fns.append(g["phrase"])
    spent = time.perf_counter() - t0

    def prf(tp, pred, gold):
        p, r = tp / max(pred, 1), tp / max(gold, 1)
        return p, r, 2 * p * r / max(p + r, 1e-9)

    print(f"(b) end to end: {n_pred} predicted, {n_gold} gold spans ({n_gold_nd} without nationality adjectives)")
    for name, tp, gold in (("exact", tp_exact, n_gold), ("overlap", tp_overlap, n_gold), ("overlap, no adjectives", tp_overlap_nd, n_gold_nd)):
        p, r, f1 = prf(tp, n_pred, gold)
        print(f"    {name:24s} P {p:.3f}  R {r:.3f}  F1 {f1:.3f}")
    print(f"    accuracy@161km on matched {sum(e <= 161 for e in errs) / max(len(errs), 1):.3f} ({len(errs)})   AUC {auc(errs):.3f}")
    print(f"    find_places time {spent:.1f} s ({1000 * spent / len(arts):.1f} ms/article, after spaCy)")
    if show_errors:
        from collections import Counter

        print("    false positives:", Counter(fps).most_common(show_errors))
        print("    missed:", Counter(fns).most_common(show_errors))


def seeds(report_path: Path) -> None:
    """Score like ../shared/eval/score.py's "places" section."""
    sys.path.insert(0, str(REPO.parent / "shared" / "eval"))
    import score  # the shared scorer's name_key and km

    from sitrep.nlp import pipeline

    nlp = pipeline.load()
    gold = json.loads((REPO.parent / "shared" / "eval" / "seeds.gold.json").read_text())["places"]
    report = json.loads(report_path.read_text())
    places: dict[str, dict] = {}

    def add(place, text):
        p = places.setdefault(place.id, {"name": place.name, "aliases": set(), "lat": place.lat, "lon": place.lon})
        p["aliases"].add(text)

    for d in report["documents"]:
        ctx = [d["dateline"]] if d.get("dateline") else []
        for pm in find_places(nlp(d["body"]), context_countries=ctx):
            if pm.place is not None:
                add(pm.place, pm.text)
        if d.get("dateline"):
            pm = resolve(d["dateline"])
            if pm is not None:
                add(pm.place, pm.text)
    ok = 0
    for name, (lat, lon) in gold.items():
        key = score.name_key(name)
        best = None
        for p in places.values():
            if key in {score.name_key(p["name"])} | {score.name_key(a) for a in p["aliases"]}:
                dist = score.km((lat, lon), (p["lat"], p["lon"]))
                best = dist if best is None else min(best, dist)
        good = best is not None and best <= 30
        ok += good
        print(f"  {'ok  ' if good else 'MISS'} {name} within 30 km (got {'-' if best is None else f'{best:.0f} km'})")
    print(f"places: {ok}/{len(gold)}")


def speed(arts: list[dict]) -> None:
    """Words per second: the model alone vs the model plus the
    sitrep_places component (gazetteer already built), one process."""
    import spacy

    from sitrep.nlp import pipeline

    texts = [a["text"] for a in arts]
    words = sum(len(t.split()) for t in texts)
    t0 = time.perf_counter()
    get_gazetteer()
    opened = time.perf_counter() - t0
    bare = spacy.load(pipeline.default_model())
    with_places = spacy.load(pipeline.default_model())
    pipeline.EXTRA_COMPONENTS["sitrep_places"](with_places)
    first = time.perf_counter()
    with_places(texts[0])
    first = time.perf_counter() - first
    for name, nlp in (("spaCy alone", bare), ("spaCy + sitrep_places", with_places)):
        t0 = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=32):
            pass
        spent = time.perf_counter() - t0
        print(f"{name:24s} {words / spent:7.0f} words/s  ({1000 * spent / len(texts):.1f} ms/article)")
    print(f"gazetteer open {1000 * opened:.0f} ms; first article through the component {1000 * first:.0f} ms")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("lgl", nargs="?", default=str(REPO.parent / "shared" / "bench" / "geo" / "lgl.xml"))
    ap.add_argument("--limit", type=int, default=0, help="first N articles only")
    ap.add_argument("--docbin", help="cache spaCy's parses here (DocBin)")
    ap.add_argument("--errors", type=int, default=0, help="print the N most frequent errors")
    ap.add_argument("--seeds", type=Path, help="a sitrep/1 JSON report of ../shared/seeds: score its places")
    ap.add_argument("--mode", choices=("gold", "e2e", "both", "speed"), default="both")
    args = ap.parse_args(argv)
    if args.seeds:
        seeds(args.seeds)
        return
    t0 = time.perf_counter()
    gaz = get_gazetteer()
    print(f"gazetteer: {len(gaz)} places, opened in {time.perf_counter() - t0:.2f} s")
    arts = load_lgl(Path(args.lgl))
    if args.limit:
        arts = arts[: args.limit]
    if args.mode == "speed":
        speed(arts)
        return
    _, docs, spent = parse_all(arts, args.docbin)
    if spent:
        print(f"spaCy: {len(arts)} articles in {spent:.1f} s")
    if args.mode in ("gold", "both"):
        gold_spans(arts, docs, gaz, args.errors)
    if args.mode in ("e2e", "both"):
        end_to_end(arts, docs, gaz, args.errors)


if __name__ == "__main__":
    main()
