"""TimeML vocabulary for time expressions: modifier words to TimeML
``mod`` values, units to duration letters, the counts vague words stand
for, and :func:`duration_value` (``P2W``, ``PT5H30M``, ``PXD``)."""

from __future__ import annotations

import re

MOD_WORDS = {"early": "START", "the beginning of": "START", "the start of": "START", "mid": "MID", "mid-": "MID",
             "the middle of": "MID", "late": "END", "the end of": "END", "by the end of": "END",
             "earlier": "START", "later": "END"}
APPROX_MODS = {"more than": "MORE_THAN", "over": "MORE_THAN", "at least": "EQUAL_OR_MORE",
               "no less than": "EQUAL_OR_MORE", "less than": "LESS_THAN", "fewer than": "LESS_THAN",
               "under": "LESS_THAN", "within": "EQUAL_OR_LESS", "up to": "EQUAL_OR_LESS",
               "at most": "EQUAL_OR_LESS", "no more than": "EQUAL_OR_LESS", "nearly": "APPROX",
               "almost": "APPROX", "about": "APPROX", "around": "APPROX", "roughly": "APPROX",
               "approximately": "APPROX", "some": "APPROX", "barely": "APPROX", "little more than": "APPROX"}
#: the span of counts that vague words stand for (units back from the anchor for "days ago")
VAGUE_RANGE = {"a few": (2, 5), "few": (2, 5), "the few": (2, 5), "several": (3, 9), "a couple of": (2, 3),
               "couple of": (2, 3), None: (2, 9), "some": (2, 9), "many": (3, 30), "a number of": (3, 9),
               "numerous": (3, 30), "countless": (3, 30)}
UNIT_CODE = {"second": "S", "minute": "MIN", "hour": "H", "day": "D", "night": "D", "week": "W",
             "fortnight": "W", "month": "M", "quarter": "Q", "year": "Y", "decade": "Y", "century": "Y",
             "centurie": "Y", "weekend": "WE"}
UNIT_FACTOR = {"fortnight": 2, "decade": 10, "century": 100, "centurie": 100}
SET_ADVERBS = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
               "hourly": "PT1H", "nightly": "P1D", "biweekly": "P2W"}


def norm(s: str | None) -> str | None:
    return re.sub(r"\s+", " ", s.strip().lower()) if s else None


def point_mod(pmod: str | None) -> str | None:
    p = norm(pmod)
    if not p:
        return None
    if p in MOD_WORDS:
        return MOD_WORDS[p]
    p = re.sub(r"^(?:by )?(?:the )?(?:very )?", "", p)
    p = re.sub(r" (on|in)$", "", p)
    return MOD_WORDS.get(p) or MOD_WORDS.get(p.rstrip("-"))


def duration_value(n: float | None, unit: str) -> str:
    """TimeML duration: P2Y, P3M, PT5H30M, P2Y6M, PXD for an unknown count."""
    code = UNIT_CODE[unit]
    n = None if n is None else n * UNIT_FACTOR.get(unit, 1)
    if code == "WE":
        code, n = "D", (None if n is None else 2 * n)
    timed = code in ("H", "MIN", "S")
    letter = "M" if code == "MIN" else code
    pre = "PT" if timed else "P"
    if n is None:
        return f"{pre}X{letter}"
    if n != int(n):
        whole, frac = int(n), n - int(n)
        smaller = {"H": ("M", 60), "MIN": ("S", 60), "Y": ("M", 12), "D": ("H", 24)}.get(code)
        if smaller and (frac * smaller[1]).is_integer():
            if code == "D":
                return f"P{whole}DT{int(frac * 24)}H" if whole else f"PT{int(frac * 24)}H"
            if code == "Y":  # "2 1/2 years" = P2Y6M, "half a year" = P6M
                return f"P{whole}Y{int(frac * 12)}M" if whole else f"P{int(frac * 12)}M"
            return f"{pre}{whole}{letter}{int(frac * smaller[1])}{smaller[0]}" if whole else \
                f"{pre}{int(frac * smaller[1])}{smaller[0]}"
        return f"{pre}{n:g}{letter}"
    return f"{pre}{int(n)}{letter}"
