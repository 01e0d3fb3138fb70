"""Alias check of the entity stage on the seeds or the sample corpus, and
cross-document merge quality on ECB+.

    .venv/bin/sitrep analyze ../shared/seeds --json /tmp/s.json --db /tmp/s.db -q
    .venv/bin/python bench/entities_seeds.py /tmp/s.json ../shared/eval/seeds.gold.json [--verbose]
    .venv/bin/python bench/entities_seeds.py --ecbplus ../shared/bench/ecbplus

Seeds/sample: parses each cleaned body with the spaCy pipeline, runs
``find_entities`` + ``merge_entities`` and applies score.py's alias rule
(all names of a gold group among ONE entity's name+aliases; at least two
forms seen). Also prints the per-document cost of ``find_entities`` on top
of the parse.

ECB+: every document of every topic is one corpus (~780 news texts, many
people and places, several events of each kind). Each mention sitrep finds
whose last token ends a gold participant/location mention in a
cross-document chain is scored: B-cubed precision/recall/F1 of sitrep's
corpus entities against the gold chains, next to a baseline that merges
mentions by exact lower-cased text. Printed, never asserted.
"""

from __future__ import annotations

import json
import re
import sys
import time
import unicodedata

from sitrep.nlp.aliases import merge_entities
from sitrep.nlp.entities import find_entities
from sitrep.nlp.pipeline import load


def _norm(s):
    s = unicodedata.normalize("NFKC", str(s or ""))
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", s.replace("\u00a0", " ")).strip().lower()


def name_key(s):  # score.py's key
    s = unicodedata.normalize("NFKD", _norm(s))
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = re.sub(r"\b(al|el|the)[-\s]", "", s)
    return re.sub(r"[^a-z0-9]", "", s)


def _ecb_docs(root: str):
    import glob
    import os
    import xml.etree.ElementTree as ET

    for path in sorted(glob.glob(os.path.join(root, "*", "*.xml"))):
        tree = ET.parse(path).getroot()
        toks = [t for t in tree.iter("token")]
        pieces, starts, pos = [], {}, 0
        prev_sent = None
        for t in toks:
            sent = t.get("sentence")
            if sent == "0" and (t.text or "").startswith("http"):
                continue
            sep = "\n" if prev_sent is not None and sent != prev_sent else (" " if pieces else "")
            pos += len(sep)
            pieces.append(sep + (t.text or ""))
            starts[t.get("t_id")] = (pos, pos + len(t.text or ""))
            pos += len(t.text or "")
            prev_sent = sent
        text = "".join(pieces)
        chain = {}
        for rel in tree.iter("CROSS_DOC_COREF"):
            for src in rel.findall("source"):
                chain[src.get("m_id")] = rel.get("note")
        gold = []  # (end char of last token, chain)
        for mk in tree.find("Markables"):
            if not mk.tag.startswith(("HUMAN_PART", "LOC_", "NON_HUMAN_PART")):
                continue
            anchors = [a.get("t_id") for a in mk.findall("token_anchor") if a.get("t_id") in starts]
            if anchors and mk.get("m_id") in chain:
                gold.append((starts[anchors[-1]][1], chain[mk.get("m_id")]))
        yield os.path.basename(path), text, gold


def _bcubed(items: list[tuple[str, str]]) -> tuple[float, float, float]:
    """items: (system cluster, gold cluster) per mention."""
    from collections import Counter

    sys_n, gold_n, both = Counter(), Counter(), Counter()
    for s_, g in items:
        sys_n[s_] += 1
        gold_n[g] += 1
        both[(s_, g)] += 1
    p = sum(both[(s_, g)] / sys_n[s_] for s_, g in items) / max(len(items), 1)
    r = sum(both[(s_, g)] / gold_n[g] for s_, g in items) / max(len(items), 1)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def ecbplus(root: str) -> int:
    nlp = load()
    docs = list(_ecb_docs(root))
    per_doc, gold_of = {}, {}
    t_parse = t_find = 0.0
    for name, text, gold in docs:
        t0 = time.perf_counter()
        doc = nlp(text)
        t1 = time.perf_counter()
        per_doc[name] = find_entities(doc)
        t_find += time.perf_counter() - t1
        t_parse += t1 - t0
        gold_of[name] = dict(gold)
    t0 = time.perf_counter()
    ents, mapping = merge_entities(per_doc)
    t_merge = time.perf_counter() - t0
    ours, base = [], []
    for name, des in per_doc.items():
        for d in des:
            for m in d.mentions:
                g = gold_of[name].get(m.end)
                if g is None:
                    continue
                ours.append((mapping[(name, d.key)], g))
                base.append((m.text.lower(), g))
    n = len(docs)
    print(f"ECB+ documents {n}; find_entities {1000 * t_find / n:.2f} ms/doc "
          f"({100 * t_find / t_parse:.1f}% of the parse); merge {t_merge:.2f} s; {len(ents)} entities")
    print(f"scored mentions (named, in a gold chain): {len(ours)}")
    for label, items in (("exact text baseline", base), ("sitrep", ours)):
        p, r, f = _bcubed(items)
        print(f"  {label:20} B-cubed P={p:.3f} R={r:.3f} F1={f:.3f}")
    return 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["--ecbplus"]:
        return ecbplus(argv[1])
    args = [a for a in argv if not a.startswith("--")]
    verbose = "--verbose" in argv
    report = json.load(open(args[0], encoding="utf-8"))
    gold = json.load(open(args[1], encoding="utf-8"))
    nlp = load()
    docs = [(d["id"], d["body"]) for d in report["documents"]]
    list(nlp.pipe(b for _, b in docs[:1]))  # warm up
    t0 = time.perf_counter()
    parsed = [(i, nlp(b)) for i, b in docs]
    t_parse = time.perf_counter() - t0
    t0 = time.perf_counter()
    per_doc = {i: find_entities(d) for i, d in parsed}
    t_find = time.perf_counter() - t0
    t0 = time.perf_counter()
    ents, mapping = merge_entities(per_doc)
    t_merge = time.perf_counter() - t0
    words = sum(len(b.split()) for _, b in docs)
    n = len(docs)
    print(f"documents {n}, words {words}")
    print(f"spaCy parse   {1000 * t_parse / n:7.1f} ms/doc")
    print(f"find_entities {1000 * t_find / n:7.2f} ms/doc ({100 * t_find / t_parse:.1f}% of the parse)")
    print(f"merge_entities {1000 * t_merge:6.2f} ms total, {len(ents)} entities")
    ok_n = 0
    for grp in gold.get("aliases", []):
        keys = {name_key(x) for x in grp}
        holders = []
        for e in ents:
            names = {name_key(e.name)} | {name_key(a) for a in e.aliases}
            if keys & names:
                holders.append((e, keys & names))
        found = set().union(*(h for _, h in holders)) if holders else set()
        ok = len(found) >= 2 and len(holders) == 1
        ok_n += ok
        print(f"  {'ok  ' if ok else 'MISS'} {grp[0]}: {len(found)} forms seen, spread over {len(holders)} entities")
        if verbose or not ok:
            for e, _ in holders:
                print(f"         {e.id} {e.type} {e.name!r} aliases={e.aliases}")
    print(f"aliases: {ok_n}/{len(gold.get('aliases', []))}")
    if verbose:
        for e in ents:
            print(f"{e.id} {e.type:6} {e.name!r} {e.aliases} docs={len(e.documents)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
