"""Time expressions: the rules added for TempEval-3 (hand-built sentences).

Same conventions as ``test_nlp_times.py``: the anchor is Monday 2 December
2024 unless a test says otherwise, no model is loaded, and every test
asserts the interval as well as the value.
"""

from __future__ import annotations

from datetime import date

from sitrep.nlp.timex_rules import spoken_year
from sitrep.nlp.timex_tense import tense_from_text
from sitrep.nlp.timex_values import duration_value
from sitrep.nlp.times import TimeMention, find_times, timeml_view

from sitrep.nlp.testing import check_time as check, iso_date as d, one_time

MON = date(2024, 12, 2)   # Monday 2 December 2024


def found(text: str, anchor: date | None = MON, **kw) -> list[tuple[str, str, str | None]]:
    return [(m.text, m.type, m.value) for m in find_times(text, anchor, **kw)]


def one(text: str, anchor: date | None = MON, **kw) -> TimeMention:
    return one_time(text, anchor, **kw)




# -- "the year ended March 31", "for the year" --------------------------------

def test_the_year_ended_a_date_is_a_year_long_duration():
    assert found("Net income for the year ended March 31 rose 5%.") == [
        ("the year", "DURATION", "P1Y"), ("March 31", "DATE", "2024-03-31")]
    assert found("Sales in the fiscal year ending June 30 fell.") == [
        ("the fiscal year", "DURATION", "P1Y"), ("June 30", "DATE", "2024-06-30")]
    # "year end" inside "year ended" is not a year-end
    assert ("the year end", "DATE", "2024") not in found("Profit for the year ended Aug. 31 rose.")


def test_year_end_still_found():
    m = one("The plant will close by year-end.")
    assert (m.text, m.value, m.mod) == ("year-end", "2024", "END")


def test_for_the_year_is_the_year_reported_on():
    check(one("For the year, pet food volume was flat."), "the year", "2024", "2024-01-01", "2024-12-31", "year")
    check(one("Sales for the full year were $6.6 billion."), "the full year", "2024", "2024-01-01", "2024-12-31",
          "year")
    assert found("Revenue fell through the first nine months of the year.")[-1] == ("the year", "DATE", "2024")


def test_the_year_as_subject_or_before_a_qualifier_is_not_a_time():
    assert found("The year was a hard one for farmers.") == []
    assert found("He was named man of the year by the magazine.") == []
    assert found("It was the best day of the year.") == []
    assert [t for t, _, _ in found("Sales rose from the year before.")] != ["the year"]


# -- a month or season with "this/last/next year" or a spoken year -----------

def test_month_with_relative_year_is_one_mention():
    check(one("The ratification began in February this year."), "February this year", "2024-02", "2024-02-01",
          "2024-02-29", "month")
    check(one("They will become members in April next year."), "April next year", "2025-04", "2025-04-01",
          "2025-04-30", "month")
    m = one("He was arrested in June last year.")
    check(m, "June last year", "2023-06", "2023-06-01", "2023-06-30", "month")
    assert m.anchored
    check(one("The house approved it in early October this year."), "early October this year", "2024-10",
          "2024-10-01", "2024-10-10", "month")


def test_month_day_with_relative_year():
    check(one("It was signed on March 3 last year."), "March 3 last year", "2023-03-03", "2023-03-03",
          "2023-03-03", "day")


def test_season_with_relative_year():
    check(one("It happened in the spring of last year."), "the spring of last year", "2023-SP", "2023-03-01",
          "2023-05-31", "season")


def test_spoken_years():
    assert spoken_year("nineteen ninety-four") == 1994
    assert spoken_year("nineteen hundred") == 1900
    assert spoken_year("two thousand and one") == 2001
    assert spoken_year("two thousand") == 2000
    check(one("In January nineteen ninety-seven he was freed."), "January nineteen ninety-seven", "1997-01",
          "1997-01-01", "1997-01-31", "month")
    check(one("It was the winter of nineteen ninety-four."), "the winter of nineteen ninety-four", "1994-WI",
          "1993-12-01", "1995-02-28", "season")


# -- durations ---------------------------------------------------------------

def test_a_couple_of_is_two_in_a_duration():
    check(one("It could take a couple of years."), "a couple of years", "P2Y", None, None, None, "DURATION")
    m = one("Prices will rise over the next couple of years.")
    check(m, "the next couple of years", "P2Y", "2024-12-02", "2026-12-02", None, "DURATION")


def test_and_a_half_after_the_unit():
    check(one("The shooting lasted a minute and a half."), "a minute and a half", "PT1M30S", None, None, None,
          "DURATION")
    check(one("The talks lasted two hours and a half."), "two hours and a half", "PT2H30M", None, None, None,
          "DURATION")


def test_fractional_years_are_years_and_months():
    assert duration_value(2.5, "year") == "P2Y6M"
    assert duration_value(0.5, "year") == "P6M"
    check(one("He served 2 1/2 years in prison."), "2 1/2 years", "P2Y6M", None, None, None, "DURATION")


def test_bare_plural_units_after_for_or_within():
    check(one("The tourism industry has been troubled for years."), "years", "PXY", None, None, None, "DURATION")
    check(one("Troops are expected within weeks."), "weeks", "PXW", None, None, None, "DURATION")
    check(one("He probably died within weeks or months of his capture."), "weeks or months", "PXW", None, None,
          None, "DURATION")
    check(one("The mosque dominated the skyline for centuries."), "centuries", "PXC", None, None, None,
          "DURATION")
    check(one("Growth surged for the first time in years."), "years", "PXY", None, None, None, "DURATION")


def test_bare_plural_units_elsewhere_are_not_times():
    assert found("Years of war have left the city in ruins.") == []
    assert found("In the years that followed, the rebels regrouped.") == []
    assert found("Days are short and nights are cold.") == []


# -- references to earlier mentions -----------------------------------------

def test_that_year_is_the_year_last_mentioned():
    m = find_times("He fled to Florida in June 1998 and returned later that year.", date(2000, 1, 28))[1]
    check(m, "later that year", "1998", "1998-09-01", "1998-12-31", "year")
    ms = find_times("Imports totaled $37 million in 1988, a small share of all imports that year.", MON)
    assert [(m.text, m.value) for m in ms] == [("1988", "1988"), ("that year", "1988")]


def test_that_year_without_an_earlier_year_is_the_anchor_year():
    check(one("Prices rose sharply that year."), "that year", "2024", "2024-01-01", "2024-12-31", "year")


def test_the_following_month_counts_from_the_month_last_mentioned():
    ms = find_times("The board met in March. The following month, the company put itself up for sale.", MON)
    assert [(m.text, m.value) for m in ms] == [("March", "2024-03"), ("The following month", "2024-04")]


def test_the_previous_weekday_counts_from_the_day_narrated():
    ms = find_times("The index closed at 2082.1 on Friday, Nov. 29, down 4.5% from the previous Friday.", MON)
    assert [(m.text, m.value) for m in ms] == [("Friday, Nov. 29", "2024-11-29"),
                                                ("the previous Friday", "2024-11-22")]
    ms = find_times("The deal was signed on November 20. The following Monday, it collapsed.", MON)
    assert ms[1].text == "The following Monday" and ms[1].value == "2024-11-25"


def test_the_quarter_is_not_taken_from_a_year_ago_comparison():
    ms = find_times("Profit rose in the third quarter. In the 2023 period, it fell. Sales in the quarter rose 5%.",
                    MON)
    assert [(m.text, m.value) for m in ms] == [("the third quarter", "2024-Q3"), ("the 2023 period", "2023-Q3"),
                                                ("the quarter", "2024-Q3")]


# -- "the past year" ---------------------------------------------------------

def test_the_past_year_is_the_previous_calendar_year_and_the_last_twelve_months():
    m = one("Hate groups grew over the past year.")
    check(m, "the past year", "2023", "2023-01-01", "2024-12-02", "year")
    assert m.anchored
    check(one("They lost earning power in the last decade."), "the last decade", "201", "2010-01-01", "2024-12-02",
          "decade")


def test_the_past_week_and_month_stay_durations():
    check(one("He has been in hospital for the last week."), "the last week", "P1W", "2024-11-25", "2024-12-02",
          None, "DURATION")
    check(one("Prices fell over the past month."), "the past month", "P1M", "2024-11-02", "2024-12-02", None,
          "DURATION")


# -- times of day ------------------------------------------------------------

def test_hour_in_the_morning_or_afternoon():
    check(one("The raid began at 4 in the morning."), "4 in the morning", "2024-12-02T04:00", "2024-12-02",
          "2024-12-02", "day", "TIME")
    check(one("The raid began at 3 in the afternoon."), "3 in the afternoon", "2024-12-02T15:00", "2024-12-02",
          "2024-12-02", "day", "TIME")


def test_part_of_day_before_the_day():
    check(one("In London at mid-afternoon yesterday, shares fell."), "mid-afternoon yesterday", "2024-12-01TAF",
          "2024-12-01", "2024-12-01", "day", "TIME")
    m = one("By mid afternoon, officials reported 20 dead.")
    check(m, "mid afternoon", "2024-12-02TAF", "2024-12-02", "2024-12-02", "day", "TIME")


def test_the_week_of_a_date():
    check(one("The trial was set for the week of March 6, 2023."), "the week of March 6, 2023", "2023-W10",
          "2023-03-06", "2023-03-12", "week")


# -- tense ---------------------------------------------------------------------

def test_an_adjectival_participle_is_not_a_past_tense():
    text = "The split would be paid on a still unspecified date in January."
    i = text.index("January")
    assert tense_from_text(text, i, i + len("January")) == "future"
    check(one(text, date(1989, 10, 26)), "January", "1990-01", "1990-01-01", "1990-01-31", "month")


def test_could_is_not_a_future_marker():
    m = one("His relatives could not be located Wednesday in Cardenas.", date(2000, 1, 6))
    check(m, "Wednesday", "2000-01-05", "2000-01-05", "2000-01-05", "day")


def test_now_that_is_the_present():
    check(one("Now that the talks have failed, the army is moving."), "Now", "PRESENT_REF", "2024-12-02",
          "2024-12-02", None)


# -- the TimeML view (for scoring against TimeML corpora) -------------------------

def test_timeml_view_splits_ranges_and_drops_since():
    text = "He served from 2012 until 2016 and has lived there since 2011."
    ms = find_times(text, MON)
    assert [(m.text, m.value) for m in ms] == [("from 2012 until 2016", "2012/2016"), ("since 2011", "2011")]
    view = timeml_view(ms)
    assert [(m.text, m.value) for m in view] == [("2012", "2012"), ("2016", "2016"), ("2011", "2011")]
    for m in view:
        assert text[m.start:m.end] == m.text
    assert view[2].mod == "ON_OR_AFTER" and view[2].latest == MON
    # the mentions themselves are unchanged
    assert ms[0].text == "from 2012 until 2016" and ms[0].as_dict()["value"] == "2012/2016"


# -- inputs the fuzz run found (tests/fuzz) ------------------------------------------

def test_dates_outside_the_calendar_are_dropped_not_raised():
    # datetime.date holds years 1-9999: "3000 years ago" raised ValueError, a count too big
    # for a float OverflowError; now such a mention is dropped like any unresolvable one
    assert found("The temple was built 3000 years ago.") == []
    assert found("In 10000 years from now, maybe.") == []
    assert found("It happened 99999999999 days ago.") == []
    assert found("It lasted " + "9" * 400 + " days.") == []
    check(one("It was built 2000 years ago."), "2000 years ago", "0024", "0024-01-01", "0024-12-31", "year")


def test_letters_ignorecase_equates_with_ascii_are_resolved():
    # re.IGNORECASE matches "ſ" as "s" and "İ" as "i": the lexicon lookups raised KeyError
    check(one("Talks on Auguſt 3, 2024 failed."), "Auguſt 3, 2024", "2024-08-03", "2024-08-03",
          "2024-08-03", "day")
    check(one("They met on Tueſday."), "Tueſday", "2024-11-26", "2024-11-26", "2024-11-26", "day")
    check(one("Profit in the firſt quarter rose."), "the firſt quarter", "2024-Q1", "2024-01-01",
          "2024-03-31", "quarter")
    check(one("Shelling resumed on FRİDAY night."), "FRİDAY night", "2024-11-29TNI", "2024-11-29",
          "2024-11-30", "day", type_="TIME")
