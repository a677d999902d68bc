"""The days art. 3 Algemene termijnenwet names, computed per year (no data, no dependency).

We compute Easter ourselves: the `holidays` package files 5 May as optional outside lustrum
years, while the Algemene termijnenwet counts it every year (DOMAIN.md).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache


def easter_sunday(year: int) -> date:
    """Gregorian Easter Sunday (the anonymous Gregorian algorithm of Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 - the algorithm's own name
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(year, month, day + 1)


def kingsday(year: int) -> date:
    """The day the King's birthday is celebrated: 27 April, or 26 April when that is a Sunday."""
    day = date(year, 4, 27)
    return day - timedelta(days=1) if day.weekday() == 6 else day


@lru_cache(maxsize=64)
def legal_holidays(year: int) -> dict[date, str]:
    """Art. 3 lid 1 and 2 Atw: the algemeen erkende feestdagen of `year`, with Dutch names.

    First Easter and Whit Sunday are Sundays anyway; 5 mei counts every year.
    """
    easter = easter_sunday(year)
    named = [
        (date(year, 1, 1), "Nieuwjaarsdag"),
        (easter - timedelta(days=2), "Goede Vrijdag"),
        (easter + timedelta(days=1), "Tweede Paasdag"),
        (kingsday(year), "Koningsdag"),
        (date(year, 5, 5), "Bevrijdingsdag (5 mei)"),
        (easter + timedelta(days=39), "Hemelvaartsdag"),
        (easter + timedelta(days=50), "Tweede Pinksterdag"),
        (date(year, 12, 25), "Eerste Kerstdag"),
        (date(year, 12, 26), "Tweede Kerstdag"),
    ]
    days: dict[date, str] = {}
    for day, name in named:  # two can fall together (Hemelvaartsdag on 5 May in 2016)
        days[day] = f"{days[day]} en {name}" if day in days else name
    return dict(sorted(days.items()))
