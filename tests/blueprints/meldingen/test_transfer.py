"""A melding filed at the wrong gemeente moves, with its history and children, to another
gemeente — only by someone entitled to transfer in both; audited in both."""

from __future__ import annotations

import io

import pytest
from flask import Flask
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from blueprints.attachments.models import Attachment
from blueprints.attachments.services import check_upload, load_content, store_attachment
from blueprints.meldingen import services
from blueprints.meldingen.errors import MeldingError
from blueprints.meldingen.models import (
    Melding,
    MeldingAssignment,
    MeldingPersonalData,
    MeldingStatus,
    MeldingStatusChange,
    MeldingTriage,
)
from blueprints.meldingen.queries import get_melding_or_404
from regiotoezicht.audit import AuditEvent
from regiotoezicht.context import TenantContext, tenant_context
from regiotoezicht.extensions import db
from tests.blueprints.meldingen.conftest import MWorld, acting, bring_to
from tests.conftest import csrf_from, login
from tests.factories import PASSWORD

pytestmark = pytest.mark.postgres

CHILDREN = (MeldingPersonalData, MeldingTriage, MeldingStatusChange, MeldingAssignment)


def _gemeenten_of(melding_id: int, model: type) -> set[int]:
    column = model.id if model is Melding else model.melding_id  # type: ignore[attr-defined]
    return set(db.session.execute(select(model.gemeente_id).where(column == melding_id)).scalars())  # type: ignore[attr-defined]


def test_transfer_moves_the_melding_with_its_children_and_is_audited_in_both(app: Flask, mworld: MWorld) -> None:
    with acting(app, mworld.inspector_ab_id, mworld.a_id, commit=True):
        melding = bring_to(mworld, MeldingStatus.TRIAGED)
        melding_id, reference = melding.id, melding.reference
        upload = check_upload(FileStorage(io.BytesIO(b"Verslag van het gesprek"), filename="verslag.txt"))
        attachment_id = store_attachment("melding", melding_id, upload).id
        services.transfer(melding, mworld.b_id, "Cliënt woont in Den Haag; voorziening van Den Haag")
    both = TenantContext(allowed_ids=frozenset({mworld.a_id, mworld.b_id}), reason="test")
    with app.app_context(), tenant_context(both):
        for model in (Melding, *CHILDREN):
            assert _gemeenten_of(melding_id, model) == {mworld.b_id}, model
        attachment = db.session.get(Attachment, attachment_id)
        assert attachment is not None and attachment.gemeente_id == mworld.b_id
        assert attachment.storage_key.startswith(f"g{mworld.b_id}/")
    with app.app_context(), tenant_context(TenantContext(allowed_ids=frozenset({mworld.b_id}), reason="test")):
        assert load_content(db.session.get(Attachment, attachment_id)) == b"Verslag van het gesprek"  # type: ignore[arg-type]
    with app.app_context(), tenant_context(both):
        moved = db.session.get(Melding, melding_id)
        assert moved is not None and moved.reference == reference and moved.status is MeldingStatus.TRIAGED
        actions = db.session.execute(
            select(MeldingStatusChange.action).where(MeldingStatusChange.melding_id == melding_id).order_by(MeldingStatusChange.id)
        ).scalars().all()
        assert actions == ["register", "triage", "transfer"]
        audited = set(db.session.execute(
            select(AuditEvent.action, AuditEvent.gemeente_id).where(AuditEvent.action.like("melding.transferred%"))
        ).tuples())
        assert audited == {("melding.transferred_out", mworld.a_id), ("melding.transferred_in", mworld.b_id)}
        # The inspector of A and B stays on the case: entitled in B too.
        assert db.session.execute(
            select(func.count()).select_from(MeldingAssignment).where(
                MeldingAssignment.melding_id == melding_id, MeldingAssignment.ended_at.is_(None))
        ).scalar_one() == 1
    # In A it is gone; in B it is found.
    client = login(app.test_client(), mworld.emails[mworld.inspector_ab_id], PASSWORD)
    assert client.get(f"/g/{mworld.world.a_slug}/meldingen/{melding_id}").status_code == 404
    assert client.get(f"/g/{mworld.world.b_slug}/meldingen/{melding_id}").status_code == 200


def test_only_someone_entitled_to_both_may_transfer(app: Flask, mworld: MWorld) -> None:
    with acting(app, mworld.inspector_a_id, mworld.a_id):
        melding = bring_to(mworld, MeldingStatus.RECEIVED)
        with pytest.raises(MeldingError) as error:
            services.transfer(melding, mworld.b_id, "Verkeerde gemeente")
        assert "gemeente_id" in error.value.errors
        assert melding.gemeente_id == mworld.a_id
        with pytest.raises(MeldingError) as error:
            services.transfer(melding, mworld.a_id, "Zelfde gemeente")
        assert "gemeente_id" in error.value.errors


def test_transfer_ends_the_case_team_members_not_entitled_to_the_new_gemeente(app: Flask, mworld: MWorld) -> None:
    with acting(app, mworld.inspector_a_id, mworld.a_id, commit=True):
        melding = bring_to(mworld, MeldingStatus.TRIAGED)  # inspector A (only A) is on the team
        melding_id = melding.id
    with acting(app, mworld.coordinator_id, mworld.a_id, commit=True):
        services.transfer(get_melding_or_404(melding_id), mworld.b_id, "Hoort bij Den Haag")
    with app.app_context(), tenant_context(TenantContext(allowed_ids=frozenset({mworld.b_id}), reason="test")):
        team = db.session.execute(select(MeldingAssignment).where(MeldingAssignment.melding_id == melding_id)).scalars().all()
        assert [(a.user_id, a.ended_at is not None) for a in team] == [(mworld.inspector_a_id, True)]


def test_transfer_page_lists_only_gemeenten_the_user_may_transfer_to(app: Flask, mworld: MWorld) -> None:
    with acting(app, mworld.secretariaat_id, mworld.a_id, commit=True):
        melding_id = bring_to(mworld, MeldingStatus.RECEIVED).id
    client = login(app.test_client(), mworld.emails[mworld.secretariaat_id], PASSWORD)
    path = f"/g/{mworld.world.a_slug}/meldingen/{melding_id}/overdragen"
    html = client.get(path).get_data(as_text=True)
    assert "&#39;s-Gravenhage" in html or "'s-Gravenhage" in html
    token = csrf_from(client, path)
    response = client.post(path, data={"csrf_token": token, "gemeente_id": str(mworld.b_id), "reason": ""})
    assert response.status_code == 400
    response = client.post(path, data={"csrf_token": token, "gemeente_id": str(mworld.b_id), "reason": "Hoort bij Den Haag"})
    assert response.status_code == 302
    assert client.get(f"/g/{mworld.world.b_slug}/meldingen/{melding_id}").status_code == 200
