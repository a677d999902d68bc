"""Pages of enforcement under /g/<slug>/handhaving, the region-wide overview /regio/handhaving
and the inspector's advice from an investigation under /regio/onderzoeken/<id>/advies:
parse → service → render.

The toezichthouder advises and runs the improvement plan (ENFORCEMENT_ADVISE); the gemeente
records measures and besluiten (ENFORCEMENT_DECIDE); both read (ENFORCEMENT_VIEW). The
investigation's detail page shows the enforcement section through a template global, so the
investigations slice needs no import of this one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from blueprints.enforcement import deadlines, forms, links, overview, queries, services
from blueprints.enforcement.kinds import KIND_SPECS, MeasureKind, kind_label
from blueprints.enforcement.steps import (
    STEP_LABELS,
    CaseOutcome,
    CaseStatus,
    MeasureStatus,
    ObjectionOutcome,
    PlanStatus,
    Standing,
    Step,
    StepRefused,
    allowed_steps,
)
from blueprints.investigations.models import Investigation
from regiotoezicht import audit
from regiotoezicht.context import require_tenant_context
from regiotoezicht.form_errors import show_errors, status_of
from regiotoezicht.permissions import Permission
from regiotoezicht.web import requires
from tenants.entitlements import today
from tenants.resolution import current_entitlements, current_gemeente, refuse

bp = Blueprint("enforcement", __name__, template_folder="templates")
#: The gemeente's pages; the inspector's page per investigation lives under /regio/onderzoeken.
G = "/g/<slug>/handhaving"


def _label(enum_cls: Any) -> Callable[[str | None], str]:
    def label(value: str | None) -> str:
        return "" if value is None else enum_cls(value).label

    return label


bp.add_app_template_filter(_label(CaseOutcome), "enf_outcome")
bp.add_app_template_filter(_label(ObjectionOutcome), "enf_ruling")
bp.add_app_template_filter(_label(Standing), "enf_standing")
bp.add_app_template_filter(kind_label, "enf_kind")


def _attach(form: FlaskForm, error: StepRefused) -> None:
    """Show a service's refusal at the field it concerns (or above the form)."""
    show_errors(form, {error.field: error.message})


def _can(permission: Permission) -> bool:
    gemeente, ents = current_gemeente(), current_entitlements()
    return gemeente is not None and ents is not None and ents.can(permission, gemeente.id)


def _render_form(template: str, form: FlaskForm, **context: Any) -> tuple[str, int]:
    return render_template(template, form=form, **context), status_of(form)


@bp.get(f"{G}/")
@requires(Permission.ENFORCEMENT_VIEW)
def index() -> str:
    cases = queries.list_cases()
    return render_template(
        "enforcement/index.html", cases=cases, today=today(), next_deadline=queries.next_deadline,
        providers=links.provider_names({c.provider_id for c in cases}),
        can_decide=_can(Permission.ENFORCEMENT_DECIDE), CaseStatus=CaseStatus,
    )


@bp.get("/regio/handhaving/")
@requires(Permission.ENFORCEMENT_VIEW)
def region_index() -> str:
    """The cases of every gemeente the user may see enforcement in, the earliest term first."""
    gemeenten = overview.viewable_gemeenten()
    flt, chosen = overview.filter_from_args(request.args, {g for g, _ in gemeenten})
    day = today()
    return render_template(
        "enforcement/region_index.html", rows=overview.rows([g for g, _ in gemeenten], flt, day),
        gemeenten=gemeenten, chosen=chosen, today=day, CaseStatus=CaseStatus,
    )


@bp.route(f"{G}/zaken/nieuw", methods=["GET", "POST"])
@requires(Permission.ENFORCEMENT_DECIDE)
def create_case() -> str | Response | tuple[str, int]:
    gemeente = current_gemeente()
    assert gemeente is not None
    form = forms.CaseForm()
    form.provider_id.choices = forms.choices(links.provider_choices(gemeente.id, today()))
    form.investigation_id.choices = forms.choices([(None, "Geen onderzoek (bijv. weigering medewerking, Awb 5:20)")] + links.investigation_choices(gemeente.id))
    if form.validate_on_submit():
        try:
            case = services.open_case(form.data_for_service(), opened_by_id=current_user.id)
        except StepRefused as error:
            _attach(form, error)
        else:
            flash(f"Handhavingszaak {case.reference} is geopend.", "success")
            return redirect(url_for("enforcement.case", case_id=case.id))
    return _render_form("enforcement/case_form.html", form)


@bp.get(f"{G}/zaken/<int:case_id>")
@requires(Permission.ENFORCEMENT_VIEW)
def case(case_id: int) -> str:
    case = queries.get_case_or_404(case_id)
    shared = queries.shared_decisions(case)
    advice = queries.get_advice_or_404(case.advice_id) if case.advice_id else None
    grounds = [*(advice.finding_ids if advice else []), *(f for m in case.measures for f in m.finding_ids)]
    return render_template(
        "enforcement/case.html", case=case, today=today(), shared=shared, advice=advice,
        findings=links.findings(grounds),
        follow_ups=links.follow_ups(case.investigation_id, case.gemeente_id, case.provider_id),
        provider_name=links.provider_names({case.provider_id}).get(case.provider_id, ""),
        investigation=links.investigation_label(case.investigation_id),
        gemeente_names=links.gemeente_names({s.gemeente_id for s in shared}),
        can_advise=_can(Permission.ENFORCEMENT_ADVISE), can_decide=_can(Permission.ENFORCEMENT_DECIDE),
        allowed_steps=allowed_steps, kind_label=kind_label, MeasureStatus=MeasureStatus,
        PlanStatus=PlanStatus, CaseStatus=CaseStatus, Step=Step, step_labels=STEP_LABELS,
        terms=deadlines,
    )


@bp.route(f"{G}/zaken/<int:case_id>/afsluiten", methods=["GET", "POST"])
@requires(Permission.ENFORCEMENT_DECIDE)
def close_case(case_id: int) -> str | Response | tuple[str, int]:
    case = queries.get_case_or_404(case_id)
    form = forms.CloseForm()
    follow_ups = links.follow_ups(case.investigation_id, case.gemeente_id, case.provider_id)
    form.follow_up_investigation_id.choices = forms.choices(
        [(None, "Geen")] + [(f.id, f"{f.label} ({f.summary})") for f in follow_ups]
    )
    if form.validate_on_submit():
        try:
            services.close_case(case, form.data_for_service())
        except StepRefused as error:
            _attach(form, error)
        else:
            flash(f"Zaak {case.reference} is afgesloten.", "success")
            return redirect(url_for("enforcement.case", case_id=case.id))
    return _render_form("enforcement/step_form.html", form, case=case, title="Zaak afsluiten",
                        intro="Sluit de zaak af met een uitkomst. Dat kan pas als geen verbeterplan of maatregel meer op een stap wacht. "
                              "‘Vervolgonderzoek: voldoet’ kan alleen op een vervolgonderzoek dat de aanbieder beoordeelde zonder tekortkomingen.")


@bp.route(f"{G}/onderzoeken/<int:investigation_id>/advies", methods=["GET", "POST"])
@requires(Permission.ENFORCEMENT_ADVISE)
def advise(investigation_id: int) -> str | Response | tuple[str, int]:
    gemeente = current_gemeente()
    assert gemeente is not None
    label = links.investigation_for_gemeente_or_404(investigation_id, gemeente.id)
    form = forms.AdviceForm()
    providers = links.assessed_provider_choices(investigation_id, gemeente.id)
    form.provider_id.choices = forms.choices(providers)
    form.finding_ids.choices = forms.choices(finding_choices(investigation_id, providers))
    ladder = services.ladder(gemeente.id, today())
    form.recommended_kinds.choices = forms.choices([(k, kind_label(k)) for k in ladder])
    if form.validate_on_submit():
        try:
            services.give_advice(form.data_for_service(investigation_id), advised_by_id=current_user.id)
        except StepRefused as error:
            _attach(form, error)
        else:
            flash("Het advies aan het college is vastgelegd en de handhavingszaak staat klaar.", "success")
            return redirect(url_for("enforcement.index"))
    return _render_form("enforcement/advice_form.html", form, investigation=label,
                        advices=queries.advices_for(investigation_id), kind_label=kind_label)


def finding_choices(investigation_id: int, providers: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The tekortkomingen of these providers in the investigation, as checkbox choices (with the
    provider's name when there are several)."""
    named = len(providers) > 1
    return [
        (f.id, f"{name}: {f.label}" if named else f.label)
        for provider_id, name in providers
        for f in links.shortcomings(investigation_id, provider_id)
    ]


# --- the inspector's advice from the investigation (/regio/) --------------------------------


def _viewable(permission: Permission) -> set[int]:
    """The gemeenten of the request's context in which the user has `permission`."""
    ents = current_entitlements()
    ctx = require_tenant_context()
    return {g for g in ctx.allowed_ids if ents is not None and ents.can(permission, g)}


def _on_investigation(investigation: Investigation) -> bool:
    return current_user.id in (investigation.lead_inspector_id, investigation.second_inspector_id)


@bp.app_template_global("enforcement_of_investigation")
def enforcement_of_investigation(investigation: Investigation, region: bool = False) -> dict[str, Any] | None:
    """The enforcement section of an investigation's detail page (investigations/detail.html
    includes enforcement/_investigation.html when this global exists): advice and cases per
    participant gemeente as far as the viewer may see them, and for a follow-up investigation
    the cases of the investigation it follows up."""
    viewable = _viewable(Permission.ENFORCEMENT_VIEW)
    if not viewable:
        return None
    rows = queries.enforcement_of_investigation(investigation.id, viewable)
    followed = (
        queries.enforcement_of_investigation(investigation.follows_up_investigation_id, viewable)
        if investigation.follows_up_investigation_id else []
    )
    gemeenten = {r.gemeente_id for r in [*rows, *followed]}
    cases = [c for r in [*rows, *followed] for c in r.cases]
    advices = [a for r in rows for a in r.advices]
    on_it = _on_investigation(investigation)
    can_advise = region and on_it and bool(_viewable(Permission.ENFORCEMENT_ADVISE))
    can_advise_here = not region and on_it and current_gemeente() is not None and _can(Permission.ENFORCEMENT_ADVISE)
    return {
        "rows": rows, "followed": followed, "names": links.gemeente_names(gemeenten),
        "slugs": links.gemeente_slugs(gemeenten),
        "providers": links.provider_names({c.provider_id for c in cases} | {a.provider_id for a in advices}),
        "findings": links.findings(f for a in advices for f in a.finding_ids),
        "can_advise": can_advise, "can_advise_here": can_advise_here, "CaseStatus": CaseStatus,
    }


@bp.route("/regio/onderzoeken/<int:investigation_id>/advies", methods=["GET", "POST"])
@requires(Permission.ENFORCEMENT_ADVISE)
def region_advise(investigation_id: int) -> str | Response | tuple[str, int]:
    investigation = links.investigation(investigation_id)
    if investigation is None:
        audit.record_outside_transaction("access.not_found", object_type="Investigation", object_id=investigation_id)
        abort(404)
    if not _on_investigation(investigation):
        refuse(None, Permission.ENFORCEMENT_ADVISE, "not_on_investigation")
    gemeente_ids = links.participant_ids(investigation_id)
    names = links.gemeente_names(gemeente_ids)
    providers = links.assessed_providers(investigation_id)
    form = forms.RegionAdviceForm()
    form.gemeente_ids.choices = forms.choices([(g, names[g]) for g in sorted(gemeente_ids, key=names.__getitem__)])
    form.provider_id.choices = forms.choices(providers)
    form.finding_ids.choices = forms.choices(finding_choices(investigation_id, providers))
    kinds = {k for g in gemeente_ids for k in services.ladder(g, today())}
    form.recommended_kinds.choices = forms.choices([(k.value, k.label) for k in MeasureKind if k.value in kinds])
    if not form.is_submitted():
        form.gemeente_ids.data = list(gemeente_ids)
        if len(providers) == 1:  # one provider: the advice usually rests on all its tekortkomingen
            form.finding_ids.data = [value for value, _ in finding_choices(investigation_id, providers)]
    if form.validate_on_submit():
        data = form.data_for_service(investigation_id)
        try:
            advices = services.advise_participants(
                investigation_id, data.pop("gemeente_ids"), data, advised_by_id=current_user.id
            )
        except StepRefused as error:
            _attach(form, error)
        else:
            flash(f"Het advies is vastgelegd voor {len(advices)} gemeente(n); elke gemeente heeft een "
                  "handhavingszaak.", "success")
            return redirect(url_for("investigations.region_detail", investigation_id=investigation_id))
    return _render_form(
        "enforcement/region_advice.html", form, investigation=investigation,
        enforcement=enforcement_of_investigation(investigation),
    )


# --- improvement plan ---------------------------------------------------------------------


@bp.route(f"{G}/zaken/<int:case_id>/verbeterplan", methods=["GET", "POST"])
@requires(Permission.ENFORCEMENT_ADVISE)
def request_plan(case_id: int) -> str | Response | tuple[str, int]:
    case = queries.get_case_or_404(case_id)
    form = forms.PlanRequestForm()
    if form.validate_on_submit():
        try:
            plan = services.request_plan(case, form.data_for_service())
        except StepRefused as error:
            _attach(form, error)
        else:
            flash(f"Verbeterplan gevraagd; de termijn loopt tot en met {plan.due_on:%d-%m-%Y}.", "success")
            return redirect(url_for("enforcement.case", case_id=case.id))
    return _render_form("enforcement/step_form.html", form, case=case, title="Verbeterplan vragen",
                        intro="Een verbeterplan is geen sanctie: de aanbieder krijgt de kans de tekortkomingen zelf te herstellen. De termijn volgt uit de instelling van de gemeente.")


PLAN_ACTIONS: dict[str, tuple[type[FlaskForm], Callable[..., Any], str, str]] = {
    "ontvangst": (forms.PlanReceiveForm, services.receive_plan, "Verbeterplan ontvangen", "Het verbeterplan is als ontvangen vastgelegd."),
    "niet-ontvangen": (forms.PlanNotReceivedForm, services.record_plan_not_received, "Verbeterplan niet ontvangen", "Vastgelegd dat het verbeterplan niet binnen de termijn is ontvangen."),
    "beoordeling": (forms.PlanAssessForm, services.assess_plan, "Verbeterplan beoordelen", "De beoordeling is vastgelegd."),
    "hercontrole": (forms.PlanRecheckForm, services.recheck_plan, "Hercontrole vastleggen", "De hercontrole is vastgelegd."),
}


def _plan_view(action: str) -> Callable[[int], Any]:
    form_cls, service, title, done = PLAN_ACTIONS[action]

    @requires(Permission.ENFORCEMENT_ADVISE)
    def view(plan_id: int) -> str | Response | tuple[str, int]:
        plan = queries.get_plan_or_404(plan_id)
        form = form_cls()
        if isinstance(form, forms.PlanRecheckForm):
            follow_ups = links.follow_ups(plan.case.investigation_id, plan.gemeente_id, plan.case.provider_id)
            form.recheck_investigation_id.choices = forms.choices(
                [(None, "Geen (hercontrole zonder vervolgonderzoek)")]
                + [(f.id, f"{f.label} ({f.summary})") for f in follow_ups]
            )
        if form.validate_on_submit():
            try:
                service(plan, form.data_for_service())
            except StepRefused as error:
                _attach(form, error)
            else:
                flash(done, "success")
                return redirect(url_for("enforcement.case", case_id=plan.case_id))
        return _render_form("enforcement/step_form.html", form, case=plan.case, title=title, plan=plan)

    view.__name__ = f"plan_{action.replace('-', '_')}"
    return view


for _action in PLAN_ACTIONS:
    bp.add_url_rule(
        f"{G}/verbeterplannen/<int:plan_id>/{_action}", endpoint=f"plan_{_action.replace('-', '_')}",
        view_func=_plan_view(_action), methods=["GET", "POST"],
    )


# --- measures -----------------------------------------------------------------------------


@bp.route(f"{G}/zaken/<int:case_id>/maatregel", methods=["GET", "POST"])
@requires(Permission.ENFORCEMENT_DECIDE)
def propose_measure(case_id: int) -> str | Response | tuple[str, int]:
    case = queries.get_case_or_404(case_id)
    form = forms.MeasureForm()
    form.kind.choices = forms.choices([(k, kind_label(k)) for k in services.ladder(case.gemeente_id, today())])
    if case.investigation_id is not None:
        form.finding_ids.choices = forms.choices(
            finding_choices(case.investigation_id, [(case.provider_id, "")])
        )
        if not form.is_submitted() and case.advice_id:
            form.finding_ids.data = queries.get_advice_or_404(case.advice_id).finding_ids
    else:
        del form.finding_ids  # a case without investigation has no findings to rest on
    if form.validate_on_submit():
        try:
            measure = services.propose_measure(case, form.data_for_service())
        except StepRefused as error:
            _attach(form, error)
        else:
            flash(f"Voornemen vastgelegd; de zienswijzetermijn loopt tot en met {measure.view_due_on:%d-%m-%Y}.", "success")
            return redirect(url_for("enforcement.case", case_id=case.id))
    bases = {k.value: spec.default_legal_basis for k, spec in KIND_SPECS.items()}
    return _render_form("enforcement/step_form.html", form, case=case, title="Voornemen tot maatregel",
                        intro="Het college maakt het voornemen bekend; de aanbieder krijgt de gelegenheid een zienswijze te geven (artikel 4:8 Awb).",
                        bases=bases, MeasureKind=MeasureKind)


STEP_URLS = {
    Step.RECORD_VIEW: "zienswijze",
    Step.WITHDRAW: "intrekken",
    Step.DECIDE: "besluit",
    Step.LODGE_OBJECTION: "bezwaar",
    Step.DECIDE_OBJECTION: "beslissing-op-bezwaar",
    Step.LODGE_APPEAL: "beroep",
    Step.DECIDE_APPEAL: "uitspraak",
}
STEP_FORMS: dict[Step, tuple[type[FlaskForm], str, str]] = {
    Step.RECORD_VIEW: (forms.ViewForm, "Zienswijze vastleggen", "Leg vast of de aanbieder een zienswijze gaf. ‘Niet ontvangen’ kan pas na afloop van de termijn."),
    Step.WITHDRAW: (forms.WithdrawForm, "Voornemen intrekken", "Het college ziet af van het voornemen voordat het besluit."),
    Step.DECIDE: (forms.DecisionForm, "Besluit vastleggen", "Het besluit van het college: de grondslag, wie besloot en onder welk mandaat. Bij een herstelsanctie een begunstigingstermijn, bij een dwangsom het bedrag en het maximum."),
    Step.LODGE_OBJECTION: (forms.ObjectionForm, "Bezwaar vastleggen", "De bezwaartermijn is zes weken na verzending van het besluit (artikel 6:7 Awb)."),
    Step.DECIDE_OBJECTION: (forms.RulingForm, "Beslissing op bezwaar", "De beslistermijn is zes weken na afloop van de bezwaartermijn, twaalf met een bezwaarcommissie (artikel 7:10 Awb)."),
    Step.LODGE_APPEAL: (forms.AppealForm, "Beroep vastleggen", "Beroep bij de rechtbank binnen zes weken na de beslissing op bezwaar."),
    Step.DECIDE_APPEAL: (forms.RulingForm, "Uitspraak in beroep", "De uitspraak van de rechtbank."),
}


def _measure_view(step: Step) -> Callable[[int], Any]:
    form_cls, title, intro = STEP_FORMS[step]
    service = services.MEASURE_STEP_SERVICES[step]

    @requires(Permission.ENFORCEMENT_DECIDE)
    def view(measure_id: int) -> str | Response | tuple[str, int]:
        measure = queries.get_measure_or_404(measure_id)
        form = form_cls()
        if step is Step.DECIDE and not form.is_submitted():
            form.legal_basis.data = measure.legal_basis
        if form.validate_on_submit():
            try:
                service(measure, form.data_for_service())
            except StepRefused as error:
                _attach(form, error)
            else:
                flash(f"{title}: vastgelegd.", "success")
                return redirect(url_for("enforcement.case", case_id=measure.case_id))
        return _render_form("enforcement/step_form.html", form, case=measure.case, measure=measure,
                            title=title, intro=intro, kind_label=kind_label)

    view.__name__ = f"measure_{step.name.lower()}"
    return view


for _step, _path in STEP_URLS.items():
    bp.add_url_rule(
        f"{G}/maatregelen/<int:measure_id>/{_path}", endpoint=f"measure_{_step.name.lower()}",
        view_func=_measure_view(_step), methods=["GET", "POST"],
    )
