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
dilutes every cosine. Copies count once: a document whose lineage group
already has a member in the batch adds nothing to the document frequencies
or to N (otherwise a syndicated report's own words would all reach
``min_df`` through its copies and dilute its cosine with every other report
of the story: two copies of each report of the sample corpus split its 4
stories into 15). The smoothing matters for small corpora: with plain
``ln(N / df)`` the words all five seed reports share would weigh nothing.
A limit of corpus-fitted weights: in a corpus of three or four reports a
lone report of a neighbouring development keeps only the words it shares
with the others and can be pulled into their story; it separates once its
own development has a second report.

Only ``numpy`` and ``scipy.sparse`` are used (both already installed for
the lineage stage's ``datasketch``); scikit-learn's vectoriser would add a
dependency for twenty lines of counting.

For a whole corpus (:class:`CorpusFeatures`, what clustering uses) the
same rows are built without a Python string per term: a word becomes the id
of its stem as it is read, a word pair is a 64-bit key computed from two
ids, and :class:`TermMatrixBuilder` counts and weighs the keys with numpy,
a chunk of documents at a time (about 0.4 ms per 300-word report; at
100,000 reports the build needs about 400 MB on top of the texts, against
several GB for lists of term strings). :func:`text_terms`, :func:`name_terms`
and :func:`tfidf` remain the plain definitions (tests check that both give
the same rows). :class:`NameScanner` is :func:`name_features` with a cache
of token classes that skips, in C, sentences with nothing after their first
word that could be a name or a date.
"""

from __future__ import annotations

import math
import re
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import compress, repeat
from operator import and_

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
# A number not glued to a word: "33", "1,500", "2.4". The look-behind comes after the first digit
# ("\d(?<![\w.,]\d)" is "(?<![\w.,])\d") so that the pattern starts with a digit and the search
# skips to digits in C (5 times faster on news text, same matches).
_NUMBER = re.compile(r"\d(?<![\w.,]\d)\d{0,2}(?:,\d{3})+(?![\d,]*\d)|\d(?<![\w.,]\d)\d*(?:\.\d+)?")
_DIGIT = re.compile(r"\d")


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


def name_terms(
    title: str | None,
    body: str,
    entities: Sequence[str] | None = None,
    lead_words: int = 60,
    scanner: NameScanner | None = None,
) -> list[str]:
    """Terms of the names vector: :func:`name_features` of title + body, plus those of the title and lead again.

    ``scanner``: a :class:`NameScanner` to reuse (its cache) across documents.
    """
    scanner = scanner or NameScanner()
    head = f"{title or ''}\n{lead(body, lead_words)}"
    head_entities = None
    if entities is not None:
        low = head.lower()
        head_entities = [e for e in entities if e.lower() in low]
    return scanner.features(f"{title or ''}\n{body}", entities) + scanner.features(head, head_entities)


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


# Token classes for the name scanner (bit flags, cached per token string).
_CAP = 1  # _is_cap
_RUN = 2  # may stand in a name run: capitalised, not a month or weekday
_CONN = 4  # a NAME_CONNECTORS word
_STOP = 8  # a stop word
_MONTH = 16  # a month name or abbreviation
_DAY = 32  # digits with a value 1-31
_RUN_MASK = _RUN | _CONN
_DATE_MASK = _MONTH | _DAY


class _TokenFlags(dict):
    """Token → its class bits, computed once per distinct token (``__missing__``)."""

    def __missing__(self, tok: str) -> int:
        low = tok.lower()
        f = 0
        if _is_cap(tok):
            f |= _CAP
            if low not in MONTHS and low not in WEEKDAYS:
                f |= _RUN
        if low in NAME_CONNECTORS:
            f |= _CONN
        if low in STOP_WORDS:
            f |= _STOP
        if low in MONTHS:
            f |= _MONTH
        if tok.isdigit():
            try:
                if 1 <= int(tok) <= 31:
                    f |= _DAY
            except ValueError:  # digits int() does not read, such as "²"
                pass
        self[tok] = f
        return f


class NameScanner:
    """:func:`name_features` with a cache of token classes, for many documents.

    The cache grows with the distinct tokens seen; one scanner serves one
    clustering run. Only tokens that can matter (capitalised words,
    connectors, months, day numbers) are visited one by one; the rest of a
    sentence is skipped in C.
    """

    def __init__(self) -> None:
        self.flags = _TokenFlags()

    def features(self, text: str, entities: Iterable[str] | None = None) -> list[str]:
        feats: list[str] = []
        if entities is not None:
            for name in entities:
                _add_name(feats, [w for w in _TOKEN.findall(name)])
        flag = self.flags.__getitem__
        sentences = []
        known: set[str] = set()
        for sent in _SENTENCE_END.split(text):
            first = _TOKEN.search(sent)
            if first is None:
                continue
            if sent[first.end() :].islower() and not _DIGIT.search(sent):
                # Nothing after the first word can be a name or a date (no capital, no digit): the
                # sentence matters only through that word (a known name opening the sentence).
                tok = first.group()
                toks = [_clean_token(tok) if "'" in tok or "’" in tok else tok]
                sentences.append((toks, [flag(toks[0])]))
                continue
            toks = _TOKEN.findall(sent)
            if "'" in sent or "’" in sent:
                toks = [c for c in map(_clean_token, toks) if c]
            flags = list(map(flag, toks))
            sentences.append((toks, flags))
            if entities is None and len(toks) > 1:
                known.update(compress(toks[1:], map(and_, flags[1:], repeat(_CAP))))
        for toks, flags in sentences:
            n = len(toks)
            if entities is None:
                if n > 1:
                    self._runs(feats, toks, flags, known)
                elif flags[0] & (_RUN | _STOP | _CONN) == _RUN and toks[0] in known:
                    _add_name(feats, toks)  # a one-word sentence (or all that matters of one): a known name
            if n == 1:
                continue
            for i in compress(range(n), map(and_, flags, repeat(_DATE_MASK))):
                if i + 1 >= n:
                    break
                f, g = flags[i], flags[i + 1]
                if f & _MONTH and g & _DAY:
                    feats.append(f"d:{MONTHS[toks[i].lower()]}-{int(toks[i + 1])}")
                elif f & _DAY and g & _MONTH:
                    feats.append(f"d:{MONTHS[toks[i + 1].lower()]}-{int(toks[i])}")
        for num in _NUMBER.findall(text):
            num = num.replace(",", "")
            if num.strip("0.") and len(num) >= 2:
                feats.append("#:" + num)
        return feats

    @staticmethod
    def _runs(feats: list[str], toks: list[str], flags: list[int], known: set[str]) -> None:
        """Runs of capitalised words (see :func:`_capital_runs`), visiting only capitals and connectors."""
        n = len(toks)
        run: list[int] = []
        prev = -2
        for i in compress(range(n), map(and_, flags, repeat(_RUN_MASK))):
            if run and i != prev + 1:  # a plain word in between ended the run
                _flush_run(feats, toks, flags, run)
                run = []
            prev = i
            f = flags[i]
            if f & _RUN and not (i == 0 and (f & _STOP or toks[0] not in known)):
                run.append(i)
            elif run and f & _CONN and i + 1 < n and flags[i + 1] & _CAP:
                run.append(i)
            elif run:
                _flush_run(feats, toks, flags, run)
                run = []
        if run:
            _flush_run(feats, toks, flags, run)


def _flush_run(feats: list[str], toks: list[str], flags: list[int], run: list[int]) -> None:
    k = 0
    while k < len(run) and flags[run[k]] & (_STOP | _CONN):
        k += 1
    if k < len(run):
        _add_name(feats, [toks[j] for j in run[k:]])


def name_features(text: str, entities: Iterable[str] | None = None) -> list[str]:
    """Name, number and date features of one document (see the module doc).

    Features are prefixed by kind: ``n:`` a whole name, ``w:`` one word of a
    name, ``#:`` a number, ``d:`` a month-day date. With ``entities`` given
    (canonical names from the NLP layer) those replace the capitalised-run
    proxy; numbers and dates still come from ``text``.
    """
    return NameScanner().features(text, entities)


def _capital_runs(feats: list[str], toks: Sequence[str], known: set[str]) -> None:
    """Runs of capitalised words; a sentence's first word counts only if ``known`` as a name.

    The reference form of :meth:`NameScanner._runs` (kept for the tests that
    check the two agree).
    """
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


def tfidf(rows: Sequence[Sequence[str]], min_df: int = 2, counted: Sequence[bool] | None = None) -> sparse.csr_matrix:
    """Rows of terms → an L2-normalised ``(1 + ln tf) · idf`` CSR matrix.

    Terms present in fewer than ``min_df`` rows are dropped; a row left with
    no terms is all zeros (its cosine with anything is 0). ``counted``: which
    rows count in the document frequencies and N (default all; a copy of a
    report already counted does not).
    """
    counts = [Counter(r) for r in rows]
    df: Counter[str] = Counter()
    for i, c in enumerate(counts):
        if counted is None or counted[i]:
            df.update(c.keys())
    # Columns numbered by first appearance: with rows in publication order,
    # the terms of one time window sit close together (cache-friendly products).
    vocab: dict[str, int] = {}
    for c in counts:
        for t in c:
            if t not in vocab and df[t] >= min_df:
                vocab[t] = len(vocab)
    n = len(rows) if counted is None else sum(map(bool, counted))
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
        shape=(len(rows), len(vocab)),
    )


# ----------------------------------------------------------------------------
# The same two matrices for a whole corpus, without a Python string per term.


class _WordIds(dict):
    """Raw lower-case word → id of its stem (numbered from 1 by first appearance), 0 for a dropped word."""

    def __init__(self) -> None:
        super().__init__()
        self.stems: dict[str, int] = {}

    def __missing__(self, w: str) -> int:
        if len(w) < 2 or w in STOP_WORDS:
            v = 0
        else:
            v = self.stems.setdefault(_stem(w), len(self.stems) + 1)
        self[w] = v
        return v

    def ids(self, text: str) -> list[int]:
        """Stem ids of :func:`words` of ``text``, in order."""
        return list(filter(None, map(self.__getitem__, _WORD.findall(text.lower()))))


class _TermIds(dict):
    """Term string → id, numbered by first appearance."""

    def __missing__(self, t: str) -> int:
        v = self[t] = len(self)
        return v


class _Counts:
    """Document frequencies of int64 keys: sorted arrays of keys and counts.

    Chunks are buffered and merged in when the buffer reaches a quarter of
    the merged keys, so each key is merged a logarithmic number of times
    (merging every chunk would make the work grow with the square of the
    corpus).
    """

    min_flush = 1 << 20

    def __init__(self) -> None:
        self.keys = np.empty(0, dtype=np.int64)
        self.df = np.empty(0, dtype=np.int32)
        self._buf: list[tuple[np.ndarray, np.ndarray]] = []
        self._buffered = 0

    def add(self, keys: np.ndarray, df: np.ndarray) -> None:
        """Add ``df`` for the sorted, distinct ``keys`` of one chunk."""
        self._buf.append((keys, df.astype(np.int32)))
        self._buffered += len(keys)
        if self._buffered >= max(len(self.keys) // 4, self.min_flush):
            self.flush()

    def flush(self) -> None:
        if not self._buf:
            return
        keys = np.concatenate([k for k, _ in self._buf])
        df = np.concatenate([d for _, d in self._buf])
        self._buf, self._buffered = [], 0
        order = np.argsort(keys, kind="stable")
        keys, df = keys[order], df[order]
        starts = _run_starts(keys)
        keys, df = keys[starts], np.add.reduceat(df, starts) if len(df) else df
        pos = np.searchsorted(self.keys, keys)
        hit = pos < len(self.keys)
        hit[hit] = self.keys[pos[hit]] == keys[hit]
        self.df[pos[hit]] += df[hit]
        new = ~hit
        self.keys = np.insert(self.keys, pos[new], keys[new])
        self.df = np.insert(self.df, pos[new], df[new])


def _run_starts(a: np.ndarray) -> np.ndarray:
    """Where each run of equal values of the sorted array ``a`` starts."""
    if len(a) == 0:
        return np.empty(0, dtype=np.int64)
    return np.flatnonzero(np.concatenate(([True], a[1:] != a[:-1])))


_CHUNK_DOCS = 1024
_DOC_BITS = 10  # 2 ** _DOC_BITS >= _CHUNK_DOCS
_WEIGHT_BITS = 30  # weights are ranked to 2^-30 when picking each row's heaviest columns


class TermMatrixBuilder:
    """Documents as id sequences → the L2-normalised ``(1 + ln tf) · idf`` CSR matrix of :func:`tfidf`.

    Each document is added as a fixed number of id sequences (segments),
    segment ``s`` counting ``mults[s]`` times; with ``pairs`` each pair of
    adjacent ids inside a segment is a term too (``a_b`` in
    :func:`text_terms`; key ``(a + 1) · V + b`` for ``V`` distinct ids).
    Only the ids are kept (4 bytes each). :meth:`build` then works on
    ``_CHUNK_DOCS`` documents at a time with numpy, no Python object per
    term: pass 1 sorts each chunk's (term, document) keys and merges the
    chunk's document frequencies into one sorted array of all terms; pass 2
    sorts (document, term) keys again, so that each run of equal keys is one
    cell of the matrix with its count, and writes the rows. Columns are
    numbered in term-key order, not by first appearance; the rows are
    otherwise those of :func:`tfidf` (float32 values, int32 columns). Memory:
    the ids, the document frequencies of every distinct term (12 bytes per
    term), one chunk, and the matrix (8 bytes per non-zero).
    """

    def __init__(self, mults: Sequence[int], pairs: bool) -> None:
        if any(m < 0 for m in mults):
            raise ValueError("segment multiplicities must be >= 0")
        self.mults = np.asarray(mults, dtype=np.int64)
        self.pairs = pairs
        self.ids = array("i")
        self.seg_len = array("i")
        self.counted = array("b")
        self.n = 0

    def add(self, *segments: Sequence[int], counted: bool = True) -> None:
        """One document; ``counted=False``: not in the document frequencies
        and N (a copy of a report already added)."""
        if len(segments) != len(self.mults):
            raise ValueError(f"expected {len(self.mults)} segments, got {len(segments)}")
        for seg in segments:
            self.ids.extend(seg)
            self.seg_len.append(len(seg))
        self.counted.append(1 if counted else 0)
        self.n += 1

    def _chunk(self, d0: int, d1: int, n_ids: int) -> tuple[np.ndarray, np.ndarray]:
        """Term keys and local document numbers of every term occurrence of documents ``[d0, d1)``
        (an occurrence in a segment counting ``m`` times is repeated ``m`` times)."""
        k = len(self.mults)
        lens = self._lens[d0 * k : d1 * k]
        a, b = self._off[d0 * k], self._off[d1 * k]
        ids = self._ids[a:b].astype(np.int64)
        seg = np.repeat(np.arange(len(lens)), lens)
        keys, segs = [ids], [seg]
        if self.pairs and len(ids) > 1:
            same = seg[1:] == seg[:-1]
            keys.append((ids[:-1][same] + 1) * n_ids + ids[1:][same])
            segs.append(seg[:-1][same])
        key, seg = np.concatenate(keys), np.concatenate(segs)
        mult = self.mults[seg % k]
        if not np.all(mult == 1):
            key, seg = np.repeat(key, mult), np.repeat(seg, mult)
        return key, seg // k

    def build(self, min_df: int = 2, top: int = 0) -> tuple[sparse.csr_matrix, np.ndarray, np.ndarray]:
        """``(matrix, top_ptr, top_cols)``: the CSR matrix and, per row ``r``, its ``top`` heaviest
        columns ``top_cols[top_ptr[r]:top_ptr[r + 1]]`` (ties to the smaller column). Once only."""
        n = self.n
        self._ids = np.frombuffer(self.ids, dtype=np.int32) if len(self.ids) else np.empty(0, dtype=np.int32)
        self._lens = np.frombuffer(self.seg_len, dtype=np.int32) if len(self.seg_len) else np.empty(0, np.int32)
        self._off = np.concatenate(([0], np.cumsum(self._lens, dtype=np.int64)))
        n_ids = int(self._ids.max()) + 1 if len(self._ids) else 1
        key_bits = ((n_ids + 1) * n_ids if self.pairs else n_ids).bit_length()
        if _CHUNK_DOCS > 1 << _DOC_BITS:
            raise ValueError("_CHUNK_DOCS must fit in _DOC_BITS")
        if key_bits + _DOC_BITS > 62:
            raise ValueError("too many distinct terms for 64-bit keys")
        chunks = [(d0, min(d0 + _CHUNK_DOCS, n)) for d0 in range(0, n, _CHUNK_DOCS)]
        # pass 1: document frequencies
        counts = _Counts()
        counted = np.frombuffer(self.counted, dtype=np.int8).astype(bool) if n else np.zeros(0, dtype=bool)
        for d0, d1 in chunks:
            key, doc = self._chunk(d0, d1, n_ids)
            if not counted[d0:d1].all():
                keep = counted[d0 + doc]
                key, doc = key[keep], doc[keep]
            cell = np.sort((key << _DOC_BITS) | doc)
            terms = cell[_run_starts(cell)] >> _DOC_BITS  # one per (term, document), ordered by term
            starts = _run_starts(terms)
            counts.add(terms[starts], np.diff(np.append(starts, len(terms))))
        counts.flush()
        kept = counts.df >= min_df
        vocab = counts.keys[kept]
        idf = np.log((1.0 + int(counted.sum())) / (1.0 + counts.df[kept])) + 1.0
        del counts, kept
        # pass 2: rows, written straight into growing buffers
        indptr = np.zeros(n + 1, dtype=np.int64)
        indices, data, tops = array("i"), array("f"), array("i")
        top_len = np.zeros(n, dtype=np.int64)
        low = (1 << key_bits) - 1
        for d0, d1 in chunks:
            key, doc = self._chunk(d0, d1, n_ids)
            cell = np.sort((doc << key_bits) | key)
            starts = _run_starts(cell)
            tf = np.diff(np.append(starts, len(cell)))
            cell = cell[starts]
            row, key = cell >> key_bits, cell & low
            # look the chunk's distinct keys up in sorted order (binary searches that move forward
            # through the vocabulary: a third of the time of looking up the keys as they come)
            distinct, inv = np.unique(key, return_inverse=True)
            col = np.searchsorted(vocab, distinct)
            col[col == len(vocab)] = 0
            hit = (vocab[col] == distinct)[inv] if len(vocab) else np.zeros(len(key), dtype=bool)
            row, col, tf = row[hit], col[inv][hit], tf[hit]
            w = (1.0 + np.log(tf)) * idf[col]
            w /= np.sqrt(np.bincount(row, weights=w * w, minlength=d1 - d0))[row]
            indptr[d0 + 1 : d1 + 1] = np.bincount(row, minlength=d1 - d0)
            indices.frombytes(col.astype(np.int32).tobytes())
            data.frombytes(w.astype(np.float32).tobytes())
            if top > 0 and len(row):
                rank_key = (row << (_WEIGHT_BITS + 1)) | ((1 << _WEIGHT_BITS) - (w * (1 << _WEIGHT_BITS)).astype(np.int64))
                order = np.argsort(rank_key, kind="stable")  # by row, heaviest first, then by column
                first = np.searchsorted(row[order], np.arange(d1 - d0))
                rank = np.arange(len(order)) - first[row[order]]
                pick = np.sort(order[rank < top])
                tops.frombytes(col[pick].astype(np.int32).tobytes())
                top_len[d0:d1] = np.bincount(row[pick], minlength=d1 - d0)
        self.ids = self.seg_len = self._ids = self._lens = self._off = None
        np.cumsum(indptr, out=indptr)
        m = sparse.csr_matrix((_as_array(data, np.float32), _as_array(indices, np.int32), indptr), shape=(n, len(vocab)))
        top_ptr = np.concatenate(([0], np.cumsum(top_len)))
        return m, top_ptr, _as_array(tops, np.int32)


def _as_array(buf: array, dtype) -> np.ndarray:
    """A numpy view of an ``array.array`` (no copy)."""
    return np.frombuffer(buf, dtype=dtype) if len(buf) else np.empty(0, dtype=dtype)


class CorpusFeatures:
    """Text and names matrices of a corpus, one document at a time, then :meth:`build`.

    Same rows as ``tfidf([text_terms(...)])`` and ``tfidf([name_terms(...)])``
    (see :class:`TermMatrixBuilder` for the differences in form), in a few
    hundred bytes per document instead of one Python string per term.
    """

    def __init__(self, title_weight: int = 2, lead_words: int = 60) -> None:
        self.title_weight, self.lead_words = title_weight, lead_words
        self.words = _WordIds()
        self.names = _TermIds()
        self.scanner = NameScanner()
        self.text = TermMatrixBuilder((title_weight, 1, 1), pairs=True)
        self.name = TermMatrixBuilder((1,), pairs=False)

    def add(self, title: str | None, body: str, entities: Sequence[str] | None = None, counted: bool = True) -> None:
        ids = self.words.ids
        self.text.add(ids(title or ""), ids(lead(body, self.lead_words)), ids(body), counted=counted)
        names = self.names.__getitem__
        self.name.add(list(map(names, name_terms(title, body, entities, self.lead_words, self.scanner))), counted=counted)

    def build(self, min_df: int = 2, top: int = 0):
        """``(X, x_top_ptr, x_top_cols), (Y, y_top_ptr, y_top_cols)`` (see :meth:`TermMatrixBuilder.build`)."""
        self.words = self.names = self.scanner = None  # the strings are no longer needed
        return self.text.build(min_df, top), self.name.build(min_df, top)
