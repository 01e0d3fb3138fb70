"""Normalising matched time expressions: TimeML type and value, then the
interval (conventions in :mod:`sitrep.nlp.times`).

:class:`Resolver` walks the candidates of one document in text order and
keeps two pieces of discourse state: the *reference day* (the last
day-precise date mentioned; "the next day", "two days later", "that
morning" count from it) and the last *quarter* mentioned ("the quarter",
"a year earlier" in an earnings sentence). Each ``_r_<rule>`` method
returns a :class:`Resolved` or None (drop the candidate).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from . import timex_calendar as cal
from .timex_rules import MONTHS, ORDINALS, PARTS_OF_DAY, SEASONS, WEEKDAYS, Candidate, parse_number, spoken_year
from .timex_values import (APPROX_MODS, MOD_WORDS, SET_ADVERBS, UNIT_CODE, UNIT_FACTOR, VAGUE_RANGE, norm,
                           duration_value, point_mod)

@dataclass
class Resolved:
    type: str
    value: str | None
    mod: str | None = None
    earliest: date | None = None
    latest: date | None = None
    precision: str | None = None
    anchored: bool = False
    start: int | None = None  # a changed span start (rare)


class Resolver:
    def __init__(self, text: str, anchor: date | None, tense_of, sentence_of):
        self.text = text
        self.anchor = anchor
        self.tense_of = tense_of          # (start, end) -> "past" | "future" | "present" | None
        self.sentence_of = sentence_of    # offset -> sentence index
        self.ref_day: date | None = anchor
        self.ref_sentence = -99                        # sentence of the last day-precise mention
        self.last_quarter: tuple[str, int] | None = None  # (value, sentence index)
        self.ref_points: dict[str, tuple[int, date]] = {}  # precision -> (mention number, first day)
        self.n_resolved = 0

    # -- driver -------------------------------------------------------------
    def resolve(self, c: Candidate) -> Resolved | None:
        fn = getattr(self, "_r_" + c.rule)
        try:
            r = fn(c, c.groups)
        except (cal.OutOfRange, OverflowError):
            return None  # "3000 years ago", "10**40 days": no date before year 1 or after 9999
        if r is None:
            return None
        if r.earliest is None and r.latest is None and r.type in ("DATE", "TIME") and r.value:
            r.earliest, r.latest, prec = cal.interval(r.value, r.mod)
            r.precision = r.precision or prec
        if r.type in ("DATE", "TIME") and r.precision == "day" and r.earliest and r.value and "/" not in r.value:
            self.ref_day = r.earliest
        if r.type in ("DATE", "TIME") and r.precision == "day" and r.earliest and r.value and "/" not in r.value:
            self.ref_sentence = self.sentence_of(c.start)
        if r.type in ("DATE", "TIME") and r.earliest and r.precision and r.value and "/" not in r.value:
            self.n_resolved += 1
            self.ref_points[r.precision] = (self.n_resolved, r.earliest)
        comparison = c.rule == "the_quarter" and (c.groups.get("year") or c.groups.get("poss"))
        if c.rule in ("quarter", "q_abbrev", "the_quarter") and not comparison and r.value and \
                re.match(r"^\d{4}-Q\d$", r.value):
            # "the 1988 period", "last year's quarter" compare with the quarter in discussion; not it
            self.last_quarter = (r.value, self.sentence_of(c.start))
        return r

    #: the precisions a mention must have to be the reference of "that <unit>", "the following <unit>"
    _FINER = {"year": ("day", "week", "month", "quarter", "half", "season", "year"),
              "month": ("day", "week", "month"), "week": ("day", "week"), "weekend": ("day", "week"),
              "decade": ("day", "week", "month", "quarter", "half", "season", "year", "decade"),
              "century": ("day", "week", "month", "quarter", "half", "season", "year", "decade", "century")}

    def _ref_for(self, unit: str) -> date | None:
        """The first day of the last date mentioned at least as precise as
        ``unit`` ("in June 1998 ... later that year" → 1998); None when none."""
        best = None
        for prec in self._FINER.get(unit, ()):
            p = self.ref_points.get(prec)
            if p and (best is None or p[0] > best[0]):
                best = p
        return best[1] if best else None

    def _tense(self, c: Candidate) -> str | None:
        return self.tense_of(c.start, c.end)

    def _direction(self, c: Candidate) -> str | None:
        t = self._tense(c)
        return t if t in ("past", "future") else None

    def _quarter_context(self, c: Candidate) -> str | None:
        """The quarter an earnings sentence is about: the last quarter named in
        the previous dozen sentences, else one named later in this sentence."""
        if self.last_quarter and self.sentence_of(c.start) - self.last_quarter[1] <= 12:
            return self.last_quarter[0]
        # a quarter later in the same sentence ("a year ago, third-quarter profit ...")
        s = self.sentence_of(c.start)
        tail = self.text[c.end:c.end + 200]
        m = re.search(r"\b(first|second|third|fourth)[ -](?:fiscal[ -])?quarter", tail, re.I)
        if m and self.sentence_of(c.end + m.start()) == s and self.anchor:
            n = ("first", "second", "third", "fourth").index(m.group(1).lower()) + 1
            return f"{cal.quarter_near(self.anchor, n, None):04d}-Q{n}"
        return None

    # -- explicit calendar dates --------------------------------------------
    def _day(self, c, g, month: int, day: int, year: int | None, mod=None) -> Resolved | None:
        anchored = year is None
        wd = WEEKDAYS.get((g.get("wd") or "").lower().rstrip("."))
        if year is None:
            if self.anchor is None:
                return Resolved("DATE", f"XXXX-{month:02d}-{day:02d}", mod, anchored=True, precision="day")
            d = None
            if wd is not None:  # the weekday picks the year
                for y in (self.anchor.year, self.anchor.year - 1, self.anchor.year + 1):
                    try:
                        if date(y, month, day).weekday() == wd:
                            d = date(y, month, day)
                            break
                    except ValueError:
                        pass
            d = d or cal.month_day_near(self.anchor, month, day, self._direction(c))
            if d is None:
                return None
        else:
            try:
                d = date(year, month, day)
            except ValueError:
                return None
        day2 = g.get("day2")
        if day2:
            try:
                d2 = d.replace(day=int(re.match(r"\d+", day2).group()))
            except ValueError:
                return None
            if d2 <= d:
                return None
            return Resolved("DATE", f"{d.isoformat()}/{d2.isoformat()}", mod, d, d2, "day", anchored)
        return Resolved("DATE", d.isoformat(), mod, anchored=anchored)

    def _rel_year(self, g) -> int | None:
        """The year of "this year" / "last year" / "next year" after a month or season."""
        rel = norm(g.get("yrel"))
        if not rel or self.anchor is None:
            return None
        return self.anchor.year + {"this": 0, "last": -1, "next": 1}[rel]

    def _r_month_day(self, c, g):
        month = MONTHS[g["month"].lower().rstrip(".")]
        day = int(re.match(r"\d+", g["day"]).group())
        year = int(g["year"]) if g.get("year") else self._rel_year(g)
        if year is None and g.get("yrel"):
            return None
        r = self._day(c, g, month, day, year, point_mod(g.get("pmod")))
        if r is not None and g.get("yrel"):
            r.anchored = True
        return r

    _r_day_month = _r_month_day

    def _r_week_of(self, c, g):
        r = self._r_month_day(c, g)
        if r is None or r.value.startswith("X"):
            return r
        d = date.fromisoformat(r.value)
        return Resolved("DATE", cal.week_value(d), anchored=r.anchored)

    def _r_iso_date(self, c, g):
        return self._day(c, g, int(g["month"]), int(g["day"]), int(g["year"]))

    def _r_month_year(self, c, g):
        month = MONTHS[g["month"].lower().rstrip(".")]
        if g.get("yrel"):
            y = self._rel_year(g)
            if y is None:
                return None
            return Resolved("DATE", f"{y:04d}-{month:02d}", point_mod(g.get("pmod")), anchored=True)
        y = int(g["year"]) if g.get("year") else spoken_year(g["syear"])
        if y is None:
            return None
        return Resolved("DATE", f"{y:04d}-{month:02d}", point_mod(g.get("pmod")))

    def _r_bare_month(self, c, g):
        month = MONTHS[g["month"].lower().rstrip(".")]
        if self.anchor is None:
            return Resolved("DATE", f"XXXX-{month:02d}", anchored=True)
        rel = norm(g.get("rel"))
        a = self.anchor
        if rel == "this":
            y = a.year
        elif rel in ("last", "this past"):
            y = a.year if month < a.month else a.year - 1
        elif rel in ("next", "this coming"):
            y = a.year if month > a.month else a.year + 1
        else:
            y, _ = cal.month_near(a, month, self._direction(c))
        return Resolved("DATE", f"{y:04d}-{month:02d}", point_mod(g.get("pmod")), anchored=True)

    # -- years, decades, centuries, quarters, halves, seasons ----------------
    def _r_year(self, c, g):
        y = int(g["year"])
        mod = point_mod(g.get("pmod"))
        if g.get("later"):
            mod = "ON_OR_AFTER" if g["later"].lower() == "later" else "ON_OR_BEFORE"
        r = Resolved("DATE", f"{y:04d}", mod)
        if mod in ("ON_OR_AFTER", "ON_OR_BEFORE"):
            r.earliest, r.latest, r.precision = cal.interval(r.value)
            if mod == "ON_OR_AFTER":
                r.latest = None
            else:
                r.earliest = None
        return r

    def _r_apos_year(self, c, g):
        yy = int(g["short"])
        base = self.anchor.year if self.anchor else 2000
        y = 1900 + yy if 1900 + yy <= base + 5 and not 2000 + yy <= base + 5 else 2000 + yy
        return Resolved("DATE", f"{y:04d}", anchored=True)

    def _r_decade(self, c, g):
        mod = point_mod(g.get("pmod")) or point_mod(g.get("mod2"))
        if g.get("full"):
            return Resolved("DATE", g["full"][:3], mod)
        base = self.anchor.year if self.anchor else 2000
        if g.get("short"):
            d = int(g["short"])
            century = 19 if 1900 + d + 9 < base or 2000 + d > base else 20
            return Resolved("DATE", f"{century}{d // 10}", mod, anchored=True)
        words = ["twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties"]
        d = words.index(g["word"].lower()) + 2
        return Resolved("DATE", f"19{d}", mod, anchored=True)

    def _r_century(self, c, g):
        o = g["ord"].lower()
        n = ORDINALS.get(o) or int(re.match(r"\d+", o).group())
        if n <= 0:
            return None
        return Resolved("DATE", f"{n - 1:02d}")

    def _quarter_year(self, c, g, n: int) -> tuple[int | None, bool]:
        year = g.get("year") or g.get("year2") or g.get("year0")
        if year:
            return int(year), False
        if self.anchor is None:
            return None, True
        rel = norm(g.get("rel"))
        if rel:
            return self.anchor.year + {"this": 0, "last": -1, "next": 1}[rel], True
        return cal.quarter_near(self.anchor, n, self._direction(c)), True

    def _r_quarter(self, c, g):
        o = g["ord"].lower()
        n = {"1st": 1, "2nd": 2, "3rd": 3, "4th": 4}.get(o) or ORDINALS[o]
        n = 4 if n < 0 else n
        y, anchored = self._quarter_year(c, g, n)
        if y is None:
            return Resolved("DATE", f"XXXX-Q{n}", anchored=True)
        return Resolved("DATE", f"{y:04d}-Q{n}", anchored=anchored)

    def _r_q_abbrev(self, c, g):
        return self._r_quarter(c, {**g, "ord": g["ord"][1] + {"1": "st", "2": "nd", "3": "rd", "4": "th"}[g["ord"][1]]})

    def _r_the_quarter(self, c, g):
        if self.anchor is None:
            return None
        rel = norm(g.get("rel"))
        what = (g.get("what") or g.get("what2")).lower()
        current = cal.value_at(self.anchor, "Q")
        if g.get("poss") or g.get("year"):
            # "the 1988 quarter", "last year's third quarter": that year, the quarter in context
            y = int(g["year"]) if g.get("year") else self.anchor.year + {"this": 0, "last": -1, "next": 1}[
                g["poss"].lower()]
            if g.get("ord"):
                n = ("first", "second", "third", "fourth").index(g["ord"].lower()) + 1
            else:
                ctx = self._quarter_context(c) or cal.shift(current, -1, "Q")
                n = int(ctx[-1])
            return Resolved("DATE", f"{y:04d}-Q{n}", anchored=True)
        if rel and rel.startswith("current"):
            return Resolved("DATE", current, anchored=True)
        ctx = self.last_quarter[0] if self.last_quarter and \
            self.sentence_of(c.start) - self.last_quarter[1] <= 12 else None
        previous = cal.shift(current, -1, "Q")
        if rel in ("latest", "most recent", "past", "last", "previous", "recent", "latest fiscal") and (
                ctx is None or ctx > previous):
            return Resolved("DATE", previous, anchored=True)
        if ctx:
            return Resolved("DATE", ctx, anchored=True)
        if what == "period" or rel in ("same", "comparable"):
            return None
        return Resolved("DATE", previous, anchored=True)

    def _r_year_end(self, c, g):
        if g.get("year"):
            return Resolved("DATE", f"{int(g['year']):04d}", "END")
        if self.anchor is None:
            return None
        return Resolved("DATE", f"{self.anchor.year:04d}", "END", anchored=True)

    def _r_spelled_year(self, c, g):
        y = spoken_year(re.sub(r"^the\s+year\s+", "", c.text, flags=re.I))
        return Resolved("DATE", f"{y:04d}") if y else None

    def _r_holiday(self, c, g):
        if self.anchor is None:
            return None
        rel = norm(g.get("rel"))
        d = cal.holiday_near(self.anchor, g["h"], rel, self._direction(c))
        return Resolved("DATE", d.isoformat(), anchored=True) if d else None

    def _r_year_ago_adj(self, c, g):
        what = norm(g.get("what")) or ""
        if "months" in what:
            n = parse_number(what.split()[0])
            return Resolved("DURATION", duration_value(n, "month"))
        ctx = self._quarter_context(c)
        if ctx and "fiscal" not in what:
            return Resolved("DATE", cal.shift(ctx, -1, "Y"), anchored=True)
        if self.anchor is None:
            return None
        return Resolved("DATE", f"{self.anchor.year - 1:04d}", anchored=True)

    def _r_half(self, c, g):
        if g.get("h"):
            n = 1 if g["h"].lower().startswith("first") else 2
            if self.anchor is None:
                return None
            y = self.anchor.year if (n == 1 or self.anchor.month > 6) else self.anchor.year - 1
            return Resolved("DATE", f"{y:04d}-H{n}", anchored=True)
        n = 1 if g["ord"].lower() == "first" else 2
        if g.get("year"):
            return Resolved("DATE", f"{int(g['year']):04d}-H{n}")
        if self.anchor is None:
            return None
        y = self.anchor.year + {"this": 0, "last": -1, "next": 1, None: 0}[norm(g.get("rel"))]
        return Resolved("DATE", f"{y:04d}-H{n}", anchored=True)

    def _r_year_ended(self, c, g):
        return Resolved("DURATION", "P1Y")

    def _r_the_year(self, c, g):
        if self.anchor is None:
            return None
        return Resolved("DATE", f"{self.anchor.year:04d}", anchored=True)

    def _r_fiscal_year(self, c, g):
        if g.get("fy"):
            y = int(g["fy"])
            y = y if y > 999 else (1900 + y if y > 50 else 2000 + y)
            return Resolved("DATE", f"{y:04d}")
        if g.get("year"):
            return Resolved("DATE", f"{int(g['year']):04d}")
        rel = norm(g.get("rel"))
        text = c.text.lower()
        if "year" not in text or self.anchor is None or not (rel or text.startswith("the ")):
            return None
        off = {"current": 0, "this": 0, None: 0, "latest": -1, "last": -1, "previous": -1, "past": -1,
               "next": 1, "coming": 1}[rel]
        return Resolved("DATE", f"{self.anchor.year + off:04d}", anchored=True)

    def _r_season(self, c, g):
        s = SEASONS[g["season"].lower()]
        mod = point_mod(g.get("pmod"))
        if g.get("year") or g.get("syear"):
            y = int(g["year"]) if g.get("year") else spoken_year(g["syear"])
            if y is None:
                return None
            r = Resolved("DATE", f"{y:04d}-{s}", mod)
            if s == "WI":  # "winter 2024" may mean Jan-Feb 2024 or Dec 2024-Feb 2025: both
                r.earliest, r.latest, r.precision = date(y - 1, 12, 1), cal.month_end(y + 1, 2), "season"
            return r
        if self.anchor is None:
            return None
        if g.get("yrel"):
            y = self._rel_year(g)
            return Resolved("DATE", f"{y:04d}-{s}", mod, anchored=True)
        rel = norm(g.get("rel"))
        rel = {"this past": "last", "past": "last", "this coming": "next", "coming": "next"}.get(rel, rel)
        y = cal.season_near(self.anchor, s, rel, self._direction(c))
        return Resolved("DATE", f"{y:04d}-{s}", mod, anchored=True)

    # -- weekdays and deictic days ------------------------------------------
    def _pod(self, d: date, pod: str | None, mod=None) -> Resolved:
        if pod:
            return Resolved("TIME", d.isoformat() + "T" + PARTS_OF_DAY[pod.lower()], mod, anchored=True)
        return Resolved("DATE", d.isoformat(), mod, anchored=True)

    def _r_weekday(self, c, g):
        wd = WEEKDAYS[g["wd"].lower().rstrip(".")]
        mod = point_mod(g.get("pmod"))
        if g.get("month"):
            r = self._day(c, g, MONTHS[g["month"].lower().rstrip(".")], int(re.match(r"\d+", g["day"]).group()),
                          None, mod)
            if r is not None and g.get("pod"):
                r = Resolved("TIME", r.value + "T" + PARTS_OF_DAY[g["pod"].lower()], mod, anchored=True)
            return r
        if self.anchor is None:
            return Resolved("DATE", f"XXXX-WXX-{wd + 1}", mod, anchored=True)
        rel = norm(g.get("rel"))
        if rel in ("the previous", "the preceding", "the following"):
            # "the previous Friday": the one before the day being narrated (else the anchor)
            base = self.ref_day or self.anchor
            d = cal.weekday_near(base, wd, "last" if rel != "the following" else "next")
            return self._pod(d, g.get("pod"), mod)
        if rel in ("last", "this past", "past"):
            direction = "last"
        elif rel in ("next", "this coming", "coming"):
            direction = "next"
        elif c.text.lower().endswith("'s") and not g.get("pod"):
            direction = "past"  # "Wednesday's ruling" names something that has happened
        else:
            direction = "future" if self._tense(c) == "future" else "past"
        return self._pod(cal.weekday_near(self.anchor, wd, direction), g.get("pod"), mod)

    def _r_deictic(self, c, g):
        if self.anchor is None:
            return None
        word = norm(g["word"])
        off = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2,
               "the day after tomorrow": 2}[word]
        d = self.anchor + timedelta(days=off)
        pod = g.get("pod") or ("night" if word == "tonight" else None)
        return self._pod(d, pod, point_mod(g.get("pmod")))

    def _r_pod(self, c, g):
        if self.anchor is None:
            return None
        if g.get("over"):
            return Resolved("TIME", (self.anchor - timedelta(days=1)).isoformat() + "TNI", anchored=True)
        rel = norm(g["rel"])
        pod = g["pod"].lower()
        if rel in ("the", "that"):
            d = self.ref_day or self.anchor
        elif rel in ("the next", "the following", "the previous"):
            d = (self.ref_day or self.anchor) + timedelta(days=-1 if rel == "the previous" else 1)
        elif rel == "last":
            d = self.anchor - timedelta(days=1) if pod in ("night", "evening") else None
            if d is None:
                return None
        else:
            d = self.anchor + timedelta(days={"this": 0, "yesterday": -1, "tomorrow": 1}[rel])
        return self._pod(d, pod, point_mod(g.get("pmod")))

    def _r_pod_when(self, c, g):
        if self.anchor is None:
            return None
        if g.get("mpod"):  # "by mid-afternoon": the day being narrated
            return self._pod(self.ref_day or self.anchor, g["mpod"], "MID")
        d = self._when(c, g["when"])
        return self._pod(d, g["pod"], point_mod(g.get("pmod")))

    # -- clock times --------------------------------------------------------
    def _when(self, c, word: str | None) -> date | None:
        if self.anchor is None:
            return None
        if not word:
            return self.ref_day if self.ref_day else self.anchor
        w = word.lower().rstrip(".")
        if w in ("today", "yesterday", "tomorrow"):
            return self.anchor + timedelta(days={"today": 0, "yesterday": -1, "tomorrow": 1}[w])
        if w in WEEKDAYS:
            return cal.weekday_near(self.anchor, WEEKDAYS[w], "future" if self._tense(c) == "future" else "past")
        m = re.match(r"([a-z]+)\.?\s*(\d+)", w)
        if m and m.group(1) in MONTHS:
            return cal.month_day_near(self.anchor, MONTHS[m.group(1)], int(m.group(2)), self._direction(c))
        return self.anchor

    def _r_time(self, c, g):
        h = int(g["hour"])
        if h > 12 or h == 0:
            return None
        ap = g["ampm"].lower().replace(".", "")
        pm = ap.startswith("p") or ap.endswith(("afternoon", "evening"))  # "4 in the afternoon" = 16:00
        h = (h % 12) + (12 if pm else 0)
        mi = int(g["minute"]) if g.get("minute") else 0
        d = self._when(c, g.get("when"))
        day = d.isoformat() if d else "XXXX-XX-XX"
        mod = "APPROX" if g.get("approx") else None
        return Resolved("TIME", f"{day}T{h:02d}:{mi:02d}", mod, d, d, "day" if d else None, anchored=True)

    def _r_time24(self, c, g):
        d = self._when(c, None)
        day = d.isoformat() if d else "XXXX-XX-XX"
        return Resolved("TIME", f"{day}T{int(g['hour']):02d}:{g['minute']}", None, d, d, "day" if d else None,
                        anchored=True)

    def _r_named_time(self, c, g):
        d = self._when(c, g.get("when") or g.get("when0"))
        clock = {"noon": "12:00", "midday": "12:00", "midnight": "24:00"}[g["named"].lower()]
        day = d.isoformat() if d else "XXXX-XX-XX"
        return Resolved("TIME", f"{day}T{clock}", None, d, d, "day" if d else None, anchored=True)

    # -- relative periods ----------------------------------------------------
    def _r_relative(self, c, g):
        if self.anchor is None:
            return None
        rel = norm(g["rel"])
        unit = g["unit"].lower()
        mod = point_mod(g.get("pmod"))
        a = self.anchor
        if unit == "day":
            base = self.ref_day or a
            off = {"the next": 1, "the following": 1, "the previous": -1, "the same": 0, "that": 0,
                   "next": 1, "following": 1, "previous": -1, "same": 0}.get(rel)
            if off is None:
                return None
            return Resolved("DATE", (base + timedelta(days=off)).isoformat(), mod, anchored=True)
        if rel in ("the last", "the past") and unit in ("year", "decade"):
            # "over the past year", "in the last decade": TimeML gives the previous calendar year or decade
            # (as "last year"); the interval also covers the rolling period up to the anchor
            n = 10 if unit == "decade" else 1
            value = f"{a.year - 1:04d}" if unit == "year" else f"{a.year // 10 - 1:03d}"
            s, _, prec = cal.interval(value)
            return Resolved("DATE", value, None, min(s, cal._shift_date(a, -n, "Y")), a, prec, True)
        if rel in ("the last", "the past") and unit in ("week", "month", "century"):
            n = 100 if unit == "century" else 1
            code = {"week": "W", "month": "M"}.get(unit, "Y")
            return Resolved("DURATION", f"P{n}{code}", None, cal._shift_date(a, -n, code), a, None, True)
        if rel in ("the previous", "the following", "the next", "the same", "that", "same", "following"):
            base = self._ref_for(unit) or a
            off = {"the previous": -1, "the following": 1, "the next": 1, "following": 1}.get(rel, 0)
        else:
            base = a
            off = {"last": -1, "past": -1, "previous": -1, "this past": -1, "this": 0, "current": 0,
                   "the current": 0, "the": 0, "next": 1, "coming": 1, "the coming": 1, "this coming": 1}.get(rel)
            if off is None:
                return None
        if unit == "weekend":
            sat = cal.week_start(base) + timedelta(days=5 + 7 * off)
            if off == 0 and rel != "this" and sat > base and self._tense(c) != "future":
                sat -= timedelta(days=7)
            return Resolved("DATE", cal.week_value(sat) + "-WE", mod, anchored=True)
        if unit == "decade":
            return Resolved("DATE", f"{base.year // 10 + off:03d}", mod, anchored=True)
        if unit == "century":
            return Resolved("DATE", f"{base.year // 100 + off:02d}", mod, anchored=True)
        code = {"week": "W", "month": "M", "year": "Y"}[unit]
        value = cal.value_at(cal._shift_date(base, off, code), code)
        r = Resolved("DATE", value, mod, anchored=True)
        pm = norm(g.get("pmod"))
        if off == 0 and pm in ("earlier", "later") and base == a:
            s, e, prec = cal.interval(value)
            r.earliest, r.latest, r.precision = (s, a, prec) if pm == "earlier" else (a, e, prec)
        return r

    def _r_the_weekend(self, c, g):
        return self._r_relative(c, {"rel": "the", "unit": "weekend"})

    def _r_in_the_unit(self, c, g):
        if self.anchor is None:
            return None
        unit = (g.get("unit") or g.get("unit2")).lower()
        code = {"week": "W", "month": "M", "year": "Y", "day": "D"}[unit]
        base = self.ref_day or self.anchor if unit == "day" else self.anchor
        value = cal.value_at(base, code)
        pm = norm(g.get("pmod"))
        if g.get("end"):
            return Resolved("DATE", value, MOD_WORDS["the " + g["end"].lower() + " of"], anchored=True)
        r = Resolved("DATE", value, MOD_WORDS[pm], anchored=True)
        if pm in ("earlier", "later") and code != "D":
            s, e, prec = cal.interval(value)
            r.earliest, r.latest, r.precision = (s, self.anchor, prec) if pm == "earlier" else (self.anchor, e, prec)
        return r

    def _r_ago(self, c, g):
        unit = g["unit"].lower()
        if unit in ("weekend",):
            return None
        direction = norm(g["dir"])
        sign = -1 if direction in ("ago", "earlier", "before", "before that") else 1
        num = norm(g.get("num"))
        n = parse_number(num) if num else None
        mod = APPROX_MODS.get(norm(g.get("mod")) or "")
        relative_to_ref = direction in ("earlier", "later", "before", "after", "before that", "after that")
        if self.anchor is None:
            return None
        code = {"second": "D", "minute": "D", "hour": "D", "day": "D", "night": "D", "week": "W", "month": "M",
                "quarter": "Q", "year": "Y", "decade": "Y", "century": "Y", "centurie": "Y", "fortnight": "W"}[unit]
        factor = UNIT_FACTOR.get(unit, 1)
        if n is None or (num is None and unit not in ("day", "week", "month", "year", "decade")):
            lo, hi = VAGUE_RANGE.get(num, (2, 9))
            base = self.anchor
            e = cal._shift_date(base, sign * lo * factor, code)
            f = cal._shift_date(base, sign * hi * factor, code)
            s, t = (f, e) if sign < 0 else (e, f)
            return Resolved("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", mod, s, t, None, True)
        if unit in ("second", "minute", "hour"):
            return Resolved("DATE", self.anchor.isoformat(), mod, anchored=True)
        if n != int(n):
            return None
        n = int(n) * factor
        if code == "Y" and unit == "year":
            ctx = self._quarter_context(c)
            if ctx:
                return Resolved("DATE", cal.shift(ctx, sign * n, "Y"), mod, anchored=True)
        base = self.ref_day if relative_to_ref and self.ref_day else self.anchor
        if relative_to_ref and self.ref_day and self.sentence_of(c.start) - self.ref_sentence <= 1 \
                and unit != "quarter":
            # "a year earlier" than a day just stated is a day
            step = {"week": "W", "fortnight": "W", "month": "M", "year": "Y", "decade": "Y",
                    "century": "Y"}.get(unit, "D")
            return Resolved("DATE", cal._shift_date(self.ref_day, sign * n, step).isoformat(), mod, anchored=True)
        value = cal.value_at(cal._shift_date(base, sign * n, code), code)
        r = Resolved("DATE", value, mod, anchored=True)
        s, e, prec = cal.interval(value)
        if unit in ("decade", "century") or mod == "APPROX":  # one unit either way
            s = cal.interval(cal.value_at(cal._shift_date(base, sign * n - 1, code), code))[0]
            e = cal.interval(cal.value_at(cal._shift_date(base, sign * n + 1, code), code))[1]
            s, e = min(s, e), max(s, e)
            e = min(e, self.anchor) if sign < 0 and not relative_to_ref else e
        elif mod in ("MORE_THAN", "EQUAL_OR_MORE"):
            s, e = (None, e) if sign < 0 else (s, None)
        elif mod in ("LESS_THAN", "EQUAL_OR_LESS"):
            s, e = (s, base) if sign < 0 else (base, e)
        r.earliest, r.latest, r.precision = s, e, prec
        return r

    # -- durations, sets, vague references ----------------------------------
    def _r_duration(self, c, g):
        unit = g["unit"].lower()
        num = norm(g.get("num"))
        # TimeML counts "a couple of" as two ("a couple of years" = P2Y)
        n = 2.0 if num in ("a couple of", "couple of") else parse_number(num)
        if g.get("half") and n is not None:
            n += 0.5  # "a minute and a half"
        value = duration_value(n, unit)
        mod = APPROX_MODS.get(norm(g.get("mod")) or "")
        r = Resolved("DURATION", value, mod)
        pre = norm(g.get("pre")) or ""
        if self.anchor and n is not None and n == int(n) and unit in UNIT_CODE and UNIT_CODE[unit] in "DWMQY":
            k = int(n) * UNIT_FACTOR.get(unit, 1)
            code = UNIT_CODE[unit]
            if re.match(r"^(the )?(past|last|previous|preceding)$", pre):
                r.earliest, r.latest, r.anchored = cal._shift_date(self.anchor, -k, code), self.anchor, True
            elif re.match(r"^(the )?(next|coming|following)$", pre):
                r.earliest, r.latest, r.anchored = self.anchor, cal._shift_date(self.anchor, k, code), True
        return r

    def _r_vague_duration(self, c, g):
        rel = norm(g["rel"])
        unit = g["unit"].lower()
        if rel in ("recent", "in recent") and unit == "year":
            return Resolved("DATE", "PAST_REF", None, None, self.anchor, None, True)
        r = Resolved("DURATION", duration_value(None, unit))
        if self.anchor and unit in ("day", "week", "month", "year"):
            code = UNIT_CODE[unit]
            lo, hi = VAGUE_RANGE["a few" if "few" in rel else "several" if "several" in rel else None]
            if "coming" in rel or "next" in rel:
                r.earliest, r.latest = self.anchor, cal._shift_date(self.anchor, hi, code)
            else:
                r.earliest, r.latest = cal._shift_date(self.anchor, -hi, code), self.anchor
            r.anchored = True
        return r

    def _r_plural_units(self, c, g):
        unit = g["unit"].lower()
        return Resolved("DURATION", "PXC" if unit == "centurie" else duration_value(None, unit))

    def _r_consecutive(self, c, g):
        o = g["ord"].lower()
        n = ORDINALS.get(o) or (int(re.match(r"\d+", o).group()) if o[0].isdigit() else None)
        if not n or n < 1:
            return None
        return Resolved("DURATION", duration_value(n, g["unit"].lower()))

    def _r_set(self, c, g):
        if g.get("adv"):
            return Resolved("SET", SET_ADVERBS[g["adv"].lower()])
        unit = (g.get("unit") or g.get("aunit")).lower().rstrip(".")
        if unit in WEEKDAYS:
            return Resolved("SET", f"XXXX-WXX-{WEEKDAYS[unit] + 1}")
        if unit in ("morning", "night", "evening"):
            return Resolved("SET", "P1D")
        return Resolved("SET", duration_value(1, unit))

    def _ref(self, value: str, c) -> Resolved:
        a = self.anchor
        if value == "PRESENT_REF":
            return Resolved("DATE", value, None, a, a, None, True)
        if value == "PAST_REF":
            return Resolved("DATE", value, None, None, a, None, True)
        return Resolved("DATE", value, None, a, None, None, True)

    def _r_present(self, c, g):
        return self._ref("PRESENT_REF", c)

    def _r_past_ref(self, c, g):
        return self._ref("PAST_REF", c)

    def _r_future_ref(self, c, g):
        return self._ref("FUTURE_REF", c)
