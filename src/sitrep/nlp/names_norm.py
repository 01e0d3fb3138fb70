"""Normalised keys for entity names, shared by the document and corpus stages.

Rules (applied in this order by :func:`name_tokens`):

1. Unicode compatibility form, diacritics dropped, lower case
   (Türkiye -> turkiye).
2. Apostrophes and ayn/hamza marks vanish inside words (Kata'ib -> kataib);
   dots inside abbreviations vanish (U.S. -> us); other punctuation and
   hyphens separate words.
3. Arabic articles go: "al-", "el-" and the assimilated "ad-", "ash-",
   "as-", "at-", "az-", "an-", "ar-", … before a word, and a free-standing
   "al"/"el"; the English article "the" goes too (al-Assad = Al Assad =
   Assad; the Kremlin = Kremlin).
4. British spellings become American: -isation -> -ization, -ise -> -ize,
   -yse -> -yze, and a word table (Defence -> defense, Centre -> center).
5. Common transliteration variants fold together, word by word:
   dh -> z (Nadhim/Nazim), ph -> f, q -> k (Qasr/Kasr), ou/oo -> u,
   ee -> i, ae/ay/ey/ei -> ai (Sayf/Saif, Hussein/Husayn, Qaeda/Qaida), doubled letters
   single (Nujabaa/Nujaba, Hassan/Hasan), final -ah -> -a (Hamah/Hama),
   final -y -> -i (Shaaby/Shaabi).
6. Countries' alternative names map to one key through the exonym table
   (turkiye -> turkey; us -> united states).

:func:`skeleton` keeps consonants only (the vowel spelling of transliterated
names varies: Zerin/Zarin, Tal/Tel); it is only used together with a string
similarity floor and never for people (Hadi/Huda are different people).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .names_tables import (
    ARABIC_ORG_WORDS,
    ARABIC_ORG_WORDS_NEED_APOSTROPHE,
    BRITISH_AMERICAN,
    COUNTRY_EXONYMS,
    DEMONYM_ENDINGS,
    GENERIC_ORG_WORDS,
    TOPONYM_WORDS,
)

_APOS = "'\u2019\u2018`\u00b4\u02bc\u02bb\u02bf\u02be"
_APOS_RE = re.compile(f"[{_APOS}]")
_ARTICLE_RE = re.compile(r"(?<![a-z0-9])(?:al|el|ad|ash|as|at|az|an|ar|ath|adh|ed|es|et|ez|er|en|ul|ut)-(?=[a-z])")
_ABBR_DOT_RE = re.compile(r"(?<=\b[a-z])\.")
_NONWORD_RE = re.compile(r"[^a-z0-9]+")
_DROP_WORDS = frozenset({"al", "el", "the"})
_TRANSLIT = (
    ("dh", "z"), ("ph", "f"), ("q", "k"), ("ou", "u"), ("oo", "u"), ("ee", "i"), ("ae", "ai"),
    ("ay", "ai"), ("ey", "ai"), ("ei", "ai"),
)
_DOUBLE_RE = re.compile(r"([a-z])\1+")
_VOWELS_RE = re.compile(r"[aeiouy]")
_ACRONYM_RE = re.compile(r"^(?=(?:.*[A-Z]){2})[A-Z][A-Za-z0-9&.\-]{1,9}$")


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower case without diacritics; apostrophes removed."""
    if text.isascii():
        return _APOS_RE.sub("", text.lower())
    s = unicodedata.normalize("NFKD", text)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("\u0131", "i")  # dotless i
    return _APOS_RE.sub("", s.lower())


def _word(w: str) -> str:
    w = BRITISH_AMERICAN.get(w, w)
    if len(w) > 6 and w.endswith(("isation", "isations")):
        w = w.replace("isation", "ization")
    elif len(w) > 4 and w.endswith(("ise", "ised", "ises", "yse", "ysed")):
        w = re.sub(r"is(e[sd]?)$", r"iz\1", w)
        w = re.sub(r"ys(e[sd]?)$", r"yz\1", w)
    for a, b in _TRANSLIT:
        w = w.replace(a, b)
    w = _DOUBLE_RE.sub(r"\1", w)
    if len(w) > 3 and w.endswith("ah"):
        w = w[:-1]
    if len(w) > 3 and w.endswith("y"):
        w = w[:-1] + "i"
    return w


def name_tokens(text: str) -> list[str]:
    """The normalised words of a name (rules 1-5; no exonym mapping)."""
    return list(_name_tokens(text))


@lru_cache(maxsize=1 << 16)
def _name_tokens(text: str) -> tuple[str, ...]:
    s = fold(text)
    s = _ABBR_DOT_RE.sub("", s)
    s = _ARTICLE_RE.sub(" ", s)
    words = [w for w in _NONWORD_RE.split(s) if w and w not in _DROP_WORDS]
    return tuple(_word(w) for w in words)


@lru_cache(maxsize=1 << 16)
def name_key(text: str) -> str:
    """The normalised key of a name (all rules, exonyms included)."""
    key = " ".join(_name_tokens(text))
    return _EXONYMS.get(key, key)


def is_country_key(key: str) -> bool:
    return key in _EXONYMS or key in _EXONYMS.values()


def skeleton(key: str) -> str:
    """Consonants of a key, word by word (the first letter of a word is kept
    even when it is a vowel)."""
    return " ".join(w[0] + _VOWELS_RE.sub("", w[1:]) for w in key.split())


def consonant_count(key: str) -> int:
    return sum(1 for c in key if c.isalpha() and c not in "aeiouy")


def is_acronym(text: str) -> bool:
    """"PMF", "HTS", "ISIS" (two or more capitals, no spaces or dots, short).
    Dotted abbreviations ("U.S.", "S.C.") are standard ones, treated as names."""
    return bool(_ACRONYM_RE.match(text)) and " " not in text and "." not in text


def looks_demonym(word: str) -> bool:
    w = fold(word)
    return w.endswith(DEMONYM_ENDINGS)


def acronym_start(short: str, long: str) -> int | None:
    """Schwartz & Hearst (2003): match the acronym's letters right to left
    inside ``long``; the first letter must open a word. Returns the char
    offset in ``long`` where the shortest matching long form starts, or None.
    Also requires the long form to have no more words than
    ``min(len(short) + 5, 2 * len(short))`` and at least one word per two
    letters."""
    s = [c for c in fold(short) if c.isalnum()]
    low = fold(long)
    if len(low) != len(long):  # folding changed offsets (rare): fall back
        low = long.lower()
    if len(s) < 2 or not low:
        return None
    li = len(low) - 1
    for si in range(len(s) - 1, -1, -1):
        c = s[si]
        while li >= 0 and (low[li] != c or (si == 0 and li > 0 and low[li - 1].isalnum())):
            li -= 1
        if li < 0:
            return None
        li -= 1
    start = li + 1
    nwords = len(low[start:].split())
    if nwords > min(len(s) + 5, 2 * len(s)) or nwords * 2 < len(s):
        return None
    return start


def acronym_of(short: str, long: str) -> bool:
    """Whether ``short`` is an acronym of all of ``long`` (its first letter
    opens the first word of ``long``, articles aside)."""
    start = acronym_start(short, long)
    if start is None:
        return False
    lead = fold(long[:start]).split()
    return all(w in _DROP_WORDS or w in {"the"} for w in lead)


@lru_cache(maxsize=1 << 16)
def head_kind(text: str) -> tuple[str, str | None, bool]:
    """Split an organisation name into (head key, kind, stripped).

    Strips a leading transliterated Arabic generic word ("Harakat al-Nujaba"
    -> "nujaba", movement) and trailing English generic words ("Badr
    Organisation" -> "badr", organisation; "Najm Brigades" -> "najm",
    brigades). ``stripped`` says whether a generic word was found; a name
    made only of generic words gives an empty head."""
    raw = [w for w in _NONWORD_RE.split(_ARTICLE_RE.sub(" ", _ABBR_DOT_RE.sub("", fold(text)))) if w]
    raw = [w for w in raw if w not in _DROP_WORDS]
    kind: str | None = None
    stripped = False
    if len(raw) > 1 and raw[0] in ARABIC_ORG_WORDS_FOLDED and ARABIC_ORG_WORDS_FOLDED[raw[0]]:
        kind = ARABIC_ORG_WORDS_FOLDED[raw[0]]
        raw = raw[1:]
        stripped = True
    if len(raw) > 1 and raw[-1] in GENERIC_ORG_WORDS:
        kind = kind or GENERIC_ORG_WORDS[raw[-1]]
        raw = raw[:-1]
        stripped = True
    head = " ".join(_word(w) for w in raw)
    return head, kind, stripped


_EXONYMS: dict[str, str] = {
    " ".join(name_tokens(alt)): " ".join(name_tokens(canon)) for alt, canon in COUNTRY_EXONYMS.items()
}
ARABIC_ORG_WORDS_FOLDED: dict[str, str | None] = {fold(k): v for k, v in ARABIC_ORG_WORDS.items()}
_ARABIC_INITIALS = frozenset(k[0] for k in ARABIC_ORG_WORDS_FOLDED)


def is_arabic_org_word(word: str) -> bool:
    """Whether ``word`` opens an organisation name ("Harakat", "Kata'ib";
    "Hay'at" only with its apostrophe, "Hayat" is also a given name)."""
    if len(word) <= 3 or word[:1].lower() not in _ARABIC_INITIALS:
        return False
    f = fold(word)
    if f in ARABIC_ORG_WORDS_NEED_APOSTROPHE:
        return f != word.lower()
    return f in ARABIC_ORG_WORDS_FOLDED


def has_toponym_word(text: str) -> bool:
    return any(w in TOPONYM_WORDS for w in fold(text).replace("-", " ").split())


def person_parts(key: str) -> tuple[str, str] | None:
    """(first, last) words of a person's key with two or more words; initials
    and generational suffixes aside ("W. Mark Felt" -> mark, felt)."""
    words = [w for w in key.split() if w not in {"jr", "sr", "ii", "iii", "iv"}]
    words = [w for k, w in enumerate(words) if len(w) > 1 or k == len(words) - 1]  # initials
    if len(words) < 2:
        return None
    return words[0], words[-1]
