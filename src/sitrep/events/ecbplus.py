"""Reader for ECB+ (Cybulska & Vossen 2014) documents: tokens, sentences,
mentions and gold event coreference.

ECB+ documents are token-level XML: ``<token t_id sentence number>word``,
then ``<Markables>`` (mentions with ``<token_anchor t_id>`` children, and
instance markables without anchors) and ``<Relations>``
(``CROSS_DOC_COREF`` whose ``note`` is the instance id, shared across the
documents of a topic, and ``INTRA_DOC_COREF`` inside one document).

Gold event coreference, as usual for ECB+: an *event mention* is an
``ACTION_*`` or ``NEG_ACTION_*`` markable with token anchors; its cluster is
the instance of the cross-document relation it is a source of, else the
intra-document relation it is a source of, else it is a singleton.

This module reads only; the benchmark is ``bench/events_ecbplus.py``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

_NAME = re.compile(r"(\d+)_(\d+)(ecb|ecbplus)\.xml")


@dataclass(frozen=True)
class EcbMention:
    key: str                    # "<doc>:<m_id>", unique in the corpus
    doc: str                    # document name without .xml ("1_1ecb")
    tag: str                    # ACTION_OCCURRENCE, HUMAN_PART_PER, …
    tokens: tuple[int, ...]     # t_ids of the anchors, in order
    sentence: int               # sentence number of the first anchor
    text: str                   # anchor words joined by spaces

    @property
    def is_event(self) -> bool:
        return self.tag.startswith(("ACTION_", "NEG_ACTION_"))


@dataclass
class EcbDocument:
    name: str                   # "1_1ecb"
    topic: str                  # "1"
    subtopic: str               # "1-ecb" (topic + ecb/ecbplus: one real-world event)
    words: dict[int, str]       # t_id -> word
    sentence_of: dict[int, int]  # t_id -> sentence number
    sentences: dict[int, list[int]]  # sentence number -> t_ids in order
    mentions: list[EcbMention] = field(default_factory=list)
    #: mention key -> gold cluster key, for event mentions only
    event_cluster: dict[str, str] = field(default_factory=dict)

    def sentence_text(self, number: int) -> tuple[str, dict[int, tuple[int, int]]]:
        """The sentence as its words joined by single spaces, and each
        token's (start, end) offsets in it."""
        out, spans, pos = [], {}, 0
        for t in self.sentences[number]:
            w = self.words[t]
            if out:
                pos += 1
            spans[t] = (pos, pos + len(w))
            out.append(w)
            pos += len(w)
        return " ".join(out), spans

    def text(self) -> tuple[str, dict[int, tuple[int, int]], dict[int, int]]:
        """The document as one sentence per line; each token's offsets in
        it; each sentence's start offset."""
        parts, spans, starts, pos = [], {}, {}, 0
        for k in sorted(self.sentences):
            s, sp = self.sentence_text(k)
            starts[k] = pos
            for t, (a, b) in sp.items():
                spans[t] = (pos + a, pos + b)
            parts.append(s)
            pos += len(s) + 1
        return "\n".join(parts), spans, starts

    @property
    def event_mentions(self) -> list[EcbMention]:
        return [m for m in self.mentions if m.is_event]


def read_document(path: str | Path) -> EcbDocument:
    path = Path(path)
    m = _NAME.fullmatch(path.name)
    if not m:
        raise ValueError(f"{path}: not an ECB+ document name (T_Necb.xml / T_Necbplus.xml)")
    root = ET.parse(path).getroot()
    name = path.stem
    words: dict[int, str] = {}
    sentence_of: dict[int, int] = {}
    sentences: dict[int, list[int]] = defaultdict(list)
    for tok in root.iter("token"):
        t = int(tok.get("t_id"))
        words[t] = tok.text or ""
        s = int(tok.get("sentence", 0))
        sentence_of[t] = s
        sentences[s].append(t)
    doc = EcbDocument(name=name, topic=m.group(1), subtopic=f"{m.group(1)}-{m.group(3)}",
                      words=words, sentence_of=sentence_of, sentences=dict(sentences))
    markables = root.find("Markables")
    for el in markables if markables is not None else ():
        anchors = tuple(sorted(int(a.get("t_id")) for a in el.iter("token_anchor")))
        if not anchors:
            continue
        key = f"{name}:{el.get('m_id')}"
        doc.mentions.append(EcbMention(
            key=key, doc=name, tag=el.tag, tokens=anchors, sentence=sentence_of[anchors[0]],
            text=" ".join(words[t] for t in anchors)))
    events = {m.key for m in doc.mentions if m.is_event}
    cross: dict[str, str] = {}
    intra: dict[str, str] = {}
    relations = root.find("Relations")
    for rel in relations if relations is not None else ():
        sources = [f"{name}:{s.get('m_id')}" for s in rel.findall("source")]
        if rel.tag == "CROSS_DOC_COREF":
            for s in sources:
                cross.setdefault(s, f"{doc.topic}:{rel.get('note')}")
        elif rel.tag == "INTRA_DOC_COREF":
            for s in sources:
                intra.setdefault(s, f"{name}:intra:{rel.get('r_id')}")
    for k in sorted(events):
        doc.event_cluster[k] = cross.get(k) or intra.get(k) or f"single:{k}"
    return doc


def corpus_paths(data_dir: str | Path) -> list[Path]:
    """Every ECB+ document under ``data_dir`` (``<topic>/<T>_<N>ecb[plus].xml``), sorted."""
    return [p for p in sorted(Path(data_dir).glob("*/*.xml")) if _NAME.fullmatch(p.name)]


def read_corpus(data_dir: str | Path) -> Iterator[EcbDocument]:
    for p in corpus_paths(data_dir):
        yield read_document(p)
