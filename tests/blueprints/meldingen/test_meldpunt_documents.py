"""A file sent with the public meldpunt form is listed on the melding for its case team (runs
once the meldpunt slice is present: it lands on its own branch)."""

from __future__ import annotations

import io
import re

import pytest
from flask import Flask

from blueprints.meldingen import services
from blueprints.meldingen.models import Melding
from regiotoezicht.extensions import db
from tests.blueprints.attachments import files
from tests.blueprints.meldingen.conftest import MWorld, acting
from tests.conftest import login
from tests.factories import PASSWORD
from tests.isolation.support import inspect_rows

pytest.importorskip("blueprints.meldpunt.services")
meldpunt_fixtures = pytest.importorskip("tests.blueprints.meldpunt.conftest")
meldpunt_app = meldpunt_fixtures.meldpunt_app
public_forms = pytest.importorskip("tests.blueprints.meldpunt.test_public_forms")

pytestmark = pytest.mark.postgres


def test_a_file_from_the_public_form_shows_on_the_melding(meldpunt_app: Flask, mworld: MWorld) -> None:
    public = meldpunt_app.test_client()
    url = f"/meldpunt/{mworld.world.a_slug}/aanbieder"
    response = meldpunt_fixtures.post_form(public, url, public_forms.provider_data(),
                                           files=[(io.BytesIO(files.PDF), "verslag aanbieder.pdf")])
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    [(melding_id,)] = inspect_rows("SELECT id FROM meldingen")
    with acting(meldpunt_app, mworld.inspector_a_id, mworld.a_id, commit=True):
        melding = db.session.get(Melding, melding_id)
        assert melding is not None
        services.triage(melding, {"client_safe": True, "criteria_met": True, "criteria_reason": "Ernstig letsel"})
    client = login(meldpunt_app.test_client(), mworld.emails[mworld.inspector_a_id], PASSWORD)
    page = client.get(f"/g/{mworld.world.a_slug}/meldingen/{melding_id}").get_data(as_text=True)
    link = re.search(r'href="(/g/[^"]+/bijlagen/\d+)"[^>]*>verslag aanbieder.pdf<', page)
    assert link is not None, page
    assert client.get(link.group(1)).data == files.PDF
