"""Lineage at scale: fingerprinting, candidates, alignment, wire/groups and
(a hook for) story clustering, timed on generated corpora.

    .venv/bin/python bench/lineage.py [--sizes 1000,10000,100000] [--workers 2] [--stories]
    .venv/bin/python bench/lineage.py --report out/report.json   # print the links of a real corpus

Generated corpus (deterministic, seed 1): topics of about 20 reports each
(shared place and person names and topic words, so unrelated reports on one
topic share vocabulary but not text); about 10 % of reports are agency
originals, 30 % lightly edited agency copies (word substitutions, a dropped
paragraph, a crosshead, sometimes truncated), 5 % rewrites (reworded
sentences in the same order), 5 % original reports quoting one paragraph of
an agency story, the rest original reporting. Content words are drawn
(Zipf-like) from 30,000 pseudo-words; about 300 words per report.

Every size runs in a fresh process so that peak memory (``ru_maxrss``) is
its own: "data" is the peak after generating the corpus, "peak" the peak at
the end (children = the worker pool). Each stage also reports the RSS at its
start and its own peak (Linux: the peak mark is reset through
``/proc/self/clear_refs`` before the stage and read from ``VmHWM`` after).
With ``--stories`` the clustering stage's CPU time is printed too (it runs in
this process alone, so it is less disturbed by other load than wall time).
Planted relations are compared with the links found (recall per kind, links
between unrelated reports). Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import resource
import subprocess
import sys
import time
from datetime import date, timedelta

from sitrep.lineage import (LineageDoc, align_pairs, detect_wire, find_candidates, find_links, fingerprint_many,
                            independence_groups, propagate_wire)
from sitrep.lineage.links import link_from_alignment

FUNCTION = ("the of and to in a that for on said with was as by at from is it his were had have he its an be "
            "which has but after their they who been not are this would also more than two over into when "
            "while about some there could other against one before where them all".split())
CONS = "b d f g h k l m n p r s t v z".split()
VOWELS = "a e i o u".split()
OUTLETS = [f"Outlet {i}" for i in range(300)]


def pseudo_words(rng: random.Random, n: int) -> list[str]:
    seen: set[str] = set()
    while len(seen) < n:
        w = "".join(rng.choice(CONS) + rng.choice(VOWELS) for _ in range(rng.choice((2, 3, 3, 4))))
        seen.add(w)
    return sorted(seen)


class Generator:
    def __init__(self, seed: int = 1):
        self.rng = random.Random(seed)
        self.words = pseudo_words(self.rng, 30000)
        weights = [1.0 / (k + 10) for k in range(len(self.words))]
        total = sum(weights)
        self.cum = []
        acc = 0.0
        for w in weights:
            acc += w / total
            self.cum.append(acc)

    def word(self) -> str:
        import bisect

        return self.words[min(bisect.bisect_left(self.cum, self.rng.random()), len(self.words) - 1)]

    def sentence(self, topic: list[str]) -> str:
        rng = self.rng
        out = []
        for _ in range(rng.randint(14, 28)):
            r = rng.random()
            out.append(rng.choice(FUNCTION) if r < 0.45 else rng.choice(topic) if r < 0.57 else self.word())
        return " ".join(out).capitalize() + "."

    def article(self, topic: list[str], words: int = 300) -> list[str]:
        paras, n = [], 0
        while n < words:
            p = " ".join(self.sentence(topic) for _ in range(self.rng.randint(1, 3)))
            paras.append(p)
            n += len(p.split())
        return paras

    def light_edit(self, paras: list[str]) -> list[str]:
        rng = self.rng
        out = []
        for p in paras:
            if rng.random() < 0.1 and len(paras) > 3:
                continue
            ws = p.split()
            for _ in range(rng.randint(0, 2)):
                ws[rng.randrange(len(ws))] = self.word()
            out.append(" ".join(ws))
            if rng.random() < 0.1:
                out.append(" ".join(self.word() for _ in range(3)).capitalize())
        if rng.random() < 0.1:
            out = out[:max(3, int(len(out) * 0.7))]
        return out

    def rewrite(self, paras: list[str], topic: list[str]) -> list[str]:
        rng = self.rng
        out = []
        for p in paras:
            sents = []
            for s in p.split(". "):
                if rng.random() < 0.2:
                    continue
                ws = []
                for w in s.rstrip(".").split():
                    if w.lower() in FUNCTION:
                        ws.append(rng.choice(FUNCTION) if rng.random() < 0.5 else w)
                    else:
                        ws.append(self.word() if rng.random() < 0.3 else w)
                if len(ws) > 3 and rng.random() < 0.5:
                    k = rng.randrange(len(ws) - 1)
                    ws[k], ws[k + 1] = ws[k + 1], ws[k]
                sents.append(" ".join(ws).capitalize() + ".")
            if sents:
                out.append(" ".join(sents))
        return out


def generate(n: int, seed: int = 1) -> tuple[list[LineageDoc], dict[str, tuple[str, str]]]:
    """Documents and the planted relations: doc id -> (kind, source id)."""
    g = Generator(seed)
    rng = g.rng
    docs: list[LineageDoc] = []
    planted: dict[str, tuple[str, str]] = {}
    agency: list[tuple[str, list[str], date, int]] = []  # id, paragraphs, date, topic
    start = date(2024, 1, 1)
    topic_words: list[list[str]] = []
    topic_day: list[date] = []
    for i in range(n):
        if i % 20 == 0 or not topic_words:
            topic_words.append([g.word() + g.word() for _ in range(30)])
            topic_day.append(start + timedelta(days=rng.randrange(730)))
        t = rng.randrange(max(0, len(topic_words) - 3), len(topic_words))
        day = topic_day[t] + timedelta(days=rng.randrange(4))
        did = f"d-{i:07d}"
        same_topic = [a for a in agency[-30:] if a[3] == t]
        r = rng.random()
        if same_topic and r < 0.30:
            src = rng.choice(same_topic)
            paras, kind = g.light_edit(src[1]), "copy"
        elif same_topic and r < 0.35:
            src = rng.choice(same_topic)
            paras, kind = g.rewrite(src[1], topic_words[t]), "rewrite"
        elif same_topic and r < 0.40:
            src = rng.choice(same_topic)
            paras = g.article(topic_words[t], 260)
            paras.insert(rng.randrange(1, len(paras)), rng.choice(src[1]))
            kind = "excerpt"
        else:
            paras, kind, src = g.article(topic_words[t]), None, None
            if r > 0.88 or not same_topic:
                agency.append((did, paras, day, t))
        if src is not None:
            planted[did] = (kind, src[0])
            day = max(day, src[2])
        docs.append(LineageDoc(did, "\n\n".join(paras), day, outlet=rng.choice(OUTLETS)))
    return docs, planted


def peak_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, kids


def _status_mb(field: str) -> float | None:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def start_stage() -> float:
    """RSS now (MB), after resetting the kernel's peak-RSS mark (Linux) so the stage's own peak can be read."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass
    return _status_mb("VmRSS") or peak_mb()[0]


def stage_mem(rss0: float) -> tuple[float, float]:
    """(RSS at the stage's start, the stage's peak RSS) in MB; without /proc, the process peak so far."""
    return rss0, _status_mb("VmHWM") or peak_mb()[0]


def run(n: int, workers: int, stories: bool) -> dict:
    t0 = time.perf_counter()
    docs, planted = generate(n)
    gen_s = time.perf_counter() - t0
    data_mb = peak_mb()[0]
    words = sum(len(d.body.split()) for d in docs) / len(docs)
    times: dict[str, float] = {}
    peaks: dict[str, tuple[float, float]] = {}  # (RSS at the start, peak RSS during the stage), MB

    rss0 = start_stage()
    t = time.perf_counter()
    fps = fingerprint_many(docs, workers=workers, chunksize=256)
    times["fingerprint"] = time.perf_counter() - t
    peaks["fingerprint"] = stage_mem(rss0)

    rss0 = start_stage()
    t = time.perf_counter()
    ids = [d.id for d in docs]
    cands = find_candidates([fps[i] for i in ids], [d.outlet for d in docs])
    times["candidates"] = time.perf_counter() - t
    peaks["candidates"] = stage_mem(rss0)

    rss0 = start_stage()
    t = time.perf_counter()
    results = align_pairs([d.body for d in docs], cands.pairs(), cands.boilerplate, workers)
    credits: dict = {}
    links = [link_from_alignment(docs[i], docs[j], al, fps[ids[i]].n_tokens, fps[ids[j]].n_tokens, credits)
             for i, j, al in results if al is not None]
    times["alignment"] = time.perf_counter() - t
    peaks["alignment"] = stage_mem(rss0)

    rss0 = start_stage()
    t = time.perf_counter()
    explicit = {d.id: detect_wire(d) for d in docs}
    wire = propagate_wire(docs, links, explicit)
    groups = independence_groups(ids, links, wire)
    times["wire+groups"] = time.perf_counter() - t
    peaks["wire+groups"] = stage_mem(rss0)

    if stories:  # import outside the timed stage (scipy.sparse alone takes a noticeable part of the 1k run)
        try:
            import sitrep.stories  # noqa: F401
        except ImportError:
            pass
    rss0 = start_stage()
    t, c = time.perf_counter(), time.process_time()
    cluster_note = cluster_hook(docs, groups) if stories else "skipped (--stories)"
    times["clustering"] = time.perf_counter() - t
    cluster_cpu = time.process_time() - c
    peaks["clustering"] = stage_mem(rss0)

    own, kids = peak_mb()
    own = max([own, data_mb] + [b for _, b in peaks.values()])  # resetting the mark also resets ru_maxrss
    return {
        "docs": n, "words_per_doc": round(words), "generate_s": round(gen_s, 1), "times": times,
        "total_s": sum(v for k, v in times.items() if k != "clustering"), "candidates": len(cands), "links": len(links),
        "kinds": {k: sum(1 for l in links if l.kind == k) for k in ("copy", "rewrite", "excerpt")},
        "quality": quality(links, planted, ids), "groups": len(groups), "data_mb": data_mb, "peak_mb": own, "stage_peaks": peaks,
        "children_mb": kids, "clustering": cluster_note, "clustering_cpu_s": cluster_cpu,
    }


def cluster_hook(docs: list[LineageDoc], groups: list[set[str]]) -> str:
    """Story clustering over the generated corpus, when sitrep.stories offers it."""
    try:
        from sitrep import stories
    except ImportError as err:  # stories/ is built separately
        return f"not available ({err})"
    if not hasattr(stories, "cluster_stories") or not hasattr(stories, "StoryDoc"):
        return "not available (sitrep.stories has no cluster_stories/StoryDoc)"
    group_of = {d: min(g) for g in groups for d in g}
    sdocs = [stories.StoryDoc(id=d.id, title=None, body=d.body, published=d.published, group=group_of.get(d.id))
             for d in docs]
    return f"{len(stories.cluster_stories(sdocs))} clusters"


def quality(links, planted: dict[str, tuple[str, str]], ids: list[str]) -> dict:
    """Recall of planted relations (a planted doc linked to its source, or to
    another derivative of that source, with the planted kind) and links
    between documents with no planted relation."""
    root = {d: planted[d][1] if d in planted else d for d in ids}
    linked: dict[str, set[tuple[str, str]]] = {}
    unrelated = 0
    for l in links:
        linked.setdefault(l.document, set()).add((l.kind, root[l.source]))
        linked.setdefault(l.source, set()).add((l.kind, root[l.document]))
        if root[l.document] != root[l.source] and root.get(root[l.document]) != root[l.source]:
            unrelated += 1
    out = {}
    for kind in ("copy", "rewrite", "excerpt"):
        mine = [d for d, (k, _) in planted.items() if k == kind]
        hit = sum(1 for d in mine if any(k == kind and r == root[d] for k, r in linked.get(d, ())))
        anyk = sum(1 for d in mine if any(r == root[d] for _, r in linked.get(d, ())))
        out[kind] = f"{hit}/{len(mine)} as {kind}, {anyk}/{len(mine)} linked"
    out["unrelated_links"] = unrelated
    return out


def report_links(path: str) -> None:
    rep = json.load(open(path))
    docs = [LineageDoc(d["id"], d["body"], date.fromisoformat(d["published"]) if d.get("published") else None,
                       title=d.get("title"), outlet=d.get("outlet"), source=d.get("source")) for d in rep["documents"]]
    name = {d.id: os.path.basename(d.source or d.id) for d in docs}
    links = find_links(docs)
    for l in links:
        arrow = "<-" if l.directed else "~"
        print(f"{name[l.document][:40]:40} {arrow} {name[l.source][:40]:40} {l.kind:8} overlap {l.overlap:.2f} "
              f"(source {l.source_overlap:.2f})  {l.evidence}")
    credits = {d.id: detect_wire(d) for d in docs}
    wire = propagate_wire(docs, links, credits)
    for d in docs:
        c = credits[d.id]
        if c or wire.get(d.id):
            print(f"wire {name[d.id][:40]:40} {wire.get(d.id)!s:24} own: {c.agency + ' ' + c.kind if c else '-'}"
                  f"{' (strong)' if c and c.strong else ''}")
    for g in independence_groups([d.id for d in docs], links, wire):
        if len(g) > 1:
            print("one source:", ", ".join(sorted(name[x][:24] for x in g)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000", help="comma-separated corpus sizes (default 1000,10000)")
    ap.add_argument("--workers", type=int, default=2, help="process pool size for fingerprinting and alignment")
    ap.add_argument("--stories", action="store_true", help="also time story clustering (sitrep.stories)")
    ap.add_argument("--report", help="print the links found among the documents of a sitrep/1 JSON report")
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.report:
        report_links(args.report)
        return
    if args.child:
        print(json.dumps(run(args.child, args.workers, args.stories)))
        return
    prev = None
    for n in (int(x) for x in args.sizes.split(",")):
        cmd = [sys.executable, __file__, "--child", str(n), "--workers", str(args.workers)]
        if args.stories:
            cmd.append("--stories")
        r = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
        phases = "  ".join(f"{k} {v:.1f}s" for k, v in r["times"].items())
        whole = (f", with clustering {r['total_s'] + r['times']['clustering']:.1f}s (clustering CPU "
                 f"{r['clustering_cpu_s']:.1f}s)" if args.stories else "")
        print(f"{n:>7} docs ({r['words_per_doc']} words each): lineage {r['total_s']:.1f}s{whole}  [{phases}]")
        print(f"        candidates {r['candidates']}, links {r['links']} {r['kinds']}, groups {r['groups']}")
        print(f"        planted: {r['quality']}")
        print(f"        memory: data {r['data_mb']:.0f} MB, peak {r['peak_mb']:.0f} MB (+{r['peak_mb'] - r['data_mb']:.0f}"
              f" MB{' with clustering' if args.stories else ''}), pool workers peak {r['children_mb']:.0f} MB;"
              f" clustering: {r['clustering']}")
        stages = "  ".join(f"{k} {a:.0f}->{b:.0f} (+{b - a:.0f})" for k, (a, b) in r["stage_peaks"].items())
        print(f"        memory by stage, RSS at start -> peak during it (MB): {stages}")
        if prev is not None:
            per10 = 1 / math.log10(n / prev["docs"])
            f = (r["total_s"] / prev["total_s"]) ** per10
            extra = ""
            if args.stories and prev["times"]["clustering"] > 0:
                whole, whole_prev = r["total_s"] + r["times"]["clustering"], prev["total_s"] + prev["times"]["clustering"]
                cpu = (r["clustering_cpu_s"] / prev["clustering_cpu_s"]) ** per10 if prev["clustering_cpu_s"] > 0 else 0
                extra = (f", clustering x{(r['times']['clustering'] / prev['times']['clustering']) ** per10:.1f}"
                         f" (CPU x{cpu:.1f})"
                         f", whole pipeline x{(whole / whole_prev) ** per10:.1f}")
            print(f"        growth per 10x documents: lineage time x{f:.1f}{extra}")
        prev = r


if __name__ == "__main__":
    main()
