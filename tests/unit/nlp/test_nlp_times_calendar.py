"""Calendar arithmetic and tense reading for time expressions, without a
model: values to intervals, shifts, year-less picks, holidays, and the
tense of a hand-built spaCy ``Doc`` (words, tags, heads set by hand)."""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.nlp import timex_calendar as cal
from sitrep.nlp.timex_rules import parse_number
from sitrep.nlp.timex_tense import tense_from_doc, tense_from_text

D = date.fromisoformat


@pytest.mark.parametrize("value,mod,earliest,latest,precision", [
    ("2024-12-01", None, "2024-12-01", "2024-12-01", "day"),
    ("2024-12-01T14:30", None, "2024-12-01", "2024-12-01", "day"),
    ("2024-12-01TNI", None, "2024-12-01", "2024-12-02", "day"),
    ("2024-W48", None, "2024-11-25", "2024-12-01", "week"),
    ("2024-W48-WE", None, "2024-11-30", "2024-12-01", "week"),
    ("2020-W53", None, "2020-12-28", "2021-01-03", "week"),
    ("2024-02", None, "2024-02-01", "2024-02-29", "month"),
    ("2024-10", "MID", "2024-10-11", "2024-10-20", "month"),
    ("2024-10", "END", "2024-10-21", "2024-10-31", "month"),
    ("2024-Q4", None, "2024-10-01", "2024-12-31", "quarter"),
    ("2024-Q4", "START", "2024-10-01", "2024-10-31", "quarter"),
    ("2024-H2", None, "2024-07-01", "2024-12-31", "half"),
    ("2024-SP", None, "2024-03-01", "2024-05-31", "season"),
    ("2024-WI", None, "2024-12-01", "2025-02-28", "season"),
    ("2024", None, "2024-01-01", "2024-12-31", "year"),
    ("2024", "END", "2024-09-01", "2024-12-31", "year"),
    ("199", None, "1990-01-01", "1999-12-31", "decade"),
    ("199", "START", "1990-01-01", "1993-12-31", "decade"),
    ("19", None, "1900-01-01", "1999-12-31", "century"),
])
def test_interval_of_each_value_kind(value, mod, earliest, latest, precision):
    assert cal.interval(value, mod) == (D(earliest), D(latest), precision)


@pytest.mark.parametrize("value", [None, "", "P2W", "PRESENT_REF", "XXXX-12-02", "2024-13", "2024-02-30"])
def test_interval_of_non_calendar_values_is_empty(value):
    assert cal.interval(value) == (None, None, None)


def test_shift_keeps_the_granularity():
    assert cal.shift("2024-Q1", -1, "Y") == "2023-Q1"
    assert cal.shift("2024-Q1", -1, "Q") == "2023-Q4"
    assert cal.shift("2024-03-31", -1, "M") == "2024-02-29"
    assert cal.shift("2024-W01", -1, "W") == "2023-W52"
    assert cal.shift("2024-SU", 1, "Y") == "2025-SU"
    assert cal.shift("2024", 1, "M") is None


def test_weekday_near_directions():
    mon = D("2024-12-02")
    assert cal.weekday_near(mon, 0, "past") == mon
    assert cal.weekday_near(mon, 0, "last") == D("2024-11-25")
    assert cal.weekday_near(mon, 0, "future") == mon
    assert cal.weekday_near(mon, 0, "next") == D("2024-12-09")
    assert cal.weekday_near(mon, 6, "past") == D("2024-12-01")
    assert cal.weekday_near(mon, 6, "future") == D("2024-12-08")


def test_month_day_near_weighs_the_tense():
    a = D("2024-12-02")
    assert cal.month_day_near(a, 11, 27, "past") == D("2024-11-27")
    assert cal.month_day_near(a, 11, 27, "future") == D("2024-11-27")  # 5 days back x 4 beats 360 ahead
    assert cal.month_day_near(a, 9, 1, "future") == D("2025-09-01")    # 92 x 4 back loses to 273 ahead
    assert cal.month_day_near(a, 12, 20, "past") == D("2024-12-20")    # 18 days ahead beats 347 back
    assert cal.month_day_near(a, 6, 1, "past") == D("2024-06-01")
    assert cal.month_day_near(a, 2, 29, None) == D("2024-02-29")       # the only leap day near


def test_quarter_and_season_years():
    oct_ = D("1989-10-26")
    assert cal.quarter_near(oct_, 3, "future") == 1989   # results for the quarter just ended
    assert cal.quarter_near(oct_, 1, "future") == 1990
    assert cal.quarter_near(oct_, 1, "past") == 1989
    assert cal.season_near(oct_, "FA", "last", None) == 1988
    assert cal.season_near(oct_, "SU", "last", None) == 1989
    assert cal.season_near(D("2024-01-15"), "WI", "this", None) == 2023
    assert cal.season_near(oct_, "SP", "next", None) == 1990


def test_holidays():
    assert cal.easter(2024) == D("2024-03-31")
    assert cal.easter(2000) == D("2000-04-23")
    assert cal.holiday("Thanksgiving Day", 1999) == D("1999-11-25")
    assert cal.holiday("Election Day", 1998) == D("1998-11-03")
    assert cal.holiday("Memorial Day", 2024) == D("2024-05-27")
    assert cal.holiday("Eid al-Fitr", 2024) is None
    assert cal.holiday_near(D("2024-12-02"), "Christmas", "last", None) == D("2023-12-25")


@pytest.mark.parametrize("words,number", [
    ("24", 24), ("twenty-four", 24), ("twenty four", 24), ("a", 1), ("an", 1), ("5 1/2", 5.5),
    ("one and a half", 1.5), ("a dozen", 12), ("several", None), ("a few", None), ("2.5", 2.5),
])
def test_parse_number(words, number):
    assert parse_number(words) == number


@pytest.mark.parametrize("sentence,expr,tense", [
    ("The minister said on Monday that talks failed.", "Monday", "past"),
    ("Talks will resume on Monday, the minister said.", "Monday", "future"),
    ("On Monday, the minister said talks failed.", "Monday", "past"),
    ("The vote is scheduled for Monday.", "Monday", "future"),
    ("Elections will be held on March 3.", "March 3", "future"),
    ("He has been detained since Monday.", "Monday", "past"),
    ("The team planned to leave on Thursday.", "Thursday", "future"),
    ("He could come as soon as Tuesday.", "Tuesday", "future"),
    ("The leaders meet on Friday.", "Friday", None),
])
def test_tense_from_text(sentence, expr, tense):
    i = sentence.index(expr)
    assert tense_from_text(sentence, i, i + len(expr)) == tense


def _doc(words, tags, pos, heads, deps, lemmas):
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    return Doc(Vocab(), words=words, tags=tags, pos=pos, heads=heads, deps=deps, lemmas=lemmas)


def test_tense_from_a_hand_built_parse():
    # "The council will meet on Thursday ."
    doc = _doc(["The", "council", "will", "meet", "on", "Thursday", "."],
               ["DT", "NN", "MD", "VB", "IN", "NNP", "."],
               ["DET", "NOUN", "AUX", "VERB", "ADP", "PROPN", "PUNCT"],
               [1, 3, 3, 3, 3, 4, 3], ["det", "nsubj", "aux", "ROOT", "prep", "pobj", "punct"],
               ["the", "council", "will", "meet", "on", "Thursday", "."])
    start = doc.text.index("Thursday")
    assert tense_from_doc(doc, start, start + 8) == "future"
    # "Rebels entered the town on Thursday ."
    doc = _doc(["Rebels", "entered", "the", "town", "on", "Thursday", "."],
               ["NNS", "VBD", "DT", "NN", "IN", "NNP", "."],
               ["NOUN", "VERB", "DET", "NOUN", "ADP", "PROPN", "PUNCT"],
               [1, 1, 3, 1, 1, 4, 1], ["nsubj", "ROOT", "det", "dobj", "prep", "pobj", "punct"],
               ["rebel", "enter", "the", "town", "on", "Thursday", "."])
    start = doc.text.index("Thursday")
    assert tense_from_doc(doc, start, start + 8) == "past"
    # "Talks are expected to resume Friday ." : the infinitive takes its governor's future
    doc = _doc(["Talks", "are", "expected", "to", "resume", "Friday", "."],
               ["NNS", "VBP", "VBN", "TO", "VB", "NNP", "."],
               ["NOUN", "AUX", "VERB", "PART", "VERB", "PROPN", "PUNCT"],
               [2, 2, 2, 4, 2, 4, 2], ["nsubjpass", "auxpass", "ROOT", "aux", "xcomp", "npadvmod", "punct"],
               ["talk", "be", "expect", "to", "resume", "Friday", "."])
    start = doc.text.index("Friday")
    assert tense_from_doc(doc, start, start + 6) == "future"


def test_find_times_uses_the_doc_tense():
    from sitrep.nlp.times import find_times

    doc = _doc(["The", "council", "will", "meet", "on", "Thursday", "."],
               ["DT", "NN", "MD", "VB", "IN", "NNP", "."],
               ["DET", "NOUN", "AUX", "VERB", "ADP", "PROPN", "PUNCT"],
               [1, 3, 3, 3, 3, 4, 3], ["det", "nsubj", "aux", "ROOT", "prep", "pobj", "punct"],
               ["the", "council", "will", "meet", "on", "Thursday", "."])
    found = find_times(doc.text, D("2024-12-02"), doc=doc)
    assert [(m.text, m.value) for m in found] == [("Thursday", "2024-12-05")]
