"""Toetsingskaders on PostgreSQL: the default art. 3.1 kader, fixing, immutability of a fixed
version (service and model guard), new versions as copies, and the pages for the region."""

from __future__ import annotations

import re
from datetime import date

import pytest
from flask import Flask
from sqlalchemy import func, select

from blueprints.frameworks import default, services
from blueprints.frameworks.models import FixedFrameworkChanged, Framework, JudgementValue, Norm
from regiotoezicht.context import TenantContext, tenant_context
from regiotoezicht.extensions import db
from tests.conftest import csrf_from
from tests.factories import World

pytestmark = pytest.mark.postgres

NORM = {
    "code": "9.9.9", "text": "Een eigen norm.", "legal_source_kind": "verordening",
    "legal_reference": "art. 4 Verordening", "financing_forms": ["pgb"],
}


def region_ctx(world: World) -> TenantContext:
    return TenantContext(allowed_ids=frozenset({world.a_id, world.b_id}), reason="test")


def test_default_framework_covers_the_quality_requirements(app: Flask, world: World) -> None:
    with app.app_context(), tenant_context(region_ctx(world)):
        framework = services.install_default_framework(world.region_id, date(2026, 1, 1))
        db.session.commit()
        assert framework.is_fixed and framework.version == 1
        assert [d.title for d in framework.domains] == [
            "Individueel plan", "Kwaliteitssysteem", "Veiligheid", "Medewerkers en vrijwilligers", "Rechtmatigheid",
        ]
        norms = framework.norms()
        references = " ".join(n.legal_reference for n in norms)
        for article in ("3.1", "3.2", "3.3", "3.4", "3.5"):
            assert f"art. {article}" in references, article
        assert {a for n in norms for a in n.quality_aspects} == set(default.QUALITY_ASPECTS)
        assert all(n.financing_forms for n in norms)
        assert {f for n in norms for f in n.financing_forms} == {"contract", "subsidie", "pgb"}
        assert [(v.code, v.is_shortcoming, v.is_assessed) for v in framework.judgement_values] == [
            ("voldoet", False, True), ("voldoet_deels", True, True), ("voldoet_niet", True, True),
            ("niet_beoordeeld", False, False),
        ]


def test_a_fixed_version_is_immutable_and_a_new_version_is_a_copy(app: Flask, world: World) -> None:
    with app.app_context(), tenant_context(region_ctx(world)):
        fixed = services.install_default_framework(world.region_id, date(2026, 1, 1))
        db.session.commit()
        part = fixed.domains[0].parts[0]
        norm = part.norms[0]
        for change in (
            lambda: services.add_norm(part, NORM),
            lambda: services.update_norm(norm, {**NORM, "code": norm.code}),
            lambda: services.remove_norm(norm),
            lambda: services.update_framework(fixed, {"description": "x"}),
            lambda: services.fix_framework(fixed, None),
        ):
            with pytest.raises(services.FrameworkError, match="vastgesteld"):
                change()
        # past the services, the model guard refuses a direct change as well
        norm.text = "Stilletjes gewijzigd"
        with pytest.raises(FixedFrameworkChanged):
            db.session.flush()
        db.session.rollback()
        fixed = db.session.scalars(select(Framework)).one()
        copy = services.new_version(fixed, date(2027, 1, 1))
        assert (copy.version, copy.status, copy.derived_from_id) == (2, "concept", fixed.id)
        assert [n.code for n in copy.norms()] == [n.code for n in fixed.norms()]
        assert {n.id for n in copy.norms()}.isdisjoint({n.id for n in fixed.norms()})
        assert all(n.framework_id == copy.id for n in copy.norms())
        services.add_norm(copy.domains[0].parts[0], NORM)
        with pytest.raises(services.FrameworkError, match="nieuwere versie"):
            services.new_version(fixed)
        services.fix_framework(copy, world.user_ids["region_admin"])
        db.session.commit()
        assert len(fixed.norms()) + 1 == len(copy.norms())
        assert db.session.scalar(select(func.count(JudgementValue.id))) == 8


def test_norms_are_validated_in_the_service(app: Flask, world: World) -> None:
    with app.app_context(), tenant_context(region_ctx(world)):
        framework = services.create_framework(world.region_id, {"name": "Eigen kader", "valid_from": date(2026, 1, 1)})
        domain = services.add_domain(framework, {"code": "A", "title": "Domein"})
        part = services.add_part(domain, {"code": "A.1", "title": "Onderdeel"})
        for bad, field in (
            ({**NORM, "financing_forms": []}, "financing_forms"),
            ({**NORM, "financing_forms": ["lening"]}, "financing_forms"),
            ({**NORM, "legal_source_kind": "wet"}, "legal_source_kind"),
            ({**NORM, "legal_reference": " "}, "legal_reference"),
            ({**NORM, "text": ""}, "text"),
        ):
            with pytest.raises(services.FrameworkError) as caught:
                services.add_norm(part, bad)
            assert caught.value.field == field
        services.add_norm(part, NORM)
        with pytest.raises(services.FrameworkError, match="komt al voor"):
            services.add_norm(part, NORM)
        with pytest.raises(services.FrameworkError, match="bestaat|al een"):
            services.create_framework(world.region_id, {"name": "Eigen kader", "valid_from": date(2026, 1, 1)})
        empty = services.add_domain(framework, {"code": "B", "title": "Leeg"})
        assert empty is not None
        with pytest.raises(services.FrameworkError, match="Domein B"):
            services.fix_framework(framework, None)


def test_region_admin_pages(app: Flask, world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    admin = client_for(type("U", (), {"email": world.region_admin}))
    page = admin.get("/regio/toetsingskaders/")
    assert page.status_code == 200
    token = csrf_from(admin, "/regio/toetsingskaders/")
    response = admin.post("/regio/toetsingskaders/standaard", data={"csrf_token": token})
    assert response.status_code == 302
    framework_id = int(re.search(r"/(\d+)$", response.headers["Location"]).group(1))  # type: ignore[union-attr]
    detail = admin.get(f"/regio/toetsingskaders/{framework_id}").get_data(as_text=True)
    assert "Individueel plan" in detail and "Vaststellen" in detail
    bad = admin.post(
        f"/regio/toetsingskaders/{framework_id}/onderdelen/999999/normen/nieuw", data={"csrf_token": token}
    )
    assert bad.status_code == 404
    with app.app_context(), tenant_context(region_ctx(world)):
        part_id = db.session.scalars(select(Norm.part_id)).first()
    form = admin.post(
        f"/regio/toetsingskaders/{framework_id}/onderdelen/{part_id}/normen/nieuw",
        data={"csrf_token": token, "code": "1.1.1", "text": "x", "legal_source_kind": "verordening",
              "legal_reference": "art. 1"},
    )
    assert form.status_code == 400
    body = form.get_data(as_text=True)
    assert "Kies ten minste één financieringsvorm." in body
    assert admin.post(f"/regio/toetsingskaders/{framework_id}/vaststellen", data={"csrf_token": token}).status_code == 302
    assert "Vastgesteld op" in admin.get(f"/regio/toetsingskaders/{framework_id}").get_data(as_text=True)
    # not for gemeente roles or inspectors
    for email in (world.admin_a, world.inspector_a):
        other = client_for(type("U", (), {"email": email}))
        assert other.get("/regio/toetsingskaders/").status_code == 403
