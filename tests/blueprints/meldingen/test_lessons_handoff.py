"""Closing a melding with lessons: a shareable lesson reaches the region's lessons table (every
inspector of the region finds it, without gemeente or personal data); an unshared one stays on
the melding. The theme comes from the region's list."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import func, select

from blueprints.lessons.models import Lesson
from blueprints.meldingen import services
from blueprints.meldingen.errors import MeldingError
from blueprints.meldingen.models import MeldingLesson, MeldingStatus
from regiotoezicht.audit import AuditEvent
from regiotoezicht.context import TenantContext, tenant_context
from regiotoezicht.extensions import db
from tenants.entitlements import today
from tests.blueprints.meldingen.conftest import CLOSE_OK, MWorld, acting, bring_to
from tests.conftest import csrf_from, login
from tests.factories import PASSWORD

pytestmark = pytest.mark.postgres

SHARED = "Gebruik bij elke transfer een tillift en werk met twee begeleiders."


def _lessons(app: Flask) -> list[Lesson]:
    with app.app_context():
        return list(db.session.execute(select(Lesson)).scalars())


def test_a_shared_lesson_is_found_by_an_inspector_of_another_gemeente_without_gemeente_or_client(
    app: Flask, mworld: MWorld
) -> None:
    with acting(app, mworld.inspector_a_id, mworld.a_id, commit=True):
        melding = bring_to(mworld, MeldingStatus.INVESTIGATING)
        reference, region_id = melding.reference, melding.region_id
        services.close(melding, {**CLOSE_OK, "lesson_shareable": True, "lesson_shared_text": SHARED})
        own = db.session.execute(select(MeldingLesson).where(MeldingLesson.melding_id == melding.id)).scalar_one()
        assert own.shared_lesson_id is not None and own.shared_text == SHARED
    [lesson] = _lessons(app)
    assert (lesson.region_id, lesson.service_type_id, lesson.theme, lesson.text, lesson.source_kind) == (
        region_id, mworld.service_type_id, "veiligheid", SHARED, "calamiteit")
    assert lesson.learned_in == today().replace(day=1)
    with app.app_context(), tenant_context(TenantContext(allowed_ids=frozenset({mworld.a_id}), reason="test")):
        shared_audit = db.session.execute(select(AuditEvent).where(AuditEvent.action == "lesson.shared")).scalar_one()
        assert shared_audit.gemeente_id is None

    client = login(app.test_client(), mworld.emails[mworld.inspector_b_id], PASSWORD)
    page = client.get("/regio/lessen?thema=veiligheid&q=tillift")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and SHARED in html
    for secret in ("Delft", reference, "Karel", "CL-778", "Mila", "Zorg Voorbeeld", "Tillift altijd gebruiken"):
        assert secret not in html, secret


def test_an_unshared_lesson_stays_on_the_melding(app: Flask, mworld: MWorld) -> None:
    with acting(app, mworld.inspector_a_id, mworld.a_id, commit=True):
        melding = bring_to(mworld, MeldingStatus.INVESTIGATING)
        services.close(melding, {**CLOSE_OK, "lesson_shared_text": SHARED})  # text given, not marked shareable
        own = db.session.execute(select(MeldingLesson).where(MeldingLesson.melding_id == melding.id)).scalar_one()
        assert not own.shareable and own.shared_text == "" and own.shared_lesson_id is None
    assert _lessons(app) == []


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"lesson_theme": "tilliften"}, "lesson_theme"),
        ({"lesson_shared_text": "Tillift in Delft"}, "lesson_shared_text"),  # too short for the region's table
        ({"lesson_shared_text": "In Delft gebruikte niemand de tillift bij een transfer; dat moet anders."}, "lesson_shared_text"),
        ({"lesson_shared_text": "Bij Zorg Voorbeeld BV gebruikte niemand de tillift; dat moet anders."}, "lesson_shared_text"),
        ({"lesson_shared_text": "Mevrouw de Vries viel op 3 mei 2026 bij de transfer zonder tillift."}, "lesson_shared_text"),
    ],
)
def test_a_lesson_is_refused_with_its_field_and_nothing_is_stored(
    app: Flask, mworld: MWorld, changes: dict[str, str], field: str
) -> None:
    with acting(app, mworld.inspector_a_id, mworld.a_id, commit=True):
        melding = bring_to(mworld, MeldingStatus.INVESTIGATING)
        melding_id = melding.id
    with acting(app, mworld.inspector_a_id, mworld.a_id, commit=True):
        melding = db.session.get(type(melding), melding_id)
        assert melding is not None
        with pytest.raises(MeldingError) as error:
            services.close(melding, {**CLOSE_OK, "lesson_shareable": True, "lesson_shared_text": SHARED, **changes})
        assert field in error.value.errors, error.value.errors
        assert melding.status is MeldingStatus.INVESTIGATING
    assert _lessons(app) == []
    with acting(app, mworld.inspector_a_id, mworld.a_id):
        assert db.session.execute(select(func.count(MeldingLesson.id))).scalar_one() == 0


def test_the_close_form_offers_the_themes_and_shares_the_lesson(app: Flask, mworld: MWorld) -> None:
    with acting(app, mworld.inspector_a_id, mworld.a_id, commit=True):
        melding_id = bring_to(mworld, MeldingStatus.INVESTIGATING).id
    client = login(app.test_client(), mworld.emails[mworld.inspector_a_id], PASSWORD)
    path = f"/g/{mworld.world.a_slug}/meldingen/{melding_id}/afsluiten"
    form = client.get(path).get_data(as_text=True)
    assert '<option value="medicatie">Medicatie</option>' in form
    token = csrf_from(client, path)
    base = {"csrf_token": token, "closure_reason": "Onderzoek afgerond", "lesson_text": "Tillift altijd gebruiken.",
            "lesson_shareable": "y", "lesson_shared_text": SHARED}
    refused = client.post(path, data={**base, "lesson_theme": "tilliften"})
    assert refused.status_code == 400 and "Kies een thema uit de lijst van de regio" in refused.get_data(as_text=True)
    assert _lessons(app) == []
    done = client.post(path, data={**base, "lesson_theme": "veiligheid"})
    assert done.status_code == 302
    detail = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "Veiligheid en risico-inschatting" in detail and SHARED in detail
    assert [lesson.theme for lesson in _lessons(app)] == ["veiligheid"]


def test_the_api_refuses_a_theme_outside_the_list(app: Flask, mworld: MWorld) -> None:
    with acting(app, mworld.inspector_a_id, mworld.a_id, commit=True):
        melding_id = bring_to(mworld, MeldingStatus.INVESTIGATING).id
    client = login(app.test_client(), mworld.emails[mworld.inspector_a_id], PASSWORD)
    headers = {"X-CSRFToken": csrf_from(client, "/account")}
    url = f"/api/v1/g/{mworld.world.a_slug}/meldingen/{melding_id}/afsluiten"
    response = client.post(url, json={**CLOSE_OK, "lesson_theme": "tilliften"}, headers=headers)
    assert response.status_code == 422
    assert "lesson_theme" in response.get_json()["errors"]["json"]
    response = client.post(url, json={**CLOSE_OK, "lesson_shareable": True, "lesson_shared_text": SHARED}, headers=headers)
    assert response.status_code == 200, response.get_json()
    assert len(_lessons(app)) == 1
