"""Attachments on PostgreSQL: checked before storing, stored per gemeente through
regiotoezicht.storage, served as a download only past the owning slice's need-to-know check."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from types import SimpleNamespace

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from blueprints.attachments import access, services
from blueprints.attachments.models import Attachment
from regiotoezicht.context import tenant_context
from regiotoezicht.extensions import db
from tests.blueprints.attachments import files
from tests.factories import World
from tests.isolation.support import inspect_rows, only

pytestmark = pytest.mark.postgres

Client = Callable[[str], FlaskClient]


def upload(data: bytes, name: str) -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename=name, content_type="application/octet-stream")


@pytest.fixture()
def as_user(client_for: Callable[[object], FlaskClient]) -> Client:
    return lambda email: client_for(SimpleNamespace(email=email))


@pytest.fixture()
def readable() -> Iterator[set[int]]:
    """A test subject type "proef" whose records in this set may be read."""
    allowed: set[int] = set()
    access.register_reader("proef", lambda subject_id: subject_id in allowed)
    yield allowed
    access._readers.pop("proef", None)


@pytest.fixture()
def small_limits(app: Flask) -> Iterator[None]:
    saved = {k: app.config.get(k) for k in ("ATTACHMENT_MAX_BYTES", "ATTACHMENT_MAX_COUNT")}
    app.config.update(ATTACHMENT_MAX_BYTES=1024, ATTACHMENT_MAX_COUNT=2)
    yield
    for key, value in saved.items():
        if value is None:
            app.config.pop(key, None)
        else:
            app.config[key] = value


def add(app: Flask, gemeente_id: int, data: bytes, name: str, subject_id: int = 1) -> int:
    with app.app_context(), tenant_context(only(gemeente_id)):
        attachment = services.add_attachment("proef", subject_id, upload(data, name))
        db.session.commit()
        return attachment.id


def test_an_upload_is_stored_under_its_gemeentes_key(app: Flask, world: World) -> None:
    attachment_id = add(app, world.a_id, files.PDF, "verslag.PDF")
    ((gemeente_id, filename, content_type, size, key),) = inspect_rows(
        "SELECT gemeente_id, filename, content_type, size, storage_key FROM attachments WHERE subject_type = 'proef'")
    assert (gemeente_id, filename, content_type, size) == (world.a_id, "verslag.pdf", "application/pdf", len(files.PDF))
    assert key.startswith(f"g{world.a_id}/attachments/")
    assert inspect_rows("SELECT key, gemeente_id, content FROM stored_objects WHERE key = :k", k=key) == [(key, world.a_id, files.PDF)]
    with app.app_context():
        with tenant_context(only(world.b_id)):
            assert db.session.execute(select(Attachment).where(Attachment.id == attachment_id)).first() is None
        with tenant_context(only(world.a_id)):
            attachment = db.session.execute(select(Attachment).where(Attachment.id == attachment_id)).scalar_one()
            assert services.load_content(attachment) == files.PDF
    actions = inspect_rows(
        "SELECT action, gemeente_id FROM audit_events WHERE action LIKE 'attachment.%' AND object_id = :i",
        i=str(attachment_id),
    )
    assert actions == [("attachment.added", world.a_id)]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (files.EXE, "factuur.pdf", "bestandstype dat niet is toegestaan"),
        (b"%PDF-" + b"0" * 2000, "groot.pdf", "te groot: een bestand mag hoogstens 1 kB zijn"),
        (b"", "leeg.pdf", "is leeg"),
    ],
)
def test_a_refused_upload_stores_nothing(
    app: Flask, world: World, small_limits: None, data: bytes, name: str, message: str
) -> None:
    stored = inspect_rows("SELECT count(*) FROM stored_objects")
    with app.app_context(), tenant_context(only(world.a_id)):
        with pytest.raises(services.AttachmentRejected) as info:
            services.add_attachment("proef", 1, upload(data, name))
        assert message in info.value.message and name in info.value.message
        db.session.commit()
    assert inspect_rows("SELECT count(*) FROM attachments WHERE subject_type = 'proef'") == [(0,)]
    assert inspect_rows("SELECT count(*) FROM stored_objects") == stored


def test_the_number_per_record_is_limited(app: Flask, world: World, small_limits: None) -> None:
    add(app, world.a_id, files.PNG, "1.png")
    add(app, world.a_id, files.PNG, "2.png")
    with app.app_context(), tenant_context(only(world.a_id)):
        with pytest.raises(services.AttachmentRejected) as info:
            services.add_attachment("proef", 1, upload(files.PNG, "3.png"))
        assert "hoogstens 2 bestanden" in info.value.message
        services.add_attachment("proef", 2, upload(files.PNG, "ander-dossier.png"))


def test_download_as_attachment_with_nosniff(
    app: Flask, world: World, as_user: Client, readable: set[int]
) -> None:
    attachment_id = add(app, world.a_id, b"<script>alert(1)</script>", "<b onclick=x>notitie.html")
    readable.add(1)
    client = as_user(world.inspector_a)
    response = client.get(f"/g/{world.a_slug}/bijlagen/{attachment_id}")
    assert response.status_code == 200
    assert response.data == b"<script>alert(1)</script>"
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "b onclick_x_notitie.html.txt" in response.headers["Content-Disposition"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response.headers["Cache-Control"]
    assert inspect_rows(
        "SELECT actor_user_id FROM audit_events WHERE action = 'attachment.downloaded'"
    ) == [(world.user_ids["inspector_a"],)]


def test_download_is_refused_without_need_to_know(
    app: Flask, world: World, as_user: Client, readable: set[int]
) -> None:
    attachment_id = add(app, world.a_id, files.PDF, "verslag.pdf")
    client = as_user(world.viewer_a)
    assert client.get(f"/g/{world.a_slug}/bijlagen/{attachment_id}").status_code == 403
    refused = inspect_rows("SELECT detail->>'reason' FROM audit_events WHERE action = 'access.refused'")
    assert refused == [("need_to_know",)]


def test_another_gemeentes_attachment_is_not_found(
    app: Flask, world: World, as_user: Client, readable: set[int]
) -> None:
    readable.add(1)
    b_attachment = add(app, world.b_id, files.PDF, "verslag.pdf")
    client = as_user(world.inspector_a)
    assert client.get(f"/g/{world.a_slug}/bijlagen/{b_attachment}").status_code == 404
    assert client.get(f"/g/{world.b_slug}/bijlagen/{b_attachment}").status_code == 403


def test_a_subject_type_nobody_registered_is_readable_by_nobody(app: Flask, world: World, as_user: Client) -> None:
    attachment_id = add(app, world.a_id, files.PDF, "verslag.pdf")
    assert as_user(world.inspector_a).get(f"/g/{world.a_slug}/bijlagen/{attachment_id}").status_code == 403
