"""Absolute calendar dates written out in text, found by pattern.

Covers the forms news pages use in date lines, bylines and captions:
"Dec. 01, 2024", "December 2, 2024", "December 3rd, 2024", "Nov 30, 2024",
"03 Dec, 2024", "3 December 2024", "2024-12-03" (optionally with a time).
Relative expressions ("on Monday", "late on Sunday") are not resolved here;
:func:`weekday_mentions` only finds them, as evidence for an inferred
publication date. Full time normalisation belongs to the NLP layer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
#: Letters ``re.IGNORECASE`` matches to ASCII ones ("ſ" to "s", the Kelvin
#: sign to "k", "İ" and "ı" to "i") but whose ``lower()`` is not that ASCII
#: letter: a matched "Auguſt" is looked up as "august".
_FOLD = str.maketrans({"\u0130": "I", "\u0131": "i", "\u017f": "s", "\u212a": "K"})


def _key(word: str) -> str:
    return word.translate(_FOLD).lower()


_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

_PATTERNS = [
    # Month-first: "Dec. 01, 2024", "December 3rd, 2024", "Nov 30 2024"
    re.compile(rf"\b{_MONTH}\.?\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),
    # Day-first: "03 Dec, 2024", "3 December 2024", "3rd of December, 2024"
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\.?,?\s+{_YEAR}\b", re.IGNORECASE),
    # ISO: "2024-12-03", "2024-12-03T10:25"
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)(?!\d)"),
]

# Numeric day/month order differs by country: "05/11/2025" is read only
# when one order is impossible or a weekday next to it ("Wednesday
# 05/11/2025") fits one order and not the other.
_NUMERIC = re.compile(
    r"(?:\b(?P<wd>" + "|".join(WEEKDAYS) + r")\b[,\s]*)?\b(?P<a>[0-3]?\d)[/.](?P<b>[01]?\d)[/.](?P<year>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)

_WEEKDAY = re.compile(
    r"\b(?P<lead>(?:late|early)\s+on|on|last|this|since|by)\s+(?P<weekday>" + "|".join(WEEKDAYS) + r")\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateMatch:
    value: date
    start: int
    end: int
    text: str


def find_dates(text: str) -> list[DateMatch]:
    """Every absolute date in ``text``, in order of position, without overlaps."""
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []
    for pat in _PATTERNS:
        for m in pat.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            month = MONTHS[_key(m.group("month"))] if "month" in m.groupdict() and m.group("month") else int(m.group("mnum"))
            try:
                value = date(int(m.group("year")), month, int(m.group("day")))
            except ValueError:
                continue
            found.append(DateMatch(value, m.start(), m.end(), m.group(0)))
            taken.append((m.start(), m.end()))
    for m in _NUMERIC.finditer(text):
        if any(m.start() < e and s < m.end() for s, e in taken):
            continue
        value = _numeric(int(m.group("a")), int(m.group("b")), int(m.group("year")), m.group("wd"))
        if value:
            start = m.start("a")
            found.append(DateMatch(value, start, m.end(), text[start:m.end()]))
            taken.append((start, m.end()))
    found.sort(key=lambda d: d.start)
    return found


def _numeric(a: int, b: int, year: int, weekday: str | None) -> date | None:
    options = set()
    for day, month in ((a, b), (b, a)):
        try:
            options.add(date(year, month, day))
        except ValueError:
            pass
    if weekday:
        options = {d for d in options if WEEKDAYS[d.weekday()] == _key(weekday)}
    return options.pop() if len(options) == 1 else None


def first_date(text: str) -> DateMatch | None:
    found = find_dates(text)
    return found[0] if found else None


def weekday_mentions(text: str) -> list[str]:
    """Weekday names used as time references ("on Monday", "late on Sunday")."""
    return [_key(m.group("weekday")) for m in _WEEKDAY.finditer(text)]


def is_date_only(text: str, max_other_words: int = 3) -> bool:
    """True when ``text`` is a date plus at most a few other words
    ("03 Dec, 2024", "Updated 02 Dec, 2024", "Dec. 01, 2024 • 3 min read")."""
    found = find_dates(text)
    if not found:
        return False
    rest = text
    for d in reversed(found):
        rest = rest[: d.start] + " " + rest[d.end:]
    rest = re.sub(r"\b\d{1,2}:\d\d\s*(?:am|pm)?\b", " ", rest, flags=re.IGNORECASE)
    words = re.findall(r"[A-Za-z]{2,}", rest)
    return len(words) <= max_other_words
