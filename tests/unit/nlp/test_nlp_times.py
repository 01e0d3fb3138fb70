"""Time expressions: hand-built sentences for every rule of issue 4 part 4.

The anchor is Monday 2 December 2024 unless a test says otherwise; every
test asserts the interval (earliest, latest) and precision, not only the
value. No model is loaded (tense comes from marker words).
"""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.nlp.times import TimeMention, find_times, split_sentences

from sitrep.nlp.testing import check_time as check, iso_date as d, one_time

MON = date(2024, 12, 2)   # Monday 2 December 2024


def one(text: str, anchor: date | None = MON, **kw) -> TimeMention:
    return one_time(text, anchor, **kw)




# -- the examples of the issue ----------------------------------------------

def test_late_on_sunday_is_the_sunday_before_the_report():
    m = one("Shelling resumed late on Sunday in the north.")
    check(m, "late on Sunday", "2024-12-01", "2024-12-01", "2024-12-01", "day")
    assert m.mod == "END" and m.anchored


def test_past_tense_weekday_is_the_most_recent_not_after_the_anchor():
    check(one("The minister said on Monday that talks had failed."), "Monday", "2024-12-02", "2024-12-02",
          "2024-12-02", "day")
    check(one("Rebels entered the town on Thursday."), "Thursday", "2024-11-28", "2024-11-28", "2024-11-28", "day")


def test_future_tense_weekday_is_the_next_one():
    check(one("The council will meet on Thursday."), "Thursday", "2024-12-05", "2024-12-05", "2024-12-05", "day")
    check(one("Talks are expected to resume on Friday."), "Friday", "2024-12-06", "2024-12-06", "2024-12-06", "day")
    check(one("The team planned to leave on Wednesday."), "Wednesday", "2024-12-04", "2024-12-04", "2024-12-04",
          "day")
    check(one("He could arrive as early as Tuesday."), "Tuesday", "2024-12-03", "2024-12-03", "2024-12-03", "day")


def test_future_weekday_on_the_anchor_day_is_that_day():
    check(one("The council will meet on Monday."), "Monday", "2024-12-02", "2024-12-02", "2024-12-02", "day")


def test_tense_after_the_expression_when_nothing_before_it():
    check(one("On Friday, the army said it had withdrawn."), "Friday", "2024-11-29", "2024-11-29", "2024-11-29",
          "day")


def test_last_and_next_weekday_are_strict():
    check(one("It happened last Monday."), "last Monday", "2024-11-25", "2024-11-25", "2024-11-25", "day")
    check(one("It will happen next Monday."), "next Monday", "2024-12-09", "2024-12-09", "2024-12-09", "day")


def test_saturday_alone():
    check(one("Saturday was calm."), "Saturday", "2024-11-30", "2024-11-30", "2024-11-30", "day")


def test_possessive_weekday_is_past_and_outside_the_span():
    m = one("Lawyers will appeal Wednesday's ruling.")
    check(m, "Wednesday", "2024-11-27", "2024-11-27", "2024-11-27", "day")


def test_overnight_is_the_night_before_the_anchor():
    m = one("Air strikes hit the city overnight, residents said.")
    check(m, "overnight", "2024-12-01TNI", "2024-12-01", "2024-12-02", "day", "TIME")


def test_weekday_night_runs_into_the_next_day():
    m = one("The bomb exploded on Sunday night.")
    check(m, "Sunday night", "2024-12-01TNI", "2024-12-01", "2024-12-02", "day", "TIME")


def test_last_week_is_an_iso_week():
    check(one("Fighting intensified last week."), "last week", "2024-W48", "2024-11-25", "2024-12-01", "week")
    check(one("Talks continue this week."), "this week", "2024-W49", "2024-12-02", "2024-12-08", "week")
    check(one("Talks resume next week."), "next week", "2024-W50", "2024-12-09", "2024-12-15", "week")


def test_early_next_week():
    m = one("A vote is due early next week.")
    check(m, "early next week", "2024-W50", "2024-12-09", "2024-12-11", "week")
    assert m.mod == "START"


def test_mid_october_is_the_middle_third_of_the_month():
    m = one("The offensive began in mid-October.")
    check(m, "mid-October", "2024-10", "2024-10-11", "2024-10-20", "month")
    assert m.mod == "MID"


def test_early_mid_late_of_years_and_weeks():
    check(one("It began in early 2023."), "early 2023", "2023", "2023-01-01", "2023-04-30", "year")
    check(one("It began in mid-2023."), "mid-2023", "2023", "2023-05-01", "2023-08-31", "year")
    check(one("It ended late last week."), "late last week", "2024-W48", "2024-11-28", "2024-12-01", "week")


def test_early_and_late_month():
    check(one("It began in early March 2023."), "early March 2023", "2023-03", "2023-03-01", "2023-03-10", "month")
    check(one("It ended in late February 2024."), "late February 2024", "2024-02", "2024-02-21", "2024-02-29",
          "month")


def test_since_2011_runs_to_the_anchor():
    m = one("The war has killed thousands since 2011.")
    check(m, "since 2011", "2011", "2011-01-01", "2024-12-02", "year")
    assert m.mod == "ON_OR_AFTER"


def test_from_until_range_is_one_interval():
    m = one("He served as governor from 2012 until 2016.")
    check(m, "from 2012 until 2016", "2012/2016", "2012-01-01", "2016-12-31", "year")


def test_between_and_range():
    m = one("Prices rose between March 3 and March 5.")
    check(m, "between March 3 and March 5", "2024-03-03/2024-03-05", "2024-03-03", "2024-03-05", "day")


def test_day_range_in_one_month():
    m = one("The summit was held on Nov. 27-28.")
    check(m, "Nov. 27-28", "2024-11-27/2024-11-28", "2024-11-27", "2024-11-28", "day")


def test_month_day_year_is_inferred_past():
    check(one("Rebels seized the town on November 27."), "November 27", "2024-11-27", "2024-11-27", "2024-11-27",
          "day")


def test_month_day_across_the_new_year():
    # a past-tense report of 3 January about 30 December: last year
    check(one("The attack came on December 30.", date(2025, 1, 3)), "December 30", "2024-12-30", "2024-12-30",
          "2024-12-30", "day")
    # a deadline a week ahead, in a past-tense sentence: the coming one
    check(one("The court ruled the boy must return by Jan. 14.", date(2000, 1, 6)), "Jan. 14", "2000-01-14",
          "2000-01-14", "2000-01-14", "day")


def test_month_day_future_tense():
    check(one("Elections will be held on March 3."), "March 3", "2025-03-03", "2025-03-03", "2025-03-03", "day")


def test_explicit_dates_are_not_anchored():
    for text, span in [("It was signed on Dec. 2, 2024.", "Dec. 2, 2024"),
                       ("It was signed on 2 December 2024.", "2 December 2024"),
                       ("It was signed on December 2, 2024.", "December 2, 2024"),
                       ("It was signed on 2024-12-02.", "2024-12-02")]:
        m = one(text, None)
        check(m, span, "2024-12-02", "2024-12-02", "2024-12-02", "day")
        assert not m.anchored


def test_on_december_2_and_late_december_3():
    check(one("The convoy arrived on December 2."), "December 2", "2024-12-02", "2024-12-02", "2024-12-02", "day")
    m = one("The convoy left late December 3, 2023.")
    check(m, "late December 3, 2023", "2023-12-03", "2023-12-03", "2023-12-03", "day")
    assert m.mod == "END"


def test_weekday_with_date_picks_the_year():
    check(one("On Monday, Dec. 2, the border reopened."), "Monday, Dec. 2", "2024-12-02", "2024-12-02",
          "2024-12-02", "day")


def test_this_year_and_in_2011():
    check(one("Prices doubled this year."), "this year", "2024", "2024-01-01", "2024-12-31", "year")
    m = one("The uprising began in 2011.")
    check(m, "2011", "2011", "2011-01-01", "2011-12-31", "year")
    assert not m.anchored
    check(one("Output fell last year."), "last year", "2023", "2023-01-01", "2023-12-31", "year")


def test_earlier_this_year_stops_at_the_anchor():
    m = one("He resigned earlier this year.")
    check(m, "earlier this year", "2024", "2024-01-01", "2024-12-02", "year")


def test_days_ago_is_a_vague_past_interval():
    m = one("The town fell days ago.")
    check(m, "days ago", "PAST_REF", "2024-11-23", "2024-11-30", None)


def test_counted_ago_has_the_unit_granularity():
    check(one("He was arrested two days ago."), "two days ago", "2024-11-30", "2024-11-30", "2024-11-30", "day")
    check(one("He was arrested two weeks ago."), "two weeks ago", "2024-W47", "2024-11-18", "2024-11-24", "week")
    check(one("He was arrested three months ago."), "three months ago", "2024-09", "2024-09-01", "2024-09-30",
          "month")
    check(one("He was arrested 41 years ago."), "41 years ago", "1983", "1983-01-01", "1983-12-31", "year")


def test_a_decade_ago_is_widened():
    check(one("It was built a decade ago."), "a decade ago", "2014", "2013-01-01", "2015-12-31", "year")


def test_yesterday_today_tomorrow():
    check(one("Troops withdrew yesterday."), "yesterday", "2024-12-01", "2024-12-01", "2024-12-01", "day")
    check(one("Troops withdrew today."), "today", "2024-12-02", "2024-12-02", "2024-12-02", "day")
    check(one("Troops withdraw tomorrow."), "tomorrow", "2024-12-03", "2024-12-03", "2024-12-03", "day")
    check(one("He spoke last night."), "last night", "2024-12-01TNI", "2024-12-01", "2024-12-02", "day", "TIME")


def test_the_fourth_consecutive_day_is_not_a_date():
    m = one("Protests continued for the fourth consecutive day.")
    check(m, "the fourth consecutive day", "P4D", None, None, None, "DURATION")


def test_day_is_not_today():
    assert find_times("The day was long and hot.", MON) == []


def test_the_next_day_counts_from_the_last_date():
    found = find_times("The ceasefire was signed on November 20. The next day, shelling resumed.", MON)
    assert [(m.text, m.value) for m in found] == [("November 20", "2024-11-20"), ("The next day", "2024-11-21")]


def test_two_days_later_counts_from_the_last_date():
    found = find_times("Talks opened on November 20. Two days later they collapsed.", MON)
    assert found[1].value == "2024-11-22" and found[1].earliest == d("2024-11-22")


def test_quarters():
    check(one("Profit rose in the third quarter."), "the third quarter", "2024-Q3", "2024-07-01", "2024-09-30",
          "quarter")
    check(one("Third-quarter profit rose."), "Third-quarter", "2024-Q3", "2024-07-01", "2024-09-30", "quarter")
    check(one("Sales fell in the first quarter of 2023."), "the first quarter of 2023", "2023-Q1", "2023-01-01",
          "2023-03-31", "quarter")


def test_a_year_earlier_in_an_earnings_sentence_is_a_quarter():
    found = find_times("Third-quarter profit rose to $5 million from $4 million a year earlier.", MON)
    assert [(m.text, m.value) for m in found] == [("Third-quarter", "2024-Q3"), ("a year earlier", "2023-Q3")]
    assert found[1].earliest == d("2023-07-01") and found[1].latest == d("2023-09-30")


def test_half_season_decade_century():
    check(one("Growth slowed in the first half of 2023."), "the first half of 2023", "2023-H1", "2023-01-01",
          "2023-06-30", "half")
    check(one("The dam was finished last summer."), "last summer", "2024-SU", "2024-06-01", "2024-08-31",
          "season")
    check(one("It was popular in the 1990s."), "the 1990s", "199", "1990-01-01", "1999-12-31", "decade")
    m = one("It was popular in the late 1990s.")
    check(m, "the late 1990s", "199", "1997-01-01", "1999-12-31", "decade")
    check(one("It dates from the 20th century."), "the 20th century", "19", "1900-01-01", "1999-12-31", "century")


def test_winter_with_a_year_takes_both_readings():
    check(one("Heavy snow fell in winter 2024."), "winter 2024", "2024-WI", "2023-12-01", "2025-02-28", "season")


def test_month_name_alone():
    check(one("The siege began in October."), "October", "2024-10", "2024-10-01", "2024-10-31", "month")
    check(one("The talks will resume in January."), "January", "2025-01", "2025-01-01", "2025-01-31", "month")
    check(one("Prices rose last month."), "last month", "2024-11", "2024-11-01", "2024-11-30", "month")


def test_may_the_name_is_not_a_month():
    assert find_times("Theresa May said the vote may happen.", MON) == []
    check(one("It happened in May."), "May", "2024-05", "2024-05-01", "2024-05-31", "month")


def test_clock_times():
    m = one("The blast hit at 6 a.m. Tuesday.", date(2024, 12, 4))
    check(m, "6 a.m. Tuesday", "2024-12-03T06:00", "2024-12-03", "2024-12-03", "day", "TIME")
    m = one("The blast hit at 14:30 GMT.")
    check(m, "14:30 GMT", "2024-12-02T14:30", "2024-12-02", "2024-12-02", "day", "TIME")


def test_durations():
    check(one("The siege lasted two weeks."), "two weeks", "P2W", None, None, None, "DURATION")
    check(one("The talks lasted 5 1/2 hours."), "5 1/2 hours", "PT5H30M", None, None, None, "DURATION")
    m = one("Clashes lasted more than four hours.")
    check(m, "more than four hours", "PT4H", None, None, None, "DURATION")
    assert m.mod == "MORE_THAN"
    check(one("It was a five-year low."), "five-year", "P5Y", None, None, None, "DURATION")
    check(one("It went on for several years."), "several years", "PXY", None, None, None, "DURATION")


def test_the_past_n_units_is_anchored():
    m = one("At least 200 people died over the past two weeks.")
    check(m, "the past two weeks", "P2W", "2024-11-18", "2024-12-02", None, "DURATION")
    assert m.anchored


def test_ages_and_rates_are_not_times():
    assert find_times("A 50-year-old man and his 6-year-old son were hurt.", MON) == []
    assert find_times("The man, 52 years old, was hurt.", MON) == []
    assert find_times("It will save $2 million a year.", MON) == []


def test_sets():
    check(one("Flights run daily."), "daily", "P1D", None, None, None, "SET")
    check(one("They meet every Monday."), "every Monday", "XXXX-WXX-1", None, None, None, "SET")


def test_references():
    check(one("The town is now under siege."), "now", "PRESENT_REF", "2024-12-02", "2024-12-02", None)
    check(one("The town recently fell."), "recently", "PAST_REF", None, "2024-12-02", None)
    check(one("Talks may resume in the near future."), "the near future", "FUTURE_REF", "2024-12-02", None, None)


def test_holidays():
    check(one("Shops closed on Christmas Day.", date(2024, 12, 27)), "Christmas Day", "2024-12-25", "2024-12-25",
          "2024-12-25", "day")
    check(one("They met on Thanksgiving Day."), "Thanksgiving Day", "2024-11-28", "2024-11-28", "2024-11-28", "day")


def test_spelled_years_and_year_end():
    check(one("It was built in nineteen ninety-six."), "nineteen ninety-six", "1996", "1996-01-01", "1996-12-31",
          "year")
    m = one("The plant will close by year-end.")
    check(m, "year-end", "2024", "2024-09-01", "2024-12-31", "year")
    assert m.mod == "END"


def test_without_an_anchor_relative_values_are_unknown():
    m = one("Rebels seized the town on November 27.", None)
    assert m.value == "XXXX-11-27" and m.earliest is None and m.anchored
    assert find_times("Fighting intensified last week.", None) == []
    m = one("The uprising began in 2011.", None)
    assert m.value == "2011" and m.earliest == d("2011-01-01")


def test_default_tense_argument():
    text = "The leaders meet on Friday."  # present tense: no marker
    assert one(text).value == "2024-11-29"
    assert one(text, tense="future").value == "2024-12-06"
    with pytest.raises(ValueError):
        find_times(text, MON, tense="soon")


def test_spans_index_the_text_given():
    text = "NICOSIA, Dec 2 (Reuters) - Fighting raged overnight and resumed on Monday, a monitor said."
    found = find_times(text, MON)
    assert [m.text for m in found] == ["Dec 2", "overnight", "Monday"]
    for m in found:
        assert text[m.start:m.end] == m.text


def test_split_sentences_keeps_abbreviations():
    text = "It began on Dec. 2 in the U.S. capital. Then it spread."
    assert [text[s:e] for s, e in split_sentences(text)] == ["It began on Dec. 2 in the U.S. capital.",
                                                              "Then it spread."]


def test_as_dict_is_json_ready():
    m = one("Shelling resumed late on Sunday.")
    assert m.as_dict() == {"start": 17, "end": 31, "text": "late on Sunday", "type": "DATE", "value": "2024-12-01",
                           "earliest": "2024-12-01", "latest": "2024-12-01", "precision": "day", "anchored": True,
                           "mod": "END"}
