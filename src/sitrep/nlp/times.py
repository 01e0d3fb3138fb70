"""Time expressions: find them, normalise them TimeML-style, and turn each
into a date interval relative to the document's anchor (publication or
dateline date).

    >>> from datetime import date
    >>> [(m.text, m.value, str(m.earliest), str(m.latest))
    ...  for m in find_times("Shelling resumed late on Sunday.", date(2024, 12, 2))]
    [('late on Sunday', '2024-12-01', '2024-12-01', '2024-12-01')]

The rules are sitrep's own (regular expressions in
:mod:`~sitrep.nlp.timex_rules`, normalisation in
:mod:`~sitrep.nlp.timex_resolve`, calendar arithmetic in
:mod:`~sitrep.nlp.timex_calendar`, tense in :mod:`~sitrep.nlp.timex_tense`):
dateparser's ``search_dates`` was measured and is slow, misses spans and
makes "last week" one day; Recognizers-Text and HeidelTime cost a
foreign runtime per call. ``bench/timex.py`` scores this module on
TimeBank + AQUAINT.

Conventions (written once; every other module follows them)
-----------------------------------------------------------
**Spans** follow TimeML: determiners and modifiers are inside ("the third
quarter", "early next week", "late on Sunday", "more than four hours"),
the governing preposition is outside ("on Monday" → "Monday"). Two
exceptions, because the words change the interval: "since 2011" and
ranges ("from 2012 until 2016", "between March 3 and March 5") are one
mention each, span included.

**type** is TimeML's: DATE (a calendar position), TIME (a position within a
day: "6 a.m.", "Sunday night", "overnight"), DURATION ("two weeks",
"the fourth consecutive day" — a count, not a date), SET ("daily").

**value** is TimeML's normalised value: ``2024-12-01``, ``2024-W48``
(ISO week), ``2024-W48-WE`` (its weekend), ``2024-12``, ``2024-Q4``,
``2024-H2``, ``2024-SU`` (SP/SU/FA/WI), ``2024``, ``202`` (the 2020s),
``20`` (the 2000s: the 21st century), ``2024-12-01T14:30`` and
``2024-12-01TNI`` (MO/AF/EV/NI = morning/afternoon/evening/night),
``PRESENT_REF``/``PAST_REF``/``FUTURE_REF``, durations ``P2W``,
``PT5H30M``, ``PXD`` (an unknown number of days); a range is
``start/end`` (ISO 8601 interval of two values). ``mod`` carries
TimeML's modifier: START/MID/END ("early", "mid-", "late", "the end of"),
APPROX, MORE_THAN, LESS_THAN, EQUAL_OR_MORE, EQUAL_OR_LESS,
ON_OR_AFTER (also set for "since").

**earliest/latest** are the first and last day the mention can denote,
both inclusive. A wider interval is always preferred to a wrong narrow
one, because two reports conflict only when their intervals do not
overlap:

- a day is that day; TIME values are their day, except a night (``TNI``,
  "Sunday night", "overnight"), which runs into the next day;
- a week is Monday..Sunday (ISO), a weekend Saturday..Sunday;
- a month, quarter, half, season, year, decade, century is its first..last
  day; seasons are meteorological, northern hemisphere (spring =
  March-May, summer = June-August, fall = September-November, winter =
  December-February of the next year; "winter 2024" takes both readings,
  December 2023..February 2025);
- START / MID / END ("early", "mid-", "late", "the end of") take about
  the first, middle and last third of the period: a month's days 1-10,
  11-20, 21-end ("mid-October" = Oct 11-20); a week's Mon-Wed, Tue-Thu,
  Thu-Sun; a year's Jan-Apr, May-Aug, Sep-Dec; a quarter's or season's
  first, middle, last month; a decade's years 0-3, 4-6, 7-9; on a single
  day they change nothing ("late on Sunday" = Sunday);
- "earlier this year" runs from the start of the year to the anchor,
  "later this month" from the anchor to the end of the month;
- "since X" runs from X's first day to the anchor; "from X until Y" from
  X's first day to Y's last;
- "N units ago" is the unit-long period N units before the anchor ("two
  weeks ago" = that ISO week, "three years ago" = that year); decades,
  centuries and "about/nearly N" widen by one unit either side; "more
  than N years ago" has no earliest; vague counts ("days ago", "several
  weeks ago", "a few months ago") are ``PAST_REF`` over the counts in
  :data:`~sitrep.nlp.timex_resolve.VAGUE_RANGE` ("days ago" = 2-9 days
  back);
- "the past N units" / "the next N units" (DURATION) cover N units back
  from / on from the anchor, and so do "the past week", "the last month"
  and "the past century" (P1W, P1M, P100Y); "the past year" and "the last
  decade" are DATEs valued as TimeML does, the previous calendar year or
  decade ("2023", "201"), whose interval runs from the earlier of that
  period's first day and one unit before the anchor to the anchor; other
  durations ("the year ended March 31" = P1Y, "a couple of years" = P2Y,
  "for years" = PXY) and SETs have no interval;
- PRESENT_REF ("now", "currently") is the anchor day; PAST_REF
  ("recently") has only latest = anchor; FUTURE_REF only earliest.

**precision** is the granularity of the value: day | week | month |
quarter | half | season | year | decade | century, None for references,
vague counts and durations.

**Resolution against the anchor** (``anchored`` is True when the value
depended on it): "yesterday" = anchor - 1; "overnight" = the night before
the anchor; a weekday is the most recent one not after the anchor, or the
next one not before it when the tense is future ("will meet on Monday");
"last Monday" / "next Monday" are strictly before / after; a month-day
without a year is the latest one not after the anchor in the past tense,
the first one not before it in the future tense, else the nearest; a
month name likewise (the anchor's month counts as both); a quarter is the
anchor's year's when it has begun, else the year before. "The next day",
"two days later", "that morning" count from the last day-precise date
mentioned before them (else the anchor), "the previous Friday" / "the
following Monday" are strictly before / after that day; "that year",
"later that year", "the following month" count from the last date
mentioned at least as precise as their unit ("in June 1998 ... later that
year" = 1998); "for the year", "the full year" are the anchor's year; "the
quarter" and "a year earlier" in an earnings sentence follow the last
quarter mentioned (not a year-ago comparison such as "the 1988 period").
A month or season with "this/last/next year" ("April next year") takes
that year.
Without an anchor, relative expressions get an ``X`` value
(``XXXX-12-02``) or are dropped, and no interval.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from datetime import date

from .timex_calendar import interval
from .timex_resolve import Resolver
from .timex_rules import candidates, fold_case
from .timex_tense import tense_from_doc, tense_from_text

__all__ = ["TimeMention", "find_times", "split_sentences", "timeml_view"]

PRECISIONS = ("day", "week", "month", "quarter", "half", "season", "year", "decade", "century")


@dataclass
class TimeMention:
    """One time expression; ``start``/``end`` are character offsets into the
    text given to :func:`find_times`. See the module docstring for the
    conventions of every field."""
    start: int
    end: int
    text: str
    type: str                      # DATE | TIME | DURATION | SET
    value: str | None
    earliest: date | None
    latest: date | None
    precision: str | None
    anchored: bool
    mod: str | None = None         # TimeML mod: START, MID, END, APPROX, MORE_THAN, ON_OR_AFTER, ...
    #: a range's two ends as they were found ("from 2012 until 2016" → "2012", "2016"); empty otherwise
    parts: tuple["TimeMention", ...] = field(default=(), repr=False, compare=False)

    def as_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text, "type": self.type, "value": self.value,
                "earliest": self.earliest.isoformat() if self.earliest else None,
                "latest": self.latest.isoformat() if self.latest else None,
                "precision": self.precision, "anchored": self.anchored, "mod": self.mod}


_SENT_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n\s*\n")
_ABBREV = re.compile(r"(?:\b[A-Z][a-z]{0,3}|\b[A-Z](?:\.[A-Z])+|\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|"
                     r"Mr|Mrs|Ms|Dr|Gen|Col|Lt|Sgt|Capt|Gov|Sen|Rep|St|Mt|No|Inc|Corp|Co|Ltd|Jr|Sr|vs|U\.S)"
                     r"|\b[a-z]\.m)\.$")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans by punctuation and blank lines (no model); abbreviations
    such as "Dec." and "U.S." do not end a sentence."""
    spans = []
    start = 0
    for m in _SENT_END.finditer(text):
        if _ABBREV.search(text[max(start, m.start() - 8):m.start()]) and not text[m.start():m.end()].count("\n") > 1:
            continue
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if e > s]


def find_times(text: str, anchor: date | None, *, sentences: list[tuple[int, int]] | None = None,
               doc=None, tense: str | None = None) -> list[TimeMention]:
    """Every time expression in ``text``, normalised against ``anchor``.

    ``sentences`` (character spans) and ``doc`` (a spaCy ``Doc`` of the same
    text, e.g. from :func:`sitrep.nlp.pipeline.load`) are optional: with a
    ``Doc`` the tense of the governing verb comes from the parse, otherwise
    from marker words in the sentence. ``tense`` ("past" or "future") is
    the document's default when a sentence shows none; news reports are
    resolved as past by default for weekdays.
    """
    if tense not in (None, "past", "future"):
        raise ValueError(f"tense must be 'past', 'future' or None, not {tense!r}")
    if doc is not None and sentences is None:
        sentences = [(s.start_char, s.end_char) for s in doc.sents] if doc.has_annotation("SENT_START") else None
    if sentences is None:
        sentences = split_sentences(text)
    starts = [s for s, _ in sentences]

    def sentence_of(offset: int) -> int:
        return max(0, bisect.bisect_right(starts, offset) - 1)

    cache: dict[tuple[int, int], str | None] = {}

    def tense_of(start: int, end: int) -> str | None:
        key = (start, end)
        if key not in cache:
            t = tense_from_doc(doc, start, end) if doc is not None else None
            if t is None:
                s, e = sentences[sentence_of(start)] if sentences else (0, len(text))
                t = tense_from_text(text[s:e], start - s, end - s)
            if t not in ("past", "future"):
                t = tense or t
            cache[key] = t
        return cache[key]

    folded = fold_case(text)  # the rules' lexicon lookups see "Auguſt" as "August"
    resolver = Resolver(folded, anchor, tense_of, sentence_of)
    out: list[TimeMention] = []
    for c in candidates(folded):
        r = resolver.resolve(c)
        if r is None:
            continue
        start, end = _trim(text, r.start if r.start is not None else c.start, c.end)
        out.append(TimeMention(start, end, text[start:end], r.type, r.value, r.earliest, r.latest,
                               r.precision, r.anchored, r.mod))
    return _combine(text, out, anchor)


_LEADING = re.compile(r"(?:about|over|within|just|only|in)\s+(?=\S)|the\s+(?=\w+-quarter\b)", re.I)
_TRAILING = re.compile(r"['’]s$")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """TimeML span details: a possessive "'s" is outside ("Friday's" →
    "Friday"), and so are prepositions the rules may have taken in ("over
    the past 20 years", "within a week", "about five hours", "in recent
    years": the modifier still sets ``mod``), and "the" before an adjective
    ("the third-quarter loss")."""
    if m := _LEADING.match(text, start, end):
        start = m.end()
    if m := _TRAILING.search(text, start, end):
        end = m.start()
    return start, end


_RANGE = re.compile(r"^\s*(?:-|–|to|until|till|through|thru|and)\s*$", re.I)


def _combine(text: str, mentions: list[TimeMention], anchor: date | None) -> list[TimeMention]:
    """"since X" and ranges "from X to Y" / "between X and Y" / "X-Y"
    become one mention whose interval spans both ends."""
    out: list[TimeMention] = []
    i = 0
    while i < len(mentions):
        m = mentions[i]
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        before = text[max(0, m.start - 9):m.start]
        if (nxt is not None and m.type == "DATE" and nxt.type == "DATE" and m.earliest and nxt.latest
                and m.precision and nxt.precision and _RANGE.match(text[m.end:nxt.start])
                and m.earliest <= nxt.latest):
            opener = re.search(r"\b(from|between)\s+$", before, re.I)
            joiner = text[m.end:nxt.start].strip().lower()
            if opener and (opener.group(1).lower() == "between") == (joiner == "and") or (
                    not opener and joiner in ("-", "–")):
                start = m.start - (len(before) - opener.start()) if opener else m.start
                coarse = max(m.precision, nxt.precision, key=PRECISIONS.index)
                out.append(TimeMention(start, nxt.end, text[start:nxt.end], "DATE", f"{m.value}/{nxt.value}",
                                       m.earliest, nxt.latest, coarse, m.anchored or nxt.anchored, None,
                                       (m, nxt)))
                i += 2
                continue
        since = re.search(r"\b(since|ever since)\s+$", before, re.I)
        if since and m.type == "DATE" and m.earliest and anchor and m.earliest <= anchor and not m.value.endswith(
                "_REF"):
            start = m.start - (len(before) - since.start())
            m = TimeMention(start, m.end, text[start:m.end], m.type, m.value, m.earliest, anchor, m.precision,
                            True, "ON_OR_AFTER")
        out.append(m)
        i += 1
    return out


def timeml_view(mentions: list[TimeMention]) -> list[TimeMention]:
    """The mentions as TimeML annotates them, for scoring against TimeML
    corpora: a range joined by :func:`find_times` ("from 2012 until 2016")
    is its two ends, each its own TIMEX3, and "since" is a signal outside
    the span ("since 2011" → "2011", same value). Nothing else changes."""
    out: list[TimeMention] = []
    for m in mentions:
        if m.parts:
            out.extend(m.parts)
        elif m.mod == "ON_OR_AFTER" and (since := re.match(r"(?:ever\s+)?since\s+", m.text, re.I)):
            out.append(replace(m, start=m.start + since.end(), text=m.text[since.end():]))
        else:
            out.append(m)
    return out


def mention_interval(value: str, mod: str | None = None):
    """(earliest, latest, precision) for a stored value (re-exported for
    consumers that keep only the value and mod)."""
    return interval(value, mod)

