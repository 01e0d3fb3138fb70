"""Ingest throughput: read + clean + metadata + store, in documents/second.

Generates N saved-page text files (page furniture, bylines, captions, teaser
columns, 30% of them agency copies with small edits, a few exact duplicates)
into a temporary folder, then times `sitrep.pipeline.ingest` on them into
SQLite and, when PostgreSQL's server binaries are installed, into a
temporary PostgreSQL server. Prints numbers; asserts nothing.

    .venv/bin/python bench/ingest.py [--docs 2000] [--backend sqlite|postgres|both] [--data DIR]

With --data DIR the files in DIR are ingested instead of generated ones
(any folder sitrep reads, e.g. ../shared/seeds).
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from sitrep.config import Settings
from sitrep.pipeline import ingest
from sitrep.store import Store

PLACES = ["Halvern", "Ostrova", "Pellmark", "Dunmore", "Karsk", "Vell", "Marrow Bay", "Tessin", "Lorne", "Astrabad"]
GROUPS = ["the Northern Front", "the Coastal Guard", "the River Brigades", "the Hill Committees", "the Unity Bloc"]
OUTLETS = ["The Harbour Ledger", "Coastline Daily", "The Morning Courier", "Valley Post", "The Frontier Review"]
VERBS = ["said", "told reporters", "said in a statement", "confirmed", "denied"]
FILLER = [
    "Officials in {p} said the situation remained tense but under control.",
    "Residents of {p} described hearing heavy gunfire through the night and into the early morning.",
    "{g} said its fighters had taken positions along the main road to {q}.",
    "Aid agencies warned that thousands of families could be displaced if the fighting spread to {q}.",
    "A spokesperson for {g} {v} that at least {n} people had been killed since the weekend.",
    "The government in {p} said it would send reinforcements and called for calm.",
    "Talks between the two sides were expected to resume in {q} later in the week, diplomats said.",
    "Local hospitals in {p} reported treating {n} wounded, many of them civilians.",
]


def sentence(rng: random.Random) -> str:
    p, q = rng.sample(PLACES, 2)
    return rng.choice(FILLER).format(p=p, q=q, g=rng.choice(GROUPS), v=rng.choice(VERBS), n=rng.randint(3, 400))


def article(rng: random.Random, paras: int) -> list[str]:
    return [" ".join(sentence(rng) for _ in range(rng.randint(1, 3))) for _ in range(paras)]


def page(rng: random.Random, i: int, body: list[str], day: date) -> str:
    outlet = rng.choice(OUTLETS)
    title = f"{rng.choice(GROUPS).capitalize()} advance on {rng.choice(PLACES)} as talks stall ({i})"
    head = [
        "News", title, outlet,
        f"{day.strftime('%b. %d, %Y')} • {rng.randint(2, 9)} min read",
        f"Fighters gather near {rng.choice(PLACES)} on {day.strftime('%B %d, %Y')}. / {outlet}",
    ]
    teasers = []
    for _ in range(rng.randint(0, 5)):
        t = f"{rng.choice(['Budget', 'Harbour', 'School', 'Market'])} {rng.choice(['woes', 'plans', 'reforms', 'row'])}"
        teasers += [t, day.strftime("%d %b, %Y"), t, sentence(rng)[:-1] + "..."]
    tail = ["Sign up for our newsletter to get the latest updates in your inbox.", "News", "Dismiss"] + teasers
    return "\n\n".join(head + body + tail) + "\n"


def generate(folder: Path, n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    originals: list[list[str]] = []
    start = date(2025, 1, 1)
    last = ""
    for i in range(n):
        day = start + timedelta(days=i // 50)
        if last and rng.random() < 0.02:  # the same page saved twice
            (folder / f"{i:06d}.txt").write_text(last, encoding="utf-8")
            continue
        if originals and rng.random() < 0.30:  # an agency copy, lightly edited
            body = list(rng.choice(originals))
            j = rng.randrange(len(body))
            body[j] = body[j].replace("said", "stated", 1)
        else:
            body = article(rng, rng.randint(6, 14))
            originals.append(body)
        last = page(rng, i, body, day)
        (folder / f"{i:06d}.txt").write_text(last, encoding="utf-8")


def run(url: str, inputs: list[str], label: str) -> None:
    settings = Settings(db_url=url)
    store = Store(url)
    t0 = time.perf_counter()
    s = ingest(inputs, store, settings)
    dt = time.perf_counter() - t0
    docs = s.new + s.revisions + s.duplicates
    t1 = time.perf_counter()
    s2 = ingest(inputs, store, settings)  # idempotent second pass
    dt2 = time.perf_counter() - t1
    store.close()
    print(f"{label:10s} {docs:6d} docs  {dt:7.2f} s  {docs / dt:8.1f} docs/s   "
          f"(stored {s.new}, duplicates {s.duplicates}, rejected {s.rejected}; "
          f"second pass: {s2.new} new, {s2.duplicates} duplicates, {docs / dt2:.0f} docs/s)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    ap.add_argument("--data", help="ingest this folder instead of generated documents")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="sitrep-bench-"))
    try:
        if args.data:
            inputs = [args.data]
        else:
            corpus = tmp / "corpus"
            corpus.mkdir()
            t0 = time.perf_counter()
            generate(corpus, args.docs)
            size = sum(p.stat().st_size for p in corpus.iterdir())
            print(f"generated {args.docs} pages ({size / 1e6:.1f} MB) in {time.perf_counter() - t0:.1f} s")
            inputs = [str(corpus)]
        if args.backend in ("sqlite", "both"):
            run(f"sqlite:///{tmp / 'bench.db'}", inputs, "sqlite")
        if args.backend in ("postgres", "both"):
            from sitrep.store.pgtemp import find_pg_bin, temporary_postgres

            if find_pg_bin() is None:
                print("postgres   skipped: PostgreSQL server binaries not found (tools/ensure-postgres.sh installs them)")
            else:
                with temporary_postgres() as url:
                    run(url, inputs, "postgres")
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory {rss:.0f} MB")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
