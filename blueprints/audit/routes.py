"""Pages of the audit log: /regio/audit (the reader's gemeenten) and /g/<slug>/audit, with CSV.

parse the GET filters → query → record that the log was read → render (or stream).
"""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request, stream_with_context
from flask.typing import ResponseReturnValue

from blueprints.audit import export, queries, services
from blueprints.audit.forms import AuditFilterForm, options
from blueprints.audit.queries import REGION_LEVEL, AuditFilter, FilterError, LogScope
from regiotoezicht.context import require_tenant_context, tenant_context
from regiotoezicht.permissions import Permission
from regiotoezicht.web import requires
from tenants.entitlements import today
from tenants.resolution import current_gemeente

bp = Blueprint("audit", __name__, template_folder="templates")


@bp.get("/regio/audit")
@requires(Permission.AUDIT_READ)
def region_log() -> ResponseReturnValue:
    return _log_page(region=True)


@bp.get("/regio/audit/export.csv")
@requires(Permission.AUDIT_READ)
def region_export() -> ResponseReturnValue:
    return _export(region=True)


@bp.get("/g/<slug>/audit")
@requires(Permission.AUDIT_READ)
def gemeente_log() -> ResponseReturnValue:
    return _log_page(region=False)


@bp.get("/g/<slug>/audit/export.csv")
@requires(Permission.AUDIT_READ)
def gemeente_export() -> ResponseReturnValue:
    return _export(region=False)


def _parse(region: bool) -> tuple[AuditFilterForm, LogScope, AuditFilter | None]:
    """The filter form with its choices, the scope, and the filters (None when invalid)."""
    scope = queries.current_log_scope()
    form = AuditFilterForm(formdata=request.args)
    form.actor.choices = options(
        [("", "Iedereen")] + [(str(user_id), name) for user_id, name in queries.actor_choices(scope)]
    )
    if region:
        choices = [("", "Alle gemeenten")]
        if scope.include_region_rows:
            choices.append((REGION_LEVEL, "Regioniveau (zonder gemeente)"))
        form.gemeente.choices = options(choices + queries.gemeente_choices(scope))
    else:
        del form.gemeente
    if not form.validate():
        return form, scope, None
    gemeente_id, region_level_only = None, False
    if region:
        try:
            gemeente_id, region_level_only = queries.resolve_gemeente_filter(scope, form.gemeente.data)
        except FilterError as exc:
            form.gemeente.errors = [str(exc)]
            return form, scope, None
    return form, scope, form.to_filter(gemeente_id, region_level_only)


def _render(form: AuditFilterForm, page: queries.AuditPage | None, region: bool) -> str:
    gemeente = current_gemeente()
    return render_template(
        "audit/log.html",
        form=form,
        page=page,
        region=region,
        gemeente=gemeente,
        filter_args=form.query_args(),
        log_endpoint="audit.region_log" if region else "audit.gemeente_log",
        export_endpoint="audit.region_export" if region else "audit.gemeente_export",
        paged=bool(request.args.get("before") or request.args.get("after")),
    )


def _cursor(name: str) -> int | None:
    value = request.args.get(name, type=int)
    return value if value is not None and value > 0 else None


def _log_page(region: bool) -> ResponseReturnValue:
    form, scope, filters = _parse(region)
    if filters is None:
        return _render(form, None, region), 400
    before = _cursor("before")
    page = queries.events_page(scope, filters, before=before, after=None if before else _cursor("after"))
    # Recorded after the query, so a reader's own visit does not crowd the page they asked for.
    services.record_viewed(scope, filters, "html")
    return _render(form, page, region)


def _export(region: bool) -> ResponseReturnValue:
    form, scope, filters = _parse(region)
    if filters is None:
        return _render(form, None, region), 400
    services.record_viewed(scope, filters, "csv")
    ctx = require_tenant_context()
    lines = export.csv_lines(queries.iter_events(scope, filters))

    def generate():  # type: ignore[no-untyped-def]
        # The body is read after the request's commit: keep reading in the same tenant context.
        with tenant_context(ctx):
            yield from lines

    gemeente = current_gemeente()
    name = f"auditlog-{gemeente.slug if gemeente else 'regio'}-{today().isoformat()}.csv"
    return Response(
        stream_with_context(generate()),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )
