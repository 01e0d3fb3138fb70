from datetime import date

import pytest

from sitrep.clean.dates import find_dates, is_date_only, weekday_mentions


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Dec. 01, 2024 • 3 min read", date(2024, 12, 1)),
        ("December 2, 2024", date(2024, 12, 2)),
        ("Published December 3, 2024 Updated December 4, 2024 10:25am", date(2024, 12, 3)),
        ("Published in The Courier, December 3rd, 2024", date(2024, 12, 3)),
        ("03 Dec, 2024", date(2024, 12, 3)),
        ("on the 1st of March 2023 the talks began", date(2023, 3, 1)),
        ("Sept 9 2022", date(2022, 9, 9)),
        ("posted 2025-11-04T09:10:00Z", date(2025, 11, 4)),
    ],
)
def test_first_date_in_common_forms(text, expected):
    assert find_dates(text)[0].value == expected


def test_impossible_dates_are_ignored():
    assert find_dates("February 30, 2024") == []
    assert find_dates("2024-13-01") == []


def test_all_dates_in_order_without_overlap():
    found = find_dates("Between Nov 30, 2024 and 2024-12-02 and 5 January 2025.")
    assert [d.value for d in found] == [date(2024, 11, 30), date(2024, 12, 2), date(2025, 1, 5)]


def test_date_only_lines():
    assert is_date_only("Updated 02 Dec, 2024")
    assert is_date_only("Nov. 04, 2025 • 4 min read")
    assert not is_date_only("The ceasefire signed on December 2, 2024 collapsed within hours.")
    assert not is_date_only("No date here")


def test_weekday_mentions():
    assert weekday_mentions("crossed late on Sunday and met on Monday; by Friday") == ["sunday", "monday", "friday"]
    assert weekday_mentions("Sundays are quiet") == []


def test_numeric_dates_only_when_unambiguous():
    assert find_dates("Wednesday 05/11/2025 18:32")[0].value == date(2025, 11, 5)  # a Wednesday; 11 May was a Sunday
    assert find_dates("Sunday 05/11/2025")[0].value == date(2025, 5, 11)
    assert find_dates("25/12/2024")[0].value == date(2024, 12, 25)  # 25 cannot be a month
    assert find_dates("05/11/2025") == []  # either order possible, nothing to decide
    assert find_dates("07/07/2025")[0].value == date(2025, 7, 7)


def test_letters_ignorecase_equates_with_ascii_are_looked_up():
    # re.IGNORECASE matches "ſ" (long s) as "s", "ı"/"İ" as "i" and the Kelvin sign as "k";
    # the lexicon lookup must fold them too instead of raising KeyError
    assert find_dates("Auguſt 3, 2024")[0].value == date(2024, 8, 3)
    assert find_dates("3 Auguſt 2024")[0].value == date(2024, 8, 3)
    assert weekday_mentions("on Tueſday and on FRİDAY") == ["tuesday", "friday"]
    assert find_dates("Wedneſday 05/11/2025")[0].value == date(2025, 11, 5)
