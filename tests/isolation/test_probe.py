"""A probe over every URL rule of the app, whichever slice added it.

Each rule is requested with every method it accepts: with gemeente B's slug by users who only
act in gemeente A (always 403, logged), with A's slug and B's object ids by A's admin (never B's
data, nothing of B changed), and anonymously (a login redirect or 401 unless @public). A rule
with a URL argument this probe cannot fill makes it fail: name a B object for it below.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import IntegerConverter, Rule

from blueprints.enforcement import services as enforcement_services
from blueprints.frameworks.services import install_default_framework
from blueprints.investigations.models import (
    DocumentRequest,
    Finding,
    Investigation,
    InvestigationParticipant,
    InvestigationProvider,
    Visit,
)
from blueprints.meldingen.models import MeldingAssignment
from blueprints.meldingen.services import register_melding
from blueprints.reports.models import LegalRemedy, Publication, Report, ReportVersion, ResponsePoint, ResponseRound
from blueprints.workdays.models import DecreedDay
from regiotoezicht.auth.models import User
from regiotoezicht.auth.services import create_api_token
from regiotoezicht.context import TenantContext, tenant_context
from regiotoezicht.extensions import db
from regiotoezicht.mail import OutboxMessage
from regiotoezicht.permissions import Role, roles_grant
from regiotoezicht.web import Scope, access_of, scope_of
from tests.conftest import csrf_from
from tests.factories import World, gemeente, make_merge, make_user, region
from tests.isolation.support import inspect_rows, keep_second_factor_off, leaks_b, only, snapshot_b

pytestmark = pytest.mark.postgres

Login = Callable[[Any], FlaskClient]
SKIP_METHODS = {"HEAD", "OPTIONS"}
#: Would end the probing user's own session halfway through the probe.
SKIP_ENDPOINTS = {"auth.logout"}
#: String arguments that are not ids of anything tenant-owned.
STRING_ARGS = {
    "token": "onbekende-uitnodiging",
    "filename": "css/bestaat-niet.css",
    "key": "meldingen.triage_term_working_days",
    "subject_type_name": "melding",
}
#: Ints that name an object of the gemeente (or an account acting only there): under A's slug
#: such an id of B must not be found at all.
TENANT_OBJECT_ARGS = {
    "contact_id", "membership_id", "attachment_id", "change_id", "relation_id", "melding_id",
    "assignment_id", "investigation_id", "case_id", "plan_id", "measure_id",
}
TENANT_OBJECT_ARGS |= {"version_id", "round_id", "point_id", "remedy_id"}  # reports of B's investigation


def rules(app: Flask) -> Iterator[tuple[Rule, str]]:
    """Every rule and method, gemeente rules first, the probing user's own account last."""
    order = {Scope.GEMEENTE: 0, Scope.REGION: 1, Scope.ACCOUNT: 2}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (order[scope_of(r.rule)], r.rule)):
        if rule.endpoint in SKIP_ENDPOINTS:
            continue
        for method in sorted((rule.methods or set()) - SKIP_METHODS):
            yield rule, method


def fill(rule: Rule, slug: str, ids: dict[str, int]) -> str:
    values: dict[str, Any] = {}
    for name in rule.arguments:
        converter = rule._converters[name]
        if name == "slug":
            values[name] = slug
        elif isinstance(converter, IntegerConverter):
            assert name in ids, f"{rule.rule}: which object of gemeente B fills <int:{name}>?"
            values[name] = ids[name]
        else:
            assert name in STRING_ARGS, f"{rule.rule}: what does the probe put in <{name}>?"
            values[name] = STRING_ARGS[name]
    _, path = rule.build(values, append_unknown=False)  # type: ignore[misc]
    return path


def bodies(ids: dict[str, int], world: World) -> list[dict[str, Any]]:
    """An empty body (reaches loaders that run before validation) and one naming B's objects."""
    full = {
        "name": "Probe",
        "email": "probe@test.nl",
        "display_name": "Probe",
        "function": "Probe",
        "role": "gemeente_viewer",
        "valid_from": date.today().isoformat(),
        "gemeente_id": world.b_id,
        "gemeente": world.b_slug,
        "user_id": ids["user_id"],
        "contact_id": ids["contact_id"],
        "membership_id": ids["membership_id"],
        "require_totp": "y",
        "confirm": "y",
        "change_id": ids["change_id"],
        "value": 9,
        "use_default": "y",
        "note": "Probe",
        "day": "2026-06-12",
        "description": "Probe",
        "decree_reference": "Probe",
        "provider_id": ids["provider_id"],
        "relation_id": ids["relation_id"],
        "survivor_id": ids["provider_id"],
        "financing_form": "pgb",
        "reference": "Probe",
        "starts_on": date.today().isoformat(),
        "service_types": ["huishoudelijke_hulp"],
        "kvk_number": "99999999",
        "reason": "Probe",
        "melding_id": ids["melding_id"],
        "assignment_id": ids["assignment_id"],
        "channel": "telefoon",
        "received_on": date.today().isoformat(),
        "reporter_kind": "aanbieder",
        "summary": "Probe",
        "provider_name": "Probe",
        "client_safe": "ja",
        "criteria_met": "ja",
        "closure_reason": "Probe",
        "file": "Probe",
        "report_received_on": date.today().isoformat(),
        "investigation_id": ids["investigation_id"],
        "case_id": ids["case_id"],
        "plan_id": ids["plan_id"],
        "measure_id": ids["measure_id"],
        "advised_on": "2026-03-02",
        "opened_on": "2026-03-02",
        "requested_on": "2026-03-02",
        "intended_on": "2026-03-02",
        "recommended_kinds": ["last_onder_dwangsom"],
        "legal_basis": "Probe",
        "mandate": "Probe",
        "decided_by": "Probe",
        "decided_on": "2026-03-20",
        "sent_on": "2026-03-20",
        "imposed": True,
        "received": False,
        "recorded_on": "2026-03-20",
        "gemeente_ids": [world.b_id],
        "provider_ids": [ids["provider_id"]],
        "norm_id": ids["norm_id"],
        "judgement_value_id": ids["judgement_value_id"],
        "framework_id": ids["framework_id"],
        "title": "Probe",
        "kind": "reactive",
        "status": "in_progress",
        "explanation": "Probe",
    }
    return [{}, full]


def request(
    client: FlaskClient, rule: Rule, method: str, path: str, body: dict[str, Any], token: str
) -> Any:
    headers = {"X-CSRFToken": token}
    if method == "GET":
        return client.get(path, headers=headers)
    if path.startswith("/api/"):
        return client.open(path, method=method, json=body, headers=headers)
    return client.open(
        path,
        method=method,
        data={**{k: str(v) for k, v in body.items()}, "csrf_token": token},
        headers=headers,
    )


@pytest.fixture()
def b_ids(app: Flask, world: World) -> dict[str, int]:
    """Ids of gemeente B's objects (and of B's admin) for every <int:...> argument in use."""
    admin_b = world.user_ids["admin_b"]
    with app.app_context():
        user = db.session.get(User, admin_b)
        assert user is not None
        token, _ = create_api_token(user, "van b", 30)
        message = OutboxMessage(
            recipient=world.admin_b,
            subject="Voor B",
            body="Contact Den Haag",
            status="outbox",
            created_by_id=admin_b,
        )
        db.session.add(message)
        decreed = DecreedDay(day=date(2026, 5, 15), description="Brugdag", decree_reference="Besluit")
        db.session.add(decreed)
        merge = make_merge(world.provider_id, "Samengevoegd record")
        db.session.commit()
        token_id, message_id, day_id, merge_id = token.id, message.id, decreed.id, merge.id
        melding_id, assignment_id = _b_melding(world)
        fieldwork_ids = b_fieldwork(world)
    (membership_id,) = inspect_rows(
        "SELECT id FROM memberships WHERE user_id = :u AND gemeente_id = :b",
        u=admin_b,
        b=world.b_id,
    )[0]
    (role_id,) = inspect_rows(
        "SELECT id FROM region_roles WHERE user_id = :u", u=world.user_ids["coordinator"]
    )[0]
    return {
        "contact_id": world.contact_b_id,
        "membership_id": membership_id,
        "user_id": admin_b,
        "role_id": role_id,
        "token_id": token_id,
        "message_id": message_id,
        "change_id": world.setting_b_id,
        "day_id": day_id,  # region-less: only CALENDAR_MANAGE may remove it
        # The registry is region-wide: A may see the provider record, never B's relation with it.
        "provider_id": world.provider_id,
        "relation_id": world.relation_b_id,
        "location_id": world.location_id,
        "attachment_id": world.attachment_b_id,
        "subject_id": melding_id,  # the emergency-access route opens a melding of B
        "melding_id": melding_id,
        "assignment_id": assignment_id,
        "merge_id": merge_id,  # registry-level: only PROVIDER_REGISTRY_MANAGE may undo it
        **b_enforcement(app, world),
        **fieldwork_ids,
    }


def _b_melding(world: World) -> tuple[int, int]:
    """A melding of B (its summary carries a B marker) with one case-team row."""
    b = TenantContext(allowed_ids=frozenset({world.b_id}), active_id=world.b_id, reason="test")
    with tenant_context(b):
        melding = register_melding(
            {"kind": "signaal", "reporter_kind": "gemeente", "provider_name": "Aanbieder B",
             "summary": "Contact Den Haag meldt zorgen"},
            channel="email", received_on=date.today(),
        )
        assignment = MeldingAssignment(melding_id=melding.id, user_id=world.user_ids["admin_b"])
        db.session.add(assignment)
        db.session.commit()
        return melding.id, assignment.id


def b_enforcement(app: Flask, world: World) -> dict[str, int]:
    """An investigation only B takes part in, and B's enforcement case on it with an improvement
    plan and a measure (its description carries a B marker)."""
    with app.app_context(), tenant_context(only(world.b_id)):
        investigation = Investigation(
            region_id=world.region_id, kind="reactive", title="Onderzoek Den Haag",
            lead_inspector_id=world.user_ids["admin_b"], status="in_progress",
        )
        investigation.participants.append(InvestigationParticipant(gemeente_id=world.b_id))
        db.session.add(investigation)
        db.session.flush()
        case = enforcement_services.open_case(
            {"provider_id": world.provider_id, "investigation_id": investigation.id, "opened_on": date(2026, 3, 2)},
            opened_by_id=None,
        )
        plan = enforcement_services.request_plan(case, {"requested_on": date(2026, 3, 2)})
        measure = enforcement_services.propose_measure(case, {
            "kind": "dwangsom_medewerking", "description": "Contact Den Haag", "intended_on": date(2026, 3, 2)})
        ids = {"investigation_id": investigation.id, "case_id": case.id, "plan_id": plan.id, "measure_id": measure.id}
        db.session.commit()
    return ids


def b_fieldwork(world: World) -> dict[str, int]:
    """An investigation only B takes part in (of the world's provider), with a visit, a document
    request and a finding."""
    with tenant_context(TenantContext(allowed_ids=frozenset({world.a_id, world.b_id}), reason="test")):
        r = region()
        framework = install_default_framework(r.id, date(2020, 1, 1))
        inspector_b = make_user("inspecteur.b@test.nl", memberships=((gemeente("GM0518"), Role.INSPECTOR),))
        db.session.flush()
    with tenant_context(only(world.b_id)):
        investigation = Investigation(
            region_id=r.id, kind="reactive", title="Onderzoek Den Haag", lead_inspector_id=inspector_b.id,
            framework_id=framework.id, status="in_progress",
        )
        investigation.participants.append(InvestigationParticipant(gemeente_id=world.b_id))
        db.session.add(investigation)
        db.session.flush()
        norm = framework.norms()[0]
        value = framework.judgement_values[0]
        document = DocumentRequest(investigation_id=investigation.id, description="Beleid", requested_on=date(2026, 1, 1))
        db.session.add_all([
            InvestigationProvider(investigation_id=investigation.id, provider_id=world.provider_id),
            Visit(investigation_id=investigation.id, visited_on=date(2026, 1, 1)), document,
            Finding(investigation_id=investigation.id, provider_id=world.provider_id, norm_id=norm.id,
                    judgement_value_id=value.id, explanation="Contact Den Haag"),
        ])
        db.session.flush()
        ids = {
            "document_id": document.id, "norm_id": norm.id,
            "judgement_value_id": value.id, "framework_id": framework.id,
            "domain_id": framework.domains[0].id, "part_id": framework.domains[0].parts[0].id,
        }
        investigation_id = investigation.id
        db.session.commit()
    return ids | b_report(world, investigation_id)


def b_report(world: World, investigation_id: int) -> dict[str, int]:
    """The report of B's investigation: a concept version, a round with a point, B's publication
    with a pending bezwaar."""
    with tenant_context(only(world.b_id)):
        report = Report(investigation_id=investigation_id, status="in_response", advice="Contact Den Haag")
        db.session.add(report)
        db.session.flush()
        version = ReportVersion(
            report_id=report.id, investigation_id=investigation_id, number=1, kind="concept",
            html="<p>Onderzoek Den Haag</p>", sha256="0" * 64, dated_on=date(2026, 1, 2),
        )
        db.session.add(version)
        db.session.flush()
        round_ = ResponseRound(
            report_id=report.id, investigation_id=investigation_id, provider_id=world.provider_id,
            concept_version_id=version.id, contact_email="contact@denhaag.test", sent_on=date(2026, 1, 2),
            due_on=date(2026, 1, 16), term_weeks=2, status="received",
        )
        publication = Publication(report_id=report.id, investigation_id=investigation_id, status="decided")
        db.session.add_all([round_, publication])
        db.session.flush()
        point = ResponsePoint(round_id=round_.id, investigation_id=investigation_id, text="Contact Den Haag")
        remedy = LegalRemedy(publication_id=publication.id, kind="bezwaar", lodged_on=date(2026, 1, 20))
        db.session.add_all([point, remedy])
        db.session.flush()
        ids = {"version_id": version.id, "round_id": round_.id, "point_id": point.id, "remedy_id": remedy.id}
        db.session.commit()
    return ids


@pytest.mark.parametrize("who", ["admin_a", "viewer_a", "inspector_a"])
def test_every_gemeente_rule_with_bs_slug_is_forbidden(
    app: Flask, world: World, client_for: Login, b_ids: dict[str, int], who: str
) -> None:
    client = client_for(SimpleNamespace(email=getattr(world, who)))
    token = csrf_from(client, "/account")
    before = snapshot_b(world)
    probed: list[str] = []
    for rule, method in rules(app):
        if scope_of(rule.rule) is not Scope.GEMEENTE:
            continue
        path = fill(rule, world.b_slug, b_ids)
        for body in bodies(b_ids, world) if method != "GET" else [{}]:
            response = request(client, rule, method, path, body, token)
            assert response.status_code == 403, (method, rule.rule, response.status_code)
            assert leaks_b(response.get_data(as_text=True)) == [], (method, rule.rule)
            probed.append(path)
    assert len(probed) > 20
    assert snapshot_b(world) == before
    refused = inspect_rows(
        "SELECT gemeente_id, actor_user_id, detail->>'path' FROM audit_events WHERE action = 'access.refused' ORDER BY id"
    )
    assert refused == [(world.b_id, world.user_ids[who], path) for path in probed]


def test_every_rule_with_bs_ids_never_shows_or_changes_b(
    app: Flask, world: World, client_for: Login, b_ids: dict[str, int]
) -> None:
    client = client_for(SimpleNamespace(email=world.admin_a))
    token = csrf_from(client, "/account")
    # A rule A's admin may not use (a 403 before anything loads) is probed again by A's
    # inspector, who may: B's ids must then be simply not found.
    inspector = client_for(SimpleNamespace(email=world.inspector_a))
    inspector_token = csrf_from(inspector, "/account")
    before = snapshot_b(world)
    outcomes: dict[tuple[str, str], set[int]] = {}
    for rule, method in rules(app):
        path = fill(rule, world.a_slug, b_ids)
        access = access_of(app, rule.endpoint)
        permission = access.permission if access is not None else None
        admin_lacks = (
            permission is not None and scope_of(rule.rule) is Scope.GEMEENTE
            and not roles_grant([Role.GEMEENTE_ADMIN], permission)
        )
        for body in bodies(b_ids, world) if method != "GET" else [{}]:
            response = request(client, rule, method, path, body, token)
            keep_second_factor_off(world.a_id)
            if admin_lacks:
                assert response.status_code == 403, (method, rule.rule, response.status_code)
                response = request(inspector, rule, method, path, body, inspector_token)
                keep_second_factor_off(world.a_id)
            text = response.get_data(as_text=True)
            assert leaks_b(text) == [], (method, rule.rule, response.status_code, leaks_b(text))
            assert response.status_code < 500, (method, rule.rule, text[:300])
            outcomes.setdefault((method, rule.rule), set()).add(response.status_code)
            if scope_of(rule.rule) is Scope.GEMEENTE and TENANT_OBJECT_ARGS & set(rule.arguments):
                # Not found; a body naming other fields may be refused by validation first.
                allowed = {404} if not body else {400, 404, 422}
                if admin_lacks and not roles_grant([Role.INSPECTOR], permission):
                    allowed = {403}  # neither may use this rule at all: refused before loading
                assert response.status_code in allowed, (method, rule.rule, response.status_code)
        assert snapshot_b(world) == before, (method, rule.rule)
    # The probe really got past login for A's pages (it would prove nothing on 302s).
    assert outcomes[("GET", "/g/<slug>/contactpersonen/")] == {200}
    assert outcomes[("GET", "/g/<slug>/contactpersonen/<int:contact_id>")] == {404}


def test_every_rule_without_public_asks_anonymous_users_to_log_in(
    app: Flask, world: World, b_ids: dict[str, int]
) -> None:
    client = app.test_client()
    checked = 0
    for rule, method in rules(app):
        access = access_of(app, rule.endpoint)
        assert access is not None
        if access.public:
            continue
        path = fill(rule, world.b_slug, b_ids)
        response = client.open(path, method=method)
        if path.startswith("/api/"):
            assert response.status_code == 401, (method, rule.rule, response.status_code)
        else:
            assert response.status_code == 302, (method, rule.rule, response.status_code)
            assert response.headers["Location"].startswith("/login"), (method, rule.rule)
        assert leaks_b(response.get_data(as_text=True)) == []
        checked += 1
    assert checked > 40
    assert snapshot_b(world)["contacts"][0][1] == "Contact Den Haag"
