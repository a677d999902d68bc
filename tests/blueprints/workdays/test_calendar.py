"""Every deadline computation of the Algemene termijnenwet, on a calendar with known decreed days.

Pure computations (no database): weekends, each legal holiday of art. 3, decreed days, terms in
working days and in weeks, and the explanation that lists the skipped days.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from blueprints.workdays.calendar import Deadline, SkippedDay, WorkingDayCalendar
from blueprints.workdays.dates import format_day
from blueprints.workdays.holidays import easter_sunday, kingsday, legal_holidays

#: The decree for 2026–2028 (workdays/demo.py) as the calendar would read it from the table.
DECREED = {
    date(2026, 1, 2): "vrijdag na Nieuwjaarsdag",
    date(2026, 5, 15): "vrijdag na Hemelvaartsdag",
    date(2027, 5, 7): "vrijdag na Hemelvaartsdag",
    date(2028, 4, 28): "vrijdag na Koningsdag",
    date(2028, 5, 26): "vrijdag na Hemelvaartsdag",
}
cal = WorkingDayCalendar(DECREED)
plain = WorkingDayCalendar()


def skipped(deadline: Deadline) -> list[tuple[date, str]]:
    return [(s.day, s.reason) for s in deadline.skipped]


# --- the example of the issue -------------------------------------------------------------

def test_received_thursday_30_april_2026_plus_3_working_days_is_wednesday_6_may() -> None:
    d = cal.add_working_days(date(2026, 4, 30), 3)
    assert d.due_on == date(2026, 5, 6)
    assert d.due_on.weekday() == 2  # Wednesday
    assert skipped(d) == [
        (date(2026, 5, 2), "zaterdag"),
        (date(2026, 5, 3), "zondag"),
        (date(2026, 5, 5), "Bevrijdingsdag (5 mei)"),
    ]


def test_counting_starts_the_day_after_receipt() -> None:
    # Monday 9 March 2026: +1 is Tuesday, +0 is the day itself.
    assert cal.add_working_days(date(2026, 3, 9), 1).due_on == date(2026, 3, 10)
    assert cal.add_working_days(date(2026, 3, 9), 0).due_on == date(2026, 3, 9)
    assert cal.add_working_days(date(2026, 3, 9), 5).due_on == date(2026, 3, 16)


def test_receipt_on_a_non_working_day_counts_from_the_next_working_day() -> None:
    # Received Saturday 7 March 2026: Monday is day 1.
    d = cal.add_working_days(date(2026, 3, 7), 1)
    assert d.due_on == date(2026, 3, 9)
    assert skipped(d) == [(date(2026, 3, 8), "zondag")]


def test_negative_terms_are_refused() -> None:
    with pytest.raises(ValueError):
        cal.add_working_days(date(2026, 3, 9), -1)
    with pytest.raises(ValueError):
        cal.add_weeks(date(2026, 3, 9), -1)


# --- weekends ------------------------------------------------------------------------------

def test_weekends_are_skipped() -> None:
    d = cal.add_working_days(date(2026, 3, 12), 3)  # Thursday
    assert d.due_on == date(2026, 3, 17)  # Fri, (Sat, Sun), Mon, Tue
    assert skipped(d) == [(date(2026, 3, 14), "zaterdag"), (date(2026, 3, 15), "zondag")]


def test_a_long_term_skips_every_weekend() -> None:
    d = plain.add_working_days(date(2026, 9, 7), 10)  # Monday, no holidays in September
    assert d.due_on == date(2026, 9, 21)
    assert len(d.skipped) == 4


# --- each legal holiday of art. 3 Atw ------------------------------------------------------

@pytest.mark.parametrize(
    ("year", "expected"),
    [(2024, date(2024, 3, 31)), (2025, date(2025, 4, 20)), (2026, date(2026, 4, 5)),
     (2027, date(2027, 3, 28)), (2028, date(2028, 4, 16)), (2038, date(2038, 4, 25)),
     (2285, date(2285, 3, 22))],
)
def test_easter_sunday(year: int, expected: date) -> None:
    assert easter_sunday(year) == expected


@pytest.mark.parametrize(
    ("start", "holiday", "name", "due"),
    [
        # Thursday 31 Dec 2026 + 1: Fri 1 Jan 2027 is Nieuwjaarsdag → Mon 4 Jan.
        (date(2026, 12, 31), date(2027, 1, 1), "Nieuwjaarsdag", date(2027, 1, 4)),
        # Thursday 2 April 2026 + 1: Goede Vrijdag 3 April, weekend, Tweede Paasdag 6 April → Tue 7.
        (date(2026, 4, 2), date(2026, 4, 3), "Goede Vrijdag", date(2026, 4, 7)),
        (date(2026, 4, 2), date(2026, 4, 6), "Tweede Paasdag", date(2026, 4, 7)),
        # Friday 24 April 2026 + 1: Koningsdag Monday 27 April → Tue 28.
        (date(2026, 4, 24), date(2026, 4, 27), "Koningsdag", date(2026, 4, 28)),
        # Wednesday 13 May 2026 + 1: Hemelvaartsdag 14, decreed Friday 15, weekend → Mon 18.
        (date(2026, 5, 13), date(2026, 5, 14), "Hemelvaartsdag", date(2026, 5, 18)),
        # Friday 22 May 2026 + 1: Tweede Pinksterdag Monday 25 May → Tue 26.
        (date(2026, 5, 22), date(2026, 5, 25), "Tweede Pinksterdag", date(2026, 5, 26)),
        # Thursday 24 Dec 2026 + 1: Eerste Kerstdag Fri 25, Tweede Kerstdag Sat 26, Sun → Mon 28.
        (date(2026, 12, 24), date(2026, 12, 25), "Eerste Kerstdag", date(2026, 12, 28)),
        # Wednesday 23 Dec 2027 + 2: Thu 24 and Mon 27 count; the Christmas days fall on the weekend.
        (date(2027, 12, 23), date(2027, 12, 26), "Tweede Kerstdag", date(2027, 12, 27)),
    ],
)
def test_each_legal_holiday_is_skipped(start: date, holiday: date, name: str, due: date) -> None:
    days = 2 if start == date(2027, 12, 23) else 1
    d = cal.add_working_days(start, days)
    assert d.due_on == due
    assert (holiday, name) in skipped(d)
    assert legal_holidays(holiday.year)[holiday] == name


def test_second_christmas_day_on_a_weekday_is_skipped() -> None:
    # Thursday 24 Dec 2025 + 1: 25 and 26 Dec (Thu, Fri) are both holidays, weekend → Mon 29.
    d = plain.add_working_days(date(2025, 12, 24), 1)
    assert d.due_on == date(2025, 12, 29)
    assert skipped(d)[:2] == [(date(2025, 12, 25), "Eerste Kerstdag"), (date(2025, 12, 26), "Tweede Kerstdag")]


def test_kingsday_moves_to_26_april_when_27_april_is_a_sunday() -> None:
    assert date(2025, 4, 27).weekday() == 6
    assert kingsday(2025) == date(2025, 4, 26)  # a Saturday: no extra working day lost
    assert date(2031, 4, 27).weekday() == 6
    assert kingsday(2031) == date(2031, 4, 26)
    assert legal_holidays(2031)[date(2031, 4, 26)] == "Koningsdag"
    assert date(2031, 4, 27) not in legal_holidays(2031)
    assert kingsday(2026) == date(2026, 4, 27)


def test_kingsday_on_saturday_26_april_is_not_made_up_on_monday() -> None:
    # 2025: Koningsdag Saturday 26 April; Monday 28 April is an ordinary working day.
    d = plain.add_working_days(date(2025, 4, 25), 1)
    assert d.due_on == date(2025, 4, 28)
    assert skipped(d) == [(date(2025, 4, 26), "Koningsdag"), (date(2025, 4, 27), "zondag")]


@pytest.mark.parametrize("year", [2025, 2026, 2027, 2028, 2029, 2030])
def test_5_may_counts_every_year_not_only_lustrum_years(year: int) -> None:
    may5 = date(year, 5, 5)
    assert legal_holidays(year)[may5].startswith("Bevrijdingsdag")
    assert not plain.is_working_day(may5)


def test_5_may_in_a_non_lustrum_year_is_skipped() -> None:
    # 2026 is no lustrum year (2025 and 2030 are): Tuesday 5 May 2026 still is no working day.
    d = plain.add_working_days(date(2026, 5, 4), 1)
    assert d.due_on == date(2026, 5, 6)
    assert skipped(d) == [(date(2026, 5, 5), "Bevrijdingsdag (5 mei)")]


def test_hemelvaartsdag_on_5_may_is_one_day_with_both_names() -> None:
    assert legal_holidays(2016)[date(2016, 5, 5)] == "Bevrijdingsdag (5 mei) en Hemelvaartsdag"


def test_a_year_has_exactly_the_atw_holidays() -> None:
    assert list(legal_holidays(2026).values()) == [
        "Nieuwjaarsdag", "Goede Vrijdag", "Tweede Paasdag", "Koningsdag", "Bevrijdingsdag (5 mei)",
        "Hemelvaartsdag", "Tweede Pinksterdag", "Eerste Kerstdag", "Tweede Kerstdag",
    ]
    # Easter Monday and Whit Monday, not the Sundays; no Carnival, no Good Friday's eve.
    assert date(2026, 4, 5) not in legal_holidays(2026)
    assert date(2026, 5, 24) not in legal_holidays(2026)


# --- decreed days ----------------------------------------------------------------------------

def test_decreed_bridge_day_after_hemelvaartsdag_is_skipped() -> None:
    d = cal.add_working_days(date(2026, 5, 13), 1)
    assert skipped(d) == [
        (date(2026, 5, 14), "Hemelvaartsdag"),
        (date(2026, 5, 15), "vrijdag na Hemelvaartsdag"),
        (date(2026, 5, 16), "zaterdag"),
        (date(2026, 5, 17), "zondag"),
    ]
    # Without the decree, Friday 15 May would have been the deadline.
    assert plain.add_working_days(date(2026, 5, 13), 1).due_on == date(2026, 5, 15)


def test_decreed_day_after_new_year_and_after_kingsday() -> None:
    assert cal.add_working_days(date(2025, 12, 31), 1).due_on == date(2026, 1, 5)
    assert plain.add_working_days(date(2025, 12, 31), 1).due_on == date(2026, 1, 2)
    assert not cal.is_working_day(date(2028, 4, 28))
    assert cal.non_working_reason(date(2028, 4, 28)) == "vrijdag na Koningsdag"


def test_non_working_days_of_a_year_lists_holidays_and_decreed_days() -> None:
    days = cal.non_working_days(2026)
    assert [s.day for s in days] == sorted(s.day for s in days)
    assert SkippedDay(date(2026, 1, 2), "vrijdag na Nieuwjaarsdag") in days
    assert len(days) == 9 + 2


# --- terms in weeks ----------------------------------------------------------------------------

def test_weeks_ending_on_a_working_day_are_not_moved() -> None:
    d = cal.add_weeks(date(2026, 3, 9), 2)
    assert d.due_on == date(2026, 3, 23)
    assert d.skipped == ()
    assert "Er zijn geen dagen overgeslagen." in d.explanation


def test_weeks_ending_on_a_saturday_move_to_monday() -> None:
    d = cal.add_weeks(date(2026, 3, 7), 2)  # Saturday
    assert d.due_on == date(2026, 3, 23)
    assert skipped(d) == [(date(2026, 3, 21), "zaterdag"), (date(2026, 3, 22), "zondag")]


def test_weeks_ending_on_a_holiday_move_past_it_and_the_decreed_day() -> None:
    # 8 weeks after Thursday 19 March 2026 is Hemelvaartsdag 14 May; Friday 15 is decreed.
    d = cal.add_weeks(date(2026, 3, 19), 8)
    assert d.due_on == date(2026, 5, 18)
    assert skipped(d) == [
        (date(2026, 5, 14), "Hemelvaartsdag"), (date(2026, 5, 15), "vrijdag na Hemelvaartsdag"),
        (date(2026, 5, 16), "zaterdag"), (date(2026, 5, 17), "zondag"),
    ]
    assert "art. 1 Algemene termijnenwet" in d.explanation


def test_weeks_ending_on_5_may_move_to_6_may() -> None:
    d = cal.add_weeks(date(2026, 4, 21), 2)
    assert d.due_on == date(2026, 5, 6)
    assert skipped(d) == [(date(2026, 5, 5), "Bevrijdingsdag (5 mei)")]


def test_weeks_do_not_skip_holidays_inside_the_term() -> None:
    # Atw art. 1 extends only a term that ends on a day off: holidays inside it still count.
    d = cal.add_weeks(date(2026, 4, 1), 2)
    assert d.due_on == date(2026, 4, 15)
    assert d.skipped == ()


# --- the deadline itself -------------------------------------------------------------------------

def test_overdue_is_computed_when_read_and_the_due_day_itself_is_in_time() -> None:
    d = cal.add_working_days(date(2026, 4, 30), 3)
    assert not d.is_overdue(date(2026, 5, 5))
    assert not d.is_overdue(date(2026, 5, 6))
    assert d.is_overdue(date(2026, 5, 7))
    assert d.days_overdue(date(2026, 5, 9)) == 3
    assert d.days_overdue(date(2026, 5, 1)) == 0


def test_explanation_names_every_skipped_day_with_its_reason() -> None:
    d = cal.add_working_days(date(2026, 4, 30), 3)
    assert d.explanation == (
        "Termijn van 3 werkdagen, geteld vanaf de dag na donderdag 30 april 2026: uiterlijk "
        "woensdag 6 mei 2026. Niet meegeteld: zaterdag 2 mei 2026 (zaterdag), zondag 3 mei 2026 "
        "(zondag), dinsdag 5 mei 2026 (Bevrijdingsdag (5 mei))."
    )
    assert cal.add_weeks(date(2026, 3, 9), 1).term_label == "1 week"
    assert cal.add_working_days(date(2026, 3, 9), 1).term_label == "1 werkdag"


def test_dutch_dates_do_not_depend_on_the_locale() -> None:
    assert format_day(date(2026, 5, 6)) == "woensdag 6 mei 2026"
    assert format_day(date(2026, 5, 6) + timedelta(days=4)) == "zondag 10 mei 2026"


def test_deadline_as_json_for_the_apis_of_other_slices() -> None:
    from blueprints.workdays.schemas import DeadlineOut, deadline_out

    d = cal.add_working_days(date(2026, 4, 30), 3)
    data = DeadlineOut().dump(deadline_out(d, date(2026, 5, 7)))
    assert data["due_on"] == "2026-05-06" and data["unit"] == "werkdagen" and data["term"] == 3
    assert data["skipped"][2] == {"day": "2026-05-05", "reason": "Bevrijdingsdag (5 mei)"}
    assert data["is_overdue"] is True and data["days_overdue"] == 1
    assert data["explanation"] == d.explanation
