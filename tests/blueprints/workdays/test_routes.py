"""/regio/werkdagen: region roles read the calendar per year, only CALENDAR_MANAGE changes it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from blueprints.workdays.calendar import add_working_days

from tests.conftest import csrf_from
from tests.factories import World
from tests.isolation.support import inspect_rows

pytestmark = pytest.mark.postgres

Client = Callable[[str], FlaskClient]


@pytest.fixture()
def as_user(client_for: Callable[[object], FlaskClient]) -> Client:
    return lambda email: client_for(SimpleNamespace(email=email))


def add(client: FlaskClient, **data: Any) -> Any:
    token = csrf_from(client, "/regio/werkdagen/")
    return client.post("/regio/werkdagen/", data={**data, "csrf_token": token})


def test_the_year_lists_every_legal_holiday(world: World, as_user: Client) -> None:
    html = as_user(world.coordinator).get("/regio/werkdagen/?jaar=2027").get_data(as_text=True)
    for text in ("vrijdag 26 maart 2027", "Goede Vrijdag", "maandag 29 maart 2027", "Tweede Paasdag",
                 "dinsdag 27 april 2027", "Koningsdag", "woensdag 5 mei 2027", "Bevrijdingsdag (5 mei)",
                 "donderdag 6 mei 2027", "Hemelvaartsdag", "maandag 17 mei 2027", "Tweede Pinksterdag",
                 "zaterdag 25 december 2027", "Eerste Kerstdag", "vrijdag 1 januari 2027", "Nieuwjaarsdag"):
        assert text in html, text
    assert "Gelijkgestelde dag toevoegen" not in html  # the coordinator only reads


def test_region_admin_adds_and_removes_a_decreed_day(world: World, as_user: Client) -> None:
    client = as_user(world.region_admin)
    response = add(client, day="2027-05-07", description="vrijdag na Hemelvaartsdag", decree_reference="Besluit 2026–2028")
    assert response.status_code == 302 and response.headers["Location"].endswith("jaar=2027")
    html = client.get("/regio/werkdagen/?jaar=2027").get_data(as_text=True)
    assert "vrijdag 7 mei 2027" in html and "Besluit 2026–2028" in html and "Gelijkgesteld bij besluit" in html
    [(day_id, created_by)] = inspect_rows("SELECT id, created_by_id FROM decreed_days")
    assert created_by == world.user_ids["region_admin"]
    token = csrf_from(client, "/regio/werkdagen/")
    response = client.post(f"/regio/werkdagen/{day_id}/verwijderen", data={"csrf_token": token})
    assert response.status_code == 302
    assert inspect_rows("SELECT count(*) FROM decreed_days") == [(0,)]
    assert [r[0] for r in inspect_rows(
        "SELECT action FROM audit_events WHERE action LIKE 'decreed_day.%' ORDER BY id"
    )] == ["decreed_day.added", "decreed_day.removed"]


@pytest.mark.parametrize(
    ("data", "field_id", "message"),
    [
        ({"day": "2027-05-08", "description": "x", "decree_reference": "y"}, "day", "valt in het weekend"),
        ({"day": "2027-05-06", "description": "x", "decree_reference": "y"}, "day", "is al een feestdag: Hemelvaartsdag"),
        ({"day": "", "description": "x", "decree_reference": "y"}, "day", "Kies een datum."),
        ({"day": "2027-05-07", "description": "", "decree_reference": "y"}, "description", "Geef een omschrijving."),
    ],
)
def test_bad_input_is_refused_at_the_field(
    world: World, as_user: Client, data: dict[str, str], field_id: str, message: str
) -> None:
    response = add(as_user(world.region_admin), **data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html and f'id="{field_id}-fout"' in html
    assert inspect_rows("SELECT count(*) FROM decreed_days") == [(0,)]


@pytest.mark.parametrize("who", ["coordinator", "inspector_a", "admin_a"])
def test_only_calendar_managers_change_it(world: World, as_user: Client, who: str) -> None:
    client = as_user(getattr(world, who))
    token = csrf_from(client, "/account")
    response = client.post("/regio/werkdagen/", data={
        "day": "2027-05-07", "description": "x", "decree_reference": "y", "csrf_token": token,
    })
    assert response.status_code == 403
    assert inspect_rows("SELECT count(*) FROM decreed_days") == [(0,)]


def test_gemeente_roles_without_a_region_role_do_not_see_the_page(world: World, as_user: Client) -> None:
    assert as_user(world.admin_a).get("/regio/werkdagen/").status_code == 403


def test_decreed_days_change_deadlines_at_once(app: Flask, world: World, as_user: Client) -> None:
    with app.app_context():
        assert add_working_days(date(2026, 5, 13), 1).due_on == date(2026, 5, 15)
    add(as_user(world.region_admin), day="2026-05-15", description="vrijdag na Hemelvaartsdag", decree_reference="Besluit")
    with app.app_context():  # a new app context (request) reads the table again
        deadline = add_working_days(date(2026, 5, 13), 1)
    assert deadline.due_on == date(2026, 5, 18)
    assert "vrijdag 15 mei 2026 (vrijdag na Hemelvaartsdag)" in deadline.explanation


def test_the_term_calculator_explains_the_skipped_days(world: World, as_user: Client) -> None:
    client = as_user(world.inspector_a)
    response = client.get("/regio/werkdagen/?vanaf=2026-04-30&termijn=3&eenheid=werkdagen")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<time datetime="2026-05-06">woensdag 6 mei 2026</time>' in html
    assert "Niet meegeteld: zaterdag 2 mei 2026 (zaterdag)" in html
    weeks = client.get("/regio/werkdagen/?vanaf=2026-03-07&termijn=2&eenheid=weken").get_data(as_text=True)
    assert "uiterlijk maandag 23 maart 2026" in weeks and "art. 1 Algemene termijnenwet" in weeks
    bad = client.get("/regio/werkdagen/?vanaf=gisteren&termijn=-1&eenheid=dagen")
    assert bad.status_code == 400
    text = bad.get_data(as_text=True)
    for message in ("Vul een geldige datum in.", "Vul een heel getal in van 0 tot en met 520.", "Kies werkdagen of weken."):
        assert message in text
    assert 'aria-invalid="true" aria-describedby="calc-fout-termijn"' in text
