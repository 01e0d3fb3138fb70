"""Quality gate: the shared scorer on the sample corpus and (when ../shared
is present) on the seed reports. Floors only go up."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sitrep.config import Settings
from sitrep.pipeline import analyze_corpus, build_report, ingest
from sitrep.store import Store

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
SCORER = SHARED / "eval" / "score.py"

# section -> minimum passed checks. The seeds' lineage floor is 2 of 3, not 3:
# score.py's union-find counts a gold copy pair only when its first document
# is a non-root, which depends on the hash order of its link set (1 run in 4
# fails with the same, correct links).
CORPUS_FLOORS = {"documents": 21, "metadata": 84, "body": 154, "stories": 1, "lineage": 16, "quotes": 4, "aliases": 7,
                 "discrepancies": 6, "events_dated": 6}
SEED_FLOORS = {"documents": 5, "metadata": 20, "body": 21, "stories": 1, "lineage": 2, "quotes": 4, "aliases": 7, "places": 12,
               "discrepancies": 6, "events_dated": 7}
#: at most this many reported discrepancies that match no gold one
MAX_UNMATCHED = 5


def report_for(inputs, tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'q.db'}")
    summary = ingest(inputs, store, Settings(db_url="sqlite://"))
    analyze_corpus(store)
    docs = [store.get_document(i) for i in summary.documents]
    rep = build_report(store, docs)
    store.close()
    path = tmp_path / "report.json"
    path.write_text(json.dumps(rep), encoding="utf-8")
    return path


def score(report: Path, gold: Path) -> dict[str, tuple[int, int]]:
    out = subprocess.run([sys.executable, str(SCORER), str(report), str(gold)], capture_output=True, text=True, check=True).stdout
    print(out)
    found = {m.group(1): (int(m.group(2)), int(m.group(3))) for m in re.finditer(r"^(\w+): (\d+)/(\d+)$", out, re.M)}
    unmatched = re.search(r"unmatched discrepancies reported: (\d+) of (\d+)", out)
    if unmatched:
        found["unmatched"] = (int(unmatched.group(1)), int(unmatched.group(2)))
    return found


def check(sections, floors):
    for name, floor in floors.items():
        got = sections[name][0]
        assert got >= floor, f"{name}: {got}/{sections[name][1]} below the floor {floor}"
    if "unmatched" in sections:
        assert sections["unmatched"][0] <= MAX_UNMATCHED, f"unmatched discrepancies: {sections['unmatched']}"


@pytest.mark.shared
@pytest.mark.skipif(not SCORER.exists(), reason="../shared/eval/score.py is not present")
def test_sample_corpus_gold(tmp_path):
    check(score(report_for([str(ROOT / "examples" / "corpus")], tmp_path), ROOT / "examples" / "corpus.gold.json"), CORPUS_FLOORS)


@pytest.mark.shared
@pytest.mark.skipif(not (SHARED / "seeds").is_dir() or not SCORER.exists(), reason="../shared/seeds is not present")
def test_seed_reports(tmp_path):
    check(score(report_for([str(SHARED / "seeds")], tmp_path), SHARED / "eval" / "seeds.gold.json"), SEED_FLOORS)


def test_sample_corpus_gold_without_shared(tmp_path):
    """The foundation checks of the sample corpus gold, scored here so they run
    even without ../shared: every gold document found, metadata and body."""
    gold = json.loads((ROOT / "examples" / "corpus.gold.json").read_text())
    rep = json.loads(report_for([str(ROOT / "examples" / "corpus")], tmp_path).read_text())
    docs = {Path(d["source"]).name: d for d in rep["documents"]}
    norm = lambda s: re.sub(r"\s+", " ", str(s or "").replace("\u2019", "'")).strip().lower()  # noqa: E731
    misses = []
    for key, g in gold["documents"].items():
        d = docs.get(key)
        if d is None:
            misses.append(f"{key} missing")
            continue
        for field in ("title", "outlet", "dateline"):
            if field in g and norm(d[field]) != norm(g[field]):
                misses.append(f"{key} {field} {d[field]!r} != {g[field]!r}")
        body = norm(d["body"])
        misses += [f"{key} lost {s[:40]!r}" for s in g.get("must_keep", []) if norm(s) not in body]
        misses += [f"{key} kept {s[:40]!r}" for s in g.get("must_drop", []) if norm(s) in body]
    print(f"sample corpus foundation checks: {len(misses)} misses")
    assert not misses, misses


def test_no_discrepancy_between_copies_of_one_text(tmp_path):
    """Copies of one text carry the same values: a discrepancy always has a
    value held by a document outside the copy group of another value's."""
    rep = json.loads(report_for([str(ROOT / "examples" / "corpus")], tmp_path).read_text())
    parent: dict[str, str] = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            x = parent[x]
        return x

    for link in rep["lineage"]:
        if link["kind"] == "copy":
            parent[find(link["document"])] = find(link["source"])
    assert rep["discrepancies"], "the sample corpus plants discrepancies"
    for x in rep["discrepancies"]:
        holders = [(frozenset(find(d) for d in v["documents"]), frozenset(v["attributed_to"])) for v in x["values"]]
        # two values held by the same copy group with the same attribution would be a copy disagreeing with itself
        assert len(set(holders)) == len(holders), x["summary"]
        assert len({g for g, _ in holders}) > 1 or len({a for _, a in holders}) > 1, x["summary"]
