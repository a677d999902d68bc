"""Attachments of a melding: listed on the detail page past the need-to-know gate (the case team
or an emergency access), added by the case team (type from the bytes, size and count limits,
storage under the melding's gemeente), and whatever came with the public meldpunt shows up too."""

from __future__ import annotations

import io
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from blueprints.attachments.models import Attachment
from blueprints.attachments.services import check_upload, store_attachment
from blueprints.meldingen import services
from blueprints.meldingen.errors import MeldingError
from blueprints.meldingen.models import Melding, MeldingStatus
from regiotoezicht.context import TenantContext, tenant_context
from regiotoezicht.extensions import db
from tests.blueprints.attachments import files
from tests.blueprints.meldingen.conftest import MWorld, acting, bring_to
from tests.conftest import csrf_from, login
from tests.factories import PASSWORD
from tests.isolation.support import inspect_rows

pytestmark = pytest.mark.postgres


def _client(app: Flask, mworld: MWorld, user_id: int) -> FlaskClient:
    return login(app.test_client(), mworld.emails[user_id], PASSWORD)


def _upload(client: FlaskClient, path: str, data: bytes, name: str) -> tuple[int, str]:
    token = csrf_from(client, path)
    response = client.post(path, data={"csrf_token": token, "file": (io.BytesIO(data), name)},
                           content_type="multipart/form-data")
    return response.status_code, (response.headers.get("Location") or response.get_data(as_text=True))


def _triaged_by_phone(app: Flask, mworld: MWorld) -> int:
    """A melding received by phone, triaged by inspector A (who is then on its team)."""
    with acting(app, mworld.inspector_a_id, mworld.a_id, commit=True):
        return bring_to(mworld, MeldingStatus.TRIAGED, channel="telefoon").id


def test_the_case_team_adds_a_document_and_reads_it_back(app: Flask, mworld: MWorld) -> None:
    melding_id = _triaged_by_phone(app, mworld)
    client = _client(app, mworld, mworld.inspector_a_id)
    detail = f"/g/{mworld.world.a_slug}/meldingen/{melding_id}"
    page = client.get(detail).get_data(as_text=True)
    assert "Er zijn geen bijlagen bij deze melding." in page and 'enctype="multipart/form-data"' in page
    status, location = _upload(client, detail + "/documenten", files.PDF, "../../brief van melder.pdf")
    assert status == 302 and location.endswith("#bijlagen")
    page = client.get(detail).get_data(as_text=True)
    assert "brief van melder.pdf is aan melding" in page
    link = re.search(r'href="(/g/[^"]+/bijlagen/(\d+))"', page)
    assert link is not None
    download = client.get(link.group(1))
    assert download.status_code == 200 and download.data == files.PDF
    [(gemeente_id, filename, content_type, key, subject)] = inspect_rows(
        "SELECT gemeente_id, filename, content_type, storage_key, subject_id FROM attachments WHERE subject_type = 'melding'")
    assert (gemeente_id, filename, content_type, subject) == (mworld.a_id, "brief van melder.pdf", "application/pdf", melding_id)
    assert key.startswith(f"g{mworld.a_id}/attachments/")
    assert inspect_rows("SELECT count(*) FROM stored_objects WHERE key = :key", key=key)[0][0] == 1
    assert inspect_rows(
        "SELECT gemeente_id, actor_user_id FROM audit_events WHERE action = 'melding.document_added'"
    ) == [(mworld.a_id, mworld.inspector_a_id)]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (files.EXE, "rapport.pdf", "bestandstype dat niet is toegestaan"),
        (files.PLAIN_ZIP, "rapport.docx", "bestandstype dat niet is toegestaan"),
        (b"", "leeg.pdf", "is leeg"),
        (files.PDF * 20, "groot.pdf", "te groot"),
    ],
)
def test_a_bad_document_is_refused_with_a_message_and_nothing_is_stored(
    app: Flask, mworld: MWorld, monkeypatch: pytest.MonkeyPatch, data: bytes, name: str, message: str
) -> None:
    monkeypatch.setitem(app.config, "ATTACHMENT_MAX_BYTES", 500)
    melding_id = _triaged_by_phone(app, mworld)
    client = _client(app, mworld, mworld.inspector_a_id)
    blobs = inspect_rows("SELECT count(*) FROM stored_objects")
    status, html = _upload(client, f"/g/{mworld.world.a_slug}/meldingen/{melding_id}/documenten", data, name)
    assert status == 400 and message in html, html[:2000]
    assert inspect_rows("SELECT count(*) FROM attachments WHERE subject_type = 'melding'")[0][0] == 0
    assert inspect_rows("SELECT count(*) FROM stored_objects") == blobs


def test_no_file_and_too_many_files_are_refused(app: Flask, mworld: MWorld, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "ATTACHMENT_MAX_COUNT", 1)
    melding_id = _triaged_by_phone(app, mworld)
    client = _client(app, mworld, mworld.inspector_a_id)
    path = f"/g/{mworld.world.a_slug}/meldingen/{melding_id}/documenten"
    response = client.post(path, data={"csrf_token": csrf_from(client, path)})
    assert response.status_code == 400 and "Kies een bestand." in response.get_data(as_text=True)
    assert _upload(client, path, files.TEXT, "verslag.txt")[0] == 302
    status, html = _upload(client, path, files.PNG, "foto.png")
    assert status == 400 and "hoogstens 1 bestanden" in html
    assert inspect_rows("SELECT filename FROM attachments WHERE subject_type = 'melding'") == [("verslag.txt",)]


def test_only_the_case_team_sees_and_adds_documents(app: Flask, mworld: MWorld) -> None:
    melding_id = _triaged_by_phone(app, mworld)
    detail = f"/g/{mworld.world.a_slug}/meldingen/{melding_id}"
    team = _client(app, mworld, mworld.inspector_a_id)
    assert _upload(team, detail + "/documenten", files.TEXT, "verslag.txt")[0] == 302
    [(attachment_id,)] = inspect_rows("SELECT id FROM attachments WHERE subject_type = 'melding'")
    download = f"/g/{mworld.world.a_slug}/bijlagen/{attachment_id}"

    # An inspector of the gemeente off the case: no list, no form, no download, no upload.
    other = _client(app, mworld, mworld.inspector_a2_id)
    page = other.get(detail).get_data(as_text=True)
    assert "verslag.txt" not in page and "alleen het zaakteam ziet ze" in page
    assert 'action="' + detail + '/documenten"' not in page
    assert other.get(download).status_code == 403
    status, html = _upload(other, detail + "/documenten", files.PDF, "ander.pdf")
    assert status == 400 and "Alleen toezichthouders op de zaak" in html
    # Gemeente roles: no section at all, no upload page; the second gemeente's inspector: nothing.
    for uid in (mworld.viewer_a_id, mworld.admin_a_id):
        client = _client(app, mworld, uid)
        page = client.get(detail).get_data(as_text=True)
        assert "Bijlagen" not in page and "verslag.txt" not in page
        assert client.get(detail + "/documenten").status_code == 403
        assert client.get(download).status_code == 403
    inspector_b = _client(app, mworld, mworld.inspector_b_id)
    assert inspector_b.get(detail).status_code == 403
    assert inspector_b.get(download).status_code == 403
    assert inspect_rows("SELECT filename FROM attachments WHERE subject_type = 'melding'") == [("verslag.txt",)]


def test_a_closed_melding_takes_no_documents(app: Flask, mworld: MWorld) -> None:
    with acting(app, mworld.inspector_a_id, mworld.a_id, commit=True):
        melding = bring_to(mworld, MeldingStatus.CLOSED)
        with pytest.raises(MeldingError) as error:
            upload = io.BytesIO(files.PDF)
            services.add_document(melding, type("U", (), {"filename": "x.pdf", "stream": upload})())
        assert "afgesloten" in error.value.errors["file"][0]
        melding_id = melding.id
    client = _client(app, mworld, mworld.inspector_a_id)
    page = client.get(f"/g/{mworld.world.a_slug}/meldingen/{melding_id}").get_data(as_text=True)
    assert "Document toevoegen" not in page


def test_what_came_with_the_public_meldpunt_shows_on_the_melding(app: Flask, mworld: MWorld) -> None:
    """The meldpunt stores its files as attachments of subject 'melding' in the gemeente's
    context, without a user (blueprints/meldpunt/services.submit): the case team sees them."""
    with acting(app, mworld.inspector_a_id, mworld.a_id, commit=True):
        melding_id = bring_to(mworld, MeldingStatus.RECEIVED, channel="meldpunt_aanbieder").id
    with app.test_request_context(), tenant_context(
        TenantContext(allowed_ids=frozenset({mworld.a_id}), active_id=mworld.a_id, reason="meldpunt")
    ):
        upload = check_upload(type("U", (), {"filename": "verslag.pdf", "stream": io.BytesIO(files.PDF)})())
        store_attachment("melding", melding_id, upload)
        db.session.commit()
    client = _client(app, mworld, mworld.inspector_a_id)
    detail = f"/g/{mworld.world.a_slug}/meldingen/{melding_id}"
    assert "verslag.pdf" not in client.get(detail).get_data(as_text=True)  # not on the team yet
    with acting(app, mworld.inspector_a_id, mworld.a_id, commit=True):
        melding = db.session.get(Melding, melding_id)
        assert melding is not None
        services.triage(melding, {"client_safe": True, "criteria_met": True, "criteria_reason": "Ernstig"})
    page = client.get(detail).get_data(as_text=True)
    assert "verslag.pdf" in page


def test_documents_move_with_a_transferred_melding_and_stay_readable(app: Flask, mworld: MWorld) -> None:
    with acting(app, mworld.inspector_ab_id, mworld.a_id, commit=True):
        melding_id = bring_to(mworld, MeldingStatus.TRIAGED).id
    client = _client(app, mworld, mworld.inspector_ab_id)
    a_detail = f"/g/{mworld.world.a_slug}/meldingen/{melding_id}"
    assert _upload(client, a_detail + "/documenten", files.PDF, "brief.pdf")[0] == 302
    [(old_key,)] = inspect_rows("SELECT storage_key FROM attachments WHERE subject_type = 'melding'")
    with acting(app, mworld.inspector_ab_id, mworld.a_id, commit=True):
        melding = db.session.get(Melding, melding_id)
        assert melding is not None
        services.transfer(melding, mworld.b_id, "Voorziening van Den Haag")
    [(gemeente_id, key)] = inspect_rows("SELECT gemeente_id, storage_key FROM attachments WHERE subject_type = 'melding'")
    assert gemeente_id == mworld.b_id and key.startswith(f"g{mworld.b_id}/")
    assert inspect_rows("SELECT key, gemeente_id FROM stored_objects WHERE key IN (:old, :new)", old=old_key, new=key) == [
        (key, mworld.b_id)]
    page = client.get(f"/g/{mworld.world.b_slug}/meldingen/{melding_id}").get_data(as_text=True)
    link = re.search(r'href="(/g/[^"]+/bijlagen/\d+)"', page)
    assert link is not None and link.group(1).startswith(f"/g/{mworld.world.b_slug}/")
    assert client.get(link.group(1)).data == files.PDF
    assert client.get(link.group(1).replace(mworld.world.b_slug, mworld.world.a_slug)).status_code == 404
    with app.app_context(), tenant_context(TenantContext(allowed_ids=frozenset({mworld.a_id}), reason="test")):
        assert db.session.execute(select(Attachment).where(Attachment.subject_type == "melding")).scalars().all() == []


def test_the_api_lists_and_adds_documents_for_the_case_team_only(app: Flask, mworld: MWorld) -> None:
    melding_id = _triaged_by_phone(app, mworld)
    url = f"/api/v1/g/{mworld.world.a_slug}/meldingen/{melding_id}/documenten"
    team = _client(app, mworld, mworld.inspector_a_id)
    headers = {"X-CSRFToken": csrf_from(team, "/account")}
    assert team.get(url).get_json() == []
    missing = team.post(url, data={}, headers=headers, content_type="multipart/form-data")
    assert missing.status_code == 422 and "file" in missing.get_json()["errors"]["files"]
    wrong = team.post(url, data={"file": (io.BytesIO(files.EXE), "rapport.pdf")}, headers=headers,
                      content_type="multipart/form-data")
    assert wrong.status_code == 422 and "niet is toegestaan" in wrong.get_json()["errors"]["json"]["file"][0]
    added = team.post(url, data={"file": (io.BytesIO(files.DOCX), "rapport aanbieder.docx")}, headers=headers,
                      content_type="multipart/form-data")
    assert added.status_code == 201, added.get_json()
    assert added.get_json()["filename"] == "rapport aanbieder.docx" and added.get_json()["kind"] == "docx"
    assert [a["filename"] for a in team.get(url).get_json()] == ["rapport aanbieder.docx"]

    other = _client(app, mworld, mworld.inspector_a2_id)  # of the gemeente, not on the case
    other_headers = {"X-CSRFToken": csrf_from(other, "/account")}
    assert other.get(url).status_code == 403
    refused = other.post(url, data={"file": (io.BytesIO(files.PDF), "x.pdf")}, headers=other_headers,
                         content_type="multipart/form-data")
    assert refused.status_code == 422 and "Alleen toezichthouders op de zaak" in refused.get_json()["errors"]["json"]["file"][0]
    viewer = _client(app, mworld, mworld.viewer_a_id)
    assert viewer.get(url).status_code == 403
    inspector_b = _client(app, mworld, mworld.inspector_b_id)
    assert inspector_b.get(f"/api/v1/g/{mworld.world.b_slug}/meldingen/{melding_id}/documenten").status_code == 404
    assert inspect_rows("SELECT count(*) FROM attachments WHERE subject_type = 'melding'") == [(1,)]
