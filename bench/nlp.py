"""Speed of the per-document NLP stage against bare spaCy on the same text.

Reads news texts from a folder (default: the TempEval-3 documents under
../shared/bench/timex, tags stripped; any folder of .txt/.tml files works),
then prints words/second for
  - bare spaCy: ``spacy.load(model)`` with the model's default pipeline
    (en_core_web_sm 3.8: tok2vec, tagger, parser, attribute_ruler,
    lemmatizer, ner; its senter is disabled by the model itself), and
  - the whole stage: the same model as sitrep loads it
    (``sitrep.nlp.load_pipeline``, without ``pipeline.EXCLUDE``: only the
    senter, which the model ships disabled; every component that runs is
    used, see pipeline.py), so the same six components, plus the
    ``sitrep_places`` component and ``sitrep.nlp.annotate`` (entities,
    quotes, times, quantities, places) as a last component,
each with 1 process and with a pool of 2 (spaCy's ``n_process``: both sides
run the same way, every document parsed and annotated in a worker and sent
back to the parent as a ``Doc``, the stage's with its annotations), and the
ratio. The pipelines in use are printed.

Every measurement runs in a fresh process (the pipeline loaded, untimed,
then the texts timed), so both sides start cold: spaCy's lemmatizer cache
and sitrep's gazetteer caches are empty. The machine may be shared, so the
two sides alternate ``--repeat`` times and the best (fastest) run of each
counts. The ratio of CPU times (the pool's workers included) is printed
too: other load disturbs it less. Asserts nothing.

    .venv/bin/python bench/nlp.py [DATA_DIR] [--docs N] [--repeat R]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "bench" / "timex"
SIDES = ("bare", "stage")


def load_texts(folder: Path, limit: int) -> list[str]:
    texts = []
    for p in sorted(folder.rglob("*")):
        if p.suffix not in (".tml", ".txt") or p.name.startswith("._"):
            continue
        raw = p.read_text(encoding="utf-8", errors="replace")
        m = re.search(r"<TEXT>(.*?)</TEXT>", raw, re.S)
        text = re.sub(r"<[^>]+>", "", m.group(1) if m else raw).strip()
        if text:
            texts.append(text)
        if len(texts) >= limit:
            break
    return texts


def _annotate_component():
    """``sitrep.nlp.annotate`` as the stage's last component, its result in
    ``doc.user_data`` (so it crosses processes with the Doc, as the stage's
    output; not the places component's internal cache)."""
    from spacy.language import Language

    from sitrep import nlp as stage

    name = "bench_sitrep_annotate"
    if not Language.has_factory(name):
        @Language.component(name)
        def annotate(doc):
            doc.user_data["sitrep_annotations"] = stage.annotate(doc, None)
            # the places component's cache for annotate, in the annotations now
            doc.user_data.pop("sitrep_places", None)
            return doc
    return name


def pipeline(side: str):
    import spacy

    from sitrep import nlp as stage
    from sitrep.nlp.pipeline import default_model

    if side == "bare":
        return spacy.load(default_model())
    nlp = stage.load_pipeline()
    name = _annotate_component()
    if name not in nlp.pipe_names:
        nlp.add_pipe(name, last=True)
    return nlp


def measure(side: str, processes: int, texts: list[str]) -> dict:
    """One timed run in this process: the pipeline is loaded first (untimed)."""
    nlp = pipeline(side)
    w0, c0, k0 = time.perf_counter(), time.process_time(), _children_cpu()
    n = 0
    for doc in nlp.pipe(texts, batch_size=32, n_process=processes):
        n += 1
        if side == "stage" and "sitrep_annotations" not in doc.user_data:
            raise SystemExit("the stage's annotations did not come back")
    # CPU: this process and the pool's workers (joined by spaCy, so counted)
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0 + _children_cpu() - k0
    return {"wall": wall, "cpu": cpu, "docs": n, "pipes": nlp.pipe_names}


def _children_cpu() -> float:
    import resource

    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _run(side: str, processes: int, data: str, docs: int) -> dict:
    cmd = [sys.executable, __file__, data, "--docs", str(docs), "--measure", side, "--processes", str(processes)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", nargs="?", default=str(DEFAULT))
    ap.add_argument("--docs", type=int, default=120)
    ap.add_argument("--repeat", type=int, default=3, help="alternating runs per side; the best counts")
    ap.add_argument("--measure", choices=SIDES, help=argparse.SUPPRESS)  # one run, in a subprocess
    ap.add_argument("--processes", type=int, default=1, help=argparse.SUPPRESS)
    args = ap.parse_args()
    texts = load_texts(Path(args.data), args.docs)
    if not texts:
        raise SystemExit(f"{args.data}: no .tml or .txt documents found")
    if args.measure:
        print(json.dumps(measure(args.measure, args.processes, texts)))
        return
    words = sum(len(t.split()) for t in texts)
    print(f"{len(texts)} documents, {words} words from {args.data}")
    shown = False
    for processes in (1, 2):
        runs: dict[str, list[dict]] = {s: [] for s in SIDES}
        for _ in range(max(1, args.repeat)):
            for side in SIDES:
                runs[side].append(_run(side, processes, args.data, args.docs))
        if not shown:
            for side in SIDES:
                print(f"  {side:5s} pipeline: {', '.join(runs[side][0]['pipes'])}")
            shown = True
        best = {s: min(r["wall"] for r in runs[s]) for s in SIDES}
        bare, full = words / best["bare"], words / best["stage"]
        each = "  ".join(f"{s} " + "/".join(f"{words / r['wall']:.0f}" for r in runs[s]) for s in SIDES)
        line = (f"processes={processes}: bare spaCy {bare:7.0f} words/s   whole NLP stage {full:7.0f} words/s   "
                f"ratio {full / bare:.2f}")
        cpu = {s: min(r["cpu"] for r in runs[s]) for s in SIDES}
        line += f"   (CPU time ratio {cpu['bare'] / cpu['stage']:.2f})"
        print(line)
        print(f"    runs (words/s): {each}")


if __name__ == "__main__":
    main()
