"""Quantities with their hedges, as intervals: the one place the convention lives.

A count keeps the uncertainty of the words that state it. Every quantity is
an interval ``[low, high]`` of floats (``None`` = open end), the number as
written (``value``), the head noun it counts (``unit``, singular) and the
hedge as written (``qualifier``). Two values conflict when their intervals do
not overlap, never when their strings differ.

The convention (N is the number as written; bounds are inclusive)::

    hedge                                           interval
    (none), exactly, precisely                      [N, N]
    about, around, some, roughly, approximately,
      an estimated, estimated, circa, closer to,
      in the region of, N or so                     [floor(0.9N), ceil(1.1N)]
    nearly, almost, close to, just under,
      just below, just short of, nearing            [floor(0.9N), N-1]
    at least, no fewer than, no less than,
      not less than, a minimum of, N or more,
      N-plus, N+                                    [N, None]
    over, more than, above, upwards of,
      in excess of, well over, exceeding            [N+1, None]
    just over, a little over, slightly more than    [N+1, ceil(1.1N)]
    up to, as many as, as much as, at most,
      no more than, not more than, a maximum of,
      within                                        [0, N]
    under, below, fewer than, less than             [0, N-1]

Strict bounds ("more than 300", "nearly 200") are stored as N+1 / N-1 when N
is a whole number and the unit is counted (fighters, people); for measures
(km, %, days, dinars) and fractional N the bound stays N. So "nearly 300" is
[270, 299] and "at least 300" is [300, None]: they do not overlap, while
"over 300" [301, None] and "at least 300" do.

Vague words (``value`` is None; the hedge words above apply to both ends)::

    a couple (of)        [2, 3]          dozens               [24, 99]
    a few                [2, 5]          scores (of)          [40, 99]
    a handful (of)       [3, 6]          hundreds             [200, 999]
    several              [3, 9]          thousands            [2000, 9999]
    tens of thousands    [20000, 99999]  hundreds of thousands [200000, 999999]
    millions             [2e6, 999999999]
    a few / several / a couple of × dozen | hundred | thousand | million:
        the vague interval times the scale ("several hundred" = [300, 900],
        "a few dozen" = [24, 60]); "a dozen" = 12, "half a dozen" = 6.

So "hundreds" [200, 999] is compatible with "300" and "at least 300", not with
"nearly 200" [180, 199].

Numbers: digits ("3,000", "1.5", "2.5bn", "1.5 million", "$5 million"), words
("seven", "twenty-five", "two hundred", "one hundred and fifty", "a thousand",
"a dozen"), ranges ("200 to 300", "200-300", "200–300", "between 200 and 300",
"two or three" → [low, high], value None) and changes ("rose from 12 to 16":
two exact quantities, qualifier "from" for the old value and "to" for the
new one; never a range). Percentages are kept with unit "%".

The unit is the head noun after the number (or after "of": "dozens of
fighters", "11 of its fighters"), singularised (people → person, kilometres
→ km). With no noun: "killed seven" / "seven were killed" → person, "the
number of areas rose from 12 to 16" → area, "the death toll rose to 12" →
death.

Not counts (dropped): years ("in 2011", "the 2018 law"; "2000 fighters" is a
count), dates ("December 2", "3 Dec"), times ("10:30", "3 pm"), numeric dates
and phone numbers, ordinals ("fourth", "7th"), decades ("1990s"), model and
designator numbers ("F-16", "S-300", "Resolution 2254", "Boeing 737"), "one of
the …" and other "one" idioms, and relative times ("two days ago/earlier").

Subsets: "seven people were killed, including five children" gives 7 and 5
with ``subset_of`` of the 5 pointing at the 7 (also "among them", "of whom",
"of which", and the partitive "two of the dam's four gates"). A subset is a
part of its parent: never add the two.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass

from spacy.attrs import IDX

from .pipeline import doc_text
from .timex_rules import fold_case  # "ſeveral", "İn excess of": the lexicon's keys are ASCII

__all__ = ["Quantity", "find_quantities", "VAGUE", "HEDGES"]


@dataclass
class Quantity:
    start: int
    end: int
    text: str
    low: float | None
    high: float | None
    value: float | None
    unit: str | None
    qualifier: str | None
    subset_of: int | None = None


# --- the convention -------------------------------------------------------------

EXACT, APPROX, NEARLY, ATLEAST, OVER, JUSTOVER, UPTO, UNDER = (
    "exact", "approx", "nearly", "atleast", "over", "justover", "upto", "under")

#: hedge words written before the number -> class
HEDGES: dict[str, str] = {
    "exactly": EXACT, "precisely": EXACT,
    "about": APPROX, "around": APPROX, "some": APPROX, "roughly": APPROX,
    "approximately": APPROX, "approx.": APPROX, "an estimated": APPROX, "estimated": APPROX,
    "circa": APPROX, "closer to": APPROX, "in the region of": APPROX, "on the order of": APPROX,
    "nearly": NEARLY, "almost": NEARLY, "close to": NEARLY, "just under": NEARLY,
    "just below": NEARLY, "just short of": NEARLY, "nearing": NEARLY,
    "at least": ATLEAST, "no fewer than": ATLEAST, "no less than": ATLEAST,
    "not less than": ATLEAST, "a minimum of": ATLEAST,
    "over": OVER, "more than": OVER, "above": OVER, "upwards of": OVER, "upward of": OVER,
    "in excess of": OVER, "well over": OVER, "well above": OVER, "exceeding": OVER,
    "just over": JUSTOVER, "a little over": JUSTOVER, "slightly more than": JUSTOVER,
    "a little more than": JUSTOVER, "just above": JUSTOVER, "slightly over": JUSTOVER,
    "up to": UPTO, "as many as": UPTO, "as much as": UPTO, "at most": UPTO,
    "no more than": UPTO, "not more than": UPTO, "a maximum of": UPTO, "within": UPTO,
    "under": UNDER, "below": UNDER, "fewer than": UNDER, "less than": UNDER,
}
#: hedges written after the number
POST_HEDGES: dict[str, str] = {"or more": ATLEAST, "or so": APPROX, "-plus": ATLEAST, "+": ATLEAST,
                               "plus": ATLEAST, "or fewer": UPTO, "or less": UPTO}

#: vague quantity words -> (low, high)
VAGUE: dict[str, tuple[float, float]] = {
    "a couple": (2, 3), "a few": (2, 5), "a handful": (3, 6), "several": (3, 9),
    "dozens": (24, 99), "scores": (40, 99), "hundreds": (200, 999), "thousands": (2000, 9999),
    "tens of thousands": (20000, 99999), "hundreds of thousands": (200000, 999999),
    "millions": (2_000_000, 999_999_999),
}
_SCALE = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000,
          "bn": 1_000_000_000, "mn": 1_000_000, "dozen": 12}

MEASURES = {"km": "km", "kilometre": "km", "kilometer": "km", "kms": "km", "mile": "mile", "metre": "m",
            "meter": "m", "m": "m", "hectare": "hectare", "acre": "acre", "ton": "tonne", "tonne": "tonne",
            "kg": "kg", "kilogram": "kg", "litre": "litre", "liter": "litre", "%": "%", "percent": "%",
            "hour": "hour", "minute": "minute", "day": "day", "week": "week", "month": "month",
            "year": "year", "night": "night", "decade": "decade", "dinar": "dinar", "dollar": "dollar",
            "euro": "euro", "pound": "pound", "lira": "lira", "riyal": "riyal", "rial": "rial"}
TIME_UNITS = {"hour", "minute", "day", "week", "month", "year", "night", "decade"}
_UNIT_ALIASES = {"people": "person", "persons": "person", "men": "man", "women": "woman"}
_PERSON_EVENTS = {"kill", "killed", "dead", "die", "died", "wound", "wounded", "injure", "injured",
                  "missing", "arrest", "arrested", "detain", "detained", "abduct", "abducted",
                  "kidnap", "kidnapped", "execute", "executed", "evacuate", "evacuated", "rescue",
                  "rescued", "capture", "captured", "displace", "displaced"}


def interval(hedge: str, a: float, b: float, *, counted: bool = True) -> tuple[float | None, float | None]:
    """The interval for ``hedge`` (a class above) applied to the range [a, b]
    (a == b for a single number); ``counted`` allows the ±1 strict bounds."""
    whole = counted and float(a).is_integer() and float(b).is_integer()
    step = 1 if whole else 0

    def lo90(x):
        return math.floor(round(0.9 * x, 6)) if whole else 0.9 * x

    def hi110(x):
        return math.ceil(round(1.1 * x, 6)) if whole else 1.1 * x

    low, high = {
        EXACT: (a, b), APPROX: (lo90(a), hi110(b)), NEARLY: (lo90(a), b - step),
        ATLEAST: (a, None), OVER: (a + step, None), JUSTOVER: (a + step, hi110(b)),
        UPTO: (0, b), UNDER: (0, b - step),
    }[hedge]
    if low is not None and high is not None and high < low:
        high = low
    return _num(low), _num(high)


def _num(x):
    if x is None:
        return None
    x = float(f"{float(x):.12g}")  # no float noise: 1.1 * 45e6 is 49500000, not 49500000.00000001
    return int(x) if x.is_integer() else x


# --- number recognition ---------------------------------------------------------

_ONES = "one two three four five six seven eight nine".split()
_TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_WORDVAL = {w: i + 1 for i, w in enumerate(_ONES)} | {w: i + 10 for i, w in enumerate(_TEENS)} | {
    w: 20 + 10 * i for i, w in enumerate(_TENS)}
_NUMWORD = "|".join(sorted(_WORDVAL, key=len, reverse=True))
_WORD_RE = re.compile(
    rf"\b(?:half\s+a\s+dozen|(?:a|an|{_NUMWORD})(?:[\s-]+(?:and\s+)?(?:{_NUMWORD}|hundred|thousand|million|billion|dozen))*)\b",
    re.I)
_DIGIT_RE = re.compile(
    r"(?<![\w.,'’/:])(?<![A-Za-z]-)(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(\s*(?:billion|million|thousand|hundred)\b|(?:bn|mn)\b)?")
_VAGUE_RE = re.compile(
    r"\b(?:(?:a\s+few|several|a\s+couple\s+of)\s+(?:dozen|hundred|thousand|million)"
    r"|hundreds\s+of\s+thousands|tens\s+of\s+thousands|a\s+couple(?=\s+of\b)|a\s+handful|a\s+few|several"
    r"|dozens|scores(?=\s+of\b)|hundreds|thousands|millions)\b", re.I)
_MASK_RE = re.compile(
    r"\+\d[\d\s().-]{6,}\d|\(\d{2,4}\)\s?\d{3,4}[\s.-]?\d{3,4}|\b\d{3}[-.]\d{3,4}[-.]\d{3,4}\b"  # phones
    r"|\b\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}\b"  # numeric dates
    r"|\b\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:am|pm|a\.m\.|p\.m\.))?"  # clock times
    r"|\b\d{1,2}(?:\.\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)(?!\w)"
    r"|\b\d{4}\s*(?:GMT|UTC|hrs|local\s+time)\b", re.I)
_MONTHS = (r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?|January|February|March|April|June|"
           r"July|August|September|October|November|December")
_MONTH_BEFORE = re.compile(rf"\b(?:{_MONTHS})\s+$")
_MONTH_AFTER = re.compile(rf"^(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\b")
_HEDGE_RE = re.compile(r"(?:^|(?<=[\s(“\"'‘—-]))(" + "|".join(
    re.escape(h) for h in sorted(HEDGES, key=len, reverse=True)) + r")\s+$", re.I)
_POST_RE = re.compile(r"^(\s+or\s+more|\s+or\s+so|\s+or\s+fewer|\s+or\s+less|-plus|\+|\s+plus)(?![A-Za-z])", re.I)
_RANGE_SEP = re.compile(r"^\s*(?:-|–|—|to|or)\s*$", re.I)
_CHANGE_RE = re.compile(
    r"\b(?:increas|ris|rose|grew|grow|jump|climb|fell|fall|drop|declin|decreas|reduc|doubl|surg|went|gone|"
    r"swell|swol|soar|shr[iau]nk|cut)\w*(?:\s+\w+){0,2}\s+from\s+$", re.I)
_DESIGNATORS = {"resolution", "article", "route", "highway", "flight", "chapter", "section", "page", "room",
                "no", "no.", "number", "platform", "gate", "line", "road", "level", "phase", "boeing", "airbus"}
_ONE_IDIOM_BEFORE = re.compile(r"\b(?:no|any|every|the|this|that|which|each|someone|anyone)\s+$", re.I)
_ONE_IDIOM_AFTER = re.compile(r"^\s+(?:of|another|by\s+one|or\s+other|another's)\b", re.I)
_CURRENCY = {"$": "dollar", "US$": "dollar", "€": "euro", "£": "pound"}
_SUBSET_TRIGGER = re.compile(
    r"\b(?:including|among\s+them|among\s+whom|among\s+those|among\s+the\s+\w+|of\s+whom|of\s+which|"
    r"among|comprising|incl\.)[\s,:]*$", re.I)
_PARTITIVE = re.compile(r"^\s+of\s+(?:the\s+|its\s+|their\s+|his\s+|her\s+|our\s+|these\s+|those\s+)?"
                        r"(?:[\w-]+(?:'s|’s|s'|s’)\s+)?$", re.I)


def _word_value(words: list[str]) -> tuple[float, int] | None:
    """Value of a number-word sequence and how many words it used (a valid
    prefix), e.g. ["two", "hundred", "and", "fifty"] -> (250, 4)."""
    total, current, used, last_scale = 0.0, 0.0, 0, True
    ok = 0
    have = False
    for i, w in enumerate(words):
        w = w.lower()
        if w == "and":
            if not last_scale or not have:
                break
            continue
        if w in ("a", "an"):
            if have:
                break
            current, have = 1, True
            last_scale = False
            used = i + 1
            continue
        if w in _WORDVAL:
            v = _WORDVAL[w]
            if have and current % 100 != 0 and not (current % 100 >= 20 and current % 10 == 0 and v < 10):
                break  # "two three", "five seven": not one number
            current += v
            have, last_scale = True, False
            ok = used = i + 1
            continue
        if w in ("hundred", "thousand", "million", "billion", "dozen"):
            if not have:
                break
            scale = _SCALE[w]
            if scale == 100:
                current *= 100
            else:
                total += current * scale
                current = 0
            last_scale = True
            ok = used = i + 1
            continue
        break
    if not ok:
        return None
    return total + current, ok


_MASK_FIRST = re.compile(r"[+(\d]")  # every match of _MASK_RE starts with one of these


def _mask_spans(text: str) -> list[tuple[int, int]]:
    """The spans ``_MASK_RE.finditer`` gives, trying the pattern only where
    it can start (its alternatives defeat the regex engine's own skipping)."""
    out, pos = [], 0
    while True:
        first = _MASK_FIRST.search(text, pos)
        if first is None:
            return out
        m = _MASK_RE.match(text, first.start())
        if m is not None and m.end() > m.start():
            out.append((m.start(), m.end()))
            pos = m.end()
        else:
            pos = first.start() + 1


def _numbers(text: str) -> list[tuple[int, int, float]]:
    """(start, end, value) of every number written in digits or words."""
    masked = _mask_spans(text)
    out = []
    for m in _DIGIT_RE.finditer(text):
        end = m.end()
        nxt = text[end:end + 2]
        if nxt[:1].isalnum() or (nxt[:1] in ".,:/" and nxt[1:2].isdigit()):
            continue
        v = float(m.group(1).replace(",", ""))
        if m.group(2):
            v *= _SCALE[m.group(2).strip().lower()]
        out.append((m.start(), end, v))
    for m in _WORD_RE.finditer(text):
        words = re.findall(r"[A-Za-z]+", m.group(0))
        if m.group(0).lower().startswith("half"):
            out.append((m.start(), m.end(), 6.0))
            continue
        res = _word_value(words)
        if res is None:
            continue
        value, n = res
        if words[0].lower() in ("a", "an") and n == 1:
            continue
        # end of the n-th word
        pos, k = m.start(), 0
        for wm in re.finditer(r"[A-Za-z]+", m.group(0)):
            k += 1
            if k == n:
                pos = m.start() + wm.end()
                break
        out.append((m.start(), pos, value))
    out = [o for o in out if not any(s <= o[0] < e for s, e in masked)]
    out.sort(key=lambda o: (o[0], -(o[1] - o[0])))
    kept: list[tuple[int, int, float]] = []
    for o in out:
        if kept and o[0] < kept[-1][1]:
            continue
        kept.append(o)
    return kept


# --- units from the parse -------------------------------------------------------

class _Tokens:
    def __init__(self, doc):
        self.doc = doc
        self.starts = doc.to_array(IDX).tolist() if len(doc) else []

    def at(self, char: int):
        """The first token starting at or after ``char``."""
        i = bisect.bisect_left(self.starts, char)
        return self.doc[i] if i < len(self.doc) else None

    def containing(self, char: int):
        i = bisect.bisect_right(self.starts, char) - 1
        return self.doc[max(i, 0)]


def _unit_name(tok) -> str:
    low = tok.lower_
    if low in _UNIT_ALIASES:
        return _UNIT_ALIASES[low]
    lemma = tok.lemma_.lower() if tok.pos_ != "PROPN" or tok.tag_ == "NNS" else tok.text
    if tok.tag_ in ("NNS", "NNPS") and lemma.lower() == tok.lower_:
        lemma = _singular(lemma)
    if lemma.lower() in MEASURES:
        return MEASURES[lemma.lower()]
    return _UNIT_ALIASES.get(lemma.lower(), lemma)


def _singular(word: str) -> str:
    """A plural the lemmatiser left alone ("pilgrims", "Varnesians")."""
    low = word.lower()
    if low.endswith("ies") and len(low) > 4:
        return word[:-3] + "y"
    if re.search(r"(?:ss|x|ch|sh)es$", low):
        return word[:-2]
    if low.endswith("s") and not low.endswith("ss"):
        return word[:-1]
    return word


def _unit_after(toks: _Tokens, end: int, text: str):
    """The head noun right after a number ending at ``end``: (name, token,
    plural) or (None, None, False)."""
    tok = toks.at(end)
    if tok is None or tok.idx - end > 1 and not text[end:tok.idx].isspace():
        return None, None, False
    doc = toks.doc
    i = tok.i
    if doc[i].lower_ == "of":
        i += 1
        while i < len(doc) and (doc[i].tag_ in ("DT", "PRP$", "POS") or doc[i].lower_ in ("the", "its")):
            i += 1
    if i > tok.i and any(t.like_num or t.pos_ == "NUM" for t in doc[i:i + 4]):
        return None, None, False  # partitive with a number: "two of the dam's four gates"
    last = None
    steps = 0
    sent_end = doc[tok.i].sent.end if doc.has_annotation("SENT_START") else len(doc)
    while i < min(len(doc), sent_end) and steps < 6:
        t = doc[i]
        if t.tag_ == "HYPH" or (t.text in "-–" and not t.whitespace_):
            i += 1
            continue
        if t.ent_type_ in ("DATE", "TIME") and t.lemma_.lower() not in MEASURES or (
                last is not None and last.pos_ == "NOUN" and t.pos_ == "PROPN"):
            break  # "one senior official Monday", "300,000 last year"
        if t.lower_ in MEASURES or t.lemma_.lower() in MEASURES:
            return MEASURES.get(t.lower_) or MEASURES[t.lemma_.lower()], t, True
        if t.tag_ in ("NNS", "NNPS") or t.lower_ in _UNIT_ALIASES:
            return _unit_name(t), t, True
        if t.pos_ in ("NOUN", "PROPN"):
            last = t
        elif t.pos_ == "ADJ" or t.tag_ in ("VBN", "JJR") or t.lower_ == "more":
            pass
        elif t.tag_ == "VBG" and i + 1 < len(doc) and doc[i + 1].pos_ in ("NOUN", "ADJ"):
            pass
        else:
            break
        i += 1
        steps += 1
    if last is not None:
        return _unit_name(last), last, last.tag_ in ("NNS", "NNPS")
    return None, None, False


def _inferred_unit(toks: _Tokens, start: int, end: int, text: str) -> str | None:
    """A unit for a number with no noun after it."""
    doc = toks.doc
    first = toks.containing(start)
    after = toks.at(end)
    if after is not None and (after.lower_ in _PERSON_EVENTS or (
            after.pos_ == "AUX" and after.i + 1 < len(doc)
            and doc[after.i + 1].lower_ in _PERSON_EVENTS)):
        return "person"
    if first.i > 0 and doc[first.i - 1].lemma_.lower() in _PERSON_EVENTS and doc[first.i - 1].pos_ == "VERB":
        return "person"
    sent = first.sent if doc.has_annotation("SENT_START") else doc[:]
    # the clause before the number, at most 400 characters of it: a text with
    # no sentence breaks is not re-scanned from its start for every number
    lo = max(sent.start_char, start - 400)
    before = text[lo:start]
    m = None
    for m in re.finditer(r"\bnumber\s+of\s+((?:[\w-]+\s+){0,2}?)([a-z]+s)\b", before):
        pass
    if m:
        tok = toks.at(lo + m.start(2))
        return _unit_name(tok) if tok is not None else m.group(2)
    if re.search(r"\b(?:death\s+)?toll\b", before, re.I):
        return "death"
    return None


# --- the finder -----------------------------------------------------------------

def find_quantities(doc_or_text, *, nlp=None) -> list[Quantity]:
    """Every quantity in a spaCy ``Doc`` (or in a text, parsed with ``nlp``,
    default :func:`sitrep.nlp.pipeline.load`), in text order, with spans into
    the text and intervals by the convention in this module's docstring."""
    if isinstance(doc_or_text, str):
        if nlp is None:
            from .pipeline import load
            nlp = load()
        doc = nlp(doc_or_text)
    else:
        doc = doc_or_text
    text = doc_text(doc)
    toks = _Tokens(doc)

    cands = []  # (start, end, a, b, value, kind)
    vague = [(m.start(), m.end(), m.group(0)) for m in _VAGUE_RE.finditer(text)]
    for s, e, w in vague:
        key = re.sub(r"\s+", " ", fold_case(w).lower())
        parts = key.split()
        if parts[-1] in _SCALE and len(parts) >= 2 and parts[0] in ("a", "several"):
            base = VAGUE[" ".join(parts[:-1]).replace("a couple of", "a couple")]
            sc = _SCALE[parts[-1]]
            cands.append((s, e, base[0] * sc, base[1] * sc, None, "vague"))
        else:
            lo, hi = VAGUE[key]
            cands.append((s, e, lo, hi, None, "vague"))
    nums = [n for n in _numbers(text) if not any(s <= n[0] < e for s, e, _ in vague)]
    # ranges and changes
    i = 0
    while i < len(nums):
        s, e, v = nums[i]
        if i + 1 < len(nums):
            s2, e2, v2 = nums[i + 1]
            between = text[e:s2]
            before = text[max(0, s - 60):s]
            if re.search(r"\bbetween\s+$", before, re.I) and re.fullmatch(r"\s+and\s+", between) and v2 > v:
                cands.append((s - len(re.search(r"between\s+$", before, re.I).group(0)), e2, v, v2, None, "range"))
                i += 2
                continue
            if _RANGE_SEP.match(between) and v2 > v and "\n" not in between:
                if re.search(r"\bfrom\s+$", before, re.I) and re.match(r"^\s*to\s*$", between, re.I) \
                        and _CHANGE_RE.search(before):
                    cands.append((s, e, v, v, v, "from"))
                    cands.append((s2, e2, v2, v2, v2, "to"))
                    i += 2
                    continue
                if not (1800 <= v <= 2100 and 1800 <= v2 <= 2100 and float(v).is_integer()):
                    cands.append((s, e2, v, v2, None, "range"))
                    i += 2
                    continue
        cands.append((s, e, v, v, v, "number"))
        i += 1
    cands.sort()

    out: list[Quantity] = []
    for s, e, a, b, value, kind in cands:
        q = _build(text, toks, s, e, a, b, value, kind)
        if q is not None:
            out.append(q)
    _mark_subsets(text, toks, out)
    return out


def _build(text, toks, s, e, a, b, value, kind):
    raw = text[s:e]
    before = text[max(0, s - 40):s]
    after = text[e:e + 40]
    # --- not counts
    if kind != "vague":
        if re.search(r"[A-Za-z]-$", before) or _MONTH_BEFORE.search(before) or _MONTH_AFTER.match(after):
            return None
        if raw.lower() == "one" and (_ONE_IDIOM_BEFORE.search(before) or _ONE_IDIOM_AFTER.match(after)):
            return None
        prev_word = re.search(r"([\w.$]+)\s+$", before)
        if prev_word and prev_word.group(1).lower() in _DESIGNATORS and raw[0].isdigit():
            return None
    # --- currency, percent
    start, end = s, e
    unit = None
    # \Z, not $ (which also matches before a last "\n": "$\r\n300" gave the span "\r\n300")
    cur = re.search(r"(US\$|\$|€|£)(?:\r\n|\s)?\Z", text[max(0, s - 4):s])
    if cur:
        unit = _CURRENCY[cur.group(1)]
        start = s - len(cur.group(0))
    pct = re.match(r"^\s?(%|per\s?cent\b|percent\b)", after, re.I)
    if pct:
        unit = "%"
        end = e + pct.end()
    # --- hedges
    hedge, qualifier = EXACT, None
    hm = _HEDGE_RE.search(text[max(0, start - 30):start])
    if hm:
        hedge, qualifier = HEDGES[fold_case(hm.group(1)).lower()], hm.group(1)
        start = start - len(hm.group(0))
    pm = _POST_RE.match(text[end:end + 12])
    if pm and not hm:
        word = re.sub(r"\s+", " ", fold_case(pm.group(1)).strip().lower())
        hedge, qualifier = POST_HEDGES[word], pm.group(1).strip()
        end = end + pm.end()
    if kind in ("from", "to"):
        qualifier = kind
    if kind == "vague" and qualifier is None:
        qualifier = re.sub(r"\s+", " ", raw)
    elif kind == "vague":
        qualifier = f"{qualifier} {re.sub(r'[ ]+', ' ', raw)}"
    # --- unit
    plural = False
    if unit is None:
        unit, utok, plural = _unit_after(toks, end, text)
        if utok is not None:
            end = max(end, utok.idx + len(utok.text))
    if kind == "vague" and raw.lower().startswith(("several", "a few", "a couple", "a handful")) and not plural:
        return None
    if kind != "vague":
        if float(a).is_integer() and 1800 <= a <= 2100 and kind == "number" and "," not in raw \
                and raw.isdigit() and not plural and unit != "%":
            return None  # a year
        if prev_word and prev_word.group(1)[:1].isupper() and raw[0].isdigit() and unit is None \
                and not hm and not re.search(r"(?:^|[.!?]\s+|\n)\S+\s+$", before) \
                and prev_word.group(1) not in ("The", "A", "An"):
            return None  # a designator: "Boeing 737"
        if unit in TIME_UNITS and re.match(r"^\s+(?:ago|earlier|later|before|after|previously)\b", text[end:end + 20], re.I):
            return None
        if raw.lower() == "one" and (unit is None or unit in TIME_UNITS) and not hm:
            return None
    if unit is None:
        unit = _inferred_unit(toks, s, e, text)
    counted = unit not in MEASURES.values() and unit not in TIME_UNITS
    low, high = interval(hedge, a, b, counted=counted)
    return Quantity(start=start, end=end, text=text[start:end], low=low, high=high,
                    value=_num(value), unit=unit, qualifier=qualifier)


def _mark_subsets(text, toks, qs: list[Quantity]) -> None:
    doc = toks.doc
    has_sents = doc.has_annotation("SENT_START")

    def sent_of(q):
        return toks.containing(q.start).sent.start if has_sents else 0

    for j, q in enumerate(qs):
        # partitive "two of the dam's four gates": q is part of the next one
        if j + 1 < len(qs) and _PARTITIVE.match(text[q.end:qs[j + 1].start]) and sent_of(q) == sent_of(qs[j + 1]):
            q.subset_of = j + 1
            if q.unit is None:
                q.unit = qs[j + 1].unit
            continue
        if j == 0:
            continue
        between = text[qs[j - 1].end:q.start]
        if sent_of(qs[j - 1]) != sent_of(q):
            continue
        if _SUBSET_TRIGGER.search(between):
            # the nearest earlier quantity in the sentence that is not itself a subset
            k = j - 1
            while k >= 0 and qs[k].subset_of is not None and sent_of(qs[k]) == sent_of(q):
                k -= 1
            if k >= 0 and sent_of(qs[k]) == sent_of(q):
                q.subset_of = k
