"""Finding time expressions: the lexicon and the patterns.

Each rule is a named regular expression over the raw text (case-insensitive,
whole words). :func:`candidates` runs every rule, then keeps the longest
non-overlapping matches (ties go to the earlier rule in :data:`RULES`).
Normalisation (values, intervals) is :mod:`sitrep.nlp.timex_resolve`'s job;
a rule only names what it saw through its groups.

Span conventions follow TimeML: a span holds the expression with its
determiner and modifiers ("the third quarter", "early next week", "late on
Sunday", "more than four hours", "the past two months") but not the
preposition that governs it ("on Monday" → "Monday", "in 2011" → "2011");
the exceptions are ranges and "since", whose words change the interval
(see :mod:`sitrep.nlp.times`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {"monday": 0, "mon": 0, "tuesday": 1, "tues": 1, "tue": 1, "wednesday": 2, "wed": 2,
            "thursday": 3, "thurs": 3, "thu": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
            "sunday": 6, "sun": 6}
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "midday": "MI"}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
            "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
            "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
            "nineteenth": 19, "twentieth": 20, "twenty-first": 21, "last": -1, "final": -1}
UNITS = {"second": "S", "minute": "MIN", "hour": "H", "day": "D", "night": "D", "week": "W",
         "fortnight": "2W", "month": "M", "quarter": "Q", "year": "Y", "decade": "E", "century": "C",
         "centurie": "C", "weekend": "WE", "session": None}
SMALL = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
         "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
         "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "a": 1, "an": 1}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90}
VAGUE = ("several", "a few", "few", "many", "some", "a couple of", "couple of", "a number of", "numerous",
         "countless", "the few")

#: Letters ``re.IGNORECASE`` matches to ASCII ones ("ſ" to "s", the Kelvin
#: sign to "k", "İ" and "ı" to "i") but whose ``lower()`` is not that ASCII
#: letter; see :func:`fold_case`.
_FOLD = str.maketrans({"\u0130": "I", "\u0131": "i", "\u017f": "s", "\u212a": "K"})


def fold_case(text: str) -> str:
    """``text`` with the letters in ``_FOLD`` replaced by the ASCII letters
    the rules match them as, so that a matched word ("Auguſt", "İn") is
    found in the lexicon. Same length: offsets into it are offsets into
    ``text``."""
    return text.translate(_FOLD)


# --- building blocks --------------------------------------------------------
_B = r"(?<![\w'])"          # word start
_E = r"(?![\w])"           # word end
MONTH = (r"(?:january|february|march|april|may|june|july|august|september|october|november|december|"
         r"jan\.?|feb\.?|mar\.?|apr\.?|jun\.?|jul\.?|aug\.?|sept?\.?|oct\.?|nov\.?|dec\.?)")
WEEKDAY = (r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
           r"mon\.|tues?\.|wed\.|thu(?:rs)?\.|fri\.|sat\.|sun\.)")
SEASON = r"(?:spring|summer|fall|autumn|winter)"
POD = r"(?:morning|afternoon|evening|night)"
YEAR = r"(?:1[5-9]\d\d|20\d\d)(?![\d,.]\d)"
DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_WORDNUM = (r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[ -](?:one|two|three|four|"
            r"five|six|seven|eight|nine))?|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
            r"twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|a hundred|hundred|"
            r"a dozen|dozen|a|an)")
NUM = (r"(?:\d+(?:\.\d+)?(?:\s+\d/\d)?|" + _WORDNUM + r"(?:\s+and\s+a\s+half)?|one\s+and\s+a\s+half|"
       r"a\s+half|several|a\s+few|few|many|some|a\s+couple\s+of|couple\s+of|a\s+number\s+of)")
UNIT = r"(?:second|minute|hour|day|night|week|fortnight|month|quarter|year|decade|century|centurie|weekend)"
ORD = (r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|"
       r"fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty-first|"
       r"\d{1,2}(?:st|nd|rd|th))")
APPROX_MOD = (r"(?:more\s+than|less\s+than|fewer\s+than|at\s+least|at\s+most|no\s+more\s+than|"
              r"no\s+less\s+than|nearly|almost|about|around|roughly|approximately|some|over|under|"
              r"up\s+to|within|only|just|barely|little\s+more\s+than)")
POINT_MOD = (r"(?:(?:the\s+)?(?:very\s+)?(?:early|late|mid)(?:\s+on|\s+in)?|mid-|"
             r"the\s+(?:end|beginning|start|middle)\s+of|"
             r"(?:by\s+)?the\s+end\s+of|earlier|later)")
REL = r"(?:last|this|next|past|coming|previous|following|current|same|this\s+past|this\s+coming)"
#: a year said in words, as in broadcast transcripts ("nineteen ninety-four", "two thousand and one")
SPOKEN_YEAR = (r"(?:nineteen[ -](?:hundred|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
               r"(?:[ -](?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|fourteen|"
               r"fifteen|sixteen|seventeen|eighteen|nineteen)|two\s+thousand(?:\s+and)?(?:\s+(?:one|two|three|four|"
               r"five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|"
               r"nineteen|twenty(?:[ -](?:one|two|three|four|five|six|seven|eight|nine))?))?)")
#: "February this year", "April next year", "the spring of last year": the year named relative to the anchor
YREL = r"(?:\s+of)?\s+(?P<yrel>this|last|next)\s+year(?![-'’])"


def _rx(body: str) -> re.Pattern:
    return re.compile(_B + "(?:" + body + ")" + _E, re.IGNORECASE)


#: (name, pattern). Order breaks ties between equally long matches.
RULES: list[tuple[str, re.Pattern]] = [
    # "Dec. 2, 2024", "Monday, December 2", "December 2-3", "2 December 2024", "the 2nd of December"
    ("month_day", _rx(
        r"(?:(?P<pmod>" + POINT_MOD + r")\s*)?(?:(?P<wd>" + WEEKDAY + r"),?\s+)?(?P<month>" + MONTH + r")\s*"
        r"(?P<day>" + DAYNUM + r")(?:\s*(?:-|–|to|and)\s*(?P<day2>" + DAYNUM + r"))?(?![\d:])"
        r"(?:,?\s+(?P<year>" + YEAR + r")|" + YREL + r")?")),
    ("day_month", _rx(
        r"(?:(?P<pmod>" + POINT_MOD + r")\s*)?(?:(?P<wd>" + WEEKDAY + r"),?\s+)?(?:the\s+)?(?P<day>" + DAYNUM + r")"
        r"(?:\s*(?:-|–)\s*(?P<day2>" + DAYNUM + r"))?\s+(?:of\s+)?(?P<month>" + MONTH + r")"
        r"(?:,?\s+(?P<year>" + YEAR + r")|" + YREL + r")?")),
    # "the week of March 6": that day's ISO week
    ("week_of", _rx(
        r"the\s+week\s+of\s+(?P<month>" + MONTH + r")\s*(?P<day>" + DAYNUM + r")(?![\d:])"
        r"(?:,?\s+(?P<year>" + YEAR + r"))?")),
    ("iso_date", _rx(r"(?P<year>(?:19|20)\d\d)-(?P<month>0[1-9]|1[0-2])-(?P<day>[0-2]\d|3[01])")),
    ("month_year", _rx(
        r"(?:(?P<pmod>" + POINT_MOD + r")\s*)?(?P<month>" + MONTH + r")(?:,?\s+(?:of\s+)?(?P<year>" + YEAR + r")|"
        + YREL + r"|\s+(?:of\s+)?(?P<syear>" + SPOKEN_YEAR + r"))")),
    ("time", _rx(
        r"(?:(?P<approx>about|around|shortly\s+(?:before|after)|just\s+(?:before|after))\s+)?"
        r"(?P<hour>[01]?\d|2[0-3])(?:[:.](?P<minute>[0-5]\d))?\s*(?P<ampm>a\.m\.?|p\.m\.?|am|pm|"
        r"(?:o'clock\s+)?in\s+the\s+(?:morning|afternoon|evening))"
        r"(?:\s+(?P<tz>[ECMP][SD]T|GMT|UTC|local\s+time))?"
        r"(?:\s*,?\s*(?:on\s+)?(?P<when>" + WEEKDAY + r"|today|yesterday|tomorrow|"
        + MONTH + r"\s*" + DAYNUM + r"))?")),
    ("time24", _rx(r"(?P<hour>[01]?\d|2[0-3])[:.]?(?P<minute>[0-5]\d)\s+(?P<tz>GMT|UTC|local\s+time|hours|hrs)")),
    ("named_time", _rx(
        r"(?:(?P<when0>" + WEEKDAY + r"|today|yesterday|tomorrow)\s+(?:at\s+)?)?(?P<named>noon|midnight|midday)"
        r"(?:\s+(?:on\s+)?(?P<when>" + WEEKDAY + r"|today|yesterday|tomorrow))?")),
    ("weekday", _rx(
        r"(?:(?P<pmod>" + POINT_MOD + r")\s+)?(?:(?P<rel>last|this|next|this\s+past|this\s+coming|"
        r"past|coming|the\s+previous|the\s+following|the\s+preceding)\s+)?(?P<wd>" + WEEKDAY + r")(?:'s)?"
        r"(?:\s+(?P<pod>" + POD + r"))?"
        r"(?:,?\s+(?P<month>" + MONTH + r")\s*(?P<day>" + DAYNUM + r"))?")),
    ("deictic", _rx(
        r"(?:(?P<pmod>" + POINT_MOD + r")\s+)?(?P<word>today|tonight|yesterday|tomorrow|"
        r"the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow)(?:'s)?(?:\s+(?P<pod>" + POD + r"))?")),
    ("pod", _rx(
        r"(?:(?P<pmod>early|late|later|earlier|mid)\s+)?(?P<rel>this|last|yesterday|tomorrow|the\s+next|"
        r"the\s+following|the\s+previous|that|the)\s+"
        r"(?P<pod>morning|afternoon|evening|night)|(?P<over>overnight)")),
    # "mid-afternoon yesterday", "late evening Sunday", "by mid afternoon" (that day)
    ("pod_when", _rx(
        r"(?:(?P<pmod>early|late|mid-?|mid\s)\s*)?(?P<pod>morning|afternoon|evening|night)\s+(?:on\s+)?"
        r"(?P<when>yesterday|today|tomorrow|" + WEEKDAY + r")|mid-?\s?(?P<mpod>morning|afternoon|evening)")),
    ("ago", _rx(
        r"(?:(?P<mod>" + APPROX_MOD + r")\s+)?(?:(?P<num>" + NUM + r")\s*)?(?P<unit>" + UNIT + r")s?\s+"
        r"(?P<dir>ago|earlier|later|from\s+now|hence|before\s+that|after\s+that)")),
    ("year_ago_adj", _rx(
        r"(?:the\s+)?(?:year|year-|12-month)[- ]?(?:ago|earlier|before)(?:\s+(?P<what>quarter|period|"
        r"(?:" + ORD + r")[- ]quarter|month|week|nine\s+months|six\s+months|fiscal\s+year))?")),
    ("quarter", _rx(
        r"(?:the\s+)?(?:(?P<year0>" + YEAR + r")\s+)?(?:fiscal[ -])?"
        r"(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|final|last)"
        r"[ -](?:fiscal[ -])?quarter(?![ -]century)"
        r"(?:\s+of\s+(?:fiscal\s+)?(?:(?P<year>" + YEAR + r")|(?P<rel>this|last|next)\s+year|the\s+year)"
        r"|\s+(?P<year2>" + YEAR + r"))?")),
    ("q_abbrev", _rx(r"(?P<ord>Q[1-4])(?:\s+(?P<year>" + YEAR + r"))?")),
    ("the_quarter", _rx(
        r"(?:the|that)\s+(?:(?P<year>" + YEAR + r")\s+)?(?P<rel>latest|current|past|previous|last|same|recent|"
        r"comparable|most\s+recent|latest\s+fiscal|current\s+fiscal)?\s*(?P<what>quarter|period)(?!s|ly)|"
        r"(?P<poss>this|last|next)\s+year's\s+(?:(?P<ord>first|second|third|fourth)[ -])?(?P<what2>quarter|period)")),
    ("year_end", _rx(r"(?:the\s+)?(?:(?P<year>" + YEAR + r")\s+)?year[- ]end(?![- ]?\d)|year's\s+end")),
    ("spelled_year", _rx(
        r"(?:the\s+year\s+)?(?:nineteen[ -](?P<n19>hundred|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|"
        r"ninety)(?:[ -](?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|"
        r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)|(?P<k2>two\s+thousand)(?:\s+and)?"
        r"(?:\s+(?P<n20>one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
        r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty(?:[ -](?:one|two|three|four|five|six|seven|"
        r"eight|nine))?))?)")),
    ("holiday", re.compile(
        r"(?<![\w'])(?:(?P<rel>[Ll]ast|[Tt]his|[Nn]ext)\s+)?"
        r"(?P<h>Christmas(?:\s+Day|\s+Eve)?|New\s+Year's\s+(?:Day|Eve)|"
        r"Thanksgiving(?:\s+Day)?|Independence\s+Day|Halloween|Valentine's\s+Day|Election\s+Day|Labor\s+Day|"
        r"Memorial\s+Day|Easter(?:\s+Sunday)?|Good\s+Friday|Boxing\s+Day|Veterans\s+Day)(?![\w])")),
    ("half", _rx(
        r"(?:the\s+)?(?P<ord>first|second|last|latter|final)\s+half\s+of\s+(?:(?P<year>" + YEAR + r")|"
        r"(?P<rel>this|last|next)\s+year|the\s+year)|(?P<h>(?:first|second)-half)")),
    # "(for) the year ended March 31", "the fiscal year ending June 30": a year-long period (the date is
    # its own mention)
    ("year_ended", _rx(r"(?:the\s+)?(?:(?:fiscal|financial)\s+)?year(?=\s+(?:that\s+)?end(?:ed|ing)\s)")),
    # "for the year", "through the first nine months of the year", "sales for the full year": the
    # year being reported on
    ("the_year", _rx(r"the\s+(?:full\s+|entire\s+|whole\s+)?year(?![-'’]|\s+(?:ago|earlier|before|after|later|"
                     r"end|ended|ending|to|two|one|nineteen|of\s+(?:the|\d)|\d))")),
    ("fiscal_year", _rx(
        r"(?:the\s+)?(?:(?P<rel>current|latest|last|next|previous|coming|this|past)\s+)?fiscal(?:\s+year)?"
        r"(?:\s*(?P<year>" + YEAR + r"))?|FY\s?(?P<fy>" + YEAR + r"|\d\d)")),
    ("decade", _rx(
        r"(?:(?P<pmod>" + POINT_MOD + r")\s*)?(?:the\s+)?(?:(?P<mod2>early|mid|late)[ -])?"
        r"(?:(?P<full>1[5-9]\d0|20\d0)'?s|'(?P<short>\d0)s|(?P<word>twenties|thirties|forties|fifties|"
        r"sixties|seventies|eighties|nineties))")),
    ("century", _rx(r"(?:the\s+)?(?P<ord>" + ORD + r")[ -]century")),
    ("season", _rx(
        r"(?:(?P<pmod>" + POINT_MOD + r")\s+)?(?:(?:the\s+)?(?P<rel>last|this|next|this\s+past|this\s+coming|"
        r"past|coming)\s+|the\s+)?(?P<season>" + SEASON + r")(?:\s+(?:of\s+)?(?:(?P<year>" + YEAR + r")|(?P<syear>"
        + SPOKEN_YEAR + r"))|" + YREL + r")?"
        r"(?!\s+(?:session|offensive|campaign|collection|olympics|games|term|semester))")),
    ("relative", _rx(
        r"(?:(?P<pmod>" + POINT_MOD + r")\s+)?(?P<rel>(?:the\s+)?(?:last|past|previous|next|coming|current|"
        r"following|same)|this|this\s+past|this\s+coming|that)\s+(?P<unit>week|month|year|weekend|decade|"
        r"century|day)(?!s|[- ](?:long|old|ago))")),
    ("the_weekend", _rx(r"the\s+weekend(?!s)")),
    ("in_the_unit", _rx(
        r"(?P<pmod>earlier|later|late|early)\s+in\s+the\s+(?P<unit>week|month|year|day)|"
        r"the\s+(?P<end>end|beginning|start|middle)\s+of\s+the\s+(?P<unit2>week|month|year)")),
    ("bare_month", _rx(
        r"(?:(?P<pmod>" + POINT_MOD + r")\s*)?(?:(?P<rel>last|this|next|this\s+past|this\s+coming)\s+)?"
        r"(?P<month>january|february|march|april|may|june|july|august|september|october|november|december|"
        r"sept\.|jan\.|feb\.|aug\.|oct\.|nov\.|dec\.)(?!\s*\d)")),
    ("year", _rx(
        r"(?:(?P<pmod>" + POINT_MOD + r")\s*)?(?P<year>" + YEAR + r")(?:\s+or\s+(?P<later>later|earlier))?"
        r"(?!\s*%|\s*percent\b|[-/]\d|-[a-z])")),
    ("apos_year", _rx(r"'(?P<short>\d\d)(?!s)")),
    ("consecutive", _rx(
        r"(?:the|a)\s+(?P<ord>" + ORD + r")\s+(?:consecutive|straight|successive|day\s+in\s+a)?\s*"
        r"(?P<unit>day|night|week|month|year)(?:\s+in\s+a\s+row|\s+running)?")),
    ("duration", _rx(
        r"(?:(?P<mod>" + APPROX_MOD + r")\s+)?(?:(?P<each>each\s+of\s+)?(?P<pre>the\s+(?:(?:past|last|next|"
        r"first|previous|final|latest|coming|following|remaining|ensuing|preceding|year-earlier|"
        r"year-ago)\s+)?|(?:past|last|next|first|final|another|an\s+additional|the\s+better\s+part\s+of)\s+))?"
        r"(?P<num>(?!\d{4})" + NUM + r")(?:\s+(?P<more>more|additional|further|straight|consecutive|full|long))?"
        r"[ -](?P<unit>" + UNIT + r")(?P<pl>s)?(?P<half>\s+and\s+a\s+half)?(?P<post>[ -]long|[ -]old)?"
        r"(?!-(?:ago|earlier))")),
    ("vague_duration", _rx(
        r"(?P<rel>recent|coming|past\s+few|last\s+few|next\s+few|the\s+coming|the\s+past\s+few|"
        r"the\s+last\s+few|the\s+next\s+few|the\s+past\s+several|the\s+last\s+several|in\s+recent)\s+"
        r"(?P<unit>day|week|month|year|decade|hour|minute)s")),
    # "for years", "within weeks", "for weeks or months", "the first time in years": an unknown count
    ("plural_units", _rx(
        r"(?P<unit>minute|hour|day|week|month|year|decade|centurie)s(?:\s+or\s+(?:minute|hour|day|week|month|year|"
        r"decade|centurie)s)?(?![-'’])")),
    ("set", _rx(
        r"(?P<adv>daily|weekly|monthly|annually|yearly|hourly|nightly|biweekly)|"
        r"(?P<q>each|every|per)\s+(?P<unit>day|week|month|year|morning|night|evening|hour|quarter|"
        + WEEKDAY + r")")),
    ("present", _rx(r"(?P<w>right\s+now|now|currently|at\s+present|nowadays|these\s+days|at\s+this\s+time)"
                    r"(?!-)")),
    ("past_ref", _rx(r"(?P<w>recently|more\s+recently|until\s+recently|lately|the\s+past|recent\s+years)")),
    ("future_ref", _rx(r"(?P<w>the\s+(?:near\s+|foreseeable\s+|distant\s+)?future|in\s+future|"
                       r"a\s+later\s+date|later\s+date)")),
]
RULE_ORDER = {name: i for i, (name, _) in enumerate(RULES)}


@dataclass
class Candidate:
    start: int
    end: int
    rule: str
    groups: dict = field(default_factory=dict)
    text: str = ""


# Words that look like times but are not, checked on the matched text.
_CAPITALISED_ONLY = {"may", "march", "august", "sun", "sat", "wed", "mar", "jan", "jun", "jul"}


def _plausible(rule: str, m: re.Match, text: str) -> bool:
    g = m.groupdict()
    s = m.group(0)
    if rule in ("month_day", "day_month", "month_year", "bare_month", "weekday", "time", "week_of"):
        for key in ("month", "wd"):
            tok = g.get(key)
            if tok and tok.lower().rstrip(".") in _CAPITALISED_ONLY and not tok[0].isupper():
                return False
        month = g.get("month")
        if month and not month[0].isupper():
            return False
    if rule == "bare_month":
        month = g["month"].lower()
        before = text[max(0, m.start() - 30):m.start()]
        if month == "may" and not (g.get("rel") or g.get("pmod") or re.search(
                r"\b(?:in|since|until|till|by|during|of|from|through|to|before|after|early|late|mid-?)\s*$",
                before, re.I)):
            return False
        named = month in ("may", "june", "april", "august") and not (g.get("rel") or g.get("pmod"))
        if named and re.match(r"\s+[A-Z][a-z]", text[m.end():m.end() + 3]):
            return False  # "April Glaspie"
        if named and re.search(r"[A-Z][a-z]+\.?\s$", before) and not re.search(r"(?:^|[.!?]\s+)\S+\s$", before):
            return False  # "Theresa May", but not "Unveiled April ..." at a sentence start
    if rule == "year":
        before = text[max(0, m.start() - 2):m.start()]
        if re.search(r"[$£€#]\s?$|\d[,.]$|No\.\s?$", before):
            return False
        if g.get("pmod") is None and re.match(r"\s*(?:[A-Z][a-z]+\s+)?(?:people|troops|soldiers|men|women|"
                                              r"children|deaths|dead|killed|votes|cases)\b", text[m.end():]):
            return False
    if rule == "duration":
        num = (g.get("num") or "").lower()
        unit = g["unit"].lower()
        if num in ("a", "an") and g.get("pl"):
            return False
        if num in ("a", "an", "per") and not g.get("mod") and re.search(
                r"(?:\d|\bmillion|\bbillion|\bthousand|\bhundred|%)\S*(?:\s+[a-z]+){0,2}\s+$",
                text[max(0, m.start() - 30):m.start()]):
            return False  # a rate ("$2 million a year", "four flights a week"), not a time
        if num in ("some", "many", "few") and not g.get("pl"):
            return False
        if unit == "second" and num in ("a", "an", "one") and not g.get("pre"):
            return False  # "a second attack"
        if unit == "quarter" and not g.get("pl") and not g.get("pre"):
            return False  # "a quarter of the population"
        if (g.get("post") and "old" in g["post"].lower()) or re.match(r"\s+old\b", text[m.end():m.end() + 5]):
            return False  # ages are not times
        if unit == "quarter" and re.match(r"\s+of\b", text[m.end():m.end() + 4]):
            return False  # "three-quarters of the vote"
    if rule == "set" and g.get("a"):
        before = text[max(0, m.start() - 25):m.start()]
        if not re.search(r"(?:\d|million|billion|thousand|percent|%|cents|dollars|times)\s*$", before, re.I):
            return False
    if rule == "pod" and (g.get("rel") or "").lower() == "the" and g["pod"].lower() == "night":
        return False  # "the night of the attack" names another day
    if rule == "spelled_year" and g.get("k2") and not re.search(
            r"\b(?:in|since|until|by|of|year|from|through)\s+$", text[max(0, m.start() - 8):m.start()], re.I) \
            and not s.lower().startswith("the year"):
        return False  # "two thousand people"
    if rule in ("relative", "bare_month") and re.search(r"[\"“]\s*$", text[max(0, m.start() - 2):m.start()]) \
            and s.istitle() and " " in s:
        return False  # a programme title: "This Week"
    if rule == "bare_month" and re.match(r"\s+(?:of|for)\s+(?:the\s+)?[A-Z]", text[m.end():m.end() + 12]):
        return False  # "March for Life"
    if rule == "present":
        w = s.lower()
        if w == "now" and re.match(r"-\w", text[m.end():m.end() + 2]):
            return False
    if rule == "relative" and g["rel"].lower() == "that" and g["unit"].lower() in ("decade", "century"):
        return False
    if rule == "relative" and g.get("unit", "").lower() == "day" and g.get("rel", "").lower() in (
            "the last", "the past", "the current", "this", "this past", "this coming", "last", "past", "coming",
            "the coming", "current"):
        return False
    if rule == "season" and not any(g.get(k) for k in ("rel", "year", "syear", "yrel", "pmod")):
        # a bare season word must be governed like a time ("in the spring", "this summer")
        before = text[max(0, m.start() - 12):m.start()]
        if not re.search(r"\b(?:in|since|until|by|during|over|through|last|this|next|early|late|mid-?)\s+(?:the\s+)?$",
                         before + (" " if s.lower().startswith("the ") else ""), re.I) and not s.lower().startswith(
                "the "):
            return False
        if s.lower() in ("spring", "fall", "the fall"):  # verbs and nouns too often
            if not re.search(r"\b(?:in|since|until|by|during|over|through)\s+(?:the\s+)?$", before, re.I):
                return False
    if rule == "apos_year" and not re.search(r"\b(?:in|since|of|until|by|from|class)\s$",
                                             text[max(0, m.start() - 7):m.start()], re.I):
        return False
    if rule == "the_year":
        before = text[max(0, m.start() - 40):m.start()]
        if not re.search(r"\b(?:for|during|through|throughout|over|in)\s+$|\b(?:months|weeks|days|quarters|half|"
                         r"part|rest|remainder|balance|start|beginning|middle|portion)\s+of\s+$", before, re.I):
            return False  # "the year" as a subject, or "man of the year", names no particular year
    if rule == "plural_units" and not re.search(r"(?:\b(?:for|within)|\bfirst\s+time\s+in)\s+$",
                                                text[max(0, m.start() - 20):m.start()], re.I):
        return False  # a bare plural is a time only as a duration: "for years", not "the years that followed"
    if rule == "q_abbrev" and not s[0] == "Q":
        return False
    return True


_MONTH_STEMS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_UNIT_STEMS = ("second", "minute", "hour", "day", "night", "week", "month", "quarter", "year", "decade", "centur")
_POD_STEMS = ("morning", "afternoon", "evening", "night")

#: Per rule, lower-case strings one of which every match of the rule contains
#: (a month's first three letters, a unit, ...). :func:`candidates` tries a
#: rule only at the word starts shortly before such a string, instead of at
#: every character of the text; the output is the same (a test compares it
#: with :func:`candidates_exhaustive` on real and generated text). Rules not
#: listed are cheap to scan whole.
ANCHORS: dict[str, tuple[str, ...]] = {
    "month_day": _MONTH_STEMS, "day_month": _MONTH_STEMS, "month_year": _MONTH_STEMS,
    "bare_month": _MONTH_STEMS, "week_of": ("week",),
    "time": ("a.m", "p.m", "am", "pm") + _POD_STEMS,
    "time24": ("gmt", "utc", "local", "hour", "hrs"),
    "named_time": ("noon", "midnight", "midday"),
    "weekday": ("mon", "tue", "wed", "thu", "fri", "sat", "sun"),
    "deictic": ("today", "tonight", "yesterday", "tomorrow"),
    "pod": _POD_STEMS, "pod_when": _POD_STEMS,
    "ago": ("ago", "earlier", "later", "now", "hence", "before", "after"),
    "year_ago_adj": ("ago", "earlier", "before"),
    "quarter": ("quarter",), "the_quarter": ("quarter", "period"), "year_end": ("end",),
    "spelled_year": ("nineteen", "thousand"),
    "half": ("half",), "year_ended": ("year",), "the_year": ("year",), "fiscal_year": ("fiscal", "fy"),
    "decade": ("0s", "0's", "ties"), "century": ("century",),
    "season": ("spring", "summer", "fall", "autumn", "winter"),
    "relative": ("week", "month", "year", "decade", "century", "day"),
    "the_weekend": ("weekend",), "in_the_unit": ("week", "month", "year", "day"),
    "year": ("15", "16", "17", "18", "19", "20"),
    "consecutive": ("day", "night", "week", "month", "year"),
    "duration": _UNIT_STEMS,
    "vague_duration": ("recent", "coming", "few", "several"),
    "plural_units": ("minute", "hour", "day", "week", "month", "year", "decade", "centurie"),
    "set": ("daily", "weekly", "monthly", "annually", "yearly", "hourly", "nightly", "each", "every", "per"),
    "present": ("now", "currently", "present", "days", "this time"),
    "past_ref": ("recent", "lately", "past"),
    "future_ref": ("future", "later date"),
}
#: how many word starts before an anchor a match may begin (the longest
#: prefix, "no more than each of the next one and a half more days", has 11)
ANCHOR_REACH = 16
_WORD_START = re.compile(r"(?<![\w'])\S")


def _matches(text: str) -> list[Candidate]:
    """Every rule's matches, as ``rx.finditer`` over the whole text finds
    them, trying anchored rules only near their anchors."""
    low = fold_case(text).lower()
    if len(low) != len(text):  # a character whose lower case is longer: positions would shift
        return _matches_exhaustive(text)
    starts: list[int] | None = None
    stem_at: dict[str, list[int]] = {}
    found: list[Candidate] = []
    for name, rx in RULES:
        stems = ANCHORS.get(name)
        if stems is None:
            found.extend(_rule_matches(name, rx, text, rx.finditer(text)))
            continue
        hits: list[int] = []
        for stem in stems:
            at = stem_at.get(stem)
            if at is None:
                at, i = [], low.find(stem)
                while i >= 0:
                    at.append(i)
                    i = low.find(stem, i + 1)
                stem_at[stem] = at
            hits.extend(at)
        if not hits:
            continue
        if starts is None:
            starts = [m.start() for m in _WORD_START.finditer(text)]
        tries: set[int] = set()
        for a in hits:
            j = bisect_right(starts, a)
            tries.update(starts[max(0, j - ANCHOR_REACH):j])
        found.extend(_rule_matches(name, rx, text, _match_from(rx, text, sorted(tries))))
    return found


def _match_from(rx: re.Pattern, text: str, positions: list[int]):
    """The matches ``rx.finditer(text)`` gives, given every position where
    one can start (in order): leftmost first, never overlapping."""
    end = 0
    for p in positions:
        if p < end:
            continue
        m = rx.match(text, p)
        if m is not None and m.end() > m.start():
            end = m.end()
            yield m


def _rule_matches(name: str, rx: re.Pattern, text: str, matches) -> list[Candidate]:
    return [Candidate(m.start(), m.end(), name, m.groupdict(), m.group(0)) for m in matches
            if m.end() > m.start() and _plausible(name, m, text)]


def _matches_exhaustive(text: str) -> list[Candidate]:
    found: list[Candidate] = []
    for name, rx in RULES:
        found.extend(_rule_matches(name, rx, text, rx.finditer(text)))
    return found


def _longest(found: list[Candidate], size: int) -> list[Candidate]:
    found.sort(key=lambda c: (-(c.end - c.start), RULE_ORDER[c.rule], c.start))
    taken: list[Candidate] = []
    occupied = bytearray(size + 1)
    for c in found:
        if any(occupied[c.start:c.end]):
            continue
        occupied[c.start:c.end] = b"\x01" * (c.end - c.start)
        taken.append(c)
    taken.sort(key=lambda c: c.start)
    return taken


def candidates(text: str) -> list[Candidate]:
    """All rule matches, filtered, then the longest non-overlapping ones."""
    return _longest(_matches(text), len(text))


def candidates_exhaustive(text: str) -> list[Candidate]:
    """:func:`candidates` with every rule scanned over the whole text (the
    reference the anchored scan must equal)."""
    return _longest(_matches_exhaustive(text), len(text))


def spoken_year(s: str) -> int | None:
    """The year of a :data:`SPOKEN_YEAR` match ("nineteen ninety-four" → 1994,
    "two thousand and one" → 2001, "nineteen hundred" → 1900)."""
    s = re.sub(r"\s+", " ", s.lower().strip())
    if s.startswith("nineteen"):
        rest = s[len("nineteen"):].strip(" -")
        if rest == "hundred":
            return 1900
        n = parse_number(rest)
        return None if n is None else 1900 + int(n)
    if s.startswith("two thousand"):
        rest = re.sub(r"^and\b", "", s[len("two thousand"):].strip()).strip()
        n = parse_number(rest) if rest else 0
        return None if n is None else 2000 + int(n)
    return None


def parse_number(s: str | None) -> float | None:
    """A count written in digits or words ("24", "twenty-four", "a", "5 1/2",
    "one and a half", "a dozen"); None for vague words ("several")."""
    if s is None:
        return 1.0
    s = s.lower().strip()
    if s in VAGUE or s.replace("  ", " ") in VAGUE:
        return None
    half = 0.0
    if s.endswith("and a half"):
        half = 0.5
        s = s[: -len("and a half")].strip()
    if s == "a half":
        return 0.5
    m = re.match(r"^(\d+(?:\.\d+)?)(?:\s+(\d)/(\d))?$", s)
    if m:
        v = float(m.group(1))
        if m.group(2):
            v += int(m.group(2)) / int(m.group(3))
        return v + half
    if s in ("a dozen", "dozen"):
        return 12.0 + half
    if s in ("a hundred", "hundred"):
        return 100.0 + half
    total = 0
    for part in re.split(r"[ -]", s):
        if part in SMALL:
            total += SMALL[part]
        elif part in TENS:
            total += TENS[part]
        else:
            return None
    return total + half
