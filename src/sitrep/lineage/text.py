"""Text views of one body that lineage compares: tokens, content stems,
sentences and quoted regions, all with character offsets into the body.

Everything here is a pure function of the body, deterministic across
processes (no use of Python's randomised ``hash``), and cheap: one regex pass
for tokens, one for sentence ends, one for quotes.

Tokens
    ``[^\\W_]+`` runs, casefolded: punctuation, apostrophes and hyphens split
    words ("Kostrel's" -> ``kostrel``, ``s``; "al-Sayf" -> ``al``, ``sayf``),
    so curly and straight quotes, dashes and spacing never break a match.

Content stems
    Tokens that are not in :data:`STOPWORDS`, truncated to their first five
    characters (truncation stemming: "crossed"/"crossing" -> ``cross``,
    "stabilised"/"stabilized" -> ``stabi``, "reinforcements" ->
    ``reinf``). Used for the passage index and for paraphrase (rewrite)
    similarity, where a rewrite keeps the content words but changes the
    function words and inflections around them.

Sentences
    A regex splitter: paragraphs (newlines) always end a sentence; inside a
    paragraph a sentence ends at ``.``, ``!`` or ``?`` (plus closing quotes or
    brackets) followed by space and an upper-case letter, digit or opening
    quote, unless the word before the full stop is a known abbreviation
    ("Dec.", "Mr.", "U.S.") or a single letter (an initial).

Quoted regions
    Text between typographic double quotes, or between pairs of straight
    double quotes inside one paragraph. A passage two reports share *inside
    quotes in both* is the same speaker quoted twice, not copying (see
    ``align``).
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field

import numpy as np

#: Function words and the reporting verbs every news text repeats; dropped
#: from content stems so that rewrite similarity rests on content words.
STOPWORDS = frozenset(
    """a about above after again against all also although am among an and any are around as at be because been
    before being below between both but by can could did do does doing down during each either few for from further
    had has have having he her here hers him his how however i if in into is it its itself just may me might more most
    much must my no nor not now of off on once one only or other our ours out over own per said same say saying says
    she should since so some such than that the their theirs them then there these they this those though through
    thus to told too under until up upon us very was we were what when where whether which while who whom whose why
    will with within without would yet you your""".split()
)

#: Words whose trailing full stop does not end a sentence.
ABBREVIATIONS = frozenset(
    """mr mrs ms dr gen lt col sgt capt maj cpl adm rep sen gov prof st jan feb mar apr jun jul aug sep sept oct nov
    dec no nos vs etc inc ltd co corp jr sr mt ft approx est dept univ""".split()
)

STEM_LENGTH = 5

_TOKEN = re.compile(r"[^\W_]+")
_SENT_END = re.compile(r"[.!?]+[\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
_PARA = re.compile(r"[^\n]+")
_QUOTE = re.compile(r"“[^”\n]*”?|\"[^\"\n]*\"")
_MASK64 = (1 << 64) - 1
#: Odd multipliers that combine k token hashes into one n-gram hash (mod 2^64).
_NGRAM_MULT = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
     0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x94D049BB133111EB, 0xBF58476D1CE4E5B9],
    dtype=np.uint64,
)


def token_hash(token: str) -> int:
    """A deterministic 64-bit hash of one token (two seeded CRC-32s)."""
    b = token.encode("utf-8")
    return zlib.crc32(b) | (zlib.crc32(b, 0x5BD1E995) << 32)


def ngram_hashes(hashes: np.ndarray, k: int) -> np.ndarray:
    """64-bit hashes of every run of ``k`` consecutive items of ``hashes``.

    A fixed linear combination with odd multipliers (wrapping mod 2^64), so the
    same k items in the same order always give the same value in any process.
    """
    if k < 1 or k > len(_NGRAM_MULT):
        raise ValueError(f"n-gram length must be 1..{len(_NGRAM_MULT)}, got {k}")
    n = len(hashes) - k + 1
    if n <= 0:
        return np.zeros(0, dtype=np.uint64)
    out = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            out += hashes[j:j + n] * _NGRAM_MULT[j]
        out ^= out >> np.uint64(29)
        out *= np.uint64(0xBF58476D1CE4E5B9)
        out ^= out >> np.uint64(32)
    return out


def stem(token: str) -> str:
    return token[:STEM_LENGTH]


@dataclass
class TextView:
    """The views of one body used by fingerprinting and alignment.

    ``tokens``/``starts``/``ends``: normalised tokens and their character
    spans. ``content``: indices (into ``tokens``) of content tokens, and
    ``stems`` their stems. ``sentences``: ``(first_token, end_token)``
    half-open token ranges. ``quoted``: boolean per token, True inside a
    quotation.
    """

    body: str
    tokens: list[str]
    starts: list[int]
    ends: list[int]
    content: list[int]
    stems: list[str]
    sentences: list[tuple[int, int]]
    quoted: list[bool]
    _sentence_stems: list[frozenset[str]] | None = field(default=None, repr=False)

    @property
    def n(self) -> int:
        return len(self.tokens)

    def sentence_stems(self) -> list[frozenset[str]]:
        """Content-stem set of each sentence (cached)."""
        if self._sentence_stems is None:
            stops = STOPWORDS
            self._sentence_stems = [
                frozenset(stem(t) for t in self.tokens[a:b] if t not in stops) for a, b in self.sentences
            ]
        return self._sentence_stems

    def char_span(self, first: int, end: int) -> tuple[int, int]:
        """Character span of tokens ``first .. end-1``."""
        return self.starts[first], self.ends[end - 1]


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text`` (see module docstring)."""
    spans: list[tuple[int, int]] = []
    for pm in _PARA.finditer(text):
        para, p0 = pm.group(), pm.start()
        start = 0
        for m in _SENT_END.finditer(para):
            before = para[start:m.start()].rsplit(None, 1)
            word = before[-1].lower() if before else ""
            if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()) or _is_dotted_initialism(before):
                continue
            spans.append((p0 + start, p0 + m.start() + len(m.group().rstrip())))
            start = m.end()
        if para[start:].strip():
            spans.append((p0 + start, p0 + len(para.rstrip())))
    return spans


def _is_dotted_initialism(before: list[str]) -> bool:
    # "U.S." / "U.N." before the matched full stop: letters separated by dots.
    return bool(before) and bool(re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", before[-1]))


def quoted_chars(text: str) -> list[tuple[int, int]]:
    """Character spans of quoted text (quotation marks included)."""
    return [(m.start(), m.end()) for m in _QUOTE.finditer(text)]


def view(body: str) -> TextView:
    """Build the :class:`TextView` of ``body``."""
    tokens: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for m in _TOKEN.finditer(body):
        tokens.append(m.group().casefold())
        starts.append(m.start())
        ends.append(m.end())
    content = [i for i, t in enumerate(tokens) if t not in STOPWORDS]
    stems = [stem(tokens[i]) for i in content]
    sentences = _token_ranges(sentence_bounds(body), starts)
    quoted = [False] * len(tokens)
    if tokens:
        for a, b in quoted_chars(body):
            i = _first_token_at_or_after(starts, a)
            while i < len(tokens) and starts[i] < b:
                quoted[i] = True
                i += 1
    return TextView(body, tokens, starts, ends, content, stems, sentences, quoted)


def _first_token_at_or_after(starts: list[int], pos: int) -> int:
    import bisect

    return bisect.bisect_left(starts, pos)


def _token_ranges(spans: list[tuple[int, int]], starts: list[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in spans:
        i = _first_token_at_or_after(starts, a)
        j = _first_token_at_or_after(starts, b)
        if j > i:
            out.append((i, j))
    return out
