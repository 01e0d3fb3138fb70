"""Document features for story clustering: words and names, both as TF-IDF.

Two sparse, L2-normalised matrices are built for the corpus being clustered
(one row per document, rows in the order given):

* **text** (:func:`text_terms`): the words of ``title`` + ``body``,
  lower-cased, English stop words and one-character tokens dropped, a
  possessive ``'s`` and a plural ``s`` stripped (``earthquakes`` and
  ``earthquake`` count as one term), plus each pair of adjacent words
  (``endangered_species``). The title counts ``title_weight`` times and the
  lead (first ``lead_words`` words of the body, where a report states its
  event) once more. On ECB+ (``bench/stories_ecbplus.py``) word pairs and
  the lead each add about a point of event-level F1.
* **names** (:func:`name_terms`): what tells two events *of the same kind*
  apart (two earthquakes, two rehab stays): names of people and places,
  numbers, years and calendar dates in the text, again with the title and
  lead counted twice. When the NLP layer supplies canonical entity names
  they are the names; otherwise :func:`name_features` extracts a cheap
  proxy: runs of capitalised words (``Tara Reid``, ``Harakat al-Sayf``; a
  sentence's first word only when it is capitalised elsewhere too), each
  word of a run on its own (a later ``Reid`` still matches), numbers
  (``33``, ``1,500`` → ``1500``) and month-day dates (``June 13``,
  ``3 November``). Numbers and dates always come from the text.

Both use weight ``(1 + ln tf) · idf`` with ``idf = ln((1 + N) / (1 + df)) + 1``
(the smoothed form scikit-learn uses, fitted on the documents being
clustered) and drop terms found in fewer than ``min_df`` documents: a word
only one report uses can never make two reports similar, and leaving it in
dilutes every cosine. The smoothing matters for small corpora: with plain
``ln(N / df)`` the words all five seed reports share would weigh nothing.
A limit of corpus-fitted weights: in a corpus of three or four reports a
lone report of a neighbouring development keeps only the words it shares
with the others and can be pulled into their story; it separates once its
own development has a second report.

Only ``numpy`` and ``scipy.sparse`` are used (both already installed for
the lineage stage's ``datasketch``); scikit-learn's vectoriser would add a
dependency for twenty lines of counting.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np
from scipy import sparse

STOP_WORDS = frozenset(
    """
    a about above after again against ago all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each either else ever every few
    for from further had has have having he her here hers herself him himself his how however i if in
    into is it its itself just least less let like made make many may me might more most much must my
    myself neither no nor not now of off on once one only or other our ours ourselves out over own per
    said same say says she should since so some still such than that the their theirs them themselves
    then there these they this those though through thus to too told under until up upon us very via
    was we were what when where whether which while who whom whose why will with within without would
    yet you your yours yourself yourselves mr mrs ms dr s t re ll ve d m
    """.split()
)

MONTHS = {
    m: i + 1
    for i, m in enumerate(
        "january february march april may june july august september october november december".split()
    )
}
MONTHS.update({m[:3]: v for m, v in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())

#: Lower-case words allowed inside a capitalised run (``Harakat al-Sayf``,
#: ``Bank of England``), never at its ends.
NAME_CONNECTORS = frozenset("al el de del da di du la le van von der den bin ibn bint abu of".split())

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_TOKEN = re.compile(r"[^\W_][\w'’\-.]*[^\W_]|[^\W_]", re.UNICODE)
_SENTENCE_END = re.compile(r"(?:[.!?]['\"’”)]*\s+|\n+)")
_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?![\d,]*\d)|(?<![\w.,])\d+(?:\.\d+)?")


def _stem(word: str) -> str:
    """A deliberately tiny stemmer: drop a plural or possessive ``s``."""
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    """Content words of ``text`` for the text vector (lower-cased, stemmed)."""
    out = []
    for w in _WORD.findall(text.lower()):
        if len(w) < 2 or w in STOP_WORDS:
            continue
        out.append(_stem(w))
    return out


def _with_bigrams(ws: list[str]) -> list[str]:
    return ws + [f"{a}_{b}" for a, b in zip(ws, ws[1:])]


def lead(body: str, n_words: int) -> str:
    """The first ``n_words`` whitespace-separated words of ``body``."""
    return " ".join(body.split(None, n_words)[:n_words])


def text_terms(title: str | None, body: str, title_weight: int = 2, lead_words: int = 60) -> list[str]:
    """Terms of the text vector: words and adjacent-word pairs (``endangered_species``).

    The title counts ``title_weight`` times and the lead (first
    ``lead_words`` words of the body, where a news report states its event)
    once more on top of the whole body.
    """
    t = _with_bigrams(words(title or ""))
    return t * title_weight + _with_bigrams(words(lead(body, lead_words))) + _with_bigrams(words(body))


def name_terms(title: str | None, body: str, entities: Sequence[str] | None = None, lead_words: int = 60) -> list[str]:
    """Terms of the names vector: :func:`name_features` of title + body, plus those of the title and lead again."""
    head = f"{title or ''}\n{lead(body, lead_words)}"
    head_entities = None
    if entities is not None:
        low = head.lower()
        head_entities = [e for e in entities if e.lower() in low]
    return name_features(f"{title or ''}\n{body}", entities) + name_features(head, head_entities)


def _is_cap(tok: str) -> bool:
    """Capitalised, or a lower-case particle joined to a capitalised name (``al-Sayf``)."""
    if tok[0].isupper():
        return True
    head, _, rest = tok.partition("-")
    return bool(rest) and rest[0].isupper() and head.lower() in NAME_CONNECTORS


def _clean_token(tok: str) -> str:
    tok = tok.replace("’", "'")
    if tok.lower().endswith("'s"):
        tok = tok[:-2]
    return tok.strip("'.-")


def name_features(text: str, entities: Iterable[str] | None = None) -> list[str]:
    """Name, number and date features of one document (see the module doc).

    Features are prefixed by kind: ``n:`` a whole name, ``w:`` one word of a
    name, ``#:`` a number, ``d:`` a month-day date. With ``entities`` given
    (canonical names from the NLP layer) those replace the capitalised-run
    proxy; numbers and dates still come from ``text``.
    """
    feats: list[str] = []
    if entities is not None:
        for name in entities:
            _add_name(feats, [w for w in _TOKEN.findall(name)])
    sentences = []
    for sent in _SENTENCE_END.split(text):
        toks = [_clean_token(t) for t in _TOKEN.findall(sent)]
        sentences.append([t for t in toks if t])
    # capitalised somewhere other than at the start of a sentence: a name, wherever it stands
    known = {t for toks in sentences for t in toks[1:] if _is_cap(t)}
    for toks in sentences:
        if entities is None:
            _capital_runs(feats, toks, known)
        for i, t in enumerate(toks):
            low = t.lower()
            if low in MONTHS and i + 1 < len(toks) and toks[i + 1].isdigit() and 1 <= int(toks[i + 1]) <= 31:
                feats.append(f"d:{MONTHS[low]}-{int(toks[i + 1])}")
            elif t.isdigit() and i + 1 < len(toks) and toks[i + 1].lower() in MONTHS and 1 <= int(t) <= 31:
                feats.append(f"d:{MONTHS[toks[i + 1].lower()]}-{int(t)}")
    for m in _NUMBER.finditer(text):
        num = m.group().replace(",", "")
        if num.strip("0.") and len(num) >= 2:
            feats.append("#:" + num)
    return feats


def _capital_runs(feats: list[str], toks: Sequence[str], known: set[str]) -> None:
    """Runs of capitalised words; a sentence's first word counts only if ``known`` as a name."""
    run: list[str] = []
    for i, tok in enumerate([*toks, ""]):
        low = tok.lower()
        cap = bool(tok) and _is_cap(tok) and low not in MONTHS and low not in WEEKDAYS
        if cap and i == 0 and (tok not in known or low in STOP_WORDS):
            cap = False  # "The", "Fighters", "Officials" opening a sentence
        if cap:
            run.append(tok)
        elif run and low in NAME_CONNECTORS and i + 1 < len(toks) and _is_cap(toks[i + 1]):
            run.append(tok)
        else:
            while run and (run[0].lower() in STOP_WORDS or run[0].lower() in NAME_CONNECTORS):
                run.pop(0)
            if run:
                _add_name(feats, run)
            run = []


def _add_name(feats: list[str], parts: Sequence[str]) -> None:
    parts = [p.lower() for p in parts if p]
    if not parts:
        return
    if len(parts) > 1:
        feats.append("n:" + " ".join(parts))
    for p in parts:
        if p not in NAME_CONNECTORS and p not in STOP_WORDS and len(p) > 1:
            feats.append("w:" + p)


def tfidf(rows: Sequence[Sequence[str]], min_df: int = 2) -> sparse.csr_matrix:
    """Rows of terms → an L2-normalised ``(1 + ln tf) · idf`` CSR matrix.

    Terms present in fewer than ``min_df`` rows are dropped; a row left with
    no terms is all zeros (its cosine with anything is 0).
    """
    counts = [Counter(r) for r in rows]
    df: Counter[str] = Counter()
    for c in counts:
        df.update(c.keys())
    # Columns numbered by first appearance: with rows in publication order,
    # the terms of one time window sit close together (cache-friendly products).
    vocab: dict[str, int] = {}
    for c in counts:
        for t in c:
            if t not in vocab and df[t] >= min_df:
                vocab[t] = len(vocab)
    n = len(rows)
    idf = {t: math.log((1 + n) / (1 + df[t])) + 1.0 for t in vocab}
    indptr, indices, data = [0], [], []
    for c in counts:
        items = [(vocab[t], (1.0 + math.log(k)) * idf[t]) for t, k in c.items() if t in vocab]
        norm = math.sqrt(sum(v * v for _, v in items)) or 1.0
        items.sort()
        indices.extend(i for i, _ in items)
        data.extend(v / norm for _, v in items)
        indptr.append(len(indices))
    return sparse.csr_matrix(
        (np.asarray(data, dtype=np.float64), np.asarray(indices, dtype=np.int64), np.asarray(indptr, dtype=np.int64)),
        shape=(n, len(vocab)),
    )
