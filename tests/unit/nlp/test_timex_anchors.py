"""The anchored scan of the time rules finds exactly what scanning every rule
over the whole text finds: on generated text made of the rules' own words
(odd spacing and case included), on long modifier chains, on text whose
lower case changes length, and on the TempEval-3 documents when
``../shared`` is present."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from sitrep.nlp import timex_rules as tr

WORDS = sorted(set(
    list(tr.MONTHS) + [m.title() for m in tr.MONTHS] + [w.title() for w in tr.WEEKDAYS] + list(tr.WEEKDAYS)
    + list(tr.SEASONS) + list(tr.PARTS_OF_DAY) + list(tr.ORDINALS) + list(tr.UNITS) + [u + "s" for u in tr.UNITS]
    + list(tr.SMALL) + list(tr.TENS) + [v for v in tr.VAGUE]
    + "the a of in on at by to from since until end beginning start middle early late mid mid- very earlier later "
      "last this next past coming previous following current same ago hence now from now before that after "
      "more than less at least nearly about around over under up within only just barely little each "
      "noon midnight midday today tonight yesterday tomorrow overnight fiscal FY Q1 Q3 year-end year's half "
      "first-half consecutive straight in a row recent recently lately future currently present daily weekly "
      "every per Christmas Day New Year's Eve Easter a.m. p.m. am pm GMT UTC local time hours 1990s '80s "
      "twenties nineties century 19th 2nd 21st 3 11 24 31 1994 2011 2024 1999 2012-06-30 '98 9:30 14:00 o'clock "
      "nineteen ninety-four two thousand and one dozen people killed percent $ % , . - – ( ) \" 's".split()))
#: expression shapes the rules look for, joined with random words and spacing
PHRASES = [
    "the first quarter of 2024", "the third quarter", "Q2 2023", "the latest quarter", "the same period",
    "this year's second quarter", "for the year", "the full year", "months of the year", "for weeks",
    "for years or decades", "within days", "the first time in years", "in the future", "the near future",
    "a later date", "earlier in the week", "the end of the month", "later in the day", "the weekend",
    "the year ended", "fiscal year ending", "year-end", "the 2024 year end", "year's end", "Christmas Eve",
    "last Thanksgiving", "the first half of this year", "second-half", "the year-ago quarter",
    "a year earlier", "three days ago", "weeks later", "two years from now", "the 19th century",
    "the mid-1990s", "the late nineties", "in the spring of 2020", "this winter", "last summer",
    "the past few weeks", "in recent years", "recently", "lately", "the past", "right now", "these days",
    "at this time", "daily", "every Monday", "each week", "$2 million a year", "the third straight day",
    "the second consecutive week", "nineteen ninety-four", "in two thousand and one", "at noon on Friday",
    "Monday at midnight", "9:30 a.m. EST on Tuesday", "1400 GMT", "14:00 local time", "at about 6 p.m. today",
    "late on Sunday", "overnight", "yesterday afternoon", "mid-afternoon yesterday", "tomorrow morning",
    "the day before yesterday", "last Monday", "this past Saturday", "the week of March 6",
    "2012-06-30", "Dec. 2, 2024", "Monday, December 2", "December 2-3", "2 December 2024", "the 2nd of December",
    "mid-October", "November 27", "February this year", "April next year", "May 2011", "June nineteen ninety",
    "since 2011", "from 2012 until 2016", "more than four hours", "nearly two and a half months",
    "the next 12 months", "another three years", "a decade-long", "the last several months", "FY2024",
]
SPACES = [" "] * 12 + ["  ", "\n", "\n\n", " \t ", ", ", "-"]


def _text(rng: random.Random, n: int) -> str:
    out = []
    for _ in range(n):
        w = rng.choice(PHRASES) if rng.random() < 0.3 else rng.choice(WORDS)
        if " " in w and rng.random() < 0.3:
            w = w.replace(" ", rng.choice(SPACES[-6:]), 1)
        r = rng.random()
        if r < 0.1:
            w = w.upper()
        elif r < 0.2:
            w = w.capitalize()
        out.append(w)
        out.append(rng.choice(SPACES))
    return "".join(out)


def _key(cands):
    return sorted((c.start, c.end, c.rule, c.text, tuple(sorted(c.groups.items()))) for c in cands)


def test_generated_text_gives_the_same_matches():
    rng = random.Random(7)
    seen_rules = set()
    for _ in range(400):
        text = _text(rng, rng.randint(5, 120))
        full = tr._matches_exhaustive(text)
        assert _key(tr._matches(text)) == _key(full), text
        assert _key(tr.candidates(text)) == _key(tr.candidates_exhaustive(text))
        seen_rules.update(c.rule for c in full)
    # the generated text exercises every anchored rule, so the comparison means something
    assert set(tr.ANCHORS) <= seen_rules, set(tr.ANCHORS) - seen_rules


def test_every_match_of_an_anchored_rule_holds_an_anchor():
    rng = random.Random(11)
    for _ in range(300):
        text = _text(rng, 60)
        for c in tr._matches_exhaustive(text):
            stems = tr.ANCHORS.get(c.rule)
            if stems:
                assert any(s in c.text.lower() for s in stems), (c.rule, c.text)


@pytest.mark.parametrize("text", [
    "It lasted no more than each of the next one and a half more days, officials said.",
    "for little more than the better part of twenty-four consecutive hours and a half",
    "by the end of   \n  Wednesday,\n\n  December 4, 2024 the talks had failed",
    "the very early on Monday morning; late   on Sunday; mid-December; the 1990s; '80s",
    "İstanbul, 3 March 2023: two weeks ago, and the İzmir meeting on Friday at 9:30 a.m. GMT",
])
def test_hand_built_texts_agree(text):
    assert _key(tr.candidates(text)) == _key(tr.candidates_exhaustive(text))
    assert tr.candidates(text), text


def test_long_modifier_chain_is_within_reach():
    text = "It lasted no more than each of the next one and a half more days."
    [c] = [c for c in tr.candidates(text) if c.rule == "duration"]
    assert c.text.startswith("no more than")


def test_text_whose_lower_case_is_longer_gives_the_whole_scan():
    # "İ".lower() is two characters; folded first, the anchored scan keeps its offsets
    text = "İİİ Talks on Monday, December 2, in İzmir."
    assert len(text.lower()) != len(text) and len(tr.fold_case(text).lower()) == len(text)
    got = [(c.start, c.end) for c in tr.candidates(text)]
    assert got == [(c.start, c.end) for c in tr.candidates_exhaustive(text)]
    assert text[got[0][0]:got[0][1]] == "Monday, December 2"


TIMEX = Path(__file__).resolve().parents[3].parent / "shared" / "bench" / "timex"


@pytest.mark.skipif(not TIMEX.is_dir(), reason="../shared/bench/timex is absent")
def test_tempeval_documents_give_the_same_candidates():
    files = sorted(p for p in TIMEX.rglob("*.tml") if not p.name.startswith("._"))[:120]
    assert files
    for p in files:
        raw = p.read_text(encoding="utf-8", errors="replace")
        m = re.search(r"<TEXT>(.*?)</TEXT>", raw, re.S)
        text = re.sub(r"<[^>]+>", "", m.group(1) if m else raw)
        assert _key(tr._matches(text)) == _key(tr._matches_exhaustive(text)), p.name


def test_letters_ignorecase_equates_with_ascii_are_anchors():
    # the rules match "ſunday" as "sunday" and "Frıday" as "Friday" (re.IGNORECASE); the
    # anchored scan looked for the stems "sun" and "fri" in lower() and missed them
    text = "Talks on Frıday, Sept. 3 and on ſunday; the wee\u212aend (a Kelvin sign); 3 Auguſt 2024."
    assert _key(tr.candidates(text)) == _key(tr.candidates_exhaustive(text))
    assert [c.text for c in tr.candidates(text)] == [
        "Frıday, Sept. 3", "ſunday", "the wee\u212aend", "3 Auguſt 2024"]
