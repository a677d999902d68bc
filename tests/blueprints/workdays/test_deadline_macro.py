"""The deadline macro: due date, "te laat" as text (not colour alone), the skipped days."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask, render_template_string

from blueprints.workdays.calendar import WorkingDayCalendar

pytestmark = pytest.mark.postgres

TEMPLATE = '{% from "workdays/_deadline.html" import deadline %}{{ deadline(d, today, label="Triage") }}'


def render(app: Flask, today: date) -> str:
    d = WorkingDayCalendar().add_working_days(date(2026, 4, 30), 3)
    with app.test_request_context():
        return render_template_string(TEMPLATE, d=d, today=today)


def test_in_time_shows_the_date_and_the_skipped_days(app: Flask) -> None:
    html = render(app, date(2026, 5, 4))
    assert '<time datetime="2026-05-06">woensdag 6 mei 2026</time>' in html
    assert "Te laat" not in html and "Vandaag" not in html
    assert "3 dagen niet meegeteld" in html
    assert "dinsdag 5 mei 2026</time>: Bevrijdingsdag (5 mei)" in html
    assert '<span class="rt-visually-hidden">Triage: </span>' in html


def test_due_today_and_overdue_say_so_in_words(app: Flask) -> None:
    assert "Vandaag" in render(app, date(2026, 5, 6))
    late = render(app, date(2026, 5, 7))
    assert "Te laat" in late and "(1 dag over de termijn)" in late
    assert "(3 dagen over de termijn)" in render(app, date(2026, 5, 9))
