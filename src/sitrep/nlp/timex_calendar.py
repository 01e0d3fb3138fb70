"""Calendar arithmetic for time expressions: TimeML values to date intervals.

The interval conventions are written down once, in :mod:`sitrep.nlp.times`;
this module implements them. Everything here is pure and stdlib-only:

- :func:`interval` turns a TimeML value (``"2024-12-01"``, ``"2024-W48"``,
  ``"2024-10"``, ``"2024-Q4"``, ``"2024-H2"``, ``"2024-SU"``, ``"2024"``,
  ``"202"``, ``"20"``, ``"2024-12-01TNI"``, ``"2024-W48-WE"``) and a TimeML
  ``mod`` (START, MID, END) into ``(earliest, latest, precision)``;
- the ``shift_*`` helpers move a value by whole units (for "last week",
  "a year earlier", "two days ago");
- :func:`weekday_near`, :func:`month_day_near`, :func:`month_near`,
  :func:`quarter_near`, :func:`season_near` pick the occurrence of a
  year-less expression relative to the anchor and a tense.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}  # 13, 14 = Jan, Feb of next year
SEASON_OF_MONTH = {1: "WI", 2: "WI", 3: "SP", 4: "SP", 5: "SP", 6: "SU", 7: "SU", 8: "SU",
                   9: "FA", 10: "FA", 11: "FA", 12: "WI"}

_DAY = re.compile(r"^(\d{4})-(\d\d)-(\d\d)(T.*)?$")
_WEEK = re.compile(r"^(\d{4})-W(\d\d)(-WE)?$")
_MONTH = re.compile(r"^(\d{4})-(\d\d)$")
_QUARTER = re.compile(r"^(\d{4})-([QH])(\d)$")
_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|WI)$")
_YEAR = re.compile(r"^(\d{4})$")
_DECADE = re.compile(r"^(\d{3})$")
_CENTURY = re.compile(r"^(\d{2})$")


class OutOfRange(ValueError):
    """A date before year 1 or after year 9999, where ``datetime.date``
    ends ("3000 years ago", "10000 years from now")."""


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(d: date, months: int) -> date:
    """``d`` moved by whole months, the day clipped to the month's length."""
    m = d.year * 12 + d.month - 1 + months
    y, mo = divmod(m, 12)
    if not 1 <= y <= 9999:
        raise OutOfRange(f"year {y} is out of range")
    return date(y, mo + 1, min(d.day, calendar.monthrange(y, mo + 1)[1]))


def week_value(d: date) -> str:
    iso = d.isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}"


def week_start(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _split(start: date, end: date, mod: str | None, kind: str = "") -> tuple[date, date]:
    """Narrow [start, end] for START / MID / END ("early", "mid-", "late"):
    a month's days 1-10, 11-20, 21-end; a week's Mon-Wed, Tue-Thu, Thu-Sun;
    a quarter's, season's or half's first, middle and last months (a half:
    two months each); a year's Jan-Apr, May-Aug, Sep-Dec; a decade's years
    0-3, 4-6, 7-9; a century's 0-33, 33-66, 66-99."""
    if mod not in ("START", "MID", "END"):
        return start, end
    k = ("START", "MID", "END").index(mod)
    if kind == "month":
        lo, hi = ((1, 10), (11, 20), (21, end.day))[k]
        return start.replace(day=lo), start.replace(day=hi)
    if kind == "week":
        lo, hi = ((0, 2), (1, 3), (3, 6))[k]
        return start + timedelta(days=lo), start + timedelta(days=hi)
    if kind in ("quarter", "season", "half", "year"):
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        step = months // 3
        first = add_months(start, k * step)
        last = add_months(start, (k + 1) * step - 1)
        return first, month_end(last.year, last.month)
    if kind in ("decade", "century"):
        size = 10 if kind == "decade" else 100
        lo, hi = ((0, 3), (4, 6), (7, 9))[k] if size == 10 else ((0, 33), (33, 66), (66, 99))[k]
        return date(max(1, start.year + lo), 1, 1), date(start.year + hi, 12, 31)
    return start, end


def interval(value: str | None, mod: str | None = None) -> tuple[date | None, date | None, str | None]:
    """(earliest, latest, precision) of a TimeML DATE/TIME value; (None,
    None, None) for values that are not calendar positions (durations,
    PRESENT_REF, values with X)."""
    if not value or "X" in value.split("T")[0]:
        return None, None, None
    try:
        if m := _DAY.match(value):
            d = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if m.group(4) == "TNI":  # a night runs into the next day
                return d, d + timedelta(days=1), "day"
            return d, d, "day"
        if m := _WEEK.match(value):
            monday = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
            if m.group(3):
                return monday + timedelta(days=5), monday + timedelta(days=6), "week"
            s, e = _split(monday, monday + timedelta(days=6), mod, "week")
            return s, e, "week"
        if m := _MONTH.match(value):
            y, mo = int(m.group(1)), int(m.group(2))
            s, e = _split(date(y, mo, 1), month_end(y, mo), mod, "month")
            return s, e, "month"
        if m := _QUARTER.match(value):
            y, n = int(m.group(1)), int(m.group(3))
            size = 3 if m.group(2) == "Q" else 6
            first = (n - 1) * size + 1
            s, e = _split(date(y, first, 1), month_end(y, first + size - 1), mod, "quarter" if size == 3 else "half")
            return s, e, "quarter" if size == 3 else "half"
        if m := _SEASON.match(value):
            y = int(m.group(1))
            a, b = SEASON_MONTHS[m.group(2)]
            start = date(y, a, 1)
            end = month_end(y + (b - 1) // 12, (b - 1) % 12 + 1)
            s, e = _split(start, end, mod, "season")
            return s, e, "season"
        if m := _YEAR.match(value):
            y = int(m.group(1))
            s, e = _split(date(y, 1, 1), date(y, 12, 31), mod, "year")
            return s, e, "year"
        if m := _DECADE.match(value):
            y = int(m.group(1)) * 10
            s, e = _split(date(y, 1, 1), date(y + 9, 12, 31), mod, "decade")
            return s, e, "decade"
        if m := _CENTURY.match(value):
            y = int(m.group(1)) * 100
            s, e = _split(date(max(1, y), 1, 1), date(y + 99, 12, 31), mod, "century")
            return s, e, "century"
    except ValueError:
        return None, None, None
    return None, None, None


def shift(value: str, amount: int, unit: str) -> str | None:
    """Move a calendar value by ``amount`` units (D, W, M, Q, Y); the result
    keeps the value's own granularity ("2024-Q3" - 1 Y = "2023-Q3")."""
    if m := _DAY.match(value):
        d = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        d = _shift_date(d, amount, unit)
        return d.isoformat() + (m.group(4) or "")
    if m := _WEEK.match(value):
        d = _shift_date(date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1), amount, unit)
        return week_value(d) + (m.group(3) or "")
    if m := _MONTH.match(value):
        d = _shift_date(date(int(m.group(1)), int(m.group(2)), 1), amount, unit)
        return f"{d.year:04d}-{d.month:02d}"
    if m := _QUARTER.match(value):
        y, n = int(m.group(1)), int(m.group(3))
        if unit == "Y":
            return f"{y + amount:04d}-{m.group(2)}{n}"
        if unit == "Q" and m.group(2) == "Q":
            k = y * 4 + n - 1 + amount
            return f"{k // 4:04d}-Q{k % 4 + 1}"
        return None
    if m := _SEASON.match(value):
        return f"{int(m.group(1)) + amount:04d}-{m.group(2)}" if unit == "Y" else None
    if m := _YEAR.match(value):
        return f"{int(m.group(1)) + amount:04d}" if unit == "Y" else None
    return None


def _shift_date(d: date, amount: int, unit: str) -> date:
    if unit == "D":
        return d + timedelta(days=amount)
    if unit == "W":
        return d + timedelta(weeks=amount)
    if unit == "M":
        return add_months(d, amount)
    if unit == "Q":
        return add_months(d, 3 * amount)
    if unit == "Y":
        return add_months(d, 12 * amount)
    raise ValueError(unit)


def value_at(d: date, unit: str) -> str:
    """The value of the unit-long calendar period containing ``d``."""
    if unit == "D":
        return d.isoformat()
    if unit == "W":
        return week_value(d)
    if unit == "M":
        return f"{d.year:04d}-{d.month:02d}"
    if unit == "Q":
        return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
    if unit == "H":
        return f"{d.year:04d}-H{(d.month - 1) // 6 + 1}"
    if unit == "Y":
        return f"{d.year:04d}"
    if unit == "E":
        return f"{d.year // 10:03d}"
    if unit == "C":
        return f"{d.year // 100:02d}"
    raise ValueError(unit)


def weekday_near(anchor: date, weekday: int, direction: str) -> date:
    """The ``weekday`` (0 = Monday) relative to ``anchor``: "past" the most
    recent one not after the anchor (the anchor itself included), "future"
    the next one not before it, "last" strictly before, "next" strictly
    after."""
    delta = (anchor.weekday() - weekday) % 7
    if direction == "past":
        return anchor - timedelta(days=delta)
    if direction == "last":
        return anchor - timedelta(days=delta or 7)
    ahead = (weekday - anchor.weekday()) % 7
    if direction == "future":
        return anchor + timedelta(days=ahead)
    return anchor + timedelta(days=ahead or 7)


#: how much farther an occurrence on the other side of the anchor than the
#: tense says may be and still win (tense detection is a heuristic, and a
#: deadline "by Jan. 14" sits in a past-tense sentence)
AGAINST_TENSE = 4


def _pick(options: list[tuple[date, int]], anchor_key: int, direction: str | None) -> date | None:
    """The option nearest the anchor, distances against the tense weighted by
    :data:`AGAINST_TENSE`; ties go to the past (news reports look back)."""
    best = None
    for d, key in options:
        dist = key - anchor_key
        weight = 1.0
        if (direction == "past" and dist > 0) or (direction == "future" and dist < 0):
            weight = AGAINST_TENSE
        score = (abs(dist) * weight, dist > 0)
        if best is None or score < best[0]:
            best = (score, d)
    return best[1] if best else None


def month_day_near(anchor: date, month: int, day: int, direction: str | None) -> date | None:
    """A year-less month and day: the occurrence nearest the anchor, where
    one on the side the tense rules out ("past": after the anchor) counts
    four times as far ("November 27" in a past-tense report of 2 December
    is the 27 November just gone; "by Jan. 14" in a report of 6 January
    is the coming one whatever the tense)."""
    options = []
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            d = date(y, month, day)
        except ValueError:
            continue
        options.append((d, d.toordinal()))
    return _pick(options, anchor.toordinal(), direction)


def month_near(anchor: date, month: int, direction: str | None) -> tuple[int, int]:
    """(year, month) of a year-less month name, chosen like
    :func:`month_day_near` by months; the anchor's own month is distance 0."""
    options = [(date(y, month, 1), y * 12 + month) for y in (anchor.year - 1, anchor.year, anchor.year + 1)]
    d = _pick(options, anchor.year * 12 + anchor.month, direction)
    return d.year, d.month


def quarter_near(anchor: date, quarter: int, direction: str | None) -> int:
    """The year of a year-less quarter: the anchor's year when that quarter
    has begun by the anchor ("expects to report third-quarter results" in
    October is the quarter just ended), unless the tense is future and it
    ended two or more quarters ago ("first-quarter sales will rise", said
    in October, is next year's); a later quarter is this year's in the
    future tense, else last year's."""
    current = (anchor.month - 1) // 3 + 1
    if quarter <= current:
        # two or more quarters back in the future tense: next year's
        return anchor.year + 1 if direction == "future" and current - quarter >= 2 else anchor.year
    return anchor.year if direction == "future" else anchor.year - 1


def season_near(anchor: date, season: str, relation: str | None, direction: str | None) -> int:
    """The value year of a season name. ``relation`` is "last", "next",
    "this" or None (bare name, resolved by ``direction``)."""
    def bounds(y):
        a, b = SEASON_MONTHS[season]
        return date(y, a, 1), month_end(y + (b - 1) // 12, (b - 1) % 12 + 1)

    years = range(anchor.year - 2, anchor.year + 2)
    if relation == "this":
        if season == "WI" and anchor.month <= 2:
            return anchor.year - 1
        return anchor.year
    if relation == "last" or (relation is None and direction == "past"):
        ended = [y for y in years if bounds(y)[1] < anchor]
        if relation is None:  # a bare season in a past-tense sentence: the latest one begun
            begun = [y for y in years if bounds(y)[0] <= anchor]
            return max(begun)
        return max(ended)
    if relation == "next" or direction == "future":
        started_later = [y for y in range(anchor.year - 1, anchor.year + 3) if bounds(y)[0] > anchor]
        if relation is None:
            current = [y for y in years if bounds(y)[0] <= anchor <= bounds(y)[1]]
            if current:
                return current[0]
        return min(started_later)
    current = [y for y in years if bounds(y)[0] <= anchor <= bounds(y)[1]]
    if current:
        return current[0]
    begun = [y for y in years if bounds(y)[0] <= anchor]
    return max(begun)


def easter(year: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th (1-based; -1 = last) ``weekday`` of a month."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = month_end(year, month)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def holiday(name: str, year: int) -> date | None:
    """The date of a (US/Western) holiday in ``year``; lunar holidays (Eid,
    Ramadan, Nowruz by observation) are not computed."""
    n = re.sub(r"\s+", " ", name.lower())
    fixed = {"christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
             "new year's day": (1, 1), "new year's eve": (12, 31), "independence day": (7, 4),
             "halloween": (10, 31), "valentine's day": (2, 14), "boxing day": (12, 26), "veterans day": (11, 11)}
    if n in fixed:
        return date(year, *fixed[n])
    if n.startswith("easter"):
        return easter(year)
    if n == "good friday":
        return easter(year) - timedelta(days=2)
    if n.startswith("thanksgiving"):
        return _nth_weekday(year, 11, 3, 4)
    if n == "labor day":
        return _nth_weekday(year, 9, 0, 1)
    if n == "memorial day":
        return _nth_weekday(year, 5, 0, -1)
    if n == "election day":
        return _nth_weekday(year, 11, 0, 1) + timedelta(days=1)
    return None


def holiday_near(anchor: date, name: str, relation: str | None, direction: str | None) -> date | None:
    """A year-less holiday: "last" the latest before the anchor, "next" the
    first after it, "this" the anchor's year's, else chosen like
    :func:`month_day_near`."""
    options = [d for y in (anchor.year - 1, anchor.year, anchor.year + 1) if (d := holiday(name, y))]
    if relation == "last":
        past = [d for d in options if d < anchor]
        return max(past) if past else None
    if relation == "next":
        fut = [d for d in options if d > anchor]
        return min(fut) if fut else None
    if relation == "this":
        return holiday(name, anchor.year)
    return _pick([(d, d.toordinal()) for d in options], anchor.toordinal(), direction)
