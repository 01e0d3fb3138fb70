"""Speed of the per-document NLP stage against bare spaCy on the same text.

Reads news texts from a folder (default: the TempEval-3 documents under
../shared/bench/timex, tags stripped; any folder of .txt/.tml files works),
then prints words/second for
  - bare spaCy (the same model, no sitrep components), and
  - the whole stage (spaCy + the places component + entities, quotes,
    times, quantities and places from sitrep.nlp.annotate),
each with 1 process and with a pool of 2 (spaCy's n_process), and the ratio.
Asserts nothing.

    .venv/bin/python bench/nlp.py [DATA_DIR] [--docs N]
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "bench" / "timex"


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




def run(texts: list[str], processes: int) -> tuple[float, float]:
    import spacy

    from sitrep import nlp as stage
    from sitrep.nlp.pipeline import default_model

    words = sum(len(t.split()) for t in texts)
    bare = spacy.load(default_model())
    t0 = time.perf_counter()
    for _ in bare.pipe(texts, batch_size=32, n_process=processes):
        pass
    bare_wps = words / (time.perf_counter() - t0)

    full = stage.load_pipeline()
    t0 = time.perf_counter()
    if processes == 1:
        for doc in full.pipe(texts, batch_size=32):
            stage.annotate(doc, None)
    else:
        # the stage's work per document runs in the same pool as the parse
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(processes, initializer=_init) as pool:
            list(pool.map(_work, texts, chunksize=8))
    full_wps = words / (time.perf_counter() - t0)
    return bare_wps, full_wps


_NLP = None


def _init() -> None:
    global _NLP
    from sitrep import nlp as stage

    _NLP = stage.load_pipeline()


def _work(text: str) -> dict:
    from sitrep import nlp as stage

    return stage.annotate(_NLP(text), None)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", nargs="?", default=str(DEFAULT))
    ap.add_argument("--docs", type=int, default=120)
    args = ap.parse_args()
    texts = load_texts(Path(args.data), args.docs)
    if not texts:
        raise SystemExit(f"{args.data}: no .tml or .txt documents found")
    words = sum(len(t.split()) for t in texts)
    print(f"{len(texts)} documents, {words} words from {args.data}")
    for processes in (1, 2):
        bare, full = run(texts, processes)
        print(f"processes={processes}: bare spaCy {bare:7.0f} words/s   whole NLP stage {full:7.0f} words/s   ratio {full / bare:.2f}")


if __name__ == "__main__":
    main()
