"""Pages for providers: a gemeente's relations (/g/<slug>/aanbieders) and the registry (/regio/aanbieders).

Thin views: parse the form, call the service, render. Every rule is checked in services.py;
a refusal is shown at the field it concerns.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from werkzeug.wrappers import Response

from blueprints.providers import panels, queries, services
from blueprints.providers.forms import (
    LocationForm,
    MergeForm,
    NewProviderForm,
    ProviderForm,
    RelationForm,
    UndoMergeForm,
)
from blueprints.providers.models import FinancingForm, Provider
from regiotoezicht.auth.forms import ConfirmForm
from regiotoezicht.extensions import db
from regiotoezicht.form_errors import show_errors, status_of
from regiotoezicht.permissions import Permission
from regiotoezicht.web import requires
from tenants.entitlements import today
from tenants.models import Gemeente
from tenants.resolution import current_entitlements, current_gemeente

bp = Blueprint("providers", __name__, template_folder="templates")

Page = str | Response | tuple[str, int]

#: Form fields the service's field names map to (a new provider's first location is flat).
_FIELD_ALIASES = {"locations.0.name": "location_name", "locations.0.street": "street",
                  "locations.0.house_number": "house_number", "locations.0.postcode": "postcode",
                  "locations.0.city": "city"}


def _attach(form: FlaskForm, error: services.ProviderError) -> None:
    """Show a service's refusal at the fields it concerns (or above the form)."""
    show_errors(form, error.errors, _FIELD_ALIASES)


def _can(permission: Permission, gemeente_id: int | None = None) -> bool:
    ents = current_entitlements()
    return ents is not None and ents.can(permission, gemeente_id)


def _gemeente() -> Gemeente:
    gemeente = current_gemeente()
    assert gemeente is not None  # every /g/<slug>/ view has one
    return gemeente


# --- inside a gemeente ----------------------------------------------------------------------


@bp.get("/g/<slug>/aanbieders/")
@requires(Permission.PROVIDERS_VIEW)
def gemeente_index() -> str:
    gemeente = _gemeente()
    q = (request.args.get("q") or "").strip()
    results = queries.search_registry(q) if q else []
    overview = queries.overview_of_gemeente(gemeente.id)
    related = {o.provider.id for o in overview}
    return render_template(
        "providers/gemeente_index.html", overview=overview, today=today(), q=q, results=results,
        related=related, can_manage=_can(Permission.PROVIDER_RELATIONS_MANAGE, gemeente.id),
    )


@bp.route("/g/<slug>/aanbieders/nieuw", methods=["GET", "POST"])
@requires(Permission.PROVIDER_RELATIONS_MANAGE)
def gemeente_new() -> Page:
    """A provider the registry does not know yet: add it, then record the relation."""
    gemeente = _gemeente()
    form = NewProviderForm()
    if request.method == "GET" and request.args.get("naam"):
        form.name.data = request.args["naam"]
    regions = queries.regions_serving(gemeente.id)
    error: services.ProviderError | None = None
    if not regions:
        form.form_errors.append("Deze gemeente hoort vandaag bij geen toezichtsregio: er is geen register.")
    elif form.validate_on_submit():
        try:
            provider = services.register_provider(
                form.data_for_service(), region_id=regions[0].id,
                confirm_similar_name=bool(form.confirm_similar_name.data),
            )
        except services.ProviderError as refused:
            error = refused
            _attach(form, refused)
        else:
            flash(f"{provider.name} staat nu in het register. Leg hieronder de relatie vast.", "success")
            return redirect(url_for("providers.relation_new", provider_id=provider.id))
    return render_template(
        "providers/provider_form.html", form=form, provider=None, error=error, in_gemeente=True,
        regions=regions[:1],
    ), status_of(form)


@bp.get("/g/<slug>/aanbieders/<int:provider_id>")
@requires(Permission.PROVIDERS_VIEW)
def gemeente_detail(provider_id: int) -> str:
    gemeente = _gemeente()
    provider = queries.get_provider_or_404(provider_id)
    ids = queries.merged_provider_ids(provider.id)
    relations = queries.relations_of_provider(provider.id, [gemeente.id]) if not provider.is_merged else []
    return render_template(
        "providers/gemeente_detail.html", provider=provider, relations=relations, today=today(),
        locations=queries.locations_of(provider.id) if not provider.is_merged else provider.locations,
        merges=queries.merges_of(provider.id),
        panels=panels.panels_for(ids, gemeente.id) if not provider.is_merged else [],
        can_manage=_can(Permission.PROVIDER_RELATIONS_MANAGE, gemeente.id), confirm=ConfirmForm(),
    )


def _relation_form(provider: Provider, obj: Any = None) -> RelationForm:
    form = RelationForm(obj=obj)
    form.set_choices(queries.service_types(), queries.locations_of(provider.id))
    if obj is not None and request.method == "GET":
        form.service_types.data = [t.code for t in obj.service_types]
        form.location_ids.data = [loc.id for loc in obj.locations]
        form.financing_form.data = obj.financing_form.value
    return form


@bp.route("/g/<slug>/aanbieders/<int:provider_id>/relaties/nieuw", methods=["GET", "POST"])
@requires(Permission.PROVIDER_RELATIONS_MANAGE)
def relation_new(provider_id: int) -> Page:
    provider = queries.get_provider_or_404(provider_id)
    if provider.merged_into is not None:
        return redirect(url_for("providers.relation_new", provider_id=provider.merged_into.id))
    form = _relation_form(provider)
    if request.method == "GET" and provider.is_informal_carer:
        form.financing_form.data = FinancingForm.PGB.value
    if form.validate_on_submit():
        try:
            services.add_relation(provider, form.data_for_service())
        except services.ProviderError as error:
            _attach(form, error)
        else:
            flash(f"De relatie met {provider.name} is vastgelegd.", "success")
            return redirect(url_for("providers.gemeente_detail", provider_id=provider.id))
    return render_template("providers/relation_form.html", form=form, provider=provider, relation=None), status_of(form)


@bp.route("/g/<slug>/aanbieders/relaties/<int:relation_id>", methods=["GET", "POST"])
@requires(Permission.PROVIDER_RELATIONS_MANAGE)
def relation_edit(relation_id: int) -> Page:
    relation = queries.get_relation_or_404(relation_id)
    provider = relation.provider.merged_into or relation.provider
    form = _relation_form(provider, relation)
    if form.validate_on_submit():
        try:
            services.update_relation(relation, form.data_for_service())
        except services.ProviderError as error:
            _attach(form, error)
        else:
            flash("De wijzigingen zijn opgeslagen.", "success")
            return redirect(url_for("providers.gemeente_detail", provider_id=provider.id))
    return render_template(
        "providers/relation_form.html", form=form, provider=provider, relation=relation, confirm=ConfirmForm()
    ), status_of(form)


@bp.post("/g/<slug>/aanbieders/relaties/<int:relation_id>/verwijderen")
@requires(Permission.PROVIDER_RELATIONS_MANAGE)
def relation_delete(relation_id: int) -> Response:
    relation = queries.get_relation_or_404(relation_id)
    provider = relation.provider.merged_into or relation.provider
    ConfirmForm().validate_on_submit()
    services.remove_relation(relation)
    flash(f"De relatie met {provider.name} is verwijderd.", "info")
    return redirect(url_for("providers.gemeente_detail", provider_id=provider.id))


# --- the region's registry ------------------------------------------------------------------


def _gemeente_names(ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return {row.id: row.name for row in db.session.execute(select(Gemeente.id, Gemeente.name).where(Gemeente.id.in_(sorted(ids))))}


@bp.get("/regio/aanbieders/")
@requires(Permission.PROVIDERS_VIEW)
def registry() -> str:
    q = (request.args.get("q") or "").strip()
    regions = queries.regions_by_id(queries.reachable_region_ids())
    region_id = request.args.get("regio", type=int)
    results = queries.search_registry(q, region_id)
    return render_template(
        "providers/registry.html", q=q, results=results, regions=regions, region_id=region_id,
        limit=queries.SEARCH_LIMIT, can_manage=_can(Permission.PROVIDER_REGISTRY_MANAGE),
    )


@bp.route("/regio/aanbieders/nieuw", methods=["GET", "POST"])
@requires(Permission.PROVIDER_REGISTRY_MANAGE)
def registry_new() -> Page:
    form = NewProviderForm()
    regions = queries.regions_by_id(queries.reachable_region_ids())
    error: services.ProviderError | None = None
    if form.validate_on_submit():
        chosen = request.form.get("region_id", type=int) if len(regions) > 1 else (regions[0].id if regions else None)
        try:
            if chosen is None:
                raise services.ProviderError({"region_id": "Kies het register (de regio)."})
            provider = services.register_provider(
                form.data_for_service(), region_id=chosen, confirm_similar_name=bool(form.confirm_similar_name.data)
            )
        except services.ProviderError as refused:
            error = refused
            _attach(form, refused)
        else:
            flash(f"{provider.name} staat nu in het register.", "success")
            return redirect(url_for("providers.registry_detail", provider_id=provider.id))
    return render_template(
        "providers/provider_form.html", form=form, provider=None, error=error, in_gemeente=False, regions=regions,
    ), status_of(form)


@bp.get("/regio/aanbieders/<int:provider_id>")
@requires(Permission.PROVIDERS_VIEW)
def registry_detail(provider_id: int) -> str:
    provider = queries.get_provider_or_404(provider_id)
    relations = queries.relations_of_provider(provider.id) if not provider.is_merged else []
    merged_records = [] if provider.is_merged else [
        p for p in (db.session.get(Provider, i) for i in sorted(queries.merged_provider_ids(provider.id)))
        if p is not None and p.id != provider.id
    ]
    return render_template(
        "providers/registry_detail.html", provider=provider, relations=relations, today=today(),
        gemeente_names=_gemeente_names({r.gemeente_id for r in relations}),
        locations=queries.locations_of(provider.id) if not provider.is_merged else provider.locations,
        merges=queries.merges_of(provider.id), merged_records=merged_records,
        similar=[] if provider.is_merged else queries.similar_names(provider.name, provider.region_id, exclude_id=provider.id),
        can_manage=_can(Permission.PROVIDER_REGISTRY_MANAGE),
    )


@bp.route("/regio/aanbieders/<int:provider_id>/wijzigen", methods=["GET", "POST"])
@requires(Permission.PROVIDER_REGISTRY_MANAGE)
def registry_edit(provider_id: int) -> Page:
    provider = queries.get_provider_or_404(provider_id)
    if provider.merged_into is not None:
        flash(f"Deze aanbieder is samengevoegd met {provider.merged_into.name}; wijzig die aanbieder.", "info")
        return redirect(url_for("providers.registry_detail", provider_id=provider.merged_into.id))
    form = ProviderForm(obj=provider)
    error: services.ProviderError | None = None
    if form.validate_on_submit():
        try:
            services.update_provider(
                provider, form.data_for_service(), confirm_similar_name=bool(form.confirm_similar_name.data)
            )
        except services.ProviderError as refused:
            error = refused
            _attach(form, refused)
        else:
            flash("De wijzigingen zijn opgeslagen.", "success")
            return redirect(url_for("providers.registry_detail", provider_id=provider.id))
    return render_template(
        "providers/provider_form.html", form=form, provider=provider, error=error, in_gemeente=False, regions=[],
    ), status_of(form)


@bp.route("/regio/aanbieders/<int:provider_id>/locaties/nieuw", methods=["GET", "POST"])
@requires(Permission.PROVIDER_REGISTRY_MANAGE)
def location_new(provider_id: int) -> Page:
    provider = queries.get_provider_or_404(provider_id)
    form = LocationForm()
    if form.validate_on_submit():
        try:
            services.add_location(provider, form.data_for_service())
        except services.ProviderError as error:
            _attach(form, error)
        else:
            flash("De locatie is toegevoegd.", "success")
            return redirect(url_for("providers.registry_detail", provider_id=provider.id))
    return render_template("providers/location_form.html", form=form, provider=provider, location=None), status_of(form)


@bp.route("/regio/aanbieders/locaties/<int:location_id>", methods=["GET", "POST"])
@requires(Permission.PROVIDER_REGISTRY_MANAGE)
def location_edit(location_id: int) -> Page:
    location = queries.get_location_or_404(location_id)
    form = LocationForm(obj=location)
    if form.validate_on_submit():
        try:
            services.update_location(location, form.data_for_service())
        except services.ProviderError as error:
            _attach(form, error)
        else:
            flash("De locatie is opgeslagen.", "success")
            return redirect(url_for("providers.registry_detail", provider_id=location.provider_id))
    return render_template(
        "providers/location_form.html", form=form, provider=location.provider, location=location
    ), status_of(form)


@bp.get("/regio/aanbieders/dubbel")
@requires(Permission.PROVIDER_REGISTRY_MANAGE)
def duplicates() -> str:
    regions = queries.regions_by_id(queries.reachable_region_ids())
    groups = [(region, queries.duplicate_candidates(region.id)) for region in regions]
    return render_template("providers/duplicates.html", groups=groups)


@bp.route("/regio/aanbieders/<int:provider_id>/samenvoegen", methods=["GET", "POST"])
@requires(Permission.PROVIDER_REGISTRY_MANAGE)
def merge(provider_id: int) -> Page:
    """Merge this record into another: the other stays, this one points at it."""
    provider = queries.get_provider_or_404(provider_id)
    if provider.merged_into is not None:
        flash(f"Deze aanbieder is al samengevoegd met {provider.merged_into.name}.", "info")
        return redirect(url_for("providers.registry_detail", provider_id=provider.id))
    form = MergeForm()
    q = (request.values.get("q") or "").strip()
    chosen_id = request.values.get("met", type=int)
    candidates = {p.id: p for p in queries.similar_names(provider.name, provider.region_id, exclude_id=provider.id)}
    if q:
        candidates.update({p.id: p for p in queries.search_registry(q, provider.region_id) if p.id != provider.id})
    if chosen_id and chosen_id not in candidates:
        chosen = queries.get_provider_or_404(chosen_id)
        if chosen.region_id == provider.region_id and not chosen.is_merged and chosen.id != provider.id:
            candidates[chosen.id] = chosen
    if request.method == "GET" and chosen_id in candidates:
        form.survivor_id.data = chosen_id
    if form.validate_on_submit():
        survivor = queries.get_provider_or_404(form.survivor_id.data)
        try:
            services.merge_providers(survivor, provider, reason=form.reason.data or "", actor_id=current_user.id)
        except services.ProviderError as error:
            _attach(form, error)
        else:
            flash(f"{provider.name} is samengevoegd met {survivor.name}. De geschiedenis van beide blijft bewaard.", "success")
            return redirect(url_for("providers.registry_detail", provider_id=survivor.id))
    return render_template(
        "providers/merge.html", form=form, provider=provider, q=q,
        candidates=sorted(candidates.values(), key=lambda p: p.name.lower()),
    ), status_of(form)


@bp.route("/regio/aanbieders/samenvoegingen/<int:merge_id>/ongedaan-maken", methods=["GET", "POST"])
@requires(Permission.PROVIDER_REGISTRY_MANAGE)
def undo_merge(merge_id: int) -> Page:
    """Undo a merge made in error: the merged record is a provider of its own again."""
    merge = queries.get_merge_or_404(merge_id)
    form = UndoMergeForm()
    if form.validate_on_submit():
        try:
            services.undo_merge(merge, reason=form.reason.data or "", actor_id=current_user.id)
        except services.ProviderError as error:
            _attach(form, error)
        else:
            flash(f"De samenvoeging is ongedaan gemaakt: {merge.merged.name} is weer een eigen aanbieder.", "success")
            return redirect(url_for("providers.registry_detail", provider_id=merge.merged_id))
    return render_template("providers/undo_merge.html", form=form, merge=merge), status_of(form)
