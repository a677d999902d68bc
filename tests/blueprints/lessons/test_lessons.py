"""Shared lessons: no personal data, month precision, readable by the region's inspectors only."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from types import SimpleNamespace

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from blueprints.lessons.models import Lesson
from blueprints.lessons.services import LessonInputError, share_lesson
from blueprints.providers.models import ServiceType
from regiotoezicht.extensions import db
from regiotoezicht.permissions import Role
from tests.factories import World, gemeente, link, make_user, region
from tests.isolation.support import inspect_rows

pytestmark = pytest.mark.postgres

Client = Callable[[str], FlaskClient]
TEXT = "Leg bij elke overdracht vast wie het medicatieoverzicht controleert en laat de nachtdienst aftekenen."


@pytest.fixture()
def as_user(client_for: Callable[[object], FlaskClient]) -> Client:
    return lambda email: client_for(SimpleNamespace(email=email))


def _type_id(code: str) -> int:
    return db.session.execute(select(ServiceType.id).where(ServiceType.code == code)).scalar_one()


@pytest.fixture()
def lessons(app: Flask, world: World) -> dict[str, int]:
    """Two lessons in the world's region, one in another region with its own inspector."""
    with app.app_context():
        bw, opvang = _type_id("beschermd_wonen"), _type_id("maatschappelijke_opvang")
        ours = share_lesson(world.region_id, bw, "medicatie", TEXT, learned_on=date(2026, 3, 17))
        share_lesson(world.region_id, opvang, "samenwerking",
                     "Spreek af wie contact opneemt met de ambulante begeleiding bij vertrek uit de opvang.",
                     source_kind="geweld")
        other_region, other_gemeente = region("GG3406"), gemeente("GM0363")
        link(other_region, other_gemeente)
        make_user("inspecteur.elders@test.nl", memberships=((other_gemeente, Role.INSPECTOR),))
        share_lesson(other_region.id, bw, "medicatie", "Een les uit een andere regio over medicatie bij overdracht.")
        db.session.commit()
        return {"ours": ours.id, "bw": bw, "opvang": opvang}


def test_a_lesson_keeps_only_the_month_and_no_gemeente(app: Flask, lessons: dict[str, int]) -> None:
    with app.app_context():
        lesson = db.session.get(Lesson, lessons["ours"])
        assert lesson is not None and lesson.learned_in == date(2026, 3, 1)
    columns = {c for (c,) in inspect_rows(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'lessons'")}
    assert "gemeente_id" not in columns and "melding_id" not in columns
    assert inspect_rows("SELECT gemeente_id FROM audit_events WHERE action = 'lesson.shared'") == [(None,)] * 3


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Mevrouw met BSN 111222333 kreeg de verkeerde medicatie bij de overdracht.", "burgerservicenummer"),
        ("Bel de teamleider via 06-12345678 bij twijfel over de overdracht van medicatie.", "telefoonnummer"),
        ("Mail de overdracht naar zorg@aanbieder.nl zodat de nachtdienst die kan lezen.", "e-mailadres"),
        ("Bij de bewoner op 12-03-2026 ging het mis bij de overdracht van de medicatie.", "volledige datum"),
        ("Op de locatie 2511 AB bleek de overdracht van medicatie niet geregeld te zijn.", "postcode"),
        ("Te kort", "20 tot 4000 tekens"),
    ],
)
def test_personal_data_in_a_lesson_is_refused(app: Flask, world: World, text: str, found: str) -> None:
    with app.app_context():
        with pytest.raises(LessonInputError) as info:
            share_lesson(world.region_id, None, "medicatie", text)
        assert found in info.value.message
        assert db.session.execute(select(Lesson)).first() is None


@pytest.mark.parametrize(("field", "kwargs"), [
    ("theme", {"theme": "roddels"}),
    ("service_type_id", {"service_type_id": 999999}),
    ("source_kind", {"source_kind": "krant"}),
])
def test_controlled_lists_are_enforced(app: Flask, world: World, field: str, kwargs: dict[str, object]) -> None:
    values: dict[str, object] = {"service_type_id": None, "theme": "medicatie"}
    extra = {k: v for k, v in kwargs.items() if k == "source_kind"}
    values.update({k: v for k, v in kwargs.items() if k != "source_kind"})
    with app.app_context():
        with pytest.raises(LessonInputError) as info:
            share_lesson(world.region_id, values["service_type_id"], str(values["theme"]), TEXT, **extra)  # type: ignore[arg-type]
        assert info.value.field == field


@pytest.mark.parametrize("role", ["inspector_a", "coordinator"])
def test_the_regions_inspectors_search_by_type_theme_and_text(
    world: World, lessons: dict[str, int], as_user: Client, role: str
) -> None:
    client = as_user(getattr(world, role))
    html = client.get("/regio/lessen").get_data(as_text=True)
    assert TEXT in html and "ambulante begeleiding" in html and "andere regio" not in html
    assert "03-2026" in html
    by_type = client.get(f"/regio/lessen?voorziening={lessons['opvang']}").get_data(as_text=True)
    assert "ambulante begeleiding" in by_type and TEXT not in by_type
    by_theme = client.get("/regio/lessen?thema=medicatie").get_data(as_text=True)
    assert TEXT in by_theme and "ambulante" not in by_theme
    by_text = client.get("/regio/lessen?q=NACHTDIENST%20overdracht").get_data(as_text=True)
    assert TEXT in by_text and "ambulante" not in by_text
    wildcard = client.get("/regio/lessen?q=%25").get_data(as_text=True)
    assert "0 lessen" in wildcard
    bad = client.get("/regio/lessen?thema=roddels&voorziening=abc")
    assert bad.status_code == 400 and "Kies een thema uit de lijst" in bad.get_data(as_text=True)


def test_the_api_searches_the_same_way(world: World, lessons: dict[str, int], as_user: Client) -> None:
    client = as_user(world.inspector_a)
    body = client.get(f"/api/v1/regio/lessen/?theme=medicatie&service_type_id={lessons['bw']}").get_json()
    assert body["total"] == 1 and body["items"][0]["text"] == TEXT
    assert body["items"][0]["learned_in"] == "2026-03" and "gemeente_id" not in body["items"][0]
    bad = client.get("/api/v1/regio/lessen/?theme=roddels")
    assert bad.status_code == 422 and "theme" in bad.get_json()["errors"]["query"]


def test_an_inspector_of_another_region_sees_only_that_region(lessons: dict[str, int], as_user: Client) -> None:
    html = as_user("inspecteur.elders@test.nl").get("/regio/lessen").get_data(as_text=True)
    assert "andere regio" in html and TEXT not in html


@pytest.mark.parametrize("role", ["admin_a", "viewer_a", "region_admin", "privacy_officer"])
def test_roles_without_lessons_read_are_refused(world: World, lessons: dict[str, int], as_user: Client, role: str) -> None:
    client = as_user(getattr(world, role))
    assert client.get("/regio/lessen").status_code == 403
    assert client.get("/api/v1/regio/lessen/").status_code == 403
