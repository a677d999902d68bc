"""JSON API: /api/v1/g/<slug>/handhaving — cases, advice, improvement plans, measures and steps —
and /api/v1/regio/handhaving/zaken, the cases of every gemeente the user may see enforcement in.

Refusals of the rules come back as 422 with the message at the field it concerns, in the shape
webargs gives its own validation errors ({"errors": {"json": {field: [message]}}}).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NoReturn

from flask_login import current_user
from marshmallow import Schema
from werkzeug.exceptions import UnprocessableEntity

from blueprints.enforcement import overview, queries, schemas, services
from blueprints.enforcement.models import Advice, EnforcementCase, ImprovementPlan, Measure, MeasureDecision
from blueprints.enforcement.steps import CaseStatus, Step, StepRefused
from regiotoezicht.api import ApiBlueprint, found_first
from regiotoezicht.permissions import Permission
from regiotoezicht.web import requires
from tenants.entitlements import today

api_bp = ApiBlueprint(
    "enforcement_api", __name__,
    description="Handhaving: advies, verbeterplannen, maatregelen en besluiten",
)
#: The gemeente's API; the region-wide list is under /regio/handhaving.
G = "/g/<slug>/handhaving"


def _unprocessable(error: StepRefused, location: str = "json") -> NoReturn:
    exc = UnprocessableEntity("Een of meer velden kloppen niet.")
    exc.data = {"messages": {location: {error.field or "_schema": [error.message]}}}  # type: ignore[attr-defined]
    raise exc


def _run(service: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    try:
        return service(*args, **kwargs)
    except StepRefused as error:
        _unprocessable(error)


def _case_out(case: EnforcementCase) -> dict[str, Any]:
    """The case with its plans and measures, and the other participants' decisions (CaseOut)."""
    data: dict[str, Any] = {name: getattr(case, name) for name in schemas.CaseSummaryOut().fields}
    data["plans"] = case.plans
    data["measures"] = case.measures
    data["other_gemeenten"] = queries.shared_decisions(case)
    return data


@api_bp.route(f"{G}/zaken", methods=["GET"])
@api_bp.response(200, schemas.CaseSummaryOut(many=True))
@requires(Permission.ENFORCEMENT_VIEW)
def list_cases() -> list[EnforcementCase]:
    return queries.list_cases()


@api_bp.route("/regio/handhaving/zaken", methods=["GET"])
@api_bp.arguments(schemas.RegionCaseArgs, location="query")
@api_bp.response(200, schemas.RegionCaseOut(many=True))
@requires(Permission.ENFORCEMENT_VIEW)
def list_region_cases(args: dict[str, Any]) -> list[dict[str, Any]]:
    """Handhavingszaken van alle gemeenten waarin u de handhaving mag zien, de eerstvolgende
    termijn eerst (te laat: berekend bij lezen)."""
    gemeente_ids = {g for g, _ in overview.viewable_gemeenten()}
    if args["gemeente_id"] is not None and args["gemeente_id"] not in gemeente_ids:
        _unprocessable(StepRefused("U ziet de handhaving in deze gemeente niet.", "gemeente_id"), "query")
    flt = queries.RegionFilter(
        gemeente_id=args["gemeente_id"], status=CaseStatus(args["status"]) if args["status"] else None,
        overdue_only=args["overdue"],
    )
    day = today()
    return [
        {
            **{name: getattr(row.case, name) for name in schemas.CaseSummaryOut().fields},
            "gemeente_name": row.gemeente_name, "gemeente_slug": row.gemeente_slug,
            "provider_name": row.provider_name,
            "next_term": None if row.next is None else {
                "what": row.next.what, "due_on": row.next.deadline.due_on,
                "overdue": row.next.deadline.is_overdue(day),
            },
        }
        for row in overview.rows(gemeente_ids, flt, day)
    ]


@api_bp.route(f"{G}/zaken", methods=["POST"])
@api_bp.arguments(schemas.CaseIn)
@api_bp.response(201, schemas.CaseSummaryOut)
@requires(Permission.ENFORCEMENT_DECIDE)
def create_case(data: dict[str, Any]) -> EnforcementCase:
    return _run(services.open_case, data, opened_by_id=current_user.id)


@api_bp.route(f"{G}/zaken/<int:case_id>", methods=["GET"])
@api_bp.response(200, schemas.CaseOut)
@requires(Permission.ENFORCEMENT_VIEW)
def get_case(case_id: int) -> dict[str, Any]:
    return _case_out(queries.get_case_or_404(case_id))


@api_bp.route(f"{G}/zaken/<int:case_id>/afsluiten", methods=["POST"])
@found_first(queries.get_case_or_404, "case_id")
@api_bp.arguments(schemas.CloseIn)
@api_bp.response(200, schemas.CaseSummaryOut)
@requires(Permission.ENFORCEMENT_DECIDE)
def close_case(data: dict[str, Any], case_id: int) -> EnforcementCase:
    return _run(services.close_case, queries.get_case_or_404(case_id), data)


@api_bp.route(f"{G}/adviezen", methods=["GET"])
@api_bp.response(200, schemas.AdviceOut(many=True))
@requires(Permission.ENFORCEMENT_VIEW)
def list_advices() -> list[Advice]:
    return queries.advices_for()


@api_bp.route(f"{G}/adviezen", methods=["POST"])
@api_bp.arguments(schemas.AdviceIn)
@api_bp.response(201, schemas.AdviceOut)
@requires(Permission.ENFORCEMENT_ADVISE)
def create_advice(data: dict[str, Any]) -> Advice:
    return _run(services.give_advice, data, advised_by_id=current_user.id)


@api_bp.route(f"{G}/zaken/<int:case_id>/verbeterplannen", methods=["POST"])
@found_first(queries.get_case_or_404, "case_id")
@api_bp.arguments(schemas.PlanRequestIn)
@api_bp.response(201, schemas.PlanOut)
@requires(Permission.ENFORCEMENT_ADVISE)
def request_plan(data: dict[str, Any], case_id: int) -> ImprovementPlan:
    return _run(services.request_plan, queries.get_case_or_404(case_id), data)


@api_bp.route(f"{G}/zaken/<int:case_id>/maatregelen", methods=["POST"])
@found_first(queries.get_case_or_404, "case_id")
@api_bp.arguments(schemas.MeasureIn)
@api_bp.response(201, schemas.MeasureOut)
@requires(Permission.ENFORCEMENT_DECIDE)
def propose_measure(data: dict[str, Any], case_id: int) -> Measure:
    return _run(services.propose_measure, queries.get_case_or_404(case_id), data)


@api_bp.route(f"{G}/maatregelen/<int:measure_id>", methods=["GET"])
@api_bp.response(200, schemas.MeasureOut)
@requires(Permission.ENFORCEMENT_VIEW)
def get_measure(measure_id: int) -> Measure:
    return queries.get_measure_or_404(measure_id)


PLAN_STEPS: dict[str, tuple[type[Schema], Callable[..., ImprovementPlan]]] = {
    "ontvangst": (schemas.PlanReceiveIn, services.receive_plan),
    "niet-ontvangen": (schemas.PlanNotReceivedIn, services.record_plan_not_received),
    "beoordeling": (schemas.PlanAssessIn, services.assess_plan),
    "hercontrole": (schemas.PlanRecheckIn, services.recheck_plan),
}


def _plan_endpoint(path: str, schema: type[Schema], service: Callable[..., ImprovementPlan]) -> None:
    name = "plan_" + path.replace("-", "_")

    @api_bp.route(f"{G}/verbeterplannen/<int:plan_id>/{path}", methods=["POST"], endpoint=name)
    @found_first(queries.get_plan_or_404, "plan_id")
    @api_bp.arguments(schema)
    @api_bp.response(200, schemas.PlanOut)
    @requires(Permission.ENFORCEMENT_ADVISE)
    def view(data: dict[str, Any], plan_id: int) -> ImprovementPlan:
        return _run(service, queries.get_plan_or_404(plan_id), data)

    view.__name__ = name


for _path, (_schema, _service) in PLAN_STEPS.items():
    _plan_endpoint(_path, _schema, _service)


MEASURE_STEPS: dict[Step, tuple[str, type[Schema]]] = {
    Step.RECORD_VIEW: ("zienswijze", schemas.ViewIn),
    Step.WITHDRAW: ("intrekken", schemas.WithdrawIn),
    Step.DECIDE: ("besluit", schemas.DecisionIn),
    Step.LODGE_OBJECTION: ("bezwaar", schemas.ObjectionIn),
    Step.DECIDE_OBJECTION: ("beslissing-op-bezwaar", schemas.RulingIn),
    Step.LODGE_APPEAL: ("beroep", schemas.AppealIn),
    Step.DECIDE_APPEAL: ("uitspraak", schemas.RulingIn),
}


def _measure_endpoint(step: Step, path: str, schema: type[Schema]) -> None:
    name = "measure_" + step.name.lower()
    service = services.MEASURE_STEP_SERVICES[step]

    @api_bp.route(f"{G}/maatregelen/<int:measure_id>/{path}", methods=["POST"], endpoint=name)
    @found_first(queries.get_measure_or_404, "measure_id")
    @api_bp.arguments(schema)
    @api_bp.response(200, schemas.MeasureOut)
    @requires(Permission.ENFORCEMENT_DECIDE)
    def view(data: dict[str, Any], measure_id: int) -> Measure:
        measure = queries.get_measure_or_404(measure_id)
        result = _run(service, measure, data)
        if isinstance(result, MeasureDecision):
            return queries.get_measure_or_404(measure_id)
        return result

    view.__name__ = name


for _step, (_path, _schema) in MEASURE_STEPS.items():
    _measure_endpoint(_step, _path, _schema)
